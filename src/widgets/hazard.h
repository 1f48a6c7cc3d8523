/* hazard: hazard-stripe frames for CAUTION panels (STYLE.md motif 6):
 * -45 degree stripes about 15 + 15 px at 1080p scrolling at 33..43 px/s
 * (faster at higher levels; still with reduce_motion, and at rest once the
 * picture has settled: draw_ctx motion_until), as a frame around a
 * panel, bars above and below it, end caps at its sides, or a corner wedge,
 * with an optional glowing inner edge. Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_HAZARD_H
#define MAGI_WIDGETS_HAZARD_H

#include "widgets/draw.h"

enum hazard_kind {
    HAZARD_FRAME, /* all four sides */
    HAZARD_BARS,  /* top and bottom */
    HAZARD_CAPS,  /* left and right */
    HAZARD_WEDGE, /* a striped triangle in the top-right corner */
};

struct hazard_view {
    enum hazard_kind kind;
    enum level level;     /* colour and speed: orange_hot at CAUTION, red above */
    float thickness;      /* band thickness in u; 0 = 1.5 */
    bool edge;            /* a solid line along the band's inner edge */
    bool sides_out;       /* side bands just outside the box, in the gutter
                             (a panel: its values and labels reach its edges);
                             the top and bottom bands then run across them */
};

void hazard_draw(const struct draw_ctx *ctx, struct box box, const struct hazard_view *v);

#endif
