/* ring_gauge: see ring_gauge.h. */
#include "widgets/ring_gauge.h"

#include <math.h>

#include "widgets/ink.h"

#define PI_F 3.14159265f
#define DEG (PI_F / 180.0f)
#define START (90.0f * DEG) /* the bottom; angles grow clockwise on screen */

void ring_gauge_draw(const struct draw_ctx *ctx, struct box box, const struct ring_gauge_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    float S = fminf(box.w, box.h);
    float bx = box.x + (box.w - S) * 0.5f, by = box.y + (box.h - S) * 0.5f;
    float cx = bx + S * 0.5f, cy = by + S * 0.5f;
    float ro = 0.43f * S, ri = 0.55f * ro;
    rgba cyan = ink_pal(ctx, PAL_WIRE_CYAN);
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba black = ink_pal(ctx, PAL_VOID);
    float lw = fmaxf(1.0f, 0.2f * u);

    /* Bezel, corner marks and cross-hair ticks. */
    batch_rect_outline(ctx->b, bx, by, S, S, lw, cyan);
    float m = 0.07f * S, r = 0.03f * S;
    ink_cross(ctx, bx + m, by + m, r, lw * 0.75f, orange);
    ink_cross(ctx, bx + S - m, by + m, r, lw * 0.75f, orange);
    ink_cross(ctx, bx + m, by + S - m, r, lw * 0.75f, orange);
    ink_cross(ctx, bx + S - m, by + S - m, r, lw * 0.75f, orange);
    float t0 = ro + 0.015f * S, t1 = S * 0.5f - 0.02f * S;
    batch_line(ctx->b, cx, cy - t0, cx, cy - t1, lw, orange);
    batch_line(ctx->b, cx, cy + t0, cx, cy + t1, lw, orange);
    batch_line(ctx->b, cx - t0, cy, cx - t1, cy, lw, orange);
    batch_line(ctx->b, cx + t0, cy, cx + t1, cy, lw, orange);

    /* Annulus: dim track, red zone, lit part. */
    float f = v->stale ? 0 : ink_clamp01(v->frac);
    float full = 2 * PI_F;
    rgba lit = v->level == LEVEL_NOMINAL ? ink_pal(ctx, PAL_ORANGE_FILL)
                                         : ink_level(ctx, v->level, PAL_ORANGE_FILL);
    batch_arc(ctx->b, cx, cy, ri, ro, START, START + full, color_alpha(orange, 0.22f));
    if (v->limit > 0 && v->limit < 1)
        batch_arc(ctx->b, cx, cy, ri, ro, START + full * v->limit,
                  START + full * fminf(1.0f, fmaxf(0.92f, v->limit + 0.04f)),
                  color_alpha(ink_pal(ctx, PAL_DENY_RED), 0.85f));
    if (f > 0)
        batch_arc(ctx->b, cx, cy, ri, ro, START, START + full * f, lit);
    /* Inner and middle circles. */
    batch_arc(ctx->b, cx, cy, ri - lw, ri, 0, full, orange);
    batch_arc(ctx->b, cx, cy, ri - 0.04f * S - lw * 0.5f, ri - 0.04f * S, 0, full,
              color_alpha(orange, 0.5f));

    /* Ticks: every 3 degrees at the rim, bold every 30 across the band. */
    for (int d = 0; d < 360; d += 3) {
        float a = (float)d * DEG;
        float ca = cosf(a), sa = sinf(a);
        bool bold = d % 30 == 0;
        float r0 = bold ? ri : ro - 0.06f * ro;
        batch_line(ctx->b, cx + ca * r0, cy + sa * r0, cx + ca * ro, cy + sa * ro,
                   bold ? lw * 1.5f : fmaxf(1.0f, lw * 0.5f),
                   color_alpha(black, bold ? 0.8f : 0.6f));
    }
    if (!v->stale) {
        float a = START + full * f;
        batch_line(ctx->b, cx + cosf(a) * (ri - 0.02f * S), cy + sinf(a) * (ri - 0.02f * S),
                   cx + cosf(a) * (ro + 0.03f * S), cy + sinf(a) * (ro + 0.03f * S), lw * 1.5f,
                   ink_pal(ctx, PAL_ORANGE_HOT));
    }

    /* The hole: caption, value, detail (sizes from the target: caption 0.19,
     * digits 0.48, detail 0.2 of the hole's radius). */
    float hw = ri * 1.5f;
    rgba hot = ink_level(ctx, v->level, PAL_ORANGE_HOT);
    if (v->caption) {
        struct text_metrics tm = ink_label(ctx, 0.19f * ri, cx, cy - 0.40f * ri, TEXT_CENTER,
                                           TEXT_BASELINE, hw, orange, v->caption);
        batch_rect(ctx->b, cx - tm.width * 0.5f, cy - 0.33f * ri, tm.width,
                   fmaxf(1.0f, lw * 0.6f), orange);
    }
    if (v->value) {
        float size = 0.48f * ri;
        char blank[32];
        ink_seg7_blank(v->value, blank, sizeof blank);
        ink_seg7(ctx, size, cx, cy + size * 0.45f, TEXT_CENTER, TEXT_BASELINE, hot, 0.09f,
                 v->stale ? blank : v->value);
    }
    if (v->detail)
        ink_label(ctx, 0.19f * ri, cx, cy + 0.52f * ri, TEXT_CENTER, TEXT_CAP_MIDDLE, hw, orange,
                  v->stale ? "NO SIGNAL" : v->detail);
}
