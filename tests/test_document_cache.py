"""Per-document extraction cached by content: what is parsed, what is reused, what is quarantined."""

import shutil

import duckdb
import polars as pl
import pytest

from pipelines import document_cache
from pipelines.document_cache import extract_folder, load_raw_tables, parser_version, quarantine
from pipelines.frames import EXTRACTED_TABLES, extraction_frames

from .conftest import RAW


@pytest.fixture()
def folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted(RAW.glob("*.txt"))[:2]:
        shutil.copy(path, raw / path.name)
    return raw


def test_a_second_run_reads_every_document_from_the_cache(folder, tmp_path):
    root = tmp_path / "extraits"
    first = extract_folder(folder, root, log=lambda _m: None, workers=1)
    assert [o.extrait for o in first] == [True, True]
    assert {p.name for p in root.iterdir()} == {f"{o.sha256}-{parser_version()}" for o in first}
    assert {p.name for p in (root / f"{first[0].sha256}-{parser_version()}").iterdir()} == {
        "document.json",
        "lignes_source.parquet",
        *(f"{t}.parquet" for t in EXTRACTED_TABLES),
    }
    again = extract_folder(folder, root, log=lambda _m: None, workers=1)
    assert [o.extrait for o in again] == [False, False]
    assert [(o.doc_id, o.sha256, o.nb_lignes) for o in again] == [
        (o.doc_id, o.sha256, o.nb_lignes) for o in first
    ]
    # one document changed: only it is parsed again
    changed = sorted(folder.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = extract_folder(folder, root, log=lambda _m: None, workers=1)
    assert [o.extrait for o in third] == [False, True]


def test_the_process_pool_gives_the_frames_of_the_plain_parsers(folder, tmp_path):
    outcomes = extract_folder(folder, tmp_path / "extraits", log=lambda _m: None, workers=2)
    kept, rejected = quarantine(outcomes)
    assert rejected == []
    with duckdb.connect() as con:
        load_raw_tables(con, kept, rejected)
        from pipelines.ingest.documents import read_corpus

        documents, _ = read_corpus(folder)
        expected = extraction_frames({d.doc_id: d.lines for d in documents})
        for table in ("deliberations", "lignes_budgetaires", "subventions", "indicateurs_valeurs"):
            got = con.sql(f"select * from raw.{table}").pl()
            assert got.schema == expected[table].schema
            assert got.sort(got.columns).equals(expected[table].sort(got.columns)), table
        lines = con.execute("select count(*) from raw.lignes_source").fetchone()[0]
        assert lines == sum(len(d.lines) for d in documents)


def test_the_prefetch_started_before_the_run_gives_the_extraction_step_its_outcomes(folder, tmp_path):
    import multiprocessing

    root = tmp_path / "extraits"
    assert document_cache.start_prefetch(folder, root, workers=2) == 2
    for future in document_cache._prefetch.futures.values():
        future.result()
    # a file changed after its prefetch is extracted again, from what it holds now
    changed = sorted(folder.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    said = []
    outcomes = extract_folder(folder, root, log=said.append, workers=1)
    assert said[0] == "2 document(s) extrait(s) en arrière-plan pendant le démarrage du run"
    assert said[1] == "Extraction de 1 document(s) sur 1 processus (1 déjà en cache)"
    assert [o.extrait for o in outcomes] == [True, True]
    plain = extract_folder(folder, tmp_path / "ailleurs", log=lambda _m: None, workers=1)
    assert [(o.fichier, o.doc_id, o.sha256, o.nb_lignes) for o in outcomes] == [
        (o.fichier, o.doc_id, o.sha256, o.nb_lignes) for o in plain
    ]
    assert multiprocessing.active_children() == []  # the pool is gone
    # nothing to prefetch when everything is in the cache; a prefetch for another folder is not taken
    assert document_cache.start_prefetch(folder, root, workers=2) == 0
    assert document_cache.start_prefetch(folder, tmp_path / "autre", workers=1) == 0  # no idle core
    assert document_cache.start_prefetch(folder, tmp_path / "autre", workers=2) == 2
    assert extract_folder(folder, root, log=said.append, workers=1)[0].extrait is False
    document_cache.stop_prefetch()
    assert multiprocessing.active_children() == []


def test_a_prefetch_whose_workers_died_leaves_its_documents_to_the_extraction_step(folder, tmp_path):
    root = tmp_path / "extraits"
    document_cache.start_prefetch(folder, root, workers=2)
    for process in list(document_cache._prefetch.pool._processes.values()):
        process.kill()
    said = []
    outcomes = extract_folder(folder, root, log=said.append, workers=1)
    assert said == ["Extraction de 2 document(s) sur 1 processus (0 déjà en cache)"]
    assert [o.extrait and o.erreur is None for o in outcomes] == [True, True]


def test_a_parser_that_raises_quarantines_its_document_only(folder, tmp_path, monkeypatch):
    victim = min(folder.iterdir()).stem
    real = document_cache.document_frames

    def failing(doc_id, lines):
        if doc_id == victim:
            raise ValueError("cellule illisible « 016€ »")
        return real(doc_id, lines)

    monkeypatch.setattr(document_cache, "document_frames", failing)
    outcomes = extract_folder(folder, tmp_path / "extraits", log=lambda _m: None, workers=1)
    kept, rejected = quarantine(outcomes)
    assert [o.doc_id for o in kept] == [sorted(folder.iterdir())[1].stem]
    assert [(r["fichier"], r["raison"]) for r in rejected] == [
        (f"{victim}.txt", "erreur de lecture : ValueError: cellule illisible « 016€ »")
    ]
    with duckdb.connect() as con:
        counts = load_raw_tables(con, kept, rejected)
        assert counts["documents_rejetes"] == 1 and counts["documents"] == 1
        assert con.execute("select distinct doc_id from raw.deliberations").fetchall() == [(kept[0].doc_id,)]


def test_copies_and_refused_files_are_quarantined(folder, tmp_path):
    first = min(folder.iterdir())
    shutil.copy(first, folder / "zz_copie.txt")
    (folder / "vide.txt").write_bytes(b"")
    kept, rejected = quarantine(extract_folder(folder, tmp_path / "extraits", log=lambda _m: None, workers=1))
    assert len(kept) == 2
    assert {r["fichier"]: r["raison"] for r in rejected} == {
        "vide.txt": "document vide (0 octet)",
        "zz_copie.txt": f"doublon de {first.name}",
    }


def test_no_document_gives_typed_empty_tables(tmp_path):
    (tmp_path / "raw").mkdir()
    outcomes = extract_folder(tmp_path / "raw", tmp_path / "extraits", log=lambda _m: None, workers=1)
    with duckdb.connect() as con:
        counts = load_raw_tables(con, *quarantine(outcomes))
        assert set(counts.values()) == {0}
        assert con.sql("select * from raw.subventions").pl().schema["montant_eur"] == pl.Decimal(18, 2)
