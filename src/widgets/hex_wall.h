/* hex_wall: the hex EMERGENCY wall (STYLE.md motif 3).
 *
 * A honeycomb filling the box; each cell red #FF0000, dark #990000 or black,
 * re-rolled on its own 5..10 s period; red and dark cells carry a small code,
 * a big word (EMERGENCY, WARNING) and a small code in black. Cell periods,
 * phases, states and codes come from ctx->seed, the cell index and the time
 * only, so a frame is reproducible. The number of cells allowed to be red can
 * follow a metric (alerts firing). Depends on widgets/hex, widgets/ink. */
#ifndef MAGI_WIDGETS_HEX_WALL_H
#define MAGI_WIDGETS_HEX_WALL_H

#include "widgets/draw.h"

enum hex_wall_cell { HEX_WALL_BLACK, HEX_WALL_DARK, HEX_WALL_RED };

struct hex_wall_view {
    float radius;        /* cell circumradius in u; 0 = 6 */
    float lit;           /* fraction of cells that may be red, 0..1; 0 = all */
    const char *words[2]; /* big words; NULL = "EMERGENCY", "WARNING" */
};

/* The state of cell i at ctx->t (what is drawn; for tests). */
enum hex_wall_cell hex_wall_cell_state(const struct draw_ctx *ctx, const struct hex_wall_view *v,
                                       int i);
/* How many cells the box holds. */
int hex_wall_cells(const struct draw_ctx *ctx, struct box box, const struct hex_wall_view *v);

void hex_wall_draw(const struct draw_ctx *ctx, struct box box, const struct hex_wall_view *v);

#endif
