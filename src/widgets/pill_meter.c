/* pill_meter: see pill_meter.h. Proportions from design/system-1080p.png:
 * 30 pills at a 12.6 px pitch, 8.5 px wide, 46 px tall; rows 76 px apart. */
#include "widgets/pill_meter.h"

#include <math.h>

#include "widgets/ink.h"

rgba pill_meter_color(int i, int n)
{
    /* Sampled from the target: teal #449A7A, blue #55A0D5 at ~70 %, then on
     * to violet at the far end. */
    static const rgba teal = {0x44, 0x9A, 0x7A, 255};
    static const rgba blue = {0x55, 0xA0, 0xD5, 255};
    static const rgba violet = {0x8C, 0x5C, 0xE0, 255};
    float f = n > 1 ? (float)i / (float)(n - 1) : 0.0f;
    if (f < 0.7f)
        return color_lerp(teal, blue, f / 0.7f);
    return color_lerp(blue, violet, (f - 0.7f) / 0.3f);
}

static void draw_row(const struct draw_ctx *ctx, const struct pill_meter_view *v,
                     const struct pill_row *r, float x, float y, float w, float pitch)
{
    float k = pitch / 76.0f; /* design px -> device px */
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba hot = ink_pal(ctx, PAL_ORANGE_HOT);
    int n = v->pills > 0 ? (v->pills < 200 ? v->pills : 200) : 30;
    float caution = v->caution > 0 ? v->caution : 0.7f;
    float danger = v->danger > 0 ? v->danger : 0.9f;

    /* Left: SUBJECT / index / tag (design px from the row's top, as in the
     * target: the word's cap top at 0, the index's baseline at 52, the tag
     * under it). */
    ink_label(ctx, 13 * k, x, y, TEXT_LEFT, TEXT_CAP_TOP, 90 * k, hot,
              v->subject ? v->subject : "SUBJECT");
    ink_text_fit(ctx, FONT_SANS, 47 * k, x, y + 51 * k, TEXT_LEFT, TEXT_BASELINE, 80 * k, hot,
                 r->index);
    ink_label(ctx, 12 * k, x, y + 56 * k, TEXT_LEFT, TEXT_CAP_TOP, 90 * k, hot, r->tag);

    /* Right: value. */
    float right = x + w;
    float unit_w = 0;
    rgba vc = r->stale ? color_alpha(orange, 0.5f) : ink_level(ctx, r->level, PAL_ORANGE);
    if (r->unit && !r->stale) {
        struct text_metrics m = ink_text(ctx, FONT_SANS, 20 * k, right, y + 57 * k, TEXT_RIGHT,
                                         TEXT_BASELINE, vc, r->unit);
        unit_w = m.width + 2 * k;
    }
    ink_text(ctx, FONT_SANS, 44 * k, right - unit_w, y + 57 * k, TEXT_RIGHT, TEXT_BASELINE, vc,
             r->stale ? "--" : r->value);

    /* Pills between x+95 and right-85 (design px). */
    float px0 = x + 95 * k, px1 = right - 85 * k;
    if (px1 - px0 < n * 2.0f)
        return;
    float step = (px1 - px0) / (float)n;
    float pw = step * 0.68f;
    float ptop = y + 22 * k, ph = 46 * k;
    int lit = r->stale ? 0 : (int)lroundf(ink_clamp01(r->frac) * (float)n);
    float lw = fmaxf(1.0f, 1.0f * k);
    for (int i = 0; i < n; i++) {
        float px = px0 + step * (float)i;
        rgba c = pill_meter_color(i, n);
        if (i < lit) {
            if (r->level >= LEVEL_ALERT)
                c = ink_pal(ctx, PAL_BAR_RED);
            else if (r->level == LEVEL_CAUTION && (float)i >= caution * (float)n)
                c = hot;
            batch_round_rect(ctx->b, px, ptop, pw, ph, pw * 0.5f, c);
        } else {
            batch_round_rect_outline(ctx->b, px, ptop, pw, ph, pw * 0.5f, lw,
                                     color_alpha(c, 0.3f));
        }
    }
    /* Caption and scale markers above the pills. */
    float ty = y + 5 * k;
    ink_label(ctx, 12 * k, px0, ty, TEXT_LEFT, TEXT_CAP_MIDDLE, (px1 - px0) * 0.5f, orange,
              r->caption);
    /* "| CAUTION | | DANGER": CAUTION boxed between the caution mark and a
     * bar just before the danger mark's double bar, DANGER after it. */
    float cxm = px0 + (px1 - px0) * caution, dxm = px0 + (px1 - px0) * danger;
    float bar_h = 11 * k, bw = fmaxf(1.0f, 1.5f * k);
    batch_rect(ctx->b, cxm, ty - bar_h * 0.5f, bw, bar_h, orange);
    batch_rect(ctx->b, dxm - 7 * k, ty - bar_h * 0.5f, bw, bar_h, orange);
    batch_rect(ctx->b, dxm - 2 * k, ty - bar_h * 0.5f, bw, bar_h, orange);
    ink_label(ctx, 12 * k, (cxm + dxm - 7 * k) * 0.5f, ty, TEXT_CENTER, TEXT_CAP_MIDDLE,
              dxm - 7 * k - cxm - 6 * k, orange, "CAUTION");
    ink_label(ctx, 12 * k, dxm + 3 * k, ty, TEXT_LEFT, TEXT_CAP_MIDDLE, right - dxm - 4 * k,
              orange, "DANGER");
}

void pill_meter_draw(const struct draw_ctx *ctx, struct box box, const struct pill_meter_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    float y = box.y;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    if (v->title) {
        float hh = 6.0f * u;
        /* Titles are squeezed to about 0.82 (STYLE.md rule 4). */
        struct text_style st = {.face = FONT_SANS,
                                .size = 4.4f * u,
                                .scale_x = 0.82f,
                                .max_width = box.w * 0.62f,
                                .color = ink_pal(ctx, PAL_ORANGE_HOT)};
        text_draw(ctx->text, ctx->b, &st, box.x, y + 4.4f * u, v->title);
        for (int i = 0; i < 2; i++)
            if (v->info[i])
                ink_label(ctx, 1.6f * u, box.x + box.w, y + (2.0f + 1.9f * (float)i) * u,
                          TEXT_RIGHT, TEXT_CAP_MIDDLE, box.w * 0.4f, orange, v->info[i]);
        batch_rect(ctx->b, box.x, y + 5.2f * u, box.w, fmaxf(1.0f, 0.2f * u), orange);
        y += hh;
    }
    int n = v->rows ? v->count : 0;
    if (n > 0) {
        float pitch = fminf((box.y + box.h - y) / (float)n, 9.0f * u);
        for (int i = 0; i < n; i++)
            draw_row(ctx, v, &v->rows[i], box.x, y + pitch * (float)i, box.w, pitch);
    }
    if (v->stale)
        ink_no_signal(ctx, box);
}
