#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Sets up everything it needs first:
# node_modules, Debian's chromium-headless-shell, then what `npm run dev` sets up too
# (scripts/setup-machine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
ensure_debian_packages
use_browser
bash scripts/setup-machine.sh

# The second engine, Docker 28 with the containerd image store (docs/engines.md): fetched once into
# .cache/docker28/, started, its demo images built, beside the first pass; stopped on any exit.
engine28_log=.cache/engine28-setup.log
if [ $# -eq 0 ]; then
  mkdir -p .cache
  trap 'bash scripts/engine28.sh stop' EXIT
  (bash scripts/engine28.sh start && DOCKER_HOST="$(bash scripts/engine28.sh host)" ./node_modules/.bin/tsx scripts/prepare-demos.ts) > "$engine28_log" 2>&1 &
  engine28=$!
fi

# The typecheck and the lint run beside the unit and integration tests, on the CPU they leave idle
# while the engine works; either fails the command all the same.
mkdir -p .cache
npm run typecheck > .cache/typecheck.log 2>&1 &
typecheck=$!
npm run lint > .cache/lint.log 2>&1 &
lint=$!
if [ $# -gt 0 ]; then
  npx vitest run "$@"
else
  npx vitest run --project unit --project integration --project talk
fi
if ! wait "$typecheck"; then
  cat .cache/typecheck.log
  echo "typecheck failed" >&2
  exit 1
fi
echo "typecheck passed"
if ! wait "$lint"; then
  cat .cache/lint.log
  echo "lint failed" >&2
  exit 1
fi
echo "lint passed"
if [ $# -eq 0 ]; then
  if ! wait "$engine28"; then
    cat "$engine28_log"
    echo "Docker 28 could not be set up" >&2
    exit 1
  fi
  # The talk's tests on Docker 28 while the browser tests run on the system engine: two engines,
  # so neither pass sweeps the other's objects, and the e2e pass leaves a core mostly idle.
  DOCKER_HOST="$(bash scripts/engine28.sh host)" npx vitest run --project talk > .cache/talk-docker28.log 2>&1 &
  talk28=$!
  # The browser tests see loopback only: Chromium aborts page loads whenever the engine adds or
  # removes a network interface (see run_loopback_only).
  e2e=0
  run_loopback_only npx vitest run --project e2e || e2e=$?
  talk28_status=0
  wait "$talk28" || talk28_status=$?
  echo "---- the talk's tests on Docker 28 ----"
  cat .cache/talk-docker28.log
  [ "$e2e" -eq 0 ] && [ "$talk28_status" -eq 0 ] || exit 1
fi
