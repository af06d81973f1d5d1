"""The yearly cycle of the realised figures, as ``dpid rapport tous`` (the end of ``make run``) runs it:
which years get a bilan, and the short French summary printed last — what changed since the
previous build, what to open, what to fill next.

Everything is read from the published warehouse (and the previous one, kept beside it by the
build): the years with realised figures from ``marts.realise_vs_cible``, the anomalies from
``marts.anomalies_qualite``, the documents from ``marts.documents``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# the project's severities (anomalies_qualite.gravite), in this order, as the summary counts them
GRAVITES = {
    "erreur": "erreur(s)",
    "avertissement": "avertissement(s)",
    "lecture_incertaine": "lecture(s) incertaine(s)",
}


def realised_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The years for which the warehouse holds at least one realised value."""
    rows = con.execute(
        "select distinct annee from marts.realise_vs_cible where realise is not null order by annee"
    ).fetchall()
    return [r[0] for r in rows]


def bilan_years(con: duckdb.DuckDBPyConnection, last_year: int) -> list[int]:
    """The bilans ``dpid rapport tous`` writes: every year with realised figures, and the last civil year."""
    return sorted({*realised_years(con), last_year})


def next_year_to_fill(con: duckdb.DuckDBPyConnection, last_year: int, years: range) -> int | None:
    """The first year of the contract, up to the last civil year, without any realised value; else the
    year after the last civil one (its template can be prepared); ``None`` past the contract."""
    filled = set(realised_years(con))
    for year in years:
        if year <= last_year and year not in filled:
            return year
    return last_year + 1 if last_year + 1 in years else None


@dataclass
class CycleSummary:
    documents: dict[str, list[str]] = field(default_factory=dict)  # état -> files
    anomalies: dict[str, int] = field(default_factory=dict)  # gravité -> count
    first_build: bool = True
    reports: list[Path] = field(default_factory=list)
    to_fill: int | None = None
    realised_to_check: int = 0


def document_changes(
    con: duckdb.DuckDBPyConnection, previous: Path | None
) -> tuple[dict[str, list[str]], bool]:
    """Documents ``ajouté`` / ``modifié`` / ``retiré`` since the previous build (by their sha256)."""
    current = con.execute("select fichier, sha256 from marts.documents").fetchall()
    if previous is None or not previous.exists():
        return {"ajouté": sorted(f for f, _ in current)}, True
    try:
        with duckdb.connect(str(previous), read_only=True) as old:
            before = dict(old.execute("select fichier, sha256 from marts.documents").fetchall())
    except duckdb.Error:
        return {"ajouté": sorted(f for f, _ in current)}, True
    after = dict(current)
    return {
        "ajouté": sorted(f for f in after if f not in before),
        "modifié": sorted(f for f in after if f in before and before[f] != after[f]),
        "retiré": sorted(f for f in before if f not in after),
    }, False


def summarize_cycle(
    warehouse: Path, previous: Path | None, reports: list[Path], last_year: int, years: range
) -> CycleSummary:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        documents, first = document_changes(con, previous)
        counts = dict(
            con.execute("select gravite, count(*) from marts.anomalies_qualite group by gravite").fetchall()
        )
        to_check = con.execute(
            "select count(*) from marts.realise_vs_cible_sources where realise_a_verifier"
        ).fetchone()[0]
        to_fill = next_year_to_fill(con, last_year, years)
    return CycleSummary(documents, counts, first, reports, to_fill, to_check)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("s" if n > 1 and not word.endswith("s") else "")


def format_cycle(summary: CycleSummary, realised_dir: Path) -> str:
    """The French summary printed at the end of ``dpid rapport tous`` (and so of ``make run``)."""
    lines = ["", "Résumé"]
    if summary.first_build:
        lines.append(
            "  Ce qui a changé : première construction,"
            f" {_plural(len(summary.documents.get('ajouté', [])), 'document')} lus."
        )
    else:
        changed = [(state, files) for state, files in summary.documents.items() if files]
        lines.append(
            "  Ce qui a changé depuis la construction précédente : "
            + (
                ", ".join(
                    f"{len(files)} document(s) {state}(s) ({', '.join(files)})" for state, files in changed
                )
                if changed
                else "aucun document ajouté ni modifié."
            )
        )
    lines.append(
        "  Anomalies : "
        + ", ".join(f"{summary.anomalies.get(g, 0)} {GRAVITES[g]}" for g in GRAVITES)
        + (f" (dont {summary.realised_to_check} réalisé(s) à vérifier)" if summary.realised_to_check else "")
        + " — détail dans qualite.html."
    )
    lines.append("  À ouvrir :")
    for path in summary.reports:
        lines.append(f"    {path}")
    if summary.to_fill is not None:
        lines.append(
            f"  À remplir ensuite : les réalisés {summary.to_fill} — `dpid modele-realise --annee"
            f" {summary.to_fill}`,"
            f" remplir {realised_dir / f'realise_{summary.to_fill}.xlsx'} puis relancer `make run`."
        )
    else:
        lines.append("  À remplir ensuite : rien, toutes les années du contrat ont des réalisés.")
    return "\n".join(lines)
