/* widget: a widget instance of a layout, evaluated against the metric store.
 *
 * A widget reads its bindings (selectors) once per data change, not per
 * frame: widget_eval() turns the selector results into items (one per
 * result element of a vector `value`, or one per explicit `items` entry),
 * each with its value, max/min, formatted text, threshold level (with
 * hysteresis) and NO SIGNAL flag, plus a ring buffer of past values for
 * graphs. Drawing then only copies these plain values into the motif's view
 * struct (layout/wtype.h), so a frame costs no selector work.
 *
 * Depends on core/store + core/selector, layout/layout.h. */
#ifndef MAGI_LAYOUT_WIDGET_H
#define MAGI_LAYOUT_WIDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/selector.h"
#include "core/store.h"
#include "layout/layout.h"

struct witem {
    char *key;             /* identity across evaluations: labels key, or "#n" */
    char *lkey;            /* labels of the series behind it (for templates) */
    char label[64];        /* resolved English label (item_label template, ...) */
    const char *label_jp;  /* from an explicit item */
    const char *tag;
    const struct layout_item *cfg; /* explicit item, or NULL */
    double value;
    double max, min;       /* NaN when not bound */
    double rate;           /* change per second over the history (countdown), NaN if unknown */
    bool stale;            /* NO SIGNAL */
    enum level level;
    char num[32], unit[24]; /* formatted value */
    char text[64];         /* "num unit" */
    /* history ring (WT_HISTORY): values at evenly spaced times, newest last */
    float *hist;
    int hist_cap, hist_len, hist_head;
};

/* Screen-wide values templates can name as {$name}: set by the app. */
struct scene_globals {
    char state[16];   /* NOMINAL ... */
    char layout[64];  /* layout name */
    char sources[16]; /* "6/6" healthy of all */
    char source[64];  /* first source's name */
    char fault[96];   /* the first failing source's reason, "" while all answer */
    char page[16], pages[16];
};

struct widget {
    const struct layout_widget *cfg;
    const struct scene_globals *globals; /* may be NULL */
    const struct wtype *type;
    struct box box;
    struct witem *items;
    int nitems, cap;
    int focus;             /* the item the widget's texts speak about */
    enum level level;      /* highest item level (or the type's own) */
    bool stale;            /* NO SIGNAL: no fresh data behind any item */
    double eval_at;        /* Unix time of the last evaluation */
    uint64_t gen;          /* bumped by every evaluation (draw caches key on it) */
    int slot;              /* index in its scene */
    double hist_at;        /* Unix time of the newest history sample */
    char sub[128];         /* `sub`, resolved */
    char cause[160];       /* the takeover's cause line a type proposes ("" = generic) */
    /* Type-specific keys: WK_BIND props evaluated to a scalar, WK_STR props
     * resolved as templates against the focus item. */
    double *pval;
    bool *pstale;
    char **ptext;
    /* Per-type state kept between evaluations (vote deliberation, epoch). */
    double state[8];
    struct sel_result res, aux;
    void *scratch;         /* draw-time arrays for motif views */
    size_t scratch_cap;
    char tbuf[8][160];     /* texts a type computes at evaluation or draw */
    void *tdata;           /* a type's own block (free()d with the widget) */
    float fit_px;          /* type->fit_height when its panel was laid out */
    int *hash;             /* key -> item index, open addressing */
    int hash_cap;
};

struct widget *widget_create(const struct layout_widget *cfg);
void widget_destroy(struct widget *w);

/* Evaluates every binding at Unix time `at`. The caller holds the store's
 * read lock. */
void widget_eval(struct widget *w, const struct store *s, double at);
/* Fills the history of a graph widget by evaluating its bindings at past
 * times (step apart, up to `history` samples ending at `now`), then
 * evaluates at `now`. For widgets without history it is widget_eval. */
void widget_backfill(struct widget *w, const struct store *s, double now);

/* Seconds of the animation clock at Unix time `wall` in this frame. */
static inline double widget_t_of(const struct draw_ctx *ctx, double wall)
{
    return ctx->t - (ctx->wall - wall);
}

/* Type-specific key `k` (index into type->keys). */
static inline const struct wprop *widget_prop(const struct widget *w, int k)
{
    return &w->cfg->props[k];
}
/* A WK_NUM/WK_INT/WK_BOOL/WK_ENUM key, or `dflt` when not set. A WK_BIND key
 * evaluates to its last value (NaN while stale). */
double widget_num(const struct widget *w, int k, double dflt);
/* A WK_STR key resolved against the focus item, or `dflt`; a WK_STRS key as
 * its resolved lines joined with newlines. */
const char *widget_text(const struct widget *w, int k, const char *dflt);

/* A buffer of at least n bytes for a draw (kept by the widget, aligned for
 * any type). */
void *widget_scratch(struct widget *w, size_t n);
/* Copies an item's history into out (oldest first); returns the count. */
int witem_history(const struct witem *it, float *out, int max);
/* The item's value as a fraction of its range [min, max] (0 when unknown). */
double witem_fraction(const struct witem *it);

/* Expands {name} fields of `tmpl`: a label of the item's series, or value,
 * num, unit, label, tag, max, min, rate (formatted with the item's format);
 * {N.name} reads item N instead; {$name} a screen global (state, layout,
 * sources, source, page, pages). A modifier may follow: {cpu:02} pads with
 * zeros, {nodename:upper} / {x:lower} change case, {instance:host} drops a
 * :port. Unknown names expand to
 * "". Returns out. */
const char *widget_expand(const struct widget *w, const struct witem *it, const char *tmpl,
                          char *out, size_t size);

/* Natural order ("core 2" < "core 10"), for sorting items by label. */
int natural_cmp(const char *a, const char *b);

/* The value of label `name` in a canonical labels key {a="x",b="y"}; false
 * if absent. */
bool labels_key_get(const char *key, const char *name, char *out, size_t size);

#endif
