"""French amounts, parsed in one place.

Layouts handled (as printed in the deliberations):

    1 234 567,89 €      spaces as thousands separators, comma for decimals
    1 234 567,89 €      non-breaking (U+00A0) or narrow non-breaking (U+202F) spaces
    2 846  873 €        doubled spaces between groups
    402                 a number cut across two lines of a paragraph
    247,96€
    500000              no separator at all

Two entry points:

* :func:`parse_amount` reads one amount written alone ("1 234,56 €");
* :func:`split_amount_cells` reads a run of numeric tokens that holds several table
  cells side by side ("6 801 643,00 35 116,00") and returns the cells only when the
  reading is unique; an ambiguous run is refused, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

# Every kind of space that appears between thousands groups in the corpus.
SPACE_CHARS = " \u00a0\u202f\u2009"
_SPACES = f"[{SPACE_CHARS}]"

# An amount followed by the euro sign, inside running text. Groups of three digits may be
# separated by spaces or by a line break (paragraphs are wrapped by the PDF extraction).
AMOUNT_EURO_RE = re.compile(
    rf"(?<![\d,.])(\d{{1,3}}(?:(?:{_SPACES}+|{_SPACES}*\n{_SPACES}*)\d{{3}})+|\d+)"
    rf"(?:,(\d{{1,2}}))?{_SPACES}*\n?{_SPACES}*€"
)

_TOKEN_RE = re.compile(r"^\d+(?:,\d{1,2})?$")


class AmountError(ValueError):
    """Raised when a text is not a readable French amount."""


def parse_amount(text: str) -> Decimal:
    """Read one French amount: ``"1 234 567,89 €"`` -> ``Decimal("1234567.89")``.

    Accepts normal, non-breaking and narrow non-breaking spaces (and line breaks)
    between thousands groups, an optional euro sign, and no decimals.
    Raises :class:`AmountError` on anything else (``"1 50"``, ``"12,3,4"``, ``""``).
    """
    cleaned = text.strip().removesuffix("€").strip()
    tokens = cleaned.split()
    if not tokens or not is_single_amount(tuple(tokens)):
        raise AmountError(f"montant illisible : « {text.strip()} »")
    return tokens_to_decimal(tokens)


def tokens_to_decimal(tokens: list[str] | tuple[str, ...]) -> Decimal:
    joined = "".join(tokens)
    integer, _, decimals = joined.partition(",")
    return Decimal(f"{int(integer)}.{(decimals or '0').ljust(2, '0')}")


def is_single_amount(tokens: tuple[str, ...]) -> bool:
    """True when ``tokens`` form one well-grouped amount.

    The first token holds 1 to 3 digits (or any number of digits when it stands alone,
    as in ``500000``), every later token exactly three; only the last may carry ``,dd``.
    A leading zero is only allowed for the number zero itself.
    """
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


@dataclass(frozen=True)
class Cell:
    """One cell read from a run of numbers: its text and its value (None if illegible)."""

    text: str
    value: Decimal | None


def is_numeric_token(token: str) -> bool:
    """A token that can belong to an amount (``"643,00"``, ``"801"``, ``"00"``)."""
    return bool(re.fullmatch(r"\d+(?:,\d+)?", token))


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
    return [
        Cell(" ".join(toks), tokens_to_decimal(toks) if ok else None) for toks, ok in kept[0]
    ]


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
# Forms read by :func:`find_numbers` (the figures written in prose):
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
_CURRENCY = r"(?P<cur>€|euros?\b|EUR\b|k€|K€|M€|millions?\s+d['’]euros)"
_PROSE_NUMBER_RE = re.compile(
    rf"(?<![\w.,/°-])"
    rf"(?:(?P<dotted>\d{{1,3}}(?:\.\d{{3}})+)(?=[{SPACE_CHARS}]*(?:€|euros?\b|EUR\b))"
    rf"|(?P<int>\d{{1,3}}(?:{_G}\d{{3}})+(?!\d)|\d+)(?:(?P<sep>[,.])(?P<dec>\d{{1,2}}))?)"
    rf"(?![\w/]|[.,]\d|-\d)"
    rf"(?:[{SPACE_CHARS}]*(?:\([a-zà-ÿ' -]{{3,60}}\)[{SPACE_CHARS}]*)?(?:{_CURRENCY}|(?P<pct>%)))?"
)
_MULTIPLIERS = {"k€": 1000, "K€": 1000, "M€": 1_000_000}


@dataclass(frozen=True)
class NumberMatch:
    """One number found in a sentence: offsets, text as printed, value and unit."""

    start: int
    end: int
    texte: str
    valeur: Decimal
    unite: str | None  # "EUR", "%" or None for a bare number


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number of ``text`` (a sentence), in order, read as a French writer prints it.

    ``"ont accompagné 29 660 bénéficiaires"`` -> 29660 (unite None);
    ``"s'élève à 1 000 000 € réparti"`` -> 1000000 EUR; ``"500.000 EUR"`` -> 500000 EUR;
    ``"491 275.20 €"`` -> 491275.20 EUR; ``"à 72% par"`` -> 72 %; ``"2,5 M€"`` -> 2500000 EUR.
    A dot followed by three digits is a thousands separator only before a currency
    (``"Action 1.1"``, ``"article 4.1"`` stay decimal-looking numbers: the caller decides).
    """
    out: list[NumberMatch] = []
    for m in _PROSE_NUMBER_RE.finditer(text):
        if m.group("dotted"):
            value = Decimal(m.group("dotted").replace(".", ""))
        else:
            digits = re.sub(f"[{SPACE_CHARS}]", "", m.group("int"))
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
        out.append(NumberMatch(m.start(), m.start() + len(texte), texte, value, unite))
    return out


_MALFORMED_EURO_RE = re.compile(
    rf"(?<![\w.,/])\d{{1,3}}(?:[{SPACE_CHARS}]\d{{1,2}}|[{SPACE_CHARS}]\d{{4,}})(?!\d)(?:,\d{{1,2}})?[{SPACE_CHARS}]*€"
)


def find_malformed_amounts(text: str) -> list[tuple[int, str]]:
    """Euro amounts whose thousands groups are misprinted (``"2 1559 €"``, ``"1 50 €"``):
    (offset, text) of each, for the caller to record as unread rather than guess."""
    return [(m.start(), m.group(0)) for m in _MALFORMED_EURO_RE.finditer(text)]
