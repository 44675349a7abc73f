#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Sets up everything it needs first:
# node_modules, Debian's chromium and busybox-static, a Docker engine, the demo images.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
ensure_debian_packages
bash scripts/ensure-engine.sh
npx tsx scripts/prepare-demos.ts

npm run typecheck
npx vitest run "$@"
