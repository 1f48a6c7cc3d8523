/* Glyph atlas: packing with gutters, writes, dirty rectangles, growth that
 * keeps texel coordinates, reset when full. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render/atlas.h"

/* True when a and b, each grown by `gutter` texels, overlap. */
static bool overlap(struct atlas_rect a, struct atlas_rect b, int gutter)
{
    return a.x - gutter < b.x + b.w + gutter && b.x - gutter < a.x + a.w + gutter &&
           a.y - gutter < b.y + b.h + gutter && b.y - gutter < a.y + a.h + gutter;
}

static void fill(uint8_t *buf, int w, int h, uint8_t v)
{
    memset(buf, v, (size_t)w * (size_t)h);
}

static void test_defaults(void **state)
{
    (void)state;
    struct atlas *a = atlas_create(NULL);
    assert_non_null(a);
    int w, h;
    atlas_size(a, &w, &h);
    assert_int_equal(w, 1024);
    assert_int_equal(h, 1024);
    struct atlas_rect r;
    assert_false(atlas_take_dirty(a, &r));
    /* A fresh atlas is all zero coverage. */
    const uint8_t *px = atlas_pixels(a);
    for (size_t i = 0; i < 1024u * 1024u; i += 4093)
        assert_int_equal(px[i], 0);
    atlas_destroy(a);
}

static void test_pack_no_overlap_with_gutters(void **state)
{
    (void)state;
    struct atlas *a = atlas_create(&(struct atlas_desc){.size = 256, .max = 256});
    struct atlas_rect rs[200];
    int n = 0;
    srand(7);
    for (; n < 200; n++) {
        int w = 3 + rand() % 14, h = 5 + rand() % 18;
        if (!atlas_alloc(a, w, h, &rs[n]))
            break;
        assert_int_equal(rs[n].w, w);
        assert_int_equal(rs[n].h, h);
        /* Inside the atlas, with room for the gutter on every side. */
        assert_true(rs[n].x >= 1 && rs[n].y >= 1);
        assert_true(rs[n].x + w + 1 <= 256 && rs[n].y + h + 1 <= 256);
    }
    assert_true(n > 100);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (overlap(rs[i], rs[j], 1))
                fail_msg("rects %d and %d closer than one texel", i, j);
    atlas_destroy(a);
}

static void test_write_and_gutter(void **state)
{
    (void)state;
    struct atlas *a = atlas_create(&(struct atlas_desc){.size = 64});
    struct atlas_rect r1, r2;
    assert_true(atlas_alloc(a, 5, 4, &r1));
    assert_true(atlas_alloc(a, 5, 4, &r2));
    uint8_t src[7 * 4];
    fill(src, 7, 4, 0xFF); /* pitch 7 > width 5: only 5 columns are copied */
    atlas_write(a, &r1, src, 7);
    atlas_write(a, &r2, src, 7);
    const uint8_t *px = atlas_pixels(a);
    int size;
    atlas_size(a, &size, NULL);
    for (int y = r1.y - 1; y <= r1.y + r1.h; y++)
        for (int x = r1.x - 1; x <= r1.x + r1.w; x++) {
            bool inside = x >= r1.x && x < r1.x + r1.w && y >= r1.y && y < r1.y + r1.h;
            assert_int_equal(px[y * size + x], inside ? 0xFF : 0);
        }

    /* The dirty rectangle is the union of both writes, then nothing. */
    struct atlas_rect d;
    assert_true(atlas_take_dirty(a, &d));
    int x0 = r1.x < r2.x ? r1.x : r2.x, y0 = r1.y < r2.y ? r1.y : r2.y;
    int x1 = r1.x + r1.w > r2.x + r2.w ? r1.x + r1.w : r2.x + r2.w;
    int y1 = r1.y + r1.h > r2.y + r2.h ? r1.y + r1.h : r2.y + r2.h;
    assert_int_equal(d.x, x0);
    assert_int_equal(d.y, y0);
    assert_int_equal(d.w, x1 - x0);
    assert_int_equal(d.h, y1 - y0);
    assert_false(atlas_take_dirty(a, &d));

    /* An allocation alone does not make anything dirty. */
    struct atlas_rect r3;
    assert_true(atlas_alloc(a, 3, 3, &r3));
    assert_false(atlas_take_dirty(a, &d));
    atlas_destroy(a);
}

static void test_zero_size(void **state)
{
    (void)state;
    struct atlas *a = atlas_create(&(struct atlas_desc){.size = 32});
    struct atlas_rect r;
    assert_true(atlas_alloc(a, 0, 7, &r));
    assert_int_equal(r.w, 0);
    atlas_write(a, &r, NULL, 0);
    assert_false(atlas_take_dirty(a, &r));
    atlas_destroy(a);
}

/* Fills the atlas with 10x10 tiles, each written with its own value, until
 * an allocation fails; returns how many fit. */
static int fill_tiles(struct atlas *a, struct atlas_rect *rs, int max, uint32_t *gen_changes)
{
    uint8_t tile[100];
    uint32_t gen = atlas_generation(a);
    int n = 0;
    for (; n < max; n++) {
        if (!atlas_alloc(a, 10, 10, &rs[n]))
            break;
        if (atlas_generation(a) != gen) {
            gen = atlas_generation(a);
            (*gen_changes)++;
        }
        fill(tile, 10, 10, (uint8_t)(1 + n % 250));
        atlas_write(a, &rs[n], tile, 10);
    }
    return n;
}

static void test_growth_keeps_texels(void **state)
{
    (void)state;
    struct atlas *a = atlas_create(&(struct atlas_desc){.size = 64, .max = 256});
    static struct atlas_rect rs[1024];
    uint32_t g0 = atlas_generation(a), changes = 0;
    int n = fill_tiles(a, rs, 1024, &changes);
    int size;
    atlas_size(a, &size, NULL);
    assert_int_equal(size, 256);
    assert_int_equal(changes, 2); /* 64 -> 128 -> 256 */
    assert_int_equal(atlas_generation(a), g0 + 2);
    /* 12x12 cells (with gutters) in the five regions 64x64, 64x128, 64x64,
     * 128x256 and 128x128: 25 + 50 + 25 + 210 + 100. Growth must not waste the
     * free space left in the old squares. */
    assert_int_equal(n, 410);

    /* Every tile is where it was packed, with its own value, after growing. */
    const uint8_t *px = atlas_pixels(a);
    for (int i = 0; i < n; i++) {
        uint8_t want = (uint8_t)(1 + i % 250);
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++)
                if (px[(rs[i].y + y) * size + rs[i].x + x] != want)
                    fail_msg("tile %d moved or was overwritten", i);
        for (int j = i + 1; j < n; j++)
            if (overlap(rs[i], rs[j], 1))
                fail_msg("tiles %d and %d overlap", i, j);
    }
    atlas_destroy(a);
}

static void test_full_and_reset(void **state)
{
    (void)state;
    struct atlas *a = atlas_create(&(struct atlas_desc){.size = 64, .max = 64});
    static struct atlas_rect rs[64];
    uint32_t changes = 0;
    int n = fill_tiles(a, rs, 64, &changes);
    assert_int_equal(n, 25); /* 5 x 5 cells of 12 in 64 */
    assert_int_equal(changes, 0);
    struct atlas_rect r;
    assert_false(atlas_alloc(a, 10, 10, &r));
    assert_false(atlas_alloc(a, 63, 63, &r)); /* larger than the atlas with gutter */

    uint32_t gen = atlas_generation(a);
    assert_true(atlas_take_dirty(a, &r));
    atlas_reset(a);
    assert_int_equal(atlas_generation(a), gen + 1);
    assert_false(atlas_take_dirty(a, &r));
    const uint8_t *px = atlas_pixels(a);
    for (int i = 0; i < 64 * 64; i++)
        assert_int_equal(px[i], 0);
    assert_true(atlas_alloc(a, 62, 62, &r)); /* the whole atlas is free again */
    assert_int_equal(r.x, 1);
    assert_int_equal(r.y, 1);
    atlas_destroy(a);
}

static void test_too_large(void **state)
{
    (void)state;
    struct atlas *a = atlas_create(&(struct atlas_desc){.size = 32, .max = 128});
    struct atlas_rect r;
    assert_false(atlas_alloc(a, 127, 10, &r)); /* 129 with gutters */
    int size;
    atlas_size(a, &size, NULL);
    assert_int_equal(size, 128); /* it tried growing first */
    /* After growing, the widest free region is half the atlas. */
    assert_false(atlas_alloc(a, 63, 10, &r));
    assert_true(atlas_alloc(a, 62, 126, &r));
    assert_int_equal(r.x, 65);
    atlas_destroy(a);

    /* Without growth, the whole square is one region. */
    a = atlas_create(&(struct atlas_desc){.size = 128, .max = 128});
    assert_true(atlas_alloc(a, 126, 126, &r));
    atlas_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_pack_no_overlap_with_gutters),
        cmocka_unit_test(test_write_and_gutter),
        cmocka_unit_test(test_zero_size),
        cmocka_unit_test(test_growth_keeps_texels),
        cmocka_unit_test(test_full_and_reset),
        cmocka_unit_test(test_too_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
