"""Counts written in sentences: which number of a sentence is a count, and of what."""

from __future__ import annotations

import re

from ..numbers import SentenceNumber
from .records import unit_after
from .text import Sentence

_INHERIT_BEFORE = re.compile(r"(?:\bdont|\bet|\bsoit|\bDont|\bEt|\bSoit|\bsur les|\bpour)\s*$")
_RANGE_AFTER = re.compile(r"^\s+(?:et|à)\s+\d")
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:[Aa]nnexes?|[Aa]rticles?|ARTICLE|n°|N°|[Pp]age|alinéa|[Pp]oint|[Aa]xe|[Aa]ctions?|[Dd]ispositifs?|[Ff]iches?"
    r"|[Oo]pérations?|[Tt]hématiques?|[Cc]hapitre|[Pp]hase|[Vv]olets?|[Pp]ilier|[Aa]mbition|[Ee]ngagement|[Pp]rogramme"
    r"|sous-action|[Tt]itre|[Ll]oi|[Dd]écret|Permanente du|[Gg]roupe)\s*$)"
)
_NOMBRE_DE = re.compile(
    r"\b[Nn]ombre (?:total )?(?:de|d['’])\s*([a-zà-ÿ][\w’'-]*)[^.;:]{0,80}?\s(?:s['’]élève|s['’]établit"
    r"|est|atteint|a atteint"
    r"|sera|était|se monte|passe)\s*(?:à|de)?\s*$"
)
_PARMI = re.compile(r"\b[Pp]armi (?:ces|les|leurs) ([a-zà-ÿ]+),?\s*$")
_ENTRE_EUX = re.compile(r"^\s+d['’]entre (?:eux|elles)")


def count_unit(s: Sentence, idx: int) -> tuple[str | None, str]:
    """The unit of the ``idx``-th number of ``s`` when it is a count, else (None, "").

    Reads the noun after the number (:func:`unit_after`); "entre 20 et 40 jeunes" gives
    "jeunes" to 20; "dont 246 en cours", "pour 1315 d'entre eux" inherit the unit of the
    count before them in the sentence.
    """
    numbers = s.numbers
    n = numbers[idx]
    if n.unite:
        return n.unite, ""
    if re.match(r"^\s*[.,]\d", s.text[n.end :]) or _REFERENCE_BEFORE.search(s.text[: n.start]):
        return None, ""
    unit, objet = unit_after(s.text, n.end)
    after = s.text[n.end :]
    if unit is None and _RANGE_AFTER.match(after) and idx + 1 < len(numbers):
        unit, objet = unit_after(s.text, numbers[idx + 1].end)
    if unit is None and (_INHERIT_BEFORE.search(s.text[: n.start]) or _ENTRE_EUX.match(after)):
        for j in range(idx - 1, -1, -1):
            prev = numbers[j]
            if prev.unite:
                break
            u, _ = unit_after(s.text, prev.end)
            if u and u != "non précisée":
                unit = u
                objet = " ".join(re.split(r"[,;:.()]", after, maxsplit=1)[0].split()[:8])
                break
    if unit is None and not _is_year(n):
        # "Le nombre de personnes accompagnées s'élève à 845"
        m = _NOMBRE_DE.search(s.text[: n.start])
        if m:
            return m.group(1), " ".join(s.text[m.start() : n.start].split()[:10])
        m = _PARMI.search(s.text[: n.start])
        if m:
            unit, objet = m.group(1), after.strip()
    if unit is None:
        return None, ""
    if _is_year(n) and (
        unit == "non précisée"
        or _YEAR_BEFORE.search(s.text[: n.start])
        or not re.fullmatch(r"[a-zà-ÿ][\w’'-]*[sx]", unit)
    ):
        return None, ""  # "en 2022", "Cible 2024", "2024 Montant": a year ("2000 personnes" stays a count)
    decimal_or_heading = (
        "," in n.texte
        or "." in n.texte
        or not s.text[: n.start].strip(" -–•o")
        or re.search(r"\s{3,}$", s.text[: n.start])
    )
    if unit[:1].isupper() and not unit.isupper() and decimal_or_heading:
        # "2,2 Pack médiation", "3.1 Auprès des ménages", "1 Nombre de ...": a code or a heading,
        # not a count ("13 ETP", "8 PLIE", "2 155 DSF" are)
        return None, ""
    return unit, objet


_YEAR_BEFORE = re.compile(
    r"(?:\b(?:en|de|depuis|année|l['’]année|pour|au|fin|dès|courant|Cible|Situation|le|du)|janvier|février|mars|avril|mai|juin"
    r"|juillet|août|septembre|octobre|novembre|décembre)\s*$",
    re.IGNORECASE,
)


def _is_year(n: SentenceNumber) -> bool:
    return (
        n.unite is None
        and n.valeur == n.valeur.to_integral()
        and 1990 <= n.valeur <= 2035
        and " " not in n.texte
    )
