#!/usr/bin/env bash
# A panel held at CAUTION (a core pegged by a long build) must not keep the
# live display drawing: its hazard stripes scroll while the picture is fresh
# and come to rest with it (--ambient-idle, then the 2 s fade), and only a
# rise of the screen's level brings them back. On a private Xvfb, a layout
# with one readout over its caution threshold (an exec source reading 95 from a file):
#   - with --ambient-idle 1, two grabs 1.5 s apart once settled are the same
#     picture, and the process logs few frames; then the value falls below
#     the threshold and rises over it again, and two grabs 0.7 s apart
#     differ again;
#   - with --ambient-idle 0 (never settles) the same grabs differ (the
#     stripes do move) and the display draws about twice as many frames.
#   bash live_settle.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
source "$SRC/tests/gl/helpers/live.bash"
private_xvfb "$SCRATCH" "-screen 0 640x360x24" || { echo "skipped: no Xvfb"; exit 0; }
grab() { python3 "$SRC/tests/gl/helpers/xgrab.py" "$1" 640 360 || fail "cannot grab the screen"; }
cat >"$SCRATCH/hot.cfg" <<'CFG'
version = 1;
name = "hot";
display = { grid = [16, 9]; };
sources = ( { spec = "exec:cat @VALUE@"; name = "load"; interval = 1.0; } );
panels = (
  { cell = [1, 1, 14, 7]; title = { label = { jp = "負荷"; en = "LOAD"; }; };
    widgets = ( { type = "readout"; value = "load"; format = "int";
                  thresholds = { caution = 90.0; }; } ); }
);
CFG
sed -i "s#@VALUE@#$SCRATCH/value#" "$SCRATCH/hot.cfg"

# run_case NAME IDLE [rise]: frames drawn over 12 s, grabs at 6 and 7.5 s;
# with "rise", the value then falls to NOMINAL and rises to CAUTION again,
# and two more grabs are taken while the stripes should be moving again
# (CAUTION blinks nothing, so only they can make the grabs differ).
run_case() {
  local name=$1 idle=$2 rise=${3:-}
  echo 95 >"$SCRATCH/value"
  "$MAGI" --fullscreen --layout "$SCRATCH/hot.cfg" --allow-blanking --pixel-shift 0 \
    --ambient-idle "$idle" 2>"$SCRATCH/log" &
  pid=$!
  sleep 6
  kill -0 "$pid" 2>/dev/null || fail "$name: magi exited"
  grab "$SCRATCH/$name-a.png"
  sleep 1.5
  grab "$SCRATCH/$name-b.png"
  if [[ -n $rise ]]; then
    echo 50 >"$SCRATCH/value"   # NOMINAL: the stripes go
    sleep 2
    echo 95 >"$SCRATCH/value"   # CAUTION again: news
    sleep 1.5
    grab "$SCRATCH/$name-c.png"
    sleep 0.7
    grab "$SCRATCH/$name-d.png"
    sleep 0.3
  else
    sleep 4.5
  fi
  kill -TERM "$pid"
  wait "$pid" || fail "$name: exit status $?"
  pid=
  frames=$(sed -n 's/.*app: \([0-9]*\) frames in .*/\1/p' "$SCRATCH/log")
  [[ -n $frames ]] || fail "$name: no frame count in the log"
  echo "$name: $frames frames"
}

run_case settled 1 rise
settled=$frames
cmp -s "$SCRATCH/settled-a.png" "$SCRATCH/settled-b.png" ||
  fail "settled: the picture still changes after the idle time (stripes not at rest)"
cmp -s "$SCRATCH/settled-c.png" "$SCRATCH/settled-d.png" &&
  fail "settled: the level rose again but the stripes did not move"
run_case moving 0
moving=$frames
cmp -s "$SCRATCH/moving-a.png" "$SCRATCH/moving-b.png" &&
  fail "moving: two grabs 1.5 s apart are the same: do the stripes scroll at all?"
# settled: about 3 s of scrolling, still, 3 s more after the rise, still;
# never settling: 12 s of it, so about twice the frames
((2 * moving > 3 * settled)) ||
  fail "frames: $settled settled vs $moving never settling; want under two thirds"
echo "live_settle: all passed"
