/* gl_renderer: see gl_renderer.h. */
#include "render/gl_renderer.h"

#include <glad/gl.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "core/log.h"
#include "render/damage.h"
#include "render/gl_shader.h"

struct gl_renderer {
    GLuint prog, vao, vbo, ibo, tex;
    GLint u_viewport, u_atlas;
    int tex_w, tex_h;
    uint32_t generation;
    bool have_atlas;
    size_t vbo_cap, ibo_cap; /* bytes allocated, for orphaning */
    size_t last_upload;
    /* Partial draws: each triangle's bounding box, and the indices of the
     * triangles under each rectangle (scratch, grown as needed). */
    float *tri_box;
    size_t cap_box;
    uint32_t *cull;
    size_t cap_cull;
};

struct gl_renderer *gl_renderer_create(void)
{
    struct gl_renderer *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->prog = gl_program_load("shaders/batch_vs.glsl", "shaders/batch_fs.glsl");
    if (!r->prog) {
        free(r);
        return NULL;
    }
    r->u_viewport = glGetUniformLocation(r->prog, "u_viewport");
    r->u_atlas = glGetUniformLocation(r->prog, "u_atlas");

    glGenVertexArrays(1, &r->vao);
    glGenBuffers(1, &r->vbo);
    glGenBuffers(1, &r->ibo);
    glBindVertexArray(r->vao);
    glBindBuffer(GL_ARRAY_BUFFER, r->vbo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r->ibo);
    GLsizei stride = sizeof(struct batch_vertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                          (const void *)offsetof(struct batch_vertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                          (const void *)offsetof(struct batch_vertex, u));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                          (const void *)offsetof(struct batch_vertex, color));
    glBindVertexArray(0);

    /* Stand-in atlas: one white texel. */
    glGenTextures(1, &r->tex);
    glBindTexture(GL_TEXTURE_2D, r->tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    const uint8_t white = 255;
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, 1, 1, 0, GL_RED, GL_UNSIGNED_BYTE, &white);
    /* batch_fs fetches whole texels: no filtering. */
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    r->tex_w = r->tex_h = 1;
    return r;
}

void gl_renderer_destroy(struct gl_renderer *r)
{
    if (!r)
        return;
    glDeleteTextures(1, &r->tex);
    glDeleteBuffers(1, &r->vbo);
    glDeleteBuffers(1, &r->ibo);
    glDeleteVertexArrays(1, &r->vao);
    glDeleteProgram(r->prog);
    free(r->tri_box);
    free(r->cull);
    free(r);
}

void gl_renderer_atlas(struct gl_renderer *r, const uint8_t *pixels, int w, int h,
                       uint32_t generation, int dx, int dy, int dw, int dh)
{
    if (!pixels || w <= 0 || h <= 0)
        return;
    glBindTexture(GL_TEXTURE_2D, r->tex);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (!r->have_atlas || w != r->tex_w || h != r->tex_h) {
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
        r->tex_w = w;
        r->tex_h = h;
        r->generation = generation;
        r->have_atlas = true;
        return;
    }
    if (generation != r->generation) {
        /* A cleared atlas of the same size: new contents in the same
         * storage. Re-specifying it made the driver allocate a second
         * texture before freeing the first, a transient megabyte or more
         * that a long run's heap then kept (a 24-hour soak's RSS stepped up
         * by 1 MB at an atlas clear 7 simulated hours in). */
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RED, GL_UNSIGNED_BYTE, pixels);
        r->generation = generation;
        return;
    }
    if (dw <= 0 || dh <= 0)
        return;
    /* Clamp a bad rectangle rather than upload garbage. */
    if (dx < 0 || dy < 0 || dx + dw > w || dy + dh > h) {
        log_warn("render", "atlas dirty rectangle %d,%d %dx%d outside %dx%d; clamped", dx, dy, dw,
                 dh, w, h);
        if (dx < 0) {
            dw += dx;
            dx = 0;
        }
        if (dy < 0) {
            dh += dy;
            dy = 0;
        }
        if (dx + dw > w)
            dw = w - dx;
        if (dy + dh > h)
            dh = h - dy;
        if (dw <= 0 || dh <= 0)
            return;
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, w);
    glTexSubImage2D(GL_TEXTURE_2D, 0, dx, dy, dw, dh, GL_RED, GL_UNSIGNED_BYTE,
                    pixels + (size_t)dy * (size_t)w + (size_t)dx);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
}

/* Uploads `size` bytes, orphaning the old storage so the driver need not wait
 * for the previous frame's draws. */
static void upload(GLenum target, size_t *cap, const void *data, size_t size)
{
    if (size > *cap) {
        size_t c = *cap ? *cap : 65536;
        while (c < size)
            c *= 2;
        *cap = c;
    }
    glBufferData(target, (GLsizeiptr)*cap, NULL, GL_STREAM_DRAW);
    glBufferSubData(target, 0, (GLsizeiptr)size, data);
}

/* Pixel rectangle [x0, x1) x [y0, y1), y down. */
struct irect {
    int x0, y0, x1, y1;
};

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return true;
    size_t c = *cap ? *cap : 4096;
    while (c < n)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

/* A run of culled indices: draw `d` of the batch under rectangle `k`. */
struct cull_run {
    uint32_t first, count;
};

/* Partial draws: only the triangles whose bounding box meets a rectangle
 * go to the GL, per rectangle. On software GL each rectangle would
 * otherwise shade every vertex of the batch again (the vertex work was a
 * third of a partial frame). Fills r->cull and runs[k * nd + i]; false
 * means draw everything: out of memory, or the lists would together hold
 * more indices than the batch. That bound keeps the cull list and the index
 * buffer within the size a whole frame already needs: without it, a rare
 * frame of many overlapping rectangles set a new high-water mark hours into
 * a run (a 24-hour soak grew by 1.3 MB, at hours 13 and 21). Such a frame
 * then shades the batch once per rectangle, which is rare enough not to
 * matter. */
static bool cull(struct gl_renderer *r, const struct batch_vertex *v, size_t nv,
                 const uint32_t *idx, size_t ni, const struct batch_draw *d, size_t nd,
                 const struct damage_rect *rects, int nrects, struct cull_run *runs)
{
    size_t ntri = ni / 3;
    if (!grow((void **)&r->tri_box, &r->cap_box, ntri * 4, sizeof(float)) ||
        !grow((void **)&r->cull, &r->cap_cull, ni, sizeof(uint32_t)))
        return false;
    for (size_t t = 0; t < ntri; t++) {
        uint32_t a = idx[3 * t], b = idx[3 * t + 1], c = idx[3 * t + 2];
        float *bx = r->tri_box + 4 * t;
        if (a >= nv || b >= nv || c >= nv) {
            bx[0] = bx[1] = 1.0f;
            bx[2] = bx[3] = -1.0f; /* empty: never drawn */
            continue;
        }
        float x0 = v[a].x, x1 = v[a].x, y0 = v[a].y, y1 = v[a].y;
        x0 = v[b].x < x0 ? v[b].x : x0;
        x1 = v[b].x > x1 ? v[b].x : x1;
        y0 = v[b].y < y0 ? v[b].y : y0;
        y1 = v[b].y > y1 ? v[b].y : y1;
        x0 = v[c].x < x0 ? v[c].x : x0;
        x1 = v[c].x > x1 ? v[c].x : x1;
        y0 = v[c].y < y0 ? v[c].y : y0;
        y1 = v[c].y > y1 ? v[c].y : y1;
        /* One pixel of slack, as render/damage. */
        bx[0] = x0 - 1.0f;
        bx[1] = y0 - 1.0f;
        bx[2] = x1 + 1.0f;
        bx[3] = y1 + 1.0f;
    }
    size_t n = 0;
    for (int k = 0; k < nrects; k++) {
        float rx0 = (float)rects[k].x, ry0 = (float)rects[k].y;
        float rx1 = rx0 + (float)rects[k].w, ry1 = ry0 + (float)rects[k].h;
        for (size_t i = 0; i < nd; i++) {
            struct cull_run *run = &runs[(size_t)k * nd + i];
            run->first = (uint32_t)n;
            size_t t0 = d[i].first_index / 3, t1 = ((size_t)d[i].first_index + d[i].index_count) / 3;
            if (t1 > ntri)
                t1 = ntri;
            for (size_t t = t0; t < t1; t++) {
                const float *bx = r->tri_box + 4 * t;
                /* NaN boxes fail these comparisons and are dropped, as the
                 * GL would draw nothing sensible for them. */
                if (bx[0] < rx1 && bx[2] > rx0 && bx[1] < ry1 && bx[3] > ry0) {
                    if (n + 3 > ni)
                        return false;
                    r->cull[n++] = idx[3 * t];
                    r->cull[n++] = idx[3 * t + 1];
                    r->cull[n++] = idx[3 * t + 2];
                }
            }
            run->count = (uint32_t)(n - run->first);
        }
    }
    return true;
}

void gl_renderer_draw(struct gl_renderer *r, const struct batch *b, int w, int h,
                      const struct damage_rect *rects, int nrects)
{
    size_t nv, ni, nd;
    const struct batch_vertex *v = batch_vertices(b, &nv);
    const uint32_t *idx = batch_indices(b, &ni);
    const struct batch_draw *d = batch_draws(b, &nd);
    r->last_upload = 0;
    if (!nv || !ni || !nd)
        return;
    glUseProgram(r->prog);
    glUniform2f(r->u_viewport, (float)w, (float)h);
    glUniform1i(r->u_atlas, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, r->tex);
    glBindVertexArray(r->vao);
    glBindBuffer(GL_ARRAY_BUFFER, r->vbo);
    upload(GL_ARRAY_BUFFER, &r->vbo_cap, v, nv * sizeof *v);
    /* Draws run in whole triangles (batch_draw's counts are multiples of 3). */
    struct cull_run *runs = NULL;
    if (nrects > 0 && nd <= 4096) {
        runs = malloc(sizeof *runs * nd * (size_t)nrects);
        if (runs && !cull(r, v, nv, idx, ni, d, nd, rects, nrects, runs)) {
            free(runs);
            runs = NULL;
        }
    }
    size_t nidx = runs ? (size_t)runs[(size_t)nrects * nd - 1].first +
                             runs[(size_t)nrects * nd - 1].count
                       : ni;
    /* Nothing under the rectangles: upload one index anyway (no draw uses it). */
    upload(GL_ELEMENT_ARRAY_BUFFER, &r->ibo_cap, runs && nidx ? r->cull : idx,
           (nidx ? nidx : 1) * sizeof *idx);
    r->last_upload = nv * sizeof *v + nidx * sizeof *idx;

    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    int passes = nrects > 0 ? nrects : 1;
    for (int k = 0; k < passes; k++) {
        struct irect lim = {0, 0, w, h};
        bool limited = nrects > 0;
        if (limited) {
            lim = (struct irect){rects[k].x, rects[k].y, rects[k].x + rects[k].w,
                                 rects[k].y + rects[k].h};
            /* Cleared right before it is drawn: rectangles may overlap, and
             * an overlap drawn twice over one clear would blend twice. */
            glEnable(GL_SCISSOR_TEST);
            glScissor(lim.x0, h - lim.y1, lim.x1 - lim.x0, lim.y1 - lim.y0);
            glClearColor(0, 0, 0, 1);
            glClear(GL_COLOR_BUFFER_BIT);
        }
        for (size_t i = 0; i < nd; i++) {
            uint32_t first = d[i].first_index, count = d[i].index_count;
            if (runs) {
                first = runs[(size_t)k * nd + i].first;
                count = runs[(size_t)k * nd + i].count;
            }
            if (!count)
                continue;
            struct irect c = lim;
            bool scissor = limited;
            if (d[i].clipped) {
                int x0 = (int)floorf(d[i].clip_x), y0 = (int)floorf(d[i].clip_y);
                int x1 = (int)ceilf(d[i].clip_x + d[i].clip_w);
                int y1 = (int)ceilf(d[i].clip_y + d[i].clip_h);
                c.x0 = x0 > c.x0 ? x0 : c.x0;
                c.y0 = y0 > c.y0 ? y0 : c.y0;
                c.x1 = x1 < c.x1 ? x1 : c.x1;
                c.y1 = y1 < c.y1 ? y1 : c.y1;
                scissor = true;
            }
            if (scissor) {
                if (c.x1 <= c.x0 || c.y1 <= c.y0)
                    continue;
                /* Batch y points down, GL's scissor y up. */
                glEnable(GL_SCISSOR_TEST);
                glScissor(c.x0, h - c.y1, c.x1 - c.x0, c.y1 - c.y0);
            } else {
                glDisable(GL_SCISSOR_TEST);
            }
            glDrawElements(GL_TRIANGLES, (GLsizei)count, GL_UNSIGNED_INT,
                           (const void *)((size_t)first * sizeof(uint32_t)));
        }
    }
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_BLEND);
    glBindVertexArray(0);
    free(runs);
}

size_t gl_renderer_last_upload(const struct gl_renderer *r) { return r->last_upload; }
