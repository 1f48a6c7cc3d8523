/* pipeline: one frame, from content to pixels — shared by the live display,
 * --screenshot, --record and --bench so they all go through the same path.
 *
 *   pipeline_build        content -> batch (CPU; the content says when it next
 *                         changes by itself)
 *   pipeline_draw_scene   batch + atlas upload -> scene FBO -> bloom chain
 *   pipeline_composite    scene + bloom -> scanlines, vignette, grain, flicker
 *                         -> the window or the offscreen target
 *
 * The scene and bloom persist, so a composite-only frame skips the first two.
 * Needs a current GL context. Depends on app/content, render (batch, text,
 * gl_*), core. */
#ifndef MAGI_APP_PIPELINE_H
#define MAGI_APP_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "app/cli.h"
#include "app/content.h"
#include "render/post.h"

struct pipeline_desc {
    int w, h;                 /* framebuffer size in device pixels */
    enum post_preset preset;
    bool reduce_motion;
    unsigned long long seed;
    bool offscreen;           /* composite into an offscreen target to read back */
    struct content *content;  /* borrowed; must outlive the pipeline */
    bool record;              /* batch keeps draw commands (debugging) */
    double ambient_fps;       /* rate of the ambient animation; 0 = the preset's */
    bool no_ambient;          /* no ambient animation whatever the preset */
};

struct pipeline;

struct pipeline *pipeline_create(const struct pipeline_desc *d);
void pipeline_destroy(struct pipeline *p);

bool pipeline_resize(struct pipeline *p, int w, int h);
void pipeline_size(const struct pipeline *p, int *w, int *h);

/* Fills the batch for clock time t (seconds since start) and Unix time wall.
 * Returns the time the content next changes by itself (INFINITY: never). */
double pipeline_build(struct pipeline *p, double t, double wall);
/* Continuous motion in the content comes to rest at time t (draw_ctx's
 * motion_until; 0, the default, never). The live display sets it from the
 * scheduler as the picture settles. */
void pipeline_set_motion_until(struct pipeline *p, double t);
/* Uploads and draws the batch into the scene, then runs the bloom chain.
 * With damage tracking on, only what changed since the last scene is drawn
 * and false is returned (nothing drawn) when the new batch would draw the
 * very same picture; otherwise true. */
bool pipeline_draw_scene(struct pipeline *p);
/* Damage tracking (the live display): later scenes redraw, bloom and
 * combine only the rectangles where the batch changed (render/damage),
 * composited through a kept picture (gl_post_set_keep). Off by default:
 * benchmarks of whole frames and one-shot captures want whole frames. */
void pipeline_track_damage(struct pipeline *p, bool on);
/* The next scene is drawn whole (something outside the batch changed). */
void pipeline_invalidate(struct pipeline *p);
/* Fraction of the screen the last scene redrew (1 = all of it). */
double pipeline_damage_fraction(const struct pipeline *p);
/* Lets a composite after a partial scene update only the changed rectangles
 * of the window (gl_post_set_partial_present); pipeline_presented then says
 * which, for window_present_rects. */
struct damage_rect;
void pipeline_set_partial_present(struct pipeline *p, bool on);
int pipeline_presented(const struct pipeline *p, const struct damage_rect **r);
/* Composites for time t with the scheduler's ambient strength; into the
 * window's framebuffer, or the offscreen target when offscreen. */
void pipeline_composite(struct pipeline *p, double t, float ambient_strength);
/* Moves the whole picture by whole device pixels from the next composite on
 * (burn-in care, platform/burnin; x right, y down). */
void pipeline_set_shift(struct pipeline *p, int dx, int dy);
/* Reads the offscreen target (RGB, top row first, w*h*3 bytes). */
bool pipeline_read_rgb(struct pipeline *p, uint8_t *rgb);

const struct post_settings *pipeline_post(const struct pipeline *p);
struct batch *pipeline_batch(struct pipeline *p);
/* The text module (NULL when no fonts could be loaded). */
struct text *pipeline_text(struct pipeline *p);

/* The post chain itself (per-pass profiling for --bench). */
struct gl_post *pipeline_gl_post(struct pipeline *p);

/* The post preset a command line asks for (--effects, default full). */
enum post_preset pipeline_preset(const struct cli_options *o);

#endif
