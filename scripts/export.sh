#!/usr/bin/env bash
# `npm run export [out.pdf]`: the deck as a PDF, printed with Debian's chromium (no browser
# download; CHROMIUM_PATH picks another). Demo slides print their recorded output in full: in
# print mode a demo opens no event stream and starts no run (so Slidev's wait for network idle
# ends) and marks itself done with `data-waitfor`, which the exporter waits on.
# No `--wait`: every demo marks itself done (`data-waitfor`). `--timeout` is raised from 30 s
# because a busy machine can take longer than that to render the whole deck in one page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_pinned_node
out="${1:-slides-export.pdf}"
# Its own Vite dependency cache (vite.config.ts): a `npm run dev` deck may be running beside it.
export TALK_VITE_CACHE_DIR="${TALK_VITE_CACHE_DIR:-node_modules/.vite-export}"

# Chromium aborts page loads when network interfaces change, as the engine's do with every
# container network: the export runs where it sees loopback only (it needs nothing else).
run_loopback_only ./node_modules/.bin/slidev export --executable-path "${CHROMIUM_PATH:-/usr/bin/chromium}" --timeout 60000 --output "$out"
