#!/usr/bin/env bash
# Open a report.html in headless Chromium: take a screenshot to look at,
# and fail when the page logs a console error or a Content-Security-Policy
# violation (which would mean it tried to load something).
#
# Usage: scripts/check-html.sh REPORT.html OUT.png
# CHECK_HTML_SIZE=W,H sets the window (default 1280,1600); the screenshot
# shows the top W x H of the page.
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
dom="$(mktemp)"
trap 'rm -rf "$profile" "$log" "$dom"' EXIT

# Flags: no sandbox (containers), and no network chatter of the browser's
# own, so any request in the log can only come from the page.
flags=(--headless --no-sandbox --disable-gpu --disable-quic
  --no-first-run --disable-background-networking --disable-component-update
  --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0)

"$browser" "${flags[@]}" --screenshot="$out" \
  --window-size="${CHECK_HTML_SIZE:-1280,1600}" "file://$report" \
  2>"$log" || {
    cat "$log" >&2
    exit 1
  }
# The DOM as parsed, to look for anything that would load from elsewhere.
"$browser" "${flags[@]}" --dump-dom "file://$report" >"$dom" 2>>"$log" || {
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

# The policy is what turns a stray load into a logged refusal: check that
# it is there, then that nothing in the DOM points outside the page
# (attributes with a URL other than a fragment or data:, CSS url() or
# @import, script, link, frames).
if ! grep -q "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'" \
  "$dom"; then
  echo "page problems: no Content-Security-Policy with default-src 'none'" >&2
  exit 1
fi
refs="$(grep -noE \
  "(src|href|srcset|poster|action|data|xlink:href)=\"[^\"#][^\"]*\"|url\([^)]*\)|@import|<(script|link|iframe|object|embed)\b" \
  "$dom" | grep -vE '="data:|url\(data:' || true)"
if [[ -n "$refs" ]]; then
  echo "page problems: references outside the page:" >&2
  echo "$refs" >&2
  exit 1
fi
[[ -s "$out" ]] || { echo "no screenshot written" >&2; exit 1; }
echo "ok: no console errors, nothing loaded from outside; screenshot $out"
