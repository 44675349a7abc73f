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

# Debian packages the test suite needs beyond the engine: Chromium for browser tests and
# PDF export, poppler-utils for pdftotext, busybox-static and gcc for the demo images.
ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || missing+=(busybox-static)
  # talk/toolbox copies the host's gcc and libc headers (server/host-toolchain.ts).
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  dpkg -s libc6-dev >/dev/null 2>&1 || missing+=(libc6-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
