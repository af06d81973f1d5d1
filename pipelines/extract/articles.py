"""Amounts decided in the articles of a deliberation.

Layout read (between "DECIDE :" and the vote):

    Article 3     :
    De valider le financement des 3 opérations de la thématique 4 « Autonomie et inclusion
    des  jeunes »  telles  que  présentées en  annexe  3,  pour  un  montant  total  de  402
    247,96€,  aux structures et selon la répartition financière ...

-> article 3, 402 247,96 €, libellé « Autonomie et inclusion des jeunes », at the line
where "402" is printed. Amounts without a currency (the cells of the imputation table
under "Article 6") are not article amounts; "80 000 euros", "2 M€" are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import find_amounts
from .records import UnreadLine
from .sections import Sections

_ARTICLE_RE = re.compile(r"^\s*(?:\*\*)?\s*Article\s+(\d+)\s*(?:\*\*)?\s*(?::|$)", re.IGNORECASE)
_QUOTED_RE = re.compile(r"«\s*(.+?)\s*»", re.DOTALL)
_VOTE_RE = re.compile(r"Dans les conditions de vote", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleAmount:
    article: int
    libelle: str
    montant_eur: Decimal
    ligne: int  # 1-based


def split_articles(lines: list[str], sections: Sections) -> list[tuple[int, int, int]]:
    """``(article number, first line index, end index exclusive)`` for each article heading
    of the decision ("Article 1 :", "Article   4     :", "**Article 2 :**")."""
    if sections.decide_start is None:
        return []
    stop = sections.decision_end if sections.decision_end is not None else len(lines)
    for i in range(sections.decide_start, stop):
        if _VOTE_RE.search(lines[i]):
            stop = i
            break
    heads = [
        (int(m.group(1)), i) for i in range(sections.decide_start, stop) if (m := _ARTICLE_RE.match(lines[i]))
    ]
    return [
        (num, start, heads[k + 1][1] if k + 1 < len(heads) else stop) for k, (num, start) in enumerate(heads)
    ]


def _label(text: str, amount_offset: int) -> str:
    """The quoted label of the article (« ... ») or, failing that, its text before the amount."""
    m = _QUOTED_RE.search(text)
    raw = m.group(1) if m else _ARTICLE_RE.sub("", text[:amount_offset], count=1)
    return " ".join(raw.split())


def parse_article_amounts(
    lines: list[str], sections: Sections, unread: list[UnreadLine] | None = None
) -> list[ArticleAmount]:
    """Every amount followed by a currency in the text of each article of the decision.

    An amount found but illegible is not read; it goes to ``unread`` when given.
    """
    out: list[ArticleAmount] = []
    for number, start, end in split_articles(lines, sections):
        text = "\n".join(lines[start:end])
        for m in find_amounts(text):
            line_index = start + text.count("\n", 0, m.start())
            if m.value is None:
                if unread is not None:
                    unread.append(
                        UnreadLine(line_index + 1, " ".join(m.text.split()), f"article {number} : {m.error}")
                    )
                continue
            out.append(
                ArticleAmount(
                    article=number,
                    libelle=_label(text, m.start()),
                    montant_eur=m.value,
                    ligne=line_index + 1,
                )
            )
    return out


_PROPOSAL_RE = re.compile(r"Il convient de statuer", re.IGNORECASE)
_PROPOSAL_END_RE = re.compile(
    r"^\s*(?:La|Les)\s+(?:d[ée]penses?|recettes?)\b.*\b(?:imput|affect)", re.IGNORECASE
)


@dataclass(frozen=True)
class ReportAmount:
    libelle: str
    montant_eur: Decimal
    ligne: int  # 1-based


def parse_report_amounts(
    lines: list[str], sections: Sections, unread: list[UnreadLine] | None = None
) -> list[ReportAmount]:
    """Amounts the President's report proposes, restating the articles.

    Layout read (end of the report, before its budget table)::

        Il convient de statuer sur cette affaire et, le cas échéant :
         De valider le financement des 3 dispositifs de la thématique 1 « Accompagnement
        des bénéficiaires  du RSA »,  pour  un montant  total  de  2 846  873 €, ...
        La dépense serait imputée sur le budget départemental comme suit :
    """
    if sections.report_start is None:
        return []
    start = next((i for i in range(sections.report_start, len(lines)) if _PROPOSAL_RE.search(lines[i])), None)
    if start is None:
        return []
    end = next((i for i in range(start, len(lines)) if _PROPOSAL_END_RE.match(lines[i])), len(lines))
    text = "\n".join(lines[start:end])
    out = []
    previous_end = 0
    for m in find_amounts(text):
        # the label is the last quoted name printed since the previous amount
        quoted = _QUOTED_RE.findall(text, previous_end, m.start())
        previous_end = m.end()
        line = start + text.count("\n", 0, m.start()) + 1
        if m.value is None:
            if unread is not None:
                unread.append(UnreadLine(line, " ".join(m.text.split()), f"rapport : {m.error}"))
            continue
        out.append(
            ReportAmount(
                libelle=" ".join(quoted[-1].split()) if quoted else "",
                montant_eur=m.value,
                ligne=line,
            )
        )
    return out
