"""One document, one unit of work: read and parse a file once per content and parser version.

The frames of a document are stored as Parquet under
``<warehouse folder>/extraits/<sha256>-<parser version>/<table>.parquet`` (the parser version is a
hash of ``pipelines/extract`` and ``pipelines/frames.py``). A build reads every file to fingerprint
it, parses only the documents whose folder is missing (in a process pool over all cores, one
document in memory per worker) and loads the raw tables of DuckDB from the Parquet files.

A parser that raises on one document quarantines that document (« erreur de lecture : ... »); the
others build.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from pipelines import settings
from pipelines.frames import EXTRACTED_TABLES, SCHEMAS, document_frames, frame
from pipelines.ingest.documents import Document, doc_id_for, read_document

DONE = "document.json"  # written last: a folder without it is incomplete and ignored
PER_DOCUMENT_TABLES = ("lignes_source", *EXTRACTED_TABLES)


@functools.cache
def parser_version() -> str:
    """Hash of the parsers' sources: a change to any of them re-extracts every document."""
    digest = hashlib.sha256()
    sources = sorted((settings.PROJECT_ROOT / "pipelines" / "extract").rglob("*.py"))
    for path in [*sources, settings.PROJECT_ROOT / "pipelines" / "frames.py"]:
        digest.update(path.relative_to(settings.PROJECT_ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir(database: str | Path) -> Path:
    """The per-document outputs live beside the warehouse (shared by ``dpid build`` and ``dagster dev``)."""
    return Path(database).resolve().parent / "extraits"


@dataclass(frozen=True)
class Outcome:
    """What one file gave: a document read (its cache folder) or the reason it was refused."""

    fichier: str
    doc_id: str
    sha256: str | None
    taille_octets: int
    encodage: str | None = None
    nb_lignes: int = 0
    folder: str | None = None
    raison: str | None = None  # refused at reading (empty, binary, not a deliberation...)
    erreur: str | None = None  # a parser raised: « erreur de lecture : ... »
    extrait: bool = False  # parsed by this build (False: found in the cache)
    secondes: float = 0.0


def _cached(path: Path, sha: str, size: int, folder: Path) -> Outcome | None:
    done = folder / DONE
    if not done.exists():
        return None
    return _outcome(path, sha, size, folder, json.loads(done.read_text(encoding="utf-8")))


def _outcome(path: Path, sha: str, size: int, folder: Path, meta: dict, **timing) -> Outcome:
    """The outcome of a document whose outputs are in ``folder`` (``meta``: its DONE file)."""
    return Outcome(
        path.name,
        doc_id_for(path),
        sha,
        size,
        meta["encodage"],
        meta["nb_lignes"],
        str(folder),
        erreur=meta.get("erreur"),
        **timing,
    )


def extract_file(path: str, root: str, version: str) -> Outcome:
    """Read one file and, when it is a deliberation not yet in the cache, parse it into ``root``.

    Runs in a worker process: never raises for a bad document.
    """
    started = time.perf_counter()
    path = Path(path)
    document = read_document(path)
    if not isinstance(document, Document):
        return Outcome(
            document.fichier,
            doc_id_for(path),
            document.sha256,
            document.taille_octets,
            raison=document.raison,
        )
    folder = Path(root) / f"{document.sha256}-{version}"
    cached = _cached(path, document.sha256, document.taille_octets, folder)
    if cached is not None:
        return cached
    lines = document.lines
    sha, size = document.sha256, document.taille_octets
    meta = {"encodage": document.encodage, "nb_lignes": len(lines), "fichier": document.fichier}
    try:
        frames = document_frames(document.doc_id, lines)
    except Exception as exc:  # noqa: BLE001 - the document is quarantined, the others build
        frames = {}
        meta["erreur"] = f"erreur de lecture : {type(exc).__name__}: {exc}"
    del lines, document
    building = folder.with_name(f".{folder.name}.{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for table, data in frames.items():
        data.write_parquet(building / f"{table}.parquet", statistics=False)
    (building / DONE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    try:
        os.replace(building, folder)  # atomic: a folder is complete or absent
    except OSError:  # the same content extracted at the same time by another file or build
        shutil.rmtree(building, ignore_errors=True)
    return _outcome(path, sha, size, folder, meta, extrait=True, secondes=time.perf_counter() - started)


def _workers() -> int:
    return int(os.environ.get("DPID_PROCESSUS", "0")) or os.cpu_count() or 1


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _background_worker() -> None:
    """A worker of the prefetch pool: at the lowest priority (nice 19), it only takes the CPU the
    build's start leaves idle (with nice 5 it slowed the imports as much as it gained, measured), and
    it is deaf to Ctrl-C (the build stops its pool itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(19)


@dataclass
class _Prefetch:
    folder: Path
    root: Path
    version: str
    pool: ProcessPoolExecutor
    futures: dict[str, Future]


_prefetch: _Prefetch | None = None


def start_prefetch(folder: Path, root: Path, workers: int | None = None) -> int:
    """Start extracting, in the background, the documents of ``folder`` not yet in the cache.

    ``dpid build`` calls it first thing: its process then spends ~10 s importing dagster and dbt and
    creating the run on one core, while the extraction runs on the others; the extraction step
    (:func:`extract_folder`) takes the results. Returns the number of documents started: none with
    one process for the extraction (``DPID_PROCESSUS=1``, or one core: no idle core to fill)."""
    global _prefetch
    stop_prefetch()
    workers = workers or _workers()
    version = parser_version()
    missing = [p for p in _files(folder) if _not_in_cache(p, root, version)] if workers > 1 else []
    if not missing:
        return 0
    root.mkdir(parents=True, exist_ok=True)
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(missing)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_background_worker,
    )
    futures = {p.name: pool.submit(extract_file, str(p), str(root), version) for p in missing}
    _prefetch = _Prefetch(folder.resolve(), root.resolve(), version, pool, futures)
    return len(missing)


def _not_in_cache(path: Path, root: Path, version: str) -> bool:
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return False  # unreadable: left to the extraction step, which says why, in French
    return not (root / f"{sha}-{version}" / DONE).exists()


def stop_prefetch() -> None:
    """Stop the prefetch pool, if any (a build that failed or was interrupted before its extraction
    step). Its workers are terminated, not waited for: a document can take minutes. What they had
    finished is in the cache; what they were writing is in a dot-folder that nothing reads."""
    global _prefetch
    prefetch, _prefetch = _prefetch, None
    if prefetch is not None:
        for process in list((prefetch.pool._processes or {}).values()):  # no public way in 3.11
            process.terminate()
        prefetch.pool.shutdown(wait=True, cancel_futures=True)


def _take_prefetch(folder: Path, root: Path, version: str) -> dict[str, Outcome]:
    """The outcomes of the prefetch of ``folder`` into ``root`` (waited for), by file name; empty
    when there is none for them. A document whose worker failed is left to the extraction step."""
    global _prefetch
    prefetch = _prefetch
    if prefetch is None or (prefetch.folder, prefetch.root, prefetch.version) != (
        folder.resolve(),
        root.resolve(),
        version,
    ):
        return {}
    _prefetch = None
    outcomes = {}
    try:
        for name, future in prefetch.futures.items():
            try:
                outcomes[name] = future.result()
            except Exception:  # noqa: BLE001 - a broken pool: the step extracts the document again
                pass
    finally:
        prefetch.pool.shutdown(wait=True, cancel_futures=True)
    return outcomes


def extract_folder(
    folder: Path, root: Path, log: Callable[[str], None] = print, workers: int | None = None
) -> list[Outcome]:
    """Every file of ``folder`` (sorted by name): from the prefetch (:func:`start_prefetch`), from
    the cache, or parsed in a process pool."""
    version = parser_version()
    root.mkdir(parents=True, exist_ok=True)
    prefetched = _take_prefetch(folder, root, version)
    if prefetched:
        log(f"{len(prefetched)} document(s) extrait(s) en arrière-plan pendant le démarrage du run")
    outcomes: dict[str, Outcome] = {}
    missing: list[Path] = []
    for path in _files(folder):
        try:
            data = path.read_bytes()
        except OSError:
            missing.append(path)  # read_document says why, in French
            continue
        sha = hashlib.sha256(data).hexdigest()
        early = prefetched.get(path.name)
        if early is not None and early.sha256 == sha:  # (a file changed since: extracted again)
            outcomes[path.name] = early
            continue
        cached = _cached(path, sha, len(data), root / f"{sha}-{version}")
        if cached is None:
            missing.append(path)
        else:
            outcomes[path.name] = cached
    workers = workers or _workers()
    if missing:
        log(
            f"Extraction de {len(missing)} document(s) sur {workers} processus"
            f" ({len(outcomes)} déjà en cache)"
        )
    if len(missing) > 1 and workers > 1:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(missing)), mp_context=context) as pool:
            futures = [pool.submit(extract_file, str(p), str(root), version) for p in missing]
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.fichier] = outcome
    else:
        for path in missing:
            outcomes[path.name] = extract_file(str(path), str(root), version)
    _remove_other_versions(root, version)
    return [outcomes[name] for name in sorted(outcomes)]


def _remove_other_versions(root: Path, version: str) -> None:
    """Outputs of older parsers are never read again."""
    for entry in root.iterdir():
        if entry.is_dir() and not entry.name.endswith(f"-{version}") and not entry.name.startswith("."):
            shutil.rmtree(entry, ignore_errors=True)


def quarantine(outcomes: Iterable[Outcome]) -> tuple[list[Outcome], list[dict]]:
    """Documents kept, and rejections (table ``documents_rejetes``): refused at reading, copies of an
    earlier file, an identifier already taken, or a parser error."""
    kept: list[Outcome] = []
    rejected: list[dict] = []
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for o in outcomes:
        reason = o.raison
        if reason is None and o.sha256 in seen:
            reason = f"doublon de {seen[o.sha256]}"
        elif reason is None and o.doc_id in ids:
            reason = f"identifiant {o.doc_id} déjà pris par un autre fichier"
        if reason is None:
            seen[o.sha256] = o.fichier
            ids.add(o.doc_id)
            reason = o.erreur
        if reason is None:
            kept.append(o)
        else:
            rejected.append(
                {"fichier": o.fichier, "sha256": o.sha256, "taille_octets": o.taille_octets, "raison": reason}
            )
    return kept, rejected


_DUCKDB_TYPES = {
    pl.String: "varchar",
    pl.Int64: "bigint",
    pl.Int32: "integer",
    pl.Date: "date",
    pl.Boolean: "boolean",
}


def _sql_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.Decimal):
        return f"decimal({dtype.precision}, {dtype.scale})"
    return _DUCKDB_TYPES[dtype.base_type()]


def load_raw_tables(con, kept: list[Outcome], rejected: list[dict]) -> dict[str, int]:
    """(Re)create the ``raw`` tables of the documents from their Parquet files, in DuckDB (no Python rows)."""
    con.execute("create schema if not exists raw")
    small = {
        "documents": frame(
            "documents",
            [
                {
                    "doc_id": o.doc_id,
                    "fichier": o.fichier,
                    "sha256": o.sha256,
                    "taille_octets": o.taille_octets,
                    "encodage": o.encodage,
                    "nb_lignes": o.nb_lignes,
                }
                for o in kept
            ],
        ),
        "documents_rejetes": frame("documents_rejetes", rejected),
    }
    counts = {}
    for table, data in small.items():
        con.register("_frame", data.to_arrow())
        con.execute(f"create or replace table raw.{table} as select * from _frame")
        con.unregister("_frame")
        counts[table] = data.height
    folders = pl.DataFrame(
        {"doc_id": [o.doc_id for o in kept], "dossier": [o.folder for o in kept]},
        schema={"doc_id": pl.String, "dossier": pl.String},
    )
    con.register("_documents", folders.to_arrow())
    for table in PER_DOCUMENT_TABLES:
        columns = ", ".join(
            "d.doc_id" if c == "doc_id" else f'cast(t."{c}" as {_sql_type(t_)}) as "{c}"'
            for c, t_ in SCHEMAS[table].items()
        )
        files = [str(Path(o.folder) / f"{table}.parquet") for o in kept]
        if files:
            con.execute(
                f"create or replace table raw.{table} as select {columns} "
                "from read_parquet(?, filename = true, file_row_number = true, union_by_name = true) t "
                f"join _documents d on t.filename = d.dossier || '/{table}.parquet' "
                "order by d.doc_id, t.file_row_number",
                [files],
            )
        else:
            con.register("_frame", frame(table, []).to_arrow())
            con.execute(f"create or replace table raw.{table} as select * from _frame")
            con.unregister("_frame")
        counts[table] = con.execute(f"select count(*) from raw.{table}").fetchall()[0][0]
    con.unregister("_documents")
    return counts


def outcome_metadata(o: Outcome) -> dict:
    return {k: v for k, v in asdict(o).items() if v is not None and k not in ("folder",)}
