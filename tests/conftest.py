from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw" / "deliberations"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """pytest-xdist (``--dist loadgroup``, pyproject.toml) sends each group of tests to one worker:
    a test without an explicit ``xdist_group`` is grouped with its module, so that a module's
    fixtures are computed once (the explicit groups gather the tests sharing one built warehouse)."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))

    # xdist hands the groups out in this order (--no-loadscope-reorder): the group that builds the
    # default corpus and its reports first (one worker), then the other builds (the other worker),
    # then the quick tests, which fill in at the end
    def weight(item) -> int:
        if item.get_closest_marker("xdist_group").args[0] == "entrepot_defaut":
            return 0
        return 1 if item.get_closest_marker("e2e") else 2

    items.sort(key=weight)  # stable: the order of the tests within a weight is kept


@pytest.fixture(scope="session", autouse=True)
def great_expectations_imported():
    """great-expectations imported once per test process (~4.5 s): the builds of the tests validate
    in it instead of starting a GE worker each (``pipelines.quality.ge.start_worker``; the worker
    itself is tested in test_ge.py, and the ``dpid build`` commands run by the tests use it)."""
    import os

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations  # noqa: F401


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


@pytest.fixture(scope="session")
def default_warehouse(tmp_path_factory) -> Path:
    """The default corpus (raw/deliberations, no realised file) built once through dagster, dbt and
    the checks. Tests open it read-only; a test that rebuilds works on a copy (``copy_warehouse``)."""
    from pipelines.build import run_build

    warehouse = tmp_path_factory.mktemp("entrepot_defaut") / "dpid.duckdb"
    run_build(RAW, warehouse, progress=lambda _m: None, realised_dir=tmp_path_factory.mktemp("sans_realise"))
    return warehouse


def copy_warehouse(warehouse: Path, folder: Path) -> Path:
    """A copy of a built warehouse in ``folder`` (the per-document outputs are re-extracted there)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(warehouse, folder / warehouse.name))
