#!/usr/bin/env bash
# The live display on software GL shows partial frames by rectangle
# (GLX_MESA_copy_sub_buffer): what the X server shows must be the picture
# MAGI drew. On a private Xvfb, a layout whose only change is a clock near
# the top (so a rectangle shown at the wrong height leaves it stale):
#   - after the first frame every scene is shown by rectangle (the log);
#   - the screen really changes between two grabs a second apart (the
#     changed rectangles reach it);
#   - a grab equals MAGI's own screenshot (SIGUSR1, drawn whole) within 1
#     per channel, except the few digits that may tick in between.
#   bash live_partial_present.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
IMGDIFF=${MAGI_IMGDIFF:?MAGI_IMGDIFF is not set: run this through ctest}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH/home/Pictures"
source "$SRC/tests/gl/helpers/xserver.bash"
pid=
fail() {
  echo "FAIL: $*" >&2
  [[ -f $SCRATCH/log ]] && sed 's/^/    /' "$SCRATCH/log" >&2
  [[ -n $pid ]] && kill "$pid" 2>/dev/null
  stop_private_x
  exit 1
}
trap 'stop_private_x' EXIT
private_xvfb "$SCRATCH" "-screen 0 1920x1080x24" || { echo "skipped: no Xvfb"; exit 0; }
grab() { python3 "$SRC/tests/gl/helpers/xgrab.py" "$1" 1920 1080 || fail "cannot grab the screen"; }
cat >"$SCRATCH/clock.cfg" <<'CFG'
version = 1;
name = "clock";
display = { grid = [16, 9]; };
sources = ();
panels = (
  { cell = [0, 0, 16, 9]; hazard = false;
    widgets = ( { type = "rulers"; side = "marks"; spacing = 24.0; } ); },
  { cell = [1, 0, 6, 1]; hazard = false; widgets = ( { type = "clock"; } ); }
);
CFG

HOME=$SCRATCH/home XDG_CONFIG_HOME=$SCRATCH/home/.config \
  "$MAGI" --fullscreen --layout "$SCRATCH/clock.cfg" --reduce-motion --allow-blanking \
  2>"$SCRATCH/log" &
pid=$!
sleep 3.5
grep -q "software renderer" "$SCRATCH/log" ||
  { kill "$pid"; wait "$pid"; echo "skipped: not software GL"; exit 0; }
grab "$SCRATCH/g1.png"
sleep 1.2
grab "$SCRATCH/g2.png"
kill -USR1 "$pid"
for ((i = 0; i < 50; i++)); do
  ls "$SCRATCH"/home/Pictures/*.png >/dev/null 2>&1 && break
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid"
pid=
shot=$(ls "$SCRATCH"/home/Pictures/*.png 2>/dev/null | head -n1)
[[ -n $shot ]] || fail "no screenshot after SIGUSR1"

# "... K unchanged scenes skipped; N shown by rectangle"
line=$(grep "frames in" "$SCRATCH/log")
scenes=$(sed -n 's/.*: \([0-9]*\) scenes redrawing.*/\1/p' <<<"$line")
shown=$(sed -n 's/.*; \([0-9]*\) shown by rectangle.*/\1/p' <<<"$line")
[[ -n $scenes && -n $shown ]] || fail "no frame summary: $line"
if [[ $shown -eq 0 ]]; then
  grep -q "GLX_MESA_copy_sub_buffer" "$SCRATCH/log" && fail "nothing shown by rectangle"
fi
[[ $shown -ge 3 ]] || fail "only $shown of $scenes scenes shown by rectangle: $line"

mkdir -p "$SCRATCH/same" "$SCRATCH/shot"
if "$IMGDIFF" "$SCRATCH/g1.png" "$SCRATCH/g2.png" "$SCRATCH/same" >/dev/null 2>&1; then
  fail "the screen did not change in 1.2 s: changed rectangles do not reach it"
fi
out=$("$IMGDIFF" --within 1 "$shot" "$SCRATCH/g2.png" "$SCRATCH/shot" 2>&1)
echo "$out"
if ! grep -q "identical\|within tolerance" <<<"$out"; then
  pct=$(sed -n 's/.*(\([0-9.]*\) %).*/\1/p' <<<"$out")
  awk -v p="${pct:-100}" 'BEGIN { exit !(p < 0.5) }' ||
    fail "the screen differs from the picture MAGI drew: $out"
fi
echo "partial present: $shown of $scenes scenes shown by rectangle; the screen matches"
