/* loop: see loop.h. */
#include "app/loop.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/sched.h"
#include "platform/inhibit.h"
#include "platform/window.h"

/* Longest single sleep: a safety net should a wake-up ever be lost. */
#define MAX_WAIT 5.0

struct loop {
    struct session *s;
    struct loop_desc d;
    struct sched sched;
    struct app_clock clk;
    struct inhibit *inh;
    double inhibit_next;
};

static void on_key(void *user, int key)
{
    struct loop *l = user;
    if (key == 'q') {
        window_request_close(l->s->win);
        return;
    }
    if (key == WINDOW_KEY_F11) {
        window_toggle_fullscreen(l->s->win);
        return;
    }
    struct content *c = &l->s->content;
    if (c->key && c->key(c->self, key)) {
        clock_update(&l->clk);
        sched_invalidate(&l->sched, SCHED_SCENE, l->clk.t);
    }
}

struct loop *loop_create(struct session *s, const struct loop_desc *d)
{
    struct loop *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->s = s;
    l->d = *d;
    l->inhibit_next = INFINITY;
    const struct post_settings *post = pipeline_post(s->pipe);
    clock_init_live(&l->clk);
    sched_init(&l->sched,
               &(struct sched_desc){.fps_cap = d->fps_cap,
                                    .ambient = post->ambient && !d->no_ambient,
                                    .ambient_fps = post->ambient_fps,
                                    .ambient_idle = d->ambient_idle},
               l->clk.t);
    window_set_key_handler(s->win, on_key, l);
    return l;
}

void loop_destroy(struct loop *l)
{
    if (!l)
        return;
    window_set_key_handler(l->s->win, NULL, NULL);
    inhibit_stop(l->inh);
    free(l);
}

/* Keeps the screen awake while fullscreen (F11 can change that). */
static void tend_inhibitor(struct loop *l)
{
    bool want = l->d.keep_screen_on && window_is_fullscreen(l->s->win);
    if (want && !l->inh) {
        l->inh = inhibit_start(NULL);
        l->inhibit_next = INFINITY;
    } else if (!want && l->inh) {
        inhibit_stop(l->inh);
        l->inh = NULL;
    }
    if (l->inh) {
        double mono = clock_mono();
        if (mono >= l->inhibit_next || isinf(l->inhibit_next))
            l->inhibit_next = l->inh ? inhibit_tick(l->inh, mono) : INFINITY;
    }
}

void loop_run(struct loop *l, double seconds, struct loop_stats *stats)
{
    struct session *s = l->s;
    struct loop_stats st = {0};
    clock_update(&l->clk);
    double end = l->clk.t + seconds;

    while (!window_should_close(s->win)) {
        clock_update(&l->clk);
        double now = l->clk.t;
        if (now >= end)
            break;
        if (window_take_resized(s->win)) {
            int w, h;
            window_framebuffer_size(s->win, &w, &h);
            if (w > 0 && h > 0 && pipeline_resize(s->pipe, w, h)) {
                s->w = w;
                s->h = h;
                sched_invalidate(&l->sched, SCHED_SCENE, now);
            }
        }
        struct content *c = &s->content;
        if (c->changed && c->changed(c->self))
            sched_invalidate(&l->sched, SCHED_SCENE, now);

        enum sched_level lv = sched_due(&l->sched, now);
        int fw, fh;
        window_framebuffer_size(s->win, &fw, &fh);
        if (lv != SCHED_NONE && fw > 0 && fh > 0) {
            double wake = INFINITY;
            if (lv == SCHED_SCENE) {
                wake = pipeline_build(s->pipe, now, l->clk.wall);
                pipeline_draw_scene(s->pipe);
                st.scenes++;
            } else {
                st.composites++;
            }
            pipeline_composite(s->pipe, now, sched_ambient_strength(&l->sched, now));
            window_swap(s->win);
            sched_frame_done(&l->sched, lv, now);
            if (lv == SCHED_SCENE)
                sched_wake_at(&l->sched, wake);
            st.frames++;
        } else if (lv != SCHED_NONE) {
            /* Minimised: nothing to draw into; try again after the cap. */
            sched_frame_done(&l->sched, SCHED_NONE, now);
        }

        tend_inhibitor(l);
        clock_update(&l->clk);
        double timeout = sched_timeout(&l->sched, l->clk.t, MAX_WAIT);
        if (l->inh && isfinite(l->inhibit_next)) {
            double dt = l->inhibit_next - clock_mono();
            if (dt < timeout)
                timeout = dt > 0 ? dt : 0;
        }
        if (end - l->clk.t < timeout)
            timeout = fmax(0.0, end - l->clk.t);
        /* A zero timeout means "draw now": just take pending events. */
        window_wait(s->win, timeout);
    }
    if (stats) {
        stats->frames += st.frames;
        stats->scenes += st.scenes;
        stats->composites += st.composites;
    }
}
