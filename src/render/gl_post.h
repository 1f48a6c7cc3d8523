/* gl_post: the scene framebuffer, the bloom chain and the composite pass.
 *
 *   scene FBO (RGBA8, full size; the batch draws here, only when dirty)
 *   -> bloom: a 4x4 box straight to 1/4 (ARCHITECTURE.md's 2x2 box to 1/2
 *      and Kawase step to 1/4, in one pass: the 1/2 level was never shown and
 *      cost most), dual-Kawase down to 1/32, back up only to 1/4, each step
 *      up adding the level of its size (tight + wide halo), all RGBA8; only
 *      when the scene changed
 *   -> combine: scene texelFetch + one bilinear bloom tap, scanlines on
 *      device rows, vignette, grain, flicker, black lift, straight into the
 *      window or the offscreen target (the first frame of every scene);
 *   -> frames where only the ambient animation (grain, flicker) moved read a
 *      kept copy of the combine without grain and flicker ("lit", made at the
 *      first such frame of a scene) and only scale it.
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

/* Keep mode, for the live display: every frame is combined into a kept
 * full-size picture ("lit") that is then presented (by the ambient pass, or
 * a plain copy when there is no ambient animation), so a later frame can
 * redraw, bloom and combine only the rectangles that changed. Costs one
 * full-size texture and, without ambient animation, one copy per frame. */
void gl_post_set_keep(struct gl_post *p, bool on);

/* The rectangles (batch coordinates, y down) the next scene changes, from
 * render/damage: n > 0 redraws only those (when the kept scene allows it),
 * n < 0 or 0 everything. Holds for the next begin_scene .. composite. */
struct damage_rect;
void gl_post_set_damage(struct gl_post *p, const struct damage_rect *r, int n);
/* The rectangles begin_scene will really redraw (0 = the whole scene). */
int gl_post_damage(const struct gl_post *p, const struct damage_rect **r);
/* Partial presentation (keep mode, no ambient animation): a composite after
 * a partial scene copies only the changed rectangles into its target, which
 * must still hold the previous frame elsewhere (Mesa's software back buffer
 * does; the caller then shows just those rectangles). */
void gl_post_set_partial_present(struct gl_post *p, bool on);
/* Bloom culling (keep mode, for software GL): each bloom is read back
 * where it was redrawn and compared with the last, so a partial composite
 * combines only where the scene or the 8-bit bloom changed, not all the
 * way out to the bloom's reach (76 px around a changed clock digit with
 * full effects). The picture is the same; the read-back stalls a GPU's
 * pipeline, so it is meant for renderers whose shading is the cost. */
void gl_post_set_bloom_cull(struct gl_post *p, bool on);
/* The rectangles (batch coordinates) the last composite changed in its
 * target; 0 = all of it. */
int gl_post_presented(const struct gl_post *p, const struct damage_rect **r);

/* Binds the scene framebuffer, sets the viewport and clears it to black
 * (with damage, gl_renderer_draw clears each rectangle itself). */
void gl_post_begin_scene(struct gl_post *p);
/* Runs the bloom chain on the scene (no-op when settings say no bloom). */
void gl_post_bloom(struct gl_post *p, const struct post_settings *s);
/* Composites into framebuffer `fbo` (0 = the window; GL_POST_OFFSCREEN = the
 * offscreen target) of the same size as the scene: the combine pass when the
 * scene changed (or the picture is static), then the ambient pass. */
#define GL_POST_OFFSCREEN 0xFFFFFFFFu
void gl_post_composite(struct gl_post *p, const struct post_settings *s,
                       const struct post_frame *f, uint32_t fbo);

/* Per-pass cost, for --bench: with profiling on, every pass ends with
 * glFinish and adds the process CPU time (all threads, the driver's too) and
 * wall time it took. Off by default: the finishes cost overlap. */
enum gl_post_pass { GL_POST_SCENE, GL_POST_BLOOM, GL_POST_COMBINE, GL_POST_AMBIENT, GL_POST_PASSES };
struct gl_post_timing {
    double cpu_ms[GL_POST_PASSES], wall_ms[GL_POST_PASSES]; /* sums */
    int count[GL_POST_PASSES];
};
void gl_post_profile(struct gl_post *p, bool on);
/* Returns the sums so far and resets them. */
struct gl_post_timing gl_post_take_timing(struct gl_post *p);

/* Reads the offscreen target as tightly packed RGB rows, top row first. */
bool gl_post_read_rgb(struct gl_post *p, uint8_t *rgb);

#endif
