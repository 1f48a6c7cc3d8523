/* gl_post: see gl_post.h. */
#include "render/gl_post.h"

#include <glad/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "render/damage.h"
#include "render/gl_shader.h"

#define MAX_LEVELS 6 /* 1/2 .. 1/64 */
#define MAX_DAMAGE 16 /* rectangles per frame; more and the frame is drawn whole */
#define SHIFT_MARGIN 8 /* the largest burn-in pixel shift (platform/burnin) */
#define CULL_TILE 16  /* bloom culling's tile, in pixels */
#define CULL_BAND 4   /* tile rows per band in tiles_to_show */
#define CULL_RUNS 128 /* runs of tiles at most before culling gives up for a frame */
#define CULL_SHOW 48  /* rectangles a culled composite combines, at most */

struct target {
    GLuint tex, fbo;
    int w, h;
};

/* The combine pass is compiled with only the effects a preset uses. */
enum {
    FX_BLOOM = 1,
    FX_SCANLINES = 2,
    FX_VIGNETTE = 4,
    FX_GRAIN = 8,
    FX_LIFT = 16,
    FX_SHIFT = 32, /* burn-in care: the picture offset by whole pixels */
    FX_VIG_PIXEL = 64, /* the vignette per pixel rather than from grid_vs */
    COMBINE_VARIANTS = 128,
    /* Compiled at start-up (a broken shader fails there, not mid-run) and
     * the fallback should a variant fail to compile. */
    FX_ALL = FX_BLOOM | FX_SCANLINES | FX_VIGNETTE | FX_GRAIN | FX_LIFT | FX_SHIFT
};

/* Below this width grid_vs's cells would be under 40 px and its 1,152
 * triangles would cost software GL more than the vignette's arithmetic on
 * every pixel (320x180: 1.8 ms for the grid against 0.5 for a plain copy). */
#define VIG_GRID_MIN_WIDTH 1280

/* grid_vs.glsl's grid: 32 x 18 quads of 6 vertices, row by row. */
#define GRID_COLS 32
#define GRID_ROWS 18
#define GRID_ROW_VERTICES (GRID_COLS * 6)
#define GRID_VERTICES (GRID_ROWS * GRID_ROW_VERTICES)

struct combine_prog {
    GLuint prog;
    bool failed;
    int vertices; /* 3 (one triangle) or GRID_VERTICES */
    GLint scene, bloom, seed, size, bloom_k, scan, scan_inv, vig_mul, vignette, grain, grain_off,
        gain, lift, shift;
};

struct gl_post {
    int w, h;
    bool offscreen;
    struct target scene, final, lit;
    struct target down[MAX_LEVELS]; /* down[k] = 1/2^(k+1); k = 0 (1/2) unused */
    struct target up[MAX_LEVELS];   /* up[k] same size as down[k], k >= 1 */
    unsigned seed; /* picks the grain tile */
    GLuint vao; /* empty: the fullscreen triangle needs no attributes */
    GLuint p_down, p_up, p_amb;
    GLint d_src, d_texel, d_mode;
    GLint u_src, u_level, u_texel, u_wide, u_tight;
    struct combine_prog comb[COMBINE_VARIANTS]; /* by effect mask, compiled on first use */
    GLint a_lit, a_seed, a_grain, a_grain_off, a_gain;
    bool lit_valid; /* lit holds the combine of the current scene and bloom */
    bool lit_failed; /* no memory for lit: every frame combines instead */
    int lit_shift_x, lit_shift_y; /* ... at this pixel shift */
    bool fresh;     /* the scene changed and has not been composited yet */
    bool profile;
    double mark_cpu, mark_wall;
    struct gl_post_timing timing;
    const struct target *bloom; /* result of the last bloom, NULL if none */
    float bloom_scale;          /* weight still to apply to it */
    /* Keep mode and partial frames (gl_post_set_keep, gl_post_set_damage). */
    bool keep;
    bool scene_valid; /* the scene target holds the last whole scene */
    bool lit_final;   /* lit was combined as a still picture (grain, flicker in) */
    int ndamage;      /* rectangles of the scene being drawn; 0 = all of it */
    struct damage_rect damage[MAX_DAMAGE];
    int halo;         /* pixels a scene change can move the bloom by */
    int nreach;       /* the damage grown by halo, overlaps merged (0: all) */
    bool partial_present; /* present_lit may update only the reach rectangles */
    bool shown;       /* the target holds the picture last composited (amb_last's) */
    bool shown_ambient; /* ... through the ambient pass, with amb_last's grain and flicker */
    bool lit_behind;  /* rectangles were combined straight into the target, not into lit */
    struct post_frame amb_last;
    int npresented;   /* rectangles the last composite changed in its target (0: all) */
    struct damage_rect reach[MAX_DAMAGE];
    /* What a partial composite combines and shows: the reach, or with bloom
     * culling (gl_post_set_bloom_cull) only where the scene or the 8-bit
     * bloom really changed (0: all). */
    int nshow;
    struct damage_rect show[CULL_SHOW];
    struct damage_rect presented[MAX_DAMAGE]; /* show merged for the window */
    bool cull;
    uint8_t *bshown; /* the bloom texture as last read back: RGBA8, GL's rows */
    uint8_t *bread;  /* read-back scratch, the same layout */
    int bshown_w, bshown_h;
    const struct target *bshown_src; /* which target it mirrors */
    bool bshown_valid; /* bshown equals that target's texels */
    uint8_t *tiles;  /* CULL_TILE-pixel tiles to combine, y down */
    int tiles_w, tiles_h;
};

static void target_free(struct target *t)
{
    if (t->fbo)
        glDeleteFramebuffers(1, &t->fbo);
    if (t->tex)
        glDeleteTextures(1, &t->tex);
    memset(t, 0, sizeof *t);
}

static bool target_make(struct target *t, int w, int h)
{
    target_free(t);
    t->w = w;
    t->h = h;
    glGenTextures(1, &t->tex);
    glBindTexture(GL_TEXTURE_2D, t->tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glGenFramebuffers(1, &t->fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t->tex, 0);
    GLenum st = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    if (st != GL_FRAMEBUFFER_COMPLETE) {
        log_error("render", "framebuffer %dx%d incomplete (0x%x)", w, h, st);
        target_free(t);
        return false;
    }
    return true;
}

static void free_targets(struct gl_post *p)
{
    target_free(&p->scene);
    target_free(&p->final);
    target_free(&p->lit);
    p->lit_valid = false;
    p->shown = false;
    p->scene_valid = false;
    p->ndamage = 0;
    p->nshow = 0;
    p->bshown_valid = false;
    for (int i = 0; i < MAX_LEVELS; i++) {
        target_free(&p->down[i]);
        target_free(&p->up[i]);
    }
    p->bloom = NULL;
}

bool gl_post_resize(struct gl_post *p, int w, int h)
{
    if (w < 1 || h < 1)
        return false;
    free_targets(p);
    p->lit_failed = false;
    p->w = w;
    p->h = h;
    /* The kept combine (lit) is made when the first ambient frame needs it:
     * static presets never do, and it is a full-size texture. */
    bool ok = target_make(&p->scene, w, h);
    if (ok && p->offscreen)
        ok = target_make(&p->final, w, h);
    int lw = w, lh = h;
    for (int i = 0; ok && i < MAX_LEVELS; i++) {
        lw = (lw + 1) / 2;
        lh = (lh + 1) / 2;
        if (i == 0)
            continue; /* the 1/2 level is skipped (bloom_down_fs mode 0) */
        ok = target_make(&p->down[i], lw, lh) && target_make(&p->up[i], lw, lh);
    }
    if (!ok)
        free_targets(p);
    return ok;
}

void gl_post_size(const struct gl_post *p, int *w, int *h)
{
    *w = p->w;
    *h = p->h;
}

/* The combine program for an effect mask, compiled on first use; NULL (and
 * logged once) if it does not compile. */
static struct combine_prog *combine_variant(struct gl_post *p, unsigned mask)
{
    struct combine_prog *c = &p->comb[mask];
    if (c->prog)
        return c;
    if (c->failed)
        return NULL;
    char defs[256];
    snprintf(defs, sizeof defs,
             "#define BLOOM %d\n#define SCANLINES %d\n#define VIGNETTE %d\n#define GRAIN %d\n"
             "#define LIFT %d\n#define SHIFT %d\n",
             !!(mask & FX_BLOOM), !!(mask & FX_SCANLINES),
             (mask & FX_VIGNETTE) ? ((mask & FX_VIG_PIXEL) ? 2 : 1) : 0, !!(mask & FX_GRAIN),
             !!(mask & FX_LIFT), !!(mask & FX_SHIFT));
    /* With a vignette from the grid the pass is drawn as grid_vs's grid (the
     * vignette per vertex), else as one triangle. */
    bool grid = (mask & FX_VIGNETTE) && !(mask & FX_VIG_PIXEL);
    c->prog = gl_program_load_defines(grid ? "shaders/grid_vs.glsl" : "shaders/fullscreen_vs.glsl",
                                      "shaders/combine_fs.glsl", defs);
    c->vertices = grid ? GRID_VERTICES : 3;
    if (!c->prog) {
        c->failed = true;
        return NULL;
    }
#define U(name) glGetUniformLocation(c->prog, name)
    c->scene = U("u_scene");
    c->bloom = U("u_bloom");
    c->seed = U("u_seed");
    c->size = U("u_size");
    c->bloom_k = U("u_bloom_k");
    c->scan = U("u_scan");
    c->scan_inv = U("u_scan_inv");
    c->vig_mul = U("u_vig_mul");
    c->vignette = U("u_vignette");
    c->grain = U("u_grain");
    c->grain_off = U("u_grain_off");
    c->gain = U("u_gain");
    c->lift = U("u_lift");
    c->shift = U("u_shift");
#undef U
    return c;
}

struct gl_post *gl_post_create(const struct gl_post_desc *d)
{
    struct gl_post *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->offscreen = d->offscreen;
    p->p_down = gl_program_load("shaders/fullscreen_vs.glsl", "shaders/bloom_down_fs.glsl");
    p->p_up = gl_program_load("shaders/fullscreen_vs.glsl", "shaders/bloom_up_fs.glsl");
    p->p_amb = gl_program_load("shaders/fullscreen_vs.glsl", "shaders/ambient_fs.glsl");
    /* The full combine up front: a broken shader fails here, not mid-run. */
    if (!p->p_down || !p->p_up || !p->p_amb || !combine_variant(p, FX_ALL)) {
        gl_post_destroy(p);
        return NULL;
    }
#define U(prog, name) glGetUniformLocation(prog, name)
    p->d_src = U(p->p_down, "u_src");
    p->d_texel = U(p->p_down, "u_src_texel");
    p->d_mode = U(p->p_down, "u_mode");
    p->u_src = U(p->p_up, "u_src");
    p->u_level = U(p->p_up, "u_level");
    p->u_texel = U(p->p_up, "u_src_texel");
    p->u_wide = U(p->p_up, "u_wide");
    p->u_tight = U(p->p_up, "u_tight");
    p->a_lit = U(p->p_amb, "u_lit");
    p->a_seed = U(p->p_amb, "u_seed");
    p->a_grain = U(p->p_amb, "u_grain");
    p->a_grain_off = U(p->p_amb, "u_grain_off");
    p->a_gain = U(p->p_amb, "u_gain");
#undef U
    glGenVertexArrays(1, &p->vao);

    p->seed = post_grain_seed(d->seed);

    if (!gl_post_resize(p, d->w, d->h)) {
        gl_post_destroy(p);
        return NULL;
    }
    return p;
}

void gl_post_destroy(struct gl_post *p)
{
    if (!p)
        return;
    free_targets(p);
    free(p->bshown);
    free(p->bread);
    free(p->tiles);
    if (p->vao)
        glDeleteVertexArrays(1, &p->vao);
    if (p->p_down)
        glDeleteProgram(p->p_down);
    if (p->p_up)
        glDeleteProgram(p->p_up);
    for (int i = 0; i < COMBINE_VARIANTS; i++)
        if (p->comb[i].prog)
            glDeleteProgram(p->comb[i].prog);
    if (p->p_amb)
        glDeleteProgram(p->p_amb);
    free(p);
}

/* Profiling: starts timing a pass / ends it and books it. */
static void prof_start(struct gl_post *p)
{
    if (!p->profile)
        return;
    glFinish();
    p->mark_cpu = clock_process_cpu();
    p->mark_wall = clock_mono();
}

static void prof_end(struct gl_post *p, enum gl_post_pass pass)
{
    if (!p->profile)
        return;
    glFinish();
    p->timing.cpu_ms[pass] += (clock_process_cpu() - p->mark_cpu) * 1e3;
    p->timing.wall_ms[pass] += (clock_mono() - p->mark_wall) * 1e3;
    p->timing.count[pass]++;
}

void gl_post_profile(struct gl_post *p, bool on) { p->profile = on; }

struct gl_post_timing gl_post_take_timing(struct gl_post *p)
{
    struct gl_post_timing t = p->timing;
    memset(&p->timing, 0, sizeof p->timing);
    return t;
}

void gl_post_set_keep(struct gl_post *p, bool on)
{
    if (p->keep != on)
        p->lit_valid = false;
    p->keep = on;
}

void gl_post_set_damage(struct gl_post *p, const struct damage_rect *r, int n)
{
    p->ndamage = 0;
    if (n <= 0 || n > MAX_DAMAGE || !p->keep || !p->scene_valid)
        return;
    for (int i = 0; i < n; i++) {
        /* Clipped to the scene; empty ones dropped. */
        int x0 = r[i].x > 0 ? r[i].x : 0, y0 = r[i].y > 0 ? r[i].y : 0;
        int x1 = r[i].x + r[i].w < p->w ? r[i].x + r[i].w : p->w;
        int y1 = r[i].y + r[i].h < p->h ? r[i].y + r[i].h : p->h;
        if (x1 > x0 && y1 > y0)
            p->damage[p->ndamage++] = (struct damage_rect){x0, y0, x1 - x0, y1 - y0};
    }
}

int gl_post_damage(const struct gl_post *p, const struct damage_rect **r)
{
    *r = p->damage;
    return p->ndamage;
}

/* Scissor to a rectangle given in batch coordinates (y down), clipped to
 * w x h. */
static void scissor_rect(struct damage_rect r, int w, int h)
{
    int x0 = r.x, y0 = r.y, x1 = r.x + r.w, y1 = r.y + r.h;
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > w ? w : x1;
    y1 = y1 > h ? h : y1;
    glScissor(x0, h - y1, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0);
}

void gl_post_begin_scene(struct gl_post *p)
{
    prof_start(p);
    glBindFramebuffer(GL_FRAMEBUFFER, p->scene.fbo);
    glViewport(0, 0, p->w, p->h);
    glDisable(GL_SCISSOR_TEST);
    /* Damaged rectangles are cleared by gl_renderer_draw, each right before
     * it is drawn. */
    if (p->ndamage > 0)
        return;
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
}

static void draw_into(const struct target *t)
{
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glViewport(0, 0, t->w, t->h);
    glDrawArrays(GL_TRIANGLES, 0, 3);
}

static void bloom_passes(struct gl_post *p, const struct post_settings *s);
static void bloom_chain(struct gl_post *p, const struct post_settings *s);
static void set_show(struct gl_post *p, bool had);
static void compute_reach(struct gl_post *p);
static void draw_into_reach(struct gl_post *p, const struct target *t);

void gl_post_bloom(struct gl_post *p, const struct post_settings *s)
{
    prof_end(p, GL_POST_SCENE); /* the batch was drawn since begin_scene */
    prof_start(p);
    bloom_passes(p, s);
    prof_end(p, GL_POST_BLOOM);
}

static void bloom_passes(struct gl_post *p, const struct post_settings *s)
{
    /* The chain rewrites the bloom texture: bshown mirrors it again only
     * once set_show has read it back. */
    bool had = p->bshown_valid;
    p->bshown_valid = false;
    bloom_chain(p, s);
    set_show(p, had);
}

static void bloom_chain(struct gl_post *p, const struct post_settings *s)
{
    p->bloom = NULL;
    /* A new scene: the lit picture must be remade (all of it, unless only
     * some rectangles changed). */
    if (!p->ndamage)
        p->lit_valid = false;
    p->scene_valid = true;
    p->fresh = true;
    p->halo = 0;
    compute_reach(p); /* without bloom: the damage itself */
    if (!s->bloom || !p->scene.fbo)
        return;
    int levels = s->bloom_levels;
    if (levels < 1)
        levels = 1;
    if (levels > MAX_LEVELS - 1)
        levels = MAX_LEVELS - 1;
    /* How far a changed scene pixel reaches through the chain: the 4x4
     * box, the taps of each level on the way down and up (the coarsest
     * level's texel is 2 << levels pixels) and the final bilinear tap.
     * Beyond this the change to the bloom is under one 8-bit step (checked
     * against whole frames by tests/gl/damage.sh: one coarsest texel less
     * left 1-step differences), so the passes after the first and the
     * combine stop there. */
    p->halo = 4 + 2 * (2 << levels) + 8;
    compute_reach(p);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(p->vao);
    glActiveTexture(GL_TEXTURE0);

    glUseProgram(p->p_down);
    glUniform1i(p->d_src, 0);
    /* Full size -> 1/4: a 4x4 box in four bilinear taps. */
    glUniform1i(p->d_mode, 0);
    glUniform2f(p->d_texel, 1.0f / (float)p->w, 1.0f / (float)p->h);
    glBindTexture(GL_TEXTURE_2D, p->scene.tex);
    if (p->ndamage > 0) {
        /* Only the quarter-size texels whose 4x4 box reads a changed pixel
         * (two texels of slack for the bilinear taps and the rounding of
         * sizes that are not multiples of 4); the smaller levels are cheap
         * and redone whole. */
        const struct target *t = &p->down[1];
        glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
        glViewport(0, 0, t->w, t->h);
        glEnable(GL_SCISSOR_TEST);
        for (int i = 0; i < p->ndamage; i++) {
            struct damage_rect r = p->damage[i];
            int x0 = r.x * t->w / p->w - 2, x1 = (r.x + r.w) * t->w / p->w + 3;
            int y0 = r.y * t->h / p->h - 2, y1 = (r.y + r.h) * t->h / p->h + 3;
            scissor_rect((struct damage_rect){x0, y0, x1 - x0, y1 - y0}, t->w, t->h);
            glDrawArrays(GL_TRIANGLES, 0, 3);
        }
        glDisable(GL_SCISSOR_TEST);
    } else {
        draw_into(&p->down[1]);
    }
    /* 1/4 -> 1/8 -> ... dual-Kawase down. */
    glUniform1i(p->d_mode, 1);
    for (int k = 2; k <= levels; k++) {
        const struct target *src = &p->down[k - 1];
        glUniform2f(p->d_texel, 1.0f / (float)src->w, 1.0f / (float)src->h);
        glBindTexture(GL_TEXTURE_2D, src->tex);
        draw_into_reach(p, &p->down[k]);
    }
    if (levels == 1) {
        /* A single level: its weight is applied in the composite. */
        p->bloom = &p->down[1];
        p->bloom_scale = s->bloom_weight[0];
        return;
    }
    p->bloom_scale = 1.0f;
    /* Up again, only to 1/4 (down[1]'s size), adding each level's own halo:
     * bloom = sum of w_k * (level k blurred on the way up). */
    glUseProgram(p->p_up);
    glUniform1i(p->u_src, 0);
    glUniform1i(p->u_level, 1);
    const struct target *src = &p->down[levels];
    for (int k = levels - 1; k >= 1; k--) {
        glUniform1f(p->u_wide, k == levels - 1 ? s->bloom_weight[levels - 1] : 1.0f);
        glUniform1f(p->u_tight, s->bloom_weight[k - 1]);
        glUniform2f(p->u_texel, 1.0f / (float)src->w, 1.0f / (float)src->h);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, src->tex);
        glActiveTexture(GL_TEXTURE1);
        glBindTexture(GL_TEXTURE_2D, p->down[k].tex);
        draw_into_reach(p, &p->up[k]);
        src = &p->up[k];
    }
    glActiveTexture(GL_TEXTURE0);
    p->bloom = src;
}

/* Where a scene rectangle (y down) lands in the target: the combine reads
 * the scene and the bloom shifted by the burn-in offset, so a changed scene
 * pixel changes the target pixel that far off. A partial composite only
 * happens at the shift lit was made with (a new shift recombines
 * everything), so the rectangle is moved by that shift, exactly; without a
 * valid lit, grown by the largest shift on every side, to be safe. */
static struct damage_rect to_target(const struct gl_post *p, struct damage_rect r)
{
    int x0, y0, x1, y1;
    if (p->lit_valid) {
        x0 = r.x + p->lit_shift_x;
        y0 = r.y + p->lit_shift_y;
        x1 = x0 + r.w;
        y1 = y0 + r.h;
    } else {
        x0 = r.x - SHIFT_MARGIN;
        y0 = r.y - SHIFT_MARGIN;
        x1 = r.x + r.w + SHIFT_MARGIN;
        y1 = r.y + r.h + SHIFT_MARGIN;
    }
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > p->w ? p->w : x1;
    y1 = y1 > p->h ? p->h : y1;
    if (x1 < x0)
        x1 = x0;
    if (y1 < y0)
        y1 = y0;
    return (struct damage_rect){x0, y0, x1 - x0, y1 - y0};
}

/* The damaged rectangles grown by the bloom's reach, in the scene's (and
 * the bloom's) own coordinates, clipped, and merged where one rectangle
 * costs less than the two (the passes are idempotent, so a small overlap
 * drawn twice is cheaper than the corners a bounding box would add). */
static void compute_reach(struct gl_post *p)
{
    p->nreach = 0;
    for (int i = 0; i < p->ndamage; i++) {
        struct damage_rect r = p->damage[i];
        int g = p->halo;
        int x0 = r.x - g, y0 = r.y - g;
        int x1 = r.x + r.w + g, y1 = r.y + r.h + g;
        x0 = x0 < 0 ? 0 : x0;
        y0 = y0 < 0 ? 0 : y0;
        x1 = x1 > p->w ? p->w : x1;
        y1 = y1 > p->h ? p->h : y1;
        p->reach[p->nreach++] = (struct damage_rect){x0, y0, x1 - x0, y1 - y0};
    }
    for (bool merged = true; merged;) {
        merged = false;
        for (int i = 0; i < p->nreach && !merged; i++)
            for (int j = i + 1; j < p->nreach && !merged; j++) {
                struct damage_rect a = p->reach[i], b = p->reach[j];
                int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
                int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
                int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
                long long both = (long long)a.w * a.h + (long long)b.w * b.h;
                if ((long long)(x1 - x0) * (y1 - y0) <= both) {
                    p->reach[i] = (struct damage_rect){x0, y0, x1 - x0, y1 - y0};
                    p->reach[j] = p->reach[--p->nreach];
                    merged = true;
                }
            }
    }
}

/* A reach rectangle scaled to target t (y down), with two texels of slack
 * for bilinear taps and sizes that are not multiples of 4: what
 * draw_into_reach draws. */
static struct damage_rect reach_in(const struct gl_post *p, struct damage_rect r,
                                   const struct target *t)
{
    int x0 = r.x * t->w / p->w - 2, x1 = (r.x + r.w) * t->w / p->w + 3;
    int y0 = r.y * t->h / p->h - 2, y1 = (r.y + r.h) * t->h / p->h + 3;
    return (struct damage_rect){x0, y0, x1 - x0, y1 - y0};
}

/* Marks the tiles over pixels [x0, x1) x [y0, y1) (y down), clipped. */
static void mark_tiles(struct gl_post *p, int x0, int y0, int x1, int y1)
{
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > p->w ? p->w : x1;
    y1 = y1 > p->h ? p->h : y1;
    if (x1 <= x0 || y1 <= y0)
        return;
    for (int ty = y0 / CULL_TILE; ty <= (y1 - 1) / CULL_TILE; ty++)
        memset(p->tiles + (size_t)ty * p->tiles_w + x0 / CULL_TILE, 1,
               (size_t)((x1 - 1) / CULL_TILE - x0 / CULL_TILE + 1));
}

/* Marks the pixels that read bloom texels [i0, i1) of row jd (y down) of a
 * bw x bh bloom: the combine's bilinear tap at pixel x reads texels within
 * one of (x + 0.5) * bw / w - 0.5. One pixel of slack for rounding. */
static void mark_texels(struct gl_post *p, int i0, int i1, int jd, int bw, int bh)
{
    double sx = (double)p->w / bw, sy = (double)p->h / bh;
    int x0 = (int)floor((i0 - 0.5) * sx - 0.5) - 1, x1 = (int)ceil((i1 + 0.5) * sx - 0.5) + 1;
    int y0 = (int)floor((jd - 0.5) * sy - 0.5) - 1, y1 = (int)ceil((jd + 1.5) * sy - 0.5) + 1;
    mark_tiles(p, x0, y0, x1, y1);
}

static long long rect_area(const int *r) { return (long long)(r[2] - r[0]) * (r[3] - r[1]); }

/* Merges rectangles ({x0, y0, x1, y1}) pairwise, always the pair whose
 * union adds the least area, while there are more than `cap` or a merge
 * adds nothing; returns the new count. */
static int merge_rects(int (*r)[4], int n, int cap)
{
    for (;;) {
        int bi = -1, bj = -1;
        long long best = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                int u[4] = {r[i][0] < r[j][0] ? r[i][0] : r[j][0],
                            r[i][1] < r[j][1] ? r[i][1] : r[j][1],
                            r[i][2] > r[j][2] ? r[i][2] : r[j][2],
                            r[i][3] > r[j][3] ? r[i][3] : r[j][3]};
                long long cost = rect_area(u) - rect_area(r[i]) - rect_area(r[j]);
                if (bi < 0 || cost < best) {
                    best = cost;
                    bi = i;
                    bj = j;
                }
            }
        if (bi < 0 || (n <= cap && best > 0))
            return n;
        r[bi][0] = r[bi][0] < r[bj][0] ? r[bi][0] : r[bj][0];
        r[bi][1] = r[bi][1] < r[bj][1] ? r[bi][1] : r[bj][1];
        r[bi][2] = r[bi][2] > r[bj][2] ? r[bi][2] : r[bj][2];
        r[bi][3] = r[bi][3] > r[bj][3] ? r[bi][3] : r[bj][3];
        memcpy(r[bj], r[--n], sizeof r[bj]);
    }
}

/* The marked tiles as at most CULL_SHOW rectangles in p->show. The tiles
 * are cut into bands of CULL_BAND rows; in each band, a run of columns
 * with a marked tile (gaps of one column bridged) becomes one rectangle as
 * tall as its marked rows. The bloom's change around a readout is a blob,
 * which this follows closely without one rectangle per tile. false when
 * the tiles are too scattered to be worth it. */
static bool tiles_to_show(struct gl_post *p)
{
    int r[CULL_RUNS][4]; /* x0, y0, x1, y1 in tiles */
    int n = 0, tw = p->tiles_w, th = p->tiles_h;
    for (int b0 = 0; b0 < th; b0 += CULL_BAND) {
        int b1 = b0 + CULL_BAND < th ? b0 + CULL_BAND : th;
        for (int tx = 0; tx < tw;) {
            int top = th, bottom = -1, x0 = tx, x1 = tx;
            for (int gap = 0; tx < tw && gap <= 1; tx++) {
                int col_top = th, col_bottom = -1;
                for (int ty = b0; ty < b1; ty++)
                    if (p->tiles[(size_t)ty * tw + tx]) {
                        col_top = col_top < ty ? col_top : ty;
                        col_bottom = ty;
                    }
                if (col_bottom < 0) {
                    gap += bottom >= 0; /* leading empty columns are skipped */
                    if (bottom < 0)
                        x0 = tx + 1;
                    continue;
                }
                gap = 0;
                x1 = tx + 1;
                top = top < col_top ? top : col_top;
                bottom = bottom > col_bottom ? bottom : col_bottom;
            }
            if (bottom < 0)
                continue;
            if (n == CULL_RUNS)
                return false;
            r[n][0] = x0;
            r[n][1] = top;
            r[n][2] = x1;
            r[n][3] = bottom + 1;
            n++;
        }
    }
    if (n == 0)
        return false; /* nothing marked: never for a damaged scene */
    n = merge_rects(r, n, CULL_SHOW);
    p->nshow = 0;
    for (int i = 0; i < n; i++) {
        struct damage_rect t = to_target(p, (struct damage_rect){
                                                r[i][0] * CULL_TILE, r[i][1] * CULL_TILE,
                                                (r[i][2] - r[i][0]) * CULL_TILE,
                                                (r[i][3] - r[i][1]) * CULL_TILE});
        if (t.w > 0 && t.h > 0)
            p->show[p->nshow++] = t;
    }
    return p->nshow > 0;
}

/* The rectangles to present: the ones shown, merged down to MAX_DAMAGE
 * (the window copies each on its own; a few more pixels cost less). */
static void set_presented(struct gl_post *p)
{
    int r[CULL_SHOW][4];
    for (int i = 0; i < p->nshow; i++) {
        r[i][0] = p->show[i].x;
        r[i][1] = p->show[i].y;
        r[i][2] = p->show[i].x + p->show[i].w;
        r[i][3] = p->show[i].y + p->show[i].h;
    }
    int n = merge_rects(r, p->nshow, MAX_DAMAGE);
    for (int i = 0; i < n; i++)
        p->presented[i] = (struct damage_rect){r[i][0], r[i][1], r[i][2] - r[i][0], r[i][3] - r[i][1]};
    p->npresented = n;
}

/* Shows the whole reach, moved into the target (no culling). */
static void show_reach(struct gl_post *p)
{
    p->nshow = 0;
    for (int i = 0; i < p->nreach; i++) {
        struct damage_rect t = to_target(p, p->reach[i]);
        if (t.w > 0 && t.h > 0)
            p->show[p->nshow++] = t;
    }
}

/* Decides what a partial composite combines and shows. By default the
 * reach: everything the bloom could have changed. With culling on, the
 * bloom is read back where the chain redrew it and compared with the copy
 * of the last frame's: only tiles that read a texel that changed, plus the
 * changed scene itself, need combining. Exact, not approximate: every
 * other pixel would be combined from the same scene and the same 8-bit
 * bloom texels as before. A whole scene reads the whole bloom back (at
 * 1/16 of the pixels, about 0.5 MB at 1080p). */
static void set_show(struct gl_post *p, bool had)
{
    show_reach(p);
    if (!p->cull || !p->bloom)
        return;
    const struct target *b = p->bloom;
    if (!p->bshown || p->bshown_w != b->w || p->bshown_h != b->h) {
        size_t bytes = (size_t)b->w * (size_t)b->h * 4;
        free(p->bshown);
        free(p->bread);
        p->bshown = malloc(bytes);
        p->bread = malloc(bytes);
        p->bshown_w = p->bshown_h = 0;
        had = false;
        if (!p->bshown || !p->bread) {
            free(p->bshown);
            free(p->bread);
            p->bshown = p->bread = NULL;
            log_warn("render", "no bloom culling at %dx%d: out of memory", b->w, b->h);
            return;
        }
        p->bshown_w = b->w;
        p->bshown_h = b->h;
    }
    int tw = (p->w + CULL_TILE - 1) / CULL_TILE, th = (p->h + CULL_TILE - 1) / CULL_TILE;
    if (tw != p->tiles_w || th != p->tiles_h) {
        free(p->tiles);
        p->tiles = malloc((size_t)tw * (size_t)th);
        p->tiles_w = p->tiles ? tw : 0;
        p->tiles_h = p->tiles ? th : 0;
    }
    bool whole = !had || p->bshown_src != b || p->ndamage <= 0 || p->nreach <= 0 || !p->tiles;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, b->fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glPixelStorei(GL_PACK_ROW_LENGTH, b->w);
    bool tight = false;
    if (whole) {
        glReadPixels(0, 0, b->w, b->h, GL_RGBA, GL_UNSIGNED_BYTE, p->bshown);
    } else {
        memset(p->tiles, 0, (size_t)tw * (size_t)th);
        for (int i = 0; i < p->ndamage; i++) {
            struct damage_rect d = p->damage[i];
            mark_tiles(p, d.x, d.y, d.x + d.w, d.y + d.h);
        }
        size_t pitch = (size_t)b->w * 4;
        for (int i = 0; i < p->nreach; i++) {
            struct damage_rect q = reach_in(p, p->reach[i], b);
            int x0 = q.x < 0 ? 0 : q.x, y0 = q.y < 0 ? 0 : q.y;
            int x1 = q.x + q.w > b->w ? b->w : q.x + q.w;
            int y1 = q.y + q.h > b->h ? b->h : q.y + q.h;
            if (x1 <= x0 || y1 <= y0)
                continue;
            int gy0 = b->h - y1; /* GL's rows run up */
            glReadPixels(x0, gy0, x1 - x0, y1 - y0, GL_RGBA, GL_UNSIGNED_BYTE,
                         p->bread + (size_t)gy0 * pitch + (size_t)x0 * 4);
            for (int gy = gy0; gy < b->h - y0; gy++) {
                uint8_t *now = p->bread + (size_t)gy * pitch, *was = p->bshown + (size_t)gy * pitch;
                if (!memcmp(now + x0 * 4, was + x0 * 4, (size_t)(x1 - x0) * 4))
                    continue;
                /* Runs of texels whose colour changed (alpha is not read). */
                for (int x = x0; x < x1;) {
                    const uint8_t *a = now + x * 4, *c = was + x * 4;
                    if (a[0] == c[0] && a[1] == c[1] && a[2] == c[2]) {
                        x++;
                        continue;
                    }
                    int start = x;
                    for (; x < x1; x++) {
                        a = now + x * 4;
                        c = was + x * 4;
                        if (a[0] == c[0] && a[1] == c[1] && a[2] == c[2])
                            break;
                    }
                    memcpy(was + start * 4, now + start * 4, (size_t)(x - start) * 4);
                    mark_texels(p, start, x, b->h - 1 - gy, b->w, b->h);
                }
            }
        }
        tight = true;
    }
    glPixelStorei(GL_PACK_ROW_LENGTH, 0);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    p->bshown_src = b;
    p->bshown_valid = glGetError() == GL_NO_ERROR;
    if (tight && p->bshown_valid && !tiles_to_show(p)) {
        show_reach(p);
    }
}

/* Draws the bound program into `t`, only inside the reach rectangles
 * (scaled to t, two texels of slack) when the scene changed in part. */
static void draw_into_reach(struct gl_post *p, const struct target *t)
{
    if (p->ndamage <= 0 || p->nreach <= 0) {
        draw_into(t);
        return;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
    glViewport(0, 0, t->w, t->h);
    glEnable(GL_SCISSOR_TEST);
    for (int i = 0; i < p->nreach; i++) {
        scissor_rect(reach_in(p, p->reach[i], t), t->w, t->h);
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }
    glDisable(GL_SCISSOR_TEST);
}

/* The combine pass into framebuffer `target` (`final`: with this frame's
 * grain and flicker; else the kept copy without them): all of it, or with
 * `r`, only the rows of grid_vs's quads that meet r (the caller scissors to
 * it; the other 1,000-odd triangles would be shaded and set up for
 * nothing, once per rectangle). */
static void combine(struct gl_post *p, const struct post_settings *s, const struct post_frame *f,
                    GLuint target, bool final, const struct damage_rect *r)
{
    bool bloom = p->bloom && s->bloom && s->bloom_intensity * p->bloom_scale > 0.0f;
    bool grain = final && (f->grain > 0.0f || f->gain != 1.0f);
    unsigned mask = (bloom ? FX_BLOOM : 0) | (s->scanline > 0 ? FX_SCANLINES : 0) |
                    (s->vignette > 0 ? FX_VIGNETTE : 0) |
                    (s->vignette > 0 && p->w < VIG_GRID_MIN_WIDTH ? FX_VIG_PIXEL : 0) |
                    (grain ? FX_GRAIN : 0) |
                    (s->black_lift > 0 ? FX_LIFT : 0) |
                    (f->shift_x || f->shift_y ? FX_SHIFT : 0);
    struct combine_prog *c = combine_variant(p, mask);
    if (!c)
        c = combine_variant(p, FX_ALL); /* compiled at start-up */
    glBindFramebuffer(GL_FRAMEBUFFER, target);
    glViewport(0, 0, p->w, p->h);
    glUseProgram(c->prog);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, p->scene.tex);
    glActiveTexture(GL_TEXTURE1);
    /* Without a bloom result the weight is 0; bind something valid anyway. */
    glBindTexture(GL_TEXTURE_2D, p->bloom ? p->bloom->tex : p->down[1].tex);
    glActiveTexture(GL_TEXTURE0);
    glUniform1i(c->scene, 0);
    glUniform1i(c->bloom, 1);
    glUniform1ui(c->seed, p->seed);
    glUniform2f(c->size, (float)p->w, (float)p->h);
    glUniform1f(c->bloom_k, bloom ? s->bloom_intensity * p->bloom_scale : 0.0f);
    glUniform1f(c->scan, s->scanline);
    glUniform1f(c->scan_inv, 1.0f / (float)post_scan_period(p->h));
    float half_diag = 0.5f * sqrtf((float)p->w * (float)p->w + (float)p->h * (float)p->h);
    glUniform2f(c->vig_mul, 1.0f / half_diag, 1.0f / half_diag);
    glUniform1f(c->vignette, s->vignette);
    glUniform1f(c->grain, final ? f->grain : 0.0f);
    glUniform2i(c->grain_off, final ? f->grain_x : 0, final ? f->grain_y : 0);
    glUniform1f(c->gain, final ? f->gain : 1.0f);
    glUniform3f(c->lift, s->black_lift * s->lift_rgb[0], s->black_lift * s->lift_rgb[1],
                s->black_lift * s->lift_rgb[2]);
    /* post_frame's y runs down the screen, GL's up. */
    glUniform2i(c->shift, f->shift_x, -f->shift_y);
    if (r && c->vertices == GRID_VERTICES) {
        /* Only the grid's quads under r: per row of quads (they run row by
         * row from the bottom, GL's y), the run of columns that meets it.
         * The same triangles as the whole grid there, so the same bytes;
         * the rest would be set up and binned for nothing, once per
         * rectangle (a culled frame combines dozens of small ones). */
        int gy0 = p->h - (r->y + r->h), gy1 = p->h - r->y;
        int row0 = gy0 * GRID_ROWS / p->h, row1 = (gy1 * GRID_ROWS + p->h - 1) / p->h;
        int col0 = r->x * GRID_COLS / p->w, col1 = ((r->x + r->w) * GRID_COLS + p->w - 1) / p->w;
        row0 = row0 < 0 ? 0 : row0;
        row1 = row1 > GRID_ROWS ? GRID_ROWS : row1;
        col0 = col0 < 0 ? 0 : col0;
        col1 = col1 > GRID_COLS ? GRID_COLS : col1;
        if (row1 <= row0 || col1 <= col0)
            return;
        GLint first[GRID_ROWS];
        GLsizei count[GRID_ROWS];
        for (int row = row0; row < row1; row++) {
            first[row - row0] = row * GRID_ROW_VERTICES + col0 * 6;
            count[row - row0] = (col1 - col0) * 6;
        }
        glMultiDrawArrays(GL_TRIANGLES, first, count, row1 - row0);
        return;
    }
    glDrawArrays(GL_TRIANGLES, 0, c->vertices);
}

/* Binds the ambient program reading lit into `target`, with this grain and
 * flicker (0 and 1: an exact copy of lit's 8-bit values). */
static void use_ambient(struct gl_post *p, GLuint target, float grain, int gx, int gy, float gain)
{
    glBindFramebuffer(GL_FRAMEBUFFER, target);
    glViewport(0, 0, p->w, p->h);
    glUseProgram(p->p_amb);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, p->lit.tex);
    glUniform1i(p->a_lit, 0);
    glUniform1ui(p->a_seed, p->seed);
    glUniform1f(p->a_grain, grain);
    glUniform2i(p->a_grain_off, gx, gy);
    glUniform1f(p->a_gain, gain);
}

/* Draws the bound full-screen pass once per rectangle to show. */
static void draw_in_reach(struct gl_post *p)
{
    glEnable(GL_SCISSOR_TEST);
    for (int i = 0; i < p->nshow; i++) {
        scissor_rect(p->show[i], p->w, p->h);
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }
    glDisable(GL_SCISSOR_TEST);
}

static bool same_frame(const struct post_frame *a, const struct post_frame *b)
{
    return a->gain == b->gain && a->grain == b->grain && a->grain_x == b->grain_x &&
           a->grain_y == b->grain_y;
}

/* Presents lit: through the ambient pass (grain, flicker) or as a copy. */
static void present_lit(struct gl_post *p, const struct post_settings *s,
                        const struct post_frame *f, GLuint target, bool partial)
{
    prof_start(p);
    p->npresented = 0;
    bool same = p->shown && p->shown_ambient && s->ambient && same_frame(f, &p->amb_last);
    p->shown = true;
    p->shown_ambient = s->ambient;
    p->amb_last = *f;
    if (!s->ambient && partial && p->partial_present && p->nshow > 0) {
        /* Only what changed; the caller shows just these rectangles and
         * the target keeps the rest from the last frame. Copied through
         * the ambient program with no grain: scissored draws cost llvmpipe
         * less than one blit per rectangle. */
        use_ambient(p, target, 0.0f, 0, 0, 1.0f);
        draw_in_reach(p);
        set_presented(p);
        prof_end(p, GL_POST_AMBIENT);
        return;
    }
    if (!s->ambient) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, p->lit.fbo);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
        glBlitFramebuffer(0, 0, p->w, p->h, 0, 0, p->w, p->h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, target);
        prof_end(p, GL_POST_AMBIENT);
        return;
    }
    use_ambient(p, target, f->grain, f->grain_x, f->grain_y, f->gain);
    /* The grain and flicker as last shown (the animation has settled):
     * only the changed rectangles need the pass. */
    if (partial && same && p->partial_present && p->nshow > 0) {
        draw_in_reach(p);
        set_presented(p);
    } else {
        glDrawArrays(GL_TRIANGLES, 0, 3);
    }
    prof_end(p, GL_POST_AMBIENT);
}

/* Keep mode: bring lit up to date (all of it, or the damaged rectangles
 * grown by the bloom's reach) and present it. */
static void composite_kept(struct gl_post *p, const struct post_settings *s,
                           const struct post_frame *f, GLuint target)
{
    /* Without ambient animation lit is the finished picture; with it, the
     * picture before grain and flicker. */
    bool still = !s->ambient;
    bool reuse = p->lit_valid && p->lit_shift_x == f->shift_x && p->lit_shift_y == f->shift_y &&
                 p->lit_final == still;
    bool partial = reuse && p->fresh && p->ndamage > 0;
    /* Shown by rectangle while the target still holds the last picture,
     * with grain and flicker as they were (settled, or no ambient
     * animation): the changed rectangles are combined straight into the
     * target, with them. That saves a pass over the rectangles (lit, then
     * a copy of it); lit falls behind there and is remade whole when next
     * read: when the ambient animation resumes or the window needs the
     * whole picture again. The grain lands on the unrounded colour here
     * and on lit's 8-bit one elsewhere: at most one step apart. */
    bool current = p->shown && p->shown_ambient == s->ambient &&
                   (!s->ambient || same_frame(f, &p->amb_last));
    if (partial && current && p->partial_present && p->nshow > 0) {
        prof_start(p);
        glEnable(GL_SCISSOR_TEST);
        for (int i = 0; i < p->nshow; i++) {
            scissor_rect(p->show[i], p->w, p->h);
            combine(p, s, f, target, true, &p->show[i]);
        }
        glDisable(GL_SCISSOR_TEST);
        prof_end(p, GL_POST_COMBINE);
        p->lit_behind = true;
        p->fresh = false;
        p->ndamage = 0;
        set_presented(p);
        return;
    }
    if (p->lit_behind) {
        reuse = partial = false;
        p->lit_behind = false;
    }
    if (!reuse || (p->fresh && !p->ndamage)) {
        prof_start(p);
        combine(p, s, f, p->lit.fbo, still, NULL);
        prof_end(p, GL_POST_COMBINE);
    } else if (p->fresh) {
        prof_start(p);
        glEnable(GL_SCISSOR_TEST);
        for (int i = 0; i < p->nshow; i++) {
            scissor_rect(p->show[i], p->w, p->h);
            combine(p, s, f, p->lit.fbo, still, &p->show[i]);
        }
        glDisable(GL_SCISSOR_TEST);
        prof_end(p, GL_POST_COMBINE);
    }
    p->lit_valid = true;
    p->lit_final = still;
    p->lit_shift_x = f->shift_x;
    p->lit_shift_y = f->shift_y;
    p->fresh = false;
    p->ndamage = 0;
    present_lit(p, s, f, target, partial);
}

void gl_post_set_partial_present(struct gl_post *p, bool on) { p->partial_present = on; }

void gl_post_set_bloom_cull(struct gl_post *p, bool on)
{
    p->cull = on;
    p->bshown_valid = false;
}

int gl_post_presented(const struct gl_post *p, const struct damage_rect **r)
{
    *r = p->presented;
    return p->npresented;
}

void gl_post_composite(struct gl_post *p, const struct post_settings *s,
                       const struct post_frame *f, uint32_t fbo)
{
    GLuint target = fbo == GL_POST_OFFSCREEN ? p->final.fbo : (GLuint)fbo;
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(p->vao);
    if (p->keep && !p->lit.fbo && !p->lit_failed)
        p->lit_failed = !target_make(&p->lit, p->w, p->h);
    if (p->keep && p->lit.fbo) {
        composite_kept(p, s, f, target);
        glBindVertexArray(0);
        return;
    }
    p->ndamage = 0;
    p->npresented = 0;
    p->shown = false; /* this path draws into the target without keeping track */
    if (!s->ambient || p->fresh) {
        /* A static picture, or the first frame of a new scene: one pass
         * straight to the target, grain and flicker included. */
        prof_start(p);
        combine(p, s, f, target, true, NULL);
        prof_end(p, GL_POST_COMBINE);
        p->fresh = false;
        glBindVertexArray(0);
        return;
    }
    /* Only grain and flicker moved: the combined picture (made once per
     * scene, at the first such frame) is read and scaled. */
    if (!p->lit.fbo && !p->lit_failed)
        p->lit_failed = !target_make(&p->lit, p->w, p->h);
    if (!p->lit.fbo) {
        /* No memory for the kept copy: combine every frame instead. */
        prof_start(p);
        combine(p, s, f, target, true, NULL);
        prof_end(p, GL_POST_COMBINE);
        glBindVertexArray(0);
        return;
    }
    if (!p->lit_valid || p->lit_shift_x != f->shift_x || p->lit_shift_y != f->shift_y) {
        prof_start(p);
        combine(p, s, f, p->lit.fbo, false, NULL);
        prof_end(p, GL_POST_COMBINE);
        p->lit_valid = true;
        p->lit_final = false;
        p->lit_shift_x = f->shift_x;
        p->lit_shift_y = f->shift_y;
    }
    prof_start(p);
    use_ambient(p, target, f->grain, f->grain_x, f->grain_y, f->gain);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    prof_end(p, GL_POST_AMBIENT);
    glBindVertexArray(0);
}

bool gl_post_read_rgb(struct gl_post *p, uint8_t *rgb)
{
    if (!p->final.fbo)
        return false;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, p->final.fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, p->w, p->h, GL_RGB, GL_UNSIGNED_BYTE, rgb);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    /* GL's rows run bottom-up; images top-down. */
    size_t pitch = (size_t)p->w * 3;
    uint8_t *tmp = malloc(pitch);
    if (!tmp)
        return false;
    for (int y = 0; y < p->h / 2; y++) {
        uint8_t *a = rgb + (size_t)y * pitch, *b = rgb + (size_t)(p->h - 1 - y) * pitch;
        memcpy(tmp, a, pitch);
        memcpy(a, b, pitch);
        memcpy(b, tmp, pitch);
    }
    free(tmp);
    return glGetError() == GL_NO_ERROR;
}
