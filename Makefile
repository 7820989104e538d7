# make serve | make test | make build | make outputs | make compat | make bench
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-pyproject
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build outputs compat bench clean

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
	$(BIN)/python tests/compat.py --render

compat: $(STAMP)       ## every snippet, claim test and cheatsheet line on each torch of [tool.compat] → snippets/compat.json
	$(BIN)/python tests/compat.py

bench: $(STAMP)        ## the figures the issues ask for
	$(BIN)/python tests/bench.py

clean:
	rm -rf site .pytest_cache
