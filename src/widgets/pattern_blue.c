/* pattern_blue: see pattern_blue.h. */
#include "widgets/pattern_blue.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "widgets/ink.h"

#define RING_PERIOD 1.6 /* s between rings at animation rate 1 */
#define RINGS 4

size_t pattern_blue_typed(const struct pattern_blue_view *v, double t, bool reduce_motion)
{
    const char *s = v->classification ? v->classification : "";
    size_t len = strlen(s);
    if (reduce_motion)
        return len;
    double dt = t - v->t0;
    if (!(dt > 0))
        return 0;
    if (dt / PATTERN_BLUE_CHAR_S > (double)len)
        return len;
    long long chars = (long long)floor(dt / PATTERN_BLUE_CHAR_S);
    size_t i = 0;
    for (long long k = 0; k < chars && i < len; k++) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
    }
    return i;
}

void pattern_blue_draw(const struct draw_ctx *ctx, struct box box,
                       const struct pattern_blue_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    rgba blue = ink_pal(ctx, PAL_INFO_BLUE);
    float cx = box.x + box.w * 0.5f;
    float ring_cy = box.y + box.h * 0.36f;
    float rmax = fminf(box.w * 0.48f, box.h * 0.36f);
    /* Rings move while the picture is fresh and stand still once it has
     * settled (draw_motion_t): an anomaly can last for hours. */
    double dt = draw_motion_t(ctx) - v->t0;
    if (dt < 0)
        dt = 0;

    /* Expanding rings: each born every RING_PERIOD / rate, growing to rmax
     * and fading as it goes. */
    float rate = ctx->anim_rate > 0 ? ctx->anim_rate : 1.0f;
    double period = RING_PERIOD / rate;
    double phase = ctx->reduce_motion ? 0.5 : fmod(dt, period) / period;
    float lw = fmaxf(1.0f, 0.2f * u);
    for (int k = 0; k < RINGS; k++) {
        float f = (float)((phase + k) / RINGS);
        float r = rmax * f;
        if (r < lw * 3)
            continue;
        /* Born thick and bright, thinning and fading as they spread. */
        float w = lw * (2.5f - 1.5f * f);
        batch_arc(ctx->b, cx, ring_cy, r - w, r, 0, 2 * 3.14159265f,
                  color_alpha(blue, 1.0f - f * 0.8f));
    }
    if (!ctx->reduce_motion)
        draw_wake_motion(ctx, ctx->t + 1e-6);
    /* The core: a filled hexagon with a cross-hair. */
    batch_hex(ctx->b, cx, ring_cy, rmax * 0.12f, blue);
    ink_cross(ctx, cx, ring_cy, rmax * 0.3f, lw * 0.6f, color_alpha(blue, 0.6f));

    /* The classification line, typed. */
    float ty = box.y + box.h * 0.78f;
    const char *cls = v->classification ? v->classification : "";
    size_t typed = pattern_blue_typed(v, ctx->t, ctx->reduce_motion);
    char line[256];
    size_t n = typed < sizeof line - 2 ? typed : sizeof line - 2;
    memcpy(line, cls, n);
    bool done = typed >= strlen(cls);
    line[n] = '\0';
    if (!done) {
        /* Typing: a block cursor and the next character's time. */
        line[n] = '_';
        line[n + 1] = '\0';
        draw_wake_at(ctx, v->t0 + (double)(n + 1) * PATTERN_BLUE_CHAR_S);
    }
    ink_label(ctx, 1.7f * u, box.x + 1.0f * u, ty, TEXT_LEFT, TEXT_CAP_MIDDLE, box.w - 2 * u, blue,
              line);

    /* Confidence bar. */
    float by = ty + 1.8f * u, bw = box.w - 2 * u - 9 * u, bh = 1.2f * u;
    float c = ink_clamp01(v->confidence);
    batch_rect_outline(ctx->b, box.x + 1.0f * u, by, bw, bh, fmaxf(1.0f, 0.1f * u), blue);
    batch_rect(ctx->b, box.x + 1.0f * u, by, bw * c, bh, blue);
    char pct[24];
    snprintf(pct, sizeof pct, "CONF %3.0f%%", (double)(c * 100.0f));
    ink_label(ctx, 1.3f * u, box.x + box.w - 1.0f * u, by + bh * 0.5f, TEXT_RIGHT,
              TEXT_CAP_MIDDLE, 8 * u, blue, pct);

    /* Header and, once typed, the stamp. */
    ink_text(ctx, FONT_SERIF, 2.2f * u, box.x + 1.0f * u, box.y + 1.0f * u, TEXT_LEFT,
             TEXT_CAP_TOP, blue, v->jp ? v->jp : "パターン青");
    if (done) {
        float sw = fminf(box.w * 0.5f, 24 * u), sh = 3.4f * u;
        float sx = box.x + box.w - sw - 1.0f * u, sy = box.y + box.h * 0.56f;
        batch_rect_outline(ctx->b, sx, sy, sw, sh, fmaxf(2.0f, 0.25f * u), blue);
        ink_label(ctx, 2.2f * u, sx + sw * 0.5f, sy + sh * 0.5f, TEXT_CENTER, TEXT_CAP_MIDDLE,
                  sw * 0.9f, blue, v->stamp ? v->stamp : "PATTERN BLUE");
    }
}
