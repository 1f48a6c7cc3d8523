# The common start of the live-display tests (tests/gl/live_*.sh). Each is
# called as: bash SCRIPT MAGI_BINARY SOURCE_DIR SCRATCH_DIR, sets MAGI, SRC
# and SCRATCH, empties SCRATCH and sources this, which gives it:
#   private X servers (xserver.bash), stopped on exit;
#   pid     the display under test, if one is running (killed by fail);
#   fail MESSAGE...   prints the message and the display's log
#                     ($SCRATCH/log), stops it and the X server, exits 1;
#   wait_log PATTERN SECONDS   until the log has a line matching PATTERN.
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

wait_log() { # PATTERN SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    grep -qE "$1" "$SCRATCH/log" && return 0
    sleep 0.1
  done
  return 1
}
