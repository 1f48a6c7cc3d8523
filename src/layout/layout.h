/* layout: a layout file, parsed and fully validated into a scene description.
 *
 * A layout (libconfig syntax, docs/LAYOUT.md) holds display settings, the
 * sources to poll, and pages of panels of widgets. Parsing collects every
 * problem as `FILE:LINE: message` in a struct diag and returns NULL if there
 * was any, so a bad file never half-loads. The result is immutable: the
 * runtime (layout/scene.h) builds widget instances from it.
 *
 * Depends on core (selector, colour, resource), sources/source.h for source
 * descriptions, libconfig. */
#ifndef MAGI_LAYOUT_LAYOUT_H
#define MAGI_LAYOUT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/color.h"
#include "layout/diag.h"
#include "layout/numfmt.h"
#include "layout/threshold.h"
#include "layout/units.h"
#include "layout/wtype.h"
#include "sources/source.h"

/* One explicit item of a widget (a row, a signal, a trace). */
struct layout_item {
    int line;
    struct layout_label label;
    const char *tag;
    struct bind value, max, min;
    bool fmt_set;
    struct numfmt fmt;
    bool th_set;
    struct thresholds th;
    bool color_set;
    enum pal_token color;
};

enum item_sort { SORT_LABEL, SORT_VALUE, SORT_VALUE_DESC, SORT_NONE };

struct layout_widget {
    int line;
    const struct wtype *type;
    struct place place;
    struct layout_label label;
    const char *tag;
    const char *sub;        /* template */
    struct bind value, max, min;
    const char *item_label; /* template naming the items of a vector `value` */
    const char *cause;      /* template: the takeover's cause line when this is the worst */
    struct layout_item *items;
    int nitems;
    struct numfmt fmt;
    struct thresholds th;
    bool th_percent;        /* thresholds compare 100 * value / max */
    bool color_set;
    enum pal_token color;
    bool escalate;          /* counts toward the screen level */
    bool absent_set;        /* a selector with no series reads `absent` (not NO SIGNAL) */
    double absent;
    enum level stale_level; /* level while NO SIGNAL */
    enum item_sort sort;
    int limit;              /* most items shown */
    int history;            /* samples kept per item (graphs) */
    double step;            /* seconds between history samples */
    struct wprop *props;    /* type->nkeys entries */
};

struct layout_panel {
    int line;
    struct place place;
    struct layout_widget *title; /* NULL, or a "title" widget across the top */
    struct grid grid; /* for widgets placed by cell */
    float pad;        /* u inside the panel */
    float gap;        /* u between flowed widgets */
    bool hazard;      /* hazard stripes when a widget is at CAUTION or above */
    const char *no_data; /* under the one NO SIGNAL plate of a panel with no series */
    struct layout_widget *widgets;
    int nwidgets;
};

struct layout_page {
    int line;
    struct layout_label title;
    double duration; /* seconds shown when rotating; 0 = display.rotate */
    struct grid grid;
    float margin;    /* u around the page */
    struct layout_panel *panels;
    int npanels;
};

enum layout_effects {
    LAYOUT_EFFECTS_DEFAULT,
    LAYOUT_EFFECTS_FULL,
    LAYOUT_EFFECTS_LITE,
    LAYOUT_EFFECTS_OFF,
};

struct layout_display {
    enum layout_effects effects;
    int reduce_motion;    /* -1 = not set, else 0/1 */
    double ambient_rate;  /* Hz of ambient CRT animation; < 0 = the engine's default */
    double ambient_idle;  /* seconds to a still picture; 0 = never; < 0 = the engine's */
    double rotate;        /* seconds per page; 0 = no rotation */
    double takeover_min;  /* seconds the EMERGENCY takeover stays at least */
    double title_card;    /* seconds of the title card between pages */
    const char *takeover_word; /* the takeover's word; NULL = ALERT */
    struct palette pal;   /* STYLE.md palette with the overrides applied */
    unsigned pal_overrides; /* bit per enum pal_token */
};

struct layout_source {
    int line;
    struct source_desc desc; /* strings owned by the layout */
};

struct layout {
    const char *path;  /* file as named, or "assets/layouts/NAME.cfg" */
    bool embedded;
    const char *name;
    struct layout_label title;
    struct layout_display display;
    struct layout_source *sources;
    int nsources;
    struct layout_page *pages;
    int npages;
    struct layout_priv *priv;
};

/* Parses layout text; `path` names it in errors. NULL if d got any error. */
struct layout *layout_parse_string(const char *text, const char *path, struct diag *d);
/* Reads and parses a file (errors name `path` as given). */
struct layout *layout_parse_file(const char *path, struct diag *d);
void layout_free(struct layout *l);

/* Where a --layout argument points (CLI.md): a bare NAME (no '/', no .cfg)
 * -> $XDG_CONFIG_HOME/magi/NAME.cfg if it exists, else a shipped name
 * (system, cluster, training, demo) -> the embedded assets/layouts/NAME.cfg;
 * anything else is a file. NULL -> $XDG_CONFIG_HOME/magi/layout.cfg if it
 * exists, else system.
 * Writes the file path (or resource path) to out; *embedded says which. */
void layout_resolve(const char *arg, char *out, size_t out_size, bool *embedded);
/* layout_resolve + parse. On failure d holds the errors. */
struct layout *layout_load(const char *arg, struct diag *d);

/* Shipped layout names, NULL-terminated. */
extern const char *const layout_shipped[];

#endif
