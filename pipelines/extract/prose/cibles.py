"""Targets and planned volumes written in sentences (``indicateurs_cibles``, ``source='texte'``).

* ``rule_volume`` — the "Volume" line of a sub-action in a fiche::

      o Volume de public : 400 jeunes
      o Volume de place : 1250 (dont 50% de femmes)
      Volume d'aides : estimation de 500 personnes accompagnées financièrement
      Nombre de places prévues : 35 places                 (another département's wording)

* ``rule_cible_proposee`` — counts in a sentence that proposes, plans or sets an objective
  (or any sentence of a "Proposition 2023" section)::

      il est proposé de développer 22 « solutions logement » sur l'ensemble du département
      il est proposé de développer 70 mesures d'accompagnement renforcé
      Il est prévu l'accompagnement de 20 bénéficiaires dans le cadre de ce dispositif.
      Un objectif annuel de 15 logements sur le territoire de l'ERBM est fixé
      Ce dispositif permettra donc d'accompagner entre 20 et 40 jeunes.
      propose de réaliser 6 000 consultations en 2022
      L'objectif est d'atteindre 150 bénéficiaires accompagnés d'ici fin 2025.
      Sont visés 45 jeunes de moins de 26 ans et 30 familles monoparentales.

  Not targets: ages and durations ("de 16 à 25 ans", "6 mois"), dates, the number of
  dispositifs of a report ("4 dispositifs sont ici proposés"), and the per-structure
  quantities of a list of grants ("4 AJ pour un total de 50 000 € soit 10 mesures").
"""

from __future__ import annotations

import re

from .counts import count_unit
from .records import CibleProse, Claims, figure_fields, year_of
from .text import Sentence

_VOLUME = re.compile(
    r"^\s*(?:[\uf000-\uf0ff•o*-]\s*)?(?P<label>(?:Volume|Nombre)[^:]{0,60}):\s*", re.IGNORECASE
)
_TRIGGER = re.compile(
    r"\b(?:il est proposé|est proposé|proposé de|propose de|il est prévu|est prévu|prévoit|[Oo]bjectifs?"
    r"|cibles? (?:est|de|fixée?s?|:)|(?:est|sont) fixée?s? à"
    r"|est fixé|permettra|permettront|devra permettre|vise à|visée?s?|ciblée?s?|prévue?s?|à développer"
    r"|d['’]ici|[Ll]e volume)\b",
    re.IGNORECASE,
)
_NOT_TARGET_UNITS = {
    "dispositif",
    "dispositifs",
    "opération",
    "opérations",
    "thématique",
    "thématiques",
    "annexe",
    "annexes",
    "axe",
    "axes",
    "volet",
    "volets",
    "article",
    "articles",
    "fiche",
    "fiches",
    "commission",
    "rapport",
    "exemplaires",
    "avenant",
    "phase",
    "ambition",
    "engagement",
    "parties",
    "fois",
    "reprises",
    "étapes",
    "niveaux",
    "catégories",
    "types",
    "temps",
    "objectifs",
    "objectif",
    "engagements",
    "piliers",
    "ambitions",
    "champs",
    "grands",
    "grandes",
    "principaux",
    "principales",
}
_GRANT_LEAD = re.compile(r"(?:avec|suivantes?|savoir|comme suit)\s*:\s*$")
_LABEL_UNITS = [
    ("place", "places"),
    ("public", "personnes"),
    ("personne", "personnes"),
    ("mesure", "mesures"),
    ("aide", "aides"),
    ("ménage", "ménages"),
    ("jeune", "jeunes"),
]


def rule_volume(s: Sentence, claims: Claims, out: dict) -> None:
    """``o Volume de places : 150 jeunes``: the first count after the colon, and its "dont N%"."""
    m = _VOLUME.match(s.text)
    if not m:
        return
    label = m.group("label").strip()
    first = True
    for i, n in enumerate(s.numbers):
        if n.start < m.end() or claims.taken(s, n) or n.unite == "EUR":
            continue
        if n.unite == "%":
            unit, objet = "%", s.text[n.end :].split(")")[0]
        elif first:
            unit, objet = count_unit(s, i)
            if unit is None or unit == "non précisée":
                unit = next((u for key, u in _LABEL_UNITS if key in label.lower()), "non précisée")
                objet = label
        else:
            continue
        first = False
        claims.take(s, n)
        out["cibles"].append(
            CibleProse(
                **figure_fields(
                    s,
                    n,
                    unit,
                    year_of(s.text, n.start) or s.section.annee,
                    f"{label} — {objet}".strip(" —"),
                    "volume",
                ),
                section=s.section.titre,
            )
        )


def rule_cible_proposee(s: Sentence, claims: Claims, out: dict) -> None:
    """Counts (and % of a count) in a sentence that proposes, plans or fixes an objective."""
    in_proposition = s.section.kind == "proposition"
    lead_text = s.lead.text if s.bullet and s.lead is not None else ""
    if not (in_proposition or _TRIGGER.search(s.text) or _TRIGGER.search(lead_text)):
        return
    if s.bullet and _GRANT_LEAD.search(lead_text):
        return
    for i, n in enumerate(s.numbers):
        if n.unite == "EUR" or claims.taken(s, n):
            continue
        unit, objet = count_unit(s, i)
        if unit is None or unit == "non précisée":
            continue
        if unit.lower() in _NOT_TARGET_UNITS or unit.lower() in ("jours", "jour"):
            continue
        if re.search(r"\b(?:du|le|au|Permanente du)\s*$", s.text[: n.start]) and re.match(
            r"\s*(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)",
            s.text[n.end :],
        ):
            continue
        claims.take(s, n)
        annee = year_of(s.text, n.start) or s.section.annee or (year_of(lead_text) if lead_text else None)
        out["cibles"].append(
            CibleProse(**figure_fields(s, n, unit, annee, objet, "cible_proposee"), section=s.section.titre)
        )


RULES = [rule_volume, rule_cible_proposee]
