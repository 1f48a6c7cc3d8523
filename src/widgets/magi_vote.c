/* magi_vote: see magi_vote.h. Geometry in a 710 x 515 design space measured
 * from design/system-1080p.png, scaled uniformly into the box and centred. */
#include "widgets/magi_vote.h"

#include <math.h>
#include <stdio.h>

#include "widgets/ink.h"
#include "widgets/stamp.h"

#define DESIGN_W 710.0f
#define DESIGN_H 515.0f
#define FLASH_STEP 0.4 /* STYLE.md: 0.4 s hard steps */

static const char *const default_names[MAGI_MEMBERS] = {"BALTHASAR", "CASPER", "MELCHIOR"};
static const int default_numbers[MAGI_MEMBERS] = {2, 3, 1};

rgba magi_vote_panel_color(const struct draw_ctx *ctx, const struct magi_vote_view *v, int i)
{
    switch (v->members[i].state) {
    case VOTE_APPROVE:
        return ink_pal(ctx, PAL_MINT);
    case VOTE_DENY:
        return ink_pal(ctx, PAL_BAR_RED);
    case VOTE_DELIBERATING:
        if (ctx->reduce_motion)
            return ink_pal(ctx, PAL_INFO_BLUE);
        /* Staggered 0.1 / 0.2 / 0.3 s, top, left, right. */
        return draw_blink(ctx, 2 * FLASH_STEP, v->deliberation_t0 + 0.1 * (i + 1))
                   ? ink_pal(ctx, PAL_MINT)
                   : ink_pal(ctx, PAL_BAR_RED);
    case VOTE_NO_SIGNAL:
        return ink_pal(ctx, PAL_VOID);
    }
    return ink_pal(ctx, PAL_MINT);
}

struct xf {
    float x0, y0, s;
};
static float X(const struct xf *f, float px) { return f->x0 + px * f->s; }
static float Y(const struct xf *f, float py) { return f->y0 + py * f->s; }

/* A panel outline: `pts` design points, converted in place. */
static int panel_points(const struct xf *f, int i, float *out)
{
    /* Design rectangles and chamfers (see the header comment). */
    static const float top[12] = {215, 20, 495, 20, 495, 170, 425, 240, 285, 240, 215, 170};
    static const float left[10] = {10, 190, 198, 190, 295, 287, 295, 470, 10, 470};
    static const float right[10] = {512, 190, 700, 190, 700, 470, 415, 470, 415, 287};
    const float *p = i == MAGI_BALTHASAR ? top : (i == MAGI_CASPER ? left : right);
    int n = i == MAGI_BALTHASAR ? 6 : 5;
    for (int k = 0; k < n; k++) {
        out[2 * k] = X(f, p[2 * k]);
        out[2 * k + 1] = Y(f, p[2 * k + 1]);
    }
    return n;
}

/* A bar of design width `w` from design point a to b. */
static void connector(const struct draw_ctx *ctx, const struct xf *f, float ax, float ay,
                      float bx, float by, float w, rgba c)
{
    batch_line(ctx->b, X(f, ax), Y(f, ay), X(f, bx), Y(f, by), w * f->s, c);
}

static void draw_member(const struct draw_ctx *ctx, const struct xf *f,
                        const struct magi_vote_view *v, int i)
{
    const struct magi_vote_member *m = &v->members[i];
    float pts[12];
    int n = panel_points(f, i, pts);
    rgba fill = magi_vote_panel_color(ctx, v, i);
    rgba ink = ink_pal(ctx, PAL_VOID);
    bool nosig = m->state == VOTE_NO_SIGNAL;
    if (nosig) {
        rgba orange = ink_pal(ctx, PAL_ORANGE);
        batch_polygon(ctx->b, pts, n, ink_pal(ctx, PAL_VOID));
        batch_polyline(ctx->b, pts, n, fmaxf(1.0f, 2.0f * f->s), orange, true);
        ink = color_alpha(orange, 0.6f);
    } else {
        batch_polygon(ctx->b, pts, n, fill);
        /* The target's panel type is a deep shade of the panel, not pure
         * black: black at 85 % over the fill. */
        ink = color_alpha(ink, 0.85f);
    }

    char name[48];
    snprintf(name, sizeof name, "%s·%d", m->name ? m->name : default_names[i],
             m->number ? m->number : default_numbers[i]);
    /* Per-panel layout, design px relative to the panel's box. */
    float px, py, pw;          /* panel box (left, top, width) */
    float name_cx, name_w, name_y; /* cap middle of the name */
    float stamp_x, stamp_y;    /* top-left of the 72 x 42 stamp */
    float vote_x;
    enum text_align vote_align;
    if (i == MAGI_BALTHASAR) {
        px = 215, py = 20, pw = 280;
        name_cx = px + pw * 0.5f, name_w = pw * 0.94f, name_y = py + 50;
        stamp_x = px + pw * 0.5f - 36, stamp_y = py + 126;
        vote_x = px + pw * 0.5f, vote_align = TEXT_CENTER;
    } else {
        px = i == MAGI_CASPER ? 10 : 415, py = 190, pw = 285;
        name_cx = i == MAGI_CASPER ? px + 137 : px + 148, name_w = 196, name_y = py + 98;
        stamp_x = i == MAGI_CASPER ? px + 17 : px + pw - 17 - 72, stamp_y = py + 220;
        vote_x = i == MAGI_CASPER ? px + pw - 13 : px + 15;
        vote_align = i == MAGI_CASPER ? TEXT_RIGHT : TEXT_LEFT;
    }
    float s = f->s;
    ink_text_span(ctx, FONT_SANS, 42 * s, 0.04f, X(f, name_cx), Y(f, name_y), TEXT_CENTER,
                  TEXT_CAP_MIDDLE, name_w * s, ink, name);
    float rule_y = name_y + (i == MAGI_BALTHASAR ? 27 : 26);
    float rule_w = i == MAGI_BALTHASAR ? pw * 0.7f : 180;
    batch_rect(ctx->b, X(f, name_cx - rule_w * 0.5f), Y(f, rule_y), rule_w * s,
               fmaxf(1.0f, 1.2f * s), color_alpha(ink, 0.6f));
    const char *signal = nosig ? "NO SIGNAL" : m->signal;
    if (signal)
        ink_label_t(ctx, 15 * s, 0.22f, X(f, name_cx), Y(f, rule_y + 16), TEXT_CENTER,
                    TEXT_CAP_MIDDLE, (i == MAGI_BALTHASAR ? pw * 0.85f : 250) * s, ink, signal);

    const char *word = nosig ? "信号途絶"
                       : m->state == VOTE_APPROVE ? "承認"
                       : m->state == VOTE_DENY   ? "否定"
                                                 : "審議中";
    struct box sb = {X(f, stamp_x), Y(f, stamp_y), 72 * s, 42 * s};
    if (nosig || m->state == VOTE_DELIBERATING)
        sb.x -= (i == MAGI_MELCHIOR ? 30 : (i == MAGI_CASPER ? 0 : 15)) * s, sb.w += 30 * s;
    /* The panel stamp is the panel's ink (black on the fill), not a palette
     * colour, so it is drawn here rather than with stamp_draw. */
    batch_rect_outline(ctx->b, sb.x, sb.y, sb.w, sb.h, fmaxf(1.0f, 2.0f * s), ink);
    ink_text_fit(ctx, FONT_SERIF, 27 * s, sb.x + sb.w * 0.5f, sb.y + sb.h * 0.5f, TEXT_CENTER,
                 TEXT_CAP_MIDDLE, sb.w * 0.85f, ink, word);

    const char *vote = nosig                          ? "VOTE --"
                       : m->state == VOTE_APPROVE      ? "VOTE +1"
                       : m->state == VOTE_DENY         ? "VOTE -1"
                                                       : "VOTE ..";
    float vy = i == MAGI_BALTHASAR ? py + 197 : py + 255;
    ink_label(ctx, 11.5f * s, X(f, vote_x), Y(f, vy), vote_align, TEXT_CAP_MIDDLE, 0,
              color_alpha(ink, 0.75f), vote);
}

/* A header (big serif term on a double rule, gloss and lines under it). */
static void draw_header(const struct draw_ctx *ctx, const struct xf *f, bool right,
                        const char *jp, const char *en, const char *const *lines, int nlines)
{
    float s = f->s;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    float edge = right ? 705 : 5;   /* rule's outer end */
    float tx = right ? 695 : 15;    /* text edge */
    enum text_align al = right ? TEXT_RIGHT : TEXT_LEFT;
    ink_text_fit(ctx, FONT_SERIF, 60 * s, X(f, tx), Y(f, 68), al, TEXT_BASELINE, 185 * s, orange,
                 jp);
    float rx = right ? edge - 195 : edge;
    ink_double_rule(ctx, X(f, rx), Y(f, 74), 195 * s, fmaxf(1.0f, 3.0f * s), 3.0f * s, orange);
    ink_label(ctx, 16 * s, X(f, tx), Y(f, 98), al, TEXT_CAP_MIDDLE, 190 * s, orange, en);
    for (int k = 0; k < nlines; k++)
        if (lines[k])
            ink_label(ctx, 12.5f * s, X(f, tx), Y(f, 118 + 17 * (float)k), al, TEXT_CAP_MIDDLE,
                      190 * s, orange, lines[k]);
}

void magi_vote_draw(const struct draw_ctx *ctx, struct box box, const struct magi_vote_view *v)
{
    if (!box_drawable(box))
        return;
    struct xf f;
    f.s = fminf(box.w / DESIGN_W, box.h / DESIGN_H);
    f.x0 = box.x + (box.w - DESIGN_W * f.s) * 0.5f;
    f.y0 = box.y + (box.h - DESIGN_H * f.s) * 0.5f;
    float s = f.s;
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    rgba conn = ink_pal(ctx, PAL_ORANGE_FILL);

    /* Connectors first: the panels cover their ends. */
    /* Across the facing chamfers, from inside one panel to inside the other. */
    connector(ctx, &f, 223, 233, 259, 197, 14, conn); /* left <-> top */
    connector(ctx, &f, 487, 233, 451, 197, 14, conn); /* right <-> top */
    connector(ctx, &f, 290, 380, 420, 380, 14, conn); /* left <-> right */

    for (int i = 0; i < MAGI_MEMBERS; i++)
        draw_member(ctx, &f, v, i);

    ink_text_span(ctx, FONT_SERIF, 44 * s, 0.0f, X(&f, 355), Y(&f, 282), TEXT_CENTER,
                  TEXT_CAP_MIDDLE, 106 * s, orange, "MAGI");
    ink_text(ctx, FONT_SERIF, 15 * s, X(&f, 355), Y(&f, 322), TEXT_CENTER, TEXT_CAP_MIDDLE,
             orange, v->centre_sub ? v->centre_sub : "合議");

    draw_header(ctx, &f, false, v->left_jp ? v->left_jp : "提訴",
                v->left_en ? v->left_en : "PROPOSAL", v->left_lines, 4);
    const char *rl[1] = {v->result};
    draw_header(ctx, &f, true, v->right_jp ? v->right_jp : "決議",
                v->right_en ? v->right_en : "RESOLUTION", rl, 1);
    if (v->stamp) {
        struct stamp_view st = {.text = v->stamp,
                                .kind = STAMP_SINGLE,
                                .color = PAL_BAR_RED,
                                .level = v->level,
                                .blink_t0 = v->deliberation_t0};
        stamp_draw(ctx, box_make(X(&f, 581), Y(&f, 132), 118 * s, 40 * s), &st);
    }
    if (v->footer)
        ink_label(ctx, 13 * s, X(&f, 355), Y(&f, 497), TEXT_CENTER, TEXT_CAP_MIDDLE, 700 * s,
                  orange, v->footer);
}
