"""Financing per structure: the annex tables of the calls for projects, and the prose.

One module per layout, each read wherever it appears:

* :mod:`.listing`: **one row per block of lines**, the tables whose header is "OPERATION
  TERRITOIRE(S) STRUCTURE ..." (003)::

      OPERATION TERRITOIRE(S) STRUCTURE PLACES D'ACCOMPAGNEMENT MONTANT RETENU
      CC Osartis Marquion 100 8 000,00 €
      TOTAL 9 669 places d'accompagnement 773 520,00 €

* :mod:`.pivot`: the **tab-separated pivot table** ("TERRITOIRE<TAB>THEMATIQUE<TAB>OPERATION
  <TAB>STRUCTURE<TAB>COMPLEMENTS D'INFORMATION<TAB>...<TAB>Somme de MONTANT RETENU", 004),
  whose amount column is read as a whole;

* :mod:`.prose`: **grants in sentences** ("il est proposé de financer le CCAS
  Courcelles-lès-Lens pour la mise en œuvre de cette mission et pour un total de 6 560 €", 000);

* :mod:`.unread`: tables of structures that no reader handles ("Nom du prestataire
  Territoires ..."), every line with an amount listed as unread.

:mod:`.common` holds what they share: the :class:`Grant` and :class:`PrintedTotal` records,
the "Opération N : titre" headings and the totals stated by the articles. Totals are never
financing rows: they are returned as :class:`PrintedTotal` and checked against the rows
downstream. A row that cannot be read is returned as unread, with why.
"""

from __future__ import annotations

from .common import (
    Grant,
    OperationHeading,
    PrintedTotal,
    find_operation_headings,
    match_dispositif,
    parse_article_totals,
)
from .listing import parse_listing_tables, read_count_and_amount, trailing_amount
from .pivot import count_items, parse_pivot_tables
from .prose import parse_prose_grants
from .unread import parse_unread_structure_tables

__all__ = [
    "Grant",
    "OperationHeading",
    "PrintedTotal",
    "count_items",
    "find_operation_headings",
    "match_dispositif",
    "parse_article_totals",
    "parse_listing_tables",
    "parse_pivot_tables",
    "parse_prose_grants",
    "parse_unread_structure_tables",
    "read_count_and_amount",
    "trailing_amount",
]
