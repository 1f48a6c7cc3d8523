/* gl_context: see gl_context.h. */
#include "render/gl_context.h"

#include <glad/gl.h>

#include "core/log.h"

bool gl_context_load(gl_loader loader)
{
    int version = gladLoadGL((GLADloadfunc)loader);
    if (!version) {
        log_error("render", "cannot load OpenGL entry points");
        return false;
    }
    if (!GLAD_GL_VERSION_3_3) {
        log_error("render", "OpenGL 3.3 core is needed; this context is %d.%d (%s)",
                  GLAD_VERSION_MAJOR(version), GLAD_VERSION_MINOR(version),
                  (const char *)glGetString(GL_RENDERER));
        return false;
    }
    log_debug("render", "OpenGL %s on %s", (const char *)glGetString(GL_VERSION),
              (const char *)glGetString(GL_RENDERER));
    return true;
}

const char *gl_context_renderer(void)
{
    const GLubyte *s = glGetString(GL_RENDERER);
    return s ? (const char *)s : "unknown";
}

void gl_context_finish(void) { glFinish(); }

void gl_context_flush(void) { glFlush(); }
