#!/usr/bin/env bash
# Runs one npm script's command on the project's Node (scripts/lib.sh: the machine's own when it is
# recent enough, else the pinned build). `--loopback-only` first: in a namespace that has only
# loopback (the browser tests, see run_loopback_only), with the browser lib.sh chooses.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_pinned_node
if [ "${1:-}" = --loopback-only ]; then
  shift
  use_browser
  run_loopback_only "$@"
else
  exec "$@"
fi
