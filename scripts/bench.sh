#!/usr/bin/env bash
# `npm run bench`: bench/main.ts on the project's Node, where Chromium sees loopback only (the flood
# slide's responsiveness is measured in it; see run_loopback_only). Arguments go to bench/main.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
use_pinned_node
export TALK_INSTANCE="${TALK_INSTANCE:-bench}"
use_browser
run_loopback_only ./node_modules/.bin/tsx bench/main.ts "$@"
