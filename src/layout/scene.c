/* scene: see scene.h. */
#include "layout/scene.h"

#include "widgets/hazard.h"

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
    for (int p = 0; p < l->npages; p++) {
        for (int i = 0; i < l->pages[p].npanels; i++) {
            const struct layout_panel *pc = &l->pages[p].panels[i];
            struct scene_panel *sp = &s->panels[s->npanels++];
            sp->cfg = pc;
            sp->page = p;
            if (pc->title) {
                sp->title = widget_create(pc->title);
                sp->title->globals = &s->globals;
                s->all[s->nall++] = sp->title;
            }
            sp->widgets = xcalloc((size_t)pc->nwidgets, sizeof *sp->widgets);
            for (int k = 0; k < pc->nwidgets; k++) {
                sp->widgets[k] = widget_create(&pc->widgets[k]);
                sp->widgets[k]->globals = &s->globals;
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
    for (int i = 0; i < s->nall; i++)
        widget_destroy(s->all[i]);
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
    if (nflow) {
        struct box out[256];
        units_flow(un, heights, nflow, pc->gap, inner, out);
        for (int i = 0; i < nflow; i++)
            sp->widgets[flow_idx[i]]->box = out[i];
    }
}

void scene_layout(struct scene *s, float w, float h)
{
    units_init(&s->units, w, h);
    for (int i = 0; i < s->npanels; i++) {
        struct scene_panel *sp = &s->panels[i];
        const struct layout_page *pg = &s->layout->pages[sp->page];
        struct box page = units_inset((struct box){0, 0, w, h}, pg->margin * s->units.u);
        sp->box = units_place(&s->units, &pg->grid, true, &sp->cfg->place, page);
        layout_panel(s, sp);
    }
}

/* --- evaluation ----------------------------------------------------------------------- */

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
    for (int i = 0; i < s->npanels; i++) {
        struct scene_panel *sp = &s->panels[i];
        sp->level = LEVEL_NOMINAL;
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

void scene_draw_page(struct scene *s, int page, const struct draw_ctx *ctx)
{
    for (int i = 0; i < s->npanels; i++) {
        struct scene_panel *sp = &s->panels[i];
        if (sp->page != page)
            continue;
        /* STYLE.md: at CAUTION hazard stripes appear on the affected panel;
         * from ALERT they frame it top and bottom. */
        if (sp->cfg->hazard && sp->level >= LEVEL_CAUTION)
            hazard_draw(ctx, sp->box,
                        &(struct hazard_view){
                            .kind = sp->level >= LEVEL_ALERT ? HAZARD_BARS : HAZARD_WEDGE,
                            .level = sp->level,
                            .thickness = 0.6f,
                        });
        if (sp->title && sp->title->type->draw)
            sp->title->type->draw(sp->title, ctx);
        for (int k = 0; k < sp->cfg->nwidgets; k++) {
            struct widget *w = sp->widgets[k];
            if (w->type->draw)
                w->type->draw(w, ctx);
        }
    }
}
