/* gl_timer: see gl_timer.h. */
#include "render/gl_timer.h"

#include <glad/gl.h>
#include <math.h>
#include <stdlib.h>

struct gl_timer {
    GLuint q;
    bool supported, pending;
};

struct gl_timer *gl_timer_create(void)
{
    struct gl_timer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    GLint bits = 0;
    glGetQueryiv(GL_TIME_ELAPSED, GL_QUERY_COUNTER_BITS, &bits);
    t->supported = bits > 0;
    if (t->supported)
        glGenQueries(1, &t->q);
    while (glGetError() != GL_NO_ERROR) {
    }
    return t;
}

void gl_timer_destroy(struct gl_timer *t)
{
    if (!t)
        return;
    if (t->q)
        glDeleteQueries(1, &t->q);
    free(t);
}

bool gl_timer_supported(const struct gl_timer *t) { return t->supported; }

void gl_timer_begin(struct gl_timer *t)
{
    if (t->supported)
        glBeginQuery(GL_TIME_ELAPSED, t->q);
}

void gl_timer_end(struct gl_timer *t)
{
    if (!t->supported)
        return;
    glEndQuery(GL_TIME_ELAPSED);
    t->pending = true;
}

double gl_timer_ms(struct gl_timer *t)
{
    if (!t->supported || !t->pending)
        return NAN;
    GLuint64 ns = 0;
    glGetQueryObjectui64v(t->q, GL_QUERY_RESULT, &ns);
    t->pending = false;
    return (double)ns * 1e-6;
}
