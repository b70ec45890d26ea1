#!/usr/bin/env bash
# Creates .venv and installs toolc (editable) with the tested versions in constraints.txt.
# torch is installed first and pinned so no dependency pulls another (CUDA) build.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt torch
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
# bytecode for toolc's own modules now: an editable install leaves it to the first import, which a Python with
# PYTHONDONTWRITEBYTECODE set never writes (every toolc command would compile ~100 modules again: ~0.2 s)
.venv/bin/python -m compileall -q compiler dsl toolc train >/dev/null
.venv/bin/toolc --help >/dev/null
echo "toolc installed in .venv (activate with: source .venv/bin/activate)"
