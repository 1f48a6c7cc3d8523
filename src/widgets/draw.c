/* draw: see draw.h. */
#include "widgets/draw.h"

#include <math.h>

const char *level_name(enum level l)
{
    switch (l) {
    case LEVEL_NOMINAL:
        return "NOMINAL";
    case LEVEL_CAUTION:
        return "CAUTION";
    case LEVEL_ALERT:
        return "ALERT";
    case LEVEL_EMERGENCY:
        return "EMERGENCY";
    }
    return "?";
}

void draw_wake_at(const struct draw_ctx *ctx, double t)
{
    if (!ctx->wake_at || !(t > ctx->t))
        return;
    if (t < *ctx->wake_at)
        *ctx->wake_at = t;
}

void draw_wake_asap(const struct draw_ctx *ctx)
{
    /* Anything just after now: the frame loop clamps it to its frame rate. */
    draw_wake_at(ctx, ctx->t + 1e-6);
}

double draw_motion_t(const struct draw_ctx *ctx)
{
    return ctx->motion_until > 0 && ctx->t > ctx->motion_until ? ctx->motion_until : ctx->t;
}

void draw_wake_motion(const struct draw_ctx *ctx, double t)
{
    if (ctx->motion_until > 0 && t > ctx->motion_until)
        return;
    draw_wake_at(ctx, t);
}

bool draw_blink(const struct draw_ctx *ctx, double period, double t0)
{
    if (ctx->reduce_motion || period <= 0)
        return true;
    double half = period * 0.5;
    double k = floor((ctx->t - t0) / half);
    draw_wake_at(ctx, t0 + (k + 1.0) * half);
    return ((long long)k & 1) == 0;
}
