/* A GL 3.3 core context with no window system (EGL device or Mesa
 * surfaceless), proven by rendering into an FBO and reading the pixels back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <glad/gl.h>

#include "platform/egl_headless.h"

static void test_context_renders(void **state)
{
    (void)state;
    /* No X server involved: hide any display this test may inherit. */
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    struct egl_headless *e = egl_headless_create(3, 3);
    assert_non_null(e);
    assert_non_null(strstr(egl_headless_description(e), "EGL"));
    int version = gladLoadGL((GLADloadfunc)egl_headless_proc);
    assert_true(version >= 30003);
    assert_true(GLAD_GL_VERSION_3_3);

    GLuint tex, fbo;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 4, 4, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    assert_int_equal(glCheckFramebufferStatus(GL_FRAMEBUFFER), GL_FRAMEBUFFER_COMPLETE);
    glViewport(0, 0, 4, 4);
    /* NERV orange, #FF7A26 */
    glClearColor(1.0f, 0x7A / 255.0f, 0x26 / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    uint8_t px[4 * 4 * 4];
    memset(px, 0, sizeof px);
    glReadPixels(0, 0, 4, 4, GL_RGBA, GL_UNSIGNED_BYTE, px);
    assert_int_equal(glGetError(), GL_NO_ERROR);
    assert_int_equal(px[0], 0xFF);
    assert_int_equal(px[1], 0x7A);
    assert_int_equal(px[2], 0x26);
    assert_int_equal(px[4 * 4 * 4 - 3], 0x7A);
    glDeleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &tex);
    egl_headless_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_context_renders)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
