#!/usr/bin/env bash
# Make sure a Docker engine answers, installing and starting one on Debian when none does.
# A speaker's own engine (Docker Desktop, DOCKER_HOST) is used as it is and never touched.
set -euo pipefail

engine_answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers; then
  exit 0
fi
if [ -n "${DOCKER_HOST:-}" ]; then
  echo "DOCKER_HOST=$DOCKER_HOST does not answer; fix or unset it." >&2
  exit 1
fi
if [ "$(uname -s)" != Linux ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "No Docker engine answers. Start Docker Desktop (macOS/Windows) or your engine, then retry." >&2
  exit 1
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v dockerd >/dev/null 2>&1; then
  echo "Installing Debian's docker.io ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io >/dev/null
fi

if [ ! -S /var/run/docker.sock ] || ! engine_answers; then
  echo "Starting dockerd in the background (log: /tmp/dockerd.log) ..."
  $SUDO sh -c 'nohup dockerd >/tmp/dockerd.log 2>&1 &'
fi
for _ in $(seq 1 120); do
  engine_answers && { echo "Docker engine $(docker version --format '{{.Server.Version}}') is up."; exit 0; }
  sleep 0.5
done
echo "dockerd did not come up; see /tmp/dockerd.log" >&2
exit 1
