#!/usr/bin/env bash
# The live display in a real (Xvfb) window: --windowed WxH opens that size,
# F11 goes fullscreen on the screen and back, q quits with status 0;
# --fullscreen and --monitor open fullscreen (an unknown monitor falls back to
# the primary with a warning); --list-monitors prints the CLI.md line format.
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
XKEY=${MAGI_XKEY:-}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
source "$SRC/tests/gl/helpers/xserver.bash"
fail() {
  echo "FAIL: $*" >&2
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null
  stop_private_x
  exit 1
}
trap 'stop_private_x' EXIT
[[ -n $XKEY ]] || { echo "skipped: built without Xlib (no xkey helper)"; exit 0; }
private_xvfb "$SCRATCH" "-screen 0 1920x1080x24" || { echo "skipped: no Xvfb"; exit 0; }

# Width of the window titled MAGI, or nothing.
width() { xwininfo -name MAGI 2>/dev/null | sed -n 's/^ *Width: *//p'; }
# Sends q and waits up to 10 s for the process to end; its status in $rc.
quit_and_wait() {
  local i
  "$XKEY" MAGI q
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    fail "q did not quit ($1)"
  fi
  wait "$pid"
  rc=$?
  pid=
}
wait_width() { # wait_width W SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [[ "$(width)" == "$1" ]] && return 0
    sleep 0.1
  done
  return 1
}
screen_w=$(xwininfo -root | sed -n 's/^ *Width: *//p')

"$MAGI" --test-card --windowed 640x360 --effects lite --reduce-motion 2>"$SCRATCH/err1.txt" &
pid=$!
wait_width 640 20 || fail "no 640 px wide MAGI window (width now: '$(width)')"
"$XKEY" MAGI F11 || fail "xkey could not reach the window"
wait_width "$screen_w" 10 || fail "F11 did not go fullscreen (width '$(width)', screen $screen_w)"
"$XKEY" MAGI F11
wait_width 640 10 || fail "F11 did not come back to 640 px (width '$(width)')"
quit_and_wait windowed
[[ $rc -eq 0 ]] || fail "exit status $rc after q: $(cat "$SCRATCH/err1.txt")"

for args in "--fullscreen" "--monitor 0" "--monitor no-such-monitor"; do
  # shellcheck disable=SC2086
  "$MAGI" --test-card --effects off --reduce-motion $args 2>"$SCRATCH/err2.txt" &
  pid=$!
  wait_width "$screen_w" 20 || fail "$args: not fullscreen (width '$(width)')"
  quit_and_wait "$args"
  [[ $rc -eq 0 ]] || fail "$args: exit status $rc after q"
done
grep -q "no monitor 'no-such-monitor'" "$SCRATCH/err2.txt" ||
  fail "an unknown --monitor gave no warning: $(cat "$SCRATCH/err2.txt")"

"$MAGI" --list-monitors >"$SCRATCH/monitors.txt" || fail "--list-monitors failed"
cat "$SCRATCH/monitors.txt"
grep -Eq '^0 [^ ]+ [0-9]+x[0-9]+ [0-9]+Hz [0-9.]+ [+-][0-9]+[+-][0-9]+ primary$' \
  "$SCRATCH/monitors.txt" || fail "unexpected --list-monitors line"
echo "display window: ok"
