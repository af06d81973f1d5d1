from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw" / "deliberations"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def corpus() -> dict[str, list[str]]:
    """The default corpus: doc_id -> lines, as the ingestion reads it."""
    from pipelines.ingest.documents import read_corpus

    documents, rejections = read_corpus(RAW)
    assert rejections == []
    return {d.doc_id: d.lines for d in documents}
