/* loop: the event-driven frame loop of the live display
 * (ARCHITECTURE.md "Threads and the frame loop").
 *
 * Sleeps in glfwWaitEventsTimeout until the scheduler's next deadline (a
 * widget's wake_at, the ambient CRT animation, the fps cap), input, a resize,
 * or a wake-up from a data thread (window_wake). Then it draws only what is
 * dirty: scene + bloom + composite, composite only, or nothing. Nothing spins
 * and vsync paces nothing. Also used by --bench to measure an idle screen.
 * Depends on app/session, core/sched, core/clock, platform. */
#ifndef MAGI_APP_LOOP_H
#define MAGI_APP_LOOP_H

#include <stdbool.h>

#include "app/cli.h"
#include "app/session.h"

struct loop_desc {
    double fps_cap;       /* 0 = 60 */
    bool no_ambient;      /* force the ambient animation off */
    double ambient_idle;  /* seconds before the ambient animation fades; 0 = 30 */
    bool keep_screen_on;  /* hold the screensaver/DPMS inhibitor while fullscreen */
};

struct loop_stats {
    unsigned long frames, scenes, composites;
};

struct loop;

struct loop *loop_create(struct session *s, const struct loop_desc *d);
void loop_destroy(struct loop *l);
/* Runs until the window closes (q) or `seconds` pass (INFINITY: forever);
 * adds what it drew to *stats (may be NULL). The scheduler carries over
 * between runs: only the first run draws the first frame. */
void loop_run(struct loop *l, double seconds, struct loop_stats *stats);

#endif
