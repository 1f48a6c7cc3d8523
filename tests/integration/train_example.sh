#!/usr/bin/env bash
# The PyTorch example end to end, as a user runs it:
#   1. examples/train.py | magi --list-metrics --source jsonl:-
#   2. examples/train_prometheus.py on a free loopback port, read through
#      magi --list-metrics --source scrape:URL
# and the series a training layout binds to must exist with sane values.
# Usage: bash train_example.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
magi=$1 src=$2 scratch=$3
mkdir -p "$scratch"
py=/usr/bin/python3
fail() { echo "train_example: $*" >&2; exit 1; }
"$py" -c 'import torch, prometheus_client' 2>/dev/null ||
  fail "needs python3-torch and python3-prometheus-client (tools/setup --test)"

# The newest value of a series by name (any labels) in a --list-metrics dump.
val() {
  awk -v n="$2" '!/^#/ { k = $1; sub(/\{.*/, "", k); if (k == n) v = $2 } END { print v }' "$1"
}
# expect FILE NAME AWK-CONDITION-ON-v
expect() {
  local v
  v=$(val "$1" "$2")
  [[ -n "$v" ]] || fail "$2 missing from $1"
  awk -v v="$v" "BEGIN { exit !($3) }" || fail "$2 = $v, wanted $3"
  echo "ok $2 = $v"
}

# --- 1. JSON lines on stdin --------------------------------------------------
out=$scratch/jsonl.prom
"$py" "$src/examples/train.py" --epochs 2 --steps-per-epoch 40 |
  "$magi" --list-metrics --source jsonl:- >"$out" 2>"$scratch/jsonl.err"
rc=$?
[[ $rc -eq 0 ]] || { cat "$scratch/jsonl.err" >&2; fail "magi --list-metrics exited $rc"; }
grep -q '^# TYPE loss gauge' "$out" || fail "no '# TYPE loss gauge' line"
expect "$out" step 'v == 80'
expect "$out" epoch 'v == 1'
expect "$out" loss 'v > 0 && v < 10'
expect "$out" val_loss 'v > 0 && v < 10'
expect "$out" lr 'v >= 0 && v <= 0.003'
expect "$out" throughput 'v > 0'
expect "$out" eta_seconds 'v == 0'
[[ -z "$(val "$out" time)" ]] || fail "the time field must stamp lines, not be a series"
expect "$out" magi_jsonl_lines_total 'v == 80'
expect "$out" magi_jsonl_bad_lines_total 'v == 0'

# --- 2. the same run as a Prometheus exporter ---------------------------------
port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$py" "$src/examples/train_prometheus.py" --port "$port" --linger 120 \
  --epochs 2 --steps-per-epoch 40 2>"$scratch/exporter.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
out=$scratch/scrape.prom
done_=""
for _ in $(seq 1 120); do
  sleep 1
  kill -0 $server 2>/dev/null || { cat "$scratch/exporter.err" >&2; fail "exporter died"; }
  "$magi" --list-metrics --source "scrape:http://127.0.0.1:$port/metrics" >"$out" 2>/dev/null ||
    continue
  done_=$(val "$out" training_done)
  [[ "$done_" == 1 ]] && break
done
[[ "$done_" == 1 ]] || fail "the exporter's run did not finish in time"
expect "$out" step 'v == 80'
expect "$out" epoch 'v == 1'
expect "$out" loss 'v > 0 && v < 10'
expect "$out" val_loss 'v > 0 && v < 10'
expect "$out" throughput 'v > 0'
expect "$out" eta_seconds 'v == 0'
expect "$out" training_samples_total 'v == 80 * 128'
echo "train_example: ok"
