#!/usr/bin/env bash
# Monitors, on an X server with real RandR outputs (Xorg's dummy driver, whose
# outputs xrandr switches on and off like plugging a cable):
#   --list-monitors prints one CLI.md line per monitor;
#   --monitor NAME and --monitor INDEX go fullscreen on that monitor;
#   unplugging it moves MAGI to the primary, plugging it back returns MAGI to it.
# Skipped where the dummy driver cannot be run (not root, not installed).
#   bash live_monitors.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
XPROBE=${MAGI_XPROBE:-}
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
source "$SRC/tests/gl/helpers/live.bash"
[[ -n $XPROBE ]] || { echo "skipped: the xprobe helper is not built"; exit 0; }
private_xdummy "$SCRATCH" ||
  { echo "skipped: no Xorg dummy driver here (xserver-xorg-video-dummy, root)"; exit 0; }

xrandr --output DUMMY0 --mode 1920x1080 || fail "xrandr cannot set DUMMY0"
# A plain `xrandr` probes the outputs, as a real hot-plug event makes the
# server do; only then does the dummy output count as connected.
plug() {
  xrandr --addmode DUMMY1 1280x720 2>/dev/null
  xrandr --output DUMMY1 --mode 1280x720 --right-of DUMMY0 && xrandr >/dev/null
}
unplug() { xrandr --output DUMMY1 --off && xrandr >/dev/null; }
plug || fail "xrandr cannot switch DUMMY1 on"

# The new output can take a moment to be reported.
for ((i = 0; i < 50; i++)); do
  "$MAGI" --list-monitors >"$SCRATCH/monitors.txt" || fail "--list-monitors failed"
  [[ $(wc -l <"$SCRATCH/monitors.txt") -ge 2 ]] && break
  sleep 0.1
done
cat "$SCRATCH/monitors.txt"
[[ $(wc -l <"$SCRATCH/monitors.txt") -eq 2 ]] || fail "expected 2 monitors"
grep -qx '0 DUMMY0 1920x1080 60Hz 1.00 +0+0 primary' "$SCRATCH/monitors.txt" || fail "line 0"
grep -qx '1 DUMMY1 1280x720 60Hz 1.00 +1920+0' "$SCRATCH/monitors.txt" || fail "line 1"

wait_geometry() { # "X Y W H" SECONDS
  local i g
  for ((i = 0; i < $2 * 10; i++)); do
    g=$("$XPROBE" geometry MAGI 2>/dev/null)
    [[ $g == "$1" ]] && return 0
    sleep 0.1
  done
  echo "geometry now: '$g'" >&2
  return 1
}

ARGS=(--test-card --effects off --reduce-motion --allow-blanking)

for spec in DUMMY1 1; do
  "$MAGI" "${ARGS[@]}" --monitor "$spec" 2>"$SCRATCH/log" &
  pid=$!
  wait_geometry "1920 0 1280 720" 20 || fail "--monitor $spec: not fullscreen on DUMMY1"

  unplug
  wait_geometry "0 0 1920 1080" 10 || fail "--monitor $spec: did not move to the primary when unplugged"
  wait_log "monitor DUMMY1 is gone" 5 || fail "no log line for the unplug"
  plug
  wait_geometry "1920 0 1280 720" 10 || fail "--monitor $spec: did not return when plugged back"
  wait_log "monitor DUMMY1 is back" 5 || fail "no log line for the return"
  kill -0 "$pid" 2>/dev/null || fail "magi exited during the hot-plugs"
  kill -TERM "$pid"
  wait "$pid"
  rc=$?
  pid=
  [[ $rc -eq 0 ]] || fail "--monitor $spec: exit status $rc"
done

# A monitor named before it is plugged in: the primary until it appears.
unplug
"$MAGI" "${ARGS[@]}" --monitor DUMMY1 2>"$SCRATCH/log" &
pid=$!
wait_geometry "0 0 1920 1080" 20 || fail "unplugged --monitor DUMMY1: not on the primary"
plug
wait_geometry "1920 0 1280 720" 10 || fail "did not go to DUMMY1 when it was plugged in"
kill -TERM "$pid"
wait "$pid"
pid=
echo "live monitors: ok"
