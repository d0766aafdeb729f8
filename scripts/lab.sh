#!/usr/bin/env bash
# Starts JupyterLab on the notebooks with the project's TypeScript (tslab) kernel, on 127.0.0.1 only.
# Extra arguments go to `jupyter lab` (e.g. --port 9999, --no-browser).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL="$ROOT/.venv/share/jupyter/kernels/tslab/kernel.json"
[[ -x "$ROOT/.venv/bin/jupyter" && -f "$KERNEL" ]] || { echo "lab: no .venv with the tslab kernel; run: npm install && npm run setup:python" >&2; exit 2; }
# Notebooks import the compiled library (../dist): make sure it is there and current.
(cd "$ROOT" && npm run --silent build)
ROOT_FLAG=()
[[ $(id -u) -eq 0 ]] && ROOT_FLAG=(--allow-root)
# Saving keeps the committed chart images unless a chart changed (python/keep_chart_images.py says why).
export PYTHONPATH="$ROOT/python${PYTHONPATH:+:$PYTHONPATH}"
exec "$ROOT/.venv/bin/jupyter" lab --ip 127.0.0.1 --notebook-dir "$ROOT/notebooks" \
  --ContentsManager.pre_save_hook=keep_chart_images.keep_chart_images "${ROOT_FLAG[@]}" "$@"
