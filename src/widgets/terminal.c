/* terminal: see terminal.h. */
#include "widgets/terminal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "widgets/ink.h"

#define LINE_PITCH 1.75f /* u per listing line */
#define TITLE_H 2.6f     /* u */

/* The first `max_chars` characters of a UTF-8 line (whole characters). */
static const char *terminal_cut(const char *s, int max_chars, char *buf, size_t n)
{
    if (!s || n == 0)
        return "";
    size_t len = strlen(s), i = 0;
    for (int chars = 0; i < len && chars < max_chars; chars++) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (i + k + 1 > n)
            break; /* whole characters only */
        i += k;
    }
    memcpy(buf, s, i);
    buf[i] = '\0';
    return buf;
}

int terminal_rows(const struct draw_ctx *ctx, struct box box)
{
    float h = box.h - TITLE_H * ctx->u - 0.6f * ctx->u;
    return h > 0 ? (int)(h / (LINE_PITCH * ctx->u)) : 0;
}

void terminal_draw(const struct draw_ctx *ctx, struct box box, const struct terminal_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    rgba g = ink_pal(ctx, PAL_TERM_GREEN);
    rgba dim = color_alpha(g, 0.45f);
    float lw = fmaxf(1.0f, 0.15f * u);

    /* Title bar and frame. */
    batch_rect_outline(ctx->b, box.x, box.y, box.w, box.h, lw, dim);
    float th = TITLE_H * u;
    batch_rect(ctx->b, box.x, box.y, box.w, th, g);
    ink_label(ctx, 1.4f * u, box.x + 0.8f * u, box.y + th * 0.5f, TEXT_LEFT, TEXT_CAP_MIDDLE,
              box.w * 0.7f, ink_pal(ctx, PAL_VOID), v->title ? v->title : "MAGI INTERNALS");

    /* The vertical M A G I. */
    float magi_w = 0;
    float body_y = box.y + th + 0.6f * u, body_h = box.y + box.h - body_y - 0.4f * u;
    if (!v->no_magi && box.w > 30 * u) {
        float cell = body_h / 4.0f;
        float size = fminf(cell * 0.95f, box.w * 0.12f);
        magi_w = size * 0.9f + 1.2f * u;
        float mx = box.x + box.w - magi_w * 0.5f - 0.2f * u;
        static const char *const letters[4] = {"M", "A", "G", "I"};
        for (int i = 0; i < 4; i++)
            ink_text(ctx, FONT_SANS, size, mx, body_y + cell * ((float)i + 0.5f), TEXT_CENTER,
                     TEXT_CAP_MIDDLE, color_alpha(g, 0.85f), letters[i]);
        batch_rect(ctx->b, box.x + box.w - magi_w - 0.2f * u, body_y, lw, body_h, dim);
    }

    /* Register column and listing. */
    int rows = terminal_rows(ctx, box);
    int n = v->lines ? v->count : 0;
    int first = n > rows ? n - rows : 0;
    float size = 1.3f * u;
    float reg_w = 6.4f * u;
    float lx = box.x + 0.8f * u + reg_w;
    float lwid = box.x + box.w - magi_w - 0.8f * u - lx;
    batch_rect(ctx->b, lx - 0.7f * u, body_y, lw, body_h, dim);
    char reg[16];
    char cut[512];
    struct text_style st = {.face = FONT_MONO, .size = size, .valign = TEXT_CAP_MIDDLE, .color = g};
    float cw = text_measure(ctx->text, &st, "0").width;
    int max_chars = cw > 0 ? (int)(lwid / cw) : 200;
    float y = body_y + LINE_PITCH * u * 0.5f;
    for (int i = first; i < n && !v->stale; i++) {
        snprintf(reg, sizeof reg, "%06X", (v->first_number + (unsigned)i) * 0x10u & 0xFFFFFFu);
        ink_text(ctx, FONT_MONO, size, box.x + 0.8f * u, y, TEXT_LEFT, TEXT_CAP_MIDDLE, dim, reg);
        text_draw(ctx->text, ctx->b, &st, lx, y,
                  terminal_cut(v->lines[i], max_chars, cut, sizeof cut));
        y += LINE_PITCH * u;
    }
    /* Block cursor after the listing, slow status blink; it only decorates,
     * so it stays lit once the picture has settled (draw_motion_t). */
    bool settled = draw_motion_t(ctx) < ctx->t;
    if (!v->stale && y < body_y + body_h && (settled || draw_blink(ctx, 1.2, 0.0)))
        batch_rect(ctx->b, lx, y - 0.6f * u, 0.8f * u, 1.2f * u, g);
    if (v->stale)
        ink_no_signal(ctx, box_make(box.x, body_y, box.w - magi_w, body_h));
}
