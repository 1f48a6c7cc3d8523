/* plate: plates, title tabs and bilingual panel titles (STYLE.md motif 13,
 * rule 7).
 *
 * - plate_draw: a rounded (0.6u) 2 px outline holding two or three lines, a
 *   small label over a big value (and an optional small detail), with rules
 *   between them. For LOAD AVG, sample counts, any small captioned value.
 * - plate_header_draw: the title row of a panel: an orange tab with black text
 *   ("CPU"), a big serif Japanese title, the English title and detail lines
 *   beside it, an optional value on the right ("TOTAL 43.9 %"), and a double
 *   rule along the bottom. Everything scales with the box height, so the same
 *   call draws the big 自己診断 / SELF-DIAGNOSIS title and the small ones.
 * - plate_tab_draw: a filled tab with black text (also used for highlighted
 *   row labels and state tabs such as NOMINAL).
 * Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_PLATE_H
#define MAGI_WIDGETS_PLATE_H

#include "widgets/draw.h"

struct plate_view {
    const char *label;  /* small, top ("LOAD AVG  1/5/15") */
    const char *value;  /* big, middle ("6.08 5.71 4.93") */
    const char *detail; /* small, bottom; NULL = two lines only */
    bool mono_value;    /* value in the monospace face (tables of numbers) */
    enum level level;   /* outline and text turn orange_hot / red */
    bool stale;         /* NO SIGNAL: value shown as dashes, frame dimmed */
};

void plate_draw(const struct draw_ctx *ctx, struct box box, const struct plate_view *v);

struct plate_header_view {
    const char *tab;         /* "CPU"; NULL = no tab */
    const char *jp;          /* "演算負荷" */
    const char *en;          /* "PROCESSOR LOAD PER CORE" */
    const char *detail;      /* "16 CORES · 4.7 GHZ"; may be NULL */
    const char *detail2;     /* a second detail line; may be NULL */
    const char *value_label; /* right-aligned small label ("TOTAL"); may be NULL */
    const char *value;       /* right-aligned value ("43.9 %"); may be NULL */
    enum level level;        /* tab, value and rule turn orange_hot / red */
    bool stale;              /* value shown as "NO SIGNAL" */
};

/* Designed at 5u tall (panel titles); the big page title is about 10u. */
void plate_header_draw(const struct draw_ctx *ctx, struct box box,
                       const struct plate_header_view *v);

/* A filled tab `h` px tall at (x, y) with `text` in black, centred; `fill`
 * is the tab colour. Returns the tab's width. With align TEXT_RIGHT, x is
 * the tab's right edge. */
float plate_tab_draw(const struct draw_ctx *ctx, float x, float y, float h, enum text_align align,
                     rgba fill, const char *text);

#endif
