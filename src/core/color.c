/* color: see color.h. */
#include "core/color.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static uint8_t clamp_u8(float v)
{
    if (v <= 0.0f)
        return 0;
    if (v >= 255.0f)
        return 255;
    return (uint8_t)(v + 0.5f);
}

static float clamp01(float t) { return t < 0.0f ? 0.0f : (t > 1.0f ? 1.0f : t); }

rgba color_alpha(rgba c, float a)
{
    c.a = clamp_u8((float)c.a * clamp01(a));
    return c;
}

rgba color_lerp(rgba a, rgba b, float t)
{
    t = clamp01(t);
    rgba o = {clamp_u8(a.r + (b.r - a.r) * t), clamp_u8(a.g + (b.g - a.g) * t),
              clamp_u8(a.b + (b.b - a.b) * t), clamp_u8(a.a + (b.a - a.a) * t)};
    return o;
}

rgba color_scale(rgba c, float k)
{
    if (k < 0.0f)
        k = 0.0f;
    rgba o = {clamp_u8(c.r * k), clamp_u8(c.g * k), clamp_u8(c.b * k), c.a};
    return o;
}

static const char *const token_names[PAL_COUNT] = {
    [PAL_VOID] = "void",
    [PAL_ORANGE] = "orange",
    [PAL_ORANGE_FILL] = "orange_fill",
    [PAL_ORANGE_HOT] = "orange_hot",
    [PAL_ALERT_RED] = "alert_red",
    [PAL_ALERT_RED_DIM] = "alert_red_dim",
    [PAL_DENY_RED] = "deny_red",
    [PAL_BAR_RED] = "bar_red",
    [PAL_MINT] = "mint",
    [PAL_AQUA] = "aqua",
    [PAL_TRACE_GREEN] = "trace_green",
    [PAL_TERM_GREEN] = "term_green",
    [PAL_INFO_BLUE] = "info_blue",
    [PAL_WIRE_CYAN] = "wire_cyan",
    [PAL_HUD_WHITE] = "hud_white",
    [PAL_GRID_DIM] = "grid_dim",
};

#define HEX(h) {(uint8_t)((h) >> 16), (uint8_t)((h) >> 8), (uint8_t)(h), 255}
static const struct palette default_palette = {{
    [PAL_VOID] = HEX(0x000000),
    [PAL_ORANGE] = HEX(0xFF7A26),
    [PAL_ORANGE_FILL] = HEX(0xF07400),
    [PAL_ORANGE_HOT] = HEX(0xF03C14),
    [PAL_ALERT_RED] = HEX(0xD82008),
    [PAL_ALERT_RED_DIM] = HEX(0x9B0102),
    [PAL_DENY_RED] = HEX(0xA10001),
    [PAL_BAR_RED] = HEX(0xDC1C14),
    [PAL_MINT] = HEX(0x54F09C),
    [PAL_AQUA] = HEX(0x66F0C0),
    [PAL_TRACE_GREEN] = HEX(0x9BE3A1),
    [PAL_TERM_GREEN] = HEX(0x73D69E),
    [PAL_INFO_BLUE] = HEX(0x5094D4),
    [PAL_WIRE_CYAN] = HEX(0xBEF0FA),
    [PAL_HUD_WHITE] = HEX(0xFCF8FA),
    /* orange at 20 % alpha: registration marks, unlit segments, sub-grid */
    [PAL_GRID_DIM] = {0xFF, 0x7A, 0x26, 51},
}};
#undef HEX

const struct palette *palette_default(void) { return &default_palette; }

const char *palette_token_name(enum pal_token t)
{
    return (t >= 0 && t < PAL_COUNT) ? token_names[t] : NULL;
}

bool palette_token_from_name(const char *name, enum pal_token *out)
{
    for (int i = 0; i < PAL_COUNT; i++) {
        if (strcmp(name, token_names[i]) == 0) {
            *out = (enum pal_token)i;
            return true;
        }
    }
    return false;
}

bool color_parse(const char *s, const struct palette *pal, rgba *out)
{
    if (!s)
        return false;
    if (s[0] == '#') {
        size_t n = strlen(s + 1);
        if (n != 6 && n != 8)
            return false;
        for (size_t i = 1; i <= n; i++)
            if (!isxdigit((unsigned char)s[i]))
                return false;
        unsigned long v = strtoul(s + 1, NULL, 16);
        if (n == 6) {
            *out = rgb_hex((uint32_t)v);
        } else {
            *out = rgb_hex((uint32_t)(v >> 8));
            out->a = (uint8_t)(v & 0xFF);
        }
        return true;
    }
    enum pal_token t;
    if (!palette_token_from_name(s, &t))
        return false;
    *out = (pal ? pal : palette_default())->c[t];
    return true;
}
