/* batch: the CPU-side list of everything one frame draws.
 *
 * Widgets, the text module and the test card append shapes here; the GL
 * renderer (gl_renderer.c) uploads the result and draws it in one draw call per
 * clip rectangle. No GL in this module, so widget tests can run it headless
 * and, with recording on, assert on what was drawn.
 *
 * Coordinates are device pixels, origin top-left, y down. Angles are radians,
 * 0 along +x, increasing clockwise on screen (because y points down).
 * Anti-aliasing is done on the CPU: every filled shape and stroke gets a
 * feather fringe of `aa` pixels whose alpha falls to zero, so no MSAA is needed.
 *
 * Vertices carry texture coordinates in atlas *texels* (not 0..1) so the atlas
 * can grow mid-frame; untextured shapes point at a solid white texel that the
 * text module reserves (batch_set_white_texel). Depends on core/color only. */
#ifndef MAGI_RENDER_BATCH_H
#define MAGI_RENDER_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/color.h"

struct batch_vertex {
    float x, y; /* device pixels */
    float u, v; /* atlas texels */
    rgba color; /* straight alpha */
};

/* A run of indices drawn with one scissor rectangle. */
struct batch_draw {
    uint32_t first_index;
    uint32_t index_count;
    bool clipped;
    float clip_x, clip_y, clip_w, clip_h;
};

/* What recording keeps of each call (for widget tests and debugging). */
enum batch_op {
    BATCH_OP_RECT,
    BATCH_OP_RECT_GRAD,
    BATCH_OP_RECT_OUTLINE,
    BATCH_OP_LINE,
    BATCH_OP_POLYLINE,
    BATCH_OP_POLYGON,
    BATCH_OP_ROUND_RECT,
    BATCH_OP_ROUND_RECT_OUTLINE,
    BATCH_OP_HEX,
    BATCH_OP_HEX_OUTLINE,
    BATCH_OP_ARC,
    BATCH_OP_HAZARD,
    BATCH_OP_GLYPH,
    BATCH_OP_TEXT, /* one per text_draw call, added by the text module */
};

struct batch_cmd {
    enum batch_op op;
    float x, y, w, h; /* bounding box in pixels */
    rgba color;
    const char *text; /* BATCH_OP_TEXT only: owned by the batch, valid until clear */
};

struct batch_desc {
    size_t initial_vertices; /* 0 = 16384 */
    float aa;                /* fringe width in pixels; 0 = 1.0 */
    bool record;             /* keep a batch_cmd per call */
};

struct batch *batch_create(const struct batch_desc *desc);
void batch_destroy(struct batch *b);

/* Empties the batch for a new frame (keeps its memory). */
void batch_clear(struct batch *b);

/* The solid white texel (texel coordinates) used by untextured shapes. */
void batch_set_white_texel(struct batch *b, float u, float v);
void batch_set_aa(struct batch *b, float aa);
float batch_get_aa(const struct batch *b);

/* Clip rectangle for the shapes that follow (scissor; starts a new draw). */
void batch_set_clip(struct batch *b, float x, float y, float w, float h);
void batch_reset_clip(struct batch *b);

/* --- filled shapes ---------------------------------------------------------*/
void batch_rect(struct batch *b, float x, float y, float w, float h, rgba c);
/* Corner colours clockwise from top-left. */
void batch_rect_grad(struct batch *b, float x, float y, float w, float h, rgba tl, rgba tr,
                     rgba br, rgba bl);
/* Convex polygon, points as x0,y0,x1,y1,... in either winding. */
void batch_polygon(struct batch *b, const float *xy, int n, rgba c);
void batch_round_rect(struct batch *b, float x, float y, float w, float h, float radius, rgba c);
/* Flat-top hexagon of circumradius R (height = sqrt(3) * R). */
void batch_hex(struct batch *b, float cx, float cy, float R, rgba c);
/* Annulus sector between radii r0 < r1, from angle a0 to a1 (a1 > a0). */
void batch_arc(struct batch *b, float cx, float cy, float r0, float r1, float a0, float a1,
               rgba c);
/* Hazard stripes clipped to the rectangle: stripes `stripe` px wide with `gap`
 * px between them (measured across the stripe), at `angle` radians from the
 * vertical (STYLE.md's -45 degrees = -M_PI/4), shifted by `offset` px along the
 * rectangle's x axis (animate it to scroll). */
void batch_hazard(struct batch *b, float x, float y, float w, float h, float stripe, float gap,
                  float angle, float offset, rgba c);

/* --- strokes ----------------------------------------------------------------*/
/* Stroke `width` px wide, centred on the segment, butt caps. */
void batch_line(struct batch *b, float x0, float y0, float x1, float y1, float width, rgba c);
/* Mitred joins (bevelled past a limit); `closed` joins the last point to the first. */
void batch_polyline(struct batch *b, const float *xy, int n, float width, rgba c, bool closed);
/* Outlines are drawn inside the shape's bounds. */
void batch_rect_outline(struct batch *b, float x, float y, float w, float h, float width,
                        rgba c);
void batch_round_rect_outline(struct batch *b, float x, float y, float w, float h, float radius,
                              float width, rgba c);
void batch_hex_outline(struct batch *b, float cx, float cy, float R, float width, rgba c);

/* --- textured quads ---------------------------------------------------------*/
/* An axis-aligned glyph quad: screen rectangle and atlas texel rectangle. No
 * AA fringe (the coverage bitmap already is anti-aliased). */
void batch_glyph(struct batch *b, float x0, float y0, float x1, float y1, float u0, float v0,
                 float u1, float v1, rgba c);
/* A glyph quad with arbitrary corners (for slanted or rotated text), corners
 * clockwise from top-left, texel rectangle as above. The renderer fetches
 * whole texels (no filtering: text is drawn on whole pixels), so a slanted
 * quad shows its texels' steps. */
void batch_glyph_quad(struct batch *b, const float xy[8], float u0, float v0, float u1, float v1,
                      rgba c);

/* A run of axis-aligned glyph quads in one colour, as batch_glyph would draw
 * them one by one: q holds x0, y0, x1, y1, u0, v0, u1, v1 per quad (finite,
 * x1 > x0, y1 > y0). The text module replays a string it drew before. */
void batch_glyph_run(struct batch *b, const float *q, size_t n, rgba c);

/* --- replay ------------------------------------------------------------------*/
/* Appends vertices drawn in an earlier frame (copied from batch_vertices)
 * with their indices relative to v[0], into the current draw run: the layout
 * replays a widget whose drawing has not changed instead of recomputing it. */
void batch_append(struct batch *b, const struct batch_vertex *v, size_t nv, const uint32_t *idx,
                  size_t ni);

/* --- recording ---------------------------------------------------------------*/
/* Appends a record (no geometry); the text module calls it once per string. */
void batch_record(struct batch *b, const struct batch_cmd *cmd);
bool batch_recording(const struct batch *b);
const struct batch_cmd *batch_commands(const struct batch *b, size_t *count);

/* --- for the renderer ---------------------------------------------------------*/
const struct batch_vertex *batch_vertices(const struct batch *b, size_t *count);
const uint32_t *batch_indices(const struct batch *b, size_t *count);
const struct batch_draw *batch_draws(const struct batch *b, size_t *count);

#endif
