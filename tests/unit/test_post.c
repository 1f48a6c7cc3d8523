/* post: presets, the per-frame animated values (deterministic in time and
 * seed, still at strength 0, dips 3-6 s apart) and the shader log rewriting. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "render/post.h"
#include "render/shader_log.h"

static void test_presets(void **state)
{
    (void)state;
    struct post_settings s;
    post_settings_preset(POST_FULL, false, &s);
    assert_true(s.bloom);
    assert_int_equal(s.bloom_levels, 4); /* 1/4 .. 1/32 */
    assert_float_equal(s.bloom_intensity, 0.7, 1e-6);
    assert_float_equal(s.scanline, 0.05, 1e-6);
    assert_float_equal(s.vignette, 0.30, 1e-6);
    assert_true(s.grain >= 0.02f && s.grain <= 0.03f);
    assert_float_equal(s.flicker, 0.01, 1e-6);
    assert_float_equal(s.flicker_dip, 0.04, 1e-6);
    assert_true(s.black_lift >= 0.005f && s.black_lift <= 0.015f);
    assert_true(s.lift_rgb[0] > s.lift_rgb[1] && s.lift_rgb[1] >= s.lift_rgb[2]); /* warm */
    assert_true(s.ambient);
    for (int i = 0; i < 4; i++)
        assert_true(s.bloom_weight[i] > 0);

    post_settings_preset(POST_LITE, false, &s);
    assert_true(s.bloom);
    assert_false(s.ambient); /* a static picture: no composite-only frames */
    assert_float_equal(s.grain, 0, 0);
    assert_float_equal(s.flicker, 0, 0);
    assert_float_equal(s.scanline, 0.05, 1e-6);

    post_settings_preset(POST_OFF, false, &s);
    assert_false(s.bloom);
    assert_false(s.ambient);
    assert_float_equal(s.scanline, 0, 0);
    assert_float_equal(s.vignette, 0, 0);
    assert_float_equal(s.black_lift, 0, 0);

    /* Reduced motion keeps the look but stops flicker. */
    post_settings_preset(POST_FULL, true, &s);
    assert_true(s.bloom);
    assert_false(s.ambient);
    assert_float_equal(s.flicker, 0, 0);
    assert_float_equal(s.flicker_dip, 0, 0);
}

static void test_frame_params(void **state)
{
    (void)state;
    struct post_settings s;
    post_settings_preset(POST_FULL, false, &s);
    struct post_frame a, b;
    /* Deterministic in (t, seed). */
    post_frame_params(&s, 12.34, 7, 1.0f, &a);
    post_frame_params(&s, 12.34, 7, 1.0f, &b);
    assert_memory_equal(&a, &b, sizeof a);
    /* Steps at the ambient rate: the same inside one 1/15 s step. */
    post_frame_params(&s, 2.0 / 15.0 + 0.001, 7, 1.0f, &a);
    post_frame_params(&s, 2.0 / 15.0 + 0.060, 7, 1.0f, &b);
    assert_memory_equal(&a, &b, sizeof a);
    /* Another seed moves the grain. */
    int differ = 0;
    for (int i = 0; i < 20; i++) {
        post_frame_params(&s, i / 15.0, 1, 1.0f, &a);
        post_frame_params(&s, i / 15.0, 2, 1.0f, &b);
        differ += a.grain_x != b.grain_x || a.grain_y != b.grain_y;
    }
    assert_true(differ > 10);
    /* Strength 0: the still picture. */
    post_frame_params(&s, 99.9, 7, 0.0f, &a);
    assert_float_equal(a.gain, 1.0, 0);
    assert_float_equal(a.grain, s.grain, 0); /* frozen, not removed */
    assert_int_equal(a.grain_x, 0);
    assert_int_equal(a.grain_y, 0);
    /* Half strength halves the deviation. */
    post_frame_params(&s, 5.5, 7, 1.0f, &a);
    post_frame_params(&s, 5.5, 7, 0.5f, &b);
    assert_float_equal(b.gain - 1.0f, (a.gain - 1.0f) * 0.5f, 1e-6);
    assert_float_equal(b.grain, s.grain, 1e-6);
}

static void test_flicker_and_dips(void **state)
{
    (void)state;
    struct post_settings s;
    post_settings_preset(POST_FULL, false, &s);
    /* Gain noise stays within 1 %, dips take it 4 % lower, for about 0.12 s. */
    int dip_frames = 0;
    double last_dip = -1;
    for (int i = 0; i < 15 * 600; i++) {
        double t = i / 15.0;
        struct post_frame f;
        post_frame_params(&s, t, 3, 1.0f, &f);
        assert_true(f.gain <= 1.0101f && f.gain >= 1.0f - 0.0101f - 0.04f);
        assert_true(f.grain_x >= 0 && f.grain_x < 64 && f.grain_y >= 0 && f.grain_y < 64);
        if (f.gain < 0.985f)
            dip_frames++;
    }
    /* 600 s at about one dip per 4.5 s, one or two frames each. */
    assert_true(dip_frames >= 120 && dip_frames <= 300);
    /* Consecutive dips are 3 to 6 s apart. */
    for (int w = 0; w < 200; w++) {
        double d = post_dip_start(w * 4.5 + 0.01, 3);
        assert_true(d >= w * 4.5 - 1e-9 && d < w * 4.5 + 1.5);
        if (last_dip >= 0) {
            double gap = d - last_dip;
            assert_true(gap >= 3.0 - 1e-9 && gap <= 6.0 + 1e-9);
        }
        last_dip = d;
    }
}

static void test_noise_and_scanlines(void **state)
{
    (void)state;
    /* The grain seed is a function of the seed alone, and spreads seeds. */
    assert_int_equal(post_grain_seed(5), post_grain_seed(5));
    unsigned seen[64];
    for (int i = 0; i < 64; i++) {
        seen[i] = post_grain_seed((unsigned long long)i);
        for (int j = 0; j < i; j++)
            assert_true(seen[i] != seen[j]);
    }

    assert_int_equal(post_scan_period(360), 2);
    assert_int_equal(post_scan_period(1080), 2);
    assert_int_equal(post_scan_period(1440), 2);
    assert_int_equal(post_scan_period(2160), 4);
    assert_int_equal(post_scan_period(4320), 6);
    assert_int_equal(post_scan_period(1), 2);
}

static void test_shader_log(void **state)
{
    (void)state;
    char out[512];
    /* Mesa. */
    shader_log_format("shaders/x.glsl",
                      "1:12(5): error: `foo' undeclared\n1:14(1): warning: unused\n", out,
                      sizeof out);
    assert_string_equal(out, "shaders/x.glsl:12: error: `foo' undeclared\n"
                             "shaders/x.glsl:14: warning: unused");
    /* NVIDIA. */
    shader_log_format("shaders/y.glsl", "1(7) : error C0000: syntax error", out, sizeof out);
    assert_string_equal(out, "shaders/y.glsl:7: error C0000: syntax error");
    /* A message about the #version string (string 0) or without a location. */
    shader_log_format("shaders/z.glsl", "0:1(10): error: bad version\nlink error", out,
                      sizeof out);
    assert_string_equal(out, "shaders/z.glsl: 0:1(10): error: bad version\n"
                             "shaders/z.glsl: link error");
    /* Truncation keeps a terminated string. */
    char tiny[16];
    shader_log_format("shaders/x.glsl", "1:1(1): error: long message here", tiny, sizeof tiny);
    assert_true(strlen(tiny) < sizeof tiny);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_frame_params),
        cmocka_unit_test(test_flicker_and_dips),
        cmocka_unit_test(test_noise_and_scanlines),
        cmocka_unit_test(test_shader_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
