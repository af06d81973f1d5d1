"""Territory names of the Pas-de-Calais, and the structure name that follows them in a cell.

Table rows of the calls for projects start with the territory (a merged cell) and then the
structure, on one line, without any column separator::

    Hénin/Carvin DYNAMIQUE INSERTION EMPLOI 3 postes en insertion par an ...
    Lens Liévin / Hénin Carvin Maison de l'Emploi Lens Liévin Hénin Carvin Action du ...
    Arrageois- Ternois-Montreuillois-
    Audomarois (CC de Lumbres)

The nine territories of the Département (plus "Département" and "Multi-territoires") are the
vocabulary; a prefix is a run of those words, joined by spaces, "-", "/", "," or "et", and
written in the case of its first word: "Arrageois ARTOIS TECHNIQUE SERVICES" is the
territory "Arrageois" then the structure "ARTOIS TECHNIQUE SERVICES".
"""

from __future__ import annotations

import re

from .records import fold

__all__ = ["fold", "is_territory_only", "split_territory"]

_WORDS = (
    "arrageois",
    "artois",
    "audomarois",
    "boulonnais",
    "calaisis",
    "henin",
    "carvin",
    "lens",
    "lievin",
    "montreuillois",
    "ternois",
    "departement",
)
_MULTI_RE = re.compile(r"^multi-?ter\w*$")  # "Multi-territoires", also misspelt
_TOKEN_RE = re.compile(r"[^\s\-/,]+|[\-/,]")
_PAREN_RE = re.compile(r"\([^()]*\)")


def _is_territory_word(word: str) -> bool:
    w = fold(word)
    return w in _WORDS or bool(_MULTI_RE.match(w))


def _case(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    return "upper" if letters and all(c.isupper() for c in letters) else "title"


def split_territory(text: str) -> tuple[str | None, str]:
    """``(territory, rest)`` for a cell that starts with territory names, else ``(None, text)``.

    ``"Hénin/Carvin SAPIH Insertion"`` -> ``("Hénin/Carvin", "SAPIH Insertion")``;
    ``"Arrageois ARTOIS TECHNIQUE SERVICES"`` -> ``("Arrageois", "ARTOIS TECHNIQUE SERVICES")``;
    ``"Audomarois (CC de Lumbres)"`` -> ``("Audomarois (CC de Lumbres)", "")``.
    """
    stripped = text.strip()
    pos, end, case = 0, 0, None
    while pos < len(stripped):
        m = re.match(r"\s*(?:et\s+|[\-/,]\s*)*", stripped[pos:])
        start = pos + m.end()
        word_m = re.match(r"[^\s/,()]+(?:-[^\s/,()]+)*", stripped[start:])
        if not word_m:
            break
        word = word_m.group(0)
        parts = [p for p in word.split("-") if p]
        if not parts or not all(_is_territory_word(p) or _MULTI_RE.match(fold(word)) for p in parts):
            break
        if case is None:
            case = _case(word)
        elif _case(word) != case:
            break
        pos = end = start + len(word)
        paren = re.match(r"\s*\([^()]*\)", stripped[pos:])
        if paren:
            pos = end = pos + paren.end()
    if end == 0:
        return None, stripped
    territory = stripped[:end].strip(" -/,")
    rest = re.sub(r"^[\s\-/,]+", "", stripped[end:])
    return territory, rest.strip()


def is_territory_only(text: str) -> bool:
    """A line holding nothing but territory names ("Audomarois- Boulonnais- Calaisis- ")."""
    territory, rest = split_territory(text)
    return territory is not None and not re.sub(r"\bet\b|[\s\-/,]", "", _PAREN_RE.sub("", rest))
