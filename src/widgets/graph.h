/* graph: line graphs and the two-trace sync graph (STYLE.md motif 11).
 *
 * graph_draw: an orange frame over a fine grid_dim grid, one polyline per
 * series (trace_green, info_blue, ...), a unit label at the top left and a
 * span label ("-60 S") at the bottom right. Long series are reduced to a
 * min/max pair per pixel column, so 10,000 points cost what the box's width
 * costs; NaN values break the trace.
 *
 * graph_sync_draw: the graph at the left, at the right a big 7-segment
 * "SYNC RATIO nn.n %" readout with its bilingual caption and a legend line
 * per series (colour dash, name, value). For train vs validation loss, RX vs
 * TX. Depends on widgets/ink, widgets/readout. */
#ifndef MAGI_WIDGETS_GRAPH_H
#define MAGI_WIDGETS_GRAPH_H

#include "widgets/draw.h"

struct graph_series {
    const float *values;  /* oldest first; NaN = gap */
    int count;
    enum pal_token color; /* 0 (PAL_VOID) = trace_green for the first, info_blue after */
    const char *name;     /* legend ("RX"); may be NULL */
    const char *value;    /* legend value ("3.92 GB/S"); may be NULL */
};

struct graph_view {
    const struct graph_series *series;
    int nseries;
    float min, max;    /* y range; both 0 = from the data (from 0 if all >= 0) */
    const char *unit;  /* top-left label ("GB/S"); may be NULL */
    const char *span;  /* bottom-right label ("-60 S"); may be NULL */
    int grid_x, grid_y; /* grid divisions; 0 = 12 x 8 */
    enum level level;  /* CAUTION and up recolour the frame */
    bool stale;        /* NO SIGNAL over the plot */
};

void graph_draw(const struct draw_ctx *ctx, struct box box, const struct graph_view *v);

struct sync_graph_view {
    struct graph_view graph;
    const char *jp;    /* NULL = "同期率" */
    const char *en;    /* NULL = "SYNC RATIO" */
    const char *ratio; /* "41.3" */
    const char *unit;  /* NULL = "%" */
};

void graph_sync_draw(const struct draw_ctx *ctx, struct box box, const struct sync_graph_view *v);

#endif
