#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Sets up everything it needs first: node_modules,
# Debian's chromium-headless-shell, what `npm run dev` sets up too (scripts/setup-machine.sh), and
# Docker 28.
# `npm test -- <vitest arguments>` runs just those, on the system engine, after the same setup.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if [ $# -gt 0 ]; then
  ensure_node_modules
  ensure_debian_packages
  CHROMIUM_PATH="$(browser_path)"
  export CHROMIUM_PATH
  bash scripts/setup-machine.sh
  exec npx vitest run "$@"
fi

# Three lanes at once, two engines (docs/engines.md says what runs where, and why):
#  - the system engine: the talk's tests, then the unit and integration tests;
#  - the system engine, seeing loopback only: most browser tests;
#  - Docker 28 with the containerd image store: the browser tests that run demos live, then the
#    talk's tests again. The talk's tests build and tag images under fixed names, so they never
#    share an engine with the presenter's rehearsal, which runs every demo.
# Each lane has its own TALK_INSTANCE, so no server sweeps another lane's objects.
logs=.cache/test
mkdir -p "$logs"
rm -f "$logs"/*.log
trap 'bash scripts/engine28.sh stop >/dev/null 2>&1 || true' EXIT

# Docker 28's download needs no Node: it overlaps npm ci.
bash scripts/engine28.sh fetch > "$logs/docker28.log" 2>&1 &
fetch28=$!
ensure_node_modules
ensure_debian_packages
CHROMIUM_PATH="$(browser_path)"
export CHROMIUM_PATH
if ! wait "$fetch28"; then
  cat "$logs/docker28.log"
  echo "Docker 28 could not be fetched" >&2
  exit 1
fi

bash scripts/setup-machine.sh

# The browser tests that run demos live, on Docker 28, after the machine's setup: its demo images
# are built from the host packages that setup installs. Each lane's decks have a Vite cache of their
# own: two decks optimizing their dependencies into one folder at once pull them from under each
# other's pages.
docker28_lane() {
  bash scripts/engine28.sh start
  export DOCKER_HOST
  DOCKER_HOST="$(bash scripts/engine28.sh host)"
  ./node_modules/.bin/tsx scripts/prepare-demos.ts
  TALK_INSTANCE=ci-docker28 TALK_VITE_CACHE_DIR=node_modules/.vite-docker28 \
    run_loopback_only npx vitest run --project e2e "${E2E_ON_DOCKER28[@]}"
  TALK_INSTANCE=ci-docker28 npx vitest run --project talk
}
E2E_ON_DOCKER28=(tests/e2e/presenter.test.ts tests/e2e/paced.test.ts tests/e2e/terminal.test.ts tests/e2e/dashboard.test.ts tests/e2e/oom-slide.test.ts)
docker28_lane >> "$logs/docker28.log" 2>&1 &
lanes=("$!|Docker 28: live browser tests, then the talk's tests|docker28")

npm run typecheck > "$logs/typecheck.log" 2>&1 &
lanes+=("$!|typecheck|typecheck")
npm run lint > "$logs/lint.log" 2>&1 &
lanes+=("$!|lint|lint")
npx vitest run --project talk --project unit --project integration > "$logs/system.log" 2>&1 &
lanes+=("$!|system engine: the talk's, unit and integration tests|system")
# The browser tests see loopback only: Chromium aborts page loads whenever the engine adds or
# removes a network interface (see run_loopback_only).
exclude=()
for file in "${E2E_ON_DOCKER28[@]}"; do exclude+=(--exclude "$file"); done
TALK_INSTANCE=ci-e2e TALK_VITE_CACHE_DIR=node_modules/.vite-browser run_loopback_only npx vitest run --project e2e "${exclude[@]}" > "$logs/browser.log" 2>&1 &
lanes+=("$!|system engine: the other browser tests|browser")

# Each lane's log as it ends, whole, so lanes never interleave.
failed=0
for lane in "${lanes[@]}"; do
  IFS='|' read -r pid title log <<< "$lane"
  status=0
  wait "$pid" || status=$?
  echo "==== $title: $([ "$status" -eq 0 ] && echo passed || echo "FAILED ($status)") ===="
  cat "$logs/$log.log"
  [ "$status" -eq 0 ] || failed=1
done
exit "$failed"
