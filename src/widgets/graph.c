/* graph: see graph.h. The NET graph of design/system-1080p.png: a 2 px
 * orange frame, a fine grid, traces about 2 px wide. */
#include "widgets/graph.h"

#include <math.h>

#include "widgets/ink.h"
#include "widgets/readout.h"

#define PLOT_CAP 4096 /* points per polyline call */

struct plot {
    const struct draw_ctx *ctx;
    float pts[2 * PLOT_CAP];
    int n;
    float width;
    rgba c;
};

static void plot_flush(struct plot *p, bool keep_last)
{
    if (p->n >= 2)
        batch_polyline(p->ctx->b, p->pts, p->n, p->width, p->c, false);
    if (keep_last && p->n > 0) {
        p->pts[0] = p->pts[2 * (p->n - 1)];
        p->pts[1] = p->pts[2 * (p->n - 1) + 1];
        p->n = 1;
    } else {
        p->n = 0;
    }
}

static void plot_push(struct plot *p, float x, float y)
{
    if (p->n == PLOT_CAP)
        plot_flush(p, true);
    p->pts[2 * p->n] = x;
    p->pts[2 * p->n + 1] = y;
    p->n++;
}

/* Plots one series; above two values per pixel column it keeps only each
 * column's min and max (in the order they occur), which draws the same
 * envelope for a fraction of the vertices. */
static void plot_series(struct plot *p, const float *v, int n, struct box r, float lo, float hi)
{
    if (n < 2)
        return;
    float scale = r.h / (hi - lo);
    float dx = r.w / (float)(n - 1);
    float bottom = r.y + r.h;
#define PY(val) (bottom - (fminf(fmaxf((val), lo), hi) - lo) * scale)
    if ((float)n <= 2.0f * r.w) {
        for (int i = 0; i < n; i++) {
            if (isnan(v[i])) {
                plot_flush(p, false);
                continue;
            }
            plot_push(p, r.x + dx * (float)i, PY(v[i]));
        }
        plot_flush(p, false);
        return;
    }
    int col = -1;
    float mn = 0, mx = 0;
    int imn = 0, imx = 0;
    for (int i = 0; i <= n; i++) {
        int c = i < n ? (int)(dx * (float)i) : -2;
        bool gap = i < n && isnan(v[i]);
        if ((c != col || gap) && col >= 0) {
            float x = r.x + (float)col;
            if (imn == imx) {
                plot_push(p, x, PY(mn));
            } else if (imn < imx) {
                plot_push(p, x, PY(mn));
                plot_push(p, x, PY(mx));
            } else {
                plot_push(p, x, PY(mx));
                plot_push(p, x, PY(mn));
            }
            col = -1;
        }
        if (i == n)
            break;
        if (gap) {
            plot_flush(p, false);
            continue;
        }
        if (col < 0) {
            col = c;
            mn = mx = v[i];
            imn = imx = i;
        } else {
            if (v[i] < mn)
                mn = v[i], imn = i;
            if (v[i] > mx)
                mx = v[i], imx = i;
        }
    }
    plot_flush(p, false);
#undef PY
}

static rgba series_color(const struct draw_ctx *ctx, const struct graph_series *s, int i)
{
    if (s->color)
        return ink_pal(ctx, s->color);
    return ink_pal(ctx, i == 0 ? PAL_TRACE_GREEN : PAL_INFO_BLUE);
}

void graph_draw(const struct draw_ctx *ctx, struct box box, const struct graph_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    rgba frame = ink_level(ctx, v->level, PAL_ORANGE);
    rgba grid = ink_pal(ctx, PAL_GRID_DIM);
    float lw = fmaxf(1.0f, 0.2f * u);
    int gx = v->grid_x > 0 ? v->grid_x : 12, gy = v->grid_y > 0 ? v->grid_y : 8;

    /* Grid (1 px), then the frame over its ends. */
    for (int i = 1; i < gx; i++)
        batch_rect(ctx->b, floorf(box.x + box.w * (float)i / (float)gx), box.y, 1.0f, box.h,
                   grid);
    for (int i = 1; i < gy; i++)
        batch_rect(ctx->b, box.x, floorf(box.y + box.h * (float)i / (float)gy), box.w, 1.0f,
                   grid);
    batch_rect_outline(ctx->b, box.x, box.y, box.w, box.h, lw, frame);

    struct box plot_box = box_inset(box, lw + 0.4f * u);
    float lo = v->min, hi = v->max;
    if (!(hi > lo)) {
        float mn = INFINITY, mx = -INFINITY;
        for (int s = 0; s < v->nseries; s++)
            for (int i = 0; i < v->series[s].count; i++) {
                float x = v->series[s].values[i];
                if (isnan(x))
                    continue;
                mn = fminf(mn, x);
                mx = fmaxf(mx, x);
            }
        if (!(mx >= mn))
            mn = 0, mx = 1;
        lo = mn >= 0 ? 0 : mn;
        hi = mx > lo ? mx + (mx - lo) * 0.1f : lo + 1;
    }
    if (!v->stale) {
        struct plot *p = &(struct plot){.ctx = ctx, .width = fmaxf(1.5f, 0.2f * u)};
        for (int s = 0; s < v->nseries; s++) {
            p->c = series_color(ctx, &v->series[s], s);
            p->n = 0;
            plot_series(p, v->series[s].values, v->series[s].count, plot_box, lo, hi);
        }
    }
    if (v->unit)
        ink_label(ctx, 1.2f * u, box.x + 0.6f * u, box.y + 0.6f * u, TEXT_LEFT, TEXT_CAP_TOP, 0,
                  frame, v->unit);
    if (v->span)
        ink_label(ctx, 1.2f * u, box.x + box.w - 0.6f * u, box.y + box.h - 0.6f * u,
                  TEXT_RIGHT, TEXT_BASELINE, 0, frame, v->span);
    if (v->stale)
        ink_no_signal(ctx, box);
}

void graph_sync_draw(const struct draw_ctx *ctx, struct box box, const struct sync_graph_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    /* Graph 61.5 % of the width, as in the target's NET panel. */
    float gw = box.w * 0.615f;
    graph_draw(ctx, box_make(box.x, box.y, gw, box.h), &v->graph);
    float rx = box.x + gw + 2.0f * u, rw = box.x + box.w - rx;
    if (rw < 4 * u)
        return;
    int ns = v->graph.nseries;
    float legend_h = (float)ns * 2.4f * u;
    float rh = box.h - legend_h - 1.2f * u;
    struct readout_view ro = {
        .jp = v->jp ? v->jp : "同期率",
        .en = v->en ? v->en : "SYNC RATIO",
        .value = v->ratio,
        .unit = v->unit ? v->unit : "%",
        .level = v->graph.level,
        .stale = v->graph.stale,
    };
    readout_draw(ctx, box_make(rx, box.y, rw, rh), &ro);
    float ly = box.y + rh + 0.6f * u;
    batch_rect(ctx->b, rx, ly, rw, fmaxf(1.0f, 0.1f * u), color_alpha(orange, 0.6f));
    for (int s = 0; s < ns; s++) {
        const struct graph_series *gs = &v->graph.series[s];
        float y = ly + 1.2f * u + 2.4f * u * (float)s + 0.6f * u;
        batch_rect(ctx->b, rx, y - 0.1f * u, 1.2f * u, fmaxf(1.5f, 0.2f * u),
                   series_color(ctx, gs, s));
        struct text_metrics m = ink_label(ctx, 1.5f * u, rx + 2.0f * u, y, TEXT_LEFT,
                                          TEXT_CAP_MIDDLE, 0, orange, gs->name);
        if (gs->value)
            ink_label(ctx, 1.5f * u, rx + 2.0f * u + m.width + 0.8f * u, y, TEXT_LEFT,
                      TEXT_CAP_MIDDLE, rw - 3.0f * u - m.width, orange,
                      v->graph.stale ? "--" : gs->value);
    }
}
