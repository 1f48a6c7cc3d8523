#!/usr/bin/env bash
# Damage tracking (render/damage, app/pipeline): a recording that redraws
# only the rectangles that changed gives the same frames as one that draws
# every frame whole (MAGI_WHOLE_FRAMES=1), within 2 per channel (the kept
# 8-bit combine rounds one step differently), and it really did redraw only
# part of the picture. The system layout on demo data changes a few readouts
# a second, as a live display does. On software GL the partial frames combine
# only where the bloom really changed (gl_post_set_bloom_cull): those frames
# must equal, byte for byte, frames that combine the bloom's whole reach.
# The same with the burn-in pixel shift, which moves where the changed
# rectangles land in the window.
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
# check NAME [extra magi options]: records the three ways and compares.
check() {
  local name=$1 dir=$SCRATCH/$1
  shift
  local args=(--layout system --demo --size 960x540 --fps 2 --duration 4 --time 10 --seed 5 "$@")
  mkdir -p "$dir"
  "$MAGI" --record "$dir/partial" "${args[@]}" 2>"$dir/partial.log" ||
    fail "$name: --record failed: $(cat "$dir/partial.log")"
  MAGI_WHOLE_FRAMES=1 "$MAGI" --record "$dir/whole" "${args[@]}" 2>"$dir/whole.log" ||
    fail "$name: --record (whole frames) failed: $(cat "$dir/whole.log")"
  MAGI_BLOOM_CULL=0 "$MAGI" --record "$dir/reach" "${args[@]}" 2>"$dir/reach.log" ||
    fail "$name: --record (no bloom culling) failed: $(cat "$dir/reach.log")"
  cat "$dir/partial.log" "$dir/whole.log"

  # "N frames: S scenes redrawing P % of the picture on average, ..."
  pct() { sed -n 's/.* scenes redrawing \([0-9.]*\) % of the picture.*/\1/p' "$1"; }
  local p w
  p=$(pct "$dir/partial.log")
  w=$(pct "$dir/whole.log")
  [[ -n $p && -n $w ]] || fail "$name: no capture summary line in the logs"
  [[ $w == 100.0 ]] || fail "$name: whole frames redrew $w %, not 100 %"
  awk -v p="$p" 'BEGIN { exit !(p > 0 && p < 90) }' ||
    fail "$name: damage tracking redrew $p % of the picture on average (expected part of it)"

  local n=0 f base
  for f in "$dir"/whole/frame_*.png; do
    base=$(basename "$f")
    mkdir -p "$dir/diff/$base"
    "$IMGDIFF" --within 2 "$f" "$dir/partial/$base" "$dir/diff/$base" ||
      fail "$name: $base: the partly redrawn frame differs from the whole one"
    # Bloom culling (software GL: combine only where the 8-bit bloom changed)
    # must not change a single byte against combining the bloom's whole reach.
    "$IMGDIFF" --within 0 "$dir/reach/$base" "$dir/partial/$base" "$dir/diff/$base" ||
      fail "$name: $base: bloom culling changed the frame (against MAGI_BLOOM_CULL=0)"
    n=$((n + 1))
  done
  [[ $n -eq 8 ]] || fail "$name: expected 8 frames, compared $n"
  echo "damage ($name): $n frames match; $p % of the picture redrawn per scene on average"
}

check plain
# With the burn-in shift the changed rectangles land shifted in the window:
# a partial frame must combine and show them where they land.
check shifted --pixel-shift 4
# Without bloom nothing around a change is redrawn but the change itself.
check shifted_plain --pixel-shift 4 --effects off
if cmp -s "$SCRATCH/plain/whole/frame_00000.png" "$SCRATCH/shifted/whole/frame_00000.png"; then
  fail "--pixel-shift 4 did not move the picture at --time 10 (the shifted check tested nothing)"
fi
