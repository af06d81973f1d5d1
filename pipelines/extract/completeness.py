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
* a contract's financial table has rows after its last "TOTAUX" / total row.

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


def _text(lines: list[str], index: int) -> str:
    return lines[index].strip() if 0 <= index < len(lines) else ""


def _report_missing(lines: list[str], sections: Sections) -> list[UnreadLine]:
    if sections.report_start is not None:
        return []
    end = sections.decision_end if sections.decision_end is not None else len(lines) - 1
    announced = next((i for i in range(end + 1) if _REPORT_ANNOUNCED_RE.search(lines[i])), None)
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


def check_completeness(
    lines: list[str], sections: Sections, fiches: list[Fiche], plan: list[PlanRow]
) -> list[UnreadLine]:
    """Everything the document announces or opens and does not show, in line order."""
    found = _report_missing(lines, sections) + _last_fiche_open(lines, fiches) + _plan_cut(lines, plan)
    for fiche in fiches:
        found += _fiche_budget(lines, fiche)
    return sorted(found, key=lambda u: u.ligne)
