/* clock: see clock.h. */
#include "core/clock.h"

#include <time.h>

static double ts_sec(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double clock_mono(void) { return ts_sec(CLOCK_MONOTONIC); }
double clock_wall(void) { return ts_sec(CLOCK_REALTIME); }
double clock_process_cpu(void) { return ts_sec(CLOCK_PROCESS_CPUTIME_ID); }
double clock_thread_cpu(void) { return ts_sec(CLOCK_THREAD_CPUTIME_ID); }

void clock_init_live(struct app_clock *c)
{
    c->simulated = false;
    c->start_mono = clock_mono();
    c->start_wall = clock_wall();
    c->t = 0.0;
    c->wall = c->start_wall;
}

void clock_init_sim(struct app_clock *c, double t0, double wall0)
{
    c->simulated = true;
    c->start_mono = 0.0;
    c->start_wall = wall0;
    c->t = t0;
    c->wall = wall0 + t0;
}

void clock_update(struct app_clock *c)
{
    if (c->simulated)
        return;
    c->t = clock_mono() - c->start_mono;
    c->wall = c->start_wall + c->t;
}

void clock_set(struct app_clock *c, double t)
{
    c->t = t;
    c->wall = c->start_wall + t;
}

void clock_advance(struct app_clock *c, double dt) { clock_set(c, c->t + dt); }
