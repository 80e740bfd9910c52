#!/usr/bin/env bash
# Open a report.html in headless Chromium: take a screenshot to look at,
# and fail when the page logs a console error or a Content-Security-Policy
# violation (which would mean it tried to load something).
#
# Usage: scripts/check-html.sh REPORT.html OUT.png
# Needs chromium (Debian: apt-get install -y chromium).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
report="$(realpath "$1")"
out="$(realpath -m "$2")"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$browser" ]]; then
  echo "chromium not found; install it (apt-get install -y chromium)" >&2
  exit 2
fi

profile="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$profile" "$log"' EXIT

# Flags: no sandbox (containers), and no network chatter of the browser's
# own, so any request in the log can only come from the page.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic \
  --no-first-run --disable-background-networking --disable-component-update \
  --disable-sync --user-data-dir="$profile" \
  --enable-logging=stderr --v=0 \
  --screenshot="$out" --window-size=1280,1600 \
  "file://$report" 2>"$log" || {
    cat "$log" >&2
    exit 1
  }

# Console messages and policy violations of the page, not browser noise.
problems="$(grep -E 'CONSOLE|Content Security Policy|Refused to' "$log" \
  || true)"
if [[ -n "$problems" ]]; then
  echo "page problems:" >&2
  echo "$problems" >&2
  exit 1
fi
[[ -s "$out" ]] || { echo "no screenshot written" >&2; exit 1; }
echo "ok: no console errors; screenshot $out"
