"""The figure ledger: every amount and percentage a document prints, with its place and sentence.

Each amount or percentage found by :func:`pipelines.extract.numbers.find_sentence_numbers` (and
each malformed amount of :func:`~pipelines.extract.numbers.find_malformed_amounts`) becomes one
:class:`PrintedFigure`. Whether a fact of the warehouse reads it is decided in dbt (the mart
``chiffres`` joins the figures to every fact table on document, line and value); here we only
say where a figure stands and, for the few shapes that are never facts of this warehouse, which
*context rule* judged it so. Each rule is a small function with the sentences it recognises in
its docstring and unit tests on two phrasings; a figure no rule recognises keeps
``regle_contexte = None`` and is either read by a fact or listed as not read: never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .numbers import SentenceNumber, find_malformed_amounts, find_sentence_numbers
from .records import fold_compat

_SENTENCE_END = re.compile(r"[.;!?]\s*$")
_SPACES = re.compile(r"\s+")
_SHARED_RE = re.compile(r"%\s*(de\s+l'|l')?\s*etat\b|%\s*(du\s+)?departement\b")
_SHARED_BEFORE_RE = re.compile(r"(participe|cofinancement|co-financement|financ\w*)\s+a\s+hauteur\s+de\s*$")
_CEILING_RE = re.compile(
    r"(dans la limite d[eu]|plafonne\w* a|plafond d[eu]|au maximum|au plus|n'excedant pas"
    r"|jusqu'a|a concurrence d[eu]|minimum d[eu]|au moins)\s*$"
)
_NATIONAL_RE = re.compile(
    r"au niveau national|a l'echelle nationale|en france (entiere|metropolitaine)"
    r"|moyenne nationale|milliards? d'euros"
)
_SCHEDULE_RE = re.compile(
    r"dans le mois qui suit|au cours du \w+ trimestre|acompte|a la signature|vers(e|ement)"
    r"|le solde (sur|a|au)"
)


@dataclass(frozen=True)
class PrintedFigure:
    """One figure as printed: line (1-based), offset in that line (0-based), text, value, unit."""

    ligne: int
    ligne_fin: int
    position: int
    texte: str
    valeur: Decimal | None
    unite: str
    phrase: str
    regle_contexte: str | None


def _before(phrase: str, figure: str, width: int = 60) -> str:
    at = phrase.find(figure)
    return fold_compat(phrase[max(0, at - width) : max(at, 0)]) if at >= 0 else ""


def _around(phrase: str, figure: str, width: int = 80) -> str:
    at = phrase.find(figure)
    if at < 0:
        return fold_compat(phrase)
    return fold_compat(phrase[max(0, at - width) : at + len(figure) + width])


def rule_sharing_key(phrase: str, figure: SentenceNumber) -> bool:
    """A percentage that states how a cost is shared, a rule of the contract, not a figure of it.

    (50 % Etat ‐ 50 % Département)
    Il participe à hauteur de 50% du coût total des actions inscrites au volet 2
    interviennent en cofinancement à hauteur de 50 % maximum de
    """
    if figure.unite != "%":
        return False
    near = _around(phrase, figure.texte, 40)
    return bool(_SHARED_RE.search(near) or _SHARED_BEFORE_RE.search(_before(phrase, figure.texte, 45)))


def rule_ceiling(phrase: str, figure: SentenceNumber) -> bool:
    """A ceiling or a floor set by a rule, not an amount decided or spent.

    dans la limite de 3 000 € par structure
    une aide plafonnée à 1 500 €
    au maximum 10 % du budget
    """
    return bool(_CEILING_RE.search(_before(phrase, figure.texte, 35)))


def rule_national_figure(phrase: str, figure: SentenceNumber) -> bool:
    """A figure of France as a whole (a national rate or budget), quoted to compare.

    ni en emploi ni en études (16% au niveau national)
    l'État consacre 1,5 milliard d'euros à la stratégie à l'échelle nationale
    """
    return bool(_NATIONAL_RE.search(_around(phrase, figure.texte, 50)))


def rule_in_a_name(phrase: str, figure: SentenceNumber) -> bool:
    """A figure that is part of a name (a plan, a programme), inside « » quotes.

    sous-action 25 « Pilier 3 Plan 100% d'accès aux droits »
    le programme « 100 % inclusion » porté par
    """
    at = phrase.find(figure.texte)
    if at < 0:
        return False
    opened = phrase.rfind("«", 0, at)
    return opened >= 0 and phrase.find("»", opened) > at and phrase.rfind("»", 0, at) < opened


def rule_payment_schedule(phrase: str, figure: SentenceNumber) -> bool:
    """A share of a grant paid at a given time: a payment schedule, not an amount or a rate of the grant.

    - 70 % dans le mois qui suit la date de la signature de la présente convention ;
    - 60% du montant de la subvention dans le mois qui suit la date de la signature
    un acompte de 50 % est versé au démarrage de l'action, le solde sur bilan
    """
    if figure.unite != "%":
        return False
    return bool(_SCHEDULE_RE.search(_around(phrase, figure.texte, 70)))


def rule_flat_rate(phrase: str, figure: SentenceNumber) -> bool:
    """A flat rate of a cost rule (indirect costs as a share of direct costs), not a figure of the grant.

    Des charges indirectes : forfaitisées à hauteur de 20% du montant total des charges
    les frais de structure sont pris en compte forfaitairement à 15 % des dépenses directes
    """
    return figure.unite == "%" and "forfait" in _around(phrase, figure.texte, 60)


CONTEXT_RULES: dict[str, Callable[[str, SentenceNumber], bool]] = {
    "regle_de_partage": rule_sharing_key,
    "plafond_ou_seuil": rule_ceiling,
    "chiffre_national": rule_national_figure,
    "dans_un_intitule": rule_in_a_name,
    "echeancier_de_versement": rule_payment_schedule,
    "taux_forfaitaire": rule_flat_rate,
}


def context_rule(phrase: str, figure: SentenceNumber) -> str | None:
    """The name of the first context rule that recognises ``figure`` in ``phrase``, else None."""
    for name, rule in CONTEXT_RULES.items():
        if rule(phrase, figure):
            return name
    return None


def printed_figures(text: str) -> list[SentenceNumber]:
    """The amounts and percentages of ``text`` (line breaks count as spaces, offsets unchanged),
    with the malformed amounts (``"2 1559 €"``) kept without a value, in reading order."""
    flat = text.replace("\n", " ")
    malformed = [
        SentenceNumber(offset, offset + len(texte), texte, None, "EUR")
        for offset, texte in find_malformed_amounts(flat)
    ]
    found = [
        n
        for n in find_sentence_numbers(flat)
        if n.unite in ("EUR", "%") and not any(m.start < n.end and n.start < m.end for m in malformed)
    ]
    return sorted(found + malformed, key=lambda n: n.start)


def sentence_bounds(lines: list[str], first: int, last: int, reach: int = 2) -> tuple[int, int]:
    """The lines (0-based, inclusive) of the sentence around lines ``first``..``last``.

    Extended backwards while the previous line does not end a sentence, forwards while the
    current one does not, by at most ``reach`` lines each way; a table row (tabs, or more than
    two figures) is its own phrase.
    """
    if "\t" in lines[first] or len(printed_figures(lines[first])) > 2:
        return first, last
    start = first
    while (
        start > 0
        and first - start < reach
        and lines[start - 1].strip()
        and not _SENTENCE_END.search(lines[start - 1])
    ):
        start -= 1
    end = last
    while (
        end + 1 < len(lines)
        and end - last < reach
        and lines[end].strip()
        and not _SENTENCE_END.search(lines[end])
    ):
        end += 1
    return start, end


def find_figures(lines: list[str]) -> list[PrintedFigure]:
    """Every amount and percentage of a document, in reading order, with its sentence and context rule."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out = []
    index = 0
    # several figures share a line, a sentence, a figure text: each is judged once
    bounds: dict[tuple[int, int], tuple[int, int]] = {}
    phrases: dict[tuple[int, int], str] = {}
    rules: dict[tuple[str, str, Decimal | None, str | None], str | None] = {}
    for number in printed_figures(text):
        while index + 1 < len(starts) and starts[index + 1] <= number.start:
            index += 1
        last = index
        while last + 1 < len(starts) and starts[last + 1] < number.end:
            last += 1
        if (index, last) not in bounds:
            bounds[index, last] = sentence_bounds(lines, index, last)
        span = bounds[index, last]
        if span not in phrases:
            phrases[span] = _phrase(lines[span[0] : span[1] + 1])
        phrase = phrases[span]
        texte = _SPACES.sub(" ", number.texte)
        key = (phrase, texte, number.valeur, number.unite)
        if key not in rules:
            rules[key] = context_rule(phrase, SentenceNumber(0, 0, texte, number.valeur, number.unite))
        out.append(
            PrintedFigure(
                ligne=index + 1,
                ligne_fin=last + 1,
                position=number.start - starts[index],
                texte=texte,
                valeur=number.valeur,
                unite=number.unite,
                phrase=phrase,
                regle_contexte=rules[key],
            )
        )
    return out


def _phrase(lines: list[str]) -> str:
    """The lines of a sentence joined, every run of spaces made one space."""
    return _SPACES.sub(" ", " ".join(line.strip() for line in lines)).strip()
