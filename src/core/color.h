/* color: 8-bit RGBA colours and the NERV palette of STYLE.md.
 *
 * Colours are straight (not premultiplied) sRGB bytes: what the batch writes
 * into vertices and what layouts name. Depends on libc only. */
#ifndef MAGI_CORE_COLOR_H
#define MAGI_CORE_COLOR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct rgba {
    uint8_t r, g, b, a;
} rgba;

/* 0xRRGGBB, opaque. */
static inline rgba rgb_hex(uint32_t hex)
{
    rgba c = {(uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex, 255};
    return c;
}

/* The same colour with its alpha multiplied by `a` (0..1, clamped). */
rgba color_alpha(rgba c, float a);
/* Linear blend in sRGB bytes, t clamped to 0..1 (a design choice: the show's
 * gradients were painted, not computed in linear light). */
rgba color_lerp(rgba a, rgba b, float t);
/* Scales RGB by k (clamped), alpha unchanged: for dimmed ("grid_dim") marks. */
rgba color_scale(rgba c, float k);

/* Palette tokens (STYLE.md "Palette"). */
enum pal_token {
    PAL_VOID,
    PAL_ORANGE,
    PAL_ORANGE_FILL,
    PAL_ORANGE_HOT,
    PAL_ALERT_RED,
    PAL_ALERT_RED_DIM,
    PAL_DENY_RED,
    PAL_BAR_RED,
    PAL_MINT,
    PAL_AQUA,
    PAL_TRACE_GREEN,
    PAL_TERM_GREEN,
    PAL_INFO_BLUE,
    PAL_WIRE_CYAN,
    PAL_HUD_WHITE,
    PAL_GRID_DIM, /* orange at about 20 % */
    PAL_COUNT
};

struct palette {
    rgba c[PAL_COUNT];
};

/* The STYLE.md defaults. */
const struct palette *palette_default(void);
/* Token name as written in STYLE.md and layouts ("orange_hot"), or NULL. */
const char *palette_token_name(enum pal_token t);
/* Looks up a token by name; false if unknown. */
bool palette_token_from_name(const char *name, enum pal_token *out);

/* Parses "#RRGGBB", "#RRGGBBAA" or a token name (looked up in `pal`, which may
 * be NULL for the defaults). False on anything else. */
bool color_parse(const char *s, const struct palette *pal, rgba *out);

#endif
