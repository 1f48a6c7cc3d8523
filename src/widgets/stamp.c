/* stamp: see stamp.h. */
#include "widgets/stamp.h"

#include <math.h>

#include "widgets/ink.h"

#define STAMP_BLINK_PERIOD 1.2 /* STYLE.md slow status blink: 1.0..1.4 s */

void stamp_draw(const struct draw_ctx *ctx, struct box b, const struct stamp_view *v)
{
    if (!box_drawable(b))
        return;
    float u = ctx->u;
    bool live = v->kind == STAMP_LIVE;
    enum pal_token tok = v->color ? v->color : (live ? PAL_HUD_WHITE : PAL_BAR_RED);
    rgba c = ink_pal(ctx, tok);
    if (live && !v->color)
        c = color_scale(c, 0.85f);
    if (v->level >= LEVEL_ALERT && !draw_blink(ctx, STAMP_BLINK_PERIOD, v->blink_t0))
        return;
    float lw = fmaxf(1.0f, fminf(0.2f * u, b.h * 0.06f));
    const char *text = v->text ? v->text : (live ? "LIVE" : "");
    rgba tc = c;
    switch (v->kind) {
    case STAMP_SINGLE:
        batch_rect_outline(ctx->b, b.x, b.y, b.w, b.h, lw, c);
        break;
    case STAMP_DOUBLE: {
        batch_rect_outline(ctx->b, b.x, b.y, b.w, b.h, lw, c);
        float in = lw + fmaxf(1.5f, b.h * 0.06f);
        batch_rect_outline(ctx->b, b.x + in, b.y + in, b.w - 2 * in, b.h - 2 * in,
                           fmaxf(1.0f, lw * 0.5f), c);
        break;
    }
    case STAMP_FILLED:
        batch_rect(ctx->b, b.x, b.y, b.w, b.h, c);
        tc = ink_pal(ctx, PAL_VOID);
        break;
    case STAMP_LIVE: {
        batch_round_rect_outline(ctx->b, b.x, b.y, b.w, b.h, b.h * 0.2f, lw, c);
        float size = b.h * 0.55f;
        float r = b.h * 0.16f;
        float tw = ink_label_width(ctx, size, text);
        float total = 2 * r + size * 0.2f + tw;
        float x0 = b.x + (b.w - total) * 0.5f;
        /* The dot: a full-turn arc with no hole. */
        batch_arc(ctx->b, x0 + r, b.y + b.h * 0.5f, 0, r, 0, 2 * (float)M_PI, c);
        ink_label(ctx, size, x0 + 2 * r + size * 0.2f, b.y + b.h * 0.5f, TEXT_LEFT,
                  TEXT_CAP_MIDDLE, 0, c, text);
        return;
    }
    }
    /* The target's stamps leave a good margin round the word. */
    float pad = fmaxf(2 * lw + 2, b.h * 0.2f);
    float size = (b.h - 2 * pad) * (v->sans ? 1.0f : 0.9f);
    if (v->sans)
        ink_label(ctx, size, b.x + b.w * 0.5f, b.y + b.h * 0.5f, TEXT_CENTER, TEXT_CAP_MIDDLE,
                  b.w - 2 * pad, tc, text);
    else
        ink_text_fit(ctx, FONT_SERIF, size, b.x + b.w * 0.5f, b.y + b.h * 0.5f, TEXT_CENTER,
                     TEXT_CAP_MIDDLE, b.w - 2 * pad, tc, text);
}
