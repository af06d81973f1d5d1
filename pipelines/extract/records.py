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


def fold(text: str) -> str:
    """Lower case without accents: "Hénin" -> "henin" (a ligature is not an accent: "cœur")."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def fold_compat(text: str) -> str:
    """Lower case without accents, typographic apostrophes made plain and compatibility forms
    decomposed (a no-break space is a space): "l’État" -> "l'etat", for matching words in
    sentences of any typography."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def amount_text(value: Decimal) -> str:
    """An amount as the documents print it: ``Decimal("11880")`` -> ``"11 880,00"``."""
    integer, _, cents = f"{value:.2f}".partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    return " ".join(groups) + "," + cents
