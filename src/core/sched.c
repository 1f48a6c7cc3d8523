/* sched: see sched.h. */
#include "core/sched.h"

#include <math.h>
#include <string.h>

void sched_init(struct sched *s, const struct sched_desc *d, double now)
{
    struct sched_desc z = {0};
    if (!d)
        d = &z;
    memset(s, 0, sizeof *s);
    double fps = d->fps_cap > 0 ? d->fps_cap : 60.0;
    double afps = d->ambient_fps > 0 ? d->ambient_fps : 15.0;
    s->min_interval = 1.0 / fps;
    s->ambient_interval = 1.0 / afps;
    s->ambient = d->ambient;
    s->idle = d->ambient_idle < 0 ? INFINITY : (d->ambient_idle > 0 ? d->ambient_idle : 30.0);
    s->fade = d->ambient_fade > 0 ? d->ambient_fade : 2.0;
    s->last_frame = -INFINITY;
    s->scene_at = now;
    s->composite_at = INFINITY;
    s->last_change = now;
    s->ambient_next = now;
    s->still_drawn = false;
}

/* The next ambient frame, INFINITY when the animation is off or has settled. */
static double ambient_deadline(const struct sched *s)
{
    if (!s->ambient || s->still_drawn)
        return INFINITY;
    return s->ambient_next;
}

void sched_invalidate(struct sched *s, enum sched_level level, double now)
{
    if (level == SCHED_SCENE) {
        /* Whether this is a change for the ambient fade is decided when
         * the frame is drawn (sched_frame_done or _minor): new data that
         * changes a digit or nothing at all should not wake the animation. */
        if (now < s->scene_at)
            s->scene_at = now;
    } else if (level == SCHED_COMPOSITE) {
        if (now < s->composite_at)
            s->composite_at = now;
    }
}

void sched_wake_at(struct sched *s, double t)
{
    if (isnan(t))
        return;
    if (t < s->scene_at)
        s->scene_at = t;
}

void sched_set_ambient(struct sched *s, bool on, double now)
{
    if (on == s->ambient)
        return;
    s->ambient = on;
    if (on) {
        s->still_drawn = false;
        s->last_change = now;
        s->ambient_next = now;
    } else {
        /* Redraw once without the ambient effects. */
        sched_invalidate(s, SCHED_COMPOSITE, now);
    }
}

enum sched_level sched_due(const struct sched *s, double now)
{
    if (now < s->last_frame + s->min_interval)
        return SCHED_NONE;
    if (s->scene_at <= now)
        return SCHED_SCENE;
    if (s->composite_at <= now || ambient_deadline(s) <= now)
        return SCHED_COMPOSITE;
    return SCHED_NONE;
}

double sched_next(const struct sched *s, double now)
{
    (void)now;
    double d = fmin(s->scene_at, fmin(s->composite_at, ambient_deadline(s)));
    if (isinf(d))
        return INFINITY;
    return fmax(d, s->last_frame + s->min_interval);
}

double sched_timeout(const struct sched *s, double now, double max_wait)
{
    double dt = sched_next(s, now) - now;
    if (!(dt > 0))
        return 0;
    return dt < max_wait ? dt : max_wait;
}

void sched_skip_scene(struct sched *s) { s->scene_at = INFINITY; }

static void frame_done(struct sched *s, enum sched_level level, double now, bool minor)
{
    s->last_frame = now;
    s->frames++;
    if (level == SCHED_SCENE) {
        s->scene_frames++;
        s->scene_at = INFINITY;
        if (!minor) {
            s->last_change = now;
            s->still_drawn = false;
        }
    }
    /* Any frame composites, so a pending composite is served either way. */
    if (level != SCHED_NONE && s->composite_at <= now)
        s->composite_at = INFINITY;
    if (s->ambient) {
        /* Phase-locked to a grid of the ambient rate, so recordings at any
         * frame rate see the same grain steps. The epsilon keeps a frame
         * drawn exactly on a grid point (give or take rounding) from being
         * scheduled again at the same point. */
        double k = floor(now / s->ambient_interval + 1e-6) + 1.0;
        s->ambient_next = k * s->ambient_interval;
        if (sched_ambient_strength(s, now) <= 0.0f)
            s->still_drawn = true;
    }
}

void sched_frame_done(struct sched *s, enum sched_level level, double now)
{
    frame_done(s, level, now, false);
}

void sched_frame_done_minor(struct sched *s, double now) { frame_done(s, SCHED_SCENE, now, true); }

void sched_mark_change(struct sched *s, double now)
{
    s->last_change = now;
    s->still_drawn = false;
    if (s->ambient && s->ambient_next > now)
        s->ambient_next = now;
}

double sched_settles_at(const struct sched *s)
{
    if (isinf(s->idle))
        return 0.0;
    return s->last_change + s->idle + s->fade;
}

float sched_ambient_strength(const struct sched *s, double now)
{
    if (!s->ambient)
        return 0.0f;
    if (isinf(s->idle))
        return 1.0f;
    double x = now - s->last_change - s->idle;
    if (x <= 0)
        return 1.0f;
    if (x >= s->fade)
        return 0.0f;
    return (float)(1.0 - x / s->fade);
}
