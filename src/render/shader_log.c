/* shader_log: see shader_log.h. */
#include "render/shader_log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses the "string:line" or "string(line)" prefix drivers put on messages
 * (Mesa "1:12(5): error: ...", NVIDIA "1(12) : error C0000: ..."). Returns
 * the line and sets *rest to the message, or returns 0. */
static int parse_location(const char *s, const char **rest)
{
    const char *p = s;
    if (strncmp(p, "ERROR: ", 7) == 0)
        p += 7;
    if (!isdigit((unsigned char)*p))
        return 0;
    long string_no = strtol(p, (char **)&p, 10);
    if (string_no != 1)
        return 0;
    long line;
    if (*p == ':') {
        line = strtol(p + 1, (char **)&p, 10);
        if (*p == '(') /* column */
            while (*p && *p != ')')
                p++;
        if (*p == ')')
            p++;
    } else if (*p == '(') {
        line = strtol(p + 1, (char **)&p, 10);
        if (*p == ')')
            p++;
    } else {
        return 0;
    }
    while (*p == ' ' || *p == ':')
        p++;
    *rest = p;
    return line > 0 ? (int)line : 0;
}

void shader_log_format(const char *path, const char *log, char *out, size_t out_size)
{
    size_t used = 0;
    out[0] = 0;
    const char *s = log;
    while (*s && used + 1 < out_size) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        char line[1024];
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, s, len);
        line[len] = 0;
        s += len + (eol ? 1 : 0);
        if (!line[0])
            continue;
        const char *msg;
        int ln = parse_location(line, &msg);
        int n = ln ? snprintf(out + used, out_size - used, "%s%s:%d: %s", used ? "\n" : "", path,
                              ln, msg)
                   : snprintf(out + used, out_size - used, "%s%s: %s", used ? "\n" : "", path,
                              line);
        if (n < 0)
            break;
        used += (size_t)n;
        if (used >= out_size) {
            used = out_size - 1;
            break;
        }
    }
}

