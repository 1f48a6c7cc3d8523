#!/usr/bin/env bash
# A GLSL compile error is reported as "shaders/FILE.glsl:LINE: message" with
# the file's own line number, and the command fails cleanly. Uses the
# development override MAGI_SHADER_DIR with a broken copy of the shaders.
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH/shaders"
cp "$SRC"/shaders/*.glsl "$SCRATCH/shaders/"
f="$SCRATCH/shaders/combine_fs.glsl"
line=$(grep -n 'float row' "$f" | head -n1 | cut -d: -f1)
[[ -n $line ]] || { echo "FAIL: test needs 'float row' in combine_fs.glsl" >&2; exit 1; }
sed -i "${line}s/float row/flaot row/" "$f"
if MAGI_SHADER_DIR="$SCRATCH/shaders" "$MAGI" --screenshot "$SCRATCH/x.png" --test-card \
     --size 64x36 2>"$SCRATCH/err.txt"; then
  echo "FAIL: a broken shader did not fail the screenshot" >&2
  exit 1
fi
cat "$SCRATCH/err.txt"
grep -q "shaders/combine_fs.glsl:$line:" "$SCRATCH/err.txt" ||
  { echo "FAIL: no 'shaders/combine_fs.glsl:$line:' in the error output" >&2; exit 1; }
[[ ! -e "$SCRATCH/x.png" ]] || { echo "FAIL: a PNG was written anyway" >&2; exit 1; }
echo "shader errors: ok"
