/* pattern_blue: PATTERN BLUE, an anomaly detected (STYLE.md motif 19), in
 * info_blue: rings expanding from the centre, the classification line typed
 * out at 40 ms per character, a confidence bar, then, once typed, a stamp.
 * Everything is a function of the time since detection (t0). With
 * reduce_motion the rings stand still and the text shows whole.
 * Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_PATTERN_BLUE_H
#define MAGI_WIDGETS_PATTERN_BLUE_H

#include <stddef.h>

#include "widgets/draw.h"

#define PATTERN_BLUE_CHAR_S 0.04 /* STYLE.md typewriter: 30..50 ms per character */

struct pattern_blue_view {
    double t0;                  /* when the anomaly was detected (ctx->t clock) */
    const char *classification; /* "ANOMALY: LATENCY P99 /API  +412 %" */
    float confidence;           /* 0..1 */
    const char *stamp;          /* NULL = "PATTERN BLUE" */
    const char *jp;             /* NULL = "パターン青" */
};

/* How many bytes of the classification are typed at time t (whole UTF-8
 * characters). */
size_t pattern_blue_typed(const struct pattern_blue_view *v, double t, bool reduce_motion);

void pattern_blue_draw(const struct draw_ctx *ctx, struct box box,
                       const struct pattern_blue_view *v);

#endif
