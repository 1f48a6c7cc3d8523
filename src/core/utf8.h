/* utf8: decoding, validation and iteration of UTF-8 text.
 *
 * Labels come from layout files, metric names and log lines, so any byte
 * string must be drawable: invalid input never stops decoding, it decodes to
 * U+FFFD. Each maximal ill-formed subpart (Unicode 15, section 3.9, "U+FFFD
 * substitution of maximal subparts") becomes one U+FFFD, so "\xE2\x82A" is
 * U+FFFD then 'A', and an overlong, a surrogate or a code point above U+10FFFF
 * is rejected at the first byte that makes it so. Depends on libc only. */
#ifndef MAGI_CORE_UTF8_H
#define MAGI_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu
#define UTF8_MAX 0x10FFFFu

/* Decodes the code point at `s` (at most `len` bytes, len > 0) into *cp and
 * returns how many bytes it used (1..4). Invalid or truncated input gives
 * U+FFFD and skips the maximal ill-formed subpart (at least one byte). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Iteration over a NUL-terminated string: returns the next code point and
 * advances *s, or returns 0 at the terminating NUL (and leaves *s there). */
uint32_t utf8_next(const char **s);

/* Iteration over a byte range (which may contain NULs). */
struct utf8_iter {
    const char *p;
    const char *end;
};
static inline struct utf8_iter utf8_iter_init(const char *s, size_t len)
{
    struct utf8_iter it = {s, s + len};
    return it;
}
/* Writes the next code point to *cp; false at the end. */
bool utf8_iter_next(struct utf8_iter *it, uint32_t *cp);

/* True when all `len` bytes are well-formed UTF-8. */
bool utf8_valid(const char *s, size_t len);

/* Number of code points (each invalid subpart counts as one U+FFFD). */
size_t utf8_count(const char *s, size_t len);

/* Encodes `cp` into out (no NUL); returns the byte count, or 0 for a
 * surrogate or a value above U+10FFFF. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* Copies `src` (len bytes) to `dst` as valid UTF-8, each ill-formed subpart
 * replaced by U+FFFD, cut at a code point boundary to fit; always
 * NUL-terminates when cap > 0. Returns the bytes written (without the NUL). */
size_t utf8_sanitize(char *dst, size_t cap, const char *src, size_t len);

#endif
