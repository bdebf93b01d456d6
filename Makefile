# The two commands of the README: `make site` builds the site, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LANGS  := ru en

.PHONY: site test check serve schemas messages golden lint clean clean-env

site:                         ## build the site into site/ (creates .venv on first use)
	$(PYTHON) build.py

check:                        ## validate the content without writing anything
	$(PYTHON) build.py check

serve:                        ## live preview on http://127.0.0.1:8000/
	$(PYTHON) build.py serve

schemas:                      ## write the JSON Schemas of the editor's files into schemas/
	$(PYTHON) build.py schemas

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

test: $(VENV)/.installed      ## run the whole test suite (installs chromium and Java first when root)
	tools/test-requirements.sh
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check sverka build.py tests
	$(BIN)/mypy

messages: $(VENV)/.installed  ## extract UI strings and update the ru/en catalogs
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k translate:2 -k ui:2 --sort-by-file --project=sverka -o locales/messages.pot .
	for lang in $(LANGS); do \
	  if [ -f locales/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date -i locales/messages.pot -d locales -l $$lang; \
	  else \
	    $(BIN)/pybabel init -i locales/messages.pot -d locales -l $$lang; \
	  fi; \
	done

golden: $(VENV)/.installed    ## regenerate tests/golden/ after an intended change of output
	$(BIN)/python tests/golden_site.py --update

clean:
	rm -rf site .site.staging .site.old .cache

clean-env:
	rm -rf $(VENV)
