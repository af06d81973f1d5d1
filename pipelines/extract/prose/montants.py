"""Amounts written in sentences that are neither grants nor co-financing shares.

* ``rule_montant_ligne`` — the "Montant" line of a sub-action in a fiche::

      o Montant : 300 000€
      o Montant : 200 000€ de prestations de formation et 200 000€ liés à l'ingénierie
      Montant prévisionnel : 12 500 euros
      o Montant : intégré dans les actions programmées      -> UnreadLine (no figure)
      o Montant : 709 746                                   -> UnreadLine (no currency)

* ``rule_total_operation`` — the total of an operation, of a set of dispositifs, of a budget::

      4 dispositifs sont ici proposés pour un total de 153 916 € (Annexes 1 et 4).
      il est proposé de développer 22 « solutions logement » ... pour un total de 44 000 €
      il est proposé de financer 77 structures ... pour un montant total de 773 520 €
      Le budget prévisionnel est de 700 000 €
      Trois actions sont retenues, soit un total de 86 500 euros.
      Pour un montant global de 1,2 M€, 12 opérations sont financées.

  A sentence that gives the amount to one named beneficiary ("financer le CCAS X pour un
  total de 6 560 €", "Deux subventions sont octroyées : 2 875 € à la Ville de Soissons") is a
  grant, read by the subsidies parsers: it is left alone here.

* ``rule_parts`` — the parts of a total given in the same or the next sentence::

      pour un total de 44 000 € (30 000€ au titre de l'ERBM ... et 14 000€ au titre de ...)
      Sur ces 350 000€, 100 000€ permettront ... et 250 000€ plus généralement ...
      dont 12 000 € pour l'ingénierie et 8 000 € pour la formation

* ``rule_taux_unitaire`` — unit costs and rates::

      Le coût annuel d'une mesure renforcée est de 5 000€, et 2 500€ pour une mesure simple.
      un prix de journée de 5.44 €, soit 163.20 € mensuel
      un forfait de 38.57 € sera versé
      attribuer annuellement 25 000€ par CLLAJ
      soit 1 200 € par place et par an

* ``rule_plan_action`` — the amount of each action of a "PLAN D'ACTION" table whose cells
  come out one per line (lines, not sentences): the code line starts a row, the line that
  holds only an amount is the row's "Montant de l'action", ``TOTAL`` closes the table::

      PLAN D'ACTION ET FICHES ACTIONS / FA Intitulé de l'action ... Montant de l'action
      2,1 Evolution du SI et / ingénierie / ... /  135 000 €
      2,2 Pack médiation / ... / 1 419 492 €
      TOTAL    8 386 784 €

  A row with no amount line is recorded unread.

* ``rule_total_budget_fiche`` — the "Total" row of a fiche budget (lines, not sentences)::

      Budget de l'action / Etat Conseil départemental Total / 2024 618 000€ ... /
      Total 2 472 000€ 2 472 000€  4 944 000€
"""

from __future__ import annotations

import re

from ..numbers import find_sentence_numbers
from .records import Claims, ContexteProse, MontantProse, UnreadLine, figure_fields, ws, year_of
from .text import Sentence

_MONTANT_LINE = re.compile(
    r"(?:^\s*(?:[\uf000-\uf0ff•o*-]\s*)?|\s{2,}|\d\s+)Montants?(?: [\wé]+)?\s*:\s*", re.IGNORECASE
)
_TOTAL_BEFORE = re.compile(
    ws(
        r"(?:pour un (?:montant )?(?:total|global)(?: annuel)? de|soit un (?:montant )?total de"
        r"|un montant(?: global| total)? de"
        r"|à hauteur (?:de )?|budget prévisionnel (?:est |s['’]élève à )?de"
        r"|budget (?:global|total|prévisionnel) (?:est )?(?:de|à)|s['’]élève(?:nt)? à"
        r"|pour un coût (?:total )?de"
        r"|(?:est |sont )?(?:évalué|estimé)e?s? à)"
    )
    + r"\s*$",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"\b\d[\d  ]*\s+(?:«\s*)?(?:structures?|associations?|dispositifs?|opérations?|actions?|PLIE"
    r"|missions? locales"
    r"|solutions?|mesures?|projets?|porteurs?|organismes?|opérateurs?|postes?)\b"
    r"|\b(?:[Dd]eux|[Tt]rois|[Qq]uatre|[Cc]inq|[Ss]ix|[Ss]ept|[Hh]uit|[Nn]euf|[Dd]ix)\s+(?:structures|associations|dispositifs"
    r"|opérations|actions|projets)\b"
)
_PROPOSED_SET = re.compile(
    r"\b(?:dispositifs?|opérations?|actions?|projets?)\s+(?:sont|est|seront|sera)\s+(?:ici\s+)?"
    r"(?:proposée?s?|retenue?s?|financée?s?|présentée?s?|soutenue?s?|programmée?s?)"
)
_NAMED = re.compile(
    r"\b(?:financer|attribuer à|conventionner avec|avenant financier pour|subvention(?:ner)? (?:à|de))\s+"
    r"(?:le |la |les |l['’]|une |un )?(?:[A-ZÉ]|structure [a-z]|association [A-Za-z])"
)
_GRANT_LIST = re.compile(r"(?:\bà\s+(?:la |le |l['’])?[A-ZÉ]|\bau profit d)")
_PAR_UNIT = re.compile(
    # "/an" alone is an annual budget ("211 120 €/an"), not a rate; "par an et par foyer" is one
    r"^\s*(?:HT |TTC )?(?:(?:par|/)\s*an\s*(?:et\s*)?(?:par|/)\s*\w|(?:par|/)\s*(?:mois\b|jour\b|place"
    r"|mesure|jeune"
    r"|personne|ménage|bénéficiaire|[A-ZÉ]{3,}|participant|structure|ETP|heure|foyer|dossier|logement))"
)
_RATE_BEFORE = re.compile(
    r"(?:co[uû]t (?:annuel |moyen |unitaire |horaire |journalier )?(?:d['’]une? [^,;]{0,40}?"
    r"|par [^,;]{0,30}?)?(?:est |s['’]élève )?(?:de|à)"
    r"|prix (?:de journée |unitaire |de la place )?(?:est )?de|forfait (?:annuel |mensuel )?de"
    r"|tarif (?:\w+ )?de|taux de)\s*$"
)
_RATE_AFTER = re.compile(r"^\s*(?:mensuels?|par mois|annuels? par|par an)")
_SUR_CES = re.compile(r"^\s*Sur (?:ces|les) ")
_BUDGET_HEADER = re.compile(
    r"Budget de l['’]action|BUDGET (?:DE L['’]ACTION|ESTIME|PREVISIONNEL)|Budget prévisionnel", re.IGNORECASE
)


def rule_montant_ligne(s: Sentence, claims: Claims, out: dict) -> None:
    """``o Montant : 300 000€`` (every € amount of the line is a sub-action amount)."""
    m = _MONTANT_LINE.search(s.text)
    if not m:
        return
    euros = [n for n in s.numbers if n.unite == "EUR" and n.start >= m.end()]
    ligne = s.ligne
    if not euros:
        raison = (
            "montant sans unité monétaire"
            if any(n.start >= m.end() for n in s.numbers)
            else "montant non chiffré"
        )
        out["non_lues"].append(UnreadLine(ligne, s.text, raison))
        return
    for n in euros:
        if claims.take(s, n):
            objet = " ".join(re.split(r"[,;]| et ", s.text[n.end :], maxsplit=1)[0].split()[:8]) or "montant"
            out["montants"].append(
                MontantProse(
                    **figure_fields(s, n, "EUR", s.section.annee, objet, "montant_ligne"),
                    categorie="montant_sous_action",
                    section=s.section.titre,
                )
            )


def _is_operation_sentence(s: Sentence, before: str) -> bool:
    if _NAMED.search(before) and not _COUNTED.search(before):
        return False
    return bool(
        _COUNTED.search(before)
        or _PROPOSED_SET.search(s.text)
        or re.search(r"\b(?:budget|développer|programme|opération|plan|coût total)\b", before, re.IGNORECASE)
    )


def rule_total_operation(s: Sentence, claims: Claims, out: dict) -> None:
    """``N dispositifs ... pour un total de X €``,
    ``financer N structures ... pour un montant total de X €``."""
    if s.bullet and s.lead is not None and re.search(r"(?:avec|suivantes?|savoir)\s*:\s*$", s.lead.text):
        return  # one line per structure: grants
    for n in s.numbers:
        if n.unite != "EUR" or claims.taken(s, n):
            continue
        before = s.text[: n.start]
        if not _TOTAL_BEFORE.search(before):
            continue
        if not _is_operation_sentence(s, before):
            continue
        claims.take(s, n)
        objet = _objet(s, n.start)
        out["montants"].append(
            MontantProse(
                **figure_fields(
                    s, n, "EUR", year_of(s.text, n.start) or s.section.annee, objet, "total_operation"
                ),
                categorie="total_imprime",
                section=s.section.titre,
            )
        )
        rule_parts(s, claims, out, total=n.valeur)


def _objet(s: Sentence, start: int) -> str:
    head = re.split(r"[;:]", s.text[:start])[-1]
    return " ".join(head.split()[-14:])


def rule_parts(s: Sentence, claims: Claims, out: dict, total=None) -> None:
    """Parts of a total: amounts after it in parentheses / after "dont", or "Sur ces X, Y ... et Z"."""
    nums = [n for n in s.numbers if n.unite == "EUR"]
    if total is None and _SUR_CES.match(s.text) and nums:
        first = nums[0]
        if claims.take(s, first):
            out["contextes"].append(
                ContexteProse(
                    **figure_fields(s, first, "EUR", s.section.annee, "rappel du total", "rappel_du_total")
                )
            )
        total = first.valeur
        nums = nums[1:]
    elif total is None:
        return
    for n in nums:
        if claims.taken(s, n) or n.valeur >= total:
            continue
        if _PAR_UNIT.match(s.text[n.end :]):
            continue
        claims.take(s, n)
        objet = " ".join(re.split(r"[,;()]| et ", s.text[n.end :], maxsplit=1)[0].split()[:8])
        out["montants"].append(
            MontantProse(
                **figure_fields(
                    s, n, "EUR", year_of(s.text, n.start) or s.section.annee, objet, "parts_du_total"
                ),
                categorie="montant_sous_action",
                section=s.section.titre,
            )
        )


def rule_taux_unitaire(s: Sentence, claims: Claims, out: dict) -> None:
    """``coût annuel d'une mesure renforcée est de 5 000€``, ``25 000€ par CLLAJ``,
    ``soit 163.20 € mensuel``."""
    nums = s.numbers
    rate_sentence = False
    for _i, n in enumerate(nums):
        if n.unite != "EUR" or claims.taken(s, n):
            continue
        before, after = s.text[: n.start], s.text[n.end :]
        is_rate = bool(_RATE_BEFORE.search(before) or _PAR_UNIT.match(after) or _RATE_AFTER.match(after))
        # "..., et 2 500€ pour une mesure simple": the second price of a rate sentence
        if not is_rate and rate_sentence and re.match(r"^\s*pour une? ", after):
            is_rate = True
        if not is_rate:
            continue
        rate_sentence = True
        claims.take(s, n)
        objet = (re.search(r"([^,;]{0,60})$", before).group(1) + " … " + " ".join(after.split()[:6])).strip()
        out["montants"].append(
            MontantProse(
                **figure_fields(s, n, "EUR", year_of(s.text, n.start), objet, "taux_unitaire"),
                categorie="taux_unitaire",
                section=s.section.titre,
            )
        )


_PLAN_HEADER = re.compile(r"^\s*PLAN D['’]ACTIONS?\b")
_ROW_CODE = re.compile(r"^\s*(\d{1,2})[,.](\d{1,2})\s+\S")
_TOTAL_ROW = re.compile(r"^\s*TOTAL\b", re.IGNORECASE)


def rule_plan_action(lines: list[str], out: dict, seen: set[tuple[int, int]]) -> None:
    """Amount of each action of a "PLAN D'ACTION" table laid out one cell per line."""
    start = next((i for i, line in enumerate(lines) if _PLAN_HEADER.match(line)), None)
    if start is None:
        return
    code: str | None = None
    code_line = 0
    has_amount = False
    for i in range(start + 1, min(len(lines), start + 800)):
        line = lines[i]
        m = _ROW_CODE.match(line)
        if m:
            if code and not has_amount:
                out["non_lues"].append(
                    UnreadLine(
                        code_line,
                        lines[code_line - 1].strip(),
                        f"plan d'action : pas de montant pour l'action {code}",
                    )
                )
            code, code_line, has_amount = f"{m.group(1)}.{m.group(2)}", i + 1, False
            continue
        nums = find_sentence_numbers(line)
        if len(nums) != 1 or nums[0].unite != "EUR":
            continue
        n = nums[0]
        total = bool(_TOTAL_ROW.match(line))
        if not total and line.strip() != n.texte.strip():
            continue
        if (i + 1, n.start) not in seen:
            seen.add((i + 1, n.start))
            objet = "total du plan d'action" if total else f"montant de l'action {code} (plan d'action)"
            out["montants"].append(
                MontantProse(
                    ligne=i + 1,
                    position=n.start,
                    texte=n.texte,
                    valeur=n.valeur,
                    unite="EUR",
                    annee=None,
                    objet=objet,
                    phrase=line.strip(),
                    regle="plan_action",
                    categorie="total_imprime",
                    section=f"action {code}" if code and not total else None,
                )
            )
        if total:
            if code and not has_amount:
                out["non_lues"].append(
                    UnreadLine(
                        code_line,
                        lines[code_line - 1].strip(),
                        f"plan d'action : pas de montant pour l'action {code}",
                    )
                )
            return
        has_amount = True


def rule_total_budget_fiche(lines: list[str], out: dict, seen: set[tuple[int, int]]) -> None:
    """The ``Total`` row printed under a fiche's "Budget de l'action" (within 20 lines)."""
    header_at = None
    for i, line in enumerate(lines):
        if _BUDGET_HEADER.search(line):
            header_at = i
            continue
        if header_at is None or i - header_at > 20:
            continue
        if not re.match(r"^\s*Total\b", line):
            continue
        cells = [n for n in find_sentence_numbers(line) if n.unite == "EUR"]
        if len(cells) < 2:
            continue
        for k, n in enumerate(cells):
            if (i + 1, n.start) in seen:
                continue
            seen.add((i + 1, n.start))
            out["montants"].append(
                MontantProse(
                    ligne=i + 1,
                    position=n.start,
                    texte=n.texte,
                    valeur=n.valeur,
                    unite="EUR",
                    annee=None,
                    objet=f"total du budget de la fiche, colonne {k + 1} sur {len(cells)}",
                    phrase=line.strip(),
                    regle="total_budget_fiche",
                    categorie="total_imprime",
                )
            )
        header_at = None


_GRANT_WORD = re.compile(
    r"\b(?:subventions?|aides?|octroy|attribu|accord|allou|vers[ée]|financement|participations?)",
    re.IGNORECASE,
)
_TO_BENEFICIARY = re.compile(
    r"^\s*(?:sont |est )?(?:octroyée?s? |attribuée?s? |accordée?s? |versée?s? |allouée?s? )?"
    r"(?:à|au|aux|au profit de|en faveur de|pour)\s+(?:la |le |les |l['’])?"
    r"(?P<b>(?:[A-ZÉ]|association |commune |ville |structure )[^,;.()]*?)(?=\s*(?:,|;|\.|\(| et \d"
    r"| et l| pour | au titre|$))"
)


def rule_montant_beneficiaire(s: Sentence, claims: Claims, out: dict) -> None:
    """Amounts written before their beneficiary, one by one or in a list::

        Deux subventions sont octroyées : 2 875 € à la Ville de Soissons et 4 507 € à l'association X.
        Une aide de 1 500 € est accordée au CCAS de Laon.

    (``categorie = 'montant_beneficiaire'``, the beneficiary as printed in ``partenaire``).
    """
    if not _GRANT_WORD.search(s.text):
        return
    for n in s.numbers:
        if n.unite != "EUR" or claims.taken(s, n):
            continue
        m = _TO_BENEFICIARY.match(s.text[n.end :])
        if not m:
            continue
        claims.take(s, n)
        out["montants"].append(
            MontantProse(
                **figure_fields(
                    s,
                    n,
                    "EUR",
                    year_of(s.text, n.start) or s.section.annee,
                    "montant par bénéficiaire",
                    "montant_beneficiaire",
                ),
                categorie="montant_beneficiaire",
                partenaire=m.group("b").strip(),
                section=s.section.titre,
            )
        )


RULES = [rule_montant_ligne, rule_taux_unitaire, rule_total_operation, rule_parts, rule_montant_beneficiaire]
