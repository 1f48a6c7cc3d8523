/* pipeline: see pipeline.h. */
#include "app/pipeline.h"

#include <math.h>
#include <stdlib.h>

#include "core/color.h"
#include "core/log.h"
#include "platform/display_config.h"
#include "render/atlas.h"
#include "render/batch.h"
#include "render/damage.h"
#include "render/gl_context.h"
#include "render/gl_post.h"
#include "render/gl_renderer.h"
#include "render/text.h"

struct pipeline {
    int w, h;
    struct post_settings post;
    bool reduce_motion;
    double motion_until;
    unsigned long long seed;
    bool offscreen;
    struct content *content;
    struct batch *batch;
    struct text *text;
    struct gl_renderer *renderer;
    struct gl_post *gl_post;
    int shift_x, shift_y;
    struct damage *damage; /* NULL unless tracking */
    double damage_fraction;
};

/* Rectangles damage reports at most; gl_post takes up to 16. */
#define DAMAGE_RECTS 16

enum post_preset pipeline_preset(const struct cli_options *o)
{
    switch (o->effects) {
    case CLI_EFFECTS_LITE:
        return POST_LITE;
    case CLI_EFFECTS_OFF:
        return POST_OFF;
    case CLI_EFFECTS_FULL:
    case CLI_EFFECTS_DEFAULT:
        break;
    }
    return POST_FULL;
}

struct pipeline *pipeline_create(const struct pipeline_desc *d)
{
    struct pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->w = d->w;
    p->h = d->h;
    p->reduce_motion = d->reduce_motion;
    p->seed = d->seed;
    p->offscreen = d->offscreen;
    p->content = d->content;
    post_settings_preset(d->preset, d->reduce_motion, &p->post);
    if (d->ambient_fps > 0)
        p->post.ambient_fps = d->ambient_fps;
    if (d->no_ambient)
        p->post.ambient = false;
    p->batch = batch_create(&(struct batch_desc){.record = d->record});
    p->text = text_create(&(struct text_desc){0});
    if (!p->text)
        log_warn("render", "no text: fonts could not be loaded (shapes only)");
    p->renderer = gl_renderer_create();
    p->gl_post = gl_post_create(
        &(struct gl_post_desc){.w = d->w, .h = d->h, .seed = d->seed, .offscreen = d->offscreen});
    if (!p->batch || !p->renderer || !p->gl_post) {
        log_error("render", "cannot set up the render pipeline at %dx%d", d->w, d->h);
        pipeline_destroy(p);
        return NULL;
    }
    return p;
}

void pipeline_destroy(struct pipeline *p)
{
    if (!p)
        return;
    damage_destroy(p->damage);
    gl_post_destroy(p->gl_post);
    gl_renderer_destroy(p->renderer);
    text_destroy(p->text);
    batch_destroy(p->batch);
    free(p);
}

bool pipeline_resize(struct pipeline *p, int w, int h)
{
    if (w < 1 || h < 1 || (w == p->w && h == p->h))
        return w >= 1 && h >= 1;
    if (!gl_post_resize(p->gl_post, w, h))
        return false;
    p->w = w;
    p->h = h;
    if (p->damage) {
        damage_destroy(p->damage);
        p->damage = damage_create(&(struct damage_desc){.w = w, .h = h, .max_rects = DAMAGE_RECTS});
    }
    return true;
}

void pipeline_size(const struct pipeline *p, int *w, int *h)
{
    *w = p->w;
    *h = p->h;
}

static float anim_rate(enum level l)
{
    switch (l) {
    case LEVEL_CAUTION:
        return 1.5f;
    case LEVEL_ALERT:
        return 2.0f;
    case LEVEL_EMERGENCY:
        return 3.0f;
    case LEVEL_NOMINAL:
        break;
    }
    return 1.0f;
}

void pipeline_set_motion_until(struct pipeline *p, double t) { p->motion_until = t; }

double pipeline_build(struct pipeline *p, double t, double wall)
{
    batch_clear(p->batch);
    if (p->text)
        text_bind_batch(p->text, p->batch);
    double wake = INFINITY;
    enum level lv = p->content->level ? p->content->level(p->content->self) : LEVEL_NOMINAL;
    struct draw_ctx ctx = {
        .b = p->batch,
        .text = p->text,
        .pal = palette_default(),
        .t = t,
        .wall = wall,
        .u = (float)p->h / 108.0f,
        .screen_w = (float)p->w,
        .screen_h = (float)p->h,
        .screen_level = lv,
        .anim_rate = anim_rate(lv),
        .reduce_motion = p->reduce_motion,
        .motion_until = p->motion_until,
        .seed = p->seed,
        .wake_at = &wake,
    };
    p->content->draw(p->content->self, &ctx);
    return wake;
}

/* Uploads what the text module added to the glyph atlas since last time. */
static void upload_atlas(struct pipeline *p)
{
    if (!p->text)
        return;
    struct atlas *a = text_atlas(p->text);
    int w, h;
    atlas_size(a, &w, &h);
    struct atlas_rect r = {0, 0, 0, 0};
    atlas_take_dirty(a, &r);
    gl_renderer_atlas(p->renderer, atlas_pixels(a), w, h, atlas_generation(a), r.x, r.y, r.w, r.h);
}

void pipeline_track_damage(struct pipeline *p, bool on)
{
    if (on && !p->damage) {
        p->damage =
            damage_create(&(struct damage_desc){.w = p->w, .h = p->h, .max_rects = DAMAGE_RECTS});
        if (!p->damage)
            log_warn("render", "no damage tracking (out of memory): whole frames only");
    } else if (!on && p->damage) {
        damage_destroy(p->damage);
        p->damage = NULL;
    }
    gl_post_set_keep(p->gl_post, p->damage != NULL);
    /* On software GL reading the bloom back is a copy and shading is the
     * cost: combine only where the bloom really changed (gl_post.h).
     * MAGI_BLOOM_CULL=0 combines all of the bloom's reach instead, which
     * must give the same picture (tests/gl/damage.sh compares them). */
    const char *env = getenv("MAGI_BLOOM_CULL");
    bool cull = !(env && *env == '0') && display_renderer_is_software(gl_context_renderer());
    gl_post_set_bloom_cull(p->gl_post, p->damage != NULL && cull);
}

void pipeline_invalidate(struct pipeline *p)
{
    if (p->damage)
        damage_reset(p->damage);
}

double pipeline_damage_fraction(const struct pipeline *p) { return p->damage_fraction; }

void pipeline_set_partial_present(struct pipeline *p, bool on)
{
    gl_post_set_partial_present(p->gl_post, on);
}

int pipeline_presented(const struct pipeline *p, const struct damage_rect **r)
{
    return gl_post_presented(p->gl_post, r);
}

bool pipeline_draw_scene(struct pipeline *p)
{
    p->damage_fraction = 1.0;
    if (p->damage) {
        struct damage_rect r[DAMAGE_RECTS];
        uint32_t gen = p->text ? atlas_generation(text_atlas(p->text)) : 0;
        int n = damage_update(p->damage, p->batch, gen, r);
        if (n == 0) {
            p->damage_fraction = 0.0;
            return false;
        }
        gl_post_set_damage(p->gl_post, r, n);
        const struct damage_rect *used;
        int m = gl_post_damage(p->gl_post, &used);
        if (m > 0) {
            double a = 0;
            for (int i = 0; i < m; i++)
                a += (double)used[i].w * used[i].h;
            p->damage_fraction = a / ((double)p->w * p->h);
        }
    }
    upload_atlas(p);
    gl_post_begin_scene(p->gl_post);
    const struct damage_rect *rects;
    int n = gl_post_damage(p->gl_post, &rects);
    gl_renderer_draw(p->renderer, p->batch, p->w, p->h, rects, n);
    gl_post_bloom(p->gl_post, &p->post);
    return true;
}

void pipeline_composite(struct pipeline *p, double t, float ambient_strength)
{
    struct post_frame f;
    post_frame_params(&p->post, t, p->seed, ambient_strength, &f);
    f.shift_x = p->shift_x;
    f.shift_y = p->shift_y;
    gl_post_composite(p->gl_post, &p->post, &f, p->offscreen ? GL_POST_OFFSCREEN : 0);
}

void pipeline_set_shift(struct pipeline *p, int dx, int dy)
{
    /* gl_post notices the new shift itself and combines the whole picture. */
    p->shift_x = dx;
    p->shift_y = dy;
}

bool pipeline_read_rgb(struct pipeline *p, uint8_t *rgb) { return gl_post_read_rgb(p->gl_post, rgb); }

const struct post_settings *pipeline_post(const struct pipeline *p) { return &p->post; }
struct batch *pipeline_batch(struct pipeline *p) { return p->batch; }
struct text *pipeline_text(struct pipeline *p) { return p->text; }
struct gl_post *pipeline_gl_post(struct pipeline *p) { return p->gl_post; }
