"""Payment card checks: Luhn, the number ranges of the card networks, and expiry shapes."""

from __future__ import annotations

from stdnum import luhn

from compiler.scrub.runs import Run

MIN_CARD = 12
MAX_CARD = 19


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check, as python-stdnum computes it; ``digits`` are ASCII digits."""
    return bool(digits) and luhn.checksum(digits) == 0


def network_prefix(digits: str) -> bool:
    """The number starts like a card of a known network (Visa, Mastercard incl. 2221-2720,
    Amex, Discover, Diners, JCB, UnionPay, Maestro)."""
    if not digits:
        return False
    first = digits[0]
    if first == "4":
        return True
    two = int(digits[:2]) if len(digits) >= 2 else -1
    if first == "5":
        return 50 <= two <= 59  # Mastercard 51-55, Maestro 50, 56-59
    if first == "3":
        return two in (30, 34, 35, 36, 37, 38, 39)
    if first == "6":
        return True  # Discover, UnionPay, Maestro, RuPay
    if first == "2" and len(digits) >= 4:
        return 2221 <= int(digits[:4]) <= 2720
    return False


def card_like(digits: str) -> bool:
    """A card number by shape alone: length, network range and Luhn checksum."""
    return MIN_CARD <= len(digits) <= MAX_CARD and network_prefix(digits) and luhn_ok(digits)


def expiry_like(digits: str) -> bool:
    """Digits that read as a card expiry: MMYY, MYY, MMYYYY, YYYYMM or a year 20YY."""
    n = len(digits)
    if n == 4 and digits.startswith("20") and 20 <= int(digits[2:]) <= 60:
        return True
    if n == 6 and digits.startswith("20") and 1 <= int(digits[4:]) <= 12:
        return True  # 2028-03
    if n == 2:
        return False
    for month_len in (1, 2):
        month, year = digits[:month_len], digits[month_len:]
        if not (1 <= int(month or "0") <= 12):
            continue
        if len(year) == 2 or (len(year) == 4 and year.startswith("20")):
            return True
    return False


def card_inside(run: Run) -> bool:
    """A card number inside a longer run (a card then its CVV, a number repeated), read on
    chunk boundaries so that one long reference number is not searched digit by digit.

    A number written in one message is searched from its start only ("4111 1111 1111 1111
    123"): inside "112-4567890-1234567" some window passes Luhn by chance one time in ten.
    """
    if len(run.chunks) < 2 or len(run.digits) < MIN_CARD:
        return False
    anywhere = run.spoken or len(run.turns) > 1 or len(run.readings) > 1
    for reading in run.readings:
        if len(reading) < MIN_CARD:
            continue
        cuts = [0]
        for c in run.chunks:
            cuts.append(cuts[-1] + len(c.digits))
        if reading is not run.digits:
            cuts = list(range(len(reading) + 1))
        starts = cuts if anywhere else cuts[:1]
        for a_idx, a in enumerate(starts):
            for b_idx in range(a_idx + 1, len(cuts)):
                b = cuts[b_idx]
                if b - a > MAX_CARD:
                    break
                if b - a >= MIN_CARD and card_like(reading[a:b]):
                    return True
    return False


_MAX_LEAD_DIGITS = 6  # digits before a card in one run: "qty 1", "order 7", "$45.00", "seat 12"


def _card_layout(lengths: list[int]) -> bool:
    """Digit groups written the way card numbers are: one block, 4-4-4-4(-3), Amex 4-6-5,
    Diners 4-6-4."""
    if len(lengths) == 1 or lengths in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(n == 4 for n in lengths[:-1]) and 1 <= lengths[-1] <= 4


def card_window(run: Run) -> tuple[int, int] | None:
    """Chunks ``[a, b)`` of ``run`` that hold a card number after a few digits of something
    else, or before a few more ("qty 1 4111111111111111", "I have one four one one …").

    Written in one message, the card must also be laid out as a card, so that a window inside a
    long reference number passing Luhn by chance (one time in ten) is not taken for one. Of
    several windows (said digit by digit, one in ten passes Luhn by chance), the one that ends
    the run is preferred (the card is what the caller was saying), then one of 16 digits, then
    the earliest.
    """
    lengths = [len(c.digits) for c in run.chunks]
    # Said or typed digit by digit, or over several messages: no layout to go by.
    laid_out = run.spoken or len(run.turns) > 1 or max(lengths) == 1
    # Written as one card-like number ("5123 4567 8901 2345"), it is one number: no card is cut
    # out of its middle.
    whole_layout = not laid_out and _card_layout(lengths)
    found: list[tuple[int, int]] = []
    lead = 0
    for a in range(len(lengths)):
        if lead > _MAX_LEAD_DIGITS:
            break
        total = 0
        for b in range(a + 1, len(lengths) + 1):
            total += lengths[b - 1]
            if total > MAX_CARD:
                break
            if total < (MIN_CARD if a == 0 else MIN_CARD + 1) or (a == 0 and b == len(lengths)):
                continue
            if a > 0 and whole_layout:
                break
            if not (laid_out or _card_layout(lengths[a:b])):
                continue
            if card_like("".join(c.digits for c in run.chunks[a:b])):
                found.append((a, b))
        lead += lengths[a]
    if not found:
        return None
    n = len(lengths)

    def preference(window: tuple[int, int]) -> tuple[bool, bool, int, int]:
        a, b = window
        digits = sum(lengths[a:b])
        return (b != n, digits != 16, a, -b)

    return min(found, key=preference)
