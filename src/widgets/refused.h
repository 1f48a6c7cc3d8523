/* refused: the REFUSED stamp (STYLE.md motif 14), for a failed deploy or a
 * rejected command: a black field between two full-width orange rules, a
 * condensed title, a small from/to line, then a huge deny_red word in a
 * rounded outline. Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_REFUSED_H
#define MAGI_WIDGETS_REFUSED_H

#include "widgets/draw.h"

struct refused_view {
    const char *title; /* "DEPLOY REQUEST 4471"; may be NULL */
    const char *from;  /* "FROM: CI/MAIN  TO: PROD-EU"; may be NULL */
    const char *word;  /* NULL = "REFUSED" */
    const char *jp;    /* small term beside the word; NULL = "否定" */
};

void refused_draw(const struct draw_ctx *ctx, struct box box, const struct refused_view *v);

#endif
