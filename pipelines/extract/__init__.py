"""Pure parsing functions: text lines in, plain records out (no dagster, no database)."""

from __future__ import annotations

from dataclasses import dataclass

from .articles import ArticleAmount, ReportAmount, parse_article_amounts, parse_report_amounts
from .budget_tables import BudgetRow, UnreadLine, parse_budget_tables
from .fiches import BudgetCell, Fiche, PlanRow, find_fiches, parse_fiche_budget, parse_financial_plan
from .ledger import PrintedFigure, find_figures
from .indicators import Axis, Indicator, parse_fiche_indicators, parse_local_indicators, parse_national_table
from .metadata import Metadata, parse_metadata
from .bilans import BilanFigure, parse_bilans
from .sections import find_sections
from .subsidies import (
    Grant, PrintedTotal, find_operation_headings, parse_article_totals, parse_listing_tables, parse_pivot_tables,
    parse_prose_grants, parse_unread_structure_tables,
)  # fmt: skip


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
    figures: list[PrintedFigure]


def extract_document(lines: list[str]) -> Extraction:
    """Everything the parsers read from one deliberation, given its lines."""
    sections = find_sections(lines)
    rows, unread = parse_budget_tables(lines, sections)
    fiches = find_fiches(lines)
    plan, plan_unread = parse_financial_plan(lines)
    first_fiche = fiches[0].ligne_debut - 1 if fiches else len(lines)
    indicators, axes, _titles, indicator_unread = parse_local_indicators(lines, first_fiche)
    cells = []
    for fiche in fiches:
        fiche_cells, budget_unread = parse_fiche_budget(lines, fiche)
        fiche_indicators, targets_unread = parse_fiche_indicators(lines, fiche)
        cells += fiche_cells
        indicators += fiche_indicators
        unread += budget_unread + targets_unread
    national, national_unread = parse_national_table(lines)
    article_totals = parse_article_totals(lines, sections)
    themes = [t.thematique for t in article_totals]
    headings = find_operation_headings(lines, themes)
    listing, listing_totals, listing_unread = parse_listing_tables(lines, themes, headings)
    pivot, pivot_totals, pivot_unread = parse_pivot_tables(lines, headings)
    # prose is read only where no annex table lists the structures
    prose = parse_prose_grants(lines, sections, headings) if not (listing or pivot) else []
    bilans, bilan_unread = parse_bilans(lines)
    table_unread = parse_unread_structure_tables(lines)
    indicators += national
    return Extraction(
        metadata=parse_metadata(lines, sections),
        articles=parse_article_amounts(lines, sections),
        report_amounts=parse_report_amounts(lines, sections),
        budget_rows=rows,
        fiches=fiches,
        fiche_budgets=cells,
        financial_plan=plan,
        axes=axes,
        indicators=indicators,
        unread=sorted(
            unread + plan_unread + indicator_unread + national_unread + listing_unread + pivot_unread + bilan_unread
            + table_unread,
            key=lambda u: u.ligne,
        ),
        grants=listing + pivot + prose,
        printed_totals=article_totals + listing_totals + pivot_totals,
        bilans=bilans,
        figures=find_figures(lines),
    )
