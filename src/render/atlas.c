/* atlas: see atlas.h.
 *
 * Packing is online (one glyph at a time, as text first needs it) with
 * stb_rect_pack's skyline packer. Growth must not move anything already
 * packed, because quads of the current frame may point at it; so the atlas
 * is a list of regions, each with its own skyline: doubling the size from s
 * to 2s keeps the old s x s region (still filling its free space) and adds a
 * 2s-tall strip on the right and an s x s square below it. */
#include "render/atlas.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define STB_RECT_PACK_IMPLEMENTATION
#define STBRP_STATIC
#define STBRP_ASSERT assert
#include <stb/stb_rect_pack.h>

#define ATLAS_DEFAULT_SIZE 1024
#define ATLAS_DEFAULT_MAX 4096
#define ATLAS_MAX_REGIONS 24 /* 1 + 2 per doubling: enough for 16 -> 64k */

struct region {
    int x, y, w, h;
    stbrp_context ctx;
    stbrp_node *nodes; /* w nodes: the skyline is then exact */
};

struct atlas {
    int size; /* current width and height */
    int max;
    uint8_t *pixels;
    struct region regions[ATLAS_MAX_REGIONS];
    int nregions;
    uint32_t generation;
    bool dirty;
    struct atlas_rect dirty_rect;
};

static bool region_add(struct atlas *a, int x, int y, int w, int h)
{
    assert(a->nregions < ATLAS_MAX_REGIONS);
    struct region *r = &a->regions[a->nregions];
    r->nodes = malloc(sizeof *r->nodes * (size_t)w);
    if (!r->nodes)
        return false;
    r->x = x;
    r->y = y;
    r->w = w;
    r->h = h;
    stbrp_init_target(&r->ctx, w, h, r->nodes, w);
    /* Best fit wastes less than bottom-left when rectangles arrive one at a
     * time in no particular order of height. */
    stbrp_setup_heuristic(&r->ctx, STBRP_HEURISTIC_Skyline_BF_sortHeight);
    a->nregions++;
    return true;
}

static void regions_free(struct atlas *a)
{
    for (int i = 0; i < a->nregions; i++)
        free(a->regions[i].nodes);
    a->nregions = 0;
}

struct atlas *atlas_create(const struct atlas_desc *d)
{
    int size = d && d->size > 0 ? d->size : ATLAS_DEFAULT_SIZE;
    int max = d && d->max > 0 ? d->max : ATLAS_DEFAULT_MAX;
    if (max < size)
        max = size;
    struct atlas *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->size = size;
    a->max = max;
    a->pixels = calloc((size_t)size * (size_t)size, 1);
    if (!a->pixels || !region_add(a, 0, 0, size, size)) {
        log_error("atlas", "out of memory for a %dx%d atlas", size, size);
        atlas_destroy(a);
        return NULL;
    }
    a->generation = 1;
    return a;
}

void atlas_destroy(struct atlas *a)
{
    if (!a)
        return;
    regions_free(a);
    free(a->pixels);
    free(a);
}

/* Doubles the atlas (up to max), keeping every texel where it was. */
static bool atlas_grow(struct atlas *a)
{
    if (a->size >= a->max)
        return false;
    int old = a->size;
    int size = old * 2 > a->max ? a->max : old * 2;
    if (a->nregions + 2 > ATLAS_MAX_REGIONS)
        return false;
    uint8_t *px = calloc((size_t)size * (size_t)size, 1);
    if (!px) {
        log_warn("atlas", "out of memory growing to %dx%d", size, size);
        return false;
    }
    for (int y = 0; y < old; y++)
        memcpy(px + (size_t)y * (size_t)size, a->pixels + (size_t)y * (size_t)old, (size_t)old);
    int nregions = a->nregions;
    if (!region_add(a, old, 0, size - old, size) || !region_add(a, 0, old, old, size - old)) {
        while (a->nregions > nregions)
            free(a->regions[--a->nregions].nodes);
        free(px);
        return false;
    }
    free(a->pixels);
    a->pixels = px;
    a->size = size;
    a->generation++;
    log_debug("atlas", "grew to %dx%d", size, size);
    return true;
}

static bool region_pack(struct region *r, int w, int h, int *x, int *y)
{
    if (w > r->w || h > r->h)
        return false;
    stbrp_rect rc = {.w = w, .h = h};
    if (!stbrp_pack_rects(&r->ctx, &rc, 1) || !rc.was_packed)
        return false;
    *x = r->x + rc.x;
    *y = r->y + rc.y;
    return true;
}

bool atlas_alloc(struct atlas *a, int w, int h, struct atlas_rect *out)
{
    assert(a && out && w >= 0 && h >= 0);
    if (w == 0 || h == 0) {
        *out = (struct atlas_rect){0, 0, 0, 0};
        return true;
    }
    /* One texel of gutter on every side, left at zero, so bilinear sampling
     * at a glyph's edge never picks up its neighbour. */
    int gw = w + 2, gh = h + 2;
    for (;;) {
        for (int i = 0; i < a->nregions; i++) {
            int x, y;
            if (region_pack(&a->regions[i], gw, gh, &x, &y)) {
                *out = (struct atlas_rect){x + 1, y + 1, w, h};
                return true;
            }
        }
        if (!atlas_grow(a))
            return false;
    }
}

void atlas_write(struct atlas *a, const struct atlas_rect *r, const uint8_t *src, int src_pitch)
{
    assert(a && r && (src || r->w == 0 || r->h == 0));
    assert(r->x >= 0 && r->y >= 0 && r->x + r->w <= a->size && r->y + r->h <= a->size);
    if (r->w <= 0 || r->h <= 0)
        return;
    for (int y = 0; y < r->h; y++)
        memcpy(a->pixels + (size_t)(r->y + y) * (size_t)a->size + (size_t)r->x,
               src + (size_t)y * (size_t)src_pitch, (size_t)r->w);
    if (!a->dirty) {
        a->dirty_rect = *r;
        a->dirty = true;
        return;
    }
    struct atlas_rect *d = &a->dirty_rect;
    int x0 = r->x < d->x ? r->x : d->x, y0 = r->y < d->y ? r->y : d->y;
    int x1 = r->x + r->w > d->x + d->w ? r->x + r->w : d->x + d->w;
    int y1 = r->y + r->h > d->y + d->h ? r->y + r->h : d->y + d->h;
    *d = (struct atlas_rect){x0, y0, x1 - x0, y1 - y0};
}

void atlas_reset(struct atlas *a)
{
    assert(a);
    regions_free(a);
    memset(a->pixels, 0, (size_t)a->size * (size_t)a->size);
    /* The size stays: an atlas that filled up once will fill up again. */
    if (!region_add(a, 0, 0, a->size, a->size))
        log_error("atlas", "out of memory resetting the atlas");
    a->dirty = false;
    a->generation++;
}

void atlas_size(const struct atlas *a, int *w, int *h)
{
    assert(a);
    if (w)
        *w = a->size;
    if (h)
        *h = a->size;
}

const uint8_t *atlas_pixels(const struct atlas *a)
{
    assert(a);
    return a->pixels;
}

uint32_t atlas_generation(const struct atlas *a)
{
    assert(a);
    return a->generation;
}

bool atlas_take_dirty(struct atlas *a, struct atlas_rect *out)
{
    assert(a && out);
    if (!a->dirty)
        return false;
    *out = a->dirty_rect;
    a->dirty = false;
    return true;
}
