/* takeover: the full-screen ALERT / EMERGENCY takeover (STYLE.md motif 1;
 * target design/alert-1080p.png).
 *
 * An alert_red field; top and bottom chevron bands each 16 % of the height
 * (45 degree stripes, 50 % duty, period 19 % of the width, meeting at the
 * centre as a V pointing at the word); a dark rule 1.3 % H between each band
 * and the word band; the word in heavy condensed caps, cap height 50 % H,
 * spanning 90 % of the width; a cause line box (原因 CAUSE) under the word.
 * All the ink flashes black <-> alert_red_dim at 2.25 Hz (hard steps; steady
 * black with reduce_motion). Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_TAKEOVER_H
#define MAGI_WIDGETS_TAKEOVER_H

#include "widgets/draw.h"

struct takeover_view {
    const char *word;     /* NULL = "ALERT" (or "EMERGENCY") */
    const char *cause;    /* the cause line; NULL = no cause box */
    const char *cause_jp; /* NULL = "原因" */
    const char *cause_en; /* NULL = "CAUSE" */
    double t0;            /* when the takeover began: the flash starts black */
};

/* Takeover geometry as fractions of the box height / width (for tests and
 * for layouts placing things around it). */
#define TAKEOVER_BAND 0.16f      /* each chevron band, of H */
#define TAKEOVER_RULE 0.013f     /* each dark rule, of H */
#define TAKEOVER_CAP 0.50f       /* word cap height, of H */
#define TAKEOVER_SPAN 0.90f      /* word width, of W */
#define TAKEOVER_PERIOD 0.19f    /* chevron period, of W */
#define TAKEOVER_FLASH 0.444     /* ink flash period, s (2.25 Hz) */
#define TAKEOVER_STRETCH 2.0f    /* most vertical stretch of a long word */

/* The ink colour now: black, or alert_red_dim in the off half of the flash. */
rgba takeover_ink(const struct draw_ctx *ctx, const struct takeover_view *v);

void takeover_draw(const struct draw_ctx *ctx, struct box box, const struct takeover_view *v);

#endif
