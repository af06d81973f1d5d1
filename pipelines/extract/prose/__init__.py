"""Figures written in sentences: bilans, targets, co-financing, totals, parts and unit rates.

Entry point: :func:`parse_prose` ``(lines) -> ProseExtraction``. Each printed figure is
read at most once; the rules run in this order for every sentence (the first that claims a
figure wins):

1. co-financing (:mod:`.cofinancements`): "dont participation État de", a financeur named
   with a financing word, an amount put into a fund with a partner, "50 % Etat ‐ 50 % ...";
2. context (:mod:`.contextes`): calculation hypotheses;
3. realised figures (:mod:`.bilans`): everything of a "Bilan YYYY" section, dated past facts;
4. amounts (:mod:`.montants`): "Montant :" lines, unit rates, operation totals and their parts;
5. targets (:mod:`.cibles`): "Volume :" lines, counts of a sentence that proposes or plans;
6. context (:mod:`.contextes`): diagnosis and national statistics.

Plus, on raw lines, the "Total" row of each fiche budget (:func:`.montants.rule_total_budget_fiche`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..numbers import find_malformed_amounts
from . import bilans, cibles, cofinancements, contextes, montants
from .records import BilanProse, CibleProse, CofinancementProse, ContexteProse, MontantProse, UnreadLine
from .text import sentences

__all__ = [
    "BilanProse",
    "CibleProse",
    "CofinancementProse",
    "ContexteProse",
    "MontantProse",
    "ProseExtraction",
    "UnreadLine",
    "parse_prose",
]


@dataclass
class ProseExtraction:
    bilans: list[BilanProse] = field(default_factory=list)
    cibles: list[CibleProse] = field(default_factory=list)
    cofinancements: list[CofinancementProse] = field(default_factory=list)
    montants: list[MontantProse] = field(default_factory=list)
    contextes: list[ContexteProse] = field(default_factory=list)
    non_lues: list[UnreadLine] = field(default_factory=list)
    # Euro amounts of sentences that no prose rule claimed (most are grants, read by the
    # subsidies parsers): the ledger marks them non_lu only if no other parser cites them.
    euros_non_reclames: list[UnreadLine] = field(default_factory=list)

    def all_figures(self) -> list:
        return [*self.bilans, *self.cibles, *self.cofinancements, *self.montants, *self.contextes]


_SENTENCE_RULES = [
    *cofinancements.RULES,
    contextes.rule_hypothese,
    *bilans.RULES,
    *montants.RULES,
    *cibles.RULES,
    contextes.rule_diagnostic,
]


def parse_prose(lines: list[str]) -> ProseExtraction:
    """Read the figures written in the sentences of ``lines`` (a file split on newlines)."""
    from .records import Claims

    out = {"bilans": [], "cibles": [], "cofinancements": [], "montants": [], "contextes": [], "non_lues": []}
    claims = Claims()
    free: list[UnreadLine] = []
    for s in sentences(lines):
        for offset, texte in find_malformed_amounts(s.text):
            ligne, _ = s.where(offset)
            out["non_lues"].append(UnreadLine(ligne, s.text, f"montant mal imprimé : « {texte} »"))
            for n in s.numbers:  # no rule reads a piece of it
                if offset <= n.start < offset + len(texte):
                    claims.take(s, n)
        if not s.numbers:
            montants.rule_montant_ligne(s, claims, out)  # "Montant : intégré dans ..." is recorded unread
            continue
        for rule in _SENTENCE_RULES:
            rule(s, claims, out)
        for n in s.numbers:
            if n.unite == "EUR" and not claims.taken(s, n):
                ligne, position = s.where(n.start)
                free.append(
                    UnreadLine(
                        ligne,
                        s.text,
                        f"montant {n.texte} (position {position}) non lu par les règles "
                        "de prose (subvention par structure ?)",
                    )
                )
    taken = claims.keys()
    montants.rule_total_budget_fiche(lines, out, taken)
    montants.rule_plan_action(lines, out, taken)
    seen_unread: set[tuple[int, str]] = set()
    non_lues = []
    for u in out["non_lues"]:
        if (u.ligne, u.raison) not in seen_unread:
            seen_unread.add((u.ligne, u.raison))
            non_lues.append(u)
    out["non_lues"] = non_lues
    return ProseExtraction(**out, euros_non_reclames=free)
