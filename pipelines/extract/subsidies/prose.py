"""Grants written in sentences, in the annexes' prose of the report (000).

::

    Dans ce cadre, il est proposé de financer le CCAS Courcelles-lès-Lens pour la mise en
    œuvre de cette mission et pour un total de 6 560 €, ...

Read only where no annex table lists the structures; see :func:`parse_prose_grants`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import AMOUNT_PATTERN, COUNT_PATTERN, AmountError, parse_amount, parse_count
from ..records import UnreadLine
from ..sections import Sections
from .common import Grant, OperationHeading

_BULLETS = "\uf0b7\u2022\u25aa\u2013-•"
_AMOUNT = rf"(?P<amount>{AMOUNT_PATTERN})"  # read back by parse_amount
_PROSE_RULES = (
    # "il est proposé de financer le CCAS Courcelles-lès-Lens pour la mise en œuvre de cette
    #  mission et pour un total de 6 560 €"
    re.compile(
        r"proposé de financer\s+(?:le |la |les |l['’]\s*)?(?P<structure>[^.;]{2,80}?)\s+pour la mise\s+en"
        r"\s*[œo]e?uvre[^.;€]{0,120}?pour un total de\s+" + _AMOUNT
    ),
    # "... demande de financement FAJ Collectifs portée par la Fabrique Défi de Calais, il est
    #  proposé ... pour un montant de 5 147,96 €"
    re.compile(
        r"portée par\s+(?:le |la |l['’]\s*)?(?P<structure>[^,.;]{2,80}?),[^.;€]{0,200}?pour un montant de\s+"
        + _AMOUNT
    ),
    # "L'association Béthune Bas-carbone a déposé une demande ... il est proposé ... de valider
    #  le financement de cette action pour un montant de 3 100 €"
    re.compile(
        r"(?:L['’]\s*association"
        r"|La structure)\s+(?P<structure>[^.;]{2,80}?)\s+a déposé une demande[^€]{0,700}?"
        r"financement de cette action pour un montant de\s+" + _AMOUNT
    ),
)
# A bullet of a list of conventions: " Pas-de-Calais Habitat pour un total de 30 000€ soit 15
# solutions logement ..."
_BULLET_RULE = re.compile(
    rf"^\s*[{_BULLETS}]?\s*(?P<structure>[^\s{_BULLETS}].{{1,80}}?)\s+pour un total de\s+"
    + _AMOUNT
    + rf"\s*soit\s+(?P<count>{COUNT_PATTERN})\s+(?P<unit>[^\s,.]+(?:\s+(?:renforcées|logements?))?)",
    re.DOTALL,
)


@dataclass(frozen=True)
class _GrantSentence:
    """A sentence (or bullet) that one rule read: the match, and where its structure starts."""

    match: re.Match[str]
    count: Decimal | None  # "soit 15 solutions logement" -> 15
    unit: str | None
    structure_at: int  # offset in the joined text


def parse_prose_grants(
    lines: list[str],
    sections: Sections,
    headings: list[OperationHeading],
    unread: list[UnreadLine] | None = None,
) -> list[Grant]:
    """Amounts granted to a named structure in the annexes' prose (only when no table gives them).

    Rules (each names the structure and the amount in one sentence or one bullet)::

        Dans ce cadre, il est proposé de financer le CCAS Courcelles-lès-Lens pour la mise en
        œuvre de cette mission et pour un total de 6 560 €, ...
         Pas-de-Calais Habitat pour un total de 30 000€ soit 15 solutions logement ...
        ... demande de financement FAJ Collectifs portée par la Fabrique Défi de Calais, il est
        proposé ... pour un montant de 5 147,96 €

    A paragraph may state a fund's endowment ("abonder ce fonds à hauteur de 500 000 €")
    without a structure financed: nothing is read there. The operation and thématique are
    those of the "Opération N : titre" heading above. An amount that cannot be read is not
    a grant; it goes to ``unread`` when given.
    """
    start = (sections.decision_end or 0) + 1
    end = sections.report_start if sections.report_start is not None else len(lines)
    idx = [i for i in range(start, end) if lines[i].strip()]
    offsets, text = [], ""
    for i in idx:
        offsets.append(len(text))
        text += lines[i].strip() + " "

    def line_of(pos: int) -> int:
        return idx[bisect_right(offsets, pos) - 1] + 1

    found: dict[int, _GrantSentence] = {}  # by position of the amount in the text
    for rule in _PROSE_RULES:
        for m in rule.finditer(text):
            found.setdefault(m.start("amount"), _GrantSentence(m, None, None, m.start("structure")))
    for n, i in enumerate(idx):
        # bullets are read line by line: a list may have no blank line between its items
        m = _BULLET_RULE.match(
            lines[i].strip() + " " + (lines[idx[n + 1]].strip() if n + 1 < len(idx) else "")
        )
        if m and m.start("amount") < len(lines[i].strip()):
            found.setdefault(
                offsets[n] + m.start("amount"),
                _GrantSentence(
                    m, parse_count(m.group("count")), m.group("unit"), offsets[n] + m.start("structure")
                ),
            )
    grants = []
    for pos in sorted(found):
        g = found[pos]
        m = g.match
        line = line_of(pos)
        heading = next((h for h in reversed(headings) if h.start < line), None)
        try:
            amount = parse_amount(m.group("amount"))
        except AmountError as exc:
            if unread is not None:
                unread.append(
                    UnreadLine(line, " ".join(m.group(0).split())[:400], f"subvention (texte) : {exc}")
                )
            continue
        grants.append(
            Grant(
                source="texte",
                tableau=None,
                thematique=heading.thematique if heading else None,
                operation=heading.titre if heading else None,
                dispositif_code=None,
                territoire=None,
                structure=" ".join(m.group("structure").split()),
                complement=None,
                quantite=g.count,
                unite=g.unit,
                montant_eur=amount,
                ligne_debut=line_of(g.structure_at),
                ligne=line,
                extrait=" ".join(m.group(0).split())[:400],
            )
        )
    return grants
