#!/usr/bin/env bash
# The selector language against the real thing: a real Prometheus (Debian's)
# and magi both read one node_exporter serving hwmon-shaped series, odd
# values and histograms; each
# expression below is answered by Prometheus's query API and by
# `magi --list-metrics --source scrape:... --query EXPR`, and the answers must
# be the same series (names and labels) with the same values -- or both must
# refuse it. Prometheus adds job="node" to what it scrapes; that one label is
# left out of the comparison (magi's scrape source adds instance, as it does).
source "$(dirname "$0")/common.bash"
mkdir -p "$SCRATCH/textfile"
cat >"$SCRATCH/textfile/hwmon.prom" <<'PROM'
# TYPE t_temp gauge
t_temp{chip="c0",sensor="temp1"} 50
t_temp{chip="c0",sensor="temp2"} 60
t_temp{chip="n0",sensor="temp1"} 40.5
t_temp{chip="a0",sensor="temp1"} 30
# TYPE t_temp_max gauge
t_temp_max{chip="c0",sensor="temp1"} 90
t_temp_max{chip="n0",sensor="temp1"} 80
# TYPE t_chip_names gauge
t_chip_names{chip="c0",chip_name="coretemp"} 1
t_chip_names{chip="n0",chip_name="nvme"} 1
t_chip_names{chip="a0",chip_name="acpitz"} 1
# TYPE t_sensor_label gauge
t_sensor_label{chip="c0",label="package",sensor="temp1"} 1
t_sensor_label{chip="c0",label="core_0",sensor="temp2"} 1
t_sensor_label{chip="n0",label="composite",sensor="temp1"} 1
# TYPE t_odd gauge
t_odd{k="nan"} NaN
t_odd{k="inf"} +Inf
t_odd{k="neg"} -7
t_odd{k="zero"} 0
# TYPE t_h histogram
t_h_bucket{job_="api",le="0.1"} 2
t_h_bucket{job_="api",le="0.5"} 6
t_h_bucket{job_="api",le="1"} 9
t_h_bucket{job_="api",le="+Inf"} 10
t_h_sum{job_="api"} 4
t_h_count{job_="api"} 10
t_h_bucket{job_="web",le="0.25"} 0
t_h_bucket{job_="web",le="2.5"} 30
t_h_bucket{job_="web",le="10"} 25
t_h_bucket{job_="web",le="+Inf"} 41
t_h_sum{job_="web"} 40
t_h_count{job_="web"} 41
# TYPE t_h2 gauge
t_h2{le="1"} 5
t_h2{le="2"} 7
PROM
start_node_exporter "$SCRATCH/textfile"
start_prometheus
api="http://127.0.0.1:$PROM_PORT/api/v1/query"
scrape="scrape:http://127.0.0.1:$NE_PORT/metrics"

cat >"$SCRATCH/exprs" <<'EXPRS'
t_temp
t_temp * on(chip) group_left(chip_name) t_chip_names
t_chip_names * 2 - on(chip) group_right(chip_name) t_temp
t_temp / on(chip) group_left t_chip_names
t_temp{sensor="temp1"} - on(chip) t_chip_names
t_sensor_label + ignoring(label) t_temp
t_temp * on(chip) group_left(chip_name) t_chip_names * on(chip, sensor) group_left(label) t_sensor_label or on(chip, sensor) t_temp
max by (chip_name) (t_temp * on(chip) group_left(chip_name) t_chip_names)
t_sensor_label{chip="n0"} * on(chip) group_left(label) t_chip_names
t_temp_max - t_temp
t_temp_max - ignoring(sensor) t_temp{sensor="temp1"}
t_temp and on(chip) t_chip_names{chip_name="nvme"}
t_temp unless on(chip) t_chip_names{chip_name!="nvme"}
t_temp and t_temp_max
t_temp_max or t_temp
t_temp or t_temp_max
t_temp{chip="n0"} or t_temp{chip="a0"} and t_temp{chip="c0"}
(t_temp{chip="n0"} or t_temp{chip="a0"}) unless t_temp{chip="n0"}
t_temp > 45
45 < t_temp
t_temp >= bool 40.5
t_temp_max != on(chip, sensor) t_temp
t_temp_max == ignoring(x) t_temp
t_temp_max > bool t_temp
count(t_temp <= 50)
sum(t_temp) % 7
t_temp % 7 ^ 2
-t_temp ^ 2
2 ^ 3 ^ 2
t_odd > 0
t_odd != bool t_odd
t_odd / 0
t_odd % 3
t_odd == bool 0
1 > bool 2
t_chip_names * on(chip) group_left t_temp
t_temp * on(chip) group_right t_chip_names
t_temp + on(chip) t_chip_names
{__name__=~"t_temp|t_temp_max",chip="c0",sensor="temp1"} * on(chip) group_left t_chip_names
abs(t_odd)
ceil(t_temp / 7) + floor(t_temp / 7)
round(t_temp / 7)
round(t_temp / 7, 0.25)
round(-t_odd / 2)
sqrt(t_temp) + ln(t_temp) - log2(t_temp) * log10(t_temp)
exp(t_odd)
sgn(t_odd)
clamp(t_temp, 35, 55)
clamp_min(t_odd, 1)
clamp_max(t_odd, 1)
clamp(t_temp, 5, 1)
vector(3)
scalar(t_temp{chip="a0"}) * 2
scalar(t_temp)
vector(scalar(t_temp_max{chip="n0"}))
topk(2, t_temp)
bottomk by (chip) (1, t_temp)
topk(0, t_temp)
topk(2, t_odd)
bottomk(2, t_odd)
quantile(0.5, t_temp)
quantile(0.9, t_temp)
quantile by (chip) (0.25, t_temp)
quantile(-1, t_temp) + quantile(2, t_temp)
stddev(t_temp)
stdvar by (chip) (t_temp)
group by (chip) (t_temp)
histogram_quantile(0.5, t_h_bucket)
histogram_quantile(0.95, t_h_bucket)
histogram_quantile(0.1, t_h_bucket)
histogram_quantile(0.99, sum by (le) (t_h_bucket))
histogram_quantile(0.5, t_h2)
max_over_time(t_temp[1m]) - min_over_time(t_temp[1m])
avg_over_time(t_temp[1m])
changes(t_temp[1m]) + resets(t_temp[1m])
delta(t_temp[1m]) + idelta(t_temp[1m]) + deriv(t_temp[1m])
predict_linear(t_temp[1m], 3600)
last_over_time(t_temp[1m])
present_over_time(t_temp[1m])
stddev_over_time(t_temp[1m]) + stdvar_over_time(t_temp[1m])
quantile_over_time(0.5, t_temp[1m])
absent(t_nothing{a="x",b=~"y",c="z"})
absent(t_nothing{a="x",a="y"})
absent(sum(t_nothing))
absent(t_temp)
time() - timestamp(t_temp) < bool 30
timestamp(abs(t_temp)) - time()
label_replace(t_temp, "dev", "$1", "chip", "(.)0")
sum by (dev) (label_replace(t_temp, "dev", "sensor-${1}", "sensor", "temp([0-9])"))
label_replace(t_temp, "sensor", "", "sensor", ".*")
label_replace(t_temp, "new", "$1x", "chip", "(.*)")
label_replace(t_temp, "new", "$$1 ${1}$", "chip", "(.*)")
label_replace(t_temp, "__name__", "renamed", "chip", "c0")
label_replace(t_temp, "x", "y", "nolabel", "")
label_replace(t_temp, "x", "y", "chip", "nomatch")
label_replace(t_temp * on(chip) group_left(chip_name) t_chip_names, "name", "$2 $1", "chip_name", "(.)(.*)")
label_join(t_temp, "id", "/", "chip", "sensor")
label_join(t_temp, "id", "-", "chip", "nolabel", "sensor")
label_join(t_temp, "chip", "")
t_temp offset 1s
t_temp - t_temp offset 1s
max_over_time(t_temp[1m] offset 1s)
sum(t_odd offset 1s)
holt_winters(t_temp[1m], 0.5, 0.5)
holt_winters(t_odd[1m], 0.3, 0.7)
holt_winters(t_temp[1m], 1, 0.5)
holt_winters(t_temp[1m], 0.5, 0)
year(vector(1700000000)) * 10000 + month(vector(1700000000)) * 100 + day_of_month(vector(1700000000))
day_of_week(vector(1700000000)) + hour(vector(1700000000)) + minute(vector(1700000000.9))
day_of_year(vector(1700000000))
days_in_month(vector(951782400)) + days_in_month(vector(4106332800))
day_of_week(t_temp)
day_of_week(t_odd{k!~"nan|inf"})
day_of_year(vector(-1)) + hour(vector(-0.5))
year()
EXPRS

# Wait until Prometheus has scraped the series three times (the functions
# over time need two samples in their window; magi's two polls give it two).
wait_prom_value "$api" '(count(t_temp) + count(t_odd)) * min(count_over_time(t_temp[1m]))' 24 ||
  fail "prometheus never had the series"

"$PY" - "$MAGI" "$api" "$scrape" "$SCRATCH/exprs" <<'PYEOF'
import concurrent.futures, json, math, re, subprocess, sys, urllib.parse, urllib.request
magi, api, scrape, exprs = sys.argv[1:]

def num(s):
    return float(s.replace("Inf", "inf"))

def same(a, b):
    # sums in another order may differ in the last bits
    return (math.isnan(a) and math.isnan(b)) or a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))

def prometheus(e):
    try:
        r = json.load(urllib.request.urlopen(api + "?query=" + urllib.parse.quote(e), timeout=10))
    except urllib.error.HTTPError as err:
        r = json.load(err)
    if r["status"] != "success":
        return None, r.get("error", "")
    d = r["data"]
    if d["resultType"] == "scalar":
        return {(): num(d["result"][1])}, ""
    out = {}
    for s in d["result"]:
        m = {k: v for k, v in s["metric"].items() if k != "job"}
        out[tuple(sorted(m.items()))] = num(s["value"][1])
    return out, ""

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)?(\{.*\})? (\S+)( # stale)?$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')

def magi_answer(e):
    p = subprocess.run([magi, "--list-metrics", "--source", scrape, "--query", e],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        return None, p.stderr.strip()
    out = {}
    for line in p.stdout.splitlines():
        m = LINE.match(line)
        if not m:
            raise SystemExit(f"FAIL: {e}: unreadable line {line!r}")
        labels = dict(LABEL.findall(m.group(2) or ""))
        if m.group(1):
            labels["__name__"] = m.group(1)
        out[tuple(sorted(labels.items()))] = num(m.group(3))
    # Prometheus answers a scalar for number-only expressions; magi "{} v"
    return out, ""

def check(e):
    want, werr = prometheus(e)
    got, gerr = magi_answer(e)
    if want is None or got is None:
        if want is None and got is None:
            return f"ok (both refuse): {e}"
        return f"FAIL: {e}\n  prometheus: {want if want is not None else 'error ' + werr}\n" \
               f"  magi: {got if got is not None else 'error ' + gerr}"
    if want.keys() != got.keys() or any(not same(want[k], got[k]) for k in want):
        return f"FAIL: {e}\n  prometheus: {sorted(want.items())}\n  magi:       {sorted(got.items())}"
    return f"ok ({len(want)} results): {e}"

lines = [l for l in open(exprs).read().splitlines() if l.strip()]
with concurrent.futures.ThreadPoolExecutor(4) as pool:
    results = list(pool.map(check, lines))
bad = [r for r in results if r.startswith("FAIL")]
for r in results:
    print(r)
if bad:
    sys.exit(f"{len(bad)} of {len(lines)} expressions differ from Prometheus")
print(f"all {len(lines)} expressions answer as Prometheus does")
PYEOF
