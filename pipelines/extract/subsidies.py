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


def parse_pivot_tables(lines: list[str], headings: list[OperationHeading]) -> tuple[list[Grant], list[PrintedTotal], list[UnreadLine]]:
    """Read a tab-separated pivot table of structures and amounts, cell by cell.

    Layout (the columns drift from line to line, so each cell is recognised by content)::

        TERRITOIRE<TAB>THEMATIQUE<TAB>OPERATION<TAB>STRUCTURE<TAB>COMPLEMENTS D'INFORMATION<TAB>...
        ARRAGEOIS<TAB>THEMATIQUE 1 : ...<TAB>Opération 1 : ...<TAB>MEMPA<TAB>84 places ...<TAB>CONVENTION - annexe 7<TAB>107 076,00 €
        <TAB><TAB><TAB>CC Osartis Marquion<TAB>434 places d'accompagnements<TAB>...<TAB>393 840,00 €
        ARRAGEOIS<TAB>Total THEMATIQUE 1 : Parcours accompagnement RSA<TAB>...<TAB>52 000,00 €
        Total général<TAB>...<TAB>14 256 065,96 €

    A line with one structure and one amount is a financing row, as printed. Not read, with
    the reason: a line repeating an earlier line, a structure without an amount, an amount
    without a structure (sub-totals, or amounts printed off their row), several structures
    packed in one cell. Extra amounts on a structure's line are kept aside as unread too.
    "Total ..." lines are printed totals (per thématique, territory, or général). An
    operation label takes the dispositif code of the report's heading it names (``headings``).
    """
    grants: list[Grant] = []
    totals: list[PrintedTotal] = []
    unread: list[UnreadLine] = []
    start = next((i for i, line in enumerate(lines) if _PIVOT_HEADER_RE.search(line)), None)
    if start is None:
        return grants, totals, unread
    seen: dict[tuple[str, ...], int] = {}
    theme = territory = operation = None
    for i in range(start + 1, len(lines)):
        raw = lines[i]
        if not raw.strip():
            continue
        cells = [" ".join(c.split()) for c in raw.split("\t") if c.strip()]
        if "\t" not in raw and read_amount_cell(raw) is None:
            break
        key = tuple(cells)
        if len(key) > 2 and (key in seen or any(set(key) <= set(k) for k in seen if len(k) >= len(key))):
            first = seen.get(key) or next(v for k, v in seen.items() if set(key) <= set(k))
            unread.append(UnreadLine(i + 1, " | ".join(cells)[:300], f"répétition de la ligne {first} du tableau"))
            continue
        seen[key] = i + 1
        amounts: list[Decimal] = []
        structures: list[str] = []
        complements: list[str] = []
        total_label = None
        for cell in cells:
            if (cell_amounts := read_amount_cell(cell)) is not None:
                amounts += cell_amounts
            elif t := _PIVOT_TOTAL_RE.match(cell):
                total_label = t.group(1)
            elif m := _PIVOT_THEME_RE.match(cell):
                if theme != m.group(1):
                    operation = None
                theme = m.group(1)
            elif _PIVOT_OPERATION_RE.match(cell):
                operation = match_dispositif(cell, headings, theme), cell
            elif _CONVENTION_RE.match(cell):
                continue
            elif is_territory_only(cell) and cell.isupper():
                territory = cell
            elif _is_complement(cell):
                complements.append(cell)
            else:
                structures.append(cell)
        text = " | ".join(cells)
        if total_label is not None:
            if amounts:
                label_theme = _PIVOT_THEME_RE.match(total_label)
                portee = "thematique" if label_theme else ("general" if fold(total_label).startswith("general") else "territoire")
                totals.append(PrintedTotal(portee, start + 1, label_theme.group(1) if label_theme else None,
                                           f"Total {total_label}", amounts[-1], None, i + 1))  # fmt: skip
                territory = None  # a territory printed once covers its thématique block only
            else:
                unread.append(UnreadLine(i + 1, text, "ligne de total sans montant"))
            if structures and amounts:
                unread.append(UnreadLine(i + 1, text, "structure imprimée sur une ligne de total : non lue"))
            continue
        n_items = max(len(structures), sum(count_items(c) for c in complements))
        if not structures and not amounts:
            continue
        if not structures:
            unread.append(UnreadLine(i + 1, text, "montant sans structure (sous-total, ou montant imprimé hors de sa ligne)"))
            continue
        if n_items > 1 or len(structures) > 1:
            unread.append(UnreadLine(i + 1, text, f"plusieurs structures dans une cellule ({n_items} compléments) et {len(amounts)} montant(s) : appariement impossible"))
            continue
        if not amounts:
            unread.append(UnreadLine(i + 1, text, "structure sans montant sur sa ligne"))
            continue
        if len(amounts) > 1:
            shown = " ; ".join(_amount_text(a) for a in amounts[1:])
            unread.append(UnreadLine(i + 1, text, f"montants en plus sur la ligne de la structure, non attribués : {shown}"))
        heading, label = operation if operation else (None, None)
        count = find_counts(" ".join(complements), _COUNT_UNITS)
        grants.append(
            Grant(
                source="tableau", tableau=start + 1, thematique=theme, operation=label,
                dispositif_code=heading.dispositif_code if heading else None, territoire=territory,
                structure=structures[0], complement=" ".join(complements) or None,
                quantite=count[0].value if len(count) == 1 else None,
                unite=count[0].unit.lower() if len(count) == 1 else None,
                montant_eur=amounts[0], ligne_debut=i + 1, ligne=i + 1, extrait=text,
            )
        )  # fmt: skip
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
