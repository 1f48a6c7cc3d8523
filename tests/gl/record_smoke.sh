#!/usr/bin/env bash
# --record (CLI.md): PNG frames named frame_00000.png ... in DIR, or raw RGB24
# on stdout with `-`. Checks the frame count and sizes, the exact byte count
# of the raw stream, that recording is deterministic, and that recorded
# frames are the frames --screenshot renders at the same clock times (the
# scheduler's scene / composite-only / repeat decisions change nothing that
# shows; a composite-only frame is made from the kept 8-bit combine and may
# round one step differently, hence --within 2).
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
IMGDIFF=${MAGI_IMGDIFF:?MAGI_IMGDIFF is not set: run this through ctest}
PY=/usr/bin/python3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
W=240
H=136
ARGS=(--test-card --size ${W}x${H} --fps 10 --duration 0.5 --time 1 --seed 3)

"$MAGI" --record "$SCRATCH/frames" "${ARGS[@]}" || fail "--record DIR failed"
n=$(ls "$SCRATCH/frames" | wc -l)
[[ $n -eq 5 ]] || fail "expected 5 frames, got $n: $(ls "$SCRATCH/frames")"
for i in 0 1 2 3 4; do
  f=$(printf '%s/frames/frame_%05d.png' "$SCRATCH" "$i")
  [[ -f $f ]] || fail "missing $f"
  "$PY" - "$f" $W $H <<'PYEOF' || fail "$f is not a ${W}x${H} RGB PNG"
import struct, sys
d = open(sys.argv[1], 'rb').read(33)
assert d[:8] == b'\x89PNG\r\n\x1a\n' and d[12:16] == b'IHDR'
w, h, depth, ctype = struct.unpack('>IIBB', d[16:26])
assert (w, h, depth, ctype) == (int(sys.argv[2]), int(sys.argv[3]), 8, 2), (w, h, depth, ctype)
PYEOF
done

"$MAGI" --record - "${ARGS[@]}" >"$SCRATCH/raw.rgb" || fail "--record - failed"
bytes=$(stat -c %s "$SCRATCH/raw.rgb")
[[ $bytes -eq $((W * H * 3 * 5)) ]] || fail "raw stream has $bytes bytes, expected $((W * H * 3 * 5))"
"$MAGI" --record - "${ARGS[@]}" | cmp -s - "$SCRATCH/raw.rgb" || fail "recording is not deterministic"

# Frame i of the recording is the screenshot at time 1 + i/10.
for i in 0 1 2 3 4; do
  t=$("$PY" -c "print(1 + $i / 10)")
  mkdir -p "$SCRATCH/cmp$i"
  "$MAGI" --screenshot "$SCRATCH/cmp$i/shot.png" --test-card --size ${W}x${H} --time "$t" \
    --seed 3 || fail "--screenshot at $t failed"
  f=$(printf '%s/frames/frame_%05d.png' "$SCRATCH" "$i")
  "$IMGDIFF" --within 2 "$SCRATCH/cmp$i/shot.png" "$f" "$SCRATCH/cmp$i" ||
    fail "frame $i differs from the screenshot at t=$t"
done

# A raw frame holds the same pixels as the PNG frame.
"$PY" - "$SCRATCH/raw.rgb" "$SCRATCH/frames/frame_00004.png" $W $H <<'PYEOF' || fail "raw frame 4 differs from frame_00004.png"
import struct, sys, zlib
raw = open(sys.argv[1], 'rb').read()
w, h = int(sys.argv[3]), int(sys.argv[4])
want = raw[4 * w * h * 3:5 * w * h * 3]
d = open(sys.argv[2], 'rb').read()
p, idat = 8, b''
while p < len(d):
    n, = struct.unpack('>I', d[p:p + 4]); t = d[p + 4:p + 8]
    if t == b'IDAT': idat += d[p + 8:p + 8 + n]
    p += 12 + n
data = zlib.decompress(idat)
stride, out, prev, pos = w * 3, bytearray(), bytearray(w * 3), 0
for y in range(h):
    f, line = data[pos], bytearray(data[pos + 1:pos + 1 + stride]); pos += 1 + stride
    for x in range(stride):
        a = line[x - 3] if x >= 3 else 0; b = prev[x]; c = prev[x - 3] if x >= 3 else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    out += line; prev = line
assert bytes(out) == want
PYEOF
echo "record: ok"
