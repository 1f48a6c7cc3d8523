/* lifelines: vertical channels (STYLE.md motif 10), for per-service
 * latency: each channel a soft gradient bar with a trace_green oscilloscope
 * trace running down it (newest sample at the bottom), a red ruler at the
 * left and a horizontal red cursor line across all channels, and each
 * channel's label set vertically under it (one character per line, since
 * the text engine does not rotate type). Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_LIFELINES_H
#define MAGI_WIDGETS_LIFELINES_H

#include "widgets/draw.h"

struct lifeline {
    const char *label;   /* "API" */
    const float *values; /* oldest first; NaN = gap */
    int count;
    float min, max;      /* both 0 = from the data */
    const char *value;   /* latest value under the label ("12 MS"); may be NULL */
    enum level level;    /* CAUTION and up recolour the trace */
    bool stale;          /* empty channel */
};

struct lifelines_view {
    const struct lifeline *channels;
    int count;
    float cursor;   /* 0..1 down the channels; 0 = 0.8 */
    bool stale;     /* NO SIGNAL over the whole widget */
};

void lifelines_draw(const struct draw_ctx *ctx, struct box box, const struct lifelines_view *v);

#endif
