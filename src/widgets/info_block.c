/* info_block: see info_block.h. Sizes from design/system-1080p.png: the CODE
 * line ~4u, the others ~2.1u, both tracked wide (0.16 em). */
#include "widgets/info_block.h"

#include <math.h>
#include <stdio.h>

#include "widgets/ink.h"

void info_block_draw(const struct draw_ctx *ctx, struct box box, const struct info_block_view *v)
{
    if (!box_drawable(box))
        return;
    float u = ctx->u;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    int n = 0;
    for (int i = 0; i < INFO_BLOCK_LINES; i++)
        if (v->keys[i])
            n++;
    /* Design: code 4.8u tall, lines 2.3u apart; scale down to fit. */
    float need = (v->code ? 4.8f : 0.0f) + 2.3f * (float)n;
    float k = need > 0 ? fminf(1.0f, box.h / (need * u)) : 1.0f;
    float y = box.y;
    char buf[160];
    struct text_style st = {.face = FONT_SANS, .tracking = 0.16f, .valign = TEXT_CAP_TOP,
                            .max_width = box.w};
    if (v->code) {
        snprintf(buf, sizeof buf, "CODE:%s", v->stale ? "----" : v->code);
        st.size = 4.0f * u * k;
        st.color = ink_level(ctx, v->level, PAL_ORANGE);
        text_draw(ctx->text, ctx->b, &st, box.x, y, buf);
        y += 4.8f * u * k;
    }
    st.size = 2.1f * u * k;
    st.tracking = 0.16f;
    st.color = orange;
    for (int i = 0; i < INFO_BLOCK_LINES; i++) {
        if (!v->keys[i])
            continue;
        snprintf(buf, sizeof buf, "%s:%s", v->keys[i],
                 v->stale ? "----" : (v->values[i] ? v->values[i] : ""));
        text_draw(ctx->text, ctx->b, &st, box.x + 0.8f * u * k, y, buf);
        y += 2.3f * u * k;
    }
}
