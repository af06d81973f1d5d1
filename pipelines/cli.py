"""``dpid``: build the warehouse, query it read-only.

    dpid build                 # raw/deliberations -> warehouse/dpid.duckdb (dagster + dbt + checks)
    dpid sql "SELECT ..."      # read-only SQL on the warehouse, printed as a table
    dpid sql q.sql --sortie r.csv   # ... or written to CSV / Parquet
    dpid docs                  # dbt docs of every table and column, served on localhost
    dpid rapport qualite       # reports/qualite.html from the published warehouse
    dpid rapport bilan-prefet --annee 2024   # reports/bilan_prefet_2024.html + matrice_indicateurs_2024.xlsx
    dpid rapport mi-parcours   # reports/evaluation_mi_parcours.html
    dpid rapport tous          # the three of them (make run)
    dpid modele-realise --annee 2025   # raw/realise/realise_2025.xlsx|.csv, the template to fill
    dpid prepare               # parse the dbt project once (manifest for dagster-dbt)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines import settings


def _print_summary(summary) -> None:
    print()
    print(f"Entrepôt publié : {summary.warehouse}  ({summary.seconds:.1f} s)")
    if summary.stage_seconds:
        print("Durée par étape : " + ", ".join(f"{k} {v:.1f} s" for k, v in summary.stage_seconds.items()))
    print(f"Documents lus : {summary.documents_lus} ; rejetés : {len(summary.documents_rejetes)}")
    for fichier, raison in summary.documents_rejetes:
        print(f"  ✗ {fichier} : {raison}")
    print("Extraction par document (montants d'articles, lignes budgétaires délibération / rapport, subventions, bilans, non lues, anomalies) :")
    for doc_id, numero, n_art, n_delib, n_rap, n_unread, n_anom, n_sub, n_bil in summary.extraction_par_document:
        print(
            f"  {doc_id}  N°{numero}  articles {n_art}  imputation {n_delib}/{n_rap}  subventions {n_sub}"
            f"  bilans {n_bil}  non lues {n_unread}  anomalies {n_anom}"
        )
    print("Lignes par table (schéma marts) : " + ", ".join(f"{t} {n}" for t, n in summary.lignes_par_mart.items()))
    failed = [(name, sev) for name, passed, sev in summary.checks if not passed]
    print(f"Contrôles : {len(summary.checks)} évalués, {len(failed)} en échec" + (
        " (" + ", ".join(f"{n} [{s}]" for n, s in failed) + ")" if failed else ""))
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
        )
    except BuildError as exc:
        print(f"ERREUR : {exc}", file=sys.stderr)
        return 1
    _print_summary(summary)
    return 0


def open_read_only(path: Path):
    """A read-only connection to the warehouse, with a clear message when it cannot be opened."""
    import duckdb

    if not path.exists():
        raise SystemExit(f"Entrepôt introuvable : {path}. Lancez d'abord `make run` (ou `dpid build`).")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise SystemExit(
                f"L'entrepôt {path} est verrouillé en écriture par un autre processus "
                f"(une construction en cours ?). Réessayez quand elle sera terminée.\n{exc}"
            ) from None
        raise


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb
    import polars as pl

    query = args.requete
    if Path(query).suffix == ".sql" and Path(query).is_file():
        query = Path(query).read_text(encoding="utf-8")
    con = open_read_only(Path(args.entrepot) if args.entrepot else settings.warehouse_path())
    try:
        frame = con.sql(query).pl()
    except duckdb.Error as exc:
        message = str(exc)
        if "read-only" in message.lower():
            message = "dpid sql est en lecture seule : l'entrepôt ne se modifie que par `dpid build`.\n" + message
        print(f"ERREUR SQL : {message}", file=sys.stderr)
        return 2
    finally:
        con.close()
    if args.sortie:
        out = Path(args.sortie)
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".parquet":
            frame.write_parquet(out)
        else:  # CSV for a French spreadsheet: ";" separator, decimal comma, UTF-8 with BOM
            frame.write_csv(out, separator=";", include_bom=True, decimal_comma=True)
        print(f"{frame.height} ligne(s) écrite(s) dans {out}")
        return 0
    with pl.Config(tbl_rows=args.lignes, tbl_cols=-1, fmt_str_lengths=100, tbl_width_chars=200):
        print(frame)
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
    from pipelines.reports.bilan_prefet import write_bilan
    from pipelines.reports.common import default_year
    from pipelines.reports.mi_parcours import write_mi_parcours
    from pipelines.reports.qualite import write_qualite

    warehouse = Path(args.entrepot) if args.entrepot else settings.warehouse_path()
    open_read_only(warehouse).close()  # clear message if missing or locked
    out_dir = Path(args.sortie) if args.sortie else settings.reports_dir()
    annee = args.annee or default_year()
    written: list[Path] = []
    for name in REPORTS if args.nom == "tous" else (args.nom,):
        if name == "qualite":
            written.append(write_qualite(warehouse, out_dir / "qualite.html"))
        elif name == "bilan-prefet":
            written += write_bilan(warehouse, annee, out_dir)
        else:
            written.append(write_mi_parcours(warehouse, annee, out_dir / "evaluation_mi_parcours.html"))
    for path in written:
        print(f"Rapport écrit : {path}")
    return 0


TEMPLATE_QUERY = """
    select c.source, c.referentiel, c.axe_code, c.action_code, a.action, c.indicateur,
        c.situation_initiale, c.annee, c.cible
    from marts.indicateurs_cibles as c
    left join marts.dim_actions as a using (doc_id, action_code)
"""


def cmd_realised_template(args: argparse.Namespace) -> int:
    from pipelines.ingest.realised import YEARS
    from pipelines.ingest.realised_template import TemplateExists, template_rows, write_template

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
    print(f"Modèle des réalisés {args.annee} : {len(rows)} indicateurs ({with_target} avec une cible {args.annee}).")
    for path in paths:
        print(f"  écrit : {path}")
    print("Remplissez la colonne « realise » (et « source ») d'un des deux fichiers, puis relancez `dpid build`.")
    return 0


def cmd_prepare(_args: argparse.Namespace) -> int:
    from pipelines.defs.resources import prepare_dbt_project

    prepare_dbt_project()
    print(f"Manifeste dbt prêt : {settings.DBT_DIR / 'target' / 'manifest.json'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dpid", description="Entrepôt des délibérations de la DPID.")
    sub = parser.add_subparsers(dest="commande", required=True)

    p = sub.add_parser("build", help="construire l'entrepôt depuis raw/deliberations (dagster + dbt + contrôles)")
    p.add_argument("--raw", help="dossier des délibérations (défaut : raw/deliberations ou $DPID_RAW_DIR)")
    p.add_argument("--entrepot", help="fichier DuckDB publié (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--realise", help="dossier des réalisés saisis (défaut : raw/realise ou $DPID_REALISE_DIR)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("sql", help="requête SQL en lecture seule sur l'entrepôt")
    p.add_argument("requete", help="requête SQL, ou chemin d'un fichier .sql")
    p.add_argument("--entrepot", help="fichier DuckDB (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--lignes", type=int, default=50, help="lignes affichées au plus (défaut 50)")
    p.add_argument("--sortie", help="écrire le résultat dans ce fichier au lieu de l'afficher : .csv (séparateur ;) ou .parquet")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("docs", help="documentation des tables et colonnes (dbt docs), servie sur http://localhost:PORT")
    p.add_argument("--entrepot", help="fichier DuckDB (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--port", type=int, default=8080, help="port du serveur (défaut 8080)")
    p.add_argument("--generer", action="store_true", help="générer seulement (dbt/target/docs), sans servir")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("rapport", help="écrire un rapport HTML (reports/)")
    p.add_argument(
        "nom", choices=[*REPORTS, "tous"],
        help="qualite : anomalies, lignes non lues, changements depuis la construction précédente ; bilan-prefet :"
        " bilan_prefet_<annee>.html et matrice_indicateurs_<annee>.xlsx ; mi-parcours : evaluation_mi_parcours.html ;"
        " tous : les trois",
    )  # fmt: skip
    p.add_argument("--annee", type=int, help="année du bilan (défaut : l'année civile précédente)")
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
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
