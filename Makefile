# dpid — two commands on a fresh machine with Python 3.11:
#   make run    create .venv, install, build the warehouse from raw/, write the reports and the dbt docs
#   make test   create .venv, install, run every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANIFEST := dbt/target/manifest.json
DBT_SOURCES := $(shell find dbt/models dbt/macros -type f 2>/dev/null) dbt/dbt_project.yml dbt/profiles.yml pipelines/frames.py

.PHONY: run test lint bench install dev clean chromium

run: $(STAMP) $(MANIFEST) chromium
	$(BIN)/dpid build
	$(BIN)/dpid docs --generer
	$(BIN)/dpid rapport tous

test: $(STAMP) $(MANIFEST) chromium lint
	$(BIN)/pytest

# ruff (110 columns, pyproject.toml) and sqlfluff (.sqlfluff: DuckDB dialect, the project's macros)
lint: $(STAMP) $(MANIFEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt/models dbt/tests dbt/macros --processes 2

# The report tests open each report in Debian's headless Chromium, which also prints the bilan to PDF:
# installed here when missing
# (as root, from Debian's packages); otherwise those tests fail and say how to install it.
chromium:
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
		|| echo "Chromium manquant : installez-le (sudo apt-get install chromium) pour les tests des rapports."

bench: $(STAMP) $(MANIFEST)
	$(BIN)/python -m pipelines.bench

# The dagster UI on the same DAGSTER_HOME as `dpid build` (.dagster/): build history, per-document
# partitions and check results are there. "Materialize all" writes warehouse/dagster_dev.duckdb.
dev: $(STAMP) $(MANIFEST)
	DAGSTER_HOME=$(CURDIR)/.dagster $(BIN)/python -c "from pipelines.build import dagster_home; dagster_home()"
	PATH=$(CURDIR)/$(BIN):$$PATH DAGSTER_HOME=$(CURDIR)/.dagster $(BIN)/dagster dev

install: $(STAMP)

# uv installs the pinned packages in ~40 s where pip took ~2 min on a new machine (same versions:
# constraints.txt pins every one), compiled to bytecode as pip does (with PYTHONDONTWRITEBYTECODE
# set, as here, every process would otherwise compile dagster, dbt and polars again at each start);
# pip remains the fallback if uv cannot be had or fails.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt uv \
		&& $(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt -e ".[dev]" \
		|| { $(BIN)/python -m pip install --quiet --upgrade pip \
		&& $(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"; }
	touch $(STAMP)

# dagster-dbt reads the manifest of the dbt project: parse it once, again only when dbt changes.
$(MANIFEST): $(STAMP) $(DBT_SOURCES)
	$(BIN)/dpid prepare

clean:
	rm -rf $(VENV) dbt/target dbt/logs warehouse .dagster reports/*.html reports/*.xlsx
