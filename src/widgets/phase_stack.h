/* phase_stack: the PHASE stack (STYLE.md motif 7): columns of horizontal bars
 * on an orange vertical spine; each row a "PHASE nn" label, then a bar about
 * half the row pitch tall, mint when OK, red when failed. For pipeline stages,
 * scrape targets, GPUs. Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_PHASE_STACK_H
#define MAGI_WIDGETS_PHASE_STACK_H

#include "widgets/draw.h"

struct phase_item {
    const char *label; /* "PHASE 01" (or a target name) */
    float frac;        /* bar length 0..1; 0 = full */
    bool failed;       /* red instead of mint */
    const char *note;  /* small text inside the bar's end ("UP", "4.2 MS"); may be NULL */
    bool stale;        /* no data: outlined, empty */
};

struct phase_stack_view {
    const struct phase_item *items;
    int count;
    int columns; /* 0 = as many as needed for rows of at least 2.4u */
    bool stale;  /* NO SIGNAL over the whole widget */
};

void phase_stack_draw(const struct draw_ctx *ctx, struct box box,
                      const struct phase_stack_view *v);

#endif
