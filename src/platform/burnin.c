/* burnin: see burnin.h. */
#include "platform/burnin.h"

#include <math.h>

static double step_of(const struct burnin *b) { return b->step > 0 ? b->step : BURNIN_DEFAULT_STEP; }

static int range_of(const struct burnin *b)
{
    if (b->range <= 0)
        return 0;
    return b->range > BURNIN_MAX_RANGE ? BURNIN_MAX_RANGE : b->range;
}

int burnin_period(const struct burnin *b)
{
    int side = range_of(b) + 1;
    /* side^2 cells forward, then back without repeating the end points. */
    return side > 1 ? 2 * (side * side - 1) : 0;
}

void burnin_offset(const struct burnin *b, double wall, int *dx, int *dy)
{
    *dx = *dy = 0;
    int r = range_of(b);
    int period = burnin_period(b);
    if (!period || !isfinite(wall))
        return;
    int side = r + 1, cells = side * side;
    double k = floor(wall / step_of(b));
    int i = (int)fmod(k, (double)period);
    if (i < 0)
        i += period;
    /* Position along the snake: forward 0..cells-1, then back. */
    int pos = i < cells ? i : period - i;
    int row = pos / side, col = pos % side;
    if (row & 1)
        col = side - 1 - col;
    *dx = col - r / 2;
    *dy = row - r / 2;
}

double burnin_next(const struct burnin *b, double wall)
{
    if (!burnin_period(b) || !isfinite(wall))
        return INFINITY;
    double s = step_of(b);
    return (floor(wall / s) + 1.0) * s;
}
