/* json_read: a pull reader over JSON text that allocates nothing.
 *
 * For large, regular responses (the Prometheus query API's result arrays)
 * where building a tree first costs more than the whole ingest budget: cJSON
 * spends about 10 ms just parsing a 10,000-sample vector on the reference
 * machine, with allocation free. The reader walks the text in place; strings
 * come back as raw spans decoded on demand into the caller's buffer. Whatever
 * it reads or skips is fully checked against RFC 8259, nesting is limited to
 * 64 levels, and any error latches `failed`. Depends on core/utf8. */
#ifndef MAGI_SOURCES_JSON_READ_H
#define MAGI_SOURCES_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_READ_MAX_DEPTH 64

enum jtype { J_ERR, J_OBJ, J_ARR, J_STR, J_NUM, J_TRUE, J_FALSE, J_NULL };

struct jread {
    const char *p, *end;
    int depth;
    bool failed;
};

/* A string as it appears between the quotes. */
struct jstr {
    const char *s;
    size_t len;
    bool escaped; /* holds backslash escapes: decode before use */
    bool ascii;   /* every byte < 0x80: decoding is a copy when not escaped */
};

void jread_init(struct jread *r, const char *text, size_t len);
/* The type of the next value (J_ERR at the end or on an invalid byte). */
enum jtype jread_peek(struct jread *r);
/* Skips the next value, checking it. */
bool jread_skip(struct jread *r);
bool jread_string(struct jread *r, struct jstr *out);
bool jread_number(struct jread *r, double *out);

/* Objects: begin, then while next() gives a key, read or skip its value.
 * `i` counts members (start it at 0). next() returns false at the closing
 * brace, or on an error (then r->failed is set). */
bool jread_obj_begin(struct jread *r);
bool jread_obj_next(struct jread *r, int *i, struct jstr *key);
/* Arrays, likewise: next() is true when an element follows. */
bool jread_arr_begin(struct jread *r);
bool jread_arr_next(struct jread *r, int *i);
/* True if only whitespace is left. */
bool jread_at_end(struct jread *r);

/* Decodes a string into `out` (which holds at least 3 * s->len + 1 bytes) as
 * UTF-8, escapes resolved, invalid UTF-8 and lone surrogates replaced by
 * U+FFFD, NUL bytes by spaces; NUL-terminated. Returns the length. */
size_t jstr_decode(const struct jstr *s, char *out);
/* Compares with a plain ASCII literal (keys). */
bool jstr_eq(const struct jstr *s, const char *lit);

#endif
