/* Layout units and placement at 720p, 1080p, 4K and portrait; number formats;
 * thresholds with hysteresis; the screen-level roll-up and takeover timing. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "layout/escalate.h"
#include "layout/numfmt.h"
#include "layout/threshold.h"
#include "layout/units.h"

#define NEAR(a, b) assert_true(fabs((double)(a) - (double)(b)) < 0.01)

static void test_u_by_screen(void **state)
{
    (void)state;
    struct units un;
    units_init(&un, 1280, 720);
    NEAR(un.u, 720.0 / 108.0);
    assert_false(un.portrait);
    units_init(&un, 1920, 1080);
    NEAR(un.u, 10.0);
    units_init(&un, 3840, 2160);
    NEAR(un.u, 20.0);
    /* Ultrawide keeps u = H/108. */
    units_init(&un, 3440, 1440);
    NEAR(un.u, 1440.0 / 108.0);
    /* 5:4 is narrower than 4:3: u follows the width so the design fits. */
    units_init(&un, 1280, 1024);
    NEAR(un.u, 1280.0 / 144.0);
    /* Portrait 1080x1920: two stacked halves 1080 x 960, each like the left
     * or right half of a landscape page. */
    units_init(&un, 1080, 1920);
    assert_true(un.portrait);
    NEAR(un.u, 960.0 / 108.0);
}

static void test_cells_scale_with_screen(void **state)
{
    (void)state;
    struct grid g = {12, 12, 1.0f, 0};
    struct place p = {.kind = PLACE_CELL, .v = {3, 0, 6, 6}};
    const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
    for (int i = 0; i < 3; i++) {
        struct units un;
        units_init(&un, (float)sizes[i][0], (float)sizes[i][1]);
        struct box b = units_place(&un, &g, true, &p, (struct box){0, 0, un.w, un.h});
        /* The same picture at every 16:9 resolution: fractions of the screen
         * do not change, gaps included. */
        float cw = (un.w - 11 * un.u) / 12;
        NEAR(b.x, 3 * (cw + un.u));
        NEAR(b.w, 6 * cw + 5 * un.u);
        assert_true(fabs(b.x / un.w - 0.25 * (1 - 11.0 / 192) - 3.0 / 192) < 1e-4);
        assert_true(fabs(b.h / un.h - (6 * (1 - 11.0 / 108) / 12 + 5.0 / 108)) < 1e-4);
    }
    /* 1080p exactly: cells of (1920 - 110) / 12 px. */
    struct units un;
    units_init(&un, 1920, 1080);
    struct box b = units_place(&un, &g, true, &p, (struct box){0, 0, 1920, 1080});
    NEAR(b.x, 3 * (1810.0 / 12 + 10));
    NEAR(b.y, 0);
    NEAR(b.h, 6 * (970.0 / 12) + 50);
}

static void test_portrait_fold(void **state)
{
    (void)state;
    struct grid g = {12, 12, 0.0f, 0};
    struct units un;
    units_init(&un, 1080, 1920);
    struct box area = {0, 0, 1080, 1920};
    int cols, rows;
    grid_effective(&g, true, &cols, &rows);
    assert_int_equal(cols, 6);
    assert_int_equal(rows, 24);
    /* Left half stays on top, at full width of the screen for 6 columns. */
    struct place left = {.kind = PLACE_CELL, .v = {0, 0, 6, 12}};
    struct box b = units_place(&un, &g, true, &left, area);
    NEAR(b.x, 0);
    NEAR(b.y, 0);
    NEAR(b.w, 1080);
    NEAR(b.h, 960);
    /* Right half goes below it. */
    struct place right = {.kind = PLACE_CELL, .v = {9, 6, 3, 6}};
    b = units_place(&un, &g, true, &right, area);
    NEAR(b.x, 540);
    NEAR(b.y, 960 + 480);
    NEAR(b.w, 540);
    NEAR(b.h, 480);
    /* A panel across the fold lands in the half holding its centre, clamped. */
    struct place mid = {.kind = PLACE_CELL, .v = {4, 0, 6, 3}};
    b = units_place(&un, &g, true, &mid, area);
    NEAR(b.y, 960);
    NEAR(b.x, 0);
    NEAR(b.w, 1080);
    /* An explicit portrait cell wins. */
    struct place expl = {.kind = PLACE_CELL, .v = {4, 0, 6, 3}, .has_portrait = true,
                         .pkind = PLACE_CELL, .pv = {0, 20, 6, 4}};
    b = units_place(&un, &g, true, &expl, area);
    NEAR(b.y, 1600);
    NEAR(b.h, 320);
    /* Landscape ignores the portrait cell. */
    units_init(&un, 1920, 1080);
    b = units_place(&un, &g, true, &expl, (struct box){0, 0, 1920, 1080});
    NEAR(b.x, 640);
    NEAR(b.y, 0);
    /* Rect fractions fold the same way. */
    units_init(&un, 1080, 1920);
    struct place r = {.kind = PLACE_RECT, .v = {0.5f, 0.0f, 0.5f, 1.0f}};
    b = units_place(&un, &g, true, &r, area);
    NEAR(b.x, 0);
    NEAR(b.y, 960);
    NEAR(b.w, 1080);
    NEAR(b.h, 960);
}

static void test_flow(void **state)
{
    (void)state;
    struct units un;
    units_init(&un, 1920, 1080);
    float h[3] = {5, 0, 0};
    struct box out[3];
    units_flow(&un, h, 3, 1.0f, (struct box){100, 200, 300, 400}, out);
    NEAR(out[0].y, 200);
    NEAR(out[0].h, 50);
    NEAR(out[1].y, 260);
    NEAR(out[1].h, 165);
    NEAR(out[2].y, 435);
    NEAR(out[2].h, 165);
    NEAR(out[2].w, 300);
    /* Too little room: fixed heights shrink instead of overflowing. */
    float h2[2] = {30, 30};
    units_flow(&un, h2, 2, 0.0f, (struct box){0, 0, 100, 300}, out);
    NEAR(out[0].h, 150);
    NEAR(out[1].y + out[1].h, 300);
}

static void fmt(const char *spec, int dec, const char *unit, double v, const char *want)
{
    struct numfmt f;
    char err[256], buf[96];
    assert_true(numfmt_parse(&f, spec, dec, unit, 0, err, sizeof err));
    numfmt_format(&f, v, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        fail_msg("format %s %g: got \"%s\", want \"%s\"", spec ? spec : "(null)", v, buf, want);
}

static void test_numfmt(void **state)
{
    (void)state;
    fmt("%.1f %%", -1, NULL, 43.94, "43.9 %");
    fmt("%5.2f", -1, NULL, 3.14159, " 3.14");
    fmt("bytes", 1, NULL, 64.0 * 1073741824.0, "64.0 GiB");
    fmt("bytes", -1, NULL, 33.9 * 1073741824.0, "33.9 GiB");
    fmt("bytes", -1, NULL, 512, "512 B");
    fmt("bytes/s", 1, NULL, 8.3 * 1048576.0, "8.3 MiB/s");
    fmt("bytes_si", 2, NULL, 7.28e12, "7.28 TB");
    fmt("bytes_si/s", 1, NULL, 8.3e6, "8.3 MB/s");
    fmt("GiB", 1, NULL, 34359738368.0, "32.0 GiB");
    fmt("MB/s", 2, NULL, 3.92e9, "3920.00 MB/s");
    fmt("si", 1, "b/s", 1.25e9, "1.2 Gb/s");
    fmt("si", -1, "V", 0.0123, "12.3 mV");
    fmt("percent", -1, NULL, 53.2, "53 %");
    fmt("percent", -1, NULL, 5.25, "5.2 %");
    fmt("ratio", 1, NULL, 0.413, "41.3 %");
    fmt("duration", -1, NULL, 4 * 3600 + 17 * 60 + 33, "04:17:33");
    fmt("duration", -1, NULL, 12 * 86400 + 4 * 3600 + 17 * 60 + 33, "12D_04:17:33");
    fmt("int", -1, NULL, 41.7, "42");
    fmt("number", -1, NULL, 6.0812, "6.08");
    fmt(NULL, -1, "°C", 62.54, "62.5 °C");
    fmt("percent", -1, NULL, NAN, "--- %");
    fmt("number", -1, NULL, INFINITY, "INF");
    /* Number and unit come apart for the motifs. */
    struct numfmt f;
    char err[256], num[32], unit[16];
    assert_true(numfmt_parse(&f, "%.1f %%", -1, NULL, 0, err, sizeof err));
    numfmt_parts(&f, 41.28, num, sizeof num, unit, sizeof unit);
    assert_string_equal(num, "41.3");
    assert_string_equal(unit, "%");
    /* scale multiplies first. */
    assert_true(numfmt_parse(&f, "percent", 0, NULL, 100, err, sizeof err));
    numfmt_parts(&f, 0.53, num, sizeof num, unit, sizeof unit);
    assert_string_equal(num, "53");
    /* Unsafe or meaningless patterns are refused. */
    assert_false(numfmt_parse(&f, "%s", -1, NULL, 0, err, sizeof err));
    assert_false(numfmt_parse(&f, "%d items", -1, NULL, 0, err, sizeof err));
    assert_false(numfmt_parse(&f, "%f %f", -1, NULL, 0, err, sizeof err));
    assert_false(numfmt_parse(&f, "%n", -1, NULL, 0, err, sizeof err));
    assert_false(numfmt_parse(&f, "furlongs", -1, NULL, 0, err, sizeof err));
    assert_false(numfmt_parse(&f, "percent/s", -1, NULL, 0, err, sizeof err));
}

static void test_thresholds_hysteresis(void **state)
{
    (void)state;
    struct thresholds t = {.set = {true, true, true}, .v = {80, 90, 98}, .hysteresis = 2,
                           .dir = THRESH_ABOVE};
    char err[128];
    assert_true(thresh_check(&t, err, sizeof err));
    enum level l = LEVEL_NOMINAL;
    l = thresh_level(&t, 79.9, l);
    assert_int_equal(l, LEVEL_NOMINAL);
    l = thresh_level(&t, 80.0, l);
    assert_int_equal(l, LEVEL_CAUTION);
    /* Hovering just under the threshold keeps CAUTION ... */
    l = thresh_level(&t, 79.0, l);
    assert_int_equal(l, LEVEL_CAUTION);
    l = thresh_level(&t, 78.1, l);
    assert_int_equal(l, LEVEL_CAUTION);
    /* ... until it is hysteresis below. */
    l = thresh_level(&t, 77.9, l);
    assert_int_equal(l, LEVEL_NOMINAL);
    /* Jumps go straight up, and fall one band at a time with hysteresis. */
    l = thresh_level(&t, 99, l);
    assert_int_equal(l, LEVEL_EMERGENCY);
    l = thresh_level(&t, 96.5, l);
    assert_int_equal(l, LEVEL_EMERGENCY);
    l = thresh_level(&t, 95.9, l);
    assert_int_equal(l, LEVEL_ALERT);
    l = thresh_level(&t, 70, l);
    assert_int_equal(l, LEVEL_NOMINAL);
    assert_int_equal(thresh_level(&t, NAN, LEVEL_ALERT), LEVEL_NOMINAL);

    /* "below": battery percent, free space. */
    struct thresholds b = {.set = {true, false, true}, .v = {20, 0, 5}, .hysteresis = 1,
                           .dir = THRESH_BELOW};
    assert_true(thresh_check(&b, err, sizeof err));
    l = thresh_level(&b, 50, LEVEL_NOMINAL);
    assert_int_equal(l, LEVEL_NOMINAL);
    l = thresh_level(&b, 19, l);
    assert_int_equal(l, LEVEL_CAUTION);
    l = thresh_level(&b, 20.5, l);
    assert_int_equal(l, LEVEL_CAUTION);
    l = thresh_level(&b, 21.5, l);
    assert_int_equal(l, LEVEL_NOMINAL);
    l = thresh_level(&b, 4, l);
    assert_int_equal(l, LEVEL_EMERGENCY);
    l = thresh_level(&b, 5.5, l);
    assert_int_equal(l, LEVEL_EMERGENCY);
    l = thresh_level(&b, 6.5, l);
    assert_int_equal(l, LEVEL_CAUTION);

    /* Out of order is refused. */
    struct thresholds bad = {.set = {true, true, false}, .v = {90, 80, 0}, .dir = THRESH_ABOVE};
    assert_false(thresh_check(&bad, err, sizeof err));
    assert_string_equal(err, "'alert' (80) must be at or above 'caution' (90) for direction "
                             "\"above\"");
}

static void test_escalation(void **state)
{
    (void)state;
    struct escalation e;
    escalate_init(&e, 5.0);
    enum level v[3] = {LEVEL_NOMINAL, LEVEL_CAUTION, LEVEL_NOMINAL};
    escalate_update(&e, level_max(v, 3), false, 10.0);
    assert_int_equal(escalate_screen_level(&e), LEVEL_CAUTION);
    NEAR(escalate_anim_rate(escalate_screen_level(&e)), 1.5);
    assert_false(escalate_takeover(&e, 10.0));
    v[2] = LEVEL_ALERT;
    escalate_update(&e, level_max(v, 3), false, 11.0);
    assert_int_equal(escalate_screen_level(&e), LEVEL_ALERT);
    NEAR(escalate_anim_rate(LEVEL_ALERT), 2.0);

    /* EMERGENCY: takeover for the minimum time, then the red frame. */
    v[0] = LEVEL_EMERGENCY;
    escalate_update(&e, level_max(v, 3), true, 20.0);
    assert_int_equal(escalate_screen_level(&e), LEVEL_EMERGENCY);
    NEAR(escalate_anim_rate(LEVEL_EMERGENCY), 3.0);
    assert_true(escalate_takeover(&e, 20.0));
    assert_true(escalate_takeover(&e, 24.9));
    assert_false(escalate_red_frame(&e, 24.9));
    NEAR(escalate_next_change(&e, 22.0), 25.0);
    assert_false(escalate_takeover(&e, 25.0));
    assert_true(escalate_red_frame(&e, 25.0));
    assert_true(escalate_red_frame(&e, 500.0));

    /* Space acknowledges: no frame, screen drawn at ALERT. */
    assert_true(escalate_ack(&e, 30.0));
    assert_false(escalate_red_frame(&e, 30.0));
    assert_int_equal(escalate_screen_level(&e), LEVEL_ALERT);
    /* The same emergency going on does not re-arm ... */
    escalate_update(&e, LEVEL_EMERGENCY, false, 31.0);
    assert_false(escalate_takeover(&e, 31.0));
    /* ... a new cause does. */
    escalate_update(&e, LEVEL_EMERGENCY, true, 40.0);
    assert_true(escalate_takeover(&e, 40.0));
    assert_int_equal(escalate_screen_level(&e), LEVEL_EMERGENCY);

    /* Clearing before the minimum time still shows the takeover to the end,
     * then nothing. */
    escalate_update(&e, LEVEL_NOMINAL, false, 41.0);
    assert_true(escalate_takeover(&e, 44.0));
    assert_false(escalate_red_frame(&e, 46.0));
    assert_false(escalate_takeover(&e, 46.0));
    assert_int_equal(escalate_screen_level(&e), LEVEL_NOMINAL);

    /* Clearing ends the red frame without acknowledgement; coming back
     * re-arms. */
    escalate_update(&e, LEVEL_EMERGENCY, false, 100.0);
    assert_true(escalate_takeover(&e, 100.0));
    assert_true(escalate_red_frame(&e, 106.0));
    escalate_update(&e, LEVEL_CAUTION, false, 107.0);
    assert_false(escalate_red_frame(&e, 107.0));
    assert_false(escalate_ack(&e, 108.0));
    escalate_update(&e, LEVEL_EMERGENCY, false, 109.0);
    assert_true(escalate_takeover(&e, 109.0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_u_by_screen),
        cmocka_unit_test(test_cells_scale_with_screen),
        cmocka_unit_test(test_portrait_fold),
        cmocka_unit_test(test_flow),
        cmocka_unit_test(test_numfmt),
        cmocka_unit_test(test_thresholds_hysteresis),
        cmocka_unit_test(test_escalation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
