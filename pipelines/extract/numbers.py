"""French numbers (amounts, counts, percentages), read in one place.

THE RULE. No other module of ``pipelines/extract`` holds a pattern that matches an amount,
a count or a percentage: parsers find and read numbers only through this module (its
functions, or the pattern strings ``AMOUNT_PATTERN`` / ``COUNT_PATTERN`` that a structural
regex may embed, always read back with :func:`parse_amount` / :func:`parse_count`).
Structural patterns that hold digits but are not quantities stay with their parsers:
years ("Cible 2024", "20\\d{2}"), article, operation and action numbers ("Article 3",
"Opération 2", "Action 1.2"), operation codes and imputations ("C02-446A05 6568/93446"),
dates.

Layouts read (as printed in the deliberations, or as a conversion leaves them)::

    1 234 567,89 €      spaces as thousands separators, comma for decimals
    1 234 567,89 €      no-break (U+00A0), narrow no-break (U+202F), thin (U+2009) or
                        figure (U+2007) spaces
    2 846  873 €        doubled spaces between groups
    402                 a number cut across two lines of a paragraph
    247,96€
    1?016€              a '?' left by a Windows-1252 conversion in place of a space it
                        cannot encode (U+202F): read as a separator only between a digit
                        and a group of exactly three digits
    1.234.567,89 €      dots as thousands separators; a single dot ("1.234", "90.449") is
                        ambiguous (English decimal, law number) and is read only before a
                        decimal comma or a currency ("1.234,50", "500.000 €")
    500000              no separator at all
    2 M€, 1,5 million d'euros, 250 k€, 80 000 euros, 500.000 EUR   currency units

A comma followed by three digits ("3,456") is not a decimal comma here (it may be an
English thousands separator): it is not read. Amounts carry at most two decimals.

Entry points:

* :func:`parse_amount` reads one amount written alone ("1 234,56 €", "2,5 M€");
* :func:`find_amounts` finds and reads every amount with a currency in running text; an
  amount found but illegible ("016€" after an unknown separator) comes back with its
  error instead of a value, so a parser reports it as unread and never raises;
* :func:`find_money_cells` does the same for the cells of a table line ("-  €" empty);
* :func:`find_counts` reads "N places", "6,80 ETP"; :func:`find_numbers` every number in
  a sentence (counts and percentages of the bilans); :func:`find_malformed_numbers` the
  numbers whose separator is misplaced ("2 1559", "130.107");
* :func:`number_tokens` splits a line into tokens, a '?' separator included, and
  :func:`split_amount_cells` reads a run of numeric tokens that holds several table cells
  side by side ("6 801 643,00 35 116,00"), only when the reading is unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

# Every kind of space that appears between thousands groups.
SPACE_CHARS = " \u00a0\u202f\u2009\u2007"
_SPACES = f"[{SPACE_CHARS}]"

# A '?' that replaced an unencodable space (Windows-1252 conversion, errors="replace"),
# read as a separator only between a digit and a group of exactly three digits.
_QMARK_SEPARATOR_RE = re.compile(r"(?<=\d)\?(?=\d{3}(?!\d))")

# Separators between groups: spaces (a line break too, paragraphs are wrapped), or '?'.
_SEP = rf"(?:{_SPACES}+|{_SPACES}*\n{_SPACES}*|\?(?=\d{{3}}(?!\d)))"
_GROUPED = rf"\d{{1,3}}(?:{_SEP}\d{{3}})+"
# Dots as thousands separators: unambiguous with two dots or more.
_DOTTED_MANY = r"\d{1,3}(?:\.\d{3}){2,}(?![.\d])"
_DOTTED_ONE = r"\d{1,3}\.\d{3}(?![.\d])"
# The integer part of a number; then optional decimals (one or two digits).
INTEGER_PATTERN = rf"(?:{_GROUPED}|{_DOTTED_MANY}|{_DOTTED_ONE}(?=,\d)|\d+)"
_DECIMALS = r"(?:,\d{1,2}(?!\d))"

# Currency units, and what they multiply by.
_CURRENCY = (
    r"(?:[Mk]\s?€|K€|Md\s?€|€|(?i:euros?)\b|EUR\b"
    r"|(?i:milli(?:on|ard)s?\s+d\s*['’]?\s*euros?)\b)"
)
_SCALES = {"k": Decimal(1000), "m": Decimal(1_000_000), "md": Decimal(1_000_000_000)}

# An amount followed by its currency, inside running text (a single dot is read here).
AMOUNT_PATTERN = (
    rf"(?:{_GROUPED}|{_DOTTED_MANY}|{_DOTTED_ONE}|\d+){_DECIMALS}?{_SPACES}*\n?{_SPACES}*{_CURRENCY}"
)
AMOUNT_EURO_RE = re.compile(rf"(?<![\d,.]){AMOUNT_PATTERN}")
# A count: an integer (grouped or not) or a number with decimals ("6,80 ETP").
COUNT_PATTERN = rf"(?:{_GROUPED}(?!,\d{{2}}\b)|{_DOTTED_MANY}|\d+(?:,\d+)?)"

_TOKEN_RE = re.compile(r"^\d+(?:,\d{1,2})?$")
_DOTTED_TOKEN_RE = re.compile(rf"^(?:{_DOTTED_MANY}|{_DOTTED_ONE}(?=,)){_DECIMALS}?$")
_NUMERIC_TOKEN_RE = re.compile(rf"^(?:\d+(?:,\d+)?|{_DOTTED_MANY}(?:,\d+)?|{_DOTTED_ONE},\d+)$")
_CURRENCY_SUFFIX_RE = re.compile(rf"{_SPACES}*\n?{_SPACES}*({_CURRENCY})\s*$")
_CURRENCY_START_RE = re.compile(rf"\s*{_CURRENCY}")
_MONEY_MARK_RE = re.compile(r"\d,\d\d\b|€")
_FOOTNOTE_RE = re.compile(r"(?<=\d)\*+")
_WIDE_GAP_RE = re.compile(r"\d\s{2,}\d")
_FIGURE_WORD_RE = re.compile(r"\d[\d\s,.%?]*")


class AmountError(ValueError):
    """Raised when a text is not a readable French amount."""


def plain_separators(text: str) -> str:
    """``text`` with every '?' that stands for a thousands separator made a space.

    The length is kept, so positions in the result are positions in ``text``.
    """
    return _QMARK_SEPARATOR_RE.sub(" ", text) if "?" in text else text


def number_tokens(text: str) -> list[str]:
    """Whitespace-separated tokens, a '?' between digit groups separating too.

    ``"CCAS Arras 1?016,00 €"`` -> ``["CCAS", "Arras", "1", "016,00", "€"]``.
    """
    return plain_separators(text).split()


def _scale(unit: str | None) -> Decimal:
    if not unit:
        return Decimal(1)
    u = unit.lower().replace(" ", "")
    if u.startswith(("milliard", "md")):
        return _SCALES["md"]
    if u.startswith("m"):  # M€, million(s)
        return _SCALES["m"]
    if u.startswith("k"):
        return _SCALES["k"]
    return Decimal(1)


def parse_amount(text: str) -> Decimal:
    """Read one French amount: ``"1 234 567,89 €"`` -> ``Decimal("1234567.89")``.

    Accepts every separator of the module docstring, an optional currency (``€``,
    ``euros``, ``EUR``, ``k€``, ``M€``, ``millions d'euros``) and no decimals.
    Raises :class:`AmountError` on anything else (``"1 50"``, ``"12,3,4"``, ``""``).
    """
    cleaned = text.strip()
    unit = _CURRENCY_SUFFIX_RE.search(cleaned)
    if unit:
        cleaned = cleaned[: unit.start()]
    tokens = number_tokens(cleaned)
    if len(tokens) == 1 and unit and re.fullmatch(rf"{_DOTTED_ONE}{_DECIMALS}?", tokens[0]):
        pass  # "500.000 €": a single dot is read before a currency
    elif not tokens or not is_single_amount(tuple(tokens)):
        raise AmountError(f"montant illisible « {text.strip()} »")
    value = tokens_to_decimal(tokens) * _scale(unit.group(1) if unit else None)
    return value.quantize(Decimal("0.01"))


def tokens_to_decimal(tokens: list[str] | tuple[str, ...]) -> Decimal:
    joined = "".join(tokens).replace(".", "")
    integer, _, decimals = joined.partition(",")
    return Decimal(f"{int(integer)}.{(decimals or '0').ljust(2, '0')}")


def is_single_amount(tokens: tuple[str, ...]) -> bool:
    """True when ``tokens`` form one well-grouped amount.

    The first token holds 1 to 3 digits (or any number of digits when it stands alone,
    as in ``500000``), every later token exactly three; only the last may carry ``,dd``.
    A leading zero is only allowed for the number zero itself. A token grouped by dots
    (``1.234.567,89``) is an amount on its own.
    """
    if len(tokens) == 1 and _DOTTED_TOKEN_RE.match(tokens[0]):
        return True
    if not all(_TOKEN_RE.match(t) for t in tokens):
        return False
    if any("," in t for t in tokens[:-1]):
        return False
    digits = [t.split(",")[0] for t in tokens]
    first = digits[0]
    if len(first) > 1 and first.startswith("0"):
        return False
    if len(tokens) == 1:
        return True
    if len(first) > 3 or first == "0":
        return False
    return all(len(d) == 3 for d in digits[1:])


def is_numeric_token(token: str) -> bool:
    """A token that can belong to an amount (``"643,00"``, ``"801"``, ``"00"``, ``"1.234.567"``)."""
    return bool(_NUMERIC_TOKEN_RE.match(token))


def has_cents(token: str) -> bool:
    """``"880,00"`` -> True: a token that ends an amount with its two decimals."""
    return bool(re.fullmatch(r"[\d.]+,\d{2}", token))


def split_currency(text: str) -> tuple[str, str | None]:
    """``"CCAS Arras 24 000,00 €"`` -> (``"CCAS Arras 24 000,00"``, ``"€"``); ``"€/an"`` too."""
    body = text.rstrip()
    for suffix in ("€/an", "€"):
        if body.endswith(suffix):
            return body[: -len(suffix)].rstrip(), suffix
    return body, None


def mentions_money(text: str) -> bool:
    """A line that holds an amount: a number with cents or a euro sign."""
    return bool(_MONEY_MARK_RE.search(text))


def currency_follows(text: str, pos: int = 0) -> bool:
    """True when a currency unit is printed at ``pos`` (after optional spaces)."""
    return bool(_CURRENCY_START_RE.match(text, pos))


def strip_footnote_marks(text: str) -> str:
    """``"6 000*"`` -> ``"6 000"``: a footnote mark after a number is not a figure."""
    return _FOOTNOTE_RE.sub("", text)


def has_wide_gap(text: str) -> bool:
    """Two figures separated by two spaces or more (an empty table cell between them)."""
    return bool(_WIDE_GAP_RE.search(text))


def is_figure(word: str) -> bool:
    """A word that is a number (``"12"``, ``"1 234,5"``, ``"45%"``), not text."""
    return bool(_FIGURE_WORD_RE.fullmatch(word))


# ------------------------------------------------------------------ amounts in a text


@dataclass(frozen=True)
class AmountMatch:
    """An amount found in a text: where, as printed, and its value (None if illegible).

    ``start()`` and ``end()`` give its position, as for a regex match. ``empty`` marks an
    empty table cell printed as a dash ("-  €").
    """

    span: tuple[int, int]
    text: str
    value: Decimal | None
    error: str | None = None
    empty: bool = False

    def start(self) -> int:
        return self.span[0]

    def end(self) -> int:
        return self.span[1]


def _read_match(m: re.Match) -> AmountMatch:
    try:
        return AmountMatch(m.span(), m.group(0), parse_amount(m.group(0)))
    except AmountError as exc:
        return AmountMatch(m.span(), m.group(0), None, str(exc))


def find_amounts(text: str, pos: int = 0) -> list[AmountMatch]:
    """Every amount followed by a currency in ``text`` (from ``pos``), read.

    >>> [a.value for a in find_amounts("un total de 402\\n247,96€, dont 2 M€")]
    [Decimal('402247.96'), Decimal('2000000.00')]
    """
    return [_read_match(m) for m in AMOUNT_EURO_RE.finditer(text, pos)]


# an amount with its currency, a dash for an empty cell ("-  €"), or a bare amount ending the line
_MONEY_CELL_RE = re.compile(
    rf"(?P<amount>{AMOUNT_EURO_RE.pattern})|(?P<dash>(?<!\S)-\s*€)|(?P<bare>(?<![\d,.]){_GROUPED}\s*$)"
)


def find_money_cells(line: str) -> list[AmountMatch]:
    """The money cells of a table line: amounts with a currency, "-  €" (empty) and a
    grouped amount that ends the line without its euro sign (a total cut at the margin)."""
    out = []
    for m in _MONEY_CELL_RE.finditer(line):
        if m.group("dash"):
            out.append(AmountMatch(m.span(), m.group(0), None, empty=True))
        else:
            out.append(_read_match(m))
    return out


# an amount printed with its cents, the euro sign optional (a table cell whose "€" was lost)
_CENT_AMOUNT_RE = re.compile(rf"(?<![\d,.]){INTEGER_PATTERN},\d{{2}}(?![\d,])(?:{_SPACES}*€)?")


def find_cent_amounts(line: str) -> list[AmountMatch]:
    """The amounts of a table row printed with their cents, with or without "€": the cents
    close each cell, so "618 000,00 0,00 € 1 236 000,00" is three cells.

    >>> [a.value for a in find_cent_amounts("618 000,00 0,00 € 1 236 000,00")]
    [Decimal('618000.00'), Decimal('0.00'), Decimal('1236000.00')]
    """
    return [_read_match(m) for m in _CENT_AMOUNT_RE.finditer(line)]


def read_amount_cell(cell: str) -> list[Decimal] | None:
    """A table cell made only of amounts with cents and euro signs -> their values.

    ``"107 076,00 €"`` -> [107076.00]; ``"1 000,00 € 2 000,00 €"`` -> both; anything else -> None.
    """
    matches = list(re.finditer(rf"({INTEGER_PATTERN},\d{{2}}){_SPACES}*€{_SPACES}*", cell.strip()))
    if not matches or "".join(m.group(0) for m in matches) != cell.strip():
        return None
    try:
        return [parse_amount(m.group(1)) for m in matches]
    except AmountError:
        return None


def contains_amount(line: str) -> bool:
    """A line holding an amount: a number with cents, or a number before a euro sign."""
    return bool(re.search(rf"{INTEGER_PATTERN},\d{{2}}(?!\d)|\d[\d{SPACE_CHARS}?]*{_SPACES}?€", line))


# ------------------------------------------------------------------ counts and figures


def parse_count(text: str) -> Decimal:
    """``"9 669"`` -> 9669, ``"6,80"`` -> 6.80, ``"1?016"`` -> 1016. Raises AmountError."""
    cleaned = "".join(number_tokens(text)).replace(".", "")
    if not re.fullmatch(r"\d+(?:,\d+)?", cleaned):
        raise AmountError(f"nombre illisible « {text.strip()} »")
    return Decimal(cleaned.replace(",", "."))


@dataclass(frozen=True)
class CountMatch:
    start: int
    end: int
    text: str  # the number as printed
    value: Decimal
    unit: str  # as printed


@lru_cache(maxsize=64)
def _count_re(units: str) -> re.Pattern:
    return re.compile(rf"(?<![\d,/])({COUNT_PATTERN})\s+({units})\b", re.IGNORECASE)


def find_counts(text: str, units: str) -> list[CountMatch]:
    """Every "N unit" of ``text``, ``units`` a regex of unit words ("places?|postes?").

    ``"9 669 places d'accompagnement"`` -> 9669 places; ``"6,80 ETP"`` -> 6.80 ETP.
    """
    return [
        CountMatch(m.start(), m.end(), m.group(1), parse_count(m.group(1)), m.group(2))
        for m in _count_re(units).finditer(text)
    ]


@dataclass(frozen=True)
class NumberMatch:
    """A number in a sentence: ``start``/``end`` of its printed text, its integer part and
    decimals as printed, its value."""

    start: int
    end: int
    integer: str
    decimals: str | None
    value: Decimal


_NUMBER = rf"(?<![\w,.])({_GROUPED}|{_DOTTED_MANY}|{_DOTTED_ONE}(?=,\d)|\d+)(?:,(\d{{1,2}}))?(?![\w,])"


@lru_cache(maxsize=16)
def _number_re(followed_by: str | None) -> re.Pattern:
    return re.compile(_NUMBER + (rf"(?={followed_by})" if followed_by else ""))


def find_numbers(text: str, followed_by: str | None = None) -> list[NumberMatch]:
    """Every number of a sentence that is not part of a word ("1er", "3D"): counts,
    percentages ("45 %"), amounts. ``"1 500 heures, 12,5 %"`` -> 1500 and 12.5.

    ``followed_by``, a regex, keeps only the numbers it follows (a unit word, "%"); the
    grouping of the digits is then the one that lets it follow.
    """
    out = []
    for m in _number_re(followed_by).finditer(text):
        value = tokens_to_decimal(number_tokens(m.group(1)) + ([f",{m.group(2)}"] if m.group(2) else []))
        out.append(NumberMatch(m.start(), m.end(), m.group(1), m.group(2), value))
    return out


_MALFORMED_RE = re.compile(
    rf"(?<![\w,.])(\d{{1,3}}(?:{_SPACES}|\?)\d{{4,}}|\d{{1,3}}\.\d{{3}}(?![\d]|[.,]\d))(?![\d])"
)


def find_malformed_numbers(text: str) -> list[re.Match]:
    """Numbers with a misplaced separator, not read: ``"2 1559"`` (a group of four
    digits), ``"130.107"`` (a single dot: thousands or decimals?)."""
    return list(_MALFORMED_RE.finditer(text))


SCALE_WORDS = {
    "million": 1_000_000,
    "millions": 1_000_000,
    "milliard": 1_000_000_000,
    "milliards": 1_000_000_000,
}


def scale_of(word: str) -> int | None:
    """``"millions"`` -> 1 000 000: a word that multiplies the number before it."""
    return SCALE_WORDS.get(word.lower())


def split_trailing_figures(line: str) -> tuple[str, list[str]]:
    """A line of a figures table -> (text, trailing figures).

    A line of numbers only is all figures; text followed by two spaces and at least two
    integers (or one space and at least three) carries both; anything else is text. A
    footnote mark after a number ("6 000*") is dropped; a '?' separator separates.
    """
    line = plain_separators(strip_footnote_marks(line))
    tokens = line.split()
    if tokens and all(is_numeric_token(t) for t in tokens):
        return "", tokens
    m = re.match(r"^(.*?\S)\s{2,}((?:\d+\s*)+)$", line.rstrip())
    if m and len(m.group(2).split()) >= 2:
        return m.group(1).strip(), m.group(2).split()
    m = re.match(r"^(.*?[^\d\s])\s+((?:\d+\s*)+)$", line.rstrip())
    if m and len(m.group(2).split()) >= 3:
        return m.group(1).strip(), m.group(2).split()
    return line.strip(), []


# ------------------------------------------------------------------ cells side by side


@dataclass(frozen=True)
class Cell:
    """One cell read from a run of numbers: its text and its value (None if illegible)."""

    text: str
    value: Decimal | None


class AmbiguousAmounts(ValueError):
    """More than one reading of a run of numbers: nothing is guessed."""


def split_amount_cells(tokens: list[str], n_cells: int) -> list[Cell] | None:
    """Split a run of numeric tokens into exactly ``n_cells`` table cells.

    ``["6", "801", "643,00", "35", "116,00"]`` with 2 cells -> 6 801 643,00 | 35 116,00.
    ``["7", "536", "157", "7", "603", "440"]`` with 2 cells -> 7 536 157 | 7 603 440
    (the only grouping where every number is well formed).

    Readings with the fewest illegible cells win; an illegible cell (``"1 50"``,
    ``"0 00"``: a comma is missing) keeps its text and gets no value. In one reading,
    either every legible cell has decimals or none has. Returns ``None`` when no reading
    exists and raises :class:`AmbiguousAmounts` when more than one does.
    """
    readings = _readings(tuple(tokens), n_cells)
    if not readings:
        return None
    best = min(sum(not ok for _, ok in r) for r in readings)
    if best == n_cells:
        return None
    kept = [r for r in readings if sum(not ok for _, ok in r) == best]
    if len(kept) != 1:
        raise AmbiguousAmounts(f"{len(kept)} lectures possibles de « {' '.join(tokens)} »")
    return [Cell(" ".join(toks), tokens_to_decimal(toks) if ok else None) for toks, ok in kept[0]]


@lru_cache(maxsize=4096)
def _readings(tokens: tuple[str, ...], n_cells: int) -> list[list[tuple[tuple[str, ...], bool]]]:
    """All ways to cut ``tokens`` into ``n_cells`` contiguous cells, each legible or not."""
    out: list[list[tuple[tuple[str, ...], bool]]] = []
    if n_cells == 0:
        return [[]] if not tokens else []
    for cut in range(1, len(tokens) - n_cells + 2):
        head, tail = tokens[:cut], tokens[cut:]
        ok = is_single_amount(head)
        if not ok and not _is_plausible_illegible(head):
            continue
        for rest in _readings(tail, n_cells - 1):
            reading = [(head, ok), *rest]
            if _consistent_decimals(reading):
                out.append(reading)
    return out


def _is_plausible_illegible(tokens: tuple[str, ...]) -> bool:
    """An illegible cell is short and does not start inside a group (no leading zero)."""
    return len(tokens) <= 4 and not (len(tokens[0]) > 1 and tokens[0].startswith("0"))


def _consistent_decimals(reading: list[tuple[tuple[str, ...], bool]]) -> bool:
    flags = {"," in toks[-1] for toks, ok in reading if ok}
    return len(flags) <= 1


# --- Numbers inside sentences -------------------------------------------------------------
#
# Forms read by :func:`find_sentence_numbers` (the figures written in prose, with their unit):
#
#     29 660 bénéficiaires       space-grouped count (one or two spaces, NBSP or NNBSP)
#     1 000 000 €  / 42  000 €   amount with the euro sign, groups maybe doubled-spaced
#     170 130 euros / 500.000 EUR  "euros" / "EUR"; thousands separated by dots before a currency
#     491 275.20 € / 5 147,96 €  decimals with a dot or a comma (one or two digits)
#     72% / 11,3 %               percentages
#     2,5 M€ / 150 k€ / 3 millions d'euros   multiples of the euro
#     2.5 ETP / 4.96 ETP         decimal counts
#     1 000 000 (un million) EUR  the amount spelt out in brackets before the currency (conventions)
#
# A number glued to letters ("1er", "2ème"), to a slash or a dash ("01/03/2022", "2023-333",
# "n°2023") or preceded by a dot or a comma ("L.3121") is not a figure and is skipped.

_G = f"[{SPACE_CHARS}]{{1,2}}"
_PROSE_CURRENCY = r"(?P<cur>€|euros?\b|EUR\b|k€|K€|M€|millions?\s+d['’]euros)"
_PROSE_NUMBER_RE = re.compile(
    rf"(?<![\w.,/°-])"
    rf"(?:(?P<dotted>\d{{1,3}}(?:\.\d{{3}})+)(?=[{SPACE_CHARS}]*(?:€|euros?\b|EUR\b))"
    rf"|(?P<int>\d{{1,3}}(?:{_G}\d{{3}})+(?!\d)|\d+)(?:(?P<sep>[,.])(?P<dec>\d{{1,2}}))?)"
    rf"(?![\w/]|[.,]\d|-\d)"
    rf"(?:[{SPACE_CHARS}]*(?:\([a-zà-ÿ' -]{{3,60}}\)[{SPACE_CHARS}]*)?(?:{_PROSE_CURRENCY}|(?P<pct>%)))?"
)
_MULTIPLIERS = {"k€": 1000, "K€": 1000, "M€": 1_000_000}
_DIGIT_RE = re.compile(r"\d")
_NO_SPACES = str.maketrans("", "", SPACE_CHARS)


@dataclass(frozen=True)
class SentenceNumber:
    """One number found in a sentence: offsets, text as printed, value and unit."""

    start: int
    end: int
    texte: str
    valeur: Decimal
    unite: str | None  # "EUR", "%" or None for a bare number


def find_sentence_numbers(text: str) -> list[SentenceNumber]:
    """Every number of ``text`` (a sentence), in order, read as a French writer prints it.

    ``"ont accompagné 29 660 bénéficiaires"`` -> 29660 (unite None);
    ``"s'élève à 1 000 000 € réparti"`` -> 1000000 EUR; ``"500.000 EUR"`` -> 500000 EUR;
    ``"491 275.20 €"`` -> 491275.20 EUR; ``"à 72% par"`` -> 72 %; ``"2,5 M€"`` -> 2500000 EUR.
    A dot followed by three digits is a thousands separator only before a currency
    (``"Action 1.1"``, ``"article 4.1"`` stay decimal-looking numbers: the caller decides).
    """
    out: list[SentenceNumber] = []
    if not _DIGIT_RE.search(text):
        return out
    text = plain_separators(text)  # a '?' that replaced a space between groups (same length)
    for m in _PROSE_NUMBER_RE.finditer(text):
        if m.group("dotted"):
            value = Decimal(m.group("dotted").replace(".", ""))
        else:
            digits = m.group("int").translate(_NO_SPACES)
            value = Decimal(f"{digits}.{m.group('dec')}" if m.group("dec") else digits)
        cur = m.group("cur")
        unite = None
        if cur:
            unite = "EUR"
            if cur in _MULTIPLIERS:
                value *= _MULTIPLIERS[cur]
            elif cur.startswith("million"):
                value *= 1_000_000
        elif m.group("pct"):
            unite = "%"
        texte = m.group(0).rstrip(SPACE_CHARS)
        out.append(SentenceNumber(m.start(), m.start() + len(texte), texte, value, unite))
    return out


_MALFORMED_EURO_RE = re.compile(
    rf"(?<![\w.,/])\d{{1,3}}(?:[{SPACE_CHARS}]\d{{1,2}}|[{SPACE_CHARS}]\d{{4,}})(?!\d)(?:,\d{{1,2}})?[{SPACE_CHARS}]*€"
)


def find_malformed_amounts(text: str) -> list[tuple[int, str]]:
    """Euro amounts whose thousands groups are misprinted (``"2 1559 €"``, ``"1 50 €"``):
    (offset, text) of each, for the caller to record as unread rather than guess."""
    if "€" not in text:
        return []
    return [(m.start(), m.group(0)) for m in _MALFORMED_EURO_RE.finditer(plain_separators(text))]
