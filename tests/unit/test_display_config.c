/* display_config: command line over layout over machine; a software
 * renderer gets lite effects only when nobody chose a preset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "platform/display_config.h"

#define LLVMPIPE "llvmpipe (LLVM 15.0.6, 256 bits)"

static struct display_inputs unset(void)
{
    return (struct display_inputs){.layout_reduce_motion = -1,
                                   .cli_ambient_rate = -1,
                                   .layout_ambient_rate = -1,
                                   .cli_ambient_idle = -1,
                                   .layout_ambient_idle = -1};
}

static void software_renderers(void **state)
{
    (void)state;
    assert_true(display_renderer_is_software(LLVMPIPE));
    assert_true(display_renderer_is_software("softpipe"));
    assert_true(display_renderer_is_software("Software Rasterizer"));
    assert_true(display_renderer_is_software("Mesa DRI swrast"));
    assert_false(display_renderer_is_software("NVIDIA H100 80GB HBM3/PCIe/SSE2"));
    assert_false(display_renderer_is_software("AMD Radeon RX 7900 XTX (radeonsi, navi31, LLVM 15.0.7)"));
    assert_false(display_renderer_is_software("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
    assert_false(display_renderer_is_software(NULL));
}

static void auto_lite_only_when_nothing_chosen(void **state)
{
    (void)state;
    struct display_config c;
    struct display_inputs in = unset();
    in.gl_renderer = LLVMPIPE;
    in.auto_lite = true;
    display_config_resolve(&in, &c);
    assert_int_equal(c.effects, DISPLAY_EFFECTS_LITE);
    assert_true(c.software_lite);

    in.cli_effects = DISPLAY_EFFECTS_FULL;
    display_config_resolve(&in, &c);
    assert_int_equal(c.effects, DISPLAY_EFFECTS_FULL);
    assert_false(c.software_lite);
    /* Full effects forced on software GL: the grain steps more slowly,
     * unless a rate was chosen. */
    assert_true(c.ambient_rate == DISPLAY_SOFTWARE_AMBIENT_RATE);
    in.layout_ambient_rate = 20;
    display_config_resolve(&in, &c);
    assert_true(c.ambient_rate == 20);
    in.layout_ambient_rate = -1;

    in.cli_effects = DISPLAY_EFFECTS_DEFAULT;
    in.layout_effects = DISPLAY_EFFECTS_OFF;
    display_config_resolve(&in, &c);
    assert_int_equal(c.effects, DISPLAY_EFFECTS_OFF);
    assert_false(c.software_lite);

    /* Captures (auto_lite off) and GPUs keep the full look. */
    in = unset();
    in.gl_renderer = LLVMPIPE;
    display_config_resolve(&in, &c);
    assert_int_equal(c.effects, DISPLAY_EFFECTS_FULL);
    assert_true(c.ambient_rate < 0);
    in.auto_lite = true;
    in.gl_renderer = "NVIDIA H100 80GB HBM3/PCIe/SSE2";
    display_config_resolve(&in, &c);
    assert_int_equal(c.effects, DISPLAY_EFFECTS_FULL);
    assert_true(c.ambient_rate < 0); /* the preset's own */
}

static void cli_wins_over_layout(void **state)
{
    (void)state;
    struct display_config c;
    struct display_inputs in = unset();
    in.cli_effects = DISPLAY_EFFECTS_LITE;
    in.layout_effects = DISPLAY_EFFECTS_OFF;
    in.cli_ambient_rate = 8;
    in.layout_ambient_rate = 20;
    in.cli_ambient_idle = 5;
    in.layout_ambient_idle = 600;
    display_config_resolve(&in, &c);
    assert_int_equal(c.effects, DISPLAY_EFFECTS_LITE);
    assert_true(c.ambient_rate == 8);
    assert_true(c.ambient_idle == 5);

    in = unset();
    in.layout_ambient_rate = 20;
    in.layout_ambient_idle = 600;
    display_config_resolve(&in, &c);
    assert_true(c.ambient_rate == 20);
    assert_true(c.ambient_idle == 600);

    in = unset();
    display_config_resolve(&in, &c);
    assert_true(c.ambient_rate < 0); /* the preset's own */
    assert_true(c.ambient_idle == 0); /* the scheduler's default */
}

static void zero_means_off_and_never(void **state)
{
    (void)state;
    struct display_config c;
    struct display_inputs in = unset();
    in.cli_ambient_rate = 0;
    in.layout_ambient_idle = 0;
    display_config_resolve(&in, &c);
    assert_true(c.ambient_rate == 0);
    assert_true(c.ambient_idle < 0);
}

static void reduce_motion_from_either(void **state)
{
    (void)state;
    struct display_config c;
    struct display_inputs in = unset();
    display_config_resolve(&in, &c);
    assert_false(c.reduce_motion);
    in.layout_reduce_motion = 1;
    display_config_resolve(&in, &c);
    assert_true(c.reduce_motion);
    in.layout_reduce_motion = 0;
    in.cli_reduce_motion = true;
    display_config_resolve(&in, &c);
    assert_true(c.reduce_motion);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(software_renderers),
        cmocka_unit_test(auto_lite_only_when_nothing_chosen),
        cmocka_unit_test(cli_wins_over_layout),
        cmocka_unit_test(zero_means_off_and_never),
        cmocka_unit_test(reduce_motion_from_either),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
