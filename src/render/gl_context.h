/* gl_context: loads the OpenGL 3.3 core entry points (glad) through the
 * window system's loader and reports what driver we got. Depends on glad. */
#ifndef MAGI_RENDER_GL_CONTEXT_H
#define MAGI_RENDER_GL_CONTEXT_H

#include <stdbool.h>

typedef void (*gl_proc)(void);
typedef gl_proc (*gl_loader)(const char *name);

/* Loads GL with `loader` (e.g. glfwGetProcAddress); false (logged) when the
 * context is not OpenGL 3.3 or later. */
bool gl_context_load(gl_loader loader);
/* GL_RENDERER of the current context ("llvmpipe (LLVM 15.0.6, 256 bits)"). */
const char *gl_context_renderer(void);

/* Waits until the GL has finished all commands (benchmarks only). */
void gl_context_finish(void);
/* Hands queued commands to the GPU without waiting (where a swap would). */
void gl_context_flush(void);

#endif
