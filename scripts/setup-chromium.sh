#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing, for the report's browser test (driven by playwright-core).
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (as in CI on a fresh machine) or sudo.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "setup-chromium: $CHROMIUM is missing and this is not a Debian/Ubuntu machine; install Chromium there" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo -n"; else
    echo "setup-chromium: $CHROMIUM is missing; run as root: apt-get install -y chromium" >&2
    exit 1
  fi
fi
echo "setup-chromium: installing chromium with apt-get" >&2
# Another apt run (a parallel setup) may hold the dpkg lock: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >/dev/null
echo "setup-chromium: $("$CHROMIUM" --version 2>/dev/null)" >&2
