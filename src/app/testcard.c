/* testcard: see testcard.h.
 *
 * Laid out in units of u = H/108 (STYLE.md rule 8) on a 192 x 108 u field
 * centred in the screen, so every size shows the same picture. Three columns
 * (A: x 8-60, B: 64-128, C: 132-184) and four rows under a title band; the
 * chassis, rulers and registration marks frame it all. */
#include "app/testcard.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/color.h"
#include "render/batch.h"
#include "render/text.h"

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
    struct text *text;
    const struct palette *pal;
    float ox, oy, u; /* field origin (pixels) and unit */
    double t;
};

static rgba P(const struct tc *c, enum pal_token t) { return c->pal->c[t]; }
static float X(const struct tc *c, float x) { return c->ox + x * c->u; }
static float Y(const struct tc *c, float y) { return c->oy + y * c->u; }
static float U(const struct tc *c, float v) { return v * c->u; }
/* Pixel centre: keeps 1 px lines crisp. */
static float snap(float v) { return floorf(v) + 0.5f; }
/* Line widths scale with the screen but never drop below one pixel. */
static float lw(const struct tc *c, float px_at_1080) { return fmaxf(1.0f, px_at_1080 * c->u / 10.0f); }
static rgba black(void) { return (rgba){0, 0, 0, 255}; }

/* ------------------------------------------------------------------ text */

struct lbl {
    enum font_face face;
    float size;     /* em, u */
    enum text_align align;
    enum text_valign valign;
    float track;    /* em */
    float sx;       /* horizontal scale, 0 = 1 */
    float max_w;    /* u, 0 = none */
    rgba color;
};

static float label(const struct tc *c, const struct lbl *l, float x, float y, const char *s)
{
    if (!c->text)
        return 0;
    struct text_style st = {
        .face = l->face,
        .size = U(c, l->size),
        .scale_x = l->sx,
        .tracking = l->track,
        .align = l->align,
        .valign = l->valign,
        .max_width = l->max_w > 0 ? U(c, l->max_w) : 0,
        .color = l->color,
    };
    struct text_metrics m = text_draw(c->text, c->b, &st, X(c, x), Y(c, y), s);
    return m.width / c->u;
}

/* A micro code: condensed caps, tracked, top-aligned. */
static float micro(const struct tc *c, float x, float y, enum text_align al, rgba col,
                   const char *s)
{
    struct lbl l = {FONT_SANS, 1.5f, al, TEXT_CAP_TOP, 0.14f, 0, 0, col};
    return label(c, &l, x, y, s);
}

static void bilingual(const struct tc *c, float x, float y, float size, const char *jp,
                      const char *en, bool below, enum text_align al, rgba col)
{
    if (!c->text)
        return;
    struct text_bilingual bl = {
        .jp = jp, .en = en, .size = U(c, size), .gloss_below = below, .align = al, .color = col,
    };
    float w, h;
    text_draw_bilingual(c->text, c->b, &bl, X(c, x), Y(c, y), &w, &h);
}

/* A section heading: bilingual label over a double rule. */
static void heading(const struct tc *c, float x0, float x1, float y, const char *jp,
                    const char *en, const char *right)
{
    rgba org = P(c, PAL_ORANGE);
    bilingual(c, x0, y, 2.6f, jp, en, false, TEXT_LEFT, org);
    if (right)
        micro(c, x1, y + 1.0f, TEXT_RIGHT, org, right);
    batch_rect(c->b, X(c, x0), Y(c, y + 3.4f), U(c, x1 - x0), lw(c, 2), org);
    batch_rect(c->b, X(c, x0), Y(c, y + 3.4f) + lw(c, 2) + lw(c, 2), U(c, x1 - x0), lw(c, 1),
               color_alpha(org, 0.6f));
}

/* ------------------------------------------------------------- structure */

static void reg_mark(const struct tc *c, float x, float y, float arm, rgba col)
{
    float w = lw(c, 1);
    float sx = snap(x), sy = snap(y);
    batch_line(c->b, sx - arm, sy, sx + arm + 1, sy, w, col);
    batch_line(c->b, sx, sy - arm, sx, sy + arm + 1, w, col);
}

static void rulers(const struct tc *c, float x0, float y0, float x1, float y1)
{
    rgba dim = P(c, PAL_GRID_DIM), org = P(c, PAL_ORANGE);
    float w = lw(c, 1);
    /* A tick every u, longer every 5 u, longest and numbered every 10 u,
     * signed from the centre lines (STYLE.md motif 17). */
    float cx = (x0 + x1) * 0.5f, cy = (y0 + y1) * 0.5f;
    struct lbl num = {FONT_MONO, 1.1f, TEXT_CENTER, TEXT_CAP_TOP, 0, 0.9f, 0, color_alpha(org, 0.55f)};
    char buf[16];
    for (int k = -100; k <= 100; k++) {
        float x = cx + (float)k;
        if (x < x0 + 0.5f || x > x1 - 0.5f)
            continue;
        bool ten = k % 10 == 0, five = k % 5 == 0;
        float len = ten ? 1.6f : (five ? 1.0f : 0.5f);
        rgba col = ten ? color_alpha(org, 0.8f) : dim;
        float px = snap(X(c, x));
        batch_line(c->b, px, Y(c, y0), px, Y(c, y0 + len), w, col);
        batch_line(c->b, px, Y(c, y1 - len), px, Y(c, y1), w, col);
        if (ten && k != 0 && fabsf(x - x0) > 4 && fabsf(x - x1) > 4) {
            snprintf(buf, sizeof buf, "%+d", k);
            /* The top centre holds the running header. */
            if (abs(k) > 40)
                label(c, &num, x, y0 + 2.0f, buf);
        }
    }
    num.align = TEXT_LEFT;
    num.valign = TEXT_CAP_MIDDLE;
    for (int k = -60; k <= 60; k++) {
        float y = cy + (float)k;
        if (y < y0 + 0.5f || y > y1 - 0.5f)
            continue;
        bool ten = k % 10 == 0, five = k % 5 == 0;
        float len = ten ? 1.6f : (five ? 1.0f : 0.5f);
        rgba col = ten ? color_alpha(org, 0.8f) : dim;
        float py = snap(Y(c, y));
        batch_line(c->b, X(c, x0), py, X(c, x0 + len), py, w, col);
        batch_line(c->b, X(c, x1 - len), py, X(c, x1), py, w, col);
        if (ten && k != 0 && fabsf(y - y0) > 4 && fabsf(y - y1) > 4) {
            snprintf(buf, sizeof buf, "%+d", k);
            label(c, &num, x0 + 2.0f, y, buf);
        }
    }
}

static void frame(const struct tc *c)
{
    rgba org = P(c, PAL_ORANGE), dim = P(c, PAL_GRID_DIM);
    /* Registration marks in the gutters: between the columns every 12 u,
     * and along the row under the title band. */
    for (int j = 2; j < 9; j++) {
        reg_mark(c, X(c, 62), Y(c, (float)j * 12.0f - 4.0f), U(c, 0.6f), dim);
        reg_mark(c, X(c, 130), Y(c, (float)j * 12.0f - 4.0f), U(c, 0.6f), dim);
    }
    for (int i = 0; i < 16; i++)
        reg_mark(c, X(c, 8.0f + (float)i * 12.0f), Y(c, 18.0f), U(c, 0.6f), dim);
    /* Chassis: square-cornered rules (rounded corners belong to plates). */
    batch_rect_outline(c->b, X(c, 1.5f), Y(c, 1.5f), U(c, 189), U(c, 105), lw(c, 2), org);
    batch_rect_outline(c->b, X(c, 2.5f), Y(c, 2.5f), U(c, 187), U(c, 103), lw(c, 1),
                       color_alpha(org, 0.35f));
    rulers(c, 2.5f, 2.5f, 189.5f, 105.5f);
    /* Corner targets for lining up a projector: ring and cross. */
    const float corners[4][2] = {{6.5f, 6.5f}, {185.5f, 6.5f}, {185.5f, 101.5f}, {6.5f, 101.5f}};
    for (int i = 0; i < 4; i++) {
        float x = X(c, corners[i][0]), y = Y(c, corners[i][1]);
        batch_arc(c->b, x, y, U(c, 1.6f) - lw(c, 1.5f), U(c, 1.6f), 0, (float)(2 * M_PI), org);
        reg_mark(c, x, y, U(c, 2.4f), org);
    }
}

/* ------------------------------------------------------------ title band */

static void title_band(const struct tc *c)
{
    rgba org = P(c, PAL_ORANGE), hot = P(c, PAL_ORANGE_HOT);
    struct lbl kanji = {FONT_SERIF, 8.2f, TEXT_LEFT, TEXT_CAP_TOP, -0.02f, 0.92f, 0, org};
    float w = label(c, &kanji, 9, 6.0f, "試験信号");
    float x = 9 + w + 2.0f;
    struct lbl head = {FONT_SANS, 3.6f, TEXT_LEFT, TEXT_CAP_TOP, 0.04f, 0, 0, org};
    label(c, &head, x, 6.2f, "TEST CARD");
    struct lbl sub = {FONT_SANS, 1.8f, TEXT_LEFT, TEXT_CAP_TOP, 0.16f, 0, 0, org};
    label(c, &sub, x, 10.4f, "DISPLAY ENGINE  ·  MAGI-01");
    label(c, &sub, x, 12.7f, "ALL PRIMITIVES / ALL FACES / ALL TOKENS");
    batch_rect(c->b, X(c, 8), Y(c, 16.0f), U(c, 82), lw(c, 2), org);
    batch_rect(c->b, X(c, 8), Y(c, 16.0f) + 2 * lw(c, 2), U(c, 82), lw(c, 2), org);

    /* Centre: the running header, micro codes between rules. */
    micro(c, 96, 3.6f, TEXT_CENTER, org,
          "MAGI SYSTEM TEST PATTERN   //   CALIBRATION   //   REV 0.1");
    /* Top right: LIVE plate and the clock readout. */
    rgba white = P(c, PAL_HUD_WHITE);
    batch_round_rect_outline(c->b, X(c, 150), Y(c, 5.5f), U(c, 9.5f), U(c, 3.4f), U(c, 0.6f),
                             lw(c, 2), white);
    struct draw_ctx tmp = *c->ctx;
    if (draw_blink(&tmp, 2.0, 0.0))
        batch_arc(c->b, X(c, 152.0f), Y(c, 7.2f), 0, U(c, 0.75f), 0, (float)(2 * M_PI), white);
    struct lbl live = {FONT_SANS, 2.1f, TEXT_LEFT, TEXT_CAP_MIDDLE, 0.08f, 0, 0, white};
    label(c, &live, 153.4f, 7.2f, "LIVE");
    struct lbl jst = {FONT_SANS, 1.5f, TEXT_LEFT, TEXT_BASELINE, 0.1f, 0, 0, org};
    label(c, &jst, 162, 8.5f, "T+");
    int secs = (int)floor(c->t);
    char clock[32];
    snprintf(clock, sizeof clock, "%02d:%02d:%02d", (secs / 3600) % 100, (secs / 60) % 60, secs % 60);
    struct lbl seg = {FONT_SEG7, 3.4f, TEXT_RIGHT, TEXT_BASELINE, 0, 0, 0, color_alpha(hot, 0.09f)};
    label(c, &seg, 184, 8.6f, "88:88:88");
    seg.color = hot;
    label(c, &seg, 184, 8.6f, clock);
    /* The resolution and unit, so a projector operator can read them off. */
    char res[96];
    snprintf(res, sizeof res, "%.0fx%.0f  u=%.2f PX  SEED %llu", c->ctx->screen_w,
             c->ctx->screen_h, (double)c->u, c->ctx->seed);
    struct lbl mono = {FONT_MONO, 1.45f, TEXT_RIGHT, TEXT_CAP_TOP, 0, 0.92f, 0, org};
    label(c, &mono, 184, 11.2f, res);
    label(c, &mono, 184, 13.6f, "EFFECTS: BLOOM  SCANLINE  VIGNETTE  GRAIN");
    batch_rect(c->b, X(c, 132), Y(c, 16.0f), U(c, 52), lw(c, 2), org);

    /* The info block of the show's MAGI screens. */
    struct lbl code = {FONT_SANS, 3.0f, TEXT_LEFT, TEXT_CAP_TOP, 0.18f, 0, 0, org};
    label(c, &code, 94, 6.2f, "CODE:127");
    struct lbl info = {FONT_SANS, 1.55f, TEXT_LEFT, TEXT_CAP_TOP, 0.16f, 0, 0, org};
    label(c, &info, 94, 10.0f, "FILE:MAGI_SYS   EXTENTION:4088");
    label(c, &info, 94, 12.2f, "EX_MODE:OFF   PRIORITY:AAA");
    batch_rect(c->b, X(c, 94), Y(c, 16.0f), U(c, 34), lw(c, 2), org);
}

/* ------------------------------------------------------------- palette */

static void palette(const struct tc *c, float x, float y)
{
    heading(c, x, x + 52, y, "色票", "PALETTE", "16 TOKENS");
    struct lbl name = {FONT_MONO, 1.35f, TEXT_LEFT, TEXT_CAP_MIDDLE, 0, 0.9f, 0, P(c, PAL_ORANGE)};
    struct lbl hex = {FONT_MONO, 1.2f, TEXT_RIGHT, TEXT_CAP_MIDDLE, 0, 0.9f, 0,
                      color_alpha(P(c, PAL_ORANGE), 0.55f)};
    for (int t = 0; t < PAL_COUNT; t++) {
        float sx = x + (float)(t / 8) * 27.0f, sy = y + 5.4f + (float)(t % 8) * 2.55f;
        rgba col = P(c, (enum pal_token)t);
        if (t == PAL_VOID)
            batch_rect_outline(c->b, X(c, sx), Y(c, sy), U(c, 4), U(c, 1.8f), lw(c, 1),
                               P(c, PAL_GRID_DIM));
        else
            batch_rect(c->b, X(c, sx), Y(c, sy), U(c, 4), U(c, 1.8f), col);
        label(c, &name, sx + 5.0f, sy + 0.9f, palette_token_name((enum pal_token)t));
        char hx[16];
        if (col.a == 255)
            snprintf(hx, sizeof hx, "#%02X%02X%02X", col.r, col.g, col.b);
        else
            snprintf(hx, sizeof hx, "%d%%", (col.a * 100 + 127) / 255);
        label(c, &hex, sx + 25.0f, sy + 0.9f, hx);
    }
}

/* ----------------------------------------------------------- typefaces */

static void typefaces(const struct tc *c, float x, float y)
{
    rgba org = P(c, PAL_ORANGE);
    heading(c, x, x + 52, y, "書体", "TYPEFACES", "5 FACES");
    struct lbl tag = {FONT_MONO, 1.1f, TEXT_LEFT, TEXT_BASELINE, 0, 0.9f, 0, color_alpha(org, 0.55f)};
    float ry = y + 7.9f;
    struct lbl l = {FONT_SANS, 2.4f, TEXT_LEFT, TEXT_BASELINE, 0.06f, 0, 51, org};
    label(c, &tag, x, ry - 2.4f, "SANS  LIBERATION SANS NARROW BOLD");
    label(c, &l, x, ry, "SIGNAL: STORAGE 84 %  0123456789");
    ry += 5.0f;
    l = (struct lbl){FONT_SERIF, 3.1f, TEXT_LEFT, TEXT_BASELINE, 0, 0.9f, 51, org};
    label(c, &tag, x, ry - 3.1f, "SERIF  NOTO SERIF CJK JP BLACK");
    label(c, &l, x, ry, "活動限界 主電源供給システム 承認 否定");
    ry += 5.2f;
    label(c, &tag, x, ry - 3.3f, "SEG7  DSEG7 CLASSIC BOLD ITALIC");
    l = (struct lbl){FONT_SEG7, 2.9f, TEXT_LEFT, TEXT_BASELINE, 0, 0, 0,
                     color_alpha(P(c, PAL_ORANGE_HOT), 0.09f)};
    label(c, &l, x, ry, "88.8  88:88:88");
    l.color = P(c, PAL_ORANGE_HOT);
    label(c, &l, x, ry, "41.3  12:34:56");
    ry += 3.9f;
    label(c, &tag, x, ry - 2.2f, "MONO  JETBRAINS MONO BOLD");
    l = (struct lbl){FONT_MONO, 1.8f, TEXT_LEFT, TEXT_BASELINE, 0, 0, 51, P(c, PAL_TERM_GREEN)};
    label(c, &l, x, ry, "0x7F3A {}[]<=> rx=3.92 GB/s");
    ry += 7.4f;
    label(c, &tag, x, ry - 5.6f, "DISPLAY  CONDENSED, EMBOLDENED, STRETCHED");
    l = (struct lbl){FONT_DISPLAY, 5.0f, TEXT_LEFT, TEXT_BASELINE, 0.02f, 0, 0, P(c, PAL_ALERT_RED)};
    float w = label(c, &l, x, ry, "EMERGENCY");
    /* Mechanical squeeze: the same word at STYLE.md's scales. */
    const float scales[4] = {0.55f, 0.82f, 1.0f, 1.25f};
    float sx = x + w + 1.5f;
    for (int i = 0; i < 4; i++) {
        char s[16];
        snprintf(s, sizeof s, "%.2f", (double)scales[i]);
        struct lbl q = {FONT_SANS, 2.4f, TEXT_LEFT, TEXT_BASELINE, 0, scales[i], 0, org};
        struct lbl qt = {FONT_MONO, 1.0f, TEXT_LEFT, TEXT_BASELINE, 0, 0.9f, 0,
                         color_alpha(org, 0.55f)};
        label(c, &qt, sx, ry - 2.7f, s);
        sx += label(c, &q, sx, ry, "MAGI") + 1.2f;
    }
}

/* --------------------------------------------------------------- MAGI */

/* A panel with the given corners chamfered at 45 degrees (bit 0 top-left,
 * clockwise). */
static void chamfered(const struct tc *c, float x, float y, float w, float h, float ch,
                      unsigned corners, rgba col)
{
    float p[16];
    int n = 0;
#define PT(px, py)                                                                     \
    do {                                                                               \
        p[2 * n] = X(c, px);                                                           \
        p[2 * n + 1] = Y(c, py);                                                       \
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

static void magi_panel(const struct tc *c, float x, float y, float w, float h, unsigned corners,
                       rgba fill, const char *name, const char *sig)
{
    chamfered(c, x, y, w, h, 4.0f, corners, fill);
    struct lbl n = {FONT_SANS, 3.0f, TEXT_CENTER, TEXT_CAP_TOP, 0.06f, 0, w - 6, black()};
    label(c, &n, x + w * 0.5f, y + 2.6f, name);
    batch_rect(c->b, X(c, x + w * 0.2f), Y(c, y + 6.2f), U(c, w * 0.6f), lw(c, 1.5f),
               color_alpha(black(), 0.8f));
    struct lbl s = {FONT_SANS, 1.4f, TEXT_CENTER, TEXT_CAP_TOP, 0.2f, 0, w - 4, black()};
    label(c, &s, x + w * 0.5f, y + 7.1f, sig);
}

static void magi(const struct tc *c, float x0, float y0)
{
    /* STYLE.md motif 4: BALTHASAR top centre, CASPER lower left, MELCHIOR
     * lower right, corners facing the centre chamfered, orange connector bars
     * to a central serif MAGI. CASPER deliberates: mint <-> red, 0.4 s steps. */
    rgba org = P(c, PAL_ORANGE), bar = P(c, PAL_ORANGE_FILL), mint = P(c, PAL_MINT);
    bilingual(c, x0, y0, 2.6f, "提訴", "PROPOSAL", false, TEXT_LEFT, org);
    bilingual(c, x0 + 64, y0, 2.6f, "決議", "RESOLUTION", false, TEXT_RIGHT, org);
    batch_rect(c->b, X(c, x0), Y(c, y0 + 3.4f), U(c, 18), lw(c, 2), org);
    batch_rect(c->b, X(c, x0 + 46), Y(c, y0 + 3.4f), U(c, 18), lw(c, 2), org);
    float cx = x0 + 32, pw = 23, ph = 10.5f;
    float ty = y0 + 1.0f, by = y0 + 15.0f;
    /* Connectors first, so the panels sit on them. */
    float bw = lw(c, 16);
    batch_line(c->b, X(c, cx - 6), Y(c, ty + ph - 2), X(c, cx - 10), Y(c, by + 2), bw, bar);
    batch_line(c->b, X(c, cx + 6), Y(c, ty + ph - 2), X(c, cx + 10), Y(c, by + 2), bw, bar);
    batch_line(c->b, X(c, cx - 9), Y(c, by + ph - 2.5f), X(c, cx + 9), Y(c, by + ph - 2.5f), bw,
               bar);
    magi_panel(c, cx - pw * 0.5f, ty, pw, ph, 4 | 8, mint, "BALTHASAR·2", "SIGNAL: MEMORY 53 %");
    struct draw_ctx tmp = *c->ctx;
    bool red = !draw_blink(&tmp, 0.8, 0.1);
    magi_panel(c, cx - 32, by, pw, ph, 2, red ? P(c, PAL_BAR_RED) : mint, "CASPER·3",
               "SIGNAL: STORAGE 84 %");
    magi_panel(c, cx + 32 - pw, by, pw, ph, 1, mint, "MELCHIOR·1", "SIGNAL: CPU 44 %");
    struct lbl m = {FONT_SERIF, 3.4f, TEXT_CENTER, TEXT_CAP_TOP, 0.02f, 0, 0, org};
    label(c, &m, cx, by + 0.8f, "MAGI");
    struct lbl g = {FONT_SERIF, 1.5f, TEXT_CENTER, TEXT_CAP_TOP, 0, 0, 0, org};
    label(c, &g, cx, by + 4.9f, "合議");
    micro(c, cx, by + ph + 1.6f, TEXT_CENTER, org, "MAGI SYSTEM  //  VOTE 2 : 1  //  DELIBERATING");
    /* The boxed stamp of the show: red, double outline. */
    rgba hot = P(c, PAL_ORANGE_HOT);
    batch_rect_outline(c->b, X(c, x0 + 50), Y(c, y0 + 5.2f), U(c, 14), U(c, 5), lw(c, 2), hot);
    batch_rect_outline(c->b, X(c, x0 + 50.6f), Y(c, y0 + 5.8f), U(c, 12.8f), U(c, 3.8f), lw(c, 1),
                       hot);
    struct lbl st = {FONT_SERIF, 2.6f, TEXT_CENTER, TEXT_CAP_MIDDLE, 0.02f, 0, 12, hot};
    label(c, &st, x0 + 57, y0 + 7.7f, "定期検診");
}

/* ---------------------------------------------------------- ring gauge */

static void ring_gauge(const struct tc *c, float cx, float cy, float R, float value)
{
    rgba cyan = P(c, PAL_WIRE_CYAN), org = P(c, PAL_ORANGE), hot = P(c, PAL_ORANGE_HOT);
    float x = X(c, cx), y = Y(c, cy), r = U(c, R);
    /* Square cyan bezel with corner "+"s (STYLE.md motif 15). */
    batch_rect_outline(c->b, x - r * 1.14f, y - r * 1.14f, r * 2.28f, r * 2.28f, lw(c, 2), cyan);
    for (int i = 0; i < 4; i++) {
        float sx = (i & 1) ? 1.0f : -1.0f, sy = (i & 2) ? 1.0f : -1.0f;
        reg_mark(c, x + sx * r * 0.98f, y + sy * r * 0.98f, U(c, 0.8f), cyan);
    }
    /* Broad annulus (inner radius 55 %): dim track, the value, the red zone. */
    float a0 = (float)(M_PI * 0.75), sweep = (float)(M_PI * 1.5);
    batch_arc(c->b, x, y, r * 0.55f, r * 0.9f, a0, a0 + sweep, color_alpha(org, 0.16f));
    batch_arc(c->b, x, y, r * 0.55f, r * 0.9f, a0, a0 + sweep * value, color_alpha(org, 0.8f));
    batch_arc(c->b, x, y, r * 0.55f, r * 0.9f, a0 + sweep * 0.85f, a0 + sweep,
              color_alpha(P(c, PAL_BAR_RED), 0.85f));
    /* Fine ticks every 3 degrees, bold every 30. */
    for (int d = 0; d < 360; d += 3) {
        float a = (float)(d * M_PI / 180.0);
        bool bold = d % 30 == 0;
        float r0 = bold ? r * 0.92f : r * 0.95f;
        batch_line(c->b, x + r0 * cosf(a), y + r0 * sinf(a), x + r * cosf(a), y + r * sinf(a),
                   bold ? lw(c, 2.5f) : lw(c, 1), bold ? org : color_alpha(org, 0.55f));
    }
    float an = a0 + sweep * value;
    batch_line(c->b, x + r * 0.5f * cosf(an), y + r * 0.5f * sinf(an), x + r * 0.98f * cosf(an),
               y + r * 0.98f * sinf(an), lw(c, 3), hot);
    /* Caption in the hole: underlined, then the reading. */
    struct lbl cap = {FONT_SANS, 1.4f, TEXT_CENTER, TEXT_CAP_TOP, 0.14f, 0, R * 0.9f, org};
    label(c, &cap, cx, cy - R * 0.36f, "CPU PACKAGE");
    batch_rect(c->b, X(c, cx - R * 0.32f), Y(c, cy - R * 0.36f + 1.6f), U(c, R * 0.64f), lw(c, 1),
               org);
    struct lbl v = {FONT_SEG7, 3.0f, TEXT_CENTER, TEXT_CAP_MIDDLE, 0, 0, 0, color_alpha(hot, 0.09f)};
    label(c, &v, cx, cy + 0.6f, "88.8");
    v.color = hot;
    label(c, &v, cx, cy + 0.6f, "62.5");
    struct lbl unit = {FONT_SANS, 1.3f, TEXT_CENTER, TEXT_CAP_TOP, 0.14f, 0, 0, org};
    label(c, &unit, cx, cy + 2.9f, "°C  NORMAL");
}

/* ----------------------------------------------------------- countdown */

static void countdown(const struct tc *c, float x, float y)
{
    rgba org = P(c, PAL_ORANGE), hot = P(c, PAL_ORANGE_HOT);
    /* 活動限界まで boxed, the English beside it (STYLE.md motif 5). */
    batch_rect_outline(c->b, X(c, x), Y(c, y), U(c, 19), U(c, 4.4f), lw(c, 2), hot);
    struct lbl jp = {FONT_SERIF, 2.8f, TEXT_CENTER, TEXT_CAP_MIDDLE, 0, 0.9f, 17, hot};
    label(c, &jp, x + 9.5f, y + 2.2f, "活動限界まで");
    struct lbl en = {FONT_SANS, 1.9f, TEXT_LEFT, TEXT_CAP_TOP, 0.06f, 0, 0, hot};
    label(c, &en, x + 20.5f, y + 0.2f, "ACTIVE TIME REMAINING:");
    struct lbl sm = {FONT_SANS, 1.35f, TEXT_LEFT, TEXT_CAP_TOP, 0.14f, 0, 0, org};
    label(c, &sm, x + 20.5f, y + 2.9f, "TARGET: T+  SINCE START");
    /* Internal-battery plate with a hazard wedge (scrolling with the bars). */
    float off = c->ctx->reduce_motion ? 0.0f : floorf((float)fmod(c->t * 3.8 * c->u, 1e6));
    /* The wedge: stripes in the corner, the lower-left half cut away with
     * black, so a right triangle of stripes remains. */
    batch_hazard(c->b, X(c, x + 57.6f), Y(c, y), U(c, 6.4f), U(c, 6.4f), U(c, 0.75f), U(c, 0.75f),
                 -(float)M_PI / 4, off, hot);
    float cut[6] = {X(c, x + 57.4f), Y(c, y - 0.2f), X(c, x + 64.2f), Y(c, y + 6.6f),
                    X(c, x + 57.4f), Y(c, y + 6.6f)};
    batch_polygon(c->b, cut, 3, black());
    batch_rect_outline(c->b, X(c, x + 49), Y(c, y), U(c, 15), U(c, 6.4f), lw(c, 2), hot);
    bilingual(c, x + 50, y + 0.9f, 2.6f, "内部", "INTERNAL", true, TEXT_LEFT, hot);

    /* The readout: HH:MM:SS of clock time over its ghost 88s. */
    int secs = (int)floor(c->t);
    char buf[32];
    snprintf(buf, sizeof buf, "%02d:%02d:%02d", (secs / 3600) % 100, (secs / 60) % 60, secs % 60);
    struct lbl seg = {FONT_SEG7, 12.0f, TEXT_LEFT, TEXT_BASELINE, 0, 0, 0, color_alpha(hot, 0.09f)};
    float base = y + 18.0f;
    float w = label(c, &seg, x + 1, base, "88:88:88");
    seg.color = hot;
    label(c, &seg, x + 1, base, buf);
    struct lbl unit = {FONT_SANS, 1.35f, TEXT_CENTER, TEXT_CAP_TOP, 0.2f, 0, 0, org};
    float third = w / 3.0f;
    label(c, &unit, x + 1 + third * 0.45f, base + 1.2f, "HOURS");
    label(c, &unit, x + 1 + third * 1.5f, base + 1.2f, "MINUTES");
    label(c, &unit, x + 1 + third * 2.55f, base + 1.2f, "SECONDS");
    draw_wake_at(c->ctx, floor(c->t) + 1.0);
    /* Mode buttons, the active one filled. */
    const char *modes[4] = {"STOP", "SLOW", "NORMAL", "RACING"};
    struct lbl b = {FONT_SANS, 1.9f, TEXT_CENTER, TEXT_CAP_MIDDLE, 0.1f, 0, 0, hot};
    for (int i = 0; i < 4; i++) {
        float bx = x + (float)i * 16.2f, by = base + 3.6f;
        if (i == 2) {
            batch_rect(c->b, X(c, bx), Y(c, by), U(c, 14.6f), U(c, 3.6f), P(c, PAL_BAR_RED));
            b.color = black();
        } else {
            batch_rect_outline(c->b, X(c, bx), Y(c, by), U(c, 14.6f), U(c, 3.6f), lw(c, 1.5f),
                               P(c, PAL_BAR_RED));
            b.color = P(c, PAL_BAR_RED);
        }
        label(c, &b, bx + 7.3f, by + 1.8f, modes[i]);
    }
}

/* ------------------------------------------------------------- hexes */

static void hexes(const struct tc *c, float x, float y)
{
    heading(c, x, x + 52, y, "演算", "CORES / NODES", "13 CELLS");
    float R = 3.3f;
    float Rg = R + 0.6f / 1.7320508f; /* about 6 px gutter at 1080p */
    float cx = x + 26, cy = y + 13.0f;
    const int cells[][2] = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, -1}, {-1, -1},
                            {2, 0}, {2, -1}, {-2, 0}, {-2, -1}, {1, 1}, {-1, 1}};
    const int n = sizeof cells / sizeof cells[0];
    struct lbl code = {FONT_MONO, 1.25f, TEXT_CENTER, TEXT_CAP_MIDDLE, 0, 0.9f, 0, black()};
    for (int i = 0; i < n; i++) {
        int q = cells[i][0], r = cells[i][1];
        float hx = cx + 1.5f * Rg * (float)q;
        float hy = cy + 1.7320508f * Rg * ((float)r + ((q & 1) ? 0.5f : 0.0f));
        char s[8];
        snprintf(s, sizeof s, "C%02d", i);
        enum pal_token fill = i == 0 ? PAL_ORANGE_FILL
                              : i == 3 ? PAL_ALERT_RED
                              : i < 4  ? PAL_MINT
                              : i < 6  ? PAL_INFO_BLUE
                                       : PAL_COUNT;
        if (fill != PAL_COUNT) {
            batch_hex(c->b, X(c, hx), Y(c, hy), U(c, R), P(c, fill));
            code.color = black();
        } else {
            batch_hex_outline(c->b, X(c, hx), Y(c, hy), U(c, R), lw(c, 2), P(c, PAL_ORANGE));
            code.color = P(c, PAL_ORANGE);
        }
        label(c, &code, hx, hy, s);
    }
}

/* --------------------------------------------------------- pill meter */

static void pills(const struct tc *c, float x, float y, float w)
{
    rgba org = P(c, PAL_ORANGE);
    struct lbl h = {FONT_SANS, 2.6f, TEXT_LEFT, TEXT_CAP_TOP, 0.0f, 0.86f, 0, org};
    label(c, &h, x, y, "MEMORY PRESSURE LEVEL");
    micro(c, x + w, y + 0.8f, TEXT_RIGHT, org, "TOTAL: 64.0 GIB");
    batch_rect(c->b, X(c, x), Y(c, y + 3.0f), U(c, w), lw(c, 1.5f), org);
    /* Index over tag, then the pills with a scale above them. */
    struct lbl idx = {FONT_SANS, 4.6f, TEXT_LEFT, TEXT_CAP_TOP, -0.02f, 0.8f, 0, org};
    label(c, &idx, x, y + 5.2f, "00");
    struct lbl tg = {FONT_SANS, 1.2f, TEXT_LEFT, TEXT_CAP_TOP, 0.12f, 0, 0, org};
    label(c, &tg, x, y + 9.3f, "USED.MEM");
    float px = x + 8, pw = w - 16;
    micro(c, px + pw * 0.62f, y + 4.2f, TEXT_LEFT, org, "|  CAUTION");
    micro(c, px + pw * 0.84f, y + 4.2f, TEXT_LEFT, org, "| DANGER");
    int n = 30;
    float pitch = pw / (float)n;
    rgba teal = {0x40, 0xC8, 0xC0, 255}, blue = P(c, PAL_INFO_BLUE), violet = {0x8A, 0x6A, 0xE0, 255};
    for (int i = 0; i < n; i++) {
        float f = (float)i / (float)(n - 1);
        rgba col = f < 0.5f ? color_lerp(teal, blue, f * 2) : color_lerp(blue, violet, f * 2 - 1);
        bool lit = i < 17;
        batch_round_rect(c->b, X(c, px + (float)i * pitch), Y(c, y + 6.4f), U(c, pitch * 0.6f),
                         U(c, 4.2f), U(c, pitch * 0.3f), lit ? col : color_alpha(col, 0.15f));
    }
    struct lbl pct = {FONT_SANS, 3.6f, TEXT_RIGHT, TEXT_CAP_TOP, 0, 0.86f, 0, org};
    label(c, &pct, x + w, y + 6.4f, "57%");
}

/* ------------------------------------------------------------ traces */

static void traces(const struct tc *c, float x, float y, float w, float h)
{
    rgba dim = P(c, PAL_GRID_DIM), org = P(c, PAL_ORANGE);
    heading(c, x, x + w, y, "同期", "SYNC RATIO", "41.3 %");
    float ty = y + 5.4f, th = h - 5.4f;
    batch_rect_outline(c->b, X(c, x), Y(c, ty), U(c, w), U(c, th), lw(c, 1.5f), org);
    for (int i = 1; i < 10; i++)
        batch_line(c->b, snap(X(c, x + w * (float)i / 10)), Y(c, ty), snap(X(c, x + w * (float)i / 10)),
                   Y(c, ty + th), lw(c, 1), dim);
    for (int i = 1; i < 4; i++)
        batch_line(c->b, X(c, x), snap(Y(c, ty + th * (float)i / 4)), X(c, x + w),
                   snap(Y(c, ty + th * (float)i / 4)), lw(c, 1), dim);
    /* Lifeline channels: soft vertical gradients behind the traces. */
    for (int i = 0; i < 5; i++) {
        rgba lo = color_alpha(P(c, PAL_TRACE_GREEN), 0.03f),
             hi = color_alpha(P(c, PAL_TRACE_GREEN), 0.22f);
        batch_rect_grad(c->b, X(c, x + 3 + (float)i * 10.2f), Y(c, ty + 0.2f), U(c, 3.4f),
                        U(c, th - 0.4f), lo, lo, hi, hi);
    }
    /* The traces overshoot the box on purpose: the clip rectangle (a scissor
     * run of the batch) cuts them at its edges. */
    enum { N = 120 };
    float a[2 * N], b2[2 * N];
    for (int i = 0; i < N; i++) {
        float f = (float)i / (N - 1);
        a[2 * i] = X(c, x - 2 + (w + 4) * f);
        a[2 * i + 1] = Y(c, ty + th * (0.42f + 0.62f * sinf(f * 13.0f) * cosf(f * 3.1f)));
        b2[2 * i] = a[2 * i];
        b2[2 * i + 1] = Y(c, ty + th * (0.66f + 0.14f * sinf(f * 19.0f + 1.3f) * sinf(f * 2.3f)));
    }
    batch_set_clip(c->b, X(c, x) + lw(c, 1.5f), Y(c, ty) + lw(c, 1.5f), U(c, w) - 2 * lw(c, 1.5f),
                   U(c, th) - 2 * lw(c, 1.5f));
    batch_polyline(c->b, a, N, lw(c, 2), P(c, PAL_TRACE_GREEN), false);
    batch_polyline(c->b, b2, N, lw(c, 2), P(c, PAL_INFO_BLUE), false);
    batch_reset_clip(c->b);
    struct lbl leg = {FONT_SANS, 1.3f, TEXT_LEFT, TEXT_CAP_MIDDLE, 0.12f, 0, 0, P(c, PAL_TRACE_GREEN)};
    batch_rect(c->b, X(c, x + 1), Y(c, ty + 1.4f), U(c, 2), lw(c, 2), P(c, PAL_TRACE_GREEN));
    label(c, &leg, x + 3.6f, ty + 1.4f, "TRAIN");
    leg.color = P(c, PAL_INFO_BLUE);
    batch_rect(c->b, X(c, x + 11), Y(c, ty + 1.4f), U(c, 2), lw(c, 2), P(c, PAL_INFO_BLUE));
    label(c, &leg, x + 13.6f, ty + 1.4f, "VALIDATION");
}

/* -------------------------------------------------------- line targets */

static void line_targets(const struct tc *c, float x, float y, float w, float h)
{
    rgba org = P(c, PAL_ORANGE), wht = P(c, PAL_HUD_WHITE);
    micro(c, x, y, TEXT_LEFT, org, "STROKES 1-6 PX / FAN 5°");
    /* A fan of hairlines at 5 degree steps: aliasing shows as beads. */
    float fx = X(c, x), fy = Y(c, y + h);
    float len = U(c, fminf(w * 0.42f, h - 3));
    for (int d = 0; d <= 90; d += 5) {
        float a = (float)(-d * M_PI / 180.0);
        batch_line(c->b, fx, fy, fx + len * cosf(a), fy + len * sinf(a), 1.0f, wht);
    }
    /* Widths 1..6 px. */
    for (int i = 0; i < 6; i++) {
        float lx = X(c, x + w * 0.5f), ly = snap(Y(c, y + 2.6f + (float)i * 1.2f));
        batch_line(c->b, lx, ly, lx + U(c, w * 0.5f), ly, (float)(i + 1), org);
    }
    /* Mitred zigzag joins. */
    float zig[14];
    for (int i = 0; i < 7; i++) {
        zig[2 * i] = X(c, x + w * 0.5f + (float)i * w * 0.083f);
        zig[2 * i + 1] = Y(c, y + h - 0.3f - ((i & 1) ? 1.8f : 0));
    }
    batch_polyline(c->b, zig, 7, lw(c, 2), P(c, PAL_AQUA), false);
}

/* -------------------------------------------------------------- reticle */

static void reticle(const struct tc *c, float cx, float cy, float R)
{
    /* STYLE.md motif 12: a thick white ring broken at the cardinal points, a
     * centre "+", tiny signed readouts; locked (red) every other 2 s. */
    struct draw_ctx tmp = *c->ctx;
    bool locked = !draw_blink(&tmp, 4.0, 0.0);
    rgba col = locked ? P(c, PAL_BAR_RED) : P(c, PAL_HUD_WHITE);
    float x = X(c, cx), y = Y(c, cy), r = U(c, R);
    float gap = 0.22f; /* radians either side of each cardinal point */
    for (int i = 0; i < 4; i++) {
        float a0 = (float)(i * M_PI / 2) + gap, a1 = (float)((i + 1) * M_PI / 2) - gap;
        batch_arc(c->b, x, y, r - lw(c, 5), r, a0, a1, col);
    }
    reg_mark(c, x, y, U(c, 1.0f), col);
    struct lbl n = {FONT_MONO, 1.0f, TEXT_CENTER, TEXT_CAP_TOP, 0, 0.9f, 0, col};
    label(c, &n, cx, cy - R - 1.7f, "+0041.3");
    label(c, &n, cx, cy + R + 0.6f, "-0012.8");
    n.align = TEXT_LEFT;
    n.valign = TEXT_CAP_MIDDLE;
    label(c, &n, cx + R + 0.6f, cy, "+07");
    n.align = TEXT_RIGHT;
    label(c, &n, cx - R - 0.6f, cy, "-19");
}

/* --------------------------------------------------- plates and stamps */

static void plates(const struct tc *c, float x, float y)
{
    rgba org = P(c, PAL_ORANGE), fill = P(c, PAL_ORANGE_FILL);
    /* Title tab: black text on orange. */
    batch_rect(c->b, X(c, x), Y(c, y), U(c, 6), U(c, 3.2f), fill);
    struct lbl tab = {FONT_SANS, 2.0f, TEXT_CENTER, TEXT_CAP_MIDDLE, 0.06f, 0, 0, black()};
    label(c, &tab, x + 3, y + 1.6f, "NET");
    bilingual(c, x + 7.2f, y + 0.1f, 2.7f, "通信", "NETWORK ENP5S0", false, TEXT_LEFT, org);
    /* A plate: rounded 2 px outline, big label / rule / small detail. */
    batch_round_rect_outline(c->b, X(c, x), Y(c, y + 4.6f), U(c, 24), U(c, 9), U(c, 0.6f), lw(c, 2),
                             org);
    struct lbl big = {FONT_SANS, 2.1f, TEXT_CENTER, TEXT_CAP_TOP, 0.08f, 0, 22, org};
    label(c, &big, x + 12, y + 5.8f, "LOAD AVG  1/5/15");
    batch_rect(c->b, X(c, x), Y(c, y + 8.9f), U(c, 24), lw(c, 1.5f), org);
    struct lbl nums = {FONT_MONO, 2.2f, TEXT_CENTER, TEXT_CAP_TOP, 0, 0.9f, 22, org};
    label(c, &nums, x + 12, y + 10.0f, "6.08 5.71 4.93");
    /* REFUSED stamp: deny_red word in a rounded outline (motif 14). */
    rgba deny = P(c, PAL_DENY_RED);
    struct draw_ctx tmp = *c->ctx;
    bool on = draw_blink(&tmp, 1.2, 0.0);
    batch_round_rect_outline(c->b, X(c, x + 27), Y(c, y + 4.6f), U(c, 25), U(c, 9), U(c, 1.0f),
                             lw(c, 3), on ? deny : color_alpha(deny, 0.35f));
    struct lbl refused = {FONT_DISPLAY, 5.0f, TEXT_CENTER, TEXT_CAP_MIDDLE, 0.04f, 0, 22,
                          on ? deny : color_alpha(deny, 0.35f)};
    label(c, &refused, x + 39.5f, y + 9.1f, "REFUSED");
    micro(c, x + 27, y + 1.0f, TEXT_LEFT, org, "FROM: DEPLOY  TO: MAGI");
}

/* --------------------------------------------------------- hazard bars */

static void hazards(const struct tc *c, float x, float y, float w)
{
    /* Hazard stripes scroll at 38 px/s (at 1080p) in whole-pixel steps,
     * -45 degrees, 15 + 15 px (STYLE.md motif 6). */
    float speed = 3.8f * c->u;
    float off = c->ctx->reduce_motion ? 0.0f : floorf((float)fmod(c->t * speed, 1e6));
    float s = U(c, 1.5f) * 0.70710678f;
    rgba fill = P(c, PAL_ORANGE_FILL), red = P(c, PAL_ALERT_RED);
    batch_hazard(c->b, X(c, x), Y(c, y), U(c, w), U(c, 2.6f), s, s, -(float)M_PI / 4, off, fill);
    batch_rect(c->b, X(c, x), Y(c, y + 2.6f), U(c, w), lw(c, 2), fill);
    batch_hazard(c->b, X(c, x), Y(c, y + 3.8f), U(c, w), U(c, 2.6f), s, s, (float)M_PI / 4, -off,
                 red);
    batch_rect(c->b, X(c, x), Y(c, y + 3.6f), U(c, w), lw(c, 2), red);
    if (!c->ctx->reduce_motion && speed > 0)
        draw_wake_at(c->ctx, (floor(c->t * speed) + 1.0) / speed);
}

/* ------------------------------------------------------------- status */

static void status_line(const struct tc *c)
{
    rgba org = color_alpha(P(c, PAL_ORANGE), 0.8f);
    char buf[128];
    snprintf(buf, sizeof buf, "SOURCE: TEST CARD     SAMPLE: T+%.2f S     LEVEL: %s", c->t,
             level_name(c->ctx->screen_level));
    micro(c, 8, 102.7f, TEXT_LEFT, org, buf);
    micro(c, 184, 102.7f, TEXT_RIGHT, org, "MAGI-01  CODE:127  NERV");
}

/* ------------------------------------------------------------- the card */

static void tc_draw(void *self, struct draw_ctx *ctx)
{
    struct testcard *card = self;
    struct draw_ctx local = *ctx;
    if (card->still) {
        local.t = 0.0;
        local.wake_at = NULL; /* a still card never asks for another frame */
    }
    struct tc c = {
        .ctx = &local,
        .b = ctx->b,
        .text = ctx->text,
        .pal = ctx->pal,
        .u = ctx->screen_h / 108.0f,
        .t = local.t,
    };
    /* A 192 x 108 u field; on screens narrower than 16:9 u shrinks. */
    if (ctx->screen_w < 192.0f * c.u)
        c.u = ctx->screen_w / 192.0f;
    c.ox = floorf((ctx->screen_w - 192.0f * c.u) * 0.5f);
    c.oy = floorf((ctx->screen_h - 108.0f * c.u) * 0.5f);
    batch_set_aa(c.b, 1.0f);

    frame(&c);
    title_band(&c);
    palette(&c, 8, 19.5f);
    magi(&c, 64, 19.5f);
    ring_gauge(&c, 158, 33.0f, 11.0f, 0.62f);
    typefaces(&c, 8, 46.5f);
    countdown(&c, 64, 48.5f);
    hexes(&c, 132, 47.5f);
    traces(&c, 8, 79.5f, 52, 20.5f);
    pills(&c, 64, 77.5f, 64);
    hazards(&c, 64, 93.5f, 64);
    line_targets(&c, 132, 74.2f, 24, 10.5f);
    reticle(&c, 171, 79.6f, 4.6f);
    plates(&c, 132, 86.4f);
    status_line(&c);
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
