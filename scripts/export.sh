#!/usr/bin/env bash
# `npm run export [-- <slidev export flags>]`: by default the whole deck as slides-export.pdf,
# printed with Debian's chromium-headless-shell or chromium (no browser download; CHROMIUM_PATH picks
# another). Every flag of `slidev export` passes through (--format png, --range 1-5, --with-clicks,
# --output name …); a first argument that is not a flag names the output file, as before
# (`npm run export talk.pdf`).
# Demo slides print their recorded output in full: in print mode a demo opens no event stream and
# starts no run (so Slidev's wait for network idle ends) and marks itself done with
# `data-waitfor`, which the exporter waits on (so no `--wait`). `--timeout` is raised from 30 s
# because a busy machine can take longer than that to render the whole deck in one page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_pinned_node
# Its own Vite dependency cache (vite.config.ts): a `npm run dev` deck may be running beside it.
export TALK_VITE_CACHE_DIR="${TALK_VITE_CACHE_DIR:-node_modules/.vite}-export"

args=()
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  args+=(--output "$1")
  shift
fi
# Slidev collects a repeated flag into a list: a default goes in only when the caller gave none.
given() {
  local arg
  for arg in ${passed[@]+"${passed[@]}"}; do
    case "$arg" in "$1" | "$1"=*) return 0 ;; esac
  done
  return 1
}
passed=("$@")
given --executable-path || args+=(--executable-path "$(browser_path)")
given --timeout || args+=(--timeout 60000)

# Chromium aborts page loads when network interfaces change, as the engine's do with every
# container network: the export runs where it sees loopback only (it needs nothing else).
run_loopback_only ./node_modules/.bin/slidev export ${args[@]+"${args[@]}"} "$@"
