/* stamp: boxed status stamps and the LIVE plate.
 *
 * A word (usually kanji in the heavy serif: 監視中, 定期検診, 承認, 否定) in a
 * rectangular outline, single or double; at ALERT and above it blinks with
 * the slow status period (STYLE.md: 1.0..1.4 s step). The LIVE plate is the
 * same idea in hud_white: a rounded outline with a dot and LIVE. Depends on
 * widgets/ink. */
#ifndef MAGI_WIDGETS_STAMP_H
#define MAGI_WIDGETS_STAMP_H

#include "widgets/draw.h"

enum stamp_kind {
    STAMP_SINGLE,  /* one 2 px outline (定期検診) */
    STAMP_DOUBLE,  /* outer 2 px and inner 1 px outline (監視中) */
    STAMP_FILLED,  /* filled box, black text */
    STAMP_LIVE,    /* rounded outline, a dot and the text in the sans (● LIVE) */
};

struct stamp_view {
    const char *text;     /* "監視中"; NULL = "LIVE" for STAMP_LIVE */
    enum stamp_kind kind;
    enum pal_token color; /* 0 (PAL_VOID) = bar_red (hud_white for LIVE) */
    bool sans;            /* the text in the condensed sans instead of the serif */
    enum level level;     /* ALERT and above: blink (not with reduce_motion) */
    double blink_t0;      /* phase origin of the blink */
};

void stamp_draw(const struct draw_ctx *ctx, struct box box, const struct stamp_view *v);

#endif
