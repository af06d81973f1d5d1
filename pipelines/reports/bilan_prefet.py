"""``reports/bilan_prefet_<annee>.html``, its print ``bilan_prefet_<annee>.pdf`` and
``matrice_indicateurs_<annee>.xlsx``: the yearly bilan of the contracts for the State — realised
against target per axe and action, the co-financing matrix, the anomalies still open on the
contracts' documents, the sources as an appendix.

The page only renders marts: the indicators in their order with the citation of their target's
line (``marts.realise_vs_cible_sources``: « Délib. n° 2024-176 du 15 avril 2024, l. 701 », unfolding
to the line and its context), the counts per status (``marts.comptes_statuts``), the fiches
(``marts.actions_rapport``), the co-financing matrix with its labels, source lines and order
(``marts.cofinancement_matrice_rapport``). The realised value's source (``source_realise``) is the
services' file and row, or a deliberation's line.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

import duckdb
import plotly.graph_objects as go

from .common import STATUTS, badge, citations, cite, legend, short, sources_appendix
from .html import Figures, Html, built_at, fr_percent, fr_quantity, page, table
from .pdf import write_pdf
from .xlsx import Column, Sheet, write_book

DEFINITIONS = {
    "atteint": "cible de l'année atteinte ou dépassée dans le sens de l'indicateur",
    "en_cours": "pas encore atteinte, mais la valeur a progressé depuis la situation initiale",
    "non_atteint": "ni atteinte ni en progrès (stagnation ou recul)",
    "non_renseigne": "pas de réalisé (ou pas de cible) pour l'année : rien n'est compté, surtout pas zéro",
}

INDICATORS_SQL = """
    select doc_id, axe_code, action_code, action, indicateur, referentiel, sens, situation_initiale,
        cible, realise, ecart, taux_realisation, taux_realisation_borne, statut, \
source_realise, ligne, citation,
        realise_a_verifier, motif_verification
    from marts.realise_vs_cible_sources where annee = ? order by ordre
"""


def _indicators(con: duckdb.DuckDBPyConnection, annee: int) -> list[dict]:
    cursor = con.execute(INDICATORS_SQL, [annee])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=False)) for r in cursor.fetchall()]


def matrix_rows(indicators: list[dict], annee: int) -> list[tuple]:
    """The rows of the sheet « Indicateurs »: one per indicator of realise_vs_cible."""
    return [
        (
            annee,
            r["axe_code"],
            r["action_code"],
            r["action"],
            r["indicateur"],
            r["referentiel"],
            r["sens"],
            r["situation_initiale"],
            r["cible"],
            r["realise"],
            r["ecart"],
            r["taux_realisation"],
            STATUTS[r["statut"]][0],
            r["citation"],
            r["source_realise"],
            f"à vérifier : {r['motif_verification']}" if r["realise_a_verifier"] else None,
        )
        for r in indicators
    ]


MATRIX_COLUMNS = [
    Column("Année", "entier"),
    Column("Axe", "texte", 6),
    Column("Action", "texte", 8),
    Column("Intitulé de l'action", "texte", 40),
    Column("Indicateur", "texte", 60),
    Column("Référentiel", "texte", 11),
    Column("Sens", "texte", 8),
    Column("Situation initiale", "nombre", 12),
    Column("Cible", "nombre", 12),
    Column("Réalisé", "nombre", 12),
    Column("Écart (réalisé − cible)", "nombre", 12),
    Column("Taux de réalisation", "pourcentage", 12),
    Column("Statut", "texte", 14),
    Column("Source (délibération, ligne)", "texte", 28),
    Column("Source du réalisé", "texte", 30),
    Column("Réalisé à vérifier", "texte", 36),
]


COFINANCING_COLUMNS = [
    Column("Contrat", "texte", 34),
    Column("Année", "entier"),
    Column("Axe", "texte", 6),
    Column("Action", "texte", 8),
    Column("Ligne de la matrice", "texte", 60),
    Column("État (€)", "euros", 14),
    Column("Département (€)", "euros", 14),
    Column("Autres financeurs (€)", "euros", 14),
    Column("Total (€)", "euros", 14),
    Column("Part de l'État", "pourcentage", 10),
    Column("Lignes sources", "texte", 30),
]
SOURCES_COLUMNS = [
    Column("Délibération", "texte", 36),
    Column("Numéro", "texte", 10),
    Column("Date de séance", "texte", 16),
    Column("Instance", "texte", 22),
    Column("Titre", "texte", 60),
    Column("Fichier", "texte", 26),
    Column("Empreinte SHA-256", "texte", 20),
]


def _cofinancing_rows(con: duckdb.DuckDBPyConnection, annee: int) -> tuple[list[tuple], set[int]]:
    rows = con.execute(
        """
        select m.reference, m.annee, m.axe_code, m.action_code, m.libelle, m.etat_eur, m.departement_eur,
            m.autres_eur, m.total_eur, m.part_etat, 'l. ' || array_to_string(m.lignes, ', '), m.type_ligne
        from marts.cofinancement_matrice_rapport m join marts.sources_documents d using (doc_id)
        where m.annee = ? order by d.ordre, m.ordre
        """,
        [annee],
    ).fetchall()
    return [r[:-1] for r in rows], {i for i, r in enumerate(rows) if r[-1] != "action"}


def _readme(annee: int, built: str, counts: int) -> list[tuple]:
    lines = [
        f"Matrice des indicateurs {annee} — Département du Pas-de-Calais, DPID",
        (
            f"Entrepôt construit le {built}. Classeur écrit par « dpid rapport bilan-prefet --annee {annee}"
            " »,"
            f" à côté du bilan bilan_prefet_{annee}.html / .pdf dont il reprend les chiffres."
        ),
        "Feuilles",
        (
            f"« Indicateurs » : {counts} indicateur(s), une ligne par indicateur des contrats et par"
            " référentiel (local ou"
            f" national) : situation initiale (31/12/2023), cible {annee}, réalisé {annee}, écart (réalisé"
            " − cible), taux de"
            " réalisation (part du chemin parcouru de la situation initiale à la cible, dans le sens de"
            " l'indicateur), statut,"
            " source de la cible (délibération, ligne), source du réalisé (fichier des services et ligne)"
            " et, pour un"
            " réalisé éloigné de sa cible (négatif, au-dessus de 300 % de la cible, un zéro de trop ou"
            " oublié probable),"
            " « Réalisé à vérifier » avec le motif."
        ),
        (
            f"« Co-financement » : la matrice État / Département / autres financeurs {annee} de chaque"
            " contrat, par action,"
            " avec les totaux par axe et le total du contrat (lignes en gras) ; chaque montant est la"
            " somme des lignes"
            " budgétaires des fiches citées en dernière colonne. Ce sont des montants programmés par le"
            " contrat."
        ),
        (
            "« Sources » : les délibérations d'où viennent les chiffres : numéro, date de séance,"
            " instance, titre, fichier"
            " lu et son empreinte SHA-256."
        ),
        "Lire les chiffres",
        (
            "Une cellule vide est une valeur manquante (réalisé non renseigné, cible absente) : ce n'est"
            " jamais un zéro."
            " Les nombres sont des nombres (filtrables, additionnables), les taux des pourcentages."
        ),
        (
            "Statuts : atteint (cible de l'année atteinte ou dépassée dans le sens de l'indicateur) ; en"
            " cours (pas encore"
            " atteinte, mais la valeur a progressé depuis la situation initiale) ; non atteint (ni"
            " atteinte ni en progrès) ;"
            " non renseigné (pas de réalisé ou pas de cible pour l'année)."
        ),
        (
            "Une source « Délib. n° 2024-176 du 15 avril 2024, l. 701 » renvoie à la ligne 701 du texte de"
            " cette"
            " délibération (annexe « Sources » du bilan)."
        ),
        "Compléter les réalisés",
        (
            f"Les services remplissent le modèle « dpid modele-realise --annee {annee} »"
            f" (raw/realise/realise_{annee}.xlsx),"
            " puis « dpid build » et « dpid rapport bilan-prefet » réécrivent le bilan et ce classeur."
        ),
        "Impression",
        (
            "Chaque feuille s'imprime en A4 paysage, ajustée à la largeur de la page, la ligne d'en-tête"
            " répétée sur chaque"
            " page, titre en haut et numéro de page en bas."
        ),
    ]
    return [(line,) for line in lines]


def write_matrix(
    con: duckdb.DuckDBPyConnection, indicators: list[dict], annee: int, path: Path, built: str
) -> Path:
    """``matrice_indicateurs_<annee>.xlsx``: sheets Indicateurs, Co-financement, Sources, Lisez-moi."""
    cofinancing, totals = _cofinancing_rows(con, annee)
    sources = con.execute(
        "select reference, numero, date_seance_fr, instance, titre, fichier_source, sha256"
        " from marts.sources_documents order by ordre"
    ).fetchall()
    readme = _readme(annee, built, len(indicators))
    headings = {
        i
        for i, (line,) in enumerate(readme)
        if line in ("Feuilles", "Lire les chiffres", "Compléter les réalisés", "Impression")
    }
    title = f"Matrice des indicateurs {annee} — Département du Pas-de-Calais"
    return write_book(
        path,
        [
            Sheet("Indicateurs", MATRIX_COLUMNS, matrix_rows(indicators, annee), f"{title} — indicateurs"),
            Sheet(
                "Co-financement",
                COFINANCING_COLUMNS,
                cofinancing,
                f"{title} — co-financement {annee}",
                totals,
            ),
            Sheet("Sources", SOURCES_COLUMNS, sources, f"{title} — sources"),
            Sheet("Lisez-moi", [], readme, f"{title} — lisez-moi", headings),
        ],
    )


def _chart(indicators: list[dict], annee: int, title: str) -> go.Figure:
    """Rate of achievement of each indicator (0 to 100 %, the raw rate in the label), coloured by status."""
    figure = go.Figure()
    labels = [
        f"{r['action_code']} · {short(r['indicateur'], 60)}"
        + (" (nat.)" if r["referentiel"] == "national" else "")
        for r in indicators
    ]
    seen: dict[str, int] = defaultdict(int)
    for i, label in enumerate(labels):  # categories must be distinct
        seen[label] += 1
        if seen[label] > 1:
            labels[i] = f"{label} [{seen[label]}]"
    for statut, (label, colour) in STATUTS.items():
        chosen = [(lab, r) for lab, r in zip(labels, indicators, strict=False) if r["statut"] == statut]
        if not chosen:
            continue
        figure.add_bar(
            name=label,
            orientation="h",
            marker_color=colour,
            y=[lab for lab, _ in chosen],
            x=[
                float(r["taux_realisation_borne"]) * 100 if r["taux_realisation_borne"] is not None else 0
                for _, r in chosen
            ],
            text=[
                fr_percent(r["taux_realisation"]) if r["taux_realisation"] is not None else label
                for _, r in chosen
            ],
            textposition="outside",
            cliponaxis=False,
            textfont_color=colour,
            customdata=[
                [r["indicateur"], fr_quantity(r["cible"]), fr_quantity(r["realise"]), r["citation"]]
                for _, r in chosen
            ],
            hovertemplate="%{customdata[0]}<br>cible "
            + str(annee)
            + " : %{customdata[1]} — réalisé : %{customdata[2]}"
            "<br>source de la cible : %{customdata[3]}<extra></extra>",
        )
    figure.add_vline(
        x=100, line_dash="dash", line_color="#57606a", annotation_text="cible", annotation_position="top"
    )
    figure.update_layout(
        title={"text": title, "y": 0.99, "yanchor": "top"},
        barmode="overlay",
        height=140 + 26 * len(indicators),
        separators=", ",
        xaxis={
            "title": f"taux de réalisation {annee} (borné à 100 %)",
            "range": [0, 125],
            "ticksuffix": " %",
        },
        yaxis={
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": labels,
            "automargin": True,
        },
        showlegend=True,
        legend={"title": "statut", "orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
        margin={"t": 90, "b": 40, "l": 10, "r": 30},
    )
    return figure


def _indicator_table(rows: list[dict], quotes: dict) -> str:
    return table(
        [
            "indicateur",
            "référentiel",
            "sens",
            "situation initiale",
            "cible",
            "réalisé",
            "écart",
            "taux",
            "statut",
            "source (délibération, ligne)",
            "source du réalisé",
        ],
        [
            [
                r["indicateur"],
                r["referentiel"],
                r["sens"],
                fr_quantity(r["situation_initiale"]),
                fr_quantity(r["cible"]),
                _realised(r),
                fr_quantity(r["ecart"]),
                fr_percent(r["taux_realisation"]),
                badge(r["statut"], STATUTS),
                cite(quotes, r["doc_id"], r["ligne"]),
                r["source_realise"] or "—",
            ]
            for r in rows
        ],
        numeric={3, 4, 5, 6, 7},
    )


def _realised(r: dict) -> Html | str:
    """The realised value; when the mart marks it ``realise_a_verifier``, a visible « ⚠ à vérifier »
    with its reason (shown on screen, in the print and as the tooltip)."""
    if not r["realise_a_verifier"]:
        return fr_quantity(r["realise"])
    motif = html.escape(r["motif_verification"] or "")
    return Html(
        f"{html.escape(fr_quantity(r['realise']))}<br><span class='ko a-verifier' title='{motif}'>⚠ à"
        " vérifier</span>"
        f"<span class='ctx'>{motif}</span>"
    )


def _cofinancing(con: duckdb.DuckDBPyConnection, doc_id: str, annee: int, quotes: dict, cited: set) -> str:
    rows = con.execute(
        """
        select type_ligne, libelle, etat_eur, departement_eur, autres_eur, total_eur, part_etat, lignes
        from marts.cofinancement_matrice_rapport where doc_id = ? and annee = ? order by ordre
        """,
        [doc_id, annee],
    ).fetchall()
    if not rows:
        return f"<p class='meta'>Aucun co-financement n'est prévu pour {annee} dans ce contrat.</p>"
    out, totals = [], set()
    for type_ligne, libelle, etat, dep, autres, total, part, lignes in rows:
        if type_ligne == "action":
            provenance = _lines(doc_id, lignes or [], quotes)
            cited.update((doc_id, n) for n in lignes or [])
        else:
            totals.add(len(out))
            provenance = "somme des lignes ci-dessus"
        out.append([libelle, etat, dep, autres, total, fr_percent(part), provenance])
    return table(
        [
            "action",
            "État (€)",
            "Département (€)",
            "autres financeurs (€)",
            "total (€)",
            "part de l'État",
            "lignes sources",
        ],
        out,
        numeric={1, 2, 3, 4, 5},
        totals=totals,
    )


def _lines(doc_id: str, lignes: list[int], quotes: dict) -> Html:
    """The co-financing lines an amount sums, each quotable, unfolding to its text and context."""
    return Html("<br>".join(cite(quotes, doc_id, n) for n in lignes) or "—")


def render_bilan(
    con: duckdb.DuckDBPyConnection, annee: int, indicators: list[dict], warehouse: Path, xlsx_name: str
) -> str:
    contracts = con.execute(
        """
        select doc_id, numero, titre, reference from marts.sources_documents
        where doc_id in (select doc_id from marts.realise_vs_cible where annee = $1
                         union select doc_id from marts.matrice_cofinancement where annee = $1)
        order by ordre
        """,
        [annee],
    ).fetchall()
    title = f"Bilan {annee} des contrats pour l'État — Département du Pas-de-Calais"
    built = built_at(warehouse)
    if not contracts:
        return page(
            title,
            f"Entrepôt {warehouse.name}",
            [
                f"<p class='note'>Aucun contrat n'a de cible ni de co-financement pour {annee} dans"
                " l'entrepôt.</p>"
            ],
            built,
        )
    doc_ids = [c[0] for c in contracts]
    quotes = citations(con, doc_ids)
    cited: set[tuple[str, int]] = set()
    figures = Figures()

    counts = con.execute(
        "select statut, indicateurs, indicateurs_total from marts.comptes_statuts"
        " where perimetre = 'bilan' and annee = ? order by rang",
        [annee],
    ).fetchall()
    per_status = {statut: n for statut, n, _ in counts}
    total = counts[0][2] if counts else 0
    synthese = (
        f"<p>{total} indicateur(s) ont une ligne pour {annee} : "
        + ", ".join(f"{per_status.get(k, 0)} {badge(k, STATUTS)}" for k in STATUTS)
        + ".</p>"
    )
    if total and per_status.get("non_renseigne") == total:
        synthese += (
            f"<p class='note'><b>Aucun réalisé {annee} n'est renseigné</b> : tous les indicateurs sont «"
            " non renseigné »"
            " (aucun zéro n'est affiché à la place d'une valeur manquante). Les services remplissent le"
            " modèle"
            f" <code>dpid modele-realise --annee {annee}</code> (fichier"
            f" <code>raw/realise/realise_{annee}.xlsx</code>),"
            " puis <code>dpid build</code> et ce rapport sont relancés.</p>"
        )
    to_check = [r for r in indicators if r["realise_a_verifier"]]
    if to_check:
        synthese += (
            f"<div class='note'><p><b>⚠ Réalisés {annee} à vérifier avant signature</b> (éloignés de leur"
            " cible :"
            " négatif, au-dessus de 300 % de la cible, zéro de trop ou oublié probable ; aussi dans"
            " <code>qualite.html</code>, contrôle « realises_aberrants ») :</p><ul>"
            + "".join(
                f"<li>action {html.escape(r['action_code'])}, « {html.escape(short(r['indicateur'], 90))} »"
                " : réalisé"
                f" {html.escape(fr_quantity(r['realise']))}, cible {html.escape(fr_quantity(r['cible']))} —"
                f" {html.escape(r['motif_verification'] or '')} (source :"
                f" {html.escape(r['source_realise'] or '—')})</li>"
                for r in to_check
            )
            + "</ul></div>"
        )
    synthese += (
        f"<p class='meta'>La matrice des indicateurs est aussi livrée en tableur : <code>{xlsx_name}</code> "
        "(feuilles Indicateurs, Co-financement, Sources, Lisez-moi ; chiffres en nombres).</p>"
        + legend(STATUTS, DEFINITIONS)
        + "<p class='meta'>Taux de réalisation : part du chemin parcouru de la situation initiale"
        " (31/12/2023) à la cible"
        " de l'année, dans le sens de l'indicateur (hausse ou baisse). Chaque cible renvoie à sa ligne"
        " dans la"
        " délibération (« Délib. n° …, l. N » : cliquer pour lire la ligne et son contexte ; toutes les"
        " lignes citées"
        " sont reprises en <a href='#sources'>annexe</a>).</p>"
    )
    sections = ["<h2>Synthèse</h2>" + synthese]

    by_action: dict[tuple, list[dict]] = defaultdict(list)
    for r in indicators:
        by_action[(r["doc_id"], r["action_code"])].append(r)
        cited.add((r["doc_id"], r["ligne"]))
    for doc_id, numero, titre, reference in contracts:
        actions = con.execute(
            "select axe_code, axe, action_code, action, ligne_debut from marts.actions_rapport"
            " where doc_id = ? order by ordre",
            [doc_id],
        ).fetchall()
        parts = [
            (
                f"<h2>Délibération n° {html.escape(f'{numero} — {titre}')}</h2>"
                f"<p class='meta'>{html.escape(reference)}.</p>"
            )
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
                cited.add((doc_id, ligne_debut))
                parts.append(
                    f"<h3>Action {html.escape(f'{action_code} — {action}')} "
                    f"<span class='meta'>(fiche : {cite(quotes, doc_id, ligne_debut)})</span></h3>"
                )
                parts.append(
                    _indicator_table(rows, quotes)
                    if rows
                    else f"<p class='meta'>Aucun indicateur chiffré pour {annee} dans cette action.</p>"
                )
        parts.append(f"<h3>Co-financement {annee}</h3>" + _cofinancing(con, doc_id, annee, quotes, cited))
        sections.append("".join(parts))

    anomalies = con.execute(
        """
        select a.doc_id, a.ligne, a.controle, a.gravite, a.valeur_declaree, a.valeur_calculee, \
a.ecart, a.message
        from marts.anomalies_qualite a join marts.sources_documents d using (doc_id)
        where list_contains(?, a.doc_id) order by d.ordre, a.ligne, a.controle
        """,
        [doc_ids],
    ).fetchall()
    cited.update((d, n) for d, n, *_ in anomalies if n is not None)
    sections.append(
        "<h2>Anomalies encore ouvertes sur ces contrats</h2>"
        "<p class='meta'>Contrôles de cohérence en échec dans la dernière construction (le détail de tous"
        " les documents"
        " est dans <code>qualite.html</code>).</p>"
        + table(
            ["source", "contrôle", "gravité", "déclaré", "calculé", "écart", "message"],
            [[cite(quotes, d, n), c, g, v, w, e, m] for d, n, c, g, v, w, e, m in anomalies],
            numeric={3, 4, 5},
        )
    )
    sections.append(sources_appendix(con, {k for k in cited if k[1] is not None}, doc_ids))
    return page(title, f"Entrepôt {warehouse.name} — année {annee}", sections, built)


def write_bilan(warehouse: Path, annee: int, out_dir: Path, pdf: bool = True) -> tuple[Path, ...]:
    """Write ``bilan_prefet_<annee>.html``, ``matrice_indicateurs_<annee>.xlsx`` and, when Chromium
    is there, ``bilan_prefet_<annee>.pdf`` into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, xlsx_path = (
        out_dir / f"bilan_prefet_{annee}.html",
        out_dir / f"matrice_indicateurs_{annee}.xlsx",
    )
    built = built_at(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        indicators = _indicators(con, annee)
        html_path.write_text(
            render_bilan(con, annee, indicators, warehouse, xlsx_path.name), encoding="utf-8"
        )
        write_matrix(con, indicators, annee, xlsx_path, built)
    written: tuple[Path, ...] = (html_path, xlsx_path)
    if pdf:
        printed = write_pdf(
            html_path,
            out_dir / f"bilan_prefet_{annee}.pdf",
            header=f"Bilan {annee} des contrats pour l'État — Département du Pas-de-Calais — DPID",
            footer=f"Entrepôt construit le {built}",
        )
        if printed:
            written += (printed,)
    return written
