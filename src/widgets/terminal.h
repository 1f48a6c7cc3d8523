/* terminal: the MAGI internals terminal (STYLE.md motif 16), for log tails.
 *
 * Everything term_green: a title bar, a narrow register column of addresses
 * beside each line, the listing in monospace (newest line at the bottom, long
 * lines cut), a block cursor blinking after the last line, and a huge
 * vertical "M A G I" down the right edge. Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_TERMINAL_H
#define MAGI_WIDGETS_TERMINAL_H

#include "widgets/draw.h"

struct terminal_view {
    const char *title;        /* "MAGI-01 :: SYSLOG"; may be NULL */
    const char *const *lines; /* oldest first; the last ones that fit are shown */
    int count;
    unsigned first_number;    /* line number of lines[0] (the register column) */
    bool no_magi;             /* leave out the vertical M A G I */
    bool stale;               /* NO SIGNAL over the listing */
};

/* How many lines of listing fit in the box (for the layout to keep). */
int terminal_rows(const struct draw_ctx *ctx, struct box box);

void terminal_draw(const struct draw_ctx *ctx, struct box box, const struct terminal_view *v);

#endif
