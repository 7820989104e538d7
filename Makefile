# make serve | make test | make build | make outputs | make compat | make bench | make lock | make audit
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
LOCK   := lock/requirements.txt
STAMP  := $(VENV)/.installed-from-lock
export NO_MKDOCS_2_WARNING := 1

# Where torch's CPU build comes from. uv does not read pip's configuration, so hand it the
# wheel folder pip is configured with (a local CPU wheel on the project's machines), else
# PyTorch's CPU wheel page. Either way the lock's hash decides which file is accepted.
TORCH_WHEELS ?= $(shell $(PYTHON) -m pip config get global.find-links 2>/dev/null || echo https://download.pytorch.org/whl/cpu/torch/)
# What the lock is for: the CI container and the project's machines (Linux x86_64, CPython
# 3.11; 3.11.5 is pymdown-extensions' floor).
LOCK_FOR := --python-version 3.11.5 --python-platform x86_64-manylinux_2_28
# `make lock` keeps every version already locked that pyproject.toml still allows (a small diff);
# `make lock LOCK_UPGRADE=--upgrade` moves everything to the newest allowed.
LOCK_UPGRADE ?=
FIND_TORCH = $(foreach place,$(TORCH_WHEELS),--find-links $(place))

.PHONY: serve test browser build outputs compat bench lock audit clean

# The installer, from its own hashed lock (pip checks the hashes).
$(UV): lock/installer.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r lock/installer.txt
	touch $@

# Exactly the locked packages, each checked against its hash; anything else is removed.
# Compiled to bytecode at install: uv does not by default, and where PYTHONDONTWRITEBYTECODE is
# set (these machines, CI) every `import torch` would compile torch's sources again: 4.6 s
# instead of 1.5 s, in every test run and every worker process.
$(STAMP): $(LOCK) $(UV)
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode $(FIND_TORCH) $(LOCK)
	touch $@

serve: $(STAMP)        ## live-reloading site on http://127.0.0.1:8000 (watches docs/ and snippets/)
	$(BIN)/python -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: $(STAMP) browser ## every test: snippets, pages, build, browser
	$(BIN)/python -m pytest

# The browser tests' packages: Debian's Chromium headless shell and CJK fonts. Installed with apt
# where make runs as root (CI, containers: .ci/run is `make test`); elsewhere the tests that need
# them skip, and the run's last line says how many and the command that installs them.
BROWSER_PACKAGES := chromium-headless-shell fonts-noto-cjk
browser:
	@if command -v chromium-headless-shell >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto.*CJK"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing $(BROWSER_PACKAGES) for the browser tests (apt-get)"; \
	  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	else echo "make: $(BROWSER_PACKAGES) not installed and not root: the browser tests will skip (sudo apt-get install -y $(BROWSER_PACKAGES))"; fi

build: $(STAMP)        ## static site into site/
	$(BIN)/python -m mkdocs build --strict

outputs: $(STAMP)      ## rewrite every generated file after an intended change (then review `git diff`)
	$(BIN)/python -m pytest tests/test_snippets.py tests/test_questions.py tests/test_errors.py tests/test_glossary.py tests/test_tasks.py -q -k "not cuda" --update-outputs
	$(BIN)/python -m pytest tests/test_notebooks.py -q --update-outputs
	$(BIN)/python tools/compat.py --render

compat: $(STAMP)       ## every snippet, claim test and cheatsheet line on each torch of [tool.compat] → snippets/compat.json (V=2.14: that one only)
	$(BIN)/python tools/compat.py $(V)

bench: $(STAMP)        ## the figures the issues ask for
	$(BIN)/python tools/bench.py

lock: export UV_CUSTOM_COMPILE_COMMAND = make lock
lock: $(UV)            ## refresh lock/ from pyproject.toml on purpose (then `make outputs` and review `git diff`)
	$(UV) pip compile --quiet pyproject.toml --group dev $(LOCK_FOR) --generate-hashes $(FIND_TORCH) $(LOCK_UPGRADE) -o $(LOCK)
	$(UV) pip compile --quiet --group pyproject.toml:lock $(LOCK_FOR) --generate-hashes $(LOCK_UPGRADE) -o lock/installer.txt

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

audit: $(STAMP) node_modules/.package-lock.json  ## Lighthouse in Debian's chromium on every page, both languages, 3 runs each (not part of make test; ~23 s a run: ~1 h 50 min for the 94 pages on 2 cores; PAGES="blocks/ zh/blocks/" for some)
	$(BIN)/python -m mkdocs build --strict
	CHROME_PATH=/usr/bin/chromium $(BIN)/python tools/audit.py site $(PAGES)

clean:
	rm -rf site .pytest_cache node_modules
