/* wt_graphs: widget types drawn from item histories — the sync graph, line
 * graphs and lifelines. Histories are sampled once per `step` seconds at
 * evaluation and back-filled from the store when the widget is created. */
#include "layout/wt.h"
#include "widgets/graph.h"
#include "widgets/lifelines.h"

enum { G_Y_MIN, G_Y_MAX, G_UNIT, G_RATIO };
static const struct wkey graph_keys[] = {
    {"y_min", WK_NUM, -1e300, 1e300, NULL, "bottom of the plot (from the data)"},
    {"y_max", WK_NUM, -1e300, 1e300, NULL, "top of the plot (from the data)"},
    {"unit_label", WK_STR, 0, 0, NULL, "label at the top left (the first item's unit)"},
    {"ratio", WK_BIND, 0, 0, NULL,
     "sync_graph: SYNC RATIO in percent (default: how closely the two traces agree, "
     "100 * min / max of their latest values)"},
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

static void line_draw(struct widget *w, const struct draw_ctx *ctx)
{
    struct graph_series *s;
    int n = fill_series(w, &s);
    struct graph_view g = graph_view_of(w, s, n);
    graph_draw(ctx, w->box, &g);
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
    WT_DATA | WT_NEEDS_DATA | WT_HISTORY, KEYS(graph_keys), 120, 2, NULL, sync_draw,
};

const struct wtype wt_line_graph = {
    "line_graph",
    "One trace per item over a fine grid, with the unit at the top left and the time span "
    "at the bottom right.",
    WT_DATA | WT_NEEDS_DATA | WT_HISTORY, graph_keys, 3, 120, 16, NULL, line_draw,
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
    WT_DATA | WT_NEEDS_DATA | WT_HISTORY, KEYS(life_keys), 120, 16, NULL, life_draw,
};
