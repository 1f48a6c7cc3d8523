/* ink: see ink.h. */
#include "widgets/ink.h"

#include <math.h>
#include <string.h>

rgba ink_pal(const struct draw_ctx *ctx, enum pal_token t)
{
    const struct palette *p = ctx->pal ? ctx->pal : palette_default();
    return p->c[t];
}

rgba ink_level(const struct draw_ctx *ctx, enum level l, enum pal_token nominal)
{
    switch (l) {
    case LEVEL_NOMINAL:
        return ink_pal(ctx, nominal);
    case LEVEL_CAUTION:
        return ink_pal(ctx, PAL_ORANGE_HOT);
    case LEVEL_ALERT:
    case LEVEL_EMERGENCY:
        return ink_pal(ctx, PAL_BAR_RED);
    }
    return ink_pal(ctx, nominal);
}

struct text_metrics ink_text(const struct draw_ctx *ctx, enum font_face face, float size,
                             float x, float y, enum text_align align, enum text_valign valign,
                             rgba c, const char *s)
{
    return ink_text_fit(ctx, face, size, x, y, align, valign, 0.0f, c, s);
}

struct text_metrics ink_text_fit(const struct draw_ctx *ctx, enum font_face face, float size,
                                 float x, float y, enum text_align align,
                                 enum text_valign valign, float max_width, rgba c,
                                 const char *s)
{
    struct text_style st = {
        .face = face,
        .size = size,
        .align = align,
        .valign = valign,
        .max_width = max_width,
        .color = c,
    };
    return text_draw(ctx->text, ctx->b, &st, x, y, s ? s : "");
}

struct text_metrics ink_text_span(const struct draw_ctx *ctx, enum font_face face, float size,
                                  float tracking, float x, float y, enum text_align align,
                                  enum text_valign valign, float width, rgba c, const char *s)
{
    struct text_style st = {
        .face = face,
        .size = size,
        .tracking = tracking,
        .align = align,
        .valign = valign,
        .color = c,
    };
    s = s ? s : "";
    float w = text_measure(ctx->text, &st, s).width;
    if (w > 0 && width > 0) {
        float k = width / w;
        if (k > 1.25f)
            k = 1.25f;
        if (k < 0.55f) {
            st.size *= k / 0.55f;
            k = 0.55f;
        }
        st.scale_x = k;
    }
    return text_draw(ctx->text, ctx->b, &st, x, y, s);
}

#define LABEL_TRACKING 0.12f /* STYLE.md: small labels tracked +0.1..0.2 em */

static struct text_style label_style(float size, float tracking, enum text_align align,
                                     enum text_valign valign, float max_width, rgba c)
{
    struct text_style st = {
        .face = FONT_SANS,
        .size = size,
        .tracking = tracking,
        .align = align,
        .valign = valign,
        .max_width = max_width,
        .color = c,
    };
    return st;
}

struct text_metrics ink_label_t(const struct draw_ctx *ctx, float size, float tracking, float x,
                                float y, enum text_align align, enum text_valign valign,
                                float max_width, rgba c, const char *s)
{
    struct text_style st = label_style(size, tracking, align, valign, max_width, c);
    return text_draw(ctx->text, ctx->b, &st, x, y, s ? s : "");
}

struct text_metrics ink_label(const struct draw_ctx *ctx, float size, float x, float y,
                              enum text_align align, enum text_valign valign, float max_width,
                              rgba c, const char *s)
{
    return ink_label_t(ctx, size, LABEL_TRACKING, x, y, align, valign, max_width, c, s);
}

float ink_label_width_t(const struct draw_ctx *ctx, float size, float tracking, const char *s)
{
    struct text_style st = label_style(size, tracking, TEXT_LEFT, TEXT_BASELINE, 0,
                                       ink_pal(ctx, PAL_ORANGE));
    return text_measure(ctx->text, &st, s ? s : "").width;
}

float ink_label_width(const struct draw_ctx *ctx, float size, const char *s)
{
    return ink_label_width_t(ctx, size, LABEL_TRACKING, s);
}

void ink_seg7_strings(const char *s, char *value, char *ghost, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return;
    for (; s && s[i] && i + 1 < n; i++) {
        char ch = s[i];
        value[i] = ch == ' ' ? '!' : ch;
        ghost[i] = (ch == '.' || ch == ':') ? ch : '8';
    }
    value[i] = ghost[i] = '\0';
}

void ink_seg7_blank(const char *s, char *out, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return;
    for (; s && s[i] && i + 1 < n; i++)
        out[i] = (s[i] == '.' || s[i] == ':') ? s[i] : ' ';
    out[i] = '\0';
}

struct text_metrics ink_seg7(const struct draw_ctx *ctx, float size, float x, float y,
                             enum text_align align, enum text_valign valign, rgba c,
                             float ghost_alpha, const char *s)
{
    char value[64], ghost[64];
    ink_seg7_strings(s, value, ghost, sizeof value);
    struct text_style st = {
        .face = FONT_SEG7, .size = size, .align = align, .valign = valign, .color = c};
    if (ghost_alpha > 0) {
        st.color = color_alpha(c, ghost_alpha);
        text_draw(ctx->text, ctx->b, &st, x, y, ghost);
        st.color = c;
    }
    return text_draw(ctx->text, ctx->b, &st, x, y, value);
}

void ink_double_rule(const struct draw_ctx *ctx, float x, float y, float len, float w, float gap,
                     rgba c)
{
    batch_rect(ctx->b, x, y, len, w, c);
    float thin = fmaxf(1.0f, w * 0.5f);
    batch_rect(ctx->b, x, y + w + gap, len, thin, color_alpha(c, 0.45f));
}

void ink_corners(const struct draw_ctx *ctx, struct box b, float len, float w, rgba c)
{
    struct batch *bt = ctx->b;
    float x0 = b.x, y0 = b.y, x1 = b.x + b.w, y1 = b.y + b.h;
    batch_rect(bt, x0, y0, len, w, c);
    batch_rect(bt, x0, y0, w, len, c);
    batch_rect(bt, x1 - len, y0, len, w, c);
    batch_rect(bt, x1 - w, y0, w, len, c);
    batch_rect(bt, x0, y1 - w, len, w, c);
    batch_rect(bt, x0, y1 - len, w, len, c);
    batch_rect(bt, x1 - len, y1 - w, len, w, c);
    batch_rect(bt, x1 - w, y1 - len, w, len, c);
}

void ink_cross(const struct draw_ctx *ctx, float x, float y, float r, float w, rgba c)
{
    batch_rect(ctx->b, x - r, y - w * 0.5f, 2 * r, w, c);
    batch_rect(ctx->b, x - w * 0.5f, y - r, w, 2 * r, c);
}

/* STYLE.md: 33..43 px/s at 1080p, faster at higher states: 33 px/s at rate
 * 1 rising 5 px/s per unit of animation rate, to 43 px/s at rate 3. The rate
 * is the larger of the screen's and the one the stripes' own level implies
 * (1, 1.5, 2, 3), so a CAUTION panel on a calm screen still speeds up. */
static float hazard_speed(const struct draw_ctx *ctx, enum level l)
{
    static const float level_rate[] = {1.0f, 1.5f, 2.0f, 3.0f};
    int i = (int)l;
    if (i < 0)
        i = 0;
    if (i > 3)
        i = 3;
    float rate = fmaxf(level_rate[i], ctx->anim_rate > 0 ? ctx->anim_rate : 1.0f);
    if (rate > 3.0f)
        rate = 3.0f;
    return (33.0f + 5.0f * (rate - 1.0f)) * ctx->u / 10.0f;
}

float ink_hazard_offset(const struct draw_ctx *ctx, enum level l, float period)
{
    if (ctx->reduce_motion)
        return 0.0f;
    float speed = hazard_speed(ctx, l);
    if (speed <= 0.0f)
        return 0.0f;
    /* Step whole device pixels: the picture changes only when a stripe moves
     * by one pixel, so the frame loop can sleep in between. Once the picture
     * has settled the stripes stand where they were (a panel held at CAUTION
     * for hours would otherwise keep the display drawing ~40 frames a
     * second). */
    double px = floor(draw_motion_t(ctx) * speed);
    draw_wake_motion(ctx, (px + 1.0) / speed);
    return (float)fmod(px, (double)period);
}

void ink_hazard(const struct draw_ctx *ctx, float x, float y, float w, float h, float stripe,
                enum level l, rgba c)
{
    float s = stripe > 0 ? stripe : 1.5f * ctx->u;
    /* The pattern repeats every 2s across the stripes, 2s*sqrt(2) along x. */
    float off = ink_hazard_offset(ctx, l, 2.0f * s * (float)M_SQRT2);
    batch_hazard(ctx->b, x, y, w, h, s, s, -(float)M_PI / 4.0f, off, c);
}

void ink_no_signal(const struct draw_ctx *ctx, struct box b)
{
    float u = ctx->u;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    /* Dim whatever frame is under it, then hatch the field. */
    batch_rect(ctx->b, b.x, b.y, b.w, b.h, color_alpha(ink_pal(ctx, PAL_VOID), 0.55f));
    batch_hazard(ctx->b, b.x, b.y, b.w, b.h, 0.15f * u, 1.2f * u, -(float)M_PI / 4.0f, 0.0f,
                 color_alpha(orange, 0.12f));
    float size = fminf(2.4f * u, b.h * 0.28f);
    if (size < 0.6f * u)
        return;
    float pw = fminf(b.w * 0.8f, size * 7.0f);
    float ph = size * 2.1f;
    float px = b.x + (b.w - pw) * 0.5f, py = b.y + (b.h - ph) * 0.5f;
    batch_rect(ctx->b, px, py, pw, ph, ink_pal(ctx, PAL_VOID));
    batch_rect_outline(ctx->b, px, py, pw, ph, fmaxf(1.0f, 0.2f * u), orange);
    float mid = py + ph * 0.5f;
    ink_text_fit(ctx, FONT_SERIF, size * 0.62f, px + pw * 0.5f, mid - size * 0.12f, TEXT_CENTER,
                 TEXT_BASELINE, pw * 0.9f, orange, "信号途絶");
    ink_label(ctx, size * 0.48f, px + pw * 0.5f, mid + size * 0.22f, TEXT_CENTER, TEXT_CAP_TOP,
              pw * 0.9f, orange, "NO SIGNAL");
}

/* Signed area * 2 (positive = clockwise on screen, y down). */
static float poly_area2(const float *p, int n)
{
    float a = 0;
    for (int i = 0; i < n; i++) {
        const float *q = p + 2 * i, *r = p + 2 * ((i + 1) % n);
        a += q[0] * r[1] - r[0] * q[1];
    }
    return a;
}

int ink_clip_convex(const float *in, int n, const float *clip, int m, float *out)
{
    float buf[2][2 * 24];
    if (n < 3 || m < 3 || n + m > 24)
        return 0;
    float orient = poly_area2(clip, m) >= 0 ? 1.0f : -1.0f;
    memcpy(buf[0], in, sizeof(float) * 2 * (size_t)n);
    int cur = 0, cnt = n;
    for (int e = 0; e < m && cnt > 0; e++) {
        const float *a = clip + 2 * e, *b = clip + 2 * ((e + 1) % m);
        float ex = b[0] - a[0], ey = b[1] - a[1];
        const float *src = buf[cur];
        float *dst = buf[cur ^ 1];
        int k = 0;
        for (int i = 0; i < cnt; i++) {
            const float *p = src + 2 * i, *q = src + 2 * ((i + 1) % cnt);
            float dp = orient * (ex * (p[1] - a[1]) - ey * (p[0] - a[0]));
            float dq = orient * (ex * (q[1] - a[1]) - ey * (q[0] - a[0]));
            if (dp >= 0) {
                dst[2 * k] = p[0];
                dst[2 * k + 1] = p[1];
                k++;
            }
            if ((dp >= 0) != (dq >= 0) && k < 24) {
                float t = dp / (dp - dq);
                dst[2 * k] = p[0] + (q[0] - p[0]) * t;
                dst[2 * k + 1] = p[1] + (q[1] - p[1]) * t;
                k++;
            }
        }
        cur ^= 1;
        cnt = k;
    }
    if (cnt < 3)
        return 0;
    memcpy(out, buf[cur], sizeof(float) * 2 * (size_t)cnt);
    return cnt;
}

void ink_stripes(const struct draw_ctx *ctx, const float *poly, int m, float a, float b,
                 float period, float duty, float phase, rgba c)
{
    if (m < 3 || m > 12 || period <= 0 || duty <= 0)
        return;
    float nn = a * a + b * b;
    float dmin = INFINITY, dmax = -INFINITY, tmin = INFINITY, tmax = -INFINITY;
    for (int i = 0; i < m; i++) {
        float x = poly[2 * i], y = poly[2 * i + 1];
        float d = a * x + b * y, t = (-b * x + a * y);
        dmin = fminf(dmin, d);
        dmax = fmaxf(dmax, d);
        tmin = fminf(tmin, t);
        tmax = fmaxf(tmax, t);
    }
    /* Points are n*D/|n|^2 + t*T/|n|^2 with n = (a, b), T = (-b, a). */
    tmin -= 1.0f;
    tmax += 1.0f;
    float k0 = floorf((dmin - phase) / period);
    float out[2 * 24];
    for (float k = k0; phase + k * period < dmax; k += 1.0f) {
        float d0 = phase + k * period, d1 = d0 + duty * period;
        float q[8] = {
            (a * d0 - b * tmin) / nn, (b * d0 + a * tmin) / nn,
            (a * d1 - b * tmin) / nn, (b * d1 + a * tmin) / nn,
            (a * d1 - b * tmax) / nn, (b * d1 + a * tmax) / nn,
            (a * d0 - b * tmax) / nn, (b * d0 + a * tmax) / nn,
        };
        int cnt = ink_clip_convex(q, 4, poly, m, out);
        if (cnt >= 3)
            batch_polygon(ctx->b, out, cnt, c);
    }
}

float ink_clamp01(float f)
{
    if (!(f > 0))
        return 0; /* also NaN */
    return f < 1 ? f : 1;
}

uint64_t ink_hash(uint64_t seed, uint64_t a, uint64_t b)
{
    /* splitmix64 finaliser over a simple combination. */
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (a + 1) + 0xC2B2AE3D27D4EB4Full * (b + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

float ink_hash01(uint64_t seed, uint64_t a, uint64_t b)
{
    return (float)(ink_hash(seed, a, b) >> 40) / (float)(1ull << 24);
}

bool box_drawable(struct box b)
{
    return b.w >= 1.0f && b.h >= 1.0f && isfinite(b.x) && isfinite(b.y) && isfinite(b.w) &&
           isfinite(b.h) && b.w < 1e5f && b.h < 1e5f;
}

struct box box_inset(struct box b, float d)
{
    struct box o = {b.x + d, b.y + d, b.w - 2 * d, b.h - 2 * d};
    if (o.w < 0)
        o.w = 0;
    if (o.h < 0)
        o.h = 0;
    return o;
}

struct box box_make(float x, float y, float w, float h)
{
    struct box o = {x, y, w, h};
    return o;
}
