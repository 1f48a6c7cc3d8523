/* inhibit: see inhibit.h. */
#include "platform/inhibit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"

#ifdef MAGI_HAVE_X11
#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>
#include <X11/extensions/scrnsaver.h>
#endif
#ifdef MAGI_HAVE_DBUS
#include <dbus/dbus.h>
#endif

struct inhibit {
    double poke_interval;
    double next_poke;
    struct inhibit_state st;
#ifdef MAGI_HAVE_X11
    Display *dpy;
#endif
#ifdef MAGI_HAVE_DBUS
    DBusConnection *bus;
    DBusPendingCall *pending;
    const char *service_path; /* the object path that answered */
    uint32_t cookie;
#endif
};

#ifdef MAGI_HAVE_X11
/* Xlib's default error handler exits the process; a missing extension on an
 * odd server must not take the display down with it. */
static int ignore_x_error(Display *d, XErrorEvent *e)
{
    (void)d;
    log_debug("inhibit", "X error %d ignored", e->error_code);
    return 0;
}

static void x11_start(struct inhibit *in)
{
    in->dpy = XOpenDisplay(NULL);
    if (!in->dpy) {
        log_info("inhibit", "no X display: screensaver not held off");
        return;
    }
    XErrorHandler old = XSetErrorHandler(ignore_x_error);
    int ev, err, major = 0, minor = 0;
    if (XScreenSaverQueryExtension(in->dpy, &ev, &err) &&
        XScreenSaverQueryVersion(in->dpy, &major, &minor) &&
        (major > 1 || (major == 1 && minor >= 1))) {
        XScreenSaverSuspend(in->dpy, True);
        in->st.x11_suspended = true;
    } else {
        log_info("inhibit", "X server lacks MIT-SCREEN-SAVER 1.1; poking the screensaver instead");
    }
    if (DPMSQueryExtension(in->dpy, &ev, &err) && DPMSCapable(in->dpy)) {
        CARD16 level;
        BOOL enabled = False;
        if (DPMSInfo(in->dpy, &level, &enabled) && enabled) {
            DPMSDisable(in->dpy);
            in->st.dpms_disabled = true;
        }
    }
    XResetScreenSaver(in->dpy);
    XFlush(in->dpy);
    XSetErrorHandler(old);
}

static void x11_stop(struct inhibit *in)
{
    if (!in->dpy)
        return;
    if (in->st.dpms_disabled)
        DPMSEnable(in->dpy);
    if (in->st.x11_suspended)
        XScreenSaverSuspend(in->dpy, False);
    XFlush(in->dpy);
    XCloseDisplay(in->dpy);
    in->dpy = NULL;
    in->st.x11_suspended = in->st.dpms_disabled = false;
}
#endif

#ifdef MAGI_HAVE_DBUS
static const char *const ss_paths[] = {"/org/freedesktop/ScreenSaver", "/ScreenSaver"};

static void dbus_send_inhibit(struct inhibit *in, const char *path, const char *app,
                              const char *reason)
{
    DBusMessage *m = dbus_message_new_method_call(
        "org.freedesktop.ScreenSaver", path, "org.freedesktop.ScreenSaver", "Inhibit");
    if (!m)
        return;
    dbus_message_append_args(m, DBUS_TYPE_STRING, &app, DBUS_TYPE_STRING, &reason,
                             DBUS_TYPE_INVALID);
    if (dbus_connection_send_with_reply(in->bus, m, &in->pending, 2000) && in->pending) {
        in->service_path = path;
        in->st.dbus_pending = true;
        dbus_connection_flush(in->bus);
    }
    dbus_message_unref(m);
}

static void dbus_start(struct inhibit *in, const char *app, const char *reason)
{
    if (!getenv("DBUS_SESSION_BUS_ADDRESS"))
        return;
    DBusError e;
    dbus_error_init(&e);
    /* A private connection: closing it on stop also releases the inhibit with
     * implementations that tie it to the caller. */
    in->bus = dbus_bus_get_private(DBUS_BUS_SESSION, &e);
    if (!in->bus) {
        log_info("inhibit", "no D-Bus session bus: %s", e.message ? e.message : "?");
        dbus_error_free(&e);
        return;
    }
    dbus_connection_set_exit_on_disconnect(in->bus, FALSE);
    dbus_send_inhibit(in, ss_paths[0], app, reason);
}

/* Completes the asynchronous Inhibit call when its reply has arrived. */
static void dbus_poll(struct inhibit *in)
{
    if (!in->bus || !in->pending)
        return;
    dbus_connection_read_write(in->bus, 0);
    if (!dbus_pending_call_get_completed(in->pending))
        return;
    DBusMessage *r = dbus_pending_call_steal_reply(in->pending);
    dbus_pending_call_unref(in->pending);
    in->pending = NULL;
    in->st.dbus_pending = false;
    if (!r)
        return;
    if (dbus_message_get_type(r) == DBUS_MESSAGE_TYPE_ERROR) {
        const char *name = dbus_message_get_error_name(r);
        /* Older desktops only export the short object path. */
        if (in->service_path == ss_paths[0] && name &&
            strcmp(name, "org.freedesktop.DBus.Error.UnknownObject") == 0) {
            dbus_message_unref(r);
            dbus_send_inhibit(in, ss_paths[1], "magi", "status display");
            return;
        }
        log_info("inhibit", "freedesktop ScreenSaver not available: %s", name ? name : "?");
    } else {
        dbus_uint32_t cookie = 0;
        DBusError e;
        dbus_error_init(&e);
        if (dbus_message_get_args(r, &e, DBUS_TYPE_UINT32, &cookie, DBUS_TYPE_INVALID)) {
            in->cookie = cookie;
            in->st.dbus_inhibited = true;
        } else {
            log_info("inhibit", "odd Inhibit reply: %s", e.message ? e.message : "?");
            dbus_error_free(&e);
        }
    }
    dbus_message_unref(r);
}

static void dbus_stop(struct inhibit *in)
{
    if (!in->bus)
        return;
    if (in->pending) {
        dbus_pending_call_cancel(in->pending);
        dbus_pending_call_unref(in->pending);
        in->pending = NULL;
    }
    if (in->st.dbus_inhibited) {
        DBusMessage *m = dbus_message_new_method_call("org.freedesktop.ScreenSaver",
                                                      in->service_path,
                                                      "org.freedesktop.ScreenSaver", "UnInhibit");
        if (m) {
            dbus_uint32_t c = in->cookie;
            dbus_message_append_args(m, DBUS_TYPE_UINT32, &c, DBUS_TYPE_INVALID);
            dbus_connection_send(in->bus, m, NULL);
            dbus_connection_flush(in->bus);
            dbus_message_unref(m);
        }
    }
    dbus_connection_close(in->bus);
    dbus_connection_unref(in->bus);
    in->bus = NULL;
    in->st.dbus_inhibited = in->st.dbus_pending = false;
}
#endif

struct inhibit *inhibit_start(const struct inhibit_desc *d)
{
    struct inhibit_desc def = {0};
    if (!d)
        d = &def;
    struct inhibit *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->poke_interval = d->poke_interval > 0 ? d->poke_interval : 30.0;
    in->next_poke = clock_mono() + in->poke_interval;
#ifdef MAGI_HAVE_X11
    x11_start(in);
#endif
#ifdef MAGI_HAVE_DBUS
    dbus_start(in, d->app_name ? d->app_name : "magi", d->reason ? d->reason : "status display");
#endif
#if !defined(MAGI_HAVE_X11) && !defined(MAGI_HAVE_DBUS)
    log_info("inhibit", "built without X11 and D-Bus: screen blanking not held off");
#endif
    return in;
}

void inhibit_stop(struct inhibit *in)
{
    if (!in)
        return;
#ifdef MAGI_HAVE_DBUS
    dbus_stop(in);
#endif
#ifdef MAGI_HAVE_X11
    x11_stop(in);
#endif
    free(in);
}

double inhibit_tick(struct inhibit *in, double now)
{
    if (!in)
        return now + 3600.0;
#ifdef MAGI_HAVE_DBUS
    dbus_poll(in);
#endif
    if (now >= in->next_poke) {
#ifdef MAGI_HAVE_X11
        if (in->dpy) {
            XResetScreenSaver(in->dpy);
            XFlush(in->dpy);
        }
#endif
        in->next_poke = now + in->poke_interval;
    }
    double next = in->next_poke;
#ifdef MAGI_HAVE_DBUS
    /* While the D-Bus reply is outstanding, look again soon. */
    if (in->pending && now + 0.1 < next)
        next = now + 0.1;
#endif
    return next;
}

void inhibit_get_state(const struct inhibit *in, struct inhibit_state *out)
{
    memset(out, 0, sizeof *out);
    if (in)
        *out = in->st;
}
