#!/usr/bin/env bash
# The cluster layout against a real Prometheus whose alerting rule fires and
# then resolves. A screen started after the alert resolved must not take
# over: the first poll's query_range back-fill still holds the alert's past
# ALERTS samples, and those once made it look firing for 3 intervals (a false
# EMERGENCY at every start). While the alert fires, the takeover shows.
# The takeover is seen as the share of the screenshot that is its alert_red
# field (palette alert_red #D82008, effects off).
source "$(dirname "$0")/common.bash"
mkdir -p "$SCRATCH/textfile"
trigger() { # atomically, so node_exporter never reads half a file
  printf '# TYPE magi_test_trigger gauge\nmagi_test_trigger %s\n' "$1" >"$SCRATCH/trigger.tmp"
  mv "$SCRATCH/trigger.tmp" "$SCRATCH/textfile/trigger.prom"
}
trigger 1
start_node_exporter "$SCRATCH/textfile"
cat >"$SCRATCH/rules.yml" <<'YAML'
groups:
  - name: magi_test
    rules:
      - alert: MagiTestCritical
        expr: magi_test_trigger > 0
        labels:
          severity: critical
YAML
start_prometheus "$SCRATCH/rules.yml"
api="http://127.0.0.1:$PROM_PORT/api/v1/query"

# firing_alerts N SECONDS: waits until Prometheus reports N firing alerts.
firing_alerts() {
  "$PY" - "$api" "$1" "$2" <<'PYEOF' || fail "prometheus never reported $1 firing alerts"
import json, sys, time, urllib.parse, urllib.request
url = sys.argv[1] + "?query=" + urllib.parse.quote('ALERTS{alertstate="firing"}')
want, deadline = int(sys.argv[2]), time.time() + float(sys.argv[3])
while time.time() < deadline:
    try:
        if len(json.load(urllib.request.urlopen(url, timeout=1))["data"]["result"]) == want:
            sys.exit(0)
    except Exception:
        pass
    time.sleep(0.2)
sys.exit(1)
PYEOF
}

# The shipped cluster layout, asking this Prometheus every second.
sed -e "s#http://127.0.0.1:9090#http://127.0.0.1:$PROM_PORT#" -e 's/interval = 5.0/interval = 1.0/' \
  "$SRC/assets/layouts/cluster.cfg" >"$SCRATCH/cluster.cfg"
grep -q "127.0.0.1:$PROM_PORT" "$SCRATCH/cluster.cfg" || fail "cluster.cfg has no server to point here"

# shot NAME: a screenshot of the layout now; sets SHARE (its takeover red).
shot() {
  run_magi "$SCRATCH/$1.out" "$SCRATCH/$1.err" --layout "$SCRATCH/cluster.cfg" \
    --screenshot "$SCRATCH/$1.png" --size 480x270 --effects off
  [[ $RC -eq 0 ]] || fail "$1: exit $RC: $(cat "$SCRATCH/$1.err")"
  SHARE=$("$PY" "$HELPERS/png_share.py" "$SCRATCH/$1.png" D82008 24)
  echo "$1: takeover red covers $SHARE of the screen"
}

firing_alerts 1 60
shot firing
awk -v s="$SHARE" 'BEGIN { exit !(s > 0.3) }' || fail "a firing critical alert: no takeover ($SHARE)"

trigger 0
firing_alerts 0 60
sleep 4 # past 3 intervals (1 s each) since the alert's last sample
shot resolved
awk -v s="$SHARE" 'BEGIN { exit !(s < 0.05) }' \
  || fail "an alert resolved before the start took the screen over ($SHARE)"
echo "a resolved alert's back-filled history does not take the screen over"
