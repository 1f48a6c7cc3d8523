/* takeover: see takeover.h. Proportions measured from design/alert-1080p.png. */
#include "widgets/takeover.h"

#include <math.h>
#include <string.h>

#include "core/utf8.h"
#include "widgets/ink.h"

rgba takeover_ink(const struct draw_ctx *ctx, const struct takeover_view *v)
{
    return draw_blink(ctx, TAKEOVER_FLASH, v->t0) ? ink_pal(ctx, PAL_VOID)
                                                  : ink_pal(ctx, PAL_ALERT_RED_DIM);
}

/* One chevron band: stripes running outwards from the centre line, so the
 * two halves meet as a V whose point is `apex` px in from the band's outer
 * edge (down for the top band, up for the bottom one). */
static void chevron_band(const struct draw_ctx *ctx, struct box band, bool top, rgba ink)
{
    float cx = band.x + band.w * 0.5f;
    float period = TAKEOVER_PERIOD * band.w;
    /* In design/alert-1080p.png the black V's outer edge meets the centre
     * line 47 % of the band height in from the screen edge. */
    float apex = 0.474f * band.h;
    float x0 = band.x, x1 = band.x + band.w, y0 = band.y, y1 = band.y + band.h;
    float left[8] = {x0, y0, cx, y0, cx, y1, x0, y1};
    float right[8] = {cx, y0, x1, y0, x1, y1, cx, y1};
    /* D = |x - cx| + (distance in from the outer edge); ink where
     * (D - apex) mod period < period / 2, i.e. ink_stripes with D = a*x + b*y
     * plus a constant folded into the phase. */
    if (top) {
        /* d = y - y0: left D = -x + y + cx - y0, right D = x + y - cx - y0. */
        ink_stripes(ctx, left, 4, -1.0f, 1.0f, period, 0.5f, apex - cx + y0, ink);
        ink_stripes(ctx, right, 4, 1.0f, 1.0f, period, 0.5f, apex + cx + y0, ink);
    } else {
        /* d = y1 - y: left D = -x - y + cx + y1, right D = x - y - cx + y1. */
        ink_stripes(ctx, left, 4, -1.0f, -1.0f, period, 0.5f, apex - cx - y1, ink);
        ink_stripes(ctx, right, 4, 1.0f, -1.0f, period, 0.5f, apex + cx - y1, ink);
    }
}

static void cause_box(const struct draw_ctx *ctx, struct box b, const struct takeover_view *v,
                      rgba ink)
{
    float lw = fmaxf(2.0f, b.h * 0.06f);
    batch_round_rect_outline(ctx->b, b.x, b.y, b.w, b.h, lw * 0.8f, lw, ink);
    float cell = b.w * 0.098f;
    float ix = b.x + cell, iy = b.y + lw * 1.25f, ih = b.h - 2.5f * lw;
    batch_rect(ctx->b, ix, iy, b.x + b.w - lw * 1.25f - ix, ih, ink);
    float mid = b.y + b.h * 0.5f;
    struct text_metrics m = ink_text_fit(ctx, FONT_SERIF, b.h * 0.5f, b.x + lw * 2.2f,
                                         mid + b.h * 0.18f, TEXT_LEFT, TEXT_BASELINE,
                                         cell * 0.55f, ink, v->cause_jp ? v->cause_jp : "原因");
    ink_label(ctx, b.h * 0.22f, b.x + lw * 2.2f + m.width + b.h * 0.06f, mid + b.h * 0.18f,
              TEXT_LEFT, TEXT_BASELINE, cell - m.width - lw * 3.0f, ink,
              v->cause_en ? v->cause_en : "CAUSE");
    float tx = ix + b.h * 0.28f, tw = b.x + b.w - lw * 1.25f - b.h * 0.28f - tx;
    struct text_style st = {.face = FONT_SANS,
                            .size = b.h * 0.62f,
                            .tracking = 0.08f,
                            .valign = TEXT_CAP_MIDDLE,
                            .max_width = tw,
                            .color = ink_pal(ctx, PAL_ORANGE_HOT)};
    text_draw(ctx->text, ctx->b, &st, tx, mid, v->cause);
}

void takeover_draw(const struct draw_ctx *ctx, struct box box, const struct takeover_view *v)
{
    if (!box_drawable(box))
        return;
    float W = box.w, H = box.h;
    rgba ink = takeover_ink(ctx, v);
    batch_rect(ctx->b, box.x, box.y, W, H, ink_pal(ctx, PAL_ALERT_RED));

    float band = TAKEOVER_BAND * H;
    chevron_band(ctx, box_make(box.x, box.y, W, band), true, ink);
    chevron_band(ctx, box_make(box.x, box.y + H - band, W, band), false, ink);
    float rule = TAKEOVER_RULE * H;
    float gap = 0.011f * H;
    batch_rect(ctx->b, box.x, box.y + band + gap, W, rule, ink);
    batch_rect(ctx->b, box.x, box.y + H - band - gap - rule, W, rule, ink);

    /* The word: cap height 50 % H from 21.8 % H down, squeezed to 0.72
     * (which matches the target's stems and letter widths) and spread over
     * 90 % W by tracking. Emboldening thickens the outline and adds to the
     * cap height, so the size allows for it. */
    const char *word = v->word ? v->word : "ALERT";
    float emb = 0.008f * H;
    float cap = TAKEOVER_CAP * H - emb;
    float cap100 = text_cap_height(ctx->text, FONT_DISPLAY, 100.0f);
    float size = cap100 > 0 ? cap * 100.0f / cap100 : cap / 0.7f;
    struct text_style st = {.face = FONT_DISPLAY,
                            .size = size,
                            .scale_x = 0.72f,
                            .align = TEXT_LEFT,
                            .valign = TEXT_CAP_TOP,
                            .embolden = emb,
                            .color = ink};
    float span = TAKEOVER_SPAN * W;
    float w = text_measure(ctx->text, &st, word).width;
    size_t n = utf8_count(word, strlen(word));
    float top = box.y + 0.2176f * H;
    if (w > span) {
        /* A long word (EMERGENCY): squeeze down to 0.55; if it still does
         * not fit, a smaller size stretched vertically back to the same cap
         * height (STYLE.md: the condensed face, stretched vertically), up to
         * TAKEOVER_STRETCH, and beyond that smaller, centred on the same
         * line: EMERGENCY keeps its 50 % H down to 4:3 and most of it at
         * 5:4; a portrait screen gets what its width allows. */
        st.scale_x *= fmaxf(0.55f / 0.72f, span / w);
        w = text_measure(ctx->text, &st, word).width;
        if (w > span) {
            float k = span / w;
            st.size *= k;
            st.embolden *= k;
            st.scale_y = fminf(1.0f / k, TAKEOVER_STRETCH);
            top += cap * (1.0f - k * st.scale_y) * 0.5f;
            w = text_measure(ctx->text, &st, word).width;
        }
    } else if (n > 1 && w > 0) {
        /* n letters have n - 1 gaps inside the span. */
        st.tracking = (span - w) / (float)(n - 1) / (size * st.scale_x);
        w = span;
    }
    text_draw(ctx->text, ctx->b, &st, box.x + (W - w) * 0.5f, top, word);

    if (v->cause)
        cause_box(ctx, box_make(box.x + 0.1016f * W, box.y + 0.735f * H, 0.797f * W, 0.062f * H),
                  v, ink);
}
