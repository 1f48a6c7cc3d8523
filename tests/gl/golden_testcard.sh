#!/usr/bin/env bash
# Golden images: the test card at 1280x720 and 640x360, rendered headless at a
# fixed clock time and seed (--screenshot --test-card --time 12.3 --seed 7),
# compared with tests/gl/golden/testcard_WxH.png by tools/imgdiff: identical,
# or every channel within 2 and at most 0.1 % of the pixels different. On a
# failure SCRATCH/WxH/ holds actual.png and diff.png. A missing reference
# fails; UPDATE_GOLDEN=1 (re)writes the references instead of comparing.
#
# Also: the same frame rendered without any window system (EGL, no $DISPLAY)
# is byte-identical to the one rendered through a hidden GLFW window.
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
IMGDIFF=${MAGI_IMGDIFF:?MAGI_IMGDIFF is not set: run this through ctest}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
status=0
for size in 1280x720 640x360; do
  out="$SCRATCH/$size"
  mkdir -p "$out"
  ref="$SRC/tests/gl/golden/testcard_$size.png"
  if ! "$MAGI" --screenshot "$out/render.png" --test-card --size "$size" --time 12.3 --seed 7; then
    echo "FAIL: magi --screenshot at $size failed" >&2
    status=1
    continue
  fi
  if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
    cp "$out/render.png" "$ref"
    echo "golden: wrote $ref"
    continue
  fi
  if ! "$IMGDIFF" "$ref" "$out/render.png" "$out"; then
    echo "FAIL: $size differs from $ref (see $out/actual.png, $out/diff.png)" >&2
    status=1
  fi
done

if [[ -n "${DISPLAY:-}" ]]; then
  if env -u DISPLAY -u WAYLAND_DISPLAY "$MAGI" --screenshot "$SCRATCH/egl.png" --test-card \
       --size 640x360 --time 12.3 --seed 7; then
    if ! cmp -s "$SCRATCH/egl.png" "$SCRATCH/640x360/render.png"; then
      echo "FAIL: the EGL (no window system) frame differs from the GLFW one" >&2
      status=1
    fi
  else
    echo "FAIL: --screenshot without a window system failed" >&2
    status=1
  fi
fi
exit $status
