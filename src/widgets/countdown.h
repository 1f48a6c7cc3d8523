/* countdown: the 活動限界 internal-battery countdown (STYLE.md motif 5).
 *
 * A framed panel: upper left a boxed 活動限界まで with ACTIVE TIME REMAINING:
 * and two detail lines, a centre system box (記憶容量供給システム / STORAGE
 * CAPACITY SUPPLY SYSTEM), upper right the 内部 / INTERNAL box with its
 * hazard wedge; huge slanted orange_hot 7-segment digits over ghost 88:88:88
 * with unit words under them; a bottom row of STOP / SLOW / NORMAL / RACING
 * buttons (the active one filled) and two footer readouts.
 *
 * Under an hour the digits read M:SS:cc and the hundredths tick every frame
 * (the show's look); from an hour up, HH:MM:SS. Clock mode shows the time of
 * day instead. At CAUTION the digits blink with a 0.8 s period, at ALERT and
 * above 0.25 s (not with reduce_motion). Depends on widgets/ink. */
#ifndef MAGI_WIDGETS_COUNTDOWN_H
#define MAGI_WIDGETS_COUNTDOWN_H

#include <stddef.h>

#include "widgets/draw.h"

enum countdown_mode {
    COUNTDOWN_MODE_NONE, /* no button lit */
    COUNTDOWN_MODE_STOP,
    COUNTDOWN_MODE_SLOW,
    COUNTDOWN_MODE_NORMAL,
    COUNTDOWN_MODE_RACING,
};

struct countdown_pair {
    const char *label; /* "WRITE RATE" */
    const char *value; /* "8.3 MB/S" */
};

struct countdown_view {
    double remaining;   /* seconds left at ctx->t (negative shows 0) */
    bool running;       /* it falls in real time: schedule the next digit change */
    bool clock;         /* clock mode: time of day from ctx->wall + utc_offset */
    int utc_offset;     /* seconds east of UTC, for clock mode */
    const char *jp;     /* boxed term; NULL = "活動限界まで" */
    const char *en;     /* NULL = "ACTIVE TIME REMAINING:" */
    const char *lines[2]; /* detail lines under the gloss ("TARGET: /DATA  UNTIL FULL") */
    const char *sub;      /* small term under the box ("あと"); may be NULL */
    const char *system_jp; /* centre box; NULL = no centre box */
    const char *system_en;
    const char *box_jp; /* NULL = "内部" */
    const char *box_en; /* NULL = "INTERNAL" */
    enum countdown_mode mode;
    struct countdown_pair left, right; /* footer readouts; NULL label = none */
    enum level level;   /* CAUTION: 0.8 s blink; ALERT and up: 0.25 s */
    double blink_t0;    /* when the blinking state began (phase origin) */
    bool stale;         /* NO SIGNAL: ghost digits only */
};

/* Formats what the digits show (DSEG-ready, a blank digit as ' ') and the
 * three unit words; returns whether the hundredths form (M:SS:cc) is used. */
bool countdown_format(const struct countdown_view *v, double wall, char *digits, size_t n,
                      const char *units[3]);

void countdown_draw(const struct draw_ctx *ctx, struct box box, const struct countdown_view *v);

#endif
