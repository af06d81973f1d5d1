"""``reports/qualite.html``: what was read, what was not, every failed consistency check
with both figures and the text of its source line, and what changed since the previous build."""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path

import duckdb
import plotly.graph_objects as go

from pipelines.build import previous_warehouse

from .changes import NATURES, Change, comparable_tables, diff_figures, read_figures
from .html import Html, fr_number, page, table

PREVIOUS = "build_precedent"  # catalog name of the previous warehouse, attached read-only


def render_qualite(con: duckdb.DuckDBPyConnection, warehouse: Path, previous: Path | None = None) -> str:
    """The page; ``previous`` is the warehouse of the build before (attached to ``con`` as PREVIOUS)."""
    per_doc = con.execute(
        """
        select doc_id, numero, cast(date_seance as varchar), instance, montants_articles,
            lignes_imputation_deliberation + lignes_imputation_rapport, subventions, bilans,
            cibles_indicateurs, lignes_non_lues, anomalies
        from marts.extraction_par_document order by date_seance
        """
    ).fetchall()
    anomalies = con.execute(
        """
        select a.controle, a.gravite, a.doc_id, a.ligne, a.valeur_declaree, a.valeur_calculee, a.ecart,
            a.message, trim(s.texte)
        from marts.anomalies_qualite a
        left join marts.lignes_source s on s.doc_id = a.doc_id and s.ligne = a.ligne
        order by a.doc_id, a.ligne
        """
    ).fetchall()
    unread = con.execute("select doc_id, ligne, texte, raison from marts.lignes_non_lues order by doc_id, ligne").fetchall()
    rejected = con.execute("select fichier, raison from marts.documents_rejetes order by fichier").fetchall()

    figure = go.Figure()
    by_control: dict[str, dict[str, int]] = {}
    for controle, _g, doc_id, *_rest in anomalies:
        by_control.setdefault(controle, {}).setdefault(doc_id, 0)
        by_control[controle][doc_id] += 1
    docs = [row[0] for row in per_doc]
    for controle, counts in sorted(by_control.items()):
        figure.add_bar(name=controle, x=docs, y=[counts.get(d, 0) for d in docs])
    figure.update_layout(
        barmode="stack", showlegend=True, title="Anomalies par document et par contrôle", height=380,
        xaxis_title="document", yaxis_title="anomalies", margin={"t": 50, "b": 40},
    )  # fmt: skip
    chart = figure.to_html(full_html=False, include_plotlyjs=True, config={"displaylogo": False})

    verdict = (
        '<p class="ok">Tous les contrôles de cohérence tiennent.</p>'
        if not anomalies
        else f'<p class="ko">{len(anomalies)} anomalie(s) à examiner avant toute publication.</p>'
    )
    changes_html, changes_verdict = render_changes(con, warehouse, previous)
    return page(
        "Qualité des données — délibérations de la DPID",
        f"Entrepôt {warehouse.name}",
        [
            "<h2>Synthèse</h2>" + verdict + changes_verdict,
            "<h2>Documents lus</h2>"
            + table(
                ["document", "numéro", "séance", "instance", "montants d'articles", "lignes budgétaires", "subventions",
                 "chiffres de bilan", "cibles d'indicateurs", "non lues", "anomalies"],
                [list(r) for r in per_doc],
                numeric={4, 5, 6, 7, 8, 9, 10},
            ),
            "<h2>Anomalies</h2>" + chart
            + table(
                ["contrôle", "gravité", "document", "ligne", "déclaré", "calculé", "écart", "message", "texte de la ligne source"],
                [list(r) for r in anomalies],
                numeric={3, 4, 5, 6},
            ),
            "<h2>Lignes non lues</h2><p class='meta'>Ce que les parseurs ont refusé de deviner.</p>"
            + table(["document", "ligne", "texte", "raison"], [list(r) for r in unread], numeric={1}),
            "<h2>Documents rejetés</h2>" + table(["fichier", "raison"], [list(r) for r in rejected]),
            changes_html,
        ],
    )


def _built_at(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y à %H:%M:%S")


def render_changes(con: duckdb.DuckDBPyConnection, warehouse: Path, previous: Path | None) -> tuple[str, str]:
    """The section "Changements depuis la construction précédente" and its one-line summary."""
    title = '<h2 id="changements">Changements depuis la construction précédente</h2>'
    if previous is None:
        note = "Première construction : aucun entrepôt précédent à comparer."
        return title + f"<p class='meta'>{note}</p>", f"<p class='meta'>{note}</p>"
    current = con.execute("select current_database()").fetchone()[0]
    docs = con.execute(
        f"""
        select coalesce(c.doc_id, p.doc_id), coalesce(c.fichier, p.fichier), p.sha256, c.sha256
        from marts.documents c full join {PREVIOUS}.marts.documents p using (doc_id) order by 1
        """
    ).fetchall()
    specs, skipped = comparable_tables(con, current, PREVIOUS)
    changes = diff_figures(read_figures(con, PREVIOUS, specs), read_figures(con, current, specs))
    texts = _line_texts(con, current, changes)

    builds = table(
        ["construction", "fichier", "construit le", "documents"],
        [
            ["précédente", previous.name, _built_at(previous), len([d for d in docs if d[2]])],
            ["actuelle", warehouse.name, _built_at(warehouse), len([d for d in docs if d[3]])],
        ],
        numeric={3},
    )
    counts: dict[str, dict[str, int]] = {}
    for c in changes:
        counts.setdefault(c.doc_id, dict.fromkeys(NATURES, 0))[c.nature] += 1
    doc_rows = []
    for doc_id, fichier, sha_before, sha_after in docs:
        state = ("nouveau" if sha_before is None else "retiré" if sha_after is None
                 else "identique" if sha_before == sha_after else "modifié")  # fmt: skip
        n = counts.get(doc_id, dict.fromkeys(NATURES, 0))
        doc_rows.append([doc_id, fichier, (sha_before or "—")[:12], (sha_after or "—")[:12], state, *n.values()])
    totals = {nature: sum(n[nature] for n in counts.values()) for nature in NATURES}
    summary = (
        "<p class='ok'>Aucun chiffre n'a changé depuis la construction précédente.</p>"
        if not changes
        else "<p class='ko'>Depuis la construction précédente : "
        + ", ".join(f"{v} chiffre(s) {NATURES[k]}(s)" for k, v in totals.items())
        + f" dans {len(counts)} document(s) — <a href='#changements'>voir le détail</a>.</p>"
    )
    skipped_note = f"<p class='meta'>Tables non comparées (absentes d'une des deux constructions) : {', '.join(skipped)}.</p>"
    details = "".join(_document_changes(doc_id, [c for c in changes if c.doc_id == doc_id], texts) for doc_id in counts)
    return (
        title
        + "<p class='meta'>Un chiffre est identifié par sa table, son document, sa colonne et les colonnes stables de sa"
        " ligne (article, opération, structure, action, indicateur, année...), jamais par son numéro de ligne : même"
        " identité et même valeur à une autre ligne = <b>déplacé</b> ; même identité, autre valeur = <b>modifié</b>."
        " Quand plusieurs chiffres partagent une identité, les paires identiques sont appariées d'abord, puis les"
        " valeurs égales, puis le reste dans l'ordre de lecture.</p>"
        + "<h3>Constructions comparées</h3>" + builds
        + "<h3>Par document</h3>"
        + table(
            ["document", "fichier", "sha256 précédent", "sha256 actuel", "état du document", *NATURES.values()],
            doc_rows,
            numeric={5, 6, 7, 8},
        )
        + (skipped_note if skipped else "")
        + details,
        summary,
    )


def _line_texts(con: duckdb.DuckDBPyConnection, current: str, changes: list[Change]) -> dict[tuple, str]:
    """Text of each line cited by the changes: current lines, and previous ones for removed figures."""
    texts = {}
    for catalog, side in ((current, "apres"), (PREVIOUS, "avant")):
        wanted = {(c.doc_id, getattr(c, f"ligne_{side}")) for c in changes if getattr(c, f"ligne_{side}") is not None}
        if wanted:
            rows = con.execute(
                f"select doc_id, ligne, texte from {catalog}.marts.lignes_source where list_contains(?, doc_id)",
                [sorted({d for d, _ in wanted})],
            ).fetchall()
            texts.update({(side, d, n): t for d, n, t in rows if (d, n) in wanted})
    return texts


def _document_changes(doc_id: str, changes: list[Change], texts: dict[tuple, str]) -> str:
    def rows(selected: list[Change]) -> list[list]:
        out = []
        for c in selected:
            side, line = ("apres", c.ligne_apres) if c.ligne_apres is not None else ("avant", c.ligne_avant)
            text = texts.get((side, doc_id, line))
            out.append([
                NATURES[c.nature], c.table, c.column, " · ".join("—" if k is None else str(k) for k in c.key),
                _figure(c.avant), _figure(c.apres), c.ligne_avant, c.ligne_apres,
                Html(f"<code>{html.escape(text.strip())}</code>") if text else "",
            ])  # fmt: skip
        return out

    headers = ["changement", "table", "colonne", "identité", "avant", "après", "ligne avant", "ligne après",
               "texte de la ligne (actuelle, ou précédente si supprimé)"]  # fmt: skip
    moved = [c for c in changes if c.nature == "deplace"]
    others = [c for c in changes if c.nature != "deplace"]
    body = table(headers, rows(others), numeric={4, 5, 6, 7}) if others else ""
    if moved:
        body += (f"<details><summary>{len(moved)} chiffre(s) déplacé(s) (même valeur, autre ligne)</summary>"
                 + table(headers, rows(moved), numeric={4, 5, 6, 7}) + "</details>")  # fmt: skip
    return f"<h3>{html.escape(doc_id)} : {len(changes)} changement(s)</h3>" + body


def _figure(value) -> str:
    return "" if value is None else fr_number(value) if not isinstance(value, str) else value


def write_qualite(warehouse: Path, output: Path) -> Path:
    previous = previous_warehouse(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        attached = previous.exists()
        if attached:
            try:
                con.execute(f"attach '{str(previous).replace(chr(39), chr(39) * 2)}' as {PREVIOUS} (read_only)")
            except duckdb.Error:  # a damaged previous warehouse: no diff, the rest of the report stands
                attached = False
                print(f"Avertissement : entrepôt précédent illisible, ignoré pour les changements : {previous}",
                      file=sys.stderr)  # fmt: skip
        content = render_qualite(con, warehouse, previous if attached else None)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(content, encoding="utf-8")
    return output
