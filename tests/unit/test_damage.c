/* render/damage: which rectangles a new batch changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "render/batch.h"
#include "render/damage.h"

#define W 640
#define H 360

static const rgba ORANGE = {255, 122, 38, 255};
static const rgba GREEN = {80, 255, 140, 255};

struct fixture {
    struct batch *b;
    struct damage *d;
    struct damage_rect r[8];
};

static int setup(void **state)
{
    static struct fixture f;
    f.b = batch_create(&(struct batch_desc){0});
    f.d = damage_create(&(struct damage_desc){.w = W, .h = H, .tile = 32, .max_rects = 8});
    *state = &f;
    return f.b && f.d ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    batch_destroy(f->b);
    damage_destroy(f->d);
    return 0;
}

/* A "screen": a frame and two readouts at fixed places. */
static void draw(struct batch *b, float readout_x, rgba readout_c)
{
    batch_clear(b);
    batch_rect_outline(b, 10, 10, 620, 340, 2, ORANGE);
    batch_rect(b, readout_x, 100, 40, 20, readout_c);
    batch_rect(b, 400, 250, 60, 30, ORANGE);
}

static int update(struct fixture *f) { return damage_update(f->d, f->b, 1, f->r); }

static bool covers(struct damage_rect r, int x0, int y0, int x1, int y1)
{
    return r.x <= x0 && r.y <= y0 && r.x + r.w >= x1 && r.y + r.h >= y1;
}

static void test_first_and_after_reset_is_everything(void **state)
{
    struct fixture *f = *state;
    draw(f->b, 100, ORANGE);
    assert_int_equal(update(f), -1);
    assert_int_equal(update(f), 0); /* the same batch: nothing to draw */
    damage_reset(f->d);
    assert_int_equal(update(f), -1);
    assert_int_equal(update(f), 0);
}

static void test_colour_change_is_one_small_rect(void **state)
{
    struct fixture *f = *state;
    draw(f->b, 100, ORANGE);
    update(f);
    draw(f->b, 100, GREEN);
    int n = update(f);
    assert_int_equal(n, 1);
    /* The readout (plus a pixel of slack), in whole tiles, nothing more. */
    assert_true(covers(f->r[0], 99, 99, 141, 121));
    assert_true(f->r[0].w <= 64 + 32 && f->r[0].h <= 64);
    /* Back to orange: dirty again, then quiet. */
    draw(f->b, 100, ORANGE);
    assert_int_equal(update(f), 1);
    assert_int_equal(update(f), 0);
}

static void test_move_covers_old_and_new_place(void **state)
{
    struct fixture *f = *state;
    draw(f->b, 100, ORANGE);
    update(f);
    draw(f->b, 300, ORANGE);
    int n = update(f);
    assert_true(n >= 1 && n <= 8);
    bool old_place = false, new_place = false;
    for (int i = 0; i < n; i++) {
        old_place |= covers(f->r[i], 100, 100, 140, 120);
        new_place |= covers(f->r[i], 300, 100, 340, 120);
    }
    assert_true(old_place);
    assert_true(new_place);
    /* The untouched readout at 400,250 is not redrawn. */
    for (int i = 0; i < n; i++)
        assert_false(covers(f->r[i], 400, 250, 460, 280));
}

static void test_order_and_clip_count(void **state)
{
    struct fixture *f = *state;
    /* Same triangles, other order: blending differs, so it is a change. */
    batch_clear(f->b);
    batch_rect(f->b, 100, 100, 40, 20, ORANGE);
    batch_rect(f->b, 110, 105, 40, 20, GREEN);
    update(f);
    batch_clear(f->b);
    batch_rect(f->b, 110, 105, 40, 20, GREEN);
    batch_rect(f->b, 100, 100, 40, 20, ORANGE);
    assert_true(update(f) >= 1);
    /* Same triangles under a clip rectangle: a change too. */
    batch_clear(f->b);
    batch_set_clip(f->b, 0, 0, 120, 360);
    batch_rect(f->b, 110, 105, 40, 20, GREEN);
    batch_reset_clip(f->b);
    batch_rect(f->b, 100, 100, 40, 20, ORANGE);
    assert_true(update(f) >= 1);
    assert_int_equal(update(f), 0);
}

static void test_new_atlas_is_everything(void **state)
{
    struct fixture *f = *state;
    draw(f->b, 100, ORANGE);
    assert_int_equal(damage_update(f->d, f->b, 7, f->r), -1);
    assert_int_equal(damage_update(f->d, f->b, 7, f->r), 0);
    /* Glyph pixels may have moved under the same texture coordinates. */
    assert_int_equal(damage_update(f->d, f->b, 8, f->r), -1);
}

static void test_big_change_is_everything(void **state)
{
    struct fixture *f = *state;
    draw(f->b, 100, ORANGE);
    update(f);
    batch_clear(f->b);
    batch_rect(f->b, 0, 0, W, H, GREEN);
    assert_int_equal(update(f), -1);
}

static void test_many_changes_merge_to_max(void **state)
{
    struct fixture *f = *state;
    batch_clear(f->b);
    for (int i = 0; i < 40; i++)
        batch_rect(f->b, (float)(i % 10) * 64 + 4, (float)(i / 10) * 90 + 4, 8, 8, ORANGE);
    update(f);
    batch_clear(f->b);
    for (int i = 0; i < 40; i++)
        batch_rect(f->b, (float)(i % 10) * 64 + 4, (float)(i / 10) * 90 + 4, 8, 8, GREEN);
    int n = update(f);
    /* 40 scattered changes: at most max_rects rectangles, or the whole
     * screen when merging would cover most of it; every change covered. */
    if (n > 0) {
        assert_true(n <= 8);
        for (int i = 0; i < 40; i++) {
            int x = (i % 10) * 64 + 4, y = (i / 10) * 90 + 4;
            bool in = false;
            for (int k = 0; k < n; k++)
                in |= covers(f->r[k], x, y, x + 8, y + 8);
            assert_true(in);
        }
    } else {
        assert_int_equal(n, -1);
    }
}

static void test_offscreen_and_nan_ignored(void **state)
{
    struct fixture *f = *state;
    draw(f->b, 100, ORANGE);
    update(f);
    draw(f->b, 100, ORANGE);
    batch_rect(f->b, 2000, 2000, 10, 10, GREEN); /* off the screen: draws nothing */
    assert_int_equal(update(f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_and_after_reset_is_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_colour_change_is_one_small_rect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_move_covers_old_and_new_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_and_clip_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_atlas_is_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_big_change_is_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_changes_merge_to_max, setup, teardown),
        cmocka_unit_test_setup_teardown(test_offscreen_and_nan_ignored, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
