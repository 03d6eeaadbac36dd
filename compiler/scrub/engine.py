"""The scrubbing pipeline over a whole conversation.

Tokens (every turn in one stream) → ordinary shapes (prices, dates, year-months, times, phones,
coordinates, quantities with units, street numbers) → numbers, written and spoken → IBANs by
python-stdnum's checksum, over one message or several → card numbers by Luhn, also after a few
digits of something else ("qty 1 4111…") → references with a letter prefix ("INV-2026-00123")
→ SSN/NI/EIN shapes, also cut between two messages → identifiers after their cue words (a
national ID named by its own label when its stdnum validator accepts it), CVVs, PINs and
expiries before or after their cue words, answers a few turns after the question → runs of
numbers joined across fillers within a turn → a decision per run (the nearest cue, Luhn, a card
continued from an earlier turn) → pieces over several turns that make a valid card → the expiry
and CVV that follow a card → copies and fragments of everything found → text with markers.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compiler.scrub.cards import (
    MAX_CARD,
    MIN_CARD,
    card_inside,
    card_like,
    card_window,
    expiry_like,
)
from compiler.scrub.copies import FRAGMENT_MIN, Copies
from compiler.scrub.cues import CueHit, CueIndex
from compiler.scrub.ids import SHAPES, Piece, iban_findings, piece_ranges, read_identifier
from compiler.scrub.model import Kind, ScrubResult, Turn
from compiler.scrub.national import valid_for, validators_for
from compiler.scrub.runs import MAX_TURNS_SPANNED, Run, build_runs
from compiler.scrub.shapes import ordinary_spans, reference_spans
from compiler.scrub.spoken import Chunk, find_chunks
from compiler.scrub.tokens import tokenize
from compiler.scrub.vocab import (
    CHECKED_ONLY_LABELS,
    CORRECTIONS,
    COUNTING_AFTER,
    EDGE_WORDS,
    FILLERS,
    GAP_WORDS,
    MONTHS,
    SENSITIVE_CUE_WORDS,
    Cue,
)

_KEYCAP = {"\ufe0f", "\u20e3"}
_CUE_SCAN_WORDS = 8  # words skipped after a cue before its number starts ("is, uh, it's")
_ANSWER_TURNS = 3  # a question still explains the answer after "hang on" / "let me look"
_JUNCTION = 16  # characters either side of the cut between two messages, for a split SSN
_PIECE_TURNS = 5  # an identifier given in pieces, "ok" after each: "536" / "ok" / "90" / …
_READBACK_TURNS = 3
_GROUP_WORDS = {"uh", "um", "er", "slash", "dash"}  # inside "oh four slash twenty seven"
# Words between a short number and the cue after it: "123 is the CVV", "731, that's the code".
_BEFORE_CUE_WORDS = {"is", "the", "my", "that's", "thats", "was", "as", "it's", "its", "that"}
_ANSWER_WORDS = 8  # words before a number that answers a question from an earlier turn
_CONTINUATION_WORDS = 12  # fillers and acknowledgements between two turns' pieces of a card
_PIECE_GAP_WORDS = 16  # words between two pieces of a card given in parts
_IDENTIFIER_CUES = {
    Cue.ID: Kind.ID,
    Cue.SSN: Kind.SSN,
    Cue.IBAN: Kind.IBAN,
    Cue.ACCOUNT: Kind.ACCOUNT,
}
# What a run of digits is when this cue precedes it, and the digit counts that fit.
_BY_CUE: dict[Cue, tuple[Kind, int, int]] = {
    Cue.CARD: (Kind.CARD, 4, 64),
    Cue.LAST_FOUR: (Kind.CARD, 6, 64),  # "ending in" then a whole number: still a card
    Cue.SSN: (Kind.SSN, 4, 11),
    Cue.ACCOUNT: (Kind.ACCOUNT, 6, 20),
    Cue.ID: (Kind.ID, 5, 20),
    Cue.IBAN: (Kind.IBAN, 10, 34),
}
_ORDINARY = {Cue.ORDINARY, Cue.DEVICE}
# Ordinary cues that name a thing a card has ("the zip code for the card"), and the words that
# link them to the card cue.
_HEAD_WORDS = {"code", "zip", "postcode", "postal", "address", "street", "number", "id", "phone"}
_HEAD_LINKS = {"for", "of", "on", "the", "your", "my", "this", "that"}
_SHORT_CUES = {Cue.CVV: (Kind.CVV, 3, 4), Cue.PIN: (Kind.PIN, 4, 6)}


@dataclass(slots=True)
class Finding:
    kind: Kind
    ranges: list[tuple[int, int]]  # token ranges, each inside one turn
    value: str  # what was removed, kept in memory only to catch its copies


class _Scrubber:
    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.tokens = tokenize(texts)
        self.cues = CueIndex(self.tokens)
        self.cue_tokens = {i for h in self.cues.hits for i in range(h.first, h.last + 1)}
        self.sensitive_cue_tokens = {
            i for h in self.cues.hits if h.cue not in _ORDINARY for i in range(h.first, h.last + 1)
        }
        self.chunks = find_chunks(self.tokens)
        self.chunk_at = {c.first: c for c in self.chunks}
        self.chunk_last = {c.last: c for c in self.chunks}
        self._chunks_before = [0] * (len(self.tokens) + 1)  # chunks starting before token i
        for i in range(len(self.tokens)):
            self._chunks_before[i + 1] = self._chunks_before[i] + (i in self.chunk_at)
        self._turn_starts: list[list[int]] = [[] for _ in texts]
        for tok in self.tokens:
            self._turn_starts[tok.turn].append(tok.start)
        self._turn_offset = [0] * (len(texts) + 1)
        for k in range(len(texts)):
            self._turn_offset[k + 1] = self._turn_offset[k] + len(self._turn_starts[k])
        self.protected: set[int] = set()
        self.phones: set[int] = set()  # protected too, but an identifier after its cue may look so
        self.weak_phones: set[int] = set()
        for k, text in enumerate(texts):
            spans, phones = ordinary_spans(text)
            for start, end in spans:
                self.protected.update(self._tokens_in(k, start, end))
            for start, end in phones:
                self.phones.update(self._tokens_in(k, start, end))
                if text.startswith("00", start) and not text[:start].strip():
                    # "0031…" opening a message may be the rest of a card cut in two
                    self.weak_phones.update(self._tokens_in(k, start, end))
        self.protected |= self.phones
        # References with a letter prefix are protected too, except from an identifier after
        # its cue ("passport AB1234567" has a reference's shape).
        self.references: set[int] = set()
        self.covered: set[int] = set()
        self.card_tokens: set[int] = set()  # tokens of card numbers found so far
        self.findings: list[Finding] = []
        self.luhn_runs: list[Run] = []

    # -- bookkeeping -------------------------------------------------------------------------

    def _tokens_in(self, turn: int, start: int, end: int) -> range:
        starts = self._turn_starts[turn]
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        base = self._turn_offset[turn]
        return range(base + lo, base + hi)

    def _free(self, first: int, last: int) -> bool:
        return not any(i in self.covered for i in range(first, last + 1))

    def _add(self, kind: Kind, ranges: list[tuple[int, int]], value: str) -> None:
        self.findings.append(Finding(kind, ranges, value))
        for first, last in ranges:
            self.covered.update(range(first, last + 1))
            if kind is Kind.CARD:
                self.card_tokens.update(range(first, last + 1))

    def _chunk_protected(self, c: Chunk) -> bool:
        return any(i in self.protected for i in range(c.first, c.last + 1))

    def _chunk_free(self, c: Chunk) -> bool:
        return self._free(c.first, c.last)

    @staticmethod
    def _run_ranges(chunks: Iterable[Chunk]) -> list[tuple[int, int]]:
        ranges: list[tuple[int, int]] = []
        turn = -1
        for c in chunks:
            if c.turn == turn:
                ranges[-1] = (ranges[-1][0], c.last)
            else:
                ranges.append((c.first, c.last))
                turn = c.turn
        return ranges

    # -- passes ------------------------------------------------------------------------------

    def run(self) -> None:
        self._ibans()  # first: checksummed, and its digits may pass Luhn by chance
        self._luhn_cards()
        self._references()  # after the cards: "MC 5555 …" is not a reference
        self._shapes()
        self._identifiers_after_cues()
        self._short_numbers_after_cues()
        self._expiries_after_cues()
        runs = build_runs(
            self.tokens,
            [c for c in self.chunks if self._chunk_free(c) and not self._chunk_protected(c)],
        )
        decided = {id(run) for run in self.luhn_runs}
        everything = sorted([*runs, *self.luhn_runs], key=lambda r: r.first)
        last_card: Run | None = None
        for run in everything:
            if id(run) in decided:
                last_card = run
                continue
            kind = self._kind_of(run)
            if kind is None and last_card is not None and self._continues(last_card, run):
                kind = Kind.CARD
            if kind is not None:
                self._add(kind, self._run_ranges(run.chunks), run.readings[-1])
                decided.add(id(run))
                if kind is Kind.CARD:
                    last_card = run
        weak = [c for c in self.chunks if c.first in self.weak_phones and self._chunk_free(c)]
        if weak:
            everything = sorted(
                [*everything, *build_runs(self.tokens, weak)], key=lambda r: r.first
            )
        self._pieces_of_cards(everything, decided)
        self._after_cards()
        self._copies()

    def _luhn_cards(self) -> None:
        """Card numbers by checksum first, so that no other shape can cut one in pieces."""
        chunks = [c for c in self.chunks if self._chunk_free(c) and not self._chunk_protected(c)]
        for run in build_runs(self.tokens, chunks):
            hit = self._cue_for(run)
            if hit is not None and hit.cue is Cue.DEVICE:
                continue  # an IMEI passes Luhn by design
            if self._after_plus(run.first):
                continue
            whole = next((r for r in reversed(run.readings) if card_like(r)), None)
            if whole is not None:
                self._add(Kind.CARD, self._run_ranges(run.chunks), whole)
                self.luhn_runs.append(run)
                continue
            window = card_window(run)
            if window is not None:
                # Only the card goes: "qty 1" before it and its expiry after it are read apart.
                held = run.chunks[window[0] : window[1]]
                card = Run(held, ("".join(c.digits for c in held),))
                self._add(Kind.CARD, self._run_ranges(card.chunks), card.digits)
                self.luhn_runs.append(card)

    def _references(self) -> None:
        for k, text in enumerate(self.texts):
            for start, end in reference_spans(text, SENSITIVE_CUE_WORDS):
                self.references.update(self._tokens_in(k, start, end))
        self.protected |= self.references

    def _shapes(self) -> None:
        for k, text in enumerate(self.texts):
            for kind, pattern in SHAPES:
                for m in pattern.finditer(text):
                    toks = self._tokens_in(k, m.start(), m.end())
                    if toks and self._free(toks[0], toks[-1]):
                        self._add(kind, [(toks[0], toks[-1])], _alnum(m.group()))
        for k in range(len(self.texts) - 1):
            self._shapes_across(k)

    def _shapes_across(self, k: int) -> None:
        """An SSN or EIN cut between two messages ("536-90-" / "4399"): the shapes are looked
        for where the end of turn ``k`` meets the start of the next."""
        before, after = self.texts[k].rstrip(), self.texts[k + 1].lstrip()
        if not (before[-1:].isdigit() or before[-1:] in "-. ") or not after[:1].isdigit():
            return
        tail, head = before[-_JUNCTION:], after[:_JUNCTION]
        joint = f"{tail} {head}"
        tail_at = len(before) - len(tail)
        head_at = len(self.texts[k + 1]) - len(after)
        for kind, pattern in SHAPES:
            for m in pattern.finditer(joint):
                if not (m.start() < len(tail) < m.end()):
                    continue  # inside one turn: found there already
                first = self._tokens_in(k, tail_at + m.start(), tail_at + len(tail))
                second = self._tokens_in(k + 1, head_at, head_at + m.end() - len(tail) - 1)
                ranges = (
                    [(first[0], first[-1]), (second[0], second[-1])] if first and second else []
                )
                if ranges and all(self._free(a, b) for a, b in ranges):
                    self._add(kind, ranges, _alnum(m.group()))

    def _ibans(self) -> None:
        for pieces in iban_findings(self.tokens, self.chunk_at, self.covered):
            value = "".join(p.chars for p in pieces)
            self._add(Kind.IBAN, piece_ranges(self.tokens, pieces), _alnum(value))

    def _after(self, hit: CueHit) -> Iterable[int]:
        """Token indexes after a cue where its number may start: the rest of the turn and the
        next few turns (a question answered after "hang on" or "one sec"), a few words per turn
        at most."""
        words = 0
        turn = hit.turn
        i = hit.last + 1
        while i < len(self.tokens) and self.tokens[i].turn - hit.turn <= _ANSWER_TURNS:
            if i in self.covered:
                return
            if i in self.cue_tokens and (
                self.tokens[i].turn != hit.turn or i not in self.sensitive_cue_tokens
            ):
                # Another cue ends the answer, except the other things one question asks for
                # ("expiry and CVV?"): answers follow in the order asked.
                return
            if self.tokens[i].turn != turn:
                turn, words = self.tokens[i].turn, 0
            yield i
            if self.tokens[i].kind == "word" and i not in self.chunk_at:
                words += 1
                if words > _CUE_SCAN_WORDS:
                    return
            i += 1

    def _identifiers_after_cues(self) -> None:
        stop_at = _Blocked(
            self.cue_tokens | (self.protected - self.phones - self.references), self.covered
        )
        for hit in self.cues.hits:
            kind = _IDENTIFIER_CUES.get(hit.cue)
            if kind is None:
                continue
            label = hit.phrase.replace(" . ", "")  # "N.I.E." is "nie"
            checked = bool(validators_for(label))
            skip_to = -1
            for i in self._after(hit):
                if i < skip_to:
                    continue
                pieces, nxt = read_identifier(
                    self.tokens,
                    i,
                    self.chunk_at,
                    lenient=True,
                    stop_at=stop_at,
                    turns_ahead=_PIECE_TURNS if kind is not Kind.ACCOUNT else 1,
                )
                skip_to = nxt
                if not pieces:
                    continue
                accepted = self._checked_prefix(label, pieces) if checked else None
                if accepted is None and label not in CHECKED_ONLY_LABELS:
                    accepted = self._lenient_identifier(kind, pieces)
                if accepted:
                    ranges = piece_ranges(self.tokens, accepted)
                    if all(self._free(a, b) for a, b in ranges):
                        self._add(kind, ranges, "".join(p.chars for p in accepted))
                    break

    def _lenient_identifier(self, kind: Kind, pieces: list[Piece]) -> list[Piece] | None:
        """What a cue's own word accepts without a checksum: the pieces in the turn where the
        identifier starts; an SSN goes on into later turns up to its nine digits."""
        turn = self.tokens[pieces[0].first].turn
        same_turn = [p for p in pieces if self.tokens[p.first].turn == turn]
        candidate = same_turn
        if kind is Kind.SSN:
            candidate, digits = [], 0
            for p in pieces:
                if digits >= 9:
                    break
                candidate.append(p)
                digits += sum(ch.isdigit() for ch in p.chars)
        if _accept_identifier(kind, *_chars_digits(candidate)):
            return candidate
        if candidate is not pieces and _accept_identifier(kind, *_chars_digits(pieces)):
            return pieces
        return None

    def _checked_prefix(self, label: str, pieces: list[Piece]) -> list[Piece] | None:
        """The longest leading pieces that the label's checksum accepts ("DNI 12345678-Z":
        Argentina's DNI takes the digits alone, Spain's takes the letter too)."""
        chars = ""
        best = None
        for k, piece in enumerate(pieces):
            chars += piece.chars
            if len(chars) >= 5 and valid_for(label, chars):
                best = pieces[: k + 1]
        return best

    def _group_at(self, i: int, *, max_digits: int, allow_protected: bool) -> list[Chunk]:
        """Chunks from token ``i`` on that read as one short number ("04/27", "one two three")."""
        chunk = self.chunk_at.get(i)
        if chunk is None or not self._chunk_free(chunk):
            return []
        if not allow_protected and self._chunk_protected(chunk):
            return []
        group = [chunk]
        while True:
            j = group[-1].last + 1
            while j < len(self.tokens) and self.tokens[j].turn == chunk.turn:
                tok = self.tokens[j]
                if (tok.kind == "sym" and tok.text in "-/.,") or tok.lower in _GROUP_WORDS:
                    j += 1
                    continue
                break
            nxt = self.chunk_at.get(j)
            if nxt is None or nxt.turn != chunk.turn or not self._chunk_free(nxt):
                return group
            if sum(len(c.digits) for c in group) + len(nxt.digits) > max_digits:
                return group
            group.append(nxt)

    def _short_numbers_after_cues(self) -> None:
        for hit in self.cues.hits:
            spec = _SHORT_CUES.get(hit.cue)
            if spec is None:
                continue
            kind, low, high = spec
            before = self._group_before(hit, max_digits=high)
            digits = "".join(c.digits for c in before)
            if before and low <= len(digits) <= high:
                self._add(kind, self._run_ranges(before), digits)  # "123 is the CVV"
                continue
            for i in self._after(hit):
                group = self._group_at(i, max_digits=high, allow_protected=False)
                if group and self._counts_digits(group[-1]):
                    continue  # "amex cid please (4 digits above the number)"
                if group:
                    digits = "".join(c.digits for c in group)
                    if low <= len(digits) <= high:
                        self._add(kind, self._run_ranges(group), digits)
                        self._corrected_after(group[-1], low, high, kind)
                    break

    def _group_before(self, hit: CueHit, *, max_digits: int) -> list[Chunk]:
        """The short number said just before its cue in the same turn: "123 is the CVV",
        "08/27 is the expiry", "seven thirty one, the code on the back"."""
        if self._number_follows(hit):
            return []  # "exp 0927 cvv 441": the cue's number is the one after it
        j = hit.first - 1
        words = 0
        while j >= 0 and self.tokens[j].turn == hit.turn and j not in self.chunk_last:
            tok = self.tokens[j]
            if tok.kind == "sym" and tok.text in ",.-:":
                j -= 1
                continue
            if tok.kind == "word" and tok.lower in _BEFORE_CUE_WORDS and words < 3:
                words += 1
                j -= 1
                continue
            return []
        if j < 0 or self.tokens[j].turn != hit.turn:
            return []
        group = [self.chunk_last[j]]
        while True:
            k = group[0].first - 1
            while k >= 0 and self.tokens[k].turn == hit.turn and k not in self.chunk_last:
                tok = self.tokens[k]
                if not ((tok.kind == "sym" and tok.text in "/-") or tok.lower in _GROUP_WORDS):
                    break
                k -= 1
            prev = self.chunk_last.get(k)
            if prev is None or prev.turn != hit.turn:
                break
            if sum(len(c.digits) for c in group) + len(prev.digits) > max_digits:
                break
            group.insert(0, prev)
        if not all(self._chunk_free(c) for c in group):
            return []
        previous = self.cues.previous(hit)
        if (
            previous is not None
            and previous.turn == hit.turn
            and previous.cue not in _ORDINARY
            and self.cues.words_between(previous.last, group[0].first) <= 2
        ):
            return []  # the number answers the cue before it ("expires 0927, code …")
        return group

    def _number_follows(self, hit: CueHit) -> bool:
        """A number follows the cue closely in its own turn."""
        words = 0
        for k in range(hit.last + 1, min(len(self.tokens), hit.last + 12)):
            tok = self.tokens[k]
            if tok.turn != hit.turn:
                return False
            if k in self.chunk_at:
                return True
            words += tok.kind == "word"
            if words > 3:
                return False
        return False

    def _corrected_after(self, chunk: Chunk, low: int, high: int, kind: Kind) -> None:
        """ "381, no wait, 318": the number said again after a correction goes too."""
        j = chunk.last + 1
        corrected = False
        while j < len(self.tokens) and self.tokens[j].turn == chunk.turn:
            tok = self.tokens[j]
            if tok.lower in CORRECTIONS:
                corrected = True
            elif not (tok.kind == "sym" or tok.lower in FILLERS or tok.lower == "i"):
                break
            j += 1
        if not corrected or j >= len(self.tokens) or self.tokens[j].turn != chunk.turn:
            return
        group = self._group_at(j, max_digits=high, allow_protected=False)
        digits = "".join(c.digits for c in group)
        if group and low <= len(digits) <= high:
            self._add(kind, self._run_ranges(group), digits)

    def _counts_digits(self, chunk: Chunk) -> bool:
        """The number counts something ("4 digits", "3 more"), it is not one to remove."""
        j = chunk.last + 1
        return (
            j < len(self.tokens)
            and self.tokens[j].turn == chunk.turn
            and self.tokens[j].lower in COUNTING_AFTER
        )

    def _expiries_after_cues(self) -> None:
        for hit in self.cues.all(Cue.EXPIRY):
            before = self._group_before(hit, max_digits=6)
            if before and self._expiry_at(before[0].first):
                continue  # "08/27 is the expiry date"
            for i in self._after(hit):
                if self._expiry_at(i):
                    break

    def _expiry_at(self, i: int) -> bool:
        """An expiry starting at token ``i`` ("04/27", "April 2027", "oh four twenty seven")."""
        tok = self.tokens[i]
        month = MONTHS.get(tok.lower) if tok.kind == "word" else None
        start = i + 1 if month else i
        while month and start < len(self.tokens) and self.tokens[start].lower in {"of", ","}:
            start += 1
        if start >= len(self.tokens) or self.tokens[start].turn != tok.turn:
            return False
        whole = self._group_at(start, max_digits=6, allow_protected=True)
        # Said digit by digit, an expiry runs on into the CVV ("oh eight two seven one two
        # three"): unless all of it reads as one, the expiry is its first four digits, else three.
        group: list[Chunk] = []
        for size in (0, 4, 3) if len(whole) > 1 else (0,):
            group = _leading(whole, size) if size else whole
            digits = "".join(c.digits for c in group)
            if month:
                digits = f"{month:02d}{digits}"
            if group and expiry_like(digits):
                break
        else:
            return False
        first = i if month else group[0].first
        ranges = self._run_ranges(group)
        ranges[0] = (first, ranges[0][1])
        self._add(Kind.EXPIRY, ranges, digits)
        return True

    def _continues(self, card: Run, run: Run) -> bool:
        """``run`` goes on with a card number from an earlier turn: "4111 1111" / "okay" /
        "1111 1111", with only fillers and acknowledgements between them."""
        a, b = card.chunks[-1], run.chunks[0]
        if not (0 < b.turn - a.turn <= MAX_TURNS_SPANNED):
            return False
        words = 0
        for tok in self.tokens[a.last + 1 : b.first]:
            if tok.kind == "num" or (tok.kind == "word" and tok.lower not in GAP_WORDS):
                return False
            words += tok.kind == "word"
        return words <= _CONTINUATION_WORDS

    def _cue_for(self, run: Run) -> CueHit | None:
        """The cue that explains ``run``, if any."""
        hit = self.cues.before(run.first)
        if hit is None:
            return None
        turn = self.tokens[run.first].turn
        # A cue in an earlier turn explains an answer, not a number deep in a later turn.
        into_turn = self.cues.words_between(self._turn_offset[turn] - 1, run.first)
        if hit.turn != turn and into_turn > _ANSWER_WORDS:
            return None
        head = self._head_of(hit)
        if head is not None:
            return head
        # "zip code 78161 ... 5555": an ordinary cue explains its own number, not the next.
        if (
            hit.cue in _ORDINARY
            and self._chunks_before[run.first] > self._chunks_before[hit.last + 1]
        ):
            return None
        return hit

    def _head_of(self, hit: CueHit) -> CueHit | None:
        """ "the zip code for the card", "billing address on the card": the card cue only says
        whose zip code or address is asked for."""
        if hit.cue not in (Cue.CARD, Cue.LAST_FOUR):
            return None
        head = self.cues.previous(hit)
        if head is None or head.turn != hit.turn or head.cue is not Cue.ORDINARY:
            return None
        if not _HEAD_WORDS.intersection(head.phrase.split()):
            return None
        between = self.tokens[head.last + 1 : hit.first]
        if len([t for t in between if t.kind != "sym"]) > 3:
            return None
        if all(t.kind == "sym" or t.lower in _HEAD_LINKS for t in between):
            return head
        return None

    def _pieces_of_cards(self, runs: list[Run], decided: set[int]) -> None:
        """A card given in pieces with words between them that do not join the pieces ("4532
        0151 — did you get that?" / "1283 0366"): neighbouring pieces that together make a
        Luhn-valid card number are one card. A piece next to a number already found as a card
        joins it only when the two make one valid card number."""
        usable = [
            (id(r), r)
            for r in runs
            if not self._after_plus(r.first)
            and not _is_ordinary(self._cue_for(r))
            and (len(r.digits) >= 3 or self._at_turn_edge(r))
        ]
        i = 0
        while i < len(usable):
            found = 0
            for size in (2, 3, 4):
                members = usable[i : i + size]
                group = [r for _, r in members]
                if len(group) < size or not self._close(group):
                    break
                fresh = [r for k, r in members if k not in decided]
                if not fresh:
                    continue
                if sum(len(r.digits) for r in fresh) <= 2 and any(
                    len(text) >= 16 and card_like(text)
                    for k, r in members
                    if k in decided
                    for text in r.readings
                ):
                    # A whole 16-digit card is not grown by a later one- or two-digit answer
                    # ("How many pets?" / "3" makes a Luhn-valid 17 one time in ten).
                    break
                raw = "".join(r.digits for r in group)
                corrected = "".join(r.readings[-1] for r in group)
                chunks = tuple(c for r in group for c in r.chunks)
                merged = Run(chunks, (raw, corrected) if corrected != raw else (raw,))
                if len(merged.digits) > 2 * MAX_CARD:
                    break
                whole = any(card_like(r) for r in merged.readings)
                if whole or (len(fresh) == size and card_inside(merged)):
                    for r in fresh:
                        self._add(Kind.CARD, self._run_ranges(r.chunks), merged.readings[-1])
                    found = size
                    break
            i += found or 1

    def _alone_in_turn(self, run: Run) -> bool:
        """Nothing but fillers around the run in its turn ("eight.", "uh, ninety five")."""
        turn = self.tokens[run.first].turn
        for k in range(self._turn_offset[turn], self._turn_offset[turn + 1]):
            if run.first <= k <= run.last:
                continue
            tok = self.tokens[k]
            if tok.kind == "num" or (tok.kind == "word" and tok.lower not in GAP_WORDS):
                return False
        return True

    def _at_turn_edge(self, run: Run) -> bool:
        """The run ends or starts its turn ("ok here you go: four zero", "four zero — did you
        get that?"), as a piece of a number given in parts does; "I'd like 39 of them" not."""
        turn = self.tokens[run.first].turn

        def clear(indexes: range) -> bool:
            return all(
                self.tokens[k].kind == "sym"
                or (self.tokens[k].kind == "word" and self.tokens[k].lower in EDGE_WORDS)
                for k in indexes
            )

        return clear(range(run.last + 1, self._turn_offset[turn + 1])) or clear(
            range(self._turn_offset[turn], run.first)
        )

    def _close(self, group: list[Run]) -> bool:
        """Consecutive pieces at most two turns and a few words apart, no number between."""
        for a, b in itertools.pairwise(group):
            if b.chunks[0].turn - a.chunks[-1].turn > MAX_TURNS_SPANNED:
                return False
            if self.cues.words_between(a.last, b.first) > _PIECE_GAP_WORDS:
                return False
            if any(self.tokens[k].kind == "num" for k in range(a.last + 1, b.first)):
                return False
        return True

    def _kind_of(self, run: Run) -> Kind | None:
        hit = self._cue_for(run)
        cue = hit.cue if hit else None
        if cue is Cue.DEVICE:
            return None
        n = len(run.digits)
        phone = self._after_plus(run.first)
        by_cue = _BY_CUE.get(cue) if cue is not None else None
        if hit is not None and hit.phrase.replace(" . ", "") in CHECKED_ONLY_LABELS:
            by_cue = None  # "RUT", "CF": only a number its checksum accepts (found before)
        year = by_cue is not None and by_cue[0] is Kind.CARD and _year_alone(run)
        short_card = by_cue is not None and by_cue[0] is Kind.CARD and n < MIN_CARD
        if (
            hit is not None
            and short_card
            and (self._cue_used(hit, run) or self._ordinary_after(run))
        ):
            by_cue = None  # "card 4111 ... 1111, ship to 1600 Main St", "for 3500 units"
        if by_cue is not None and by_cue[1] <= n <= by_cue[2] and not phone and not year:
            return by_cue[0]
        if cue is Cue.CARD and n >= 2 and self._alone_in_turn(run):
            return Kind.CARD  # the first piece of a card given in parts ("double five")
        after = self.cues.after(run.last)
        if after is not None and after.cue is Cue.CARD and n >= 8 and cue not in _ORDINARY:
            return Kind.CARD
        if any(card_like(r) for r in run.readings):
            return Kind.CARD
        if cue not in _ORDINARY and not phone and card_inside(run):
            return Kind.CARD
        return None

    def _cue_used(self, hit: CueHit, run: Run) -> bool:
        """A card number was already found between the cue and ``run``: the cue introduced that
        one, and a short number after it is something else (a house number, a quantity)."""
        return any(k in self.card_tokens for k in range(hit.last + 1, run.first))

    def _ordinary_after(self, run: Run) -> bool:
        """An ordinary word right after the run says what it counts ("3500 units")."""
        after = self.cues.after(run.last, window=0)
        return after is not None and after.cue is Cue.ORDINARY

    def _after_plus(self, i: int) -> bool:
        """The number follows "+" or "plus": a phone number."""
        if i == 0 or self.tokens[i - 1].turn != self.tokens[i].turn:
            return False
        prev = self.tokens[i - 1]
        return prev.text == "+" or prev.lower == "plus"

    def _after_cards(self) -> None:
        """In "4111 1111 1111 1111 04/27 123" the date is the expiry and the 3 digits the CVV
        (in either order)."""
        for finding in list(self.findings):
            if finding.kind is not Kind.CARD:
                continue
            i = finding.ranges[-1][1] + 1
            turn = self.tokens[i - 1].turn
            expiry_seen = cvv_seen = False
            for _ in range(2):
                words = 0
                while i < len(self.tokens) and self.tokens[i].turn == turn:
                    tok = self.tokens[i]
                    if tok.kind == "sym" and tok.text not in "?":
                        i += 1
                    elif tok.kind == "word" and tok.lower in FILLERS and words < 3:
                        words += 1
                        i += 1
                    else:
                        break
                if i >= len(self.tokens) or self.tokens[i].turn != turn:
                    break
                if not expiry_seen and self._expiry_at(i):
                    expiry_seen = True
                    i = self.findings[-1].ranges[-1][1] + 1
                    continue
                if cvv_seen:
                    break
                group = self._group_at(i, max_digits=4, allow_protected=False)
                digits = "".join(c.digits for c in group)
                if not 3 <= len(digits) <= 4:
                    break
                # "378282246310005 2093 0429": the CVV may come first, the expiry after it.
                self._add(Kind.CVV, self._run_ranges(group), digits)
                cvv_seen = True
                i = group[-1].last + 1

    def _copies(self) -> None:
        """Read-backs and fragments of what was found, anywhere in the conversation."""
        long_values = [
            (f.kind, _digits(f.value))
            for f in self.findings
            if f.kind not in (Kind.CVV, Kind.PIN, Kind.EXPIRY) and len(_digits(f.value)) >= 6
        ]
        short_values: dict[str, list[tuple[Kind, int]]] = {}  # digits → (kind, turn), in order
        for f in self.findings:
            if f.kind in (Kind.CVV, Kind.PIN, Kind.EXPIRY):
                turn = self.tokens[f.ranges[0][0]].turn
                short_values.setdefault(f.value, []).append((f.kind, turn))
        if not long_values and not short_values:
            return
        copies = Copies(long_values)
        free = [c for c in self.chunks if self._chunk_free(c)]
        runs = build_runs(self.tokens, [c for c in free if not self._chunk_protected(c)])
        candidates: list[Sequence[Chunk]] = [r.chunks for r in runs] + [[c] for c in free]
        for chunks in candidates:
            if not all(self._chunk_free(c) for c in chunks):
                continue
            digits = "".join(c.digits for c in chunks)
            # A phone number or a date may share digits with a card; only an expiry or a CVV
            # is read back in a date's shape.
            protected = any(self._chunk_protected(c) for c in chunks)
            if not protected and len(chunks) > 1:
                parts = _copy_parts(chunks, copies)
                for part_kind, part in parts:
                    self._add(part_kind, self._run_ranges(part), "".join(c.digits for c in part))
                if parts:
                    continue
            kind = None if protected else copies.kind_of(digits)
            if kind is None:
                turn = chunks[0].turn
                for short_kind, at in short_values.get(digits, ()):
                    if protected and short_kind is not Kind.EXPIRY:
                        continue  # a CVV's digits inside a phone number or a price
                    if at <= turn <= at + _READBACK_TURNS:
                        kind = short_kind
                        break
            if kind is not None:
                self._add(kind, self._run_ranges(chunks), digits)

    # -- output ------------------------------------------------------------------------------

    def render(self) -> tuple[list[str], list[Counter[Kind]]]:
        """The texts with markers, and the markers left in each turn by kind."""
        spans: list[list[tuple[int, int, Kind]]] = [[] for _ in self.texts]
        for f in self.findings:
            for first, last in f.ranges:
                a, b = self.tokens[first], self.tokens[last]
                end = b.end
                text = self.texts[a.turn]
                while end < len(text) and text[end] in _KEYCAP:
                    end += 1  # the keycap marks of an emoji digit ("4️⃣") go with it
                spans[a.turn].append((a.start, end, f.kind))
        out: list[str] = []
        counts: list[Counter[Kind]] = []
        for text, turn_spans in zip(self.texts, spans, strict=True):
            pieces: list[str] = []
            pos = 0
            counted: Counter[Kind] = Counter()
            for start, end, kind in _merge(turn_spans):
                pieces.append(text[pos:start])
                pieces.append(kind.marker)
                # A number over two lines of one turn leaves its line breaks: the text keeps
                # exactly its lines.
                pieces.append("\n" * text.count("\n", start, end))
                counted[kind] += 1
                pos = end
            pieces.append(text[pos:])
            out.append("".join(pieces))
            counts.append(counted)
        return out, counts


class _Blocked:
    """Token indexes an identifier cannot run into: fixed ones, and those already removed."""

    def __init__(self, fixed: set[int], covered: set[int]) -> None:
        self.fixed = fixed
        self.covered = covered

    def __contains__(self, i: object) -> bool:
        return i in self.fixed or i in self.covered


def _copy_parts(chunks: Sequence[Chunk], copies: Copies) -> list[tuple[Kind, list[Chunk]]]:
    """The stretches of ``chunks`` whose digits lie in a copy of a removed value (six or more
    of its digits in a row), each as consecutive chunks with the value's kind; chunks with no
    such digit are left out ("order 55231 with 4532 0151 1283 0367" is one run, joined over
    "with", and the order number is not the card's)."""
    digits = "".join(c.digits for c in chunks)
    hit: list[Kind | None] = [None] * len(digits)
    for a in range(len(digits) - FRAGMENT_MIN + 1):
        if digits[a : a + FRAGMENT_MIN] not in copies.pieces:
            continue  # every longer piece starts with one of six digits
        for b in range(min(len(digits), a + Copies.PIECE_MAX), a + FRAGMENT_MIN - 1, -1):
            kind = copies.pieces.get(digits[a:b])
            if kind is not None:
                hit[a:b] = [kind] * (b - a)
                break
    parts: list[tuple[Kind, list[Chunk]]] = []
    pos = 0
    previous_kept = False
    for c in chunks:
        kinds = [k for k in hit[pos : pos + len(c.digits)] if k is not None]
        pos += len(c.digits)
        if kinds and previous_kept:
            parts[-1][1].append(c)
        elif kinds:
            parts.append((kinds[0], [c]))
        previous_kept = bool(kinds)
    return parts


def _leading(chunks: list[Chunk], size: int) -> list[Chunk]:
    """The first chunks holding exactly ``size`` digits, or none."""
    total = 0
    for k, c in enumerate(chunks):
        total += len(c.digits)
        if total == size:
            return chunks[: k + 1]
        if total > size:
            break
    return []


def _merge(spans: list[tuple[int, int, Kind]]) -> list[tuple[int, int, Kind]]:
    merged: list[tuple[int, int, Kind]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    return merged


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum()).upper()


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _chars_digits(pieces: Sequence[Piece]) -> tuple[str, int]:
    chars = "".join(p.chars for p in pieces)
    return chars, sum(ch.isdigit() for ch in chars)


def _accept_identifier(kind: Kind, chars: str, digits: int) -> bool:
    if kind is Kind.ID:
        return len(chars) >= 5 and digits >= 2
    if kind is Kind.SSN:
        return digits >= 4
    if kind is Kind.ACCOUNT:
        return digits >= 6
    return len(chars) >= 12  # IBAN


def _is_ordinary(hit: CueHit | None) -> bool:
    return hit is not None and hit.cue in _ORDINARY


def _year_alone(run: Run) -> bool:
    """A lone 4-digit year near the word "card" ("I've had this card since 2019")."""
    return len(run.chunks) == 1 and len(run.digits) == 4 and 1950 <= int(run.digits) <= 2049


def scrub_conversation(turns: Sequence[Turn]) -> ScrubResult:
    """Scrub a whole conversation; numbers split over turns and read-backs are caught."""
    scrubber = _Scrubber([t.text for t in turns])
    scrubber.run()
    texts, per_turn = scrubber.render()
    return ScrubResult(
        turns=tuple(Turn(t.speaker, text) for t, text in zip(turns, texts, strict=True)),
        removed=sum(per_turn, Counter()),
        removed_per_turn=tuple(per_turn),
    )
