/* bars: see bars.h. Proportions from design/system-1080p.png: row pitch
 * ~4.3u, bar ~48 % of the pitch, label and value ~1.9u type. */
#include "widgets/bars.h"

#include <math.h>

#include "widgets/ink.h"
#include "widgets/plate.h"

void bars_draw(const struct draw_ctx *ctx, struct box box, const struct bars_view *v)
{
    if (!box_drawable(box))
        return;
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
    float size = fminf(1.9f * u, pitch * 0.62f);
    /* Thin bars in tight rows (the sensor list), half the pitch otherwise. */
    float bar_h = fminf(pitch * (pitch < 3.0f * u ? 0.38f : 0.48f), 2.4f * u);

    /* Label column wide enough for the longest label, value column for "100". */
    /* Label column wide enough for the longest label, value column for "100";
     * row labels are tracked tighter than small labels (as in the target). */
    float trk = 0.05f;
    float label_w = 0;
    for (int i = 0; i < n; i++) {
        float w = ink_label_width_t(ctx, size, trk, v->items[i].label);
        if (w > label_w)
            label_w = w;
    }
    label_w = fminf(label_w + 0.7f * size, cw * 0.4f);
    float value_gap = 0.6f * size;
    float value_w = ink_label_width_t(ctx, size, trk, "100");
    for (int i = 0; i < n; i++) {
        float w = ink_label_width_t(ctx, size, trk, v->items[i].value);
        if (w > value_w)
            value_w = w;
    }
    value_w = fminf(value_w, cw * 0.25f);
    float haz = bar_h * 0.8f + 0.5f * u;
    float track_w = cw - label_w - value_gap - value_w - haz;
    if (track_w < 2 * u)
        track_w = fmaxf(cw - label_w - value_gap - value_w, u);

    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba track_line = color_alpha(ink_pal(ctx, v->fill ? v->fill : PAL_MINT), 0.35f);
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
            float mx = tx + track_w * ink_clamp01(v->marker);
            batch_rect(ctx->b, mx - lw, y_first - 0.6f * u, 2 * lw,
                       y_last - y_first + 1.2f * u, orange);
        }
        if (v->threshold > 0 && v->threshold_label)
            ink_text(ctx, FONT_SANS, 1.1f * u, tx + track_w * ink_clamp01(v->threshold),
                     box.y + top - 0.3f * u, TEXT_CENTER, TEXT_BASELINE, tick,
                     v->threshold_label);
        for (int i = first; i < last; i++) {
            const struct bars_item *it = &v->items[i];
            float mid = box.y + top + pitch * ((float)(i - first) + 0.5f);
            float by = mid - bar_h * 0.5f;
            bool hot = it->level != LEVEL_NOMINAL && !it->stale;
            rgba fill = ink_level(ctx, it->level, v->fill ? v->fill : PAL_MINT);
            rgba text_c = hot ? ink_level(ctx, it->level, PAL_ORANGE) : orange;
            if (it->stale)
                text_c = color_alpha(orange, 0.5f);

            if (hot) {
                /* The row's label becomes a tab that runs into its bar. */
                batch_rect(ctx->b, cx - 0.3f * u, by - 0.1f * bar_h, label_w + 0.3f * u,
                           bar_h * 1.2f, fill);
                ink_label_t(ctx, size, trk, cx, mid, TEXT_LEFT, TEXT_CAP_MIDDLE,
                            label_w - 0.4f * size, ink_pal(ctx, PAL_VOID), it->label);
            } else {
                ink_label_t(ctx, size, trk, cx, mid, TEXT_LEFT, TEXT_CAP_MIDDLE,
                            label_w - 0.4f * size, text_c, it->label);
            }

            batch_rect(ctx->b, tx, by, track_w, bar_h, ink_pal(ctx, PAL_VOID));
            batch_rect_outline(ctx->b, tx, by, track_w, bar_h, lw, track_line);
            if (v->threshold > 0)
                batch_rect(ctx->b, tx + track_w * ink_clamp01(v->threshold) - lw, by, 2 * lw, bar_h,
                           tick);
            float fw = it->stale ? 0 : track_w * ink_clamp01(it->frac);
            if (fw > 0 && v->segments > 0) {
                float cell = track_w / (float)v->segments;
                int lit = (int)ceilf(fw / cell - 1e-4f);
                for (int s = 0; s < lit; s++)
                    batch_rect(ctx->b, tx + cell * (float)s, by, cell - fmaxf(1.0f, 0.25f * u),
                               bar_h, fill);
            } else if (fw > 0) {
                batch_rect(ctx->b, tx, by, fw, bar_h, fill);
            }

            float vx = tx + track_w + value_gap + value_w;
            ink_label_t(ctx, size, trk, vx, mid, TEXT_RIGHT, TEXT_CAP_MIDDLE, value_w * 1.5f,
                        text_c, it->stale ? "--" : it->value);
            if (hot)
                ink_hazard(ctx, vx + 0.4f * u, by, bar_h * 0.8f, bar_h, bar_h * 0.18f, it->level,
                           fill);
        }
    }
    if (v->stale)
        ink_no_signal(ctx, box);
}
