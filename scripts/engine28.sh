#!/usr/bin/env bash
# The current engine beside the system's: Docker 28 with the containerd image store and BuildKit,
# from Debian unstable's packages, extracted under .cache/docker28/ and never installed (the
# system's apt config, dpkg database and Docker are left as they are). Runs as a private dockerd
# with its own containerd, data root, exec root, socket and bridge. See docs/engines.md.
#   scripts/engine28.sh fetch   download and extract the pinned packages (once; cached)
#   scripts/engine28.sh start   fetch, then start the engine; prints its DOCKER_HOST
#   scripts/engine28.sh stop    stop it (its containers go with it) and remove its bridge
#   scripts/engine28.sh host    print its DOCKER_HOST
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned: the versions the suite and the recordings were made with.
PACKAGES=(docker.io=28.5.2+dfsg4-5 containerd=2.1.9+ds1-5 docker-buildx=0.29.1+ds1-4 tini-static=0.19.0-6+b2)
BASE="$PWD/.cache/docker28"
ROOT="$BASE/root"
RUN="$BASE/run"
SOCKET="$RUN/docker.sock"
# One engine per checkout: its bridge and subnets are named after the checkout's path, so two
# checkouts on one machine never share one (and none is docker0 or the system engine's pools).
HASH="$(printf '%s' "$PWD" | cksum | cut -d' ' -f1)"
N=$((HASH % 50))
BRIDGE="talk28-$((HASH % 10000))"
POOL="10.$((200 + N)).0.0/16"
BIP="10.$((200 + N)).255.1/24" # inside the pool, as docker0 is inside the default pools
# With br_netfilter loaded, traffic between two containers on one bridge crosses the host's FORWARD
# chain, whose policy the system engine sets to DROP; this engine writes no rules of its own, so
# one rule lets its subnets talk among themselves (and nothing else).
FORWARD_RULE=(FORWARD -s "$POOL" -d "$POOL" -j ACCEPT)

# apt with a state, cache and sources list of its own: Debian unstable on the mirror the system's
# own Debian sources name.
apt_private() {
  local cmd="$1"; shift
  "$cmd" -o Dir::Etc::SourceList="$BASE/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
    -o Dir::State="$BASE/apt" -o Dir::State::Lists="$BASE/apt/lists" -o Dir::State::status=/var/lib/dpkg/status \
    -o Dir::Cache="$BASE/apt" -o Dir::Cache::archives="$BASE/apt/archives" -o Debug::NoLocking=1 "$@"
}

mirror() {
  local uri
  uri="$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list \
    | grep -oE 'https?://[^ ]*/debian/?( |$)' | head -n1 | tr -d ' ')"
  echo "${uri:-http://deb.debian.org/debian}"
}

# Debian 12's runc is used: unstable's needs a newer glibc. Its package starts no service.
ensure_runc() {
  command -v runc >/dev/null 2>&1 && return 0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runc >/dev/null
}

fetch() {
  local stamp="$ROOT/.packages"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${PACKAGES[*]}" ]; then return 0; fi
  ensure_runc
  echo "[docker-talk] Fetching Docker 28 from Debian unstable into .cache/docker28/ (not installed) ..." >&2
  mkdir -p "$BASE/apt/lists/partial" "$BASE/apt/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(mirror) unstable main" > "$BASE/apt/sources.list"
  apt_private apt-get update -qq
  rm -rf "$BASE/debs" && mkdir -p "$BASE/debs"
  # apt-get download writes into the current dir; as root it warns that _apt cannot write there.
  (cd "$BASE/debs" && apt_private apt-get download -qq "${PACKAGES[@]}" 2>&1 | grep -v 'unsandboxed' >&2 || true)
  [ "$(find "$BASE/debs" -name '*.deb' | wc -l)" -eq "${#PACKAGES[@]}" ] || { echo "[docker-talk] Could not download ${PACKAGES[*]}" >&2; exit 1; }
  rm -rf "$ROOT" && mkdir -p "$ROOT"
  for deb in "$BASE"/debs/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
  echo "${PACKAGES[*]}" > "$stamp"
}

ping_engine() { curl -sf --max-time 2 --unix-socket "$SOCKET" http://engine/_ping >/dev/null 2>&1; }

# Waits until a pid file's process is gone (SIGKILL after 30 s).
wait_gone() {
  local pid="$1" i
  for i in $(seq 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

start() {
  fetch
  if ping_engine; then echo "unix://$SOCKET"; return 0; fi
  mkdir -p "$RUN" "$BASE/containerd"
  # The engine's own binaries first; runc stays the system's.
  export PATH="$ROOT/usr/sbin:$ROOT/usr/bin:$PATH"
  cat > "$BASE/containerd/config.toml" <<EOF
version = 3
root = "$BASE/containerd/root"
state = "$RUN/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.cri.v1.images", "io.containerd.cri.v1.runtime"]
[grpc]
  address = "$RUN/containerd.sock"
EOF
  # No iptables: the system engine owns the host's rules; ports still publish through docker-proxy.
  cat > "$BASE/daemon.json" <<EOF
{
  "features": { "containerd-snapshotter": true },
  "bridge": "$BRIDGE",
  "default-address-pools": [{ "base": "$POOL", "size": 24 }],
  "iptables": false,
  "ip6tables": false,
  "ip-masq": false
}
EOF
  # -w: the system engine may hold the xtables lock, starting at the same time.
  iptables -w -C "${FORWARD_RULE[@]}" 2>/dev/null || iptables -w -I "${FORWARD_RULE[@]}"
  # dockerd keeps its networks' addresses in its data root and gives the bridge those back: it starts
  # with none, so the bridge has the address named here (the demos leave no network behind).
  rm -f "$BASE/data/network/files/local-kv.db"
  ip link show "$BRIDGE" >/dev/null 2>&1 || { ip link add "$BRIDGE" type bridge && ip addr add "$BIP" dev "$BRIDGE"; }
  if [ ! -S "$RUN/containerd.sock" ] || ! kill -0 "$(cat "$RUN/containerd.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
    setsid containerd --config "$BASE/containerd/config.toml" </dev/null >"$RUN/containerd.log" 2>&1 &
    echo $! > "$RUN/containerd.pid"
  fi
  setsid dockerd --config-file "$BASE/daemon.json" --host "unix://$SOCKET" --data-root "$BASE/data" \
    --exec-root "$RUN/exec" --pidfile "$RUN/docker.pid" --containerd "$RUN/containerd.sock" \
    </dev/null >"$RUN/dockerd.log" 2>&1 &
  local i
  for i in $(seq 600); do
    ping_engine && { echo "unix://$SOCKET"; return 0; }
    sleep 0.1
  done
  echo "[docker-talk] Docker 28 did not come up; see $RUN/dockerd.log and $RUN/containerd.log" >&2
  tail -n 20 "$RUN/dockerd.log" >&2
  exit 1
}

stop() {
  local pid
  pid="$(cat "$RUN/docker.pid" 2>/dev/null || true)"
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait_gone "$pid"; fi
  pid="$(cat "$RUN/containerd.pid" 2>/dev/null || true)"
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait_gone "$pid"; fi
  rm -f "$RUN/containerd.pid" "$RUN/docker.pid"
  ip link delete "$BRIDGE" 2>/dev/null || true
  while iptables -w -D "${FORWARD_RULE[@]}" 2>/dev/null; do :; done
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  host) echo "unix://$SOCKET" ;;
  *) echo "usage: $0 fetch|start|stop|host" >&2; exit 2 ;;
esac
