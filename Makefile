# The two commands: `make serve` (server on embedded defaults) and `make test` (every test).
# Both bootstrap .venv from pyproject.toml on first use.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: serve test generate lint bench clean

# The server depends on the client distribution (clients/python): both are installed together.
$(STAMP): pyproject.toml clients/python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ./clients/python -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/llmrouter serve $(ARGS)

test: $(STAMP)
	$(VENV)/bin/pytest -q $(ARGS)

generate:
	./scripts/generate.sh

lint: $(STAMP)
	$(VENV)/bin/buf lint
	$(VENV)/bin/buf format -d --exit-code
	$(VENV)/bin/ruff check service tests bench clients/python/llmrouter/client.py
	$(VENV)/bin/ruff format --check service tests bench clients/python/llmrouter/client.py
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .cache/codegen clients/python/build clients/python/*.egg-info \
	  clients/node/node_modules clients/node/dist
