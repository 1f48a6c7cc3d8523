/* segment_bars: see segment_bars.h. Proportions from design/system-1080p.png:
 * bars 83 % of their pitch, segments 60 % of the segment pitch. */
#include "widgets/segment_bars.h"

#include <math.h>
#include <stdio.h>

#include "widgets/ink.h"

void segment_bars_draw(const struct draw_ctx *ctx, struct box box,
                       const struct segment_bars_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    float lo = v->min, hi = v->max;
    if (!(hi > lo) || !isfinite(hi - lo))
        lo = -20, hi = 100;
    float step = v->step > 0 ? v->step : 20;
    float seg = v->segment > 0 ? v->segment : step * 0.5f;
    /* At most 200 ticks and 200 segments along the axis, whatever the view says. */
    step = fmaxf(step, (hi - lo) / 200.0f);
    seg = fmaxf(seg, (hi - lo) / 200.0f);
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba aqua = ink_pal(ctx, PAL_AQUA);
    float lw = fmaxf(1.0f, 0.15f * u);
    float tick_size = 1.1f * u;

    /* Axis on the left, captions along the bottom, bar labels above the bars. */
    float axis_x = box.x + 3.4f * u;
    float top = box.y + 1.8f * u;
    float cap_h = 2.0f * u;
    float bottom = box.y + box.h - cap_h - 1.0f * u;
    if (bottom - top < 2 * u)
        return;
    float ppu = (bottom - top) / (hi - lo); /* pixels per axis unit */
#define VY(val) (bottom - ((val) - lo) * ppu)

    batch_rect(ctx->b, axis_x - lw, top, lw, bottom - top, orange);
    char buf[16];
    for (float t = ceilf(lo / step) * step; t <= hi + 1e-3f; t += step) {
        float y = VY(t);
        batch_rect(ctx->b, axis_x - 0.6f * u, y - lw * 0.5f, 0.6f * u, lw, orange);
        if (fabsf(t) < 1e-3f)
            snprintf(buf, sizeof buf, "0");
        else
            snprintf(buf, sizeof buf, "%+g", (double)t);
        ink_text(ctx, FONT_SANS, tick_size, axis_x - 0.9f * u, y, TEXT_RIGHT, TEXT_CAP_MIDDLE,
                 orange, buf);
    }

    int n = v->bars ? v->count : 0;
    float x0 = axis_x + 1.2f * u, x1 = box.x + box.w;
    float pitch = n > 0 ? (x1 - x0) / (float)n : 0;
    float bw = pitch * 0.83f;
    if (v->bar_max > 0 && bw > v->bar_max)
        bw = v->bar_max;
    float seg_px = seg * ppu;
    float seg_h = fmaxf(1.0f, seg_px * 0.62f);
    float zero = VY(0.0f);
    for (int i = 0; i < n; i++) {
        const struct segment_bar *b = &v->bars[i];
        float bx = x0 + pitch * (float)i + (pitch - bw) * 0.5f;
        bool hot = b->level != LEVEL_NOMINAL && !b->stale;
        rgba cap = ink_level(ctx, b->level, PAL_AQUA);
        if (!b->stale) {
            float val = fminf(fmaxf(b->value, 0.0f), hi);
            int k = (int)ceilf(val / seg - 1e-4f);
            for (int s = 0; s < k; s++) {
                float y1 = zero - seg_px * (float)s - (seg_px - seg_h) * 0.5f;
                /* The last segment shows only the part of its step that is filled. */
                float h = s == k - 1 ? fminf(seg_h, (val - seg * (float)s) * ppu) : seg_h;
                rgba c = (hot && s == k - 1) ? cap : aqua;
                if (hot && s == k - 1)
                    h = seg_h;
                batch_rect(ctx->b, bx, y1 - h, bw, h, c);
            }
            float below = fminf(fmaxf(b->below, 0.0f), -lo);
            int kb = (int)ceilf(below / seg - 1e-4f);
            for (int s = 0; s < kb; s++) {
                float y0 = zero + seg_px * (float)s + (seg_px - seg_h) * 0.5f;
                float h = s == kb - 1 ? fminf(seg_h, (below - seg * (float)s) * ppu) : seg_h;
                batch_rect(ctx->b, bx, y0, bw, h, aqua);
            }
            if (b->label)
                ink_text(ctx, FONT_SANS, 1.3f * u, bx + bw * 0.5f,
                         zero - (float)k * seg_px - 0.5f * u, TEXT_CENTER, TEXT_BASELINE,
                         hot ? cap : orange, b->label);
        }
        /* Boxed caption. */
        /* a slim bar's caption may be wider than the bar, up to its share */
        float cw = fminf(fmaxf(bw, fminf(pitch * 0.85f, 2.2f * bw)), pitch * 0.85f);
        float cx = bx + (bw - cw) * 0.5f, cy = box.y + box.h - cap_h;
        rgba cc = b->stale ? color_alpha(orange, 0.45f) : orange;
        if (b->level >= LEVEL_ALERT && !b->stale) {
            batch_rect(ctx->b, cx, cy, cw, cap_h, cap);
            ink_label(ctx, 1.3f * u, cx + cw * 0.5f, cy + cap_h * 0.5f, TEXT_CENTER,
                      TEXT_CAP_MIDDLE, cw * 0.9f, color_alpha(ink_pal(ctx, PAL_VOID), 0.8f),
                      b->caption);
        } else {
            batch_rect_outline(ctx->b, cx, cy, cw, cap_h, lw, cc);
            ink_label(ctx, 1.3f * u, cx + cw * 0.5f, cy + cap_h * 0.5f, TEXT_CENTER,
                      TEXT_CAP_MIDDLE, cw * 0.9f, cc, b->caption);
        }
    }
    /* Zero line over the bars' feet. */
    batch_rect(ctx->b, axis_x - lw, zero - lw * 0.5f, x1 - axis_x + lw, lw * 1.5f, orange);
#undef VY
    if (v->stale)
        ink_no_signal(ctx, box);
}
