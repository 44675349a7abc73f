# Shared by dev.sh, test.sh, export.sh, bench.sh and node.sh (every npm script that runs code).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Slidev loads vite.config.ts with Vite's bundling loader; its notice about a future loader is noise.
export VITE_CONFIG_NATIVE_IGNORE_WARNING=true

# The project runs on Node >= 24.11 (package.json's engines: the first 24 LTS). A machine's own
# node that old or newer (25, 26 …) is used as it is. An older one (Debian 12's is 20) gets the
# build pinned in .nvmrc from the npm registry's node-<os>-<arch> package in .cache/node/, put first
# on PATH before npm runs, so npm ci, tsx, Slidev and vitest all run on it and engine checks pass.
# That package is a third party's repackaging of the Node.js project's release binary (not
# published by the Node.js project); npm checks the tarball's integrity and no install script runs.
NODE_PINNED="$(tr -d ' \n\r' < .nvmrc)"
NODE_MIN="$(sed -n 's/.*"node": *">=\([0-9.]*\)".*/\1/p' package.json)"
NODE_PINNED_BIN=""

# Exit 0 when version $1 (e.g. 25.2.0) is at least $2 (e.g. 24.11.0).
version_at_least() {
  local a b i
  IFS=. read -r -a a <<<"$1"
  IFS=. read -r -a b <<<"$2"
  for i in 0 1 2; do
    [ "${a[$i]:-0}" -gt "${b[$i]:-0}" ] && return 0
    [ "${a[$i]:-0}" -lt "${b[$i]:-0}" ] && return 1
  done
  return 0
}

use_pinned_node() {
  local have
  have="$(node -p 'process.versions.node' 2>/dev/null || true)"
  if [ -n "$have" ] && version_at_least "$have" "$NODE_MIN"; then return 0; fi
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os=unsupported ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) arch=unsupported ;; esac
  local dir="$PWD/.cache/node/v$NODE_PINNED-$os-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    echo "Node ${have:-none} found, $NODE_MIN or later needed; fetching Node $NODE_PINNED into .cache/node/ (npm package node-$os-$arch: the official binary, repackaged by a third party)" >&2
    local tmp
    tmp="$(mktemp -d)"
    if ! (cd "$tmp" && npm pack --silent "node-$os-$arch@$NODE_PINNED" >/dev/null); then
      rm -rf "$tmp"
      echo "Could not fetch node-$os-$arch@$NODE_PINNED: install Node $NODE_MIN or later yourself (nodejs.org, nvm, fnm) and run again." >&2
      return 1
    fi
    mkdir -p "$tmp/x" && tar xzf "$tmp"/node-*.tgz -C "$tmp/x" package/bin/node package/LICENSE
    mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$tmp/x/package" "$dir" && rm -rf "$tmp"
  fi
  NODE_PINNED_BIN="$dir/bin"
  export PATH="$NODE_PINNED_BIN:$PATH"
}

# npm ci on a fresh clone, in CI, or when package-lock.json changed since the last install. With a
# fetched Node, node_modules/.bin/node points at it too, so `npx <tool>` typed by hand (npm puts
# node_modules/.bin first on PATH) also runs on it; npm scripts go through scripts/node.sh.
ensure_node_modules() {
  use_pinned_node
  if [ -n "${CI:-}" ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  if [ -n "$NODE_PINNED_BIN" ]; then ln -sfn "$NODE_PINNED_BIN/node" node_modules/.bin/node; fi
}

# The Debian packages the demo images are built from (scripts/setup-machine.sh says what each is for).
DEMO_IMAGE_PACKAGES=(busybox-static gcc libc6-dev)

# Prints those of the named Debian packages that are not installed, one a line.
not_installed() {
  local pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || echo "$pkg"
  done
}

# Debian packages the test suite needs: Chromium's headless shell for browser tests and PDF export,
# poppler-utils for pdftotext, and the demo images' (which setup-machine.sh would install otherwise),
# all in one apt-get run that npm test starts while npm ci runs.
ensure_debian_packages() {
  local missing=()
  command -v chromium-headless-shell >/dev/null 2>&1 || missing+=(chromium-headless-shell)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  # shellcheck disable=SC2207 # package names have no spaces
  missing+=($(not_installed "${DEMO_IMAGE_PACKAGES[@]}"))
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "[docker-talk] The tests need Debian packages (none brings a service): chromium-headless-shell (for the"
    echo "  browser tests and PDF export), poppler-utils (pdftotext, to check the PDF), and what the demo images"
    echo "  are built from: ${DEMO_IMAGE_PACKAGES[*]}. Installing ${missing[*]} (with sudo) ..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The browser that prints and tests the deck: CHROMIUM_PATH, else Chromium's headless shell (what
# headless Chromium is made for: no window system, a fraction of full Chromium's CPU per page),
# else full Chromium.
browser_path() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    echo "$CHROMIUM_PATH"
  elif command -v chromium-headless-shell >/dev/null 2>&1; then
    command -v chromium-headless-shell
  else
    command -v chromium || echo /usr/bin/chromium
  fi
}

# For what runs the browser tests or the bench (scripts/deck-process.ts reads CHROMIUM_PATH).
use_browser() {
  CHROMIUM_PATH="$(browser_path)"
  export CHROMIUM_PATH
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
