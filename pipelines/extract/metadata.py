"""Deliberation metadata: numero, instance, date of the session, title, votes.

Layout read (top of every deliberation, markdown ``**`` allowed around lines):

    DELIBERATION DE LA COMMISSION PERMANENTE          -> instance
    DU CONSEIL DEPARTEMENTAL
    REUNION DU 3 JUILLET 2023                         -> date_seance
    ...
    APPELS À PROJETS DES POLITIQUES D'INCLUSION       -> titre: the lines in capitals
    DURABLE 2023 - PHASE                                 just above the numero
    3
    (N°2023-333)                                      -> numero
    ...
    Pour  :  31 voix  (Groupe ...)                    -> votes_pour
    Contre : 0 voix                                   -> votes_contre
    Abstention : 8 voix (Groupe ...)                  -> abstentions
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .numbers import INTEGER_PATTERN, parse_count
from .sections import Sections

MONTHS = {
    "JANVIER": 1,
    "FEVRIER": 2,
    "FÉVRIER": 2,
    "MARS": 3,
    "AVRIL": 4,
    "MAI": 5,
    "JUIN": 6,
    "JUILLET": 7,
    "AOUT": 8,
    "AOÛT": 8,
    "SEPTEMBRE": 9,
    "OCTOBRE": 10,
    "NOVEMBRE": 11,
    "DECEMBRE": 12,
    "DÉCEMBRE": 12,
}

_NUMERO_RE = re.compile(r"^\s*\(\s*N\s*°\s*(\d{4})\s*-\s*(\d+)\s*\)\s*$")
_SEANCE_RE = re.compile(r"R[EÉ]UNION\s+DU\s+(\d{1,2})(?:ER)?\s+([A-ZÉÛ]+)\s+(\d{4})", re.IGNORECASE)
_INSTANCE_RE = re.compile(
    r"D[EÉ]LIB[EÉ]RATION\s+(?:DE\s+LA\s+(COMMISSION\s+PERMANENTE)|DU\s+(CONSEIL\s+D[EÉ]PARTEMENTAL))",
    re.IGNORECASE,
)
_VOTE_RES = {
    "votes_pour": re.compile(rf"\bPour\s*:\s*({INTEGER_PATTERN})"),
    "votes_contre": re.compile(rf"\bContre\s*:\s*({INTEGER_PATTERN})"),
    "abstentions": re.compile(rf"\bAbstentions?\s*:\s*({INTEGER_PATTERN})"),
}
_HEADER_LINES = 40  # the instance and the date are printed in the first lines


@dataclass(frozen=True)
class Metadata:
    numero: str | None
    numero_ligne: int | None
    instance: str | None
    date_seance: dt.date | None
    titre: str | None
    votes_pour: int | None
    votes_contre: int | None
    abstentions: int | None


def _plain(line: str) -> str:
    return line.replace("**", "").strip()


def parse_numero(lines: list[str]) -> tuple[str, int] | None:
    """``(N°2023-333)`` alone on its line -> ``("2023-333", index)``; the first one wins."""
    for i, line in enumerate(lines):
        m = _NUMERO_RE.match(_plain(line))
        if m:
            return f"{m.group(1)}-{m.group(2)}", i
    return None


def parse_instance(lines: list[str]) -> str | None:
    """``DELIBERATION DE LA COMMISSION PERMANENTE`` / ``DELIBERATION DU CONSEIL DEPARTEMENTAL``."""
    head = " ".join(_plain(line) for line in lines[:_HEADER_LINES])
    m = _INSTANCE_RE.search(head)
    if not m:
        return None
    return "Commission Permanente" if m.group(1) else "Conseil départemental"


def parse_date_seance(lines: list[str]) -> dt.date | None:
    """``REUNION DU 3 JUILLET 2023`` -> 2023-07-03 (the first such line of the header)."""
    for line in lines[:_HEADER_LINES]:
        m = _SEANCE_RE.search(_plain(line))
        if m:
            month = MONTHS.get(m.group(2).upper())
            if month is None:
                return None
            try:
                return dt.date(int(m.group(3)), month, int(m.group(1)))
            except ValueError:
                return None
    return None


def _is_capitals(line: str) -> bool:
    text = _plain(line)
    return any(c.isalpha() or c.isdigit() for c in text) and not any(c.islower() for c in text)


def parse_titre(lines: list[str], numero_index: int) -> str | None:
    """The block of lines in capitals just above ``(N°...)``, blank lines allowed inside."""
    picked: list[str] = []
    i = numero_index - 1
    while i >= 0 and (not lines[i].strip() or _is_capitals(lines[i])):
        if lines[i].strip():
            picked.append(_plain(lines[i]))
        i -= 1
    return " ".join(" ".join(reversed(picked)).split()) or None


def parse_votes(lines: list[str], sections: Sections) -> dict[str, int | None]:
    """Vote counts printed between "DECIDE :" and "(Adopté)"."""
    start = sections.decide_start or 0
    end = sections.decision_end if sections.decision_end is not None else len(lines) - 1
    text = " ".join(lines[start : end + 1])
    votes: dict[str, int | None] = {}
    for key, regex in _VOTE_RES.items():
        m = regex.search(text)
        votes[key] = int(parse_count(m.group(1))) if m else None
    return votes


def parse_metadata(lines: list[str], sections: Sections) -> Metadata:
    numero = parse_numero(lines)
    votes = parse_votes(lines, sections)
    return Metadata(
        numero=numero[0] if numero else None,
        numero_ligne=numero[1] + 1 if numero else None,
        instance=parse_instance(lines),
        date_seance=parse_date_seance(lines),
        titre=parse_titre(lines, numero[1]) if numero else None,
        **votes,
    )
