/* egl_headless: an OpenGL 3.3 core context with no window and no X server.
 *
 * Headless modes (--screenshot, --record, --bench, --soak) render into
 * framebuffer objects and never present, so they do not need a window system:
 * EGL's device platform (EGL_EXT_platform_device, on GPU servers) or Mesa's
 * surfaceless platform gives them a context directly. This is also how MAGI
 * measures a GPU machine that has a GPU but no display.
 *
 * libEGL.so.1 is loaded at run time, so nothing is needed to build. Depends on
 * core/log and libdl. */
#ifndef MAGI_PLATFORM_EGL_HEADLESS_H
#define MAGI_PLATFORM_EGL_HEADLESS_H

#include <stdbool.h>

struct egl_headless;

/* Creates and makes current an OpenGL core context of at least major.minor.
 * Returns NULL with one log line when EGL or a suitable device is missing. */
struct egl_headless *egl_headless_create(int major, int minor);
void egl_headless_destroy(struct egl_headless *e);

/* For gladLoadGL: resolves GL entry points through eglGetProcAddress. */
void (*egl_headless_proc(const char *name))(void);

/* Which EGL platform and vendor answered (for logs and bench output). */
const char *egl_headless_description(const struct egl_headless *e);

#endif
