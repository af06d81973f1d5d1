"""Co-financing written in sentences: who pays how much, for which year.

Sentence shapes read (seeds first, then as another département would write them):

* ``rule_budget_dont_part`` — a budget and a financeur's share of it::

      2023 : 84 000 € dont participation État de 42 000 €
      2023 :  82 000 € au total dont participation État de 41 000 €
      Coût total : 120 000 €, dont 60 000 € à la charge de l'État
      budget de 50 000 € dont une part CAF de 10 000 €

  the budget goes to the totals (``MontantProse``), the share to ``CofinancementProse``.

* ``rule_soutien_financeur`` — a financeur named as subject or complement of a financing
  word, and every euro amount or percentage of the sentence (or of the list it opens)::

      Au titre de l'année 2023, le soutien financier de l'État s'élève à un montant de
      1 000 000 € réparti à part égale entre le Département du Pas-de-Calais (500 000 €) et
      le Département du Nord (500 000 €).
      le soutien financier de l'État s'élève à :  - Un montant de 3 342 548 € au titre de 2024 ;
      La contrepartie départementale intervient ... à hauteur de 42 000 €, sur un budget total
      de 1 016 400 €.                      (the "sur un budget total de" amount is context)
      L'État contribuera à hauteur de 1 000 000 €.
      La Région participe pour un montant de 25 000 € en 2024.
      engagement financier au titre du FSL de 327 985 €
      Il participe à hauteur de 50% du coût total   ("Il": the financeur of the previous sentence)

* ``rule_abondement_partenaire`` — an amount put into a fund run with a partner::

      il est proposé d'abonder ce fonds à hauteur de 500 000€ et de signer, avec la CAF ...
      le Département versera 80 000 € au fonds géré par la MSA

* ``rule_pourcentage_financeur`` — shares written "50 % Etat ‐ 50 % Département".

A sentence with a financing word and a euro amount whose financeur cannot be told records an
``UnreadLine`` ("financeur non identifié") and emits nothing.
"""

from __future__ import annotations

import re

from .records import (
    Claims,
    CofinancementProse,
    ContexteProse,
    MontantProse,
    UnreadLine,
    figure_fields,
    financeur_of,
    year_of,
)
from .text import Sentence

_FIN = (
    r"l['’]\s?[ÉE]tat|[ÉE]tat|l['’]administration|(?:le |du )?Département|(?:le |du )?Conseil départemental"
    r"|(?:la )?CAF|(?:la )?Région|(?:le )?FSE\+?|(?:le )?Fonds [Ss]ocial [Ee]uropéen|(?:du )?FSL"
    r"|France Travail"
    r"|Pôle emploi|(?:la )?MSA|(?:l['’])?ARS"
)
_NOMINAL = re.compile(
    r"(?:soutien financier|contributions?(?: financières?)?|participations?(?: financières?)?(?: \d{4})?"
    r"|contreparties?(?: annuelles?)?|crédits(?: [ÉE]tat)?|co-?financements?|financements? complémentaires?"
    r"|engagements? financiers?|avance|part|budget(?: total)?(?: annuel)?|dotation|apport|subventions?"
    r"|aides? financières?"
    r"|concours financier|enveloppe)"
    r"\s+(?:\d{4}\s+)?(?:de l['’]|du |de la |des |d['’]|émanant du |émanant de l['’]|au titre du "
    r"|au titre de l['’]|)"
    rf"\s*(?P<fin>{_FIN})\b"
)
_VERBAL = re.compile(
    rf"(?P<fin>{_FIN})(?:\s+[A-ZÉ][\w’'-]+)?\s+(?:apporte|contribue(?:ra)?|participe(?:ra)?|finance(?:ra)?|cofinance(?:ra)?"
    r"|s['’]engage|est engagé|alloue(?:ra)?|verse(?:ra)?|mobilise(?:ra)?|attribue(?:ra)?"
    r"|prend(?:ra)? en charge)"
)
# a word every _VERBAL match holds ("cofinance" holds "finance", "prend en charge" "prend")
_VERB_WORD = re.compile(
    r"apporte|contribue|participe|finance|s['’]engage|est engagé|alloue|verse|mobilise|attribue|prend"
)
_ADJ = re.compile(r"contreparties? (?:annuelles? )?(?P<fin>départementales?|régionales?)")
_PRONOUN = re.compile(r"^\s*(?:Il|Elle)\s+(?:participe|contribue|s['’]engage|finance|apporte)")
_REFERENCE = re.compile(
    r"(?:sur un (?:budget )?total(?: annuel)?(?: estimé)? de|sur une enveloppe de|\(sur un total de)\s*$"
)
_ALLOUE = re.compile(r"(?:est|sont) allou[ée]e?s? au (?:Conseil départemental|Département)")
_DONT = re.compile(
    r"^\s*(?:au total\s*)?,?\s*dont\s+(?:la |une )?(?:participation|part|contribution|financement|apport)\s+"
    rf"(?:de l['’]|du |de la |des )?\s*(?P<fin>{_FIN})\s*(?:de|:|à hauteur de|s['’]élevant à|pour)?\s*$"
)
_DONT_AFTER = re.compile(
    r"^\s*(?:\(?\s*soit [^)]*\)?\s*)?(?:de l['’]|du |de la |à la charge (?:de l['’]|du |de la )"
    r"|pris en charge par (?:l['’]|le |la )"
    r"|financés? par (?:l['’]|le |la )|apportés? par (?:l['’]|le |la )|au titre (?:de l['’]|du |de la ))"
    rf"\s*(?P<fin>{_FIN})"
)
_PART_EGALE_BENEF = re.compile(
    r"(?:Département|Conseil départemental) (?:du |de la |de l['’]|des )([A-ZÉ][\w-]+(?:-[\w-]+)*)\s*\($"
)
_ABONDER = re.compile(
    r"\b(?:abonder|abondera|doter|dotera|alimenter|alimentera|verser|versera)\b[^.]*?\bavec\s+(?:la "
    r"|le |l['’])(?P<p>[A-ZÉ][\w’'-]*(?: [A-ZÉ][\w-]*)*)"
)
_ABONDER2 = re.compile(
    r"\b(?:abonder|abondera|doter|dotera|alimenter|alimentera|verser"
    r"|versera)\b[^.]*?\b(?:fonds )?(?:géré|gérés|porté) par (?:la |le |l['’])(?P<p>[A-ZÉ][\w’'-]*)"
)
_PCT_FIN = re.compile(rf"^\s*(?P<fin>{_FIN})\b")


def _norm(fin: str) -> str:
    return financeur_of(fin) or financeur_of(fin.capitalize()) or fin.strip()


def _triggers(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for m in _NOMINAL.finditer(text):
        found.append((m.start(), _norm(m.group("fin"))))
    if _VERB_WORD.search(text):  # _VERBAL, slow to run over a sentence, needs one of its verbs
        for m in _VERBAL.finditer(text):
            found.append((m.start(), _norm(m.group("fin"))))
    for m in _ADJ.finditer(text):
        found.append((m.start(), "Departement" if m.group("fin").startswith("départ") else "Region"))
    return sorted(found)


_AFTER_FIN = re.compile(
    r"^\s*(?:[^,.;]{0,20}?)(?:émanant|provenant|apportée?s?|versée?s?|financée?s?"
    r"|pris en charge)\s+(?:par\s+|d['’]|de\s+)?"
    rf"(?:l['’]|le |la |du |de la )?\s*(?P<fin>{_FIN})"
)
_AMOUNT_ITEM = re.compile(
    r"^\s*(?:[-–•]\s*)?(?:Un montant|Au titre|Axe|Action|Pilier|Volet|Une avance|Un versement|\d)"
)


def _sentence_financeur(x: Sentence | None) -> str | None:
    if x is None:
        return None
    t = _triggers(x.text)
    if t:
        return t[-1][1]
    if _ALLOUE.search(x.text):
        ctx = " ".join(y.text for y in (x.previous, x.lead) if y is not None) + " " + (x.section.titre or "")
        if re.search(r"[ÉE]tat|ETAT", ctx):
            return "Etat"
    return None


def _lead_financeur(s: Sentence) -> str | None:
    """The financeur of the list a bullet belongs to: its lead, or the two sentences before it."""
    if not (s.bullet and s.lead is not None and _AMOUNT_ITEM.match(s.text)):
        return None
    x: Sentence | None = s.lead
    for _ in range(5):
        fin = _sentence_financeur(x)
        if fin:
            return fin
        x = x.previous if x is not None else None
    return None


_FIN_JUST_BEFORE = re.compile(
    rf"(?:^|\bet\s+|,\s*|;\s*|:\s*)(?P<fin>{_FIN})\s*(?:pour|à hauteur de|:|=)?\s*$"
)
_PLAN = re.compile(
    r"\b(?:plan de financement|financeurs?|co-?financ\w*|répartition du financement)\b", re.IGNORECASE
)


def _financeur_for(s: Sentence, offset: int, end: int | None = None) -> str | None:
    j = _FIN_JUST_BEFORE.search(s.text[:offset])
    if j:  # "... et l'État pour 40 000 €", "CAF : 10 000 €"
        return _norm(j.group("fin"))
    if end is not None:
        a = _AFTER_FIN.match(s.text[end:])
        if a:
            return _norm(a.group("fin"))
    trig = _triggers(s.text)
    if trig:
        before = [f for pos, f in trig if pos <= offset]
        return before[-1] if before else trig[0][1]
    if _PRONOUN.match(s.text) and s.previous is not None:
        fin = financeur_of(s.previous.text)
        if fin:
            return fin
    lead_fin = _lead_financeur(s)
    if lead_fin:
        return lead_fin
    if _ALLOUE.search(s.text):
        ctx = " ".join(x.text for x in (s.previous, s.lead) if x is not None) + " " + (s.section.titre or "")
        if re.search(r"[ÉE]tat|ETAT", ctx):
            return "Etat"
    return None


def _is_financing_sentence(s: Sentence) -> bool:
    if _triggers(s.text) or _PRONOUN.match(s.text) and re.search(r"hauteur|montant|%", s.text):
        return True
    if _lead_financeur(s):
        return True
    if any(n.unite in ("EUR", "%") and _AFTER_FIN.match(s.text[n.end :]) for n in s.numbers):
        return True
    if _PLAN.search(s.text) and any(
        n.unite in ("EUR", "%") and _FIN_JUST_BEFORE.search(s.text[: n.start]) for n in s.numbers
    ):
        return True  # "Le plan de financement prévoit : État 40 000 €, Département 40 000 €, CAF 20 000 €."
    return bool(_ALLOUE.search(s.text))


def rule_budget_dont_part(s: Sentence, claims: Claims, out: dict) -> None:
    """``2023 : 84 000 € dont participation État de 42 000 €`` and ``X € dont Y € de l'État``."""
    nums = s.numbers
    for i, n in enumerate(nums):
        if n.unite != "EUR" or i + 1 >= len(nums) or nums[i + 1].unite != "EUR":
            continue
        m = nums[i + 1]
        between = s.text[n.end : m.start]
        d = _DONT.match(between)
        fin = None
        if d:
            fin = _norm(d.group("fin"))
        elif re.match(r"^\s*(?:au total\s*)?,?\s*dont\s*$", between):
            a = _DONT_AFTER.match(s.text[m.end :])
            if a:
                fin = _norm(a.group("fin"))
        if not fin:
            continue
        annee = year_of(s.text, n.start) or s.section.annee
        if claims.take(s, n):
            out["montants"].append(
                MontantProse(
                    **figure_fields(s, n, "EUR", annee, "budget estimé", "budget_dont_part"),
                    categorie="total_imprime",
                    section=s.section.titre,
                )
            )
        if claims.take(s, m):
            out["cofinancements"].append(
                CofinancementProse(
                    **figure_fields(s, m, "EUR", annee, f"part {fin} du budget", "budget_dont_part"),
                    financeur=fin,
                )
            )


def rule_soutien_financeur(s: Sentence, claims: Claims, out: dict) -> None:
    """A financeur named with a financing word; every € amount and % of the sentence."""
    if not _is_financing_sentence(s):
        return
    for n in s.numbers:
        if n.unite not in ("EUR", "%") or claims.taken(s, n):
            continue
        before = s.text[: n.start]
        if before.count("«") > before.count("»"):
            continue  # inside a quoted title: « Pilier 3 Plan 100% d'accès aux droits »
        annee = year_of(s.text, n.start) or (year_of(s.lead.text) if s.bullet and s.lead else None)
        if _REFERENCE.search(before):
            claims.take(s, n)
            out["contextes"].append(
                ContexteProse(
                    **figure_fields(s, n, n.unite, annee, "total de référence cité", "total_de_reference")
                )
            )
            continue
        fin = _financeur_for(s, n.start, n.end)
        if fin is None:
            ligne, _ = s.where(n.start)
            out["non_lues"].append(UnreadLine(ligne, s.text, f"financeur non identifié pour {n.texte}"))
            continue
        benef = None
        b = _PART_EGALE_BENEF.search(before)
        if b:
            benef = b.group(1)
        objet = re.split(r"[,;:(]", s.text[max(0, n.start - 80) : n.start])[-1]
        claims.take(s, n)
        out["cofinancements"].append(
            CofinancementProse(
                **figure_fields(s, n, n.unite, annee, objet, "soutien_financeur"),
                financeur=fin,
                beneficiaire=benef,
            )
        )


def rule_abondement_partenaire(s: Sentence, claims: Claims, out: dict) -> None:
    """``il est proposé d'abonder ce fonds à hauteur de 500 000€ et de signer, avec la CAF``."""
    m = _ABONDER.search(s.text) or _ABONDER2.search(s.text)
    if not m:
        return
    for n in s.numbers:
        if n.unite != "EUR" or claims.taken(s, n):
            continue
        fin = _financeur_for(s, n.start) or "Departement"
        claims.take(s, n)
        out["cofinancements"].append(
            CofinancementProse(
                **figure_fields(
                    s,
                    n,
                    "EUR",
                    year_of(s.text, n.start) or s.section.annee,
                    "abondement d'un fonds",
                    "abondement_partenaire",
                ),
                financeur=fin,
                partenaire=m.group("p"),
            )
        )


def rule_pourcentage_financeur(s: Sentence, claims: Claims, out: dict) -> None:
    """``(50 % Etat ‐ 50 % Département)``: a percentage followed by the financeur's name."""
    pairs = [(n, _PCT_FIN.match(s.text[n.end :])) for n in s.numbers if n.unite == "%"]
    pairs = [(n, m) for n, m in pairs if m]
    if len(pairs) < 2:
        return
    for n, m in pairs:
        if claims.take(s, n):
            out["cofinancements"].append(
                CofinancementProse(
                    **figure_fields(
                        s,
                        n,
                        "%",
                        year_of(s.text, n.start),
                        "répartition du financement",
                        "pourcentage_financeur",
                    ),
                    financeur=_norm(m.group("fin")),
                )
            )


RULES = [
    rule_budget_dont_part,
    rule_abondement_partenaire,
    rule_pourcentage_financeur,
    rule_soutien_financeur,
]
