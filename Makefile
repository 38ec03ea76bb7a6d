# Bilgi İşlem — install, run, test.
#
#   make run     install if needed, migrate, load the demo into an empty database, start everything
#   make test    the whole test suite (SQLite; browser tests too when /usr/bin/chromium exists)
#
# Other targets: setup, lint, format, messages, check, clean. See README.md.

SHELL := /bin/bash
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
BILGIISLEM := $(BIN)/bilgiislem
SYNC_STAMP := $(VENV)/.bilgiislem-synced
SECRET_FILE := var/secret_key
PKG := src/bilgiislem

PO_FILES := $(wildcard $(PKG)/locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
STATIC_SOURCES := $(shell find $(PKG) -path '*/static/*' -type f 2>/dev/null)
STATIC_MANIFEST := var/static/staticfiles.json

# Commands that only build files need settings but no real secret; the running server gets var/secret_key.
BUILD_ENV := BILGIISLEM_SECRET_KEY=build-only-not-a-secret BILGIISLEM_DEBUG=false BILGIISLEM_USE_SMTP=false
# The local demo is plain http on the loopback interface, so the HTTPS-only cookies and redirects are off.
RUN_ENV = BILGIISLEM_SECRET_KEY="$$(cat $(SECRET_FILE))" BILGIISLEM_DEBUG=false BILGIISLEM_HTTPS=false \
	BILGIISLEM_USE_SMTP=$${BILGIISLEM_USE_SMTP:-false}

.PHONY: help setup run test lint format messages check clean

help:
	@echo "make run       install if needed, migrate, load the demo, start web + worker + scheduler"
	@echo "make test      run the whole test suite (SQLite)"
	@echo "make setup     install only (.venv from uv.lock, compiled messages, static files)"
	@echo "make lint      ruff check and ruff format --check"
	@echo "make format    ruff format and ruff check --fix"
	@echo "make messages  update the Turkish catalogue and list entries that still need a translation"
	@echo "make check     Django's deployment checks with production-like settings"
	@echo "make clean     remove .venv, compiled messages and collected static files (keeps the database)"

setup: $(SYNC_STAMP) $(MO_FILES) $(STATIC_MANIFEST)

$(SYNC_STAMP): pyproject.toml uv.lock scripts/lib.sh
	@. scripts/lib.sh && uv_sync
	@touch $@

# compilemessages walks the current directory for locale/ folders, so it runs from the package,
# never from the repository root (that would compile every catalogue inside .venv).
$(MO_FILES) &: $(PO_FILES) $(SYNC_STAMP)
	cd $(PKG) && $(BUILD_ENV) $(CURDIR)/$(BILGIISLEM) compilemessages --verbosity 0
	@touch $(MO_FILES)

$(STATIC_MANIFEST): $(STATIC_SOURCES) $(SYNC_STAMP)
	$(BUILD_ENV) $(BILGIISLEM) collectstatic --no-input --clear --verbosity 0

$(SECRET_FILE): | $(SYNC_STAMP)
	@mkdir -p $(@D)
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@echo "Generated a secret key in $@ (keep it; sessions and tokens depend on it)."

run: setup $(SECRET_FILE)
	@$(RUN_ENV) $(BILGIISLEM) migrate --no-input --verbosity 0
	@$(RUN_ENV) $(BILGIISLEM) demo_load --if-empty
	@echo
	@echo "Bilgi İşlem: http://$(HOST):$(PORT)/"
	@$(RUN_ENV) $(BILGIISLEM) demo_load --print-credentials
	@echo "Ctrl-C stops the web server, the task worker and the scheduler."
	@echo
	@exec env $(RUN_ENV) $(BILGIISLEM) serve --bind $(HOST):$(PORT)

# Browser tests drive Debian's chromium; without it they are deselected instead of failing to launch.
# pytest exits 5 when nothing was collected, and make fails on it like on any other error.
test: $(SYNC_STAMP) $(MO_FILES)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(if $(wildcard /usr/bin/chromium),,-m "not browser") $(PYTEST_ARGS)

lint: $(SYNC_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(SYNC_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(SYNC_STAMP)
	$(BUILD_ENV) $(BILGIISLEM) translations_check --report-only

# Production settings: DEBUG off, a throw-away secret unless one is set in the environment.
check: $(SYNC_STAMP)
	BILGIISLEM_SECRET_KEY="$${BILGIISLEM_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	  BILGIISLEM_DEBUG=false \
	  $(BILGIISLEM) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var/static
	find $(PKG) -name '*.mo' -delete
