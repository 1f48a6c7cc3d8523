/* testcard: the built-in NERV-style test card (--test-card).
 *
 * A technical frame that exercises every primitive of the batch and every
 * face of the text module: rulers with signed ticks and registration marks,
 * one swatch per palette token, hexes, arcs and a ring gauge, hazard stripes,
 * plates, a chamfered MAGI panel, traces, a 7-segment readout over its ghost
 * 88s, bilingual labels and line-width/resolution targets. It is what golden
 * tests, benchmarks and projector set-up look at. Depends on app/content,
 * widgets/draw, render. */
#ifndef MAGI_APP_TESTCARD_H
#define MAGI_APP_TESTCARD_H

#include <stdbool.h>

#include "app/content.h"

struct testcard_desc {
    bool still; /* draw as at t = 0 and never ask for another frame (idle tests) */
};

bool testcard_open(struct content *out, const struct testcard_desc *d);

#endif
