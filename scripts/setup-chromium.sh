#!/usr/bin/env bash
# Makes sure headless Chromium (and a font) is installed: the notebooks draw their static chart images with it, and
# the report and notebook browser tests open pages in it (driven by playwright-core). Debian's package: no browser
# download of its own. Idempotent; installs with apt-get as root (as in CI on a fresh machine) or with sudo.
# CHROMIUM_PATH=/path/to/chromium uses another build.
set -euo pipefail

found() { [[ -n "${CHROMIUM_PATH:-}" && -x "$CHROMIUM_PATH" ]] || command -v chromium >/dev/null; }
fonts() { [[ -d /usr/share/fonts/truetype/dejavu ]]; }

if found && fonts; then
  echo "setup-chromium: $( ("${CHROMIUM_PATH:-$(command -v chromium)}" --version 2>/dev/null || echo chromium) | head -n1)"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "setup-chromium: ERROR: Chromium not found and this is not a Debian/Ubuntu machine; install it or set CHROMIUM_PATH" >&2
  exit 1
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup-chromium: ERROR: Chromium not found; run as root: apt-get install -y chromium fonts-dejavu-core" >&2; exit 1; }
  SUDO="sudo -n"
fi
echo "setup-chromium: installing Debian's chromium and fonts-dejavu-core (apt-get; about a minute)"
export DEBIAN_FRONTEND=noninteractive
# Another apt run (a parallel setup) may hold the dpkg lock: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
found || { echo "setup-chromium: ERROR: apt-get installed chromium but it is not on PATH" >&2; exit 1; }
echo "setup-chromium: $(chromium --version 2>/dev/null | head -n1)"
