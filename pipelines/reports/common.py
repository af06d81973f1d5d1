"""What the contract reports share: status labels and colours, source line texts, default year."""

from __future__ import annotations

import datetime as dt
import html

import duckdb

from .html import Html

# statut of marts.realise_vs_cible -> (label, colour)
STATUTS = {
    "atteint": ("atteint", "#1a7f37"),
    "en_cours": ("en cours", "#d4a72c"),
    "non_atteint": ("non atteint", "#cf222e"),
    "non_renseigne": ("non renseigné", "#8c959f"),
}
# statut_2027 of marts.trajectoires_pacte -> (label, colour)
STATUTS_2027 = {
    "atteint": ("cible 2027 atteinte", "#1a7f37"),
    "en_avance": ("dans les temps ou en avance", "#2da44e"),
    "en_retard": ("en retard", "#cf222e"),
    "non_renseigne": ("non renseigné", "#8c959f"),
}


def default_year(today: dt.date | None = None) -> int:
    """The year a bilan is written for: the previous calendar year (2025 in 2026)."""
    return (today or dt.date.today()).year - 1


def badge(statut: str, labels: dict[str, tuple[str, str]]) -> Html:
    label, colour = labels[statut]
    return Html(f'<span class="statut" style="color:{colour}">● {html.escape(label)}</span>')


def legend(labels: dict[str, tuple[str, str]], definitions: dict[str, str]) -> str:
    items = "".join(f"<li>{badge(k, labels)} : {html.escape(definitions[k])}</li>" for k in labels)
    return f"<ul class='meta'>{items}</ul>"


def line_texts(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[tuple[str, int], str]:
    """(doc_id, ligne) -> text of the line, for every line of the given documents."""
    rows = con.execute(
        "select doc_id, ligne, texte from marts.lignes_source where list_contains(?, doc_id)",
        [sorted(set(doc_ids))],
    ).fetchall()
    return {(d, n): t for d, n, t in rows}


def short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
