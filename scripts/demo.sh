#!/usr/bin/env bash
# `make run`: the main job against the local emulator, end to end.
# The emulator keeps its tasks in .dwmigrate-emulator/, so a second run
# finds every task already there and creates nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${DEMO_PORT:-18080}"
state_dir=".dwmigrate-emulator"
log="$state_dir/emulator.log"
mkdir -p "$state_dir"

node dist/src/bin/dwmigrate.js emulator --port "$port" \
  --state "$state_dir/state.json" --seed-manifests manifests \
  >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null; wait "$emulator" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  grep -q 'listening on' "$log" && break
  kill -0 "$emulator" 2>/dev/null || { cat "$log"; exit 3; }
  sleep 0.1
done
grep -q 'listening on' "$log" || { echo "emulator did not start"; exit 3; }

# The emulator's documented demo key pair; real runs use the credential
# chain (environment, profile or instance role).
export ALIBABA_CLOUD_ACCESS_KEY_ID=dwmigrate-demo
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=dwmigrate-demo-secret

status=0
node dist/src/bin/dwmigrate.js apply --endpoint "http://127.0.0.1:$port" \
  --out out manifests || status=$?
[ "$status" -eq 0 ] || exit "$status"
node scripts/reconcile.mjs out/report.json "http://127.0.0.1:$port"
echo "open out/report.html in a browser, or read out/report.md"
