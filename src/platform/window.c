/* window: see window.h. */
#include "platform/window.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#ifdef MAGI_HAVE_X11
#include <X11/Xlib.h>
/* From GLFW's glfw3native.h, which would also want the Xrandr headers. */
Display *glfwGetX11Display(void);
Window glfwGetGLXWindow(GLFWwindow *window);
typedef void (*copy_sub_buffer_fn)(Display *dpy, XID drawable, int x, int y, int w, int h);
#endif
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "platform/monitor_pick.h"

#define MAX_MONITORS 32

struct window {
    GLFWwindow *win;
    bool fullscreen;      /* wanted: F11 and the command line say so */
    GLFWmonitor *monitor; /* the one to go fullscreen on (NULL: not known) */
    /* The monitor followed across hot-plugs, by name; empty: the primary. */
    char want[128];
    bool was_on_want; /* has been fullscreen on it (for the log) */
    bool monitors_changed;
    int win_x, win_y, win_w, win_h; /* windowed placement, restored by F11 */
    bool resized;
    bool pointer_moved;
    bool cursor_hidden;
    /* GLFW turns the X screensaver off while a window is fullscreen; with
     * --allow-blanking the settings it found are put back (keep_saver). */
    bool allow_blanking, have_saver;
    int saver_timeout, saver_interval, saver_blanking, saver_exposures;
    window_key_fn key_fn;
    void *key_user;
    bool exposed; /* contents lost since the last window_take_exposed */
#ifdef MAGI_HAVE_X11
    copy_sub_buffer_fn copy_sub; /* glXCopySubBufferMESA, or NULL */
#endif
};

static int glfw_users;
/* The visible window, for the (process-wide) monitor callback. */
static struct window *live_window;

static void on_error(int code, const char *msg) { log_warn("window", "GLFW error 0x%x: %s", code, msg); }

static bool glfw_up(void)
{
    if (glfw_users++ > 0)
        return true;
    glfwSetErrorCallback(on_error);
    if (!glfwInit()) {
        glfw_users = 0;
        log_error("window", "cannot initialise GLFW (is there a display? try xvfb-run)");
        return false;
    }
    return true;
}

static void glfw_down(void)
{
    if (glfw_users > 0 && --glfw_users == 0)
        glfwTerminate();
}

/* The connected monitors as monitor_pick sees them. */
static int monitor_entries(GLFWmonitor ***mons_out, struct monitor_entry *e)
{
    int n = 0;
    GLFWmonitor **mons = glfwGetMonitors(&n);
    if (!mons)
        n = 0;
    if (n > MAX_MONITORS)
        n = MAX_MONITORS;
    GLFWmonitor *primary = glfwGetPrimaryMonitor();
    for (int i = 0; i < n; i++) {
        e[i].name = glfwGetMonitorName(mons[i]);
        e[i].primary = mons[i] == primary;
    }
    *mons_out = mons;
    return n;
}

/* The monitor named by `spec` (an index or a name), or NULL. */
static GLFWmonitor *find_monitor(const char *spec)
{
    GLFWmonitor **mons;
    struct monitor_entry e[MAX_MONITORS];
    int n = monitor_entries(&mons, e);
    int i = monitor_pick(spec, e, n);
    return i >= 0 ? mons[i] : NULL;
}

/* Where the followed monitor is now (see monitor_pick.h), or NULL. */
static GLFWmonitor *followed_monitor(const struct window *w)
{
    GLFWmonitor **mons;
    struct monitor_entry e[MAX_MONITORS];
    int n = monitor_entries(&mons, e);
    int i = monitor_follow(w->want[0] ? w->want : NULL, e, n);
    return i >= 0 ? mons[i] : NULL;
}

static const char *monitor_label(GLFWmonitor *m)
{
    const char *name = m ? glfwGetMonitorName(m) : NULL;
    return name && *name ? name : "?";
}

static void note_saver(struct window *w)
{
#ifdef MAGI_HAVE_X11
    Display *dpy = glfwGetX11Display();
    if (dpy) {
        XGetScreenSaver(dpy, &w->saver_timeout, &w->saver_interval, &w->saver_blanking,
                        &w->saver_exposures);
        w->have_saver = true;
    }
#else
    (void)w;
#endif
}

/* Call after every change into fullscreen. */
static void keep_saver(struct window *w)
{
#ifdef MAGI_HAVE_X11
    Display *dpy = glfwGetX11Display();
    if (w->allow_blanking && w->have_saver && dpy) {
        XSetScreenSaver(dpy, w->saver_timeout, w->saver_interval, w->saver_blanking,
                        w->saver_exposures);
        XFlush(dpy);
    }
#else
    (void)w;
#endif
}

static void on_monitor(GLFWmonitor *m, int event)
{
    struct window *w = live_window;
    if (!w)
        return;
    /* GLFW frees a disconnected monitor right after this callback: forget it
     * now so no stale pointer is ever compared or used. */
    if (event == GLFW_DISCONNECTED && m == w->monitor)
        w->monitor = NULL;
    w->monitors_changed = true;
}

static int translate_key(int key)
{
    if (key >= GLFW_KEY_A && key <= GLFW_KEY_Z)
        return 'a' + (key - GLFW_KEY_A);
    if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9)
        return '0' + (key - GLFW_KEY_0);
    switch (key) {
    case GLFW_KEY_SPACE:
        return ' ';
    case GLFW_KEY_F11:
        return WINDOW_KEY_F11;
    case GLFW_KEY_ESCAPE:
        return WINDOW_KEY_ESCAPE;
    case GLFW_KEY_LEFT:
        return WINDOW_KEY_LEFT;
    case GLFW_KEY_RIGHT:
        return WINDOW_KEY_RIGHT;
    default:
        return 0;
    }
}

static void on_key(GLFWwindow *gw, int key, int scancode, int action, int mods)
{
    (void)scancode;
    (void)mods;
    struct window *w = glfwGetWindowUserPointer(gw);
    if (!w || action != GLFW_PRESS)
        return;
    int k = translate_key(key);
    if (k && w->key_fn)
        w->key_fn(w->key_user, k);
}

/* The window system lost the window's contents (exposed after being
 * covered, mapped again): it must be shown whole. */
static void on_refresh(GLFWwindow *gw)
{
    struct window *w = glfwGetWindowUserPointer(gw);
    if (w)
        w->exposed = true;
}

static void on_cursor_pos(GLFWwindow *gw, double x, double y)
{
    (void)x;
    (void)y;
    struct window *w = glfwGetWindowUserPointer(gw);
    if (w)
        w->pointer_moved = true;
}

static void on_fb_size(GLFWwindow *gw, int fw, int fh)
{
    (void)fw;
    (void)fh;
    struct window *w = glfwGetWindowUserPointer(gw);
    if (w)
        w->resized = true;
}

static void on_scale(GLFWwindow *gw, float xs, float ys)
{
    (void)xs;
    (void)ys;
    struct window *w = glfwGetWindowUserPointer(gw);
    if (w)
        w->resized = true;
}

struct window *window_create(const struct window_desc *d)
{
    if (!glfw_up())
        return NULL;
    struct window *w = calloc(1, sizeof *w);
    if (!w) {
        glfw_down();
        return NULL;
    }
    w->win_w = d->w > 0 ? d->w : 1280;
    w->win_h = d->h > 0 ? d->h : 720;
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    /* Everything draws into our own framebuffers; the window needs no depth,
     * stencil or multisampling. */
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    glfwWindowHint(GLFW_SAMPLES, 0);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, d->hidden ? GLFW_FALSE : GLFW_TRUE);
    glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_TRUE);

    GLFWmonitor *mon = NULL;
    if (!d->hidden && d->monitor && *d->monitor) {
        mon = find_monitor(d->monitor);
        if (mon) {
            /* Followed by name from now on, also when picked by index. */
            snprintf(w->want, sizeof w->want, "%s", monitor_label(mon));
            w->was_on_want = true;
        } else {
            log_warn("window", "no monitor '%s' (see --list-monitors); using the primary",
                     d->monitor);
            /* A name may be a monitor not plugged in yet: go there when it is. */
            bool index = strspn(d->monitor, "0123456789") == strlen(d->monitor);
            if (!index)
                snprintf(w->want, sizeof w->want, "%s", d->monitor);
        }
    }
    if (!mon && !d->hidden)
        mon = followed_monitor(w);
    if (!d->hidden && (d->fullscreen || d->monitor) && !mon)
        log_warn("window", "no monitor found; staying windowed");
    w->monitor = mon;
    w->allow_blanking = d->allow_blanking;
    if (!d->hidden)
        note_saver(w);
    if (!(d->fullscreen || (d->monitor && *d->monitor)))
        mon = NULL; /* windowed: the monitor is only where F11 goes */
    const char *title = d->title ? d->title : "MAGI";
    if (mon) {
        /* Borderless fullscreen in the monitor's current mode: no mode switch. */
        const GLFWvidmode *m = glfwGetVideoMode(mon);
        glfwWindowHint(GLFW_RED_BITS, m->redBits);
        glfwWindowHint(GLFW_GREEN_BITS, m->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, m->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, m->refreshRate);
        w->win = glfwCreateWindow(m->width, m->height, title, mon, NULL);
        w->fullscreen = w->win != NULL;
    } else {
        w->win = glfwCreateWindow(w->win_w, w->win_h, title, NULL, NULL);
    }
    if (!w->win) {
        log_error("window", "cannot create a window with an OpenGL 3.3 core context");
        free(w);
        glfw_down();
        return NULL;
    }
    glfwSetWindowUserPointer(w->win, w);
    glfwSetWindowRefreshCallback(w->win, on_refresh);
    glfwSetKeyCallback(w->win, on_key);
    glfwSetCursorPosCallback(w->win, on_cursor_pos);
    glfwSetFramebufferSizeCallback(w->win, on_fb_size);
    glfwSetWindowContentScaleCallback(w->win, on_scale);
    glfwMakeContextCurrent(w->win);
#ifdef MAGI_HAVE_X11
    /* Needs the current context to ask. */
    if (glfwGetX11Display() && glfwExtensionSupported("GLX_MESA_copy_sub_buffer"))
        w->copy_sub = (copy_sub_buffer_fn)glfwGetProcAddress("glXCopySubBufferMESA");
#endif
    /* Against tearing only; frames are paced by the scheduler. */
    glfwSwapInterval(d->hidden ? 0 : 1);
    if (w->fullscreen) {
        window_show_cursor(w, false);
        keep_saver(w);
    }
    if (!d->hidden) {
        live_window = w;
        glfwSetMonitorCallback(on_monitor);
    }
    return w;
}

void window_destroy(struct window *w)
{
    if (!w)
        return;
    if (live_window == w) {
        glfwSetMonitorCallback(NULL);
        live_window = NULL;
    }
    glfwDestroyWindow(w->win);
    free(w);
    glfw_down();
}

window_proc window_proc_address(const char *name) { return glfwGetProcAddress(name); }

void window_set_key_handler(struct window *w, window_key_fn fn, void *user)
{
    w->key_fn = fn;
    w->key_user = user;
}

bool window_should_close(const struct window *w) { return glfwWindowShouldClose(w->win); }
void window_request_close(struct window *w) { glfwSetWindowShouldClose(w->win, GLFW_TRUE); }

void window_framebuffer_size(const struct window *w, int *fw, int *fh)
{
    glfwGetFramebufferSize(w->win, fw, fh);
}

float window_content_scale(const struct window *w)
{
    float xs = 1, ys = 1;
    glfwGetWindowContentScale(w->win, &xs, &ys);
    return ys > 0 ? ys : 1.0f;
}

bool window_take_resized(struct window *w)
{
    bool r = w->resized;
    w->resized = false;
    return r;
}

bool window_is_fullscreen(const struct window *w) { return w->fullscreen; }

/* Borderless fullscreen on `mon` in its current mode: no mode switch. */
static void go_fullscreen(struct window *w, GLFWmonitor *mon)
{
    const GLFWvidmode *m = glfwGetVideoMode(mon);
    glfwSetWindowMonitor(w->win, mon, 0, 0, m->width, m->height, m->refreshRate);
    w->monitor = mon;
    w->resized = true;
    keep_saver(w);
}

void window_toggle_fullscreen(struct window *w)
{
    if (w->fullscreen) {
        glfwSetWindowMonitor(w->win, NULL, w->win_x, w->win_y, w->win_w, w->win_h, GLFW_DONT_CARE);
        w->fullscreen = false;
        window_show_cursor(w, true);
    } else {
        GLFWmonitor *mon = followed_monitor(w);
        if (!mon) {
            log_warn("window", "no monitor to go fullscreen on");
            return;
        }
        glfwGetWindowPos(w->win, &w->win_x, &w->win_y);
        glfwGetWindowSize(w->win, &w->win_w, &w->win_h);
        go_fullscreen(w, mon);
        w->fullscreen = true;
        window_show_cursor(w, false);
    }
    w->resized = true;
}

bool window_take_monitors_changed(struct window *w)
{
    bool c = w->monitors_changed;
    w->monitors_changed = false;
    return c;
}

bool window_follow_monitor(struct window *w)
{
    GLFWmonitor *target = followed_monitor(w);
    if (!w->fullscreen) {
        w->monitor = target; /* where F11 will go */
        return false;
    }
    GLFWmonitor *now = glfwGetWindowMonitor(w->win);
    if (!target) {
        /* GLFW has made the window windowed; it comes back with a monitor. */
        log_warn("window", "no monitor connected; waiting for one");
        w->monitor = NULL;
        return false;
    }
    if (target == now) {
        w->monitor = target;
        return false;
    }
    if (w->want[0] && strcmp(monitor_label(target), w->want) == 0)
        log_info("window", "monitor %s is %s: fullscreen on it", w->want,
                 w->was_on_want ? "back" : "connected");
    else if (w->want[0])
        log_info("window", "monitor %s is gone: fullscreen on %s until it is back", w->want,
                 monitor_label(target));
    else
        log_info("window", "the primary monitor is now %s: fullscreen on it", monitor_label(target));
    go_fullscreen(w, target);
    window_show_cursor(w, false);
    if (w->want[0] && strcmp(monitor_label(target), w->want) == 0)
        w->was_on_want = true;
    return true;
}

const char *window_monitor_name(const struct window *w)
{
    GLFWmonitor *m = glfwGetWindowMonitor(w->win);
    return m ? monitor_label(m) : NULL;
}

bool window_take_pointer_moved(struct window *w)
{
    bool m = w->pointer_moved;
    w->pointer_moved = false;
    return m;
}

void window_show_cursor(struct window *w, bool show)
{
    if (w->cursor_hidden == !show)
        return;
    glfwSetInputMode(w->win, GLFW_CURSOR, show ? GLFW_CURSOR_NORMAL : GLFW_CURSOR_HIDDEN);
    w->cursor_hidden = !show;
}

void window_swap(struct window *w) { glfwSwapBuffers(w->win); }

bool window_can_present_rects(struct window *w)
{
#ifdef MAGI_HAVE_X11
    return w->copy_sub != NULL;
#else
    (void)w;
    return false;
#endif
}

bool window_present_rects(struct window *w, const int *xywh, int n)
{
#ifdef MAGI_HAVE_X11
    Display *dpy = glfwGetX11Display();
    Window xw = glfwGetGLXWindow(w->win);
    if (!w->copy_sub || !dpy || !xw || n <= 0)
        return false;
    int fw, fh;
    glfwGetFramebufferSize(w->win, &fw, &fh);
    for (int i = 0; i < n; i++) {
        const int *r = xywh + 4 * i;
        /* GLX's y runs up from the bottom. */
        w->copy_sub(dpy, xw, r[0], fh - (r[1] + r[3]), r[2], r[3]);
    }
    XFlush(dpy);
    return true;
#else
    (void)w;
    (void)xywh;
    (void)n;
    return false;
#endif
}

bool window_take_exposed(struct window *w)
{
    bool e = w->exposed;
    w->exposed = false;
    return e;
}

void window_wait(struct window *w, double timeout)
{
    (void)w;
    if (timeout > 0)
        glfwWaitEventsTimeout(timeout);
    else
        glfwPollEvents();
}

void window_wake(void) { glfwPostEmptyEvent(); }

static bool has_space(const char *s)
{
    for (; *s; s++)
        if (isspace((unsigned char)*s))
            return true;
    return false;
}

int window_list_monitors(FILE *out)
{
    if (!glfw_up())
        return -1;
    int n = 0;
    GLFWmonitor **mons = glfwGetMonitors(&n);
    GLFWmonitor *primary = glfwGetPrimaryMonitor();
    for (int i = 0; i < n; i++) {
        const char *name = glfwGetMonitorName(mons[i]);
        if (!name || !*name)
            name = "unknown";
        const GLFWvidmode *m = glfwGetVideoMode(mons[i]);
        float xs = 1, ys = 1;
        glfwGetMonitorContentScale(mons[i], &xs, &ys);
        int x = 0, y = 0;
        glfwGetMonitorPos(mons[i], &x, &y);
        fprintf(out, has_space(name) ? "%d \"%s\"" : "%d %s", i, name);
        fprintf(out, " %dx%d %dHz %.2f %+d%+d%s\n", m ? m->width : 0, m ? m->height : 0,
                m ? m->refreshRate : 0, (double)ys, x, y, mons[i] == primary ? " primary" : "");
    }
    glfw_down();
    return n;
}
