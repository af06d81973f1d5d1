"""Indicator targets of a contract: baseline (situation au 31/12/2023) and target per year.

Three layouts, all tables cut one cell per line, the names wrapped over many lines:

* the table of actions and local indicators (Annexe 1 of the CLS)::

      Actions Indicateurs locaux Situation au 31 déc. 2023 Cible 2024 Résultat atteint en 2024 ...
      Axe 1 Prévenir la pauvreté et lutter contre les inégalités dès l’enfance
      Action 1.1 :
      Accueil de
      proximité, ...                      <- the action's title, up to the first blank line
      Nombre de jeunes NEET               <- an indicator's name...
       300 600   600  600   600           <- ...closed by its figures: baseline, 2024..2027

* the national targets of a fiche action::

      Indicateurs cibles (référentiel national)
      Indicateur Situation au 31/12/2023 Cible 2024 Cible 2025 Cible 2026 Cible 2027
      Nombre de
      jeunes de 16 ...
      600 1 100 1 100 1 100 1 100

* figures may run over several lines (``474 600`` / ``700  700`` / ``700``) and a name
  may go on after its figures; text left after the last figures of a block goes back to
  the previous indicator when it opens with "(" or in a fiche, else to the action title.

The figures are read with :func:`split_amount_cells` (one reading or none): baseline plus
one target per year, or baseline plus target and result per year when results are filled.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .fiches import AXE_RE, Fiche
from .numbers import (
    AmbiguousAmounts,
    has_wide_gap,
    mentions_money,
    split_amount_cells,
    split_trailing_figures,
)
from .records import UnreadLine

_LOCAL_HEADER_RE = re.compile(r"Indicateurs\s+locaux", re.IGNORECASE)
_NATIONAL_HEADER_RE = re.compile(r"Indicateurs\s+cibles\s*\(\s*r[ée]f[ée]rentiel\s+national", re.IGNORECASE)
_ACTION_RE = re.compile(r"^\s*Action\s+(\d+\.\d+)\s*:\s*(.*?)\s*$")
_TARGET_YEAR_RE = re.compile(r"Cible(?:\s+locale)?\s+(?:en\s+)?(20\d{2})", re.IGNORECASE)
_RESULT_YEAR_RE = re.compile(r"R[ée]sultat\s+atteint\s+en\s+(20\d{2})", re.IGNORECASE)
_BASELINE_RE = re.compile(
    r"Situation\s+au\s+(\d{1,2})\s*(?:/\s*(\d{1,2})\s*/|d[ée]c(?:\.|embre)?)\s*(20\d{2})", re.IGNORECASE
)
_HEADER_WINDOW = 40
_TABLE_END_RE = re.compile(r"^\s*Budget de l|^\s*(?:Annexe|ANNEXE)\s+\d")


def _table_end(line: str) -> bool:
    """An amount (cents or a euro sign), the budget or an annex: the figures table is over."""
    return mentions_money(line) or bool(_TABLE_END_RE.search(line))


@dataclass
class Indicator:
    source: str  # 'annexe1' (local targets) | 'fiche' (national targets of a fiche)
    referentiel: str  # 'local' | 'national'
    axe_code: str | None
    action_code: str | None
    indicateur: str
    situation_initiale: Decimal | None
    date_situation_initiale: dt.date | None
    cibles: dict[int, tuple[Decimal, int]]  # year -> (target, line)
    resultats: dict[int, tuple[Decimal, int]]
    ligne: int  # first line of the name
    thematique: str | None = None  # national table only


@dataclass
class _Block:
    """An indicator being read: name blocks (split at blank lines) and figure tokens."""

    name_blocks: list[list[tuple[str, int]]] = field(default_factory=list)
    tokens: list[tuple[str, int]] = field(default_factory=list)
    blank_before: bool = True
    single_spaced: bool = True  # no run of 2+ spaces between the figures

    def add_text(self, text: str, line: int) -> None:
        if self.blank_before or not self.name_blocks:
            self.name_blocks.append([])
        self.name_blocks[-1].append((text, line))
        self.blank_before = False

    @property
    def name(self) -> str:
        return " ".join(" ".join(t for block in self.name_blocks for t, _ in block).split())

    @property
    def first_line(self) -> int | None:
        return self.name_blocks[0][0][1] if self.name_blocks else (self.tokens[0][1] if self.tokens else None)


@dataclass(frozen=True)
class Columns:
    baseline_date: dt.date | None
    target_years: tuple[int, ...]
    result_years: tuple[int, ...]


def read_columns(header_text: str) -> Columns:
    """Years of the target and result columns and the baseline date named by a header."""
    m = _BASELINE_RE.search(header_text)
    date = None
    if m:
        month = int(m.group(2)) if m.group(2) else 12
        date = dt.date(int(m.group(3)), month, int(m.group(1)))
    targets = tuple(int(y) for y in _TARGET_YEAR_RE.findall(header_text))
    results = tuple(int(y) for y in _RESULT_YEAR_RE.findall(header_text))
    return Columns(date, targets, results)


def split_figures(line: str) -> tuple[str, list[str]]:
    """A line -> (text, trailing figures): "Nombre de jeunes reçus  3286 3500" -> both parts.

    A line of numbers only is all figures; text followed by two spaces and at least two
    numbers (or one space and at least three) carries both; anything else is text. A
    footnote mark after a number ("6 000*") is dropped (see numbers.split_trailing_figures).
    """
    return split_trailing_figures(line)


def _values(block: _Block, columns: Columns) -> tuple[list | None, str | None]:
    """Cells of the block: baseline + targets, or baseline + (target, result) per year."""
    words = [t for t, _ in block.tokens]
    layouts = [1 + len(columns.target_years)]
    if columns.result_years:
        layouts.append(1 + len(columns.target_years) + len(columns.result_years))
    ambiguous = None
    for n in layouts:
        try:
            cells = split_amount_cells(words, n)
        except AmbiguousAmounts as exc:
            ambiguous = f"chiffres ambigus : {exc}"
            continue
        if cells and all(c.value is not None for c in cells):
            lines, k = [], 0
            for c in cells:
                lines.append(block.tokens[k][1])
                k += len(c.text.split())
            return list(zip([c.value for c in cells], lines, strict=True)), None
    # Fewer figures than columns, all on one line with no wider gap between them: the
    # empty cells are the last ones (an empty cell inside the row would leave a wide gap).
    one_line = len({line for _, line in block.tokens}) == 1
    if one_line and block.single_spaced:
        for n in range(layouts[0] - 1, 1, -1):
            try:
                cells = split_amount_cells(words, n)
            except AmbiguousAmounts:
                continue
            if cells and all(c.value is not None for c in cells):
                return [(c.value, block.tokens[0][1]) for c in cells], None
    if ambiguous:
        return None, ambiguous
    return (
        None,
        f"{len(words)} nombre(s) « {' '.join(words)} » pour {' ou '.join(map(str, layouts))} colonne(s)",
    )


def _indicator(
    block: _Block, columns: Columns, source: str, referentiel: str, axe: str | None, action: str | None
):
    values, why = _values(block, columns)
    if values is None:
        return None, UnreadLine(
            block.tokens[0][1], " ".join(t for t, _ in block.tokens), f"indicateur « {block.name} » : {why}"
        )
    baseline, rest = values[0], values[1:]
    targets: dict[int, tuple[Decimal, int]] = {}
    results: dict[int, tuple[Decimal, int]] = {}
    if len(rest) <= len(columns.target_years):
        targets = dict(zip(columns.target_years, rest, strict=False))
    else:
        for k, year in enumerate(columns.target_years):
            targets[year] = rest[2 * k]
            results[year] = rest[2 * k + 1]
    return (
        Indicator(
            source,
            referentiel,
            axe,
            action,
            block.name,
            baseline[0],
            columns.baseline_date,
            targets,
            results,
            block.first_line,
        ),
        None,
    )


class _Reader:
    """Walks name and figure lines, closing an indicator when text follows its figures."""

    def __init__(self, columns: Columns, source: str, referentiel: str):
        self.columns, self.source, self.referentiel = columns, source, referentiel
        self.axe: str | None = None
        self.action: str | None = None
        self.block = _Block()
        self.done: list[tuple[Indicator, _Block]] = []
        self.unread: list[UnreadLine] = []

    def blank(self) -> None:
        self.block.blank_before = True

    def line(self, raw: str, index: int) -> None:
        text, figures = split_figures(raw)
        continuation = text[:1].islower() and not self.block.blank_before and not figures
        if text and self.block.tokens and not continuation:
            self.close()
        if text:
            self.block.add_text(text, index + 1)
        if figures:
            self.block.single_spaced &= not has_wide_gap(raw)
            self.block.blank_before = False  # a name going on right after its figures continues it
        self.block.tokens += [(t, index + 1) for t in figures]

    def close(self) -> list[list[tuple[str, int]]]:
        """Close the current block; returns its name blocks when it had no figures (orphans)."""
        block, self.block = self.block, _Block()
        if not block.tokens:
            return block.name_blocks
        indicator, unread = _indicator(
            block, self.columns, self.source, self.referentiel, self.axe, self.action
        )
        if indicator:
            self.done.append((indicator, block))
        if unread:
            self.unread.append(unread)
        return []

    def attach_orphans(self, orphans: list[list[tuple[str, int]]], title: list[str] | None) -> None:
        """Text left without figures after the last indicator of a block of rows.

        "(…" goes on the previous indicator's name; in the table of actions other text
        goes on the action's title (the wider column); in a fiche, text that goes on a
        sentence (lower case) continues the previous name, and anything else (the
        heading of what follows) is not part of the table.
        """
        for block in orphans:
            text = " ".join(t for t, _ in block).strip()
            previous = self.done[-1][0] if self.done and self.done[-1][0].action_code == self.action else None
            continues = text.startswith("(") or (title is None and text[:1].islower())
            if previous and continues:
                previous.indicateur = " ".join(f"{previous.indicateur} {text}".split())
            elif title is not None:
                title.append(text)
            else:
                break  # the heading of what follows the table, and all after it


@dataclass(frozen=True)
class Axis:
    axe_code: str
    axe: str
    ligne: int


def parse_local_indicators(
    lines: list[str], stop: int
) -> tuple[list[Indicator], list[Axis], dict[str, str], list[UnreadLine]]:
    """The table of actions and local indicators, up to line index ``stop``.

    Returns the indicators, the axes and action titles the table prints, and the unread
    figures.
    """
    start = next((i for i in range(min(stop, len(lines))) if _LOCAL_HEADER_RE.search(lines[i])), None)
    if start is None:
        return [], [], {}, []
    first_axe = next((i for i in range(start, stop) if AXE_RE.match(lines[i])), stop)
    reader = _Reader(read_columns(" ".join(lines[start:first_axe])), "annexe1", "local")
    titles: dict[str, list[str]] = {}
    axes: list[Axis] = []
    title_open = False

    def finish_action():
        orphans = reader.close()
        reader.attach_orphans(orphans, titles.get(reader.action) if reader.action else None)

    for i in range(first_axe, stop):
        line = lines[i]
        if not line.strip():
            title_open = False
            reader.blank()
            continue
        axe, action = AXE_RE.match(line), _ACTION_RE.match(line)
        if axe or action:
            finish_action()
            if axe:
                reader.axe, reader.action = axe.group(1), None
                axes.append(Axis(axe.group(1), " ".join(axe.group(2).split()), i + 1))
            else:
                reader.action = action.group(1)
                reader.axe = reader.axe or reader.action.split(".")[0]
                titles[reader.action] = [action.group(2)] if action.group(2) else []
                title_open = True
            continue
        if title_open:
            titles[reader.action].append(line.strip())
            continue
        reader.line(line, i)
    finish_action()
    titles_read = {k: " ".join(" ".join(v).split()) for k, v in titles.items()}
    return [ind for ind, _ in reader.done], axes, titles_read, reader.unread


def parse_fiche_indicators(lines: list[str], fiche: Fiche) -> tuple[list[Indicator], list[UnreadLine]]:
    """The national targets table of one fiche action ("Indicateurs cibles (référentiel national)")."""
    start = next(
        (i for i in range(fiche.ligne_debut - 1, fiche.ligne_fin) if _NATIONAL_HEADER_RE.search(lines[i])),
        None,
    )
    if start is None:
        return [], []
    header_end = start + 1
    while header_end < min(start + _HEADER_WINDOW, fiche.ligne_fin) and (
        not lines[header_end].strip()
        or _TARGET_YEAR_RE.search(lines[header_end])
        or re.search(r"Indicateur|Situation|^\s*\d{2}/\d{2}/\d{4}\s*$", lines[header_end])
    ):
        header_end += 1
    reader = _Reader(read_columns(" ".join(lines[start:header_end])), "fiche", "national")
    reader.axe, reader.action = fiche.axe_code, fiche.action_code
    for i in range(header_end, fiche.ligne_fin):
        line = lines[i]
        if _table_end(line) or (line.strip() and line.strip().isupper() and len(line.strip()) > 3):
            break
        if not line.strip():
            reader.blank()
            continue
        reader.line(line, i)
    reader.attach_orphans(reader.close(), None)
    return [ind for ind, _ in reader.done], reader.unread


_NATIONAL_TABLE_HEADER_RE = re.compile(r"^\s*Th[ée]matique\s+Indicateur\b")
_INDICATOR_START_RE = re.compile(r"\bNombre\s+d")


def parse_national_table(lines: list[str]) -> tuple[list[Indicator], list[UnreadLine]]:
    """The table of national indicators of the contract (Thématique | Indicateur | figures).

    Layout read::

        Thématique Indicateur
        Situation au 31 déc. 2023  Cible locale en 2024  Résultat atteint en 2024 ...
        Soutien à la parentalité et aux familles en situation de précarité
        Nombre de familles précaires avec enfants ayant bénéficié d’actions ...
        0 150 150 150 150
        Prévenir les expulsions locatives Nombre de dossiers pris en charge ... 500 750 750 750 750

    The indicator's name starts at "Nombre d..." (the national indicators are counts); the
    text before it is the thématique. A row printed without figures gives no target and
    is recorded as unread.
    """
    start = next((i for i, line in enumerate(lines) if _NATIONAL_TABLE_HEADER_RE.match(line)), None)
    if start is None:
        return [], []
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip()
        or re.search(r"Situation|Cible|R[ée]sultat|atteint|^\s*(?:en\s+)?20\d{2}\s*$|d[ée]c\.", lines[end])
    ):
        end += 1
    reader = _Reader(read_columns(" ".join(lines[start:end])), "tableau_national", "national")
    unread: list[UnreadLine] = []
    i = end
    while i < len(lines) and not _table_end(lines[i]):
        if lines[i].strip():
            reader.line(lines[i], i)
        i += 1
    orphans = reader.close()
    for indicator, block in reader.done:
        words = [(w, line) for b in block.name_blocks for t, line in b for w in t.split()]
        text = " ".join(w for w, _ in words)
        starts = [m.start() for m in _INDICATOR_START_RE.finditer(text)]
        if not starts:
            continue
        # rows printed without figures before this one: recorded, not read
        for a, b in itertools.pairwise(starts):
            unread.append(
                UnreadLine(
                    _line_of(words, a), text[a:b].strip(), "indicateur national sans chiffres dans le tableau"
                )
            )
        indicator.indicateur = text[starts[-1] :].strip()
        indicator.ligne = _line_of(words, starts[-1])
        indicator.thematique = text[: starts[0]].strip() if len(starts) == 1 else None
    for block in orphans:
        words = [(w, line) for t, line in block for w in t.split()]
        text = " ".join(w for w, _ in words)
        for m in _INDICATOR_START_RE.finditer(text):
            unread.append(
                UnreadLine(
                    _line_of(words, m.start()),
                    text[m.start() :],
                    "indicateur national sans chiffres dans le tableau",
                )
            )
    return [ind for ind, _ in reader.done], unread + reader.unread


def _line_of(words: list[tuple[str, int]], offset: int) -> int:
    """Line of the word that starts at character ``offset`` of the words joined by spaces."""
    position = 0
    for word, line in words:
        if position >= offset:
            return line
        position += len(word) + 1
    return words[-1][1]
