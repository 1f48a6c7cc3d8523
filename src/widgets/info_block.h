/* info_block: the identity block (STYLE.md rule 5): a big tracked
 * "CODE:NERV-WS01" line and small tracked key:value lines under it
 * (FILE:, EXTENTION: -- the show's spelling --, EX_MODE:, PRIORITY:).
 * Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_INFO_BLOCK_H
#define MAGI_WIDGETS_INFO_BLOCK_H

#include "widgets/draw.h"

#define INFO_BLOCK_LINES 6

struct info_block_view {
    const char *code;                    /* "NERV-WS01" after "CODE:"; NULL = no big line */
    const char *keys[INFO_BLOCK_LINES];  /* "FILE", "EXTENTION", ... */
    const char *values[INFO_BLOCK_LINES];
    enum level level;                    /* recolours the code line */
    bool stale;                          /* values shown as "----" */
};

void info_block_draw(const struct draw_ctx *ctx, struct box box, const struct info_block_view *v);

#endif
