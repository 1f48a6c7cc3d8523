/* burnin: the slow whole-screen pixel shift that spreads wear over
 * multi-day use (OLED and plasma burn-in, LCD image retention).
 *
 * The picture walks through every offset of a (range+1) x (range+1) square
 * of whole device pixels, centred on where it would be: a snake along the
 * rows and back again, one pixel per step, one step every `step` seconds
 * (default 60), so a move is never more than one pixel and never noticed.
 * With range 4 the walk covers 25 offsets (-2..+2 each way) in 48 steps.
 * Whole pixels only: scanlines stay locked to device rows and text stays
 * sharp. The offset is a pure function of the Unix time, so restarts do not
 * favour the first offsets and any two screens agree. Depends on libc only. */
#ifndef MAGI_PLATFORM_BURNIN_H
#define MAGI_PLATFORM_BURNIN_H

#define BURNIN_DEFAULT_RANGE 4
#define BURNIN_MAX_RANGE 8
#define BURNIN_DEFAULT_STEP 60.0

struct burnin {
    int range;   /* largest offset span in pixels; 0 = off */
    double step; /* seconds per one-pixel step; 0 = BURNIN_DEFAULT_STEP */
};

/* The offset at Unix time `wall` (x right, y down, device pixels). */
void burnin_offset(const struct burnin *b, double wall, int *dx, int *dy);
/* The next Unix time after `wall` at which the offset changes (INFINITY when off). */
double burnin_next(const struct burnin *b, double wall);
/* Steps in one full walk (0 when off). */
int burnin_period(const struct burnin *b);

#endif
