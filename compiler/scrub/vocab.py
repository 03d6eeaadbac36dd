"""Words the scrubber listens for: number words, fillers, and the cue phrases that say what a
number is ("card number", "security code", "order number", ...)."""

from __future__ import annotations

import enum

from compiler.scrub.national import VALIDATORS

UNITS = {
    "zero": 0, "oh": 0, "o": 0, "nought": 0, "naught": 0, "nil": 0,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
REPEATS = {"double": 2, "triple": 3, "treble": 3}
# "oh"/"o" are zero only next to another number word; elsewhere they are interjections/letters.
WEAK_ZEROS = {"oh", "o"}
NUMBER_WORDS = set(UNITS) | set(TEENS) | set(TENS) | {"hundred", "thousand"}

# A number word is not a digit when it counts digits: "the last four", "three digits on the back".
COUNTING_BEFORE = {"next", "last", "first", "final", "remaining", "other", "those", "these"}
COUNTING_AFTER = {
    "digits", "digit", "numbers", "more", "sec", "second", "seconds", "moment", "minute",
    "minutes", "of", "times", "time", "thing", "day", "days", "left",
}  # fmt: skip

NATO = {
    "alpha": "A", "alfa": "A", "bravo": "B", "charlie": "C", "delta": "D", "echo": "E",
    "foxtrot": "F", "golf": "G", "hotel": "H", "india": "I", "juliet": "J", "juliett": "J",
    "kilo": "K", "lima": "L", "mike": "M", "november": "N", "oscar": "O", "papa": "P",
    "quebec": "Q", "romeo": "R", "sierra": "S", "tango": "T", "uniform": "U", "victor": "V",
    "whiskey": "W", "whisky": "W", "xray": "X", "yankee": "Y", "zulu": "Z",
}  # fmt: skip

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

# Words that may sit between two pieces of one number without ending it.
FILLERS = {
    "uh", "um", "umm", "uhh", "er", "erm", "ah", "hmm", "mm", "mhm", "hm", "like", "so",
    "and", "then", "okay", "ok", "yeah", "yes", "yep", "right", "sure", "alright",
    "dash", "hyphen", "space", "slash", "dot", "comma", "the", "rest", "is", "it's", "its",
    "that's", "next", "after", "that", "well", "got", "it", "go", "on", "ahead", "continue",
    "more", "uh-huh", "huh", "please", "with", "ready", "great", "thanks", "thank", "you",
    "one's", "let's", "see", "hang", "bear", "me", "i", "think",
}  # fmt: skip
CORRECTIONS = {"sorry", "no", "wait", "mean", "actually", "correction", "scratch", "oops", "again"}
GAP_WORDS = FILLERS | CORRECTIONS | {"let", "start", "over", "that", "was", "not"}
# Words that may follow a piece of a number at the end of a turn ("did you get that?").
EDGE_WORDS = GAP_WORDS | {
    "did", "get", "you", "catch", "hear", "still", "there", "following", "follow", "all",
    "here", "go", "number", "card", "my", "hi", "hello", "hey",
}  # fmt: skip


class Cue(enum.Enum):
    CARD = "card"
    LAST_FOUR = "last_four"
    CVV = "cvv"
    PIN = "pin"
    EXPIRY = "expiry"
    SSN = "ssn"
    ID = "id"
    IBAN = "iban"
    ACCOUNT = "account"
    ORDINARY = "ordinary"  # order, invoice, phone, price, routing number, ...
    DEVICE = "device"  # IMEI, serial and SIM numbers: Luhn-valid by design, not cards


_CUES: dict[Cue, tuple[str, ...]] = {
    Cue.CARD: (
        "card", "card number", "card no", "credit card", "debit card", "visa", "mastercard",
        "master card", "amex", "american express", "discover", "diners", "jcb", "maestro",
        "unionpay", "long number", "number on the front", "front of the card", "card details",
        "charge it to", "the number on the card", "cc",
    ),
    Cue.LAST_FOUR: (
        "ending in", "ending with", "ends in", "ends with", "last four", "last 4",
        "last four digits", "ending", "last digits",
    ),
    Cue.CVV: (
        "cvv", "cvc", "cvv2", "cvc2", "cid", "csc", "security code", "security number",
        "card verification", "verification code", "verification number", "digits on the back",
        "number on the back", "code on the back", "back of the card", "three digit code",
        "numbers on the back", "digits on back", "numbers on back", "number on back",
        "code on back", "digit code on the back",
        "3 digit code", "four digit code", "4 digit code", "code",
        "back of card", "on the back", "cvn", "cvd", "cav", "cav2", "signature strip",
        "digits on the front", "numbers on the front", "code on the front", "digits above",
        "printed above", "front code",
        "signature panel", "card verification value", "card security code",
    ),
    Cue.PIN: ("pin", "pin number", "pin code"),
    Cue.EXPIRY: (
        "expires", "expire", "expiry", "expiration", "exp", "expiring", "expiry date",
        "exp date", "expiration date", "valid thru", "valid through", "valid until",
        "good thru", "good through", "good until",
    ),
    Cue.SSN: (
        "ssn", "social security", "social security number", "social", "ss number", "ss #",
    ),
    Cue.ID: (
        "passport", "passport number", "passport no", "licence", "license", "licence number",
        "license number", "driver's license", "drivers license", "driving licence",
        "driver license", "dl", "national insurance", "national insurance number", "ni number",
        "nino", "national id", "national identity", "id number", "identity number",
        "identity card", "id card", "state id", "tax id", "tax number", "tax identification",
        "tax reference", "tin", "itin", "ein", "employer identification", "nif", "nie", "dni",
        "cpf", "sin", "social insurance", "nhs number", "medicare number", "health card",
        "personal number", "personnummer", "codice fiscale", "aadhaar", "vat number", "utr",
        "identification number", "permit number", "residence permit",
    ),
    Cue.IBAN: ("iban",),
    Cue.ACCOUNT: (
        "account number", "account no", "acct", "acct number", "bank account",
        "checking account", "savings account", "current account", "a / c", "account #",
        "account",
    ),
    Cue.DEVICE: (
        "imei", "imei number", "meid", "serial", "serial number", "serial no", "iccid",
        "sim number", "sim card number",
    ),
    Cue.ORDINARY: (
        "zip code", "postal code", "post code", "promo code", "discount code", "area code",
        "access code", "confirmation code", "booking code", "voucher code", "gift code",
        "order", "order number", "order id", "invoice", "claim", "tracking", "track",
        "reference", "ref", "ticket", "confirmation", "booking", "reservation", "case",
        "po", "sku", "item", "model", "part", "phone", "mobile", "cell",
        "telephone", "call", "text", "fax", "extension", "ext", "zip", "zip code",
        "postcode", "postal", "street", "apartment", "apt", "suite", "unit", "room",
        "flight", "gate", "seat", "total", "price", "cost", "costs", "dollars", "pounds",
        "euros", "bucks", "cents", "charged", "paid", "pay", "bill", "amount", "refund",
        "routing", "routing number", "aba", "sort code", "swift", "bic", "bsb",
        "customer number", "customer id", "member id", "membership number", "user id",
        "license plate", "licence plate", "number plate", "plate", "policy number",
        "quantity", "qty", "pieces", "items", "units", "year", "born", "age", "deliver",
        "delivery", "delivered", "arrive", "arrives", "ship", "ships", "shipped", "dated",
        "address", "billing address", "shipping address", "mailing address", "points", "miles",
        "live at", "lives at", "living at", "located at", "spent", "spend",
        "transaction", "transaction id", "transaction number", "receipt", "receipt number",
        "error", "error code", "reason code", "response code", "status code", "auth code",
        "authorization code", "authorisation code", "approval code", "coupon code",
        "tracking code", "reference code", "activation code", "gift card code",
    ),
}  # fmt: skip

# Labels of identifiers that python-stdnum checks; those not listed above name their number only
# when its checksum passes ("rut", "cf", "nir" are too short to trust alone).
CHECKED_ONLY_LABELS = frozenset(VALIDATORS) - set(_CUES[Cue.ID])
_CUES[Cue.ID] = (*_CUES[Cue.ID], *sorted(CHECKED_ONLY_LABELS))

_NOT_SENSITIVE = {Cue.ORDINARY, Cue.DEVICE}


def _dotted(phrase: str) -> str | None:
    """An acronym label as typed with dots, the way the tokenizer splits it: "N.I.E." →
    "n . i . e"."""
    if " " in phrase or not (2 <= len(phrase) <= 5) or not phrase.isalpha():
        return None
    return " . ".join(phrase)


for _cue in (Cue.ID, Cue.SSN, Cue.CVV, Cue.IBAN):
    _CUES[_cue] = (*_CUES[_cue], *(d for p in _CUES[_cue] if (d := _dotted(p)) is not None))

# Phrases indexed by their first word; longest phrase first so "card number" beats "card".
CUE_PHRASES: dict[str, list[tuple[tuple[str, ...], Cue]]] = {}
for _cue, _phrases in _CUES.items():
    for _phrase in _phrases:
        _words = tuple(_phrase.split())
        CUE_PHRASES.setdefault(_words[0], []).append((_words, _cue))
for _options in CUE_PHRASES.values():
    _options.sort(key=lambda item: -len(item[0]))

# First words of the cues that name something to remove ("SSN", "CVV", "IBAN", "MC"): letters
# that start a reference ("INV-2026-00123") are never one of these.
SENSITIVE_CUE_WORDS = frozenset(
    {w for w, options in CUE_PHRASES.items() if any(c not in _NOT_SENSITIVE for _, c in options)}
    | {"mc", "vi", "ax", "dc"}
)
