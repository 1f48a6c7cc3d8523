/* title_card: see title_card.h. The show's cards are white Mincho on black;
 * the gloss is in the orange of every other label. */
#include "widgets/title_card.h"

#include <math.h>
#include <string.h>

#include "core/utf8.h"
#include "widgets/ink.h"

void title_card_draw(const struct draw_ctx *ctx, struct box box, const struct title_card_view *v)
{
    if (!box_drawable(box))
        return;
    if (v->black_field)
        batch_rect(ctx->b, box.x, box.y, box.w, box.h, ink_pal(ctx, PAL_VOID));
    rgba white = ink_pal(ctx, PAL_HUD_WHITE);
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    float pad = fminf(box.w, box.h) * 0.08f;
    struct box in = box_inset(box, pad);
    int nv = v->vertical ? (int)utf8_count(v->vertical, strlen(v->vertical)) : 0;
    float cell = nv > 0 ? fminf(in.h * 0.78f / (float)nv, in.w * 0.22f) : in.h * 0.2f;
    float x = in.x;
    float y = in.y;
    const char *s = v->vertical;
    char ch[8];
    while (s && *s) {
        uint32_t cp;
        size_t n = utf8_decode(s, strlen(s), &cp);
        memcpy(ch, s, n);
        ch[n] = '\0';
        ink_text(ctx, FONT_SERIF, cell * 0.96f, x + cell * 0.5f, y, TEXT_CENTER, TEXT_CAP_TOP,
                 white, ch);
        y += cell;
        s += n;
    }
    /* The foot of the L: the horizontal line's baseline at the column's end. */
    float hs = cell * 0.62f;
    float base = fmaxf(y - cell * 0.04f, in.y + hs);
    if (v->horizontal)
        ink_text_fit(ctx, FONT_SERIF, hs, x + cell * 1.15f, base, TEXT_LEFT, TEXT_BASELINE,
                     in.x + in.w - x - cell * 1.15f, white, v->horizontal);
    if (v->en)
        ink_label(ctx, fmaxf(hs * 0.28f, 1.2f * ctx->u), x + cell * 1.15f, base + hs * 0.35f,
                  TEXT_LEFT, TEXT_CAP_TOP, in.x + in.w - x - cell * 1.15f, orange, v->en);
}
