/* wt: what the widget type files (wt_*.c) share. Each file defines types
 * (struct wtype wt_<name>): their keys, an optional evaluation hook and the
 * draw function that fills a motif's view struct from the evaluated widget.
 * Depends on layout/widget.h, widgets/. */
#ifndef MAGI_LAYOUT_WT_H
#define MAGI_LAYOUT_WT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout/widget.h"
#include "layout/wtype.h"

#define KEYS(a) a, (int)(sizeof a / sizeof a[0])

/* The English label of a widget, or NULL. */
static inline const char *wt_en(const struct widget *w)
{
    return w->cfg->label.en;
}

/* Item i as a fraction of its range; values formatted as percent count
 * against 100 (ratio against 1) when no max is bound. */
double wt_fraction(const struct widget *w, const struct witem *it);
/* Where threshold `which` (0 caution, 1 alert, 2 emergency) sits in item i's
 * range as a fraction, or -1 when not set or no range. */
float wt_threshold_frac(const struct widget *w, const struct witem *it, int which);
/* The first item, or NULL. */
static inline struct witem *wt_first(struct widget *w)
{
    return w->nitems ? &w->items[0] : NULL;
}
/* Items shown: min(nitems, limit). */
static inline int wt_shown(const struct widget *w)
{
    return w->nitems < w->cfg->limit ? w->nitems : w->cfg->limit;
}
/* Level as at or above a minimum picked by a "caution|alert|emergency" key. */
static inline bool wt_at_least(const struct widget *w, int when_index)
{
    return (int)w->level >= when_index + 1;
}

extern const struct wtype wt_title, wt_text, wt_clock, wt_stamp, wt_plate, wt_info_block,
    wt_readout;
extern const struct wtype wt_bars, wt_segment_bars, wt_pill_meter, wt_phase_stack, wt_hex_tiles,
    wt_ring_gauge;
extern const struct wtype wt_sync_graph, wt_line_graph, wt_lifelines;
extern const struct wtype wt_countdown, wt_magi_vote;
extern const struct wtype wt_refused, wt_pattern_blue, wt_title_card, wt_hex_wall, wt_reticle,
    wt_rulers, wt_terminal;

#endif
