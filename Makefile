# dpid — two commands on a fresh machine with Python 3.11:
#   make run    create .venv, install, build the warehouse from raw/, write the reports
#   make test   create .venv, install, run every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANIFEST := dbt/target/manifest.json
DBT_SOURCES := $(shell find dbt/models dbt/macros -type f 2>/dev/null) dbt/dbt_project.yml dbt/profiles.yml

.PHONY: run test bench install dev clean

run: $(STAMP) $(MANIFEST)
	$(BIN)/dpid build
	$(BIN)/dpid rapport qualite

test: $(STAMP) $(MANIFEST)
	$(BIN)/pytest

bench: $(STAMP) $(MANIFEST)
	$(BIN)/python -m pipelines.bench

dev: $(STAMP) $(MANIFEST)
	mkdir -p .dagster
	PATH=$(CURDIR)/$(BIN):$$PATH DAGSTER_HOME=$(CURDIR)/.dagster $(BIN)/dagster dev

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# dagster-dbt reads the manifest of the dbt project: parse it once, again only when dbt changes.
$(MANIFEST): $(STAMP) $(DBT_SOURCES)
	$(BIN)/dpid prepare

clean:
	rm -rf $(VENV) dbt/target dbt/logs warehouse .dagster reports/*.html
