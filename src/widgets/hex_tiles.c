/* hex_tiles: see hex_tiles.h. */
#include "widgets/hex_tiles.h"

#include <math.h>

#include "widgets/hex.h"
#include "widgets/ink.h"

void hex_tiles_draw(const struct draw_ctx *ctx, struct box box, const struct hex_tiles_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    int n = v->tiles ? v->count : 0;
    struct hex_grid g = hex_grid_fit(box, n);
    if (n <= 0 || g.L <= 0) {
        if (v->stale)
            ink_no_signal(ctx, box);
        return;
    }
    /* ~6 px gutter at 1080p, but never more than a third of a small cell. */
    float gutter = fminf(0.6f * u, g.L * 0.3f);
    float R = g.L - gutter / 1.7320508f;
    float lw = fminf(fmaxf(1.0f, 0.2f * u), R * 0.2f);
    bool labels = R > 2.2f * u;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba black = ink_pal(ctx, PAL_VOID);
    for (int i = 0; i < n; i++) {
        const struct hex_tile *t = &v->tiles[i];
        float cx, cy;
        hex_grid_center(&g, i, &cx, &cy);
        rgba ink;
        if (t->stale) {
            batch_hex_outline(ctx->b, cx, cy, R, lw, color_alpha(orange, 0.35f));
            ink = color_alpha(orange, 0.5f);
        } else if (t->active) {
            float f = ink_clamp01(t->frac);
            rgba fill = ink_level(ctx, t->level, PAL_MINT);
            batch_hex(ctx->b, cx, cy, R, color_scale(fill, 0.45f + 0.55f * f));
            ink = black;
        } else {
            batch_hex_outline(ctx->b, cx, cy, R, lw, ink_level(ctx, t->level, PAL_ORANGE));
            ink = ink_level(ctx, t->level, PAL_ORANGE);
        }
        if (!labels)
            continue;
        float size = fminf(R * 0.34f, 1.8f * u);
        if (t->label)
            ink_label(ctx, size, cx, t->value ? cy - size * 0.15f : cy,
                      TEXT_CENTER, t->value ? TEXT_BASELINE : TEXT_CAP_MIDDLE, R * 1.4f, ink,
                      t->label);
        if (t->value)
            ink_label(ctx, size * 0.85f, cx, cy + size * 0.25f, TEXT_CENTER, TEXT_CAP_TOP,
                      R * 1.3f, ink, t->stale ? "--" : t->value);
    }
    if (v->stale)
        ink_no_signal(ctx, box);
}
