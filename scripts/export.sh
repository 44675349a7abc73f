#!/usr/bin/env bash
# `npm run export [out.pdf]`: the deck as a PDF, printed with Debian's chromium (no browser
# download; CHROMIUM_PATH picks another). Demo slides print their recorded output in full: in
# print mode a demo opens no event stream and starts no run (so Slidev's wait for network idle
# ends) and marks itself done with `data-waitfor`, which the exporter waits on.
#
# Chromium aborts page loads with ERR_NETWORK_CHANGED whenever network interfaces come and go,
# which the Docker engine does with every container it starts. Where possible the export runs
# in a network namespace of its own with only loopback (it needs nothing else).
# No `--wait`: every demo marks itself done (`data-waitfor`). `--timeout` is raised from 30 s
# because a busy machine can take longer than that to render the whole deck in one page.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 VITE_CONFIG_NATIVE_IGNORE_WARNING=true
out="${1:-slides-export.pdf}"

if [ -z "${EXPORT_IN_NETNS:-}" ] && command -v unshare >/dev/null && command -v ip >/dev/null \
  && unshare -rn true 2>/dev/null; then
  exec env EXPORT_IN_NETNS=1 unshare -rn bash -c 'ip link set lo up && exec "$0" "$1"' "$0" "$out"
fi
exec ./node_modules/.bin/slidev export --executable-path "${CHROMIUM_PATH:-/usr/bin/chromium}" --timeout 60000 --output "$out"
