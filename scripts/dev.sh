#!/usr/bin/env bash
# `npm run dev`: installs what is missing, makes this machine ready (scripts/setup-machine.sh: it
# says what it installs before it does), then starts the deck with the demo server inside it. With
# no engine the deck still starts and demos replay their recordings.
# `npm run setup` (`--setup`): the setup alone, every image checked, and no deck.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
if [ "${1:-}" = --setup ]; then
  exec bash scripts/setup-machine.sh
fi
# With no engine, or a demo that cannot run live, the deck starts anyway: the summary line said which replay.
bash scripts/setup-machine.sh --if-missing || true
# --audience is ours, not Slidev's: the audience gets a listener of its own (docs/audience.md) and
# Slidev's dev server stays on loopback for the speaker.
args=()
for arg in "$@"; do
  if [[ $arg == --audience ]]; then export TALK_AUDIENCE=1; else args+=("$arg"); fi
done
if [[ ${TALK_AUDIENCE:-} == 1 && " ${args[*]} " == *" --remote"* ]]; then
  echo "--audience keeps the dev server on loopback: leave out --remote (see docs/audience.md)" >&2
  exit 2
fi
exec ./node_modules/.bin/slidev --open false "${args[@]}"
