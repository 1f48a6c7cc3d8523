/* loop: the event-driven frame loop of the live display
 * (ARCHITECTURE.md "Threads and the frame loop").
 *
 * Sleeps in glfwWaitEventsTimeout until the earliest deadline: the
 * scheduler's (a widget's wake_at, the ambient CRT animation, the fps cap),
 * the screensaver poke, the cursor hiding, the next burn-in pixel step; or
 * until input, a resize, a monitor hot-plug, a signal, or a wake-up from a
 * data thread (window_wake). Then it draws only what is dirty: scene + bloom
 * + composite, composite only, or nothing. Nothing spins and vsync paces
 * nothing. Also used by --bench to measure an idle screen.
 *
 * On stage: q quits, F11 toggles fullscreen, s writes a screenshot of the
 * frame on screen; other keys go to the content (r reload, space
 * acknowledge, d demo incident, n / p pages). Signals (platform/signals,
 * started by the caller): SIGHUP reloads as r does, SIGUSR1 is s, SIGTERM
 * and SIGINT end the loop so the caller exits cleanly.
 * Depends on app/session, app/capture, core/sched, core/clock, platform. */
#ifndef MAGI_APP_LOOP_H
#define MAGI_APP_LOOP_H

#include <stdbool.h>

#include "app/cli.h"
#include "app/session.h"

struct loop_desc {
    double fps_cap;       /* 0 = 60 */
    bool no_ambient;      /* force the ambient animation off */
    double ambient_idle;  /* seconds before the ambient animation fades; 0 = 30; < 0 = never */
    bool keep_screen_on;  /* hold the screensaver/DPMS inhibitor while fullscreen */
    int pixel_shift;      /* burn-in care: range in pixels (platform/burnin); 0 = off */
    double cursor_hide;   /* windowed: seconds without movement before the cursor hides; 0 = 3 */
};

struct loop_stats {
    unsigned long frames, scenes, composites;
    unsigned long skipped; /* scenes built that drew the same picture: no frame */
};

struct loop;

struct loop *loop_create(struct session *s, const struct loop_desc *d);
void loop_destroy(struct loop *l);
/* Runs until the window closes (q, SIGTERM, SIGINT) or `seconds` pass
 * (INFINITY: forever); adds what it drew to *stats (may be NULL). The
 * scheduler carries over between runs: only the first run draws the first
 * frame. */
void loop_run(struct loop *l, double seconds, struct loop_stats *stats);

#endif
