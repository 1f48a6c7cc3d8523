/* threshold: caution / alert / emergency levels of a value, with hysteresis.
 *
 *   thresholds = { caution = 80.0; alert = 90.0; emergency = 98.0;
 *                  hysteresis = 2.0; direction = "above"; };
 *
 * A level is entered when the value reaches its threshold and left only when
 * the value has moved `hysteresis` back past it, so a value hovering at a
 * threshold does not make the screen flicker between states. "below" turns
 * every comparison round (battery, free space, throughput). Depends on
 * widgets/draw.h for enum level. */
#ifndef MAGI_LAYOUT_THRESHOLD_H
#define MAGI_LAYOUT_THRESHOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "widgets/draw.h"

enum thresh_dir { THRESH_ABOVE, THRESH_BELOW };

struct thresholds {
    bool set[3];       /* caution, alert, emergency */
    double v[3];
    double hysteresis; /* in the value's own units, >= 0 */
    enum thresh_dir dir;
};

/* True if at least one level is set. */
bool thresh_any(const struct thresholds *t);
/* Checks the order of the set levels (rising for "above", falling for
 * "below"); on error writes the reason. */
bool thresh_check(const struct thresholds *t, char *err, size_t err_size);
/* The level for `value` given the previous level. NaN -> NOMINAL. */
enum level thresh_level(const struct thresholds *t, double value, enum level prev);

#endif
