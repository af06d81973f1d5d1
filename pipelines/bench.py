"""``make bench``: cold build, rebuild after one new document, peak memory and bare ``dbt build``
on synthetic corpora of 5, 250 and 1,000 deliberations.

The corpus is made here, in a temporary folder: the two contracts (001, 002) once, then copies of
the three calls for projects (000, 003, 004), each with a unique numero. Every build is a new
``dpid build`` process; its peak memory is the largest sum of the resident memory of the process
and its children (extraction workers, dbt), sampled from /proc. Wall-clock seconds on this
machine: compare ratios measured in one run.

    python -m pipelines.bench            # 5, 250 and 1000 documents
    python -m pipelines.bench 5 250      # only these sizes
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from pipelines import settings

CONTRACTS = ("001_d2d07801e5745474.txt", "002_45402f372af52b9b.txt")
CALLS = ("000_93251b25262b5cb7.txt", "003_c91e3ec6a0bf6aa2.txt", "004_e37b75b9ee91e13a.txt")
_NUMERO = re.compile(r"(N\s*°\s*)(\d{4})(\s*-\s*)(\d+)")


def make_corpus(folder: Path, size: int, source: Path | None = None) -> Path:
    """``size`` documents in ``folder``: the contracts once, copies of the calls with unique numeros."""
    source = source or settings.raw_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if size <= len(CONTRACTS) + len(CALLS):
        for name in (*CONTRACTS, *CALLS)[:size]:
            shutil.copy(source / name, folder / name)
        return folder
    for name in CONTRACTS:
        shutil.copy(source / name, folder / name)
    texts = {name: (source / name).read_text(encoding="utf-8") for name in CALLS}
    for i in range(size - len(CONTRACTS)):
        add_copy(folder, texts, i)
    return folder


def add_copy(folder: Path, texts: dict[str, str], i: int) -> Path:
    name = CALLS[i % len(CALLS)]
    # numeros 1000-9999 (the suites accept 4 digits): never one of the five originals
    text = _NUMERO.sub(lambda m: f"{m[1]}{m[2]}{m[3]}{1000 + i}", texts[name])
    path = folder / f"{100 + i:05d}_{name[:3]}_copie.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _process_kind(pid: int) -> str:
    """What a process of the build is, for the memory breakdown: dbt, an extraction worker, dpid."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().decode(errors="replace").split("\0")
    except OSError:
        return "?"
    if any(a == "dbt" or a.endswith("/dbt") for a in args[:2]):  # `dbt ...` or `python .../bin/dbt ...`
        return "dbt"
    if "pipelines.dbt_warm" in args:  # the build's ready dbt (python -u -m pipelines.dbt_warm ...)
        return "dbt"
    if any("multiprocessing" in a for a in args):  # a worker of the extraction's process pool
        return "extraction"
    return "dpid"


def _tree_rss(root: int) -> dict[int, int]:
    """Resident memory (bytes) of ``root`` and of each of its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, changed = {root}, True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return {pid: rss.get(pid, 0) for pid in tree}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, dict[str, int], str]:
    """Run ``command``; its wall time, the peak resident memory of its process tree, at that peak
    the memory of each kind of process (dpid, extraction workers, dbt), and its step durations
    (the « Durée par étape » line of ``dpid build``)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak, at_peak = 0, {}

    def sample() -> None:
        nonlocal peak, at_peak
        while process.poll() is None:
            per_process = _tree_rss(process.pid)
            total = sum(per_process.values())
            if total > peak:
                peak, at_peak = total, {}
                for pid, rss in per_process.items():
                    kind = _process_kind(pid)
                    at_peak[kind] = at_peak.get(kind, 0) + rss
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, errors = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"Échec de {' '.join(command)} :\n{errors.decode(errors='replace')[-2000:]}")
    steps = [line for line in output.decode(errors="replace").splitlines() if "Durée par étape" in line]
    return time.perf_counter() - started, peak, at_peak, steps[0].split(":", 1)[1].strip() if steps else ""


def bench(size: int, work: Path) -> dict[str, object]:
    raw = make_corpus(work / f"raw_{size}", size)
    warehouse = work / f"entrepot_{size}" / "dpid.duckdb"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(work / f"dagster_{size}"),
        "PYTHONPATH": str(settings.PROJECT_ROOT),
    }
    dpid = [sys.executable, "-m", "pipelines.cli", "build", "--raw", str(raw), "--entrepot", str(warehouse)]
    cold, cold_peak, cold_split, cold_steps = timed(dpid, env)
    texts = {name: (settings.raw_dir() / name).read_text(encoding="utf-8") for name in CALLS}
    add_copy(raw, texts, max(size - len(CONTRACTS), 0))
    plus_one, plus_one_peak, plus_one_split, plus_one_steps = timed(dpid, env)
    # bare dbt build on the same data: the raw tables of the published warehouse, nothing else
    bare_db = work / f"dbt_{size}.duckdb"
    shutil.copy(warehouse, bare_db)
    from pipelines.defs.assets.dbt import BUILD_ARGS  # the same `dbt build` as the build's dbt step

    dbt = str(Path(sys.executable).parent / "dbt")
    bare, _, _, _ = timed(
        [
            dbt,
            *BUILD_ARGS,
            "--project-dir",
            str(settings.DBT_DIR),
            "--profiles-dir",
            str(settings.DBT_DIR),
            "--target-path",
            str(work / f"dbt_target_{size}"),
            "--quiet",
        ],
        {**env, "DPID_DUCKDB_PATH": str(bare_db)},
    )
    return {
        "documents": size,
        "froid": cold,
        "plus_un": plus_one,
        "pic_mo": max(cold_peak, plus_one_peak) / 2**20,
        "pic_detail": cold_split if cold_peak >= plus_one_peak else plus_one_split,
        "etapes_froid": cold_steps,
        "etapes_plus_un": plus_one_steps,
        "dbt_seul": bare,
    }


def verdicts(results: dict[int, dict[str, object]]) -> list[str]:
    """The targets of issue 12 that the measured sizes allow to judge, each met or not, in French.

    ``results``: the rows of :func:`bench` by number of documents. With 5 and 250 documents, the
    line of +1 at 250 also gives the floor of a build (+1 at 5 documents: one new document and
    almost nothing else), which a quarter of the cold build at 250 cannot go under."""

    def judged(what: str, shown: str, value: float, bound: float, unit: str = "") -> str:
        """« what : shown (objectif ≤ bound) : atteint » — the bound written once, shown in French."""
        met = "atteint" if value <= bound else "NON atteint"
        return f"{what} : {shown} (objectif ≤ {f'{bound:g}'.replace('.', ',')}{unit}) : {met}"

    lines = []
    if 5 in results:
        ratio = results[5]["froid"] / results[5]["dbt_seul"]
        lines.append(judged("froid / dbt seul à 5 documents", f"{ratio:.2f}", ratio, 1.5))
    if 1000 in results:
        cold = results[1000]["froid"]
        lines.append(judged("1 000 documents à froid", f"{cold:.1f} s", cold, 120, " s"))
        peak = results[1000]["pic_mo"] * 2**20 / 1e9  # Mo of 2**20 bytes (the table's), Go of 10**9
        lines.append(judged("pic de mémoire à 1 000 documents", f"{peak:.2f} Go", peak, 1.5, " Go"))
    if 250 in results:
        r = results[250]
        ratio = r["plus_un"] / r["froid"]
        line = judged("+1 / froid à 250 documents", f"{ratio:.2f}", ratio, 0.25)
        if 5 in results:
            line += (
                f" ; plancher d'une construction (+1 à 5 documents) {results[5]['plus_un']:.1f} s"
                f" pour un quart du froid à 250 de {r['froid'] / 4:.1f} s"
            )
        lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> int:
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [5, 250, 1000]
    print(f"Banc d'essai sur {os.cpu_count()} cœur(s), charge {os.getloadavg()[0]:.1f} : tailles {sizes}")
    print(
        f"{'documents':>9}  {'à froid':>8}  {'+1 doc':>7}  {'+1/froid':>8}  {'pic mém.':>9}"
        f"  {'dbt seul':>8}  {'froid/dbt':>9}"
    )
    results: dict[int, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="dpid_bench_") as tmp:
        for size in sizes:
            r = results[size] = bench(size, Path(tmp))
            print(
                f"{r['documents']:>9}  {r['froid']:>7.1f}s  {r['plus_un']:>6.1f}s"
                f"  {r['plus_un'] / r['froid']:>8.2f}"
                f"  {r['pic_mo']:>6.0f} Mo  {r['dbt_seul']:>7.1f}s  {r['froid'] / r['dbt_seul']:>9.2f}",
                flush=True,
            )
            detail = ", ".join(
                f"{kind} {rss / 2**20:.0f} Mo" for kind, rss in sorted(r["pic_detail"].items())
            )
            print(f"{'':>11}à froid : {r['etapes_froid']}")
            print(f"{'':>11}+1 doc : {r['etapes_plus_un']}")
            print(f"{'':>11}au pic de mémoire : {detail}", flush=True)
    for line in verdicts(results):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
