# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: run test install clean

$(BIN)/unionkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/unionkg

run: install
	$(BIN)/unionkg build --out $(OUT)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT)
