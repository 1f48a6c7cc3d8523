/* UTF-8 decoding with U+FFFD replacement, validation, iteration, encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/utf8.h"

#define R UTF8_REPLACEMENT

/* Decodes all of `s` (len bytes) into out[]; returns the count. */
static size_t decode_all(const char *s, size_t len, uint32_t *out, size_t max)
{
    struct utf8_iter it = utf8_iter_init(s, len);
    size_t n = 0;
    uint32_t cp;
    while (utf8_iter_next(&it, &cp)) {
        assert_true(n < max);
        out[n++] = cp;
    }
    assert_true(it.p == s + len); /* never reads past the end */
    return n;
}

static void expect(const char *s, size_t len, const uint32_t *want, size_t nwant)
{
    uint32_t got[32];
    size_t n = decode_all(s, len, got, 32);
    assert_int_equal(n, nwant);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
    assert_int_equal(utf8_count(s, len), nwant);
}
#define EXPECT(bytes, ...)                                                                   \
    do {                                                                                     \
        const uint32_t w_[] = {__VA_ARGS__};                                                 \
        expect(bytes, sizeof(bytes) - 1, w_, sizeof(w_) / sizeof(w_[0]));                    \
    } while (0)

static void test_valid_sequences(void **state)
{
    (void)state;
    EXPECT("A", 'A');
    EXPECT("\x7F", 0x7F);
    EXPECT("\xC2\x80", 0x80);                 /* smallest 2-byte */
    EXPECT("\xC2\xB0" "C", 0xB0, 'C');        /* degree sign */
    EXPECT("\xDF\xBF", 0x7FF);
    EXPECT("\xE0\xA0\x80", 0x800);            /* smallest 3-byte */
    EXPECT("\xE2\x82\xAC", 0x20AC);           /* euro */
    EXPECT("\xE6\xB4\xBB\xE5\x8B\x95", 0x6D3B, 0x52D5); /* 活動 */
    EXPECT("\xED\x9F\xBF", 0xD7FF);           /* just below the surrogates */
    EXPECT("\xEE\x80\x80", 0xE000);           /* just above them */
    EXPECT("\xEF\xBF\xBD", 0xFFFD);           /* a real replacement character */
    EXPECT("\xEF\xBF\xBF", 0xFFFF);
    EXPECT("\xF0\x90\x80\x80", 0x10000);      /* smallest 4-byte */
    EXPECT("\xF0\x9D\x84\x9E", 0x1D11E);      /* musical G clef */
    EXPECT("\xF4\x8F\xBF\xBF", 0x10FFFF);     /* the largest code point */

    const char *all = "\x41\xC3\xA9\xE6\x84\x9B\xF0\x9F\x98\x80";
    assert_true(utf8_valid(all, strlen(all)));
    assert_int_equal(utf8_count(all, strlen(all)), 4);
}

static void test_overlongs(void **state)
{
    (void)state;
    /* C0 and C1 can only start overlongs: each byte is its own subpart. */
    EXPECT("\xC0\x80", R, R);
    EXPECT("\xC1\xBF", R, R);
    /* E0 needs A0..BF next; E0 80 80 is '\0' spelled in three bytes. */
    EXPECT("\xE0\x80\x80", R, R, R);
    EXPECT("\xE0\x9F\xBF", R, R, R);
    /* F0 needs 90..BF next. */
    EXPECT("\xF0\x80\x80\x80", R, R, R, R);
    EXPECT("\xF0\x8F\xBF\xBF", R, R, R, R);
    assert_false(utf8_valid("\xC0\xAF", 2)); /* the classic overlong '/' */
}

static void test_surrogates(void **state)
{
    (void)state;
    EXPECT("\xED\xA0\x80", R, R, R);  /* U+D800 */
    EXPECT("\xED\xBF\xBF", R, R, R);  /* U+DFFF */
    /* A CESU-8 pair is two rejected surrogates, not one code point. */
    EXPECT("\xED\xA0\xBD\xED\xB8\x80", R, R, R, R, R, R);
    assert_false(utf8_valid("\xED\xA0\x80", 3));
    char buf[4];
    assert_int_equal(utf8_encode(0xD800, buf), 0);
    assert_int_equal(utf8_encode(0xDFFF, buf), 0);
}

static void test_beyond_max(void **state)
{
    (void)state;
    EXPECT("\xF4\x90\x80\x80", R, R, R, R);     /* U+110000 */
    EXPECT("\xF5\x80\x80\x80", R, R, R, R);     /* lead byte too large */
    EXPECT("\xF7\xBF\xBF\xBF", R, R, R, R);     /* U+1FFFFF */
    EXPECT("\xF8\x88\x80\x80\x80", R, R, R, R, R);  /* old 5-byte form */
    EXPECT("\xFC\x84\x80\x80\x80\x80", R, R, R, R, R, R); /* old 6-byte form */
    EXPECT("\xFE\xFF", R, R);
    char buf[4];
    assert_int_equal(utf8_encode(0x110000, buf), 0);
    assert_int_equal(utf8_encode(0xFFFFFFFFu, buf), 0);
}

static void test_truncated(void **state)
{
    (void)state;
    /* A valid prefix cut short is one subpart, one U+FFFD. */
    EXPECT("\xE2\x82", R);
    EXPECT("\xF0\x9F\x98", R);
    EXPECT("\xC3", R);
    /* Cut short by the next character: the character survives. */
    EXPECT("\xE2\x82" "A", R, 'A');
    EXPECT("\xF0\x9F\x98" "\xC3\xA9", R, 0xE9);
    EXPECT("\xE6\xB4" "\xE6\xB4\xBB", R, 0x6D3B);
    /* Stray continuation bytes. */
    EXPECT("\x80", R);
    EXPECT("A\xBF\xBF" "B", 'A', R, R, 'B');
    /* The Unicode standard's own example (section 3.9, Table 3-8). */
    EXPECT("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
           0x61, R, R, R, 0x62, R, 0x63, R, R, 0x64);

    /* utf8_decode reports how much it consumed. */
    uint32_t cp;
    assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 3, &cp), 3);
    assert_int_equal(cp, R);
    assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(utf8_decode("\xE2" "A", 2, &cp), 1);
    assert_int_equal(cp, R);
}

static void test_nul_terminated(void **state)
{
    (void)state;
    const char *s = "a\xC3\xA9\xE2\x82";
    assert_int_equal(utf8_next(&s), 'a');
    assert_int_equal(utf8_next(&s), 0xE9);
    assert_int_equal(utf8_next(&s), R); /* truncated by the terminator */
    assert_int_equal(*s, '\0');
    assert_int_equal(utf8_next(&s), 0);
    assert_int_equal(utf8_next(&s), 0); /* stays at the end */

    /* A NUL inside a byte range is an ordinary character there. */
    uint32_t got[4];
    assert_int_equal(decode_all("a\0b", 3, got, 4), 3);
    assert_int_equal(got[1], 0);
}

static void test_valid(void **state)
{
    (void)state;
    assert_true(utf8_valid("", 0));
    assert_true(utf8_valid("ACTIVE TIME", 11));
    assert_true(utf8_valid("\xEF\xBF\xBD", 3)); /* U+FFFD itself is fine */
    assert_false(utf8_valid("\xEF\xBF", 2));
    assert_false(utf8_valid("abc\xFF", 4));
    assert_false(utf8_valid("\xE2\x82" "A", 3));
}

static void test_encode_roundtrip(void **state)
{
    (void)state;
    /* Every scalar value encodes and decodes back to itself. */
    for (uint32_t cp = 0; cp <= UTF8_MAX; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        size_t n = utf8_encode(cp, buf);
        assert_true(n >= 1 && n <= 4);
        assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
        uint32_t back;
        assert_int_equal(utf8_decode(buf, n, &back), n);
        if (back != cp)
            fail_msg("U+%04X decoded as U+%04X", (unsigned)cp, (unsigned)back);
    }
}

static void test_sanitize(void **state)
{
    (void)state;
    char out[16];
    size_t n = utf8_sanitize(out, sizeof out, "A\xFF" "B", 3);
    assert_int_equal(n, 5);
    assert_string_equal(out, "A\xEF\xBF\xBD" "B");
    assert_true(utf8_valid(out, n));

    /* Cut at a code point boundary: 活 (3 bytes) does not fit in the 2 left. */
    char small[5];
    n = utf8_sanitize(small, sizeof small, "AB\xE6\xB4\xBB", 5);
    assert_int_equal(n, 2);
    assert_string_equal(small, "AB");

    char one[1] = {'x'};
    assert_int_equal(utf8_sanitize(one, 1, "abc", 3), 0);
    assert_int_equal(one[0], '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_sequences),
        cmocka_unit_test(test_overlongs),
        cmocka_unit_test(test_surrogates),
        cmocka_unit_test(test_beyond_max),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_nul_terminated),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_encode_roundtrip),
        cmocka_unit_test(test_sanitize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
