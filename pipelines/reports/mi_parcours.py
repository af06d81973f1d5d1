"""``reports/evaluation_mi_parcours.html``: the trajectory of each indicator of the pact from its
initial situation to its last target (``marts.trajectoires_pacte``), the actions ahead of or
behind the straight line, and the co-financing of each axe programmed for the years elapsed.

The years come from the columns of ``trajectoires_pacte`` (``situation_initiale_<year>``,
``cible_<year>``, ``realise_<year>``), never from this code. The page renders marts only: the order
and provenance of each indicator (``trajectoires_sources``), the counts per status
(``comptes_statuts``), the verdict of each action (``actions_trajectoires``), the programmed
co-financing per axe with its running sums (``cofinancement_axes_cumul``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .common import STATUTS_2027, badge, citations, cite, legend, short
from .html import Figures, Html, built_at, fr_percent, fr_quantity, page, source, table

DEFINITIONS = {
    "atteint": "le dernier réalisé atteint déjà la cible finale",
    "en_avance": "la part du chemin parcourue atteint au moins la part attendue sur une trajectoire linéaire",
    "en_retard": "la part du chemin parcourue est inférieure à la part attendue",
    "non_renseigne": "pas de réalisé, pas de cible finale, ou pas de chemin mesurable",
}


def _trajectories(con: duckdb.DuckDBPyConnection) -> tuple[list[dict], int, list[int]]:
    """Rows of trajectoires_pacte in the order of the report with their provenance
    (trajectoires_sources), the year of the initial situation and the years of the targets."""
    cursor = con.execute(
        """
        select t.*, s.citation, s.texte, s.contexte_avant, s.contexte_apres, s.lignes_cibles, s.sources_realises
        from marts.trajectoires_pacte t join marts.trajectoires_sources s using (doc_id, ligne_indicateur)
        order by s.ordre
        """  # noqa: E501
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    start = next(int(n.rsplit("_", 1)[1]) for n in names if n.startswith("situation_initiale_"))
    years = sorted(
        int(n.split("_")[1]) for n in names if n.startswith("cible_") and n.split("_")[1].isdigit()
    )
    return rows, start, years


def _trajectory_chart(rows: list[dict], start: int, years: list[int], title: str) -> go.Figure:
    """Small multiples: per indicator, the targets (dashed) and the realised values (solid)."""
    cols = 3
    nrows = math.ceil(len(rows) / cols)
    titles = [f"{r['action_code']} · {short(r['indicateur'], 45)}" for r in rows]
    figure = make_subplots(
        rows=nrows,
        cols=cols,
        subplot_titles=titles,
        vertical_spacing=0.5 / max(nrows, 1) if nrows > 1 else 0.1,
    )
    xs = [start, *years]
    for i, r in enumerate(rows):
        row, col = i // cols + 1, i % cols + 1
        initial = r[f"situation_initiale_{start}"]
        targets = [initial, *(r[f"cible_{y}"] for y in years)]
        figure.add_scatter(
            x=[x for x, v in zip(xs, targets, strict=True) if v is not None],
            y=[float(v) for v in targets if v is not None],
            mode="lines+markers",
            line={"dash": "dash", "color": "#0b5394"},
            name="cible",
            legendgroup="cible",
            showlegend=i == 0,
            row=row,
            col=col,
            hovertemplate="%{x} : cible %{y}<extra></extra>",
        )
        realised = [initial, *(r[f"realise_{y}"] for y in years)]
        colour = STATUTS_2027[r["statut_2027"]][1]
        if any(v is not None for v in realised[1:]):
            figure.add_scatter(
                x=[x for x, v in zip(xs, realised, strict=True) if v is not None],
                y=[float(v) for v in realised if v is not None],
                mode="lines+markers",
                line={"color": colour, "width": 3},
                name="réalisé",
                legendgroup="realise",
                showlegend=not any(t.name == "réalisé" for t in figure.data),
                row=row,
                col=col,
                hovertemplate="%{x} : réalisé %{y}<extra></extra>",
            )
        else:
            figure.add_annotation(
                text="réalisé non renseigné",
                showarrow=False,
                font={"size": 10, "color": "#8c959f"},
                xref="x domain" if i == 0 else f"x{i + 1} domain",
                yref="y domain" if i == 0 else f"y{i + 1} domain",
                x=0.5,
                y=0.05,
            )
    figure.update_annotations(font_size=10, selector={"showarrow": False})
    figure.update_xaxes(tickvals=xs, tickformat="d")
    figure.update_layout(
        title=title,
        height=140 + 230 * nrows,
        separators=", ",
        margin={"t": 100, "b": 30, "l": 40, "r": 20},
        legend={
            "x": 1,
            "xanchor": "right",
            "y": 1 + 45 / (230 * nrows),
            "yanchor": "bottom",
            "orientation": "h",
        },
    )
    return figure


def _actions_chart(actions: list[tuple[str, dict[str, int]]]) -> go.Figure:
    figure = go.Figure()
    labels = [a for a, _ in actions]
    for statut, (label, colour) in STATUTS_2027.items():
        figure.add_bar(
            name=label,
            orientation="h",
            marker_color=colour,
            y=labels,
            x=[c.get(statut, 0) for _, c in actions],
            hovertemplate="%{y} : %{x} indicateur(s) " + label + "<extra></extra>",
        )
    figure.update_layout(
        title="Indicateurs de chaque action selon leur trajectoire",
        barmode="stack",
        height=160 + 24 * len(actions),
        xaxis={"title": "indicateurs", "tickformat": ",d"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.12, "traceorder": "normal"},
        margin={"t": 50, "b": 40, "l": 10, "r": 20},
    )
    return figure


VERDICTS = {"en_retard": "en retard", "dans_les_temps": "dans les temps", "non_renseigne": "non renseigné"}


def _span(first: int, last: int) -> str:
    return str(first) if first >= last else f"{first}–{last}"


def _cofinancing(
    con: duckdb.DuckDBPyConnection, doc_ids: list[str], annee: int, quotes: dict
) -> tuple[str, go.Figure | None]:
    years = con.execute(
        """
        select c.doc_id, c.axe_code, c.annee, c.total_annee_eur
        from marts.cofinancement_axes_cumul c where list_contains(?, c.doc_id) order by c.ordre_axe, c.annee
        """,
        [doc_ids],
    ).fetchall()
    # per axe, the running sums at the last elapsed year (the first year when none has elapsed yet)
    axes = con.execute(
        """
        select c.doc_id, c.axe_code, c.axe, c.premiere_annee, c.derniere_annee, c.annee, c.total_contrat_eur,
            c.cumul_total_eur, c.cumul_etat_eur, c.cumul_departement_eur, c.cumul_autres_eur, c.part_ecoulee, c.lignes
        from marts.cofinancement_axes_cumul c
        where list_contains(?, c.doc_id) and c.annee = least(greatest(?, c.premiere_annee), c.derniere_annee)
        order by c.ordre_axe
        """,  # noqa: E501
        [doc_ids, annee],
    ).fetchall()
    if not axes:
        return "<p class='meta'>Aucun co-financement par axe dans l'entrepôt.</p>", None
    all_years = sorted({y for _, _, y, _ in years})
    labels = {(d, a): f"Axe {a}" for d, a, *_ in axes}
    order = [(d, a) for d, a, *_ in axes]
    per_year = {(d, a, y): total for d, a, y, total in years}
    figure = go.Figure()
    elapsed_colours, future_colours = (
        ["#0b5394", "#3d85c6", "#6fa8dc", "#9fc5e8"],
        ["#b7b7b7", "#d9d9d9", "#efefef"],
    )
    for year in all_years:
        elapsed = year <= annee
        colours = elapsed_colours if elapsed else future_colours
        figure.add_bar(
            name=f"{year}" + ("" if elapsed else " (à venir)"),
            x=[labels[k] for k in order],
            y=[float(per_year[(*k, year)]) if per_year.get((*k, year)) is not None else None for k in order],
            marker_color=colours[
                [y for y in all_years if (y <= annee) == elapsed].index(year) % len(colours)
            ],
            hovertemplate="%{x} " + str(year) + " : %{y:,.0f} €<extra></extra>",
        )
    figure.update_layout(
        title=f"Co-financement programmé par axe et par année (années écoulées jusqu'à {annee} en plein)",
        barmode="stack",
        height=420,
        separators=", ",
        margin={"t": 50, "b": 40},
        yaxis={"title": "euros", "tickformat": ",.0f", "ticksuffix": " €"},
        legend={"traceorder": "normal"},
    )
    out = []
    first, last = all_years[0], all_years[-1]
    none_elapsed = annee < first
    for doc_id, axe_code, axe, _first, _last, _year, total, spent, etat, dep, autres, part, lignes in axes:
        cells = [None] * 4 + ["—"] if none_elapsed else [spent, etat, dep, autres, fr_percent(part)]
        sources = "".join(f"<li>{cite(quotes, doc_id, n)}</li>" for n in lignes or [])
        out.append(
            [
                f"Axe {axe_code} — {axe or ''}",
                total,
                *cells,
                Html(
                    f'<details class="groupe"><summary>{len(lignes or [])} '
                    f"ligne(s)</summary><ul>{sources}</ul></details>"
                ),
            ]
        )
    note = (
        "<p class='meta'>Montants <b>programmés</b> par le contrat (l'entrepôt ne contient pas de "
        f"dépenses constatées) : pour toutes ses années ({_span(first, last)}) et pour les années "
        f"écoulées ({_span(first, annee)}). Chaque montant est la somme des lignes budgétaires des "
        "fiches (<code>marts.cofinancements</code>) listées en dernière colonne.</p>"
    )
    body = table(
        [
            "axe",
            f"programmé {_span(first, last)} (€)",
            f"programmé {_span(first, annee)} (€)",
            "dont État (€)",
            "dont Département (€)",
            "dont autres (€)",
            "part écoulée",
            "lignes sources",
        ],
        out,
        numeric={1, 2, 3, 4, 5, 6},
    )
    return note + body, figure


def render_mi_parcours(con: duckdb.DuckDBPyConnection, annee: int, warehouse: Path) -> str:
    rows, start, years = _trajectories(con)
    title = f"Évaluation à mi-parcours du pacte {years[0] if years else ''}–{years[-1] if years else ''}"
    built = built_at(warehouse)
    if not rows:
        return page(
            title,
            f"Entrepôt {warehouse.name}",
            ["<p class='note'>Aucun indicateur de trajectoire dans l'entrepôt.</p>"],
            built,
        )
    doc_ids = sorted({r["doc_id"] for r in rows})
    quotes = citations(con, doc_ids)
    figures = Figures()

    counts = con.execute(
        "select statut, indicateurs, indicateurs_total from marts.comptes_statuts"
        " where perimetre = 'trajectoire' order by rang"
    ).fetchall()
    per_status = {statut: n for statut, n, _ in counts}
    total = counts[0][2] if counts else 0
    synthese = (
        f"<p>{total} indicateur(s) suivis de {start} à {years[-1]} : "
        + ", ".join(f"{per_status.get(k, 0)} {badge(k, STATUTS_2027)}" for k in STATUTS_2027)
        + ".</p>"
    )
    if total and per_status.get("non_renseigne") == total:
        synthese += (
            "<p class='note'><b>Aucun réalisé n'est renseigné</b> : les trajectoires ne montrent "
            "que les cibles, et aucune action ne peut être dite en avance ou en retard. Les "
            "services remplissent <code>raw/realise/realise_&lt;année&gt;.xlsx</code> (modèle : "
            "<code>dpid modele-realise</code>).</p>"
        )
    synthese += legend(STATUTS_2027, DEFINITIONS) + (
        "<p class='meta'>Part du chemin : progression du dernier réalisé entre la "
        f"situation initiale {start} et la cible {years[-1]} ; part attendue : celle "
        f"d'une trajectoire linéaire de {start} à {years[-1]} à la même date.</p>"
    )
    sections = ["<h2>Synthèse</h2>" + synthese]

    by_axe: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:  # rows come in the report's order: axes in order of first appearance
        by_axe[(r["doc_id"], r["axe_code"])].append(r)
    parts = ["<h2>Trajectoires par indicateur</h2>"]
    for (_doc_id, axe_code), axe_rows in by_axe.items():
        parts.append(
            figures.html(
                _trajectory_chart(
                    axe_rows, start, years, f"Axe {axe_code} : cibles et réalisés, {start} → {years[-1]}"
                )
            )
        )
    sections.append("".join(parts))

    actions = con.execute(
        """
        select action_code, action, indicateurs, atteint, en_avance, en_retard, non_renseigne, verdict
        from marts.actions_trajectoires where list_contains(?, doc_id) order by ordre
        """,
        [doc_ids],
    ).fetchall()
    names = [f"{code} {short(action or '', 50)}" for code, action, *_ in actions]
    action_rows = [
        [name, n, a, e, r, z, VERDICTS[v]]
        for name, (_c, _a, n, a, e, r, z, v) in zip(names, actions, strict=True)
    ]
    sections.append(
        "<h2>Actions en avance ou en retard</h2><p class='meta'>Verdict d'une action : « en "
        "retard » dès qu'un de ses indicateurs l'est ; « dans les temps » si tous ses indicateurs "
        "mesurés sont en avance ou atteints ; « non renseigné » si aucun n'est mesuré.</p>"
        + figures.html(
            _actions_chart(
                [
                    (name, dict(zip(STATUTS_2027, (a, e, r, z), strict=False)))
                    for name, (_c, _a, _n, a, e, r, z, _v) in zip(names, actions, strict=True)
                ]
            )
        )
        + table(
            ["action", "indicateurs", *(v[0] for v in STATUTS_2027.values()), "verdict"],
            action_rows,
            numeric={1, 2, 3, 4, 5},
        )
    )
    indicator_rows = []
    for r in rows:
        provenance = source(r["citation"], r["texte"], r["contexte_avant"], r["contexte_apres"])
        if r["lignes_cibles"]:
            targets = "".join(f"<li>{cite(quotes, r['doc_id'], n)}</li>" for n in r["lignes_cibles"])
            provenance = Html(
                f'{provenance}<details class="groupe"><summary>cibles : {len(r["lignes_cibles"])} '
                "ligne(s)</summary>"
                f"<ul>{targets}</ul></details>"
            )
        indicator_rows.append(
            [
                r["action_code"],
                r["indicateur"],
                r["sens"],
                fr_quantity(r[f"situation_initiale_{start}"]),
                *(fr_quantity(r[f"cible_{y}"]) for y in years),
                *(fr_quantity(r[f"realise_{y}"]) for y in years),
                fr_percent(r["part_attendue"]),
                fr_percent(r[f"part_chemin_{years[-1]}"]),
                badge(r["statut_2027"], STATUTS_2027),
                provenance,
                "; ".join(r["sources_realises"]) or "—",
            ]
        )
    headers = [
        "action",
        "indicateur",
        "sens",
        f"situation {start}",
        *(f"cible {y}" for y in years),
        *(f"réalisé {y}" for y in years),
        "part attendue",
        "part du chemin",
        "statut",
        "source (intitulé, cibles)",
        "source des réalisés",
    ]
    numeric = set(range(3, 6 + 2 * len(years)))  # situation, targets, realised values, the two shares
    sections.append(
        "<h2>Détail des indicateurs</h2>"
        + f'<div class="large">{table(headers, indicator_rows, numeric=numeric)}</div>'
    )
    cofinancing, chart = _cofinancing(con, doc_ids, annee, quotes)
    sections.append(
        "<h2>Co-financement programmé par axe</h2>" + (figures.html(chart) if chart else "") + cofinancing
    )
    return page(title, f"Entrepôt {warehouse.name} — situation à fin {annee}", sections, built)


def write_mi_parcours(warehouse: Path, annee: int, output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        output.write_text(render_mi_parcours(con, annee, warehouse), encoding="utf-8")
    return output
