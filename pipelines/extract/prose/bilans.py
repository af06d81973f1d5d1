"""Realised figures of previous years written in sentences (feeds ``bilans``).

* ``rule_section_bilan`` — every count, percentage and amount of a "Bilan 2022" section::

      2. Bilan 2022 :
      Sur le 1er semestre 2022, 89 structures représentées à 72% par des CCAS/CIAS, ont mené
      la mission référent solidarité. Pas loin de 250 référents solidarité ont accompagné
      29 660 bénéficiaires du RSA sur une base de 23 568 places conventionnées.
       6060 nouveaux entrants dans le dispositif du RSA.
      Le montant moyen de l'aide accordée par ménage était de 2 699 €.
      Bilan de l'année 2024 : 312 ménages accompagnés, dont 41 % relogés.   (another wording)

  In such a section, a past objective ("Il était prévu l'accompagnement d'un minimum de
  4 065 bénéficiaires", "Celle-ci visait à accompagner 300 bénéficiaires") is context, not a
  realised figure (``ContexteProse``, rule ``objectif_passe``).

* ``rule_passe_date`` — outside such a section, a sentence (or the lead of its list) that
  dates a past fact and uses a past verb, or a present verb of measure ("atteint",
  "s'élève", "représente") about a year before the deliberation's own year::

      Après une première expérimentation ... depuis juin 2022, 557 jeunes sont entrés dans le
      dispositif dont 73% de NEET et 263 jeunes ont intégré un dispositif de droit commun
      Le département ... a ainsi dénombré en 2022, ... :  2 741 assignations,
      En 2024, 1 250 personnes ont été accompagnées par les auto-écoles sociales.
      En 2023, le taux de sortie positive atteint 48 %.           (deliberation of 2024)
"""

from __future__ import annotations

import re

from .counts import _is_year, count_unit
from .records import BilanProse, Claims, ContexteProse, figure_fields
from .text import Sentence

_OBJECTIF_PASSE = re.compile(
    r"\b(?:était prévu|étaient prévus|visait à|devait|avait pour objectif)\b", re.IGNORECASE
)
_PAST_YEAR = re.compile(
    r"(?:\b[Ee]n|[Ss]ur l['’]année|[Aa]u titre de l['’]année|[Aa]u 31 décembre(?: de l['’]année)?|dénombré en"
    r"|[Dd]epuis(?: \w+)?|[Ff]in|[Cc]ourant|[Dd]urant l['’]année|[Aa]u cours de l['’]année"
    r"|[Ss]ur l['’]exercice|[Aa]u titre de l['’]exercice|[Ee]xercice)\s+(20\d\d)\b"
)
_YEAR_DIGITS = re.compile(r"20\d\d")


def _past_year(text: str) -> re.Match | None:
    """The year of a past fact ("en 2022", "au 31 décembre 2023"), searched only where "20dd" is printed."""
    return _PAST_YEAR.search(text) if _YEAR_DIGITS.search(text) else None


_PAST_VERB = re.compile(
    r"\b(?:ont|a|avait|avaient)\s+(?:ainsi\s+|déjà\s+|notamment\s+)?(?:été|pu|permis|bénéficié|accompagné|intégré|réalisé|dénombré|mené|relogé|sollicité"
    r"|comptabilisé|trouvé|reçu|obtenu|orienté|signé|traité|instruit|accordé|financé|soutenu|conventionné"
    r"|aidé|suivi|formé|logé|reçus|accueilli|versé|attribué|enregistré|touché|relogés?)\b"
    r"|\bsont (?:entrés|sortis|sorties|entrées)\b|\bont été\b|\bétaient\b|\bconcernait\b",
    re.IGNORECASE,
)


_EARLIER = re.compile(r"\b(?:[Ee]n|juillet|juin|[Dd]epuis(?: \w+)?)\s+(20\d\d)\b")


def _year_before(text: str, start: int, annee: int | None) -> int | None:
    """A section year, unless the sentence dates the figure earlier before it ("En 2021, 8 ...";
    "Depuis 2015, ... 190 jeunes" -> no single year)."""
    found = [m for m in _EARLIER.finditer(text[:start])]
    if not found or annee is None:
        return annee
    m = found[-1]
    y = int(m.group(1))
    if y >= annee:
        return annee
    return None if m.group(0).lower().startswith("depuis") else y


def _prior_unit(s: Sentence, i: int) -> str | None:
    for x, upto in ((s, i), (s.previous, None)):
        if x is None:
            continue
        nums = x.numbers[:upto] if upto is not None else x.numbers
        for j in range(len(nums) - 1, -1, -1):
            if nums[j].unite or _is_year(nums[j]):
                continue
            u = count_unit(x, j)[0]
            if u and u != "non précisée":
                return u
    return None


def _emit_all(
    s: Sentence, claims: Claims, out: dict, annee: int | None, regle: str, dated: bool = False
) -> None:
    for i, n in enumerate(s.numbers):
        if claims.taken(s, n):
            continue
        fig_year = _year_before(s.text, n.start, annee) if dated else annee
        if n.unite in ("EUR", "%"):
            unit = n.unite
            objet = " ".join(re.split(r"[,;:.()]", s.text[n.end :], maxsplit=1)[0].split()[:8]) or " ".join(
                s.text[: n.start].split()[-8:]
            )
        else:
            unit, objet = count_unit(s, i)
            if unit is None and not _is_year(n) and re.match(r"^\s*(?:et|,)\s", s.text[n.end :]):
                # "2 155 DSF ont été mandaté ... Elles en ont réalisés 1 214 et se sont heurtées":
                # the count before it, in this sentence or the one before
                unit = _prior_unit(s, i)
                objet = unit or ""
            if unit is None:
                continue
        claims.take(s, n)
        out["bilans"].append(
            BilanProse(**figure_fields(s, n, unit, fig_year, objet, regle), section=s.section.titre)
        )


def rule_section_bilan(s: Sentence, claims: Claims, out: dict) -> None:
    """Every figure of a sentence standing in a "Bilan YYYY" section."""
    if s.section.kind != "bilan":
        return
    if _OBJECTIF_PASSE.search(s.text):
        for i, n in enumerate(s.numbers):
            unit = n.unite or count_unit(s, i)[0]
            if unit and not claims.taken(s, n):
                claims.take(s, n)
                out["contextes"].append(
                    ContexteProse(
                        **figure_fields(
                            s, n, unit, s.section.annee, "objectif passé cité dans un bilan", "objectif_passe"
                        )
                    )
                )
        return
    _emit_all(s, claims, out, s.section.annee, "section_bilan", dated=True)


_MEASURE_VERB = re.compile(
    r"\b(?:atteint|atteignent|s['’]élèvent?|s['’]établit|s['’]établissent|représentent?)\b"
)


def rule_passe_date(s: Sentence, claims: Claims, out: dict) -> None:
    """A dated past fact outside a bilan section ("en 2022 ... ont été", "a dénombré en 2022 :")."""
    if s.section.kind == "bilan":
        return
    lead = s.lead.text if s.bullet and s.lead is not None else ""
    m = _past_year(s.text) or _past_year(lead)
    if not m:
        return
    year = int(m.group(1))
    past = _PAST_VERB.search(s.text) or _PAST_VERB.search(lead)
    measured_before = s.doc_year is not None and year < s.doc_year and _MEASURE_VERB.search(s.text)
    if not (past or measured_before):
        return
    _emit_all(s, claims, out, year, "passe_date")


RULES = [rule_section_bilan, rule_passe_date]
