#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then the installed copy, moved
# elsewhere, runs on its own: with MAGI_DATA_DIR unset and the source tree
# (whose path is compiled in as the last fallback) hidden, it finds its fonts
# under PREFIX/share/magi and renders the very frame the build tree renders;
# a layout in $XDG_CONFIG_HOME/magi/NAME.cfg is found by --layout NAME; the
# man page, the .desktop file and the systemd user unit are installed.
#   bash install.sh MAGI_BINARY SOURCE_DIR SCRATCH_DIR
source "$(dirname "$0")/common.bash"
BUILD=$(dirname "$MAGI")
[[ -f $BUILD/cmake_install.cmake ]] || fail "$BUILD is not a CMake build directory"
prefix=$SCRATCH/prefix
cmake --install "$BUILD" --prefix "$prefix" >"$SCRATCH/install.log" || fail "cmake --install failed"

for f in bin/magi share/man/man1/magi.1 share/applications/magi.desktop \
  lib/systemd/user/magi.service share/magi/layouts/system.cfg \
  share/magi/shaders/combine_fs.glsl; do
  [[ -f $prefix/$f ]] || fail "not installed: $f"
done
[[ -x $prefix/bin/magi ]] || fail "bin/magi is not executable"
ls "$prefix"/share/magi/fonts/*.otf >/dev/null 2>&1 || ls "$prefix"/share/magi/fonts/*.ttf >/dev/null 2>&1 ||
  fail "no fonts under share/magi/fonts"
ls "$prefix"/share/magi/fonts/*LICENSE* "$prefix"/share/magi/fonts/*OFL* >/dev/null 2>&1 ||
  fail "the font licences are not installed beside the fonts"
grep -q '^Exec=magi' "$prefix/share/applications/magi.desktop" || fail ".desktop Exec line"
grep -q '^ExecStart=.*magi --fullscreen' "$prefix/lib/systemd/user/magi.service" || fail "unit ExecStart"
if command -v groff >/dev/null; then
  groff -man -Tutf8 -ww -z "$prefix/share/man/man1/magi.1" 2>"$SCRATCH/man.log"
  [[ ! -s $SCRATCH/man.log ]] || fail "man page warnings: $(cat "$SCRATCH/man.log")"
fi

# Moved: the installed tree is found relative to the executable.
moved=$(mktemp -d /tmp/magi-installed-XXXXXX)
PIDS=()
trap 'rm -rf "$moved"; cleanup' EXIT
cp -a "$prefix/." "$moved/"
mkdir -p "$moved/home/cfg/magi"
cat >"$moved/home/cfg/magi/mine.cfg" <<'CFG'
sources = ( "demo" );
panels = ( { cell = [0, 0, 12, 12]; widgets = ( { type = "rulers"; } ); } );
CFG

# The reference: the build tree's binary with the source tree's data.
"$MAGI" --screenshot "$SCRATCH/reference.png" --layout demo --demo --size 320x180 --time 30 \
  2>"$SCRATCH/reference.log" || fail "reference screenshot"

# Runs the installed magi with the source tree hidden where we can (a private
# mount namespace, as root); elsewhere with it merely unused.
run_installed() {
  local cmd=(env -u MAGI_DATA_DIR -u MAGI_SHADER_DIR -u MAGI_DEV_DIR HOME="$moved/home"
    XDG_CONFIG_HOME="$moved/home/cfg" "$moved/bin/magi" "$@")
  if [[ $(id -u) -eq 0 ]] && unshare -m --propagation private true 2>/dev/null; then
    # shellcheck disable=SC2016
    unshare -m --propagation private sh -c 'mount -t tmpfs none "$1" && shift && exec "$@"' \
      sh "$(cd "$SRC" && pwd)" "${cmd[@]}"
  else
    echo "note: cannot hide the source tree here (not root); running with it unused" >&2
    (cd / && "${cmd[@]}")
  fi
}

run_installed --screenshot "$moved/installed.png" --layout demo --demo --size 320x180 --time 30 \
  2>"$SCRATCH/installed.log" || fail "installed magi failed: $(cat "$SCRATCH/installed.log")"
cat "$SCRATCH/installed.log"
grep -q "fonts could not be loaded\|cannot find\|cannot open" "$SCRATCH/installed.log" &&
  fail "the installed magi did not find its fonts"
cmp -s "$moved/installed.png" "$SCRATCH/reference.png" ||
  fail "the installed magi renders a different frame from the build tree's"

run_installed --screenshot "$moved/mine.png" --layout mine --size 320x180 2>"$SCRATCH/mine.log" ||
  fail "--layout mine: $(cat "$SCRATCH/mine.log")"
grep -q "layout: $moved/home/cfg/magi/mine.cfg" "$SCRATCH/mine.log" ||
  fail "--layout mine did not load \$XDG_CONFIG_HOME/magi/mine.cfg: $(cat "$SCRATCH/mine.log")"
echo "install: ok"
