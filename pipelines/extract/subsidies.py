"""Financing per structure: the annex tables of the calls for projects, and the prose.

Three layouts are read, wherever they appear:

* **one row per block of lines** (tables whose header is "OPERATION TERRITOIRE(S) STRUCTURE
  ..."): a row is the lines up to the one that ends with the retained amount; a line
  "TOTAL ..." closes a table, and a TOTAL right after a TOTAL closes a thématique::

      OPERATION TERRITOIRE(S) STRUCTURE PLACES D'ACCOMPAGNEMENT MONTANT RETENU
      CC Osartis Marquion 100 8 000,00 €
      CCAS Labourse 11 880,00 €            <- 11 places, 880 € (decided by the unit rate)
      TOTAL 9 669 places d'accompagnement 773 520,00 €
      TOTAL 2 846 873,00 €                 <- thématique total

      Audomarois DEFI MOBILITE
      Soutien au fonctionnement de l'activité de location solidiaire 2-4 roues - 01/01/2022 au
      31/12/2022
      52 500,00

* **tab-separated pivot table** ("TERRITOIRE<TAB>THEMATIQUE<TAB>OPERATION<TAB>STRUCTURE<TAB>
  COMPLEMENTS D'INFORMATION<TAB>...<TAB>Somme de MONTANT RETENU"): cells are recognised by
  what they hold, since the columns drift; see :func:`parse_pivot_tables`;

* **prose** ("il est proposé de financer le CCAS Courcelles-lès-Lens pour la mise en œuvre
  de cette mission et pour un total de 6 560 €"); see :func:`parse_prose_grants`.

Totals are never financing rows: they are returned as :class:`PrintedTotal` and checked
against the rows downstream. A row that cannot be read is returned as unread, with why.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .articles import split_articles
from .budget_tables import UnreadLine
from .numbers import (
    AMOUNT_PATTERN,
    COUNT_PATTERN,
    AmountError,
    contains_amount,
    find_amounts,
    find_counts,
    has_cents,
    is_numeric_token,
    is_single_amount,
    number_tokens,
    parse_amount,
    parse_count,
    read_amount_cell,
    split_currency,
    tokens_to_decimal,
)
from .sections import Sections
from .territories import fold, is_territory_only, split_territory


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


# --------------------------------------------------------------------------- shared rules

_THEME_RE = re.compile(r"th[ée]matique\s+(\d+)", re.IGNORECASE)
_OPERATION_HEAD_RE = re.compile(r"^\s*Op[ée]rations?\s+(\d+)(?:\s+et\s+\d+)?\s*:\s*(.+?)\s*$")
_DISPOSITIF_RE = re.compile(r"\(dispositif\s+(\d+\.\d+)\)")
# the units of a count of places, posts... ("9 669 places", "6,80 ETP"), read by numbers.find_counts
_COUNT_UNITS = r"places?|postes?|mesures?|solutions?|ETP|personnes|accompagnements?"


def _count_text(value: Decimal | None) -> str:
    """``Decimal("11.00")`` -> ``"11"``, ``None`` -> ``"—"`` (a count as the reader wrote it)."""
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


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
                portee="article", tableau=None, thematique=themes.pop(),
                libelle=f"Article {number}" + (f" : {' '.join(quoted.group(1).split())}" if quoted else ""),
                montant_eur=m.value, quantite=None,
                ligne=start + text.count("\n", 0, m.start()) + 1,
            )
        )  # fmt: skip
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


def _operation_for_total(total: Decimal, headings: list[OperationHeading], lines: list[str]) -> OperationHeading | None:
    """The one operation whose text states ``total`` (with €), if exactly one does."""
    found = []
    for h in headings:
        text = "\n".join(lines[h.start : min(h.end, h.start + 120)])
        if any(m.value == total for m in find_amounts(text)):
            found.append(h)
    return found[0] if len(found) == 1 else None


# ------------------------------------------------------------ one row per block of lines

_LISTING_HEADER_RE = re.compile(r"^\s*OPERATION\s+TERRITOIRE", re.IGNORECASE)
_TOTAL_RE = re.compile(r"^\s*TOTAL\b", re.IGNORECASE)
_PAGE_HEAD_RE = re.compile(r"^\s*(?:Annexe\s+\d+\s*:|\d\.\s+\S)")
_DESCRIPTION_STARTS = (
    "soutien", "accompagnement", "accompagner", "action", "actions", "mobiliser", "offrir",
    "permettre", "diagnostic", "ateliers", "ordinateurs", "cles", "remobilisation", "lutter",
    "decouverte", "valider", "mise", "assurer", "developpement", "auto-", "au titre",
)  # fmt: skip


@dataclass(frozen=True)
class _Amount:
    value: Decimal
    text: str  # the text of the line before its run of numbers
    run: tuple[str, ...]  # the numeric tokens ending the line: [count tokens...] amount tokens
    cut: int  # where the amount starts in ``run``

    @property
    def count_tokens(self) -> tuple[str, ...]:
        return self.run[: self.cut]


def trailing_amount(line: str) -> _Amount | None:
    """The retained amount that ends a table line, if any.

    ``"CCAS Arras 300 24 000,00 €"`` -> 24 000,00 with the tokens ``("300",)`` left before
    it; ``"201 600,00"`` (no euro sign) is an amount, ``"- 36"`` is not (an amount carries
    cents or a euro sign); ``"pour un montant de 9 000 €"`` is prose, not a cell.
    """
    body, currency = split_currency(line)
    tokens = number_tokens(body)
    run: list[str] = []
    while tokens and is_numeric_token(tokens[-1]):
        run.insert(0, tokens.pop())
    if not run or not (currency or has_cents(run[-1])):
        return None
    if tokens and fold(tokens[-1]) in {"de", "a", "à"}:
        return None
    # the longest well-formed amount at the end of the run
    for cut in range(len(run)):
        if is_single_amount(tuple(run[cut:])):
            return _Amount(tokens_to_decimal(run[cut:]), " ".join(tokens), tuple(run), cut)
    return None


def read_count_and_amount(run: tuple[str, ...]) -> list[tuple[Decimal | None, Decimal]]:
    """Every reading of a count glued to an amount: ``11 880,00`` -> (11, 880,00) and
    (None, 11 880,00). The caller keeps the only one, or decides with the table."""
    readings: list[tuple[Decimal | None, Decimal]] = []
    if is_single_amount(run):
        readings.append((None, tokens_to_decimal(run)))
    for cut in range(1, len(run)):
        head, tail = run[:cut], run[cut:]
        if any("," in t for t in head) or not is_single_amount(head) or not is_single_amount(tail):
            continue
        readings.append((tokens_to_decimal(head), tokens_to_decimal(tail)))
    return readings


def _amount_text(value: Decimal) -> str:
    integer, _, cents = f"{value:.2f}".partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    return " ".join(groups) + "," + cents


def _split_structure(text: str) -> tuple[str, str]:
    """``(structure, description)`` for a one-line row without its territory and amount.

    The structure ends before "N postes/places", or before the first word that opens a
    description ("Soutien", "Accompagnement", "Actions" ...), or after its run of capitals
    ("COMMUNE DE LILLERS Soutien ..."). Failing all, the whole text is the structure.
    """
    cuts = []
    counts = find_counts(text, _COUNT_UNITS)
    if counts and counts[0].start > 0:
        cuts.append(counts[0].start)
    for m in re.finditer(r"\S+", text):
        w = fold(m.group(0))
        if m.start() > 0 and any(w == s or (s.endswith("-") and w.startswith(s)) for s in _DESCRIPTION_STARTS):
            cuts.append(m.start())
            break
    if cuts:
        cut = min(cuts)
        return text[:cut].strip(" -"), text[cut:].strip()
    words = text.split()
    k = 0
    while k < len(words) and _upper_word(words[k]):
        k += 1
    if 0 < k < len(words):
        return " ".join(words[:k]), " ".join(words[k:])
    return text.strip(), ""


def _upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return not letters or all(c.isupper() for c in letters)


_CONTINUATION_RE = re.compile(r"^[^()]{0,30}\([A-Z0-9'’ .&-]{2,}\)\s*$")


def parse_listing_tables(
    lines: list[str], themes: list[str], headings: list[OperationHeading]
) -> tuple[list[Grant], list[PrintedTotal], list[UnreadLine]]:
    """Read every "OPERATION TERRITOIRE(S) STRUCTURE ..." table (one row per block of lines).

    ``themes`` are the thématiques named by the articles, in order: the k-th thématique total
    of the tables (a TOTAL right after a TOTAL) closes the k-th thématique. A table whose
    TOTAL is stated by one "Opération N" of ``headings`` takes its title.
    """
    grants: list[Grant] = []
    totals: list[PrintedTotal] = []
    unread: list[UnreadLine] = []
    i = 0
    while i < len(lines):
        if not _LISTING_HEADER_RE.match(lines[i]):
            i += 1
            continue
        i = _read_listing_region(lines, i, themes, headings, grants, totals, unread)
    return grants, totals, unread


def _read_listing_region(lines, start, themes, headings, grants, totals, unread) -> int:
    theme_index = 0
    places = "PLACES" in lines[start].upper()
    block: list[int] = []  # 0-based indices of the lines of the pending row
    pending: list[dict] = []  # rows of the current table
    last_was_total = False
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _LISTING_HEADER_RE.match(line):
            places = "PLACES" in line.upper()
            i += 1
            continue
        if _PAGE_HEAD_RE.match(line) and not trailing_amount(line):
            i += 1
            continue
        if _TOTAL_RE.match(line):
            amount = trailing_amount(line)
            if block:
                text = " ".join(" ".join(lines[k].split()) for k in block)
                unread.append(UnreadLine(block[0] + 1, text, "ligne de tableau sans montant retenu : les montants ne sont cités que dans le texte de la cellule"))
            block = []
            theme = themes[theme_index] if theme_index < len(themes) else None
            if last_was_total and not pending:
                if amount:
                    totals.append(PrintedTotal("thematique", None, theme, "TOTAL (thématique)", amount.value, None, i + 1))
                theme_index += 1
                nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
                if nxt is None or not _LISTING_HEADER_RE.match(lines[nxt]):
                    return i + 1
            else:
                first = pending[0]["ligne_debut"] if pending else i + 1
                operation = _operation_for_total(amount.value, headings, lines) if amount and pending else None
                if amount:
                    counts = find_counts(amount.text, _COUNT_UNITS)
                    totals.append(
                        PrintedTotal("tableau", first, theme, " ".join(amount.text.split()), amount.value,
                                     counts[0].value if counts else None, i + 1)
                    )  # fmt: skip
                _emit_rows(pending, places, first, theme, operation, amount.value if amount else None, grants, unread)
                pending = []
            last_was_total = True
            i += 1
            continue
        last_was_total = False
        block.append(i)
        amount = trailing_amount(line)
        if amount:
            row = _block_row(lines, block, amount, unread)
            if row:
                pending.append(row)
            block = []
        i += 1
    return i


def _block_row(lines: list[str], block: list[int], amount: _Amount, unread: list[UnreadLine]) -> dict | None:
    """Territory, structure and description of one row from its block of lines."""
    texts = [lines[k].strip() for k in block[:-1]] + [amount.text.strip()]
    idx = list(block)
    # Territory cells on lines of their own: a line ending with "-", "," or "et" goes on
    # onto the next. One such group is the row's territory; several groups are merged cells
    # printed apart from their rows and cannot be attached to any row.
    groups: list[list[int]] = []
    n = 0
    while n < len(texts) - 1 and is_territory_only(texts[n]):
        if groups and re.search(r"(?:[-,/]|\bet)\s*$", texts[groups[-1][-1]]):
            groups[-1].append(n)
        else:
            groups.append([n])
        n += 1
    territory = None
    row_start = idx[0] if len(groups) == 1 else (idx[n] if n < len(idx) else idx[-1])
    if len(groups) >= 2:
        for k in range(n):
            unread.append(UnreadLine(idx[k] + 1, texts[k], "libellé de territoire imprimé à part (cellule fusionnée) : non rattachable à une ligne"))
    elif groups:
        territory = " ".join(" ".join(texts[k].split()) for k in groups[0]).strip(" -,/")
    texts, idx = texts[n:], idx[n:]
    t, rest = split_territory(texts[0])
    if t and rest:
        territory = f"{territory} {t}" if territory else t
        texts[0] = rest
    texts = [t for t in texts if t]
    if not texts:
        return None
    if len(texts) == 1:
        structure, complement = _split_structure(texts[0])
    else:
        structure, n = texts[0], 1
        while n < len(texts) - 1 and _CONTINUATION_RE.match(texts[n]):
            structure += " " + texts[n]
            n += 1
        if n == 1 and find_counts(structure, _COUNT_UNITS) and len(texts) == 2:
            structure, complement = _split_structure(structure)
            complement = " ".join([complement, *texts[n:]])
        else:
            complement = " ".join(texts[n:])
    return {
        "texte": " ".join(" ".join(texts).split()), "territoire": territory, "structure": " ".join(structure.split()), "complement": " ".join(complement.split()) or None,
        "amount": amount, "ligne_debut": row_start + 1, "ligne": block[-1] + 1,
        "extrait": " ".join(" ".join(lines[k].split()) for k in idx),
    }  # fmt: skip


def _emit_rows(rows, places, table, theme, operation, total, grants, unread) -> None:
    """Turn the pending rows of one table into grants (places tables: count then amount).

    A count glued to the amount ("833 125 000,00") is decided by the table's unit rate
    (the most frequent amount per place among the rows read one way only), else, when it
    is the only undecided row of the table, by the printed TOTAL; else it is not read.
    """
    readings = [read_count_and_amount(r["amount"].run) if places else [] for r in rows]
    if places:
        rates = Counter(
            (amount / count).quantize(Decimal("0.01"))
            for options in readings
            if len(options) == 1
            for count, amount in options
            if count
        )
        if rates:
            rate = rates.most_common(1)[0][0]
            for n, options in enumerate(readings):
                at_rate = [(c, a) for c, a in options if c and a == (c * rate).quantize(Decimal("0.01"))]
                if len(options) > 1 and len(at_rate) == 1:
                    readings[n] = at_rate
        undecided = [n for n, options in enumerate(readings) if len(options) != 1]
        if len(undecided) == 1 and total is not None:
            others = sum((options[0][1] for n, options in enumerate(readings) if n != undecided[0]), Decimal(0))
            fits = [x for x in readings[undecided[0]] if others + x[1] == total]
            if len(fits) == 1:
                readings[undecided[0]] = fits
    for r, options in zip(rows, readings):
        amount: _Amount = r["amount"]
        structure, complement, quantite, unite, value = r["structure"], r["complement"], None, None, amount.value
        if places:
            if len(options) != 1:
                shown = " ; ".join(f"{_count_text(q)} places / {_amount_text(v)} €" for q, v in options) or "aucune"
                unread.append(UnreadLine(r["ligne_debut"], r["extrait"], f"nombre de places collé au montant, lectures possibles : {shown}"))
                continue
            (quantite, value), structure, complement = options[0], r["texte"], None
            unite = "places" if quantite is not None else None
        else:
            # numbers left before the amount stay in the complement: nothing is dropped
            complement = " ".join(filter(None, [complement, *amount.count_tokens])) or None
            count = find_counts(" ".join(filter(None, [complement, structure])), _COUNT_UNITS)
            if len(count) == 1:
                quantite, unite = count[0].value, count[0].unit.lower()
        grants.append(
            Grant(
                source="tableau", tableau=table, thematique=theme,
                operation=operation.titre if operation else None,
                dispositif_code=operation.dispositif_code if operation else None,
                territoire=r["territoire"], structure=structure, complement=complement,
                quantite=quantite, unite=unite, montant_eur=value, ligne_debut=r["ligne_debut"],
                ligne=r["ligne"], extrait=r["extrait"],
            )
        )  # fmt: skip


# ------------------------------------------------------------------ tab-separated pivot

_PIVOT_HEADER_RE = re.compile(r"TERRITOIRE\t.*STRUCTURE\t.*MONTANT", re.IGNORECASE)
_PIVOT_THEME_RE = re.compile(r"^THEMATIQUE\s+(\d+)\s*:", re.IGNORECASE)
_PIVOT_TOTAL_RE = re.compile(r"^Total\s+(.+?)\s*$", re.IGNORECASE)
_PIVOT_OPERATION_RE = re.compile(r"^Op[ée]rations?\s*\d+\s*:")
_CONVENTION_RE = re.compile(r"^(?:CONVENTION|AVENANT)\b", re.IGNORECASE)
_COMPLEMENT_RE = re.compile(r"^\(vide\)$|^plateforme de mobilit", re.IGNORECASE)
_COMPLEMENT_UNITS = r"places?|postes?|ETP|personnes|accompagnements?|solutions?"  # "84 places", read by find_counts


def _is_complement(cell: str) -> bool:
    return bool(_COMPLEMENT_RE.search(cell) or find_counts(cell, _COMPLEMENT_UNITS))


def _title_key(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) > 2} - {"operation", "contrepartie", "fse", "des", "les", "dans", "pour", "aux"}


def match_dispositif(label: str, headings: list[OperationHeading], theme: str | None) -> OperationHeading | None:
    """The report's "Opération k : titre (dispositif X.Y)" that an annex operation label names.

    Annex numbering drifts from the report's, so titles are compared: a title matches when
    at least 80 % of the words of the shorter one are shared; among matches, the closest
    (shared words over all the words of both) wins. A tie between two codes: none.
    """
    title = _PIVOT_OPERATION_RE.sub("", label).strip(" -:")
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


def count_items(complement: str) -> int:
    """How many rows a complement cell holds: "16 postes ... 24 postes ..." -> 2, while
    "1 ETP pour 136 DSP et 57 places" -> 1 (a count after "pour" / "et" details the first)."""
    counts = [m for m in find_counts(complement, _COUNT_UNITS) if not re.search(r"\b(?:pour|et)\s+$", complement[: m.start])]
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
_REACH = 60  # amounts within which a territory's total is printed


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
            unread.append(UnreadLine(i + 1, " | ".join(cells)[:300], f"répétition de la ligne {first} du tableau"))
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
            elif _PIVOT_OPERATION_RE.match(cell):
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


@dataclass(frozen=True)
class _Entry:
    """A value at the level of a thématique: a sub-total with its rows, or a row alone."""

    value: Decimal
    head: int | None  # token of the printed sub-total (None: a row alone)
    rows: tuple[int, ...]  # tokens of the rows
    short: bool = False  # the rows miss an amount of the sub-total


@dataclass(frozen=True)
class _Theme:
    entries: tuple[_Entry, ...]
    total: int | None  # token of the printed total, None when not printed


@dataclass(frozen=True)
class _Territory:
    themes: tuple[_Theme, ...]
    total: int | None  # token of the printed total (or of the label printed without amount)
    mismatch: bool = False


def _parse_amount_column(toks: list[_Tok]) -> tuple[list[_Territory], list[int]]:
    """Reads the amount column of a pivot table as the nesting the pivot prints.

    Within a territory, each thématique lists its operations, each operation a sub-total
    followed by its rows (one row: the amount twice), then the thématique's total; the
    territory total closes the territory. The printed labels drift away from their amounts,
    so the nesting is read from the arithmetic alone: the reading that explains every
    amount with the fewest amounts left to noise (an amount printed again, a sub-total whose
    rows miss an amount, a total not printed). Returns the territories and the repeated tokens.
    """
    n = len(toks)
    # the largest amount within the next _REACH amounts (infinite when a total label without
    # amount is among them): an open territory must close on one of them
    reach: list[Decimal] = []
    for i in range(n):
        window = [t.value for t in toks[i : i + _REACH]]
        reach.append(Decimal("Infinity") if None in window else max(window))

    def value(k: int) -> Decimal | None:
        return toks[k].value

    def coverable(open_: tuple[_Entry, ...]) -> Decimal:
        """The largest run of rows that a row before them could turn out to sub-total."""
        best_run = Decimal(0)
        for j, e in enumerate(open_):
            if e.head is not None:
                continue
            run = Decimal(0)
            for x in open_[j + 1 :]:
                if x.head is not None or run + x.value >= e.value:
                    break
                run += x.value
            best_run = max(best_run, run)
        return best_run

    def self_total(t: _Theme) -> Decimal:
        return toks[t.total].value if t.total is not None else sum((e.value for e in t.entries), Decimal(0))

    def territories_from(p: int, previous: Decimal | None) -> dict[int, tuple[int, _Territory, tuple[int, ...]]]:
        """Every way to read one territory starting at token p: end token -> (cost, reading, repeats)."""
        ends: dict[int, tuple[int, _Territory, tuple[int, ...]]] = {}
        memo: dict = {}

        def record(end, cost, terr, reps):
            if end not in ends or cost < ends[end][0]:
                ends[end] = (cost, terr, reps)

        def walk(i, open_, closed, last, cost, reps):
            key = (i, open_, closed, last)
            if cost > 12 or memo.get(key, 99) <= cost:
                return
            memo[key] = cost
            if i == n:
                if closed and not open_:
                    record(n - 1, cost + _COST_COMPUTED, _Territory(closed, None), reps)
                elif open_ and not closed and not any(t.line.total_label for t in toks[p:n]):  # rows without any total
                    record(n - 1, cost + 2 * _COST_COMPUTED, _Territory((_Theme(open_, None),), None), reps)
                return
            a = value(i)
            if a is None:  # "Total <territoire>" printed without an amount
                if open_ or closed:
                    themes = closed + ((_Theme(open_, None),) if open_ else ())
                    record(i, cost + _COST_COMPUTED * (1 + bool(open_)), _Territory(themes, i), reps)
                return
            s_open = sum((e.value for e in open_), Decimal(0))
            s_closed = sum((self_total(t) for t in closed), Decimal(0))
            if (open_ or closed) and s_closed + s_open - coverable(open_) > reach[i]:
                return
            acc = Decimal(0)  # a sub-total followed by its rows
            for k in range(1, min(_MAX_GROUP, n - i - 1) + 1):
                v = value(i + k)
                if v is None:
                    break
                acc += v
                if acc == a:
                    walk(i + k + 1, open_ + (_Entry(a, i, tuple(range(i + 1, i + k + 1))),), closed, a, cost, reps)
                if acc > a and a > 0:
                    break
            if open_ and a == s_open:  # the thématique's total
                walk(i + 1, (), closed + (_Theme(open_, i),), a, cost, reps)
            elif open_:  # ... after a row that is the sub-total of rows some of which are missing
                for j, e in enumerate(open_):
                    if e.head is not None:
                        continue
                    run = Decimal(0)
                    for m in range(j + 1, len(open_)):
                        if open_[m].head is not None:
                            break
                        run += open_[m].value
                        if e.value > run and s_open - run == a:
                            rows = tuple(r for x in open_[j + 1 : m + 1] for r in x.rows)
                            merged = open_[:j] + (_Entry(e.value, e.rows[0], rows, True),) + open_[m + 1 :]
                            walk(i + 1, (), closed + (_Theme(merged, i),), a, cost + _COST_SHORT, reps)
            if closed and not open_ and a == s_closed:  # the territory's total
                record(i, cost, _Territory(closed, i), reps)
            if open_ and a == s_closed + s_open:
                record(i, cost + _COST_COMPUTED, _Territory(closed + (_Theme(open_, None),), i), reps)
            if (closed or open_) and _is_territory_total(toks[i].line.total_label):
                themes = closed + ((_Theme(open_, None),) if open_ else ())
                record(i, cost + _COST_MISMATCH + _COST_BLOB * bool(open_), _Territory(themes, i, True), reps)
            walk(i + 1, open_ + (_Entry(a, None, (i,)),), closed, last, cost, reps)  # a row
            if (i > p and a == value(i - 1)) or a == last or a == previous:  # an amount printed again
                walk(i + 1, open_, closed, last, cost + _COST_REPEAT, reps + (i,))

        walk(p, (), (), None, 0, ())
        return ends

    best: dict[int, tuple[int, list[_Territory], list[int]] | None] = {}

    def solve(p: int, previous: Decimal | None):
        if p >= n:
            return (0, [], [])
        if p in best:
            return best[p]
        result = None
        for end, (cost, terr, reps) in sorted(territories_from(p, previous).items()):
            total = value(terr.total) if terr.total is not None else None
            rest = solve(end + 1, total)
            if rest is not None and (result is None or cost + rest[0] < result[0]):
                result = (cost + rest[0], [terr] + rest[1], list(reps) + rest[2])
        best[p] = result
        return result

    # a "Total <territoire>" line closes a territory for sure: the column is read chunk by chunk
    out_t: list[_Territory] = []
    out_r: list[int] = []
    p = 0
    previous = None
    cuts = [k for k in range(n) if _is_territory_total(toks[k].line.total_label) and (k + 1 == n or toks[k + 1].line is not toks[k].line)]
    for cut in cuts + ([n - 1] if not cuts or cuts[-1] != n - 1 else []):
        best.clear()
        sub = n
        n = cut + 1
        result = solve(p, previous)
        n = sub
        if result is None:
            return [], []
        out_t += result[1]
        out_r += result[2]
        previous = value(out_t[-1].total) if out_t and out_t[-1].total is not None else None
        p = cut + 1
    return out_t, out_r


def _theme_numbers(blocks: list[list[_PivotLine]], counts: list[int]) -> list[list[str]]:
    """The thématique of each total of each territory, in the order printed.

    Thématiques come in ascending order within a territory, but their labels drift by a
    line or more and are sometimes missing. A territory with m thématique totals takes the m
    thématiques, in ascending order, that are labelled in the most territories of the table
    (ties: the ones labelled in this territory)."""
    labelled = [{r.theme for r in b if r.theme} | {m.group(1) for r in b if r.total_label and (m := _PIVOT_THEME_RE.match(r.total_label))} for b in blocks]
    every = sorted({t for s in labelled for t in s}, key=int)
    freq = Counter(t for s in labelled for t in s)
    out = []
    for own, m in zip(labelled, counts):
        from itertools import combinations

        options = list(combinations(every, m)) if m <= len(every) else []
        if not options:
            out.append([str(k + 1) for k in range(m)])  # more totals than thématiques: numbered in order
            continue
        out.append(list(max(options, key=lambda c: (sum(freq[t] for t in c), sum(t in own for t in c)))))
    return out


def parse_pivot_tables(lines: list[str], headings: list[OperationHeading]) -> tuple[list[Grant], list[PrintedTotal], list[UnreadLine]]:
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
    """
    grants: list[Grant] = []
    totals: list[PrintedTotal] = []
    start = next((i for i, line in enumerate(lines) if _PIVOT_HEADER_RE.search(line)), None)
    if start is None:
        return grants, totals, []
    rows, unread, _end = _pivot_lines(lines, start)
    general = next((r for r in rows if r.total_label and fold(r.total_label).startswith("general")), None)
    toks: list[_Tok] = []
    for r in rows:
        if r is general:
            break
        for pos, v in enumerate(r.amounts):
            toks.append(_Tok(len(toks), r, pos, v))
        if not r.amounts and _is_territory_total(r.total_label):
            toks.append(_Tok(len(toks), r, 0, None))
    territories, repeats = _parse_amount_column(toks)
    table = start + 1
    if toks and not territories:
        unread += [UnreadLine(r.ligne, r.text, "colonne des montants illisible : aucune lecture ne retrouve ses totaux") for r in rows if r.amounts]
        return grants, totals, unread
    # blocks of lines per territory, for names and labels
    bounds = []
    first = 0
    for t in territories:
        last_tok = t.total if t.total is not None else max(k for th in t.themes for e in th.entries for k in (e.rows + ((e.head,) if e.head is not None else ())) + ((th.total,) if th.total is not None else ()))
        bounds.append((first, last_tok))
        first = last_tok + 1
    line_blocks = []
    for lo, hi in bounds:
        lo_line = toks[lo].line.ligne if lo < len(toks) else rows[-1].ligne
        hi_line = toks[hi].line.ligne
        line_blocks.append([r for r in rows if lo_line <= r.ligne <= hi_line])
    numbers = _theme_numbers(line_blocks, [len(t.themes) for t in territories])
    row_ks = {k for t in territories for th in t.themes for e in th.entries for k in e.rows}
    used: set[int] = set()
    for t, block, nums in zip(territories, line_blocks, numbers):
        names = [r.territory for r in block if r.territory] + [r.total_label for r in block if _is_territory_total(r.total_label)]
        terr = Counter(names).most_common(1)[0][0] if names else None
        theme_totals = []
        for th, num in zip(t.themes, nums):
            if th.total is not None:
                tok = toks[th.total]
                used.add(th.total)
                totals.append(PrintedTotal("thematique", table, num, f"Total THEMATIQUE {num}" + (f" – {terr}" if terr else ""), tok.value, None, tok.line.ligne))
                theme_totals.append(tok.value)
            else:
                computed = sum((e.value for e in th.entries), Decimal(0))
                theme_totals.append(computed)
                at = toks[max(k for e in th.entries for k in e.rows)].line
                unread.append(UnreadLine(at.ligne, at.text, f"total de la thématique {num}" + (f" ({terr})" if terr else "")
                                         + f" non imprimé : somme de ses montants {_amount_text(computed)}"))
            operation = None
            for e in th.entries:
                if e.head is not None:
                    used.add(e.head)
                    operation = toks[e.head].line.operation or operation
                for k in e.rows:
                    used.add(k)
                    tok = toks[k]
                    r = tok.line
                    operation = r.operation or operation
                    items = [x for x in toks if x.line is r and x.k in row_ks]
                    if len(r.structures) == 1 and len(r.amounts) == 1:
                        structure = r.structures[0]
                    elif r.structures and len(r.structures) == len(items):
                        structure = r.structures[items.index(tok)]
                    else:
                        structure = f"(structure non imprimée sur la ligne, montant {tok.pos + 1})"
                    heading = match_dispositif(operation, headings, num) if operation else None
                    count = find_counts(" ".join(r.complements), _COUNT_UNITS)
                    grants.append(Grant(
                        source="tableau", tableau=table, thematique=num, operation=operation,
                        dispositif_code=heading.dispositif_code if heading else None, territoire=terr,
                        structure=structure, complement=" ".join(r.complements) or None,
                        quantite=count[0].value if len(count) == 1 and len(r.amounts) == 1 else None,
                        unite=count[0].unit.lower() if len(count) == 1 and len(r.amounts) == 1 else None,
                        montant_eur=tok.value, ligne_debut=r.ligne, ligne=r.ligne, extrait=r.text,
                    ))  # fmt: skip
                if e.short:
                    head = toks[e.head]
                    read = sum((toks[k].value for k in e.rows), Decimal(0))
                    gap = e.value - read
                    lines_of = sorted({toks[k].line.ligne for k in e.rows})
                    # the gap is never turned into a grant: no figure that the text does not print
                    unread.append(UnreadLine(head.line.ligne, head.line.text,
                                             f"lecture incertaine : sous-total {_amount_text(e.value)} ≠ somme des {len(e.rows)} montants lus "
                                             f"(l.{lines_of[0]}–{lines_of[-1]}) {_amount_text(read)} ; {_amount_text(gap)} ne sont détaillés "
                                             "par aucune ligne du texte"))  # fmt: skip
        if t.total is not None and toks[t.total].value is not None:
            tok = toks[t.total]
            used.add(t.total)
            label = f"Total {terr}" if terr else "Total du territoire"
            totals.append(PrintedTotal("territoire", table, None, label, tok.value, None, tok.line.ligne))
        elif t.total is not None:
            r = toks[t.total].line
            unread.append(UnreadLine(r.ligne, r.text, f"ligne de total sans montant : somme des thématiques {_amount_text(sum(theme_totals, Decimal(0)))}"))
    for k in repeats:
        tok = toks[k]
        used.add(k)
        unread.append(UnreadLine(tok.line.ligne, tok.line.text, f"montant {_amount_text(tok.value)} imprimé une fois de plus (sous-total ou total répété)"))
    # labels carrying another figure than the one they name
    for tok in toks:
        r = tok.line
        if r.total_label and tok.value is not None and tok.k not in repeats and tok.k not in {x for x in used if toks[x].line is r and any(p.ligne == r.ligne for p in totals)}:
            if _PIVOT_THEME_RE.match(r.total_label) and not any(p.ligne == r.ligne and p.portee == "thematique" for p in totals):
                unread.append(UnreadLine(r.ligne, r.text, f"libellé « Total {r.total_label[:40]} » sur un montant qui n'est pas ce total ({_amount_text(tok.value)})"))
    for r in rows:
        if r.structures and not r.amounts and not r.total_label:
            unread.append(UnreadLine(r.ligne, r.text, "structure sans montant sur sa ligne"))
        elif r.structures and r.amounts and max(len(r.structures), sum(count_items(c) for c in r.complements)) > 1:
            n_items = max(len(r.structures), sum(count_items(c) for c in r.complements))
            unread.append(UnreadLine(r.ligne, r.text, f"plusieurs structures dans une cellule ({n_items} compléments) et {len(r.amounts)} montant(s) : "
                                     "structures appariées aux montants dans l'ordre quand leurs nombres concordent"))  # fmt: skip
    if general is not None and general.amounts:
        totals.append(PrintedTotal("general", table, None, f"Total {general.total_label}", general.amounts[-1], None, general.ligne))
    unread.sort(key=lambda u: u.ligne)
    return grants, totals, unread


# ------------------------------------------------------------------------------ prose

_BULLETS = "\uf0b7\u2022\u25aa\u2013-•"
_AMOUNT = rf"(?P<amount>{AMOUNT_PATTERN})"  # read back by parse_amount
_PROSE_RULES = (
    # "il est proposé de financer le CCAS Courcelles-lès-Lens pour la mise en œuvre de cette
    #  mission et pour un total de 6 560 €"
    re.compile(r"proposé de financer\s+(?:le |la |les |l['’]\s*)?(?P<structure>[^.;]{2,80}?)\s+pour la mise\s+en"
               r"\s*[œo]e?uvre[^.;€]{0,120}?pour un total de\s+" + _AMOUNT),
    # "... demande de financement FAJ Collectifs portée par la Fabrique Défi de Calais, il est
    #  proposé ... pour un montant de 5 147,96 €"
    re.compile(r"portée par\s+(?:le |la |l['’]\s*)?(?P<structure>[^,.;]{2,80}?),[^.;€]{0,200}?pour un montant de\s+" + _AMOUNT),
    # "L'association Béthune Bas-carbone a déposé une demande ... il est proposé ... de valider
    #  le financement de cette action pour un montant de 3 100 €"
    re.compile(r"(?:L['’]\s*association|La structure)\s+(?P<structure>[^.;]{2,80}?)\s+a déposé une demande[^€]{0,700}?"
               r"financement de cette action pour un montant de\s+" + _AMOUNT),
)  # fmt: skip
# A bullet of a list of conventions: " Pas-de-Calais Habitat pour un total de 30 000€ soit 15
# solutions logement ..."
_BULLET_RULE = re.compile(
    rf"^\s*[{_BULLETS}]?\s*(?P<structure>[^\s{_BULLETS}].{{1,80}}?)\s+pour un total de\s+" + _AMOUNT
    + rf"\s*soit\s+(?P<count>{COUNT_PATTERN})\s+(?P<unit>[^\s,.]+(?:\s+(?:renforcées|logements?))?)",
    re.DOTALL,
)


def parse_prose_grants(
    lines: list[str], sections: Sections, headings: list[OperationHeading], unread: list[UnreadLine] | None = None
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

    found: dict[int, tuple] = {}  # amount position -> (match, count, unit, structure position)
    for rule in _PROSE_RULES:
        for m in rule.finditer(text):
            found.setdefault(m.start("amount"), (m, None, None, m.start("structure")))
    for n, i in enumerate(idx):
        # bullets are read line by line: a list may have no blank line between its items
        m = _BULLET_RULE.match(lines[i].strip() + " " + (lines[idx[n + 1]].strip() if n + 1 < len(idx) else ""))
        if m and m.start("amount") < len(lines[i].strip()):
            found.setdefault(
                offsets[n] + m.start("amount"),
                (m, parse_count(m.group("count")), m.group("unit"), offsets[n] + m.start("structure")),
            )
    grants = []
    for pos in sorted(found):
        m, count, unit, structure_pos = found[pos]
        line = line_of(pos)
        heading = next((h for h in reversed(headings) if h.start < line), None)
        try:
            amount = parse_amount(m.group("amount"))
        except AmountError as exc:
            if unread is not None:
                unread.append(UnreadLine(line, " ".join(m.group(0).split())[:400], f"subvention (texte) : {exc}"))
            continue
        grants.append(
            Grant(
                source="texte", tableau=None, thematique=heading.thematique if heading else None,
                operation=heading.titre if heading else None, dispositif_code=None, territoire=None,
                structure=" ".join(m.group("structure").split()), complement=None, quantite=count, unite=unit,
                montant_eur=amount, ligne_debut=line_of(structure_pos), ligne=line,
                extrait=" ".join(m.group(0).split())[:400],
            )
        )  # fmt: skip
    return grants


_UNREAD_TABLE_HEADER_RE = re.compile(r"^\s*(?:Nom du prestataire|STRUCTURES?)\b.*\bTerritoires?\b", re.IGNORECASE)
_LETTERHEAD_RE = re.compile(r"^\s*P[ôo]le Solidarit[ée]s\s*$", re.IGNORECASE)


def parse_unread_structure_tables(lines: list[str]) -> list[UnreadLine]:
    """Tables of structures in a layout no reader handles: every line with an amount is unread.

    Header of such a table: a line naming the structures and their territories, as in::

        Nom du prestataire Territoires Arrondissements  (DSF)
        de l'Arrageois 111 66 11+ 4 GLA 114 485,40 68 072,40 182 557,80 24 690,80
        ...
        AUDASSE 353 707,40                      <- names and totals printed after the rows

         STRUCTURES TERRITOIRES SYNTHESE DE L'ACTION BUDGET CHIFFRES CLE
        FACE
        9 territoires du
        ...
        211 120 €/an

    The names of the structures are cells of several lines printed apart from their amounts
    (merged cells), and nothing marks where a row ends: no amount can be tied to a structure
    without guessing. The table runs to the next such header, or to the letterhead
    ("Pôle Solidarités") that opens the next attached document. The "OPERATION
    TERRITOIRE(S)" tables and the tab-separated tables, which are read, never match.
    """
    unread: list[UnreadLine] = []
    header: tuple[int, str] | None = None
    for number, line in enumerate(lines, start=1):
        if _UNREAD_TABLE_HEADER_RE.match(line) and "\t" not in line:
            header = (number, " ".join(line.split()))
            continue
        if header is None:
            continue
        if _LETTERHEAD_RE.match(line):
            header = None
            continue
        if contains_amount(line):
            unread.append(UnreadLine(
                number, " ".join(line.split()),
                f"tableau « {header[1][:60]} » (l.{header[0]}) : noms des structures imprimés à part de leurs montants "
                "(cellules fusionnées), ligne non rattachable à une structure sans deviner",
            ))  # fmt: skip
    return unread
