#!/usr/bin/env bash
# --reduce-motion end to end (command line -> session -> widgets and post
# chain), and the layout's reduce_motion setting:
#   the alert, emergency and status-card galleries, which strobe and flash
#   (tens of thousands of pixels change between frames 1/8 s apart), are
#   perfectly still with --reduce-motion, full effects included (no flicker,
#   no grain motion);
#   their colour states are kept: all the alert red that stays between flashes
#   is there (what goes is the flash itself);
#   a layout with `reduce_motion = true` renders exactly what --reduce-motion
#   renders, frame for frame.
#   bash reduce_motion.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
R=(--size 320x180 --fps 8 --duration 2 --time 10 --effects full)
for g in alert emergency cards; do
  "$MAGI" --record - --gallery $g "${R[@]}" >"$SCRATCH/$g.rgb" 2>/dev/null || fail "record $g"
  "$MAGI" --record - --gallery $g "${R[@]}" --reduce-motion >"$SCRATCH/$g-rm.rgb" 2>/dev/null ||
    fail "record $g --reduce-motion"
done
sed 's/^display = {$/display = {\n  reduce_motion = true;/' "$SRC/assets/layouts/demo.cfg" >"$SCRATCH/demo-rm.cfg"
grep -q 'reduce_motion = true' "$SCRATCH/demo-rm.cfg" || fail "could not make the layout variant"
L=(--demo --size 320x180 --fps 4 --duration 3 --time 44)
"$MAGI" --record - --layout demo "${L[@]}" --reduce-motion >"$SCRATCH/demo-flag.rgb" 2>/dev/null ||
  fail "record demo --reduce-motion"
"$MAGI" --record - --layout "$SCRATCH/demo-rm.cfg" "${L[@]}" >"$SCRATCH/demo-setting.rgb" 2>/dev/null ||
  fail "record demo with reduce_motion = true"
"$MAGI" --record - --layout demo "${L[@]}" >"$SCRATCH/demo-moving.rgb" 2>/dev/null || fail "record demo"
cmp -s "$SCRATCH/demo-flag.rgb" "$SCRATCH/demo-setting.rgb" ||
  fail "the layout's reduce_motion differs from --reduce-motion"
cmp -s "$SCRATCH/demo-flag.rgb" "$SCRATCH/demo-moving.rgb" &&
  fail "--reduce-motion changed nothing in the demo layout"

/usr/bin/python3 - "$SCRATCH" <<'PYEOF' || fail "see above"
import sys
import numpy as np
d = sys.argv[1]
def frames(name):
    return np.fromfile(f'{d}/{name}.rgb', dtype=np.uint8).reshape(-1, 180, 320, 3).astype(int)
def changes(a):
    return [int((np.abs(a[i + 1] - a[i]).max(axis=2) > 8).sum()) for i in range(len(a) - 1)]
def red(f):  # alert_red and its dim shade, not orange
    return int(((f[:, :, 0] > 120) & (f[:, :, 1] < 70) & (f[:, :, 2] < 70)).sum())
for g in ('alert', 'emergency', 'cards'):
    moving, still = frames(g), frames(g + '-rm')
    cm, cs = changes(moving), changes(still)
    print(f'{g}: changed pixels per frame {max(cm)} moving, {max(cs)} with --reduce-motion')
    assert max(cm) > 300, f'{g} does not move without --reduce-motion: the test proves nothing'
    assert max(cs) == 0, f'{g} still moves with --reduce-motion'
    steady, kept = min(red(f) for f in moving), red(still[0])
    print(f'{g}: red pixels {steady} between flashes, {kept} with --reduce-motion')
    assert kept > 1000 and kept >= 0.95 * steady, f'{g}: the colour state was lost'
print('reduce motion: ok')
PYEOF
