"""Figures judged not facts of this warehouse, each by a named rule (``ContexteProse``).

* ``rule_diagnostic`` — statistics of a diagnosis or national figures::

      En 2019, ... près d'un quart des jeunes de 15 à 24 ans ... (16% au niveau national).
      Au sein du Département, il est dénombré 45 843 foyers bénéficiaires du RSA, composés à 57% de femmes.
      Le Pas-de-Calais compte 41 887 familles avec enfants de moins de 3 ans.
      selon un rapport du ... (Cerc), seuls 3 % des enfants ...
      Selon l'INSEE, 18,2 % des ménages de l'Aisne vivent sous le seuil de pauvreté.

* ``rule_hypothese`` — figures of a calculation hypothesis::

      si on prend l'hypothèse de la rénovation de 23 000 logements ... : 1 311 000 heures d'insertion
"""

from __future__ import annotations

import re

from .counts import count_unit
from .records import Claims, ContexteProse, figure_fields, year_of
from .text import Sentence

_DIAGNOSTIC = re.compile(
    r"\b(?:au niveau national|nationale?s?|INSEE|DREES|Cerc|chômage|[Ss]elon (?:un |une |le |la |les "
    r"|l['’])?(?:rapport|étude|enquête|données|chiffres|statistiques|INSEE|DREES|observatoire)"
    r"|taux d(?:e |['’])(?:chômage|pauvreté|emploi|"
    r"occupation)|seuil de pauvreté|recensement|il est dénombré|compte \d|représentent \d|quota)"
)
_HYPOTHESE = re.compile(r"\bhypoth[èe]se\b", re.IGNORECASE)


def _emit(s: Sentence, claims: Claims, out: dict, regle: str, objet: str) -> None:
    for i, n in enumerate(s.numbers):
        if claims.taken(s, n):
            continue
        unit = n.unite or count_unit(s, i)[0]
        if not unit:
            continue
        claims.take(s, n)
        out["contextes"].append(
            ContexteProse(**figure_fields(s, n, unit, year_of(s.text, n.start), objet, regle))
        )


def rule_diagnostic(s: Sentence, claims: Claims, out: dict) -> None:
    """Statistics of a diagnosis or national figures (not facts of the département's action)."""
    if s.section.kind == "bilan" or not _DIAGNOSTIC.search(s.text):
        return
    _emit(s, claims, out, "diagnostic", "chiffre de diagnostic ou national")


def rule_hypothese(s: Sentence, claims: Claims, out: dict) -> None:
    """Figures of a calculation hypothesis."""
    if _HYPOTHESE.search(s.text) or (
        s.previous is not None and _HYPOTHESE.search(s.previous.text) and re.match(r"^\s*(?:\d|soit)", s.text)
    ):
        _emit(s, claims, out, "hypothese", "hypothèse de calcul")


RULES = [rule_hypothese, rule_diagnostic]
