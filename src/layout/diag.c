/* diag: see diag.h. */
#include "layout/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d, const char *file)
{
    memset(d, 0, sizeof *d);
    d->file = strdup(file ? file : "<layout>");
}

void diag_free(struct diag *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].msg);
    free(d->v);
    free(d->file);
    memset(d, 0, sizeof *d);
}

static void push(struct diag *d, int line, char *msg)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        struct diag_entry *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            free(msg);
            return;
        }
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n].line = line;
    d->v[d->n].msg = msg;
    d->n++;
}

void diag_add(struct diag *d, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (msg)
        push(d, line, msg);
}

void diag_take(struct diag *dst, struct diag *src)
{
    for (size_t i = 0; i < src->n; i++)
        push(dst, src->v[i].line, src->v[i].msg);
    src->n = 0;
}

const char *diag_line(const struct diag *d, size_t i, char *buf, size_t size)
{
    const struct diag_entry *e = &d->v[i];
    if (e->line > 0)
        snprintf(buf, size, "%s:%d: %s", d->file, e->line, e->msg);
    else
        snprintf(buf, size, "%s: %s", d->file, e->msg);
    return buf;
}

void diag_print(const struct diag *d, FILE *f)
{
    char buf[1024];
    for (size_t i = 0; i < d->n; i++)
        fprintf(f, "%s\n", diag_line(d, i, buf, sizeof buf));
}
