/* inhibit: keeps the screen awake while MAGI is shown fullscreen.
 *
 * Three mechanisms, each used where it exists:
 *  - X11 MIT-SCREEN-SAVER: XScreenSaverSuspend, which the server undoes by
 *    itself when our connection closes, so even a crash cannot leave the
 *    screensaver off; plus a periodic XResetScreenSaver for screensavers that
 *    only watch for activity;
 *  - X11 DPMS: disabled if it was enabled, re-enabled by inhibit_stop (the app
 *    calls it on exit, SIGTERM and SIGINT included);
 *  - the freedesktop ScreenSaver D-Bus interface (Inhibit/UnInhibit) where a
 *    session bus exists; the call is asynchronous so start-up never waits.
 *
 * Depends on core/log, Xlib + Xss + Xext and libdbus when built with them
 * (MAGI_HAVE_X11, MAGI_HAVE_DBUS); without them it does nothing, says so once. */
#ifndef MAGI_PLATFORM_INHIBIT_H
#define MAGI_PLATFORM_INHIBIT_H

#include <stdbool.h>

struct inhibit_desc {
    const char *app_name; /* 0 = "magi" */
    const char *reason;   /* 0 = "status display" */
    double poke_interval; /* seconds between XResetScreenSaver; 0 = 30 */
};

struct inhibit;

/* Takes whatever inhibitors are available; never fails (returns NULL only when
 * out of memory). */
struct inhibit *inhibit_start(const struct inhibit_desc *d);
/* Gives everything back and frees. NULL is fine. */
void inhibit_stop(struct inhibit *in);
/* Call from the frame loop when woken: pokes the screensaver when due and
 * completes the D-Bus handshake. Returns the next time (clock_mono seconds)
 * it wants to run. */
double inhibit_tick(struct inhibit *in, double now);

/* What is held, for logs and tests. */
struct inhibit_state {
    bool x11_suspended;
    bool dpms_disabled;
    bool dbus_inhibited;
    bool dbus_pending;
};
void inhibit_get_state(const struct inhibit *in, struct inhibit_state *out);

#endif
