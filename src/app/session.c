/* session: see session.h. */
#include "app/session.h"

#include <stdlib.h>
#include <string.h>

#include "app/content_open.h"
#include "app/testcard.h"
#include "core/log.h"
#include "render/gl_context.h"

static enum display_effects effects_of(int cli_effects)
{
    switch (cli_effects) {
    case CLI_EFFECTS_FULL:
        return DISPLAY_EFFECTS_FULL;
    case CLI_EFFECTS_LITE:
        return DISPLAY_EFFECTS_LITE;
    case CLI_EFFECTS_OFF:
        return DISPLAY_EFFECTS_OFF;
    default:
        return DISPLAY_EFFECTS_DEFAULT;
    }
}

static enum post_preset preset_of(enum display_effects e)
{
    switch (e) {
    case DISPLAY_EFFECTS_LITE:
        return POST_LITE;
    case DISPLAY_EFFECTS_OFF:
        return POST_OFF;
    case DISPLAY_EFFECTS_FULL:
    case DISPLAY_EFFECTS_DEFAULT:
        break;
    }
    return POST_FULL;
}

/* Command line over layout over machine (platform/display_config.h). */
static void resolve_display(struct session *s, const struct cli_options *o,
                            const struct session_desc *d)
{
    struct content_settings cs = {.effects = -1, .reduce_motion = -1, .ambient_rate = -1,
                                  .ambient_idle = -1};
    if (s->content.settings)
        s->content.settings(s->content.self, &cs);
    const char *renderer = gl_context_renderer();
    struct display_inputs in = {
        .cli_effects = effects_of(o->effects),
        .layout_effects = effects_of(cs.effects),
        .cli_reduce_motion = o->reduce_motion,
        .layout_reduce_motion = cs.reduce_motion,
        .cli_ambient_rate = o->ambient_rate_set ? o->ambient_rate : -1,
        .layout_ambient_rate = cs.ambient_rate,
        .cli_ambient_idle = o->ambient_idle_set ? o->ambient_idle : -1,
        .layout_ambient_idle = cs.ambient_idle,
        .gl_renderer = renderer,
        .auto_lite = d->live,
    };
    display_config_resolve(&in, &s->display);
    if (s->display.software_lite)
        log_info("render", "software renderer (%s): lite effects, no CRT animation "
                 "(--effects full to have it)", renderer ? renderer : "?");
}

bool session_open(struct session *s, const struct cli_options *o, const struct session_desc *d)
{
    memset(s, 0, sizeof *s);
    struct window_desc wd = {
        .w = d->headless ? 64 : d->w,
        .h = d->headless ? 64 : d->h,
        .fullscreen = d->fullscreen,
        .monitor = d->monitor,
        .hidden = d->headless,
        .allow_blanking = d->allow_blanking,
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
    resolve_display(s, o, d);
    if (d->headless) {
        s->w = d->w;
        s->h = d->h;
    } else {
        window_framebuffer_size(s->win, &s->w, &s->h);
    }
    s->pipe = pipeline_create(&(struct pipeline_desc){
        .w = s->w,
        .h = s->h,
        .preset = preset_of(s->display.effects),
        .reduce_motion = s->display.reduce_motion,
        .ambient_fps = s->display.ambient_rate > 0 ? s->display.ambient_rate : 0,
        .no_ambient = s->display.ambient_rate == 0,
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
