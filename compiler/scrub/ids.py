"""National, tax and bank identifiers: shapes that need no cue (SSN 123-45-6789, UK NI
QQ 12 34 56 C, EIN 12-3456789, IBANs by checksum) and identifiers read after a cue word
("passport number is alpha bravo one two three ...")."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass

from compiler.scrub.iban import IBAN_LENGTHS, iban_at
from compiler.scrub.model import Kind
from compiler.scrub.spoken import Chunk
from compiler.scrub.tokens import Token, glued
from compiler.scrub.vocab import CORRECTIONS, FILLERS, NATO

_B = r"(?<![\d])(?<!\d[ .\-/])(?<!\d[ .\-/]\s)"
_E = r"(?![\d])(?![ .\-/]\s?\d)"

SHAPES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.SSN, re.compile(_B + r"\d{3}\s?([\s.\-])\s?\d{2}\s?\1\s?\d{4}" + _E)),
    (
        Kind.ID,  # UK National Insurance number
        re.compile(r"\b[A-Z]{2}[\s\-]?\d{2}[\s\-]?\d{2}[\s\-]?\d{2}[\s\-]?[A-D]\b"),
    ),
    (Kind.ID, re.compile(_B + r"\d{2}-\d{7}" + _E)),  # US EIN
)

_ID_SEPARATORS = set("-./,")
_SPELLING = {"as", "in", "for"}  # "B as in bravo", "B for bravo"


@dataclass(frozen=True, slots=True)
class Piece:
    """Letters and digits read from tokens ``first``..``last`` (inclusive)."""

    chars: str
    first: int
    last: int


def id_piece(
    tokens: Sequence[Token],
    i: int,
    chunk_at: Mapping[int, Chunk],
    *,
    lenient: bool,
    bank_codes: bool = False,
) -> Piece | None:
    """The letters or digits that token ``i`` contributes to an identifier, if any.

    Strict mode (no cue word) takes NATO words, capitals and letters glued to digits; lenient
    mode (after "passport", "IBAN", ...) also takes single lower-case letters and longer capitals.
    ``bank_codes`` also takes short lower-case words: the bank code inside an IBAN typed in lower
    case ("gb82 west 1234 ..."), where the checksum, not the word, decides.
    """
    chunk = chunk_at.get(i)
    tok = tokens[i]
    # A capital "O" typed inside an IBAN or an ID is the letter, not "oh" for zero.
    typed_letter = (
        tok.kind == "word"
        and len(tok.text) == 1
        and tok.text.isupper()
        and (
            bank_codes
            or (glued(tokens, i - 1, i) and tokens[i - 1].kind == "num")
            or (glued(tokens, i, i + 1) and tokens[i + 1].kind == "num")
        )
    )
    if chunk is not None and not typed_letter:
        return Piece(chunk.digits, chunk.first, chunk.last)
    if tok.kind != "word" or not tok.text.isascii():
        return None
    if tok.lower in NATO:
        return Piece(NATO[tok.lower], i, i)
    text = tok.text
    near_digits = any(
        glued(tokens, a, b) and tokens[k].kind == "num"
        for a, b, k in ((i - 1, i, i - 1), (i, i + 1, i + 1))
    )
    if len(text) == 1:
        if (text.isupper() and text != "I") or lenient or near_digits or bank_codes:
            return Piece(text.upper(), i, i)
        return None
    if text.isupper() and len(text) <= (12 if lenient else 4):
        return Piece(text, i, i)
    if near_digits and (len(text) <= 8 or bank_codes):
        return Piece(text.upper(), i, i)
    if (
        bank_codes
        and 2 <= len(text) <= 4
        and text.isalpha()
        and tok.lower not in FILLERS
        and tok.lower not in CORRECTIONS
    ):
        return Piece(text.upper(), i, i)
    return None


def read_identifier(
    tokens: Sequence[Token],
    start: int,
    chunk_at: Mapping[int, Chunk],
    *,
    lenient: bool,
    stop_at: Container[int],
    bank_codes: bool = False,
    turns_ahead: int = 0,
    lower_start: bool = False,
) -> tuple[list[Piece], int]:
    """Read one identifier starting at token ``start``: its pieces and the next token index.

    With ``turns_ahead``, an identifier that reaches the end of its turn goes on in a later turn
    (at most that many turns after the first) that starts with more of it, past turns of
    acknowledgements only: "DE89 3704 0044" / "0532 0130 00", "536" / "90" / "4399".
    With ``lower_start`` (and ``bank_codes``), the first token may be a lower-case letter or
    country code ("d e eight nine …").
    """
    pieces: list[Piece] = []
    i = start
    first_turn = turn = tokens[start].turn
    while i < len(tokens) and i not in stop_at:
        if tokens[i].turn != turn:
            nxt = _continued(tokens, i, chunk_at, first_turn + turns_ahead) if pieces else None
            if nxt is None or nxt in stop_at:
                break
            i, turn = nxt, tokens[nxt].turn
            continue
        piece = id_piece(
            tokens,
            i,
            chunk_at,
            lenient=lenient,
            bank_codes=bank_codes and (i > start or lower_start),
        )
        if piece is not None:
            pieces.append(piece)
            i = piece.last + 1
            continue
        tok = tokens[i]
        if tok.kind == "sym" and tok.text in _ID_SEPARATORS:
            i += 1
            continue
        if tok.lower in _SPELLING and i + 1 < len(tokens) and tokens[i + 1].lower in NATO:
            i += 2  # "B as in bravo": the letter was already read
            continue
        if tok.kind == "word" and tok.lower in FILLERS and tok.lower not in {"and", "i"}:
            i += 1
            continue
        break
    return pieces, i


_ACK_TURN = FILLERS | {"mhm", "mm", "hmm", "yes", "yeah", "ok", "okay", "right", "go", "on"}


def _continued(
    tokens: Sequence[Token], i: int, chunk_at: Mapping[int, Chunk], max_turn: int
) -> int | None:
    """Where an identifier cut at the end of a turn goes on: the first piece of a later turn
    (at most ``max_turn``) with only fillers before it and only acknowledgements between."""
    j = i
    while j < len(tokens) and tokens[j].turn <= max_turn:
        tok = tokens[j]
        if j in chunk_at:
            return j
        if tok.kind == "sym" or tok.lower in _ACK_TURN:
            j += 1
            continue
        if tok.kind == "word" and len(tok.text) >= 2 and tok.text.isupper():
            return j  # letters of an IBAN or an ID typed in capitals ("WEST 1234")
        return None
    return None


def iban_findings(
    tokens: Sequence[Token], chunk_at: Mapping[int, Chunk], covered: Container[int]
) -> list[list[Piece]]:
    """The pieces of valid IBANs, written or spelled, over one turn or several, found by
    checksum alone."""
    out: list[list[Piece]] = []
    i = 0
    while i < len(tokens):
        # An IBAN starts with its country's letters.
        if tokens[i].kind != "word" or i in covered or not _may_start_iban(tokens, i, chunk_at):
            i += 1
            continue
        pieces, nxt = read_identifier(
            tokens,
            i,
            chunk_at,
            lenient=False,
            stop_at=covered,
            bank_codes=True,
            turns_ahead=2,
            lower_start=True,
        )
        chars = ""
        owner: list[int] = []  # piece index for each character
        for k, p in enumerate(pieces):
            chars += p.chars
            owner.extend([k] * len(p.chars))
        pos = 0
        while pos < len(chars) - 14:
            length = iban_at(chars, pos)
            if length:
                out.append(pieces[owner[pos] : owner[pos + length - 1] + 1])
                pos += length
            else:
                pos += 1
        i = max(nxt, i + 1)
    return out


def _may_start_iban(tokens: Sequence[Token], i: int, chunk_at: Mapping[int, Chunk]) -> bool:
    """Token ``i`` may open an IBAN: a letter or capitals ("GB82", "G B", "golf bravo"), or,
    said in lower case, a country code or a letter before digits or another letter ("d e eight
    nine …", "de89 …"); the checksum decides the rest."""
    if id_piece(tokens, i, chunk_at, lenient=False) is not None:
        return True
    text = tokens[i].lower
    if not (len(text) == 1 or text.upper() in IBAN_LENGTHS):
        return False
    j = i + 1
    if j >= len(tokens) or tokens[j].turn != tokens[i].turn:
        return False
    return j in chunk_at or (tokens[j].kind == "word" and len(tokens[j].text) == 1)


def piece_ranges(tokens: Sequence[Token], pieces: Sequence[Piece]) -> list[tuple[int, int]]:
    """Token ranges covering ``pieces``, one per turn they lie in."""
    ranges: list[tuple[int, int]] = []
    turn = -1
    for p in pieces:
        if tokens[p.first].turn == turn:
            ranges[-1] = (ranges[-1][0], p.last)
        else:
            ranges.append((p.first, p.last))
            turn = tokens[p.first].turn
    return ranges
