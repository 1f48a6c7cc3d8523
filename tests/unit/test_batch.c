/* batch: geometry, anti-aliasing fringes, clip runs, recording and degenerate
 * input. "Ink" below is the integral of alpha over the emitted triangles
 * (alpha is linear across each triangle), i.e. how much the shape covers once
 * rasterised; a correct fringe keeps it equal to the shape's true area. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "render/batch.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const rgba ORANGE = {0xFF, 0x7A, 0x26, 255};

static struct batch *mk(bool rec)
{
    struct batch_desc d = {.record = rec};
    struct batch *b = batch_create(&d);
    assert_non_null(b);
    return b;
}

static size_t nverts(const struct batch *b)
{
    size_t n;
    batch_vertices(b, &n);
    return n;
}

static size_t nidx(const struct batch *b)
{
    size_t n;
    batch_indices(b, &n);
    return n;
}

static double ink(const struct batch *b)
{
    size_t nv, ni;
    const struct batch_vertex *v = batch_vertices(b, &nv);
    const uint32_t *ix = batch_indices(b, &ni);
    double sum = 0;
    for (size_t i = 0; i + 2 < ni; i += 3) {
        const struct batch_vertex *p = &v[ix[i]], *q = &v[ix[i + 1]], *r = &v[ix[i + 2]];
        double area = fabs((q->x - p->x) * (double)(r->y - p->y) -
                           (r->x - p->x) * (double)(q->y - p->y)) * 0.5;
        sum += area * (p->color.a + q->color.a + r->color.a) / (3.0 * 255.0);
    }
    return sum;
}

/* Bounds of vertices whose alpha is above min_alpha. */
static void vbounds(const struct batch *b, int min_alpha, float *x0, float *y0, float *x1,
                    float *y1)
{
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    *x0 = *y0 = INFINITY;
    *x1 = *y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (v[i].color.a <= min_alpha)
            continue;
        *x0 = fminf(*x0, v[i].x);
        *y0 = fminf(*y0, v[i].y);
        *x1 = fmaxf(*x1, v[i].x);
        *y1 = fmaxf(*y1, v[i].y);
    }
}

static void check_indices_valid(const struct batch *b)
{
    size_t nv, ni;
    batch_vertices(b, &nv);
    const uint32_t *ix = batch_indices(b, &ni);
    assert_int_equal(ni % 3, 0);
    for (size_t i = 0; i < ni; i++)
        assert_true(ix[i] < nv);
}

static void test_empty(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    size_t n;
    batch_draws(b, &n);
    assert_int_equal(n, 0);
    assert_int_equal(nverts(b), 0);
    assert_int_equal(nidx(b), 0);
    assert_float_equal(batch_get_aa(b), 1.0, 1e-6);
    batch_destroy(b);
    batch_destroy(NULL);
}

static void test_rect(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    batch_rect(b, 10.25f, 20.25f, 100, 50, ORANGE);
    /* Inner ring + outer ring; a 2-triangle fan and 4 fringe quads. */
    assert_int_equal(nverts(b), 8);
    assert_int_equal(nidx(b), 6 + 24);
    check_indices_valid(b);
    float x0, y0, x1, y1;
    vbounds(b, 0, &x0, &y0, &x1, &y1); /* opaque ring: inset by aa/2 */
    assert_float_equal(x0, 10.75, 1e-4);
    assert_float_equal(y0, 20.75, 1e-4);
    assert_float_equal(x1, 109.75, 1e-4);
    assert_float_equal(y1, 69.75, 1e-4);
    vbounds(b, -1, &x0, &y0, &x1, &y1); /* everything: outset by aa/2 */
    assert_float_equal(x0, 9.75, 1e-4);
    assert_float_equal(x1, 110.75, 1e-4);
    size_t nv;
    const struct batch_vertex *v = batch_vertices(b, &nv);
    int opaque = 0, clear = 0;
    for (size_t i = 0; i < nv; i++) {
        /* Hue kept on the fringe: only alpha ramps. */
        assert_int_equal(v[i].color.r, 0xFF);
        assert_int_equal(v[i].color.g, 0x7A);
        assert_int_equal(v[i].color.b, 0x26);
        opaque += v[i].color.a == 255;
        clear += v[i].color.a == 0;
        /* Untextured shapes point at the white texel. */
        assert_float_equal(v[i].u, 0.5, 1e-6);
        assert_float_equal(v[i].v, 0.5, 1e-6);
    }
    assert_int_equal(opaque, 4);
    assert_int_equal(clear, 4);
    assert_float_equal(ink(b), 100.0 * 50.0, 2.0);
    size_t nd;
    const struct batch_draw *d = batch_draws(b, &nd);
    assert_int_equal(nd, 1);
    assert_false(d[0].clipped);
    assert_int_equal(d[0].first_index, 0);
    assert_int_equal(d[0].index_count, 30);
    batch_destroy(b);
}

static void test_whole_pixel_rect(void **state)
{
    (void)state;
    /* On whole pixels a rectangle needs no fringe: 4 vertices, 2 triangles,
     * all opaque, exactly on its edges. */
    struct batch *b = mk(false);
    batch_rect(b, 10, 20, 100, 50, ORANGE);
    assert_int_equal(nverts(b), 4);
    assert_int_equal(nidx(b), 6);
    float x0, y0, x1, y1;
    vbounds(b, 254, &x0, &y0, &x1, &y1);
    assert_float_equal(x0, 10, 0);
    assert_float_equal(y0, 20, 0);
    assert_float_equal(x1, 110, 0);
    assert_float_equal(y1, 70, 0);
    assert_float_equal(ink(b), 5000, 1e-3);
    batch_clear(b);
    /* A 1 px rule on pixel centres is such a rectangle too... */
    batch_line(b, 0, 10.5f, 50, 10.5f, 1, ORANGE);
    batch_line(b, 3.5f, 0, 3.5f, 40, 1, ORANGE);
    assert_int_equal(nverts(b), 8);
    /* ...but not one between pixels, nor any with a wider fringe. */
    batch_line(b, 0, 10.25f, 50, 10.25f, 1, ORANGE);
    assert_int_equal(nverts(b), 16);
    batch_clear(b);
    batch_set_aa(b, 2.0f);
    batch_rect(b, 10, 20, 100, 50, ORANGE);
    assert_int_equal(nverts(b), 8);
    batch_destroy(b);
}

static void test_rect_grad_and_white_texel(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    batch_set_white_texel(b, 3.5f, 7.5f);
    rgba tl = {255, 0, 0, 255}, tr = {0, 255, 0, 255}, br = {0, 0, 255, 255},
         bl = {9, 9, 9, 255};
    batch_rect_grad(b, 0.25f, 0.25f, 10, 10, tl, tr, br, bl);
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    assert_int_equal(n, 8);
    /* Inner ring vertices in point order: tl, tr, br, bl. */
    assert_int_equal(v[0].color.r, 255);
    assert_int_equal(v[2].color.g, 255);
    assert_int_equal(v[4].color.b, 255);
    assert_int_equal(v[6].color.r, 9);
    assert_true(v[0].x < 1 && v[0].y < 1);
    assert_true(v[4].x > 9 && v[4].y > 9);
    for (size_t i = 0; i < n; i++) {
        assert_float_equal(v[i].u, 3.5, 1e-6);
        assert_float_equal(v[i].v, 7.5, 1e-6);
    }
    batch_destroy(b);
}

static void test_polygon_winding(void **state)
{
    (void)state;
    float cw[] = {0, 0, 40, 0, 0, 30};
    float ccw[] = {0, 0, 0, 30, 40, 0};
    for (int k = 0; k < 2; k++) {
        struct batch *b = mk(false);
        batch_polygon(b, k ? ccw : cw, 3, ORANGE);
        assert_int_equal(nverts(b), 6);
        assert_int_equal(nidx(b), 3 + 18);
        check_indices_valid(b);
        /* Either winding: the fringe goes outwards, area is kept. */
        float x0, y0, x1, y1;
        vbounds(b, -1, &x0, &y0, &x1, &y1);
        assert_true(x0 < 0 && y0 < 0);
        vbounds(b, 0, &x0, &y0, &x1, &y1);
        assert_true(x0 > 0 && y0 > 0);
        assert_float_equal(ink(b), 0.5 * 40 * 30, 3.0);
        batch_destroy(b);
    }
}

static void test_degenerate(void **state)
{
    (void)state;
    struct batch *b = mk(true);
    float tri_nan[] = {0, 0, NAN, 5, 10, 10};
    float two[] = {0, 0, 10, 10};
    float line_pts[] = {0, 0, 0, 0, 0, 0}; /* one point repeated */
    float collinear[] = {0, 0, 5, 0, 10, 0};
    batch_polygon(b, tri_nan, 3, ORANGE);
    batch_polygon(b, two, 2, ORANGE);
    batch_polygon(b, NULL, 5, ORANGE);
    batch_polygon(b, collinear, 3, ORANGE);
    batch_rect(b, 0, 0, 0, 10, ORANGE);
    batch_rect(b, 0, 0, 10, -1, ORANGE);
    batch_rect(b, NAN, 0, 10, 10, ORANGE);
    batch_rect(b, 0, 0, INFINITY, 10, ORANGE);
    batch_rect_grad(b, 0, 0, 0, 0, ORANGE, ORANGE, ORANGE, ORANGE);
    batch_rect_outline(b, 0, 0, 10, 10, 0, ORANGE);
    batch_rect_outline(b, 0, 0, 10, 10, NAN, ORANGE);
    batch_round_rect(b, 0, 0, 10, 10, NAN, ORANGE);
    batch_round_rect_outline(b, 0, 0, 0, 10, 2, 1, ORANGE);
    batch_hex(b, 0, 0, 0, ORANGE);
    batch_hex(b, 0, 0, -5, ORANGE);
    batch_hex(b, NAN, 0, 5, ORANGE);
    batch_hex_outline(b, 0, 0, 5, 0, ORANGE);
    batch_arc(b, 0, 0, 10, 5, 0, 1, ORANGE);  /* r1 < r0 */
    batch_arc(b, 0, 0, 5, 10, 1, 1, ORANGE);  /* no sweep */
    batch_arc(b, 0, 0, 5, NAN, 0, 1, ORANGE);
    batch_hazard(b, 0, 0, 100, 20, 0, 10, -0.78f, 0, ORANGE);
    batch_hazard(b, 0, 0, 0, 20, 10, 10, -0.78f, 0, ORANGE);
    batch_hazard(b, 0, 0, 100, 20, 10, 10, NAN, 0, ORANGE);
    batch_line(b, 5, 5, 5, 5, 2, ORANGE);
    batch_line(b, 0, 0, 10, 0, 0, ORANGE);
    batch_line(b, 0, 0, 10, NAN, 1, ORANGE);
    batch_polyline(b, two, 1, 1, ORANGE, false);
    batch_polyline(b, tri_nan, 3, 1, ORANGE, false);
    batch_glyph(b, 0, 0, 0, 10, 0, 0, 1, 1, ORANGE);
    batch_glyph(b, 0, 0, 10, 10, NAN, 0, 1, 1, ORANGE);
    assert_int_equal(nverts(b), 0);
    assert_int_equal(nidx(b), 0);
    size_t nc;
    batch_commands(b, &nc);
    assert_int_equal(nc, 0);
    /* A repeated point is recorded (the call was made) but draws nothing. */
    batch_polyline(b, line_pts, 3, 1, ORANGE, false);
    assert_int_equal(nverts(b), 0);
    /* Non-finite AA falls back to the default. */
    batch_set_aa(b, NAN);
    assert_float_equal(batch_get_aa(b), 1.0, 1e-6);
    batch_destroy(b);
}

static void test_line(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    batch_line(b, 10, 20.25f, 110, 20.25f, 3, ORANGE);
    check_indices_valid(b);
    /* Axis-aligned: drawn as its rectangle, fringed like a fill. */
    assert_int_equal(nverts(b), 8);
    assert_int_equal(nidx(b), 30);
    float x0, y0, x1, y1;
    vbounds(b, -1, &x0, &y0, &x1, &y1);
    assert_float_equal(x0, 9.5, 1e-4);
    assert_float_equal(x1, 110.5, 1e-4);
    assert_float_equal(y0, 18.25, 1e-4); /* 20.25 - (3 + 1) / 2 */
    assert_float_equal(y1, 22.25, 1e-4);
    vbounds(b, 0, &x0, &y0, &x1, &y1);
    assert_float_equal(x0, 10.5, 1e-4);
    assert_float_equal(y0, 19.25, 1e-4);
    assert_float_equal(ink(b), 300.0, 2.0);
    batch_destroy(b);

    /* A slanted line is its rotated rectangle, fringed; the same ink as
     * the polyline stroke of the same segment. */
    b = mk(false);
    batch_line(b, 10, 20, 110, 30, 3, ORANGE);
    assert_int_equal(nverts(b), 8);
    assert_int_equal(nidx(b), 30);
    double line_ink = ink(b);
    assert_float_equal(line_ink, 3.0 * sqrt(100.0 * 100 + 10 * 10), 2.0);
    batch_clear(b);
    float seg[4] = {10, 20, 110, 30};
    batch_polyline(b, seg, 2, 3, ORANGE, false);
    assert_int_equal(nverts(b), 16); /* caps + core sections, 3 x 3 quads */
    assert_int_equal(nidx(b), 3 * 18);
    assert_float_equal(ink(b), line_ink, 0.5);
    batch_destroy(b);

    /* A hairline keeps its ink by fading, not by widening. */
    b = mk(false);
    batch_line(b, 0, 0.5f, 100, 0.5f, 0.5f, ORANGE);
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    int maxa = 0;
    for (size_t i = 0; i < n; i++)
        maxa = v[i].color.a > maxa ? v[i].color.a : maxa;
    assert_int_equal(maxa, 128);
    assert_float_equal(ink(b), 50.0, 1.0);
    batch_destroy(b);

    /* A diagonal line has length * width of ink. */
    b = mk(false);
    batch_line(b, 0, 0, 30, 40, 2, ORANGE);
    assert_float_equal(ink(b), 100.0, 1.5);
    batch_destroy(b);
}

static void test_polyline_mitre_and_bevel(void **state)
{
    (void)state;
    /* A right angle: one mitred section at the corner. */
    struct batch *b = mk(false);
    float L[] = {0, 0, 100, 0, 100, 100};
    batch_polyline(b, L, 3, 4, ORANGE, false);
    check_indices_valid(b);
    assert_int_equal(nverts(b), 4 * 5); /* cap, start, corner, end, cap */
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    /* Corner section is the third: its outer core vertex sits on the mitre
     * (core half-width 1.5 along both axes), its outer fringe at 2.5. */
    const struct batch_vertex *c = &v[8];
    bool found_core = false, found_fringe = false;
    for (int i = 0; i < 4; i++) {
        if (fabsf(c[i].x - 101.5f) < 1e-3f && fabsf(c[i].y + 1.5f) < 1e-3f &&
            c[i].color.a == 255)
            found_core = true;
        if (fabsf(c[i].x - 102.5f) < 1e-3f && fabsf(c[i].y + 2.5f) < 1e-3f &&
            c[i].color.a == 0)
            found_fringe = true;
    }
    assert_true(found_core);
    assert_true(found_fringe);
    /* Ink = two legs of 100 x 4, the corner square counted once. */
    assert_float_equal(ink(b), 100 * 4 + 100 * 4, 6.0);
    batch_destroy(b);

    /* A hairpin (turn sharper than the mitre limit) is bevelled: one extra
     * section, and nothing reaches out to the far mitre point. */
    b = mk(false);
    float V[] = {0, 0, 100, 5, 0, 10};
    batch_polyline(b, V, 3, 4, ORANGE, false);
    check_indices_valid(b);
    assert_int_equal(nverts(b), 4 * 6);
    float x0, y0, x1, y1;
    vbounds(b, -1, &x0, &y0, &x1, &y1);
    assert_true(x1 < 100 + 2.5f * 4.0f + 1);
    batch_destroy(b);

    /* Closed square: four mitred sections, no caps, four segments. */
    b = mk(false);
    float sq[] = {0, 0, 50, 0, 50, 50, 0, 50};
    batch_polyline(b, sq, 4, 2, ORANGE, true);
    assert_int_equal(nverts(b), 16);
    assert_int_equal(nidx(b), 4 * 18);
    assert_float_equal(ink(b), 4 * 50 * 2, 4.0);
    batch_destroy(b);

    /* Repeated points are skipped rather than producing NaN normals. */
    b = mk(false);
    float rep[] = {0, 0, 10, 0, 10, 0, 10, 10};
    batch_polyline(b, rep, 4, 2, ORANGE, false);
    v = batch_vertices(b, &n);
    assert_int_equal(n, 4 * 5);
    for (size_t i = 0; i < n; i++)
        assert_true(isfinite(v[i].x) && isfinite(v[i].y));
    batch_destroy(b);
}

static bool same_output(const struct batch *a, const struct batch *b)
{
    size_t na, nb, ia, ib;
    const struct batch_vertex *va = batch_vertices(a, &na), *vb = batch_vertices(b, &nb);
    const uint32_t *xa = batch_indices(a, &ia), *xb = batch_indices(b, &ib);
    return na == nb && ia == ib && memcmp(va, vb, na * sizeof *va) == 0 &&
           memcmp(xa, xb, ia * sizeof *xa) == 0;
}

static void test_rect_fast_path_matches_polygon(void **state)
{
    (void)state;
    /* batch_rect takes a shortcut for axis-aligned rectangles; it must give
     * exactly what the general convex fill gives for the same four points:
     * fractional, whole-pixel, thin (inside-out ring) and wide. */
    unsigned r = 12345;
    for (int i = 0; i < 2000; i++) {
        r = r * 1103515245u + 12345u;
        float x = (float)(r >> 8 & 1023) / 7.0f, y = (float)(r >> 18 & 1023) / 3.0f;
        r = r * 1103515245u + 12345u;
        float w = (float)(r >> 8 & 255) / (i % 4 == 0 ? 1.0f : 9.0f) + 0.01f;
        float h = (float)(r >> 18 & 255) / (i % 3 == 0 ? 1.0f : 13.0f) + 0.01f;
        if (i % 5 == 0) {
            x = floorf(x);
            y = floorf(y);
            w = ceilf(w);
            h = ceilf(h);
        }
        struct batch *a = mk(false), *b = mk(false);
        batch_rect(a, x, y, w, h, ORANGE);
        float p[8] = {x, y, x + w, y, x + w, y + h, x, y + h};
        batch_polygon(b, p, 4, ORANGE);
        assert_true(same_output(a, b));
        batch_destroy(a);
        batch_destroy(b);
    }
}

static void test_glyph_run_matches_glyphs(void **state)
{
    (void)state;
    for (int rec = 0; rec < 2; rec++) {
        struct batch *a = mk(rec), *b = mk(rec);
        float q[3 * 8] = {0, 0, 5, 7, 10, 10, 15, 17, 6.5f, 3, 9, 12, 20, 0, 22.5f, 9,
                          -3, 100, 4, 108, 0, 40, 7, 48};
        batch_rect(a, 1, 1, 2, 2, ORANGE);
        batch_rect(b, 1, 1, 2, 2, ORANGE);
        batch_glyph_run(a, q, 3, ORANGE);
        for (int i = 0; i < 3; i++)
            batch_glyph(b, q[8 * i], q[8 * i + 1], q[8 * i + 2], q[8 * i + 3], q[8 * i + 4],
                        q[8 * i + 5], q[8 * i + 6], q[8 * i + 7], ORANGE);
        assert_true(same_output(a, b));
        size_t na, nb;
        batch_commands(a, &na);
        batch_commands(b, &nb);
        assert_int_equal(na, nb);
        size_t da, db;
        const struct batch_draw *d = batch_draws(a, &da);
        batch_draws(b, &db);
        assert_int_equal(da, 1);
        assert_int_equal(db, 1);
        assert_int_equal(d[0].index_count, 6 + 3 * 6);
        batch_destroy(a);
        batch_destroy(b);
    }
}

static void test_outlines_inside_bounds(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    batch_rect_outline(b, 10.5f, 10, 80, 40, 2, ORANGE);
    check_indices_valid(b);
    float x0, y0, x1, y1;
    vbounds(b, 0, &x0, &y0, &x1, &y1);
    assert_true(x0 >= 10.5f && y0 >= 10 && x1 <= 90.5f && y1 <= 50);
    vbounds(b, -1, &x0, &y0, &x1, &y1);
    assert_float_equal(x0, 10.0, 1e-3);
    assert_float_equal(x1, 91.0, 1e-3);
    /* Ink of a 2 px frame: outer minus inner area. */
    assert_float_equal(ink(b), 80 * 40 - 76 * 36, 4.0);
    batch_destroy(b);

    /* On whole pixels: four hard-edged bars, no fringe, the same ink. */
    b = mk(false);
    batch_rect_outline(b, 10, 10, 80, 40, 2, ORANGE);
    check_indices_valid(b);
    assert_int_equal(nverts(b), 16);
    assert_int_equal(nidx(b), 24);
    vbounds(b, -1, &x0, &y0, &x1, &y1);
    assert_true(x0 == 10 && y0 == 10 && x1 == 90 && y1 == 50);
    assert_float_equal(ink(b), 80 * 40 - 76 * 36, 1e-3);
    batch_destroy(b);

    b = mk(false);
    batch_round_rect_outline(b, 0, 0, 100, 60, 6, 2, ORANGE);
    check_indices_valid(b);
    vbounds(b, 0, &x0, &y0, &x1, &y1);
    assert_true(x0 >= 0 && y0 >= 0 && x1 <= 100 && y1 <= 60);
    double frame = (100 * 60 - (4 - M_PI) * 36) - (96 * 56 - (4 - M_PI) * 16);
    assert_float_equal(ink(b), frame, 4.0);
    batch_destroy(b);

    /* An outline as thick as the box is a fill (here on whole pixels). */
    b = mk(false);
    batch_rect_outline(b, 0, 0, 10, 10, 6, ORANGE);
    assert_int_equal(nverts(b), 4);
    assert_float_equal(ink(b), 100, 1e-3);
    batch_destroy(b);

    b = mk(false);
    batch_hex_outline(b, 50, 50, 20, 2, ORANGE);
    check_indices_valid(b);
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    for (size_t i = 0; i < n; i++)
        if (v[i].color.a > 0)
            assert_true(hypotf(v[i].x - 50, v[i].y - 50) <= 20.0f + 1e-3f);
    batch_destroy(b);
}

static void test_round_rect(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    batch_round_rect(b, 0, 0, 100, 40, 10, ORANGE);
    check_indices_valid(b);
    assert_float_equal(ink(b), 100 * 40 - (4 - M_PI) * 100, 3.0);
    float x0, y0, x1, y1;
    vbounds(b, -1, &x0, &y0, &x1, &y1);
    assert_float_equal(x0, -0.5, 1e-3);
    assert_float_equal(y1, 40.5, 1e-3);
    batch_destroy(b);

    /* Radius 0 is a plain rectangle; an oversized radius is clamped to a pill. */
    b = mk(false);
    batch_round_rect(b, 0.5f, 0, 100, 40, 0, ORANGE);
    assert_int_equal(nverts(b), 8);
    batch_destroy(b);
    b = mk(false);
    batch_round_rect(b, 0, 0, 100, 40, 500, ORANGE);
    assert_float_equal(ink(b), 60 * 40 + M_PI * 400, 4.0);
    batch_destroy(b);
}

static void test_hex(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    batch_hex(b, 100, 100, 20, ORANGE);
    assert_int_equal(nverts(b), 12);
    check_indices_valid(b);
    assert_float_equal(ink(b), 1.5 * sqrt(3.0) * 400, 3.0);
    /* Flat top: two opaque vertices share the smallest y, one each at min/max x. */
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    float miny = INFINITY;
    for (size_t i = 0; i < n; i++)
        if (v[i].color.a)
            miny = fminf(miny, v[i].y);
    int top = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].color.a && fabsf(v[i].y - miny) < 1e-3f)
            top++;
    assert_int_equal(top, 2);
    float x0, y0, x1, y1;
    vbounds(b, -1, &x0, &y0, &x1, &y1);
    /* Height sqrt(3) R plus the fringe, width 2R plus a mitred fringe. */
    assert_float_equal(y1 - y0, sqrtf(3) * 20 + 1, 1e-2);
    assert_true(x1 - x0 > 40 && x1 - x0 < 42.5f);
    batch_destroy(b);
}

static void test_arc(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    float a0 = -(float)M_PI / 2, a1 = 0;
    batch_arc(b, 200, 200, 50, 80, a0, a1, ORANGE);
    check_indices_valid(b);
    double want = 0.5 * (80 * 80 - 50 * 50) * (M_PI / 2);
    assert_float_equal(ink(b), want, want * 0.01);
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    for (size_t i = 0; i < n; i++) {
        float dx = v[i].x - 200, dy = v[i].y - 200;
        float r = hypotf(dx, dy);
        assert_true(r >= 49.5f - 0.2f && r <= 80.5f + 0.2f);
        if (v[i].color.a) {
            float a = atan2f(dy, dx);
            /* Opaque vertices stay inside the sweep (upper right quadrant). */
            assert_true(a >= a0 - 1e-3f && a <= a1 + 1e-3f);
            assert_true(r >= 50.5f - 0.2f && r <= 79.5f + 0.2f);
        }
    }
    batch_destroy(b);

    /* A full annulus closes on itself: no end sections. */
    b = mk(false);
    batch_arc(b, 0, 0, 10, 20, 0, 7.0f, ORANGE);
    want = M_PI * (400 - 100);
    assert_float_equal(ink(b), want, want * 0.01);
    v = batch_vertices(b, &n);
    assert_int_equal(n % 4, 0);
    size_t segs = n / 4;
    assert_int_equal(nidx(b), segs * 18);
    batch_destroy(b);

    /* A pie (r0 = 0) is fine too. */
    b = mk(false);
    batch_arc(b, 0, 0, 0, 30, 0, (float)M_PI, ORANGE);
    want = 0.5 * 900 * M_PI;
    assert_float_equal(ink(b), want, want * 0.02);
    batch_destroy(b);
}

static void test_hazard(void **state)
{
    (void)state;
    struct batch *b = mk(true);
    float x = 20, y = 10, w = 300, h = 40;
    batch_hazard(b, x, y, w, h, 15, 15, -(float)M_PI / 4, 0, ORANGE);
    check_indices_valid(b);
    /* Clipped: nothing beyond the rectangle but the half-pixel fringe. */
    float x0, y0, x1, y1;
    vbounds(b, -1, &x0, &y0, &x1, &y1);
    assert_true(x0 >= x - 0.75f && y0 >= y - 0.75f && x1 <= x + w + 0.75f && y1 <= y + h + 0.75f);
    vbounds(b, 0, &x0, &y0, &x1, &y1);
    assert_true(x0 >= x && y0 >= y && x1 <= x + w && y1 <= y + h);
    /* 50 % duty: half the rectangle is inked (fringes at clipped edges add a bit). */
    double area = w * h;
    assert_float_equal(ink(b), area * 0.5, area * 0.03);
    size_t nc;
    const struct batch_cmd *c = batch_commands(b, &nc);
    assert_int_equal(nc, 1);
    assert_int_equal(c[0].op, BATCH_OP_HAZARD);
    batch_destroy(b);

    /* The offset scrolls the pattern: a shift of one period gives the same ink,
     * half a period a different set of vertices. */
    struct batch *p0 = mk(false), *p1 = mk(false), *p2 = mk(false);
    batch_hazard(p0, 0, 0, 200, 30, 10, 10, -(float)M_PI / 4, 0, ORANGE);
    batch_hazard(p1, 0, 0, 200, 30, 10, 10, -(float)M_PI / 4, 20 * sqrtf(2), ORANGE);
    batch_hazard(p2, 0, 0, 200, 30, 10, 10, -(float)M_PI / 4, 10 * sqrtf(2), ORANGE);
    assert_float_equal(ink(p0), ink(p1), 1.0);
    size_t n0, n2;
    const struct batch_vertex *v0 = batch_vertices(p0, &n0), *v2 = batch_vertices(p2, &n2);
    bool differs = n0 != n2;
    for (size_t i = 0; !differs && i < n0; i++)
        differs = fabsf(v0[i].x - v2[i].x) > 0.5f;
    assert_true(differs);
    batch_destroy(p0);
    batch_destroy(p1);
    batch_destroy(p2);

    /* No gap: a solid block. */
    b = mk(false);
    batch_hazard(b, 0, 0, 10, 10, 5, 0, 0.3f, 0, ORANGE);
    assert_int_equal(nverts(b), 4);
    assert_float_equal(ink(b), 100, 1e-3);
    batch_destroy(b);

    /* Vertical stripes (angle 0): each stripe is an axis-aligned rectangle. */
    b = mk(false);
    batch_hazard(b, 0, 0, 100, 10, 10, 10, 0, 0, ORANGE);
    assert_float_equal(ink(b), 500, 15);
    batch_destroy(b);
}

static void test_glyphs(void **state)
{
    (void)state;
    struct batch *b = mk(true);
    rgba c = {10, 20, 30, 200};
    batch_glyph(b, 5, 6, 15, 26, 100, 200, 110, 220, c);
    size_t n;
    const struct batch_vertex *v = batch_vertices(b, &n);
    assert_int_equal(n, 4);
    assert_int_equal(nidx(b), 6);
    assert_float_equal(v[0].u, 100, 0);
    assert_float_equal(v[0].v, 200, 0);
    assert_float_equal(v[2].u, 110, 0);
    assert_float_equal(v[2].v, 220, 0);
    assert_float_equal(v[2].x, 15, 0);
    assert_float_equal(v[2].y, 26, 0);
    for (size_t i = 0; i < n; i++)
        assert_memory_equal(&v[i].color, &c, sizeof c);
    float q[8] = {10, 0, 20, 0, 18, 10, 8, 10}; /* slanted */
    batch_glyph_quad(b, q, 0, 0, 4, 4, c);
    v = batch_vertices(b, &n);
    assert_int_equal(n, 8);
    assert_float_equal(v[7].x, 8, 0);
    assert_float_equal(v[5].u, 4, 0);
    size_t nc;
    const struct batch_cmd *cmd = batch_commands(b, &nc);
    assert_int_equal(nc, 2);
    assert_int_equal(cmd[1].op, BATCH_OP_GLYPH);
    assert_float_equal(cmd[1].x, 8, 0);
    assert_float_equal(cmd[1].w, 12, 0);
    batch_destroy(b);
}

static void test_clip_runs(void **state)
{
    (void)state;
    struct batch *b = mk(false);
    batch_rect(b, 0.5f, 0.5f, 10, 10, ORANGE); /* 30 indices */
    batch_set_clip(b, 1, 2, 30, 40);
    batch_set_clip(b, 5, 6, 70, 80); /* replaces the empty run */
    batch_rect(b, 0.5f, 0.5f, 10, 10, ORANGE);
    batch_hex(b, 5, 5, 3, ORANGE); /* 12 + 36 indices */
    batch_reset_clip(b);
    batch_rect(b, 0.5f, 0.5f, 10, 10, ORANGE);
    batch_set_clip(b, 0, 0, 1, 1); /* trailing empty run is not reported */
    size_t nd;
    const struct batch_draw *d = batch_draws(b, &nd);
    assert_int_equal(nd, 3);
    assert_false(d[0].clipped);
    assert_int_equal(d[0].first_index, 0);
    assert_int_equal(d[0].index_count, 30);
    assert_true(d[1].clipped);
    assert_float_equal(d[1].clip_x, 5, 0);
    assert_float_equal(d[1].clip_h, 80, 0);
    assert_int_equal(d[1].first_index, 30);
    assert_int_equal(d[1].index_count, 30 + 48);
    assert_false(d[2].clipped);
    assert_int_equal(d[2].first_index, 108);
    assert_int_equal(d[2].index_count, 30);
    assert_int_equal(nidx(b), 138);

    /* Negative sizes clip to nothing; NaN clips are ignored (drawn unclipped). */
    batch_set_clip(b, 0, 0, -5, 10);
    batch_rect(b, 0, 0, 1, 1, ORANGE);
    batch_set_clip(b, NAN, 0, 5, 5);
    batch_rect(b, 0, 0, 1, 1, ORANGE);
    d = batch_draws(b, &nd);
    assert_int_equal(nd, 5);
    assert_true(d[3].clipped);
    assert_float_equal(d[3].clip_w, 0, 0);
    assert_false(d[4].clipped);

    /* Clear starts over with one unclipped run. */
    batch_clear(b);
    d = batch_draws(b, &nd);
    assert_int_equal(nd, 0);
    batch_rect(b, 0, 0, 1, 1, ORANGE);
    d = batch_draws(b, &nd);
    assert_int_equal(nd, 1);
    assert_false(d[0].clipped);
    assert_int_equal(d[0].first_index, 0);
    batch_destroy(b);
}

static void test_recording(void **state)
{
    (void)state;
    struct batch *off = mk(false);
    batch_rect(off, 0, 0, 5, 5, ORANGE);
    size_t nc;
    batch_commands(off, &nc);
    assert_int_equal(nc, 0);
    assert_false(batch_recording(off));
    batch_destroy(off);

    struct batch *b = mk(true);
    assert_true(batch_recording(b));
    rgba mint = {0x54, 0xF0, 0x9C, 255};
    batch_rect(b, 1, 2, 3, 4, ORANGE);
    batch_hex_outline(b, 50, 60, 10, 2, mint);
    batch_line(b, 10, 20, 0, 5, 1, ORANGE);
    char text[16] = "MAGI";
    struct batch_cmd t = {.op = BATCH_OP_TEXT, .x = 7, .y = 8, .w = 30, .h = 10, .color = mint,
                          .text = text};
    batch_record(b, &t);
    strcpy(text, "XXXX"); /* the batch keeps its own copy */
    const struct batch_cmd *c = batch_commands(b, &nc);
    assert_int_equal(nc, 4);
    assert_int_equal(c[0].op, BATCH_OP_RECT);
    assert_float_equal(c[0].x, 1, 0);
    assert_float_equal(c[0].h, 4, 0);
    assert_int_equal(c[1].op, BATCH_OP_HEX_OUTLINE);
    assert_float_equal(c[1].x, 40, 1e-4);
    assert_float_equal(c[1].w, 20, 1e-4);
    assert_float_equal(c[1].h, 10 * sqrtf(3), 1e-3);
    assert_int_equal(c[1].color.g, 0xF0);
    assert_int_equal(c[2].op, BATCH_OP_LINE);
    assert_float_equal(c[2].x, 0, 0);
    assert_float_equal(c[2].y, 5, 0);
    assert_float_equal(c[2].w, 10, 0);
    assert_int_equal(c[3].op, BATCH_OP_TEXT);
    assert_string_equal(c[3].text, "MAGI");
    /* Recording a text adds no geometry. */
    size_t nv_before = nverts(b);
    batch_record(b, &t);
    assert_int_equal(nverts(b), nv_before);
    batch_clear(b);
    batch_commands(b, &nc);
    assert_int_equal(nc, 0);
    batch_destroy(b);
}

static void test_growth(void **state)
{
    (void)state;
    struct batch_desc d = {.initial_vertices = 4, .aa = 2.0f};
    struct batch *b = batch_create(&d);
    assert_non_null(b);
    assert_float_equal(batch_get_aa(b), 2.0, 0);
    for (int i = 0; i < 2000; i++)
        batch_rect(b, (float)(i % 100) * 10, (float)(i / 100) * 10, 8, 8, ORANGE);
    assert_int_equal(nverts(b), 2000 * 8);
    assert_int_equal(nidx(b), 2000 * 30);
    check_indices_valid(b);
    /* aa = 2: the opaque ring is 1 px inside. */
    batch_clear(b);
    batch_rect(b, 0, 0, 10, 10, ORANGE);
    float x0, y0, x1, y1;
    vbounds(b, 0, &x0, &y0, &x1, &y1);
    assert_float_equal(x0, 1, 1e-4);
    assert_float_equal(x1, 9, 1e-4);
    /* A polyline longer than any stack buffer. */
    batch_clear(b);
    static float zig[2 * 500];
    for (int i = 0; i < 500; i++) {
        zig[2 * i] = (float)i * 4;
        zig[2 * i + 1] = (float)(i % 2) * 4;
    }
    batch_polyline(b, zig, 500, 1.5f, ORANGE, false);
    check_indices_valid(b);
    assert_true(nverts(b) >= 500 * 4);
    batch_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_rect),
        cmocka_unit_test(test_whole_pixel_rect),
        cmocka_unit_test(test_rect_grad_and_white_texel),
        cmocka_unit_test(test_polygon_winding),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_line),
        cmocka_unit_test(test_polyline_mitre_and_bevel),
        cmocka_unit_test(test_rect_fast_path_matches_polygon),
        cmocka_unit_test(test_glyph_run_matches_glyphs),
        cmocka_unit_test(test_outlines_inside_bounds),
        cmocka_unit_test(test_round_rect),
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_arc),
        cmocka_unit_test(test_hazard),
        cmocka_unit_test(test_glyphs),
        cmocka_unit_test(test_clip_runs),
        cmocka_unit_test(test_recording),
        cmocka_unit_test(test_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
