# Shared by dev.sh and test.sh.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Slidev loads vite.config.ts with Vite's bundling loader; its notice about a future loader is noise.
export VITE_CONFIG_NATIVE_IGNORE_WARNING=true

# The project runs on Node 24 LTS, the version in .node-version. A machine whose own node is
# another major (Debian 12's is 20) gets that exact build from the npm registry's node-<os>-<arch>
# package (the official binary; the tarball's integrity is checked by npm, no install script runs)
# in .cache/node/, put first on PATH before npm runs, so npm ci, tsx, Slidev and vitest all run
# on it and engine checks see Node 24. A system node of the same major is used as it is.
NODE_PINNED="$(tr -d ' \n\r' < .node-version)"
NODE_PINNED_BIN=""
use_pinned_node() {
  local have
  have="$(node -p 'process.versions.node' 2>/dev/null || true)"
  if [ "${have%%.*}" = "${NODE_PINNED%%.*}" ]; then return 0; fi
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=unsupported ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) arch=unsupported ;; esac
  local dir="$PWD/.cache/node/v$NODE_PINNED-$os-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    echo "Node ${have:-none} found; fetching Node $NODE_PINNED (npm package node-$os-$arch) into .cache/node/" >&2
    local tmp
    tmp="$(mktemp -d)"
    if ! (cd "$tmp" && npm pack --silent "node-$os-$arch@$NODE_PINNED" >/dev/null); then
      rm -rf "$tmp"
      echo "Could not fetch node-$os-$arch@$NODE_PINNED: install Node ${NODE_PINNED%%.*} yourself (nodejs.org, nvm, fnm) and run again." >&2
      return 1
    fi
    mkdir -p "$tmp/x" && tar xzf "$tmp"/node-*.tgz -C "$tmp/x" package/bin/node package/LICENSE
    mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$tmp/x/package" "$dir" && rm -rf "$tmp"
  fi
  NODE_PINNED_BIN="$dir/bin"
  export PATH="$NODE_PINNED_BIN:$PATH"
}

# npm ci on a fresh clone, in CI, or when package-lock.json changed since the last install. With a
# fetched Node, node_modules/.bin/node points at it too, so `npm run <script>` and `npx <tool>`
# typed by hand (npm puts node_modules/.bin first on PATH) also run on Node 24.
ensure_node_modules() {
  use_pinned_node
  if [ -n "${CI:-}" ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  if [ -n "$NODE_PINNED_BIN" ]; then ln -sfn "$NODE_PINNED_BIN/node" node_modules/.bin/node; fi
}

# Debian packages only the test suite needs: Chromium for browser tests and PDF export, poppler-utils
# for pdftotext (the demo images' packages come with scripts/setup-machine.sh).
ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Runs a command in a network namespace of its own, with loopback and one empty bridge whose
# address stands in for a LAN address (for `slidev --remote`). Chromium aborts page loads with
# ERR_NETWORK_CHANGED whenever network interfaces come and go, which the Docker engine does for
# every container network; in here it sees none of that (the engine is reached over its unix
# socket). Where unprivileged namespaces are not allowed, the command runs as it is.
run_loopback_only() {
  if command -v unshare >/dev/null && command -v ip >/dev/null && unshare -rn true 2>/dev/null; then
    unshare -rn bash -c 'ip link set lo up && ip link add talk-lan type bridge && ip addr add 10.254.254.1/24 dev talk-lan && ip link set talk-lan up && exec "$@"' bash "$@"
  else
    "$@"
  fi
}
