#!/usr/bin/env bash
# A short soak (CLI.md --soak): 0.1 simulated hours of the demo incident loop
# at 320x180, every frame through the whole pipeline. The JSON line has the
# CLI.md keys, 360 frames, the same number of open descriptors at the end as
# after warm-up, and RSS within 1 MB of the post-warm-up figure. The log
# line's live-heap figure must not grow by more than 0.1 MiB either: RSS moves
# with heap fragmentation by most of a megabyte run to run, so on its own it
# misses a slow leak (a text cache that crept up by 0.2 MiB in these 180
# frames passed the RSS check in most runs).
# The soak gives freed heap pages back every 300 simulated seconds as the live
# loop does (platform/heap): once in these 360 frames.
# llvmpipe's own rasteriser threads are turned off (LP_NUM_THREADS=0): their
# per-thread malloc arenas move RSS by up to 2 MB either way from run to run,
# which would hide or fake a leak in MAGI's own code.
#   bash soak.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
LP_NUM_THREADS=0 "$MAGI" --soak 0.1 --size 320x180 >"$SCRATCH/soak.json" 2>"$SCRATCH/soak.log" || {
  echo "FAIL: --soak exited with status $?"
  cat "$SCRATCH/soak.log"
  exit 1
}
cat "$SCRATCH/soak.json"
/usr/bin/python3 - "$SCRATCH/soak.json" "$SCRATCH/soak.log" <<'PYEOF'
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, f'expected one JSON line, got {lines}'
j = json.loads(lines[0])
assert set(j) == {'frames', 'rss_start_mb', 'rss_end_mb', 'fds_start', 'fds_end'}, j
assert j['frames'] == 360, j
assert j['fds_end'] == j['fds_start'] and j['fds_start'] > 0, j
assert 10 < j['rss_start_mb'] < 4096, j
grew = j['rss_end_mb'] - j['rss_start_mb']
assert grew <= 1.0, f'RSS grew by {grew:.2f} MB after warm-up'
m = re.search(r'heap in use ([0-9.]+) -> ([0-9.]+) MiB', open(sys.argv[2]).read())
assert m, 'no heap figures in the soak log line'
heap = float(m.group(2)) - float(m.group(1))
assert heap <= 0.1, f'live heap grew by {heap:.2f} MiB after warm-up'
t = re.search(r'(\d+) heap trims', open(sys.argv[2]).read())
assert t and int(t.group(1)) == 1, 'expected one heap trim in 0.1 simulated hours'
print(f'soak: ok (RSS {grew:+.2f} MB, heap {heap:+.2f} MiB)')
PYEOF
