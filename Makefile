# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
#
# On a fresh machine `make demo` and `make test` are all a newcomer types:
# every target installs what it needs (Debian packages when missing, a venv,
# the Python package with its C core). `make help` lists the targets.

PY        ?= python3
VENV      ?= .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.aiframe-installed
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CORE_SRC  := $(wildcard mod_aiframe/src/core/*.c mod_aiframe/src/core/*.h mod_aiframe/src/bench/*.c mod_aiframe/include/aif/*.h)
# command -> Debian package that provides it
SYS_DEPS  := cc:build-essential make:make clang:clang valgrind:valgrind pkg-config:pkg-config
FUZZ_SECONDS ?= 30
SOAK_MINUTES ?= 10
# The FreeSWITCH soak's callers: SIP calls from sipp when it is installed, else loopback.
SOAK_CALLER ?= $(if $(shell command -v sipp),sipp,loopback)

.PHONY: help setup models system-deps build freeswitch e2e-deps test test-c test-py lint fmt bench demo fuzz soak valgrind check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

system-deps: ## install missing Debian packages (compiler, clang, valgrind)
	@missing=""; \
	for pair in $(SYS_DEPS); do \
	  cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	$(PY) -c 'import venv, ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml setup.py $(CORE_SRC)
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: system-deps $(STAMP) models ## venv + the aiframe package (builds its C core) + default models

models: $(STAMP) ## pull and check the default models, and build the policy gate's semantic layer once (quick when cached)
	$(BIN)/aiframe models pull --defaults
	$(BIN)/aiframe policy validate policies/*.yaml

build: setup ## the C core libraries, and mod_aiframe.so when FreeSWITCH is installed
	$(MAKE) -C mod_aiframe all

freeswitch: ## the test switch: FreeSWITCH 1.10.12 from ../shared/freeswitch (or FREESWITCH_SRC) into FREESWITCH_PREFIX; seconds when built
	@bash freeswitch/test-build/build.sh

e2e-deps: ## sipp and Kamailio from Debian, for the SIP and scale-out tests
	@missing=""; \
	command -v sipp >/dev/null 2>&1 || missing="$$missing sip-tester"; \
	command -v kamailio >/dev/null 2>&1 || missing="$$missing kamailio"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

test: build test-c test-py ## every test: C (ASAN/UBSAN, TSAN, valgrind) and Python

test-c:
	$(MAKE) -C mod_aiframe test valgrind

test-py: setup
	$(BIN)/pytest -q

lint: setup ## ruff (lint + format check) and mypy --strict
	$(BIN)/ruff check controller tests
	$(BIN)/ruff format --check controller tests
	$(BIN)/mypy

fmt: setup ## apply ruff formatting and safe fixes
	$(BIN)/ruff format controller tests
	$(BIN)/ruff check --fix controller tests

check: lint test ## lint + test, what CI runs

bench: build ## every benchmark: JSON under out/bench/, docs/benchmarks.md and its plots
	$(BIN)/aiframe bench all

demo: build ## a whole call with the Acme agent on the embedded media host, no FreeSWITCH
	$(BIN)/aiframe demo

fuzz: system-deps $(STAMP) ## libFuzzer on arena validation; atheris on the ESL parser, policy loader, caller scripts (FUZZ_SECONDS each)
	$(MAKE) -C mod_aiframe fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	@mkdir -p out/fuzz/esl out/fuzz/policy out/fuzz/script
	@cp tests/fuzz/seeds/esl/* out/fuzz/esl/
	@cp policies/*.yaml out/fuzz/policy/
	@cp controller/aiframe/demo/acme-call.yaml out/fuzz/script/
	$(BIN)/python tests/fuzz/fuzz_esl.py -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=out/fuzz/ out/fuzz/esl
	$(BIN)/python tests/fuzz/fuzz_policy.py -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=out/fuzz/ out/fuzz/policy
	$(BIN)/python tests/fuzz/fuzz_script.py -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=out/fuzz/ out/fuzz/script

soak: build ## calls back to back for SOAK_MINUTES (default 10), embedded, then through FreeSWITCH when installed (SOAK_CALLER sipp or loopback): resources flat, every call completed; out/soak*/
	@rc=0; \
	$(BIN)/aiframe soak --minutes $(SOAK_MINUTES) --out out/soak || rc=$$?; \
	absent=$$($(BIN)/python -c 'from aiframe.lab.switch.testswitch import absent_reason; print(absent_reason() or "")'); \
	if [ -z "$$absent" ]; then \
	  $(BIN)/aiframe soak --through freeswitch --caller $(SOAK_CALLER) --minutes $(SOAK_MINUTES) --out out/soak-freeswitch || rc=$$?; \
	else \
	  echo "soak: the FreeSWITCH soak is skipped: $$absent"; \
	fi; \
	exit $$rc

valgrind: system-deps ## C tests under valgrind
	$(MAKE) -C mod_aiframe valgrind

clean: ## remove build outputs (keeps the venv)
	$(MAKE) -C mod_aiframe clean
	rm -rf build controller/aiframe/media/_aifcore*.so out
