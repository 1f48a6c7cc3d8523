/* font: the FreeType side of text. Faces, the fallback chain, glyph
 * rasterisation into the atlas, and the caches that make a frame of text that
 * was drawn before cost no FreeType call at all.
 *
 * A "slot" is one loaded font file (a face of the text.h enum, or a system
 * font found through fontconfig for a character no shipped face has). Files
 * are opened on first use. Lookups go through three caches:
 *   code point -> (slot, glyph, advance)          font_char
 *   (slot, left glyph, right glyph) -> kerning    font_kerning
 *   (slot, glyph, size, scales, embolden, subpixel phase) -> atlas rectangle
 *                                                 font_bitmap
 * Sizes are in pixels; metrics in em (multiply by the size). Coverage bitmaps
 * are rasterised at the exact size asked for (no SDF, no scaling of bitmaps).
 *
 * Used by text.c; widgets use text.h. Depends on core, render/atlas,
 * FreeType, fontconfig. */
#ifndef MAGI_RENDER_FONT_H
#define MAGI_RENDER_FONT_H

#include <stdbool.h>
#include <stdint.h>

#include "render/atlas.h"
#include "render/text.h"

/* Horizontal positions are rasterised at this many subpixel phases. */
#define FONT_SUBPIXEL_PHASES 4

struct font_desc {
    const char *font_dir;    /* 0 = resource_find_file("fonts/...") */
    int atlas_size;          /* 0 = 1024 */
    int atlas_max;           /* 0 = 4096 */
    bool no_system_fallback; /* never ask fontconfig */
};

struct font_cache;

struct font_cache *font_create(const struct font_desc *desc);
void font_destroy(struct font_cache *fc);

struct atlas *font_atlas(struct font_cache *fc);
/* Texel coordinates of the middle of a solid white block in the atlas. */
void font_white_texel(const struct font_cache *fc, float *u, float *v);

/* How `cp` is drawn in `face`: the first slot of the chain (the face, the CJK
 * serif, system fonts) that has it, or else the face's .notdef box. */
struct font_char {
    uint16_t slot;
    bool missing;     /* no font has it: glyph is the .notdef box */
    bool ideographic; /* kana, kanji, full-width forms: reaches the ideographic top */
    uint32_t glyph;
    float advance;    /* em, unhinted */
};
/* False only when no font at all could be loaded (nothing can be drawn). */
bool font_char(struct font_cache *fc, enum font_face face, uint32_t cp, struct font_char *out);

/* Pair kerning in em between two glyphs of the same slot (0 if none). */
float font_kerning(struct font_cache *fc, int slot, uint32_t left, uint32_t right);

/* Vertical metrics of a slot in em (positive up, descent positive down). */
struct font_vmetrics {
    float ascent, descent;
    float cap;  /* height of 'H' */
    float ideo; /* height of an ideograph (the cap height where the font has none) */
    float ideo_depth; /* how far an ideograph reaches below the baseline */
};
void font_metrics(struct font_cache *fc, int slot, struct font_vmetrics *out);
/* The slot a face draws with first (loading it), or -1 if its file is missing. */
int font_face_slot(struct font_cache *fc, enum font_face face);
/* Outline thickening the face always gets, in em (the takeover face's weight). */
float font_face_embolden(enum font_face face);

/* A rasterised glyph: where it is in the atlas and where its top-left sits
 * relative to the (integer) pen position on the baseline, y down. */
struct font_bitmap {
    struct atlas_rect rect; /* w or h 0: nothing to draw (a space) */
    int left, top;          /* top is how far above the baseline the bitmap starts */
};
struct font_raster {
    int slot;
    uint32_t glyph;
    float size;     /* em in pixels, vertical; quantised to 1/8 px */
    float scale_x;  /* quantised to 1/256 */
    float scale_y;  /* quantised to 1/256 */
    float embolden; /* pixels, quantised to 1/16 */
    int phase;      /* 0 .. FONT_SUBPIXEL_PHASES-1: x offset phase/PHASES px */
};
/* The bitmap of a glyph, from the cache or rasterised now. False when it
 * cannot be drawn (the atlas is full even after a reset, or FreeType failed). */
bool font_bitmap(struct font_cache *fc, const struct font_raster *r, struct font_bitmap *out);

/* Call before the frame's first glyph: clears a nearly full atlas then,
 * rather than in the middle of a frame (which would leave quads already in
 * the batch pointing at cleared texels). */
void font_begin_frame(struct font_cache *fc);

/* Counters for tests and --bench. */
struct font_stats {
    uint64_t ft_calls;     /* FreeType/fontconfig entry points called */
    uint64_t rasterised;   /* glyph bitmaps made */
    uint64_t atlas_resets; /* times the atlas filled up and was cleared */
    int slots_loaded;
};
void font_get_stats(const struct font_cache *fc, struct font_stats *out);

/* Quantisation shared with text.c, so layout and bitmaps agree exactly. */
static inline float font_quant_size(float s) { return (float)(int)(s * 8.0f + 0.5f) / 8.0f; }
static inline float font_quant_scale(float s) { return (float)(int)(s * 256.0f + 0.5f) / 256.0f; }

#endif
