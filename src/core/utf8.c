/* utf8: see utf8.h. The decoder follows Table 3-7 of the Unicode standard
 * (well-formed byte sequences): the range allowed for the second byte depends
 * on the lead byte, which is what rules out overlongs (E0 80..9F, F0 80..8F),
 * surrogates (ED A0..BF) and values above U+10FFFF (F4 90..BF, F5..FF). */
#include "core/utf8.h"

#include <assert.h>
#include <string.h>

size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    assert(s && len > 0 && cp);
    const unsigned char *p = (const unsigned char *)s;
    unsigned b0 = p[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }

    size_t need;      /* total length of the sequence */
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    uint32_t v;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 2;
        v = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 3;
        v = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0; /* below: overlong */
        else if (b0 == 0xED)
            hi = 0x9F; /* above: UTF-16 surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 4;
        v = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90; /* below: overlong */
        else if (b0 == 0xF4)
            hi = 0x8F; /* above: beyond U+10FFFF */
    } else {
        /* A continuation byte without a lead, C0/C1 (always overlong) or
         * F5..FF (beyond U+10FFFF or the old 5- and 6-byte forms). */
        *cp = UTF8_REPLACEMENT;
        return 1;
    }

    for (size_t i = 1; i < need; i++) {
        if (i >= len) {
            *cp = UTF8_REPLACEMENT; /* truncated by the end of the input */
            return i;
        }
        unsigned b = p[i];
        unsigned min = i == 1 ? lo : 0x80, max = i == 1 ? hi : 0xBF;
        if (b < min || b > max) {
            *cp = UTF8_REPLACEMENT; /* the valid prefix is one subpart */
            return i;
        }
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return need;
}

uint32_t utf8_next(const char **s)
{
    assert(s && *s);
    if (**s == '\0')
        return 0;
    /* Never look past the terminator: a sequence cut short by the NUL is
     * decoded as truncated, and the NUL is returned by the next call. */
    size_t avail = 1;
    while (avail < 4 && (*s)[avail] != '\0')
        avail++;
    uint32_t cp;
    *s += utf8_decode(*s, avail, &cp);
    return cp;
}

bool utf8_iter_next(struct utf8_iter *it, uint32_t *cp)
{
    assert(it && cp);
    if (it->p >= it->end)
        return false;
    it->p += utf8_decode(it->p, (size_t)(it->end - it->p), cp);
    return true;
}

bool utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        /* U+FFFD is either in the input (EF BF BD) or stands for bad bytes. */
        if (cp == UTF8_REPLACEMENT && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
            return false;
        i += n;
    }
    return true;
}

size_t utf8_count(const char *s, size_t len)
{
    struct utf8_iter it = utf8_iter_init(s, len);
    size_t n = 0;
    uint32_t cp;
    while (utf8_iter_next(&it, &cp))
        n++;
    return n;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= UTF8_MAX) {
        o[0] = (unsigned char)(0xF0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

size_t utf8_sanitize(char *dst, size_t cap, const char *src, size_t len)
{
    if (cap == 0)
        return 0;
    size_t out = 0;
    struct utf8_iter it = utf8_iter_init(src, len);
    uint32_t cp;
    while (utf8_iter_next(&it, &cp)) {
        char buf[4];
        size_t n = utf8_encode(cp, buf);
        if (out + n + 1 > cap)
            break;
        memcpy(dst + out, buf, n);
        out += n;
    }
    dst[out] = '\0';
    return out;
}
