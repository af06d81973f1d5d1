"""The tab-separated pivot table of the financing by structure (Annexe 6 of 004).

Header and lines (the columns drift from line to line, so each cell is recognised by what
it holds)::

    TERRITOIRE<TAB>THEMATIQUE<TAB>OPERATION<TAB>STRUCTURE<TAB>COMPLEMENTS D'INFORMATION<TAB>...<TAB>Somme de MONTANT RETENU
    ARRAGEOIS<TAB>THEMATIQUE 1 : ...<TAB>Opération 2 : ...<TAB>CC Osartis Marquion<TAB>434 places<TAB>...<TAB>393 840,00 €
    Total général<TAB>...<TAB>14 256 065,96 €

The amount column is read as a whole (:func:`_parse_amount_column`); see
:func:`parse_pivot_tables`.
"""  # noqa: E501

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..numbers import find_counts, read_amount_cell
from ..records import UnreadLine, amount_text, fold
from ..territories import is_territory_only
from .common import COUNT_UNITS, OPERATION_LABEL_RE, Grant, OperationHeading, PrintedTotal, match_dispositif

_PIVOT_HEADER_RE = re.compile(r"TERRITOIRE\t.*STRUCTURE\t.*MONTANT", re.IGNORECASE)
_PIVOT_THEME_RE = re.compile(r"^THEMATIQUE\s+(\d+)\s*:", re.IGNORECASE)
_PIVOT_TOTAL_RE = re.compile(r"^Total\s+(.+?)\s*$", re.IGNORECASE)
_CONVENTION_RE = re.compile(r"^(?:CONVENTION|AVENANT)\b", re.IGNORECASE)
_COMPLEMENT_RE = re.compile(r"^\(vide\)$|^plateforme de mobilit", re.IGNORECASE)
_COMPLEMENT_UNITS = (
    r"places?|postes?|ETP|personnes|accompagnements?|solutions?"  # "84 places", read by find_counts
)


def _is_complement(cell: str) -> bool:
    return bool(_COMPLEMENT_RE.search(cell) or find_counts(cell, _COMPLEMENT_UNITS))


def count_items(complement: str) -> int:
    """How many rows a complement cell holds: "16 postes ... 24 postes ..." -> 2, while
    "1 ETP pour 136 DSP et 57 places" -> 1 (a count after "pour" / "et" details the first)."""
    counts = [
        m
        for m in find_counts(complement, COUNT_UNITS)
        if not re.search(r"\b(?:pour|et)\s+$", complement[: m.start])
    ]
    return max(1, len(counts))


@dataclass
class _PivotLine:
    """One line of a pivot table, its cells recognised by what they hold."""

    ligne: int  # 1-based
    text: str
    amounts: list[Decimal]
    structures: list[str]
    complements: list[str]
    total_label: str | None  # "THEMATIQUE 1 : ...", "BOULONNAIS", "général"
    theme: str | None  # a "THEMATIQUE n :" cell
    operation: str | None
    territory: str | None


@dataclass(frozen=True)
class _Tok:
    """An amount of the pivot's amount column, or a "Total <territoire>" line printed without one."""

    k: int  # rank in the column
    line: _PivotLine
    pos: int  # rank among the amounts of its line
    value: Decimal | None  # None: a territory total label without an amount


# a parse of the amount column: costs of the readings that explain an amount by noise
_COST_REPEAT = 1  # an amount printed again (the same sub-total twice, a total copied)
_COST_SHORT = 1  # a sub-total whose rows in the text miss an amount
_COST_COMPUTED = 1  # a total that is not printed (computed from its parts)
_COST_MISMATCH = 2  # a territory total printed on its "Total <territoire>" line that is not the sum
_COST_BLOB = 5  # a thématique closed by a territory total without its own total printed
_MAX_GROUP = 30
_MAX_COST = 12  # the walk gives up a partial reading that costs more
_REACH = 60  # amounts within which a territory's total is printed
# The work the walks of one table may do, in steps weighted by the entries open at each step
# (a step's work grows with them). 004 takes ~150 000. Of 220 altered copies of its pivot (amounts
# x10, /10, one cent off, lines deleted, repeated or swapped, totals removed), 215 are read within
# the budget (the costliest: 4.5 million, ~8 s) and 5 were still walking after 8 million (the two
# waited for: over 4 minutes each). A table whose cheapest reading is not known within the budget
# is not read, with the reason, instead of stalling the build: ~9 s at most on this machine, and
# the same answer on every machine (the work is counted, not timed).
_MAX_STEPS = 5_000_000


class _TooManyReadings(Exception):
    """The amount column has too many readings to find the cheapest within the work budget."""

    def __init__(self, steps: int):
        super().__init__(steps)
        self.steps = steps


def _pivot_lines(lines: list[str], start: int) -> tuple[list[_PivotLine], list[UnreadLine], int]:
    """The table's lines from the header to the first line that is neither tabbed nor amounts."""
    out: list[_PivotLine] = []
    unread: list[UnreadLine] = []
    seen: dict[tuple[str, ...], int] = {}
    end = len(lines)
    for i in range(start + 1, len(lines)):
        raw = lines[i]
        if not raw.strip():
            continue
        cells = [" ".join(c.split()) for c in raw.split("\t") if c.strip()]
        if "\t" not in raw and read_amount_cell(raw) is None:
            end = i
            break
        key = tuple(cells)
        if len(key) > 2 and (key in seen or any(set(key) <= set(k) for k in seen if len(k) >= len(key))):
            first = seen.get(key) or next(v for k, v in seen.items() if set(key) <= set(k))
            unread.append(
                UnreadLine(i + 1, " | ".join(cells)[:300], f"répétition de la ligne {first} du tableau")
            )
            continue
        seen[key] = i + 1
        row = _PivotLine(i + 1, " | ".join(cells), [], [], [], None, None, None, None)
        for cell in cells:
            if (cell_amounts := read_amount_cell(cell)) is not None:
                row.amounts += cell_amounts
            elif t := _PIVOT_TOTAL_RE.match(cell):
                row.total_label = t.group(1)
            elif m := _PIVOT_THEME_RE.match(cell):
                row.theme = m.group(1)
            elif OPERATION_LABEL_RE.match(cell):
                row.operation = cell
            elif _CONVENTION_RE.match(cell):
                continue
            elif is_territory_only(cell) and cell.isupper():
                row.territory = cell
            elif _is_complement(cell):
                row.complements.append(cell)
            else:
                row.structures.append(cell)
        out.append(row)
        if row.total_label and fold(row.total_label).startswith("general"):
            end = i + 1
            break
    return out, unread, end


def _is_territory_total(label: str | None) -> bool:
    return bool(label) and not _PIVOT_THEME_RE.match(label) and not fold(label).startswith("general")


class _Entry(NamedTuple):
    """A value at the level of a thématique: a sub-total with its rows, or a row alone."""

    value: Decimal  # (in whole units of the smallest amount printed while the solver walks)
    head: int | None  # token of the printed sub-total (None: a row alone)
    rows: tuple[int, ...]  # tokens of the rows
    short: bool = False  # the rows miss an amount of the sub-total


# Named tuples, not dataclasses: the solver below hashes its partial readings by the hundred
# thousand (a tuple's hash is computed in C, a dataclass's in Python)
class _Theme(NamedTuple):
    entries: tuple[_Entry, ...]
    total: int | None  # token of the printed total, None when not printed


class _Territory(NamedTuple):
    themes: tuple[_Theme, ...]
    total: int | None  # token of the printed total (or of the label printed without amount)
    mismatch: bool = False


def _parse_amount_column(
    toks: list[_Tok], max_steps: int | None = None
) -> tuple[list[_Territory], list[int]]:
    """Reads the amount column of a pivot table as the nesting the pivot prints.

    Within a territory, each thématique lists its operations, each operation a sub-total
    followed by its rows (one row: the amount twice), then the thématique's total; the
    territory total closes the territory. The printed labels drift away from their amounts,
    so the nesting is read from the arithmetic alone: the reading that explains every
    amount with the fewest amounts left to noise (an amount printed again, a sub-total whose
    rows miss an amount, a total not printed). Returns the territories and the repeated tokens.

    The column is cut at the "Total <territoire>" lines; each chunk is read as a chain of
    territories, the cheapest chain (ties: the first territory ending first, and so on). The
    search asks for a chain costing 0, then for one costing at most the lower bound the failed
    search returned, and so on; each territory's walk only goes as far in cost as asked (and
    resumes from there when asked more), so the costly readings of a chunk that has a cheap one
    are never walked. The result is the one a walk of every reading would give.

    The walks stop after ``max_steps`` steps in all (``_MAX_STEPS``): :class:`_TooManyReadings`.
    """
    n = len(toks)
    max_steps = _MAX_STEPS if max_steps is None else max_steps
    steps = 0
    # The walk adds and compares amounts by the ten thousand: it does so on whole numbers of the
    # smallest unit printed (cents), exact like the Decimals and several times faster; the
    # readings it returns carry the Decimals of their tokens again (_with_amounts).
    places = max((-t.value.as_tuple().exponent for t in toks if t.value is not None), default=0)
    units = [None if t.value is None else int(t.value.scaleb(max(places, 0))) for t in toks]
    # the largest amount within the next _REACH amounts (infinite when a total label without
    # amount is among them): an open territory must close on one of them
    reach: list[float] = []
    for i in range(n):
        window = units[i : i + _REACH]
        reach.append(math.inf if None in window else max(window))

    def value(k: int) -> int | None:
        return units[k]

    # what depends on one token only, computed once (the walk below reaches each token many times)
    closes_territory = [_is_territory_total(t.line.total_label) for t in toks]
    covered: dict[int, int] = {}
    groups: dict[int, list[int]] = {}
    # A partial reading is keyed by numbers, not by its tuples (hashing them at every step was most
    # of the time): its open entries are a chain of (amount, is a sub-total), all that the rest of
    # the walk looks at, and a chain is numbered by (number of the chain it extends, what it adds).
    # Equal chains, equal numbers. The closed thématiques count by their sum only.
    chains: dict[tuple, int] = {}

    def extend(chain: int, item: tuple) -> int:
        number = chains.get((chain, item))
        if number is None:
            number = chains[(chain, item)] = len(chains) + 1
        return number

    def coverable(open_: tuple[_Entry, ...], open_key: int) -> int:
        """The largest run of rows that a row before them could turn out to sub-total."""
        best_run = covered.get(open_key)
        if best_run is not None:
            return best_run
        best_run = 0
        for j, e in enumerate(open_):
            if e.head is not None:
                continue
            run = 0
            for x in open_[j + 1 :]:
                if x.head is not None or run + x.value >= e.value:
                    break
                run += x.value
            best_run = max(best_run, run)
        covered[open_key] = best_run
        return best_run

    def group_ends(i: int) -> list[int]:
        """The k such that the k amounts after token i add up to it (a sub-total and its rows)."""
        ends = groups.get(i)
        if ends is None:
            ends, a, acc = [], value(i), 0
            for k in range(1, min(_MAX_GROUP, n - i - 1) + 1):
                v = value(i + k)
                if v is None:
                    break
                acc += v
                if acc == a:
                    ends.append(k)
                if acc > a > 0:
                    break
            groups[i] = ends
        return ends

    def territories_from(p: int, previous: int | None):
        """The ways to read one territory starting at token p, walked cost band by cost band.

        Returns ``read(budget)``, which walks on until every reading costing up to ``budget`` is
        known and returns ``(ends, exact)``: end token -> (cost, reading, repeats) for the ends whose
        cheapest reading costs at most ``exact`` (>= budget; infinite once the walk is complete).
        Each end keeps its cheapest reading, the first one in the walk's order among equal costs:
        a reading is ranked by its place in that order (the rank of the partial reading a band
        resumed, then the count of the steps after it), so a later band finds the same reading
        as one walk to the end would."""
        ends: dict[int, tuple[int, tuple[int, ...], _Territory, tuple[int, ...]]] = {}
        memo: dict = {}
        labelled = any(t.line.total_label for t in toks[p:n])
        limit = -1  # the band walked: partial readings costing more wait in `pending`
        prefix: tuple[int, ...] = ()  # the rank of the partial reading the band resumed
        count = 0
        pending: list[tuple[tuple[int, ...], tuple]] = []
        frontier: list[tuple[tuple[int, ...], tuple]] = [((), (p, (), (), None, 0, (), 0, 0, 0))]
        exact: float = -1

        def record(end, cost, terr, reps):
            nonlocal count
            count += 1
            old = ends.get(end)
            if old is None or cost < old[0] or (cost == old[0] and prefix + (count,) < old[1]):
                ends[end] = (cost, prefix + (count,), terr, reps)

        def walk(i, open_, closed, last, cost, reps, s_open, s_closed, open_key):
            # s_open, s_closed: the sums of the open entries and of the closed thématiques' totals;
            # open_key: the number of the chain of the open entries' (value, is a sub-total). What
            # follows a partial reading depends on these and on `last` only, not on which thématiques
            # were closed: the memo keeps, for each, the cheapest (then first) partial reading.
            nonlocal count, steps
            count += 1
            steps += 1 + len(open_)  # the work of a step grows with the entries open
            if steps > max_steps:
                raise _TooManyReadings(steps)
            key = (i, open_key, s_closed if closed else None, last)
            if cost > _MAX_COST or memo.get(key, 99) <= cost:
                return
            if cost > limit:
                pending.append(
                    (prefix + (count,), (i, open_, closed, last, cost, reps, s_open, s_closed, open_key))
                )
                return
            memo[key] = cost
            if i == n:
                if closed and not open_:
                    record(n - 1, cost + _COST_COMPUTED, _Territory(closed, None), reps)
                elif open_ and not closed and not labelled:  # rows without any total
                    record(n - 1, cost + 2 * _COST_COMPUTED, _Territory((_Theme(open_, None),), None), reps)
                return
            a = value(i)
            if a is None:  # "Total <territoire>" printed without an amount
                if open_ or closed:
                    themes = closed + ((_Theme(open_, None),) if open_ else ())
                    record(i, cost + _COST_COMPUTED * (1 + bool(open_)), _Territory(themes, i), reps)
                return
            if (open_ or closed) and s_closed + s_open - coverable(open_, open_key) > reach[i]:
                return
            for k in group_ends(i):  # a sub-total followed by its rows
                entry = _Entry(a, i, tuple(range(i + 1, i + k + 1)))
                walk(
                    i + k + 1,
                    open_ + (entry,),
                    closed,
                    a,
                    cost,
                    reps,
                    s_open + a,
                    s_closed,
                    extend(open_key, (a, True)),
                )
            if open_ and a == s_open:  # the thématique's total
                walk(
                    i + 1,
                    (),
                    closed + (_Theme(open_, i),),
                    a,
                    cost,
                    reps,
                    0,
                    s_closed + a,
                    0,
                )
            elif open_:  # ... after a row that is the sub-total of rows some of which are missing
                for j, e in enumerate(open_):
                    if e.head is not None:
                        continue
                    run = 0
                    for m in range(j + 1, len(open_)):
                        if open_[m].head is not None:
                            break
                        run += open_[m].value
                        if e.value > run and s_open - run == a:
                            rows = tuple(r for x in open_[j + 1 : m + 1] for r in x.rows)
                            merged = open_[:j] + (_Entry(e.value, e.rows[0], rows, True),) + open_[m + 1 :]
                            walk(
                                i + 1,
                                (),
                                closed + (_Theme(merged, i),),
                                a,
                                cost + _COST_SHORT,
                                reps,
                                0,
                                s_closed + a,
                                0,
                            )
            if closed and not open_ and a == s_closed:  # the territory's total
                record(i, cost, _Territory(closed, i), reps)
            if open_ and a == s_closed + s_open:
                record(i, cost + _COST_COMPUTED, _Territory(closed + (_Theme(open_, None),), i), reps)
            if (closed or open_) and closes_territory[i]:
                themes = closed + ((_Theme(open_, None),) if open_ else ())
                record(i, cost + _COST_MISMATCH + _COST_BLOB * bool(open_), _Territory(themes, i, True), reps)
            row = _Entry(a, None, (i,))  # a row
            walk(
                i + 1,
                open_ + (row,),
                closed,
                last,
                cost,
                reps,
                s_open + a,
                s_closed,
                extend(open_key, (a, False)),
            )
            if (i > p and a == value(i - 1)) or a == last or a == previous:  # an amount printed again
                walk(
                    i + 1,
                    open_,
                    closed,
                    last,
                    cost + _COST_REPEAT,
                    reps + (i,),
                    s_open,
                    s_closed,
                    open_key,
                )

        def read(budget: float):
            nonlocal limit, prefix, pending, frontier, exact
            if exact < budget:
                limit = min(budget, _MAX_COST)
                waiting, pending = frontier, []
                for rank, args in waiting:
                    if args[4] > limit:
                        pending.append((rank, args))
                    else:
                        prefix = rank
                        walk(*args)
                frontier = pending
                exact = min((args[4] for _, args in frontier), default=math.inf) - 1
            return {e: (c, terr, reps) for e, (c, _, terr, reps) in ends.items() if c <= exact}, exact

        return read

    readers: dict = {}
    best: dict[int, tuple[int, list[_Territory], list[int]]] = {}
    lower: dict[int, float] = {}

    def solve(p: int, previous: int | None, limit: float):
        """The cheapest reading from token p when it costs at most ``limit`` (cost, territories,
        repeats), else a lower bound of its cost (infinite: no reading). Among readings of equal
        cost, the one whose first territory ends first (then the same rule from there on)."""
        if p >= n:
            return (0, [], [])
        result = best.get(p)
        if result is not None:
            return result if result[0] <= limit else result[0]
        if lower.get(p, 0) > limit:
            return lower[p]
        if p not in readers:
            readers[p] = territories_from(p, previous)
        ends, exact = readers[p](limit)
        low = exact + 1  # an end not known yet costs more than `exact`
        result_end = 0
        # the cheapest first: the first readings found bound the others
        for end, (cost, terr, reps) in sorted(ends.items(), key=lambda x: (x[1][0], x[0])):
            if result is None:
                allowed = limit
            else:
                allowed = min(limit, result[0] if end < result_end else result[0] - 1)
            if cost > allowed:
                low = min(low, cost)
                continue
            total = value(terr.total) if terr.total is not None else None
            rest = solve(end + 1, total, allowed - cost)
            if isinstance(rest, tuple):
                result = (cost + rest[0], [terr] + rest[1], list(reps) + rest[2])
                result_end = end
            else:
                low = min(low, cost + rest)
        if result is not None:
            best[p] = result
            return result
        lower[p] = low
        return low

    # a "Total <territoire>" line closes a territory for sure: the column is read chunk by chunk
    out_t: list[_Territory] = []
    out_r: list[int] = []
    p = 0
    previous = None
    cuts = [
        k for k in range(n) if closes_territory[k] and (k + 1 == n or toks[k + 1].line is not toks[k].line)
    ]
    for cut in cuts + ([n - 1] if not cuts or cuts[-1] != n - 1 else []):
        best.clear()
        lower.clear()
        readers.clear()
        groups.clear()  # they depend on the end of the chunk
        sub = n
        n = cut + 1
        result = solve(p, previous, 0)
        while not isinstance(result, tuple) and result < math.inf:  # the cheapest reading: budget 0, 1...
            result = solve(p, previous, result)
        n = sub
        if not isinstance(result, tuple):
            return [], []
        out_t += result[1]
        out_r += result[2]
        previous = value(out_t[-1].total) if out_t and out_t[-1].total is not None else None
        p = cut + 1
    return [_with_amounts(t, toks) for t in out_t], out_r


def _with_amounts(territory: _Territory, toks: list[_Tok]) -> _Territory:
    """The reading with the printed Decimal of each entry: the amount of its sub-total's token, or
    of its row's (an entry whose rows miss an amount keeps the amount of the row it turned into a
    sub-total)."""

    def entry(e: _Entry) -> _Entry:
        return e._replace(value=toks[e.rows[0] if e.head is None else e.head].value)

    themes = tuple(t._replace(entries=tuple(map(entry, t.entries))) for t in territory.themes)
    return territory._replace(themes=themes)


def _theme_numbers(blocks: list[list[_PivotLine]], counts: list[int]) -> list[list[str]]:
    """The thématique of each total of each territory, in the order printed.

    Thématiques come in ascending order within a territory, but their labels drift by a
    line or more and are sometimes missing. A territory with m thématique totals takes the m
    thématiques, in ascending order, that are labelled in the most territories of the table
    (ties: the ones labelled in this territory)."""
    labelled = [
        {r.theme for r in b if r.theme}
        | {m.group(1) for r in b if r.total_label and (m := _PIVOT_THEME_RE.match(r.total_label))}
        for b in blocks
    ]
    every = sorted({t for s in labelled for t in s}, key=int)
    freq = Counter(t for s in labelled for t in s)
    out = []
    for own, m in zip(labelled, counts, strict=False):
        from itertools import combinations

        options = list(combinations(every, m)) if m <= len(every) else []
        if not options:
            out.append([str(k + 1) for k in range(m)])  # more totals than thématiques: numbered in order
            continue
        out.append(list(max(options, key=lambda c: (sum(freq[t] for t in c), sum(t in own for t in c)))))
    return out


def _amount_column(rows: list[_PivotLine], general: _PivotLine | None) -> list[_Tok]:
    """The amounts of the column in the order printed, up to "Total général", with each
    "Total <territoire>" line printed without an amount as a token of its own."""
    toks: list[_Tok] = []
    for r in rows:
        if r is general:
            break
        for pos, v in enumerate(r.amounts):
            toks.append(_Tok(len(toks), r, pos, v))
        if not r.amounts and _is_territory_total(r.total_label):
            toks.append(_Tok(len(toks), r, 0, None))
    return toks


def _last_token(t: _Territory) -> int:
    if t.total is not None:
        return t.total
    return max(
        k
        for th in t.themes
        for e in th.entries
        for k in (e.rows + ((e.head,) if e.head is not None else ()))
        + ((th.total,) if th.total is not None else ())
    )


def _territory_lines(
    territories: list[_Territory], toks: list[_Tok], rows: list[_PivotLine]
) -> list[list[_PivotLine]]:
    """The lines of each territory (from its first amount to its total), for names and labels."""
    bounds = []
    first = 0
    for t in territories:
        last_tok = _last_token(t)
        bounds.append((first, last_tok))
        first = last_tok + 1
    line_blocks = []
    for lo, hi in bounds:
        lo_line = toks[lo].line.ligne if lo < len(toks) else rows[-1].ligne
        hi_line = toks[hi].line.ligne
        line_blocks.append([r for r in rows if lo_line <= r.ligne <= hi_line])
    return line_blocks


def _row_grant(
    tok: _Tok,
    items: list[_Tok],
    table: int,
    theme: str,
    operation: str | None,
    heading: OperationHeading | None,
    territory: str | None,
) -> Grant:
    """The grant of one amount of a row: the structure printed on its line (the k-th structure
    for the k-th amount when the line prints as many of each), the count of its complement."""
    r = tok.line
    if len(r.structures) == 1 and len(r.amounts) == 1:
        structure = r.structures[0]
    elif r.structures and len(r.structures) == len(items):
        structure = r.structures[items.index(tok)]
    else:
        structure = f"(structure non imprimée sur la ligne, montant {tok.pos + 1})"
    count = find_counts(" ".join(r.complements), COUNT_UNITS)
    one = len(count) == 1 and len(r.amounts) == 1
    return Grant(
        source="tableau",
        tableau=table,
        thematique=theme,
        operation=operation,
        dispositif_code=heading.dispositif_code if heading else None,
        territoire=territory,
        structure=structure,
        complement=" ".join(r.complements) or None,
        quantite=count[0].value if one else None,
        unite=count[0].unit.lower() if one else None,
        montant_eur=tok.value,
        ligne_debut=r.ligne,
        ligne=r.ligne,
        extrait=r.text,
    )


def _short_subtotal(e: _Entry, toks: list[_Tok]) -> UnreadLine:
    """A sub-total whose rows miss an amount: a doubtful reading, listed with the gap (the gap
    is never turned into a grant: no figure that the text does not print)."""
    head = toks[e.head]
    read = sum((toks[k].value for k in e.rows), Decimal(0))
    gap = e.value - read
    lines_of = sorted({toks[k].line.ligne for k in e.rows})
    return UnreadLine(
        head.line.ligne,
        head.line.text,
        f"lecture incertaine : sous-total {amount_text(e.value)} ≠ somme des {len(e.rows)} montants lus "
        f"(l.{lines_of[0]}–{lines_of[-1]}) {amount_text(read)} ; {amount_text(gap)} ne sont détaillés "
        "par aucune ligne du texte",
    )


def _structures_without_their_amount(rows: list[_PivotLine]) -> list[UnreadLine]:
    """A structure printed on a line without an amount, and a cell that stacks several
    structures ("16 postes ... 24 postes ...") over fewer or as many amounts."""
    out = []
    for r in rows:
        if r.structures and not r.amounts and not r.total_label:
            out.append(UnreadLine(r.ligne, r.text, "structure sans montant sur sa ligne"))
        elif (
            r.structures
            and r.amounts
            and max(len(r.structures), sum(count_items(c) for c in r.complements)) > 1
        ):
            n_items = max(len(r.structures), sum(count_items(c) for c in r.complements))
            out.append(
                UnreadLine(
                    r.ligne,
                    r.text,
                    f"plusieurs structures dans une cellule ({n_items} compléments) "
                    f"et {len(r.amounts)} montant(s) : structures appariées aux "
                    "montants dans l'ordre quand leurs nombres concordent",
                )
            )
    return out


def _theme_labels_on_other_amounts(
    toks: list[_Tok], repeats: list[int], used: set[int], totals: list[PrintedTotal]
) -> list[UnreadLine]:
    """A "Total THEMATIQUE n : ..." label printed on a line whose amount is not that total
    (the labels drift off their amounts): listed, since the label carries another figure.
    An amount read as a thématique's or a territory's total on that line is the table's
    layout (a label one line off its total); an operation's sub-total is not: the label of a
    thématique's total then carries the figure of a single operation. An amount printed again
    under the label is the label's total printed twice when thématique n's total, with that
    amount, is printed within two lines; otherwise (a total copied from elsewhere, a block
    printed twice) the label carries another figure."""
    out = []
    closing = {p.ligne for p in totals if p.portee != "operation"}
    for tok in toks:
        r = tok.line
        label = _PIVOT_THEME_RE.match(r.total_label or "")
        if not label or tok.value is None:
            continue
        if tok.k in repeats and any(
            p.portee == "thematique"
            and p.thematique == label.group(1)
            and p.montant_eur == tok.value
            and abs(p.ligne - r.ligne) <= 2
            for p in totals
        ):
            continue
        if tok.k in used and r.ligne in closing:
            continue
        if not any(p.ligne == r.ligne and p.portee == "thematique" for p in totals):
            out.append(
                UnreadLine(
                    r.ligne,
                    r.text,
                    f"libellé « Total {r.total_label[:40]} » sur un montant "
                    f"qui n'est pas ce total ({amount_text(tok.value)})",
                )
            )
    return out


def _table_not_read(rows: list[_PivotLine], why: str) -> list[UnreadLine]:
    """Each amount line of a table none of whose amounts is read, with the reason. The prefix
    « tableau non lu : » is what the control ``tableau_non_lu`` (dbt) looks for."""
    return [UnreadLine(r.ligne, r.text, f"tableau non lu : {why}") for r in rows if r.amounts]


def parse_pivot_tables(
    lines: list[str], headings: list[OperationHeading]
) -> tuple[list[Grant], list[PrintedTotal], list[UnreadLine]]:
    """Read a tab-separated pivot table of structures and amounts.

    Layout (the columns drift from line to line, so each cell is recognised by content)::

        TERRITOIRE<TAB>THEMATIQUE<TAB>OPERATION<TAB>STRUCTURE<TAB>COMPLEMENTS D'INFORMATION<TAB>...
        ARRAGEOIS<TAB>THEMATIQUE 1 : ...<TAB>Opération 2 : ...<TAB>CC Osartis Marquion<TAB>434 places<TAB>...<TAB>393 840,00 €   <- sub-total of op. 2
        <TAB><TAB><TAB>MEMPA<TAB>84 places d'accompagnements<TAB>...<TAB>26 880,00 €                                         <- a row
        ARRAGEOIS<TAB>Total THEMATIQUE 1 : Parcours accompagnement RSA<TAB>...<TAB>52 000,00 €                                 <- label one line off
        Total général<TAB>...<TAB>14 256 065,96 €

    The amount column is the pivot's "Somme de MONTANT RETENU": each operation's sub-total
    before its rows, each thématique's and each territory's total after them. The labels
    (thématique, "Total ...", structure) drift off their amounts, so the column is read as a
    whole (:func:`_parse_amount_column`): sub-totals and totals are printed totals, never
    grants, and every row goes under the thématique of the total that closes it. A row's
    structure is the one printed on its line (when the line has as many structures as rows).
    Not read, with the reason: repeated lines and amounts, a sub-total whose rows miss an
    amount (listed as a doubtful reading with the gap; the gap never becomes a grant, since the
    text prints no such figure), totals not printed, labels carrying another figure.
    """  # noqa: E501
    grants: list[Grant] = []
    totals: list[PrintedTotal] = []
    start = next((i for i, line in enumerate(lines) if _PIVOT_HEADER_RE.search(line)), None)
    if start is None:
        return grants, totals, []
    rows, unread, _end = _pivot_lines(lines, start)
    general = next((r for r in rows if r.total_label and fold(r.total_label).startswith("general")), None)
    toks = _amount_column(rows, general)
    try:
        territories, repeats = _parse_amount_column(toks)
    except _TooManyReadings as exc:
        walked = f"{exc.steps:_}".replace("_", " ")
        why = (
            "trop de lectures possibles des totaux de sa colonne des montants "
            f"(recherche arrêtée après {walked} étapes)"
        )
        return grants, totals, unread + _table_not_read(rows, why)
    table = start + 1
    if toks and not territories:
        why = "colonne des montants illisible, aucune lecture ne retrouve ses totaux"
        return grants, totals, unread + _table_not_read(rows, why)
    line_blocks = _territory_lines(territories, toks, rows)
    numbers = _theme_numbers(line_blocks, [len(t.themes) for t in territories])
    row_ks = {k for t in territories for th in t.themes for e in th.entries for k in e.rows}
    used: set[int] = set()
    for t, block, nums in zip(territories, line_blocks, numbers, strict=False):
        names = [r.territory for r in block if r.territory] + [
            r.total_label for r in block if _is_territory_total(r.total_label)
        ]
        terr = Counter(names).most_common(1)[0][0] if names else None
        theme_totals = []
        for th, num in zip(t.themes, nums, strict=False):
            if th.total is not None:
                tok = toks[th.total]
                used.add(th.total)
                totals.append(
                    PrintedTotal(
                        "thematique",
                        table,
                        num,
                        f"Total THEMATIQUE {num}" + (f" – {terr}" if terr else ""),
                        tok.value,
                        None,
                        tok.line.ligne,
                    )
                )
                theme_totals.append(tok.value)
            else:
                computed = sum((e.value for e in th.entries), Decimal(0))
                theme_totals.append(computed)
                at = toks[max(k for e in th.entries for k in e.rows)].line
                unread.append(
                    UnreadLine(
                        at.ligne,
                        at.text,
                        f"total de la thématique {num}"
                        + (f" ({terr})" if terr else "")
                        + f" non imprimé : somme de ses montants {amount_text(computed)}",
                    )
                )
            operation = None
            for e in th.entries:
                if e.head is not None:
                    used.add(e.head)
                    operation = toks[e.head].line.operation or operation
                    head = toks[e.head]
                    totals.append(
                        PrintedTotal(
                            "operation",
                            table,
                            num,
                            f"Sous-total {operation or 'de l’opération'}" + (f" – {terr}" if terr else ""),
                            head.value,
                            None,
                            head.line.ligne,
                        )
                    )
                for k in e.rows:
                    used.add(k)
                    tok = toks[k]
                    r = tok.line
                    operation = r.operation or operation
                    items = [x for x in toks if x.line is r and x.k in row_ks]
                    heading = match_dispositif(operation, headings, num) if operation else None
                    grants.append(_row_grant(tok, items, table, num, operation, heading, terr))
                if e.short:
                    unread.append(_short_subtotal(e, toks))
        if t.total is not None and toks[t.total].value is not None:
            tok = toks[t.total]
            used.add(t.total)
            label = f"Total {terr}" if terr else "Total du territoire"
            totals.append(PrintedTotal("territoire", table, None, label, tok.value, None, tok.line.ligne))
        elif t.total is not None:
            r = toks[t.total].line
            unread.append(
                UnreadLine(
                    r.ligne,
                    r.text,
                    "ligne de total sans montant : somme des thématiques "
                    f"{amount_text(sum(theme_totals, Decimal(0)))}",
                )
            )
    for k in repeats:
        tok = toks[k]
        used.add(k)
        unread.append(
            UnreadLine(
                tok.line.ligne,
                tok.line.text,
                f"montant {amount_text(tok.value)} imprimé une fois de plus (sous-total ou total répété)",
            )
        )
    unread += _theme_labels_on_other_amounts(toks, repeats, used, totals)
    unread += _structures_without_their_amount(rows)
    if general is not None and general.amounts:
        totals.append(
            PrintedTotal(
                "general",
                table,
                None,
                f"Total {general.total_label}",
                general.amounts[-1],
                None,
                general.ligne,
            )
        )
    unread.sort(key=lambda u: u.ligne)
    return grants, totals, unread
