#!/usr/bin/env bash
# Burn-in care (--pixel-shift): the whole picture moves by whole device
# pixels, exactly (with --effects off the shifted frame is the plain frame
# moved, the uncovered strip black); a minute later it has moved one more
# pixel; scanlines stay on device rows (--effects lite); captures are not
# shifted unless asked; --record steps the shift as a live screen would.
#   bash pixel_shift.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
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
S=(--test-card --size 320x180 --reduce-motion)
shot() { "$MAGI" --screenshot "$SCRATCH/$1.png" "${S[@]}" "${@:2}" || fail "--screenshot $1"; }
shot plain --effects off --time 200
shot plain_later --effects off --time 260
shot shift_a --effects off --time 200 --pixel-shift 4
shot shift_b --effects off --time 260 --pixel-shift 4
shot zero --effects off --time 200 --pixel-shift 0
shot lite --effects lite --time 200 --pixel-shift 4
shot plain58 --effects off --time 58
shot plain60 --effects off --time 60
shot shift58 --effects off --time 58 --pixel-shift 4
shot shift60 --effects off --time 60 --pixel-shift 4
cmp -s "$SCRATCH/plain.png" "$SCRATCH/zero.png" || fail "--pixel-shift 0 changed the frame"
"$MAGI" --record - "${S[@]}" --effects off --fps 1 --duration 3 --time 58 --pixel-shift 4 \
  >"$SCRATCH/rec.rgb" || fail "--record"

PYTHONPATH="$SRC/tests/gl/helpers" /usr/bin/python3 - "$SCRATCH" <<'PYEOF' || fail "see above"
import sys
import numpy as np
from png import read_png
d = sys.argv[1]
plain = read_png(f'{d}/plain.png').astype(int)
H, W, _ = plain.shape

def offset(img, ref):
    """The (dx, dy) that makes img the reference moved, or None."""
    hits = []
    for dy in range(-4, 5):
        for dx in range(-4, 5):
            ys, xs = slice(max(dy, 0), H + min(dy, 0)), slice(max(dx, 0), W + min(dx, 0))
            yr, xr = slice(max(-dy, 0), H + min(-dy, 0)), slice(max(-dx, 0), W + min(-dx, 0))
            if np.array_equal(img[ys, xs], ref[yr, xr]):
                hits.append((dx, dy))
    return hits[0] if len(hits) == 1 else None

a = read_png(f'{d}/shift_a.png').astype(int)
b = read_png(f'{d}/shift_b.png').astype(int)
oa = offset(a, plain)
ob = offset(b, read_png(f'{d}/plain_later.png').astype(int))
print('offsets at t=200 and t=260:', oa, ob)
assert oa is not None and ob is not None, 'not a whole-pixel shift of the plain frame'
assert oa != (0, 0) and max(abs(oa[0]), abs(oa[1])) <= 2 and max(abs(ob[0]), abs(ob[1])) <= 2
assert abs(oa[0] - ob[0]) + abs(oa[1] - ob[1]) == 1, 'not one pixel a minute'
# The strip the move uncovers is black.
dx, dy = oa
if dx > 0: assert a[:, :dx].max() == 0
if dx < 0: assert a[:, W + dx:].max() == 0
if dy > 0: assert a[:dy].max() == 0
if dy < 0: assert a[H + dy:].max() == 0

# Scanlines stay on device rows: odd rows darker than the even row above.
lite = read_png(f'{d}/lite.png').astype(float).max(axis=2)
top, bot = lite[0:-1:2], lite[1::2]
n = min(len(top), len(bot))
top, bot = top[:n], bot[:n]
lit = (top > 40) & (bot > 40)
r = float(np.median(bot[lit] / top[lit]))
print(f'shifted lite frame: odd/even rows {r:.3f}')
assert 0.93 < r < 0.97, r

# --record from t=58 at 1 fps: its frames are the shifted screenshots, and
# the step at t=60 (a minute boundary of the simulated wall clock) shows.
raw = np.fromfile(f'{d}/rec.rgb', dtype=np.uint8).reshape(3, H, W, 3).astype(int)
for i, t in ((0, 58), (2, 60)):
    assert np.array_equal(raw[i], read_png(f'{d}/shift{t}.png')), f'recorded frame {i}'
o58 = offset(raw[0], read_png(f'{d}/plain58.png').astype(int))
o60 = offset(raw[2], read_png(f'{d}/plain60.png').astype(int))
print('recorded offsets at t=58 and t=60:', o58, o60)
assert o58 and o60 and abs(o58[0] - o60[0]) + abs(o58[1] - o60[1]) == 1
print('pixel shift: ok')
PYEOF
