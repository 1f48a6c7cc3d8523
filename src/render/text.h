/* text: UTF-8 strings to glyph quads in the batch, through FreeType.
 *
 * Five faces (STYLE.md "Typography"), loaded from fonts/ and rendered lazily
 * into one growable glyph atlas at the exact pixel size asked for. Each face
 * has a fallback chain: the face itself, then the CJK serif, then system fonts
 * found through fontconfig, so any character that some installed font has gets
 * drawn; one that none has (or, with no_system_fallback, that no shipped face
 * has) is drawn as the face's .notdef box, with that box's advance. Control and
 * zero-width characters are skipped; text is one line. Type can be squeezed or stretched horizontally per text box (the show
 * squeezes its type mechanically), tracked, aligned and fitted to a width.
 *
 * No GL here: the renderer uploads the atlas (text_atlas()) by dirty
 * rectangle. Depends on core, render/batch, render/atlas, FreeType, fontconfig. */
#ifndef MAGI_RENDER_TEXT_H
#define MAGI_RENDER_TEXT_H

#include <stdbool.h>

#include "core/color.h"
#include "render/batch.h"

enum font_face {
    FONT_SANS,    /* condensed bold grotesque: English labels */
    FONT_SERIF,   /* heavy Mincho (Noto Serif CJK JP Black): headings, kanji */
    FONT_SEG7,    /* DSEG7 Classic Bold Italic: readouts, countdown */
    FONT_MONO,    /* JetBrains Mono: logs, tables */
    FONT_DISPLAY, /* giant takeover words (heavy condensed caps): the condensed
                     face with its outline thickened by 4.5 % of the size */
    FONT_FACE_COUNT
};

enum text_align { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT };

/* Which line of the text `y` names. */
enum text_valign {
    TEXT_BASELINE,
    TEXT_CAP_TOP,    /* top of capitals (and of kanji, near enough) */
    TEXT_CAP_MIDDLE, /* halfway up the capitals: centres labels in boxes */
    TEXT_DESCENT,    /* bottom of descenders */
};

struct text_style {
    enum font_face face;
    float size;        /* em size in pixels */
    float scale_x;     /* horizontal scale; 0 = 1.0 (STYLE.md: 0.55..1.25) */
    float tracking;    /* extra advance between characters, in em */
    enum text_align align;
    enum text_valign valign;
    float max_width;   /* > 0: squeeze horizontally (down to min_scale_x), then
                          shrink the size, so the text fits this width */
    float min_scale_x; /* 0 = 0.55 */
    float embolden;    /* > 0: thicken outlines by this many pixels (takeover words) */
    float scale_y;     /* vertical stretch; 0 = 1.0 (takeover words) */
    rgba color;
};

struct text_metrics {
    float width;      /* advance width as drawn */
    float ascent;     /* above the baseline, pixels */
    float descent;    /* below the baseline, pixels (positive) */
    float cap_height; /* pixels: top of capitals, or of ideographs where the text
                         has any (what TEXT_CAP_TOP aligns to) */
    float scale_x;    /* horizontal scale actually used after fitting */
    float size;       /* size actually used after fitting */
};

struct text_desc {
    const char *font_dir;    /* 0 = found with resource_find_file("fonts/...") */
    int atlas_size;          /* initial square atlas; 0 = 1024 */
    int atlas_max;           /* 0 = 4096 */
    bool no_system_fallback; /* skip fontconfig (deterministic tests) */
};

struct text;

struct text *text_create(const struct text_desc *desc);
void text_destroy(struct text *t);

/* Draws `utf8` with its alignment point at (x, y); returns the metrics. Also
 * records a BATCH_OP_TEXT command when the batch records. */
struct text_metrics text_draw(struct text *t, struct batch *b, const struct text_style *st,
                              float x, float y, const char *utf8);
/* Measures without drawing (fitting applied). */
struct text_metrics text_measure(struct text *t, const struct text_style *st, const char *utf8);
/* Cap height of a face at a size, in pixels (for FONT_SERIF, whose job is
 * kanji, the height of an ideograph). */
float text_cap_height(struct text *t, enum font_face face, float size);

/* A bilingual label: the Japanese term large in the serif, the English gloss
 * 2-3x smaller in the condensed sans, ALL CAPS and tracked, either beside the
 * term (bottom-aligned to its baseline) or under it, aligned to the same edge. */
struct text_bilingual {
    const char *jp;
    const char *en;
    float size;        /* em size of the Japanese term */
    float gloss_ratio; /* en size = size * ratio; 0 = 0.4 */
    bool gloss_below;
    enum text_align align;
    float max_width;   /* > 0: fit both into this width */
    rgba color;
    rgba gloss_color;  /* alpha 0 = same as color */
};
/* Draws with the top-left (or top-right for TEXT_RIGHT) of the block at x,y
 * (top = cap top of the term); returns the block's width and height. */
void text_draw_bilingual(struct text *t, struct batch *b, const struct text_bilingual *bl, float x,
                         float y, float *out_w, float *out_h);

/* Work done so far, for tests and --bench: a frame whose text was all drawn
 * before adds nothing to any of these. */
struct text_stats {
    unsigned long long ft_calls;   /* FreeType and fontconfig calls */
    unsigned long long rasterised; /* glyph bitmaps made */
    unsigned long long atlas_resets;
    int fonts_loaded;
};
void text_get_stats(const struct text *t, struct text_stats *out);

/* Tells the batch where the atlas's white texel is. Call once per frame,
 * before drawing anything: a nearly full atlas is cleared here, so that the
 * clearing never happens halfway through a frame. */
void text_bind_batch(struct text *t, struct batch *b);
/* The glyph atlas, for the renderer to upload. */
struct atlas *text_atlas(struct text *t);

#endif
