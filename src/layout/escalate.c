/* escalate: see escalate.h. */
#include "layout/escalate.h"

void escalate_init(struct escalation *e, double takeover_min)
{
    e->takeover_min = takeover_min > 0 ? takeover_min : 0;
    e->level = LEVEL_NOMINAL;
    e->takeover_from = -1e300;
    e->takeover_until = -1e300;
    e->acknowledged = false;
}

void escalate_force(struct escalation *e, double t)
{
    e->takeover_from = t;
    e->takeover_until = t + e->takeover_min;
    e->acknowledged = false;
}

void escalate_update(struct escalation *e, enum level level, bool new_cause, double t)
{
    bool rising = level == LEVEL_EMERGENCY && e->level != LEVEL_EMERGENCY;
    if (rising || (level == LEVEL_EMERGENCY && new_cause))
        escalate_force(e, t);
    if (level != LEVEL_EMERGENCY)
        e->acknowledged = false;
    e->level = level;
}

bool escalate_ack(struct escalation *e, double t)
{
    if (e->level != LEVEL_EMERGENCY && !escalate_takeover(e, t))
        return false;
    e->acknowledged = true;
    return true;
}

bool escalate_takeover(const struct escalation *e, double t)
{
    return t >= e->takeover_from && t < e->takeover_until;
}

bool escalate_red_frame(const struct escalation *e, double t)
{
    return e->level == LEVEL_EMERGENCY && !e->acknowledged && !escalate_takeover(e, t);
}

enum level escalate_screen_level(const struct escalation *e)
{
    if (e->level == LEVEL_EMERGENCY && e->acknowledged)
        return LEVEL_ALERT;
    return e->level;
}

float escalate_anim_rate(enum level l)
{
    switch (l) {
    case LEVEL_NOMINAL:
        return 1.0f;
    case LEVEL_CAUTION:
        return 1.5f;
    case LEVEL_ALERT:
        return 2.0f;
    case LEVEL_EMERGENCY:
        return 3.0f;
    }
    return 1.0f;
}

double escalate_next_change(const struct escalation *e, double t)
{
    if (t < e->takeover_until)
        return e->takeover_until;
    return 1e300;
}

enum level level_max(const enum level *v, int n)
{
    enum level m = LEVEL_NOMINAL;
    for (int i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}
