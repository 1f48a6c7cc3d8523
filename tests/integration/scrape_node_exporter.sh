#!/usr/bin/env bash
# A real prometheus-node-exporter serving a textfile-collector file of known
# values: magi --list-metrics --source scrape:... shows each of them exactly.
source "$(dirname "$0")/common.bash"
mkdir -p "$SCRATCH/textfile"
cp "$HELPERS/known_values.prom" "$SCRATCH/textfile/known.prom"
start_node_exporter "$SCRATCH/textfile"
spec="scrape:http://127.0.0.1:$NE_PORT/metrics"
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "$spec"
[[ $RC -eq 0 ]] || fail "exit $RC: $(cat "$SCRATCH/err")"
[[ ! -s "$SCRATCH/err" ]] || fail "unexpected stderr: $(cat "$SCRATCH/err")"
i="instance=\"127.0.0.1:$NE_PORT\""
o="$SCRATCH/out"
expect_line "$o" "# HELP magi_known_value Values the integration tests know."
expect_line "$o" "# TYPE magi_known_value gauge"
expect_line "$o" "magi_known_value{$i,kind=\"plain\"} 42.5"
expect_line "$o" "magi_known_value{$i,kind=\"negative\"} -7"
expect_line "$o" "magi_known_value{$i,kind=\"big\"} 1.5e+300"
expect_line "$o" "magi_known_value{$i,kind=\"small\"} 2.5e-05"
expect_line "$o" "magi_known_value{$i,kind=\"million\"} 1e+06"
expect_line "$o" "magi_known_value{$i,kind=\"nan\"} NaN"
expect_line "$o" "magi_known_value{$i,kind=\"inf\"} +Inf"
expect_line "$o" "magi_known_value{$i,kind=\"neginf\"} -Inf"
expect_line "$o" "magi_known_value{$i,kind=\"escaped\",path=\"C:\\\\dir\\\\\\\"quoted\\\"\\nnext\"} 3"
expect_line "$o" "magi_known_value{$i,kind=\"utf8\",name=\"活動限界\"} 5"
expect_line "$o" "# TYPE magi_known_requests_total counter"
expect_line "$o" "magi_known_requests_total{code=\"200\",$i} 1027"
expect_line "$o" "# TYPE magi_known_latency_seconds histogram"
# buckets in numeric order, then _sum and _count
grep -A5 -xF "# TYPE magi_known_latency_seconds histogram" "$o" >"$SCRATCH/hist"
cat >"$SCRATCH/hist.want" <<WANT
# TYPE magi_known_latency_seconds histogram
magi_known_latency_seconds_bucket{$i,le="0.1"} 3
magi_known_latency_seconds_bucket{$i,le="1"} 7
magi_known_latency_seconds_bucket{$i,le="+Inf"} 9
magi_known_latency_seconds_sum{$i} 4.25
magi_known_latency_seconds_count{$i} 9
WANT
diff -u "$SCRATCH/hist.want" "$SCRATCH/hist" || fail "histogram layout"
# node_exporter's own series are there too, e.g. the textfile mtime
grep -q "^node_textfile_mtime_seconds{file=\"known.prom\",$i} " "$o" \
  || grep -q "^node_textfile_mtime_seconds{file=\"$SCRATCH/textfile/known.prom\",$i} " "$o" \
  || fail "no node_textfile_mtime_seconds"
# one TYPE line per family, not per series
[[ $(grep -c '^# TYPE magi_known' "$o") -eq 3 ]] || fail "want 3 magi_known families"
echo "node_exporter scrape shows every known value exactly"
