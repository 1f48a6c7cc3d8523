/* session: see session.h. */
#include "app/session.h"

#include <stdlib.h>
#include <string.h>

#include "app/content_open.h"
#include "app/testcard.h"
#include "core/log.h"
#include "render/gl_context.h"

bool session_open(struct session *s, const struct cli_options *o, const struct session_desc *d)
{
    memset(s, 0, sizeof *s);
    struct window_desc wd = {
        .w = d->headless ? 64 : d->w,
        .h = d->headless ? 64 : d->h,
        .fullscreen = d->fullscreen,
        .monitor = d->monitor,
        .hidden = d->headless,
        /* Only the live display is called plain "MAGI": tests and window
         * managers find it by that title. */
        .title = d->title ? d->title : (d->headless ? "MAGI offscreen" : NULL),
    };
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    bool have_display = (x && *x) || (wl && *wl);
    if (!d->headless || have_display)
        s->win = window_create(&wd);
    if (!s->win && d->headless) {
        /* No window system (or none that gave us a window): EGL directly. */
        s->egl = egl_headless_create(3, 3);
        if (s->egl)
            log_debug("app", "headless GL through %s", egl_headless_description(s->egl));
    }
    if (!s->win && !s->egl)
        return false;
    gl_loader loader = s->win ? (gl_loader)window_proc_address : (gl_loader)egl_headless_proc;
    if (!gl_context_load(loader)) {
        session_close(s);
        return false;
    }
    s->have_content = d->still_content ? testcard_open(&s->content, &(struct testcard_desc){.still = true})
                                       : content_open(o, &s->content);
    if (!s->have_content) {
        log_error("app", "nothing to show");
        session_close(s);
        return false;
    }
    if (d->headless) {
        s->w = d->w;
        s->h = d->h;
    } else {
        window_framebuffer_size(s->win, &s->w, &s->h);
    }
    s->pipe = pipeline_create(&(struct pipeline_desc){
        .w = s->w,
        .h = s->h,
        .preset = pipeline_preset(o),
        .reduce_motion = o->reduce_motion,
        .seed = o->seed,
        .offscreen = d->headless,
        .content = &s->content,
    });
    if (!s->pipe) {
        session_close(s);
        return false;
    }
    return true;
}

void session_close(struct session *s)
{
    pipeline_destroy(s->pipe);
    s->pipe = NULL;
    if (s->have_content && s->content.destroy)
        s->content.destroy(s->content.self);
    s->have_content = false;
    window_destroy(s->win);
    s->win = NULL;
    egl_headless_destroy(s->egl);
    s->egl = NULL;
}
