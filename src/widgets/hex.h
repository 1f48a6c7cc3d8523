/* hex: the honeycomb lattice shared by hex_tiles and hex_wall.
 *
 * Flat-top hexagons (STYLE.md motif 2: height = sqrt(3) * R) in columns
 * 1.5 L apart, odd columns shifted down by half a row; cells are drawn with
 * R = L - gutter / sqrt(3), so neighbours are `gutter` px apart edge to edge.
 * Pure arithmetic. Depends on widgets/draw.h (struct box). */
#ifndef MAGI_WIDGETS_HEX_H
#define MAGI_WIDGETS_HEX_H

#include "widgets/draw.h"

struct hex_grid {
    float x0, y0; /* centre of cell (0, 0) */
    float L;      /* lattice circumradius */
    int cols, rows;
};

/* The largest lattice holding at least n cells in the box (columns x rows). */
struct hex_grid hex_grid_fit(struct box box, int n);
/* The lattice of circumradius L covering the box (cells may overhang its
 * edges; the caller clips). */
struct hex_grid hex_grid_cover(struct box box, float L);
/* Centre of cell i, numbered row by row (i = row * cols + col). */
void hex_grid_center(const struct hex_grid *g, int i, float *cx, float *cy);

#endif
