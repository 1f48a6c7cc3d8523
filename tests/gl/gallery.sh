#!/usr/bin/env bash
# The widget gallery through the whole GL pipeline: every page renders with
# --screenshot, an unknown page is refused, and sample pixels show the motifs
# where STYLE.md and the target pictures put them: the ALERT takeover's field,
# rules and stripes, its ink flash (and none with --reduce-motion), the vote's
# mint panels, the countdown's orange_hot digits.
# Called as: bash gallery.sh MAGI SOURCE_DIR SCRATCH_DIR
set -euo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
export MAGI_DATA_DIR=$SRC

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

for page in system sheet alert wall cards emergency; do
  "$MAGI" --gallery "$page" --screenshot "$SCRATCH/$page.png" --time 12.5 --size 960x540 \
    || fail "--gallery $page --screenshot exited $?"
  [[ -s "$SCRATCH/$page.png" ]] || fail "$page.png not written"
done
if "$MAGI" --gallery nosuchpage --screenshot "$SCRATCH/x.png" 2>/dev/null; then
  fail "an unknown gallery page was accepted"
fi
# reduced motion: the takeover's ink stays black in the flash's off phase
"$MAGI" --gallery alert --screenshot "$SCRATCH/alert_off.png" --time 0.3 --size 960x540 \
  || fail "alert at t=0.3"
"$MAGI" --gallery alert --screenshot "$SCRATCH/alert_rm.png" --time 0.3 --size 960x540 \
  --reduce-motion || fail "alert with --reduce-motion"

# Pixel checks with a minimal PNG decoder (stdlib only).
/usr/bin/python3 - "$SCRATCH" <<'PYEOF'
import struct, sys, zlib

def load(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])

def check(cond, what):
    if not cond:
        print("FAIL:", what, file=sys.stderr)
        sys.exit(1)

d = sys.argv[1]
for name in ("system", "sheet", "alert", "wall", "cards", "emergency"):
    w, h, _ = load(f"{d}/{name}.png")
    check((w, h) == (960, 540), f"{name}.png is {w}x{h}")

# Coordinates below are measured at 1920x1080 and halved (the pictures are
# 960x540: same picture, STYLE.md rule 8).
def at(img, x, y):
    return img(x // 2, y // 2)

# ALERT: field red, the rules and the top band's stripes black (alert-1080p.png).
_, _, px = load(f"{d}/alert.png")
field, rule, stripe = at(px, 20, 500), at(px, 960, 191), at(px, 150, 5)
check(field[0] > 150 and field[1] < 60 and field[2] < 40, f"alert field {field}")
check(max(rule) < 40, f"alert rule {rule}")
check(max(stripe) < 40, f"alert stripe {stripe}")
check(at(px, 330, 5)[0] > 120, f"alert gap between stripes {at(px, 330, 5)}")
# Off phase: the ink turns alert_red_dim; with reduced motion it stays black.
off = at(load(f"{d}/alert_off.png")[2], 960, 191)
check(off[0] > 80 and off[1] < 30, f"alert ink in the off phase {off}")
rm = at(load(f"{d}/alert_rm.png")[2], 960, 191)
check(max(rm) < 40, f"alert ink with --reduce-motion {rm}")

# System page: mint vote panels, orange_hot countdown digits.
_, _, px = load(f"{d}/system.png")
panel = at(px, 850, 70)      # inside BALTHASAR, clear of its text
check(panel[1] > 180 and panel[0] < 150, f"vote panel {panel}")
hot = [at(px, x, y) for x in range(700, 1550, 8) for y in range(700, 960, 8)]
check(any(p[0] > 200 and p[1] < 110 and p[2] < 80 for p in hot), "no orange_hot digit pixels")
print("gallery ok")
PYEOF
