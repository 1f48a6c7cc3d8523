/* window: see window.h. */
#include "platform/window.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"

struct window {
    GLFWwindow *win;
    bool fullscreen;
    GLFWmonitor *monitor; /* the one to go fullscreen on */
    int win_x, win_y, win_w, win_h; /* windowed placement, restored by F11 */
    bool resized;
    window_key_fn key_fn;
    void *key_user;
};

static int glfw_users;

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

/* The monitor named by `spec` (an index or a name), or NULL. */
static GLFWmonitor *find_monitor(const char *spec)
{
    int n = 0;
    GLFWmonitor **mons = glfwGetMonitors(&n);
    if (!mons || n == 0)
        return NULL;
    if (!spec || !*spec)
        return glfwGetPrimaryMonitor();
    char *end;
    long idx = strtol(spec, &end, 10);
    if (end != spec && *end == 0) {
        if (idx >= 0 && idx < n)
            return mons[idx];
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        const char *name = glfwGetMonitorName(mons[i]);
        if (name && strcmp(name, spec) == 0)
            return mons[i];
    }
    for (int i = 0; i < n; i++) {
        const char *name = glfwGetMonitorName(mons[i]);
        if (name && strcasecmp(name, spec) == 0)
            return mons[i];
    }
    return NULL;
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
    if (!d->hidden && (d->fullscreen || d->monitor)) {
        mon = find_monitor(d->monitor);
        if (!mon) {
            if (d->monitor)
                log_warn("window", "no monitor '%s' (see --list-monitors); using the primary",
                         d->monitor);
            mon = glfwGetPrimaryMonitor();
        }
        if (!mon)
            log_warn("window", "no monitor found; staying windowed");
    }
    w->monitor = mon;
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
    glfwSetKeyCallback(w->win, on_key);
    glfwSetFramebufferSizeCallback(w->win, on_fb_size);
    glfwSetWindowContentScaleCallback(w->win, on_scale);
    glfwMakeContextCurrent(w->win);
    /* Against tearing only; frames are paced by the scheduler. */
    glfwSwapInterval(d->hidden ? 0 : 1);
    if (w->fullscreen)
        glfwSetInputMode(w->win, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    return w;
}

void window_destroy(struct window *w)
{
    if (!w)
        return;
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

void window_toggle_fullscreen(struct window *w)
{
    if (w->fullscreen) {
        glfwSetWindowMonitor(w->win, NULL, w->win_x, w->win_y, w->win_w, w->win_h, GLFW_DONT_CARE);
        glfwSetInputMode(w->win, GLFW_CURSOR, GLFW_CURSOR_NORMAL);
        w->fullscreen = false;
    } else {
        GLFWmonitor *mon = w->monitor ? w->monitor : glfwGetPrimaryMonitor();
        if (!mon) {
            log_warn("window", "no monitor to go fullscreen on");
            return;
        }
        glfwGetWindowPos(w->win, &w->win_x, &w->win_y);
        glfwGetWindowSize(w->win, &w->win_w, &w->win_h);
        const GLFWvidmode *m = glfwGetVideoMode(mon);
        glfwSetWindowMonitor(w->win, mon, 0, 0, m->width, m->height, m->refreshRate);
        glfwSetInputMode(w->win, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
        w->fullscreen = true;
    }
    w->resized = true;
}

void window_swap(struct window *w) { glfwSwapBuffers(w->win); }

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
