/* units: resolution-independent placement of panels and widgets.
 *
 * One layout fills any screen (docs/LAYOUT.md "Units and placement"):
 *  - sizes are in u. STYLE.md rule 8 sets u = H/108 (10 px at 1080p); on
 *    screens narrower than 4:3 u is capped at W/144 so a 5:4 monitor still
 *    fits the design's width.
 *  - a page is a grid of cells (default 12 x 12) inside a margin; panels
 *    take cells (`cell = [col, row, cols, rows]`) or fractions of the page
 *    (`rect = [x, y, w, h]`).
 *  - on a portrait screen (H > W) the landscape grid is folded: columns left
 *    of the fold (default half the columns) stay on top, the others move
 *    below them, so each half keeps the aspect it was designed with (8:9 of
 *    a 16:9 page becomes 9:8 of a 9:16 screen). u is then measured on the
 *    halves. A panel may give its own `portrait` cell in the folded grid.
 * Depends on nothing but libm. */
#ifndef MAGI_LAYOUT_UNITS_H
#define MAGI_LAYOUT_UNITS_H

#include <stdbool.h>

#include "widgets/draw.h"

struct units {
    float w, h;     /* screen, device pixels */
    float u;        /* the layout unit, pixels */
    bool portrait;  /* grids are folded */
};

/* u for a screen of w x h pixels (see above). */
void units_init(struct units *un, float w, float h);

enum place_kind {
    PLACE_FLOW, /* stacked with its siblings (widgets in a panel) */
    PLACE_CELL, /* grid cells: col, row, cols, rows */
    PLACE_RECT, /* fractions of the parent: x, y, w, h */
};

struct place {
    enum place_kind kind;
    float v[4];
    bool has_portrait;      /* an explicit placement for folded grids */
    enum place_kind pkind;  /* PLACE_CELL or PLACE_RECT */
    float pv[4];
    float height;           /* PLACE_FLOW: height in u; 0 = share the rest */
    float min_height;       /* PLACE_FLOW: u; given less, the widget is left out */
};

struct grid {
    int cols, rows;
    float gap;   /* u between cells */
    int fold;    /* portrait: first column of the lower half; 0 = cols/2 */
};

/* The grid as it is used on this screen: folded into max(fold, cols-fold)
 * columns and 2*rows rows on portrait screens. */
void grid_effective(const struct grid *g, bool portrait, int *cols, int *rows);

/* Box of a placement inside `area` split by `g`. PLACE_FLOW is not handled
 * here (see units_flow). Folding applies when `fold` is true. */
struct box units_place(const struct units *un, const struct grid *g, bool fold,
                       const struct place *p, struct box area);

/* Lays out n flow children top to bottom in `area`: fixed heights (u) first,
 * the rest share what is left equally; `gap` u between them. */
void units_flow(const struct units *un, const float *heights_u, int n, float gap_u,
                struct box area, struct box *out);

/* area shrunk by m pixels on every side (never negative). */
struct box units_inset(struct box area, float m);

#endif
