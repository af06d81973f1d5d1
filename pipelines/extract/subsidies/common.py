"""What the layouts share: the records, the operation headings and the article totals.

The report names each operation, and the decision states each thématique's total::

    Opération 2 : Accompagnement socio-professionnel des bénéficiaires du RSA (dispositif 5.10)
    Article 3 : De valider le financement des 3 opérations de la thématique 4 « Autonomie et
    inclusion des jeunes » ... pour un montant total de 402 247,96€

Every layout returns :class:`Grant` rows and :class:`PrintedTotal` totals, and names the
operation of a row by its heading (:func:`match_dispositif`, :func:`operation_for_total`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..articles import split_articles
from ..numbers import find_amounts
from ..records import fold
from ..sections import Sections


@dataclass(frozen=True)
class Grant:
    """One structure-operation financed, as printed."""

    source: str  # 'tableau' (annex table) or 'texte' (prose)
    tableau: int | None  # 1-based line of the table's first row, None for prose
    thematique: str | None
    operation: str | None
    dispositif_code: str | None
    territoire: str | None
    structure: str
    complement: str | None
    quantite: Decimal | None
    unite: str | None
    montant_eur: Decimal
    ligne_debut: int  # first line of the row (or of the sentence)
    ligne: int  # line where the amount is printed
    extrait: str


@dataclass(frozen=True)
class PrintedTotal:
    """A total printed by the deliberation: a table, a thématique, a territory, an article."""

    portee: str  # 'tableau' | 'thematique' | 'territoire' | 'general' | 'article'
    tableau: int | None
    thematique: str | None
    libelle: str
    montant_eur: Decimal
    quantite: Decimal | None
    ligne: int


_THEME_RE = re.compile(r"th[ée]matique\s+(\d+)", re.IGNORECASE)
_OPERATION_HEAD_RE = re.compile(r"^\s*Op[ée]rations?\s+(\d+)(?:\s+et\s+\d+)?\s*:\s*(.+?)\s*$")
_DISPOSITIF_RE = re.compile(r"\(dispositif\s+(\d+\.\d+)\)")
# the units of a count of places, posts... ("9 669 places", "6,80 ETP"), read by numbers.find_counts
COUNT_UNITS = r"places?|postes?|mesures?|solutions?|ETP|personnes|accompagnements?"
# an annex cell naming an operation: "Opération 2 : ...", "Operations 3 :"
OPERATION_LABEL_RE = re.compile(r"^Op[ée]rations?\s*\d+\s*:")


def parse_article_totals(lines: list[str], sections: Sections) -> list[PrintedTotal]:
    """The total of each thématique stated by the articles of the decision.

    ``Article 3 : De valider le financement des 3 opérations de la thématique 4 « Autonomie et
    inclusion des jeunes » ... pour un montant total de 402 247,96€`` -> thématique 4,
    402 247,96 €. An article that names no thématique, or states several amounts, gives none.
    """
    out = []
    for number, start, end in split_articles(lines, sections):
        text = "\n".join(lines[start:end])
        themes = set(_THEME_RE.findall(text))
        amounts = find_amounts(text)
        if len(themes) != 1 or len(amounts) != 1 or amounts[0].value is None:
            continue
        m = amounts[0]
        quoted = re.search(r"«\s*(.+?)\s*»", text, re.DOTALL)
        out.append(
            PrintedTotal(
                portee="article",
                tableau=None,
                thematique=themes.pop(),
                libelle=f"Article {number}" + (f" : {' '.join(quoted.group(1).split())}" if quoted else ""),
                montant_eur=m.value,
                quantite=None,
                ligne=start + text.count("\n", 0, m.start()) + 1,
            )
        )
    return out


@dataclass(frozen=True)
class OperationHeading:
    thematique: str | None
    numero: int
    titre: str
    dispositif_code: str | None
    start: int  # 0-based
    end: int  # 0-based, exclusive


def find_operation_headings(lines: list[str], themes: list[str]) -> list[OperationHeading]:
    """Every "Opération N : titre" heading outside the tables, with the text it governs.

    Numbering restarts at "Opération 1" for each thématique: the k-th run of operations
    belongs to the k-th thématique named by the articles (``themes``, in their order).
    A heading ending with "(dispositif 5.10)" gives its dispositif code.
    """
    heads = []
    for i, line in enumerate(lines):
        if "\t" in line:
            continue
        m = _OPERATION_HEAD_RE.match(line)
        if m:
            title = m.group(2)
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if nxt and (title.endswith("-") or nxt[0].islower()):
                title = title + ("" if title.endswith("-") else " ") + nxt
            heads.append((i, int(m.group(1)), title))
    out: list[OperationHeading] = []
    run = -1
    previous = None
    for k, (i, numero, titre) in enumerate(heads):
        if previous is None or numero <= previous:
            run += 1
        previous = numero
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        code = _DISPOSITIF_RE.search(titre)
        title = " ".join(_DISPOSITIF_RE.sub("", titre).split())
        theme = themes[run] if 0 <= run < len(themes) else None
        out.append(OperationHeading(theme, numero, title, code.group(1) if code else None, i, end))
    return out


def operation_for_total(
    total: Decimal, headings: list[OperationHeading], lines: list[str]
) -> OperationHeading | None:
    """The one operation whose text states ``total`` (with €), if exactly one does."""
    found = [
        h for h in headings if total in _amounts_stated("\n".join(lines[h.start : min(h.end, h.start + 120)]))
    ]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=256)
def _amounts_stated(text: str) -> frozenset[Decimal]:
    """The amounts (with €) of an operation's text: read once, asked for each total of a table."""
    return frozenset(m.value for m in find_amounts(text) if m.value is not None)


def _title_key(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 2} - {
        "operation",
        "contrepartie",
        "fse",
        "des",
        "les",
        "dans",
        "pour",
        "aux",
    }


def match_dispositif(
    label: str, headings: list[OperationHeading], theme: str | None
) -> OperationHeading | None:
    """The report's "Opération k : titre (dispositif X.Y)" that an annex operation label names.

    Annex numbering drifts from the report's, so titles are compared: a title matches when
    at least 80 % of the words of the shorter one are shared; among matches, the closest
    (shared words over all the words of both) wins. A tie between two codes: none.
    """
    title = OPERATION_LABEL_RE.sub("", label).strip(" -:")
    key = _title_key(title)
    scored: list[tuple[float, OperationHeading]] = []
    for h in headings:
        if h.dispositif_code is None or (theme and h.thematique and h.thematique != theme):
            continue
        other = _title_key(h.titre)
        if key and other and len(key & other) / min(len(key), len(other)) >= 0.8:
            scored.append((len(key & other) / len(key | other), h))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    codes = {h.dispositif_code for score, h in scored if score == best}
    return next(h for score, h in scored if score == best) if len(codes) == 1 else None
