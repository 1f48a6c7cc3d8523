/* scene: see scene.h. */
#include "layout/scene.h"

#include "render/atlas.h"
#include "widgets/hazard.h"
#include "widgets/ink.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

struct scene *scene_create(const struct layout *l)
{
    struct scene *s = xcalloc(1, sizeof *s);
    s->layout = l;
    int np = 0, nw = 0;
    for (int p = 0; p < l->npages; p++) {
        np += l->pages[p].npanels;
        for (int i = 0; i < l->pages[p].npanels; i++)
            nw += l->pages[p].panels[i].nwidgets + (l->pages[p].panels[i].title ? 1 : 0);
    }
    s->panels = xcalloc((size_t)np, sizeof *s->panels);
    s->all = xcalloc((size_t)nw, sizeof *s->all);
    s->emergency = xcalloc((size_t)nw, sizeof *s->emergency);
    s->cache = xcalloc((size_t)nw, sizeof *s->cache);
    for (int p = 0; p < l->npages; p++) {
        for (int i = 0; i < l->pages[p].npanels; i++) {
            const struct layout_panel *pc = &l->pages[p].panels[i];
            struct scene_panel *sp = &s->panels[s->npanels++];
            sp->cfg = pc;
            sp->page = p;
            if (pc->title) {
                sp->title = widget_create(pc->title);
                sp->title->globals = &s->globals;
                sp->title->slot = s->nall;
                s->all[s->nall++] = sp->title;
            }
            sp->widgets = xcalloc((size_t)pc->nwidgets, sizeof *sp->widgets);
            for (int k = 0; k < pc->nwidgets; k++) {
                sp->widgets[k] = widget_create(&pc->widgets[k]);
                sp->widgets[k]->globals = &s->globals;
                sp->widgets[k]->slot = s->nall;
                s->all[s->nall++] = sp->widgets[k];
            }
        }
    }
    return s;
}

void scene_destroy(struct scene *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nall; i++) {
        widget_destroy(s->all[i]);
        free(s->cache[i].v);
        free(s->cache[i].idx);
    }
    free(s->cache);
    for (int i = 0; i < s->npanels; i++)
        free(s->panels[i].widgets);
    free(s->panels);
    free(s->all);
    free(s->emergency);
    free(s);
}

int scene_pages(const struct scene *s)
{
    return s->layout->npages;
}

/* --- boxes ------------------------------------------------------------------------- */

static void flow_fit(struct scene_panel *sp, const struct units *un, struct box inner,
                     const float *height_u, const int *idx, int n);

static void layout_panel(struct scene *s, struct scene_panel *sp)
{
    const struct layout_panel *pc = sp->cfg;
    const struct units *un = &s->units;
    struct box inner = units_inset(sp->box, pc->pad * un->u);
    if (sp->title) {
        float th = sp->title->cfg->place.height * un->u;
        if (th > inner.h)
            th = inner.h;
        sp->title->box = (struct box){inner.x, inner.y, inner.w, th};
        float used = th + pc->gap * un->u;
        if (used > inner.h)
            used = inner.h;
        inner.y += used;
        inner.h -= used;
    }
    /* Flowed widgets share the panel top to bottom; placed ones take their
     * cells or fractions of the same area. */
    float heights[256];
    int flow_idx[256];
    int nflow = 0;
    for (int k = 0; k < pc->nwidgets; k++) {
        struct widget *w = sp->widgets[k];
        const struct place *pl = &w->cfg->place;
        w->fit_px = w->type->fit_height ? w->type->fit_height(w, un->u) : 0;
        if (pl->kind == PLACE_FLOW) {
            if (nflow < 256) {
                heights[nflow] = pl->height;
                flow_idx[nflow++] = k;
            } else {
                w->box = inner;
            }
        } else {
            w->box = units_place(un, &pc->grid, false, pl, inner);
        }
    }
    if (nflow)
        flow_fit(sp, un, inner, heights, flow_idx, nflow);
}

/* Lays out the flowed widgets of a panel. Those with a `height` get it;
 * those that fit their items (type->fit_height: bars with a row height)
 * take what their items need while others share the rest with them; a
 * widget whose share would be under its `min_height` is left out (an empty
 * box) and its share goes to the others. With nothing left to share the
 * rest with, the fitting widgets share it (rows grow to fill the panel). */
static void flow_fit(struct scene_panel *sp, const struct units *un, struct box inner,
                     const float *height_u, const int *idx, int n)
{
    bool out_[256];
    for (int i = 0; i < n; i++)
        out_[i] = false;
    float gap = sp->cfg->gap * un->u;
    int nshared;
    for (;;) {
        float fixed = 0, fit = 0;
        int active = 0;
        nshared = 0;
        for (int i = 0; i < n; i++) {
            if (out_[i])
                continue;
            const struct widget *w = sp->widgets[idx[i]];
            active++;
            if (height_u[i] > 0)
                fixed += height_u[i] * un->u;
            else if (w->fit_px > 0)
                fit += w->fit_px;
            else
                nshared++;
        }
        if (nshared == 0)
            break;
        float share = (inner.h - fixed - fit - gap * (float)(active - 1)) / (float)nshared;
        int drop = -1;
        for (int i = 0; i < n && drop < 0; i++) {
            const struct widget *w = sp->widgets[idx[i]];
            if (!out_[i] && height_u[i] <= 0 && w->fit_px <= 0 &&
                w->cfg->place.min_height > 0 && share < w->cfg->place.min_height * un->u)
                drop = i;
        }
        if (drop < 0)
            break;
        out_[drop] = true;
    }
    float h[256];
    int in[256], m = 0;
    for (int i = 0; i < n; i++) {
        struct widget *w = sp->widgets[idx[i]];
        if (out_[i]) {
            w->box = (struct box){inner.x, inner.y, 0, 0};
            continue;
        }
        bool fits = nshared > 0 && w->fit_px > 0 && isfinite(w->fit_px);
        h[m] = height_u[i] > 0 ? height_u[i] : fits ? w->fit_px / un->u : 0;
        in[m++] = idx[i];
    }
    struct box box[256];
    if (m)
        units_flow(un, h, m, sp->cfg->gap, inner, box);
    for (int i = 0; i < m; i++)
        sp->widgets[in[i]]->box = box[i];
}

void scene_layout(struct scene *s, float w, float h)
{
    units_init(&s->units, w, h);
    for (int i = 0; i < s->nall; i++)
        s->cache[i].valid = false;
    for (int i = 0; i < s->npanels; i++) {
        struct scene_panel *sp = &s->panels[i];
        const struct layout_page *pg = &s->layout->pages[sp->page];
        struct box page = units_inset((struct box){0, 0, w, h}, pg->margin * s->units.u);
        sp->box = units_place(&s->units, &pg->grid, true, &sp->cfg->place, page);
        layout_panel(s, sp);
    }
}

static bool only_rulers(const struct scene_panel *sp)
{
    if (sp->title)
        return false;
    for (int k = 0; k < sp->cfg->nwidgets; k++)
        if (strcmp(sp->widgets[k]->type->name, "rulers") != 0)
            return false;
    return true;
}

struct span {
    float a, b;
};

static int cmp_span(const void *x, const void *y)
{
    float a = ((const struct span *)x)->a, b = ((const struct span *)y)->a;
    return (a > b) - (a < b);
}

/* The best x for a bw-wide box in the row [y0, y1) of the page: in a gap
 * between the panels crossing the row, as near `cx` (its centre) as the gap
 * allows; NAN when no gap is wide enough. */
static float free_x(const struct scene *s, int page, float y0, float y1, float bw, float clear,
                    float cx)
{
    struct span pv[256];
    int np = 0;
    float W = s->units.w, u = s->units.u;
    for (int i = 0; i < s->npanels && np < 256; i++) {
        const struct scene_panel *sp = &s->panels[i];
        const struct box *p = &sp->box;
        if (sp->page != page || p->w <= 0 || p->h <= 0 || only_rulers(sp) ||
            p->y >= y1 + clear || p->y + p->h <= y0 - clear)
            continue;
        pv[np++] = (struct span){p->x - clear, p->x + p->w + clear};
    }
    qsort(pv, (size_t)np, sizeof *pv, cmp_span);
    float best = NAN, best_d = INFINITY, at = u;
    for (int i = 0; i <= np; i++) {
        float gap_end = i < np ? pv[i].a : W - u;
        if (gap_end - at >= bw) {
            float x = fminf(fmaxf(cx - bw * 0.5f, at), gap_end - bw);
            float d = fabsf(x + bw * 0.5f - cx);
            if (d < best_d)
                best = x, best_d = d;
        }
        if (i < np && pv[i].b > at)
            at = pv[i].b;
    }
    return best;
}

struct box scene_free_spot(const struct scene *s, int page, float w, float h, float clear)
{
    float W = s->units.w, H = s->units.h, u = s->units.u;
    if (!(u > 0))
        return (struct box){0};
    float step = fmaxf(1.0f, 0.25f * u);
    for (float k = 1.0f; k >= 0.5f - 1e-4f; k -= 0.1f) {
        float bw = w * k, bh = h * k;
        /* nearest the top centre: a step down costs as much as 8 to the side;
         * rows from the bottom count from the bottom edge */
        struct box best = {0};
        float best_cost = INFINITY;
        for (float y = u; y + bh <= H - u; y += step) {
            float edge = fminf(y - u, H - u - (y + bh));
            if (8.0f * edge >= best_cost)
                continue;
            float x = free_x(s, page, y, y + bh, bw, clear, W * 0.5f);
            if (isnan(x))
                continue;
            float cost = fabsf(x + bw * 0.5f - W * 0.5f) + 8.0f * edge;
            if (cost < best_cost) {
                best = (struct box){x, y, bw, bh};
                best_cost = cost;
            }
        }
        if (best.w > 0)
            return best;
    }
    return (struct box){0};
}

/* --- evaluation ----------------------------------------------------------------------- */

/* After an evaluation: lays a panel out again when a widget in it now needs
 * another height for its items (a core came online, a filesystem mounted). */
static void refit(struct scene *s)
{
    if (s->units.u <= 0)
        return; /* not laid out yet */
    for (int i = 0; i < s->npanels; i++) {
        struct scene_panel *sp = &s->panels[i];
        bool changed = false;
        for (int k = 0; k < sp->cfg->nwidgets && !changed; k++) {
            const struct widget *w = sp->widgets[k];
            changed = w->type->fit_height && w->type->fit_height(w, s->units.u) != w->fit_px;
        }
        if (!changed)
            continue;
        layout_panel(s, sp);
        for (int k = 0; k < sp->cfg->nwidgets; k++)
            s->cache[sp->widgets[k]->slot].valid = false;
    }
}

bool scene_eval(struct scene *s, struct store *st, double at)
{
    store_read_lock(st);
    for (int i = 0; i < s->nall; i++) {
        if (s->evaluated)
            widget_eval(s->all[i], st, at);
        else
            widget_backfill(s->all[i], st, at);
    }
    store_read_unlock(st);
    s->evaluated = true;
    s->eval_at = at;
    refit(s);
    for (int i = 0; i < s->npanels; i++) {
        struct scene_panel *sp = &s->panels[i];
        sp->level = sp->title && sp->title->cfg->escalate ? sp->title->level : LEVEL_NOMINAL;
        for (int k = 0; k < sp->cfg->nwidgets; k++)
            if (sp->widgets[k]->cfg->escalate && sp->widgets[k]->level > sp->level)
                sp->level = sp->widgets[k]->level;
    }
    bool new_cause = false;
    for (int i = 0; i < s->nall; i++) {
        const struct widget *w = s->all[i];
        bool e = w->cfg->escalate && w->level == LEVEL_EMERGENCY;
        if (e && !s->emergency[i])
            new_cause = true;
        s->emergency[i] = e;
    }
    return new_cause;
}

enum level scene_level(const struct scene *s)
{
    enum level l = LEVEL_NOMINAL;
    for (int i = 0; i < s->nall; i++)
        if (s->all[i]->cfg->escalate && s->all[i]->level > l)
            l = s->all[i]->level;
    return l;
}

const struct widget *scene_worst(const struct scene *s)
{
    const struct widget *worst = NULL;
    for (int i = 0; i < s->nall; i++) {
        const struct widget *w = s->all[i];
        if (w->cfg->escalate && w->level > LEVEL_NOMINAL && (!worst || w->level > worst->level))
            worst = w;
    }
    return worst;
}

void scene_cause(const struct scene *s, char *out, size_t size)
{
    out[0] = 0;
    const struct widget *w = scene_worst(s);
    if (!w)
        return;
    /* The item at the widget's level speaks for it. */
    const struct witem *it = NULL;
    for (int i = 0; i < w->nitems && !it; i++)
        if (w->items[i].level == w->level)
            it = &w->items[i];
    if (!it && w->nitems)
        it = &w->items[w->focus];
    if (w->cfg->cause) {
        widget_expand(w, it, w->cfg->cause, out, size);
        return;
    }
    if (w->cause[0]) {
        snprintf(out, size, "%s", w->cause);
        return;
    }
    const char *label = w->cfg->label.en ? w->cfg->label.en : w->type->name;
    if (!it) {
        snprintf(out, size, "%s", label);
        return;
    }
    const char *item = it->label[0] && strcmp(it->label, label) != 0 ? it->label : "";
    snprintf(out, size, "%s%s%s  %s%s%s", label, item[0] ? " " : "", item, it->num,
             it->unit[0] ? " " : "", it->unit);
}

/* --- drawing ------------------------------------------------------------------------- */

/* Invalidates every cached drawing when the look of the frame changed. */
static void check_look(struct scene *s, const struct draw_ctx *ctx)
{
    /* The atlas generation covers the white texel untextured shapes use and
     * the glyphs' texels: both move only when the atlas is re-created. */
    struct atlas *a = ctx->text ? text_atlas(ctx->text) : NULL;
    uint32_t gen = a ? atlas_generation(a) : 0;
    bool same = s->look.level == ctx->screen_level && s->look.anim_rate == ctx->anim_rate &&
                s->look.u == ctx->u && s->look.w == ctx->screen_w && s->look.h == ctx->screen_h &&
                s->look.reduce_motion == ctx->reduce_motion &&
                s->look.motion_until == ctx->motion_until && s->look.pal == ctx->pal &&
                s->look.atlas_gen == gen;
    if (same)
        return;
    s->look.level = ctx->screen_level;
    s->look.anim_rate = ctx->anim_rate;
    s->look.u = ctx->u;
    s->look.w = ctx->screen_w;
    s->look.h = ctx->screen_h;
    s->look.reduce_motion = ctx->reduce_motion;
    s->look.motion_until = ctx->motion_until;
    s->look.pal = ctx->pal;
    s->look.atlas_gen = gen;
    for (int i = 0; i < s->nall; i++)
        s->cache[i].valid = false;
}

static bool grow_to(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *n = realloc(*p, c * elem);
    if (!n)
        return false;
    *p = n;
    *cap = c;
    return true;
}

/* Draws a widget, or replays its drawing from an earlier frame when its
 * data, the frame's look and the time are all still what that drawing was
 * made for (motifs say when they change next through wake_at). */
static void draw_widget(struct scene *s, struct widget *w, const struct draw_ctx *ctx)
{
    if (!w->type->draw || w->box.w <= 0 || w->box.h <= 0)
        return; /* left out of its panel (min_height) */
    struct scene_cache *c = &s->cache[w->slot];
    bool cache = !s->no_cache && !batch_recording(ctx->b);
    if (cache && c->valid && c->gen == w->gen && ctx->t >= c->from && ctx->t < c->until) {
        batch_append(ctx->b, c->v, c->nv, c->idx, c->ni);
        draw_wake_at(ctx, c->until);
        s->cache_hits++;
        return;
    }
    size_t v0, i0, d0, v1, i1, d1;
    batch_vertices(ctx->b, &v0);
    batch_indices(ctx->b, &i0);
    batch_draws(ctx->b, &d0);
    double wake = INFINITY;
    struct draw_ctx local = *ctx;
    local.wake_at = &wake;
    w->type->draw(w, &local);
    draw_wake_at(ctx, wake);
    s->cache_misses++;
    c->valid = false;
    const struct batch_vertex *v = batch_vertices(ctx->b, &v1);
    const uint32_t *idx = batch_indices(ctx->b, &i1);
    batch_draws(ctx->b, &d1);
    /* Only plain drawings are kept: a clip rectangle would start new draws. */
    if (!cache || d1 != d0 || !(wake > ctx->t))
        return;
    size_t nv = v1 - v0, ni = i1 - i0;
    if (!grow_to((void **)&c->v, &c->cap_v, nv, sizeof *c->v) ||
        !grow_to((void **)&c->idx, &c->cap_i, ni, sizeof *c->idx))
        return;
    if (nv)
        memcpy(c->v, v + v0, nv * sizeof *v);
    for (size_t i = 0; i < ni; i++)
        c->idx[i] = idx[i0 + i] - (uint32_t)v0;
    c->nv = nv;
    c->ni = ni;
    c->gen = w->gen;
    c->from = ctx->t;
    c->until = wake;
    c->valid = true;
}

/* True when the panel has widgets that show data and not one of them has a
 * series behind it (a machine without temperature sensors): the panel then
 * shows one NO SIGNAL field instead of a NO SIGNAL look per widget. */
static bool panel_without_data(const struct scene_panel *sp, struct box *area)
{
    int data = 0;
    float x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int k = 0; k < sp->cfg->nwidgets; k++) {
        const struct widget *w = sp->widgets[k];
        if (!(w->type->flags & WT_DATA) || w->box.w <= 0 || w->box.h <= 0)
            continue;
        if (!w->stale || w->nitems > 0)
            return false;
        data++;
        x0 = fminf(x0, w->box.x);
        y0 = fminf(y0, w->box.y);
        x1 = fmaxf(x1, w->box.x + w->box.w);
        y1 = fmaxf(y1, w->box.y + w->box.h);
    }
    if (data < 2)
        return false; /* one widget: its own NO SIGNAL look says it */
    *area = (struct box){x0, y0, x1 - x0, y1 - y0};
    return true;
}

static void draw_no_data(const struct scene_panel *sp, struct box area,
                         const struct draw_ctx *ctx)
{
    ink_no_signal(ctx, area);
    const char *why = sp->cfg->no_data;
    float size = fminf(2.4f * ctx->u, area.h * 0.28f);
    if (!why || size < 0.6f * ctx->u)
        return;
    /* under the plate ink_no_signal centres in the area (2.1 sizes tall) */
    float y = area.y + area.h * 0.5f + size * 1.05f + 1.0f * ctx->u;
    ink_label(ctx, 1.2f * ctx->u, area.x + area.w * 0.5f, y, TEXT_CENTER, TEXT_CAP_TOP,
              area.w * 0.9f, ink_pal(ctx, PAL_ORANGE), why);
}

void scene_draw_page(struct scene *s, int page, const struct draw_ctx *ctx)
{
    check_look(s, ctx);
    for (int i = 0; i < s->npanels; i++) {
        struct scene_panel *sp = &s->panels[i];
        if (sp->page != page)
            continue;
        /* STYLE.md: at CAUTION hazard stripes appear on the affected panel:
         * thin bands top and bottom, from ALERT a frame all round, its sides
         * in the gutter beside the panel so they do not cover the values and
         * labels that reach its edges. */
        if (sp->cfg->hazard && sp->level >= LEVEL_CAUTION)
            hazard_draw(ctx, sp->box,
                        &(struct hazard_view){
                            .kind = sp->level >= LEVEL_ALERT ? HAZARD_FRAME : HAZARD_BARS,
                            .level = sp->level,
                            .thickness = 0.45f,
                            .sides_out = true,
                        });
        if (sp->title)
            draw_widget(s, sp->title, ctx);
        struct box none;
        bool empty = panel_without_data(sp, &none);
        for (int k = 0; k < sp->cfg->nwidgets; k++)
            if (!empty || !(sp->widgets[k]->type->flags & WT_DATA))
                draw_widget(s, sp->widgets[k], ctx);
        if (empty)
            draw_no_data(sp, none, ctx);
    }
}
