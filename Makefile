# ptlab: a Java notebook course on programs, processes and threads.
#
#   make lab     set everything up, then open the course in JupyterLab (UI=notebook: Notebook 7)
#   make run     execute every notebook headless into build/run/
#   make test    all tests: Java (mvn verify), each benchmark once, kernel protocol, notebooks, JupyterLab,
#                a class of ten through JupyterHub
#   make soak    CI only: every notebook three times in a row and 300 kernel starts, then on JDK 21
#   make bench   the measured numbers behind the course, into build/bench.md
#   make kernel  build the jars and install the ptlab-java kernelspec into build/
#   make helpers build the helper jar only
#   make clean   remove everything built
#
# Nothing outside this folder is touched except Maven's local repository and
# the few Debian packages pip has no package for (installed with apt-get when
# missing): chromium, python3-venv, python3-jupyter-kernel-test, jupyterhub.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

BUILD   ?= build
TARGET  ?= target
LIB     := $(BUILD)/lib
KERNELS := $(BUILD)/jupyter/kernels
SPEC    := $(KERNELS)/ptlab-java/kernel.json

# Every command below uses this checkout's kernelspec and nothing in $HOME.
export JUPYTER_PATH := $(abspath $(BUILD))/jupyter

# Evaluated when used, so that what `setup` installs is found afterwards.
JDK  = $(shell tools/find-jdk)
# The Jupyter side (requirements.txt, exact versions) lives in this virtual environment; every
# Python command below runs its python. PYTHON only creates it. One environment for every BUILD.
PYTHON ?= python3
VENV   := $(abspath build/venv)
PY     := $(VENV)/bin/python
MVN  = JAVA_HOME="$(JDK)" mvn -B -q -Dtarget.dir=$(TARGET)
JAVA = "$(JDK)/bin/java"

# pip has no jupyter_kernel_test here: Debian's (pure Python) is linked into the environment.
KERNEL_TEST := /usr/lib/python3/dist-packages/jupyter_kernel_test
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Jupyter refuses to run as root (containers, CI machines) unless told it may.
AS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

HELPER_SOURCES := helpers/pom.xml $(shell find helpers/src/main -type f 2>/dev/null)
KERNEL_SOURCES := kernel/pom.xml $(shell find kernel/src/main -type f 2>/dev/null)
NOTEBOOKS      := $(sort $(wildcard notebooks/[0-9]*.ipynb))

.PHONY: help setup jdk python maven hub helpers kernel lab run test java-test soak binder bench bench-smoke clean

help:
	@sed -n '3,11s/^# //p' Makefile

# ---------------------------------------------------------------- set-up

setup: jdk maven python

jdk:
	@if [ -z "$(JDK)" ]; then \
	  echo "No JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, and java on PATH)."; \
	  echo "Install one, e.g.: sudo apt-get install openjdk-21-jdk   (or Temurin 21/25),"; \
	  echo "or point JAVA_HOME at it:  make JAVA_HOME=/path/to/jdk ..."; \
	  exit 1; \
	fi
	@echo "JDK: $(JDK)"

maven:
	@command -v mvn >/dev/null || $(call apt_install,maven)

python: $(VENV)/installed

# One retry per request: an index that cannot be reached (pip.conf may name several) is passed over at once
# instead of after pip's default back-off of several seconds per package. PIP_ARGS="--retries 5" restores it.
PIP_ARGS ?= --retries 1

# Installed once per change of requirements.txt: a second `make lab` installs nothing.
$(VENV)/installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || $(call apt_install,python3)
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV) 2>/dev/null \
	  || { rm -rf $(VENV); $(call apt_install,python3-venv); $(PYTHON) -m venv $(VENV); }
	@echo "Installing requirements.txt into $(VENV)"
	$(PY) -m pip install --quiet --no-cache-dir --disable-pip-version-check --require-virtualenv $(PIP_ARGS) -r requirements.txt
	@[ -d $(KERNEL_TEST) ] || $(call apt_install,python3-jupyter-kernel-test)
	ln -sfn $(KERNEL_TEST) "$$($(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/"
	@touch $@

# A class through JupyterHub (tests/test_classroom.py, the capacity in `make bench`): Debian's jupyterhub (pip has
# none here), and npm's configurable-http-proxy in the build folder (Debian's runs only on Debian's Node.js).
# Debian's package also enables a system-wide hub on port 8000; where systemd runs, it is stopped and disabled:
# the tests start their own.
PROXY_VERSION := 5.3.0
PROXY := $(BUILD)/proxy/node_modules/.bin/configurable-http-proxy

hub: $(PROXY)
	@[ -x /usr/bin/jupyterhub ] || { $(call apt_install,jupyterhub); \
	  [ ! -d /run/systemd/system ] || $(SUDO) systemctl disable --now jupyterhub; }

$(PROXY):
	@command -v npm >/dev/null || $(call apt_install,npm)
	npm install --prefix $(BUILD)/proxy --no-save --no-audit --no-fund --loglevel=error configurable-http-proxy@$(PROXY_VERSION)

# $(call apt_install,packages): installs Debian packages, or says how to.
define apt_install
{ if command -v apt-get >/dev/null; then \
    echo "Installing $(1) with apt-get"; \
    export DEBIAN_FRONTEND=noninteractive; \
    $(SUDO) apt-get install -y -q $(1) >/dev/null \
      || { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $(1) >/dev/null; }; \
  else \
    echo "Please install: $(1)  (on Debian/Ubuntu: sudo apt-get install $(1);"; \
    echo "elsewhere: conda env create -f environment.yml, see README.md)"; \
    exit 1; \
  fi; }
endef

# ---------------------------------------------------------------- build

helpers: $(LIB)/ptlab-helpers.jar

kernel: $(SPEC)

# The sources jar goes next to the helper jar: the kernel shows the helpers' Javadoc from it.
helpers/$(TARGET)/ptlab-helpers.jar helpers/$(TARGET)/ptlab-helpers-sources.jar &: $(HELPER_SOURCES) | jdk maven
	$(MVN) -pl helpers package -DskipTests

kernel/$(TARGET)/ptlab-kernel.jar kernel/$(TARGET)/ptlab-cell.jar &: $(KERNEL_SOURCES) | jdk maven
	$(MVN) -pl kernel package -DskipTests

$(LIB)/%.jar: helpers/$(TARGET)/%.jar
	@mkdir -p $(LIB) && cp $< $@

$(LIB)/%.jar: kernel/$(TARGET)/%.jar
	@mkdir -p $(LIB) && cp $< $@

# The child archive (ptlab-child-KEY.aot next to the helper jar) makes a task's child JVM start faster; its
# name follows the jar and the JDK, so a rebuilt jar is never paired with an old archive.
$(SPEC): $(LIB)/ptlab-kernel.jar $(LIB)/ptlab-cell.jar $(LIB)/ptlab-helpers.jar $(LIB)/ptlab-helpers-sources.jar
	$(JAVA) -cp $(LIB)/ptlab-helpers.jar ptlab.child.ArchiveTraining
	$(JAVA) -cp $(LIB)/ptlab-kernel.jar ptlab.kernel.Install --kernels-dir $(KERNELS)

# ---------------------------------------------------------------- use

# UI=lab (JupyterLab 4, the default) or UI=notebook (Notebook 7).
UI ?= lab

lab: setup kernel
	@case "$(UI)" in lab) module=jupyterlab;; notebook) module=notebook;; \
	  *) echo "UI=$(UI): say UI=lab (JupyterLab, the default) or UI=notebook (Notebook 7)"; exit 2;; esac; \
	cd notebooks && exec $(PY) -m $$module $(AS_ROOT) $(LAB_ARGS) 00-start-here.ipynb

run: setup kernel
	$(PY) tools/run_notebooks.py --out $(BUILD)/run $(NOTEBOOKS)

# ---------------------------------------------------------------- check

# The browser tests (tests/test_browser.py) drive Debian's chromium.
test: setup hub java-test kernel bench-smoke
	@command -v chromium >/dev/null || $(call apt_install,chromium)
	$(PY) -m pytest -q tests

java-test: | jdk maven
	$(MVN) verify

# CI only (.ci/run, after `make test`): the whole notebook suite SOAK_PASSES times in a row in one run,
# each pass with run_notebooks.py's checks (no cell error, nothing left running), then STARTS kernel starts
# one after another, each to its kernel_info reply (tools/kernel_starts.py prints how many failed, the median
# and the slowest; 0 skips them), on the JDK found above; then all of it again on a JDK 21 from /usr/lib/jvm,
# built into $(BUILD)/soak-21 with its own kernelspec.
SOAK_PASSES ?= 3
STARTS ?= 300
JDK21 = $(shell for h in /usr/lib/jvm/*; do [ -x "$$h/bin/javac" ] && grep -qs '^JAVA_VERSION="21[."]' "$$h/release" \
                  && { echo "$$h"; break; }; done)

soak: setup kernel
	@for i in $$(seq 1 $(SOAK_PASSES)); do \
	  echo "soak: pass $$i of $(SOAK_PASSES), $$($(JAVA) -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = /JDK /p') ($(JDK))"; \
	  $(PY) tools/run_notebooks.py --out $(BUILD)/soak/pass-$$i $(NOTEBOOKS) || { echo "soak: pass $$i failed"; exit 1; }; \
	done
	@if [ "$(STARTS)" -gt 0 ]; then \
	  echo "soak: $(STARTS) kernel starts"; \
	  $(PY) tools/kernel_starts.py --starts $(STARTS) --kernels $(KERNELS) || { echo "soak: kernel starts failed"; exit 1; }; \
	fi
	@if [ -z "$(JDK21)" ]; then \
	  echo "soak: the JDK 21 passes are skipped: no JDK 21 is installed (no /usr/lib/jvm/*/release says JAVA_VERSION=\"21...\")"; \
	elif [ "$(JDK21)" = "$(JDK)" ]; then \
	  echo "soak: $(JDK) is the JDK 21; nothing more to run"; \
	else \
	  JAVA_HOME="$(JDK21)" $(MAKE) --no-print-directory soak BUILD=$(BUILD)/soak-21 TARGET=target-21; \
	fi

# ---------------------------------------------------------------- bench

BENCH_SOURCES := bench/pom.xml $(shell find bench/src -type f 2>/dev/null)
BENCH_JAR     := bench/$(TARGET)/ptlab-bench.jar
BENCH         = $(PY) bench/bench.py --build $(BUILD) --jdk "$(JDK)" --bench-jar $(BENCH_JAR)

$(BENCH_JAR): $(BENCH_SOURCES) $(HELPER_SOURCES) | jdk maven
	$(MVN) -pl bench -am package -DskipTests

# The measured numbers, ratios to their floors and the goals: printed and written to $(BUILD)/bench.md.
bench: setup hub kernel $(BENCH_JAR)
	$(BENCH)

# Every benchmark once, tiny (under a minute): fails only when one crashes; `make test` runs it.
bench-smoke: setup kernel $(BENCH_JAR)
	$(BENCH) --smoke

# ---------------------------------------------------------------- binder

# What Binder's postBuild runs: the jars, and the kernelspec in the environment.
binder: kernel
	@[ -n "$(PREFIX)" ] || { echo "usage: make binder PREFIX=<conda environment>"; exit 1; }
	$(JAVA) -cp $(LIB)/ptlab-kernel.jar ptlab.kernel.Install --prefix "$(PREFIX)"

clean:
	rm -rf $(BUILD) helpers/$(TARGET) kernel/$(TARGET) helpers/target-21 kernel/target-21
