/* bench_paced: the live display's pacing, measured (--bench "paced" line).
 *
 * Runs the same scheduler the live loop uses (core/sched) on the real clock,
 * with the content's own sources on their threads, at a frame-rate cap, for a
 * number of seconds, and reports the whole process's CPU use. It presents
 * nothing (a headless session has no window to swap), so on a machine with a
 * GPU it measures what MAGI itself costs at, say, 60 fps at 4K, without a
 * display server's copy. Depends on app/session, core/sched, core/clock. */
#ifndef MAGI_APP_BENCH_PACED_H
#define MAGI_APP_BENCH_PACED_H

#include <stdio.h>

#include "app/session.h"

/* Prints {"bench":"paced",...}. `fps` = 0 means 60. */
void bench_paced(struct session *s, double seconds, double fps, FILE *out);

#endif
