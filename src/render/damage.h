/* damage: which parts of the screen a new batch changes.
 *
 * A status display changes a little at a time: a clock digit each second, a
 * few readouts on each data poll. Drawing the whole 1080p scene again for
 * that costs software GL (llvmpipe) 60 ms of CPU; drawing only the changed
 * rectangles costs a few. This module finds those rectangles without any
 * help from the widgets: the screen is cut into square tiles, every triangle
 * of the batch is hashed into the tiles its bounding box touches (in draw
 * order, with its clip rectangle, so a change of order or clip shows too),
 * and the tiles whose hash differs from the last frame's are dirty. Dirty
 * tiles are merged into a few rectangles.
 *
 * Conservative by construction: a tile whose triangles are all identical
 * draws identical pixels, given the same glyph atlas (the caller reports
 * atlas changes by generation, which resets the comparison).
 * Depends on render/batch only. */
#ifndef MAGI_RENDER_DAMAGE_H
#define MAGI_RENDER_DAMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "render/batch.h"

/* A rectangle in batch coordinates: device pixels, y down. */
struct damage_rect {
    int x, y, w, h;
};

struct damage_desc {
    int w, h;      /* screen size in pixels */
    int tile;      /* tile edge in pixels; 0 = 32 */
    int max_rects; /* most rectangles reported before merging into one; 0 = 8 */
};

struct damage;

struct damage *damage_create(const struct damage_desc *d);
void damage_destroy(struct damage *d);

/* The next update reports the whole screen (a resize, a new atlas, a new
 * layout: anything the batch itself does not show). */
void damage_reset(struct damage *d);

/* Hashes `b`, compares with the previous update and writes the dirty
 * rectangles (at most max_rects; they may overlap; clipped to the screen) to
 * `out`, which holds max_rects.
 * Returns their number: 0 = nothing changed; -1 = treat the whole screen as
 * changed (after a reset, or when the rectangles would cover most of it). */
int damage_update(struct damage *d, const struct batch *b, uint32_t atlas_generation,
                  struct damage_rect *out);

/* The fraction of the screen above which damage_update answers -1: drawing
 * nearly everything through rectangles costs more than one full frame. */
#define DAMAGE_FULL_FRACTION 0.5

#endif
