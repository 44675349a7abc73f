#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Sets up everything it needs first:
# node_modules, Debian's chromium-headless-shell, then what `npm run dev` sets up too
# (scripts/setup-machine.sh). With no arguments it runs in two lanes at once, one per engine
# (docs/engines.md, "What runs where"); with arguments, `vitest run <arguments>` on the system engine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# Ends a background job and what it started (the Docker 28 lane's vitest and slidev, the export's)
# when npm test ends early.
kill_tree() {
  local child
  for child in $(pgrep -P "$1" || true); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}

# Docker 28 is fetched (first run only) and started while npm ci runs: both mostly wait on the
# network. Its fetch installs runc when the machine has none, which would race the setup's own apt-get.
mkdir -p .cache
start28=""
if [ $# -eq 0 ]; then
  trap 'for job in ${lane28:-} ${exports:-}; do kill_tree "$job"; done; bash scripts/engine28.sh stop' EXIT
  if command -v runc >/dev/null 2>&1; then
    bash scripts/engine28.sh start > .cache/engine28-start.log 2>&1 &
    start28=$!
  fi
fi

# The Debian packages the tests and the demo images need are installed while npm ci runs too, saying
# what they are as they start; first and alone where sudo may ask for a password.
packages=""
if [ "$(id -u)" -eq 0 ]; then
  ensure_debian_packages &
  packages=$!
else
  ensure_debian_packages
fi
ensure_node_modules
# The typecheck and the lint run beside the setup and the tests, at a low priority: they take the
# CPU the setup and the tests leave idle, not the setup's. Either fails the command all the same.
nice -n 10 npm run typecheck > .cache/typecheck.log 2>&1 &
typecheck=$!
nice -n 10 npm run lint > .cache/lint.log 2>&1 &
lint=$!
[ -z "$packages" ] || wait "$packages"
use_browser
# The Docker 28 lane: the engine started (if it is not yet) and its demo images built, the talk's
# tests a second time, then the browser tests. The talk's tests mostly wait on the engine, as the
# integration tests beside them do; the browser tests keep both cores busy to the end. The browser
# tests see loopback only: Chromium aborts page loads whenever the engine adds or removes a network
# interface (see run_loopback_only).
docker28_lane() {
  local host status=0
  host="$(bash scripts/engine28.sh start)"
  echo "---- Docker 28 ($host): its demo images ----"
  DOCKER_HOST="$host" ./node_modules/.bin/tsx scripts/prepare-demos.ts
  # The built decks the browser tests open (the audience's, dist/) are built meanwhile, on the CPU
  # the talk's tests leave idle.
  ./node_modules/.bin/tsx scripts/built-decks.ts &
  local decks=$!
  echo "---- Docker 28: the talk's tests ----"
  DOCKER_HOST="$host" npx vitest run --project talk || status=1
  wait "$decks" || status=1
  echo "---- Docker 28: the browser tests (e2e) ----"
  DOCKER_HOST="$host" run_loopback_only npx vitest run --project e2e || status=1
  return "$status"
}

# The Docker 28 lane starts beside the system engine's setup: both build their demo images at once,
# and the Docker 28 lane, whose browser tests are the longest part, starts its tests sooner. On a
# machine with no runc it starts after the setup, whose apt-get would race its own.
lane28=""
lane28_log=.cache/lane-docker28.log
start_lane28() {
  docker28_lane > "$lane28_log" 2>&1 &
  lane28=$!
}
if [ $# -eq 0 ] && [ -n "$start28" ]; then
  if ! wait "$start28"; then
    cat .cache/engine28-start.log
    echo "Docker 28 could not be started" >&2
    exit 1
  fi
  start_lane28
fi
bash scripts/setup-machine.sh
if [ $# -eq 0 ] && [ -z "$lane28" ]; then start_lane28; fi

checks_passed() {
  local status=0
  if ! wait "$typecheck"; then cat .cache/typecheck.log; echo "typecheck failed" >&2; status=1; else echo "typecheck passed"; fi
  if ! wait "$lint"; then cat .cache/lint.log; echo "lint failed" >&2; status=1; else echo "lint passed"; fi
  return "$status"
}

if [ $# -gt 0 ]; then
  npx vitest run "$@"
  checks_passed
  exit
fi

# The system engine's lane: unit, integration, then the talk's tests. Two engines, so neither lane
# sweeps the other's objects. The PDF export runs no demo and its server leaves the engine alone: it
# runs beside them, on the CPU they leave while the engines work.
export_log=.cache/export-tests.log
npx vitest run --project export > "$export_log" 2>&1 &
exports=$!
status=0
npx vitest run --project unit --project integration --project talk || status=1
wait "$exports" || status=1
echo "==== the PDF export ===="
cat "$export_log"
checks_passed || status=1
lane28_status=0
wait "$lane28" || lane28_status=$?
echo "==== the Docker 28 lane ===="
cat "$lane28_log"
[ "$status" -eq 0 ] && [ "$lane28_status" -eq 0 ]
