/* gallery: every motif drawn with sample views, without a layout.
 *
 * Page 0 rebuilds the composition of design/system-1080p.png from the
 * motifs (so the two can be compared side by side), page 1 is a sheet of the
 * other motifs and their states (NO SIGNAL, deny, deliberating, CAUTION
 * stripes), page 2 the ALERT takeover of design/alert-1080p.png, page 3 the
 * EMERGENCY hex wall, page 4 a title card and a REFUSED stamp, page 5 the
 * EMERGENCY takeover. Sample values are
 * functions of ctx->t and ctx->seed, so recordings move and stay
 * reproducible. Also the widget benchmarks that --bench prints.
 * Depends on every motif module. */
#ifndef MAGI_WIDGETS_GALLERY_H
#define MAGI_WIDGETS_GALLERY_H

#include <stdio.h>

#include "widgets/draw.h"

int gallery_pages(void);
const char *gallery_page_name(int page);
/* The escalation level a page shows (for the post chain and animation rate). */
enum level gallery_page_level(int page);
void gallery_draw(const struct draw_ctx *ctx, struct box box, int page);

/* Times the widget layer's CPU work and prints JSON lines to `out`:
 *   {"bench":"widgets_system_page","cpu_us":...}  gallery page 0 (a full screen of motifs)
 *   {"bench":"widgets_hex_10k","cpu_us":...}      hex tiles, 10,000 cells
 *   {"bench":"widgets_graph_10k","cpu_us":...}    a graph of 10,000 points
 * Medians of `rounds` builds (0 = 200) at 1920x1080 into a fresh batch, with
 * the given text engine (NULL = one made here from the shipped fonts). */
void widgets_bench(FILE *out, struct text *text, int rounds);

#endif
