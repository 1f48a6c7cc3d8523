/* The glyph atlas's texture through gl_renderer_atlas: first upload, a dirty
 * rectangle, a cleared atlas of the same size (new generation: the whole
 * picture again, in the same storage) and a grown one, each read back from
 * the texture. Headless through EGL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <glad/gl.h>

#include "platform/egl_headless.h"
#include "render/gl_renderer.h"

static void pattern(uint8_t *px, int w, int h, int seed)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            px[y * w + x] = (uint8_t)(x * 7 + y * 13 + seed * 31);
}

/* The texture gl_renderer_atlas left bound must hold exactly `want`. */
static void assert_texture(const uint8_t *want, int w, int h)
{
    GLint tw = 0, th = 0;
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_WIDTH, &tw);
    glGetTexLevelParameteriv(GL_TEXTURE_2D, 0, GL_TEXTURE_HEIGHT, &th);
    assert_int_equal(tw, w);
    assert_int_equal(th, h);
    uint8_t *got = calloc((size_t)w * (size_t)h, 1);
    assert_non_null(got);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RED, GL_UNSIGNED_BYTE, got);
    assert_int_equal(glGetError(), GL_NO_ERROR);
    assert_memory_equal(got, want, (size_t)w * (size_t)h);
    free(got);
}

static void test_atlas_uploads(void **state)
{
    (void)state;
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    struct egl_headless *e = egl_headless_create(3, 3);
    assert_non_null(e);
    assert_true(gladLoadGL((GLADloadfunc)egl_headless_proc) >= 30003);
    struct gl_renderer *r = gl_renderer_create();
    assert_non_null(r);

    /* Odd sizes: rows not a multiple of 4 bytes. */
    enum { W = 67, H = 45, W2 = 134, H2 = 90 };
    static uint8_t a[W * H], b[W2 * H2];
    pattern(a, W, H, 1);
    gl_renderer_atlas(r, a, W, H, 1, 0, 0, 0, 0);
    assert_texture(a, W, H);

    /* A dirty rectangle: only it is sent, the rest must stay. */
    for (int y = 10; y < 20; y++)
        for (int x = 5; x < 30; x++)
            a[y * W + x] = (uint8_t)(255 - x);
    gl_renderer_atlas(r, a, W, H, 1, 5, 10, 25, 10);
    assert_texture(a, W, H);

    /* Cleared (same size, new generation): all of it again. */
    memset(a, 0, sizeof a);
    a[3 * W + 60] = 200;
    gl_renderer_atlas(r, a, W, H, 2, 0, 0, 0, 0);
    assert_texture(a, W, H);

    /* Grown: the texture takes the new size. */
    pattern(b, W2, H2, 2);
    gl_renderer_atlas(r, b, W2, H2, 3, 0, 0, W2, H2);
    assert_texture(b, W2, H2);

    gl_renderer_destroy(r);
    egl_headless_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_atlas_uploads)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
