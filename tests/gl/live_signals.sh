#!/usr/bin/env bash
# The live display on stage, in a window on a private X server:
#   SIGUSR1 and the s key write the frame on screen to the XDG pictures
#   directory (from user-dirs.dirs) as magi-YYYYmmdd-HHMMSS.png and log it;
#   d (demo incident now) and r (reload) reach the layout through the window;
#   SIGHUP reloads the layout as r does; SIGTERM and SIGINT exit with status 0
#   through the normal exit path; on a software renderer the default effects
#   become lite with one log line, which --effects full prevents.
#   bash live_signals.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
XKEY=${MAGI_XKEY:-}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
source "$SRC/tests/gl/helpers/live.bash"
private_xvfb "$SCRATCH" "-screen 0 800x600x24" || { echo "skipped: no Xvfb"; exit 0; }

export HOME=$SCRATCH/home XDG_CONFIG_HOME=$SCRATCH/home/cfg
mkdir -p "$XDG_CONFIG_HOME"
echo 'XDG_PICTURES_DIR="$HOME/shots"' >"$XDG_CONFIG_HOME/user-dirs.dirs"
shots=$HOME/shots

wait_exit() { # SECONDS; status in $rc
  local i
  for ((i = 0; i < $1 * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "still running after $1 s"
  wait "$pid"
  rc=$?
  pid=
}
png_size() {
  /usr/bin/python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n"
print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"
}

"$MAGI" --layout demo --demo --windowed 480x270 2>"$SCRATCH/log" &
pid=$!
wait_log 'layout: .*demo' 20 || fail "the display did not start"
sleep 1

if grep -q "render: software renderer" "$SCRATCH/log"; then
  grep -q "lite effects" "$SCRATCH/log" || fail "software renderer without the lite line"
  [[ $(grep -c "render: software renderer" "$SCRATCH/log") -eq 1 ]] || fail "lite said more than once"
else
  echo "note: not a software renderer here; the lite switch is not exercised"
fi

kill -USR1 "$pid"
wait_log 'capture: screenshot: ' 10 || fail "no screenshot after SIGUSR1"
shot=$(sed -n 's/.*capture: screenshot: //p' "$SCRATCH/log" | head -n1)
[[ $shot =~ ^$shots/magi-[0-9]{8}-[0-9]{6}(-[0-9]+)?\.png$ ]] || fail "screenshot path '$shot'"
[[ -f $shot ]] || fail "no file $shot"
[[ $(png_size "$shot") == 480x270 ]] || fail "screenshot is $(png_size "$shot"), not 480x270"

if [[ -n $XKEY ]]; then
  "$XKEY" MAGI s || fail "xkey could not reach the window"
  for ((i = 0; i < 100; i++)); do
    [[ $(grep -c 'capture: screenshot: ' "$SCRATCH/log") -ge 2 ]] && break
    sleep 0.1
  done
  [[ $(ls "$shots" | wc -l) -eq 2 ]] || fail "s did not write a second screenshot: $(ls "$shots")"
fi

# Keys the layout content takes, through the window: d and r.
if [[ -n $XKEY ]]; then
  "$XKEY" MAGI d
  wait_log 'd: the demo incident starts now|d: .*starting now' 10 || fail "d did not start the demo incident"
  "$XKEY" MAGI r
  wait_log 'layout: reloaded' 10 || fail "r did not reload"
fi
n=$(grep -c 'layout: reloaded' "$SCRATCH/log")
kill -HUP "$pid"
for ((i = 0; i < 100; i++)); do
  [[ $(grep -c 'layout: reloaded' "$SCRATCH/log") -gt $n ]] && break
  sleep 0.1
done
[[ $(grep -c 'layout: reloaded' "$SCRATCH/log") -gt $n ]] || fail "SIGHUP did not reload"
grep -q 'app: SIGHUP: reloading' "$SCRATCH/log" || fail "SIGHUP did not go through the loop"
kill -0 "$pid" 2>/dev/null || fail "SIGHUP ended the process"

kill -TERM "$pid"
wait_exit 10
[[ $rc -eq 0 ]] || fail "exit status $rc after SIGTERM"
grep -q "app: quit signal" "$SCRATCH/log" || fail "SIGTERM did not go through the loop"

# --effects full: no lite switch; SIGINT exits cleanly too.
"$MAGI" --test-card --effects full --windowed 320x180 2>"$SCRATCH/log" &
pid=$!
sleep 3
kill -0 "$pid" 2>/dev/null || fail "the display did not start with --effects full"
grep -q "software renderer" "$SCRATCH/log" && fail "--effects full was overridden"
kill -INT "$pid"
wait_exit 10
[[ $rc -eq 0 ]] || fail "exit status $rc after SIGINT"
echo "live signals: ok"
