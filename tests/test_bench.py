"""`make bench` makes its corpora itself: the contracts once, copies of the calls with unique numeros."""

import re

from pipelines import bench


def test_the_synthetic_corpus_has_the_contracts_once_and_calls_with_unique_numeros(tmp_path):
    folder = bench.make_corpus(tmp_path / "raw", 8)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 8
    assert [n for n in names if not n.endswith("_copie.txt")] == list(bench.CONTRACTS)
    numeros = {}
    for path in folder.glob("*_copie.txt"):
        found = set(re.findall(r"N\s*°\s*(\d{4}\s*-\s*\d+)", path.read_text(encoding="utf-8")))
        assert len(found) == 1, (path.name, found)  # every mention of the numero was changed
        numeros[path.name] = found.pop().replace(" ", "")
    assert len(set(numeros.values())) == 6  # six copies, six numeros
    assert {n.split("-")[1] for n in numeros.values()} == {str(1000 + i) for i in range(6)}
    # the copies cycle through the three calls for projects
    assert sorted(n[6:9] for n in numeros) == ["000", "000", "003", "003", "004", "004"]


def test_the_peak_memory_is_told_by_kind_of_process():
    import os

    assert bench._process_kind(os.getpid()) == "dpid"
    assert sum(bench._tree_rss(os.getpid()).values()) > 0


def test_a_dbt_process_is_told_apart_from_dpid(tmp_path):
    import subprocess
    import sys

    fake = tmp_path / "dbt"
    fake.write_text("import time\ntime.sleep(5)\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(fake), "build"])
    try:
        import time

        for _ in range(50):  # until the child has exec'd (before, /proc shows the parent's command)
            if bench._process_kind(process.pid) == "dbt":
                break
            time.sleep(0.05)
        assert bench._process_kind(process.pid) == "dbt"
    finally:
        process.kill()
        process.wait()
