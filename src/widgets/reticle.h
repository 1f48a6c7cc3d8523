/* reticle: the targeting reticle (STYLE.md motif 12): a thick hud_white ring
 * broken at the four cardinal points, a centre "+", tiny signed 8-digit
 * readouts at N/S/E/W. Drawn over a plot, it "locks" onto the worst series:
 * for 0.3 s after lock_t0 it closes in from twice its size (snapping in
 * steps, STYLE.md rule 6), then turns red and shows LOCK. Depends on
 * widgets/ink. */
#ifndef MAGI_WIDGETS_RETICLE_H
#define MAGI_WIDGETS_RETICLE_H

#include "widgets/draw.h"

struct reticle_view {
    float x, y;         /* target position, device px */
    float radius;       /* ring radius, px; 0 = 4u */
    bool locked;        /* locked on (red) */
    double lock_t0;     /* when the lock began */
    double readout[4];  /* N, E, S, W values, shown as signed 8 digits ("+0012.3456") */
    const char *label;  /* name of the target beside the ring; may be NULL */
};

/* Ring radius at ctx->t (the closing-in animation). */
float reticle_radius(const struct draw_ctx *ctx, const struct reticle_view *v);

/* The box is the area the reticle may draw in (readouts are kept inside). */
void reticle_draw(const struct draw_ctx *ctx, struct box box, const struct reticle_view *v);

#endif
