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


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory):
    """Builds run by the tests record their runs in a temporary DAGSTER_HOME, not in .dagster/."""
    import os

    home = tmp_path_factory.mktemp("dagster_home")
    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if before is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = before
