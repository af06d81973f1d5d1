"""``reports/qualite.html``: what was read, what was not, and every failed consistency check
with both figures and the text of its source line."""

from __future__ import annotations

from pathlib import Path

import duckdb
import plotly.graph_objects as go

from .html import page, table


def render_qualite(con: duckdb.DuckDBPyConnection, warehouse: Path) -> str:
    per_doc = con.execute(
        """
        select d.doc_id, d.numero, cast(d.date_seance as varchar), d.instance,
            (select count(*) from marts.montants_articles m where m.doc_id = d.doc_id),
            (select count(*) from marts.lignes_budgetaires b where b.doc_id = d.doc_id),
            (select count(*) from marts.lignes_non_lues n where n.doc_id = d.doc_id),
            (select count(*) from marts.anomalies_qualite a where a.doc_id = d.doc_id)
        from marts.deliberations d order by d.date_seance
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
    return page(
        "Qualité des données — délibérations de la DPID",
        f"Entrepôt {warehouse.name}",
        [
            "<h2>Synthèse</h2>" + verdict,
            "<h2>Documents lus</h2>"
            + table(
                ["document", "numéro", "séance", "instance", "montants d'articles", "lignes budgétaires", "non lues", "anomalies"],
                [list(r) for r in per_doc],
                numeric={4, 5, 6, 7},
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
        ],
    )


def write_qualite(warehouse: Path, output: Path) -> Path:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        content = render_qualite(con, warehouse)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(content, encoding="utf-8")
    return output
