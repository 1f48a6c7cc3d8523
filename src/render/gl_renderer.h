/* gl_renderer: draws a batch (render/batch.h) with OpenGL 3.3.
 *
 * One VBO/IBO upload per frame (buffer orphaning), one glDrawElements per
 * batch_draw run with its scissor rectangle, one program. The glyph atlas is
 * an R8 texture updated by dirty rectangle, and re-created whole when the
 * atlas generation changes (growth, reset); texel coordinates in vertices are
 * normalised in the vertex shader, so glyphs keep their coordinates when the
 * atlas grows. Until an atlas is given, a 1x1 white texture stands in, which
 * the batch's default white texel (0.5, 0.5) hits.
 * Depends on core, render/batch, glad. */
#ifndef MAGI_RENDER_GL_RENDERER_H
#define MAGI_RENDER_GL_RENDERER_H

#include <stdbool.h>
#include <stdint.h>

#include "render/batch.h"

struct gl_renderer;

struct gl_renderer *gl_renderer_create(void);
void gl_renderer_destroy(struct gl_renderer *r);

/* The atlas's pixels (8-bit, row pitch = w). When `generation` differs from
 * the last upload the whole texture is uploaded again (into the same storage
 * while the size stays); otherwise only the rectangle (dx, dy, dw, dh) is
 * (dw = 0: nothing changed). Leaves the atlas texture bound to the active
 * texture unit. */
void gl_renderer_atlas(struct gl_renderer *r, const uint8_t *pixels, int w, int h,
                       uint32_t generation, int dx, int dy, int dw, int dh);

/* Draws the batch into the bound framebuffer of size w x h (pixels, y down
 * in batch coordinates). Blending: straight alpha over what is there.
 * With nrects > 0 only pixels inside `rects` (batch coordinates) are
 * touched: each rectangle in turn is cleared to black and the batch drawn
 * into it under a scissor (so overlapping rectangles are still right). */
struct damage_rect;
void gl_renderer_draw(struct gl_renderer *r, const struct batch *b, int w, int h,
                      const struct damage_rect *rects, int nrects);

/* Bytes uploaded by the last draw (vertices + indices), for the benchmark. */
size_t gl_renderer_last_upload(const struct gl_renderer *r);

#endif
