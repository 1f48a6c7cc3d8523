#!/usr/bin/env bash
# magi --check-config: every broken layout in tests/fixtures/layouts/bad_*.cfg
# exits 2 and prints exactly the FILE:LINE: message lines its "#> " comments
# list; good layouts (fixtures and the shipped ones) exit 0 and print nothing
# on stderr.
#   bash check_config.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
set -u
magi=$1 src=$2 scratch=$3
mkdir -p "$scratch"
fail=0
cd "$src/tests/fixtures/layouts" || exit 1

for f in bad_*.cfg; do
  want=$(sed -n 's/^#> //p' "$f")
  got=$("$magi" --check-config "$f" 2>&1 >/dev/null)
  rc=$?
  if [[ $rc -ne 2 ]]; then
    echo "FAIL $f: exit $rc, want 2"
    fail=1
  fi
  if [[ "$got" != "$want" ]]; then
    echo "FAIL $f: stderr differs"
    diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
    fail=1
  fi
done

# A file that is not there.
got=$("$magi" --check-config "$scratch/missing.cfg" 2>&1 >/dev/null)
rc=$?
if [[ $rc -ne 2 || "$got" != "$scratch/missing.cfg: cannot read the layout file" ]]; then
  echo "FAIL missing file: exit $rc, stderr: $got"
  fail=1
fi

check_good() {
  local what=$1 err rc
  err=$("$magi" --check-config "$what" 2>&1 >/dev/null)
  rc=$?
  if [[ $rc -ne 0 || -n "$err" ]]; then
    echo "FAIL $what: exit $rc, want 0"
    echo "$err" | sed 's/^/    /'
    fail=1
  fi
}
for f in good_*.cfg; do check_good "$f"; done
for f in "$src"/assets/layouts/*.cfg; do
  [[ -e "$f" ]] || continue
  check_good "$f"                          # the file on disk
  check_good "$(basename "$f" .cfg)"       # the embedded copy, by name
done

if [[ $fail -eq 0 ]]; then echo "check_config: all passed"; fi
exit $fail
