#!/usr/bin/env bash
# The live display on software GL shows partial frames by rectangle
# (GLX_MESA_copy_sub_buffer): what the X server shows must be the picture
# MAGI drew. On a private Xvfb, a layout whose only change is a clock near
# the top (so a rectangle shown at the wrong height leaves it stale):
#   - after the first frame every scene is shown by rectangle (the log);
#   - the screen really changes between two grabs a second apart (the
#     changed rectangles reach it);
#   - a grab equals MAGI's own screenshot (SIGUSR1, drawn whole) within 1
#     per channel, taken between two grabs that agree (no digit ticked).
# On two cores or fewer, without llvmpipe's rasteriser threads (app/app.c).
# Twice: the software-GL default (no ambient animation), and full effects
# once the ambient animation has settled, where changed rectangles are
# combined straight into the window's buffer with the frozen grain.
#   bash live_partial_present.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
IMGDIFF=${MAGI_IMGDIFF:?MAGI_IMGDIFF is not set: run this through ctest}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH/home/Pictures"
source "$SRC/tests/gl/helpers/live.bash"
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

run_case() {
local name=$1 warm=$2
shift 2
rm -f "$SCRATCH"/home/Pictures/*.png
HOME=$SCRATCH/home XDG_CONFIG_HOME=$SCRATCH/home/.config \
  "$MAGI" --fullscreen --layout "$SCRATCH/clock.cfg" --allow-blanking "$@" \
  2>"$SCRATCH/log" &
pid=$!
sleep "$warm"
# (full effects were asked for in the second case, so only the first says)
[[ $* == *--effects* ]] || grep -q "software renderer" "$SCRATCH/log" ||
  { kill "$pid"; wait "$pid"; pid=; echo "skipped: not software GL"; exit 0; }
# On two cores or fewer llvmpipe draws without its rasteriser threads
# (app/app.c), unless LP_NUM_THREADS was given; the frames must not change.
if [[ -z ${LP_NUM_THREADS:-} && $(nproc) -le 2 ]]; then
  grep -q "without llvmpipe's rasteriser threads" "$SCRATCH/log" ||
    fail "$name: on $(nproc) cores the display kept llvmpipe's threads"
  ! grep -qs '^llvmpipe' /proc/"$pid"/task/*/comm ||
    fail "$name: llvmpipe's rasteriser threads were started"
elif grep -q "without llvmpipe's rasteriser threads" "$SCRATCH/log"; then
  fail "$name: rasteriser threads turned off on $(nproc) cores or against LP_NUM_THREADS"
fi
grab "$SCRATCH/g1.png"
sleep 1.2
# A screenshot (SIGUSR1) redraws the whole picture from the kept scene and
# reads it back; grabs just before and after it that agree mean no digit
# ticked in between, so the screen must equal it. Up to four tries.
stable=
for ((try = 0; try < 4; try++)); do
  python3 "$SRC/tests/gl/helpers/xgrab.py" --around "$pid" "$SCRATCH/log" \
    "$SCRATCH/g2.png" "$SCRATCH/g3.png" 1920 1080 || fail "$name: no screenshot after SIGUSR1"
  rm -rf "$SCRATCH/same"
  mkdir -p "$SCRATCH/same"
  if "$IMGDIFF" --within 1 "$SCRATCH/g2.png" "$SCRATCH/g3.png" "$SCRATCH/same" >/dev/null 2>&1; then
    stable=1
    break
  fi
done
shot=$(grep "screenshot: " "$SCRATCH/log" | tail -n1 | sed 's/.*screenshot: //')
kill -TERM "$pid"
wait "$pid"
pid=
[[ -n $shot && -f $shot ]] || fail "$name: no screenshot after SIGUSR1"

# "... K unchanged scenes skipped; N shown by rectangle"
line=$(grep "frames in" "$SCRATCH/log")
scenes=$(sed -n 's/.*: \([0-9]*\) scenes redrawing.*/\1/p' <<<"$line")
shown=$(sed -n 's/.*; \([0-9]*\) shown by rectangle.*/\1/p' <<<"$line")
[[ -n $scenes && -n $shown ]] || fail "no frame summary: $line"
if [[ $shown -eq 0 ]]; then
  grep -q "GLX_MESA_copy_sub_buffer" "$SCRATCH/log" && fail "nothing shown by rectangle"
fi
[[ $shown -ge 3 ]] || fail "$name: only $shown of $scenes scenes shown by rectangle: $line"

rm -rf "$SCRATCH/same" "$SCRATCH/shot"
mkdir -p "$SCRATCH/same" "$SCRATCH/shot"
if "$IMGDIFF" "$SCRATCH/g1.png" "$SCRATCH/g2.png" "$SCRATCH/same" >/dev/null 2>&1; then
  fail "$name: the screen did not change in 1.2 s: changed rectangles do not reach it"
fi
out=$("$IMGDIFF" --within 1 "$shot" "$SCRATCH/g2.png" "$SCRATCH/shot" 2>&1)
echo "$out"
grep -q "identical\|within tolerance" <<<"$out" ||
  fail "$name: the screen differs from the picture MAGI drew: $out"
[[ -n $stable ]] ||
  fail "$name: the screen changed across each of 4 screenshots (partial frames differ from whole ones?)"
echo "partial present, $name: $shown of $scenes scenes shown by rectangle; the screen matches"
}

run_case "software-GL default" 3.5 --reduce-motion
# the ambient grain and flicker fade out 1 s after the start, then hold
run_case "full effects, settled" 6 --effects full --ambient-idle 1
