/* segment_bars: stacked segment bars (STYLE.md motif 9; the STORAGE chart in
 * design/system-1080p.png).
 *
 * A signed vertical axis with labelled ticks (+100 ... -20) and an orange
 * zero line; each bar a stack of separate aqua segments (one per half axis
 * step by default, small gaps) rising from zero, or falling below it for a
 * second, negative quantity; the value above the bar; a boxed caption under
 * it (filled when the bar is at ALERT). A bar above its threshold gets a red
 * cap segment. Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_SEGMENT_BARS_H
#define MAGI_WIDGETS_SEGMENT_BARS_H

#include "widgets/draw.h"

struct segment_bar {
    const char *caption; /* "/DATA" */
    const char *label;   /* over the bar ("84"); may be NULL */
    float value;         /* axis units, >= 0, drawn upwards */
    float below;         /* axis units, >= 0, drawn downwards (e.g. a write rate) */
    enum level level;    /* ALERT: red cap and filled caption; CAUTION: orange_hot cap */
    bool stale;          /* no data: empty, caption dimmed */
};

struct segment_bars_view {
    const struct segment_bar *bars;
    int count;
    float min, max; /* axis range; both 0 = -20 .. 100 */
    float step;     /* labelled tick step; 0 = 20 */
    float segment;  /* units per segment; 0 = step / 2 */
    float bar_max;  /* px: the widest a bar gets (few bars stay slim, centred in
                       their share of the width); 0 = 83 % of its share */
    bool stale;     /* NO SIGNAL over the whole widget */
};

void segment_bars_draw(const struct draw_ctx *ctx, struct box box,
                       const struct segment_bars_view *v);

#endif
