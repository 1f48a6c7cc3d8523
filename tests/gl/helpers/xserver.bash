# Private X servers for the live-display tests, so that no other test's key
# presses, pointer moves or screensaver settings reach them (tests run in
# parallel on the suite's Xvfb). Source it, then:
#   private_xvfb SCRATCH "-screen 0 1280x720x24"   sets DISPLAY; 1 if not possible
#   private_xdummy SCRATCH                          Xorg with the dummy driver: 16
#       RandR outputs DUMMY0..15 that xrandr can switch on and off (monitor
#       hot-plug); needs root, Xorg and xserver-xorg-video-dummy; 1 if not possible
#   stop_private_x                                  (also run on EXIT)
XPRIV_PID=

_wait_displayfd() { # FILE
  local i
  for ((i = 0; i < 100; i++)); do [[ -s $1 ]] && return 0; sleep 0.1; done
  return 1
}

private_xvfb() {
  command -v Xvfb >/dev/null || return 1
  local scratch=$1 screen=${2:--screen 0 1280x720x24}
  rm -f "$scratch/xdisplay"
  # shellcheck disable=SC2086
  Xvfb -displayfd 3 $screen -nolisten tcp -noreset 3>"$scratch/xdisplay" 2>"$scratch/xvfb.log" &
  XPRIV_PID=$!
  if ! _wait_displayfd "$scratch/xdisplay"; then
    kill "$XPRIV_PID" 2>/dev/null
    XPRIV_PID=
    return 1
  fi
  export DISPLAY=":$(head -n1 "$scratch/xdisplay")"
}

private_xdummy() {
  local scratch=$1 xorg=/usr/lib/xorg/Xorg
  [[ -x $xorg && -e /usr/lib/xorg/modules/drivers/dummy_drv.so && $(id -u) -eq 0 ]] || return 1
  command -v xrandr >/dev/null || return 1
  cat >"$scratch/xorg.conf" <<'CONF'
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Monitor"
  Identifier "mon"
  HorizSync 5.0-1000.0
  VertRefresh 5.0-200.0
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "mon"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 4096 2160
  EndSubSection
EndSection
Section "ServerFlags"
  Option "AutoAddDevices" "false"
  Option "DontVTSwitch" "true"
EndSection
CONF
  rm -f "$scratch/xdisplay"
  "$xorg" -displayfd 3 -config "$scratch/xorg.conf" -logfile "$scratch/xorg.log" \
    -nolisten tcp -noreset 3>"$scratch/xdisplay" >/dev/null 2>&1 &
  XPRIV_PID=$!
  if ! _wait_displayfd "$scratch/xdisplay"; then
    kill "$XPRIV_PID" 2>/dev/null
    XPRIV_PID=
    return 1
  fi
  export DISPLAY=":$(head -n1 "$scratch/xdisplay")"
}

stop_private_x() {
  if [[ -n $XPRIV_PID ]]; then
    kill "$XPRIV_PID" 2>/dev/null
    wait "$XPRIV_PID" 2>/dev/null
    XPRIV_PID=
  fi
}
