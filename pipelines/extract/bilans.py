"""Realised figures of the "Bilan 2025" column of a dispositifs table.

Layout read (one row per dispositif, cells separated by tabs, cell text in HTML)::

    <TAB>DISPOSITIFS<TAB>Période de réalisation<TAB>Description
    <TAB><TAB><TAB>Bilan 2025
    2.10<TAB><p>... </p><TAB><p>1er janvier 2026 ...</p><TAB><p>description</p><TAB><p>En 2025, 595
    interventions ont été réalisées par les équipes mobiles ...</p>

The bilan is the cell after the description. Each number followed by a word is a figure
(a verb after the number, as in "6 ont obtenu une sortie positive", leaves the unit "non précisée"):
"595 interventions" -> valeur 595, unite "interventions", indicateur "interventions
réalisées par les équipes mobiles" (the words up to the next punctuation). Years, days of
dates, amounts in euros and article numbers are not figures. A number written with a
misplaced separator ("2 1559", "130.107") is not read: it is returned as unread.

When one row's bilan cell holds k paragraphs and the k − 1 rows after it have no bilan cell,
the paragraphs are the bilans of those k rows, in order. The same holds for a row short of
cells (no période) whose last cell holds exactly k paragraphs, one per row of its run::

    5.1<TAB><p>Contrepartie FSE_...</p><TAB><p>Ce dispositif a été mis en œuvre par 8
    structures...</p><p>La totalité du volet ... 73 structures...</p>...   <- 11 paragraphs
    5.2<TAB><p>Contrepartie FSE_...</p><TAB><p>description</p>             <- 10 rows, no bilan
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import currency_follows, find_malformed_numbers, find_numbers, is_figure, scale_of
from .records import UnreadLine

_HEADER_RE = re.compile(r"\tBilan\s+(\d{4})\s*$")
_CODE_RE = re.compile(r"^\s*(?:<p>)?\s*(\d+\.\d+)\b")
_TAG_RE = re.compile(r"<[^>]+>")
# what follows a figure: "%" or a word (its unit, or a verb); the numbers are read by numbers.find_numbers
_UNIT = r"\s*(%|[A-Za-zÀ-ÿ’'][\w’'-]*)"
_UNIT_RE = re.compile(_UNIT)
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre"
)
_AUXILIARIES = {"ont", "a", "sont", "est", "été", "se", "étaient", "ayant"}
_FUNCTION_WORDS = {
    "dans",
    "et",
    "sur",
    "à",
    "de",
    "du",
    "des",
    "le",
    "la",
    "les",
    "en",
    "au",
    "aux",
    "pour",
    "par",
    "ou",
}
_VERBS = _AUXILIARIES | {"dont", "qui", "bénéficient", "restent", "sont", "ont"}
_NOT_UNITS = {"€", "euros", "h", "heures", "ans", "an", "mois", "km", "er", "e", "ème"}


@dataclass(frozen=True)
class BilanFigure:
    annee: int
    dispositif_code: str
    dispositif: str
    indicateur: str
    valeur: Decimal
    unite: str
    ligne: int
    extrait: str


def _cells(line: str) -> list[str]:
    return [" ".join(_TAG_RE.sub(" ", html.unescape(c)).split()) for c in line.split("\t")]


def _paragraphs(cell_html: str) -> list[str]:
    parts = [p for p in re.split(r"<p[^>]*>", cell_html) if _TAG_RE.sub("", p).strip()]
    return [" ".join(_TAG_RE.sub(" ", html.unescape(p)).split()) for p in parts]


@dataclass(frozen=True)
class SentenceFigure:
    """A realised figure of a bilan text, with the sentence it comes from."""

    valeur: Decimal
    unite: str
    indicateur: str
    phrase: str


@dataclass(frozen=True)
class _DispositifRow:
    """One line of the dispositifs table: its code and name, its "Bilan" cell and its last cell."""

    index: int  # 0-based line
    code: str
    name: str
    bilan: str | None  # html of the "Bilan YYYY" cell, None when the line is short of cells
    last: str | None  # html of the last cell


def _numerator(before: str, whole: Decimal) -> Decimal | None:
    """The ``a`` of "a / b jeunes" when ``before`` ends with "a /": a count no larger than the
    whole it is out of, not itself after a slash (a date "01/01/26" is no fraction)."""
    slash = re.search(r"/\s*$", before)
    if not slash:
        return None
    numbers = find_numbers(before[: slash.start()])
    if not numbers or before[numbers[-1].end : slash.start()].strip():
        return None
    a = numbers[-1]
    if re.search(r"/\s*$", before[: a.start]) or a.value > whole:
        return None
    return a.value


def figures_in(text: str) -> list[SentenceFigure]:
    """Every realised figure of a bilan text: value, unit, what is counted, sentence.

    >>> f = figures_in("En 2025, 595 interventions ont été réalisées par les équipes mobiles.")[0]
    >>> (f.valeur, f.unite, f.indicateur)
    (Decimal('595.00'), 'interventions', 'interventions réalisées par les équipes mobiles')
    """
    out = []
    for sentence in re.split(r"(?<=[.!?;•])\s+|\s+[•-]\s+", text):
        for number in find_numbers(sentence, followed_by=_UNIT):
            integer, decimals, value = number.integer, number.decimals, number.value
            unit_match = _UNIT_RE.match(sentence, number.end)
            unit = unit_match.group(1)
            before = sentence[: number.start]
            if unit.lower() in _NOT_UNITS or re.match(rf"(?:{_MONTHS})\b", unit, re.IGNORECASE):
                continue
            if 1990 <= value <= 2035 and not decimals and integer.isdigit():
                continue  # a year
            if unit.lower() in _FUNCTION_WORDS or re.search(r"\b[A-Z]{2,}\s*$", before):
                continue  # "SIAO 62 analyse": a number inside a name
            if re.search(r"(?:article|loi|n°|annexe|dispositif)\s*$", before, re.IGNORECASE):
                continue
            if currency_follows(sentence, number.start + len(integer)):
                continue
            rest = sentence[unit_match.end() :]
            if scale := scale_of(unit):  # "1 million d'heures" -> 1 000 000 heures
                first, _, rest = rest.strip().partition(" ")
                if first == "de":
                    first, _, rest = rest.partition(" ")
                if not first:
                    continue
                value *= scale
                unit = re.sub(r"^d['’]", "", first)
            words = re.split(r"[,:;()]", rest, maxsplit=1)[0].split()
            tail: list[str] = []
            for w in words[:10]:
                if w.lower() in _AUXILIARIES:
                    continue
                if is_figure(w):
                    break
                tail.append(w)
            indicator = " ".join([unit, *tail[:8]]).strip(" .")
            # "34 / 71 jeunes sont inscrits …": the figure is the 34 jeunes inscrits, out of 71
            if (of := _numerator(before, value)) is not None:
                indicator = f"{indicator} (sur {integer}{',' + decimals if decimals else ''})"
                value = of
            # "6 ont obtenu une sortie positive": what is counted is not written; not guessed
            unite = "%" if unit == "%" else "non précisée" if unit.lower() in _VERBS else unit.lower()
            out.append(SentenceFigure(value, unite, indicator, sentence.strip()))
    return out


def parse_bilans(lines: list[str]) -> tuple[list[BilanFigure], list[UnreadLine]]:
    """Read the "Bilan YYYY" column of every dispositifs table (see the module docstring)."""
    figures: list[BilanFigure] = []
    unread: list[UnreadLine] = []
    header = next(
        ((i, int(m.group(1))) for i, line in enumerate(lines) if (m := _HEADER_RE.search(line))), None
    )
    if header is None:
        return figures, unread
    start, year = header
    rows: list[_DispositifRow] = []
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if "\t" not in line:
            break
        raw_cells = line.split("\t")
        texts = _cells(line)
        non_empty = [k for k, t in enumerate(texts) if t]
        if not non_empty:
            continue
        code_m = _CODE_RE.match(texts[non_empty[0]]) or (
            len(non_empty) > 1 and _CODE_RE.match(texts[non_empty[1]])
        )
        if not code_m:
            break
        code = code_m.group(1)
        name_k = non_empty[0] if texts[non_empty[0]] != code else non_empty[1]
        name = _CODE_RE.sub("", texts[name_k]).strip() or texts[name_k]
        # cells: code, name, période, description, bilan -> the bilan is the 4th cell after the code
        after = [k for k in non_empty if k > name_k]
        bilan = raw_cells[after[2]] if len(after) >= 3 else None
        rows.append(_DispositifRow(i, code, name, bilan, raw_cells[after[-1]] if after else None))
    n = 0
    while n < len(rows):
        row = rows[n]
        i, code, name, bilan, last = row.index, row.code, row.name, row.bilan, row.last
        followers = 0
        while n + 1 + followers < len(rows) and rows[n + 1 + followers].bilan is None:
            followers += 1
        if bilan is None and followers and last and len(_paragraphs(last)) == followers + 1:
            bilan = (
                last  # a row short of cells whose last cell packs the bilans of its run, one paragraph each
            )
        paragraphs = _paragraphs(bilan) if bilan else []
        targets = [(code, name)]
        if followers and len(paragraphs) == followers + 1:
            targets = [(r.code, r.name) for r in rows[n : n + 1 + followers]]
        else:
            paragraphs = [" ".join(paragraphs)] if paragraphs else []
        for (t_code, t_name), text in zip(targets, paragraphs, strict=False):
            cleaned, last = "", 0
            for bad in find_malformed_numbers(text):
                unread.append(
                    UnreadLine(
                        i + 1,
                        text[max(0, bad.start() - 60) : bad.end() + 60],
                        f"bilan {t_code} : nombre mal formé « "
                        f"{bad.group(0)} » (séparateur mal placé), non lu",
                    )
                )
                cleaned, last = cleaned + text[last : bad.start()] + " ", bad.end()
            cleaned += text[last:]
            for f in figures_in(cleaned):
                figures.append(
                    BilanFigure(year, t_code, t_name, f.indicateur, f.valeur, f.unite, i + 1, f.phrase[:400])
                )
        n += 1 + (followers if len(targets) > 1 else 0)
    return figures, unread
