/* threshold: see threshold.h. */
#include "layout/threshold.h"

#include <math.h>
#include <stdio.h>

bool thresh_any(const struct thresholds *t)
{
    return t->set[0] || t->set[1] || t->set[2];
}

bool thresh_check(const struct thresholds *t, char *err, size_t err_size)
{
    static const char *const names[3] = {"caution", "alert", "emergency"};
    int prev = -1;
    for (int i = 0; i < 3; i++) {
        if (!t->set[i])
            continue;
        if (prev >= 0) {
            bool ok = t->dir == THRESH_ABOVE ? t->v[i] >= t->v[prev] : t->v[i] <= t->v[prev];
            if (!ok) {
                snprintf(err, err_size, "'%s' (%g) must be %s '%s' (%g) for direction \"%s\"",
                         names[i], t->v[i], t->dir == THRESH_ABOVE ? "at or above" : "at or below",
                         names[prev], t->v[prev], t->dir == THRESH_ABOVE ? "above" : "below");
                return false;
            }
        }
        prev = i;
    }
    if (t->hysteresis < 0 || isnan(t->hysteresis)) {
        snprintf(err, err_size, "'hysteresis' must not be negative");
        return false;
    }
    return true;
}

/* Highest level whose threshold `value` reaches, thresholds moved by `shift`
 * toward the value's safe side. */
static enum level raw_level(const struct thresholds *t, double value, double shift)
{
    enum level l = LEVEL_NOMINAL;
    for (int i = 0; i < 3; i++) {
        if (!t->set[i])
            continue;
        bool hit = t->dir == THRESH_ABOVE ? value >= t->v[i] - shift : value <= t->v[i] + shift;
        if (hit)
            l = (enum level)(i + 1);
    }
    return l;
}

enum level thresh_level(const struct thresholds *t, double value, enum level prev)
{
    if (isnan(value))
        return LEVEL_NOMINAL;
    enum level up = raw_level(t, value, 0.0);
    if (up >= prev)
        return up;
    /* Falling: hold each level until the value is `hysteresis` past it. */
    enum level held = raw_level(t, value, t->hysteresis);
    return held < prev ? held : prev;
}
