/* phase_stack: see phase_stack.h. */
#include "widgets/phase_stack.h"

#include <math.h>

#include "widgets/ink.h"

void phase_stack_draw(const struct draw_ctx *ctx, struct box box,
                      const struct phase_stack_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    int n = v->items ? v->count : 0;
    if (n <= 0) {
        if (v->stale)
            ink_no_signal(ctx, box);
        return;
    }
    int cols = v->columns;
    if (cols <= 0) {
        int max_rows = (int)fmaxf(1.0f, floorf(box.h / (2.4f * u)));
        cols = (n + max_rows - 1) / max_rows;
    }
    int rows = (n + cols - 1) / cols;
    float gap = 2.0f * u;
    float cw = (box.w - gap * (float)(cols - 1)) / (float)cols;
    float pitch = box.h / (float)rows;
    float size = fminf(1.6f * u, pitch * 0.55f);
    float bar_h = pitch * 0.5f;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    float lw = fmaxf(1.0f, 0.2f * u);
    /* The label column is as wide as the widest label (at least "PHASE
     * 00", at most 45 % of the column), and every row uses one type size:
     * the one at which the widest label fits it squeezed as far as the text
     * engine squeezes (0.55), so long names do not shrink row by row. */
    float widest = ink_label_width(ctx, size, "PHASE 00");
    for (int i = 0; i < n; i++)
        widest = fmaxf(widest, ink_label_width(ctx, size, v->items[i].label));
    float label_w = fminf(widest + 0.6f * u, cw * 0.45f);
    float room = label_w - 0.6f * u;
    if (room > 0 && widest * 0.55f > room)
        size *= room / (widest * 0.55f);

    for (int c = 0; c < cols; c++) {
        int first = c * rows;
        if (first >= n)
            break;
        int last = first + rows < n ? first + rows : n;
        float cx = box.x + (float)c * (cw + gap);
        float spine = cx + label_w;
        batch_rect(ctx->b, spine - lw, box.y, lw, pitch * (float)(last - first), orange);
        for (int i = first; i < last; i++) {
            const struct phase_item *it = &v->items[i];
            float mid = box.y + pitch * ((float)(i - first) + 0.5f);
            ink_label(ctx, size, spine - 0.6f * u, mid, TEXT_RIGHT, TEXT_CAP_MIDDLE,
                      label_w - 0.6f * u, it->failed ? ink_pal(ctx, PAL_BAR_RED) : orange,
                      it->label);
            /* A tick joins the label to the spine. */
            batch_rect(ctx->b, spine - 0.5f * u, mid - lw * 0.5f, 0.5f * u, lw, orange);
            float avail = cx + cw - spine - 0.3f * u;
            float f = it->frac > 0 ? fminf(it->frac, 1.0f) : 1.0f;
            float bx = spine + 0.3f * u, by = mid - bar_h * 0.5f;
            if (it->stale) {
                batch_rect_outline(ctx->b, bx, by, avail, bar_h, lw * 0.5f,
                                   color_alpha(orange, 0.4f));
                continue;
            }
            rgba fill = it->failed ? ink_pal(ctx, PAL_BAR_RED) : ink_pal(ctx, PAL_MINT);
            batch_rect(ctx->b, bx, by, avail * f, bar_h, fill);
            if (it->note && bar_h > 0.9f * u)
                ink_label(ctx, fminf(bar_h * 0.7f, 1.3f * u), bx + avail * f - 0.4f * u, mid,
                          TEXT_RIGHT, TEXT_CAP_MIDDLE, avail * f * 0.8f, ink_pal(ctx, PAL_VOID),
                          it->note);
        }
    }
    if (v->stale)
        ink_no_signal(ctx, box);
}
