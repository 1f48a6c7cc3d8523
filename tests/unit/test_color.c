/* Palette tokens, colour parsing and blending. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/color.h"

static void test_palette_values(void **state)
{
    (void)state;
    const struct palette *p = palette_default();
    rgba o = p->c[PAL_ORANGE];
    assert_int_equal(o.r, 0xFF);
    assert_int_equal(o.g, 0x7A);
    assert_int_equal(o.b, 0x26);
    assert_int_equal(o.a, 255);
    assert_int_equal(p->c[PAL_MINT].g, 0xF0);
    assert_int_equal(p->c[PAL_GRID_DIM].a, 51);
}

static void test_parse(void **state)
{
    (void)state;
    rgba c;
    assert_true(color_parse("#54F09C", NULL, &c));
    assert_int_equal(c.r, 0x54);
    assert_int_equal(c.a, 255);
    assert_true(color_parse("#10203040", NULL, &c));
    assert_int_equal(c.b, 0x30);
    assert_int_equal(c.a, 0x40);
    assert_true(color_parse("info_blue", NULL, &c));
    assert_int_equal(c.r, 0x50);
    assert_false(color_parse("#12345", NULL, &c));
    assert_false(color_parse("#GG0000", NULL, &c));
    assert_false(color_parse("chartreuse", NULL, &c));
    assert_false(color_parse(NULL, NULL, &c));
    enum pal_token t;
    assert_true(palette_token_from_name("orange_hot", &t));
    assert_int_equal(t, PAL_ORANGE_HOT);
    assert_string_equal(palette_token_name(PAL_HUD_WHITE), "hud_white");
}

static void test_blend(void **state)
{
    (void)state;
    rgba a = rgb_hex(0x000000), b = rgb_hex(0xFF7A26);
    rgba m = color_lerp(a, b, 0.5f);
    assert_int_equal(m.r, 128);
    assert_int_equal(color_lerp(a, b, 2.0f).r, 255);
    assert_int_equal(color_alpha(b, 0.5f).a, 128);
    assert_int_equal(color_scale(b, 0.5f).g, 61);
    assert_int_equal(color_scale(b, 4.0f).r, 255);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_palette_values),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_blend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
