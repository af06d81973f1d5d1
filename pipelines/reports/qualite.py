"""``reports/qualite.html``: what was read, what was not, every failed consistency check
with both figures and the text of its source line, and what changed since the previous build."""

from __future__ import annotations

import datetime as dt
import html
import re
import sys
import textwrap
from pathlib import Path

import duckdb
import plotly.graph_objects as go

from pipelines.build import previous_warehouse

from .changes import NATURES, Change, comparable_tables, diff_figures, read_figures
from .html import Figures, Html, built_at, fr_number, group, page, source, table

PREVIOUS = "build_precedent"  # catalog name of the previous warehouse, attached read-only


def render_qualite(con: duckdb.DuckDBPyConnection, warehouse: Path, previous: Path | None = None) -> str:
    """The page; ``previous`` is the warehouse of the build before (attached to ``con`` as PREVIOUS)."""
    per_doc = con.execute(
        """
        select d.reference, d.fichier_source, e.instance, e.montants_articles,
            e.lignes_imputation_deliberation + e.lignes_imputation_rapport, e.subventions, e.bilans,
            e.cibles_indicateurs, e.lignes_non_lues, e.anomalies, e.chiffres, \
e.chiffres_lus, e.chiffres_non_lus,
            e.chiffres_contexte
        from marts.extraction_par_document e join marts.sources_documents d using (doc_id) order by d.ordre
        """
    ).fetchall()
    (n_anomalies,) = con.execute("select count(*) from marts.anomalies_qualite").fetchone()
    rejected = con.execute("select fichier, raison from marts.documents_rejetes order by fichier").fetchall()
    modifications = con.execute(
        """
        select contrat, numero_apres, objet, nature, action_code, coalesce(indicateur, financeur), annee,
            valeur_avant, valeur_apres, doc_id_avant || ' l.' || ligne_avant, \
doc_id_apres || ' l.' || ligne_apres
        from marts.modifications_contrats order by contrat, date_seance_apres, objet, action_code, annee
        """
    ).fetchall()

    verdict = (
        '<p class="ok">Tous les contrôles de cohérence tiennent.</p>'
        if not n_anomalies
        else f'<p class="ko">{n_anomalies} anomalie(s) à examiner avant toute publication.</p>'
    )
    changes_html, changes_verdict = render_changes(con, warehouse, previous)
    return page(
        "Qualité des données — délibérations de la DPID",
        f"Entrepôt {warehouse.name}",
        [
            "<h2>Synthèse</h2>" + verdict + changes_verdict,
            "<h2>Documents lus</h2>"
            + table(
                [
                    "délibération",
                    "fichier",
                    "instance",
                    "montants d'articles",
                    "lignes budgétaires",
                    "subventions",
                    "chiffres de bilan",
                    "cibles d'indicateurs",
                    "non lues",
                    "anomalies",
                    "chiffres imprimés",
                    "lus",
                    "non lus",
                    "contexte",
                ],
                [list(r) for r in per_doc],
                numeric={3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
            ),
            "<h2>Chiffres non lus</h2><p class='meta'>Chaque chiffre imprimé qu'aucune table ne lit, avec"
            " la raison"
            " (le grand livre <code>marts.chiffres</code>), par document (cliquer pour déplier).</p>"
            + _unread_figures_by_document(con),
            "<h2>Anomalies</h2>" + _anomalies_chart(con) + _anomalies_by_document(con),
            "<h2>Lignes non lues</h2><p class='meta'>Ce que les parseurs ont refusé de deviner, par document"
            " (cliquer pour déplier).</p>" + _unread_by_document(con),
            "<h2>Documents rejetés</h2>" + table(["fichier", "raison"], [list(r) for r in rejected]),
            "<h2>Modifications des contrats</h2><p class='meta'>Ce que chaque délibération postérieure"
            " d'un contrat"
            " (avenant, renouvellement) change : les valeurs en vigueur sont celles de la plus récente.</p>"
            + table(
                [
                    "contrat",
                    "délibération",
                    "objet",
                    "nature",
                    "action",
                    "indicateur / financeur",
                    "année",
                    "avant",
                    "après",
                    "source avant",
                    "source après",
                ],
                [list(r) for r in modifications],
                numeric={6, 7, 8},
            ),
            changes_html,
        ],
        built_at(warehouse),
    )


def _anomalies_chart(con: duckdb.DuckDBPyConnection) -> str:
    """Failed checks per document (labelled by numero and short title) and per check
    (``marts.anomalies_par_document``)."""
    documents = con.execute(
        "select doc_id, coalesce('n° ' || numero, fichier_source), titre_court from"
        " marts.sources_documents order by ordre"
    ).fetchall()
    counts = con.execute(
        "select controle, doc_id, anomalies from marts.anomalies_par_document order by controle"
    ).fetchall()
    # numero on the first line, the short title wrapped under it: never the file's hash
    labels = [
        f"<b>{numero}</b><br>" + "<br>".join(textwrap.wrap(titre or "", 26)) for _, numero, titre in documents
    ]
    figure = go.Figure()
    for controle in dict.fromkeys(c for c, _, _ in counts):
        per_doc = {d: n for c, d, n in counts if c == controle}
        figure.add_bar(
            name=controle,
            x=labels,
            y=[per_doc.get(d, 0) for d, _, _ in documents],
            hovertemplate=controle + " : %{y}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        showlegend=True,
        title="Anomalies par document et par contrôle",
        height=520,
        xaxis={"title": "délibération", "tickangle": 0, "automargin": True},
        yaxis={"title": "anomalies", "tickformat": ",d"},
        margin={"t": 50, "b": 40},
    )
    return Figures().html(figure)


def _anomalies_by_document(con: duckdb.DuckDBPyConnection) -> str:
    """The anomalies grouped by document (its numero) and control, for the person who fixes the
    document: each with the two places it compares side by side (the line checked and the other
    line involved, a few lines of context each, the two figures highlighted)."""
    rows = con.execute(
        """
        with anomalies as (
            select a.*, list_filter(a.lignes, lambda l: l <> a.ligne)[1] as autre_ligne,
                row_number() over () as rang
            from marts.anomalies_qualite a
        )
        select d.reference, a.controle, a.gravite,
            s.citation, s.texte, s.contexte_avant, s.contexte_apres,
            o.citation, o.texte, o.contexte_avant, o.contexte_apres,
            a.valeur_declaree, a.valeur_calculee, a.ecart, a.message, e.anomalies
        from anomalies a
        join marts.sources_documents d using (doc_id)
        join marts.extraction_par_document e using (doc_id)
        left join marts.sources_lignes s on s.doc_id = a.doc_id and s.ligne = a.ligne
        left join marts.sources_lignes o on o.doc_id = a.doc_id and o.ligne = a.autre_ligne
        order by d.ordre, a.controle, a.ligne
        """
    ).fetchall()
    if not rows:
        return '<p class="ok">Aucune anomalie.</p>'
    groups: dict[str, dict[str, list]] = {}
    counts = {}
    for (
        reference,
        controle,
        gravite,
        citation,
        texte,
        avant,
        apres,
        autre_citation,
        autre_texte,
        autre_avant,
        autre_apres,
        declared,
        computed,
        gap,
        message,
        n,
    ) in rows:
        counts[reference] = n
        figures = [v for v in (declared, computed) if v is not None]
        groups.setdefault(reference, {}).setdefault(controle, []).append(
            [
                gravite,
                _extract(citation, texte, avant, apres, figures),
                _extract(autre_citation, autre_texte, autre_avant, autre_apres, figures),
                declared,
                computed,
                gap,
                message,
            ]
        )
    headers = ["gravité", "endroit contrôlé", "autre endroit", "déclaré", "calculé", "écart", "message"]
    return "".join(
        group(
            f"{reference} : {counts[reference]} anomalie(s)",
            "".join(
                f"<h4>{html.escape(controle)} ({len(body)})</h4>" + table(headers, body, numeric={3, 4, 5})
                for controle, body in controls.items()
            ),
        )
        for reference, controls in groups.items()
    )


def _unread_figures_by_document(con: duckdb.DuckDBPyConnection) -> str:
    """The ledger's figures with status non_lu, grouped by document, each group collapsible."""
    rows = con.execute(
        """
        select d.reference, s.citation, c.texte, s.contexte_avant, s.contexte_apres, c.phrase, c.raison,
            e.chiffres_non_lus
        from marts.chiffres c
        join marts.sources_documents d using (doc_id)
        join marts.extraction_par_document e using (doc_id)
        left join marts.sources_lignes s on s.doc_id = c.doc_id and s.ligne = c.ligne
        where c.statut = 'non_lu'
        order by d.ordre, c.ligne, c.position
        """
    ).fetchall()
    if not rows:
        return '<p class="ok">Aucun chiffre non lu.</p>'
    groups: dict[str, list] = {}
    counts = {}
    for reference, citation, texte, avant, apres, phrase, raison, n in rows:
        counts[reference] = n
        groups.setdefault(reference, []).append([source(citation, phrase, avant, apres), texte, raison])
    return "".join(
        group(
            f"{reference} : {counts[reference]} chiffre(s) non lu(s)",
            table(["source", "chiffre", "raison"], body),
        )
        for reference, body in groups.items()
    )


def _highlight(text: str, figures) -> str:
    """The line escaped, each of the anomaly's figures marked where it is printed (« 7 160 596,73 »,
    « 1 50 », « 44 800 »), whatever the separators the document uses."""
    escaped = html.escape(text)
    for value in figures:
        units, _, cents = f"{abs(value):.2f}".partition(".")
        groups = []
        while units:
            groups.insert(0, units[-3:])
            units = units[:-3]
        sep = r"[\s\u00a0\u202f.]?"
        pattern = sep.join(re.escape(g) for g in groups)
        pattern += rf"(?:[,.]{cents})?" if cents == "00" else rf"[,.\s]{cents}"
        escaped = re.sub(rf"(?<![\d,])({pattern})(?![\d])", r"<mark>\1</mark>", escaped)
    return escaped


def _extract(citation, texte, avant, apres, figures) -> Html:
    """One place of the document: its citation, the line between its neighbours, figures marked."""
    if not citation:
        return Html("—")
    lines = "".join(
        f'<span class="ctx">{html.escape(t)}</span>'
        if side != "line"
        else f"<code>{_highlight(t, figures)}</code>"
        for side, t in (("before", avant), ("line", texte), ("after", apres))
        if t
    )
    return Html(f'<details class="src" open><summary>{html.escape(citation)}</summary>{lines}</details>')


def _unread_by_document(con: duckdb.DuckDBPyConnection) -> str:
    """The unread lines grouped by document, each group collapsible (closed: 188 lines are long)."""
    rows = con.execute(
        """
        select d.reference, s.citation, u.texte, s.contexte_avant, s.contexte_apres, u.raison, \
e.lignes_non_lues
        from marts.lignes_non_lues u
        join marts.sources_documents d using (doc_id)
        join marts.extraction_par_document e using (doc_id)
        left join marts.sources_lignes s on s.doc_id = u.doc_id and s.ligne = u.ligne
        order by d.ordre, u.ligne
        """
    ).fetchall()
    if not rows:
        return '<p class="ok">Aucune ligne.</p>'
    groups: dict[str, list] = {}
    counts = {}
    for reference, citation, texte, avant, apres, raison, n in rows:
        counts[reference] = n
        groups.setdefault(reference, []).append([source(citation, texte, avant, apres), texte, raison])
    return "".join(
        group(
            f"{reference} : {counts[reference]} ligne(s) non lue(s)",
            table(["source", "texte", "raison"], body),
        )
        for reference, body in groups.items()
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
        state = (
            "nouveau"
            if sha_before is None
            else "retiré"
            if sha_after is None
            else "identique"
            if sha_before == sha_after
            else "modifié"
        )
        n = counts.get(doc_id, dict.fromkeys(NATURES, 0))
        doc_rows.append(
            [doc_id, fichier, (sha_before or "—")[:12], (sha_after or "—")[:12], state, *n.values()]
        )
    totals = {nature: sum(n[nature] for n in counts.values()) for nature in NATURES}
    summary = (
        "<p class='ok'>Aucun chiffre n'a changé depuis la construction précédente.</p>"
        if not changes
        else "<p class='ko'>Depuis la construction précédente : "
        + ", ".join(f"{v} chiffre(s) {NATURES[k]}(s)" for k, v in totals.items())
        + f" dans {len(counts)} document(s) — <a href='#changements'>voir le détail</a>.</p>"
    )
    skipped_note = (
        "<p class='meta'>Tables non comparées (absentes d'une des deux constructions) : "
        f"{', '.join(skipped)}.</p>"
    )
    details = "".join(
        _document_changes(doc_id, [c for c in changes if c.doc_id == doc_id], texts) for doc_id in counts
    )
    return (
        title
        + "<p class='meta'>Un chiffre est identifié par sa table, son document, sa colonne et les colonnes"
        " stables de sa"
        " ligne (article, opération, structure, action, indicateur, année...), jamais par son numéro de"
        " ligne : même"
        " identité et même valeur à une autre ligne = <b>déplacé</b> ; même identité, autre valeur ="
        " <b>modifié</b>."
        " Quand plusieurs chiffres partagent une identité, les paires identiques sont appariées d'abord,"
        " puis les"
        " valeurs égales, puis le reste dans l'ordre de lecture.</p>"
        + "<h3>Constructions comparées</h3>"
        + builds
        + "<h3>Par document</h3>"
        + table(
            [
                "document",
                "fichier",
                "sha256 précédent",
                "sha256 actuel",
                "état du document",
                *NATURES.values(),
            ],
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
        wanted = {
            (c.doc_id, getattr(c, f"ligne_{side}"))
            for c in changes
            if getattr(c, f"ligne_{side}") is not None
        }
        if wanted:
            rows = con.execute(
                f"select doc_id, ligne, texte from {catalog}.marts.lignes_source where list_contains(?,"
                " doc_id)",
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
            out.append(
                [
                    NATURES[c.nature],
                    c.table,
                    c.column,
                    " · ".join("—" if k is None else str(k) for k in c.key),
                    _figure(c.avant),
                    _figure(c.apres),
                    c.ligne_avant,
                    c.ligne_apres,
                    Html(f"<code>{html.escape(text.strip())}</code>") if text else "",
                ]
            )
        return out

    headers = [
        "changement",
        "table",
        "colonne",
        "identité",
        "avant",
        "après",
        "ligne avant",
        "ligne après",
        "texte de la ligne (actuelle, ou précédente si supprimé)",
    ]
    moved = [c for c in changes if c.nature == "deplace"]
    others = [c for c in changes if c.nature != "deplace"]
    body = table(headers, rows(others), numeric={4, 5, 6, 7}) if others else ""
    if moved:
        body += (
            f"<details><summary>{len(moved)} chiffre(s) déplacé(s) (même valeur, autre ligne)</summary>"
            + table(headers, rows(moved), numeric={4, 5, 6, 7})
            + "</details>"
        )
    return f"<h3>{html.escape(doc_id)} : {len(changes)} changement(s)</h3>" + body


def _figure(value) -> str:
    return "" if value is None else fr_number(value) if not isinstance(value, str) else value


def write_qualite(warehouse: Path, output: Path) -> Path:
    previous = previous_warehouse(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        attached = previous.exists()
        if attached:
            try:
                con.execute(
                    f"attach '{str(previous).replace(chr(39), chr(39) * 2)}' as {PREVIOUS} (read_only)"
                )
            except duckdb.Error:  # a damaged previous warehouse: no diff, the rest of the report stands
                attached = False
                print(
                    f"Avertissement : entrepôt précédent illisible, ignoré pour les changements : {previous}",
                    file=sys.stderr,
                )
        content = render_qualite(con, warehouse, previous if attached else None)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(content, encoding="utf-8")
    return output
