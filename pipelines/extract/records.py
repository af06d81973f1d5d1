"""What every parser shares: the unread line, and the small text helpers.

A line that a parser cannot read is never dropped: it is returned as an :class:`UnreadLine`
with the reason, e.g. for a pivot line of 004 that names a structure and prints no amount::

    UnreadLine(ligne, "CALAISIS | ... | CCAS Calais", "structure sans montant sur sa ligne")
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class UnreadLine:
    """A line (1-based) that no parser reads, as printed, and why."""

    ligne: int
    texte: str
    raison: str


class _Dropping(dict):
    """A ``str.translate`` table that deletes the characters ``drop`` says, each judged once."""

    def __init__(self, drop) -> None:
        super().__init__()
        self._drop = drop

    def __missing__(self, code: int) -> int | None:
        kept = None if self._drop(chr(code)) else code
        self[code] = kept
        return kept


_NONSPACING_MARKS = _Dropping(lambda c: unicodedata.category(c) == "Mn")
_COMBINING_MARKS = _Dropping(unicodedata.combining)


def fold(text: str) -> str:
    """Lower case without accents: "Hénin" -> "henin" (a ligature is not an accent: "cœur")."""
    return unicodedata.normalize("NFD", text.lower()).translate(_NONSPACING_MARKS)


def fold_compat(text: str) -> str:
    """Lower case without accents, typographic apostrophes made plain and compatibility forms
    decomposed (a no-break space is a space): "l’État" -> "l'etat", for matching words in
    sentences of any typography."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return text.translate(_COMBINING_MARKS).lower()


def amount_text(value: Decimal) -> str:
    """An amount as the documents print it: ``Decimal("11880")`` -> ``"11 880,00"``."""
    integer, _, cents = f"{value:.2f}".partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    return " ".join(groups) + "," + cents
