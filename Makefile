# make serve | make test | make build | make outputs | make bench | make audit
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-pyproject
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build outputs bench audit clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet -e . --group dev
	touch $@

serve: $(STAMP)        ## live-reloading site on http://127.0.0.1:8000 (watches docs/ and snippets/)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: $(STAMP)         ## every test: snippets, pages, build, browser
	$(BIN)/python -m pytest

build: $(STAMP)        ## static site into site/
	$(BIN)/mkdocs build --strict

outputs: $(STAMP)      ## rewrite every generated file after an intended change (then review `git diff`)
	$(BIN)/python -m pytest tests/test_snippets.py tests/test_questions.py -q -k "not cuda" --update-outputs
	$(BIN)/python -m pytest tests/test_notebooks.py -q --update-outputs

bench: $(STAMP)        ## the figures the issues ask for
	$(BIN)/python tests/bench.py

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

audit: $(STAMP) node_modules/.package-lock.json  ## Lighthouse on every page, both languages, 3 runs each (not part of make test; ~1 h on 2 cores)
	$(BIN)/mkdocs build --strict
	CHROME_PATH=/usr/bin/chromium $(BIN)/python tests/audit.py site $(PAGES)

clean:
	rm -rf site .pytest_cache node_modules
