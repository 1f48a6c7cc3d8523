/* draw: what every widget drawing function receives.
 *
 * widgets/ has one file per STYLE.md motif. A motif function turns a box, a
 * plain "view" struct of values (already read from the data and formatted by
 * the layout layer) and the time into batch calls; it does no I/O and keeps no
 * state between frames, so a frame is a pure function of (data, time) and
 * tests can record and assert on what it draws.
 *
 * Animation is a function of ctx->t (never of frame counts). A motif that will
 * look different at a later time says when with draw_wake_at(), so the frame
 * loop sleeps until the earliest such time and draws nothing in between. */
#ifndef MAGI_WIDGETS_DRAW_H
#define MAGI_WIDGETS_DRAW_H

#include <stdbool.h>

#include "core/color.h"
#include "render/batch.h"
#include "render/text.h"

/* Escalation levels, in rising order (STYLE.md "Escalation states"). */
enum level {
    LEVEL_NOMINAL,
    LEVEL_CAUTION,
    LEVEL_ALERT,
    LEVEL_EMERGENCY,
};

const char *level_name(enum level l); /* "NOMINAL", ... */

struct box {
    float x, y, w, h; /* device pixels */
};

struct draw_ctx {
    struct batch *b;
    struct text *text;
    const struct palette *pal;
    double t;            /* animation clock, seconds */
    double wall;         /* Unix time, for clocks and dates */
    float u;             /* layout unit: screen height / 108, in pixels */
    float screen_w, screen_h;
    enum level screen_level; /* rolled up over the whole screen */
    float anim_rate;     /* 1, 1.5, 2, 3 by screen level (STYLE.md) */
    bool reduce_motion;  /* no strobes, flicker or scrolling */
    /* Continuous motion (hazard stripes scrolling) comes to rest where it is
     * at this time, as the picture settles (app/loop: the ambient idle time
     * after the last large change); 0 = never rests. Blinks are states and
     * keep going. */
    double motion_until;
    unsigned long long seed;
    double *wake_at;     /* earliest future time something changes (may be NULL) */
};

/* Lowers *ctx->wake_at to t if t is later than ctx->t and earlier than it. */
void draw_wake_at(const struct draw_ctx *ctx, double t);
/* Requests the next frame as soon as the frame rate allows (continuous motion). */
void draw_wake_asap(const struct draw_ctx *ctx);
/* The time continuous motion (stripes scrolling, cells re-rolling) is drawn
 * at: ctx->t, or motion_until once the picture has settled, so the motion
 * stands where it was then. */
double draw_motion_t(const struct draw_ctx *ctx);
/* draw_wake_at for the next step of continuous motion: none at or past
 * motion_until. */
void draw_wake_motion(const struct draw_ctx *ctx, double t);
/* Step blink: true during the "on" half of a period (starting on at t0), and
 * schedules the next flip. With reduce_motion, always true. */
bool draw_blink(const struct draw_ctx *ctx, double period, double t0);

#endif
