#!/usr/bin/env bash
# "Make this machine ready", the one setup step `npm run dev` and `npm test` share: a Docker engine
# that answers, the Debian packages the demo images are built from, the demo images. Ends with one
# line saying which demos run live and, for any that cannot, why and the fix. Exit 0 when all can.
# Portable (bash 3.2, BSD tools): macOS runs it too.
set -uo pipefail
cd "$(dirname "$0")/.."

# busybox-static: the binary every image is built from; gcc and libc6-dev: talk/hello-c's program
# and talk/toolbox's compiler (demos/toolchain/host-toolchain.ts); docker-registry: talk/registry's.
ensure_image_packages() {
  [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || return 0
  local missing=() pkg
  for pkg in busybox-static gcc libc6-dev docker-registry; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "[docker-talk] Installing Debian packages the demo images are built from: ${missing[*]}"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

bash scripts/ensure-engine.sh
ensure_image_packages || echo "[docker-talk] Could not install the Debian packages the demo images need." >&2
# Builds the images (`--if-missing`: only absent ones) or, with no engine, says so; prints the one summary line.
./node_modules/.bin/tsx scripts/prepare-demos.ts "$@"
