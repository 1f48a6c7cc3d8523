/* gl_timer: GPU time of a stretch of GL commands (GL_TIME_ELAPSED queries).
 * Where the driver has no timer (counter bits 0) results are NaN, which the
 * benchmark prints as null. Depends on glad. */
#ifndef MAGI_RENDER_GL_TIMER_H
#define MAGI_RENDER_GL_TIMER_H

#include <stdbool.h>

struct gl_timer;

struct gl_timer *gl_timer_create(void);
void gl_timer_destroy(struct gl_timer *t);
bool gl_timer_supported(const struct gl_timer *t);
void gl_timer_begin(struct gl_timer *t);
void gl_timer_end(struct gl_timer *t);
/* Milliseconds between the last begin/end (waits for the GPU), NaN if unsupported. */
double gl_timer_ms(struct gl_timer *t);

#endif
