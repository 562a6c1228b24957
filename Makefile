# Suigang: `make run` starts the platform with demo data; `make test` runs lint, types and tests.
# Both create and reuse the virtual environment in .venv, so they are the only set-up commands.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint typecheck pytest venv browser clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of PyTorch first: a bare range would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[vision,bench,dev,ray]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/suigang demo --host $(HOST) --port $(PORT)

# Headless Chromium and CJK fonts for the real-browser smoke test (Debian packages; needs root).
BROWSER_PKGS := chromium chromium-driver fonts-noto-cjk
browser:
	@if ! dpkg -s $(BROWSER_PKGS) >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing $(BROWSER_PKGS) for the browser smoke test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PKGS) >/dev/null) \
	    || echo "could not install chromium: the browser smoke test will say so"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) browser
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .suigang .pytest_cache .mypy_cache .ruff_cache
