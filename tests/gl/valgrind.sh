#!/usr/bin/env bash
# valgrind memcheck on one short headless frame of the demo layout (sources,
# layout, widgets, text, renderer, post chain, PNG writer): no invalid access,
# no use of uninitialised memory and no leak in MAGI's own code. Suppressions
# cover the GL driver only and name its frames (tools/valgrind.supp). It runs
# on EGL without any X server, so the window system's libraries stay out of it.
# Slow (about a minute: llvmpipe compiles its shaders under valgrind).
#   bash valgrind.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
command -v valgrind >/dev/null || { echo "skipped: no valgrind (tools/setup --test installs it)"; exit 0; }
env -u DISPLAY -u WAYLAND_DISPLAY MESA_SHADER_CACHE_DISABLE=true LP_NUM_THREADS=0 \
  valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
  --keep-debuginfo=yes --num-callers=40 --error-exitcode=99 \
  --suppressions="$SRC/tools/valgrind.supp" --log-file="$SCRATCH/valgrind.log" \
  "$MAGI" --screenshot "$SCRATCH/frame.png" --layout demo --demo --size 320x180 --time 50 \
  2>"$SCRATCH/magi.log"
rc=$?
grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost" "$SCRATCH/valgrind.log"
if [[ $rc -eq 99 ]]; then
  echo "FAIL: valgrind found errors:"
  awk '/Invalid|uninitialised|lost in loss record|Syscall param|Mismatched|overlap/ {p = 1}
       p {print} /^==[0-9]+== $/ {p = 0}' "$SCRATCH/valgrind.log" | head -150
  exit 1
fi
[[ $rc -eq 0 ]] || { echo "FAIL: magi exited with $rc under valgrind"; cat "$SCRATCH/magi.log"; exit 1; }
[[ -s $SCRATCH/frame.png ]] || { echo "FAIL: no frame written"; exit 1; }
grep -q "ERROR SUMMARY: 0 errors" "$SCRATCH/valgrind.log" || { echo "FAIL: errors reported"; exit 1; }
echo "valgrind: clean"
