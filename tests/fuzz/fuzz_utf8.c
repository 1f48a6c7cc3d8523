/* libFuzzer target for core/utf8: any bytes decode without reading past the
 * end, sanitising always gives valid UTF-8, valid input survives sanitising
 * unchanged, and the NUL-terminated and ranged iterators agree. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size heap copy, so ASan catches any read past the end. */
    char *in = malloc(size ? size : 1);
    if (!in)
        return 0;
    memcpy(in, data, size);

    size_t n = 0;
    bool saw_bad = false;
    struct utf8_iter it = utf8_iter_init(in, size);
    uint32_t cp;
    while (utf8_iter_next(&it, &cp)) {
        assert(cp <= UTF8_MAX && !(cp >= 0xD800 && cp <= 0xDFFF));
        n++;
    }
    assert(it.p == in + size);
    assert(n == utf8_count(in, size));
    assert(n <= size);

    /* Sanitised output is valid, and equals the input when that was valid. */
    size_t cap = size * 3 + 1;
    char *out = malloc(cap);
    if (out) {
        size_t m = utf8_sanitize(out, cap, in, size);
        assert(m < cap && out[m] == '\0');
        assert(utf8_valid(out, m));
        assert(utf8_count(out, m) == n);
        saw_bad = !utf8_valid(in, size);
        if (!saw_bad)
            assert(m == size && memcmp(out, in, size) == 0);
        /* Any smaller buffer still gives a valid, terminated prefix. */
        size_t small = size / 2 + 1;
        size_t k = utf8_sanitize(out, small, in, size);
        assert(k < small && out[k] == '\0' && utf8_valid(out, k));
        free(out);
    }

    /* The NUL-terminated iterator sees the same code points up to the first NUL. */
    char *z = malloc(size + 1);
    if (z) {
        memcpy(z, in, size);
        z[size] = '\0';
        size_t zlen = strlen(z);
        struct utf8_iter r = utf8_iter_init(z, zlen);
        const char *s = z;
        uint32_t a, b;
        while ((a = utf8_next(&s)) != 0) {
            bool more = utf8_iter_next(&r, &b);
            assert(more && a == b);
        }
        assert(s == z + zlen && !utf8_iter_next(&r, &b));
        free(z);
    }
    free(in);
    return 0;
}
