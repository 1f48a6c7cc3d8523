/* magi_vote: the MAGI vote (STYLE.md motif 4), a 2-of-3 vote over three
 * independent health signals.
 *
 * Three chamfered panels in a triangle, BALTHASAR·2 top centre, CASPER·3
 * lower left, MELCHIOR·1 lower right, joined by orange connector bars to a
 * serif MAGI label in the middle; a 提訴 / PROPOSAL header with info lines at
 * the top left and a 決議 / RESOLUTION header with the result and a boxed red
 * stamp at the top right, both on double rules; a footer line.
 *
 * Panel colour by state: mint = 承認 (approve), red = 否定 (deny); while
 * deliberating the panels flash mint <-> red in 0.4 s hard steps, staggered
 * 0.1 / 0.2 / 0.3 s (steady info_blue with reduce_motion); a panel without
 * data is an orange outline reading 信号途絶 / NO SIGNAL. Depends on
 * widgets/ink, widgets/stamp. */
#ifndef MAGI_WIDGETS_MAGI_VOTE_H
#define MAGI_WIDGETS_MAGI_VOTE_H

#include "widgets/draw.h"

enum vote_state {
    VOTE_APPROVE,
    VOTE_DENY,
    VOTE_DELIBERATING,
    VOTE_NO_SIGNAL,
};

/* Panel order in the view. */
enum { MAGI_BALTHASAR, MAGI_CASPER, MAGI_MELCHIOR, MAGI_MEMBERS };

struct magi_vote_member {
    const char *name;   /* NULL = BALTHASAR / CASPER / MELCHIOR */
    int number;         /* 0 = 2 / 3 / 1 */
    const char *signal; /* "SIGNAL: MEMORY  53 %" */
    enum vote_state state;
};

struct magi_vote_view {
    struct magi_vote_member members[MAGI_MEMBERS];
    const char *left_jp;       /* NULL = "提訴" */
    const char *left_en;       /* NULL = "PROPOSAL" */
    const char *left_lines[4]; /* "SUBJECT: HOST HEALTH", "QUORUM: 2 OF 3", ... */
    const char *right_jp;      /* NULL = "決議" */
    const char *right_en;      /* NULL = "RESOLUTION" */
    const char *result;        /* "APPROVED 3 : 0"; may be NULL */
    const char *stamp;         /* boxed red stamp ("定期検診"); may be NULL */
    const char *centre_sub;    /* under MAGI; NULL = "合議" */
    const char *footer;        /* "MAGI SYSTEM  //  VOTE 3 : 0  //  ..."; may be NULL */
    enum level level;          /* ALERT and above: the stamp blinks */
    double deliberation_t0;    /* when deliberation began (flash phase origin) */
};

/* The colour panel `i` shows now (also what tests check). */
rgba magi_vote_panel_color(const struct draw_ctx *ctx, const struct magi_vote_view *v, int i);

void magi_vote_draw(const struct draw_ctx *ctx, struct box box, const struct magi_vote_view *v);

#endif
