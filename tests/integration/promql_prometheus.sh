#!/usr/bin/env bash
# A real Prometheus (the Debian package, as a plain process, with a config this
# test writes) scraping a real node_exporter that serves known values:
# magi --list-metrics --source promql:... returns those values with the
# labels Prometheus gave them, names computed results, and reports
# Prometheus's own error text.
source "$(dirname "$0")/common.bash"
mkdir -p "$SCRATCH/textfile"
cp "$HELPERS/known_values.prom" "$SCRATCH/textfile/known.prom"
start_node_exporter "$SCRATCH/textfile"

start_prometheus
api="http://127.0.0.1:$PROM_PORT/api/v1/query"

# URL-encodes a PromQL expression.
enc() { "$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# Wait until Prometheus has scraped the known values twice (rate needs two).
wait_prom_value "$api" 'count_over_time(magi_known_value{kind="plain"}[1m])' 3 ||
  fail "prometheus never had the known values"

run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "promql:$api?query=magi_known_value"
[[ $RC -eq 0 ]] || fail "exit $RC: $(cat "$SCRATCH/err")"
[[ ! -s "$SCRATCH/err" ]] || fail "unexpected stderr: $(cat "$SCRATCH/err")"
l="instance=\"127.0.0.1:$NE_PORT\",job=\"node\""
o="$SCRATCH/out"
expect_line "$o" "# TYPE magi_known_value untyped"
expect_line "$o" "magi_known_value{$l,kind=\"plain\"} 42.5"
expect_line "$o" "magi_known_value{$l,kind=\"negative\"} -7"
expect_line "$o" "magi_known_value{$l,kind=\"big\"} 1.5e+300"
expect_line "$o" "magi_known_value{$l,kind=\"small\"} 2.5e-05"
expect_line "$o" "magi_known_value{$l,kind=\"million\"} 1e+06"
expect_line "$o" "magi_known_value{$l,kind=\"nan\"} NaN"
expect_line "$o" "magi_known_value{$l,kind=\"inf\"} +Inf"
expect_line "$o" "magi_known_value{$l,kind=\"neginf\"} -Inf"
expect_line "$o" "magi_known_value{$l,kind=\"escaped\",path=\"C:\\\\dir\\\\\\\"quoted\\\"\\nnext\"} 3"
expect_line "$o" "magi_known_value{$l,kind=\"utf8\",name=\"活動限界\"} 5"
[[ $(grep -c '^magi_known_value{' "$o") -eq 10 ]] || fail "want 10 series"

# A computed result has no __name__: named from the query, or by #name=.
q=$(enc 'sum(magi_known_value{kind=~"plain|negative"})')
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "promql:$api?query=$q" \
  --source "promql:$api?query=$q#name=known_sum"
[[ $RC -eq 0 ]] || fail "sum: exit $RC: $(cat "$SCRATCH/err")"
expect_line "$o" "sum_magi_known_value_kind_plain_negative 35.5"
expect_line "$o" "known_sum 35.5"

# A scalar result, a matrix result (newest value listed), a rate.
s=$(enc 'scalar(magi_known_value{kind="plain"}) * 2')
m=$(enc 'magi_known_value{kind="plain"}[30s]')
r=$(enc 'rate(magi_known_requests_total[30s])')
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "promql:$api?query=$s#name=doubled" \
  --source "promql:$api?query=$m" --source "promql:$api?query=$r#name=req_rate"
[[ $RC -eq 0 ]] || fail "scalar/matrix/rate: exit $RC: $(cat "$SCRATCH/err")"
expect_line "$o" "doubled 85"
expect_line "$o" "magi_known_value{$l,kind=\"plain\"} 42.5"
expect_line "$o" "req_rate{code=\"200\",$l} 0"

# Prometheus's own error text, naming the source.
bad="promql:$api?query=$(enc 'sum(')"
run_magi "$SCRATCH/out" "$SCRATCH/err" --list-metrics --source "$bad"
[[ $RC -eq 1 ]] || fail "error: exit $RC"
[[ $(wc -l <"$SCRATCH/err") -eq 1 ]] || fail "error: want one stderr line: $(cat "$SCRATCH/err")"
grep -qF "magi: source: $bad: bad_data: invalid parameter \"query\": " "$SCRATCH/err" \
  || fail "error text: $(cat "$SCRATCH/err")"
echo "promql against prometheus returns the known values"
