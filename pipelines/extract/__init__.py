"""Pure parsing functions: text lines in, plain records out (no dagster, no database)."""

from __future__ import annotations

from dataclasses import dataclass

from .articles import ArticleAmount, ReportAmount, parse_article_amounts, parse_report_amounts
from .budget_tables import BudgetRow, UnreadLine, parse_budget_tables
from .metadata import Metadata, parse_metadata
from .sections import find_sections


@dataclass(frozen=True)
class Extraction:
    metadata: Metadata
    articles: list[ArticleAmount]
    report_amounts: list[ReportAmount]
    budget_rows: list[BudgetRow]
    unread: list[UnreadLine]


def extract_document(lines: list[str]) -> Extraction:
    """Everything issue-3 reads from one deliberation, given its lines."""
    sections = find_sections(lines)
    rows, unread = parse_budget_tables(lines, sections)
    return Extraction(
        metadata=parse_metadata(lines, sections),
        articles=parse_article_amounts(lines, sections),
        report_amounts=parse_report_amounts(lines, sections),
        budget_rows=rows,
        unread=unread,
    )
