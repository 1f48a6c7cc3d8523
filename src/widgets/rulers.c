/* rulers: see rulers.h. Ticks as on the right edge of design/system-1080p.png:
 * 1u apart, longer every 5, labelled every 10. */
#include "widgets/rulers.h"

#include <math.h>
#include <stdio.h>

#include "widgets/ink.h"

void rulers_draw(const struct draw_ctx *ctx, struct box box, const struct ruler_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    /* Never finer than 2 px a tick. */
    float minor = v->minor > 0 ? fmaxf(v->minor, 2.0f) : u;
    int mid = v->mid_every > 0 ? v->mid_every : 5;
    int major = v->major_every > 0 ? v->major_every : 10;
    rgba c = ink_pal(ctx, v->color ? v->color : PAL_GRID_DIM);
    /* Labels a little stronger than the ticks so they read at 1.1u. */
    rgba label_c = c;
    label_c.a = (uint8_t)fminf(255.0f, (float)c.a * 1.8f);
    bool vertical = v->side == RULER_RIGHT || v->side == RULER_LEFT;
    float len = vertical ? box.h : box.w;
    /* Line position and tick direction. */
    float lx = v->side == RULER_LEFT ? box.x + box.w - 1 : box.x;
    float ly = v->side == RULER_ABOVE ? box.y + box.h - 1 : box.y;
    float dir = (v->side == RULER_LEFT || v->side == RULER_ABOVE) ? -1.0f : 1.0f;
    if (vertical)
        batch_rect(ctx->b, floorf(lx), box.y, 1, box.h, c);
    else
        batch_rect(ctx->b, box.x, floorf(ly), box.w, 1, c);
    if (!(len > 0) || len > 1e5f)
        return;
    int n = (int)floorf(len / minor);
    char buf[16];
    for (int i = 0; i <= n; i++) {
        float tl = i % major == 0 ? 1.4f * u : (i % mid == 0 ? 0.9f * u : 0.5f * u);
        float p = floorf((vertical ? box.y : box.x) + minor * (float)i);
        if (vertical)
            batch_rect(ctx->b, dir > 0 ? lx : lx - tl + 1, p, tl, 1, c);
        else
            batch_rect(ctx->b, p, dir > 0 ? ly : ly - tl + 1, 1, tl, c);
        if (v->labels && i % major == 0) {
            float val = v->label_start + v->label_step * (float)(i / major);
            if (fabsf(val) < 1e-4f)
                snprintf(buf, sizeof buf, "0");
            else
                snprintf(buf, sizeof buf, "%+g", (double)val);
            if (vertical)
                ink_text(ctx, FONT_SANS, 1.1f * u, lx + dir * 1.6f * u, p,
                         dir > 0 ? TEXT_LEFT : TEXT_RIGHT, TEXT_CAP_MIDDLE, label_c, buf);
            else
                ink_text(ctx, FONT_SANS, 1.1f * u, p + 0.3f * u, ly + dir * 1.5f * u, TEXT_LEFT,
                         dir > 0 ? TEXT_CAP_TOP : TEXT_BASELINE, label_c, buf);
        }
    }
}

void rulers_marks_draw(const struct draw_ctx *ctx, struct box box, float spacing, float arm)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    float s = spacing > 0 ? spacing : 8.0f * u;
    float a = arm > 0 ? arm : 0.7f * u;
    /* No finer than 4 px, and at most ~10,000 marks. */
    s = fmaxf(s, 4.0f);
    if (!(box.w >= 0 && box.h >= 0) || (box.w / s + 1) * (box.h / s + 1) > 1e4f)
        return;
    rgba c = ink_pal(ctx, PAL_GRID_DIM);
    for (float y = box.y; y <= box.y + box.h + 0.5f; y += s)
        for (float x = box.x; x <= box.x + box.w + 0.5f; x += s) {
            float px = floorf(x), py = floorf(y);
            batch_rect(ctx->b, px - a, py, 2 * a + 1, 1, c);
            batch_rect(ctx->b, px, py - a, 1, a, c);
            batch_rect(ctx->b, px, py + 1, 1, a, c);
        }
}
