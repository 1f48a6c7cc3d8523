/* diag: collected `FILE:LINE: message` errors of a layout file.
 *
 * Validation reports every problem it finds, not only the first, so a user
 * fixes a file in one pass. The list is printed by --check-config, logged at
 * start-up and shown in the on-screen error plate after a bad hot reload.
 * Depends on libc only. */
#ifndef MAGI_LAYOUT_DIAG_H
#define MAGI_LAYOUT_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct diag_entry {
    int line;   /* 0 = the file as a whole */
    char *msg;  /* without file and line */
};

struct diag {
    char *file; /* as the user named it */
    struct diag_entry *v;
    size_t n, cap;
};

void diag_init(struct diag *d, const char *file);
void diag_free(struct diag *d);
void diag_add(struct diag *d, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Moves all entries of src to the end of dst (src ends empty). */
void diag_take(struct diag *dst, struct diag *src);
/* "FILE:LINE: message" of entry i into buf; returns buf. */
const char *diag_line(const struct diag *d, size_t i, char *buf, size_t size);
/* Prints every entry, one per line. */
void diag_print(const struct diag *d, FILE *f);

#endif
