/* testcard: see testcard.h.
 *
 * Laid out in units of u = H/108 (STYLE.md rule 8) on a 192 x 108 u field
 * centred in the screen, so every size shows the same picture. */
#include "app/testcard.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/color.h"
#include "render/batch.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

struct testcard {
    bool still;
};

/* The frame being drawn: ctx plus the field's origin and unit. */
struct tc {
    const struct draw_ctx *ctx;
    struct batch *b;
    const struct palette *pal;
    float ox, oy, u; /* field origin (pixels) and unit */
    double t;
    float px;        /* one device pixel in u... kept as pixels: hairline width */
};

static rgba P(const struct tc *c, enum pal_token t) { return c->pal->c[t]; }
static float X(const struct tc *c, float x) { return c->ox + x * c->u; }
static float Y(const struct tc *c, float y) { return c->oy + y * c->u; }
/* Snaps a coordinate to a pixel centre so 1 px lines stay crisp. */
static float snap(float v) { return floorf(v) + 0.5f; }
/* Line widths scale with the screen but never drop below one pixel. */
static float lw(const struct tc *c, float px_at_1080) { return fmaxf(1.0f, px_at_1080 * c->u / 10.0f); }

/* ------------------------------------------------------------ structure */

static void reg_mark(const struct tc *c, float x, float y, float arm, rgba col)
{
    float w = lw(c, 1);
    float sx = snap(x), sy = snap(y);
    batch_line(c->b, sx - arm, sy, sx + arm, sy, w, col);
    batch_line(c->b, sx, sy - arm, sx, sy + arm, w, col);
}

static void rulers(const struct tc *c, float x0, float y0, float x1, float y1)
{
    rgba dim = P(c, PAL_GRID_DIM), org = P(c, PAL_ORANGE);
    float w = lw(c, 1);
    /* Top and bottom rulers: a tick every u, longer every 5 u, longest every
     * 10 u, signed from the centre line. */
    float cx = (x0 + x1) * 0.5f, cy = (y0 + y1) * 0.5f;
    for (int k = -100; k <= 100; k++) {
        float x = cx + (float)k;
        if (x < x0 || x > x1)
            continue;
        float len = k % 10 == 0 ? 2.0f : (k % 5 == 0 ? 1.2f : 0.6f);
        rgba col = k % 10 == 0 ? org : dim;
        batch_line(c->b, snap(X(c, x)), Y(c, y0), snap(X(c, x)), Y(c, y0 + len), w, col);
        batch_line(c->b, snap(X(c, x)), Y(c, y1 - len), snap(X(c, x)), Y(c, y1), w, col);
    }
    for (int k = -60; k <= 60; k++) {
        float y = cy + (float)k;
        if (y < y0 || y > y1)
            continue;
        float len = k % 10 == 0 ? 2.0f : (k % 5 == 0 ? 1.2f : 0.6f);
        rgba col = k % 10 == 0 ? org : dim;
        batch_line(c->b, X(c, x0), snap(Y(c, y)), X(c, x0 + len), snap(Y(c, y)), w, col);
        batch_line(c->b, X(c, x1 - len), snap(Y(c, y)), X(c, x1), snap(Y(c, y)), w, col);
    }
}

static void frame(const struct tc *c)
{
    rgba org = P(c, PAL_ORANGE), dim = P(c, PAL_GRID_DIM);
    /* Registration marks on a 12 u grid across the whole field. */
    for (int j = 1; j < 9; j++)
        for (int i = 1; i < 16; i++)
            reg_mark(c, X(c, (float)i * 12.0f), Y(c, (float)j * 12.0f), 0.6f * c->u, dim);
    /* Chassis: a square-cornered double rule (rounded corners are for plates). */
    batch_rect_outline(c->b, X(c, 2), Y(c, 2), 188 * c->u, 104 * c->u, lw(c, 2), org);
    batch_rect_outline(c->b, X(c, 3), Y(c, 3), 186 * c->u, 102 * c->u, lw(c, 1),
                       color_alpha(org, 0.35f));
    rulers(c, 3, 3, 189, 105);
    /* Corner targets: ring + cross, the projector alignment marks. */
    const float corners[4][2] = {{8, 8}, {184, 8}, {184, 100}, {8, 100}};
    for (int i = 0; i < 4; i++) {
        float x = X(c, corners[i][0]), y = Y(c, corners[i][1]);
        batch_arc(c->b, x, y, 2.2f * c->u - lw(c, 1), 2.2f * c->u, 0, (float)(2 * M_PI), org);
        reg_mark(c, x, y, 3.0f * c->u, org);
    }
    /* Centre cross over the full field, dim. */
    float w = lw(c, 1);
    batch_line(c->b, X(c, 3), snap(Y(c, 54)), X(c, 189), snap(Y(c, 54)), w,
               color_alpha(dim, 0.6f));
    batch_line(c->b, snap(X(c, 96)), Y(c, 3), snap(X(c, 96)), Y(c, 105), w,
               color_alpha(dim, 0.6f));
}

/* ------------------------------------------------------------- swatches */

static void swatches(const struct tc *c, float x, float y)
{
    /* Two columns of eight: filled chip, then a 1 px outlined chip. */
    for (int t = 0; t < PAL_COUNT; t++) {
        float sx = x + (float)(t / 8) * 13.0f, sy = y + (float)(t % 8) * 3.4f;
        rgba col = P(c, (enum pal_token)t);
        if (t == PAL_VOID)
            batch_rect_outline(c->b, X(c, sx), Y(c, sy), 4 * c->u, 2.4f * c->u, lw(c, 1),
                               P(c, PAL_GRID_DIM));
        else
            batch_rect(c->b, X(c, sx), Y(c, sy), 4 * c->u, 2.4f * c->u, col);
        batch_rect_outline(c->b, X(c, sx + 4.6f), Y(c, sy), 2.4f * c->u, 2.4f * c->u, lw(c, 1),
                           t == PAL_VOID ? P(c, PAL_GRID_DIM) : col);
    }
}

/* --------------------------------------------------------- hex cluster */

static void hexes(const struct tc *c, float cx, float cy, float R)
{
    /* Flat-top honeycomb: columns 1.5 R apart, rows sqrt(3) R, with a gutter. */
    float gutter = 0.6f; /* u, about 6 px at 1080p */
    float Rg = R + gutter / 1.7320508f;
    const int cells[][2] = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, -1}, {-1, -1},
                            {2, 0}, {2, -1}, {-2, 0}, {-2, -1}, {1, 1}, {-1, 1}};
    const int n = sizeof cells / sizeof cells[0];
    for (int i = 0; i < n; i++) {
        int q = cells[i][0], r = cells[i][1];
        float hx = cx + 1.5f * Rg * (float)q;
        float hy = cy + 1.7320508f * Rg * ((float)r + ((q & 1) ? 0.5f : 0.0f));
        float Rp = R * c->u;
        if (i == 0)
            batch_hex(c->b, X(c, hx), Y(c, hy), Rp, P(c, PAL_ORANGE_FILL));
        else if (i < 4)
            batch_hex(c->b, X(c, hx), Y(c, hy), Rp, P(c, i == 3 ? PAL_ALERT_RED : PAL_MINT));
        else if (i < 6)
            batch_hex(c->b, X(c, hx), Y(c, hy), Rp, P(c, PAL_INFO_BLUE));
        else
            batch_hex_outline(c->b, X(c, hx), Y(c, hy), Rp, lw(c, 2), P(c, PAL_ORANGE));
    }
}

/* ----------------------------------------------------------- ring gauge */

static void ring_gauge(const struct tc *c, float cx, float cy, float R, float value)
{
    rgba cyan = P(c, PAL_WIRE_CYAN), org = P(c, PAL_ORANGE), hot = P(c, PAL_ORANGE_HOT);
    float x = X(c, cx), y = Y(c, cy), r = R * c->u;
    /* Square bezel with corner "+"s. */
    batch_rect_outline(c->b, x - r * 1.12f, y - r * 1.12f, r * 2.24f, r * 2.24f, lw(c, 2), cyan);
    for (int i = 0; i < 4; i++) {
        float sx = (i & 1) ? 1.0f : -1.0f, sy = (i & 2) ? 1.0f : -1.0f;
        reg_mark(c, x + sx * r * 0.98f, y + sy * r * 0.98f, 0.8f * c->u, cyan);
    }
    /* Broad annulus: dim track, then the value in orange and the red zone. */
    float a0 = (float)(M_PI * 0.75), sweep = (float)(M_PI * 1.5);
    batch_arc(c->b, x, y, r * 0.55f, r * 0.92f, a0, a0 + sweep, color_alpha(org, 0.18f));
    batch_arc(c->b, x, y, r * 0.55f, r * 0.92f, a0, a0 + sweep * value, color_alpha(org, 0.85f));
    batch_arc(c->b, x, y, r * 0.55f, r * 0.92f, a0 + sweep * 0.85f, a0 + sweep,
              color_alpha(P(c, PAL_BAR_RED), 0.9f));
    /* Fine ticks every 3 degrees, bold every 30. */
    for (int d = 0; d < 360; d += 3) {
        float a = (float)(d * M_PI / 180.0);
        bool bold = d % 30 == 0;
        float r0 = bold ? r * 0.93f : r * 0.955f, r1 = r * 1.0f;
        batch_line(c->b, x + r0 * cosf(a), y + r0 * sinf(a), x + r1 * cosf(a), y + r1 * sinf(a),
                   bold ? lw(c, 2.5f) : lw(c, 1), bold ? org : color_alpha(org, 0.6f));
    }
    /* Needle. */
    float an = a0 + sweep * value;
    batch_line(c->b, x + r * 0.3f * cosf(an), y + r * 0.3f * sinf(an), x + r * 0.98f * cosf(an),
               y + r * 0.98f * sinf(an), lw(c, 3), hot);
    batch_arc(c->b, x, y, 0, r * 0.08f, 0, (float)(2 * M_PI), hot);
}

/* --------------------------------------------------------- MAGI panels */

/* A panel with the given corners chamfered at 45 degrees (bit 0 top-left,
 * clockwise). */
static void chamfered(const struct tc *c, float x, float y, float w, float h, float ch,
                      unsigned corners, rgba col)
{
    float p[16];
    int n = 0;
#define PT(px, py)                                                                     \
    do {                                                                               \
        p[2 * n] = (px);                                                               \
        p[2 * n + 1] = (py);                                                           \
        n++;                                                                           \
    } while (0)
    if (corners & 1) {
        PT(x, y + ch);
        PT(x + ch, y);
    } else {
        PT(x, y);
    }
    if (corners & 2) {
        PT(x + w - ch, y);
        PT(x + w, y + ch);
    } else {
        PT(x + w, y);
    }
    if (corners & 4) {
        PT(x + w, y + h - ch);
        PT(x + w - ch, y + h);
    } else {
        PT(x + w, y + h);
    }
    if (corners & 8) {
        PT(x + ch, y + h);
        PT(x, y + h - ch);
    } else {
        PT(x, y + h);
    }
#undef PT
    batch_polygon(c->b, p, n, col);
}

static void magi(const struct tc *c, float x, float y, double t)
{
    /* Three panels in a triangle with orange connectors (STYLE.md motif 4),
     * the lower-left one deliberating (mint <-> red, 0.4 s hard steps). */
    float u = c->u;
    rgba mint = P(c, PAL_MINT), org = P(c, PAL_ORANGE_FILL);
    float pw = 16, ph = 9, ch = 3;
    /* Connectors first so the panels sit on top. */
    batch_line(c->b, X(c, x + 8 + pw / 2), Y(c, y + ph), X(c, x + 8 + pw / 2 - 7), Y(c, y + ph + 6),
               lw(c, 14), org);
    batch_line(c->b, X(c, x + 8 + pw / 2), Y(c, y + ph), X(c, x + 8 + pw / 2 + 7), Y(c, y + ph + 6),
               lw(c, 14), org);
    batch_line(c->b, X(c, x + pw), Y(c, y + ph + 10), X(c, x + 16), Y(c, y + ph + 10), lw(c, 14),
               org);
    chamfered(c, X(c, x + 8), Y(c, y), pw * u, ph * u, ch * u, 4 | 8, mint);
    (void)t;
    bool red = !draw_blink(c->ctx, 0.8, 0.1);
    chamfered(c, X(c, x - 2), Y(c, y + ph + 3), pw * u, ph * u, ch * u, 2,
              red ? P(c, PAL_BAR_RED) : mint);
    chamfered(c, X(c, x + 18), Y(c, y + ph + 3), pw * u, ph * u, ch * u, 1, mint);
}

/* -------------------------------------------------------- seven segment */

/* One slanted 7-segment digit drawn with polygons; `on` is a bit mask a..g. */
static void seg_digit(const struct tc *c, float x, float y, float w, float h, unsigned on,
                      rgba lit, rgba ghost)
{
    float t = w * 0.18f;     /* segment thickness */
    float g = t * 0.12f;     /* gap between segments */
    float slant = 0.12f;     /* x shift per unit of height, upwards to the right */
    float hh = h * 0.5f;
    /* Segment centre lines: a (top), b (upper right), c (lower right), d
     * (bottom), e (lower left), f (upper left), g (middle). */
    const float seg[7][4] = {
        {t * 0.5f, 0, w - t * 0.5f, 0},   {w, t * 0.5f, w, hh},         {w, hh, w, h - t * 0.5f},
        {t * 0.5f, h, w - t * 0.5f, h},   {0, hh, 0, h - t * 0.5f},     {0, t * 0.5f, 0, hh},
        {t * 0.5f, hh, w - t * 0.5f, hh},
    };
    for (int s = 0; s < 7; s++) {
        float x0 = seg[s][0], y0 = seg[s][1], x1 = seg[s][2], y1 = seg[s][3];
        bool horiz = y0 == y1;
        float p[12];
        /* A hexagonal bar with pointed ends, shortened by the gap. */
        if (horiz) {
            x0 += g;
            x1 -= g;
            float q[12] = {x0, y0, x0 + t * 0.5f, y0 - t * 0.5f, x1 - t * 0.5f, y0 - t * 0.5f,
                           x1, y0, x1 - t * 0.5f, y0 + t * 0.5f, x0 + t * 0.5f, y0 + t * 0.5f};
            memcpy(p, q, sizeof p);
        } else {
            y0 += g + (s == 1 || s == 5 ? t * 0.5f : 0);
            y1 -= g + (s == 2 || s == 4 ? t * 0.5f : 0);
            float q[12] = {x0, y0, x0 + t * 0.5f, y0 + t * 0.5f, x0 + t * 0.5f, y1 - t * 0.5f,
                           x0, y1, x0 - t * 0.5f, y1 - t * 0.5f, x0 - t * 0.5f, y0 + t * 0.5f};
            memcpy(p, q, sizeof p);
        }
        for (int i = 0; i < 6; i++) {
            float py = p[2 * i + 1];
            p[2 * i] = x + p[2 * i] + (h - py) * slant;
            p[2 * i + 1] = y + py;
        }
        batch_polygon(c->b, p, 6, (on >> s) & 1 ? lit : ghost);
    }
}

static unsigned seg_mask(char ch)
{
    static const unsigned digits[10] = {0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F};
    return ch >= '0' && ch <= '9' ? digits[ch - '0'] : 0;
}

static void readout(const struct tc *c, float x, float y, float h, const char *text)
{
    rgba hot = P(c, PAL_ORANGE_HOT);
    rgba ghost = color_alpha(hot, 0.09f);
    float dw = h * 0.5f, adv = h * 0.68f;
    float px = x;
    for (const char *s = text; *s; s++) {
        if (*s == ':') {
            float r = h * 0.05f;
            batch_rect(c->b, px + h * 0.06f, y + h * 0.28f, r * 2, r * 2, hot);
            batch_rect(c->b, px + h * 0.02f, y + h * 0.68f, r * 2, r * 2, hot);
            px += h * 0.22f;
            continue;
        }
        seg_digit(c, px, y, dw, h, seg_mask(*s), hot, ghost);
        px += adv;
    }
}

/* ---------------------------------------------------------- line targets */

static void line_targets(const struct tc *c, float x, float y, float w, float h)
{
    rgba org = P(c, PAL_ORANGE), wht = P(c, PAL_HUD_WHITE);
    /* A fan of hairlines at 5 degree steps: aliasing shows as beads. */
    float fx = X(c, x), fy = Y(c, y + h);
    for (int d = 0; d <= 90; d += 5) {
        float a = (float)(-d * M_PI / 180.0);
        batch_line(c->b, fx, fy, fx + w * 0.45f * c->u * cosf(a), fy + w * 0.45f * c->u * sinf(a),
                   1.0f, wht);
    }
    /* Widths 1..6 px, horizontal then diagonal. */
    for (int i = 0; i < 6; i++) {
        float lx = X(c, x + w * 0.55f), ly = snap(Y(c, y + 1 + (float)i * 1.6f));
        batch_line(c->b, lx, ly, lx + w * 0.42f * c->u, ly, (float)(i + 1), org);
    }
    /* A mitred zigzag and a closed star, to exercise joins and bevels. */
    float zig[14];
    for (int i = 0; i < 7; i++) {
        zig[2 * i] = X(c, x + w * 0.55f + (float)i * w * 0.07f);
        zig[2 * i + 1] = Y(c, y + h - 1 - (i & 1 ? 3.5f : 0));
    }
    batch_polyline(c->b, zig, 7, lw(c, 2), P(c, PAL_AQUA), false);
}

/* --------------------------------------------------------------- traces */

static void traces(const struct tc *c, float x, float y, float w, float h, double t)
{
    rgba dim = P(c, PAL_GRID_DIM);
    batch_rect_outline(c->b, X(c, x), Y(c, y), w * c->u, h * c->u, lw(c, 1.5f),
                       P(c, PAL_ORANGE));
    for (int i = 1; i < 8; i++)
        batch_line(c->b, snap(X(c, x + w * (float)i / 8)), Y(c, y), snap(X(c, x + w * (float)i / 8)),
                   Y(c, y + h), lw(c, 1), dim);
    for (int i = 1; i < 4; i++)
        batch_line(c->b, X(c, x), snap(Y(c, y + h * (float)i / 4)), X(c, x + w),
                   snap(Y(c, y + h * (float)i / 4)), lw(c, 1), dim);
    enum { N = 96 };
    float a[2 * N], b2[2 * N];
    for (int i = 0; i < N; i++) {
        float f = (float)i / (N - 1);
        float ph = (float)t * 0.0f; /* traces are static: the card must be able to sit still */
        a[2 * i] = X(c, x + w * f);
        a[2 * i + 1] = Y(c, y + h * (0.45f + 0.28f * sinf(f * 11.0f + ph) * cosf(f * 3.1f)));
        b2[2 * i] = a[2 * i];
        b2[2 * i + 1] = Y(c, y + h * (0.62f + 0.16f * sinf(f * 17.0f + 1.3f) * sinf(f * 2.3f)));
    }
    batch_polyline(c->b, a, N, lw(c, 2), P(c, PAL_TRACE_GREEN), false);
    batch_polyline(c->b, b2, N, lw(c, 2), P(c, PAL_INFO_BLUE), false);
}

/* ----------------------------------------------------------- pill meter */

static void pills(const struct tc *c, float x, float y, float w, float h, float fill)
{
    int n = 30;
    float pitch = w / (float)n;
    rgba teal = {0x40, 0xC8, 0xC0, 255}, blue = P(c, PAL_INFO_BLUE), violet = {0x8A, 0x6A, 0xE0, 255};
    for (int i = 0; i < n; i++) {
        float f = (float)i / (float)(n - 1);
        rgba col = f < 0.5f ? color_lerp(teal, blue, f * 2) : color_lerp(blue, violet, f * 2 - 1);
        bool lit = (float)i < fill * (float)n;
        batch_round_rect(c->b, X(c, x + (float)i * pitch), Y(c, y), pitch * 0.62f * c->u, h * c->u,
                         pitch * 0.31f * c->u, lit ? col : color_alpha(col, 0.16f));
    }
}

/* ------------------------------------------------------------- the card */

static void tc_draw(void *self, struct draw_ctx *ctx)
{
    struct testcard *card = self;
    double t = card->still ? 0.0 : ctx->t;
    struct draw_ctx local = *ctx;
    local.t = t;
    if (card->still)
        local.wake_at = NULL; /* a still card never asks for another frame */
    struct tc c = {
        .ctx = &local,
        .b = ctx->b,
        .pal = ctx->pal,
        .u = ctx->screen_h / 108.0f,
        .t = t,
    };
    /* Centre a 192 x 108 u field; on screens narrower than 16:9 shrink u. */
    if (ctx->screen_w < 192.0f * c.u)
        c.u = ctx->screen_w / 192.0f;
    c.ox = floorf((ctx->screen_w - 192.0f * c.u) * 0.5f);
    c.oy = floorf((ctx->screen_h - 108.0f * c.u) * 0.5f);
    batch_set_aa(c.b, 1.0f);

    frame(&c);
    swatches(&c, 8, 14);
    hexes(&c, 44, 30, 4.2f);
    magi(&c, 76, 12, t);
    ring_gauge(&c, 166, 30, 13, 0.62f);
    traces(&c, 8, 46, 46, 22, t);
    line_targets(&c, 60, 46, 44, 22);
    pills(&c, 112, 52, 66, 7, 0.57f);

    /* Plates: rounded 2 px outlines with a rule, a filled title tab. */
    float w2 = lw(&c, 2);
    batch_round_rect_outline(c.b, X(&c, 112), Y(&c, 62), 32 * c.u, 10 * c.u, 0.6f * c.u, w2,
                             P(&c, PAL_ORANGE));
    batch_line(c.b, X(&c, 113), snap(Y(&c, 67)), X(&c, 143), snap(Y(&c, 67)), lw(&c, 1),
               P(&c, PAL_ORANGE));
    batch_rect(c.b, X(&c, 146), Y(&c, 62), 14 * c.u, 4 * c.u, P(&c, PAL_ORANGE_FILL));
    batch_round_rect_outline(c.b, X(&c, 162), Y(&c, 62), 16 * c.u, 10 * c.u, 0.6f * c.u, w2,
                             P(&c, PAL_DENY_RED));
    /* Lifeline gradient bars. */
    for (int i = 0; i < 4; i++) {
        rgba top = color_alpha(P(&c, PAL_TRACE_GREEN), 0.05f),
             mid = color_alpha(P(&c, PAL_TRACE_GREEN), 0.35f);
        batch_rect_grad(c.b, X(&c, 146 + (float)i * 3.4f), Y(&c, 67), 2.4f * c.u, 5 * c.u, top,
                        top, mid, mid);
    }

    /* The readout: elapsed clock time over its ghost 88s. */
    char buf[16];
    int secs = (int)floor(t);
    snprintf(buf, sizeof buf, "%02d:%02d:%02d", (secs / 3600) % 100, (secs / 60) % 60, secs % 60);
    readout(&c, X(&c, 60), Y(&c, 74), 18 * c.u, buf);
    draw_wake_at(&local, floor(t) + 1.0);

    /* Hazard bar scrolling at 38 px/s (at 1080p), in whole-pixel steps. */
    float speed = 3.8f * c.u;
    float off = local.reduce_motion ? 0.0f : floorf((float)fmod(t * speed, 1e6));
    batch_hazard(c.b, X(&c, 8), Y(&c, 76), 44 * c.u, 4 * c.u, 1.5f * c.u * 0.7071f,
                 1.5f * c.u * 0.7071f, -(float)M_PI / 4, off, P(&c, PAL_ORANGE_FILL));
    batch_hazard(c.b, X(&c, 8), Y(&c, 82), 44 * c.u, 4 * c.u, 1.5f * c.u * 0.7071f,
                 1.5f * c.u * 0.7071f, (float)M_PI / 4, -off, P(&c, PAL_ALERT_RED));
    if (!local.reduce_motion && speed > 0)
        draw_wake_at(&local, (floor(t * speed) + 1.0) / speed);
    /* A blinking status stamp (slow status blink, 1.2 s). */
    if (draw_blink(&local, 1.2, 0.0))
        batch_round_rect_outline(c.b, X(&c, 8), Y(&c, 88), 20 * c.u, 6 * c.u, 0.6f * c.u,
                                 lw(&c, 3), P(&c, PAL_DENY_RED));
}

static void tc_destroy(void *self) { free(self); }

bool testcard_open(struct content *out, const struct testcard_desc *d)
{
    struct testcard *card = calloc(1, sizeof *card);
    if (!card)
        return false;
    card->still = d && d->still;
    memset(out, 0, sizeof *out);
    out->self = card;
    out->draw = tc_draw;
    out->destroy = tc_destroy;
    return true;
}
