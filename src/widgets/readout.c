/* readout: see readout.h. */
#include "widgets/readout.h"

#include <math.h>

#include "widgets/ink.h"

void readout_draw(const struct draw_ctx *ctx, struct box box, const struct readout_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    float y = box.y;
    if ((v->jp && *v->jp) || (v->en && *v->en)) {
        float jp = fminf(2.4f * u, box.h * 0.16f);
        if (v->jp && *v->jp) {
            ink_text_fit(ctx, FONT_SERIF, jp, box.x, y, TEXT_LEFT, TEXT_CAP_TOP, box.w, orange,
                         v->jp);
            y += jp * 0.95f;
        }
        if (v->en && *v->en) {
            ink_label(ctx, jp * 0.6f, box.x, y + 0.2f * jp, TEXT_LEFT, TEXT_CAP_TOP, box.w,
                      orange, v->en);
            y += jp * 0.75f;
        }
        y += 0.6f * u;
    }
    float avail_h = box.y + box.h - y;
    if (avail_h <= 0)
        return;

    rgba c = v->level != LEVEL_NOMINAL ? ink_level(ctx, v->level, PAL_ORANGE_HOT)
                                       : ink_pal(ctx, v->color ? v->color : PAL_ORANGE_HOT);
    const char *value = v->value ? v->value : "";
    char dseg[64], ghost[64];
    ink_seg7_strings(value, dseg, ghost, sizeof dseg);

    /* Size the digits to the height, then shrink to the width left by the unit. */
    struct text_style st = {.face = FONT_SEG7, .size = 100.0f};
    float w100 = text_measure(ctx->text, &st, ghost).width;
    float size = avail_h * 0.92f;
    float unit_size = 0;
    float unit_w = 0;
    if (v->unit && *v->unit) {
        unit_size = fmaxf(size * 0.45f, 1.4f * u);
        unit_w = ink_label_width(ctx, unit_size, v->unit) + 0.4f * unit_size;
    }
    if (w100 > 0 && w100 * size / 100.0f > box.w - unit_w) {
        float s2 = (box.w - unit_w) * 100.0f / w100;
        unit_w *= s2 / size;
        unit_size *= s2 / size;
        size = s2;
    }
    if (size < 4.0f)
        return;
    float base = box.y + box.h - (avail_h - size) * 0.5f;
    float digits_w = w100 * size / 100.0f;
    float x0 = v->align_left ? box.x : box.x + box.w - unit_w - digits_w;
    if (v->stale) {
        /* Only the unlit segments: there is no value to show. */
        st.size = size;
        st.color = color_alpha(c, 0.09f);
        text_draw(ctx->text, ctx->b, &st, x0, base, ghost);
    } else {
        ink_seg7(ctx, size, x0, base, TEXT_LEFT, TEXT_BASELINE, c, v->no_ghost ? 0.0f : 0.09f,
                 value);
    }
    if (unit_w > 0)
        ink_label(ctx, unit_size, x0 + digits_w + 0.4f * unit_size, base, TEXT_LEFT,
                  TEXT_BASELINE, 0, c, v->unit);
    if (v->stale)
        ink_no_signal(ctx, box);
}
