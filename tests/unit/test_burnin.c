/* burnin: the pixel-shift walk visits every offset of its square, moves at
 * most one pixel per step, only at step boundaries, and is a pure function
 * of the wall clock. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "platform/burnin.h"

static void off_is_zero(void **state)
{
    (void)state;
    struct burnin b = {0};
    int dx = 7, dy = 7;
    burnin_offset(&b, 1.7e9, &dx, &dy);
    assert_int_equal(dx, 0);
    assert_int_equal(dy, 0);
    assert_true(isinf(burnin_next(&b, 1.7e9)));
    assert_int_equal(burnin_period(&b), 0);
}

static void walk_covers_square_in_single_steps(void **state)
{
    (void)state;
    for (int range = 1; range <= BURNIN_MAX_RANGE; range++) {
        struct burnin b = {.range = range, .step = 60};
        int side = range + 1, period = burnin_period(&b);
        assert_int_equal(period, 2 * (side * side - 1));
        int *seen = calloc((size_t)(side * side), sizeof *seen);
        int px = 0, py = 0;
        double t0 = 1767225600.0; /* any wall time */
        for (int i = 0; i <= period; i++) {
            int dx, dy;
            burnin_offset(&b, t0 + i * 60.0 + 1.0, &dx, &dy);
            /* Centred: never more than range/2 (rounded up) from home. */
            assert_true(dx >= -range / 2 && dx <= range - range / 2);
            assert_true(dy >= -range / 2 && dy <= range - range / 2);
            if (i > 0)
                assert_int_equal(abs(dx - px) + abs(dy - py), 1);
            seen[(dy + range / 2) * side + dx + range / 2]++;
            px = dx;
            py = dy;
        }
        for (int c = 0; c < side * side; c++)
            assert_true(seen[c] > 0);
        free(seen);
    }
}

static void periodic_and_steps_only_on_boundaries(void **state)
{
    (void)state;
    struct burnin b = {.range = 4}; /* default 60 s step */
    double t = 1767225600.0 + 123.0;
    int dx, dy, ex, ey;
    burnin_offset(&b, t, &dx, &dy);
    burnin_offset(&b, t + burnin_period(&b) * BURNIN_DEFAULT_STEP, &ex, &ey);
    assert_int_equal(dx, ex);
    assert_int_equal(dy, ey);
    /* Constant until burnin_next, different right after. */
    double next = burnin_next(&b, t);
    assert_true(next > t && next - t <= BURNIN_DEFAULT_STEP);
    assert_true(fmod(next, BURNIN_DEFAULT_STEP) == 0.0);
    burnin_offset(&b, next - 0.001, &ex, &ey);
    assert_int_equal(dx, ex);
    assert_int_equal(dy, ey);
    burnin_offset(&b, next, &ex, &ey);
    assert_int_equal(abs(dx - ex) + abs(dy - ey), 1);
}

static void range_is_clamped(void **state)
{
    (void)state;
    struct burnin big = {.range = 100}, max = {.range = BURNIN_MAX_RANGE};
    assert_int_equal(burnin_period(&big), burnin_period(&max));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(off_is_zero),
        cmocka_unit_test(walk_covers_square_in_single_steps),
        cmocka_unit_test(periodic_and_steps_only_on_boundaries),
        cmocka_unit_test(range_is_clamped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
