/* atlas: one 8-bit coverage texture that glyphs (and the white texel) are
 * packed into with stb_rect_pack, growing from atlas_size to atlas_max.
 *
 * CPU side only. The renderer asks for the dirty rectangle each frame and
 * uploads just that (or everything when the generation changed because the
 * atlas grew). Texel coordinates of packed rectangles stay valid across growth;
 * the renderer normalises them with the current size in the shader. */
#ifndef MAGI_RENDER_ATLAS_H
#define MAGI_RENDER_ATLAS_H

#include <stdbool.h>
#include <stdint.h>

struct atlas_desc {
    int size; /* initial width and height; 0 = 1024 (grows as glyphs need) */
    int max;  /* largest width and height; 0 = 4096 */
};

struct atlas_rect {
    int x, y, w, h;
};

struct atlas;

struct atlas *atlas_create(const struct atlas_desc *d);
void atlas_destroy(struct atlas *a);

/* Reserves a w x h rectangle (with a 1-texel gutter around it), growing the
 * atlas if needed; false when even the largest atlas is full. Growth keeps
 * packed texels in place by adding regions, so once grown a rectangle can be
 * at most about half the atlas wide and tall. w or h 0 gives an empty rect. */
bool atlas_alloc(struct atlas *a, int w, int h, struct atlas_rect *out);
/* Copies 8-bit coverage into an allocated rectangle and marks it dirty. */
void atlas_write(struct atlas *a, const struct atlas_rect *r, const uint8_t *src, int src_pitch);
/* Frees everything (the renderer re-uploads all): for when the atlas is full. */
void atlas_reset(struct atlas *a);

void atlas_size(const struct atlas *a, int *w, int *h);
const uint8_t *atlas_pixels(const struct atlas *a); /* row pitch = width */
/* Bumped when the texture must be re-created (growth, reset). */
uint32_t atlas_generation(const struct atlas *a);
/* The union of rectangles written since the last call; false if none. */
bool atlas_take_dirty(struct atlas *a, struct atlas_rect *out);

#endif
