/* wtype: the registry of widget types a layout can name.
 *
 * Each type says which keys it takes beyond the common ones (its schema,
 * used for validation and for docs/LAYOUT.md), whether it reads data, and
 * how an evaluated widget becomes a call of its STYLE.md motif (the draw
 * function fills the motif's view struct from the widget and calls the
 * motif in src/widgets/). Depends on layout/widget.h for the instance. */
#ifndef MAGI_LAYOUT_WTYPE_H
#define MAGI_LAYOUT_WTYPE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/color.h"
#include "widgets/draw.h"

struct selector;
struct widget;

/* Kinds of values a key takes. */
enum wkey_type {
    WK_NUM,   /* a number in [min, max] */
    WK_INT,   /* an integer in [min, max] */
    WK_BOOL,
    WK_STR,   /* a string (templates allowed where the doc says so) */
    WK_COLOR, /* a palette token ("mint"); stored as its enum pal_token */
    WK_ENUM,  /* one of `choices` ("a|b|c"); stored as its index */
    WK_BIND,  /* a number or a selector */
    WK_STRS,  /* a list of strings */
    WK_LABEL, /* "EN" or { jp = "..."; en = "..."; } */
    WK_NUMS,  /* a list of numbers in [min, max], at most 16 */
};

struct wkey {
    const char *name;
    enum wkey_type type;
    double min, max;     /* WK_NUM / WK_INT; both 0 = any */
    const char *choices; /* WK_ENUM */
    const char *doc;     /* one line for docs/LAYOUT.md */
};

/* A label in two languages; either may be NULL. */
struct layout_label {
    const char *jp;
    const char *en;
};

/* A value a widget reads: a constant or a selector, evaluated per data change. */
struct bind {
    bool set;
    bool constant;
    double k;
    struct selector *sel; /* owned by the layout */
    const char *text;
    const char *file; /* the layout's path, for log lines; owned by the layout */
    int line;
};

/* A parsed type-specific key. */
struct wprop {
    bool set;
    int line;
    double num;   /* WK_NUM, WK_INT, WK_BOOL, WK_ENUM (index), WK_COLOR (token) */
    const char *str;
    const double *nums; /* WK_NUMS */
    struct layout_label label;
    const char *const *strs;
    int nstrs; /* also the count of nums */
    struct bind bind;
};

enum wtype_flags {
    WT_DATA = 1 << 0,      /* takes value/items/format/thresholds ... */
    WT_NEEDS_DATA = 1 << 1, /* ... and must have `value` or `items` */
    WT_HISTORY = 1 << 2,    /* keeps a history of every item (graphs) */
    WT_OWN_LEVELS = 1 << 3, /* item levels are set by the type's eval hook */
};

struct wtype {
    const char *name;
    const char *doc; /* one paragraph for docs/LAYOUT.md */
    unsigned flags;
    const struct wkey *keys;
    int nkeys;
    int history;     /* default history samples for WT_HISTORY */
    int max_items;   /* most items it can show; 0 = 64 */
    /* After each evaluation: derived values, the focus item, the type's own
     * level (e.g. the countdown's nearest limit). May be NULL. */
    void (*eval)(struct widget *w, double at);
    /* Fills the motif's view from the evaluated widget and draws it at
     * w->box. NULL while the motif is not built: the widget is validated
     * and evaluated but not drawn. */
    void (*draw)(struct widget *w, const struct draw_ctx *ctx);
    /* Stacked without a `height`: the height (pixels, for the unit u) its
     * items need, so the others stacked with it get the rest (bars with a
     * `row_height`); 0 = no such height, share the rest; INFINITY = all it
     * can get (others keep only what their `min_height` does not give up).
     * May be NULL. The panel is laid out again when the answer changes. */
    float (*fit_height)(const struct widget *w, float u);
};

const struct wtype *wtype_find(const char *name);
size_t wtype_count(void);
const struct wtype *wtype_at(size_t i);
/* Index of a key of the type, or -1. */
int wtype_key(const struct wtype *t, const char *name);

#endif
