"""Tables of structures in a layout no reader handles: every line printing an amount is unread.

::

    Nom du prestataire Territoires Arrondissements  (DSF)
    de l'Arrageois 111 66 11+ 4 GLA 114 485,40 68 072,40 182 557,80 24 690,80

See :func:`parse_unread_structure_tables`.
"""

from __future__ import annotations

import re

from ..numbers import contains_amount
from ..records import UnreadLine

_UNREAD_TABLE_HEADER_RE = re.compile(
    r"^\s*(?:Nom du prestataire|STRUCTURES?)\b.*\bTerritoires?\b", re.IGNORECASE
)
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
            unread.append(
                UnreadLine(
                    number,
                    " ".join(line.split()),
                    f"tableau « {header[1][:60]} » (l.{header[0]}) : noms des "
                    "structures imprimés à part de leurs montants (cellules "
                    "fusionnées), ligne non rattachable à une structure sans deviner",
                )
            )
    return unread
