/* text: see text.h. Layout is done in em units first (advances, kerning and
 * tracking all scale with size x scale_x), so fitting to a width is solved in
 * closed form rather than by trial; glyphs then go to the batch at integer
 * pixel positions with a subpixel phase rasterised into the bitmap.
 *
 * Missing characters: drawn from the CJK serif, then from a system font
 * (fontconfig); with no_system_fallback, or when no font has them, as the
 * face's .notdef box, so a gap shows and the width is stable. Control and
 * zero-width characters are skipped. Text is one line. */
#include "render/text.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/utf8.h"
#include "render/atlas.h"
#include "render/fmath.h"
#include "render/font.h"

/* Above this size glyphs snap to whole pixels: the subpixel error is a small
 * fraction of the glyph, and big glyphs would fill the atlas four times. */
#define SUBPIXEL_MAX_SIZE 40.0f

/* The run cache: laid-out strings by (string, style), so a label drawn again
 * costs a lookup, and drawn again at the same place a copy of its quads.
 * At most RUN_MAX strings are kept, their bytes in one pool of RUN_POOL_BYTES
 * allocated once; when either is full, those not used this frame or the last
 * are kept (packed to the pool's front) and the rest dropped. A fixed pool
 * rather than a buffer per entry: per-entry buffers only ever grow to the
 * longest string their slot has held, so a display that runs for days crept
 * up towards 512 times the longest label. Longer strings than RUN_MAX_BYTES
 * are laid out every time. */
#define RUN_MAX 512
#define RUN_SLOTS 1024 /* hash index: a power of two, twice RUN_MAX */
#define RUN_MAX_BYTES 1024
#define RUN_POOL_BYTES (512u * 1024u)

struct lglyph {
    float pos; /* em from the line start, before scale_x */
    uint32_t glyph;
    uint16_t slot;
    bool ideographic;
};

/* A laid-out line at a given size and scale. */
struct line {
    const struct lglyph *g; /* its glyphs: valid until the next layout() */
    size_t n;
    float em_width; /* advances + kerning + tracking, em (before scale_x) */
    float size, sx, sy;
    float embolden; /* px added to each glyph (quantised like the bitmaps) */
    float width, cap, ascent, descent; /* px */
    float ink_depth;                   /* px below the baseline that ideographs reach */
    int primary;                       /* slot of the face, or -1 */
};

/* What a run's layout depends on (the style without alignment and colour).
 * No padding: it is hashed and compared as bytes. */
struct run_key {
    int32_t face;
    float size, scale_x, scale_y, tracking, max_width, min_scale_x, embolden;
};

struct run {
    uint64_t hash;
    struct run_key key;
    uint32_t len;     /* string bytes */
    struct line ln;   /* ln.g points into mem */
    uint64_t used;    /* frame it was last laid out or drawn in */
    /* The quads of its last draw, valid for that x0 and rounded baseline
     * while the atlas has not been reset since. */
    bool has_quads;
    float qx0, qby;
    uint64_t resets;
    size_t nq;
    char *mem; /* in the pool: the string (padded to 8), the glyphs, room for n quads */
    size_t size;
};

struct text {
    struct font_cache *fc;
    struct lglyph *glyphs; /* layout scratch */
    size_t cap;
    float *quads;          /* quad scratch for strings not cached */
    size_t quads_cap;
    char *caps_buf;        /* upper-cased gloss */
    size_t caps_size;
    struct run *runs;      /* RUN_MAX; the first nruns in use, in pool order */
    int nruns;
    char *pool;            /* RUN_POOL_BYTES */
    size_t pool_used;
    int32_t *slots;        /* RUN_SLOTS indices into runs, -1 = empty */
    uint64_t frame;
};

struct text *text_create(const struct text_desc *desc)
{
    struct text_desc d = desc ? *desc : (struct text_desc){0};
    struct text *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fc = font_create(&(struct font_desc){.font_dir = d.font_dir,
                                            .atlas_size = d.atlas_size,
                                            .atlas_max = d.atlas_max,
                                            .no_system_fallback = d.no_system_fallback});
    t->runs = calloc(RUN_MAX, sizeof *t->runs);
    t->slots = malloc(RUN_SLOTS * sizeof *t->slots);
    t->pool = malloc(RUN_POOL_BYTES);
    if (!t->fc || !t->runs || !t->slots || !t->pool) {
        text_destroy(t);
        return NULL;
    }
    for (int i = 0; i < RUN_SLOTS; i++)
        t->slots[i] = -1;
    return t;
}

void text_destroy(struct text *t)
{
    if (!t)
        return;
    font_destroy(t->fc);
    free(t->runs);
    free(t->pool);
    free(t->slots);
    free(t->glyphs);
    free(t->quads);
    free(t->caps_buf);
    free(t);
}

struct atlas *text_atlas(struct text *t)
{
    return font_atlas(t->fc);
}

void text_get_stats(const struct text *t, struct text_stats *out)
{
    struct font_stats fs;
    font_get_stats(t->fc, &fs);
    *out = (struct text_stats){.ft_calls = fs.ft_calls,
                               .rasterised = fs.rasterised,
                               .atlas_resets = fs.atlas_resets,
                               .fonts_loaded = fs.slots_loaded};
}

void text_bind_batch(struct text *t, struct batch *b)
{
    t->frame++;
    font_begin_frame(t->fc);
    float u, v;
    font_white_texel(t->fc, &u, &v);
    batch_set_white_texel(b, u, v);
}

/* ------------------------------------------------------------------ layout */

static bool skipped(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
}

static bool is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static bool reserve(struct text *t, size_t n)
{
    if (n <= t->cap)
        return true;
    size_t cap = t->cap ? t->cap : 64;
    while (cap < n)
        cap *= 2;
    struct lglyph *g = realloc(t->glyphs, cap * sizeof *g);
    if (!g) {
        log_warn("text", "out of memory laying out %zu characters", n);
        return false;
    }
    t->glyphs = g;
    t->cap = cap;
    return true;
}

/* Positions the glyphs of `utf8` in em; fills n, em_width and primary. */
static void layout_em(struct text *t, enum font_face face, float tracking, const char *utf8,
                      struct line *ln)
{
    ln->g = t->glyphs;
    ln->n = 0;
    ln->em_width = 0.0f;
    ln->primary = font_face_slot(t->fc, face);
    if (!utf8)
        return;
    size_t len = strlen(utf8);
    if (!reserve(t, len)) /* never more code points than bytes */
        return;
    float pen = 0.0f;
    uint32_t prev_cp = 0;
    struct font_char prev = {0};
    struct utf8_iter it = utf8_iter_init(utf8, len);
    uint32_t cp;
    while (utf8_iter_next(&it, &cp)) {
        if (skipped(cp))
            continue;
        struct font_char ch;
        if (!font_char(t->fc, face, cp, &ch))
            continue;
        if (ln->n > 0) {
            pen += tracking;
            /* Pairs of digits keep their tabular widths: columns of numbers
             * must not wobble as the values change. */
            if (ch.slot == prev.slot && !ch.missing && !prev.missing && !is_digit(cp) &&
                !is_digit(prev_cp))
                pen += font_kerning(t->fc, ch.slot, prev.glyph, ch.glyph);
        }
        t->glyphs[ln->n++] = (struct lglyph){pen, ch.glyph, ch.slot, ch.ideographic};
        pen += ch.advance;
        prev = ch;
        prev_cp = cp;
    }
    ln->em_width = pen;
}

static float quant_floor(float v, float steps)
{
    return floorf(v * steps) / steps;
}

static float line_width(const struct line *ln, float size, float sx, float emb)
{
    return size * sx * ln->em_width + (float)ln->n * emb;
}

static float embolden_px(const struct text_style *st, float size)
{
    float e = st->embolden + font_face_embolden(st->face) * size;
    return e > 0.0f ? roundf(e * 16.0f) / 16.0f : 0.0f;
}

/* Chooses size and scale_x (fitting max_width) and the vertical metrics. */
static void layout_finish(struct text *t, const struct text_style *st, struct line *ln)
{
    float size = st->size > 0.0f ? st->size : 12.0f;
    float sx = st->scale_x > 0.0f ? st->scale_x : 1.0f;
    float sy = st->scale_y > 0.0f ? st->scale_y : 1.0f;
    size = font_quant_size(size);
    sx = font_quant_scale(sx);
    sy = font_quant_scale(sy);
    if (size < 0.125f)
        size = 0.125f;
    float emb = embolden_px(st, size);

    if (st->max_width > 0.0f && ln->n > 0 && ln->em_width > 0.0f &&
        line_width(ln, size, sx, emb) > st->max_width) {
        float min_sx = st->min_scale_x > 0.0f ? st->min_scale_x : 0.55f;
        if (min_sx > sx)
            min_sx = sx;
        float n = (float)ln->n;
        float e_em = font_face_embolden(st->face);
        /* width = size * (sx * W + n * e_em) + n * e_px, linear in both. */
        float want_sx = ((st->max_width - n * st->embolden) / size - n * e_em) / ln->em_width;
        if (want_sx >= min_sx) {
            sx = quant_floor(want_sx, 256.0f);
        } else {
            sx = quant_floor(min_sx, 256.0f);
            if (sx <= 0.0f)
                sx = 1.0f / 256.0f;
            float s = (st->max_width - n * st->embolden) / (sx * ln->em_width + n * e_em);
            size = quant_floor(s, 8.0f);
            if (size < 0.125f)
                size = 0.125f;
        }
        /* Rounding the embolden to 1/16 px can tip it over by a hair. */
        for (int i = 0; i < 8; i++) {
            emb = embolden_px(st, size);
            if (line_width(ln, size, sx, emb) <= st->max_width)
                break;
            if (sx > min_sx + 1.0f / 256.0f)
                sx -= 1.0f / 256.0f;
            else if (size > 0.25f)
                size -= 0.125f;
        }
        emb = embolden_px(st, size);
    }

    ln->size = size;
    ln->sx = sx;
    ln->sy = sy;
    ln->embolden = emb;
    ln->width = ln->n ? line_width(ln, size, sx, emb) : 0.0f;

    struct font_vmetrics pm;
    font_metrics(t->fc, ln->primary, &pm);
    float scale = size * sy;
    ln->ascent = pm.ascent * scale;
    ln->descent = pm.descent * scale;
    float cap = 0.0f, depth = 0.0f;
    for (size_t i = 0; i < ln->n; i++) {
        const struct lglyph *g = &ln->g[i];
        /* The fallback slot's numbers count for the glyphs it draws. */
        struct font_vmetrics vm = pm;
        if (g->slot != ln->primary)
            font_metrics(t->fc, g->slot, &vm);
        float top = g->ideographic ? vm.ideo : vm.cap;
        if (top > cap)
            cap = top;
        if (g->ideographic && vm.ideo_depth > depth)
            depth = vm.ideo_depth;
    }
    if (ln->n == 0)
        cap = st->face == FONT_SERIF ? pm.ideo : pm.cap;
    ln->cap = cap * scale + emb; /* emboldening grows the outline upwards */
    ln->ink_depth = depth * scale;
}

/* ---------------------------------------------------------------- run cache */

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, c, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
        c += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, c, n);
    h = (h ^ w ^ ((uint64_t)n << 56)) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

static size_t pad8(size_t n) { return (n + 7) & ~(size_t)7; }

static float *run_quads(struct run *r)
{
    return (float *)(r->mem + pad8(r->len) + pad8(r->ln.n * sizeof(struct lglyph)));
}

static void index_run(struct text *t, int i)
{
    size_t mask = RUN_SLOTS - 1;
    size_t k = t->runs[i].hash & mask;
    while (t->slots[k] >= 0)
        k = (k + 1) & mask;
    t->slots[k] = i;
}

/* Makes room for a run of `need` bytes: keeps the runs used this frame or
 * the last, packed to the front of the pool in their order (which is pool
 * order, so each moves down or stays), and drops the rest; drops all of them
 * when that frees too little. */
static void sweep_runs(struct text *t, size_t need)
{
    int kept = 0;
    size_t used = 0;
    for (int i = 0; i < t->nruns; i++) {
        struct run *r = &t->runs[i];
        if (r->used + 1 < t->frame)
            continue;
        assert(r->mem >= t->pool + used);
        memmove(t->pool + used, r->mem, r->size);
        r->mem = t->pool + used;
        r->ln.g = (const struct lglyph *)(r->mem + pad8(r->len));
        used += r->size;
        t->runs[kept++] = *r;
    }
    if (kept > RUN_MAX * 3 / 4 || used + need > RUN_POOL_BYTES * 3 / 4) {
        kept = 0;
        used = 0;
    }
    t->nruns = kept;
    t->pool_used = used;
    for (int i = 0; i < RUN_SLOTS; i++)
        t->slots[i] = -1;
    for (int i = 0; i < kept; i++)
        index_run(t, i);
}

/* Remembers a line just laid out in the scratch glyphs; NULL if it cannot. */
static struct run *add_run(struct text *t, uint64_t h, const struct run_key *key,
                           const char *s, size_t len, const struct line *ln)
{
    size_t need = pad8(pad8(len) + pad8(ln->n * sizeof(struct lglyph)) + ln->n * 8 * sizeof(float));
    if (need > RUN_POOL_BYTES / 4)
        return NULL;
    if (t->nruns == RUN_MAX || t->pool_used + need > RUN_POOL_BYTES)
        sweep_runs(t, need);
    struct run *r = &t->runs[t->nruns];
    r->mem = t->pool + t->pool_used;
    r->size = need;
    t->pool_used += need;
    r->hash = h;
    r->key = *key;
    r->len = (uint32_t)len;
    if (len) /* an empty string has no buffer yet: memcpy(NULL, ...) is UB */
        memcpy(r->mem, s, len);
    struct lglyph *g = (struct lglyph *)(r->mem + pad8(len));
    if (ln->n)
        memcpy(g, t->glyphs, ln->n * sizeof *g);
    r->ln = *ln;
    r->ln.g = g;
    r->used = t->frame;
    r->has_quads = false;
    index_run(t, t->nruns++);
    return r;
}

/* Lays out `utf8` in style `st` (from the run cache when it was before).
 * Returns the cache entry, valid until the next layout(), or NULL. */
static struct run *layout(struct text *t, const struct text_style *st, const char *utf8,
                          struct line *ln)
{
    assert(st->face >= 0 && st->face < FONT_FACE_COUNT);
    const char *s = utf8 ? utf8 : "";
    size_t len = strlen(s);
    struct run_key key = {st->face,    st->size,      st->scale_x,     st->scale_y,
                          st->tracking, st->max_width, st->min_scale_x, st->embolden};
    uint64_t h = 0;
    if (len <= RUN_MAX_BYTES) {
        h = hash_bytes(hash_bytes(0x243F6A8885A308D3ull, &key, sizeof key), s, len);
        for (size_t k = h & (RUN_SLOTS - 1);; k = (k + 1) & (RUN_SLOTS - 1)) {
            int i = t->slots[k];
            if (i < 0)
                break;
            struct run *r = &t->runs[i];
            if (r->hash == h && r->len == len && memcmp(&r->key, &key, sizeof key) == 0 &&
                (len == 0 || memcmp(r->mem, s, len) == 0)) {
                r->used = t->frame;
                *ln = r->ln;
                return r;
            }
        }
    }
    layout_em(t, st->face, st->tracking, utf8, ln);
    ln->g = t->glyphs; /* reserve() may have moved it */
    layout_finish(t, st, ln);
    if (len > RUN_MAX_BYTES)
        return NULL;
    struct run *r = add_run(t, h, &key, s, len, ln);
    if (r)
        ln->g = r->ln.g;
    return r;
}

static struct text_metrics metrics_of(const struct line *ln)
{
    return (struct text_metrics){.width = ln->width,
                                 .ascent = ln->ascent,
                                 .descent = ln->descent,
                                 .cap_height = ln->cap,
                                 .scale_x = ln->sx,
                                 .size = ln->size};
}

struct text_metrics text_measure(struct text *t, const struct text_style *st, const char *utf8)
{
    assert(t && st);
    struct line ln;
    layout(t, st, utf8, &ln);
    return metrics_of(&ln);
}

float text_cap_height(struct text *t, enum font_face face, float size)
{
    assert(face >= 0 && face < FONT_FACE_COUNT);
    struct font_vmetrics vm;
    font_metrics(t->fc, font_face_slot(t->fc, face), &vm);
    float h = face == FONT_SERIF ? vm.ideo : vm.cap;
    return h * size + font_face_embolden(face) * size;
}

/* ------------------------------------------------------------------ drawing */

static uint64_t atlas_resets(const struct text *t)
{
    struct font_stats fs;
    font_get_stats(t->fc, &fs);
    return fs.atlas_resets;
}

/* Draws a laid-out line with its left end at x0 on `baseline`. A cached run
 * drawn at the same place before is a copy of its quads; else the quads are
 * made (rasterising what is new) and kept for next time. */
static void emit(struct text *t, struct batch *b, struct run *run, const struct line *ln,
                 float x0, float baseline, rgba color)
{
    if (ln->n == 0 || !isfinite(x0) || !isfinite(baseline))
        return;
    float by = fm_roundf(baseline);
    uint64_t resets = atlas_resets(t);
    if (run && run->has_quads && run->qx0 == x0 && run->qby == by && run->resets == resets) {
        batch_glyph_run(b, run_quads(run), run->nq, color);
        return;
    }
    float *q;
    if (run) {
        q = run_quads(run);
    } else {
        if (ln->n * 8 > t->quads_cap) {
            float *p = realloc(t->quads, ln->n * 8 * sizeof *p);
            if (!p)
                return;
            t->quads = p;
            t->quads_cap = ln->n * 8;
        }
        q = t->quads;
    }
    float em = ln->size * ln->sx;
    bool subpixel = ln->size * ln->sy <= SUBPIXEL_MAX_SIZE;
    size_t nq = 0;
    for (size_t i = 0; i < ln->n; i++) {
        const struct lglyph *g = &ln->g[i];
        float gx = x0 + g->pos * em + (float)i * ln->embolden;
        float ix = fm_floorf(gx);
        int phase = 0;
        if (subpixel) {
            phase = (int)fm_lroundf((gx - ix) * FONT_SUBPIXEL_PHASES);
            if (phase == FONT_SUBPIXEL_PHASES) {
                phase = 0;
                ix += 1.0f;
            }
        } else {
            ix = fm_roundf(gx);
        }
        struct font_raster r = {.slot = g->slot,
                                .glyph = g->glyph,
                                .size = ln->size,
                                .scale_x = ln->sx,
                                .scale_y = ln->sy,
                                .embolden = ln->embolden,
                                .phase = phase};
        struct font_bitmap bm;
        if (!font_bitmap(t->fc, &r, &bm) || bm.rect.w <= 0 || bm.rect.h <= 0)
            continue;
        float qx = ix + (float)bm.left, qy = by - (float)bm.top;
        float *o = q + 8 * nq++;
        o[0] = qx;
        o[1] = qy;
        o[2] = qx + (float)bm.rect.w;
        o[3] = qy + (float)bm.rect.h;
        o[4] = (float)bm.rect.x;
        o[5] = (float)bm.rect.y;
        o[6] = (float)(bm.rect.x + bm.rect.w);
        o[7] = (float)(bm.rect.y + bm.rect.h);
    }
    /* An atlas reset while rasterising (it was full) leaves the quads before
     * it pointing at cleared texels: draw them this once, keep none. */
    batch_glyph_run(b, q, nq, color);
    if (run) {
        run->has_quads = atlas_resets(t) == resets;
        run->qx0 = x0;
        run->qby = by;
        run->resets = resets;
        run->nq = nq;
    }
}

static float align_x(enum text_align a, float x, float width)
{
    switch (a) {
    case TEXT_CENTER:
        return x - width * 0.5f;
    case TEXT_RIGHT:
        return x - width;
    case TEXT_LEFT:
    default:
        return x;
    }
}

static float baseline_y(const struct line *ln, enum text_valign v, float y)
{
    switch (v) {
    case TEXT_CAP_TOP:
        return y + ln->cap;
    case TEXT_CAP_MIDDLE:
        return y + ln->cap * 0.5f;
    case TEXT_DESCENT:
        return y - ln->descent;
    case TEXT_BASELINE:
    default:
        return y;
    }
}

static void draw_line(struct text *t, struct batch *b, struct run *run, const struct line *ln,
                      const struct text_style *st, float x, float y, const char *utf8)
{
    float x0 = align_x(st->align, x, ln->width);
    float base = baseline_y(ln, st->valign, y);
    emit(t, b, run, ln, x0, base, st->color);
    if (batch_recording(b)) {
        float by = roundf(base);
        batch_record(b, &(struct batch_cmd){.op = BATCH_OP_TEXT,
                                            .x = x0,
                                            .y = by - ln->ascent,
                                            .w = ln->width,
                                            .h = ln->ascent + ln->descent,
                                            .color = st->color,
                                            .text = utf8 ? utf8 : ""});
    }
}

struct text_metrics text_draw(struct text *t, struct batch *b, const struct text_style *st,
                              float x, float y, const char *utf8)
{
    assert(t && b && st);
    struct line ln;
    struct run *run = layout(t, st, utf8, &ln);
    draw_line(t, b, run, &ln, st, x, y, utf8);
    return metrics_of(&ln);
}

/* ---------------------------------------------------------------- bilingual */

/* ASCII and Latin-1 letters upper-cased (ß and ÿ have no single capital
 * there and stay); everything else as it is. */
static const char *upper(struct text *t, const char *s)
{
    if (!s)
        return "";
    size_t len = strlen(s);
    size_t need = len * 3 + 1; /* a bad byte becomes U+FFFD: 3 bytes */
    if (need > t->caps_size) {
        char *p = realloc(t->caps_buf, need);
        if (!p)
            return s;
        t->caps_buf = p;
        t->caps_size = need;
    }
    char *o = t->caps_buf;
    struct utf8_iter it = utf8_iter_init(s, len);
    uint32_t cp;
    while (utf8_iter_next(&it, &cp)) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7))
            cp -= 0x20;
        size_t n = utf8_encode(cp, o);
        o += n;
    }
    *o = '\0';
    return t->caps_buf;
}

/* Layout of a bilingual block relative to its alignment point. */
struct bilingual {
    struct text_style jp_st, en_st;
    struct line jp, en;
    float w, h;
    float jp_x, jp_base; /* left edge and baseline of the term */
    float en_x, en_base;
};

#define GLOSS_TRACKING 0.12f /* em: STYLE.md small labels +0.1..0.2 */

static void bilingual_layout(struct text *t, const struct text_bilingual *bl, const char *en,
                             struct bilingual *o)
{
    float size = bl->size > 0.0f ? bl->size : 24.0f;
    float ratio = bl->gloss_ratio > 0.0f ? bl->gloss_ratio : 0.4f;
    rgba gloss = bl->gloss_color.a ? bl->gloss_color : bl->color;
    o->jp_st = (struct text_style){.face = FONT_SERIF, .size = size, .color = bl->color};
    o->en_st = (struct text_style){
        .face = FONT_SANS, .size = size * ratio, .tracking = GLOSS_TRACKING, .color = gloss};
    /* Below: a gap that small glosses can still be told apart from the term
     * by (the glow of both fills it in); beside: a quarter em of the term. */
    float gap = bl->gloss_below ? 0.1f * size + 0.3f * o->en_st.size : 0.25f * size;

    /* The term's glyphs and the gloss's are laid out one after the other;
     * only the widths of the first are needed once the second overwrites the
     * scratch glyphs, so each is finished (and drawn) from its own layout. */
    layout(t, &o->jp_st, bl->jp, &o->jp);
    layout(t, &o->en_st, en, &o->en);
    if (bl->max_width > 0.0f) {
        if (bl->gloss_below) {
            o->jp_st.max_width = o->en_st.max_width = bl->max_width;
        } else {
            float total = o->jp.width + o->en.width;
            float room = bl->max_width - (o->jp.n && o->en.n ? gap : 0.0f);
            if (total > room && total > 0.0f) {
                float k = room > 0.0f ? room / total : 0.0f;
                o->jp_st.max_width = o->jp.width * k;
                o->en_st.max_width = o->en.width * k;
            }
        }
        if (o->jp_st.max_width > 0.0f)
            layout(t, &o->jp_st, bl->jp, &o->jp);
        if (o->en_st.max_width > 0.0f)
            layout(t, &o->en_st, en, &o->en);
    }

    /* Ink bottom of the term: ideographs reach a little below the baseline. */
    float jp_bottom = o->jp.cap + o->jp.ink_depth;
    if (bl->gloss_below) {
        o->w = fmaxf(o->jp.width, o->en.width);
        o->jp_base = o->jp.cap;
        o->en_base = jp_bottom + gap + o->en.cap;
        o->h = o->en.n ? o->en_base : jp_bottom;
        float ref = bl->align == TEXT_RIGHT ? o->w : bl->align == TEXT_CENTER ? o->w * 0.5f : 0.0f;
        o->jp_x = align_x(bl->align, ref, o->jp.width);
        o->en_x = align_x(bl->align, ref, o->en.width);
    } else {
        float g = o->jp.n && o->en.n ? gap : 0.0f;
        o->w = o->jp.width + g + o->en.width;
        o->jp_base = o->jp.cap;
        o->en_base = o->jp.cap; /* the gloss sits on the term's baseline */
        o->h = fmaxf(jp_bottom, o->en.cap);
        o->jp_x = 0.0f;
        o->en_x = o->jp.width + g;
    }
}

void text_draw_bilingual(struct text *t, struct batch *b, const struct text_bilingual *bl, float x,
                         float y, float *out_w, float *out_h)
{
    assert(t && b && bl);
    const char *en = upper(t, bl->en);
    struct bilingual o;
    bilingual_layout(t, bl, en, &o);
    float left = align_x(bl->align, x, o.w);

    /* A line's glyphs last until the next layout(): lay each out again to
     * draw it (a lookup in the run cache). */
    struct line ln;
    o.jp_st.align = o.en_st.align = TEXT_LEFT;
    o.jp_st.valign = o.en_st.valign = TEXT_BASELINE;
    if (bl->jp && *bl->jp) {
        struct run *run = layout(t, &o.jp_st, bl->jp, &ln);
        draw_line(t, b, run, &ln, &o.jp_st, left + o.jp_x, y + o.jp_base, bl->jp);
    }
    if (*en) {
        struct run *run = layout(t, &o.en_st, en, &ln);
        draw_line(t, b, run, &ln, &o.en_st, left + o.en_x, y + o.en_base, en);
    }
    if (out_w)
        *out_w = o.w;
    if (out_h)
        *out_h = o.h;
}
