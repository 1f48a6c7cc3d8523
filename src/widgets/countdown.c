/* countdown: see countdown.h. Geometry as fractions of the panel, measured
 * from the countdown of design/system-1080p.png (a 956 x 456 px panel). */
#include "widgets/countdown.h"

#include <math.h>
#include <stdio.h>

#include "widgets/ink.h"

bool countdown_format(const struct countdown_view *v, double wall, char *digits, size_t n,
                      const char *units[3])
{
    if (v->clock) {
        double w = fmod(floor(wall + (double)v->utc_offset), 86400.0);
        long long s = isfinite(w) ? (long long)w : 0;
        if (s < 0)
            s += 86400;
        snprintf(digits, n, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
        units[0] = "HOURS", units[1] = "MINUTES", units[2] = "SECONDS";
        return false;
    }
    double rem = v->remaining > 0 ? v->remaining : 0; /* NaN shows 0 */
    if (rem >= 3600.0) {
        /* Capped before converting: the display stops at 99:59:59. */
        const double cap = 99.0 * 3600 + 59 * 60 + 59;
        long long s = (long long)floor(rem < cap ? rem : cap);
        snprintf(digits, n, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
        units[0] = "HOURS", units[1] = "MINUTES", units[2] = "SECONDS";
        return false;
    }
    long long cs = (long long)floor(rem * 100.0 + 1e-9);
    long long m = cs / 6000, s = cs / 100 % 60, c = cs % 100;
    /* M:SS:cc: a single minutes digit leaves its cell dark (the ghost shows). */
    if (m < 10)
        snprintf(digits, n, " %lld:%02lld:%02lld", m, s, c);
    else
        snprintf(digits, n, "%02lld:%02lld:%02lld", m, s, c);
    units[0] = "MINUTES", units[1] = "SECONDS", units[2] = "1/100 SEC";
    return true;
}

/* Schedules the next frame at which the digits change. */
static void schedule(const struct draw_ctx *ctx, const struct countdown_view *v, bool cc)
{
    if (v->stale)
        return;
    if (v->clock) {
        double w = ctx->wall + (double)v->utc_offset;
        draw_wake_at(ctx, ctx->t + (floor(w) + 1.0 - w) + 1e-4);
        return;
    }
    if (!v->running || v->remaining <= 0)
        return;
    if (cc) {
        draw_wake_asap(ctx); /* hundredths: every frame */
        return;
    }
    double dt = v->remaining - floor(v->remaining);
    if (dt <= 0)
        dt = 1.0;
    draw_wake_at(ctx, ctx->t + dt + 1e-4);
}

/* The boxed upper-right term with its hazard wedge. */
static void draw_internal(const struct draw_ctx *ctx, struct box b, const char *jp,
                          const char *en, float s, rgba c)
{
    float lw = fmaxf(1.0f, 2.0f * s);
    batch_round_rect_outline(ctx->b, b.x, b.y, b.w, b.h, 5.0f * s, lw, c);
    /* Wedge: a right triangle in the top-right corner, from 57 % along the top
     * to 82 % down the right side, striped -45 degrees and edged by a rule. */
    float ax = b.x + b.w * 0.57f, ay = b.y + lw;
    float bx = b.x + b.w - lw, by = b.y + lw;
    float cy = b.y + b.h * 0.82f;
    float tri[6] = {ax, ay, bx, by, bx, cy};
    ink_stripes(ctx, tri, 3, 1.0f, 1.0f, 21.0f * s, 0.5f, 0.0f, c);
    batch_line(ctx->b, ax, ay, bx, cy, lw, c);
    float size = b.h * 0.52f;
    ink_text_fit(ctx, FONT_SERIF, size, b.x + b.w * 0.06f, b.y + b.h * 0.55f, TEXT_LEFT,
                 TEXT_BASELINE, b.w * 0.5f, c, jp);
    ink_label(ctx, b.h * 0.24f, b.x + b.w * 0.06f, b.y + b.h * 0.88f, TEXT_LEFT, TEXT_BASELINE,
              b.w * 0.88f, c, en);
}

static const char *const mode_names[4] = {"STOP", "SLOW", "NORMAL", "RACING"};

void countdown_draw(const struct draw_ctx *ctx, struct box box, const struct countdown_view *v)
{
    if (!box_drawable(box))
        return;
    /* Design space: 956 x 456 with the frame at the box edges (less the
     * outer brackets). sx/sy map design px to the box; s scales type. */
    float u = ctx->u;
    float m = 0.8f * u;
    struct box f = box_inset(box, m);
    float sx = f.w / 956.0f, sy = f.h / 456.0f;
    float s = fminf(sx, sy);
    /* Type follows the height but may not outgrow the width by much; every
     * string is fitted to its cell, so a narrower box squeezes the type
     * rather than shrinking it to nothing. */
    float ts = fminf(sy, sx * 1.3f);
#define X(px) (f.x + (px) * sx)
#define Y(py) (f.y + (py) * sy)

    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba hot = ink_pal(ctx, PAL_ORANGE_HOT);
    rgba red = ink_pal(ctx, PAL_BAR_RED);
    float lw = fmaxf(1.0f, 2.0f * s);

    /* Frame and outer corner brackets. */
    batch_rect_outline(ctx->b, f.x, f.y, f.w, f.h, lw, orange);
    ink_corners(ctx, box_inset(f, -m), 1.7f * u, lw, orange);

    /* 活動限界まで box, gloss and details. */
    const char *jp = v->jp ? v->jp : "活動限界まで";
    const char *en = v->en ? v->en : "ACTIVE TIME REMAINING:";
    struct box jb = {X(14), Y(20), 182 * sx, 53 * sy};
    batch_rect_outline(ctx->b, jb.x, jb.y, jb.w, jb.h, lw, hot);
    ink_text_fit(ctx, FONT_SERIF, 31 * ts, jb.x + jb.w * 0.5f, jb.y + jb.h * 0.5f, TEXT_CENTER,
                 TEXT_CAP_MIDDLE, jb.w * 0.9f, hot, jp);
    if (v->sub)
        ink_text_fit(ctx, FONT_SERIF, 16 * ts, X(20), Y(100), TEXT_LEFT, TEXT_BASELINE, jb.w, hot,
                     v->sub);
    float tx = X(206);
    float tw = (v->system_jp ? X(424) : X(718)) - tx;
    ink_label(ctx, 19 * ts, tx, Y(22), TEXT_LEFT, TEXT_CAP_TOP, tw, orange, en);
    for (int i = 0; i < 2; i++)
        if (v->lines[i])
            ink_label(ctx, 15 * ts, tx, Y(45 + 17 * (float)i), TEXT_LEFT, TEXT_CAP_TOP, tw,
                      orange, v->lines[i]);

    /* Centre system box. */
    if (v->system_jp) {
        struct box cb = {X(430), Y(18), 288 * sx, 66 * sy};
        batch_round_rect_outline(ctx->b, cb.x, cb.y, cb.w, cb.h, 3 * s, lw, orange);
        ink_text_fit(ctx, FONT_SERIF, 20 * ts, cb.x + cb.w * 0.5f, cb.y + cb.h * 0.36f,
                     TEXT_CENTER, TEXT_CAP_MIDDLE, cb.w * 0.9f, orange, v->system_jp);
        batch_rect(ctx->b, cb.x + cb.w * 0.06f, cb.y + cb.h * 0.58f, cb.w * 0.88f,
                   fmaxf(1.0f, 1.0f * s), color_alpha(orange, 0.7f));
        if (v->system_en)
            ink_label(ctx, 12 * ts, cb.x + cb.w * 0.5f, cb.y + cb.h * 0.78f, TEXT_CENTER,
                      TEXT_CAP_MIDDLE, cb.w * 0.9f, orange, v->system_en);
    }

    /* 内部 / INTERNAL with its wedge. */
    draw_internal(ctx, box_make(X(728), Y(18), 212 * sx, 100 * sy), v->box_jp ? v->box_jp : "内部",
                  v->box_en ? v->box_en : "INTERNAL", s, hot);

    /* The digits. */
    char digits[32];
    const char *units[3];
    bool cc = countdown_format(v, ctx->wall, digits, sizeof digits, units);
    if (cc && draw_motion_t(ctx) < ctx->t) {
        /* Settled: the hundredths rest at 00 and the digits step once a
         * second, so a battery's last hour does not keep the display
         * drawing every frame (draw_motion_t). The seconds shown are whole
         * ones, as above an hour. */
        struct countdown_view whole = *v;
        whole.remaining = floor(v->remaining);
        countdown_format(&whole, ctx->wall, digits, sizeof digits, units);
        cc = false;
    }
    schedule(ctx, v, cc);
    bool lit = !v->stale;
    if (lit && v->level >= LEVEL_ALERT)
        lit = draw_blink(ctx, 0.25, v->blink_t0);
    else if (lit && v->level == LEVEL_CAUTION)
        lit = draw_blink(ctx, 0.8, v->blink_t0);

    float dh = 225 * sy; /* DSEG digits fill the em: size = digit height */
    float dw = 905 * sx;
    struct text_style st = {.face = FONT_SEG7, .size = dh};
    float natural = text_measure(ctx->text, &st, "88:88:88").width;
    float scale_x = natural > 0 ? dw / natural : 1.0f;
    if (scale_x > 1.25f)
        scale_x = 1.25f;
    if (scale_x < 0.55f) {
        /* Too narrow a box: shrink the digits rather than squeeze past 0.55. */
        st.size = dh * scale_x / 0.55f;
        scale_x = 0.55f;
    }
    st.scale_x = scale_x;
    st.align = TEXT_CENTER;
    float dcx = X(33) + dw * 0.5f, dbase = Y(128) + dh - (dh - st.size) * 0.5f;
    char seg[32], ghost[32];
    ink_seg7_strings(digits, seg, ghost, sizeof seg);
    st.color = color_alpha(hot, 0.09f);
    text_draw(ctx->text, ctx->b, &st, dcx, dbase, ghost);
    if (lit) {
        st.color = hot;
        text_draw(ctx->text, ctx->b, &st, dcx, dbase, seg);
    }
    /* Unit words under the digit pairs (pairs centred at 12 %, 50 %, 88 %). */
    static const float pair_x[3] = {0.12f, 0.495f, 0.87f};
    float uw = natural * scale_x * st.size / dh;
    for (int i = 0; i < 3; i++)
        ink_label(ctx, 13 * ts, dcx - uw * 0.5f + uw * pair_x[i], Y(366), TEXT_CENTER,
                  TEXT_CAP_MIDDLE, uw * 0.3f, color_alpha(hot, 0.8f), units[i]);

    /* Mode buttons. */
    for (int i = 0; i < 4; i++) {
        struct box bb = {X(18 + 137 * (float)i), Y(390), 125 * sx, 45 * sy};
        bool on = (int)v->mode == i + 1;
        if (on)
            batch_rect(ctx->b, bb.x, bb.y, bb.w, bb.h, red);
        else
            batch_rect_outline(ctx->b, bb.x, bb.y, bb.w, bb.h, lw, red);
        ink_label(ctx, 19 * ts, bb.x + bb.w * 0.5f, bb.y + bb.h * 0.5f, TEXT_CENTER,
                  TEXT_CAP_MIDDLE, bb.w * 0.85f, on ? ink_pal(ctx, PAL_VOID) : red,
                  mode_names[i]);
    }

    /* Footer readouts. */
    if (v->left.label) {
        ink_label(ctx, 13 * ts, X(588), Y(397), TEXT_LEFT, TEXT_CAP_MIDDLE, X(780) - X(588),
                  orange, v->left.label);
        ink_label(ctx, 25 * ts, X(588), Y(432), TEXT_LEFT, TEXT_BASELINE, X(780) - X(588),
                  orange, v->stale ? "--" : v->left.value);
    }
    if (v->right.label) {
        ink_label(ctx, 13 * ts, X(943), Y(397), TEXT_RIGHT, TEXT_CAP_MIDDLE, X(943) - X(790),
                  orange, v->right.label);
        ink_label(ctx, 25 * ts, X(943), Y(432), TEXT_RIGHT, TEXT_BASELINE, X(943) - X(790),
                  orange, v->stale ? "--" : v->right.value);
    }
    if (v->stale)
        ink_no_signal(ctx, box_make(X(33), Y(128), dw, dh));
#undef X
#undef Y
}
