#!/usr/bin/env bash
# Builds the release app (offline, with the embedded Kon Rẫy plan) and serves it locally.
# Usage: bash scripts/run.sh [PORT]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ansinh_setup build
trunk build --release --offline
exec node scripts/serve.mjs --dir dist --host 127.0.0.1 --port "${1:-${PORT:-8080}}"
