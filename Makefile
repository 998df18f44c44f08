# The two commands: `make serve` (server on embedded defaults) and `make test` (every test).
# Both bootstrap .venv from pyproject.toml on first use.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: serve test generate lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev,openblas]'
	touch $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/llmrouter serve $(ARGS)

test: $(STAMP)
	$(VENV)/bin/pytest -q $(ARGS)

generate: $(STAMP)
	./scripts/generate.sh

lint: $(STAMP)
	$(VENV)/bin/buf lint
	$(VENV)/bin/buf format -d --exit-code
	$(VENV)/bin/ruff check service tests bench clients/python/llmrouter/client.py migrations
	$(VENV)/bin/ruff format --check service tests bench clients/python/llmrouter/client.py migrations
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
