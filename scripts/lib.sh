# Shared by dev.sh and test.sh.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Slidev loads vite.config.ts with Vite's bundling loader; its notice about a future loader is noise.
export VITE_CONFIG_NATIVE_IGNORE_WARNING=true

# npm ci on a fresh clone, in CI, or when package-lock.json changed since the last install.
ensure_node_modules() {
  if [ -n "${CI:-}" ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
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
