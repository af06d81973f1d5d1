"""A report printed to PDF by the headless Chromium the browser tests already use (Debian's
``/usr/bin/chromium``, driven by playwright): A4, the page's print stylesheet (title block, table
headers repeated on each page, sources as an appendix), a running header and page numbers.

Without Chromium or playwright the PDF is skipped with a French warning: the HTML report is written
all the same, nothing crashes.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path

CHROMIUM = Path(os.environ.get("DPID_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARGINS = {"top": "18mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}
_SMALL = (
    "font-size:8px;color:#57606a;width:100%;padding:0 "
    "12mm;font-family:sans-serif;display:flex;justify-content:space-between"
)


def _warn(message: str) -> None:
    print(f"  ! [avertissement] {message}")


def chromium_missing() -> str | None:
    """Why no PDF can be printed here, in French, or None when Chromium and playwright are there."""
    if not CHROMIUM.exists():
        return (
            f"Chromium introuvable ({CHROMIUM}) : le PDF n'est pas écrit (le rapport HTML "
            "l'est). Installez-le : apt-get install -y --no-install-recommends chromium"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "playwright manque : le PDF n'est pas écrit (le rapport "
            "HTML l'est). Installez-le : pip install playwright"
        )
    return None


def _print(html_path: Path, pdf_path: Path, header: str, footer: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
            page.goto(html_path.resolve().as_uri(), wait_until="load")
            page.emulate_media(media="print")
            # charts drawn for the screen are redrawn at the printable width
            page.evaluate(
                "() => { if (window.Plotly) for (const d of "
                "document.querySelectorAll('div.plotly-graph-div')) Plotly.Plots.resize(d); }"
            )
            page.wait_for_timeout(300)
            tmp = pdf_path.with_name(pdf_path.name + ".tmp")
            page.pdf(
                path=str(tmp),
                format="A4",
                print_background=True,
                margin=MARGINS,
                display_header_footer=True,
                header_template=f'<div style="{_SMALL}"><span>{html.escape(header)}</span></div>',
                footer_template=(
                    f'<div style="{_SMALL}"><span>{html.escape(footer)}</span><span>Page <span '
                    'class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
                ),
            )
            tmp.replace(pdf_path)
        finally:
            browser.close()


def write_pdf(
    html_path: Path, pdf_path: Path, header: str, footer: str, warn: Callable[[str], None] = _warn
) -> Path | None:
    """Print ``html_path`` to ``pdf_path``; ``header`` runs at the top of each page, ``footer`` at the
    bottom left beside « Page N / M ». Returns the PDF's path, or None (with a warning) when it
    cannot be printed."""
    missing = chromium_missing()
    if missing:
        warn(missing)
        return None
    from concurrent.futures import ThreadPoolExecutor

    from playwright.sync_api import Error as PlaywrightError

    # playwright's sync API refuses to start inside a running asyncio loop (a caller that already
    # drives a browser, a notebook): it prints from a thread of its own
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(_print, html_path, pdf_path, header, footer).result()
        except (PlaywrightError, OSError) as error:  # a browser that cannot start must not stop the reports
            warn(
                f"le PDF {pdf_path.name} n'a pas pu être imprimé par "
                f"Chromium ({error}) ; le rapport HTML est écrit."
            )
            return None
    return pdf_path
