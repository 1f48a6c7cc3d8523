/* wt_graphs: widget types drawn from item histories — the sync graph, line
 * graphs and lifelines. Histories are sampled once per `step` seconds at
 * evaluation and back-filled from the store when the widget is created. */
#include "layout/wt.h"
#include "widgets/graph.h"
#include "widgets/ink.h"
#include "widgets/lifelines.h"

/* sync_graph's keys; line_graph has the first three and its legend at the
 * ratio's index. */
enum { G_Y_MIN, G_Y_MAX, G_UNIT, G_RATIO, G_LEGEND = G_RATIO };
static const struct wkey graph_keys[] = {
    {"y_min", WK_NUM, -1e300, 1e300, NULL, "bottom of the plot (from the data)"},
    {"y_max", WK_NUM, -1e300, 1e300, NULL, "top of the plot (from the data)"},
    {"unit_label", WK_STR, 0, 0, NULL, "label at the top left (the first item's unit)"},
    {"ratio", WK_BIND, 0, 0, NULL,
     "sync_graph: SYNC RATIO in percent (default: how closely the two traces agree, "
     "100 * min / max of their latest values)"},
};
static const struct wkey line_keys[] = {
    {"y_min", WK_NUM, -1e300, 1e300, NULL, "bottom of the plot (from the data)"},
    {"y_max", WK_NUM, -1e300, 1e300, NULL, "top of the plot (from the data)"},
    {"unit_label", WK_STR, 0, 0, NULL, "label at the top left (the first item's unit)"},
    {"legend", WK_BOOL, 0, 0, NULL,
     "a legend along the top: colour dash, name and latest value of each trace (false)"},
};

/* Fills one graph_series per item from its history; returns the count. */
static int fill_series(struct widget *w, struct graph_series **out)
{
    int n = wt_shown(w);
    int len = w->cfg->history > 0 ? w->cfg->history : 1;
    size_t bytes = sizeof(struct graph_series) * (size_t)(n ? n : 1) +
                   sizeof(float) * (size_t)len * (size_t)(n ? n : 1);
    struct graph_series *s = widget_scratch(w, bytes);
    float *vals = (float *)(s + (n ? n : 1));
    for (int i = 0; i < n; i++) {
        const struct witem *it = &w->items[i];
        float *v = vals + (size_t)i * (size_t)len;
        s[i] = (struct graph_series){
            .values = v,
            .count = witem_history(it, v, len),
            .color = it->cfg && it->cfg->color_set ? it->cfg->color : PAL_VOID,
            .name = it->label[0] ? it->label : NULL,
            .value = it->text,
        };
    }
    *out = s;
    return n;
}

static struct graph_view graph_view_of(struct widget *w, struct graph_series *s, int n)
{
    const struct witem *it = wt_first(w);
    double span = (double)w->cfg->history * w->cfg->step;
    if (span >= 120)
        snprintf(w->tbuf[0], sizeof w->tbuf[0], "-%.0f MIN", span / 60.0);
    else
        snprintf(w->tbuf[0], sizeof w->tbuf[0], "-%.0f S", span);
    struct graph_view g = {
        .series = s,
        .nseries = n,
        .min = (float)widget_num(w, G_Y_MIN, 0),
        .max = (float)widget_num(w, G_Y_MAX, 0),
        .unit = widget_text(w, G_UNIT, it && it->unit[0] ? it->unit : NULL),
        .span = w->tbuf[0],
        .level = w->level,
        .stale = w->stale,
    };
    return g;
}

/* The legend along the top of a line graph, right-aligned and clear of the
 * unit label: a colour dash, the name and the latest value of each trace,
 * without the values when they do not fit, left out when nothing does. */
static void line_legend(struct widget *w, const struct draw_ctx *ctx,
                        const struct graph_series *s, int n, const char *unit)
{
    float u = ctx->u, size = 1.2f * u, dash = 1.2f * u, gap = 0.5f * u, sep = 1.4f * u;
    const struct box *b = &w->box;
    float left = b->x + 0.6f * u + (unit ? ink_label_width(ctx, size, unit) + 2.0f * u : 0);
    float right = b->x + b->w - 0.6f * u;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    for (int values = 1; values >= 0; values--) {
        float need = 0;
        for (int i = 0; i < n; i++) {
            need += dash + gap + ink_label_width(ctx, size, s[i].name ? s[i].name : "");
            if (values && s[i].value && !w->stale)
                need += gap + ink_label_width(ctx, size, s[i].value);
            need += i + 1 < n ? sep : 0;
        }
        if (need > right - left)
            continue;
        float x = right - need, y = b->y + 0.6f * u;
        for (int i = 0; i < n; i++) {
            rgba c = ink_pal(ctx, s[i].color ? s[i].color
                                             : (i == 0 ? PAL_TRACE_GREEN : PAL_INFO_BLUE));
            float lw = fmaxf(1.5f, 0.25f * u);
            batch_rect(ctx->b, x, y + size * 0.36f - lw * 0.5f, dash, lw, c);
            x += dash + gap;
            x += ink_label(ctx, size, x, y, TEXT_LEFT, TEXT_CAP_TOP, 0, orange,
                           s[i].name ? s[i].name : "").width;
            if (values && s[i].value && !w->stale) {
                x += gap;
                x += ink_label(ctx, size, x, y, TEXT_LEFT, TEXT_CAP_TOP, 0, c, s[i].value)
                         .width;
            }
            x += sep;
        }
        return;
    }
}

static void line_draw(struct widget *w, const struct draw_ctx *ctx)
{
    struct graph_series *s;
    int n = fill_series(w, &s);
    struct graph_view g = graph_view_of(w, s, n);
    graph_draw(ctx, w->box, &g);
    if (widget_num(w, G_LEGEND, 0) > 0 && box_drawable(w->box))
        line_legend(w, ctx, s, n, g.unit);
}

static void sync_draw(struct widget *w, const struct draw_ctx *ctx)
{
    struct graph_series *s;
    int n = fill_series(w, &s);
    struct sync_graph_view v = {
        .graph = graph_view_of(w, s, n),
        .jp = w->cfg->label.jp,
        .en = w->cfg->label.en,
        .ratio = w->tbuf[1],
    };
    double r = widget_num(w, G_RATIO, NAN);
    if (!w->cfg->props[G_RATIO].set && n >= 2) {
        double a = fabs(w->items[0].value), b = fabs(w->items[1].value);
        double hi = fmax(a, b);
        r = hi > 0 ? 100.0 * fmin(a, b) / hi : (a == b ? 100.0 : NAN);
    }
    if (isnan(r) || w->stale)
        snprintf(w->tbuf[1], sizeof w->tbuf[1], "---");
    else
        snprintf(w->tbuf[1], sizeof w->tbuf[1], "%.1f", r);
    graph_sync_draw(ctx, w->box, &v);
}

const struct wtype wt_sync_graph = {
    "sync_graph",
    "Two traces (the first two items) over a fine grid with a big SYNC RATIO readout and "
    "a legend: train vs validation loss, RX vs TX.",
    WT_DATA | WT_NEEDS_DATA | WT_HISTORY, KEYS(graph_keys), 120, 2, NULL, sync_draw, NULL,
};

const struct wtype wt_line_graph = {
    "line_graph",
    "One trace per item over a fine grid, with the unit at the top left, the time span "
    "at the bottom right and, with `legend`, each trace's name and latest value along the top.",
    WT_DATA | WT_NEEDS_DATA | WT_HISTORY, KEYS(line_keys), 120, 16, NULL, line_draw, NULL,
};

/* --- lifelines ----------------------------------------------------------------------------- */

enum { LIFE_CURSOR };
static const struct wkey life_keys[] = {
    {"cursor", WK_NUM, 0, 1, NULL, "height of the red cursor line, 0..1 down (0.8)"},
};

static void life_draw(struct widget *w, const struct draw_ctx *ctx)
{
    int n = wt_shown(w);
    int len = w->cfg->history > 0 ? w->cfg->history : 1;
    size_t bytes = sizeof(struct lifeline) * (size_t)(n ? n : 1) +
                   sizeof(float) * (size_t)len * (size_t)(n ? n : 1);
    struct lifeline *ch = widget_scratch(w, bytes);
    float *vals = (float *)(ch + (n ? n : 1));
    for (int i = 0; i < n; i++) {
        const struct witem *it = &w->items[i];
        float *v = vals + (size_t)i * (size_t)len;
        ch[i] = (struct lifeline){
            .label = it->label,
            .values = v,
            .count = witem_history(it, v, len),
            .min = isnan(it->min) ? 0.0f : (float)it->min,
            .max = isnan(it->max) ? 0.0f : (float)it->max,
            .value = it->text,
            .level = it->level,
            .stale = it->stale,
        };
    }
    struct lifelines_view v = {
        .channels = ch,
        .count = n,
        .cursor = (float)widget_num(w, LIFE_CURSOR, 0),
        .stale = w->stale,
    };
    lifelines_draw(ctx, w->box, &v);
}

const struct wtype wt_lifelines = {
    "lifelines",
    "Vertical channels, one per item, each with its history as a trace_green "
    "oscilloscope trace, a red ruler and cursor: per-service latency.",
    WT_DATA | WT_NEEDS_DATA | WT_HISTORY, KEYS(life_keys), 120, 16, NULL, life_draw, NULL,
};
