/* json_read: see json_read.h. */
#include "sources/json_read.h"

#include <stdint.h>
#include <string.h>

#include "core/utf8.h"
#include "sources/prom_text.h"

void jread_init(struct jread *r, const char *text, size_t len)
{
    r->p = text;
    r->end = text + len;
    r->depth = 0;
    r->failed = false;
}

static bool fail(struct jread *r)
{
    r->failed = true;
    return false;
}

static void ws(struct jread *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

enum jtype jread_peek(struct jread *r)
{
    if (r->failed)
        return J_ERR;
    ws(r);
    if (r->p >= r->end)
        return J_ERR;
    switch (*r->p) {
    case '{': return J_OBJ;
    case '[': return J_ARR;
    case '"': return J_STR;
    case 't': return J_TRUE;
    case 'f': return J_FALSE;
    case 'n': return J_NULL;
    default:
        return (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) ? J_NUM : J_ERR;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Bytes that end the fast scan through a string: the quote, a backslash,
 * control characters. */
static const unsigned char str_stop[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1,
    [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
    [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1,
    [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, ['"'] = 1,  ['\\'] = 1,
    /* bytes >= 0x80 stop it too, to note that the string is not plain ASCII */
    [0x80] = 2, [0x81] = 2, [0x82] = 2, [0x83] = 2, [0x84] = 2, [0x85] = 2, [0x86] = 2,
    [0x87] = 2, [0x88] = 2, [0x89] = 2, [0x8a] = 2, [0x8b] = 2, [0x8c] = 2, [0x8d] = 2,
    [0x8e] = 2, [0x8f] = 2, [0x90] = 2, [0x91] = 2, [0x92] = 2, [0x93] = 2, [0x94] = 2,
    [0x95] = 2, [0x96] = 2, [0x97] = 2, [0x98] = 2, [0x99] = 2, [0x9a] = 2, [0x9b] = 2,
    [0x9c] = 2, [0x9d] = 2, [0x9e] = 2, [0x9f] = 2, [0xa0] = 2, [0xa1] = 2, [0xa2] = 2,
    [0xa3] = 2, [0xa4] = 2, [0xa5] = 2, [0xa6] = 2, [0xa7] = 2, [0xa8] = 2, [0xa9] = 2,
    [0xaa] = 2, [0xab] = 2, [0xac] = 2, [0xad] = 2, [0xae] = 2, [0xaf] = 2, [0xb0] = 2,
    [0xb1] = 2, [0xb2] = 2, [0xb3] = 2, [0xb4] = 2, [0xb5] = 2, [0xb6] = 2, [0xb7] = 2,
    [0xb8] = 2, [0xb9] = 2, [0xba] = 2, [0xbb] = 2, [0xbc] = 2, [0xbd] = 2, [0xbe] = 2,
    [0xbf] = 2, [0xc0] = 2, [0xc1] = 2, [0xc2] = 2, [0xc3] = 2, [0xc4] = 2, [0xc5] = 2,
    [0xc6] = 2, [0xc7] = 2, [0xc8] = 2, [0xc9] = 2, [0xca] = 2, [0xcb] = 2, [0xcc] = 2,
    [0xcd] = 2, [0xce] = 2, [0xcf] = 2, [0xd0] = 2, [0xd1] = 2, [0xd2] = 2, [0xd3] = 2,
    [0xd4] = 2, [0xd5] = 2, [0xd6] = 2, [0xd7] = 2, [0xd8] = 2, [0xd9] = 2, [0xda] = 2,
    [0xdb] = 2, [0xdc] = 2, [0xdd] = 2, [0xde] = 2, [0xdf] = 2, [0xe0] = 2, [0xe1] = 2,
    [0xe2] = 2, [0xe3] = 2, [0xe4] = 2, [0xe5] = 2, [0xe6] = 2, [0xe7] = 2, [0xe8] = 2,
    [0xe9] = 2, [0xea] = 2, [0xeb] = 2, [0xec] = 2, [0xed] = 2, [0xee] = 2, [0xef] = 2,
    [0xf0] = 2, [0xf1] = 2, [0xf2] = 2, [0xf3] = 2, [0xf4] = 2, [0xf5] = 2, [0xf6] = 2,
    [0xf7] = 2, [0xf8] = 2, [0xf9] = 2, [0xfa] = 2, [0xfb] = 2, [0xfc] = 2, [0xfd] = 2,
    [0xfe] = 2, [0xff] = 2,
};

bool jread_string(struct jread *r, struct jstr *out)
{
    if (jread_peek(r) != J_STR)
        return fail(r);
    const char *p = ++r->p, *end = r->end;
    bool esc = false, high = false;
    while (p < end) {
        /* eight bytes a step while none is a quote, a backslash, a control
         * character or non-ASCII (the classic has-zero / has-less bit tricks) */
        while (p + 8 <= end) {
            uint64_t w;
            memcpy(&w, p, 8);
            const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
            uint64_t stop = ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w) | w;
            if (stop & highs)
                break;
            p += 8;
        }
        while (p < end && !str_stop[(unsigned char)*p])
            p++;
        if (p >= end)
            break;
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) {
            high = true;
            p++;
            continue;
        }
        if (c == '"') {
            out->s = r->p;
            out->len = (size_t)(p - r->p);
            out->escaped = esc;
            out->ascii = !high;
            r->p = p + 1;
            return true;
        }
        if (c < 0x20)
            return fail(r);
        if (c == '\\') {
            esc = true;
            if (p + 1 >= end)
                return fail(r);
            char e = p[1];
            if (e == 'u') {
                if (end - p < 6 || hexval(p[2]) < 0 || hexval(p[3]) < 0 || hexval(p[4]) < 0 ||
                    hexval(p[5]) < 0)
                    return fail(r);
                p += 6;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e) || e == 0)
                return fail(r);
            p += 2;
            continue;
        }
        p++;
    }
    return fail(r);
}

/* Checks the number at r->p against the JSON grammar; sets *stop after it. */
static bool scan_number(struct jread *r, const char **stop)
{
    if (jread_peek(r) != J_NUM)
        return fail(r);
    const char *p = r->p, *end = r->end;
    if (*p == '-')
        p++;
    if (p >= end)
        return fail(r);
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    } else {
        return fail(r);
    }
    if (p < end && *p == '.') {
        p++;
        const char *d = p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return fail(r);
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        const char *d = p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return fail(r);
    }
    *stop = p;
    return true;
}

bool jread_number(struct jread *r, double *out)
{
    const char *stop;
    if (!scan_number(r, &stop))
        return false;
    if (!prom_text_parse_value(r->p, (size_t)(stop - r->p), out))
        return fail(r);
    r->p = stop;
    return true;
}

static bool skip_number(struct jread *r)
{
    const char *stop;
    if (!scan_number(r, &stop))
        return false;
    r->p = stop;
    return true;
}

static bool literal(struct jread *r, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
        return fail(r);
    r->p += n;
    return true;
}

bool jread_obj_begin(struct jread *r)
{
    if (jread_peek(r) != J_OBJ || r->depth >= JSON_READ_MAX_DEPTH)
        return fail(r);
    r->p++;
    r->depth++;
    return true;
}

bool jread_obj_next(struct jread *r, int *i, struct jstr *key)
{
    if (r->failed)
        return false;
    ws(r);
    if (r->p >= r->end)
        return fail(r);
    if (*r->p == '}' ) {
        r->p++;
        r->depth--;
        return false;
    }
    if (*i > 0) {
        if (*r->p != ',')
            return fail(r);
        r->p++;
    }
    if (!jread_string(r, key))
        return false;
    ws(r);
    if (r->p >= r->end || *r->p != ':')
        return fail(r);
    r->p++;
    (*i)++;
    return true;
}

bool jread_arr_begin(struct jread *r)
{
    if (jread_peek(r) != J_ARR || r->depth >= JSON_READ_MAX_DEPTH)
        return fail(r);
    r->p++;
    r->depth++;
    return true;
}

bool jread_arr_next(struct jread *r, int *i)
{
    if (r->failed)
        return false;
    ws(r);
    if (r->p >= r->end)
        return fail(r);
    if (*r->p == ']') {
        r->p++;
        r->depth--;
        return false;
    }
    if (*i > 0) {
        if (*r->p != ',')
            return fail(r);
        r->p++;
        ws(r);
        if (r->p < r->end && *r->p == ']') /* [1,] */
            return fail(r);
    }
    (*i)++;
    return true;
}

bool jread_skip(struct jread *r)
{
    struct jstr s;
    int i = 0;
    switch (jread_peek(r)) {
    case J_OBJ:
        if (!jread_obj_begin(r))
            return false;
        while (jread_obj_next(r, &i, &s))
            if (!jread_skip(r))
                return false;
        return !r->failed;
    case J_ARR:
        if (!jread_arr_begin(r))
            return false;
        while (jread_arr_next(r, &i))
            if (!jread_skip(r))
                return false;
        return !r->failed;
    case J_STR:
        return jread_string(r, &s);
    case J_NUM:
        return skip_number(r);
    case J_TRUE:
        return literal(r, "true");
    case J_FALSE:
        return literal(r, "false");
    case J_NULL:
        return literal(r, "null");
    default:
        return fail(r);
    }
}

bool jread_at_end(struct jread *r)
{
    ws(r);
    return !r->failed && r->p == r->end;
}

static unsigned hex4(const char *p)
{
    return (unsigned)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 | hexval(p[3]));
}

size_t jstr_decode(const struct jstr *s, char *out)
{
    if (s->len == 0) {
        out[0] = 0;
        return 0;
    }
    if (s->ascii && !s->escaped) { /* (a raw NUL cannot be in a JSON string) */
        memcpy(out, s->s, s->len);
        out[s->len] = 0;
        return s->len;
    }
    const char *p = s->s, *end = s->s + s->len;
    size_t n = 0;
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            /* jread_string checked the escapes */
            char e = p[1];
            if (e != 'u') {
                static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
                out[n++] = to[strchr(from, e) - from];
                p += 2;
                continue;
            }
            uint32_t cp = hex4(p + 2);
            p += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                uint32_t lo = hex4(p + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp == 0)
                cp = ' ';
            size_t k = utf8_encode(cp, out + n);
            if (k == 0) /* a lone surrogate */
                k = utf8_encode(UTF8_REPLACEMENT, out + n);
            n += k;
            continue;
        }
        if (c < 0x80) {
            out[n++] = (char)c;
            p++;
            continue;
        }
        uint32_t cp;
        size_t used = utf8_decode(p, (size_t)(end - p), &cp);
        if (cp == UTF8_REPLACEMENT && !(used == 3 && memcmp(p, "\xEF\xBF\xBD", 3) == 0)) {
            n += utf8_encode(UTF8_REPLACEMENT, out + n);
        } else {
            memcpy(out + n, p, used);
            n += used;
        }
        p += used;
    }
    out[n] = 0;
    return n;
}

bool jstr_eq(const struct jstr *s, const char *lit)
{
    size_t n = strlen(lit);
    if (!s->escaped)
        return s->len == n && memcmp(s->s, lit, n) == 0;
    char buf[64];
    if (s->len >= sizeof buf / 3)
        return false;
    return jstr_decode(s, buf) == n && memcmp(buf, lit, n) == 0;
}
