#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Sets up everything it needs first:
# node_modules, Debian's chromium, then what `npm run dev` sets up too (scripts/setup-machine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
ensure_debian_packages
bash scripts/setup-machine.sh

# The typecheck runs beside the unit and integration tests, on the CPU they leave idle while the
# engine works; it fails the command all the same.
mkdir -p .cache
npm run typecheck > .cache/typecheck.log 2>&1 &
typecheck=$!
if [ $# -gt 0 ]; then
  npx vitest run "$@"
else
  npx vitest run --project unit --project integration
fi
if ! wait "$typecheck"; then
  cat .cache/typecheck.log
  echo "typecheck failed" >&2
  exit 1
fi
echo "typecheck passed"
if [ $# -eq 0 ]; then
  # The browser tests see loopback only: Chromium aborts page loads whenever the engine adds or
  # removes a network interface (see run_loopback_only).
  run_loopback_only npx vitest run --project e2e
fi
