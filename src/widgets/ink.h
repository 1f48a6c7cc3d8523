/* ink: the small drawing vocabulary every motif shares.
 *
 * Palette look-ups by escalation level, one-call text and labels, 7-segment
 * readouts over their ghosts, double rules, corner brackets, scrolling hazard
 * stripes, the NO SIGNAL look, a convex-polygon clipper, stripes in any convex
 * shape and a deterministic hash for "random" motifs.
 * Everything goes through render/batch.h and render/text.h; nothing here keeps
 * state between frames. Depends on widgets/draw.h. */
#ifndef MAGI_WIDGETS_INK_H
#define MAGI_WIDGETS_INK_H

#include <stdint.h>

#include "widgets/draw.h"

/* A palette colour of the frame's palette. */
rgba ink_pal(const struct draw_ctx *ctx, enum pal_token t);
/* The colour a widget part takes at an escalation level: `nominal` at
 * NOMINAL, orange_hot at CAUTION, bar_red at ALERT and above (STYLE.md
 * "Escalation states": red floods in under stress). */
rgba ink_level(const struct draw_ctx *ctx, enum level l, enum pal_token nominal);

/* Text with the common fields; returns the metrics. */
struct text_metrics ink_text(const struct draw_ctx *ctx, enum font_face face, float size,
                             float x, float y, enum text_align align, enum text_valign valign,
                             rgba c, const char *s);
/* The same, squeezed (then shrunk) to fit max_width. */
struct text_metrics ink_text_fit(const struct draw_ctx *ctx, enum font_face face, float size,
                                 float x, float y, enum text_align align,
                                 enum text_valign valign, float max_width, rgba c,
                                 const char *s);
/* Text stretched or squeezed horizontally (scale 0.55..1.25, STYLE.md rule 4)
 * so that it spans `width`; shrunk when even 0.55 is too wide. */
struct text_metrics ink_text_span(const struct draw_ctx *ctx, enum font_face face, float size,
                                  float tracking, float x, float y, enum text_align align,
                                  enum text_valign valign, float width, rgba c, const char *s);
/* An English label: condensed sans, tracked +0.12 em (STYLE.md: small labels
 * tracked +0.1..0.2 em), fitted to max_width when > 0. */
struct text_metrics ink_label(const struct draw_ctx *ctx, float size, float x, float y,
                              enum text_align align, enum text_valign valign, float max_width,
                              rgba c, const char *s);
/* The same with another tracking (em): row labels sit tighter (~0.05). */
struct text_metrics ink_label_t(const struct draw_ctx *ctx, float size, float tracking, float x,
                                float y, enum text_align align, enum text_valign valign,
                                float max_width, rgba c, const char *s);
/* Measures an ink_label (ink_label_t) without drawing. */
float ink_label_width(const struct draw_ctx *ctx, float size, const char *s);
float ink_label_width_t(const struct draw_ctx *ctx, float size, float tracking, const char *s);

/* A 7-segment readout (FONT_SEG7) over its unlit "ghost" (every digit an 8,
 * STYLE.md: 8..10 % alpha; pass ghost_alpha 0 for none). Spaces become
 * blank digit cells ('!' in DSEG) so values and ghosts line up. */
struct text_metrics ink_seg7(const struct draw_ctx *ctx, float size, float x, float y,
                             enum text_align align, enum text_valign valign, rgba c,
                             float ghost_alpha, const char *s);
/* Writes the DSEG form of `s` (spaces as '!') and its ghost (digits, '-' and
 * blanks as '8'; '.' and ':' kept) into buffers of n bytes. */
void ink_seg7_strings(const char *s, char *value, char *ghost, size_t n);

/* `s` with every character but '.' and ':' turned into a blank digit: drawn
 * with ink_seg7 it shows only the ghost (the NO SIGNAL form of a readout). */
void ink_seg7_blank(const char *s, char *out, size_t n);

/* A strong rule `w` px thick with a thin dim one `gap` px below it. */
void ink_double_rule(const struct draw_ctx *ctx, float x, float y, float len, float w, float gap,
                     rgba c);
/* L-shaped corner brackets of arm length `len` at the four corners. */
void ink_corners(const struct draw_ctx *ctx, struct box b, float len, float w, rgba c);
/* A "+" registration mark of half-size r. */
void ink_cross(const struct draw_ctx *ctx, float x, float y, float r, float w, rgba c);

/* Hazard stripes (STYLE.md motif 6: -45 degrees, ~15 px + 15 px at 1080p)
 * filling the rectangle, scrolling at 33..43 px/s (faster at higher levels
 * and with the screen's animation rate), still with reduce_motion and at
 * rest once the picture has settled (draw_motion_t). `stripe`
 * is the stripe (and gap) width in px; 0 = 1.5u. */
void ink_hazard(const struct draw_ctx *ctx, float x, float y, float w, float h, float stripe,
                enum level l, rgba c);
/* The scroll offset in pixels ink_hazard uses now, for stripes of `period`
 * px measured along x (requests the next frame when it moves). */
float ink_hazard_offset(const struct draw_ctx *ctx, enum level l, float period);

/* The NO SIGNAL look drawn over a widget whose data is stale or missing: the
 * box dimmed with dim diagonal hatching and a boxed, bilingual 信号途絶 /
 * NO SIGNAL plate in the middle. Everything under it should already be drawn
 * without values (motifs draw their frame, then this). */
void ink_no_signal(const struct draw_ctx *ctx, struct box b);

/* Clips the convex polygon `in` (n points) to the convex polygon `clip` (m
 * points, either winding); writes at most n + m points to `out` and returns
 * their count (0 when nothing is left). n + m <= 24. */
int ink_clip_convex(const float *in, int n, const float *clip, int m, float *out);
/* Parallel stripes filling the convex polygon `poly` (m <= 12 points): the
 * points p with (a*p.x + b*p.y - phase) mod period in [0, duty * period).
 * With |a| = |b| = 1 the stripes run at 45 degrees and `period` is measured
 * horizontally (the chevron bands and hazard wedges). */
void ink_stripes(const struct draw_ctx *ctx, const float *poly, int m, float a, float b,
                 float period, float duty, float phase, rgba c);

/* f clamped to 0..1, NaN as 0 (views may carry NaN for "unknown"). */
float ink_clamp01(float f);

/* A well-mixed 64-bit hash of (seed, a, b): deterministic "randomness". */
uint64_t ink_hash(uint64_t seed, uint64_t a, uint64_t b);
/* The same as a float in [0, 1). */
float ink_hash01(uint64_t seed, uint64_t a, uint64_t b);

/* Box helpers. box_drawable: at least 1 x 1 px and finite (motifs draw
 * nothing into a degenerate box rather than divide by its size). */
bool box_drawable(struct box b);
struct box box_inset(struct box b, float d);
struct box box_make(float x, float y, float w, float h);

#endif
