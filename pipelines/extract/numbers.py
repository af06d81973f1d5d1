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


# --- Every figure a text prints (the ledger's finder) -------------------------------------------

# A number as printed: grouped thousands (any space, a dot, or a line break between groups of
# three digits) or a plain run of digits, then optional decimals (comma, or a dot before two
# digits: "2 556 535.20").
_GROUPED = rf"\d{{1,3}}(?:(?:[{SPACE_CHARS}.]+|[{SPACE_CHARS}]*\n[{SPACE_CHARS}]*)\d{{3}})+(?![\d])"
_NUMBER = rf"(?<![\d,.])(?P<number>{_GROUPED}|\d+)(?P<decimals>[,.]\d{{1,2}}(?!\d))?"
# What follows the number: a euro unit (with its scale) or a percent sign.
_UNIT = (
    rf"[{SPACE_CHARS}]*\n?[{SPACE_CHARS}]*"
    r"(?P<unit>M€|k€|K€|€|euros?\b|millions?\s+d['’]\s?euros|milliards?\s+d['’]\s?euros|%)"
)
FIGURE_RE = re.compile(_NUMBER + _UNIT)
_GLUED_GROUP_RE = re.compile(rf"(?<![\d,.])\d{{1,3}}[{SPACE_CHARS}]$")
_SCALES = {"M€": Decimal(1_000_000), "k€": Decimal(1_000), "K€": Decimal(1_000)}


@dataclass(frozen=True)
class PrintedNumber:
    """A figure found in a text: where it starts and ends, as printed, its value and unit."""

    start: int
    end: int
    text: str
    value: Decimal | None  # None: a malformed number ("2 1559 €"), kept so that it is seen
    unit: str  # "EUR" or "%"


def find_printed_numbers(text: str) -> list[PrintedNumber]:
    """Every amount (``€``, ``euros``, ``M€``, ``k€``, ``millions d'euros``) and percentage of ``text``.

    ``"soit 1 000 000 € répartis"`` -> 1000000 EUR; ``"à 72% par des CCAS"`` -> 72 %;
    ``"2,5 M€"`` -> 2500000 EUR; ``"500.000 €"`` -> 500000 EUR. A run of digits that is not
    a well-grouped number (``"2 1559 €"``) is not a figure of this finder.
    """
    found = []
    for match in FIGURE_RE.finditer(text):
        glued = _GLUED_GROUP_RE.search(text, max(0, match.start() - 5), match.start())
        if glued and len(match["number"]) > 3 and match["number"].isdigit():
            # "2 1559 €": a short group then four digits, a digit is misplaced: not read
            found.append(PrintedNumber(glued.start(), match.end(), text[glued.start():match.end()], None,
                                       "%" if match["unit"] == "%" else "EUR"))
            continue
        number = re.sub(rf"[{SPACE_CHARS}.\n]", "", match["number"])
        decimals = (match["decimals"] or "")[1:]
        value = Decimal(f"{int(number)}.{decimals or '0'}")
        raw_unit = match["unit"]
        if raw_unit == "%":
            unit = "%"
        else:
            unit = "EUR"
            if raw_unit in _SCALES:
                value *= _SCALES[raw_unit]
            elif raw_unit.startswith("million"):
                value *= 1_000_000
            elif raw_unit.startswith("milliard"):
                value *= 1_000_000_000
        found.append(PrintedNumber(match.start(), match.end(), match.group(0), value, unit))
    return found
