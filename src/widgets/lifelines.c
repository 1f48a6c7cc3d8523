/* lifelines: see lifelines.h. */
#include "widgets/lifelines.h"

#include <math.h>
#include <string.h>

#include "core/utf8.h"
#include "widgets/ink.h"

#define TRACE_CAP 1024

static void draw_trace(const struct draw_ctx *ctx, const struct lifeline *ch, struct box b,
                       rgba c, float width)
{
    int n = ch->values ? ch->count : 0;
    if (n < 2)
        return;
    float lo = ch->min, hi = ch->max;
    if (!(hi > lo)) {
        lo = INFINITY, hi = -INFINITY;
        for (int i = 0; i < n; i++)
            if (!isnan(ch->values[i]))
                lo = fminf(lo, ch->values[i]), hi = fmaxf(hi, ch->values[i]);
        if (!(hi > lo))
            hi = lo + 1;
    }
    /* At most one point per device row: step through long series. */
    int step = (int)ceilf((float)n / fmaxf(b.h, 1.0f));
    if (step < 1)
        step = 1;
    float pts[2 * TRACE_CAP];
    int k = 0;
    for (int i = 0; i < n; i += step) {
        float val = ch->values[i];
        if (isnan(val) || k == TRACE_CAP) {
            if (k >= 2)
                batch_polyline(ctx->b, pts, k, width, c, false);
            k = 0;
            if (isnan(val))
                continue;
        }
        float f = (fminf(fmaxf(val, lo), hi) - lo) / (hi - lo);
        pts[2 * k] = b.x + b.w * (0.15f + 0.7f * f);
        pts[2 * k + 1] = b.y + b.h * (float)i / (float)(n - 1);
        k++;
    }
    if (k >= 2)
        batch_polyline(ctx->b, pts, k, width, c, false);
}

void lifelines_draw(const struct draw_ctx *ctx, struct box box, const struct lifelines_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    int n = v->channels ? v->count : 0;
    rgba red = ink_pal(ctx, PAL_BAR_RED);
    rgba green = ink_pal(ctx, PAL_TRACE_GREEN);
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    float lw = fmaxf(1.0f, 0.15f * u);
    float label_h = 9.0f * u;
    float top = box.y, bottom = box.y + box.h - label_h;
    if (bottom - top < 2 * u || n <= 0) {
        if (v->stale)
            ink_no_signal(ctx, box);
        return;
    }

    /* Red ruler at the left with ticks every u. */
    float rx = box.x + 1.2f * u;
    batch_rect(ctx->b, rx, top, lw, bottom - top, red);
    for (int i = 0; (float)i * u <= bottom - top; i++)
        batch_rect(ctx->b, rx - (i % 5 == 0 ? 1.0f : 0.5f) * u, top + (float)i * u,
                   (i % 5 == 0 ? 1.0f : 0.5f) * u, 1, red);

    float x0 = rx + 1.2f * u;
    float pitch = (box.x + box.w - x0) / (float)n;
    float cw = pitch * 0.7f;
    for (int i = 0; i < n; i++) {
        const struct lifeline *ch = &v->channels[i];
        float cx = x0 + pitch * (float)i + (pitch - cw) * 0.5f;
        struct box cb = {cx, top, cw, bottom - top};
        /* Soft bar: dark at the edges, a faint green glow in the middle. */
        rgba edge = color_alpha(green, 0.02f), mid = color_alpha(green, 0.16f);
        batch_rect_grad(ctx->b, cb.x, cb.y, cb.w * 0.5f, cb.h, edge, mid, mid, edge);
        batch_rect_grad(ctx->b, cb.x + cb.w * 0.5f, cb.y, cb.w * 0.5f, cb.h, mid, edge, edge,
                        mid);
        if (!ch->stale && !v->stale)
            draw_trace(ctx, ch, cb, ch->level ? ink_level(ctx, ch->level, PAL_TRACE_GREEN) : green,
                       fmaxf(1.2f, 0.15f * u));
        /* Vertical label under the channel. */
        float size = fminf(1.3f * u, cw * 0.6f);
        float y = bottom + 1.0f * u;
        const char *s = ch->label;
        char c8[8];
        rgba lc = ch->stale ? color_alpha(orange, 0.5f) : orange;
        while (s && *s && y < box.y + box.h - 2.0f * u) {
            uint32_t cp;
            size_t k = utf8_decode(s, strlen(s), &cp);
            memcpy(c8, s, k);
            c8[k] = '\0';
            ink_text(ctx, FONT_SANS, size, cx + cw * 0.5f, y, TEXT_CENTER, TEXT_CAP_TOP, lc, c8);
            y += size * 0.95f;
            s += k;
        }
        if (ch->value)
            ink_text_fit(ctx, FONT_SANS, size * 0.85f, cx + cw * 0.5f, box.y + box.h,
                         TEXT_CENTER, TEXT_BASELINE, pitch * 0.95f, lc,
                         ch->stale ? "--" : ch->value);
    }
    /* Horizontal cursor across the channels. */
    float cur = v->cursor > 0 ? fminf(v->cursor, 1.0f) : 0.8f;
    batch_rect(ctx->b, rx, top + (bottom - top) * cur - lw * 0.5f, box.x + box.w - rx, lw, red);
    if (v->stale)
        ink_no_signal(ctx, box);
}
