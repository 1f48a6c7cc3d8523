/* Text layout and drawing with the real fonts in fonts/ (found through
 * MAGI_DATA_DIR, which ctest sets to the source root): measuring, kerning and
 * tabular digits, fit-to-width, alignment, fallback and .notdef, bilingual
 * blocks, the glyph cache, recording, the white texel, atlas resets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "render/atlas.h"
#include "render/batch.h"
#include "render/text.h"

static struct text *new_text(void)
{
    /* No system fonts: results must not depend on what this machine has. */
    struct text *t = text_create(&(struct text_desc){.no_system_fallback = true});
    assert_non_null(t);
    return t;
}

static struct batch *new_batch(void)
{
    struct batch *b = batch_create(&(struct batch_desc){.record = true});
    assert_non_null(b);
    return b;
}

static float width(struct text *t, enum font_face face, float size, const char *s)
{
    struct text_style st = {.face = face, .size = size};
    return text_measure(t, &st, s).width;
}

/* Bounding box of the glyph quads in the batch (vertex positions). */
struct box {
    float x0, y0, x1, y1;
    size_t quads;
};
static struct box glyph_box(const struct batch *b)
{
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    struct box bx = {1e9f, 1e9f, -1e9f, -1e9f, n / 4};
    for (size_t i = 0; i < n; i++) {
        bx.x0 = fminf(bx.x0, v[i].x);
        bx.y0 = fminf(bx.y0, v[i].y);
        bx.x1 = fmaxf(bx.x1, v[i].x);
        bx.y1 = fmaxf(bx.y1, v[i].y);
    }
    return bx;
}

static size_t count_ops(const struct batch *b, enum batch_op op)
{
    size_t n, k = 0;
    const struct batch_cmd *c = batch_commands(b, &n);
    for (size_t i = 0; i < n; i++)
        k += c[i].op == op;
    return k;
}

static const struct batch_cmd *nth_text_op(const struct batch *b, size_t nth)
{
    size_t n;
    const struct batch_cmd *c = batch_commands(b, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_TEXT && nth-- == 0)
            return &c[i];
    fail_msg("no text op %zu", nth);
    return NULL;
}

static void test_measure_scales(void **state)
{
    (void)state;
    struct text *t = new_text();
    float w = width(t, FONT_SANS, 20, "MAGI SYSTEM");
    assert_true(w > 50 && w < 200);
    /* Everything scales with the size ... */
    assert_float_equal(width(t, FONT_SANS, 40, "MAGI SYSTEM"), 2 * w, 0.01);
    /* ... and horizontally with scale_x. */
    struct text_style st = {.face = FONT_SANS, .size = 20, .scale_x = 0.5f};
    struct text_metrics m = text_measure(t, &st, "MAGI SYSTEM");
    assert_float_equal(m.width, w / 2, 0.01);
    assert_float_equal(m.scale_x, 0.5, 1e-6);
    assert_float_equal(m.size, 20, 1e-6);
    /* Tracking is added between characters, not after the last: 10 gaps. */
    st.scale_x = 1.0f;
    st.tracking = 0.15f;
    assert_float_equal(text_measure(t, &st, "MAGI SYSTEM").width, w + 10 * 0.15f * 20, 0.01);
    /* Empty strings and NULL measure zero but have vertical metrics. */
    struct text_metrics e = text_measure(t, &st, "");
    assert_float_equal(e.width, 0, 0);
    assert_true(e.cap_height > 10 && e.ascent > e.cap_height && e.descent > 0);
    assert_float_equal(text_measure(t, &st, NULL).width, 0, 0);
    text_destroy(t);
}

static void test_cap_heights(void **state)
{
    (void)state;
    struct text *t = new_text();
    /* Liberation Sans Narrow: capitals 1409/2048 em. */
    assert_float_equal(text_cap_height(t, FONT_SANS, 100), 68.8, 0.1);
    /* The serif's job is kanji: the height of 国 (854/1000 em). */
    assert_float_equal(text_cap_height(t, FONT_SERIF, 100), 85.4, 0.1);
    /* The takeover face is emboldened by 4.5 % of the size: taller too. */
    assert_float_equal(text_cap_height(t, FONT_DISPLAY, 100), 68.8 + 4.5, 0.1);
    /* Per string: Latin in the serif reaches the capitals, kanji higher. */
    struct text_style st = {.face = FONT_SERIF, .size = 100};
    float latin = text_measure(t, &st, "MAGI").cap_height;
    float kanji = text_measure(t, &st, "MAGI 合議").cap_height;
    assert_true(latin < kanji - 5);
    assert_float_equal(kanji, 85.4, 0.1);
    /* Vertical stretch multiplies the vertical metrics, not the width. */
    struct text_style tall = {.face = FONT_SANS, .size = 100, .scale_y = 2.0f};
    struct text_metrics m = text_measure(t, &tall, "ALERT");
    assert_float_equal(m.cap_height, 2 * 68.8, 0.2);
    assert_float_equal(m.width, width(t, FONT_SANS, 100, "ALERT"), 0.01);
    text_destroy(t);
}

static void test_kerning_and_tabular_digits(void **state)
{
    (void)state;
    struct text *t = new_text();
    /* The face kerns A-V (-123/2048 em) ... */
    float av = width(t, FONT_SANS, 100, "AV");
    float a = width(t, FONT_SANS, 100, "A"), v = width(t, FONT_SANS, 100, "V");
    assert_float_equal(av, a + v - 100 * 123.0f / 2048.0f, 0.01);
    /* ... and 1-1 too (-92/2048), but digits keep their tabular widths so
     * columns of numbers do not wobble. */
    float one = width(t, FONT_SANS, 100, "1");
    assert_float_equal(width(t, FONT_SANS, 100, "11"), 2 * one, 0.001);
    assert_float_equal(width(t, FONT_SANS, 100, "1111"), width(t, FONT_SANS, 100, "8888"), 0.001);
    text_destroy(t);
}

static void test_fit_to_width(void **state)
{
    (void)state;
    struct text *t = new_text();
    const char *s = "MEMORY PRESSURE LEVEL";
    float natural = width(t, FONT_SANS, 30, s);

    /* Fits already: nothing changes. */
    struct text_style st = {.face = FONT_SANS, .size = 30, .max_width = natural + 1};
    struct text_metrics m = text_measure(t, &st, s);
    assert_float_equal(m.scale_x, 1, 0);
    assert_float_equal(m.size, 30, 0);

    /* A little too wide: squeezed, same size, fills the width. */
    st.max_width = natural * 0.8f;
    m = text_measure(t, &st, s);
    assert_true(m.width <= st.max_width);
    assert_true(m.width > st.max_width - 0.01f * natural);
    assert_float_equal(m.scale_x, 0.8, 0.01);
    assert_float_equal(m.size, 30, 0);

    /* Far too wide: squeezed to min_scale_x, then the size shrinks. */
    st.max_width = natural * 0.3f;
    st.min_scale_x = 0.6f;
    m = text_measure(t, &st, s);
    assert_true(m.width <= st.max_width);
    assert_true(m.width > st.max_width - 0.02f * natural);
    assert_float_equal(m.scale_x, 0.6, 0.004);
    assert_float_equal(m.size, 30 * 0.3 / 0.6, 0.2);

    /* The default minimum is STYLE.md's 0.55. */
    st.min_scale_x = 0;
    assert_float_equal(text_measure(t, &st, s).scale_x, 0.55, 0.004);

    /* Fitting with tracking and embolden (the takeover face) still fits. */
    struct text_style big = {.face = FONT_DISPLAY, .size = 500, .tracking = 0.08f,
                             .embolden = 3, .max_width = 1700, .scale_y = 1.5f};
    m = text_measure(t, &big, "EMERGENCY");
    assert_true(m.width <= 1700);
    assert_true(m.width > 1690);

    /* The drawn glyphs stay inside the width too. */
    struct batch *b = new_batch();
    st.max_width = 200;
    m = text_draw(t, b, &st, 100, 100, s);
    struct box bx = glyph_box(b);
    assert_true(bx.x0 >= 99 && bx.x1 <= 100 + 200 + 1);
    batch_destroy(b);
    text_destroy(t);
}

static void test_alignment(void **state)
{
    (void)state;
    struct text *t = new_text();
    struct batch *b = new_batch();
    const enum text_align aligns[] = {TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT};
    for (int i = 0; i < 3; i++) {
        batch_clear(b);
        struct text_style st = {.face = FONT_SANS, .size = 24, .align = aligns[i]};
        struct text_metrics m = text_draw(t, b, &st, 500, 300, "HIJ");
        const struct batch_cmd *c = nth_text_op(b, 0);
        float want = aligns[i] == TEXT_LEFT ? 500 : aligns[i] == TEXT_CENTER ? 500 - m.width / 2
                                                                           : 500 - m.width;
        assert_float_equal(c->x, want, 0.001);
        assert_float_equal(c->w, m.width, 0.001);
        /* The ink is within a pixel of the box (H, I and J have small bearings). */
        struct box bx = glyph_box(b);
        assert_true(bx.x0 >= want - 1 && bx.x0 <= want + 4);
        assert_true(bx.x1 <= want + m.width + 1 && bx.x1 >= want + m.width - 5);
    }
    batch_destroy(b);
    text_destroy(t);
}

static void test_valign(void **state)
{
    (void)state;
    struct text *t = new_text();
    struct batch *b = new_batch();
    struct text_style st = {.face = FONT_SANS, .size = 40};
    float cap = text_measure(t, &st, "HEX").cap_height;

    st.valign = TEXT_BASELINE;
    text_draw(t, b, &st, 10, 200, "HEX");
    struct box bx = glyph_box(b);
    assert_float_equal(bx.y1, 200, 1.0);       /* flat bottoms on the baseline */
    assert_float_equal(bx.y0, 200 - cap, 1.0); /* flat tops at the cap height */

    batch_clear(b);
    st.valign = TEXT_CAP_TOP;
    text_draw(t, b, &st, 10, 200, "HEX");
    bx = glyph_box(b);
    assert_float_equal(bx.y0, 200, 1.0);

    batch_clear(b);
    st.valign = TEXT_CAP_MIDDLE;
    text_draw(t, b, &st, 10, 200, "HEX");
    bx = glyph_box(b);
    assert_float_equal((bx.y0 + bx.y1) / 2, 200, 1.0);

    batch_clear(b);
    st.valign = TEXT_DESCENT;
    struct text_metrics m = text_draw(t, b, &st, 10, 200, "HEX");
    bx = glyph_box(b);
    assert_float_equal(bx.y1, 200 - m.descent, 1.0);

    /* Kanji align by their own top under TEXT_CAP_TOP. */
    batch_clear(b);
    struct text_style jp = {.face = FONT_SERIF, .size = 60, .valign = TEXT_CAP_TOP};
    text_draw(t, b, &jp, 10, 300, "国");
    bx = glyph_box(b);
    assert_float_equal(bx.y0, 300, 1.0);
    batch_destroy(b);
    text_destroy(t);
}

static void test_fallback_and_notdef(void **state)
{
    (void)state;
    struct text *t = new_text();
    struct batch *b = new_batch();

    /* Kanji in the condensed face come from the serif: drawn, full width. */
    struct text_style st = {.face = FONT_SANS, .size = 50};
    float kanji = text_measure(t, &st, "熱").width;
    assert_float_equal(kanji, 50, 0.01); /* ideographs are one em wide */
    text_draw(t, b, &st, 0, 100, "熱");
    assert_int_equal(glyph_box(b).quads, 1);

    /* A character no shipped face has (U+1F600, U+0E01 Thai) is the face's
     * .notdef box: drawn, with the box's advance, the same for each. */
    float ab = width(t, FONT_SANS, 50, "AB");
    float emoji = width(t, FONT_SANS, 50, "A\xF0\x9F\x98\x80" "B");
    float thai = width(t, FONT_SANS, 50, "A\xE0\xB8\x81" "B");
    assert_true(emoji > ab + 10);
    assert_float_equal(emoji, thai, 0.001);
    batch_clear(b);
    text_draw(t, b, &st, 0, 100, "A\xF0\x9F\x98\x80" "B");
    assert_int_equal(glyph_box(b).quads, 3);

    /* Invalid UTF-8 decodes to U+FFFD, which no shipped face has: a box too. */
    assert_float_equal(width(t, FONT_SANS, 50, "A\xFF" "B"), thai, 0.001);

    /* Control and zero-width characters take no room at all. */
    assert_float_equal(width(t, FONT_SANS, 50, "A\tB\n"), ab, 0.001);
    assert_float_equal(width(t, FONT_SANS, 50, "A\xE2\x80\x8B" "B"), ab, 0.001);
    batch_destroy(b);
    text_destroy(t);
}

static void test_system_fallback_cached(void **state)
{
    (void)state;
    /* Whatever this machine's fonts are, asking fontconfig once per character
     * is enough: the second draw makes no FreeType or fontconfig call. */
    struct text *t = text_create(NULL);
    assert_non_null(t);
    struct batch *b = new_batch();
    struct text_style st = {.face = FONT_SANS, .size = 30};
    const char *s = "\xEA\xB0\x80 \xD7\x90 \xE0\xB8\x81"; /* Hangul, Hebrew, Thai */
    text_draw(t, b, &st, 0, 50, s);
    struct text_stats s1, s2;
    text_get_stats(t, &s1);
    batch_clear(b);
    struct text_metrics m = text_draw(t, b, &st, 0, 50, s);
    text_get_stats(t, &s2);
    assert_int_equal(s2.ft_calls, s1.ft_calls);
    assert_true(m.width > 0);
    assert_int_equal(glyph_box(b).quads, 3); /* a glyph or a box for each */
    batch_destroy(b);
    text_destroy(t);
}

static void test_missing_fonts(void **state)
{
    (void)state;
    /* No fonts at all: text measures zero and draws nothing, without crashing. */
    struct text *t = text_create(
        &(struct text_desc){.font_dir = "/nonexistent/magi-fonts", .no_system_fallback = true});
    assert_non_null(t);
    struct batch *b = new_batch();
    struct text_style st = {.face = FONT_SANS, .size = 20};
    struct text_metrics m = text_draw(t, b, &st, 0, 0, "NO FONTS");
    assert_float_equal(m.width, 0, 0);
    assert_true(m.cap_height > 0);
    assert_int_equal(glyph_box(b).quads, 0);
    batch_destroy(b);
    text_destroy(t);
}

static void test_bilingual(void **state)
{
    (void)state;
    struct text *t = new_text();
    struct batch *b = new_batch();
    struct text_style jp = {.face = FONT_SERIF, .size = 60};
    struct text_style en = {.face = FONT_SANS, .size = 24, .tracking = 0.12f};
    struct text_metrics mj = text_measure(t, &jp, "内部");
    struct text_metrics me = text_measure(t, &en, "INTERNAL");

    /* Below, right-aligned: both lines end at x, the gloss in capitals. */
    float w, h;
    struct text_bilingual bl = {.jp = "内部", .en = "internal", .size = 60,
                                .gloss_below = true, .align = TEXT_RIGHT};
    text_draw_bilingual(t, b, &bl, 800, 100, &w, &h);
    assert_int_equal(count_ops(b, BATCH_OP_TEXT), 2);
    const struct batch_cmd *cj = nth_text_op(b, 0), *ce = nth_text_op(b, 1);
    assert_string_equal(cj->text, "内部");
    assert_string_equal(ce->text, "INTERNAL");
    assert_float_equal(cj->x + cj->w, 800, 0.01);
    assert_float_equal(ce->x + ce->w, 800, 0.01);
    assert_float_equal(w, fmaxf(mj.width, me.width), 0.01);
    /* Height: the term (top of the kanji to their bottom), a gap, the gloss. */
    assert_true(h > mj.cap_height + me.cap_height);
    assert_true(h < mj.cap_height + me.cap_height + 0.4f * 60);
    struct box bx = glyph_box(b);
    /* Top of the block is y: the ideographic top (国's); single kanji such
     * as 内 poke up to 0.03 em above it. */
    assert_float_equal(bx.y0, 100, 0.04 * 60);
    assert_float_equal(bx.y1, 100 + h, 1.0); /* the gloss's baseline ends it */

    /* Beside, left-aligned: term then gloss on one baseline. */
    batch_clear(b);
    bl = (struct text_bilingual){.jp = "内部", .en = "Internal", .size = 60};
    text_draw_bilingual(t, b, &bl, 100, 100, &w, &h);
    cj = nth_text_op(b, 0);
    ce = nth_text_op(b, 1);
    assert_float_equal(cj->x, 100, 0.01);
    assert_true(ce->x > cj->x + cj->w);
    assert_float_equal(ce->x + ce->w, 100 + w, 0.01);
    /* Same baseline: the line boxes' baselines (y + ascent) coincide. */
    float jp_base = cj->y + text_measure(t, &jp, "内部").ascent;
    float en_base = ce->y + text_measure(t, &en, "INTERNAL").ascent;
    assert_float_equal(jp_base, en_base, 0.01);
    assert_true(w > mj.width + me.width);
    assert_true(w < mj.width + me.width + 0.5f * 60);

    /* max_width squeezes the block into the width. */
    batch_clear(b);
    bl.max_width = 150;
    text_draw_bilingual(t, b, &bl, 100, 100, &w, &h);
    assert_true(w <= 150.01f);
    bx = glyph_box(b);
    assert_true(bx.x1 <= 100 + 150 + 1);

    /* An empty gloss is just the term. */
    batch_clear(b);
    bl = (struct text_bilingual){.jp = "内部", .size = 60};
    text_draw_bilingual(t, b, &bl, 100, 100, &w, &h);
    assert_int_equal(count_ops(b, BATCH_OP_TEXT), 1);
    assert_float_equal(w, mj.width, 0.01);
    batch_destroy(b);
    text_destroy(t);
}

static void test_cache_second_draw_is_free(void **state)
{
    (void)state;
    struct text *t = new_text();
    struct batch *b = new_batch();
    struct atlas *a = text_atlas(t);
    struct text_style st = {.face = FONT_SANS, .size = 15, .tracking = 0.15f};
    struct text_style jp = {.face = FONT_SERIF, .size = 48};
    struct atlas_rect d;

    text_draw(t, b, &st, 10.3f, 20, "CODE:127 FILE:MAGI_SYS EXTENTION:4088");
    text_draw(t, b, &jp, 10, 80, "活動限界まで");
    struct text_stats s1;
    text_get_stats(t, &s1);
    assert_true(s1.rasterised > 10);
    assert_true(atlas_take_dirty(a, &d));
    uint32_t gen = atlas_generation(a);

    /* The same frame again: no FreeType or fontconfig call, no atlas write. */
    batch_clear(b);
    text_draw(t, b, &st, 10.3f, 20, "CODE:127 FILE:MAGI_SYS EXTENTION:4088");
    text_draw(t, b, &jp, 10, 80, "活動限界まで");
    struct text_stats s2;
    text_get_stats(t, &s2);
    assert_int_equal(s2.ft_calls, s1.ft_calls);
    assert_int_equal(s2.rasterised, s1.rasterised);
    assert_false(atlas_take_dirty(a, &d));
    assert_int_equal(atlas_generation(a), gen);

    /* Measuring is free too, and so is the same text moved by whole pixels. */
    text_measure(t, &st, "CODE:127 FILE:MAGI_SYS EXTENTION:4088");
    text_draw(t, b, &st, 110.3f, 220, "CODE:127 FILE:MAGI_SYS EXTENTION:4088");
    text_get_stats(t, &s2);
    assert_int_equal(s2.ft_calls, s1.ft_calls);

    /* A new size is new work. */
    st.size = 16;
    text_draw(t, b, &st, 10, 20, "CODE");
    text_get_stats(t, &s2);
    assert_true(s2.rasterised > s1.rasterised);
    assert_true(atlas_take_dirty(a, &d));
    batch_destroy(b);
    text_destroy(t);
}

static void test_recording_and_quads(void **state)
{
    (void)state;
    struct text *t = new_text();
    struct batch *b = new_batch();
    struct text_style st = {.face = FONT_SANS, .size = 20, .color = {255, 122, 38, 255}};
    text_draw(t, b, &st, 10, 30, "A B");
    /* One text record, one glyph per visible character (the space has none). */
    assert_int_equal(count_ops(b, BATCH_OP_TEXT), 1);
    assert_int_equal(count_ops(b, BATCH_OP_GLYPH), 2);
    const struct batch_cmd *c = nth_text_op(b, 0);
    assert_string_equal(c->text, "A B");
    assert_int_equal(c->color.g, 122);

    /* Glyph quads sit on whole pixels and sample texels that hold coverage. */
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    assert_int_equal(n, 8);
    const uint8_t *px = atlas_pixels(text_atlas(t));
    int aw;
    atlas_size(text_atlas(t), &aw, NULL);
    for (size_t q = 0; q < n; q += 4) {
        assert_float_equal(v[q].x, floorf(v[q].x), 0);
        assert_float_equal(v[q].y, floorf(v[q].y), 0);
        int u0 = (int)v[q].u, v0 = (int)v[q].v, u1 = (int)v[q + 2].u, v1 = (int)v[q + 2].v;
        assert_float_equal(v[q + 2].x - v[q].x, u1 - u0, 0); /* one texel per pixel */
        unsigned sum = 0;
        for (int y = v0; y < v1; y++)
            for (int x = u0; x < u1; x++)
                sum += px[y * aw + x];
        assert_true(sum > 255u * 10);
    }
    batch_destroy(b);

    /* Without recording, geometry only. */
    b = batch_create(NULL);
    text_draw(t, b, &st, 10, 30, "A B");
    batch_vertices(b, &n);
    assert_int_equal(n, 8);
    batch_commands(b, &n);
    assert_int_equal(n, 0);
    batch_destroy(b);
    text_destroy(t);
}

static void test_white_texel(void **state)
{
    (void)state;
    struct text *t = new_text();
    struct batch *b = new_batch();
    text_bind_batch(t, b);
    batch_rect(b, 0, 0, 10, 10, (rgba){255, 255, 255, 255});
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    assert_true(n >= 4);
    const uint8_t *px = atlas_pixels(text_atlas(t));
    int aw;
    atlas_size(text_atlas(t), &aw, NULL);
    /* Bilinear sampling at (u, v) reads the four texels around it: all white. */
    int u = (int)floorf(v[0].u - 0.5f), w = (int)floorf(v[0].v - 0.5f);
    for (int dy = 0; dy < 2; dy++)
        for (int dx = 0; dx < 2; dx++)
            assert_int_equal(px[(w + dy) * aw + u + dx], 255);
    batch_destroy(b);
    text_destroy(t);
}

static void test_atlas_full_resets(void **state)
{
    (void)state;
    /* A tiny atlas that many sizes overflow: it is cleared and drawing goes on. */
    struct text *t = text_create(
        &(struct text_desc){.atlas_size = 256, .atlas_max = 256, .no_system_fallback = true});
    assert_non_null(t);
    struct batch *b = new_batch();
    uint32_t gen = atlas_generation(text_atlas(t));
    for (int size = 20; size < 60; size += 2) {
        struct text_style st = {.face = FONT_SERIF, .size = (float)size};
        text_draw(t, b, &st, 0, 100, "自己診断");
    }
    struct text_stats s;
    text_get_stats(t, &s);
    assert_true(s.atlas_resets > 0);
    assert_true(atlas_generation(text_atlas(t)) > gen);
    /* The last string drawn is all there after the reset. */
    batch_clear(b);
    struct text_style st = {.face = FONT_SERIF, .size = 58};
    text_draw(t, b, &st, 0, 100, "自己診断");
    assert_int_equal(glyph_box(b).quads, 4);
    batch_destroy(b);
    text_destroy(t);
}

static void test_atlas_cleared_between_frames(void **state)
{
    (void)state;
    /* Frames that each need a little of a small atlas: when it fills up, it
     * is cleared by text_bind_batch at the start of a frame, never while a
     * frame is being drawn (which would strand that frame's earlier quads). */
    struct text *t = text_create(
        &(struct text_desc){.atlas_size = 512, .atlas_max = 512, .no_system_fallback = true});
    assert_non_null(t);
    struct batch *b = new_batch();
    unsigned long long at_start = 0, mid_frame = 0;
    for (int size = 20; size <= 80; size += 2) {
        struct text_stats s0, s1, s2;
        text_get_stats(t, &s0);
        batch_clear(b);
        text_bind_batch(t, b);
        text_get_stats(t, &s1);
        struct text_style st = {.face = FONT_SERIF, .size = (float)size};
        text_draw(t, b, &st, 0, 100, "自己診断");
        text_get_stats(t, &s2);
        at_start += s1.atlas_resets - s0.atlas_resets;
        mid_frame += s2.atlas_resets - s1.atlas_resets;
        assert_int_equal(glyph_box(b).quads, 4);
    }
    assert_true(at_start > 0);
    assert_int_equal(mid_frame, 0);
    batch_destroy(b);
    text_destroy(t);
}

/* Two drawings are the same: the same quads in the same places and
 * colours, each showing the same coverage bitmap from its own atlas (where a
 * glyph sits in an atlas depends on what was packed before it). */
static bool same_drawing(const struct batch *a, struct text *ta, const struct batch *b,
                         struct text *tb)
{
    size_t na, nb, ia, ib;
    const struct batch_vertex *va = batch_vertices(a, &na), *vb = batch_vertices(b, &nb);
    const uint32_t *xa = batch_indices(a, &ia), *xb = batch_indices(b, &ib);
    if (na != nb || ia != ib || memcmp(xa, xb, ia * sizeof *xa) != 0)
        return false;
    int wa, ha, wb, hb;
    atlas_size(text_atlas(ta), &wa, &ha);
    atlas_size(text_atlas(tb), &wb, &hb);
    const uint8_t *pa = atlas_pixels(text_atlas(ta)), *pb = atlas_pixels(text_atlas(tb));
    for (size_t i = 0; i < na; i++)
        if (va[i].x != vb[i].x || va[i].y != vb[i].y ||
            memcmp(&va[i].color, &vb[i].color, sizeof va[i].color) != 0)
            return false;
    for (size_t q = 0; q + 3 < na; q += 4) {
        int w = (int)(va[q + 2].u - va[q].u), h = (int)(va[q + 2].v - va[q].v);
        if (w != (int)(vb[q + 2].u - vb[q].u) || h != (int)(vb[q + 2].v - vb[q].v))
            return false;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (pa[((int)va[q].v + y) * wa + (int)va[q].u + x] !=
                    pb[((int)vb[q].v + y) * wb + (int)vb[q].u + x])
                    return false;
    }
    return true;
}

static void draw_sample(struct text *t, struct batch *b, float dx, int k)
{
    static const char *const words[] = {"MAGI", "CPU 37.5 %", "活動限界", "NO SIGNAL", "00:03:17"};
    for (int i = 0; i < 5; i++) {
        struct text_style st = {.face = (enum font_face)(i % FONT_FACE_COUNT),
                                .size = 12.0f + 3.0f * (float)i,
                                .align = (enum text_align)(i % 3),
                                .color = {255, (uint8_t)(40 * i), 0, 255}};
        text_draw(t, b, &st, 100.0f + dx + 0.3f * (float)i, 40.0f * (float)(i + 1), words[(i + k) % 5]);
    }
    text_draw_bilingual(t, b,
                        &(struct text_bilingual){.jp = "温度", .en = "thermal", .size = 30,
                                                 .color = {255, 122, 38, 255}},
                        300 + dx, 300, NULL, NULL);
}

static void test_run_cache_same_quads(void **state)
{
    (void)state;
    /* Strings drawn again (at the same place, elsewhere, with other
     * neighbours) give exactly the quads a fresh text engine gives. */
    struct text *warm = new_text();
    struct batch *b1 = batch_create(&(struct batch_desc){0});
    struct batch *b2 = batch_create(&(struct batch_desc){0});
    for (int frame = 0; frame < 12; frame++) {
        float dx = (frame % 3) * 0.37f;
        batch_clear(b1);
        text_bind_batch(warm, b1);
        draw_sample(warm, b1, dx, frame);
        struct text *fresh = new_text();
        batch_clear(b2);
        text_bind_batch(fresh, b2);
        draw_sample(fresh, b2, dx, frame);
        assert_true(same_drawing(b1, warm, b2, fresh));
        text_destroy(fresh);
    }
    /* A colour change of a cached string changes only the colours. */
    batch_clear(b1);
    struct text_style st = {.face = FONT_SANS, .size = 20, .color = {255, 0, 0, 255}};
    text_draw(warm, b1, &st, 10, 50, "MAGI");
    st.color = (rgba){0, 255, 0, 255};
    batch_clear(b2);
    text_draw(warm, b2, &st, 10, 50, "MAGI");
    size_t n1, n2;
    const struct batch_vertex *v1 = batch_vertices(b1, &n1), *v2 = batch_vertices(b2, &n2);
    assert_int_equal(n1, n2);
    assert_true(n1 > 0);
    for (size_t i = 0; i < n1; i++) {
        assert_true(v1[i].x == v2[i].x && v1[i].y == v2[i].y && v1[i].u == v2[i].u);
        assert_int_equal(v2[i].color.g, 255);
    }
    batch_destroy(b1);
    batch_destroy(b2);
    text_destroy(warm);
}

static void test_run_cache_eviction(void **state)
{
    (void)state;
    /* Far more distinct strings than the cache keeps, over many frames: the
     * drawings stay right and a frame's strings survive the sweeps. */
    struct text *t = new_text();
    struct batch *b = batch_create(&(struct batch_desc){0});
    struct batch *ref = batch_create(&(struct batch_desc){0});
    char s[32];
    for (int frame = 0; frame < 40; frame++) {
        batch_clear(b);
        text_bind_batch(t, b);
        for (int i = 0; i < 60; i++) {
            snprintf(s, sizeof s, "%d.%d", frame, i);
            struct text_style st = {.face = FONT_SEG7, .size = 18};
            text_draw(t, b, &st, 10, 20 + (float)i, s);
        }
        text_draw(t, b, &(struct text_style){.face = FONT_SANS, .size = 14}, 5, 5, "HEADER");
    }
    struct text *fresh = new_text();
    text_bind_batch(fresh, ref);
    for (int i = 0; i < 60; i++) {
        snprintf(s, sizeof s, "%d.%d", 39, i);
        struct text_style st = {.face = FONT_SEG7, .size = 18};
        text_draw(fresh, ref, &st, 10, 20 + (float)i, s);
    }
    text_draw(fresh, ref, &(struct text_style){.face = FONT_SANS, .size = 14}, 5, 5, "HEADER");
    assert_true(same_drawing(b, t, ref, fresh));
    text_destroy(fresh);
    batch_destroy(b);
    batch_destroy(ref);
    text_destroy(t);
}

static void test_run_cache_pool_sweep(void **state)
{
    (void)state;
    /* Long strings fill the cache's byte pool long before its count: the
     * sweeps pack the strings of this frame and the last to the pool's front
     * (moving their glyphs), and what is drawn stays what a fresh engine draws. */
    struct text *t = new_text();
    struct batch *b = batch_create(&(struct batch_desc){0});
    struct batch *ref = batch_create(&(struct batch_desc){0});
    static char s[8][1001];
    static char keep[601];
    for (int i = 0; i < 600; i++)
        keep[i] = (char)('A' + i % 26);
    struct text_style st = {.face = FONT_MONO, .size = 9};
    for (int frame = 0; frame < 30; frame++) {
        for (int k = 0; k < 8; k++) {
            int len = 200 + (frame * 97 + k * 131) % 800;
            for (int i = 0; i < len; i++)
                s[k][i] = (char)('0' + (i + frame + k) % 10);
            s[k][len] = '\0';
        }
        batch_clear(b);
        text_bind_batch(t, b);
        /* Drawn elsewhere each frame, so their quads are made again from
         * the cached glyphs. */
        text_draw(t, b, &st, 5 + (float)(frame % 2), 5, "HEADER");
        for (int k = 0; k < 8; k++)
            text_draw(t, b, &st, 10, 20 + 12 * (float)k, s[k]);
        text_draw(t, b, &st, 5 + (float)(frame % 3), 200, keep);
    }
    struct text *fresh = new_text();
    text_bind_batch(fresh, ref);
    text_draw(fresh, ref, &st, 5 + (float)(29 % 2), 5, "HEADER");
    for (int k = 0; k < 8; k++)
        text_draw(fresh, ref, &st, 10, 20 + 12 * (float)k, s[k]);
    text_draw(fresh, ref, &st, 5 + (float)(29 % 3), 200, keep);
    assert_true(same_drawing(b, t, ref, fresh));
    text_destroy(fresh);
    batch_destroy(b);
    batch_destroy(ref);
    text_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_cache_same_quads),
        cmocka_unit_test(test_run_cache_eviction),
        cmocka_unit_test(test_run_cache_pool_sweep),
        cmocka_unit_test(test_measure_scales),
        cmocka_unit_test(test_cap_heights),
        cmocka_unit_test(test_kerning_and_tabular_digits),
        cmocka_unit_test(test_fit_to_width),
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_valign),
        cmocka_unit_test(test_fallback_and_notdef),
        cmocka_unit_test(test_system_fallback_cached),
        cmocka_unit_test(test_missing_fonts),
        cmocka_unit_test(test_bilingual),
        cmocka_unit_test(test_cache_second_draw_is_free),
        cmocka_unit_test(test_recording_and_quads),
        cmocka_unit_test(test_white_texel),
        cmocka_unit_test(test_atlas_full_resets),
        cmocka_unit_test(test_atlas_cleared_between_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
