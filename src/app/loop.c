/* loop: see loop.h. */
#include "app/loop.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/capture.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/sched.h"
#include "platform/burnin.h"
#include "platform/display_config.h"
#include "platform/heap.h"
#include "platform/inhibit.h"
#include "platform/signals.h"
#include "platform/window.h"
#include "render/damage.h"
#include "render/gl_context.h"

/* Longest single sleep: a safety net should a wake-up ever be lost. */
#define MAX_WAIT 5.0
#define CURSOR_HIDE_DEFAULT 3.0

/* Longest a data change waits for a scene already due (seconds). */
#define LOOP_DATA_MERGE 0.06

struct loop {
    struct session *s;
    struct loop_desc d;
    struct sched sched;
    struct app_clock clk;
    struct inhibit *inh;
    double inhibit_next;  /* clock_mono time of the next inhibit_tick */
    double cursor_hide_at; /* app time to hide the windowed cursor; INFINITY: none */
    struct burnin burn;
    double shift_next;    /* app time of the next pixel-shift step */
    int shift_x, shift_y;
    bool shot_wanted;     /* s or SIGUSR1: write the next frame drawn */
    struct loop_stats total; /* over the loop's life, logged at the end */
    bool partial_present; /* show partial frames by rectangle (software GL) */
    bool whole_next;      /* the window lost its contents: show the next frame whole */
    unsigned long partial_shown; /* frames shown by rectangle */
    double area;          /* sum of the redrawn fractions of scene frames */
    double started;       /* clock_mono at creation */
    struct heap_care heap; /* gives freed memory back every few minutes */
    enum level announced; /* highest screen level since it was last NOMINAL */
};

static void arm_cursor_timer(struct loop *l)
{
    struct window *w = l->s->win;
    if (window_is_fullscreen(w)) {
        window_show_cursor(w, false);
        l->cursor_hide_at = INFINITY;
    } else {
        window_show_cursor(w, true);
        l->cursor_hide_at = l->clk.t + l->d.cursor_hide;
    }
}

static void want_screenshot(struct loop *l)
{
    l->shot_wanted = true;
    sched_invalidate(&l->sched, SCHED_COMPOSITE, l->clk.t);
}

/* Hands a key to the content; a used key means the scene changed. */
static void content_key(struct loop *l, int key)
{
    struct content *c = &l->s->content;
    if (c->key && c->key(c->self, key)) {
        clock_update(&l->clk);
        sched_invalidate(&l->sched, SCHED_SCENE, l->clk.t);
    }
}

static void on_key(void *user, int key)
{
    struct loop *l = user;
    clock_update(&l->clk);
    switch (key) {
    case 'q':
        window_request_close(l->s->win);
        return;
    case WINDOW_KEY_F11:
        window_toggle_fullscreen(l->s->win);
        arm_cursor_timer(l);
        return;
    case 's':
        want_screenshot(l);
        return;
    default:
        content_key(l, key);
    }
}

struct loop *loop_create(struct session *s, const struct loop_desc *d)
{
    struct loop *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->s = s;
    l->d = *d;
    if (!(l->d.cursor_hide > 0))
        l->d.cursor_hide = CURSOR_HIDE_DEFAULT;
    l->inhibit_next = INFINITY;
    l->started = clock_mono();
    l->burn = (struct burnin){.range = d->pixel_shift};
    l->shift_next = -INFINITY;
    const struct post_settings *post = pipeline_post(s->pipe);
    clock_init_live(&l->clk);
    sched_init(&l->sched,
               &(struct sched_desc){.fps_cap = d->fps_cap,
                                    .ambient = post->ambient && !d->no_ambient,
                                    .ambient_fps = post->ambient_fps,
                                    .ambient_idle = d->ambient_idle},
               l->clk.t);
    window_set_key_handler(s->win, on_key, l);
    arm_cursor_timer(l);
    /* Redraw only what changes (MAGI_WHOLE_FRAMES=1 turns it off, to compare). */
    const char *whole = getenv("MAGI_WHOLE_FRAMES");
    bool track = !(whole && *whole && *whole != '0');
    pipeline_track_damage(s->pipe, track);
    /* On software GL a swap copies the whole picture to the X server and a
     * full-screen copy precedes it; showing just the changed rectangles
     * (GLX_MESA_copy_sub_buffer; Mesa's software back buffer keeps the rest)
     * saves both. GPUs swap whole frames, which costs them nothing. */
    l->partial_present = track && window_can_present_rects(s->win) &&
                         display_renderer_is_software(gl_context_renderer());
    pipeline_set_partial_present(s->pipe, l->partial_present);
    return l;
}

void loop_destroy(struct loop *l)
{
    if (!l)
        return;
    window_set_key_handler(l->s->win, NULL, NULL);
    pipeline_set_partial_present(l->s->pipe, false);
    pipeline_track_damage(l->s->pipe, false);
    /* What the display cost, in frames: the first thing to look at when it
     * uses more CPU than expected. */
    double secs = clock_mono() - l->started;
    const struct loop_stats *t = &l->total;
    if (secs > 0)
        log_info("app",
                 "%lu frames in %.0f s (%.2f/s): %lu scenes redrawing %.1f %% of the screen on "
                 "average, %lu composite-only, %lu unchanged scenes skipped; %lu shown by rectangle",
                 t->frames, secs, (double)t->frames / secs, t->scenes,
                 t->scenes ? 100.0 * l->area / (double)t->scenes : 0.0, t->composites, t->skipped,
                 l->partial_shown);
    if (l->inh) {
        inhibit_stop(l->inh);
        log_info("app", "screen blanking allowed again");
    }
    free(l);
}

/* Keeps the screen awake while fullscreen (F11 can change that). */
static void tend_inhibitor(struct loop *l)
{
    bool want = l->d.keep_screen_on && window_is_fullscreen(l->s->win);
    if (want && !l->inh) {
        l->inh = inhibit_start(NULL);
        l->inhibit_next = -INFINITY;
        log_info("app", "fullscreen: keeping the screen awake (--allow-blanking to not)");
    } else if (!want && l->inh) {
        inhibit_stop(l->inh);
        l->inh = NULL;
        l->inhibit_next = INFINITY;
        log_info("app", "windowed: screen blanking allowed again");
    }
    if (l->inh) {
        double mono = clock_mono();
        if (mono >= l->inhibit_next)
            l->inhibit_next = inhibit_tick(l->inh, mono);
    }
}

/* Steps the burn-in pixel shift when due; a step needs a new composite. */
static void tend_shift(struct loop *l, double now)
{
    if (now < l->shift_next)
        return;
    int dx, dy;
    burnin_offset(&l->burn, l->clk.wall, &dx, &dy);
    if (dx != l->shift_x || dy != l->shift_y) {
        l->shift_x = dx;
        l->shift_y = dy;
        pipeline_set_shift(l->s->pipe, dx, dy);
        sched_invalidate(&l->sched, SCHED_COMPOSITE, now);
    }
    /* The wall clock may step (NTP, suspend); the app clock is monotonic:
     * ask again after the wall-clock interval, never sooner than 1 s. */
    double next_wall = burnin_next(&l->burn, l->clk.wall);
    l->shift_next = isfinite(next_wall) ? now + fmax(1.0, next_wall - l->clk.wall) : INFINITY;
}

/* Signals that arrived since the last wake-up (platform/signals). */
static void take_signals(struct loop *l)
{
    unsigned req = signals_take();
    if (!req)
        return;
    if (req & SIGNALS_QUIT) {
        log_info("app", "quit signal: closing");
        window_request_close(l->s->win);
    }
    if (req & SIGNALS_RELOAD) {
        log_info("app", "SIGHUP: reloading");
        content_key(l, 'r');
    }
    if (req & SIGNALS_SCREENSHOT)
        want_screenshot(l);
}

/* Shows the frame: the changed rectangles only where that is possible and
 * the window still holds the last frame, else a swap. */
static void present(struct loop *l)
{
    struct window *w = l->s->win;
    const struct damage_rect *r;
    int n = l->partial_present && !l->whole_next ? pipeline_presented(l->s->pipe, &r) : 0;
    l->whole_next = false;
    if (n > 0 && n <= 16) {
        int xywh[16 * 4];
        for (int i = 0; i < n; i++) {
            xywh[4 * i] = r[i].x;
            xywh[4 * i + 1] = r[i].y;
            xywh[4 * i + 2] = r[i].w;
            xywh[4 * i + 3] = r[i].h;
        }
        if (window_present_rects(w, xywh, n)) {
            l->partial_shown++;
            return;
        }
    }
    window_swap(w);
}

static void tend_window(struct loop *l, double now)
{
    struct window *w = l->s->win;
    if (window_take_exposed(w)) {
        l->whole_next = true;
        sched_invalidate(&l->sched, SCHED_COMPOSITE, now);
    }
    if (window_take_monitors_changed(w))
        window_follow_monitor(w);
    if (window_take_pointer_moved(w) && !window_is_fullscreen(w)) {
        window_show_cursor(w, true);
        l->cursor_hide_at = now + l->d.cursor_hide;
    }
    if (now >= l->cursor_hide_at) {
        window_show_cursor(w, false);
        l->cursor_hide_at = INFINITY;
    }
}

void loop_run(struct loop *l, double seconds, struct loop_stats *stats)
{
    struct session *s = l->s;
    struct loop_stats st = {0};
    clock_update(&l->clk);
    double end = l->clk.t + seconds;

    while (!window_should_close(s->win)) {
        take_signals(l);
        if (window_should_close(s->win))
            break;
        clock_update(&l->clk);
        double now = l->clk.t;
        if (now >= end)
            break;
        tend_window(l, now);
        tend_shift(l, now);
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
        if (c->changed && c->changed(c->self)) {
            /* New data just before a frame that is due anyway (the clock's
             * second: sources poll in phase with it, sources/source.c)
             * waits for that frame: one frame for both changes. */
            double due = l->sched.scene_at;
            if (!(due >= now && due - now <= LOOP_DATA_MERGE))
                sched_invalidate(&l->sched, SCHED_SCENE, now);
        }

        enum sched_level lv = sched_due(&l->sched, now);
        int fw, fh;
        window_framebuffer_size(s->win, &fw, &fh);
        if (lv != SCHED_NONE && fw > 0 && fh > 0) {
            double wake = INFINITY;
            bool built = false, minor = false;
            if (lv == SCHED_SCENE) {
                pipeline_set_motion_until(s->pipe, sched_settles_at(&l->sched));
                wake = pipeline_build(s->pipe, now, l->clk.wall);
                built = true;
                if (pipeline_draw_scene(s->pipe)) {
                    st.scenes++;
                    l->area += pipeline_damage_fraction(s->pipe);
                    minor = pipeline_damage_fraction(s->pipe) < 1.0;
                } else {
                    /* The same picture (a poll that changed no digit): no
                     * frame, unless a composite is due anyway. */
                    sched_skip_scene(&l->sched);
                    lv = sched_due(&l->sched, now);
                    if (lv == SCHED_NONE) {
                        sched_wake_at(&l->sched, wake);
                        st.skipped++;
                        goto wait;
                    }
                }
            }
            if (lv == SCHED_COMPOSITE)
                st.composites++;
            pipeline_composite(s->pipe, now, sched_ambient_strength(&l->sched, now));
            if (l->shot_wanted) {
                l->shot_wanted = false;
                capture_window_png(s->w, s->h, time(NULL), NULL, 0);
            }
            present(l);
            if (minor && lv == SCHED_SCENE)
                sched_frame_done_minor(&l->sched, now);
            else
                sched_frame_done(&l->sched, lv, now);
            if (built)
                sched_wake_at(&l->sched, wake);
            st.frames++;
            /* The screen's level rising above what it has shown since it was
             * last NOMINAL is news however little of the screen it redraws:
             * the animation and the content's motion (hazard stripes, the
             * countdown's hundredths: draw_ctx motion_until) come back, from
             * the next scene on. A level flapping between CAUTION
             * and ALERT (a busy core) is not news each time. */
            enum level now_level = c->level ? c->level(c->self) : LEVEL_NOMINAL;
            if (now_level > l->announced) {
                sched_mark_change(&l->sched, now);
                sched_wake_at(&l->sched, now);
            }
            if (now_level > l->announced || now_level == LEVEL_NOMINAL)
                l->announced = now_level;
        } else if (lv != SCHED_NONE) {
            /* Minimised: nothing to draw into; try again after the cap. */
            sched_frame_done(&l->sched, SCHED_NONE, now);
            if (l->shot_wanted) {
                l->shot_wanted = false;
                log_warn("capture", "no screenshot: the window is minimised");
            }
        }

    wait:
        tend_inhibitor(l);
        heap_care_tick(&l->heap, now);
        clock_update(&l->clk);
        now = l->clk.t;
        double timeout = sched_timeout(&l->sched, now, MAX_WAIT);
        double deadlines[] = {l->cursor_hide_at, l->shift_next, end};
        for (size_t i = 0; i < sizeof deadlines / sizeof deadlines[0]; i++)
            if (deadlines[i] - now < timeout)
                timeout = fmax(0.0, deadlines[i] - now);
        if (l->inh && isfinite(l->inhibit_next))
            timeout = fmin(timeout, fmax(0.0, l->inhibit_next - clock_mono()));
        /* A zero timeout means "draw now": just take pending events. */
        window_wait(s->win, timeout);
    }
    l->total.frames += st.frames;
    l->total.scenes += st.scenes;
    l->total.composites += st.composites;
    l->total.skipped += st.skipped;
    if (stats) {
        stats->frames += st.frames;
        stats->scenes += st.scenes;
        stats->composites += st.composites;
        stats->skipped += st.skipped;
    }
}
