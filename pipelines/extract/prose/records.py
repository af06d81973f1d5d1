"""Records of the figures read in sentences, and the helpers every prose rule shares.

Every record keeps its provenance: ``ligne`` (1-based line of the file), ``position``
(offset of the figure in that line), ``texte`` (the figure as printed) and ``phrase`` (the
sentence, joined over its wrapped lines), plus ``regle``: the name of the rule that read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import SentenceNumber
from ..records import UnreadLine
from .text import Sentence

__all__ = [
    "FINANCEURS",
    "BilanProse",
    "CibleProse",
    "Claims",
    "CofinancementProse",
    "ContexteProse",
    "MontantProse",
    "UnreadLine",
    "financeur_of",
    "unit_after",
    "year_of",
]


@dataclass(frozen=True)
class _Figure:
    ligne: int
    position: int
    texte: str
    valeur: Decimal
    unite: str
    annee: int | None
    objet: str
    phrase: str
    regle: str


@dataclass(frozen=True)
class BilanProse(_Figure):
    """A realised figure of a past year written in a sentence (feeds ``bilans``)."""

    section: str | None = None
    categorie: str = "realise"


@dataclass(frozen=True)
class CibleProse(_Figure):
    """A target or planned volume written in a sentence (feeds ``cibles_texte``)."""

    section: str | None = None
    categorie: str = "cible"


@dataclass(frozen=True)
class CofinancementProse(_Figure):
    """A financeur's share written in a sentence (feeds ``cofinancements_texte``)."""

    financeur: str = ""
    beneficiaire: str | None = None
    partenaire: str | None = None
    source: str = "texte"
    categorie: str = "cofinancement"


@dataclass(frozen=True)
class MontantProse(_Figure):
    """A printed total, a sub-action amount or a unit rate (``categorie`` says which)."""

    categorie: str = "total_imprime"  # total_imprime | montant_sous_action | taux_unitaire
    partenaire: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class ContexteProse(_Figure):
    """A figure judged not a fact of the warehouse; ``regle`` says which rule judged it."""

    categorie: str = "contexte"


class Claims:
    """Each printed figure is read once: the first rule that claims it wins."""

    def __init__(self) -> None:
        self._seen: set[tuple[int, int]] = set()

    def key(self, s: Sentence, n: SentenceNumber) -> tuple[int, int]:
        return s.where(n.start)

    def taken(self, s: Sentence, n: SentenceNumber) -> bool:
        return self.key(s, n) in self._seen

    def keys(self) -> set[tuple[int, int]]:
        """The (line, position) of every figure read so far (a copy)."""
        return set(self._seen)

    def take(self, s: Sentence, n: SentenceNumber) -> tuple[int, int] | None:
        k = self.key(s, n)
        if k in self._seen:
            return None
        self._seen.add(k)
        return k


def ws(pattern: str) -> str:
    """A regex source where each literal space matches any run of spaces (the corpus doubles them)."""
    return pattern.replace(" ", r"\s+")


def figure_fields(
    s: Sentence, n: SentenceNumber, unite: str, annee: int | None, objet: str, regle: str
) -> dict:
    ligne, position = s.where(n.start)
    return {
        "ligne": ligne,
        "position": position,
        "texte": n.texte,
        "valeur": n.valeur,
        "unite": unite,
        "annee": annee,
        "objet": objet.strip(),
        "phrase": s.text,
        "regle": regle,
    }


# --- units --------------------------------------------------------------------------------

MONTHS = {
    "janvier",
    "février",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "decembre",
}
TIME_UNITS = {
    "ans",
    "an",
    "mois",
    "semaine",
    "semaines",
    "semestre",
    "semestres",
    "trimestre",
    "trimestres",
    "minutes",
    "min",
    "h",
    "er",
    "ère",
    "ème",
    "e",
    "points",
    "point",
}
_SKIP = {"de", "des", "d", "du", "ces", "ses", "leurs", "nouveaux", "nouvelles", "nouveau", "«", "»"}
_NOT_UNIT = {
    "et",
    "à",
    "a",
    "au",
    "aux",
    "en",
    "le",
    "la",
    "les",
    "l",
    "pour",
    "par",
    "sur",
    "dont",
    "ou",
    "qui",
    "que",
    "soit",
    "avec",
    "dans",
    "entre",
    "contre",
    "une",
    "un",
    "x",
    "cf",
    "ce",
    "cette",
    "ont",
    "sont",
    "est",
    "était",
    "sera",
    "seront",
    "s",
    "n",
    "plus",
    "moins",
    "sa",
    "son",
    "ses",
    "leur",
    "vont",
    "va",
    "peut",
    "peuvent",
    "doit",
    "doivent",
    "se",
    "sous",
    "hors",
    "selon",
    "via",
    "chez",
} | MONTHS
_VERB_AFTER = {"ont", "sont"}
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ’'-]*")


def unit_after(text: str, end: int) -> tuple[str | None, str]:
    """The noun printed after a number and the words that follow (its object).

    ``"29 660 bénéficiaires du RSA sur une base"`` -> ("bénéficiaires", "bénéficiaires du RSA sur
    une base"); ``"22 « solutions logement » sur"`` -> ("solutions logement", ...);
    ``"4300 des bénéficiaires"`` -> ("bénéficiaires", ...); ``"4 ont trouvé un emploi"`` ->
    ("non précisée", "ont trouvé un emploi"); a month, a duration or a function word -> (None, "").
    """
    rest = text[end:]
    clause = re.split(r"[,;:.()]|\s[-–]\s", rest, maxsplit=1)[0]
    objet = " ".join(clause.split()[:8])
    quoted = re.match(r"\s*«\s*([^»]{1,40}?)\s*»", rest)
    if quoted:
        return quoted.group(1).lower(), objet
    words = _WORD.findall(rest[:80])
    if not words:
        return None, ""
    first = words[0]
    low = first.lower().replace("’", "'")
    if low in _VERB_AFTER and re.match(r"\s+\w", rest):
        return "non précisée", objet
    i = 0
    while i < len(words) and words[i].lower().rstrip("’'") in _SKIP:
        i += 1
    if i >= len(words):
        return None, ""
    if i == 0 and not re.match(r"\s*[«\s]*[A-Za-zÀ-ÿ]", rest):
        return None, ""
    word = words[i]
    if re.search(r"\d", rest[: rest.find(word)]):
        return None, ""
    low = word.lower().replace("’", "'")
    if low.startswith(("d'", "l'")):
        return None, ""
    if low in TIME_UNITS or low in _NOT_UNIT:
        return None, ""
    return word, objet


# --- years --------------------------------------------------------------------------------

_YEAR_RE = re.compile(
    r"(?:au titre de l['’]année|pour l['’]année|de l['’]année|l['’]année|en|pour|année|crédits|participation|"
    r"[Aa]u 31 décembre(?: de l['’]année)?|dénombré en|[Ss]ur l['’]année|Pour|En)\s+(20\d\d)\b|(?:^"
    r"|\s)(20\d\d)\s*:(?!\d)"
)


def year_of(text: str, before: int | None = None) -> int | None:
    """The year a sentence speaks of: the last "au titre de l'année 2023", "en 2021", "pour 2022",
    "2023 :" written before offset ``before`` (or anywhere when none is before it)."""
    found = [(m.start(), int(m.group(1) or m.group(2))) for m in _YEAR_RE.finditer(text)]
    if not found:
        return None
    if before is not None:
        prior = [y for pos, y in found if pos < before]
        if prior:
            return prior[-1]
    return found[0][1]


# --- financeurs ---------------------------------------------------------------------------

FINANCEURS = [
    (re.compile(r"\b(?:l['’]\s?[ÉE]tat|[ÉE]tat|l['’]administration|préfet|DDETS)\b", re.IGNORECASE), "Etat"),
    (
        re.compile(r"\b(?:Département|Conseil départemental|départementale|CD\s?62)\b", re.IGNORECASE),
        "Departement",
    ),
    (re.compile(r"\b(?:CAF|Caisse d['’]Allocations? Familiales)\b"), "CAF"),
    (re.compile(r"\b(?:Région|Conseil régional|régionale)\b", re.IGNORECASE), "Region"),
    (re.compile(r"\b(?:FSE\+?|Fonds [Ss]ocial [Ee]uropéen)\b"), "FSE"),
    (re.compile(r"\bFSL\b|Fonds de [Ss]olidarité (?:pour le )?[Ll]ogement"), "FSL"),
    (re.compile(r"\b(?:France Travail|Pôle [Ee]mploi)\b"), "France Travail"),
    (re.compile(r"\bARS\b"), "ARS"),
]


def financeur_of(text: str) -> str | None:
    """The financeur named in a short text ("participation État", "de l'Etat", "du FSL")."""
    best: tuple[int, str] | None = None
    for rx, name in FINANCEURS:
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None
