/* ring_gauge: the ring gauge (STYLE.md motif 15; THERMAL in
 * design/system-1080p.png). A square wire_cyan bezel with registration "+"
 * marks in its corners and cross-hair ticks at N/S/E/W; a broad annulus
 * (inner radius 55 % of outer) filled clockwise from the bottom up to the
 * value, the rest dim, a deny_red zone from the limit to the end; fine ticks
 * every 3 degrees, bold ones every 30; a red needle at the value; an
 * underlined caption, a 7-segment value and a detail line in the hole.
 * Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_RING_GAUGE_H
#define MAGI_WIDGETS_RING_GAUGE_H

#include "widgets/draw.h"

struct ring_gauge_view {
    float frac;          /* 0..1 of the full turn */
    float limit;         /* 0..1 start of the red zone; <= 0 = none */
    const char *caption; /* "CPU PACKAGE" */
    const char *value;   /* "62.5" (7-segment) */
    const char *detail;  /* "°C NORMAL" */
    enum level level;    /* recolours the fill */
    bool stale;          /* NO SIGNAL: no fill, no needle */
};

void ring_gauge_draw(const struct draw_ctx *ctx, struct box box, const struct ring_gauge_view *v);

#endif
