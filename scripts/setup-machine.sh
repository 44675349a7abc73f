#!/usr/bin/env bash
# "Make this machine ready", the one setup step `npm run setup`, `npm run dev` and `npm test`
# share: a Docker engine that answers, the Debian packages the demo images are built from, the demo
# images. Before the first sudo it prints, in one block, everything it is about to do and why.
# Ends with one line saying which demos run live and, for any that cannot, why and the fix.
# Exit 0 when all can. Portable (bash 3.2, BSD tools): macOS runs it too.
set -uo pipefail
cd "$(dirname "$0")/.."

source scripts/lib.sh
say() { echo "[docker-talk] $*"; }

# --- what is missing -------------------------------------------------------------------------
engine=0
./node_modules/.bin/tsx scripts/engine-check.ts || engine=$?
debian=""
[ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 && debian=1
missing=()
if [ -n "$debian" ]; then
  # shellcheck disable=SC2207 # package names have no spaces
  missing=($(not_installed "${DEMO_IMAGE_PACKAGES[@]}"))
fi
install_engine=""
if [ "$engine" -eq 2 ] && [ -z "${TALK_DOCKERD:-}" ] && ! command -v dockerd >/dev/null 2>&1 && [ -n "$debian" ]; then install_engine=1; fi
registry_unpacked=""
[ -x .cache/debian/docker-registry/usr/bin/docker-registry ] && registry_unpacked=1

# --- the plan, in one block, before anything asks for a password --------------------------------
if [ "$engine" -eq 2 ] || [ ${#missing[@]} -gt 0 ] || { [ -n "$debian" ] && [ -z "$registry_unpacked" ]; }; then
  sudo=""
  if [ "$(id -u)" -ne 0 ] && [ -n "$debian" ] && { [ "$engine" -eq 2 ] || [ ${#missing[@]} -gt 0 ]; }; then
    sudo=" (with sudo, which may ask for your password)"
  fi
  say "Setting up this machine for the talk$sudo:"
  if [ -n "$install_engine" ]; then
    echo "  - apt-get install docker.io: Debian's Docker engine (dockerd, with containerd and runc) and the"
    echo "    docker CLI; the demos run on it. It comes with the docker and containerd services, which"
    echo "    systemd starts now and at every boot (stop them: sudo systemctl disable --now docker.socket docker containerd)."
  fi
  if [ "$engine" -eq 2 ] && [ -n "$debian" ]; then
    echo "  - start the Docker engine (systemctl start docker, or dockerd in a session of its own)."
  fi
  for pkg in ${missing[@]+"${missing[@]}"}; do
    case "$pkg" in
      busybox-static) echo "  - apt-get install busybox-static: the static binary every demo image is built from (no service)." ;;
      gcc) echo "  - apt-get install gcc: compiles talk/hello-c's program; talk/toolbox's compiler is copied from it (no service)." ;;
      libc6-dev) echo "  - apt-get install libc6-dev: the C headers and libraries gcc links against (no service)." ;;
    esac
  done
  if [ -n "$debian" ] && [ -z "$registry_unpacked" ]; then
    echo "  - when talk/registry is built: apt-get download docker-registry, unpacked into .cache/debian/"
    echo "    for the image's program. Downloaded, never installed: its service (port 5000) never runs."
  fi
  echo "  - build the demo images that are missing (one line each below, every step in .cache/setup.log)."
  echo "  To remove it all afterwards, see docs/setup.md (\"Removing everything\")."
fi

# --- doing it ----------------------------------------------------------------------------------
if [ "$engine" -eq 2 ]; then bash scripts/ensure-engine.sh; fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "Installing ${missing[*]} ..."
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || echo "[docker-talk] Could not install the Debian packages the demo images need." >&2
fi
# Builds the images (`--if-missing`: only absent ones; docker-registry is unpacked as talk/registry
# is built) or, with no engine, says so; prints the one summary line.
./node_modules/.bin/tsx scripts/prepare-demos.ts "$@"
