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
h3{font-size:1rem;margin:1.2rem 0 .3rem}details.src{display:inline-block;vertical-align:top}details.src summary{cursor:pointer;color:#0b5394;white-space:nowrap}
.tw{overflow-x:auto;max-width:100%}details.src code{display:block;white-space:pre-wrap;min-width:18rem}
.note{background:#fff8e1;border-left:4px solid #e6a700;padding:.5rem .8rem}tr.total td{font-weight:600;background:#f6f8fa}
.statut{font-weight:600;white-space:nowrap}
"""


def fr_number(value) -> str:
    """1234567.8 -> '1 234 567,80' (narrow no-break space as thousands separator);
    integers (counts, line numbers) are printed as they are."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{Decimal(value):,.2f}".replace(",", "\u202f").replace(".", ",")


class Html(str):
    """Markup built by these helpers: ``table`` inserts it as is instead of escaping it."""


def fr_quantity(value) -> str:
    """An indicator value: 1100 -> '1 100', 12.5 -> '12,5' (no trailing zeros)."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def fr_percent(fraction) -> str:
    """0.856 -> '85,6 %'."""
    if fraction is None:
        return "—"
    return fr_quantity(round(Decimal(str(fraction)) * 100, 1)) + "\u00a0%"


def source(doc_id: str, ligne: int | None, texte: str | None) -> Html:
    """Provenance of a figure: 'doc l.N', unfolding to the text of the source line."""
    if ligne is None:
        return Html(html.escape(doc_id or ""))
    label = html.escape(f"{doc_id} l.{ligne}")
    if texte is None:
        return Html(label)
    return Html(f'<details class="src"><summary>{label}</summary><code>{html.escape(texte.strip())}</code></details>')


class Figures:
    """Plotly figures of one page: plotly.js is inlined with the first figure only, so the page
    opens offline and carries the library once."""

    def __init__(self) -> None:
        self.count = 0

    def html(self, figure) -> str:
        self.count += 1
        return figure.to_html(
            full_html=False, include_plotlyjs=self.count == 1, config={"displaylogo": False}
        )


def _cell(value, fmt) -> str:
    if isinstance(value, Html):
        return value
    if isinstance(value, str):
        return html.escape(value)
    if value is None and fmt is str:
        return ""
    return html.escape(fmt(value))


def table(headers: list[str], rows: list[list], numeric: set[int] = frozenset(), totals: set[int] = frozenset()) -> str:
    """An HTML table; ``numeric`` columns are right-aligned (numbers in French), ``totals`` rows in bold.
    Strings are escaped, ``Html`` cells inserted as they are."""
    if not rows:
        return '<p class="ok">Aucune ligne.</p>'
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        ('<tr class="total">' if r in totals else "<tr>")
        + "".join(
            f'<td class="n">{_cell(v, fr_number)}</td>' if i in numeric else f"<td>{_cell(v, str)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for r, row in enumerate(rows)
    )
    return f'<div class="tw"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def page(title: str, subtitle: str, sections: list[str]) -> str:
    stamp = dt.datetime.now().strftime("%d/%m/%Y à %H:%M")
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p class="meta">{html.escape(subtitle)} — généré le {stamp}</p>' + "".join(sections) + "</body></html>"
    )
