/* batch: see batch.h.
 *
 * Every shape is reduced to one of two builders:
 *   - fill_convex(): a convex outline becomes a fan over an inset ring plus a
 *     fringe strip from the inset ring (full alpha) to an outset ring (alpha 0),
 *     each ring aa/2 from the true edge, so a shape keeps its area and edges get
 *     a one-pixel ramp without MSAA;
 *   - a "section strip": a list of cross-sections (centre, left/right core and
 *     fringe offsets) joined by quads. Polylines, outlines and arcs use it; an
 *     extra transparent section past each open end anti-aliases the butt caps.
 * Strokes thinner than the fringe collapse their core to the centre line and
 * scale alpha by width/aa, which keeps the ink of a hairline right. */
#include "render/batch.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "render/fmath.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Mitre length (in half-widths) beyond which a join is bevelled; SVG's default. */
#define MITER_LIMIT 4.0f
/* Convex-fill fringe offsets stop growing at this factor on sharp corners. */
#define FILL_MITER_LIMIT 4.0f

struct batch {
    struct batch_vertex *v;
    size_t nv, cap_v;
    uint32_t *idx;
    size_t ni, cap_i;
    struct batch_draw *draws;
    size_t nd, cap_d;
    struct batch_cmd *cmds;
    size_t nc, cap_c;
    char **texts; /* strings owned by BATCH_OP_TEXT records */
    size_t nt, cap_t;
    float white_u, white_v;
    float aa;
    bool record;
    bool oom_logged;
};

/* ------------------------------------------------------------------ memory */

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *n = realloc(*p, c * elem);
    if (!n)
        return false;
    *p = n;
    *cap = c;
    return true;
}

static void oom(struct batch *b)
{
    if (!b->oom_logged)
        log_error("batch", "out of memory; shapes are being dropped");
    b->oom_logged = true;
}

/* Makes room for nv vertices and ni indices; false (shape dropped) on failure. */
static bool reserve(struct batch *b, size_t nv, size_t ni)
{
    if (b->nv + nv > UINT32_MAX) {
        oom(b);
        return false;
    }
    if (!grow((void **)&b->v, &b->cap_v, b->nv + nv, sizeof *b->v) ||
        !grow((void **)&b->idx, &b->cap_i, b->ni + ni, sizeof *b->idx)) {
        oom(b);
        return false;
    }
    return true;
}

static uint32_t vtx(struct batch *b, float x, float y, float u, float v, rgba c)
{
    assert(b->nv < b->cap_v);
    struct batch_vertex *p = &b->v[b->nv];
    p->x = x;
    p->y = y;
    p->u = u;
    p->v = v;
    p->color = c;
    return (uint32_t)b->nv++;
}

static uint32_t vtx_solid(struct batch *b, float x, float y, rgba c)
{
    return vtx(b, x, y, b->white_u, b->white_v, c);
}

/* The current run's index_count is not kept up to date here (a store per
 * triangle that the compiler must assume aliases the index array): a run
 * ends where the next begins or, for the last, at ni (see run_end). */
static void tri(struct batch *b, uint32_t i0, uint32_t i1, uint32_t i2)
{
    assert(b->ni + 3 <= b->cap_i);
    uint32_t *p = b->idx + b->ni;
    p[0] = i0;
    p[1] = i1;
    p[2] = i2;
    b->ni += 3;
}

static void quad(struct batch *b, uint32_t i0, uint32_t i1, uint32_t i2, uint32_t i3)
{
    tri(b, i0, i1, i2);
    tri(b, i0, i2, i3);
}

/* --------------------------------------------------------------- lifecycle */

/* Brings the last run's index_count up to date. */
static void run_end(const struct batch *b)
{
    if (b->nd)
        b->draws[b->nd - 1].index_count = (uint32_t)b->ni - b->draws[b->nd - 1].first_index;
}

static void new_draw(struct batch *b, bool clipped, float x, float y, float w, float h)
{
    run_end(b);
    struct batch_draw *d = b->nd ? &b->draws[b->nd - 1] : NULL;
    if (!d || d->index_count > 0) {
        if (!grow((void **)&b->draws, &b->cap_d, b->nd + 1, sizeof *b->draws)) {
            oom(b);
            /* Keep drawing into the previous run rather than lose shapes. */
            return;
        }
        d = &b->draws[b->nd++];
        d->first_index = (uint32_t)b->ni;
        d->index_count = 0;
    }
    d->clipped = clipped;
    d->clip_x = x;
    d->clip_y = y;
    d->clip_w = w;
    d->clip_h = h;
}

struct batch *batch_create(const struct batch_desc *desc)
{
    struct batch_desc d = desc ? *desc : (struct batch_desc){0};
    struct batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    size_t nv = d.initial_vertices ? d.initial_vertices : 16384;
    b->aa = d.aa > 0 ? d.aa : 1.0f;
    b->record = d.record;
    b->white_u = 0.5f;
    b->white_v = 0.5f;
    if (!grow((void **)&b->v, &b->cap_v, nv, sizeof *b->v) ||
        !grow((void **)&b->idx, &b->cap_i, nv * 3 / 2, sizeof *b->idx) ||
        !grow((void **)&b->draws, &b->cap_d, 16, sizeof *b->draws)) {
        batch_destroy(b);
        return NULL;
    }
    new_draw(b, false, 0, 0, 0, 0);
    return b;
}

static void free_texts(struct batch *b)
{
    for (size_t i = 0; i < b->nt; i++)
        free(b->texts[i]);
    b->nt = 0;
}

void batch_destroy(struct batch *b)
{
    if (!b)
        return;
    free_texts(b);
    free(b->texts);
    free(b->v);
    free(b->idx);
    free(b->draws);
    free(b->cmds);
    free(b);
}

void batch_clear(struct batch *b)
{
    b->nv = 0;
    b->ni = 0;
    b->nd = 0;
    b->nc = 0;
    free_texts(b);
    new_draw(b, false, 0, 0, 0, 0);
}

void batch_append(struct batch *b, const struct batch_vertex *v, size_t nv, const uint32_t *idx,
                  size_t ni)
{
    if (!nv || !reserve(b, nv, ni))
        return;
    uint32_t base = (uint32_t)b->nv;
    memcpy(b->v + b->nv, v, nv * sizeof *v);
    b->nv += nv;
    uint32_t *dst = b->idx + b->ni;
    for (size_t i = 0; i < ni; i++)
        dst[i] = idx[i] + base;
    b->ni += ni;
}

void batch_set_white_texel(struct batch *b, float u, float v)
{
    b->white_u = u;
    b->white_v = v;
}

void batch_set_aa(struct batch *b, float aa) { b->aa = aa > 0 && isfinite(aa) ? aa : 1.0f; }
float batch_get_aa(const struct batch *b) { return b->aa; }

void batch_set_clip(struct batch *b, float x, float y, float w, float h)
{
    if (!(isfinite(x) && isfinite(y) && isfinite(w) && isfinite(h))) {
        /* A broken clip would hide everything after it; draw unclipped instead. */
        log_warn("batch", "non-finite clip rectangle ignored");
        batch_reset_clip(b);
        return;
    }
    new_draw(b, true, x, y, w > 0 ? w : 0, h > 0 ? h : 0);
}

void batch_reset_clip(struct batch *b) { new_draw(b, false, 0, 0, 0, 0); }

/* --------------------------------------------------------------- recording */

static void record(struct batch *b, enum batch_op op, float x, float y, float w, float h, rgba c)
{
    if (!b->record)
        return;
    struct batch_cmd cmd = {op, x, y, w, h, c, NULL};
    batch_record(b, &cmd);
}

void batch_record(struct batch *b, const struct batch_cmd *cmd)
{
    if (!b->record)
        return;
    if (!grow((void **)&b->cmds, &b->cap_c, b->nc + 1, sizeof *b->cmds)) {
        oom(b);
        return;
    }
    struct batch_cmd *c = &b->cmds[b->nc];
    *c = *cmd;
    if (cmd->text) {
        char *copy = strdup(cmd->text);
        if (!copy || !grow((void **)&b->texts, &b->cap_t, b->nt + 1, sizeof *b->texts)) {
            free(copy);
            oom(b);
            return;
        }
        b->texts[b->nt++] = copy;
        c->text = copy;
    }
    b->nc++;
}

bool batch_recording(const struct batch *b) { return b->record; }

const struct batch_cmd *batch_commands(const struct batch *b, size_t *count)
{
    *count = b->nc;
    return b->cmds;
}

/* ------------------------------------------------------------ for the GPU */

const struct batch_vertex *batch_vertices(const struct batch *b, size_t *count)
{
    *count = b->nv;
    return b->v;
}

const uint32_t *batch_indices(const struct batch *b, size_t *count)
{
    *count = b->ni;
    return b->idx;
}

const struct batch_draw *batch_draws(const struct batch *b, size_t *count)
{
    run_end(b);
    /* Only the last run can be empty (new_draw reuses an empty one). */
    size_t n = b->nd;
    if (n && b->draws[n - 1].index_count == 0)
        n--;
    *count = n;
    return b->draws;
}

/* ----------------------------------------------------------------- helpers */

/* An integer small enough that sums of a few stay exact in float. */
static bool is_whole(float v) { return v == fm_roundf(v) && fabsf(v) < 4194304.0f; }

static bool finite2(float a, float b) { return isfinite(a) && isfinite(b); }
static bool finite4(float a, float b, float c, float d) { return finite2(a, b) && finite2(c, d); }

static rgba with_alpha(rgba c, float k)
{
    if (k >= 1.0f)
        return c;
    if (k <= 0.0f)
        k = 0.0f;
    c.a = (uint8_t)((float)c.a * k + 0.5f);
    return c;
}

static rgba clear_of(rgba c)
{
    c.a = 0;
    return c;
}

/* Bounding box of a point list. */
static void bounds(const float *xy, int n, float *x, float *y, float *w, float *h)
{
    float x0 = xy[0], x1 = xy[0], y0 = xy[1], y1 = xy[1];
    for (int i = 1; i < n; i++) {
        x0 = fminf(x0, xy[2 * i]);
        x1 = fmaxf(x1, xy[2 * i]);
        y0 = fminf(y0, xy[2 * i + 1]);
        y1 = fmaxf(y1, xy[2 * i + 1]);
    }
    *x = x0;
    *y = y0;
    *w = x1 - x0;
    *h = y1 - y0;
}

/* Twice the signed area (positive = clockwise on screen, y down). */
static float signed_area2(const float *xy, int n)
{
    float a = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        a += xy[2 * i] * xy[2 * j + 1] - xy[2 * j] * xy[2 * i + 1];
    }
    return a;
}

/* Drops repeated consecutive points (which have no edge normal). Returns the
 * new count; `out` must hold 2n floats. */
static int dedup(const float *xy, int n, bool closed, float *out)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        float x = xy[2 * i], y = xy[2 * i + 1];
        if (m > 0 && fabsf(x - out[2 * m - 2]) < 1e-4f && fabsf(y - out[2 * m - 1]) < 1e-4f)
            continue;
        out[2 * m] = x;
        out[2 * m + 1] = y;
        m++;
    }
    if (closed && m > 1 && fabsf(out[0] - out[2 * m - 2]) < 1e-4f &&
        fabsf(out[1] - out[2 * m - 1]) < 1e-4f)
        m--;
    return m;
}

/* ------------------------------------------------------------ convex fills */

/* An axis-aligned rectangle with whole-pixel edges needs no fringe: with a
 * one-pixel fringe the ramp puts alpha 1 and 0 exactly on the pixel centres
 * either side of each edge, which is what a hard edge gives. Rules, ticks,
 * grid lines and panels are mostly like this, and skipping their fringes
 * saves software GL most of its triangles. */
static bool whole_pixel_rect(const struct batch *b, const float *xy, int n)
{
    if (n != 4 || b->aa != 1.0f)
        return false;
    for (int i = 0; i < 8; i++)
        if (fabsf(xy[i] - fm_roundf(xy[i])) > 1e-3f)
            return false;
    for (int i = 0; i < 4; i++) {
        int j = (i + 1) % 4;
        if (xy[2 * i] != xy[2 * j] && xy[2 * i + 1] != xy[2 * j + 1])
            return false;
    }
    return true;
}

/* The triangles of a filled ring of n (inset, outset) vertex pairs from
 * `base`: a fan over the inset ring, then the fringe quads. */
static void emit_fill_indices(struct batch *b, uint32_t base, int n)
{
    for (int i = 1; i + 1 < n; i++)
        tri(b, base, base + 2 * (uint32_t)i, base + 2 * (uint32_t)(i + 1));
    for (int i = 0; i < n; i++) {
        uint32_t a = base + 2 * (uint32_t)i, bb = base + 2 * (uint32_t)(i + 1 == n ? 0 : i + 1);
        quad(b, a, a + 1, bb + 1, bb);
    }
}

/* Fills a convex polygon (any winding) with an anti-aliased edge. `cols` gives
 * one colour per point, or NULL to use `c` everywhere. Points must be finite
 * and free of repeats; n >= 3. */
static void fill_convex(struct batch *b, const float *xy, int n, const rgba *cols, rgba c)
{
    float area2 = signed_area2(xy, n);
    if (!(fabsf(area2) > 1e-6f))
        return;
    if (whole_pixel_rect(b, xy, n)) {
        if (!reserve(b, 4, 6))
            return;
        uint32_t q = (uint32_t)b->nv;
        for (int i = 0; i < 4; i++)
            vtx_solid(b, fm_roundf(xy[2 * i]), fm_roundf(xy[2 * i + 1]), cols ? cols[i] : c);
        quad(b, q, q + 1, q + 2, q + 3);
        return;
    }
    /* Outward normal of edge i->i+1 for clockwise (y-down) winding is (dy, -dx). */
    float sgn = area2 > 0 ? 1.0f : -1.0f;
    float half = b->aa * 0.5f;
    if (!reserve(b, (size_t)n * 2, (size_t)(n - 2) * 3 + (size_t)n * 6))
        return;
    /* Each edge's unit normal, once (every corner needs two). */
    float nstack[2 * 136];
    float *nrm = n <= 136 ? nstack : malloc((size_t)n * 2 * sizeof *nrm);
    if (!nrm) {
        oom(b);
        return;
    }
    for (int i = 0; i < n; i++) {
        int in = i + 1 == n ? 0 : i + 1;
        float ex = xy[2 * in] - xy[2 * i], ey = xy[2 * in + 1] - xy[2 * i + 1];
        float l = fm_len(ex, ey);
        nrm[2 * i] = sgn * ey / l;
        nrm[2 * i + 1] = -sgn * ex / l;
    }
    uint32_t base = (uint32_t)b->nv;
    for (int i = 0; i < n; i++) {
        int ip = i == 0 ? n - 1 : i - 1;
        float px = xy[2 * i], py = xy[2 * i + 1];
        float n0x = nrm[2 * ip], n0y = nrm[2 * ip + 1];
        float n1x = nrm[2 * i], n1y = nrm[2 * i + 1];
        float mx = n0x + n1x, my = n0y + n1y;
        float ml = fm_len(mx, my);
        float k = 1.0f;
        if (ml > 1e-6f) {
            mx /= ml;
            my /= ml;
            float cosh = mx * n0x + my * n0y;
            k = cosh > 1.0f / FILL_MITER_LIMIT ? 1.0f / cosh : FILL_MITER_LIMIT;
        } else {
            mx = n0x;
            my = n0y;
        }
        rgba ci = cols ? cols[i] : c;
        vtx_solid(b, px - mx * half * k, py - my * half * k, ci);
        vtx_solid(b, px + mx * half * k, py + my * half * k, clear_of(ci));
    }
    if (nrm != nstack)
        free(nrm);
    /* A shape thinner than the fringe turns its inset ring inside out. Then
     * collapse the ring to the centroid and dim it so the ink still matches
     * the area (a cone over the outset ring holds a third of its area). */
    struct batch_vertex *v = &b->v[base];
    bool flipped = false;
    for (int i = 0; i < n && !flipped; i++) {
        int j = (i + 1) % n;
        float ex = xy[2 * j] - xy[2 * i], ey = xy[2 * j + 1] - xy[2 * i + 1];
        float ix = v[2 * j].x - v[2 * i].x, iy = v[2 * j].y - v[2 * i].y;
        flipped = ex * ix + ey * iy < 0; /* 0: a 1 px wide shape, still fine */
    }
    if (flipped) {
        float gx = 0, gy = 0, outer2 = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            gx += xy[2 * i];
            gy += xy[2 * i + 1];
            outer2 += v[2 * i + 1].x * v[2 * j + 1].y - v[2 * j + 1].x * v[2 * i + 1].y;
        }
        gx /= (float)n;
        gy /= (float)n;
        float k = fminf(1.0f, 3.0f * fabsf(area2) / fmaxf(fabsf(outer2), 1e-12f));
        for (int i = 0; i < n; i++) {
            v[2 * i].x = gx;
            v[2 * i].y = gy;
            v[2 * i].color = with_alpha(v[2 * i].color, k);
        }
    }
    emit_fill_indices(b, base, n);
}

/* fill_convex for an axis-aligned rectangle, without the general path's
 * per-corner square roots: its edge normals are the axes, so every corner's
 * fringe offset is the same diagonal, computed here exactly as fill_convex
 * computes it (so both give identical vertices; tests/unit/test_batch.c
 * checks). Degenerate, inside-out and non-unit-fringe cases go the general
 * way. `cols` as for fill_convex. */
static void fill_rect(struct batch *b, float x, float y, float w, float h, const rgba *cols,
                      rgba c)
{
    float p[8] = {x, y, x + w, y, x + w, y + h, x, y + h};
    float x1 = p[2], y1 = p[5];
    if (b->aa != 1.0f || !(x1 > x) || !(y1 > y)) {
        fill_convex(b, p, 4, cols, c);
        return;
    }
    if (whole_pixel_rect(b, p, 4)) {
        if (!reserve(b, 4, 6))
            return;
        uint32_t q = (uint32_t)b->nv;
        for (int i = 0; i < 4; i++)
            vtx_solid(b, fm_roundf(p[2 * i]), fm_roundf(p[2 * i + 1]), cols ? cols[i] : c);
        quad(b, q, q + 1, q + 2, q + 3);
        return;
    }
    /* fill_convex's corner: normals (+-1, 0) and (0, +-1) give a mitre
     * direction of +-m on both axes with m = 1 / |(1, 1)|, cos of the half
     * turn m, factor k = 1 / m; the offset is (m * half) * k. */
    float m = 1.0f / fm_len(1.0f, 1.0f);
    float off = (m * 0.5f) * (1.0f / m);
    /* Inside out (thinner than the fringe): the general path collapses it. */
    if (!((x1 - off) - (x + off) >= 0.0f) || !((y1 - off) - (y + off) >= 0.0f)) {
        fill_convex(b, p, 4, cols, c);
        return;
    }
    if (!reserve(b, 8, 30))
        return;
    uint32_t base = (uint32_t)b->nv;
    /* Corners clockwise from top-left; the inset vertex moves towards the
     * centre, the outset one away from it. */
    static const float sx[4] = {1, -1, -1, 1}, sy[4] = {1, 1, -1, -1};
    for (int i = 0; i < 4; i++) {
        float px = p[2 * i], py = p[2 * i + 1];
        rgba ci = cols ? cols[i] : c;
        vtx_solid(b, px + sx[i] * off, py + sy[i] * off, ci);
        vtx_solid(b, px - sx[i] * off, py - sy[i] * off, clear_of(ci));
    }
    emit_fill_indices(b, base, 4);
}

/* ---------------------------------------------------------- section strips */

/* A cross-section of a stroke: the centre point and offsets to the core edge
 * and to the fringe edge on the left (+) and right (-) side. */
struct section {
    float x, y;
    float clx, cly, flx, fly; /* left core, left fringe */
    float crx, cry, frx, fry; /* right core, right fringe */
    float alpha;              /* 0 for the transparent end-cap sections */
};

/* Emits sections s[0..n) joined by quads (closed: also s[n-1] to s[0]). */
static void emit_strip(struct batch *b, const struct section *s, int n, bool closed, rgba c)
{
    int segs = closed ? n : n - 1;
    if (n < 2 || !reserve(b, (size_t)n * 4, (size_t)segs * 18))
        return;
    uint32_t base = (uint32_t)b->nv;
    for (int i = 0; i < n; i++) {
        rgba core = with_alpha(c, s[i].alpha), edge = clear_of(c);
        vtx_solid(b, s[i].x + s[i].flx, s[i].y + s[i].fly, edge);
        vtx_solid(b, s[i].x + s[i].clx, s[i].y + s[i].cly, core);
        vtx_solid(b, s[i].x + s[i].crx, s[i].y + s[i].cry, core);
        vtx_solid(b, s[i].x + s[i].frx, s[i].y + s[i].fry, edge);
    }
    for (int i = 0; i < segs; i++) {
        uint32_t a = base + 4 * (uint32_t)i, d = base + 4 * (uint32_t)((i + 1) % n);
        quad(b, a, a + 1, d + 1, d);
        quad(b, a + 1, a + 2, d + 2, d + 1);
        quad(b, a + 2, a + 3, d + 3, d + 2);
    }
}

/* Core and fringe half-widths of a stroke `width` wide, and the alpha factor
 * that keeps a hairline's ink right. */
static void stroke_widths(const struct batch *b, float width, float *core, float *fringe,
                          float *alpha)
{
    float aa = b->aa;
    if (width >= aa) {
        *core = (width - aa) * 0.5f;
        *fringe = *core + aa;
        *alpha = 1.0f;
    } else {
        *core = 0.0f;
        *fringe = aa;
        *alpha = width / aa;
    }
}

static void set_offsets(struct section *s, float nx, float ny, float kl, float kr, float core,
                        float fringe)
{
    /* kl/kr scale the left and right offsets (mitre factors). */
    s->clx = nx * core * kl;
    s->cly = ny * core * kl;
    s->flx = nx * fringe * kl;
    s->fly = ny * fringe * kl;
    s->crx = -nx * core * kr;
    s->cry = -ny * core * kr;
    s->frx = -nx * fringe * kr;
    s->fry = -ny * fringe * kr;
}

/* Strokes a deduplicated point list. */
static void stroke(struct batch *b, const float *p, int n, float width, rgba c, bool closed)
{
    if (n < 2 || (closed && n < 3))
        closed = false;
    if (n < 2)
        return;
    float core, fringe, alpha;
    stroke_widths(b, width, &core, &fringe, &alpha);
    float half = b->aa * 0.5f;
    /* Each point yields one section, two at a bevel; open ends one more each. */
    int maxs = 2 * n + 2;
    struct section stack[288];
    struct section *s = maxs <= 288 ? stack : malloc((size_t)maxs * sizeof *s);
    if (!s) {
        oom(b);
        return;
    }
    /* Each segment's unit direction, once (two points share it). */
    float dstack[2 * 144];
    float *dir = n <= 144 ? dstack : malloc((size_t)n * 2 * sizeof *dir);
    if (!dir) {
        if (s != stack)
            free(s);
        oom(b);
        return;
    }
    int nseg = closed ? n : n - 1;
    for (int i = 0; i < nseg; i++) {
        int j = i + 1 == n ? 0 : i + 1;
        float dx = p[2 * j] - p[2 * i], dy = p[2 * j + 1] - p[2 * i + 1];
        float l = fm_len(dx, dy);
        dir[2 * i] = dx / l;
        dir[2 * i + 1] = dy / l;
    }
    int ns = 0;
    for (int i = 0; i < n; i++) {
        float px = p[2 * i], py = p[2 * i + 1];
        bool has_prev = closed || i > 0, has_next = closed || i + 1 < n;
        float d0x = 0, d0y = 0, d1x = 0, d1y = 0;
        if (has_prev) {
            int j = i == 0 ? n - 1 : i - 1;
            d0x = dir[2 * j];
            d0y = dir[2 * j + 1];
        }
        if (has_next) {
            d1x = dir[2 * i];
            d1y = dir[2 * i + 1];
        }
        if (!has_prev) {
            d0x = d1x;
            d0y = d1y;
        }
        if (!has_next) {
            d1x = d0x;
            d1y = d0y;
        }
        /* Left normal (y down): rotate the direction by -90 degrees. */
        float n0x = d0y, n0y = -d0x, n1x = d1y, n1y = -d1x;
        struct section sec = {.x = px, .y = py, .alpha = alpha};
        if (!has_prev || !has_next) {
            /* Open end: pull the core in by half the fringe and add a clear
             * section outside, so the butt cap is anti-aliased too. */
            float dx = has_prev ? d0x : d1x, dy = has_prev ? d0y : d1y;
            float sgn = has_prev ? 1.0f : -1.0f; /* +: end, -: start */
            struct section cap = sec;
            cap.x = px + sgn * dx * half;
            cap.y = py + sgn * dy * half;
            cap.alpha = 0;
            set_offsets(&cap, n0x, n0y, 1, 1, core, fringe);
            sec.x = px - sgn * dx * half;
            sec.y = py - sgn * dy * half;
            set_offsets(&sec, n0x, n0y, 1, 1, core, fringe);
            if (!has_prev) {
                s[ns++] = cap;
                s[ns++] = sec;
            } else {
                s[ns++] = sec;
                s[ns++] = cap;
            }
            continue;
        }
        float mx = n0x + n1x, my = n0y + n1y;
        float ml = fm_len(mx, my);
        if (ml < 1e-6f) {
            /* A full reversal: end the segment and start back flat. */
            set_offsets(&sec, n0x, n0y, 1, 1, core, fringe);
            s[ns++] = sec;
            continue;
        }
        mx /= ml;
        my /= ml;
        float cosh = mx * n0x + my * n0y; /* cos of half the turn */
        float k = 1.0f / fmaxf(cosh, 1e-6f);
        if (k <= MITER_LIMIT) {
            set_offsets(&sec, mx, my, k, k, core, fringe);
            s[ns++] = sec;
            continue;
        }
        /* Bevel: the outer side takes each segment's own normal in turn, the
         * inner side keeps a (limited) mitre. The quads between the two
         * sections then fill the bevel and fringe its cut edge. */
        float cross = d0x * d1y - d0y * d1x; /* > 0: turning clockwise (right) */
        bool outer_left = cross > 0;
        float ki = fminf(k, MITER_LIMIT);
        struct section a = sec, bb = sec;
        set_offsets(&a, mx, my, ki, ki, core, fringe);
        set_offsets(&bb, mx, my, ki, ki, core, fringe);
        if (outer_left) {
            a.clx = n0x * core;
            a.cly = n0y * core;
            a.flx = n0x * fringe;
            a.fly = n0y * fringe;
            bb.clx = n1x * core;
            bb.cly = n1y * core;
            bb.flx = n1x * fringe;
            bb.fly = n1y * fringe;
        } else {
            a.crx = -n0x * core;
            a.cry = -n0y * core;
            a.frx = -n0x * fringe;
            a.fry = -n0y * fringe;
            bb.crx = -n1x * core;
            bb.cry = -n1y * core;
            bb.frx = -n1x * fringe;
            bb.fry = -n1y * fringe;
        }
        s[ns++] = a;
        s[ns++] = bb;
    }
    emit_strip(b, s, ns, closed, c);
    if (dir != dstack)
        free(dir);
    if (s != stack)
        free(s);
}

/* Validates, deduplicates and strokes a caller's point list. */
static void stroke_points(struct batch *b, const float *xy, int n, float width, rgba c,
                          bool closed)
{
    if (!xy || n < 2 || !(width > 0) || !isfinite(width))
        return;
    for (int i = 0; i < 2 * n; i++)
        if (!isfinite(xy[i]))
            return;
    float stack[128];
    float *p = n <= 64 ? stack : malloc((size_t)n * 2 * sizeof *p);
    if (!p) {
        oom(b);
        return;
    }
    int m = dedup(xy, n, closed, p);
    stroke(b, p, m, width, c, closed);
    if (p != stack)
        free(p);
}

/* ---------------------------------------------------------- filled shapes */

void batch_rect(struct batch *b, float x, float y, float w, float h, rgba c)
{
    if (!finite4(x, y, w, h) || !(w > 0) || !(h > 0))
        return;
    record(b, BATCH_OP_RECT, x, y, w, h, c);
    fill_rect(b, x, y, w, h, NULL, c);
}

void batch_rect_grad(struct batch *b, float x, float y, float w, float h, rgba tl, rgba tr,
                     rgba br, rgba bl)
{
    if (!finite4(x, y, w, h) || !(w > 0) || !(h > 0))
        return;
    record(b, BATCH_OP_RECT_GRAD, x, y, w, h, tl);
    rgba cols[4] = {tl, tr, br, bl};
    fill_rect(b, x, y, w, h, cols, tl);
}

void batch_polygon(struct batch *b, const float *xy, int n, rgba c)
{
    if (!xy || n < 3)
        return;
    for (int i = 0; i < 2 * n; i++)
        if (!isfinite(xy[i]))
            return;
    float stack[128];
    float *p = n <= 64 ? stack : malloc((size_t)n * 2 * sizeof *p);
    if (!p) {
        oom(b);
        return;
    }
    int m = dedup(xy, n, true, p);
    if (m >= 3 && fabsf(signed_area2(p, m)) > 1e-6f) {
        float bx, by, bw, bh;
        bounds(p, m, &bx, &by, &bw, &bh);
        record(b, BATCH_OP_POLYGON, bx, by, bw, bh, c);
        fill_convex(b, p, m, NULL, c);
    }
    if (p != stack)
        free(p);
}

/* Segments per quarter circle so the chord error stays under ~0.2 px. */
static int quarter_segments(float r)
{
    if (r <= 0.5f)
        return 1;
    float step = 2.0f * acosf(fmaxf(-1.0f, 1.0f - 0.2f / r));
    int n = (int)ceilf((float)(M_PI / 2) / step);
    return n < 2 ? 2 : (n > 32 ? 32 : n);
}

/* The outline of a rounded rectangle, clockwise, into out (returns count). */
static int round_rect_path(float x, float y, float w, float h, float r, float *out, int max)
{
    int q = quarter_segments(r);
    if (4 * (q + 1) > max)
        q = max / 4 - 1;
    const float cx[4] = {x + w - r, x + w - r, x + r, x + r};
    const float cy[4] = {y + r, y + h - r, y + h - r, y + r};
    /* The inner vertices of each corner sit slightly outside the circle so the
     * polygon's area equals the arc's (chords alone would lose ink); the end
     * vertices stay on the straight edges. Solves (q-2)R^2 + 2rR = r^2 q t/sin t. */
    float step = (float)(M_PI / 2) / (float)q;
    float K = (float)q * step / sinf(step);
    float rv = q == 2 ? r * K * 0.5f
                      : r * (-1.0f + sqrtf(1.0f + (float)(q - 2) * K)) / (float)(q - 2);
    int m = 0;
    for (int k = 0; k < 4; k++) {
        /* Corner k sweeps from angle -90+90k degrees to 90k (clockwise, y down). */
        float a0 = (float)(-M_PI / 2 + k * (M_PI / 2));
        for (int i = 0; i <= q; i++) {
            float a = a0 + (float)(M_PI / 2) * (float)i / (float)q;
            float rr = (i == 0 || i == q) ? r : rv;
            out[2 * m] = cx[k] + rr * cosf(a);
            out[2 * m + 1] = cy[k] + rr * sinf(a);
            m++;
        }
    }
    return m;
}

void batch_round_rect(struct batch *b, float x, float y, float w, float h, float radius, rgba c)
{
    if (!finite4(x, y, w, h) || !(w > 0) || !(h > 0) || isnan(radius))
        return;
    float r = fminf(fmaxf(radius, 0.0f), fminf(w, h) * 0.5f);
    if (r < 0.25f) {
        batch_rect(b, x, y, w, h, c);
        return;
    }
    record(b, BATCH_OP_ROUND_RECT, x, y, w, h, c);
    float p[2 * 4 * 33];
    int m = round_rect_path(x, y, w, h, r, p, 4 * 33);
    float q[2 * 4 * 33];
    m = dedup(p, m, true, q);
    fill_convex(b, q, m, NULL, c);
}

/* Flat-top hexagon: vertices at 0, 60, ... degrees (clockwise on screen, y
 * down); the top edge is horizontal. */
#define HEX_S 0.86602540378f /* sqrt(3) / 2 */
static const float hex_ux[6] = {1, 0.5f, -0.5f, -1, -0.5f, 0.5f};
static const float hex_uy[6] = {0, HEX_S, HEX_S, 0, -HEX_S, -HEX_S};
/* At every corner of a regular hexagon the mitre runs along the radius, and
 * an offset d across the edges is d / cos 30 degrees along it. */
#define HEX_MITRE 1.15470054f

static void hex_points(float cx, float cy, float R, float *p)
{
    for (int i = 0; i < 6; i++) {
        p[2 * i] = cx + R * hex_ux[i];
        p[2 * i + 1] = cy + R * hex_uy[i];
    }
}

/* Vertices at radii r[0..nr) along each of the six corner directions, with
 * colours cols[0..nr); the hex grids draw thousands of these, so the
 * general fill and stroke (square roots per corner) are skipped. */
static uint32_t hex_rings(struct batch *b, float cx, float cy, const float *r, const rgba *cols,
                          int nr)
{
    uint32_t base = (uint32_t)b->nv;
    struct batch_vertex *v = b->v + b->nv;
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < nr; k++)
            *v++ = (struct batch_vertex){cx + r[k] * hex_ux[i], cy + r[k] * hex_uy[i], b->white_u,
                                         b->white_v, cols[k]};
    b->nv += (size_t)(6 * nr);
    return base;
}

void batch_hex(struct batch *b, float cx, float cy, float R, rgba c)
{
    if (!finite2(cx, cy) || !(R > 0) || !isfinite(R))
        return;
    record(b, BATCH_OP_HEX, cx - R, cy - R * 0.86602540378f, 2 * R, R * 1.7320508f, c);
    float off = b->aa * 0.5f * HEX_MITRE;
    if (R <= off) {
        /* Thinner than the fringe: the general path dims it to its area. */
        float p[12];
        hex_points(cx, cy, R, p);
        fill_convex(b, p, 6, NULL, c);
        return;
    }
    if (!reserve(b, 12, 4 * 3 + 6 * 6))
        return;
    /* fill_convex's layout: (inset, outset) per corner. */
    const float r[2] = {R - off, R + off};
    const rgba cols[2] = {c, clear_of(c)};
    emit_fill_indices(b, hex_rings(b, cx, cy, r, cols, 2), 6);
}

/* Anti-aliased annulus sector. Sections run along the angle; each has four
 * radii (inner fringe, inner core, outer core, outer fringe). */
void batch_arc(struct batch *b, float cx, float cy, float r0, float r1, float a0, float a1,
               rgba c)
{
    if (!finite4(cx, cy, r0, r1) || !finite2(a0, a1))
        return;
    if (r0 < 0)
        r0 = 0;
    if (!(r1 > r0) || !(a1 > a0))
        return;
    float sweep = a1 - a0;
    bool full = sweep >= (float)(2 * M_PI) - 1e-5f;
    if (full) {
        sweep = (float)(2 * M_PI);
        a1 = a0 + sweep;
    }
    record(b, BATCH_OP_ARC, cx - r1, cy - r1, 2 * r1, 2 * r1, c);
    float half = b->aa * 0.5f;
    float core, fringe, alpha;
    stroke_widths(b, r1 - r0, &core, &fringe, &alpha);
    float rm = (r0 + r1) * 0.5f;
    float rad[4] = {rm - fringe, rm - core, rm + core, rm + fringe};
    if (rad[0] < 0)
        rad[0] = 0;
    if (rad[1] < 0)
        rad[1] = 0;
    /* Chord error under ~0.2 px on the outer edge. */
    float ro = rad[3];
    float step = ro > 0.5f ? 2.0f * acosf(fmaxf(-1.0f, 1.0f - 0.2f / ro)) : (float)(M_PI / 2);
    int segs = (int)ceilf(sweep / step);
    if (segs < 1)
        segs = 1;
    if (segs > 1024)
        segs = 1024;
    /* Open arcs get an end fringe: each radius's end moves in by aa/2 of arc
     * length, and a clear section sits aa/2 outside. */
    /* Area-preserving vertex radii, as for rounded corners. */
    float seg_a = sweep / (float)segs;
    float grow_r = sqrtf(seg_a / sinf(seg_a));
    for (int k = 0; k < 4; k++)
        rad[k] *= grow_r;
    int nsec = full ? segs : segs + 3;
    if (!reserve(b, (size_t)nsec * 4, (size_t)nsec * 18))
        return;
    uint32_t base = (uint32_t)b->nv;
    rgba on = with_alpha(c, alpha), off = clear_of(c);
    for (int i = 0; i < nsec; i++) {
        for (int k = 0; k < 4; k++) {
            float r = rad[k];
            float da = half / fmaxf(r, b->aa); /* angle of aa/2 at this radius */
            if (!full && 2 * da > sweep * 0.5f)
                da = sweep * 0.25f;
            float a;
            bool clear_sec = false;
            if (full) {
                a = a0 + sweep * (float)i / (float)segs;
            } else if (i == 0) {
                a = a0 - da;
                clear_sec = true;
            } else if (i == nsec - 1) {
                a = a1 + da;
                clear_sec = true;
            } else {
                /* Sections 1..segs+1 span [a0 + da, a1 - da]. */
                float t = (float)(i - 1) / (float)segs;
                a = (a0 + da) + (sweep - 2 * da) * t;
            }
            bool edge = (k == 0 || k == 3);
            rgba col = (clear_sec || edge) ? off : on;
            vtx_solid(b, cx + r * cosf(a), cy + r * sinf(a), col);
        }
    }
    int strips = full ? nsec : nsec - 1;
    for (int i = 0; i < strips; i++) {
        uint32_t s0 = base + 4 * (uint32_t)i, s1 = base + 4 * (uint32_t)((i + 1) % nsec);
        for (uint32_t k = 0; k < 3; k++)
            quad(b, s0 + k, s0 + k + 1, s1 + k + 1, s1 + k);
    }
}

/* Sutherland-Hodgman: clips polygon `in` (n points) to x in [x0,x1], y in
 * [y0,y1]. `out` and `tmp` hold at least n + 4 points. Returns the count. */
static int clip_to_rect(const float *in, int n, float x0, float y0, float x1, float y1,
                        float *out, float *tmp)
{
    const float *src = in;
    float *dst = tmp;
    int cnt = n;
    for (int edge = 0; edge < 4; edge++) {
        int m = 0;
        for (int i = 0; i < cnt; i++) {
            const float *P = &src[2 * i], *Q = &src[2 * ((i + 1) % cnt)];
            float dp, dq; /* signed distance inside (>= 0 keeps) */
            switch (edge) {
            case 0: dp = P[0] - x0; dq = Q[0] - x0; break;
            case 1: dp = x1 - P[0]; dq = x1 - Q[0]; break;
            case 2: dp = P[1] - y0; dq = Q[1] - y0; break;
            default: dp = y1 - P[1]; dq = y1 - Q[1]; break;
            }
            if (dp >= 0) {
                dst[2 * m] = P[0];
                dst[2 * m + 1] = P[1];
                m++;
            }
            if ((dp >= 0) != (dq >= 0)) {
                float t = dp / (dp - dq);
                dst[2 * m] = P[0] + (Q[0] - P[0]) * t;
                dst[2 * m + 1] = P[1] + (Q[1] - P[1]) * t;
                m++;
            }
        }
        cnt = m;
        if (cnt < 3)
            return 0;
        /* Ping-pong between tmp and out; the last pass (edge 3) lands in out. */
        src = dst;
        dst = (dst == tmp) ? out : tmp;
    }
    return cnt;
}

void batch_hazard(struct batch *b, float x, float y, float w, float h, float stripe, float gap,
                  float angle, float offset, rgba c)
{
    if (!finite4(x, y, w, h) || !finite4(stripe, gap, angle, offset) || !(w > 0) || !(h > 0) ||
        !(stripe > 0))
        return;
    if (gap <= 0) {
        batch_rect(b, x, y, w, h, c);
        return;
    }
    record(b, BATCH_OP_HAZARD, x, y, w, h, c);
    /* Stripe axis at `angle` from the vertical; n is across the stripes. */
    float vx = sinf(angle), vy = cosf(angle);
    float nx = vy, ny = -vx;
    float period = stripe + gap;
    /* Stripe k covers n.(q - o) in [k*period, k*period + stripe], o shifted by offset along x. */
    float ox = x + offset, oy = y;
    float corners[4][2] = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
    float lo = INFINITY, hi = -INFINITY, vlo = INFINITY, vhi = -INFINITY;
    for (int i = 0; i < 4; i++) {
        float dx = corners[i][0] - ox, dy = corners[i][1] - oy;
        float s = dx * nx + dy * ny, t = dx * vx + dy * vy;
        lo = fminf(lo, s);
        hi = fmaxf(hi, s);
        vlo = fminf(vlo, t);
        vhi = fmaxf(vhi, t);
    }
    long k0 = (long)floorf((lo - stripe) / period), k1 = (long)ceilf(hi / period);
    if (k1 - k0 > 100000)
        return; /* absurd density: nothing sensible to draw */
    vlo -= 1;
    vhi += 1;
    for (long k = k0; k <= k1; k++) {
        float s0 = (float)k * period, s1 = s0 + stripe;
        float band[8] = {
            ox + nx * s0 + vx * vlo, oy + ny * s0 + vy * vlo,
            ox + nx * s1 + vx * vlo, oy + ny * s1 + vy * vlo,
            ox + nx * s1 + vx * vhi, oy + ny * s1 + vy * vhi,
            ox + nx * s0 + vx * vhi, oy + ny * s0 + vy * vhi,
        };
        float out[2 * 12], tmp[2 * 12], clean[2 * 12];
        int m = clip_to_rect(band, 4, x, y, x + w, y + h, out, tmp);
        m = m >= 3 ? dedup(out, m, true, clean) : 0;
        if (m >= 3)
            fill_convex(b, clean, m, NULL, c);
    }
}

/* ------------------------------------------------------------------ strokes */

void batch_line(struct batch *b, float x0, float y0, float x1, float y1, float width, rgba c)
{
    if (!finite4(x0, y0, x1, y1))
        return;
    if (fabsf(x1 - x0) < 1e-4f && fabsf(y1 - y0) < 1e-4f)
        return;
    if (!(width > 0) || !isfinite(width))
        return;
    record(b, BATCH_OP_LINE, fminf(x0, x1), fminf(y0, y1), fabsf(x1 - x0), fabsf(y1 - y0), c);
    if (width >= b->aa) {
        /* A butt-capped segment is a convex quad: filled, it has the same ink
         * and fringe as the stroke with about half the triangles, and none
         * of the fringe at all when axis-aligned on whole pixels. */
        float dx = x1 - x0, dy = y1 - y0, len = fm_len(dx, dy);
        float nx = -dy / len * width * 0.5f, ny = dx / len * width * 0.5f;
        float r[8] = {x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny};
        if (x0 == x1 || y0 == y1) {
            /* Exact corners, so whole-pixel rectangles are recognised. */
            float hw = width * 0.5f;
            if (y0 == y1) {
                float xa = fminf(x0, x1), xb = fmaxf(x0, x1);
                float q[8] = {xa, y0 - hw, xb, y0 - hw, xb, y0 + hw, xa, y0 + hw};
                memcpy(r, q, sizeof r);
            } else {
                float ya = fminf(y0, y1), yb = fmaxf(y0, y1);
                float q[8] = {x0 - hw, ya, x0 + hw, ya, x0 + hw, yb, x0 - hw, yb};
                memcpy(r, q, sizeof r);
            }
        }
        fill_convex(b, r, 4, NULL, c);
        return;
    }
    float p[4] = {x0, y0, x1, y1};
    stroke(b, p, 2, width, c, false);
}

void batch_polyline(struct batch *b, const float *xy, int n, float width, rgba c, bool closed)
{
    if (!xy || n < 2)
        return;
    for (int i = 0; i < 2 * n; i++)
        if (!isfinite(xy[i]))
            return;
    if (!(width > 0) || !isfinite(width))
        return;
    float bx, by, bw, bh;
    bounds(xy, n, &bx, &by, &bw, &bh);
    record(b, BATCH_OP_POLYLINE, bx, by, bw, bh, c);
    stroke_points(b, xy, n, width, c, closed);
}

void batch_rect_outline(struct batch *b, float x, float y, float w, float h, float width, rgba c)
{
    if (!finite4(x, y, w, h) || !(w > 0) || !(h > 0) || !(width > 0) || !isfinite(width))
        return;
    record(b, BATCH_OP_RECT_OUTLINE, x, y, w, h, c);
    if (2 * width >= w || 2 * width >= h) {
        /* The outline fills the box. */
        float p[8] = {x, y, x + w, y, x + w, y + h, x, y + h};
        fill_convex(b, p, 4, NULL, c);
        return;
    }
    if (b->aa == 1.0f && is_whole(x) && is_whole(y) && is_whole(w) && is_whole(h) &&
        is_whole(width)) {
        /* On whole pixels the stroke's fringes fall exactly between pixel
         * centres (as for whole_pixel_rect): four hard-edged bars draw the
         * same pixels with 8 triangles instead of 24. */
        if (!reserve(b, 16, 24))
            return;
        const float bars[4][4] = {{x, y, w, width},
                                  {x, y + h - width, w, width},
                                  {x, y + width, width, h - 2 * width},
                                  {x + w - width, y + width, width, h - 2 * width}};
        for (int k = 0; k < 4; k++) {
            uint32_t q = (uint32_t)b->nv;
            float bx = bars[k][0], by = bars[k][1], bw = bars[k][2], bh = bars[k][3];
            vtx_solid(b, bx, by, c);
            vtx_solid(b, bx + bw, by, c);
            vtx_solid(b, bx + bw, by + bh, c);
            vtx_solid(b, bx, by + bh, c);
            quad(b, q, q + 1, q + 2, q + 3);
        }
        return;
    }
    float i = width * 0.5f;
    float p[8] = {x + i, y + i, x + w - i, y + i, x + w - i, y + h - i, x + i, y + h - i};
    stroke(b, p, 4, width, c, true);
}

void batch_round_rect_outline(struct batch *b, float x, float y, float w, float h, float radius,
                              float width, rgba c)
{
    if (!finite4(x, y, w, h) || !(w > 0) || !(h > 0) || !(width > 0) || !isfinite(width) ||
        isnan(radius))
        return;
    record(b, BATCH_OP_ROUND_RECT_OUTLINE, x, y, w, h, c);
    float r = fminf(fmaxf(radius, 0.0f), fminf(w, h) * 0.5f);
    if (2 * width >= w || 2 * width >= h) {
        float p[2 * 4 * 33], q[2 * 4 * 33];
        int m = round_rect_path(x, y, w, h, fmaxf(r, 0.01f), p, 4 * 33);
        m = dedup(p, m, true, q);
        if (m >= 3)
            fill_convex(b, q, m, NULL, c);
        return;
    }
    float i = width * 0.5f;
    float ri = r - i;
    if (ri < 0.25f) {
        float p[8] = {x + i, y + i, x + w - i, y + i, x + w - i, y + h - i, x + i, y + h - i};
        stroke(b, p, 4, width, c, true);
        return;
    }
    float p[2 * 4 * 33], q[2 * 4 * 33];
    int m = round_rect_path(x + i, y + i, w - 2 * i, h - 2 * i, ri, p, 4 * 33);
    m = dedup(p, m, true, q);
    stroke(b, q, m, width, c, true);
}

void batch_hex_outline(struct batch *b, float cx, float cy, float R, float width, rgba c)
{
    if (!finite2(cx, cy) || !(R > 0) || !isfinite(R) || !(width > 0) || !isfinite(width))
        return;
    record(b, BATCH_OP_HEX_OUTLINE, cx - R, cy - R * 0.86602540378f, 2 * R, R * 1.7320508f, c);
    /* Inset so the stroke's outer edge is the hex: apothem shrinks by width/2. */
    float Ri = R - (width * 0.5f) / 0.86602540378f;
    float p[12];
    if (Ri <= 0.01f) {
        hex_points(cx, cy, R, p);
        fill_convex(b, p, 6, NULL, c);
        return;
    }
    /* stroke()'s closed strip around the hexagon: the left side (outside,
     * for this winding) first, mitres along the radii. */
    float core, fringe, alpha;
    stroke_widths(b, width, &core, &fringe, &alpha);
    if (!reserve(b, 24, 6 * 18))
        return;
    const float r[4] = {Ri + fringe * HEX_MITRE, Ri + core * HEX_MITRE, Ri - core * HEX_MITRE,
                        Ri - fringe * HEX_MITRE};
    rgba on = with_alpha(c, alpha), off = clear_of(c);
    const rgba cols[4] = {off, on, on, off};
    uint32_t base = hex_rings(b, cx, cy, r, cols, 4);
    for (uint32_t i = 0; i < 6; i++) {
        uint32_t a = base + 4 * i, d = base + 4 * ((i + 1) % 6);
        quad(b, a, a + 1, d + 1, d);
        quad(b, a + 1, a + 2, d + 2, d + 1);
        quad(b, a + 2, a + 3, d + 3, d + 2);
    }
}

/* ---------------------------------------------------------------- glyphs */

void batch_glyph(struct batch *b, float x0, float y0, float x1, float y1, float u0, float v0,
                 float u1, float v1, rgba c)
{
    if (!finite4(x0, y0, x1, y1) || !finite4(u0, v0, u1, v1) || !(x1 > x0) || !(y1 > y0))
        return;
    record(b, BATCH_OP_GLYPH, x0, y0, x1 - x0, y1 - y0, c);
    if (!reserve(b, 4, 6))
        return;
    uint32_t i0 = vtx(b, x0, y0, u0, v0, c);
    uint32_t i1 = vtx(b, x1, y0, u1, v0, c);
    uint32_t i2 = vtx(b, x1, y1, u1, v1, c);
    uint32_t i3 = vtx(b, x0, y1, u0, v1, c);
    quad(b, i0, i1, i2, i3);
}

void batch_glyph_run(struct batch *b, const float *q, size_t n, rgba c)
{
    if (!n)
        return;
    if (b->record) {
        for (size_t i = 0; i < n; i++, q += 8)
            batch_glyph(b, q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], c);
        return;
    }
    if (n > UINT32_MAX / 4 || !reserve(b, 4 * n, 6 * n))
        return;
    struct batch_vertex *v = b->v + b->nv;
    uint32_t *ix = b->idx + b->ni;
    uint32_t base = (uint32_t)b->nv;
    for (size_t i = 0; i < n; i++, q += 8, v += 4, ix += 6, base += 4) {
        v[0] = (struct batch_vertex){q[0], q[1], q[4], q[5], c};
        v[1] = (struct batch_vertex){q[2], q[1], q[6], q[5], c};
        v[2] = (struct batch_vertex){q[2], q[3], q[6], q[7], c};
        v[3] = (struct batch_vertex){q[0], q[3], q[4], q[7], c};
        ix[0] = base;
        ix[1] = base + 1;
        ix[2] = base + 2;
        ix[3] = base;
        ix[4] = base + 2;
        ix[5] = base + 3;
    }
    b->nv += 4 * n;
    b->ni += 6 * n;
}

void batch_glyph_quad(struct batch *b, const float xy[8], float u0, float v0, float u1, float v1,
                      rgba c)
{
    if (!xy || !finite4(u0, v0, u1, v1))
        return;
    for (int i = 0; i < 8; i++)
        if (!isfinite(xy[i]))
            return;
    float bx, by, bw, bh;
    bounds(xy, 4, &bx, &by, &bw, &bh);
    if (!(bw > 0) || !(bh > 0))
        return;
    record(b, BATCH_OP_GLYPH, bx, by, bw, bh, c);
    if (!reserve(b, 4, 6))
        return;
    uint32_t i0 = vtx(b, xy[0], xy[1], u0, v0, c);
    uint32_t i1 = vtx(b, xy[2], xy[3], u1, v0, c);
    uint32_t i2 = vtx(b, xy[4], xy[5], u1, v1, c);
    uint32_t i3 = vtx(b, xy[6], xy[7], u0, v1, c);
    quad(b, i0, i1, i2, i3);
}
