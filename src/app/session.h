/* session: what every GL mode sets up — a window (visible, or hidden for
 * headless rendering), the GL entry points, the content the command line asks
 * for and a pipeline at the framebuffer size. Used by the display loop,
 * capture and the benchmark.
 *
 * Headless sessions need no window system: with no $DISPLAY or
 * $WAYLAND_DISPLAY (or when the window cannot be made) they take an EGL
 * context (platform/egl_headless: a GPU through the EGL device platform, or
 * Mesa's surfaceless llvmpipe). Depends on app (content, pipeline), platform/window, render. */
#ifndef MAGI_APP_SESSION_H
#define MAGI_APP_SESSION_H

#include <stdbool.h>

#include "app/cli.h"
#include "app/content.h"
#include "app/pipeline.h"
#include "platform/display_config.h"
#include "platform/egl_headless.h"
#include "platform/window.h"

struct session {
    struct window *win;          /* NULL when headless through EGL */
    struct egl_headless *egl;    /* headless without a window system */
    struct content content;
    bool have_content;
    struct pipeline *pipe;
    int w, h; /* pipeline size */
    /* The look and pacing resolved from the command line, the layout's
     * display settings and the GL driver. */
    struct display_config display;
};

struct session_desc {
    bool headless;        /* hidden window, composite offscreen at w x h */
    int w, h;             /* headless: output size; windowed: window size (0 = default) */
    bool fullscreen;
    const char *monitor;
    bool still_content;   /* test card that never changes (idle measurements) */
    const char *title;    /* window title; 0 = "MAGI" (headless: "MAGI offscreen") */
    bool allow_blanking;  /* --allow-blanking: fullscreen does not hold off the screensaver */
    bool live;            /* the live display: lite effects on a software renderer
                           * unless a preset was chosen */
};

/* Opens everything; false (logged) on failure, with nothing left open. */
bool session_open(struct session *s, const struct cli_options *o, const struct session_desc *d);
void session_close(struct session *s);

#endif
