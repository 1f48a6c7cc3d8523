#!/usr/bin/env bash
# --bench (CLI.md): every line one JSON object with a "bench" key; the lines
# the contract names are there with numbers (gpu_ms may be null); and on a
# still screen with ambient animation off the live loop draws nothing.
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
"$MAGI" --bench --test-card --size 320x180 --seconds 0.6 >"$SCRATCH/bench.jsonl" ||
  { echo "FAIL: --bench exited non-zero" >&2; exit 1; }
cat "$SCRATCH/bench.jsonl"
/usr/bin/python3 - "$SCRATCH/bench.jsonl" <<'PYEOF'
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
got = {}
for l in lines:
    o = json.loads(l)
    assert isinstance(o, dict) and isinstance(o.get("bench"), str), l
    got[o["bench"]] = o
def num(o, k, null_ok=False):
    v = o[k]
    if v is None and null_ok:
        return
    assert isinstance(v, (int, float)) and v >= 0, (k, v)
num(got["first_frame"], "wall_ms")
for b in ("full_frame", "composite_only"):
    num(got[b], "cpu_ms"); num(got[b], "wall_ms"); num(got[b], "gpu_ms", True)
    assert got[b]["frames"] >= 10
num(got["build_batch"], "cpu_us")
assert got["build_batch"]["vertices"] > 1000
num(got["poll_linux"], "cpu_us", True)
num(got["rss"], "rss_mb")
assert got["system"]["w"] == 320 and got["system"]["h"] == 180
if got["system"]["presented"]:
    assert got["idle"]["frames"] == 0, got["idle"]
    num(got["idle"], "cpu_pct")
print("bench: ok")
PYEOF
