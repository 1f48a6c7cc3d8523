/* monitor_pick: which monitor MAGI shows on, as pure functions of the
 * monitor list (no GLFW), so the choice can be tested without a display.
 *
 * At start --monitor NAME|INDEX picks one (monitor_pick). From then on that
 * monitor is followed by name (monitor_follow): while it is connected MAGI is
 * on it; when it is unplugged MAGI moves to the primary; when a monitor of
 * that name comes back MAGI returns to it. A monitor picked by index is
 * followed by the name it had when picked, since indices shift on hot-plug.
 * Depends on libc only. */
#ifndef MAGI_PLATFORM_MONITOR_PICK_H
#define MAGI_PLATFORM_MONITOR_PICK_H

#include <stdbool.h>

struct monitor_entry {
    const char *name; /* may be NULL */
    bool primary;
};

/* The monitor `spec` names: NULL or "" = the primary; all digits = that
 * index; otherwise a name, exact first, then ignoring case. Returns its
 * index, or -1 when there is no such monitor (or no monitor at all). */
int monitor_pick(const char *spec, const struct monitor_entry *m, int n);

/* Where to be now when following the monitor named `want` (NULL: the
 * primary): that monitor if connected, else the primary, else the first.
 * Returns -1 only when there is no monitor. */
int monitor_follow(const char *want, const struct monitor_entry *m, int n);

/* The primary's index (the first monitor when none says primary), -1 if none. */
int monitor_primary(const struct monitor_entry *m, int n);

#endif
