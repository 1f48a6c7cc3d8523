/* refused: see refused.h. */
#include "widgets/refused.h"

#include <math.h>

#include "widgets/ink.h"

void refused_draw(const struct draw_ctx *ctx, struct box box, const struct refused_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    float H = box.h;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba deny = ink_pal(ctx, PAL_DENY_RED);
    float rw = fmaxf(2.0f, 0.04f * H);
    batch_rect(ctx->b, box.x, box.y, box.w, H, ink_pal(ctx, PAL_VOID));
    batch_rect(ctx->b, box.x, box.y, box.w, rw, orange);
    batch_rect(ctx->b, box.x, box.y + H - rw, box.w, rw, orange);

    float pad = fmaxf(1.0f * u, 0.04f * box.w);
    if (v->title)
        ink_text_fit(ctx, FONT_SANS, 0.13f * H, box.x + pad, box.y + 0.1f * H, TEXT_LEFT,
                     TEXT_CAP_TOP, box.w - 2 * pad, orange, v->title);
    if (v->from)
        ink_label(ctx, 0.06f * H, box.x + pad, box.y + 0.29f * H, TEXT_LEFT, TEXT_CAP_TOP,
                  box.w - 2 * pad, orange, v->from);
    /* The word in its rounded outline, centred in the lower 60 %. */
    struct box wb = {box.x + pad, box.y + 0.40f * H, box.w - 2 * pad, 0.50f * H};
    float lw = fmaxf(2.0f, 0.025f * H);
    batch_round_rect_outline(ctx->b, wb.x, wb.y, wb.w, wb.h, wb.h * 0.12f, lw, deny);
    const char *jp = v->jp ? v->jp : "否定";
    struct text_metrics jm = ink_text_fit(ctx, FONT_SERIF, wb.h * 0.30f, wb.x + wb.w - wb.h * 0.12f,
                                          wb.y + wb.h * 0.5f, TEXT_RIGHT, TEXT_CAP_MIDDLE,
                                          wb.w * 0.2f, deny, jp);
    float avail = wb.w - jm.width - wb.h * 0.5f;
    ink_text_span(ctx, FONT_DISPLAY, wb.h * 0.95f, 0.02f, wb.x + wb.h * 0.2f + avail * 0.5f,
                  wb.y + wb.h * 0.5f, TEXT_CENTER, TEXT_CAP_MIDDLE, avail, deny,
                  v->word ? v->word : "REFUSED");
}
