#!/usr/bin/env bash
# Golden images of the shipped layouts on the demo source at fixed times:
# nominal, caution, the emergency (red frame after the takeover; on a
# portrait screen too), PATTERN BLUE, the MAGI vote, training, and the NO
# SIGNAL look (cluster without its Prometheus); the system layout also on a
# 2-core and a 64-core machine (`demo:cores=N`, the layout's source swapped
# in a copy under SCRATCH: @SCRATCH@ in the arguments). Rendered headless (--screenshot, fixed --seed, TZ=UTC for the
# clocks, --effects off: the post chain has goldens of its own) and compared
# with tests/gl/golden/layout_*.png by tools/imgdiff:
# identical, or every channel within 2 and at most 0.1 % of pixels different.
# On a failure SCRATCH/NAME/ holds actual.png and diff.png. A missing
# reference fails; UPDATE_GOLDEN=1 (re)writes the references instead.
# They change whenever a motif or a shipped layout does: re-run with
# UPDATE_GOLDEN=1, look at every image, and commit them with the change.
set -uo pipefail
MAGI=$1
SRC=$2
SCRATCH=$3
IMGDIFF=${MAGI_IMGDIFF:?MAGI_IMGDIFF is not set: run this through ctest}
export TZ=UTC
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
status=0
for n in 2 64; do
  sed 's/sources = ( { spec = "linux"; interval = 1.0; } );/sources = ( "demo:cores='$n'" );/' \
    "$SRC/assets/layouts/system.cfg" >"$SCRATCH/system_cores_$n.cfg"
  grep -q "demo:cores=$n" "$SCRATCH/system_cores_$n.cfg" || {
    echo "FAIL: cannot swap the system layout's source for demo:cores=$n" >&2
    exit 1
  }
done
#     name                 size       arguments
while read -r name size args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  out="$SCRATCH/$name"
  mkdir -p "$out"
  ref="$SRC/tests/gl/golden/layout_$name.png"
  args=${args//@SCRATCH@/$SCRATCH}
  # shellcheck disable=SC2086
  if ! "$MAGI" --screenshot "$out/render.png" --size "$size" --seed 7 --effects off $args \
       2>"$out/stderr.txt"; then
    echo "FAIL: $name: magi --screenshot failed: $(cat "$out/stderr.txt")" >&2
    status=1
    continue
  fi
  if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
    cp "$out/render.png" "$ref"
    echo "golden: wrote $ref"
    continue
  fi
  if ! "$IMGDIFF" "$ref" "$out/render.png" "$out"; then
    echo "FAIL: $name differs from $ref (see $out/actual.png, $out/diff.png)" >&2
    status=1
  fi
done <<'LIST'
system_nominal    1920x1080  --demo --time 20
system_caution    1920x1080  --demo --time 50
system_emergency  1920x1080  --demo --time 74
system_portrait_emergency 1080x1920 --demo --time 74
system_2core      1920x1080  --layout @SCRATCH@/system_cores_2.cfg --time 20
system_64core     1920x1080  --layout @SCRATCH@/system_cores_64.cfg --time 50
demo_anomaly      1920x1080  --layout demo --time 62
demo_vote         1920x1080  --layout demo --time 97
training          1920x1080  --layout training --demo --time 64
cluster_no_signal 960x540    --layout cluster --demo --time 30
LIST
exit $status
