"""``dpid``: build the warehouse, query it read-only.

dpid build                 # raw/deliberations -> warehouse/dpid.duckdb (dagster + dbt + checks), in French
dpid build --verbeux       # ... with dagster's and dbt's own (English) lines
dpid sql "SELECT ..."      # read-only SQL on the warehouse, printed as a table
dpid sql q.sql --sortie r.csv   # ... or written to CSV / XLSX / Parquet (never over an existing file)
dpid tables [table]        # the marts and their description, or one table's columns
dpid docs                  # dbt docs of every table and column, served on localhost
dpid rapport qualite       # reports/qualite.html from the published warehouse
dpid rapport bilan-prefet --annee 2024   # reports/bilan_prefet_2024.html + matrice_indicateurs_2024.xlsx
dpid rapport mi-parcours   # reports/evaluation_mi_parcours.html
dpid rapport tous          # all three, a bilan per year with realised figures, and a summary (make run)
dpid modele-realise --annee 2025   # raw/realise/realise_2025.xlsx|.csv, the template to fill
dpid prepare               # parse the dbt project once (manifest for dagster-dbt)
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import functools
import os
import sys
from pathlib import Path

from pipelines import settings
from pipelines.sql import open_read_only


def _print_summary(summary) -> None:
    from pipelines.progress import SEVERITIES_FR

    print()
    print(f"Entrepôt publié : {summary.warehouse}  ({summary.seconds:.1f} s)")
    if summary.stage_seconds:
        print("Durée par étape : " + ", ".join(f"{k} {v:.1f} s" for k, v in summary.stage_seconds.items()))
    print(f"Documents lus : {summary.documents_lus} ; rejetés : {len(summary.documents_rejetes)}")
    for fichier, raison in summary.documents_rejetes:
        print(f"  ✗ {fichier} : {raison}")
    print(
        "Extraction par document (chiffres du registre : lus / non lus / contexte ;"
        " montants d'articles, lignes"
        " budgétaires délibération / rapport, subventions, bilans, lignes non lues, anomalies) :"
    )
    for (
        doc_id,
        numero,
        n_art,
        n_delib,
        n_rap,
        n_unread,
        n_anom,
        n_sub,
        n_bil,
        n_fig,
        n_read,
        n_not_read,
        n_context,
    ) in summary.extraction_par_document:
        print(
            f"  {doc_id}  délib. n° {numero or '—'}  chiffres {n_fig} : lus {n_read} / non lus {n_not_read}"
            f" / contexte {n_context}  —  articles {n_art}  imputation {n_delib}/{n_rap}  subventions {n_sub}"
            f"  bilans {n_bil}  lignes non lues {n_unread}  anomalies {n_anom}"
        )
    print(
        "Lignes par table (schéma marts) : "
        + ", ".join(f"{t} {n}" for t, n in summary.lignes_par_mart.items())
    )
    failed = [(name, sev) for name, passed, sev in summary.checks if not passed]
    print(
        f"Contrôles : {len(summary.checks)} évalués, {len(failed)} en échec"
        + (" (" + ", ".join(f"{n} [{SEVERITIES_FR.get(s, s)}]" for n, s in failed) + ")" if failed else "")
    )
    print(f"Anomalies de qualité : {len(summary.anomalies)}")
    for controle, gravite, doc_id, ligne, message in summary.anomalies:
        print(f"  ! [{gravite}] {controle} {doc_id} l.{ligne} : {message}")


def cmd_build(args: argparse.Namespace) -> int:
    from pipelines.build import BuildError, run_build

    try:
        summary = run_build(
            Path(args.raw) if args.raw else None,
            Path(args.entrepot) if args.entrepot else None,
            realised_dir=Path(args.realise) if args.realise else None,
            verbose=args.verbeux,
        )
    except BuildError as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 1
    _print_summary(summary)
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    """Run one read-only query; print it as a table or write it with --sortie."""
    from pipelines import sql

    warehouse = Path(args.entrepot) if args.entrepot else settings.warehouse_path()
    try:
        query = sql.read_query_argument(args.requete)
        out = sql.check_output(Path(args.sortie), warehouse, args.ecraser) if args.sortie else None
        con = open_read_only(warehouse)
        try:
            frame = sql.run_query(con, query)
        finally:
            con.close()
        if frame is not None and out is not None:
            sql.write_output(frame, out)
    except sql.SqlError as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 2
    if frame is None:
        print("Requête exécutée (elle ne renvoie aucun résultat).")
    elif out is not None:
        print(f"{frame.height} ligne(s) écrite(s) dans {out}")
    else:
        sys.stdout.write(sql.format_table(frame, args.lignes))
    return 0


def cmd_tables(args: argparse.Namespace) -> int:
    """List the marts with their description, or one table's columns."""
    from pipelines import sql

    con = open_read_only(Path(args.entrepot) if args.entrepot else settings.warehouse_path())
    try:
        frame = sql.describe_table(con, args.table) if args.table else sql.list_tables(con)
    except sql.SqlError as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    sys.stdout.write(sql.format_table(frame, frame.height, max_text=160))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from pipelines.docs import DocsError, generate_docs, serve_docs

    warehouse = Path(args.entrepot) if args.entrepot else settings.warehouse_path()
    try:
        page = generate_docs(warehouse)
    except DocsError as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 1
    print(f"Documentation dbt écrite : {page} (fichier autonome, s'ouvre hors ligne)")
    if not args.generer:
        serve_docs(args.port)
    return 0


REPORTS = ("qualite", "bilan-prefet", "mi-parcours")


def cmd_report(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines.reports.bilan_prefet import write_bilan
    from pipelines.reports.common import default_year
    from pipelines.reports.cycle import bilan_years, format_cycle, summarize_cycle
    from pipelines.reports.mi_parcours import write_mi_parcours
    from pipelines.reports.qualite import write_qualite

    warehouse = Path(args.entrepot) if args.entrepot else settings.warehouse_path()
    open_read_only(warehouse).close()  # clear message if missing or locked
    out_dir = Path(args.sortie) if args.sortie else settings.reports_dir()
    annee = args.annee or default_year()
    years = [annee]
    if args.nom == "tous" and not args.annee:  # every year with realised figures, and the last civil year
        with duckdb.connect(str(warehouse), read_only=True) as con:
            years = bilan_years(con, annee)
    written: list[Path] = []
    for name in REPORTS if args.nom == "tous" else (args.nom,):
        if name == "qualite":
            written.append(write_qualite(warehouse, out_dir / "qualite.html"))
        elif name == "bilan-prefet":
            for year in years:
                written += write_bilan(warehouse, year, out_dir)
        else:
            written.append(write_mi_parcours(warehouse, annee, out_dir / "evaluation_mi_parcours.html"))
    for path in written:
        print(f"Rapport écrit : {path}")
    if args.nom == "tous":
        from pipelines.build import previous_warehouse
        from pipelines.ingest.realised import YEARS

        summary = summarize_cycle(warehouse, previous_warehouse(warehouse), written, annee, YEARS)
        print(format_cycle(summary, settings.realised_dir()))
    return 0


TEMPLATE_QUERY = """
    select c.source, c.referentiel, c.axe_code, c.action_code, a.action, c.indicateur,
        c.situation_initiale, c.annee, c.cible
    from marts.indicateurs_cibles as c
    left join marts.dim_actions as a using (doc_id, action_code)
"""


def cmd_realised_template(args: argparse.Namespace) -> int:
    from pipelines.ingest.realised import YEARS
    from pipelines.ingest.realised_template import TemplateExists, next_steps, template_rows, write_template

    if args.annee not in YEARS:
        print(f"ERREUR : année {args.annee} hors du contrat ({YEARS[0]}-{YEARS[-1]}).", file=sys.stderr)
        return 2
    con = open_read_only(Path(args.entrepot) if args.entrepot else settings.warehouse_path())
    try:
        targets = con.sql(TEMPLATE_QUERY).pl()
    finally:
        con.close()
    rows = template_rows(targets, args.annee)
    if not rows:
        print("ERREUR : l'entrepôt ne contient aucun indicateur des actions du contrat.", file=sys.stderr)
        return 1
    folder = Path(args.sortie) if args.sortie else settings.realised_dir()
    try:
        paths = write_template(rows, folder, args.annee, force=args.force)
    except TemplateExists as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 1
    with_target = sum(r["cible"] is not None for r in rows)
    print(
        f"Modèle des réalisés {args.annee} : {len(rows)} indicateurs"
        f" ({with_target} avec une cible {args.annee})."
    )
    for path in paths:
        print(f"  écrit : {path}")
    print(next_steps(args.annee))
    return 0


def cmd_prepare(_args: argparse.Namespace) -> int:
    from pipelines.defs.resources import prepare_dbt_project

    prepare_dbt_project()
    print(f"Manifeste dbt prêt : {settings.DBT_DIR / 'target' / 'manifest.json'}")
    return 0


ARGPARSE_FR = {  # argparse's English messages (Python 3.11+), in French
    "usage: ": "utilisation : ",
    "positional arguments": "arguments positionnels ",  # argparse adds the ":" right after a title
    "options": "options ",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "ignored explicit argument %r": "valeur explicite ignorée : %r",
    "unexpected option string: %s": "option inattendue : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue %(parser_name)r (choix : %(choices)s)"
    ),
}


@contextlib.contextmanager
def _french_argparse():
    """argparse speaks French for the duration of the block (its messages go through argparse._)."""
    saved = argparse._, argparse.ngettext
    argparse._ = lambda message: ARGPARSE_FR.get(message, message)
    argparse.ngettext = lambda one, many, n: argparse._(one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _in_french(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with _french_argparse():
            return method(*args, **kwargs)

    return wrapper


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, help and errors are in French (its sub-commands too)."""

    __init__ = _in_french(argparse.ArgumentParser.__init__)
    parse_known_args = _in_french(argparse.ArgumentParser.parse_known_args)
    parse_args = _in_french(argparse.ArgumentParser.parse_args)
    format_usage = _in_french(argparse.ArgumentParser.format_usage)
    format_help = _in_french(argparse.ArgumentParser.format_help)
    error = _in_french(argparse.ArgumentParser.error)


def main(argv: list[str] | None = None) -> int:
    parser = FrenchArgumentParser(prog="dpid", description="Entrepôt des délibérations de la DPID.")
    sub = parser.add_subparsers(dest="commande", required=True, metavar="commande")

    p = sub.add_parser(
        "build", help="construire l'entrepôt depuis raw/deliberations (dagster + dbt + contrôles)"
    )
    p.add_argument("--raw", help="dossier des délibérations (défaut : raw/deliberations ou $DPID_RAW_DIR)")
    p.add_argument(
        "--entrepot", help="fichier DuckDB publié (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)"
    )
    p.add_argument(
        "--realise", help="dossier des réalisés saisis (défaut : raw/realise ou $DPID_REALISE_DIR)"
    )
    p.add_argument(
        "--verbeux",
        action="store_true",
        help="afficher aussi les lignes de dagster et de dbt telles qu'ils les écrivent (en anglais)",
    )
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("sql", help="requête SQL en lecture seule sur l'entrepôt")
    p.add_argument("requete", help="requête SQL, ou chemin d'un fichier .sql")
    p.add_argument("--entrepot", help="fichier DuckDB (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--lignes", type=int, default=50, help="lignes affichées au plus (défaut 50)")
    p.add_argument(
        "--sortie",
        help="écrire le résultat dans ce fichier au lieu de l'afficher :"
        " .csv (séparateur ;, virgule décimale),"
        " .xlsx ou .parquet ; jamais l'entrepôt",
    )
    p.add_argument("--ecraser", action="store_true", help="remplacer le fichier --sortie s'il existe déjà")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser(
        "tables", help="lister les tables du schéma marts et leur description, ou les colonnes d'une table"
    )
    p.add_argument("table", nargs="?", help="nom d'une table : ses colonnes, leur type et leur description")
    p.add_argument("--entrepot", help="fichier DuckDB (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.set_defaults(func=cmd_tables)

    p = sub.add_parser(
        "docs", help="documentation des tables et colonnes (dbt docs), servie sur http://localhost:PORT"
    )
    p.add_argument("--entrepot", help="fichier DuckDB (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--port", type=int, default=8080, help="port du serveur (défaut 8080)")
    p.add_argument("--generer", action="store_true", help="générer seulement (dbt/target/docs), sans servir")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("rapport", help="écrire un rapport HTML (reports/)")
    p.add_argument(
        "nom",
        choices=[*REPORTS, "tous"],
        help="qualite : anomalies, lignes non lues, changements depuis la construction précédente ;"
        " bilan-prefet : bilan_prefet_<annee>.html et matrice_indicateurs_<annee>.xlsx ;"
        " mi-parcours : evaluation_mi_parcours.html ;"
        " tous : les trois, un bilan pour chaque année qui a des réalisés et pour l'année civile précédente,"
        " puis un résumé (ce qui a changé, quoi ouvrir, quoi remplir ensuite)",
    )
    p.add_argument(
        "--annee",
        type=int,
        help="année du bilan (défaut : l'année civile précédente ;"
        " avec tous : aussi chaque année qui a des réalisés)",
    )
    p.add_argument("--entrepot", help="fichier DuckDB (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--sortie", help="dossier où écrire les rapports (défaut : reports/ ou $DPID_REPORTS_DIR)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("modele-realise", help="écrire le modèle annuel des réalisés à remplir (raw/realise)")
    p.add_argument("--annee", type=int, required=True, help="année des réalisés (2024 à 2027)")
    p.add_argument("--sortie", help="dossier écrit (défaut : raw/realise ou $DPID_REALISE_DIR)")
    p.add_argument("--entrepot", help="fichier DuckDB lu (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--force", action="store_true", help="remplacer un fichier qui contient déjà des réalisés")
    p.set_defaults(func=cmd_realised_template)

    p = sub.add_parser("prepare", help="préparer le manifeste dbt (fait par make à l'installation)")
    p.set_defaults(func=cmd_prepare)

    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `dpid sql ... | head -1`: the reader left, stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


def run() -> None:
    """The ``dpid`` command: ``main``, then a quick exit. After a build the interpreter would spend
    ~3 s tearing down the ~4 500 modules of dagster, dbt and polars one by one; the output is
    flushed and the exit handlers run first (logging, multiprocessing, temporary files), so
    nothing is lost. ``main`` itself (the tests call it) returns normally."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that left (`| head -1`)
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
