/* bars: labelled horizontal bars, one row per item, in one or more columns
 * (CORE 00..15 in design/system-1080p.png): label, a mint bar in a dim
 * outlined track, a threshold tick through every track with its value above
 * the column, an optional orange marker line through the column (mean or a
 * reference), the value at the right. A row at CAUTION or above turns
 * orange_hot / red: its label becomes a filled tab and a hazard-stripe square
 * appears beside its value. Depends on widgets/ink, widgets/plate. */
#ifndef MAGI_WIDGETS_BARS_H
#define MAGI_WIDGETS_BARS_H

#include "widgets/draw.h"

struct bars_item {
    const char *label; /* "CORE 07" */
    float frac;        /* 0..1 (clamped) */
    const char *value; /* "93" */
    enum level level;
    bool stale;        /* this row has no data: empty track, value "--" */
};

struct bars_view {
    const struct bars_item *items;
    int count;
    int columns;                 /* 0 = 1 up to 8 rows, else 2 */
    float threshold;             /* 0..1 tick in every track; <= 0 = none */
    const char *threshold_label; /* "80" above each column; may be NULL */
    float marker;                /* 0..1 orange line through the column; <= 0 = none */
    int segments;                /* > 0: fill drawn as this many separate cells */
    enum pal_token fill;         /* nominal fill; 0 (PAL_VOID) = mint */
    bool stale;                  /* NO SIGNAL over the whole widget */
};

void bars_draw(const struct draw_ctx *ctx, struct box box, const struct bars_view *v);

#endif
