/* units: see units.h. */
#include "layout/units.h"

#include <math.h>

void units_init(struct units *un, float w, float h)
{
    un->w = w;
    un->h = h;
    un->portrait = h > w;
    /* In portrait the design is seen as two stacked halves of a landscape
     * page: a virtual canvas 2W wide and H/2 high. */
    float vw = un->portrait ? 2.0f * w : w;
    float vh = un->portrait ? 0.5f * h : h;
    un->u = fminf(vh / 108.0f, vw / 144.0f);
    if (!(un->u > 0.0f))
        un->u = 1.0f;
}

static int fold_col(const struct grid *g)
{
    int f = g->fold > 0 && g->fold < g->cols ? g->fold : g->cols / 2;
    return f > 0 ? f : 1;
}

void grid_effective(const struct grid *g, bool portrait, int *cols, int *rows)
{
    if (!portrait || g->cols < 2) {
        *cols = g->cols;
        *rows = g->rows;
        return;
    }
    int f = fold_col(g);
    *cols = f > g->cols - f ? f : g->cols - f;
    *rows = 2 * g->rows;
}

struct box units_inset(struct box a, float m)
{
    float mx = fminf(m, a.w * 0.5f), my = fminf(m, a.h * 0.5f);
    struct box b = {a.x + mx, a.y + my, a.w - 2 * mx, a.h - 2 * my};
    return b;
}

static struct box cells(const struct units *un, int cols, int rows, float gap_u, const float *v,
                        struct box area)
{
    float gap = gap_u * un->u;
    float cw = (area.w - gap * (float)(cols - 1)) / (float)cols;
    float ch = (area.h - gap * (float)(rows - 1)) / (float)rows;
    if (cw < 0) {
        cw = area.w / (float)cols;
        gap = 0;
    }
    if (ch < 0) {
        ch = area.h / (float)rows;
        gap = 0;
    }
    struct box b;
    b.x = area.x + v[0] * (cw + gap);
    b.y = area.y + v[1] * (ch + gap);
    b.w = v[2] * cw + fmaxf(v[2] - 1.0f, 0.0f) * gap;
    b.h = v[3] * ch + fmaxf(v[3] - 1.0f, 0.0f) * gap;
    return b;
}

static struct box fraction(const float *v, struct box area)
{
    struct box b = {area.x + v[0] * area.w, area.y + v[1] * area.h, v[2] * area.w,
                    v[3] * area.h};
    return b;
}

/* Moves a landscape cell into the folded grid: the half that holds its
 * centre, clamped to that half's columns. */
static void fold_cell(const struct grid *g, const float *v, float *out)
{
    int f = fold_col(g);
    float centre = v[0] + v[2] * 0.5f;
    bool lower = centre > (float)f;
    float lo = lower ? (float)f : 0.0f;
    float hi = lower ? (float)g->cols : (float)f;
    float w = fminf(v[2], hi - lo);
    float x = fminf(fmaxf(v[0], lo), hi - w);
    out[0] = x - lo;
    out[1] = v[1] + (lower ? (float)g->rows : 0.0f);
    out[2] = w;
    out[3] = v[3];
}

/* A fraction of a landscape page in a folded one: the same folding, with
 * the fold at the middle of the width. */
static void fold_rect(const float *v, float *out)
{
    float centre = v[0] + v[2] * 0.5f;
    bool lower = centre > 0.5f;
    float lo = lower ? 0.5f : 0.0f;
    float w = fminf(v[2], 0.5f);
    float x = fminf(fmaxf(v[0], lo), lo + 0.5f - w);
    out[0] = (x - lo) * 2.0f;
    out[1] = v[1] * 0.5f + (lower ? 0.5f : 0.0f);
    out[2] = w * 2.0f;
    out[3] = v[3] * 0.5f;
}

struct box units_place(const struct units *un, const struct grid *g, bool fold,
                       const struct place *p, struct box area)
{
    int cols = g->cols, rows = g->rows;
    bool folded = fold && un->portrait && g->cols >= 2;
    if (folded)
        grid_effective(g, true, &cols, &rows);
    if (folded && p->has_portrait) {
        if (p->pkind == PLACE_RECT)
            return fraction(p->pv, area);
        return cells(un, cols, rows, g->gap, p->pv, area);
    }
    float v[4];
    switch (p->kind) {
    case PLACE_CELL:
        if (folded) {
            fold_cell(g, p->v, v);
            return cells(un, cols, rows, g->gap, v, area);
        }
        return cells(un, cols, rows, g->gap, p->v, area);
    case PLACE_RECT:
        if (folded) {
            fold_rect(p->v, v);
            return fraction(v, area);
        }
        return fraction(p->v, area);
    case PLACE_FLOW:
        break;
    }
    return area;
}

void units_flow(const struct units *un, const float *heights_u, int n, float gap_u,
                struct box area, struct box *out)
{
    if (n <= 0)
        return;
    float gap = gap_u * un->u;
    float fixed = 0.0f;
    int shared = 0;
    for (int i = 0; i < n; i++) {
        if (heights_u[i] > 0)
            fixed += heights_u[i] * un->u;
        else
            shared++;
    }
    float rest = area.h - fixed - gap * (float)(n - 1);
    float scale = 1.0f;
    if (rest < 0) {
        /* Not enough room: shrink the fixed heights proportionally. */
        float avail = fmaxf(area.h - gap * (float)(n - 1), 0.0f);
        scale = fixed > 0 ? avail / fixed : 1.0f;
        rest = 0;
    }
    float each = shared ? rest / (float)shared : 0.0f;
    float y = area.y;
    for (int i = 0; i < n; i++) {
        float h = heights_u[i] > 0 ? heights_u[i] * un->u * scale : each;
        out[i].x = area.x;
        out[i].y = y;
        out[i].w = area.w;
        out[i].h = h;
        y += h + gap;
    }
}
