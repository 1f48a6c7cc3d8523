/* hazard: see hazard.h. */
#include "widgets/hazard.h"

#include <math.h>

#include "widgets/ink.h"

void hazard_draw(const struct draw_ctx *ctx, struct box box, const struct hazard_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    enum level l = v->level == LEVEL_NOMINAL ? LEVEL_CAUTION : v->level;
    rgba c = ink_level(ctx, l, PAL_ORANGE_HOT);
    float t = (v->thickness > 0 ? v->thickness : 1.5f) * u;
    float lw = fmaxf(1.0f, 0.15f * u);
    bool horiz = v->kind == HAZARD_FRAME || v->kind == HAZARD_BARS;
    bool vert = v->kind == HAZARD_FRAME || v->kind == HAZARD_CAPS;
    if (v->kind == HAZARD_WEDGE) {
        float s = fminf(box.w, box.h) * 0.5f;
        float tri[6] = {box.x + box.w - s, box.y, box.x + box.w, box.y, box.x + box.w,
                        box.y + s};
        /* ink_stripes measures the period horizontally: 15 + 15 px across
         * the stripe is 30 * sqrt(2) px along x. */
        float period = 3.0f * u * (float)M_SQRT2;
        ink_stripes(ctx, tri, 3, 1.0f, 1.0f, period, 0.5f, -ink_hazard_offset(ctx, l, period),
                    c);
        if (v->edge)
            batch_line(ctx->b, tri[0], tri[1], tri[4], tri[5], lw, c);
        return;
    }
    /* Side bands inside the box, or just outside it (sides_out). */
    bool out = vert && v->sides_out;
    float left = out ? box.x - t : box.x, right = out ? box.x + box.w : box.x + box.w - t;
    float hx = out ? box.x - t : box.x, hw = out ? box.w + 2 * t : box.w;
    if (horiz) {
        ink_hazard(ctx, hx, box.y, hw, t, 0, l, c);
        ink_hazard(ctx, hx, box.y + box.h - t, hw, t, 0, l, c);
        if (v->edge) {
            batch_rect(ctx->b, hx, box.y + t, hw, lw, c);
            batch_rect(ctx->b, hx, box.y + box.h - t - lw, hw, lw, c);
        }
    }
    if (vert) {
        float y0 = horiz ? box.y + t : box.y, h = horiz ? box.h - 2 * t : box.h;
        ink_hazard(ctx, left, y0, t, h, 0, l, c);
        ink_hazard(ctx, right, y0, t, h, 0, l, c);
        if (v->edge) {
            batch_rect(ctx->b, left + t, y0, lw, h, c);
            batch_rect(ctx->b, right - lw, y0, lw, h, c);
        }
    }
}
