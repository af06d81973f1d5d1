"""``dpid``: build the warehouse, query it read-only.

    dpid build                 # raw/deliberations -> warehouse/dpid.duckdb (dagster + dbt + checks)
    dpid sql "SELECT ..."      # read-only SQL on the warehouse, printed as a table
    dpid rapport qualite       # reports/qualite.html from the published warehouse
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
    with pl.Config(tbl_rows=args.lignes, tbl_cols=-1, fmt_str_lengths=100, tbl_width_chars=200):
        print(frame)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pipelines.reports.qualite import write_qualite

    warehouse = Path(args.entrepot) if args.entrepot else settings.warehouse_path()
    open_read_only(warehouse).close()  # clear message if missing or locked
    out = write_qualite(warehouse, Path(args.sortie) if args.sortie else settings.reports_dir() / "qualite.html")
    print(f"Rapport écrit : {out}")
    return 0


def cmd_prepare(_args: argparse.Namespace) -> int:
    from pipelines.build import ensure_dbt_manifest

    ensure_dbt_manifest()
    print(f"Manifeste dbt prêt : {settings.DBT_DIR / 'target' / 'manifest.json'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dpid", description="Entrepôt des délibérations de la DPID.")
    sub = parser.add_subparsers(dest="commande", required=True)

    p = sub.add_parser("build", help="construire l'entrepôt depuis raw/deliberations (dagster + dbt + contrôles)")
    p.add_argument("--raw", help="dossier des délibérations (défaut : raw/deliberations ou $DPID_RAW_DIR)")
    p.add_argument("--entrepot", help="fichier DuckDB publié (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("sql", help="requête SQL en lecture seule sur l'entrepôt")
    p.add_argument("requete", help="requête SQL, ou chemin d'un fichier .sql")
    p.add_argument("--entrepot", help="fichier DuckDB (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--lignes", type=int, default=50, help="lignes affichées au plus (défaut 50)")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("rapport", help="écrire un rapport HTML (reports/)")
    p.add_argument("nom", choices=["qualite"], help="qualite : anomalies, lignes non lues, documents rejetés")
    p.add_argument("--entrepot", help="fichier DuckDB (défaut : warehouse/dpid.duckdb ou $DPID_WAREHOUSE)")
    p.add_argument("--sortie", help="fichier HTML écrit (défaut : reports/<nom>.html)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("prepare", help="préparer le manifeste dbt (fait par make à l'installation)")
    p.set_defaults(func=cmd_prepare)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
