"""``reports/evaluation_mi_parcours.html``: the trajectory of each indicator of the pact from its
initial situation to its last target (``marts.trajectoires_pacte``), the actions ahead of or
behind the straight line, and the co-financing of each axe programmed for the years elapsed.

The years come from the columns of ``trajectoires_pacte`` (``situation_initiale_<year>``,
``cible_<year>``, ``realise_<year>``), never from this code.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pipelines.extract.fiches import code_key

from .common import STATUTS_2027, badge, legend, line_texts, short
from .html import Figures, Html, fr_percent, fr_quantity, page, source, table

DEFINITIONS = {
    "atteint": "le dernier réalisé atteint déjà la cible finale",
    "en_avance": "la part du chemin parcourue atteint au moins la part attendue sur une trajectoire linéaire",
    "en_retard": "la part du chemin parcourue est inférieure à la part attendue",
    "non_renseigne": "pas de réalisé, pas de cible finale, ou pas de chemin mesurable",
}


def _trajectories(con: duckdb.DuckDBPyConnection) -> tuple[list[dict], int, list[int]]:
    """Rows of trajectoires_pacte, the year of the initial situation and the years of the targets."""
    cursor = con.execute("select * from marts.trajectoires_pacte")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r)) for r in cursor.fetchall()]
    start = next(int(n.rsplit("_", 1)[1]) for n in names if n.startswith("situation_initiale_"))
    years = sorted(
        int(n.split("_")[1]) for n in names if n.startswith("cible_") and n.split("_")[1].isdigit()
    )
    rows.sort(
        key=lambda r: (
            r["doc_id"],
            code_key(r["action_code"]),
            r["referentiel"] != "local",
            r["ligne_indicateur"],
        )
    )
    return rows, start, years


def _provenance(con: duckdb.DuckDBPyConnection) -> tuple[dict[tuple, list[int]], dict[tuple, list[str]]]:
    """Per (doc_id, ligne_indicateur): the lines where its targets are printed, and the sources
    of its realised values ("2024 : realise_2024.xlsx l.5 (DDETS)")."""
    rows = con.execute(
        """
        select doc_id, ligne_indicateur,
            list(distinct ligne_cible order by ligne_cible) filter (where ligne_cible is not null),
            list(annee || ' : ' || source_realise order by annee) filter (where source_realise is not null)
        from marts.realise_vs_cible group by all
        """
    ).fetchall()
    return {(d, n): t for d, n, t, _ in rows if t}, {(d, n): s for d, n, _, s in rows if s}


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
            x=[x for x, v in zip(xs, targets) if v is not None], y=[float(v) for v in targets if v is not None],
            mode="lines+markers", line={"dash": "dash", "color": "#0b5394"}, name="cible",
            legendgroup="cible", showlegend=i == 0, row=row, col=col,
            hovertemplate="%{x} : cible %{y}<extra></extra>",
        )  # fmt: skip
        realised = [initial, *(r[f"realise_{y}"] for y in years)]
        colour = STATUTS_2027[r["statut_2027"]][1]
        if any(v is not None for v in realised[1:]):
            figure.add_scatter(
                x=[x for x, v in zip(xs, realised) if v is not None], y=[float(v) for v in realised if v is not None],
                mode="lines+markers", line={"color": colour, "width": 3}, name="réalisé",
                legendgroup="realise", showlegend=not any(t.name == "réalisé" for t in figure.data), row=row, col=col,
                hovertemplate="%{x} : réalisé %{y}<extra></extra>",
            )  # fmt: skip
        else:
            figure.add_annotation(
                text="réalisé non renseigné", showarrow=False, font={"size": 10, "color": "#8c959f"},
                xref="x domain" if i == 0 else f"x{i + 1} domain", yref="y domain" if i == 0 else f"y{i + 1} domain",
                x=0.5, y=0.05,
            )  # fmt: skip
    figure.update_annotations(font_size=10, selector={"showarrow": False})
    figure.update_xaxes(tickvals=xs, tickformat="d")
    figure.update_layout(
        title=title, height=140 + 230 * nrows, separators=", ", margin={"t": 100, "b": 30, "l": 40, "r": 20},
        legend={"x": 1, "xanchor": "right", "y": 1 + 45 / (230 * nrows), "yanchor": "bottom", "orientation": "h"},
    )  # fmt: skip
    return figure


def _actions_chart(actions: list[tuple[str, dict[str, int]]]) -> go.Figure:
    figure = go.Figure()
    labels = [a for a, _ in actions]
    for statut, (label, colour) in STATUTS_2027.items():
        figure.add_bar(
            name=label, orientation="h", marker_color=colour, y=labels, x=[c.get(statut, 0) for _, c in actions],
            hovertemplate="%{y} : %{x} indicateur(s) " + label + "<extra></extra>",
        )  # fmt: skip
    figure.update_layout(
        title="Indicateurs de chaque action selon leur trajectoire", barmode="stack", height=160 + 24 * len(actions),
        xaxis_title="indicateurs", yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.12, "traceorder": "normal"}, margin={"t": 50, "b": 40, "l": 10, "r": 20},
    )  # fmt: skip
    return figure


def _verdict(counts: dict[str, int]) -> str:
    if counts.get("en_retard"):
        return "en retard"
    if counts.get("en_avance") or counts.get("atteint"):
        return "dans les temps"
    return "non renseigné"


def _span(first: int, last: int) -> str:
    return str(first) if first >= last else f"{first}–{last}"


def _cofinancing(
    con: duckdb.DuckDBPyConnection, doc_ids: list[str], annee: int, texts: dict
) -> tuple[str, go.Figure | None]:
    rows = con.execute(
        """
        select m.doc_id, m.axe_code, m.axe, m.annee, m.total_eur, m.etat_eur, m.departement_eur, m.autres_eur,
            (select list(distinct c.ligne order by c.ligne) from marts.cofinancements c
             where c.doc_id = m.doc_id and c.axe_code = m.axe_code and c.annee = m.annee)
        from marts.matrice_cofinancement m
        where m.type_ligne = 'total_axe' and m.annee is not null and list_contains(?, m.doc_id)
        """,
        [doc_ids],
    ).fetchall()
    if not rows:
        return "<p class='meta'>Aucun co-financement par axe dans l'entrepôt.</p>", None
    per_axe: dict[tuple, dict] = {}
    for doc_id, axe_code, axe, year, total, etat, dep, autres, lignes in rows:
        entry = per_axe.setdefault((doc_id, axe_code), {"axe": axe, "years": {}, "lines": set()})
        entry["years"][year] = (total, etat, dep, autres)
        entry["lines"].update(lignes or [])
    keys = sorted(per_axe, key=lambda k: (k[0], code_key(k[1])))
    all_years = sorted({y for e in per_axe.values() for y in e["years"]})
    figure = go.Figure()
    labels = [f"Axe {k[1]}" for k in keys]
    elapsed_colours, future_colours = (
        ["#0b5394", "#3d85c6", "#6fa8dc", "#9fc5e8"],
        ["#b7b7b7", "#d9d9d9", "#efefef"],
    )
    for year in all_years:
        elapsed = year <= annee
        colours = elapsed_colours if elapsed else future_colours
        figure.add_bar(
            name=f"{year}" + ("" if elapsed else " (à venir)"), x=labels,
            y=[float(per_axe[k]["years"].get(year, (0,))[0]) for k in keys],
            marker_color=colours[[y for y in all_years if (y <= annee) == elapsed].index(year) % len(colours)],
            hovertemplate="%{x} " + str(year) + " : %{y:,.0f} €<extra></extra>",
        )  # fmt: skip
    figure.update_layout(
        title=f"Co-financement programmé par axe et par année (années écoulées jusqu'à {annee} en plein)",
        barmode="stack", height=420, separators=", ", margin={"t": 50, "b": 40},
        yaxis={"title": "euros", "tickformat": ",.0f", "ticksuffix": " €"}, legend={"traceorder": "normal"},
    )  # fmt: skip
    out = []
    for k in keys:
        entry = per_axe[k]
        total = sum(v[0] for v in entry["years"].values())
        done = [v for y, v in entry["years"].items() if y <= annee]
        spent = sum(v[0] for v in done)
        lines = sorted(entry["lines"])
        items = "".join(
            f"<li>l.{n} : <code>{html.escape((texts.get((k[0], n)) or '').strip())}</code></li>"
            for n in lines
        )
        out.append([
            f"Axe {k[1]} — {entry['axe'] or ''}", total, spent, sum(v[1] for v in done), sum(v[2] for v in done),
            sum(v[3] for v in done), fr_percent(spent / total if total else None),
            Html(f'<details class="src"><summary>{html.escape(k[0])} : {len(lines)} ligne(s)</summary><ul>{items}</ul></details>'),
        ])  # fmt: skip
    first, last = min(all_years), max(all_years)
    note = (
        f"<p class='meta'>« Consommé » s'entend ici du co-financement <b>programmé</b> par le contrat pour les années"
        f" écoulées ({_span(first, annee)}) : l'entrepôt ne contient pas de dépenses constatées. Chaque montant est la"
        " somme des lignes budgétaires des fiches (<code>marts.cofinancements</code>) listées en dernière colonne.</p>"
    )
    body = table(
        ["axe", f"programmé {_span(first, last)} (€)", f"programmé {_span(first, annee)} (€)",
         "dont État (€)", "dont Département (€)", "dont autres (€)", "part écoulée", "lignes sources"],
        out, numeric={1, 2, 3, 4, 5, 6},
    )  # fmt: skip
    return note + body, figure


def render_mi_parcours(con: duckdb.DuckDBPyConnection, annee: int, warehouse: Path) -> str:
    rows, start, years = _trajectories(con)
    title = f"Évaluation à mi-parcours du pacte {years[0] if years else ''}–{years[-1] if years else ''}"
    if not rows:
        return page(
            title,
            f"Entrepôt {warehouse.name}",
            ["<p class='note'>Aucun indicateur de trajectoire dans l'entrepôt.</p>"],
        )
    doc_ids = sorted({r["doc_id"] for r in rows})
    texts = line_texts(con, doc_ids)
    target_lines, realised_sources = _provenance(con)
    figures = Figures()

    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r["statut_2027"]] += 1
    synthese = (
        f"<p>{len(rows)} indicateur(s) suivis de {start} à {years[-1]} : "
        + ", ".join(f"{counts[k]} {badge(k, STATUTS_2027)}" for k in STATUTS_2027)
        + ".</p>"
    )
    if counts["non_renseigne"] == len(rows):
        synthese += (
            "<p class='note'><b>Aucun réalisé n'est renseigné</b> : les trajectoires ne montrent que les cibles, et"
            " aucune action ne peut être dite en avance ou en retard. Les services remplissent"
            " <code>raw/realise/realise_&lt;année&gt;.xlsx</code> (modèle : <code>dpid modele-realise</code>).</p>"
        )
    synthese += legend(STATUTS_2027, DEFINITIONS) + (
        f"<p class='meta'>Part du chemin : progression du dernier réalisé entre la situation initiale {start} et la cible"
        f" {years[-1]} ; part attendue : celle d'une trajectoire linéaire de {start} à {years[-1]} à la même date.</p>"
    )
    sections = ["<h2>Synthèse</h2>" + synthese]

    by_axe: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        by_axe[(r["doc_id"], r["axe_code"])].append(r)
    parts = ["<h2>Trajectoires par indicateur</h2>"]
    for (doc_id, axe_code), axe_rows in sorted(by_axe.items(), key=lambda kv: (kv[0][0], code_key(kv[0][1]))):
        parts.append(
            figures.html(
                _trajectory_chart(
                    axe_rows, start, years, f"Axe {axe_code} : cibles et réalisés, {start} → {years[-1]}"
                )
            )
        )
    sections.append("".join(parts))

    per_action: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names = {}
    for r in rows:
        per_action[(r["doc_id"], r["action_code"])][r["statut_2027"]] += 1
        names[(r["doc_id"], r["action_code"])] = f"{r['action_code']} {short(r['action'] or '', 50)}"
    ordered = sorted(per_action, key=lambda k: (k[0], code_key(k[1])))
    action_rows = [
        [
            names[k],
            sum(per_action[k].values()),
            *(per_action[k].get(s, 0) for s in STATUTS_2027),
            _verdict(per_action[k]),
        ]
        for k in ordered
    ]
    sections.append(
        "<h2>Actions en avance ou en retard</h2><p class='meta'>Verdict d'une action : « en retard » dès qu'un de ses"
        " indicateurs l'est ; « dans les temps » si tous ses indicateurs mesurés sont en avance ou atteints ;"
        " « non renseigné » si aucun n'est mesuré.</p>"
        + figures.html(_actions_chart([(names[k], per_action[k]) for k in ordered]))
        + table(
            ["action", "indicateurs", *(v[0] for v in STATUTS_2027.values()), "verdict"],
            action_rows,
            numeric={1, 2, 3, 4, 5},
        )
    )
    indicator_rows = []
    for r in rows:
        key = (r["doc_id"], r["ligne_indicateur"])
        lines = target_lines.get(key, [])
        provenance = source(r["doc_id"], r["ligne_indicateur"], texts.get(key))
        if lines:
            provenance = Html(
                provenance
                + " cibles : "
                + ", ".join(source(r["doc_id"], n, texts.get((r["doc_id"], n))) for n in lines)
            )
        indicator_rows.append([
            r["action_code"], r["indicateur"], r["sens"], fr_quantity(r[f"situation_initiale_{start}"]),
            *(fr_quantity(r[f"cible_{y}"]) for y in years), *(fr_quantity(r[f"realise_{y}"]) for y in years),
            fr_percent(r["part_attendue"]), fr_percent(r[f"part_chemin_{years[-1]}"]), badge(r["statut_2027"], STATUTS_2027),
            provenance, "; ".join(realised_sources.get(key, [])) or "—",
        ])  # fmt: skip
    headers = [
        "action", "indicateur", "sens", f"situation {start}", *(f"cible {y}" for y in years),
        *(f"réalisé {y}" for y in years), "part attendue", "part du chemin", "statut", "source (intitulé, cibles)",
        "source des réalisés",
    ]  # fmt: skip
    numeric = set(range(3, 6 + 2 * len(years)))  # situation, targets, realised values, the two shares
    sections.append("<h2>Détail des indicateurs</h2>" + table(headers, indicator_rows, numeric=numeric))
    cofinancing, chart = _cofinancing(con, doc_ids, annee, texts)
    sections.append(
        "<h2>Co-financement consommé par axe</h2>" + (figures.html(chart) if chart else "") + cofinancing
    )
    return page(title, f"Entrepôt {warehouse.name} — situation à fin {annee}", sections)


def write_mi_parcours(warehouse: Path, annee: int, output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        output.write_text(render_mi_parcours(con, annee, warehouse), encoding="utf-8")
    return output
