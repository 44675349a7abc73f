#!/usr/bin/env bash
# `npm run dev`: installs what is missing, makes sure an engine answers and the demo images exist,
# then starts the deck with the demo server inside it. With no engine the deck still starts and
# demos replay their recordings.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
if bash scripts/ensure-engine.sh; then
  npx tsx scripts/prepare-demos.ts --if-missing || echo "Demo images could not be built; demos will replay recordings." >&2
else
  echo "No Docker engine: the deck starts anyway and demos replay their recordings." >&2
fi
exec ./node_modules/.bin/slidev --open false "$@"
