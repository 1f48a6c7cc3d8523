/* gl_shader: GLSL programs from the embedded shaders/ files.
 *
 * Shader files carry no #version line: the loader passes "#version 330 core"
 * and "#line 1 1" as source string 0 and the file as string 1, so compile
 * errors point at the file's own lines as source string 1 (Mesa numbers the
 * strings as one text unless told by #line) and are logged as
 * "shaders/x.glsl:LINE: message" (tests/gl/shader_errors.sh checks it). With
 * MAGI_SHADER_DIR set, files are read from disk instead (edit without
 * rebuilding; see core/resource.h). Depends on core, glad. */
#ifndef MAGI_RENDER_GL_SHADER_H
#define MAGI_RENDER_GL_SHADER_H

#include <glad/gl.h>

/* Compiles and links a program; 0 (after logging why) on failure. */
GLuint gl_program_load(const char *vs_path, const char *fs_path);
/* The same with preprocessor lines (e.g. "#define BLOOM 1\n") put after
 * #version in both stages: variants of one file without run-time branches. */
GLuint gl_program_load_defines(const char *vs_path, const char *fs_path, const char *defines);

#endif
