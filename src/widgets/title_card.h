/* title_card: the title card (STYLE.md motif 18): heavy Mincho on black set
 * in an L, a vertical column of large kanji down the left and a horizontal
 * line running right from its foot, with a small English line under it. For
 * page changes and new epochs ("第拾弐話" / "使徒、襲来" / "EPISODE 12").
 * Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_TITLE_CARD_H
#define MAGI_WIDGETS_TITLE_CARD_H

#include "widgets/draw.h"

struct title_card_view {
    const char *vertical;   /* stacked one character per cell */
    const char *horizontal; /* set along the bottom */
    const char *en;         /* small, under the horizontal line; may be NULL */
    bool black_field;       /* fill the box black first (a full-screen card) */
};

void title_card_draw(const struct draw_ctx *ctx, struct box box, const struct title_card_view *v);

#endif
