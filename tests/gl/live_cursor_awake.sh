#!/usr/bin/env bash
# The live display's cursor and screensaver, on a private X server:
#   windowed, the cursor shows while the pointer moves and hides 3 s after
#   it stops; fullscreen hides it at once;
#   fullscreen keeps the X screensaver off (timeout set to 1 s here), F11 to
#   windowed lets it come on, F11 back holds it off again, and after SIGTERM
#   it comes on again (given back on the clean exit path);
#   --allow-blanking never holds it.
#   bash live_cursor_awake.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
XKEY=${MAGI_XKEY:-}
XPROBE=${MAGI_XPROBE:-}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
source "$SRC/tests/gl/helpers/live.bash"
[[ -n $XKEY && -n $XPROBE ]] || { echo "skipped: test helpers not built (Xlib, Xfixes)"; exit 0; }
command -v xset >/dev/null || { echo "skipped: no xset (x11-xserver-utils)"; exit 0; }
private_xvfb "$SCRATCH" "-screen 0 800x600x24" || { echo "skipped: no Xvfb"; exit 0; }

wait_cursor() { # STATE SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [[ $("$XPROBE" cursor) == "$1" ]] && return 0
    sleep 0.1
  done
  return 1
}
saver() { "$XPROBE" saver; }
ARGS=(--test-card --effects off --reduce-motion)

# --- cursor -------------------------------------------------------------------
"$MAGI" "${ARGS[@]}" --windowed 400x300 2>"$SCRATCH/log" &
pid=$!
for ((i = 0; i < 200; i++)); do "$XPROBE" geometry MAGI >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1
"$XPROBE" warp MAGI || fail "no MAGI window to move the pointer into"
t0=$(date +%s.%N)
wait_cursor visible 1 || fail "the cursor is not shown after the pointer moved"
wait_cursor hidden 8 || fail "the cursor did not hide after the pointer stopped"
t1=$(date +%s.%N)
dt=$(/usr/bin/python3 -c "print(round($t1 - $t0, 1))")
/usr/bin/python3 -c "import sys; sys.exit(0 if $dt >= 2.5 else 1)" ||
  fail "the cursor hid after $dt s, before 3 s"
echo "cursor hid ${dt} s after the last movement"
"$XPROBE" warp MAGI 20
wait_cursor visible 1 || fail "the cursor did not come back on movement"
"$XKEY" MAGI F11
wait_log 'keeping the screen awake' 10 || fail "F11 to fullscreen did not hold the screensaver"
sleep 0.5
"$XPROBE" warp MAGI 40
sleep 0.5
[[ $("$XPROBE" cursor) == hidden ]] || fail "the cursor shows while fullscreen"
kill -TERM "$pid"
wait "$pid"
[[ $? -eq 0 ]] || fail "exit status after SIGTERM"
pid=

# --- screensaver ----------------------------------------------------------------
xset s 1 1
xset s reset
sleep 2.5
[[ $(saver) == on ]] || { echo "skipped: this X server's screensaver does not come on"; exit 0; }

xset s reset
"$MAGI" "${ARGS[@]}" --fullscreen 2>"$SCRATCH/log" &
pid=$!
wait_log 'keeping the screen awake' 20 || fail "fullscreen did not hold the screensaver"
xset s reset
sleep 2.5
[[ $(saver) != on ]] || fail "the screensaver came on while fullscreen"

"$XKEY" MAGI F11
wait_log 'windowed: screen blanking allowed' 10 || fail "F11 to windowed did not give it back"
xset s reset
sleep 2.5
[[ $(saver) == on ]] || fail "the screensaver stayed off while windowed"

xset s reset
"$XKEY" MAGI F11
sleep 1
n=$(grep -c 'keeping the screen awake' "$SCRATCH/log")
[[ $n -eq 2 ]] || fail "F11 back to fullscreen did not hold it again ($n)"
xset s reset
sleep 2.5
[[ $(saver) != on ]] || fail "the screensaver came on after F11 back to fullscreen"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[[ $rc -eq 0 ]] || fail "exit status $rc after SIGTERM"
grep -q 'screen blanking allowed again' "$SCRATCH/log" || fail "no give-back on exit"
xset s reset
sleep 2.5
[[ $(saver) == on ]] || fail "the screensaver stayed off after SIGTERM"

# --allow-blanking: fullscreen, and the saver still comes on.
xset s reset
"$MAGI" "${ARGS[@]}" --fullscreen --allow-blanking 2>"$SCRATCH/log" &
pid=$!
sleep 2
xset s reset
sleep 2.5
[[ $(saver) == on ]] || fail "--allow-blanking still held the screensaver"
grep -q 'keeping the screen awake' "$SCRATCH/log" && fail "--allow-blanking took the inhibitor"
kill -TERM "$pid"
wait "$pid"
pid=
echo "live cursor and keep-awake: ok"
