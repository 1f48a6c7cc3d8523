#!/usr/bin/env bash
# Hot reload in the live display (under the test's X server): a good edit is
# reloaded, a bad one is refused with its FILE:LINE: error while the display
# keeps running the last good layout, the fix is reloaded again; an @include
# of a folder or a FIFO is refused the same way; the process stays alive
# throughout. Also: a bad layout at start exits 2 with the error.
#   bash hot_reload.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -u
magi=$1 src=$2 scratch=$3
mkdir -p "$scratch"
layout=$scratch/live.cfg
log=$scratch/magi.log
fail=0

good() {
  cat >"$layout" <<CFG
sources = ( "demo" );
panels = ( { cell = [0, 0, 12, 12]; widgets = (
  { type = "text"; text = "$1"; },
  { type = "countdown"; remaining = "magi_time_to_limit_seconds"; } ); } );
CFG
}

# Waits up to 10 s for a log line matching $1 (a fixed string), counting from line $2.
wait_for() {
  for _ in $(seq 100); do
    if tail -n +"$2" "$log" | grep -qF "$1"; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: no '$1' in the log"; sed 's/^/    /' "$log"; fail=1
  return 1
}
alive() {
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: magi exited ($1)"; sed 's/^/    /' "$log"; fail=1
  fi
}
lines() { wc -l <"$log"; }

# A private X server, so no other test's key presses reach this window (and
# this window is no other test's "MAGI"). Falls back to the test's display.
xpid=
test_display=${DISPLAY:-}
if command -v Xvfb >/dev/null; then
  Xvfb -displayfd 3 -screen 0 640x360x24 -nolisten tcp 3>"$scratch/display" 2>/dev/null &
  xpid=$!
  for _ in $(seq 50); do [[ -s "$scratch/display" ]] && break; sleep 0.1; done
  if [[ -s "$scratch/display" ]]; then
    export DISPLAY=":$(head -n1 "$scratch/display")"
  else
    kill "$xpid" 2>/dev/null; xpid=
  fi
fi
[[ -n ${DISPLAY:-} ]] || { echo "skipped: no X display"; exit 0; }

good ALPHA
"$magi" --layout "$layout" --windowed 640x360 2>"$log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; [[ -n $xpid ]] && kill "$xpid" 2>/dev/null' EXIT
wait_for "layout: $layout: 1 page" 1

n=$(($(lines) + 1)); good BRAVO
wait_for "layout: reloaded $layout" "$n"; alive "after a good edit"

n=$(($(lines) + 1))
echo 'panels = ( { cell = [0, 0, 12, 12]; widgets = ( { type = "rulerz"; } ); } );' >"$layout.new"
mv "$layout.new" "$layout"                      # as editors save
wait_for "$layout:1: unknown widget type 'rulerz' (did you mean 'rulers'?)" "$n"
wait_for "reload failed; keeping the last good layout" "$n"
sleep 1; alive "after a bad edit"

n=$(($(lines) + 1)); good CHARLIE
wait_for "layout: reloaded $layout" "$n"; alive "after the fix"

# An @include of a folder made libconfig's scanner end the process; one of a
# FIFO blocked the display waiting for a writer. Both are refused instead.
mkdir -p "$scratch/parts"
rm -f "$scratch/pipe.cfg"; mkfifo "$scratch/pipe.cfg"
for inc in parts pipe.cfg; do
  n=$(($(lines) + 1))
  { echo 'version = 1;'; echo "@include \"$inc\""; } >"$layout.new"
  mv "$layout.new" "$layout"
  wait_for "$layout:2: @include \"$inc\": not a regular file" "$n"
  wait_for "reload failed; keeping the last good layout" "$n"
  sleep 1; alive "after an @include of $inc"
done
n=$(($(lines) + 1)); good DELTA
wait_for "layout: reloaded $layout" "$n"; alive "after the second fix"

kill -TERM "$pid"; wait "$pid" 2>/dev/null
[[ -n $xpid ]] && { kill "$xpid" 2>/dev/null; wait "$xpid" 2>/dev/null; }
trap - EXIT
if [[ -n $test_display ]]; then export DISPLAY=$test_display; else unset DISPLAY; fi

# A bad layout at start: the same FILE:LINE: error and exit status 2.
cd "$src/tests/fixtures/layouts" || exit 1
got=$("$magi" --layout bad_range.cfg --screenshot "$scratch/x.png" 2>&1 >/dev/null)
rc=$?
want=$(sed -n 's/^#> //p' bad_range.cfg)
if [[ $rc -ne 2 || "$got" != "$want" ]]; then
  echo "FAIL: start with a bad layout: exit $rc (want 2), stderr:"
  diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
  fail=1
fi

[[ $fail -eq 0 ]] && echo "hot_reload: all passed"
exit $fail
