#!/usr/bin/env bash
# Damage tracking (render/damage, app/pipeline): a recording that redraws
# only the rectangles that changed gives the same frames as one that draws
# every frame whole (MAGI_WHOLE_FRAMES=1), within 2 per channel (the kept
# 8-bit combine rounds one step differently), and it really did redraw only
# part of the picture. The system layout on demo data changes a few readouts
# a second, as a live display does. On software GL the partial frames combine
# only where the bloom really changed (gl_post_set_bloom_cull): those frames
# must equal, byte for byte, frames that combine the bloom's whole reach.
#   bash damage.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SCRATCH=$3
IMGDIFF=${MAGI_IMGDIFF:?MAGI_IMGDIFF is not set: run this through ctest}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ARGS=(--layout system --demo --size 960x540 --fps 2 --duration 4 --time 10 --seed 5)

"$MAGI" --record "$SCRATCH/partial" "${ARGS[@]}" 2>"$SCRATCH/partial.log" ||
  fail "--record failed: $(cat "$SCRATCH/partial.log")"
MAGI_WHOLE_FRAMES=1 "$MAGI" --record "$SCRATCH/whole" "${ARGS[@]}" 2>"$SCRATCH/whole.log" ||
  fail "--record (whole frames) failed: $(cat "$SCRATCH/whole.log")"
MAGI_BLOOM_CULL=0 "$MAGI" --record "$SCRATCH/reach" "${ARGS[@]}" 2>"$SCRATCH/reach.log" ||
  fail "--record (no bloom culling) failed: $(cat "$SCRATCH/reach.log")"
cat "$SCRATCH/partial.log" "$SCRATCH/whole.log"

# "N frames: S scenes redrawing P % of the picture on average, ..."
pct() { sed -n 's/.* scenes redrawing \([0-9.]*\) % of the picture.*/\1/p' "$1"; }
p=$(pct "$SCRATCH/partial.log")
w=$(pct "$SCRATCH/whole.log")
[[ -n $p && -n $w ]] || fail "no capture summary line in the logs"
[[ $w == 100.0 ]] || fail "whole frames redrew $w %, not 100 %"
awk -v p="$p" 'BEGIN { exit !(p > 0 && p < 90) }' ||
  fail "damage tracking redrew $p % of the picture on average (expected part of it)"

n=0
for f in "$SCRATCH"/whole/frame_*.png; do
  name=$(basename "$f")
  mkdir -p "$SCRATCH/diff/$name"
  "$IMGDIFF" --within 2 "$f" "$SCRATCH/partial/$name" "$SCRATCH/diff/$name" ||
    fail "$name: the partly redrawn frame differs from the whole one"
  # Bloom culling (software GL: combine only where the 8-bit bloom changed)
  # must not change a single byte against combining the bloom's whole reach.
  "$IMGDIFF" --within 0 "$SCRATCH/reach/$name" "$SCRATCH/partial/$name" "$SCRATCH/diff/$name" ||
    fail "$name: bloom culling changed the frame (against MAGI_BLOOM_CULL=0)"
  n=$((n + 1))
done
[[ $n -eq 8 ]] || fail "expected 8 frames, compared $n"
echo "damage: $n frames match; $p % of the picture redrawn per scene on average"
