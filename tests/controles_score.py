"""Scores marts.anomalies_qualite against the auditor's reading (tests/golden/controles).

An entry of the reading is a stated total with its parts, or a figure stated twice, with
``tient`` true (it holds) or false (the document disagrees with itself). An anomaly *names*
an entry when it sits in the same document, one of its lines (``lignes``) is one of the
entry's lines, and one of its two figures is one of the entry's figures (the printed total,
the other printing, or the computed value). A real disagreement is *flagged* when an anomaly
names it; an anomaly is a *false alarm* when it names only entries that hold.
"""

import json
from decimal import Decimal
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden" / "controles"


def reading() -> list[dict]:
    entries = []
    for path in sorted(GOLDEN.glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            entries.append({**entry, "doc_id": path.stem})
    return entries


def _lines(entry) -> set[int]:
    lines = {entry["total"]["ligne"]}
    if entry.get("autre"):
        lines.add(entry["autre"]["ligne"])
    for part in entry.get("parties") or []:
        if part.get("ligne") is not None:
            lines.add(part["ligne"])
    return lines


def _figures(entry) -> set[Decimal]:
    figures = {entry["total"]["valeur"], entry.get("calcul")}
    if entry.get("autre"):
        figures.add(entry["autre"]["valeur"])
    return {Decimal(str(round(f, 2))) for f in figures if f is not None}


def names(anomaly: dict, entry: dict) -> bool:
    if anomaly["doc_id"] != entry["doc_id"]:
        return False
    if not set(anomaly["lignes"] or [anomaly["ligne"]]) & _lines(entry):
        return False
    mine = {
        Decimal(str(v)) for v in (anomaly["valeur_declaree"], anomaly["valeur_calculee"]) if v is not None
    }
    return any(abs(a - b) < Decimal("0.01") for a in mine for b in _figures(entry))


def score(anomalies: list[dict], entries: list[dict] | None = None) -> dict:
    entries = reading() if entries is None else entries
    real = [e for e in entries if not e["tient"]]
    holding = [e for e in entries if e["tient"]]
    flagged = [e for e in real if any(names(a, e) for a in anomalies)]
    false_alarms = [
        a for a in anomalies if any(names(a, e) for e in holding) and not any(names(a, e) for e in real)
    ]
    return {
        "reelles": len(real),
        "signalees": [e["doc_id"][:3] + " " + e["id"] for e in flagged],
        "manquees": [e["doc_id"][:3] + " " + e["id"] for e in real if e not in flagged],
        "part_signalee": len(flagged) / len(real) if real else 1.0,
        "fausses_alertes": false_alarms,
    }


def anomalies_of(con) -> list[dict]:
    cursor = con.execute(
        "select controle, gravite, doc_id, ligne, lignes, valeur_declaree, valeur_calculee, message "
        "from marts.anomalies_qualite"
    )
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=False)) for row in cursor.fetchall()]


if __name__ == "__main__":  # python -m tests.controles_score warehouse/dpid.duckdb
    import sys

    import duckdb

    with duckdb.connect(sys.argv[1] if len(sys.argv) > 1 else "warehouse/dpid.duckdb", read_only=True) as con:
        result = score(anomalies_of(con))
    print(f"signalées {len(result['signalees'])}/{result['reelles']} ({result['part_signalee']:.0%})")
    print("manquées :", *result["manquees"], sep="\n  ")
    print("fausses alertes :")
    for a in result["fausses_alertes"]:
        print(
            f"  {a['doc_id'][:3]} l.{a['ligne']} {a['controle']} [{a['gravite']}] {a['valeur_declaree']} /"
            f" {a['valeur_calculee']}"
        )
