#!/bin/sh
# Wall time and peak RSS of `ls`, `status` and a dashboard poll over a 200 MB history and a 300 MB
# _state.json (figures, not assertions). Usage: scripts/measure-huge-session.sh [package root]
# (default: this checkout; its dist/ must be built). Needs GNU time (/usr/bin/time) and curl.
set -eu
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
BIN="$ROOT/dist/src/cli/bin.cjs"
M=$(mktemp -d /tmp/samocode-huge-XXXXXX)
trap 'kill "${DASH:-0}" 2>/dev/null || true; rm -rf "$M"' EXIT
mkdir -p "$M/repo" "$M/wt" "$M/sessions/26-12-01-big" "$M/sessions/26-12-01-bigstate"
printf 'MAIN_REPO=%s/repo\nWORKTREES=%s/wt\nSESSIONS=%s/sessions\n' "$M" "$M" "$M" > "$M/.samocode"
node -e '
const fs = require("fs");
const [history, state] = process.argv.slice(1);
const row = (i) => JSON.stringify({ v: 1, time: new Date(1e12 + i * 1000).toISOString(), iteration: i,
  sourcePhase: "implementation", rawSignal: "{\"status\":\"continue\",\"summary\":\"did a thing and ran the tests\"}",
  event: "signal.continue", target: "implementation", accepted: true, rejection: null,
  state: "implementation.running", outcome: "success", attempts: 1, durationMs: 61234,
  tokens: { input: 12345, output: 2345 }, costUsd: 0.1234, provider: "claude", model: "opus" }) + "\n";
let fd = fs.openSync(history, "w");
for (let i = 1, size = 0; size < 200e6; i += 1) { const line = row(i); fs.writeSync(fd, line); size += line.length; }
fs.closeSync(fd);
fd = fs.openSync(state, "w");
fs.writeSync(fd, "{\"v\":1,\"snapshot\":{\"status\":\"active\",\"value\":{\"init\":\"running\"},\"context\":{}},\"pad\":\"");
const chunk = "x".repeat(1 << 20);
for (let i = 0; i < 286; i += 1) fs.writeSync(fd, chunk);
fs.writeSync(fd, "\"}");
fs.closeSync(fd);
' "$M/sessions/26-12-01-big/_signal_history.jsonl" "$M/sessions/26-12-01-bigstate/_state.json"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for cmd in "ls" "status --session big" "status --session bigstate"; do
  # shellcheck disable=SC2086
  /usr/bin/time -f "$cmd: %e s, %M KB peak RSS, exit %x" node "$BIN" $cmd --config "$M/.samocode" >/dev/null 2>"$M/err" || true
  tail -1 "$M/err"
done
node "$BIN" dashboard --config "$M/.samocode" 2>"$M/dash" &
DASH=$!
while ! grep -q 'open http' "$M/dash"; do sleep 0.2; done
URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$M/dash")
for path in api/sessions api/sessions/26-12-01-big; do
  curl -s -o /dev/null -w "dashboard GET /$path: %{http_code} in %{time_total} s\n" "$URL$path"
done
echo "dashboard peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$DASH/status")"
