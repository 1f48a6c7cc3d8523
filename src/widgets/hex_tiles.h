/* hex_tiles: one flat-top hexagon per core / GPU / node (STYLE.md motif 2),
 * as large as the box allows, ~6 px black gutter at 1080p, 2 px outline;
 * filled = active (brighter with load, mint / orange_hot / red by level, the
 * label in black), outlined = idle (the label in orange). Labels and values
 * show when the cells are big enough. Depends on widgets/hex, widgets/ink. */
#ifndef MAGI_WIDGETS_HEX_TILES_H
#define MAGI_WIDGETS_HEX_TILES_H

#include "widgets/draw.h"

struct hex_tile {
    const char *label; /* "GPU0", "node-3"; may be NULL */
    const char *value; /* "93 %"; may be NULL */
    float frac;        /* load 0..1: the fill's brightness */
    bool active;       /* filled */
    enum level level;
    bool stale;        /* dim dashed-looking outline, no fill */
};

struct hex_tiles_view {
    const struct hex_tile *tiles;
    int count;
    bool stale; /* NO SIGNAL over the whole widget */
};

void hex_tiles_draw(const struct draw_ctx *ctx, struct box box, const struct hex_tiles_view *v);

#endif
