"""The reports, end to end: two builds (the corpus, shared with other tests, then the corpus with
one figure changed, one line inserted and a realised file for 2024 filled by the services), then
each report written by
``dpid rapport`` and opened offline in headless Chromium (Debian's ``/usr/bin/chromium``, driven by
playwright): no JavaScript error, no request leaving the file, every plotly chart drawn.
A PNG screenshot of each report is written to ``$DPID_CAPTURES`` (default ``/tmp/rapports``).
"""

import csv
import os
import shutil
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines.build import BuildError, previous_warehouse, run_build
from pipelines.cli import main
from pipelines.reports.common import STATUTS, STATUTS_2027, badge
from pipelines.reports.pdf import CHROMIUM, FLAGS

from .conftest import RAW, copy_warehouse

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("entrepot_defaut")]

CAPTURES = Path(os.environ.get("DPID_CAPTURES", "/tmp/rapports"))
YEAR = 2024
ALTERED = "000_93251b25262b5cb7.txt"  # a call for projects: one imputation figure changes
SHIFTED = "003_c91e3ec6a0bf6aa2.txt"  # a blank line is inserted: its figures move one line down
CLS = "002_45402f372af52b9b"


# --- the browser ------------------------------------------------------------------------------


@dataclass
class Rendering:
    errors: list[str]  # console errors and uncaught exceptions
    requests: list[str]  # requests that left the file (a CDN, a font...)
    charts: int  # plotly divs in the page
    drawn: int  # plotly divs with their svg drawn
    scroll_width: int = 0  # document.documentElement.scrollWidth
    viewport_width: int = 0
    layouts: list | None = None  # per chart: separators, axes' tickformat and exponentformat, x of each trace


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium introuvable ({CHROMIUM}) : les rapports se testent dans un vrai navigateur. "
            "Installez-le : apt-get update && apt-get install -y --no-install-recommends chromium"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright manque : .venv/bin/pip install -c constraints.txt -e '.[dev]'")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profil")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


CHART_LAYOUTS = """() => [...document.querySelectorAll('div.plotly-graph-div')]\
.filter(gd => gd._fullLayout).map(gd => ({
    separators: gd.layout.separators,
    axes: Object.keys(gd._fullLayout).filter(k => /^[xy]axis\\d*$/.test(k)).map(k => ({
        name: k, type: gd._fullLayout[k].type, tickformat: gd._fullLayout[k].tickformat,
        exponentformat: gd._fullLayout[k].exponentformat})),
    x: gd.data.map(t => t.x || []),
}))"""


def render(context, path: Path, capture: Path | None = None, width: int | None = None) -> Rendering:
    """Open ``path`` from a file:// URL, wait for the load event, report what went wrong."""
    page = context.new_page()
    if width:
        page.set_viewport_size({"width": width, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(f"console.{m.type} : {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"exception : {e}"))
    page.on(
        "request",
        lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None,
    )
    try:
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(300)  # plotly draws on load; let late errors surface
        charts = page.locator("div.plotly-graph-div").count()
        drawn = page.locator("div.plotly-graph-div:has(svg.main-svg)").count()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        viewport_width = page.evaluate("window.innerWidth")
        layouts = page.evaluate(CHART_LAYOUTS)
        if capture is not None:
            capture.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(capture), full_page=True)
    finally:
        page.close()
    return Rendering(errors, requests, charts, drawn, scroll_width, viewport_width, layouts)


def test_the_check_catches_a_planted_error_a_missing_chart_and_a_cdn(browser, tmp_path):
    """The harness itself can fail: a thrown exception, a console error, a chart not drawn, a CDN."""
    thrown = tmp_path / "throw.html"
    thrown.write_text("<!DOCTYPE html><html><body><script>throw new Error('planté')</script></body></html>")
    assert render(browser, thrown).errors == ["exception : planté"]

    logged = tmp_path / "console.html"
    logged.write_text(
        "<!DOCTYPE html><html><body><script>console.log('ok'); console.error('raté')</script></body></html>"
    )
    assert render(browser, logged).errors == ["console.error : raté"]

    undrawn = tmp_path / "undrawn.html"
    undrawn.write_text('<!DOCTYPE html><html><body><div class="plotly-graph-div"></div></body></html>')
    result = render(browser, undrawn)
    assert (result.charts, result.drawn, result.errors) == (1, 0, [])

    cdn = tmp_path / "cdn.html"
    cdn.write_text(
        "<!DOCTYPE html><html><head><script"
        ' src="https://cdn.plot.ly/plotly-3.0.0.min.js"></script></head></html>'
    )
    assert render(browser, cdn).requests == ["https://cdn.plot.ly/plotly-3.0.0.min.js"]


# --- the warehouse ----------------------------------------------------------------------------


TYPO: list[tuple] = []  # the indicator whose realised value is planted ten times its target
REALISED_DIR: list[Path] = []  # the folder of the filled file of the second build


def _fill_realised(warehouse: Path, folder: Path) -> dict[tuple, str]:
    """A filled ``realise_<YEAR>.csv`` as the services would return it, built from the indicators of
    the first build: in turn the target (atteint), half-way (en cours), the initial situation
    (non atteint) and an empty cell (non renseigné); the first target of a rising indicator is typed
    with a zero too many (in TYPO). Returns the expected status per indicator."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select action_code, referentiel, indicateur, sens, situation_initiale, cible from"
            " marts.realise_vs_cible"
            " where annee = ? and cible is not null and situation_initiale is not null and cible <>"
            " situation_initiale"
            " order by action_code, ligne_indicateur",
            [YEAR],
        ).fetchall()
    expected, lines = {}, []
    planted_typo = False
    for i, (action_code, referentiel, indicateur, sens, initial, cible) in enumerate(rows):
        value, statut = [
            (cible, "atteint"),
            ((initial + cible) / 2, "en_cours"),
            (initial, "non_atteint"),
            (None, "non_renseigne"),
        ][i % 4]
        if statut == "atteint" and sens == "hausse" and cible > 0 and not planted_typo:
            value, planted_typo = cible * 10, True  # a zero too many: still « atteint », to be checked
            TYPO.append((action_code, referentiel, indicateur))
        expected[(action_code, referentiel, indicateur)] = (statut, value)
        realise = "" if value is None else str(value.quantize(Decimal("0.01"))).replace(".", ",")
        lines.append(
            [YEAR, action_code, referentiel, indicateur, realise, "DDETS" if value is not None else ""]
        )
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"realise_{YEAR}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["annee", "action_code", "referentiel", "indicateur", "realise", "source"])
        writer.writerows(lines)
    return expected


@pytest.fixture(scope="module")
def built(default_warehouse, tmp_path_factory):
    """The corpus as built for the session (tests/conftest.py), rebuilt changed, with the realised
    file: the second build keeps the first one as ``dpid.precedent.duckdb``; every report is written
    from the second."""
    raw = tmp_path_factory.mktemp("raw")
    for path in RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    warehouse = copy_warehouse(default_warehouse, tmp_path_factory.mktemp("entrepot"))

    realised = tmp_path_factory.mktemp("realise")
    REALISED_DIR.append(realised)
    expected = _fill_realised(warehouse, realised)
    text = (raw / ALTERED).read_text(encoding="utf-8")
    assert text.count("6 801 643,00 35 116,00\n") == 1
    (raw / ALTERED).write_text(
        text.replace("6 801 643,00 35 116,00\n", "6 801 643,00 35 161,00\n"), encoding="utf-8"
    )
    lines = (raw / SHIFTED).read_text(encoding="utf-8").split("\n")
    (raw / SHIFTED).write_text("\n".join(lines[:1] + [""] + lines[1:]), encoding="utf-8")
    run_build(raw, warehouse, progress=lambda _m: None, realised_dir=realised)

    reports = tmp_path_factory.mktemp("reports")
    assert (
        main(
            ["rapport", "tous", "--entrepot", str(warehouse), "--sortie", str(reports), "--annee", str(YEAR)]
        )
        == 0
    )
    return warehouse, reports, expected


def _rows(warehouse: Path, sql: str, params=None):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_the_build_loaded_the_filled_file_and_refuses_a_bad_one_leaving_the_warehouse_intact(built, tmp_path):
    """Every value filled in realise_2024.csv is in raw.realises_saisis with its file and line; a
    complement with a duplicate and an unknown indicator is refused, naming both, before dbt."""
    warehouse, _, expected = built
    loaded = _rows(
        warehouse,
        "select fichier, ligne, annee, action_code, referentiel, indicateur, realise "
        "from raw.realises_saisis order by ligne",
    )
    filled = [
        (f"realise_{YEAR}.csv", line, YEAR, *key, value)
        for line, (key, (_statut, value)) in enumerate(expected.items(), start=2)
        if value is not None
    ]
    assert len(filled) > 20 and loaded == [(*row[:-1], row[-1].quantize(Decimal("0.01"))) for row in filled]

    first = filled[0]
    folder = tmp_path / "realise"
    shutil.copytree(REALISED_DIR[0], folder)
    (folder / f"realise_{YEAR}_complement.csv").write_text(
        "annee;action_code;referentiel;indicateur;realise;source\n"
        f"{YEAR};{first[3]};{first[4]};{first[5]};5;\n"
        f"{YEAR};1.1;local;Nombre de jeunes perdus;7;\n",
        encoding="utf-8",
    )
    copy = copy_warehouse(warehouse, tmp_path / "entrepot")
    before = copy.read_bytes()
    with pytest.raises(BuildError) as failure:
        run_build(RAW, copy, progress=lambda _m: None, realised_dir=folder)
    message = str(failure.value)
    assert (
        f"Fichier de réalisés refusé : realise_{YEAR}_complement.csv ligne 2 : doublon : déjà saisi"
        f" realise_{YEAR}.csv ligne {first[1]}" in message
    )
    assert (
        f"Fichier de réalisés refusé : realise_{YEAR}_complement.csv ligne 3 : "
        "indicateur inconnu « Nombre de jeunes perdus » (action 1.1, local)"
    ) in message
    assert "n'a pas été modifié" in message and copy.read_bytes() == before


REPORTS = ["qualite.html", f"bilan_prefet_{YEAR}.html", "evaluation_mi_parcours.html"]


@pytest.mark.parametrize("name", REPORTS)
def test_each_report_renders_offline_in_chromium(built, browser, name):
    _, reports, _ = built
    result = render(browser, reports / name, CAPTURES / name.replace(".html", ".png"))
    assert result.errors == []
    assert result.requests == []  # plotly is bundled: nothing is fetched
    assert result.charts >= 1 and result.drawn == result.charts
    html = (reports / name).read_text(encoding="utf-8")
    assert html.count("Plotly.newPlot") == result.charts
    assert html.count("/*! For license information please see plotly") <= 1  # plotly.js inlined once


def test_cli_writes_every_report(built):
    _, reports, _ = built
    assert sorted(p.name for p in reports.iterdir()) == sorted(
        [*REPORTS, f"matrice_indicateurs_{YEAR}.xlsx", f"bilan_prefet_{YEAR}.pdf"]
    )


def test_bilan_lists_every_cls_action_with_its_statuses_and_gaps(built):
    warehouse, reports, expected = built
    html = (reports / f"bilan_prefet_{YEAR}.html").read_text(encoding="utf-8")
    actions = _rows(warehouse, "select action_code, action from marts.dim_actions where doc_id = ?", [CLS])
    assert len(actions) == 19
    for code, action in actions:
        assert escape(f"Action {code} — {action}") in html
    counts = dict(
        _rows(
            warehouse,
            "select statut, count(*) from marts.realise_vs_cible where annee = ? group by 1",
            [YEAR],
        )
    )
    planted = [s for s, _ in expected.values()]
    assert counts["atteint"] == planted.count("atteint") > 0
    assert counts["en_cours"] == planted.count("en_cours") > 0
    assert counts["non_atteint"] == planted.count("non_atteint") > 0
    assert "Aucun réalisé 2024 n'est renseigné" not in html
    for statut in STATUTS:  # the synthesis counts what the mart says
        assert f"{counts.get(statut, 0)} {badge(statut, STATUTS)}" in html
    assert (
        "realise_2024.csv l.2 (DDETS)" in html
    )  # provenance of a realised value: the services' file and row


def test_matrix_has_one_row_per_indicator_with_numbers_gaps_and_statuses(built):
    warehouse, reports, expected = built
    sheet = load_workbook(reports / f"matrice_indicateurs_{YEAR}.xlsx")["Indicateurs"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    (count,) = _rows(warehouse, "select count(*) from marts.realise_vs_cible where annee = ?", [YEAR])[0]
    assert len(rows) == count and sheet.freeze_panes == "A2"
    labels = {
        "atteint": "atteint",
        "en_cours": "en cours",
        "non_atteint": "non atteint",
        "non_renseigne": "non renseigné",
    }
    checked = 0
    for row in rows:
        key = (row["Action"], row["Référentiel"], row["Indicateur"])
        if key not in expected:
            continue
        statut, value = expected[key]
        assert row["Statut"] == labels[statut]
        if value is None:
            assert row["Réalisé"] is None and row["Écart (réalisé − cible)"] is None
        else:
            assert isinstance(row["Cible"], (int, float)) and row["Réalisé"] == pytest.approx(
                float(value), abs=0.01
            )
            assert row["Écart (réalisé − cible)"] == pytest.approx(row["Réalisé"] - row["Cible"], abs=0.01)
            assert row["Source du réalisé"].startswith(f"realise_{YEAR}.csv l.")
        assert row["Source (délibération, ligne)"].startswith("Délib. n° 2024-176 du 15 avril 2024, l. ")
        checked += 1
    assert checked == len(expected) > 20


def test_realised_far_from_its_target_is_a_warning_and_marked_in_the_bilan(built):
    """The value typed ten times its target: an « avertissement » of the control realises_aberrants,
    marked « à vérifier » in the bilan and in the spreadsheet; the plausible values are not."""
    warehouse, reports, _ = built
    assert len(TYPO) == 1
    action_code, referentiel, indicateur = TYPO[0]
    checks = _rows(
        warehouse, "select gravite, doc_id, message, lignes from intermediate.int_controle_realises_aberrants"
    )
    assert [(g, d) for g, d, _, _ in checks] == [("avertissement", CLS)]
    assert "un zéro de trop" in checks[0][2] and "realise_2024.csv l." in checks[0][2]
    flagged = _rows(
        warehouse,
        "select action_code, referentiel, indicateur, motif_verification from marts.realise_vs_cible_sources"
        " where annee = ? and realise_a_verifier",
        [YEAR],
    )
    assert [f[:3] for f in flagged] == [TYPO[0]]
    html = (reports / f"bilan_prefet_{YEAR}.html").read_text(encoding="utf-8")
    assert html.count("⚠ à vérifier") == 1 and f"Réalisés {YEAR} à vérifier avant signature" in html
    sheet = load_workbook(reports / f"matrice_indicateurs_{YEAR}.xlsx")["Indicateurs"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    marked = [(r["Action"], r["Référentiel"], r["Indicateur"]) for r in rows if r["Réalisé à vérifier"]]
    assert marked == [TYPO[0]]
    assert next(r for r in rows if r["Réalisé à vérifier"])["Réalisé à vérifier"].startswith("à vérifier : ")


def test_rapport_tous_writes_the_bilan_of_every_year_with_realised_figures_and_a_summary(
    built, tmp_path, capsys
):
    """After a 2024 file is filled, `dpid rapport tous` (the end of `make run`) writes the 2024 bilan
    beside the last civil year's, then says what changed, what to open and what to fill next."""
    from pipelines.reports.common import default_year

    warehouse, _, _ = built
    assert main(["rapport", "tous", "--entrepot", str(warehouse), "--sortie", str(tmp_path)]) == 0
    written = {p.name for p in tmp_path.iterdir()}
    for year in {YEAR, default_year()}:
        assert {f"bilan_prefet_{year}.html", f"matrice_indicateurs_{year}.xlsx"} <= written
    out = capsys.readouterr().out
    summary = out[out.index("Résumé") :]
    assert "Ce qui a changé depuis la construction précédente : 2 document(s) modifié(s)" in summary
    assert "avertissement" in summary and "(dont 1 réalisé(s) à vérifier)" in summary
    assert str(tmp_path / f"bilan_prefet_{YEAR}.html") in summary
    assert f"`dpid modele-realise --annee {YEAR + 1}`" in summary


def test_bilan_of_the_first_build_says_that_nothing_was_filled(built, tmp_path):
    """The corpus alone has no realised value: the bilan says so and shows no zero."""
    from pipelines.reports.bilan_prefet import write_bilan

    warehouse, _, _ = built
    html_path, xlsx_path = write_bilan(previous_warehouse(warehouse), YEAR, tmp_path, pdf=False)
    html = html_path.read_text(encoding="utf-8")
    assert "Aucun réalisé 2024 n'est renseigné" in html
    sheet = load_workbook(xlsx_path).active
    header = [c.value for c in sheet[1]]
    values = [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values and all(v["Réalisé"] is None and v["Statut"] == "non renseigné" for v in values)


def test_quality_report_lists_what_changed_since_the_previous_build(built):
    warehouse, reports, _ = built
    html = (reports / "qualite.html").read_text(encoding="utf-8")
    assert "dpid.precedent.duckdb" in html and "Constructions comparées" in html
    # the imputation figure that changed, with both values and its line
    assert "<td>modifié</td><td>lignes_budgetaires</td><td>montant_eur</td>" in html
    assert '35\u202f116,00</td><td class="n">35\u202f161,00' in html
    # the document with an inserted line: its figures moved, none was added or removed
    from pipelines.reports.changes import comparable_tables, diff_figures, read_figures

    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"attach '{previous_warehouse(warehouse)}' as avant (read_only)")
        specs, _ = comparable_tables(con, "dpid", "avant")
        changes = diff_figures(read_figures(con, "avant", specs), read_figures(con, "dpid", specs))
    shifted = [c for c in changes if c.doc_id == SHIFTED.removesuffix(".txt")]
    assert shifted and {c.nature for c in shifted} == {"deplace"}
    assert all(c.ligne_apres == c.ligne_avant + 1 for c in shifted)
    altered = [
        (c.nature, c.table, c.column, c.avant, c.apres)
        for c in changes
        if c.doc_id == ALTERED.removesuffix(".txt")
    ]
    assert (
        "modifie",
        "lignes_budgetaires",
        "montant_eur",
        Decimal("35116.00"),
        Decimal("35161.00"),
    ) in altered
    realised = [c for c in changes if c.table == "realise_vs_cible"]
    assert {c.nature for c in realised} == {"ajoute"}  # the realised values typed for 2024 are new figures


def test_mid_term_report_counts_the_trajectories_of_the_mart(built):
    warehouse, reports, _ = built
    html = (reports / "evaluation_mi_parcours.html").read_text(encoding="utf-8")
    counts = dict(_rows(warehouse, "select statut_2027, count(*) from marts.trajectoires_pacte group by 1"))
    assert counts.get("en_retard", 0) + counts.get("en_avance", 0) + counts.get("atteint", 0) > 0
    for statut in STATUTS_2027:
        assert f"{counts.get(statut, 0)} {badge(statut, STATUTS_2027)}" in html
    assert "Co-financement programmé par axe" in html and "consommé" not in html.lower()


# --- issue 15: print, provenance, layout, spreadsheet ------------------------------------------


@pytest.mark.parametrize("width", [1280, 800])
@pytest.mark.parametrize("name", REPORTS)
def test_no_report_overflows_the_page_horizontally(built, browser, name, width):
    """Tables wrap or scroll inside their box: the page itself never scrolls sideways."""
    _, reports, _ = built
    result = render(browser, reports / name, width=width)
    assert result.viewport_width == width
    assert result.scroll_width <= result.viewport_width


@pytest.mark.parametrize("name", REPORTS)
def test_every_chart_has_french_separators_and_no_si_suffix(built, browser, name):
    _, reports, _ = built
    layouts = render(browser, reports / name).layouts
    assert layouts
    for layout in layouts:
        assert layout["separators"] == ", "
        for axis in layout["axes"]:
            if axis["type"] in ("linear", "log"):  # an explicit d3 format without "s" (SI suffix: 14k)
                assert axis["tickformat"] and "s" not in axis["tickformat"], axis
                assert axis["exponentformat"] in (None, "none"), axis


def test_quality_chart_is_labelled_by_numero_and_short_title_never_by_hash(built, browser):
    warehouse, reports, _ = built
    (layout,) = render(browser, reports / "qualite.html").layouts
    numeros = [n for (n,) in _rows(warehouse, "select numero from marts.sources_documents order by ordre")]
    for x in layout["x"]:
        assert [label.split("<br>")[0] for label in x] == [f"<b>n° {n}</b>" for n in numeros]
        assert not any("_" in label for label in x)  # no doc_id, no file hash
    assert "APPELS À PROJETS DES" in layout["x"][0][0]


def test_sources_are_quoted_by_numero_date_and_line_with_their_context(built):
    warehouse, reports, _ = built
    ((citation, texte, avant, apres),) = _rows(
        warehouse,
        "select citation, texte, contexte_avant, contexte_apres from marts.sources_lignes where doc_id ="
        " ? and ligne = 701",
        [CLS],
    )
    assert citation == "Délib. n° 2024-176 du 15 avril 2024, l. 701"
    assert texte == "603 1000   1000  1000   1000" and avant and apres
    bilan = (reports / f"bilan_prefet_{YEAR}.html").read_text(encoding="utf-8")
    assert f'<summary title="{escape(texte)}">{escape(citation)}</summary>' in bilan
    assert (
        f'<span class="ctx">{escape(avant)}</span><code>{escape(texte)}</code><span'
        f' class="ctx">{escape(apres)}</span>' in bilan
    )
    for name in REPORTS:  # no report cites a line by file hash any more
        html = (reports / name).read_text(encoding="utf-8")
        assert f"{CLS} l." not in html and f"{CLS} l.{701}" not in html
    mid = (reports / "evaluation_mi_parcours.html").read_text(encoding="utf-8")
    assert "Délib. n° 2024-176 du 15 avril 2024, l. 694</summary>" in mid
    # the bilan's appendix lists the documents and every line it cites
    appendix = bilan[bilan.index('id="sources"') :]
    assert "002_45402f372af52b9b.txt" in appendix and "Délib. n° 2024-176 du 15 avril 2024" in appendix
    (lines,) = _rows(
        warehouse, "select count(distinct ligne) from marts.realise_vs_cible_sources where annee = ?", [YEAR]
    )[0]
    assert appendix.count("<tr><td>Délib. n° 2024-176 du 15 avril 2024, l. ") >= lines > 40


def test_bilan_pdf_is_a_real_a4_document_with_title_block_page_numbers_and_sources(built):
    import pdfplumber

    _, reports, _ = built
    path = reports / f"bilan_prefet_{YEAR}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    with pdfplumber.open(path) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
        sizes = {(float(p.width), float(p.height)) for p in pdf.pages}
    assert len(pages) > 1 and all(
        abs(w - 595.3) < 1 and abs(h - 841.9) < 1.5 for w, h in sizes
    )  # A4 in points
    first = pages[0]
    assert (
        "DÉPARTEMENT DU PAS-DE-CALAIS — DPID" in first and f"Bilan {YEAR} des contrats pour l'État" in first
    )
    assert "Entrepôt construit le " in first
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in text  # the footer of every page
        assert (
            f"Bilan {YEAR} des contrats pour l'État — Département du Pas-de-Calais — DPID" in text
        )  # header
    assert any("Annexe — Sources" in text for text in pages)
    assert any("Délib. n° 2024-176 du 15 avril 2024, l. 701" in " ".join(text.split()) for text in pages)
    # the appendix's table of cited lines runs over several pages: its header is printed again at the
    # top of each of them (thead display: table-header-group)
    appendix = [text.split("\n") for text in pages if "Délib. n° 2024-176 du 15 avril 2024, l. " in text]
    continued = [lines for lines in appendix if lines[1].startswith("citation ligne citée")]
    assert len(continued) >= 2


def test_matrix_workbook_has_the_sheets_the_state_expects(built):
    warehouse, reports, _ = built
    book = load_workbook(reports / f"matrice_indicateurs_{YEAR}.xlsx")
    assert book.sheetnames == ["Indicateurs", "Co-financement", "Sources", "Lisez-moi"]
    for name in ("Indicateurs", "Co-financement", "Sources"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
        assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.oddHeader.center.text.startswith(f"Matrice des indicateurs {YEAR}")
    cofinancing = book["Co-financement"]
    header = [c.value for c in cofinancing[1]]
    rows = [dict(zip(header, r, strict=False)) for r in cofinancing.iter_rows(min_row=2, values_only=True)]
    mart = _rows(
        warehouse,
        "select libelle, etat_eur, departement_eur, autres_eur, total_eur from"
        " marts.cofinancement_matrice_rapport"
        " where annee = ? order by ordre",
        [YEAR],
    )
    assert [(r["Ligne de la matrice"], r["État (€)"], r["Total (€)"]) for r in rows] == [
        (label, float(etat), float(total)) for label, etat, _d, _a, total in mart
    ]
    total = rows[-1]
    assert total["Ligne de la matrice"] == f"Total du contrat {YEAR}" and total["Total (€)"] == 15524598
    assert cofinancing.cell(row=len(rows) + 1, column=1).font.bold
    sources = book["Sources"]
    assert [c.value for c in sources[1]][:3] == ["Délibération", "Numéro", "Date de séance"]
    assert ("Délib. n° 2024-176 du 15 avril 2024", "2024-176", "15 avril 2024") in [
        r[:3] for r in sources.iter_rows(min_row=2, values_only=True)
    ]
    readme = [r[0] for r in book["Lisez-moi"].iter_rows(values_only=True)]
    assert readme[0] == f"Matrice des indicateurs {YEAR} — Département du Pas-de-Calais, DPID"
    assert any(line.startswith("« Co-financement »") for line in readme)


def test_quality_report_folds_long_lists_by_document(built):
    warehouse, reports, _ = built
    html = (reports / "qualite.html").read_text(encoding="utf-8")
    unread = _rows(
        warehouse,
        "select d.reference, e.lignes_non_lues from marts.extraction_par_document e join"
        " marts.sources_documents d"
        " using (doc_id) where e.lignes_non_lues > 0 order by d.ordre",
    )
    assert len(unread) >= 2
    for reference, n in unread:
        assert (
            f'<details class="groupe"><summary>{escape(reference)} : {n} ligne(s) non lue(s)</summary>'
            in html
        )
    anomalies = _rows(
        warehouse,
        "select d.reference, e.anomalies from marts.extraction_par_document e join marts.sources_documents d"
        " using (doc_id) where e.anomalies > 0",
    )
    for reference, n in anomalies:
        assert f'<details class="groupe"><summary>{escape(reference)} : {n} anomalie(s)</summary>' in html


def test_mid_term_cofinancing_is_the_running_sum_of_the_mart(built):
    warehouse, reports, _ = built
    html = (reports / "evaluation_mi_parcours.html").read_text(encoding="utf-8")
    from pipelines.reports.html import fr_number

    rows = _rows(
        warehouse,
        "select axe_code, total_contrat_eur, cumul_total_eur, cumul_etat_eur from"
        " marts.cofinancement_axes_cumul"
        " where annee = ? order by ordre_axe",
        [YEAR],
    )
    assert len(rows) == 4
    for axe_code, total, spent, etat in rows:
        assert (
            f'<td class="n">{fr_number(total)}</td><td class="n">{fr_number(spent)}</td>'
            f'<td class="n">{fr_number(etat)}</td>'
        ) in html, axe_code
    assert "programmé 2024–2027 (€)" in html and "programmé 2024 (€)" in html
