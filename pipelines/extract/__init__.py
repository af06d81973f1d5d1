"""Pure parsing functions: text lines in, plain records out (no dagster, no database)."""

from __future__ import annotations

from dataclasses import dataclass

from .articles import ArticleAmount, ReportAmount, parse_article_amounts, parse_report_amounts
from .bilans import BilanFigure, parse_bilans
from .budget_tables import BudgetRow, parse_budget_tables
from .completeness import check_completeness
from .fiches import BudgetCell, Fiche, PlanRow, find_fiches, parse_fiche_budget, parse_financial_plan
from .financial_annex import FinancialCell, parse_financial_annexes
from .indicators import Axis, Indicator, parse_fiche_indicators, parse_local_indicators, parse_national_table
from .ledger import PrintedFigure, find_figures
from .metadata import Metadata, parse_metadata
from .prose import ProseExtraction, parse_prose
from .records import UnreadLine
from .sections import find_sections
from .subsidies import (
    Grant,
    PrintedTotal,
    find_operation_headings,
    parse_article_totals,
    parse_listing_tables,
    parse_pivot_tables,
    parse_prose_grants,
    parse_unread_structure_tables,
)


@dataclass(frozen=True)
class Extraction:
    metadata: Metadata
    articles: list[ArticleAmount]
    report_amounts: list[ReportAmount]
    budget_rows: list[BudgetRow]
    fiches: list[Fiche]
    fiche_budgets: list[BudgetCell]
    financial_plan: list[PlanRow]
    axes: list[Axis]
    indicators: list[Indicator]
    unread: list[UnreadLine]
    grants: list[Grant]
    printed_totals: list[PrintedTotal]
    bilans: list[BilanFigure]
    figures: list[PrintedFigure]  # every amount and percentage printed (the ledger)
    prose: list  # figures written in sentences (pipelines.extract.prose records, each with its categorie)
    financial_cells: list[FinancialCell]  # cells of the Annexe 11 tables and the France Travail plan


def _guarded(unread: list[UnreadLine], what: str, default, parser, *args):
    """Run one parser; if it fails, its part of the document is listed as unread (with the
    exception's message) and the other parsers still read the document."""
    try:
        return parser(*args)
    except Exception as exc:  # noqa: BLE001 - one parser's bug must not cost the whole document
        unread.append(UnreadLine(1, "", f"lecture {what} en échec, non lue : {type(exc).__name__}: {exc}"))
        return default


def extract_document(lines: list[str]) -> Extraction:
    """Everything the parsers read from one deliberation, given its lines.

    No parser error leaves this function: a parser that fails is reported in ``unread``
    (see :func:`_guarded`) and the rest of the document is read. Only the sections and the
    metadata, without which nothing can be placed, may raise.
    """
    sections = find_sections(lines)
    metadata = parse_metadata(lines, sections)
    unread: list[UnreadLine] = []
    rows, budget_unread = _guarded(
        unread, "des tableaux d'imputation", ([], []), parse_budget_tables, lines, sections
    )
    fiches = _guarded(unread, "des fiches action", [], find_fiches, lines)
    plan, plan_unread = _guarded(unread, "du tableau financier", ([], []), parse_financial_plan, lines)
    first_fiche = fiches[0].ligne_debut - 1 if fiches else len(lines)
    indicators, axes, _titles, indicator_unread = _guarded(
        unread, "des indicateurs locaux", ([], [], {}, []), parse_local_indicators, lines, first_fiche
    )
    cells = []
    for fiche in fiches:
        fiche_cells, budget_cells_unread = _guarded(
            unread, f"du budget de la fiche {fiche.action_code}", ([], []), parse_fiche_budget, lines, fiche
        )
        fiche_indicators, targets_unread = _guarded(
            unread,
            f"des cibles de la fiche {fiche.action_code}",
            ([], []),
            parse_fiche_indicators,
            lines,
            fiche,
        )
        cells += fiche_cells
        indicators += fiche_indicators
        unread += budget_cells_unread + targets_unread
    national, national_unread = _guarded(unread, "du tableau national", ([], []), parse_national_table, lines)
    article_totals = _guarded(unread, "des totaux des articles", [], parse_article_totals, lines, sections)
    themes = [t.thematique for t in article_totals]
    headings = _guarded(unread, "des opérations", [], find_operation_headings, lines, themes)
    listing, listing_totals, listing_unread = _guarded(
        unread, "des tableaux de structures", ([], [], []), parse_listing_tables, lines, themes, headings
    )
    pivot, pivot_totals, pivot_unread = _guarded(
        unread, "du tableau croisé", ([], [], []), parse_pivot_tables, lines, headings
    )
    # prose is read only where no annex table lists the structures
    prose = (
        _guarded(
            unread, "des subventions du texte", [], parse_prose_grants, lines, sections, headings, unread
        )
        if not (listing or pivot)
        else []
    )
    bilans, bilan_unread = _guarded(unread, "des bilans", ([], []), parse_bilans, lines)
    table_unread = _guarded(unread, "des tableaux non lisibles", [], parse_unread_structure_tables, lines)
    articles = _guarded(
        unread, "des montants des articles", [], parse_article_amounts, lines, sections, unread
    )
    report_amounts = _guarded(
        unread, "des montants du rapport", [], parse_report_amounts, lines, sections, unread
    )
    # what the document announces or opens and does not show (a document cut short)
    sentences = _guarded(
        unread, "des chiffres écrits dans les phrases", ProseExtraction(), parse_prose, lines
    )
    missing = _guarded(unread, "de la complétude", [], check_completeness, lines, sections, fiches, plan)
    annex_cells, annex_unread = _guarded(
        unread, "des tableaux financiers annexes", ([], []), parse_financial_annexes, lines
    )
    indicators += national
    return Extraction(
        metadata=metadata,
        articles=articles,
        report_amounts=report_amounts,
        budget_rows=rows,
        fiches=fiches,
        fiche_budgets=cells,
        financial_plan=plan,
        axes=axes,
        indicators=indicators,
        unread=sorted(
            budget_unread
            + unread
            + plan_unread
            + indicator_unread
            + national_unread
            + listing_unread
            + pivot_unread
            + bilan_unread
            + table_unread
            + missing
            + sentences.non_lues
            + annex_unread,
            key=lambda u: u.ligne,
        ),
        grants=listing + pivot + prose,
        printed_totals=article_totals + listing_totals + pivot_totals,
        bilans=bilans,
        figures=_guarded(unread, "des chiffres imprimés", [], find_figures, lines),
        prose=sentences.all_figures(),
        financial_cells=annex_cells,
    )
