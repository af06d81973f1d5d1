"""``reports/bilan_prefet_<annee>.html`` and ``matrice_indicateurs_<annee>.xlsx``: the yearly
bilan of the contracts for the State — realised against target per axe and action, the
co-financing matrix, the anomalies still open on the contracts' documents.

Every figure shown comes from the marts with its provenance: the target's document and line
(``realise_vs_cible.ligne_cible``, unfolding to the line's text), the realised value's source
(``source_realise``: the services' file and row, or a deliberation's line), the co-financing
lines of ``marts.cofinancements`` that each matrix amount sums.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

import duckdb
import plotly.graph_objects as go

from pipelines.extract.fiches import code_key

from .common import STATUTS, badge, legend, line_texts, short
from .html import Figures, Html, fr_percent, fr_quantity, page, source, table
from .xlsx import Column, write_sheet

DEFINITIONS = {
    "atteint": "cible de l'année atteinte ou dépassée dans le sens de l'indicateur",
    "en_cours": "pas encore atteinte, mais la valeur a progressé depuis la situation initiale",
    "non_atteint": "ni atteinte ni en progrès (stagnation ou recul)",
    "non_renseigne": "pas de réalisé (ou pas de cible) pour l'année : rien n'est compté, surtout pas zéro",
}

INDICATORS_SQL = """
    select doc_id, axe_code, action_code, action, indicateur, referentiel, sens, situation_initiale,
        cible, realise, ecart, taux_realisation, taux_realisation_borne, statut, source_realise,
        coalesce(ligne_cible, ligne_indicateur) as ligne
    from marts.realise_vs_cible where annee = ?
"""


def _indicators(con: duckdb.DuckDBPyConnection, annee: int) -> list[dict]:
    cursor = con.execute(INDICATORS_SQL, [annee])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r)) for r in cursor.fetchall()]
    return sorted(
        rows, key=lambda r: (r["doc_id"], code_key(r["action_code"]), r["referentiel"] != "local", r["ligne"])
    )


def matrix_rows(indicators: list[dict], annee: int) -> list[tuple]:
    """The rows of ``matrice_indicateurs_<annee>.xlsx``: one per indicator of realise_vs_cible."""
    return [
        (
            annee, r["axe_code"], r["action_code"], r["action"], r["indicateur"], r["referentiel"], r["sens"],
            r["situation_initiale"], r["cible"], r["realise"], r["ecart"], r["taux_realisation"],
            STATUTS[r["statut"]][0], f"{r['doc_id']} l.{r['ligne']}", r["source_realise"],
        )
        for r in indicators
    ]  # fmt: skip


MATRIX_COLUMNS = [
    Column("Année", "entier"), Column("Axe", "texte", 6), Column("Action", "texte", 8),
    Column("Intitulé de l'action", "texte", 40), Column("Indicateur", "texte", 60), Column("Référentiel", "texte", 11),
    Column("Sens", "texte", 8), Column("Situation initiale", "nombre", 12), Column("Cible", "nombre", 12),
    Column("Réalisé", "nombre", 12), Column("Écart (réalisé − cible)", "nombre", 12),
    Column("Taux de réalisation", "pourcentage", 12), Column("Statut", "texte", 14),
    Column("Source (délibération, ligne)", "texte", 28), Column("Source du réalisé", "texte", 30),
]  # fmt: skip


def write_matrix(indicators: list[dict], annee: int, path: Path) -> Path:
    return write_sheet(path, f"Indicateurs {annee}", MATRIX_COLUMNS, matrix_rows(indicators, annee))


def _chart(indicators: list[dict], annee: int, title: str) -> go.Figure:
    """Rate of achievement of each indicator (0 to 100 %, the raw rate in the label), coloured by status."""
    figure = go.Figure()
    labels = [f"{r['action_code']} · {short(r['indicateur'], 60)}" + (" (nat.)" if r["referentiel"] == "national" else "")
              for r in indicators]  # fmt: skip
    seen: dict[str, int] = defaultdict(int)
    for i, label in enumerate(labels):  # categories must be distinct
        seen[label] += 1
        if seen[label] > 1:
            labels[i] = f"{label} [{seen[label]}]"
    for statut, (label, colour) in STATUTS.items():
        chosen = [(lab, r) for lab, r in zip(labels, indicators) if r["statut"] == statut]
        if not chosen:
            continue
        figure.add_bar(
            name=label, orientation="h", marker_color=colour,
            y=[lab for lab, _ in chosen],
            x=[float(r["taux_realisation_borne"]) * 100 if r["taux_realisation_borne"] is not None else 0 for _, r in chosen],
            text=[fr_percent(r["taux_realisation"]) if r["taux_realisation"] is not None else label for _, r in chosen],
            textposition="outside", cliponaxis=False, textfont_color=colour,
            customdata=[[r["indicateur"], fr_quantity(r["cible"]), fr_quantity(r["realise"]), f"{r['doc_id']} l.{r['ligne']}"]
                        for _, r in chosen],
            hovertemplate="%{customdata[0]}<br>cible " + str(annee) + " : %{customdata[1]} — réalisé : %{customdata[2]}"
            "<br>source de la cible : %{customdata[3]}<extra></extra>",
        )  # fmt: skip
    figure.add_vline(
        x=100, line_dash="dash", line_color="#57606a", annotation_text="cible", annotation_position="top"
    )
    figure.update_layout(
        title={"text": title, "y": 0.99, "yanchor": "top"}, barmode="overlay", height=140 + 26 * len(indicators), separators=", ",
        xaxis={"title": f"taux de réalisation {annee} (borné à 100 %)", "range": [0, 125], "ticksuffix": " %"},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels, "automargin": True},
        showlegend=True, legend={"title": "statut", "orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
        margin={"t": 90, "b": 40, "l": 10, "r": 30},
    )  # fmt: skip
    return figure


def _indicator_table(rows: list[dict], texts: dict) -> str:
    return table(
        ["indicateur", "référentiel", "sens", "situation initiale", "cible", "réalisé", "écart", "taux", "statut",
         "source (délibération, ligne)", "source du réalisé"],
        [
            [r["indicateur"], r["referentiel"], r["sens"], fr_quantity(r["situation_initiale"]), fr_quantity(r["cible"]),
             fr_quantity(r["realise"]), fr_quantity(r["ecart"]), fr_percent(r["taux_realisation"]),
             badge(r["statut"], STATUTS), source(r["doc_id"], r["ligne"], texts.get((r["doc_id"], r["ligne"]))),
             r["source_realise"] or "—"]
            for r in rows
        ],
        numeric={3, 4, 5, 6, 7},
    )  # fmt: skip


def _cofinancing(con: duckdb.DuckDBPyConnection, doc_id: str, annee: int, texts: dict) -> str:
    rows = con.execute(
        """
        select m.type_ligne, m.axe_code, m.axe, m.action_code, m.action, m.etat_eur, m.departement_eur, m.autres_eur,
            m.total_eur, m.part_etat,
            (select list(distinct c.ligne order by c.ligne) from marts.cofinancements c
             where c.doc_id = m.doc_id and c.annee = m.annee and c.action_code = m.action_code)
        from marts.matrice_cofinancement m where m.doc_id = ? and m.annee = ?
        """,
        [doc_id, annee],
    ).fetchall()
    if not rows:
        return f"<p class='meta'>Aucun co-financement n'est prévu pour {annee} dans ce contrat.</p>"
    order = {"action": 0, "total_axe": 1, "total": 2}
    rows.sort(key=lambda r: (r[0] == "total", code_key(r[1]), order[r[0]], code_key(r[3])))
    out, totals = [], set()
    for type_ligne, axe_code, axe, action_code, action, etat, dep, autres, total, part, lignes in rows:
        if type_ligne == "action":
            label, provenance = f"{action_code} {action or ''}", _lines(doc_id, lignes or [], texts)
        else:
            totals.add(len(out))
            label = (
                f"Total axe {axe_code} — {axe or ''}"
                if type_ligne == "total_axe"
                else f"Total du contrat {annee}"
            )
            provenance = "somme des lignes ci-dessus"
        out.append([label, etat, dep, autres, total, fr_percent(part), provenance])
    return table(
        ["action", "État (€)", "Département (€)", "autres financeurs (€)", "total (€)", "part de l'État", "lignes sources"],
        out, numeric={1, 2, 3, 4, 5}, totals=totals,
    )  # fmt: skip


def _lines(doc_id: str, lignes: list[int], texts: dict) -> Html:
    """The co-financing lines an amount sums, unfolding to their texts."""
    items = "".join(
        f"<li>l.{n} : <code>{html.escape((texts.get((doc_id, n)) or '').strip())}</code></li>" for n in lignes
    )
    return Html(
        f'<details class="src"><summary>{doc_id} l.{", ".join(map(str, lignes))}</summary><ul>{items}</ul></details>'
    )


def render_bilan(
    con: duckdb.DuckDBPyConnection, annee: int, indicators: list[dict], warehouse: Path, xlsx_name: str
) -> str:
    contracts = con.execute(
        """
        select doc_id, numero, titre from marts.deliberations
        where doc_id in (select doc_id from marts.realise_vs_cible where annee = $1
                         union select doc_id from marts.matrice_cofinancement where annee = $1)
        order by date_seance, doc_id
        """,
        [annee],
    ).fetchall()
    title = f"Bilan {annee} des contrats pour l'État — Département du Pas-de-Calais"
    if not contracts:
        return page(title, f"Entrepôt {warehouse.name}", [
            f"<p class='note'>Aucun contrat n'a de cible ni de co-financement pour {annee} dans l'entrepôt.</p>"])  # fmt: skip
    doc_ids = [c[0] for c in contracts]
    texts = line_texts(con, doc_ids)
    figures = Figures()

    counts = defaultdict(int)
    for r in indicators:
        counts[r["statut"]] += 1
    filled = len(indicators) - counts["non_renseigne"]
    synthese = (
        f"<p>{len(indicators)} indicateur(s) ont une ligne pour {annee} : "
        + ", ".join(f"{counts[k]} {badge(k, STATUTS)}" for k in STATUTS)
        + ".</p>"
    )
    if indicators and filled == 0:
        synthese += (
            f"<p class='note'><b>Aucun réalisé {annee} n'est renseigné</b> : tous les indicateurs sont « non renseigné »"
            f" (aucun zéro n'est affiché à la place d'une valeur manquante). Les services remplissent le modèle"
            f" <code>dpid modele-realise --annee {annee}</code> (fichier <code>raw/realise/realise_{annee}.xlsx</code>),"
            " puis <code>dpid build</code> et ce rapport sont relancés.</p>"
        )
    synthese += (
        f"<p class='meta'>La matrice des indicateurs est aussi livrée en tableur : <code>{xlsx_name}</code> "
        "(une ligne par indicateur, chiffres en nombres).</p>"
        + legend(STATUTS, DEFINITIONS)
        + "<p class='meta'>Taux de réalisation : part du chemin parcouru de la situation initiale (31/12/2023) à la cible"
        " de l'année, dans le sens de l'indicateur (hausse ou baisse). Chaque cible renvoie à sa ligne dans la"
        " délibération (cliquer sur « doc l.N » pour lire la ligne).</p>"
    )
    sections = ["<h2>Synthèse</h2>" + synthese]

    by_action: dict[tuple, list[dict]] = defaultdict(list)
    for r in indicators:
        by_action[(r["doc_id"], r["action_code"])].append(r)
    for doc_id, numero, titre in contracts:
        actions = con.execute(
            "select axe_code, axe, action_code, action, ligne_debut from marts.dim_actions where doc_id = ?",
            [doc_id],
        ).fetchall()
        actions.sort(key=lambda a: (code_key(a[0]), code_key(a[2])))
        parts = [
            f"<h2>Délibération n° {html.escape(f'{numero} — {titre}')}</h2><p class='meta'>Document {doc_id}.</p>"
        ]
        axes: dict[str | None, list[tuple]] = defaultdict(list)
        for a in actions:
            axes[a[0]].append(a)
        for axe_code, axe_actions in axes.items():
            axe_title = f"Axe {axe_code} — {axe_actions[0][1]}" if axe_code else "Actions"
            parts.append(f"<h3 style='font-size:1.1rem'>{html.escape(axe_title)}</h3>")
            axe_rows = [r for a in axe_actions for r in by_action.get((doc_id, a[2]), [])]
            if axe_rows:
                parts.append(
                    figures.html(_chart(axe_rows, annee, f"{axe_title[:80]} : réalisé / cible {annee}"))
                )
            for _axe, _axe_title, action_code, action, ligne_debut in axe_actions:
                rows = by_action.get((doc_id, action_code), [])
                parts.append(
                    f"<h3>Action {html.escape(f'{action_code} — {action}')} "
                    f"<span class='meta'>(fiche : {source(doc_id, ligne_debut, texts.get((doc_id, ligne_debut)))})</span></h3>"
                )
                parts.append(
                    _indicator_table(rows, texts) if rows
                    else f"<p class='meta'>Aucun indicateur chiffré pour {annee} dans cette action.</p>"
                )  # fmt: skip
        parts.append(f"<h3>Co-financement {annee}</h3>" + _cofinancing(con, doc_id, annee, texts))
        sections.append("".join(parts))

    anomalies = con.execute(
        """
        select doc_id, ligne, controle, gravite, valeur_declaree, valeur_calculee, ecart, message
        from marts.anomalies_qualite where list_contains(?, doc_id) order by doc_id, ligne
        """,
        [doc_ids],
    ).fetchall()
    sections.append(
        "<h2>Anomalies encore ouvertes sur ces contrats</h2>"
        "<p class='meta'>Contrôles de cohérence en échec dans la dernière construction (le détail de tous les documents"
        " est dans <code>qualite.html</code>).</p>"
        + table(
            ["source", "contrôle", "gravité", "déclaré", "calculé", "écart", "message"],
            [[source(d, n, texts.get((d, n))), c, g, v, w, e, m] for d, n, c, g, v, w, e, m in anomalies],
            numeric={3, 4, 5},
        )
    )
    return page(title, f"Entrepôt {warehouse.name} — année {annee}", sections)


def write_bilan(warehouse: Path, annee: int, out_dir: Path) -> tuple[Path, Path]:
    """Write ``bilan_prefet_<annee>.html`` and ``matrice_indicateurs_<annee>.xlsx`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, xlsx_path = (
        out_dir / f"bilan_prefet_{annee}.html",
        out_dir / f"matrice_indicateurs_{annee}.xlsx",
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        indicators = _indicators(con, annee)
        html_path.write_text(render_bilan(con, annee, indicators, warehouse, xlsx_path.name), encoding="utf-8")
        write_matrix(indicators, annee, xlsx_path)
    return html_path, xlsx_path
