#!/usr/bin/env bash
# Idempotent build of the benchmark's fast local S3 server: gofakes3 (MIT, Go, in-memory backend) into
# .tools/bin/gofakes3, from the Go module proxy at a pinned version. moto_server (.venv) stays the tests' S3:
# it is more complete (IAM, EMR), but one Python process serves ~250 requests/s, which caps any S3 benchmark.
# Usage: scripts/setup-s3-server.sh        (needs Go >= 1.21 on PATH or in /usr/local/go/bin; ~15 s the first time)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="v1.2.0"
BIN="$ROOT/.tools/bin"
STAMP="$BIN/.gofakes3-$VERSION"

[[ -x "$BIN/gofakes3" && -f "$STAMP" ]] && exit 0
GO="$(command -v go || true)"
[[ -z "$GO" && -x /usr/local/go/bin/go ]] && GO=/usr/local/go/bin/go
[[ -n "$GO" ]] || { echo "setup-s3-server: ERROR: Go not found (apt-get install -y golang, or put go on PATH)" >&2; exit 1; }
mkdir -p "$BIN"
echo "setup-s3-server: building gofakes3 $VERSION with $("$GO" version)"
GOBIN="$BIN" GOFLAGS=-mod=mod "$GO" install "github.com/johannesboyne/gofakes3/cmd/gofakes3@$VERSION"
rm -f "$BIN"/.gofakes3-* && touch "$STAMP"
echo "setup-s3-server: $BIN/gofakes3"
