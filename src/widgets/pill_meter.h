/* pill_meter: the pill meter ("MENTAL TOXICITY LEVEL", STYLE.md motif 8;
 * MEMORY PRESSURE LEVEL in design/system-1080p.png).
 *
 * A heading with a full-width rule and up to two info lines at the right;
 * rows with a big 2-digit index over a small tag, ~30 rounded vertical pills
 * filling left to right in a teal -> blue -> violet gradient (unlit pills a
 * dim outline), a caption and a "| CAUTION | | DANGER" scale above them, and
 * the value at the right. Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_PILL_METER_H
#define MAGI_WIDGETS_PILL_METER_H

#include "widgets/draw.h"

struct pill_row {
    const char *index;   /* "00" */
    const char *tag;     /* "USED.MEM" */
    const char *caption; /* "33.9 / 64.0 GIB" */
    float frac;          /* 0..1 lit fraction */
    const char *value;   /* "53" */
    const char *unit;    /* "%"; may be NULL */
    enum level level;    /* CAUTION / ALERT recolour the value and lit pills */
    bool stale;          /* no data: unlit pills, value "--" */
};

struct pill_meter_view {
    const char *title;    /* "MEMORY PRESSURE LEVEL"; NULL = no heading */
    const char *info[2];  /* right of the heading ("TOTAL: 64.0 GIB") */
    const char *subject;  /* small word over each index; NULL = "SUBJECT" */
    const struct pill_row *rows;
    int count;
    int pills;            /* 0 = 30 */
    float caution;        /* marker positions 0..1; 0 = 0.7 */
    float danger;         /* 0 = 0.9 */
    bool stale;           /* NO SIGNAL over the whole widget */
};

/* The colour of lit pill i of n (teal -> blue -> violet). */
rgba pill_meter_color(int i, int n);

void pill_meter_draw(const struct draw_ctx *ctx, struct box box, const struct pill_meter_view *v);

#endif
