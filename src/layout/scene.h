/* scene: the live instance of a layout — every widget of every page, their
 * boxes on the current screen, their evaluation against the store and the
 * roll-up of their levels.
 *
 * Widgets of all pages are evaluated (an emergency on a hidden page still
 * takes the screen over); only the current page is drawn. Evaluation runs
 * once per data change (store_version), drawing only copies values. GL-free:
 * tests drive it with a real store and a recording batch.
 * Depends on layout/layout.h, layout/widget.h, core/store. */
#ifndef MAGI_LAYOUT_SCENE_H
#define MAGI_LAYOUT_SCENE_H

#include <stdbool.h>

#include "core/store.h"
#include "layout/layout.h"
#include "layout/units.h"
#include "layout/widget.h"

struct scene_panel {
    const struct layout_panel *cfg;
    int page;
    struct box box;
    enum level level;        /* highest of its widgets (hazard stripes) */
    struct widget *title;    /* NULL if none */
    struct widget **widgets; /* cfg->nwidgets */
};

/* A widget's drawing from an earlier frame, replayed while nothing it
 * depends on has changed (its data, the frame's look, the time it said it
 * would change at). */
struct scene_cache {
    struct batch_vertex *v;
    uint32_t *idx;
    size_t nv, ni, cap_v, cap_i;
    uint64_t gen;
    double from, until; /* valid for from <= t < until */
    bool valid;
};

struct scene {
    const struct layout *layout;
    struct scene_panel *panels; /* all pages, in order */
    int npanels;
    struct widget **all;        /* every widget, titles included */
    int nall;
    bool *emergency;            /* per widget: at EMERGENCY after the last eval */
    struct scene_cache *cache;  /* per widget */
    struct {                    /* what every cached drawing depends on */
        enum level level;
        float anim_rate, u, w, h;
        bool reduce_motion;
        double motion_until;
        const struct palette *pal;
        uint32_t atlas_gen;
    } look;
    bool no_cache;              /* draw everything every frame (tests, benchmarks of motifs) */
    size_t cache_hits, cache_misses;
    struct units units;
    struct scene_globals globals; /* {$name} in templates; set by the app */
    bool evaluated;
    double eval_at;
};

struct scene *scene_create(const struct layout *l);
void scene_destroy(struct scene *s);

/* Computes every box for a screen of w x h pixels (cheap; call on resize). */
void scene_layout(struct scene *s, float w, float h);

/* Evaluates every widget at Unix time `at`, taking the store's read lock.
 * The first evaluation back-fills graph histories from the store. Returns
 * true if a widget entered EMERGENCY (a new cause for the takeover). */
bool scene_eval(struct scene *s, struct store *st, double at);

/* Highest level of the widgets that escalate. */
enum level scene_level(const struct scene *s);
/* The widget at the highest level that escalates (the takeover's cause), or
 * NULL when everything is NOMINAL. */
const struct widget *scene_worst(const struct scene *s);
/* "LABEL ITEM VALUE" of the worst widget (or its `cause` template). */
void scene_cause(const struct scene *s, char *out, size_t size);

/* Draws the widgets of page `page` (those whose motif is built). */
void scene_draw_page(struct scene *s, int page, const struct draw_ctx *ctx);

/* A place for a w x h pixel box on page `page` (the red frame's EMERGENCY
 * stamp) that comes no nearer than `clear` pixels to any of the page's
 * panels (but those of rulers alone, the structure behind everything): as
 * near the top or bottom edge and the centre line as there is room (a step
 * from the edge costs as much as 8 to the side), shrinking the box to no
 * less than half its size if it must. A box of width 0 when no place is
 * free. Call after scene_layout. */
struct box scene_free_spot(const struct scene *s, int page, float w, float h, float clear);

/* Number of pages, and a page's title. */
int scene_pages(const struct scene *s);

#endif
