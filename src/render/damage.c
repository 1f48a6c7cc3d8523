/* damage: see damage.h. */
#include "render/damage.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* More rectangles than this out of the tile scan and the merge is skipped:
 * their bounding box is reported instead. */
#define MAX_RUNS 256

struct damage {
    int w, h, tile, max_rects;
    int tw, th;          /* tiles across and down */
    uint64_t *cur, *old; /* one hash per tile */
    bool valid;          /* old holds a previous frame */
    uint64_t *vh;        /* per-vertex hashes, scratch */
    size_t cap_vh;
    uint32_t generation; /* atlas generation of that frame */
    struct damage_rect runs[MAX_RUNS];
};

struct damage *damage_create(const struct damage_desc *desc)
{
    assert(desc && desc->w > 0 && desc->h > 0);
    struct damage *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->w = desc->w;
    d->h = desc->h;
    d->tile = desc->tile > 0 ? desc->tile : 32;
    d->max_rects = desc->max_rects > 0 ? desc->max_rects : 8;
    d->tw = (d->w + d->tile - 1) / d->tile;
    d->th = (d->h + d->tile - 1) / d->tile;
    size_t n = (size_t)d->tw * (size_t)d->th;
    d->cur = calloc(n, sizeof *d->cur);
    d->old = calloc(n, sizeof *d->old);
    if (!d->cur || !d->old) {
        damage_destroy(d);
        return NULL;
    }
    return d;
}

void damage_destroy(struct damage *d)
{
    if (!d)
        return;
    free(d->cur);
    free(d->old);
    free(d->vh);
    free(d);
}

void damage_reset(struct damage *d) { d->valid = false; }

/* 64-bit multiply-xorshift mixing (clip rectangles, once per draw). */
static inline uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

#define MIN2(a, b) ((a) < (b) ? (a) : (b))
#define MAX2(a, b) ((a) > (b) ? (a) : (b))
#define MIN3(a, b, c) MIN2(MIN2(a, b), c)
#define MAX3(a, b, c) MAX2(MAX2(a, b), c)

static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

/* One hash per vertex (position, texture coordinates, colour), computed
 * once: a vertex is shared by two triangles or more. */
static inline uint64_t hash_vertex(const struct batch_vertex *v)
{
    uint64_t a, b;
    uint32_t c;
    memcpy(&a, &v->x, 8); /* x, y */
    memcpy(&b, &v->u, 8); /* u, v */
    memcpy(&c, &v->color, 4);
    uint64_t h = a * 0x9E3779B97F4A7C15ull ^ rotl(b * 0xC2B2AE3D27D4EB4Full, 31) ^
                 (c * 0x165667B19E3779F9ull);
    return h ^ (h >> 29);
}

static bool grow_hashes(struct damage *d, size_t n)
{
    if (n <= d->cap_vh)
        return true;
    size_t cap = d->cap_vh ? d->cap_vh : 4096;
    while (cap < n)
        cap *= 2;
    uint64_t *p = realloc(d->vh, cap * sizeof *p);
    if (!p)
        return false;
    d->vh = p;
    d->cap_vh = cap;
    return true;
}

/* Hashes every triangle into the tiles under its bounding box, in draw
 * order: tile = (tile ^ triangle) * odd constant, which depends on order. */
static bool hash_batch(struct damage *d, const struct batch *b)
{
    size_t nv, ni, nd;
    const struct batch_vertex *v = batch_vertices(b, &nv);
    const uint32_t *idx = batch_indices(b, &ni);
    const struct batch_draw *dr = batch_draws(b, &nd);
    size_t ntiles = (size_t)d->tw * (size_t)d->th;
    for (size_t i = 0; i < ntiles; i++)
        d->cur[i] = 0x5851F42D4C957F2Dull;
    if (!grow_hashes(d, nv))
        return false;
    for (size_t i = 0; i < nv; i++)
        d->vh[i] = hash_vertex(&v[i]);
    const float inv = 1.0f / (float)d->tile;
    for (size_t k = 0; k < nd; k++) {
        /* The draw's clip, in pixels, limits what its triangles can touch. */
        float cx0 = 0, cy0 = 0, cx1 = (float)d->w, cy1 = (float)d->h;
        uint64_t clip_h = 0;
        if (dr[k].clipped) {
            cx0 = fmaxf(cx0, floorf(dr[k].clip_x));
            cy0 = fmaxf(cy0, floorf(dr[k].clip_y));
            cx1 = fminf(cx1, ceilf(dr[k].clip_x + dr[k].clip_w));
            cy1 = fminf(cy1, ceilf(dr[k].clip_y + dr[k].clip_h));
            clip_h = mix(mix(1, (uint64_t)(int64_t)cx0 << 32 | (uint32_t)(int32_t)cy0),
                         (uint64_t)(int64_t)cx1 << 32 | (uint32_t)(int32_t)cy1);
        }
        if (!(cx1 > cx0 && cy1 > cy0))
            continue;
        size_t end = (size_t)dr[k].first_index + dr[k].index_count;
        if (end > ni)
            end = ni;
        for (size_t i = dr[k].first_index; i + 2 < end; i += 3) {
            uint32_t a = idx[i], bb = idx[i + 1], c = idx[i + 2];
            if (a >= nv || bb >= nv || c >= nv)
                continue;
            const struct batch_vertex *p0 = &v[a], *p1 = &v[bb], *p2 = &v[c];
            /* Plain comparisons (one instruction each, unlike fminf's NaN
             * rules): a NaN corner is simply passed over, which still
             * hashes the triangle into tiles near its other corners. */
            float x0 = MIN3(p0->x, p1->x, p2->x), x1 = MAX3(p0->x, p1->x, p2->x);
            float y0 = MIN3(p0->y, p1->y, p2->y), y1 = MAX3(p0->y, p1->y, p2->y);
            /* One pixel of slack for the rasteriser's rounding. */
            x0 = MAX2(x0 - 1.0f, cx0);
            y0 = MAX2(y0 - 1.0f, cy0);
            x1 = MIN2(x1 + 1.0f, cx1);
            y1 = MIN2(y1 + 1.0f, cy1);
            if (!(x1 > x0 && y1 > y0) || !(x1 - x0 < 1e7f && y1 - y0 < 1e7f))
                continue;
            uint64_t th = d->vh[a] + rotl(d->vh[bb], 21) * 0x9E3779B97F4A7C15ull +
                          rotl(d->vh[c], 42) * 0xBF58476D1CE4E5B9ull + clip_h;
            int tx0 = (int)(x0 * inv), ty0 = (int)(y0 * inv);
            int tx1 = (int)((x1 - 0.001f) * inv), ty1 = (int)((y1 - 0.001f) * inv);
            if (tx1 >= d->tw)
                tx1 = d->tw - 1;
            if (ty1 >= d->th)
                ty1 = d->th - 1;
            for (int ty = ty0; ty <= ty1; ty++) {
                uint64_t *row = d->cur + (size_t)ty * (size_t)d->tw;
                for (int tx = tx0; tx <= tx1; tx++)
                    row[tx] = (row[tx] ^ th) * 0xD6E8FEB86659FD93ull;
            }
        }
    }
    return true;
}

static long long area(struct damage_rect r) { return (long long)r.w * r.h; }

static struct damage_rect unite(struct damage_rect a, struct damage_rect b)
{
    int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (struct damage_rect){x0, y0, x1 - x0, y1 - y0};
}

/* Greedy: joins the pair whose union adds the least area until `max` left. */
static int merge_down(struct damage_rect *r, int n, int max)
{
    while (n > max) {
        int bi = 0, bj = 1;
        long long best = -1;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                long long cost = area(unite(r[i], r[j])) - area(r[i]) - area(r[j]);
                if (best < 0 || cost < best) {
                    best = cost;
                    bi = i;
                    bj = j;
                }
            }
        r[bi] = unite(r[bi], r[bj]);
        r[bj] = r[--n];
    }
    return n;
}

int damage_update(struct damage *d, const struct batch *b, uint32_t atlas_generation,
                  struct damage_rect *out)
{
    if (!hash_batch(d, b)) {
        d->valid = false; /* out of memory: draw whole frames */
        return -1;
    }
    bool compare = d->valid && d->generation == atlas_generation;
    uint64_t *t = d->old;
    d->old = d->cur;
    d->cur = t;
    d->valid = true;
    d->generation = atlas_generation;
    if (!compare)
        return -1;

    /* Runs of dirty tiles along each row, joined with the run right above
     * when they span the same columns. (`cur` now holds the old hashes.) */
    int n = 0;
    long long dirty = 0;
    bool overflow = false;
    struct damage_rect box = {0, 0, 0, 0};
    for (int ty = 0; ty < d->th; ty++) {
        const uint64_t *now = d->old + (size_t)ty * (size_t)d->tw;
        const uint64_t *was = d->cur + (size_t)ty * (size_t)d->tw;
        for (int tx = 0; tx < d->tw;) {
            if (now[tx] == was[tx]) {
                tx++;
                continue;
            }
            int x0 = tx;
            while (tx < d->tw && now[tx] != was[tx])
                tx++;
            dirty += tx - x0;
            struct damage_rect run = {x0, ty, tx - x0, 1};
            box = box.w ? unite(box, run) : run;
            bool joined = false;
            for (int i = n - 1; i >= 0 && !joined; i--) {
                struct damage_rect *r = &d->runs[i];
                if (r->x == run.x && r->w == run.w && r->y + r->h == ty) {
                    r->h++;
                    joined = true;
                }
            }
            if (!joined) {
                if (n < MAX_RUNS)
                    d->runs[n++] = run;
                else
                    overflow = true;
            }
        }
    }
    if (!dirty)
        return 0;
    long long tiles = (long long)d->tw * d->th;
    if ((double)dirty > DAMAGE_FULL_FRACTION * (double)tiles)
        return -1;
    if (overflow) {
        d->runs[0] = box;
        n = 1;
    }
    n = merge_down(d->runs, n, d->max_rects);
    long long covered = 0;
    for (int i = 0; i < n; i++)
        covered += area(d->runs[i]);
    if ((double)covered > DAMAGE_FULL_FRACTION * (double)tiles)
        return -1;
    /* Tiles to pixels, clipped to the screen. */
    for (int i = 0; i < n; i++) {
        struct damage_rect r = d->runs[i];
        int x0 = r.x * d->tile, y0 = r.y * d->tile;
        int x1 = (r.x + r.w) * d->tile, y1 = (r.y + r.h) * d->tile;
        if (x1 > d->w)
            x1 = d->w;
        if (y1 > d->h)
            y1 = d->h;
        out[i] = (struct damage_rect){x0, y0, x1 - x0, y1 - y0};
    }
    return n;
}
