/* rulers: rulers with signed ticks and "+" registration marks (STYLE.md
 * motif 17), in grid_dim, 1 px: the structural frame of a screen.
 * A ruler is a line with minor ticks every `minor` px, a longer tick every
 * `mid_every` and a labelled major tick every `major_every` (labels signed:
 * +50, +40, ...). Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_RULERS_H
#define MAGI_WIDGETS_RULERS_H

#include "widgets/draw.h"

enum ruler_side {
    RULER_RIGHT,  /* vertical line at the box's left edge, ticks and labels to the right */
    RULER_LEFT,   /* vertical line at the box's right edge, ticks to the left */
    RULER_BELOW,  /* horizontal line at the box's top edge, ticks below */
    RULER_ABOVE,  /* horizontal line at the box's bottom edge, ticks above */
};

struct ruler_view {
    enum ruler_side side;
    float minor;         /* px between minor ticks; 0 = 1u */
    int mid_every;       /* 0 = 5 */
    int major_every;     /* 0 = 10 */
    bool labels;         /* label the major ticks */
    float label_start;   /* value at the first major tick */
    float label_step;    /* value change per major tick (e.g. -10) */
    enum pal_token color; /* 0 = grid_dim */
};

void rulers_draw(const struct draw_ctx *ctx, struct box box, const struct ruler_view *v);

/* "+" registration marks on a regular grid covering the box, `spacing` px
 * apart (0 = 8u), each `arm` px from its centre (0 = 0.7u). */
void rulers_marks_draw(const struct draw_ctx *ctx, struct box box, float spacing, float arm);

#endif
