"""What the contract reports share: status labels and colours, source line texts, default year."""

from __future__ import annotations

import datetime as dt
import html

import duckdb

from .html import Html, source, table

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


Citation = tuple[str, str | None, str | None, str | None]  # citation, line, line before, line after


def citations(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[tuple[str, int], Citation]:
    """(doc_id, ligne) -> how the line is quoted (« Délib. n° 2024-176 du 15 avril 2024, l. 701 »), its
    text and one line of context on each side, for every line of the given documents
    (``marts.sources_lignes``)."""
    rows = con.execute(
        "select doc_id, ligne, citation, texte, contexte_avant, contexte_apres from marts.sources_lignes"
        " where list_contains(?, doc_id)",
        [sorted(set(doc_ids))],
    ).fetchall()
    return {(d, n): (c, t, a, p) for d, n, c, t, a, p in rows}


def cite(quotes: dict[tuple[str, int], Citation], doc_id: str, ligne: int | None) -> Html:
    """The source cell of a figure: its citation unfolding to the line and its context."""
    if ligne is None or (doc_id, ligne) not in quotes:
        return Html("—")
    return source(*quotes[(doc_id, ligne)])


def sources_appendix(con: duckdb.DuckDBPyConnection, cited: set[tuple[str, int]], doc_ids: list[str]) -> str:
    """« Annexe — Sources »: the documents (numero, date, title, file, fingerprint) and every line the
    page cites, with its text and its neighbours, in the order of the documents then of the lines."""
    documents = con.execute(
        "select reference, titre, instance, fichier_source, sha256 from marts.sources_documents"
        " where list_contains(?, doc_id) order by ordre",
        [sorted(set(doc_ids))],
    ).fetchall()
    keys = sorted(cited)
    lines = con.execute(
        """
        select s.citation, s.contexte_avant, s.texte, s.contexte_apres from marts.sources_lignes s
        join marts.sources_documents d using (doc_id)
        join (select unnest(?) as doc_id, unnest(?) as ligne) k using (doc_id, ligne)
        order by d.ordre, s.ligne
        """,
        [[k[0] for k in keys], [k[1] for k in keys]],
    ).fetchall()
    return (
        '<section class="annexe"><h2 id="sources">Annexe — Sources</h2>'
        "<p class='meta'>Les délibérations dont les chiffres de ce rapport sont tirés, puis chaque "
        "ligne citée avec"
        " son texte tel qu'imprimé (phrase ou ligne de tableau).</p>"
        + table(
            ["délibération", "titre", "instance", "fichier", "empreinte SHA-256"],
            [list(d) for d in documents],
        )
        + "<h3>Lignes citées</h3>"
        + table(
            ["citation", "ligne citée (en gris : la ligne qui précède et celle qui suit)"],
            [
                [
                    c,
                    Html(
                        f'<span class="ctx">{html.escape(a or "")}</span><code>{html.escape(t or "")}</code>'
                        f'<span class="ctx">{html.escape(p or "")}</span>'
                    ),
                ]
                for c, a, t, p in lines
            ],
        )
        + "</section>"
    )


def short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
