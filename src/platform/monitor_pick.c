/* monitor_pick: see monitor_pick.h. */
#include "platform/monitor_pick.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int monitor_primary(const struct monitor_entry *m, int n)
{
    for (int i = 0; i < n; i++)
        if (m[i].primary)
            return i;
    return n > 0 ? 0 : -1;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int find_name(const char *name, const struct monitor_entry *m, int n)
{
    for (int i = 0; i < n; i++)
        if (m[i].name && strcmp(m[i].name, name) == 0)
            return i;
    for (int i = 0; i < n; i++)
        if (m[i].name && strcasecmp(m[i].name, name) == 0)
            return i;
    return -1;
}

int monitor_pick(const char *spec, const struct monitor_entry *m, int n)
{
    if (n <= 0)
        return -1;
    if (!spec || !*spec)
        return monitor_primary(m, n);
    if (all_digits(spec)) {
        /* A name made of digits is rare; an index is what people type. */
        long idx = strtol(spec, NULL, 10);
        if (strlen(spec) < 6 && idx < n)
            return (int)idx;
        return find_name(spec, m, n);
    }
    return find_name(spec, m, n);
}

int monitor_follow(const char *want, const struct monitor_entry *m, int n)
{
    if (n <= 0)
        return -1;
    if (want && *want) {
        int i = find_name(want, m, n);
        if (i >= 0)
            return i;
    }
    return monitor_primary(m, n);
}
