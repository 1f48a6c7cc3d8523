/* gl_shader: GLSL programs from the embedded shaders/ files.
 *
 * Shader files carry no #version line: the loader passes "#version 330 core"
 * as source string 0 and the file as string 1, so compile errors point at the
 * file's own lines and are logged as "shaders/x.glsl:LINE: message". With
 * MAGI_SHADER_DIR set, files are read from disk instead (edit without
 * rebuilding; see core/resource.h). Depends on core, glad. */
#ifndef MAGI_RENDER_GL_SHADER_H
#define MAGI_RENDER_GL_SHADER_H

#include <glad/gl.h>

/* Compiles and links a program; 0 (after logging why) on failure. */
GLuint gl_program_load(const char *vs_path, const char *fs_path);

#endif
