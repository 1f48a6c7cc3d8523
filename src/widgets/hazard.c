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
    if (horiz) {
        ink_hazard(ctx, box.x, box.y, box.w, t, 0, l, c);
        ink_hazard(ctx, box.x, box.y + box.h - t, box.w, t, 0, l, c);
        if (v->edge) {
            batch_rect(ctx->b, box.x, box.y + t, box.w, lw, c);
            batch_rect(ctx->b, box.x, box.y + box.h - t - lw, box.w, lw, c);
        }
    }
    if (vert) {
        float y0 = horiz ? box.y + t : box.y, h = horiz ? box.h - 2 * t : box.h;
        ink_hazard(ctx, box.x, y0, t, h, 0, l, c);
        ink_hazard(ctx, box.x + box.w - t, y0, t, h, 0, l, c);
        if (v->edge) {
            batch_rect(ctx->b, box.x + t, y0, lw, h, c);
            batch_rect(ctx->b, box.x + box.w - t - lw, y0, lw, h, c);
        }
    }
}
