/* font: see font.h. */
#include "render/font.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H

#include "core/log.h"
#include "core/resource.h"
#include "render/fmath.h"

/* The shipped faces (fonts/README.md), one slot each; system fonts found for
 * missing characters take the slots after them. */
enum { SLOT_SANS, SLOT_SERIF, SLOT_SEG7, SLOT_MONO, SLOT_SHIPPED };
#define MAX_SLOTS 32

static const char *const shipped_file[SLOT_SHIPPED] = {
    [SLOT_SANS] = "LiberationSansNarrow-Bold.ttf",
    [SLOT_SERIF] = "NotoSerifCJKjp-Black-subset.otf",
    [SLOT_SEG7] = "DSEG7Classic-BoldItalic.ttf",
    [SLOT_MONO] = "JetBrainsMono-Bold-subset.ttf",
};

static const struct {
    int slot;
    float embolden; /* em */
    const char *family; /* what to ask fontconfig for when falling back */
} face_info[FONT_FACE_COUNT] = {
    [FONT_SANS] = {SLOT_SANS, 0.0f, "sans-serif"},
    [FONT_SERIF] = {SLOT_SERIF, 0.0f, "serif"},
    [FONT_SEG7] = {SLOT_SEG7, 0.0f, "sans-serif"},
    [FONT_MONO] = {SLOT_MONO, 0.0f, "monospace"},
    /* The condensed face made heavy: the ALERT target picture's weight. */
    [FONT_DISPLAY] = {SLOT_SANS, 0.045f, "sans-serif"},
};

/* Coverage is stored through this gamma (1 = as FreeType computes it). The
 * renderer blends in sRGB bytes, which makes light strokes on black look
 * thinner than their coverage says; 1.4 gives back about half of that
 * (compared with the target pictures; 2.0 starts to blur small labels). */
#define COVERAGE_GAMMA 1.4

/* Stem darkening for small sizes: vertical stems are thickened by up to
 * STEM_DARKEN_PX (horizontally only, centred, advances unchanged) at and
 * below STEM_DARKEN_FULL px, fading to none at STEM_DARKEN_NONE px. Labels at
 * 1.2-1.5 % of the screen height otherwise read lighter than the target
 * pictures' condensed bold; big type keeps its drawn weight. */
#define STEM_DARKEN_PX 0.6f
#define STEM_DARKEN_FULL 24.0f
#define STEM_DARKEN_NONE 48.0f

/* ------------------------------------------------------------ hash tables */

/* Open addressing with linear probing over 128-bit keys; values are fixed-size
 * blobs. Never shrinks; cleared when the atlas resets. */
struct hkey {
    uint64_t a, b;
};

struct htab {
    struct hkey *keys;
    unsigned char *vals;
    unsigned char *used;
    size_t cap, count, vsize;
};

static uint64_t hmix(struct hkey k)
{
    uint64_t h = k.a * 0x9E3779B97F4A7C15ull ^ (k.b + 0x632BE59BD9B4E019ull);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return h;
}

static bool htab_init(struct htab *t, size_t vsize, size_t cap)
{
    t->keys = calloc(cap, sizeof *t->keys);
    t->vals = calloc(cap, vsize);
    t->used = calloc(cap, 1);
    t->cap = cap;
    t->count = 0;
    t->vsize = vsize;
    return t->keys && t->vals && t->used;
}

static void htab_free(struct htab *t)
{
    free(t->keys);
    free(t->vals);
    free(t->used);
    memset(t, 0, sizeof *t);
}

static void htab_clear(struct htab *t)
{
    memset(t->used, 0, t->cap);
    t->count = 0;
}

static void *htab_get(const struct htab *t, struct hkey k)
{
    size_t mask = t->cap - 1;
    for (size_t i = hmix(k) & mask;; i = (i + 1) & mask) {
        if (!t->used[i])
            return NULL;
        if (t->keys[i].a == k.a && t->keys[i].b == k.b)
            return t->vals + i * t->vsize;
    }
}

/* Inserts `k` (which must be absent) and returns its zeroed value, or NULL
 * when out of memory. */
static void *htab_put(struct htab *t, struct hkey k)
{
    if ((t->count + 1) * 4 > t->cap * 3) {
        struct htab bigger;
        if (!htab_init(&bigger, t->vsize, t->cap * 2)) {
            htab_free(&bigger);
            return NULL;
        }
        for (size_t i = 0; i < t->cap; i++)
            if (t->used[i])
                memcpy(htab_put(&bigger, t->keys[i]), t->vals + i * t->vsize, t->vsize);
        htab_free(t);
        *t = bigger;
    }
    size_t mask = t->cap - 1;
    size_t i = hmix(k) & mask;
    while (t->used[i])
        i = (i + 1) & mask;
    t->used[i] = 1;
    t->keys[i] = k;
    t->count++;
    memset(t->vals + i * t->vsize, 0, t->vsize);
    return t->vals + i * t->vsize;
}

/* ------------------------------------------------------------------ state */

struct slot {
    FT_Face face;
    bool tried; /* opened (or failed to) already */
    char *path;
    int index;
    bool kerning;
    float upem;
    struct font_vmetrics vm;
};

struct cached_bitmap {
    struct font_bitmap bm;
    bool ok; /* false: failed once, not retried (a frame must not call FreeType) */
};

struct font_cache {
    char *font_dir;
    bool no_system_fallback;
    FT_Library ft;
    FcConfig *fc_config;
    bool fc_failed;
    struct slot slots[MAX_SLOTS];
    int nslots;
    struct atlas *atlas;
    float white_u, white_v;
    struct htab chars;   /* (face, cp) -> struct font_char */
    struct htab kerns;   /* (slot, left, right) -> float */
    struct htab bitmaps; /* raster key -> struct cached_bitmap */
    uint8_t gamma[256];
    uint8_t *scratch;
    size_t scratch_size;
    struct font_stats stats;
    bool warned_full;
    double used_area; /* texels allocated since the last reset, gutters included */
    double max_area;
};

/* ------------------------------------------------------------------ slots */

/* The outline's vertical extent in font units; false if the font lacks cp. */
static bool glyph_extent(struct font_cache *fc, FT_Face f, uint32_t cp, float *top, float *bottom)
{
    FT_UInt g = FT_Get_Char_Index(f, cp);
    fc->stats.ft_calls++;
    if (!g || FT_Load_Glyph(f, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) ||
        f->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return false;
    FT_BBox box;
    FT_Outline_Get_CBox(&f->glyph->outline, &box);
    *top = (float)box.yMax;
    *bottom = (float)box.yMin;
    return box.yMax > box.yMin;
}

static bool slot_open(struct font_cache *fc, struct slot *s)
{
    if (s->tried)
        return s->face != NULL;
    s->tried = true;
    fc->stats.ft_calls++;
    FT_Error err = FT_New_Face(fc->ft, s->path, s->index, &s->face);
    if (err) {
        log_warn("font", "cannot open %s: FreeType error %d", s->path, err);
        s->face = NULL;
        return false;
    }
    FT_Face f = s->face;
    if (!FT_IS_SCALABLE(f)) {
        log_warn("font", "%s is not scalable; not using it", s->path);
        FT_Done_Face(f);
        s->face = NULL;
        return false;
    }
    s->upem = f->units_per_EM ? (float)f->units_per_EM : 1000.0f;
    s->kerning = FT_HAS_KERNING(f);
    s->vm.ascent = (float)f->ascender / s->upem;
    s->vm.descent = (float)-f->descender / s->upem;
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(f, FT_SFNT_OS2);
    float top, bottom;
    float cap = os2 && os2->version >= 2 && os2->sCapHeight > 0 ? (float)os2->sCapHeight : 0.0f;
    if (cap <= 0.0f && glyph_extent(fc, f, 'H', &top, &bottom))
        cap = top;
    s->vm.cap = cap > 0.0f ? cap / s->upem : 0.7f * s->vm.ascent;
    if (glyph_extent(fc, f, 0x56FD, &top, &bottom)) { /* 国: a full-size ideograph */
        s->vm.ideo = top / s->upem;
        s->vm.ideo_depth = bottom < 0.0f ? -bottom / s->upem : 0.0f;
    } else {
        s->vm.ideo = s->vm.cap;
        s->vm.ideo_depth = 0.0f;
    }
    fc->stats.slots_loaded++;
    log_debug("font", "loaded %s (upem %.0f, cap %.3f em, ideo %.3f em)", s->path, s->upem,
              s->vm.cap, s->vm.ideo);
    return true;
}

static struct slot *slot_get(struct font_cache *fc, int i)
{
    if (i < 0 || i >= fc->nslots)
        return NULL;
    struct slot *s = &fc->slots[i];
    return slot_open(fc, s) ? s : NULL;
}

static int slot_add(struct font_cache *fc, const char *path, int index)
{
    for (int i = 0; i < fc->nslots; i++)
        if (fc->slots[i].path && fc->slots[i].index == index &&
            strcmp(fc->slots[i].path, path) == 0)
            return i;
    if (fc->nslots == MAX_SLOTS)
        return -1;
    char *copy = strdup(path);
    if (!copy)
        return -1;
    struct slot *s = &fc->slots[fc->nslots];
    memset(s, 0, sizeof *s);
    s->path = copy;
    s->index = index;
    return fc->nslots++;
}

/* A system font (through fontconfig) that has `cp`, as a slot; -1 if none. */
static int system_slot(struct font_cache *fc, uint32_t cp, const char *family)
{
    if (fc->no_system_fallback || fc->fc_failed)
        return -1;
    if (!fc->fc_config) {
        fc->stats.ft_calls++;
        fc->fc_config = FcInitLoadConfigAndFonts();
        if (!fc->fc_config) {
            log_warn("font", "fontconfig failed to load; no system font fallback");
            fc->fc_failed = true;
            return -1;
        }
    }
    fc->stats.ft_calls++;
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    if (!pat || !cs) {
        if (pat)
            FcPatternDestroy(pat);
        if (cs)
            FcCharSetDestroy(cs);
        return -1;
    }
    FcCharSetAddChar(cs, cp);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, FC_WEIGHT_BOLD);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(fc->fc_config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *set = FcFontSort(fc->fc_config, pat, FcTrue, NULL, &res);
    int found = -1;
    for (int i = 0; set && i < set->nfont && found < 0; i++) {
        FcPattern *font = set->fonts[i];
        FcCharSet *have;
        FcChar8 *file;
        int index = 0;
        FcBool flag;
        if (FcPatternGetCharSet(font, FC_CHARSET, 0, &have) != FcResultMatch ||
            !FcCharSetHasChar(have, cp) ||
            FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch)
            continue;
        /* Colour (emoji) and bitmap-only fonts have no outlines to squeeze. */
        if ((FcPatternGetBool(font, FC_COLOR, 0, &flag) == FcResultMatch && flag) ||
            (FcPatternGetBool(font, FC_SCALABLE, 0, &flag) == FcResultMatch && !flag))
            continue;
        FcPatternGetInteger(font, FC_INDEX, 0, &index);
        int slot = slot_add(fc, (const char *)file, index);
        struct slot *s = slot_get(fc, slot);
        if (s) {
            fc->stats.ft_calls++;
            if (FT_Get_Char_Index(s->face, cp))
                found = slot;
        }
    }
    if (set)
        FcFontSetDestroy(set);
    FcCharSetDestroy(cs);
    FcPatternDestroy(pat);
    if (found >= 0)
        log_debug("font", "U+%04X from system font %s", (unsigned)cp, fc->slots[found].path);
    return found;
}

/* -------------------------------------------------------------- lifecycle */

static bool reserve_white(struct font_cache *fc)
{
    /* 4x4 so that bilinear sampling at its centre sees only white. */
    static const uint8_t white[16] = {255, 255, 255, 255, 255, 255, 255, 255,
                                      255, 255, 255, 255, 255, 255, 255, 255};
    struct atlas_rect r;
    if (!atlas_alloc(fc->atlas, 4, 4, &r))
        return false;
    atlas_write(fc->atlas, &r, white, 4);
    fc->white_u = (float)r.x + 2.0f;
    fc->white_v = (float)r.y + 2.0f;
    return true;
}

struct font_cache *font_create(const struct font_desc *desc)
{
    struct font_desc d = desc ? *desc : (struct font_desc){0};
    struct font_cache *fc = calloc(1, sizeof *fc);
    if (!fc)
        return NULL;
    fc->no_system_fallback = d.no_system_fallback;
    if (d.font_dir && !(fc->font_dir = strdup(d.font_dir)))
        goto fail;
    FT_Error err = FT_Init_FreeType(&fc->ft);
    if (err) {
        log_error("font", "cannot initialise FreeType: error %d", err);
        fc->ft = NULL;
        goto fail;
    }
    fc->atlas = atlas_create(&(struct atlas_desc){.size = d.atlas_size, .max = d.atlas_max});
    if (!fc->atlas || !reserve_white(fc))
        goto fail;
    int amax = d.atlas_max > 0 ? d.atlas_max : 4096;
    if (d.atlas_size > amax)
        amax = d.atlas_size;
    fc->max_area = (double)amax * (double)amax;
    if (!htab_init(&fc->chars, sizeof(struct font_char), 1024) ||
        !htab_init(&fc->kerns, sizeof(float), 1024) ||
        !htab_init(&fc->bitmaps, sizeof(struct cached_bitmap), 1024))
        goto fail;
    for (int i = 0; i < 256; i++)
        fc->gamma[i] = (uint8_t)lround(255.0 * pow(i / 255.0, 1.0 / COVERAGE_GAMMA));

    /* The shipped faces take the first slots; they are opened on first use. */
    for (int i = 0; i < SLOT_SHIPPED; i++) {
        char path[4096];
        bool ok;
        if (fc->font_dir) {
            ok = snprintf(path, sizeof path, "%s/%s", fc->font_dir, shipped_file[i]) <
                 (int)sizeof path;
        } else {
            char rel[256];
            snprintf(rel, sizeof rel, "fonts/%s", shipped_file[i]);
            ok = resource_find_file(rel, path, sizeof path);
            if (!ok)
                snprintf(path, sizeof path, "fonts/%s", shipped_file[i]);
        }
        if (!ok)
            log_warn("font", "cannot find fonts/%s (set MAGI_DATA_DIR)", shipped_file[i]);
        /* Added even when missing, so slot numbers stay fixed; opening it
         * fails once, with a warning, and the chain moves on. */
        if (slot_add(fc, path, 0) != i)
            goto fail;
    }
    return fc;
fail:
    font_destroy(fc);
    return NULL;
}

void font_destroy(struct font_cache *fc)
{
    if (!fc)
        return;
    for (int i = 0; i < fc->nslots; i++) {
        if (fc->slots[i].face)
            FT_Done_Face(fc->slots[i].face);
        free(fc->slots[i].path);
    }
    if (fc->ft)
        FT_Done_FreeType(fc->ft);
    if (fc->fc_config)
        FcConfigDestroy(fc->fc_config);
    htab_free(&fc->chars);
    htab_free(&fc->kerns);
    htab_free(&fc->bitmaps);
    atlas_destroy(fc->atlas);
    free(fc->scratch);
    free(fc->font_dir);
    free(fc);
}

struct atlas *font_atlas(struct font_cache *fc)
{
    return fc->atlas;
}

void font_white_texel(const struct font_cache *fc, float *u, float *v)
{
    *u = fc->white_u;
    *v = fc->white_v;
}

void font_get_stats(const struct font_cache *fc, struct font_stats *out)
{
    *out = fc->stats;
}

float font_face_embolden(enum font_face face)
{
    assert(face >= 0 && face < FONT_FACE_COUNT);
    return face_info[face].embolden;
}

int font_face_slot(struct font_cache *fc, enum font_face face)
{
    assert(face >= 0 && face < FONT_FACE_COUNT);
    int s = face_info[face].slot;
    return slot_get(fc, s) ? s : -1;
}

void font_metrics(struct font_cache *fc, int slot, struct font_vmetrics *out)
{
    const struct slot *s = slot_get(fc, slot);
    if (s) {
        *out = s->vm;
        return;
    }
    /* Nothing loaded: plausible numbers so layout still works. */
    *out = (struct font_vmetrics){
        .ascent = 0.9f, .descent = 0.2f, .cap = 0.7f, .ideo = 0.85f, .ideo_depth = 0.1f};
}

/* ----------------------------------------------------------------- lookup */

static bool is_ideographic(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static float glyph_advance(struct font_cache *fc, struct slot *s, uint32_t glyph)
{
    FT_Fixed adv = 0;
    fc->stats.ft_calls++;
    if (FT_Get_Advance(s->face, glyph, FT_LOAD_NO_SCALE, &adv))
        return 0.0f;
    return (float)adv / s->upem;
}

bool font_char(struct font_cache *fc, enum font_face face, uint32_t cp, struct font_char *out)
{
    assert(face >= 0 && face < FONT_FACE_COUNT);
    struct hkey key = {((uint64_t)face << 32) | cp, 0};
    const struct font_char *hit = htab_get(&fc->chars, key);
    if (hit) {
        *out = *hit;
        return hit->advance >= 0.0f;
    }

    struct font_char ch = {.ideographic = is_ideographic(cp)};
    int chain[2] = {face_info[face].slot, SLOT_SERIF};
    int found = -1;
    uint32_t glyph = 0;
    for (int i = 0; i < 2 && found < 0; i++) {
        struct slot *s = slot_get(fc, chain[i]);
        if (!s)
            continue;
        fc->stats.ft_calls++;
        glyph = FT_Get_Char_Index(s->face, cp);
        if (glyph)
            found = chain[i];
    }
    if (found < 0) {
        found = system_slot(fc, cp, face_info[face].family);
        if (found >= 0) {
            fc->stats.ft_calls++;
            glyph = FT_Get_Char_Index(fc->slots[found].face, cp);
        }
    }
    if (found < 0) {
        /* Nobody has it: the face's .notdef box (glyph 0), so the gap is seen
         * and the layout does not jump when a font that has it turns up. */
        ch.missing = true;
        glyph = 0;
        for (int i = 0; i < 2 && found < 0; i++)
            if (slot_get(fc, chain[i]))
                found = chain[i];
    }
    if (found < 0) {
        ch.advance = -1.0f; /* no font at all: remembered, drawn as nothing */
    } else {
        ch.slot = (uint16_t)found;
        ch.glyph = glyph;
        ch.advance = glyph_advance(fc, &fc->slots[found], glyph);
    }
    struct font_char *slotp = htab_put(&fc->chars, key);
    if (slotp)
        *slotp = ch;
    *out = ch;
    return ch.advance >= 0.0f;
}

float font_kerning(struct font_cache *fc, int slot, uint32_t left, uint32_t right)
{
    if (slot < 0 || slot >= fc->nslots || !fc->slots[slot].face || !fc->slots[slot].kerning)
        return 0.0f;
    struct hkey key = {((uint64_t)left << 32) | right, (uint64_t)slot};
    const float *hit = htab_get(&fc->kerns, key);
    if (hit)
        return *hit;
    struct slot *s = &fc->slots[slot];
    FT_Vector k = {0, 0};
    fc->stats.ft_calls++;
    float v = FT_Get_Kerning(s->face, left, right, FT_KERNING_UNSCALED, &k) ? 0.0f
                                                                           : (float)k.x / s->upem;
    float *p = htab_put(&fc->kerns, key);
    if (p)
        *p = v;
    return v;
}

/* ---------------------------------------------------------------- bitmaps */

static void reset_atlas(struct font_cache *fc)
{
    int w, h;
    atlas_size(fc->atlas, &w, &h);
    if (!fc->warned_full)
        log_warn("font", "glyph atlas full at %dx%d: clearing it (too many sizes in use?)", w, h);
    fc->warned_full = true;
    fc->used_area = 0.0;
    atlas_reset(fc->atlas);
    htab_clear(&fc->bitmaps);
    reserve_white(fc);
    fc->stats.atlas_resets++;
}

static float stem_darkening(float size)
{
    if (size <= STEM_DARKEN_FULL)
        return STEM_DARKEN_PX;
    if (size >= STEM_DARKEN_NONE)
        return 0.0f;
    return STEM_DARKEN_PX * (STEM_DARKEN_NONE - size) / (STEM_DARKEN_NONE - STEM_DARKEN_FULL);
}

static bool rasterise(struct font_cache *fc, const struct font_raster *r, struct font_bitmap *out)
{
    struct slot *s = slot_get(fc, r->slot);
    if (!s)
        return false;
    FT_Face f = s->face;
    fc->stats.ft_calls++;
    fc->stats.rasterised++;
    FT_Error err = FT_Set_Char_Size(f, 0, (FT_F26Dot6)lroundf(r->size * 64.0f), 72, 72);
    if (err)
        return false;
    FT_Matrix m = {(FT_Fixed)lroundf(r->scale_x * 65536.0f), 0, 0,
                   (FT_Fixed)lroundf(r->scale_y * 65536.0f)};
    FT_Vector delta = {(FT_Pos)(r->phase * 64 / FONT_SUBPIXEL_PHASES), 0};
    FT_Set_Transform(f, &m, &delta);
    /* Light hinting snaps only vertical features (baselines, x-height, cap
     * height) to the pixel grid, so a squeezed glyph keeps its shape. */
    err = FT_Load_Glyph(f, r->glyph, FT_LOAD_NO_BITMAP | FT_LOAD_TARGET_LIGHT);
    FT_Set_Transform(f, NULL, NULL);
    if (err || f->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
        return false;
    if (r->embolden > 0.0f) {
        FT_Pos e = (FT_Pos)lroundf(r->embolden * 64.0f);
        FT_Outline_EmboldenXY(&f->glyph->outline, e, e);
    }
    FT_Pos dark = (FT_Pos)lroundf(stem_darkening(r->size) * 64.0f);
    if (dark > 0) {
        FT_Outline_EmboldenXY(&f->glyph->outline, dark, 0);
        FT_Outline_Translate(&f->glyph->outline, -dark / 2, 0);
    }
    if (FT_Render_Glyph(f->glyph, FT_RENDER_MODE_NORMAL))
        return false;
    const FT_Bitmap *bm = &f->glyph->bitmap;
    int w = (int)bm->width, h = (int)bm->rows;
    out->left = f->glyph->bitmap_left;
    out->top = f->glyph->bitmap_top;
    if (w == 0 || h == 0) {
        out->rect = (struct atlas_rect){0, 0, 0, 0};
        return true;
    }
    if (bm->pixel_mode != FT_PIXEL_MODE_GRAY)
        return false;
    if (!atlas_alloc(fc->atlas, w, h, &out->rect)) {
        reset_atlas(fc);
        if (!atlas_alloc(fc->atlas, w, h, &out->rect)) {
            log_warn("font", "glyph of %dx%d px does not fit the atlas", w, h);
            return false;
        }
    }
    fc->used_area += (double)(w + 2) * (double)(h + 2);
    size_t need = (size_t)w * (size_t)h;
    if (need > fc->scratch_size) {
        uint8_t *p = realloc(fc->scratch, need);
        if (!p)
            return false;
        fc->scratch = p;
        fc->scratch_size = need;
    }
    for (int y = 0; y < h; y++) {
        const uint8_t *row = bm->buffer + (ptrdiff_t)y * bm->pitch;
        uint8_t *dst = fc->scratch + (size_t)y * (size_t)w;
        for (int x = 0; x < w; x++)
            dst[x] = fc->gamma[row[x]];
    }
    atlas_write(fc->atlas, &out->rect, fc->scratch, w);
    return true;
}

void font_begin_frame(struct font_cache *fc)
{
    /* Packing wastes some space, so an atlas this full is close to failing an
     * allocation; clearing it now, before any glyph of the frame is drawn,
     * keeps a reset from invalidating quads already in the batch. */
    if (fc->used_area > 0.7 * fc->max_area)
        reset_atlas(fc);
}

bool font_bitmap(struct font_cache *fc, const struct font_raster *r, struct font_bitmap *out)
{
    assert(r->phase >= 0 && r->phase < FONT_SUBPIXEL_PHASES);
    uint32_t size8 = (uint32_t)fm_lroundf(r->size * 8.0f);
    uint32_t sx = (uint32_t)fm_lroundf(r->scale_x * 256.0f) & 0xFFFF;
    uint32_t sy = (uint32_t)fm_lroundf(r->scale_y * 256.0f) & 0xFFFF;
    uint32_t emb = (uint32_t)fm_lroundf(r->embolden * 16.0f) & 0xFFFF;
    struct hkey key = {(uint64_t)(uint32_t)r->slot | ((uint64_t)r->glyph << 8) |
                           ((uint64_t)size8 << 32),
                       (uint64_t)sx | ((uint64_t)sy << 16) | ((uint64_t)emb << 32) |
                           ((uint64_t)r->phase << 48)};
    const struct cached_bitmap *hit = htab_get(&fc->bitmaps, key);
    if (hit) {
        *out = hit->bm;
        return hit->ok;
    }
    /* Rasterise at the quantised values the key names, so every hit is
     * pixel-identical to the first draw. */
    struct font_raster q = *r;
    q.size = (float)size8 / 8.0f;
    q.scale_x = (float)sx / 256.0f;
    q.scale_y = (float)sy / 256.0f;
    q.embolden = (float)emb / 16.0f;
    if (q.size <= 0.0f || q.scale_x <= 0.0f || q.scale_y <= 0.0f)
        return false;
    struct cached_bitmap c = {.ok = false};
    c.ok = rasterise(fc, &q, &c.bm);
    if (!c.ok)
        c.bm = (struct font_bitmap){.rect = {0, 0, 0, 0}};
    struct cached_bitmap *p = htab_put(&fc->bitmaps, key);
    if (p)
        *p = c;
    *out = c.bm;
    return c.ok;
}
