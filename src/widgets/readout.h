/* readout: a big 7-segment value over its ghost 88s, with an optional
 * bilingual caption above and a unit beside it ("回線同期率 / LINK SYNC RATIO
 * 41.3 %" in design/system-1080p.png). The digits are as large as the box
 * allows (STYLE.md: readouts 6..12 % H). Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_READOUT_H
#define MAGI_WIDGETS_READOUT_H

#include "widgets/draw.h"

struct readout_view {
    const char *jp;        /* caption term ("回線同期率"); may be NULL */
    const char *en;        /* caption gloss ("LINK SYNC RATIO"); may be NULL */
    const char *value;     /* digits, '.', ':', '-' and spaces ("41.3") */
    const char *unit;      /* drawn in the sans after the digits ("%"); may be NULL */
    enum pal_token color;  /* digit colour; 0 (PAL_VOID) = orange_hot */
    enum level level;      /* CAUTION and above recolour the digits */
    bool stale;            /* NO SIGNAL: ghost only */
    bool no_ghost;         /* hide the unlit 88s */
    bool align_left;       /* digits from the left edge (default: right) */
};

void readout_draw(const struct draw_ctx *ctx, struct box box, const struct readout_view *v);

#endif
