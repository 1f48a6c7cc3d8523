/* plate: see plate.h. Proportions measured from design/system-1080p.png
 * (the LOAD AVG plate and the CPU / FS / NET panel titles). */
#include "widgets/plate.h"

#include <math.h>

#include "widgets/ink.h"

void plate_draw(const struct draw_ctx *ctx, struct box box, const struct plate_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    rgba c = ink_level(ctx, v->level, PAL_ORANGE);
    float lw = fmaxf(1.0f, 0.2f * u);
    float r = 0.6f * u;
    batch_round_rect_outline(ctx->b, box.x, box.y, box.w, box.h, r, lw, c);

    bool three = v->detail != NULL;
    float h = box.h;
    float pad = fmaxf(0.6f * u, 0.06f * box.w);
    float inner_w = box.w - 2 * pad;
    float cx = box.x + box.w * 0.5f;
    /* Row boundaries as fractions of the height. */
    float r1 = three ? 0.30f : 0.40f;
    float r2 = three ? 0.72f : 1.0f;
    float small = (three ? 0.17f : 0.2f) * h;
    float big = (three ? 0.28f : 0.34f) * h;

    ink_label(ctx, small, cx, box.y + r1 * h * 0.5f, TEXT_CENTER, TEXT_CAP_MIDDLE, inner_w, c,
              v->label);
    batch_rect(ctx->b, box.x + lw, box.y + r1 * h, box.w - 2 * lw, fmaxf(1.0f, 0.1f * u),
               color_alpha(c, 0.8f));
    const char *value = v->stale ? "-- --" : v->value;
    enum font_face face = v->mono_value ? FONT_MONO : FONT_SANS;
    ink_text_fit(ctx, face, big, cx, box.y + (r1 + r2) * 0.5f * h, TEXT_CENTER, TEXT_CAP_MIDDLE,
                 inner_w, c, value);
    if (three) {
        batch_rect(ctx->b, box.x + lw, box.y + r2 * h, box.w - 2 * lw, fmaxf(1.0f, 0.1f * u),
                   color_alpha(c, 0.8f));
        ink_label(ctx, small, cx, box.y + (r2 + 1.0f) * 0.5f * h, TEXT_CENTER, TEXT_CAP_MIDDLE,
                  inner_w, c, v->detail);
    }
    if (v->stale)
        ink_no_signal(ctx, box);
}

float plate_tab_draw(const struct draw_ctx *ctx, float x, float y, float h, enum text_align align,
                     rgba fill, const char *text)
{
    float size = h * 0.62f;
    float pad = h * 0.32f;
    float w = ink_label_width(ctx, size, text) + 2 * pad;
    float x0 = align == TEXT_RIGHT ? x - w : (align == TEXT_CENTER ? x - w * 0.5f : x);
    batch_rect(ctx->b, x0, y, w, h, fill);
    ink_label(ctx, size, x0 + w * 0.5f, y + h * 0.5f, TEXT_CENTER, TEXT_CAP_MIDDLE, 0,
              ink_pal(ctx, PAL_VOID), text);
    return w;
}

void plate_header_draw(const struct draw_ctx *ctx, struct box box,
                       const struct plate_header_view *v)
{
    if (!box_drawable(box))
        return;
    /* Designed at 5u tall: k is "one design unit" scaled to the box. */
    float k = box.h / 5.0f;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba accent = ink_level(ctx, v->level, PAL_ORANGE);
    rgba fill = v->level == LEVEL_NOMINAL ? ink_pal(ctx, PAL_ORANGE_FILL) : accent;

    float rule_y = box.y + box.h - 0.55f * k;
    float title_mid = box.y + (box.h - 0.55f * k) * 0.5f;
    float x = box.x;
    float right = box.x + box.w;

    if (v->tab && *v->tab) {
        float th = 3.1f * k;
        x += plate_tab_draw(ctx, x, title_mid - th * 0.5f, th, TEXT_LEFT, fill, v->tab) + 1.0f * k;
    }

    /* The right-hand value first, so the titles can be fitted into what is left. */
    float right_w = 0;
    if (v->value || v->value_label) {
        float lw = 0, vw = 0;
        if (v->value_label) {
            struct text_metrics m = ink_label(ctx, 1.6f * k, right, title_mid - 1.2f * k,
                                              TEXT_RIGHT, TEXT_BASELINE, 0, orange,
                                              v->value_label);
            lw = m.width;
        }
        const char *val = v->stale ? "NO SIGNAL" : v->value;
        if (val) {
            rgba vc = v->stale ? color_alpha(orange, 0.6f) : ink_level(ctx, v->level, PAL_ORANGE);
            struct text_metrics m =
                ink_text(ctx, FONT_SANS, 2.7f * k, right, title_mid + 1.6f * k, TEXT_RIGHT,
                         TEXT_BASELINE, vc, val);
            vw = m.width;
        }
        right_w = fmaxf(lw, vw) + 1.0f * k;
    }

    float jp_size = 3.6f * k;
    if (v->jp && *v->jp) {
        /* Title kanji are squeezed to ~0.78 (measured in the target). */
        struct text_style st = {.face = FONT_SERIF,
                                .size = jp_size,
                                .scale_x = 0.78f,
                                .valign = TEXT_CAP_MIDDLE,
                                .max_width = (right - right_w - x) * 0.5f,
                                .color = orange};
        struct text_metrics m = text_draw(ctx->text, ctx->b, &st, x, title_mid, v->jp);
        x += m.width + 0.9f * k;
    }
    float avail = right - right_w - x;
    if (avail > 2.0f * k) {
        /* The English lines stack beside the term within its height: the
         * title at size e, details at 0.7e, shrunk to fit (the big page
         * title has two details and so smaller English than a panel's). */
        int m = (v->detail && *v->detail) + (v->detail2 && *v->detail2);
        float e = fminf(2.1f * k, 0.95f * jp_size / (0.72f + (float)m * 0.80f));
        float d = 0.7f * e;
        float cap_top = title_mid - jp_size * 0.40f;
        if (v->en)
            ink_label(ctx, e, x, m ? cap_top : title_mid, TEXT_LEFT,
                      m ? TEXT_CAP_TOP : TEXT_CAP_MIDDLE, avail, orange, v->en);
        float dy = cap_top + e * 0.72f + 0.3f * e;
        if (v->detail && *v->detail) {
            ink_label(ctx, d, x, dy, TEXT_LEFT, TEXT_CAP_TOP, avail, orange, v->detail);
            dy += d * 0.72f + 0.3f * e;
        }
        if (v->detail2 && *v->detail2)
            ink_label(ctx, d, x, dy, TEXT_LEFT, TEXT_CAP_TOP, avail, orange, v->detail2);
    }

    ink_double_rule(ctx, box.x, rule_y, box.w, fmaxf(1.0f, 0.22f * k), 0.25f * k, accent);
}
