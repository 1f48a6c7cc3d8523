/* shader_log: turns a GLSL compiler's info log into "file:line: message"
 * lines. GL-free so it can be tested without a context; gl_shader.c uses it.
 * Loaded shaders are source string 1 (string 0 is the #version line and a
 * "#line 1 1"), so only locations in string 1 are rewritten. Depends on libc only. */
#ifndef MAGI_RENDER_SHADER_LOG_H
#define MAGI_RENDER_SHADER_LOG_H

#include <stddef.h>

/* Writes one line per message ("path:LINE: message", or "path: message" when
 * the driver gave no location), lines separated by '\n', at most out_size
 * bytes including the NUL. */
void shader_log_format(const char *path, const char *log, char *out, size_t out_size);

#endif
