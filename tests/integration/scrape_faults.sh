#!/usr/bin/env bash
# Sources that misbehave: each gives magi --list-metrics one clear line on
# stderr naming the source, exit status 1, and no hang; healthy sources in the
# same run are still listed.
source "$(dirname "$0")/common.bash"
start_fault_server
base="http://127.0.0.1:$FAULT_PORT"

# expect_fault SPEC MESSAGE: one stderr line "magi: source: SPEC: MESSAGE".
expect_fault() {
  local spec=$1 msg=$2
  run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "$spec"
  [[ $RC -eq 1 ]] || fail "$spec: exit status $RC, want 1"
  [[ $(wc -l <"$SCRATCH/err") -eq 1 ]] || { cat "$SCRATCH/err" >&2; fail "$spec: want one stderr line"; }
  expect_line "$SCRATCH/err" "magi: source: $spec: $msg"
  echo "ok: $spec -> $msg (${ELAPSED} s)"
}

# A server that accepts and never answers: the 2 s timeout, not a hang.
expect_fault "scrape:$base/hang" "timed out after 2 s with no response from 127.0.0.1:$FAULT_PORT"
awk -v e="$ELAPSED" 'BEGIN { exit !(e < 6) }' || fail "hang took $ELAPSED s"

expect_fault "scrape:$base/close" "connection closed before the end of the response"
expect_fault "scrape:$base/huge" "response larger than 16 MiB"
expect_fault "scrape:$base/huge-chunked" "response larger than 16 MiB"
expect_fault "scrape:$base/many" "line 100001: more than 100000 series"
expect_fault "scrape:$base/garbage" "line 1: expected a metric name"
expect_fault "scrape:$base/status" "HTTP status 503: Service Unavailable"
expect_fault "scrape:http://127.0.0.1:$RAW_PORT/metrics" "127.0.0.1:$RAW_PORT did not answer in HTTP"
expect_fault "promql:$base/api/v1/query?query=sum(" \
  "bad_data: invalid parameter \"query\": 1:5: parse error: unexpected end of input"
expect_fault "promql:$base/notjson/api/v1/query?query=up" "the response is not valid JSON"

# Nothing listening: refused at once.
closed=$(free_port)
expect_fault "scrape:http://127.0.0.1:$closed/metrics" \
  "cannot connect to 127.0.0.1:$closed: Connection refused"

# A bad spec is reported before polling.
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "scrape:localhost:9100"
[[ $RC -eq 1 ]] || fail "bad spec: exit $RC"
expect_line "$SCRATCH/err" \
  "magi: source: scrape:localhost:9100: expected an http:// or https:// URL after scrape:"

# A healthy source beside a hanging one: listed, and the run still fails.
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "scrape:$base/ok" \
  --source "scrape:$base/hang"
[[ $RC -eq 1 ]] || fail "mixed: exit $RC"
expect_line "$SCRATCH/out" "fault_ok{instance=\"127.0.0.1:$FAULT_PORT\"} 1"
expect_line "$SCRATCH/err" \
  "magi: source: scrape:$base/hang: timed out after 2 s with no response from 127.0.0.1:$FAULT_PORT"
[[ $(wc -l <"$SCRATCH/err") -eq 1 ]] || fail "mixed: want one stderr line"

# And alone it exits 0 with just that series.
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "scrape:$base/ok"
[[ $RC -eq 0 ]] || fail "ok: exit $RC: $(cat "$SCRATCH/err")"
[[ ! -s "$SCRATCH/err" ]] || fail "ok: unexpected stderr: $(cat "$SCRATCH/err")"
expect_line "$SCRATCH/out" "# TYPE fault_ok gauge"
# Sources from a layout file, plus a --source: both polled.
cat >"$SCRATCH/layout.cfg" <<CFG
sources = ( { spec = "scrape:$base/ok"; } );
panels = ( { rect = [0.0, 0.0, 1.0, 1.0];
             widgets = ( { type = "readout"; value = "fault_ok"; } ); } );
CFG
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --layout "$SCRATCH/layout.cfg" \
  --source "scrape:$base/status"
[[ $RC -eq 1 ]] || fail "layout: exit $RC"
expect_line "$SCRATCH/out" "fault_ok{instance=\"127.0.0.1:$FAULT_PORT\"} 1"
expect_line "$SCRATCH/err" "magi: source: scrape:$base/status: HTTP status 503: Service Unavailable"
echo "all fault cases passed"
