#!/usr/bin/env bash
# Makes sure headless Chromium is installed: the notebooks draw their static chart images with it and the browser
# tests open exported notebooks in it. Debian's package (no browser download of its own). Idempotent; as root it
# installs with apt-get, otherwise it says what to run. CHROMIUM_PATH=/path/to/chromium uses another build.
set -euo pipefail

found() { [[ -n "${CHROMIUM_PATH:-}" && -x "$CHROMIUM_PATH" ]] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null; }

if found; then
  echo "setup-chromium: $( ("${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser)}" --version 2>/dev/null || echo chromium) | head -n1)"
  exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "setup-chromium: ERROR: Chromium not found; install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "setup-chromium: installing Debian's chromium (apt-get; about a minute)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
found || { echo "setup-chromium: ERROR: apt-get installed chromium but it is not on PATH" >&2; exit 1; }
echo "setup-chromium: $(chromium --version 2>/dev/null | head -n1)"
