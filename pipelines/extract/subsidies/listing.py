"""The "OPERATION TERRITOIRE(S) STRUCTURE ..." tables of the calls for projects (003): one
row per block of lines.

A row is the lines up to the one that ends with the retained amount; a line "TOTAL ..."
closes a table, and a TOTAL right after a TOTAL closes a thématique::

    OPERATION TERRITOIRE(S) STRUCTURE PLACES D'ACCOMPAGNEMENT MONTANT RETENU
    CC Osartis Marquion 100 8 000,00 €
    CCAS Labourse 11 880,00 €            <- 11 places, 880 € (decided by the unit rate)
    TOTAL 9 669 places d'accompagnement 773 520,00 €
    TOTAL 2 846 873,00 €                 <- thématique total

    Audomarois DEFI MOBILITE
    Soutien au fonctionnement de l'activité de location solidiaire 2-4 roues - 01/01/2022 au
    31/12/2022
    52 500,00

Totals are returned as :class:`PrintedTotal`, never as grants; a row that cannot be read is
returned as unread, with why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import (
    find_counts,
    has_cents,
    is_numeric_token,
    is_single_amount,
    number_tokens,
    split_currency,
    tokens_to_decimal,
)
from ..records import UnreadLine, amount_text, fold
from ..territories import is_territory_only, split_territory
from .common import COUNT_UNITS, Grant, OperationHeading, PrintedTotal, operation_for_total

_LISTING_HEADER_RE = re.compile(r"^\s*OPERATION\s+TERRITOIRE", re.IGNORECASE)
_TOTAL_RE = re.compile(r"^\s*TOTAL\b", re.IGNORECASE)
_PAGE_HEAD_RE = re.compile(r"^\s*(?:Annexe\s+\d+\s*:|\d\.\s+\S)")
_DESCRIPTION_STARTS = (
    "soutien",
    "accompagnement",
    "accompagner",
    "action",
    "actions",
    "mobiliser",
    "offrir",
    "permettre",
    "diagnostic",
    "ateliers",
    "ordinateurs",
    "cles",
    "remobilisation",
    "lutter",
    "decouverte",
    "valider",
    "mise",
    "assurer",
    "developpement",
    "auto-",
    "au titre",
)

_DESCRIPTION_PREFIXES = tuple(s for s in _DESCRIPTION_STARTS if s.endswith("-"))  # "auto-" opens "auto-école"
_DESCRIPTION_WORDS = frozenset(_DESCRIPTION_STARTS)
_WORD_RE = re.compile(r"\S+")


def _opens_description(word: str) -> bool:
    """A folded word that opens a row's description: one of ``_DESCRIPTION_STARTS``, or a word
    starting with one of them that ends with "-"."""
    return word in _DESCRIPTION_WORDS or word.startswith(_DESCRIPTION_PREFIXES)


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


def _count_text(value: Decimal | None) -> str:
    """``Decimal("11.00")`` -> ``"11"``, ``None`` -> ``"—"`` (a count as the reader wrote it)."""
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _split_structure(text: str) -> tuple[str, str]:
    """``(structure, description)`` for a one-line row without its territory and amount.

    The structure ends before "N postes/places", or before the first word that opens a
    description ("Soutien", "Accompagnement", "Actions" ...), or after its run of capitals
    ("COMMUNE DE LILLERS Soutien ..."). Failing all, the whole text is the structure.
    """
    cuts = []
    counts = find_counts(text, COUNT_UNITS)
    if counts and counts[0].start > 0:
        cuts.append(counts[0].start)
    for m in _WORD_RE.finditer(text):
        if m.start() > 0 and _opens_description(fold(m.group(0))):
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
    letters = list(filter(str.isalpha, word))
    return not letters or all(map(str.isupper, letters))


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


def _read_listing_region(
    lines: list[str],
    start: int,
    themes: list[str],
    headings: list[OperationHeading],
    grants: list[Grant],
    totals: list[PrintedTotal],
    unread: list[UnreadLine],
) -> int:
    """Read the tables from the header at ``start`` to the thématique total not followed by
    another header; returns the index of the line after them."""
    theme_index = 0
    places = "PLACES" in lines[start].upper()
    block: list[int] = []  # 0-based indices of the lines of the pending row
    pending: list[_ListingRow] = []  # rows of the current table
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
                unread.append(
                    UnreadLine(
                        block[0] + 1,
                        text,
                        "ligne de tableau sans montant retenu : les montants "
                        "ne sont cités que dans le texte de la cellule",
                    )
                )
            block = []
            theme = themes[theme_index] if theme_index < len(themes) else None
            if last_was_total and not pending:
                if amount:
                    totals.append(
                        PrintedTotal(
                            "thematique", None, theme, "TOTAL (thématique)", amount.value, None, i + 1
                        )
                    )
                theme_index += 1
                nxt = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
                if nxt is None or not _LISTING_HEADER_RE.match(lines[nxt]):
                    return i + 1
            else:
                first = pending[0].ligne_debut if pending else i + 1
                operation = operation_for_total(amount.value, headings, lines) if amount and pending else None
                if amount:
                    counts = find_counts(amount.text, COUNT_UNITS)
                    totals.append(
                        PrintedTotal(
                            "tableau",
                            first,
                            theme,
                            " ".join(amount.text.split()),
                            amount.value,
                            counts[0].value if counts else None,
                            i + 1,
                        )
                    )
                _emit_rows(
                    pending, places, first, theme, operation, amount.value if amount else None, grants, unread
                )
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


@dataclass(frozen=True)
class _ListingRow:
    """One row of a table, before the table's TOTAL decides its count of places."""

    texte: str  # the row's text without its territory and amount
    territoire: str | None
    structure: str
    complement: str | None
    amount: _Amount
    ligne_debut: int  # 1-based
    ligne: int  # 1-based line of the amount
    extrait: str


def _block_row(
    lines: list[str], block: list[int], amount: _Amount, unread: list[UnreadLine]
) -> _ListingRow | None:
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
            unread.append(
                UnreadLine(
                    idx[k] + 1,
                    texts[k],
                    "libellé de territoire imprimé à part (cellule fusionnée) : non rattachable à une ligne",
                )
            )
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
        if n == 1 and find_counts(structure, COUNT_UNITS) and len(texts) == 2:
            structure, complement = _split_structure(structure)
            complement = " ".join([complement, *texts[n:]])
        else:
            complement = " ".join(texts[n:])
    return _ListingRow(
        texte=" ".join(" ".join(texts).split()),
        territoire=territory,
        structure=" ".join(structure.split()),
        complement=" ".join(complement.split()) or None,
        amount=amount,
        ligne_debut=row_start + 1,
        ligne=block[-1] + 1,
        extrait=" ".join(" ".join(lines[k].split()) for k in idx),
    )


def _emit_rows(
    rows: list[_ListingRow],
    places: bool,
    table: int,
    theme: str | None,
    operation: OperationHeading | None,
    total: Decimal | None,
    grants: list[Grant],
    unread: list[UnreadLine],
) -> None:
    """Turn the pending rows of one table into grants (places tables: count then amount).

    A count glued to the amount ("833 125 000,00") is decided by the table's unit rate
    (the most frequent amount per place among the rows read one way only), else, when it
    is the only undecided row of the table, by the printed TOTAL; else it is not read.
    """
    readings = [read_count_and_amount(r.amount.run) if places else [] for r in rows]
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
            others = sum(
                (options[0][1] for n, options in enumerate(readings) if n != undecided[0]), Decimal(0)
            )
            fits = [x for x in readings[undecided[0]] if others + x[1] == total]
            if len(fits) == 1:
                readings[undecided[0]] = fits
    for r, options in zip(rows, readings, strict=False):
        amount = r.amount
        structure, complement, quantite, unite, value = r.structure, r.complement, None, None, amount.value
        if places:
            if len(options) != 1:
                shown = (
                    " ; ".join(f"{_count_text(q)} places / {amount_text(v)} €" for q, v in options)
                    or "aucune"
                )
                unread.append(
                    UnreadLine(
                        r.ligne_debut,
                        r.extrait,
                        f"nombre de places collé au montant, lectures possibles : {shown}",
                    )
                )
                continue
            (quantite, value), structure, complement = options[0], r.texte, None
            unite = "places" if quantite is not None else None
        else:
            # numbers left before the amount stay in the complement: nothing is dropped
            complement = " ".join(filter(None, [complement, *amount.count_tokens])) or None
            count = find_counts(" ".join(filter(None, [complement, structure])), COUNT_UNITS)
            if len(count) == 1:
                quantite, unite = count[0].value, count[0].unit.lower()
        grants.append(
            Grant(
                source="tableau",
                tableau=table,
                thematique=theme,
                operation=operation.titre if operation else None,
                dispositif_code=operation.dispositif_code if operation else None,
                territoire=r.territoire,
                structure=structure,
                complement=complement,
                quantite=quantite,
                unite=unite,
                montant_eur=value,
                ligne_debut=r.ligne_debut,
                ligne=r.ligne,
                extrait=r.extrait,
            )
        )
