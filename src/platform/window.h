/* window: the GLFW window, its OpenGL 3.3 core context, fullscreen on a
 * chosen monitor, keys, pointer, resize and content scale; and the monitor list.
 *
 * Fullscreen follows its monitor across hot-plugs (platform/monitor_pick):
 * GLFW reports monitor changes, the loop calls window_follow_monitor.
 * HiDPI: the windowed size is in screen coordinates and scales with the
 * monitor's content scale (GLFW_SCALE_TO_MONITOR); everything drawn uses
 * window_framebuffer_size, in device pixels.
 *
 * Event-driven: window_wait() sleeps in glfwWaitEventsTimeout until input,
 * a resize, window_wake() from another thread, or the timeout. The swap
 * interval is 1 only to avoid tearing; nothing here paces frames (Xvfb
 * ignores the interval and some monitors report 0 Hz), the frame scheduler
 * does. Depends on core, GLFW. */
#ifndef MAGI_PLATFORM_WINDOW_H
#define MAGI_PLATFORM_WINDOW_H

#include <stdbool.h>
#include <stdio.h>

struct window_desc {
    int w, h;             /* windowed size in screen coordinates; 0 = 1280x720 */
    bool fullscreen;      /* on `monitor`, or the primary one */
    const char *monitor;  /* name or index (see window_list_monitors); NULL = primary */
    bool hidden;          /* headless rendering: an invisible window just for the context */
    const char *title;    /* 0 = "MAGI" */
    bool allow_blanking;  /* undo GLFW's own X screensaver suspension when fullscreen */
};

/* Key events handed to the app: GLFW-independent codes. Printable keys are
 * their lower-case ASCII code; these are the others the app cares about. */
enum window_key {
    WINDOW_KEY_ESCAPE = 0x101,
    WINDOW_KEY_F11 = 0x100,
    WINDOW_KEY_LEFT = 0x102,
    WINDOW_KEY_RIGHT = 0x103,
};

typedef void (*window_key_fn)(void *user, int key);

struct window;

/* Creates the window and makes its context current; NULL (logged) on failure. */
struct window *window_create(const struct window_desc *d);
void window_destroy(struct window *w);

/* The loader for gl_context_load (glfwGetProcAddress). */
typedef void (*window_proc)(void);
window_proc window_proc_address(const char *name);

void window_set_key_handler(struct window *w, window_key_fn fn, void *user);
bool window_should_close(const struct window *w);
void window_request_close(struct window *w);
/* Framebuffer size in device pixels. */
void window_framebuffer_size(const struct window *w, int *fw, int *fh);
float window_content_scale(const struct window *w);
/* True once after the framebuffer size changed (resize, fullscreen toggle). */
bool window_take_resized(struct window *w);
bool window_is_fullscreen(const struct window *w);
void window_toggle_fullscreen(struct window *w);
/* True once after monitors were connected or disconnected. */
bool window_take_monitors_changed(struct window *w);
/* Moves a fullscreen window to where its followed monitor is now (itself,
 * else the primary); true if it moved. Windowed, it only notes where F11 goes. */
bool window_follow_monitor(struct window *w);
/* The name of the monitor the window is fullscreen on, NULL when windowed. */
const char *window_monitor_name(const struct window *w);
/* True once after the pointer moved over the window. */
bool window_take_pointer_moved(struct window *w);
void window_show_cursor(struct window *w, bool show);
void window_swap(struct window *w);
/* Shows only these rectangles of the back buffer (x, y, w, h each, in
 * framebuffer pixels, y down), leaving the rest of the window as it is:
 * GLX_MESA_copy_sub_buffer, which Mesa's software GL offers and where a
 * whole swap costs a full-screen copy. False (nothing done) where that is
 * not available; the caller swaps instead. */
bool window_can_present_rects(struct window *w);
bool window_present_rects(struct window *w, const int *xywh, int n);
/* True once after the window's contents were lost (exposed, mapped): the
 * next frame must be shown whole. */
bool window_take_exposed(struct window *w);

/* Processes events, waiting at most `timeout` seconds (0: just poll). */
void window_wait(struct window *w, double timeout);
/* Wakes window_wait from any thread (glfwPostEmptyEvent). */
void window_wake(void);

/* Prints one line per monitor (CLI.md --list-monitors):
 *   INDEX NAME WxH RATEHz SCALE +X+Y [primary]
 * e.g. "0 DP-1 2560x1440 144Hz 1.25 +0+0 primary". Initialises and ends
 * GLFW itself. Returns the number of monitors, or -1 if GLFW cannot start. */
int window_list_monitors(FILE *out);

#endif
