/* gl_shader: see gl_shader.h. */
#include "render/gl_shader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/resource.h"
#include "render/shader_log.h"

/* "#line 1 1" (after any defines): the next line, the file's first, is line 1
 * of source string 1. */
static GLuint compile(GLenum type, const char *path, const char *defines)
{
    size_t size;
    char *src = resource_load(path, &size);
    if (!src) {
        log_error("shader", "%s: not found (neither embedded nor on disk)", path);
        return 0;
    }
    char head[1024];
    snprintf(head, sizeof head, "#version 330 core\n%s#line 1 1\n", defines ? defines : "");
    GLuint sh = glCreateShader(type);
    const GLchar *strings[2] = {head, src};
    glShaderSource(sh, 2, strings, NULL);
    glCompileShader(sh);
    free(src);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetShaderiv(sh, GL_INFO_LOG_LENGTH, &len);
        char *log = malloc(len > 1 ? (size_t)len : 2);
        char *nice = malloc(8192);
        if (log && nice) {
            glGetShaderInfoLog(sh, len > 1 ? len : 1, NULL, log);
            if (len <= 1)
                strcpy(log, "compile failed (no log)");
            shader_log_format(path, log, nice, 8192);
            /* One log line per message, each naming file:line. */
            for (char *p = strtok(nice, "\n"); p; p = strtok(NULL, "\n"))
                log_error("shader", "%s", p);
        } else {
            log_error("shader", "%s: compile failed", path);
        }
        free(log);
        free(nice);
        glDeleteShader(sh);
        return 0;
    }
    return sh;
}

GLuint gl_program_load(const char *vs_path, const char *fs_path)
{
    return gl_program_load_defines(vs_path, fs_path, NULL);
}

GLuint gl_program_load_defines(const char *vs_path, const char *fs_path, const char *defines)
{
    GLuint vs = compile(GL_VERTEX_SHADER, vs_path, defines);
    GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, fs_path, defines) : 0;
    if (!fs) {
        if (vs)
            glDeleteShader(vs);
        return 0;
    }
    GLuint prog = glCreateProgram();
    glAttachShader(prog, vs);
    glAttachShader(prog, fs);
    glLinkProgram(prog);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(prog, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048] = "";
        glGetProgramInfoLog(prog, sizeof log, NULL, log);
        char *nl;
        while ((nl = strchr(log, '\n')))
            *nl = ' ';
        log_error("shader", "%s + %s: link failed: %s", vs_path, fs_path, log);
        glDeleteProgram(prog);
        return 0;
    }
    return prog;
}
