/* reticle: see reticle.h. */
#include "widgets/reticle.h"

#include <math.h>
#include <stdio.h>

#include "widgets/ink.h"

#define LOCK_S 0.3  /* closing-in time */
#define LOCK_STEPS 4

float reticle_radius(const struct draw_ctx *ctx, const struct reticle_view *v)
{
    float r = v->radius > 0 ? v->radius : 4.0f * ctx->u;
    if (!v->locked || ctx->reduce_motion)
        return r;
    double dt = ctx->t - v->lock_t0;
    if (dt < 0 || dt >= LOCK_S)
        return r;
    /* Snaps in LOCK_STEPS hard steps from 2r to r. */
    int step = (int)floor(dt / LOCK_S * LOCK_STEPS);
    draw_wake_at(ctx, v->lock_t0 + (double)(step + 1) * LOCK_S / LOCK_STEPS);
    return r * (2.0f - (float)(step + 1) / (float)LOCK_STEPS);
}

void reticle_draw(const struct draw_ctx *ctx, struct box box, const struct reticle_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    float r = reticle_radius(ctx, v);
    bool red = v->locked && (ctx->reduce_motion || ctx->t - v->lock_t0 >= LOCK_S);
    rgba c = red ? ink_pal(ctx, PAL_BAR_RED) : ink_pal(ctx, PAL_HUD_WHITE);
    float thick = fmaxf(2.0f, r * 0.16f);
    float gap = 0.16f; /* of a quarter turn, each side of a cardinal point */
    const float q = 3.14159265f * 0.5f;
    for (int k = 0; k < 4; k++) {
        float a0 = q * ((float)k + gap), a1 = q * ((float)k + 1.0f - gap);
        batch_arc(ctx->b, v->x, v->y, r - thick, r, a0, a1, c);
    }
    float lw = fmaxf(1.0f, 0.15f * u);
    ink_cross(ctx, v->x, v->y, r * 0.22f, lw, c);
    /* Cardinal ticks through the gaps. */
    batch_line(ctx->b, v->x, v->y - r - 0.6f * u, v->x, v->y - r + thick * 1.5f, lw, c);
    batch_line(ctx->b, v->x, v->y + r + 0.6f * u, v->x, v->y + r - thick * 1.5f, lw, c);
    batch_line(ctx->b, v->x - r - 0.6f * u, v->y, v->x - r + thick * 1.5f, v->y, lw, c);
    batch_line(ctx->b, v->x + r + 0.6f * u, v->y, v->x + r - thick * 1.5f, v->y, lw, c);

    float size = fmaxf(0.9f * u, fminf(1.1f * u, r * 0.3f));
    char buf[4][24];
    for (int k = 0; k < 4; k++)
        snprintf(buf[k], sizeof buf[k], "%+010.4f", v->readout[k]);
    float off = r + 1.0f * u;
    ink_text(ctx, FONT_MONO, size, v->x, v->y - off, TEXT_CENTER, TEXT_BASELINE, c, buf[0]);
    ink_text(ctx, FONT_MONO, size, v->x + off, v->y - 0.4f * u, TEXT_LEFT, TEXT_BASELINE, c,
             buf[1]);
    ink_text(ctx, FONT_MONO, size, v->x, v->y + off, TEXT_CENTER, TEXT_CAP_TOP, c, buf[2]);
    ink_text(ctx, FONT_MONO, size, v->x - off, v->y - 0.4f * u, TEXT_RIGHT, TEXT_BASELINE, c,
             buf[3]);
    if (v->label || red) {
        float lx = v->x + off, ly = v->y + off * 0.7f;
        if (lx + 12 * u > box.x + box.w)
            lx = v->x - off - 12 * u;
        ink_label(ctx, 1.2f * u, lx, ly, TEXT_LEFT, TEXT_CAP_TOP, 12 * u, c,
                  red ? (v->label ? v->label : "LOCK") : v->label);
        if (red && v->label)
            ink_label(ctx, 1.2f * u, lx, ly + 1.6f * u, TEXT_LEFT, TEXT_CAP_TOP, 12 * u, c,
                      "TARGET LOCKED");
    }
}
