"""dbt docs of the warehouse: every table and column, browsable (``dpid docs``).

``dbt docs generate`` runs against the *published* warehouse opened read-only (profile
target ``docs``), into ``dbt/target/docs``; ``static_index.html`` is one self-contained
file that opens offline, ``index.html`` is served by ``dpid docs``.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
from pathlib import Path

from pipelines import settings
from pipelines.defs.resources import dbt_executable

DOCS_DIR = settings.DBT_DIR / "target" / "docs"


class DocsError(RuntimeError):
    """dbt docs could not be generated (message in French, for the terminal)."""


def generate_docs(warehouse: Path) -> Path:
    """Write the dbt docs of ``warehouse`` into ``dbt/target/docs``; returns the static page."""
    if not warehouse.exists():
        raise DocsError(f"Entrepôt introuvable : {warehouse}. Lancez d'abord `make run` (ou `dpid build`).")
    command = [
        dbt_executable(),
        "docs",
        "generate",
        "--static",
        "--target",
        "docs",
        "--target-path",
        "target/docs",
        "--profiles-dir",
        str(settings.DBT_DIR),
        "--project-dir",
        str(settings.DBT_DIR),
        "--quiet",
    ]
    done = subprocess.run(
        command,
        cwd=settings.DBT_DIR,
        env={**os.environ, "DPID_DUCKDB_PATH": str(warehouse)},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        detail = (done.stdout + done.stderr).strip()
        if "lock" in detail.lower():
            detail = (
                "l'entrepôt est verrouillé par une construction en cours ; réessayez quand elle sera "
                "terminée.\n" + detail
            )
        raise DocsError(f"dbt docs generate a échoué : {detail[-2000:]}")
    return DOCS_DIR / "static_index.html"


def serve_docs(port: int) -> None:
    """Serve ``dbt/target/docs`` on http://localhost:<port> until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(DOCS_DIR))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Documentation des tables : http://localhost:{port}/  (Ctrl-C pour arrêter)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
