#!/usr/bin/env bash
# Installs whatever is missing, then builds and serves the app on http://127.0.0.1:8080
# with the sample article open. Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
printf '\n[serve] building and serving on http://127.0.0.1:8080 (first build takes a few minutes)\n'
exec trunk serve --release --address 127.0.0.1 --port 8080 --no-autoreload
