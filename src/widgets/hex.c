/* hex: see hex.h. */
#include "widgets/hex.h"

#include <math.h>

#define SQRT3 1.7320508f

/* Size of a cols x rows lattice of radius 1. */
static void lattice_size(int cols, int rows, float *w, float *h)
{
    *w = 1.5f * (float)(cols - 1) + 2.0f;
    *h = SQRT3 * (float)rows + (cols > 1 ? SQRT3 * 0.5f : 0.0f);
}

struct hex_grid hex_grid_fit(struct box box, int n)
{
    struct hex_grid best = {0};
    if (n <= 0 || box.w <= 0 || box.h <= 0)
        return best;
    float bestL = -1;
    int bc = 1, br = n;
    /* Try every column count; the radius is limited by width or height. */
    for (int c = 1; c <= n; c++) {
        int r = (n + c - 1) / c;
        float w, h;
        lattice_size(c, r, &w, &h);
        float L = fminf(box.w / w, box.h / h);
        if (L > bestL) {
            bestL = L, bc = c, br = r;
        }
        /* Once the width limits L, more columns only make it smaller. */
        if (box.w / w <= box.h / h)
            break;
    }
    float w, h;
    lattice_size(bc, br, &w, &h);
    best.L = bestL;
    best.cols = bc;
    best.rows = br;
    best.x0 = box.x + (box.w - w * bestL) * 0.5f + bestL;
    best.y0 = box.y + (box.h - h * bestL) * 0.5f + SQRT3 * 0.5f * bestL;
    return best;
}

struct hex_grid hex_grid_cover(struct box box, float L)
{
    struct hex_grid g = {0};
    if (!(L > 0) || !(box.w > 0) || !(box.h > 0) || box.w / L > 1e4f || box.h / L > 1e4f)
        return g;
    g.L = L;
    g.cols = (int)ceilf(box.w / (1.5f * L)) + 1;
    g.rows = (int)ceilf(box.h / (SQRT3 * L)) + 1;
    g.x0 = box.x;
    g.y0 = box.y;
    return g;
}

void hex_grid_center(const struct hex_grid *g, int i, float *cx, float *cy)
{
    int c = i % g->cols, r = i / g->cols;
    *cx = g->x0 + 1.5f * g->L * (float)c;
    *cy = g->y0 + SQRT3 * g->L * ((float)r + ((c & 1) ? 0.5f : 0.0f));
}
