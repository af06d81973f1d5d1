"""Small HTML helpers shared by the reports: escaped tables, French numbers, the page shell."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1200px;color:#1d2733;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #0b5394;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#eef3f8;overflow-wrap:normal}td.n{text-align:right;white-space:nowrap;overflow-wrap:normal}.meta{color:#57606a;font-size:.85rem}
.ok{color:#1a7f37;font-weight:600}.ko{color:#b42318;font-weight:600}code{font-size:.8rem;background:#f6f8fa;padding:0 .2rem;overflow-wrap:anywhere}
h3{font-size:1rem;margin:1.2rem 0 .3rem}details.src summary{cursor:pointer;color:#0b5394}h3 details.src{display:inline-block;vertical-align:top}
.tw{overflow-x:auto;max-width:100%}.ctx{display:block;white-space:pre-wrap;color:#57606a;font-size:.78rem}
details.src code,.annexe code{display:block;white-space:pre-wrap;margin:.1rem 0}.annexe td:first-child{white-space:nowrap}.annexe td:last-child{overflow-wrap:anywhere}
.note{background:#fff8e1;border-left:4px solid #e6a700;padding:.5rem .8rem}tr.total td{font-weight:600;background:#f6f8fa}
.statut{font-weight:600;white-space:nowrap}details.groupe{margin:.3rem 0}details.groupe>summary{cursor:pointer;font-weight:600}
.cartouche{border:2px solid #0b5394;padding:.6rem 1rem;margin-bottom:1rem}.cartouche p{margin:.1rem 0}
.cartouche .emetteur{font-weight:700;color:#0b5394;text-transform:uppercase;letter-spacing:.03em}
.plotly-graph-div{max-width:100%}.large table{font-size:.72rem}.large th,.large td{padding:.2rem .3rem}
details.groupe ul,details.src ul{margin:.2rem 0;padding-left:1rem}
@page{size:A4;margin:16mm 12mm 16mm 12mm}
@media print{
 body{margin:0;max-width:none;padding:0;font-size:10pt}table{font-size:7.5pt}th,td{padding:.15rem .25rem}
 thead{display:table-header-group}tfoot{display:table-footer-group}
 tr,.cartouche,.plotly-graph-div{break-inside:avoid}h2,h3{break-after:avoid}
 .tw{overflow:visible}.annexe{break-before:page}
 details.src summary{color:#1d2733}details.src summary::marker{content:""}
 details.groupe>summary::marker{content:""}
 a{color:inherit;text-decoration:none}
}
"""  # noqa: E501


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


def source(
    citation: str | None, texte: str | None = None, avant: str | None = None, apres: str | None = None
) -> Html:
    """Provenance of a figure as an analyst quotes it (« Délib. n° 2024-176 du 15 avril 2024, l. 701 »,
    from ``marts.sources_lignes``), unfolding to the line (sentence or table row) between its
    neighbours; the line is also the tooltip."""
    if not citation:
        return Html("—")
    label = html.escape(citation)
    if texte is None:
        return Html(label)
    context = "".join(
        f'<span class="ctx">{html.escape(text)}</span>'
        if side != "line"
        else f"<code>{html.escape(text)}</code>"
        for side, text in (("before", avant), ("line", texte), ("after", apres))
        if text
    )
    return Html(
        '<details class="src"><summary '
        f'title="{html.escape(texte, quote=True)}">{label}</summary>{context}</details>'
    )


def group(summary: str, body: str, open_: bool = False) -> Html:
    """A collapsible block: long lists grouped by document."""
    return Html(
        "<details "
        f'class="groupe"{" open" if open_ else ""}><summary>{html.escape(summary)}</summary>{body}</details>'
    )


def french(figure):
    """French numbers on a plotly figure: ``1 499,5`` (separators ", "), never ``14k`` (SI suffixes
    are turned off on every axis that has no explicit tick format)."""
    figure.update_layout(separators=", ")
    for axis in [*figure.select_xaxes(), *figure.select_yaxes()]:
        axis.update(exponentformat="none")
        if axis.tickformat is None:
            axis.update(tickformat=",~r")  # 14 000, 1 499,5 — never 14k
    return figure


class Figures:
    """Plotly figures of one page: plotly.js is inlined with the first figure only, so the page
    opens offline and carries the library once."""

    def __init__(self) -> None:
        self.count = 0

    def html(self, figure) -> str:
        self.count += 1
        french(figure)
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


def table(
    headers: list[str], rows: list[list], numeric: set[int] = frozenset(), totals: set[int] = frozenset()
) -> str:
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


def page(title: str, subtitle: str, sections: list[str], built_at: str | None = None) -> str:
    """The page shell: a title block (Département, DPID, title, date of the build) and the sections."""
    stamp = dt.datetime.now().strftime("%d/%m/%Y à %H:%M")
    built = f"<p>Entrepôt construit le {html.escape(built_at)}</p>" if built_at else ""
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<style>{STYLE}</style></head><body><header class="cartouche">'
        '<p class="emetteur">Département du Pas-de-Calais — DPID</p>'
        f"<h1>{html.escape(title)}</h1><p class='meta'>{html.escape(subtitle)}</p>{built}"
        f"<p class='meta'>Rapport généré le {stamp}</p></header>" + "".join(sections) + "</body></html>"
    )


def built_at(warehouse) -> str:
    """Date of the build of ``warehouse`` (the file's modification time), in French."""
    return dt.datetime.fromtimestamp(warehouse.stat().st_mtime).strftime("%d/%m/%Y à %H:%M")
