"""Small HTML helpers shared by the reports: escaped tables, French numbers, the page shell."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1200px;color:#1d2733;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #0b5394;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef3f8}td.n{text-align:right;white-space:nowrap}.meta{color:#57606a;font-size:.85rem}
.ok{color:#1a7f37;font-weight:600}.ko{color:#b42318;font-weight:600}code{font-size:.8rem;background:#f6f8fa;padding:0 .2rem}
"""


def fr_number(value) -> str:
    """1234567.8 -> '1 234 567,80' (narrow no-break space as thousands separator);
    integers (counts, line numbers) are printed as they are."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{Decimal(value):,.2f}".replace(",", "\u202f").replace(".", ",")


def table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    if not rows:
        return '<p class="ok">Aucune ligne.</p>'
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{fr_number(v)}</td>' if i in numeric else f"<td>{html.escape('' if v is None else str(v))}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, subtitle: str, sections: list[str]) -> str:
    stamp = dt.datetime.now().strftime("%d/%m/%Y à %H:%M")
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p class="meta">{html.escape(subtitle)} — généré le {stamp}</p>' + "".join(sections) + "</body></html>"
    )
