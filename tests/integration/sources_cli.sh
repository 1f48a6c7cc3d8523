#!/usr/bin/env bash
# The sources of this branch through the real binary, as a user meets them:
# magi --list-metrics with linux, demo, exec, jsonl and nvml, good input and
# bad. Each failure must be one stderr line naming the source, exit status 1,
# quickly, and leave no process behind.
# Usage: bash sources_cli.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
magi=$1 src=$2 scratch=$3
mkdir -p "$scratch"
fail() { echo "sources_cli: $*" >&2; exit 1; }

# run NAME EXPECTED_STATUS MAX_SECONDS magi-args... (stdin passes through)
run() {
  local name=$1 want=$2 max=$3
  shift 3
  local t0 t1 rc
  t0=$(date +%s.%N)
  timeout 60 "$magi" --list-metrics "$@" >"$scratch/$name.out" 2>"$scratch/$name.err"
  rc=$?
  t1=$(date +%s.%N)
  [[ $rc -eq $want ]] || { cat "$scratch/$name.err" >&2; fail "$name: exit $rc, wanted $want"; }
  awk -v a="$t0" -v b="$t1" -v m="$max" 'BEGIN { exit !(b - a <= m) }' ||
    fail "$name: took longer than $max s"
  echo "ok $name (exit $rc)"
}
has() { grep -qE "$2" "$scratch/$1.out" || fail "$1: no line matching $2"; }
err_is() {
  [[ $(wc -l <"$scratch/$1.err") -ge 1 ]] || fail "$1: nothing on stderr"
  grep -qF -- "$2" "$scratch/$1.err" || { cat "$scratch/$1.err" >&2; fail "$1: stderr lacks '$2'"; }
}

run linux 0 10 --source linux
has linux '^node_cpu_seconds_total\{cpu="0",mode="idle"\} [0-9]'
has linux '^node_memory_MemTotal_bytes [0-9]'
has linux '^node_uname_info\{.*nodename="'
has linux '^# TYPE node_cpu_seconds_total counter'

run demo 0 10 --demo
has demo '^magi_demo_phase\{phase="nominal"\} [01]'
has demo '^node_cpu_seconds_total\{cpu="15",mode="user"\} [0-9]'
has demo '^magi_time_to_limit_seconds '

run exec_text 0 10 --source "exec:printf 'a_total{x=\"1 2\"} 5\n'"
has exec_text '^a_total\{x="1 2"\} 5$'
run exec_number 0 10 --source 'exec:sh -c "echo 3"'
has exec_number '^sh 3$'

run exec_flood 1 10 --source 'exec:yes magi-flood'
err_is exec_flood 'exec:yes magi-flood'
err_is exec_flood '16 MiB'
run exec_hang 1 10 --source 'exec:sleep 31.25'
err_is exec_hang 'timed out'
run exec_status 1 10 --source 'exec:sh -c "echo broken pipe dream >&2; exit 4"'
err_is exec_status 'status 4: broken pipe dream'
run exec_missing 1 10 --source 'exec:/nonexistent/magi-cmd'
err_is exec_missing 'No such file'

printf '{"step":1,"loss":0.5}\n\xff\xfe\n{"step":2,"loss":0.25,"m":{"acc":0.9}}\n[1,2]\n' |
  run jsonl_mixed 0 10 --source jsonl:- || exit 1
has jsonl_mixed '^loss 0.25$'
has jsonl_mixed '^m_acc 0.9$'
has jsonl_mixed '^magi_jsonl_bad_lines_total\{path="stdin"\} 2$'
head -c 3000000 /dev/urandom | run jsonl_garbage 1 20 --source jsonl:- || exit 1
err_is jsonl_garbage 'jsonl:-'
printf '{"a":1}\n' >"$scratch/file.jsonl"
run jsonl_file 0 10 --source "jsonl:$scratch/file.jsonl"
has jsonl_file '^a 1$'

# --query: a selector over the same sources (against a real Prometheus in
# promql_differential.sh); a selector that does not parse exits 2, one that
# PromQL would refuse exits 1 with the reason, --query alone is a usage error
run query_join 0 10 --demo --query \
  'node_hwmon_temp_celsius * on(chip) group_left(chip_name) node_hwmon_chip_names'
has query_join '^\{chip="nvme_nvme0",chip_name="nvme",sensor="temp1"\} [0-9.]+$'
has query_join '^\{chip="platform_coretemp_0",chip_name="coretemp",sensor="temp1"\} [0-9.]+$'
run query_number 0 10 --demo --query '2 ^ 10 % 1000'
has query_number '^\{\} 24$'
run query_syntax 2 5 --demo --query 'sum('
err_is query_syntax 'magi: --query: column 5: unexpected end of input'
run query_refused 1 10 --demo --query 'node_hwmon_chip_names * on(chip) group_left node_hwmon_temp_celsius'
err_is query_refused 'many-to-many matching'
"$magi" --query up >/dev/null 2>"$scratch/query_alone.err"
[[ $? -eq 2 ]] || fail "--query without --list-metrics: wanted exit 2"
grep -qF -- '--query goes with --list-metrics' "$scratch/query_alone.err" || fail "query_alone: message"

if ldconfig -p 2>/dev/null | grep -q libnvidia-ml.so.1; then
  run nvml 0 10 --source nvml
  has nvml '^DCGM_FI_DEV_GPU_UTIL\{'
else
  run nvml 1 10 --source nvml
  err_is nvml 'not available'
fi

# nothing left running: the flood and the hang were killed and reaped
sleep 0.5
if pgrep -f 'sleep 31.25' >/dev/null || pgrep -f 'yes magi-flood' >/dev/null; then
  fail "a command outlived magi"
fi
echo "sources_cli: ok"
