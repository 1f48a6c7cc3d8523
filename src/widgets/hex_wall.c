/* hex_wall: see hex_wall.h. */
#include "widgets/hex_wall.h"

#include <math.h>
#include <stdio.h>

#include "widgets/hex.h"
#include "widgets/ink.h"

static float cell_radius(const struct draw_ctx *ctx, const struct hex_wall_view *v)
{
    /* Never below 4 px: the wall has to stay a wall, not millions of cells. */
    return fmaxf((v->radius > 0 ? v->radius : 6.0f) * ctx->u, 4.0f);
}

/* Cell i's period (5..10 s) and phase. */
static void cell_clock(const struct draw_ctx *ctx, int i, double *period, double *phase)
{
    *period = 5.0 + 5.0 * ink_hash01(ctx->seed, (uint64_t)i, 1);
    *phase = *period * ink_hash01(ctx->seed, (uint64_t)i, 2);
}

enum hex_wall_cell hex_wall_cell_state(const struct draw_ctx *ctx, const struct hex_wall_view *v,
                                       int i)
{
    double period, phase;
    cell_clock(ctx, i, &period, &phase);
    /* Settled, the wall stands as it was (draw_motion_t). */
    long long epoch = (long long)floor((draw_motion_t(ctx) + phase) / period);
    uint64_t h = ink_hash(ctx->seed, (uint64_t)i, 1000 + (uint64_t)epoch);
    /* Half red, a third dark, the rest black. */
    unsigned r = (unsigned)(h % 6);
    enum hex_wall_cell s = r < 3 ? HEX_WALL_RED : (r < 5 ? HEX_WALL_DARK : HEX_WALL_BLACK);
    if (s == HEX_WALL_RED && v->lit > 0 && ink_hash01(ctx->seed, (uint64_t)i, 3) >= v->lit)
        s = HEX_WALL_DARK;
    return s;
}

int hex_wall_cells(const struct draw_ctx *ctx, struct box box, const struct hex_wall_view *v)
{
    struct hex_grid g = hex_grid_cover(box, cell_radius(ctx, v));
    return g.cols * g.rows;
}

void hex_wall_draw(const struct draw_ctx *ctx, struct box box, const struct hex_wall_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    float L = cell_radius(ctx, v);
    struct hex_grid g = hex_grid_cover(box, L);
    int n = g.cols * g.rows;
    float R = L - 0.6f * u / 1.7320508f;
    rgba red = rgb_hex(0xFF0000), dark = rgb_hex(0x990000);
    rgba black = ink_pal(ctx, PAL_VOID);
    const char *w0 = v->words[0] ? v->words[0] : "EMERGENCY";
    const char *w1 = v->words[1] ? v->words[1] : "WARNING";
    bool text = R > 2.5f * u;
    double next = INFINITY;
    batch_set_clip(ctx->b, box.x, box.y, box.w, box.h);
    for (int i = 0; i < n; i++) {
        float cx, cy;
        hex_grid_center(&g, i, &cx, &cy);
        double period, phase;
        cell_clock(ctx, i, &period, &phase);
        double edge = (floor((draw_motion_t(ctx) + phase) / period) + 1.0) * period - phase;
        if (edge < next)
            next = edge;
        enum hex_wall_cell s = hex_wall_cell_state(ctx, v, i);
        if (s == HEX_WALL_BLACK) {
            batch_hex_outline(ctx->b, cx, cy, R, fmaxf(1.0f, 0.1f * u), color_alpha(dark, 0.5f));
            continue;
        }
        batch_hex(ctx->b, cx, cy, R, s == HEX_WALL_RED ? red : dark);
        if (!text)
            continue;
        uint64_t h = ink_hash(ctx->seed, (uint64_t)i, 7);
        char top[16], bottom[16];
        snprintf(top, sizeof top, "%03X-%02u", (unsigned)(h & 0xFFF), (unsigned)(h >> 12) % 100);
        snprintf(bottom, sizeof bottom, "CODE:%03u", (unsigned)(h >> 20) % 1000);
        float small = R * 0.16f;
        ink_label(ctx, small, cx, cy - R * 0.42f, TEXT_CENTER, TEXT_CAP_MIDDLE, R, black, top);
        ink_text_fit(ctx, FONT_SANS, R * 0.36f, cx, cy, TEXT_CENTER, TEXT_CAP_MIDDLE, R * 1.55f,
                     black, (h >> 40) % 3 ? w0 : w1);
        ink_label(ctx, small, cx, cy + R * 0.42f, TEXT_CENTER, TEXT_CAP_MIDDLE, R, black, bottom);
    }
    batch_reset_clip(ctx->b);
    draw_wake_motion(ctx, next);
}
