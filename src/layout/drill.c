/* drill: see drill.h. */
#include "layout/drill.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "sources/source.h"

/* The demo loop (docs/SOURCES.md): 120 s, the incident from 40 s on. */
#define LOOP_S 120.0
#define INCIDENT_S 40.0
/* At most this much demo history is polled to fill the graphs at start. */
#define BACKFILL_MAX_S 600.0

struct drill {
    const struct layout *layout;
    struct store *store;
    struct sources *sources;
    struct scene *scene;
    struct escalation esc;
    char cause[192];
    double cause_from;
    double t0;        /* animation time of the key press */
    double demo0;     /* the demo's clock then: the incident's start */
    double next_poll; /* demo clock */
    uint64_t version;
    double eval_at;
    int page;
};

static double demo_clock(const struct drill *d, double t)
{
    return d->demo0 + (t - d->t0);
}

/* Counts the widgets that show data and have some now (`absent` values and
 * constants count: compare with an empty store). */
static int live_widgets(const struct scene *s, int *data)
{
    int n = 0;
    *data = 0;
    for (int i = 0; i < s->nall; i++) {
        const struct widget *w = s->all[i];
        const struct layout_widget *cfg = w->cfg;
        if (!(w->type->flags & WT_DATA) || (!cfg->value.set && cfg->nitems == 0))
            continue;
        (*data)++;
        n += !w->stale;
    }
    return n;
}

static void globals(struct drill *d)
{
    int page = d->page;
    struct scene_globals *g = &d->scene->globals;
    snprintf(g->state, sizeof g->state, "%s", level_name(escalate_screen_level(&d->esc)));
    snprintf(g->layout, sizeof g->layout, "%s", d->layout->name);
    snprintf(g->sources, sizeof g->sources, "1/1");
    snprintf(g->source, sizeof g->source, "demo");
    snprintf(g->page, sizeof g->page, "%d", page + 1);
    snprintf(g->pages, sizeof g->pages, "%d", d->layout->npages);
}

static void evaluate(struct drill *d, double t)
{
    double at = demo_clock(d, t);
    globals(d);
    bool new_cause = scene_eval(d->scene, d->store, at);
    escalate_update(&d->esc, scene_level(d->scene), new_cause, t);
    /* {$state} must say the level this evaluation set */
    char before[sizeof d->scene->globals.state];
    snprintf(before, sizeof before, "%s", d->scene->globals.state);
    globals(d);
    if (strcmp(before, d->scene->globals.state) != 0)
        scene_eval(d->scene, d->store, at);
    d->version = store_version(d->store);
    d->eval_at = at;
    if (d->esc.takeover_from != d->cause_from || !d->cause[0]) {
        char why[160];
        scene_cause(d->scene, why, sizeof why);
        snprintf(d->cause, sizeof d->cause, "DRILL  //  %s", why[0] ? why : "DEMO INCIDENT");
        d->cause_from = d->esc.takeover_from;
    }
}

struct drill *drill_start(const struct layout *l, unsigned long long seed, float w, float h,
                          double t, int page, char *why, size_t why_size)
{
    struct drill *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    d->layout = l;
    d->page = page;
    d->store = store_create(NULL);
    d->sources = d->store ? sources_create(&(struct sources_desc){.store = d->store}) : NULL;
    char err[256];
    if (!d->sources ||
        !sources_add(d->sources, &(struct source_desc){.spec = "demo", .seed = seed}, err,
                     sizeof err)) {
        snprintf(why, why_size, "cannot start the demo source");
        drill_free(d);
        return NULL;
    }
    d->scene = scene_create(l);
    scene_layout(d->scene, w, h);
    escalate_init(&d->esc, l->display.takeover_min);
    /* The demo's clock at the incident's start, on the loop that holds now. */
    double now = clock_wall();
    d->t0 = t;
    d->demo0 = now - fmod(now, LOOP_S) + INCIDENT_S;
    /* Graph histories from the demo's minutes before it. */
    double window = 0;
    for (int i = 0; i < d->scene->nall; i++) {
        const struct layout_widget *cfg = d->scene->all[i]->cfg;
        window = fmax(window, (double)cfg->history * cfg->step);
    }
    long nh = lround(fmin(window, BACKFILL_MAX_S));
    for (long k = nh; k >= 0; k--)
        sources_poll_all(d->sources, d->demo0 - (double)k);
    d->next_poll = d->demo0 + 1.0;
    evaluate(d, t);
    /* What the layout shows from nothing at all (constants, `absent`
     * values): the demo must add to that, or it drives nothing. */
    struct store *none = store_create(NULL);
    struct scene *bare = scene_create(l);
    int data, shown = 0;
    if (none && bare) {
        scene_eval(bare, none, d->demo0);
        shown = live_widgets(bare, &data);
    }
    scene_destroy(bare);
    store_destroy(none);
    if (live_widgets(d->scene, &data) <= shown) {
        snprintf(why, why_size,
                 "none of the %d data widgets of layout %s reads a series the demo source "
                 "plays (the linux, nvml and training names)",
                 data, l->name);
        drill_free(d);
        return NULL;
    }
    return d;
}

void drill_free(struct drill *d)
{
    if (!d)
        return;
    scene_destroy(d->scene);
    sources_destroy(d->sources);
    store_destroy(d->store);
    free(d);
}

bool drill_update(struct drill *d, double t, int page)
{
    if (page != d->page) {
        d->page = page;
        d->version = 0; /* {$page} changed */
    }
    double at = demo_clock(d, t);
    if (at >= d->demo0 + DRILL_SECONDS || t < d->t0)
        return false;
    if (at >= d->next_poll) {
        sources_poll_all(d->sources, at);
        d->next_poll = floor(at) + 1.0;
    }
    if (store_version(d->store) != d->version || at - d->eval_at >= 1.0)
        evaluate(d, t);
    return true;
}

void drill_layout(struct drill *d, float w, float h)
{
    scene_layout(d->scene, w, h);
}

struct scene *drill_scene(struct drill *d) { return d->scene; }

struct escalation *drill_escalation(struct drill *d) { return &d->esc; }

const char *drill_cause(const struct drill *d) { return d->cause; }

double drill_next_change(const struct drill *d)
{
    return d->t0 + (d->next_poll - d->demo0);
}
