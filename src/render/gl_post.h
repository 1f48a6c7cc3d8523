/* gl_post: the scene framebuffer, the bloom chain and the composite pass.
 *
 *   scene FBO (RGBA8, full size; the batch draws here, only when dirty)
 *   -> bloom: 2x2 box to 1/2, dual-Kawase down to 1/32, back up only to 1/4,
 *      each step up blended with the level of its size (tight + wide halo),
 *      all RGBA8 (ARCHITECTURE.md "Render pipeline"; only when the scene changed)
 *   -> combine: scene texelFetch + one bilinear bloom tap, scanlines on
 *      device rows, vignette, black lift (and grain and flicker when the
 *      picture is static: then this is the last pass)
 *   -> with ambient animation: the combine is kept ("lit") and each frame
 *      only grains and flickers it into the window or offscreen target.
 *
 * Scene, bloom and lit persist between frames, so a frame where only grain
 * and flicker move costs one full-screen read and write, nothing more. Depends on core,
 * render/post, render/gl_shader, glad. */
#ifndef MAGI_RENDER_GL_POST_H
#define MAGI_RENDER_GL_POST_H

#include <stdbool.h>
#include <stdint.h>

#include "render/post.h"

struct gl_post_desc {
    int w, h;                /* scene size in pixels */
    unsigned long long seed; /* picks the grain tile */
    bool offscreen;          /* also keep an RGBA8 target to composite into and read back */
};

struct gl_post;

struct gl_post *gl_post_create(const struct gl_post_desc *d);
void gl_post_destroy(struct gl_post *p);

/* Re-creates the size-dependent targets; false (logged) on failure. */
bool gl_post_resize(struct gl_post *p, int w, int h);
void gl_post_size(const struct gl_post *p, int *w, int *h);

/* Binds the scene framebuffer, sets the viewport and clears it to black. */
void gl_post_begin_scene(struct gl_post *p);
/* Runs the bloom chain on the scene (no-op when settings say no bloom). */
void gl_post_bloom(struct gl_post *p, const struct post_settings *s);
/* Composites into framebuffer `fbo` (0 = the window; GL_POST_OFFSCREEN = the
 * offscreen target) of the same size as the scene: the combine pass when the
 * scene changed (or the picture is static), then the ambient pass. */
#define GL_POST_OFFSCREEN 0xFFFFFFFFu
void gl_post_composite(struct gl_post *p, const struct post_settings *s,
                       const struct post_frame *f, uint32_t fbo);

/* Reads the offscreen target as tightly packed RGB rows, top row first. */
bool gl_post_read_rgb(struct gl_post *p, uint8_t *rgb);

#endif
