/* escalate: the screen level and the EMERGENCY takeover (STYLE.md
 * "Escalation states").
 *
 * Widget levels roll up to the screen: the highest wins. Entering EMERGENCY
 * shows the full-screen takeover for at least `takeover_min` seconds, then a
 * persistent red frame until the condition clears or someone acknowledges
 * (space). An acknowledged emergency is shown at ALERT: still red, no longer
 * shouting. A widget newly entering EMERGENCY re-arms the takeover even
 * after an acknowledgement. Time is the app's animation clock. Pure state,
 * no I/O; depends on widgets/draw.h for enum level. */
#ifndef MAGI_LAYOUT_ESCALATE_H
#define MAGI_LAYOUT_ESCALATE_H

#include <stdbool.h>

#include "widgets/draw.h"

struct escalation {
    double takeover_min;
    enum level level;      /* rolled-up level of the widgets */
    double takeover_from;  /* takeover shown in [from, until) */
    double takeover_until;
    bool acknowledged;
};

void escalate_init(struct escalation *e, double takeover_min);
/* The rolled-up level at time t; new_cause: a widget entered EMERGENCY since
 * the last call. */
void escalate_update(struct escalation *e, enum level level, bool new_cause, double t);
/* Space: acknowledges a running emergency. True if there was one. */
bool escalate_ack(struct escalation *e, double t);
/* Starts a takeover now regardless of data (tests, the d key's demo). */
void escalate_force(struct escalation *e, double t);

bool escalate_takeover(const struct escalation *e, double t);
bool escalate_red_frame(const struct escalation *e, double t);
/* The level the screen is drawn at (draw_ctx.screen_level). */
enum level escalate_screen_level(const struct escalation *e);
/* 1, 1.5, 2, 3 (STYLE.md). */
float escalate_anim_rate(enum level l);
/* The next time the picture changes by itself (the end of a takeover), or
 * a huge number. */
double escalate_next_change(const struct escalation *e, double t);

/* The highest of n levels. */
enum level level_max(const enum level *v, int n);

#endif
