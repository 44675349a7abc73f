#!/usr/bin/env bash
# Makes sure a Docker engine answers: the one DOCKER_HOST or the current docker context names
# (Docker Desktop, colima, OrbStack: used as they are, never touched), else the local one, which on
# Debian/Ubuntu is installed (docker.io) and started when it is missing. The engine this starts
# runs in a session of its own (systemd's, or setsid), so Ctrl-C in the deck's terminal never
# reaches it. Portable: bash 3.2 and BSD tools (macOS), no timeout/ldd/readlink -f/sed -i.
set -euo pipefail
cd "$(dirname "$0")/.."

check() { ./node_modules/.bin/tsx scripts/engine-check.ts "$@"; }

status=0
check || status=$?
[ "$status" -eq 0 ] && exit 0
# 1: the check said what is wrong (docker group, API too old, not Docker's socket, a context that is down).
[ "$status" -eq 2 ] || exit 1

if [ "$(uname -s)" != Linux ]; then
  echo "[docker-talk] No Docker engine answers. Start Docker Desktop, colima (colima start) or OrbStack, then retry." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ -z "${TALK_DOCKERD:-}" ] && ! command -v dockerd >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "[docker-talk] No Docker engine, and no apt-get to install one: install Docker Engine (https://docs.docker.com/engine/install/), then retry." >&2
    exit 1
  fi
  echo "[docker-talk] Installing Debian's docker.io ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io >/dev/null
fi

# TALK_DOCKERD: the command that starts the engine instead of dockerd (tests: a private one).
if [ -z "${TALK_DOCKERD:-}" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  echo "[docker-talk] Starting Docker: systemctl start docker ..."
  $SUDO systemctl start docker
else
  log="${TMPDIR:-/tmp}/dockerd.log"
  echo "[docker-talk] Starting dockerd in a session of its own (log: $log) ..."
  # shellcheck disable=SC2086 # TALK_DOCKERD may carry arguments
  $SUDO setsid -f ${TALK_DOCKERD:-dockerd} </dev/null >>"$log" 2>&1
fi
check --wait 60 || { echo "[docker-talk] The engine did not come up; see ${log:-journalctl -u docker}" >&2; exit 1; }
