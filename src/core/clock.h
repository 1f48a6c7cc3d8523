/* clock: the time sources every other module reads.
 *
 * Animation and data both run on one clock so that screenshots, recordings and
 * soak runs are deterministic: live runs read CLOCK_MONOTONIC, headless runs a
 * simulated clock that the app advances by hand. Depends on libc only. */
#ifndef MAGI_CORE_CLOCK_H
#define MAGI_CORE_CLOCK_H

#include <stdbool.h>

/* Seconds from CLOCK_MONOTONIC. */
double clock_mono(void);
/* Seconds since the Unix epoch (CLOCK_REALTIME). */
double clock_wall(void);
/* Seconds of CPU time used by the whole process (all threads). */
double clock_process_cpu(void);
/* Seconds of CPU time used by the calling thread. */
double clock_thread_cpu(void);

/* The app clock. `t` is seconds since the app started (animation time), `wall`
 * the matching Unix time (data timestamps, clock displays). When simulated,
 * both only move through clock_set/clock_advance. */
struct app_clock {
    bool simulated;
    double start_mono;
    double start_wall;
    double t;
    double wall;
};

/* Starts a live clock (simulated=false) or a simulated one at `t0` seconds
 * whose wall time is `wall0` + t. */
void clock_init_live(struct app_clock *c);
void clock_init_sim(struct app_clock *c, double t0, double wall0);
/* Live: re-reads the system clock. Simulated: no-op. */
void clock_update(struct app_clock *c);
void clock_set(struct app_clock *c, double t);
void clock_advance(struct app_clock *c, double dt);

/* The fixed wall-clock origin of simulated runs: 2026-01-01T00:00:00Z. */
#define CLOCK_SIM_EPOCH 1767225600.0

#endif
