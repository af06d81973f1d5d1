"""Is a deliberation complete? What a document announces or opens and never shows.

A document cut short (a truncated PDF extraction, a copy stopped in the middle of a table)
still parses: its first tables load and the rest is simply missing. These rules name what
is missing, one :class:`UnreadLine` per finding, its ``raison`` starting with
``document incomplet :`` (dbt turns them into the ``document_incomplet`` anomaly and
``extraction_par_document.complet = false``):

* the President's report announced by the decision ("Vu le rapport du Président ...,
  ci-annexé") has no "RAPPORT N°" heading — every deliberation ends with its report, so
  the document stops before it;
* a fiche action runs to the last line of the document (nothing closes it);
* a fiche action has no "Budget de l'action" table;
* a fiche's budget table has year rows but no "Total" row (cut before its total);
* a contract's financial table has rows after its last "TOTAUX" / total row;
* an annex announced by the decision ("présentés en annexe 2") has no "Annexe 2" heading,
  nor any later annex, and the document stops before its announced report (which that
  rule flags too: this one says where the document stops).

Nothing here guesses a figure: the findings only say that the document is incomplete.
"""

from __future__ import annotations

import re

from .fiches import _BUDGET_RE, Fiche, PlanRow
from .records import UnreadLine
from .sections import Sections

PREFIX = "document incomplet : "
# the decision announces its report: "Vu le rapport du Président ..., ci-annexé ;" or "rapport joint"
_REPORT_ANNOUNCED_RE = re.compile(r"\brapport\b.*\b(ci-?\s*annex[ée]|joint)", re.IGNORECASE)
_YEAR_ROW_RE = re.compile(r"^\s*20\d{2}(?![\d])")
_TOTAL_ROW_RE = re.compile(r"^\s*Total(?![A-Za-z])", re.IGNORECASE)
_TABLE_END_RE = re.compile(r"^\s*(Indicateurs|Suivi|Calendrier)", re.IGNORECASE)
# an annex number: "2", "n° 3", "n°7", "IV" (roman numerals upper-case only, so that "ci", "de"
# or "la" are never read as numbers; "X" and "XX" are the templates' placeholders, "Annexe N°XX")
_ANNEX_NUMBER = r"(?:(?i:n)\s*°\s*)?(?:\d{1,2}(?![\d]|[.,]\d)|[IVX]{1,6}\b)"
_ANNEX_NUMBERS = rf"{_ANNEX_NUMBER}(?:\s*(?:,|\bet\b)\s*{_ANNEX_NUMBER})*"
# a reference in the decision: "présentés en annexe 2", "figurant à l'annexe n° 3",
# "reprise en annexes 4,\n5 et 6", "joints en annexe n°7 et 8", "(présentation en annexe1)"
_ANNEX_REF_RE = re.compile(rf"(?i:\bannexes?)\s*({_ANNEX_NUMBERS})")
# ... unless the annex is another text's: "annexe 3 de l'instruction n° DGEFP/..."
_EXTERNAL_RE = re.compile(
    r"\s*(?i:d[eu]s?\s+(?:l['’]\s*|la\s+|le\s+)?(?:instruction|circulaire|d[ée]cret|arr[êe]t[ée]|loi|code)\b)"
)
# an annex announced without a number: "la convention ci-annexée", "le projet joint en annexe"
_ANNEX_UNNUMBERED_RE = re.compile(
    r"\bci-?\s*annex[ée]e?s?\b|\ben\s+annexe\b(?!\s*(?:n\s*°\s*)?(?:\d|[IVX]+\b))", re.IGNORECASE
)
# an annex heading: a line opening on "Annexe 1 ", "ANNEXE 6 - DETAIL ...", "Annexe 4: ...",
# "Annexe N°2 – Fiche projet", "**ANNEXE II**", "<p>Annexe 3</p>"; "(ANNEXE 5 de l'instruction"
# is a reference, not a heading
_ANNEX_HEADING_RE = re.compile(rf"^(?:\s|[*#|]|<[^>]*>)*(?i:annexes?)\s*({_ANNEX_NUMBERS})")
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _text(lines: list[str], index: int) -> str:
    return lines[index].strip() if 0 <= index < len(lines) else ""


def _report_announced_and_missing(lines: list[str], sections: Sections) -> int | None:
    """The line (0-based) of the decision announcing a report the document does not show."""
    if sections.report_start is not None:
        return None
    end = sections.decision_end if sections.decision_end is not None else len(lines) - 1
    return next((i for i in range(end + 1) if _REPORT_ANNOUNCED_RE.search(lines[i])), None)


def _report_missing(lines: list[str], sections: Sections) -> list[UnreadLine]:
    announced = _report_announced_and_missing(lines, sections)
    if announced is None:
        return []
    last = len(lines)
    return [
        UnreadLine(
            announced + 1,
            _text(lines, announced),
            f"{PREFIX}le rapport du Président annoncé ligne {announced + 1} est absent "
            f"(aucun titre « RAPPORT N° » : le document s'arrête ligne {last})",
        )
    ]


def _last_fiche_open(lines: list[str], fiches: list[Fiche]) -> list[UnreadLine]:
    if not fiches:
        return []
    last = max(fiches, key=lambda f: f.ligne_debut)
    # a fiche is closed by the next fiche, an annex, a table title or the report; one that
    # runs to the last (non-blank) line of the document was cut
    tail = max((i for i, line in enumerate(lines) if line.strip()), default=0)
    if last.ligne_fin <= tail:
        return []
    return [
        UnreadLine(
            last.ligne_debut,
            _text(lines, last.ligne_debut - 1),
            f"{PREFIX}la fiche action {last.action_code} (ligne {last.ligne_debut}) se poursuit jusqu'à la "
            f"dernière ligne du document ({len(lines)}) : la suite de la fiche et ce qui la suit manquent",
        )
    ]


def _fiche_budget(lines: list[str], fiche: Fiche) -> list[UnreadLine]:
    span = range(fiche.ligne_debut - 1, min(fiche.ligne_fin, len(lines)))
    start = next((i for i in span if _BUDGET_RE.match(lines[i])), None)
    if start is None:
        return [
            UnreadLine(
                fiche.ligne_debut,
                _text(lines, fiche.ligne_debut - 1),
                f"{PREFIX}la fiche action {fiche.action_code} (lignes {fiche.ligne_debut}-{fiche.ligne_fin}) "
                "n'a pas de tableau « Budget de l'action »",
            )
        ]
    seen_year = None
    for i in range(start + 1, span.stop):
        if _YEAR_ROW_RE.match(lines[i]):
            seen_year = i
        elif seen_year is not None and _TOTAL_ROW_RE.match(lines[i]):
            return []
        elif _TABLE_END_RE.match(lines[i]):
            break
    if seen_year is None:
        reason = "n'a aucune ligne d'année"
    else:
        reason = f"s'arrête ligne {seen_year + 1} sans sa ligne « Total »"
    return [
        UnreadLine(
            start + 1,
            _text(lines, start),
            f"{PREFIX}le tableau « Budget de l'action » de la fiche "
            f"{fiche.action_code} (ligne {start + 1}) {reason}",
        )
    ]


def _plan_cut(lines: list[str], plan: list[PlanRow]) -> list[UnreadLine]:
    rows = sorted(plan, key=lambda r: r.ligne)
    open_rows = []
    for row in rows:
        open_rows = [] if row.type_ligne == "total" else open_rows + [row]
    if not open_rows:
        return []
    first, last = open_rows[0], open_rows[-1]
    return [
        UnreadLine(
            last.ligne,
            _text(lines, last.ligne - 1),
            f"{PREFIX}le tableau financier du contrat s'arrête ligne {last.ligne} sans sa ligne de total "
            f"({len(open_rows)} ligne(s) lue(s) depuis la ligne {first.ligne})",
        )
    ]


def _annex_numbers(group: str) -> list[tuple[int, int | None]]:
    """(offset, number) of each number of "n° 4, 5 et 6", "IV", "XX" (a placeholder: None)."""
    numbers: list[tuple[int, int | None]] = []
    for token in re.finditer(r"\d+|[IVX]+", group):
        text = token.group()
        if text.isdigit():
            number = int(text)
        elif set(text) == {"X"}:
            number = None
        else:
            values = [_ROMAN[c] for c in text]
            number = sum(-v if v < w else v for v, w in zip(values, values[1:] + [0], strict=True))
        numbers.append((token.start(), number))
    return numbers


def _annex_missing(lines: list[str], sections: Sections) -> list[UnreadLine]:
    """An annex the decision announces that the document stops before.

    Handles, between "DECIDE :" and "(Adopté)"::

        ... telles que présentées en annexe 1, pour un montant total de 153 916 €,  (000)
        ... selon la répartition financière reprise en annexes 4,
        5 et 6 à la présente délibération.                                         (003)
        ... dans les termes des projets types joints en annexe n°7 et 8 ...         (003)
        ... présentés en annexe 2 pour un montant total de 7 160 596,73 € ...       (004)

    (and, not in the corpus yet, "figurant à l'annexe n° 3", "la convention ci-annexée",
    "le projet joint en annexe"), and after the decision the headings " Annexe 1 " (000),
    "Annexe 4: APPEL A PROJETS ..." (003), "ANNEXE 6 - DETAIL FINANCEMENTS ..." (004),
    "Annexe N°2 – Fiche projet" (004), or "ANNEXE II", "**Annexe n° 3**".

    Conservative, because most annexes of the corpus have no such heading: 000 titles only
    its "Annexe 1" (annexes 2 and 3 are "2. Accès au logement ...", "3. Autonomie ...", 5 is
    "AVENANT A LA CONVENTION"), 001 titles none of its two, 003 neither 1 nor 6, 004 only
    "ANNEXE 6" (annexes 2 to 5 are "Thématique 1 ... Propositions 2026", 7 is "CONVENTION"),
    and the conventions bring their own "ANNEXE 1 : Obligations ...". An announced annex
    without its heading is therefore not a finding by itself; two things must hold:

    * the document visibly stops, as the report rule sees it: the decision announces the
      President's report ("ci-annexé") and no "RAPPORT N°" heading follows. The report
      closes every deliberation and the annexes lie between the decision and the report,
      so with the report present every annex was printed, under whatever wording. This
      also settles the undecidable case (annexes referenced, no annex heading at all in
      the document): a finding only when the announced report is missing too. The finding
      adds to the report's where the document stops;
    * the annex is not reached: annexes are printed in their order, so a heading of annex
      N after the decision (or any annex heading, for an annex announced without number)
      means the document went past every announced annex up to N, titled or not.

    One finding per document, on the line announcing the first annex not reached (the
    others are listed): the cut lies before it. It may name an annex printed without a
    heading (004 cut before its "ANNEXE 6" names annex 2, whose text is there under
    "Thématique 1"), hence "introuvable", not "absente". A document without "(Adopté)" has
    no known decision bounds and is left to the report rule.
    """
    if sections.decision_end is None or _report_announced_and_missing(lines, sections) is None:
        return []
    start = sections.decide_start if sections.decide_start is not None else 0
    announced: dict[int | None, int] = {}
    text = "\n".join(lines[start : sections.decision_end + 1])
    for m in _ANNEX_REF_RE.finditer(text):
        if _EXTERNAL_RE.match(text, m.end()):
            continue
        for offset, number in _annex_numbers(m.group(1)):
            if number is not None:
                announced.setdefault(number, start + text.count("\n", 0, m.start(1) + offset))
    for i in range(start, sections.decision_end + 1):
        if _ANNEX_UNNUMBERED_RE.search(lines[i]) and not _REPORT_ANNOUNCED_RE.search(lines[i]):
            announced.setdefault(None, i)
            break
    headings = [
        number
        for line in lines[sections.decision_end + 1 :]
        if (m := _ANNEX_HEADING_RE.match(line))
        for _, number in _annex_numbers(m.group(1))
    ]
    reached = max((n for n in headings if n is not None), default=0)
    missing = sorted(n for n in announced if n is not None and n > reached)
    if missing:
        first = missing[0]
        name, title = f"l'annexe {first}", f"« Annexe {first} » ni d'annexe suivante"
        others = f" (annexes annoncées introuvables : {', '.join(map(str, missing))})" if missing[1:] else ""
    elif None in announced and not headings:
        first, name, title, others = None, "l'annexe", "« Annexe »", ""
    else:
        return []
    at = announced[first]
    return [
        UnreadLine(
            at + 1,
            _text(lines, at),
            f"{PREFIX}{name} annoncée ligne {at + 1} est introuvable : aucun titre {title} après la "
            f"décision, et le document s'arrête ligne {len(lines)} sans le rapport du Président{others}",
        )
    ]


def check_completeness(
    lines: list[str], sections: Sections, fiches: list[Fiche], plan: list[PlanRow]
) -> list[UnreadLine]:
    """Everything the document announces or opens and does not show, in line order."""
    found = _report_missing(lines, sections) + _annex_missing(lines, sections)
    found += _last_fiche_open(lines, fiches) + _plan_cut(lines, plan)
    for fiche in fiches:
        found += _fiche_budget(lines, fiche)
    return sorted(found, key=lambda u: u.ligne)
