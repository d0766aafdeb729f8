#!/usr/bin/env bash
# Starts JupyterLab on the notebooks with the project's TypeScript (tslab) kernel, on 127.0.0.1 only, its kernels
# in the same environment as the headless regression (scripts/lab.js, scripts/notebook-env.js).
# Extra arguments go to `jupyter lab` (e.g. --port 9999, --no-browser); --own-aws keeps your AWS environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL="$ROOT/.venv/share/jupyter/kernels/tslab/kernel.json"
[[ -x "$ROOT/.venv/bin/jupyter" && -f "$KERNEL" ]] || { echo "lab: no .venv with the tslab kernel; run: npm install && npm run setup:python -- --no-spark" >&2; exit 2; }
[[ -x "$ROOT/.venv/bin/moto_server" ]] || { echo "lab: no moto_server in .venv; run: npm run setup:python -- --no-spark" >&2; exit 2; }
# Notebooks import the compiled library (../dist): make sure it is there and current.
echo "lab: compiling the library the notebooks import (npm run build -> dist/)" >&2
(cd "$ROOT" && npm run --silent build)
exec node "$ROOT/scripts/lab.js" "$@"
