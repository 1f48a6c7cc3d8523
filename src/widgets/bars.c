/* bars: see bars.h. Proportions from design/system-1080p.png: row pitch
 * ~4.3u, bar ~48 % of the pitch, label and value ~1.9u type. */
#include "widgets/bars.h"

#include <math.h>

#include "widgets/ink.h"
#include "widgets/plate.h"

static float clamp01(float f) { return f < 0 ? 0 : (f > 1 ? 1 : f); }

void bars_draw(const struct draw_ctx *ctx, struct box box, const struct bars_view *v)
{
    float u = ctx->u;
    int n = v->items ? v->count : 0;
    int cols = v->columns > 0 ? v->columns : (n > 8 ? 2 : 1);
    if (n <= 0) {
        if (v->stale)
            ink_no_signal(ctx, box);
        return;
    }
    int rows = (n + cols - 1) / cols;
    float col_gap = 2.4f * u;
    float cw = (box.w - col_gap * (float)(cols - 1)) / (float)cols;
    float top = (v->threshold_label && v->threshold > 0) ? 1.4f * u : 0.6f * u;
    float pitch = (box.h - top - 0.6f * u) / (float)rows;
    float size = fminf(1.9f * u, pitch * 0.5f);
    float bar_h = fminf(pitch * 0.48f, 2.4f * u);

    /* Label column wide enough for the longest label, value column for "100". */
    float label_w = 0;
    for (int i = 0; i < n; i++) {
        float w = ink_label_width(ctx, size, v->items[i].label);
        if (w > label_w)
            label_w = w;
    }
    label_w = fminf(label_w + 0.8f * size, cw * 0.4f);
    float value_w = ink_label_width(ctx, size, "100") + 0.6f * size;
    float haz = bar_h;
    float track_w = cw - label_w - value_w - haz - 0.8f * u;
    if (track_w < 2 * u)
        track_w = fmaxf(cw - label_w - value_w, u);

    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba mint = ink_pal(ctx, PAL_MINT);
    rgba track_line = color_alpha(mint, 0.35f);
    rgba tick = color_alpha(ink_pal(ctx, PAL_BAR_RED), 0.55f);
    float lw = fmaxf(1.0f, 0.1f * u);

    for (int c = 0; c < cols; c++) {
        float cx = box.x + (float)c * (cw + col_gap);
        float tx = cx + label_w;
        int first = c * rows;
        int last = first + rows < n ? first + rows : n;
        if (first >= n)
            break;
        float y_first = box.y + top + pitch * 0.5f - bar_h * 0.5f;
        float y_last = box.y + top + pitch * ((float)(last - first) - 0.5f) + bar_h * 0.5f;
        if (v->marker > 0) {
            /* Behind the bars: it shows between the rows, as in the target. */
            float mx = tx + track_w * clamp01(v->marker);
            batch_rect(ctx->b, mx - lw, y_first - 0.6f * u, 2 * lw,
                       y_last - y_first + 1.2f * u, orange);
        }
        if (v->threshold > 0 && v->threshold_label)
            ink_text(ctx, FONT_SANS, 1.1f * u, tx + track_w * clamp01(v->threshold),
                     box.y + top - 0.3f * u, TEXT_CENTER, TEXT_BASELINE, tick,
                     v->threshold_label);
        for (int i = first; i < last; i++) {
            const struct bars_item *it = &v->items[i];
            float mid = box.y + top + pitch * ((float)(i - first) + 0.5f);
            float by = mid - bar_h * 0.5f;
            bool hot = it->level != LEVEL_NOMINAL && !it->stale;
            rgba fill = ink_level_fill(ctx, it->level);
            rgba text_c = hot ? ink_level(ctx, it->level, PAL_ORANGE) : orange;
            if (it->stale)
                text_c = color_alpha(orange, 0.5f);

            if (hot) {
                /* The row's label becomes a tab that runs into its bar. */
                batch_rect(ctx->b, cx - 0.3f * u, by - 0.1f * bar_h, label_w + 0.3f * u,
                           bar_h * 1.2f, fill);
                ink_label(ctx, size, cx, mid, TEXT_LEFT, TEXT_CAP_MIDDLE, label_w - 0.4f * size,
                          ink_pal(ctx, PAL_VOID), it->label);
            } else {
                ink_label(ctx, size, cx, mid, TEXT_LEFT, TEXT_CAP_MIDDLE, label_w - 0.4f * size,
                          text_c, it->label);
            }

            batch_rect(ctx->b, tx, by, track_w, bar_h, ink_pal(ctx, PAL_VOID));
            batch_rect_outline(ctx->b, tx, by, track_w, bar_h, lw, track_line);
            if (v->threshold > 0)
                batch_rect(ctx->b, tx + track_w * clamp01(v->threshold) - lw, by, 2 * lw, bar_h,
                           tick);
            float fw = it->stale ? 0 : track_w * clamp01(it->frac);
            if (fw > 0 && v->segments > 0) {
                float cell = track_w / (float)v->segments;
                int lit = (int)ceilf(fw / cell - 1e-4f);
                for (int s = 0; s < lit; s++)
                    batch_rect(ctx->b, tx + cell * (float)s, by, cell - fmaxf(1.0f, 0.25f * u),
                               bar_h, fill);
            } else if (fw > 0) {
                batch_rect(ctx->b, tx, by, fw, bar_h, fill);
            }

            float vx = tx + track_w + 0.6f * size + value_w - 0.6f * size;
            ink_label(ctx, size, vx, mid, TEXT_RIGHT, TEXT_CAP_MIDDLE, value_w, text_c,
                      it->stale ? "--" : it->value);
            if (hot)
                ink_hazard(ctx, vx + 0.5f * u, by, haz * 0.75f, bar_h, it->level, fill);
        }
    }
    if (v->stale)
        ink_no_signal(ctx, box);
}
