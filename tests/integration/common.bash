# Shared helpers for the integration scripts (sourced; not a test itself).
# Every script is called as: bash SCRIPT MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -euo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
PY=/usr/bin/python3
HELPERS="$SRC/tests/integration"

PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# A loopback port that was free a moment ago (servers that cannot bind port 0
# themselves get one of these; the caller retries on a clash).
free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_http URL SECONDS: until URL answers 200.
wait_http() {
  local url=$1 secs=$2 i
  for ((i = 0; i < secs * 10; i++)); do
    if "$PY" - "$url" <<'PYEOF' 2>/dev/null; then return 0; fi
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=1).read()
PYEOF
    sleep 0.1
  done
  fail "no answer from $url within $secs s"
}

# start_fault_server: runs fault_server.py, sets FAULT_PORT (HTTP) and
# RAW_PORT (a TCP server that answers with non-HTTP bytes).
start_fault_server() {
  local pf="$SCRATCH/fault.port"
  rm -f "$pf"
  "$PY" "$HELPERS/fault_server.py" "$pf" >"$SCRATCH/fault.log" 2>&1 &
  PIDS+=($!)
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s "$pf" ]] && break
    sleep 0.05
  done
  [[ -s "$pf" ]] || fail "fault server did not start"
  read -r FAULT_PORT RAW_PORT <"$pf"
}

# start_node_exporter TEXTFILE_DIR: sets NE_PORT.
start_node_exporter() {
  local dir=$1 try
  for try in 1 2 3 4 5; do
    NE_PORT=$(free_port)
    prometheus-node-exporter --web.listen-address="127.0.0.1:$NE_PORT" \
      --collector.disable-defaults --collector.textfile \
      --collector.textfile.directory="$dir" >"$SCRATCH/node_exporter.log" 2>&1 &
    local pid=$!
    PIDS+=($pid)
    sleep 0.3
    if kill -0 "$pid" 2>/dev/null; then
      wait_http "http://127.0.0.1:$NE_PORT/metrics" 10
      return 0
    fi
  done
  fail "node_exporter did not start: $(tail -n 3 "$SCRATCH/node_exporter.log")"
}

# start_prometheus [RULES_FILE]: a real Prometheus (the Debian package, as a
# plain process) scraping the node_exporter at NE_PORT every second, with
# alerting rules from RULES_FILE evaluated every second; sets PROM_PORT.
start_prometheus() {
  local rules=${1:-} try
  for try in 1 2 3 4 5; do
    PROM_PORT=$(free_port)
    cat >"$SCRATCH/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NE_PORT']
YAML
    if [[ -n "$rules" ]]; then
      printf 'rule_files:\n  - %s\n' "$rules" >>"$SCRATCH/prometheus.yml"
    fi
    prometheus --config.file="$SCRATCH/prometheus.yml" --storage.tsdb.path="$SCRATCH/tsdb" \
      --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn \
      >"$SCRATCH/prometheus.log" 2>&1 &
    local pid=$!
    PIDS+=($pid)
    sleep 0.5
    if kill -0 "$pid" 2>/dev/null; then
      wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 30
      return 0
    fi
  done
  fail "prometheus did not start: $(tail -n 3 "$SCRATCH/prometheus.log")"
}

# wait_prom_value API QUERY MIN: until the Prometheus query API at API
# answers QUERY with a first value of at least MIN (30 s at most).
wait_prom_value() {
  "$PY" - "$1" "$2" "$3" <<'PYEOF'
import json, sys, time, urllib.parse, urllib.request
api, query, least = sys.argv[1], sys.argv[2], float(sys.argv[3])
url = api + "?query=" + urllib.parse.quote(query)
for _ in range(300):
    try:
        r = json.load(urllib.request.urlopen(url, timeout=1))
        if r["data"]["result"] and float(r["data"]["result"][0]["value"][1]) >= least:
            sys.exit(0)
    except Exception:
        pass
    time.sleep(0.1)
sys.exit(1)
PYEOF
}

# run_magi OUT ERR ARGS...: runs magi, sets RC and ELAPSED (seconds).
run_magi() {
  local out=$1 err=$2
  shift 2
  local t0=$EPOCHREALTIME
  set +e
  "$MAGI" "$@" >"$out" 2>"$err"
  RC=$?
  set -e
  ELAPSED=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
}

# expect_line FILE LINE: FILE holds LINE exactly.
expect_line() {
  grep -qxF -- "$2" "$1" || {
    echo "--- $1:" >&2
    head -n 40 "$1" >&2
    fail "missing line: $2"
  }
}
