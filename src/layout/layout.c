/* layout: see layout.h. The parser walks the libconfig tree once, checking
 * every key against what the context allows, and keeps going after an error
 * so the user sees all of them. */
#include "layout/layout.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/resource.h"
#include "core/selector.h"
#include "sources/http.h"

const char *const layout_shipped[] = {"system", "cluster", "training", "demo", NULL};

/* --- storage: everything a layout owns lives in one arena ----------------- */

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

struct layout_priv {
    struct arena_block *blocks;
    struct selector **sels;
    size_t nsels, capsels;
};

static void *arena_alloc(struct layout_priv *pv, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct arena_block *b = pv->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        b = calloc(1, sizeof *b + cap);
        if (!b)
            abort(); /* out of memory while parsing a few kilobytes */
        b->cap = cap;
        b->next = pv->blocks;
        pv->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

static const char *arena_str(struct layout_priv *pv, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(pv, n);
    memcpy(p, s, n);
    return p;
}

static void keep_selector(struct layout_priv *pv, struct selector *sel)
{
    if (pv->nsels == pv->capsels) {
        size_t cap = pv->capsels ? pv->capsels * 2 : 32;
        struct selector **v = realloc(pv->sels, cap * sizeof *v);
        if (!v)
            abort();
        pv->sels = v;
        pv->capsels = cap;
    }
    pv->sels[pv->nsels++] = sel;
}

void layout_free(struct layout *l)
{
    if (!l)
        return;
    struct layout_priv *pv = l->priv;
    for (size_t i = 0; i < pv->nsels; i++)
        selector_free(pv->sels[i]);
    free(pv->sels);
    struct arena_block *b = pv->blocks;
    while (b) {
        struct arena_block *n = b->next;
        free(b);
        b = n;
    }
    free(pv);
    free(l);
}

/* --- parser helpers ---------------------------------------------------------- */

struct parser {
    struct layout *l;
    struct layout_priv *pv;
    struct diag *d;
};

#define ERR(P, line, ...) diag_add((P)->d, (line), __VA_ARGS__)

/* libconfig gives named settings the line of their name; unnamed scalars in
 * lists get the line of the token after them, so those report their parent's. */
static int line_of(const config_setting_t *s, int fallback)
{
    if (!s)
        return fallback;
    if (!config_setting_name(s) && !config_setting_is_group(s))
        return fallback;
    int line = (int)config_setting_source_line(s);
    return line > 0 ? line : fallback;
}

static const char *kind_name(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_GROUP:
        return "a group { }";
    case CONFIG_TYPE_LIST:
        return "a list ( )";
    case CONFIG_TYPE_ARRAY:
        return "an array [ ]";
    }
    return "something else";
}

static bool is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static double number_of(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        return config_setting_get_int(s);
    case CONFIG_TYPE_INT64:
        return (double)config_setting_get_int64(s);
    default:
        return config_setting_get_float(s);
    }
}

static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    int row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int prev = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cur = row[j];
            int sub = prev + (a[i - 1] != b[j - 1]);
            int del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[lb];
}

/* " (did you mean 'x'?)" for the closest candidate, or "". */
static void suggest(const char *word, const char *const *cands, size_t n, char *out, size_t size)
{
    int best = 99;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        int dist = edit_distance(word, cands[i]);
        if (dist < best) {
            best = dist;
            pick = cands[i];
        }
    }
    int limit = strlen(word) <= 4 ? 1 : 2;
    if (pick && best <= limit)
        snprintf(out, size, " (did you mean '%s'?)", pick);
    else
        out[0] = 0;
}

/* Reports every child of `g` whose name is not in `allowed` (NULL-ended
 * lists, several may be given, the last argument NULL). */
static void check_keys(struct parser *P, const config_setting_t *g, const char *where, ...)
{
    const char *names[160];
    size_t n = 0;
    va_list ap;
    va_start(ap, where);
    const char *const *list;
    while ((list = va_arg(ap, const char *const *)) != NULL)
        for (; *list && n < sizeof names / sizeof names[0]; list++)
            names[n++] = *list;
    va_end(ap);
    int count = config_setting_length(g);
    for (int i = 0; i < count; i++) {
        const config_setting_t *c = config_setting_get_elem(g, (unsigned)i);
        const char *name = config_setting_name(c);
        if (!name)
            continue;
        bool ok = false;
        for (size_t k = 0; k < n && !ok; k++)
            ok = strcmp(names[k], name) == 0;
        if (!ok) {
            char hint[80];
            suggest(name, names, n, hint, sizeof hint);
            ERR(P, line_of(c, 0), "unknown key '%s' in %s%s", name, where, hint);
        }
    }
}

/* Getters: 0 = absent, 1 = read, -1 = reported an error. */

static int get_num(struct parser *P, const config_setting_t *g, const char *key, double lo,
                   double hi, double *out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    if (!is_number(s)) {
        ERR(P, line_of(s, 0), "'%s' must be a number, not %s", key, kind_name(s));
        return -1;
    }
    double v = number_of(s);
    if (!(v >= lo && v <= hi)) {
        if (hi >= 1e299)
            ERR(P, line_of(s, 0), "'%s' is %g, must be at least %g", key, v, lo);
        else if (lo <= -1e299)
            ERR(P, line_of(s, 0), "'%s' is %g, must be at most %g", key, v, hi);
        else
            ERR(P, line_of(s, 0), "'%s' is %g, must be between %g and %g", key, v, lo, hi);
        return -1;
    }
    *out = v;
    return 1;
}

static int get_int(struct parser *P, const config_setting_t *g, const char *key, int lo, int hi,
                   int *out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
        ERR(P, line_of(s, 0), "'%s' must be an integer, not %s", key, kind_name(s));
        return -1;
    }
    long long v = t == CONFIG_TYPE_INT ? config_setting_get_int(s) : config_setting_get_int64(s);
    if (v < lo || v > hi) {
        ERR(P, line_of(s, 0), "'%s' is %lld, must be between %d and %d", key, v, lo, hi);
        return -1;
    }
    *out = (int)v;
    return 1;
}

static int get_bool(struct parser *P, const config_setting_t *g, const char *key, bool *out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
        ERR(P, line_of(s, 0), "'%s' must be true or false, not %s", key, kind_name(s));
        return -1;
    }
    *out = config_setting_get_bool(s) != 0;
    return 1;
}

static int get_str(struct parser *P, const config_setting_t *g, const char *key,
                   const char **out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        ERR(P, line_of(s, 0), "'%s' must be a string, not %s", key, kind_name(s));
        return -1;
    }
    *out = arena_str(P->pv, config_setting_get_string(s));
    return 1;
}

/* choices "a|b|c"; stores the index. */
static int get_enum(struct parser *P, const config_setting_t *g, const char *key,
                    const char *choices, int *out)
{
    const char *v;
    int r = get_str(P, g, key, &v);
    if (r <= 0)
        return r;
    int idx = 0;
    const char *c = choices;
    size_t vl = strlen(v);
    while (*c) {
        const char *bar = strchr(c, '|');
        size_t cl = bar ? (size_t)(bar - c) : strlen(c);
        if (cl == vl && strncmp(c, v, cl) == 0) {
            *out = idx;
            return 1;
        }
        idx++;
        c += cl + (bar ? 1 : 0);
    }
    char list[256];
    snprintf(list, sizeof list, "%s", choices);
    for (char *p = list; *p; p++)
        if (*p == '|')
            *p = ',';
    const config_setting_t *s = config_setting_get_member(g, key);
    ERR(P, line_of(s, 0), "'%s' must be one of %s; not '%s'", key, list, v);
    return -1;
}

/* A palette token: motifs take tokens so a layout's palette overrides reach
 * them; new colours are made with display.palette. */
static int get_color(struct parser *P, const config_setting_t *g, const char *key,
                     enum pal_token *out)
{
    const char *v;
    int r = get_str(P, g, key, &v);
    if (r <= 0)
        return r;
    if (palette_token_from_name(v, out))
        return 1;
    const char *names[PAL_COUNT];
    for (int k = 0; k < PAL_COUNT; k++)
        names[k] = palette_token_name((enum pal_token)k);
    char hint[80];
    suggest(v, names, PAL_COUNT, hint, sizeof hint);
    const config_setting_t *s = config_setting_get_member(g, key);
    if (v[0] == '#')
        ERR(P, line_of(s, 0),
            "'%s' must be a palette token such as mint, not '%s' (define new colours in "
            "display.palette)",
            key, v);
    else
        ERR(P, line_of(s, 0), "'%s': unknown palette token '%s'%s", key, v, hint);
    return -1;
}

/* [a, b, ...] or (a, b, ...) of numbers in [lo, hi]. */
static int get_nums(struct parser *P, const config_setting_t *g, const char *key, double lo,
                    double hi, const double **out, int *n)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    int line = line_of(s, 0);
    int count = config_setting_is_aggregate(s) && !config_setting_is_group(s)
                    ? config_setting_length(s)
                    : -1;
    bool ok = count >= 1 && count <= 16;
    for (int i = 0; ok && i < count; i++)
        ok = is_number(config_setting_get_elem(s, (unsigned)i));
    if (!ok) {
        ERR(P, line, "'%s' must be a list of 1 to 16 numbers", key);
        return -1;
    }
    double *v = arena_alloc(P->pv, sizeof *v * (size_t)count);
    for (int i = 0; i < count; i++) {
        v[i] = number_of(config_setting_get_elem(s, (unsigned)i));
        if (!(v[i] >= lo && v[i] <= hi)) {
            ERR(P, line, "'%s' entry %d is %g, must be between %g and %g", key, i + 1, v[i], lo,
                hi);
            return -1;
        }
    }
    *out = v;
    *n = count;
    return 1;
}

/* "EN", "日本語" (non-ASCII goes to jp) or { jp = ...; en = ...; }. */
static int get_label(struct parser *P, const config_setting_t *g, const char *key,
                     struct layout_label *out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    if (config_setting_type(s) == CONFIG_TYPE_STRING) {
        const char *v = config_setting_get_string(s);
        bool ascii = true;
        for (const unsigned char *p = (const unsigned char *)v; *p; p++)
            ascii = ascii && *p < 0x80;
        if (ascii)
            out->en = arena_str(P->pv, v);
        else
            out->jp = arena_str(P->pv, v);
        return 1;
    }
    if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
        ERR(P, line_of(s, 0), "'%s' must be a string or a group { jp = ...; en = ...; }, not %s",
            key, kind_name(s));
        return -1;
    }
    static const char *const keys[] = {"jp", "en", NULL};
    char where[64];
    snprintf(where, sizeof where, "'%s'", key);
    check_keys(P, s, where, keys, NULL);
    int r = 1;
    if (get_str(P, s, "jp", &out->jp) < 0)
        r = -1;
    if (get_str(P, s, "en", &out->en) < 0)
        r = -1;
    return r;
}

static int get_bind(struct parser *P, const config_setting_t *g, const char *key,
                    struct bind *out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    out->line = line_of(s, 0);
    out->file = P->l->path;
    if (is_number(s)) {
        out->set = true;
        out->constant = true;
        out->k = number_of(s);
        return 1;
    }
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        ERR(P, out->line, "'%s' must be a selector string or a number, not %s", key,
            kind_name(s));
        return -1;
    }
    const char *text = config_setting_get_string(s);
    char err[256];
    struct selector *sel = selector_parse(text, err, sizeof err);
    if (!sel) {
        ERR(P, out->line, "bad selector in '%s': %s", key, err);
        return -1;
    }
    keep_selector(P->pv, sel);
    out->set = true;
    out->sel = sel;
    out->text = arena_str(P->pv, text);
    return 1;
}

/* A list or array of strings. */
static int get_strs(struct parser *P, const config_setting_t *g, const char *key,
                    const char *const **out, int *n, int max)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    int line = line_of(s, 0);
    if (!config_setting_is_aggregate(s) || config_setting_is_group(s)) {
        ERR(P, line, "'%s' must be a list of strings, not %s", key, kind_name(s));
        return -1;
    }
    int count = config_setting_length(s);
    if (count > max) {
        ERR(P, line, "'%s' has %d entries, at most %d are allowed", key, count, max);
        return -1;
    }
    const char **v = arena_alloc(P->pv, sizeof *v * (size_t)(count + 1));
    for (int i = 0; i < count; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            ERR(P, line, "'%s' must be a list of strings; entry %d is %s", key, i + 1,
                kind_name(e));
            return -1;
        }
        v[i] = arena_str(P->pv, config_setting_get_string(e));
    }
    *out = v;
    *n = count;
    return 1;
}

/* [a, b, c, d] of numbers. */
static int get_vec(struct parser *P, const config_setting_t *g, const char *key, int n,
                   const char *shape, float *out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    int line = line_of(s, 0);
    bool ok = config_setting_is_aggregate(s) && !config_setting_is_group(s) &&
              config_setting_length(s) == n;
    for (int i = 0; ok && i < n; i++)
        ok = is_number(config_setting_get_elem(s, (unsigned)i));
    if (!ok) {
        ERR(P, line, "'%s' must be %d numbers %s", key, n, shape);
        return -1;
    }
    for (int i = 0; i < n; i++)
        out[i] = (float)number_of(config_setting_get_elem(s, (unsigned)i));
    return 1;
}

static int get_group(struct parser *P, const config_setting_t *g, const char *key,
                     const config_setting_t **out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    if (!config_setting_is_group(s)) {
        ERR(P, line_of(s, 0), "'%s' must be a group { }, not %s", key, kind_name(s));
        return -1;
    }
    *out = s;
    return 1;
}

static int get_list(struct parser *P, const config_setting_t *g, const char *key,
                    const config_setting_t **out)
{
    const config_setting_t *s = config_setting_get_member(g, key);
    if (!s)
        return 0;
    if (config_setting_type(s) != CONFIG_TYPE_LIST) {
        ERR(P, line_of(s, 0), "'%s' must be a list ( ), not %s", key, kind_name(s));
        return -1;
    }
    *out = s;
    return 1;
}

/* --- placement ----------------------------------------------------------------- */

static int get_grid(struct parser *P, const config_setting_t *g, struct grid *grid)
{
    float v[2];
    int r = get_vec(P, g, "grid", 2, "[cols, rows]", v);
    if (r <= 0)
        return r;
    const config_setting_t *s = config_setting_get_member(g, "grid");
    if (v[0] < 1 || v[1] < 1 || v[0] > 96 || v[1] > 96 || v[0] != floorf(v[0]) ||
        v[1] != floorf(v[1])) {
        ERR(P, line_of(s, 0), "'grid' must be whole numbers of columns and rows from 1 to 96");
        return -1;
    }
    grid->cols = (int)v[0];
    grid->rows = (int)v[1];
    return 1;
}

static bool check_cell(struct parser *P, int line, const char *key, const float *v, int cols,
                       int rows)
{
    if (v[0] < 0 || v[1] < 0 || v[2] <= 0 || v[3] <= 0) {
        ERR(P, line, "'%s' [%g, %g, %g, %g]: position must not be negative and size must be "
                     "positive",
            key, v[0], v[1], v[2], v[3]);
        return false;
    }
    if (v[0] + v[2] > (float)cols + 1e-4f || v[1] + v[3] > (float)rows + 1e-4f) {
        ERR(P, line, "'%s' [%g, %g, %g, %g] does not fit the %d x %d grid", key, v[0], v[1],
            v[2], v[3], cols, rows);
        return false;
    }
    return true;
}

static bool check_rect(struct parser *P, int line, const char *key, const float *v)
{
    if (v[0] < 0 || v[1] < 0 || v[2] <= 0 || v[3] <= 0 || v[0] + v[2] > 1.0001f ||
        v[1] + v[3] > 1.0001f) {
        ERR(P, line, "'%s' [%g, %g, %g, %g] must be fractions of the parent: x, y >= 0, "
                     "w, h > 0, x + w <= 1, y + h <= 1",
            key, v[0], v[1], v[2], v[3]);
        return false;
    }
    return true;
}

/* cell / rect / portrait / height in a group; `flow_ok` for widgets. */
static void get_place(struct parser *P, const config_setting_t *g, const struct grid *grid,
                      bool flow_ok, int line, struct place *pl)
{
    pl->kind = PLACE_FLOW;
    float v[4];
    int has_cell = get_vec(P, g, "cell", 4, "[col, row, cols, rows]", v);
    if (has_cell > 0) {
        const config_setting_t *s = config_setting_get_member(g, "cell");
        if (check_cell(P, line_of(s, line), "cell", v, grid->cols, grid->rows)) {
            pl->kind = PLACE_CELL;
            memcpy(pl->v, v, sizeof v);
        }
    }
    int has_rect = get_vec(P, g, "rect", 4, "[x, y, w, h]", v);
    if (has_rect > 0) {
        const config_setting_t *s = config_setting_get_member(g, "rect");
        if (has_cell) {
            ERR(P, line_of(s, line), "give 'cell' or 'rect', not both");
        } else if (check_rect(P, line_of(s, line), "rect", v)) {
            pl->kind = PLACE_RECT;
            memcpy(pl->v, v, sizeof v);
        }
    }
    const config_setting_t *ps = config_setting_get_member(g, "portrait");
    if (ps && !flow_ok) {
        int pcols, prows;
        grid_effective(grid, true, &pcols, &prows);
        if (get_vec(P, g, "portrait", 4, "[col, row, cols, rows] in the folded grid", v) > 0 &&
            check_cell(P, line_of(ps, line), "portrait", v, pcols, prows)) {
            pl->has_portrait = true;
            pl->pkind = PLACE_CELL;
            memcpy(pl->pv, v, sizeof v);
        }
    }
    double h;
    if (get_num(P, g, "height", 0.5, 1080, &h) > 0) {
        if (!flow_ok)
            ERR(P, line_of(config_setting_get_member(g, "height"), line),
                "'height' only applies to widgets stacked in a panel");
        pl->height = (float)h;
    }
    if (get_num(P, g, "min_height", 0.5, 1080, &h) > 0) {
        if (!flow_ok || pl->kind != PLACE_FLOW)
            ERR(P, line_of(config_setting_get_member(g, "min_height"), line),
                "'min_height' only applies to widgets stacked in a panel");
        pl->min_height = (float)h;
    }
    if (!flow_ok && pl->kind == PLACE_FLOW && has_cell == 0 && has_rect == 0)
        ERR(P, line, "a panel needs 'cell' or 'rect'");
}

/* --- number formats and thresholds ------------------------------------------ */

static const char *const fmt_keys[] = {"format", "decimals", "unit", "scale", NULL};

/* format/decimals/unit/scale of a group; returns true if any was given. */
static bool get_format(struct parser *P, const config_setting_t *g, int line, struct numfmt *f)
{
    const char *spec = NULL, *unit = NULL;
    int decimals = -1;
    double scale = 0;
    int a = get_str(P, g, "format", &spec);
    int b = get_int(P, g, "decimals", 0, 9, &decimals);
    int c = get_str(P, g, "unit", &unit);
    int d = get_num(P, g, "scale", -1e18, 1e18, &scale);
    if (a == 0 && b == 0 && c == 0 && d == 0)
        return false;
    char err[256];
    if (!numfmt_parse(f, spec, decimals, unit, scale, err, sizeof err)) {
        const config_setting_t *s = config_setting_get_member(g, a ? "format" : "unit");
        ERR(P, line_of(s, line), "%s", err);
    }
    return true;
}

static const char *const th_keys[] = {"caution", "alert", "emergency", "hysteresis",
                                      "direction", NULL};

static bool get_thresholds(struct parser *P, const config_setting_t *g, struct thresholds *t)
{
    const config_setting_t *s;
    if (get_group(P, g, "thresholds", &s) <= 0)
        return false;
    check_keys(P, s, "thresholds", th_keys, NULL);
    memset(t, 0, sizeof *t);
    static const char *const names[3] = {"caution", "alert", "emergency"};
    for (int i = 0; i < 3; i++)
        t->set[i] = get_num(P, s, names[i], -1e300, 1e300, &t->v[i]) > 0;
    get_num(P, s, "hysteresis", 0, 1e300, &t->hysteresis);
    int dir = 0;
    if (get_enum(P, s, "direction", "above|below", &dir) > 0)
        t->dir = dir ? THRESH_BELOW : THRESH_ABOVE;
    char err[256];
    if (!thresh_check(t, err, sizeof err))
        ERR(P, line_of(s, 0), "thresholds: %s", err);
    if (!thresh_any(t))
        ERR(P, line_of(s, 0), "thresholds: give at least one of caution, alert, emergency");
    return true;
}

/* --- widgets -------------------------------------------------------------------- */

static const char *const widget_keys[] = {"type", "cell", "rect", "height", "min_height",
                                          "label", "tag",  "sub",  NULL};
static const char *const data_keys[] = {"value",   "max",      "min",         "items",
                                        "item_label", "thresholds", "color", "escalate",
                                        "stale_level", "sort",   "limit",      "history",
                                        "step",    "cause",    "threshold_on", "absent", NULL};
static const char *const item_keys[] = {"label", "tag",  "value",      "max",
                                        "min",   "color", "thresholds", NULL};

static void parse_item(struct parser *P, const config_setting_t *g, const struct layout_widget *w,
                       struct layout_item *it)
{
    it->line = line_of(g, w->line);
    check_keys(P, g, "item", item_keys, fmt_keys, NULL);
    get_label(P, g, "label", &it->label);
    get_str(P, g, "tag", &it->tag);
    if (get_bind(P, g, "value", &it->value) == 0)
        ERR(P, it->line, "an item needs 'value'");
    get_bind(P, g, "max", &it->max);
    get_bind(P, g, "min", &it->min);
    it->fmt_set = get_format(P, g, it->line, &it->fmt);
    it->th_set = get_thresholds(P, g, &it->th);
    it->color_set = get_color(P, g, "color", &it->color) > 0;
}

/* A template: text with {name} fields; checks the braces. */
static void check_template(struct parser *P, const config_setting_t *g, const char *key,
                           const char *text, int line)
{
    if (!text)
        return;
    int depth = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '{')
            depth++;
        else if (*p == '}')
            depth--;
        if (depth < 0 || depth > 1) {
            ERR(P, line_of(config_setting_get_member(g, key), line),
                "'%s': unbalanced braces in \"%s\"", key, text);
            return;
        }
    }
    if (depth != 0)
        ERR(P, line_of(config_setting_get_member(g, key), line),
            "'%s': unbalanced braces in \"%s\"", key, text);
}

static void parse_props(struct parser *P, const config_setting_t *g, struct layout_widget *w)
{
    const struct wtype *t = w->type;
    w->props = arena_alloc(P->pv, sizeof *w->props * (size_t)(t->nkeys ? t->nkeys : 1));
    for (int i = 0; i < t->nkeys; i++) {
        const struct wkey *k = &t->keys[i];
        struct wprop *p = &w->props[i];
        const config_setting_t *s = config_setting_get_member(g, k->name);
        if (!s)
            continue;
        p->line = line_of(s, w->line);
        double lo = k->min, hi = k->max;
        if (lo == 0 && hi == 0) {
            lo = -1e300;
            hi = 1e300;
        }
        int r = 0, iv = 0;
        bool b = false;
        switch (k->type) {
        case WK_NUM:
            r = get_num(P, g, k->name, lo, hi, &p->num);
            break;
        case WK_INT:
            r = get_int(P, g, k->name, lo < -2e9 ? INT32_MIN : (int)lo,
                        hi > 2e9 ? INT32_MAX : (int)hi, &iv);
            p->num = iv;
            break;
        case WK_BOOL:
            r = get_bool(P, g, k->name, &b);
            p->num = b;
            break;
        case WK_STR:
            r = get_str(P, g, k->name, &p->str);
            if (r > 0)
                check_template(P, g, k->name, p->str, w->line);
            break;
        case WK_COLOR: {
            enum pal_token tok = PAL_ORANGE;
            r = get_color(P, g, k->name, &tok);
            p->num = tok;
            break;
        }
        case WK_NUMS:
            r = get_nums(P, g, k->name, lo, hi, &p->nums, &p->nstrs);
            break;
        case WK_ENUM:
            r = get_enum(P, g, k->name, k->choices, &iv);
            p->num = iv;
            break;
        case WK_BIND:
            r = get_bind(P, g, k->name, &p->bind);
            break;
        case WK_STRS:
            r = get_strs(P, g, k->name, &p->strs, &p->nstrs, 64);
            break;
        case WK_LABEL:
            r = get_label(P, g, k->name, &p->label);
            break;
        }
        p->set = r > 0;
    }
}

static void parse_widget(struct parser *P, const config_setting_t *g, const struct grid *grid,
                         const char *forced_type, struct layout_widget *w)
{
    w->line = line_of(g, 0);
    w->escalate = true;
    w->stale_level = LEVEL_NOMINAL;
    numfmt_default(&w->fmt);
    const char *type = forced_type;
    if (!type) {
        const config_setting_t *ts = config_setting_get_member(g, "type");
        if (!ts) {
            ERR(P, w->line, "a widget needs 'type'");
            return;
        }
        if (get_str(P, g, "type", &type) < 0)
            return;
    }
    w->type = wtype_find(type);
    if (!w->type) {
        const char *names[64];
        size_t n = 0;
        for (size_t i = 0; i < wtype_count() && n < 64; i++)
            names[n++] = wtype_at(i)->name;
        char hint[80];
        suggest(type, names, n, hint, sizeof hint);
        ERR(P, line_of(config_setting_get_member(g, "type"), w->line),
            "unknown widget type '%s'%s", type, hint);
        return;
    }
    const struct wtype *t = w->type;
    const char *tkeys[48];
    int nk = 0;
    for (int i = 0; i < t->nkeys && nk < 47; i++)
        tkeys[nk++] = t->keys[i].name;
    tkeys[nk] = NULL;
    char where[80];
    snprintf(where, sizeof where, "%s widget", t->name);
    bool data = t->flags & WT_DATA;
    check_keys(P, g, where, widget_keys, tkeys, data ? data_keys : (const char *const[]){NULL},
               data ? fmt_keys : (const char *const[]){NULL}, NULL);
    /* `type` is not a key of the panel title group. */
    if (forced_type && config_setting_get_member(g, "type"))
        ERR(P, line_of(config_setting_get_member(g, "type"), w->line),
            "a panel title is always a title widget; remove 'type'");
    get_place(P, g, grid, true, w->line, &w->place);
    get_label(P, g, "label", &w->label);
    get_str(P, g, "tag", &w->tag);
    if (get_str(P, g, "sub", &w->sub) > 0)
        check_template(P, g, "sub", w->sub, w->line);
    w->history = t->history;
    w->step = 1.0;
    w->limit = t->max_items ? t->max_items : 64;
    if (data) {
        get_bind(P, g, "value", &w->value);
        get_bind(P, g, "max", &w->max);
        get_bind(P, g, "min", &w->min);
        if (get_str(P, g, "item_label", &w->item_label) > 0)
            check_template(P, g, "item_label", w->item_label, w->line);
        if (get_str(P, g, "cause", &w->cause) > 0)
            check_template(P, g, "cause", w->cause, w->line);
        get_format(P, g, w->line, &w->fmt);
        get_thresholds(P, g, &w->th);
        int on = 0;
        if (get_enum(P, g, "threshold_on", "value|percent", &on) > 0)
            w->th_percent = on == 1;
        w->color_set = get_color(P, g, "color", &w->color) > 0;
        get_bool(P, g, "escalate", &w->escalate);
        w->absent_set = get_num(P, g, "absent", -1e300, 1e300, &w->absent) > 0;
        int iv = 0;
        if (get_enum(P, g, "stale_level", "nominal|caution|alert|emergency", &iv) > 0)
            w->stale_level = (enum level)iv;
        if (get_enum(P, g, "sort", "label|value|value_desc|none", &iv) > 0)
            w->sort = (enum item_sort)iv;
        int max_items = t->max_items ? t->max_items : 64;
        get_int(P, g, "limit", 1, max_items, &w->limit);
        if (t->flags & WT_HISTORY)
            get_int(P, g, "history", 2, 4096, &w->history);
        else if (config_setting_get_member(g, "history"))
            ERR(P, line_of(config_setting_get_member(g, "history"), w->line),
                "'history' only applies to graph widgets");
        get_num(P, g, "step", 0.05, 3600, &w->step);
        const config_setting_t *items;
        if (get_list(P, g, "items", &items) > 0) {
            int n = config_setting_length(items);
            if (n > max_items) {
                ERR(P, line_of(items, w->line), "'items' has %d entries, a %s shows at most %d",
                    n, t->name, max_items);
                n = max_items;
            }
            if (w->value.set)
                ERR(P, line_of(items, w->line), "give 'value' or 'items', not both");
            w->items = arena_alloc(P->pv, sizeof *w->items * (size_t)(n ? n : 1));
            w->nitems = n;
            for (int i = 0; i < n; i++) {
                const config_setting_t *e = config_setting_get_elem(items, (unsigned)i);
                if (!config_setting_is_group(e)) {
                    ERR(P, line_of(items, w->line), "'items' entry %d must be a group { }, not %s",
                        i + 1, kind_name(e));
                    continue;
                }
                parse_item(P, e, w, &w->items[i]);
            }
        }
        if ((t->flags & WT_NEEDS_DATA) && !config_setting_get_member(g, "value") &&
            !config_setting_get_member(g, "items"))
            ERR(P, w->line, "a %s widget needs 'value' or 'items'", t->name);
    }
    parse_props(P, g, w);
}

/* --- panels and pages --------------------------------------------------------------- */

static const char *const panel_keys[] = {"cell", "rect", "portrait", "title",   "grid",
                                         "pad",  "gap",  "widgets",  "hazard", "no_data",
                                         NULL};

static void parse_panel(struct parser *P, const config_setting_t *g, const struct grid *page_grid,
                        struct layout_panel *p)
{
    p->line = line_of(g, 0);
    check_keys(P, g, "panel", panel_keys, NULL);
    get_place(P, g, page_grid, false, p->line, &p->place);
    p->grid.cols = 12;
    p->grid.rows = 12;
    p->grid.gap = 0.6f;
    get_grid(P, g, &p->grid);
    double v;
    p->pad = 0.0f;
    if (get_num(P, g, "pad", 0, 20, &v) > 0)
        p->pad = (float)v;
    p->hazard = true;
    get_bool(P, g, "hazard", &p->hazard);
    get_str(P, g, "no_data", &p->no_data);
    p->gap = 0.8f;
    if (get_num(P, g, "gap", 0, 20, &v) > 0) {
        p->gap = (float)v;
        p->grid.gap = (float)v;
    }
    const config_setting_t *ts = config_setting_get_member(g, "title");
    if (ts) {
        if (!config_setting_is_group(ts)) {
            ERR(P, line_of(ts, p->line), "'title' must be a group { }, not %s", kind_name(ts));
        } else {
            p->title = arena_alloc(P->pv, sizeof *p->title);
            parse_widget(P, ts, &p->grid, "title", p->title);
            if (p->title->place.kind != PLACE_FLOW)
                ERR(P, line_of(ts, p->line), "a panel title sits across the top; give it "
                                             "'height', not 'cell' or 'rect'");
            if (p->title->place.height <= 0)
                p->title->place.height = 4.5f;
        }
    }
    const config_setting_t *ws;
    if (get_list(P, g, "widgets", &ws) > 0) {
        int n = config_setting_length(ws);
        p->widgets = arena_alloc(P->pv, sizeof *p->widgets * (size_t)(n ? n : 1));
        for (int i = 0; i < n; i++) {
            const config_setting_t *e = config_setting_get_elem(ws, (unsigned)i);
            if (!config_setting_is_group(e)) {
                ERR(P, line_of(ws, p->line), "'widgets' entry %d must be a group { }, not %s",
                    i + 1, kind_name(e));
                continue;
            }
            parse_widget(P, e, &p->grid, NULL, &p->widgets[p->nwidgets]);
            if (p->widgets[p->nwidgets].type)
                p->nwidgets++;
        }
    }
    if (!p->title && p->nwidgets == 0 && !config_setting_get_member(g, "widgets"))
        ERR(P, p->line, "a panel needs 'widgets' or a 'title'");
}

static const char *const page_keys[] = {"title", "duration", "grid", "gap", "margin",
                                        "fold",  "panels",   NULL};

/* Page settings default to the display's. */
static void parse_page(struct parser *P, const config_setting_t *g, const struct layout_page *defs,
                       struct layout_page *pg)
{
    pg->line = line_of(g, 0);
    pg->grid = defs->grid;
    pg->margin = defs->margin;
    check_keys(P, g, "page", page_keys, NULL);
    get_label(P, g, "title", &pg->title);
    get_num(P, g, "duration", 1, 86400, &pg->duration);
    get_grid(P, g, &pg->grid);
    double v;
    if (get_num(P, g, "gap", 0, 20, &v) > 0)
        pg->grid.gap = (float)v;
    if (get_num(P, g, "margin", 0, 40, &v) > 0)
        pg->margin = (float)v;
    int fold;
    if (get_int(P, g, "fold", 1, 95, &fold) > 0) {
        if (fold >= pg->grid.cols)
            ERR(P, line_of(config_setting_get_member(g, "fold"), pg->line),
                "'fold' is %d, must be inside the grid's %d columns", fold, pg->grid.cols);
        else
            pg->grid.fold = fold;
    }
    const config_setting_t *ps;
    int r = get_list(P, g, "panels", &ps);
    if (r == 0) {
        ERR(P, pg->line, "a page needs 'panels'");
        return;
    }
    if (r < 0)
        return;
    int n = config_setting_length(ps);
    pg->panels = arena_alloc(P->pv, sizeof *pg->panels * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(ps, (unsigned)i);
        if (!config_setting_is_group(e)) {
            ERR(P, line_of(ps, pg->line), "'panels' entry %d must be a group { }, not %s", i + 1,
                kind_name(e));
            continue;
        }
        parse_panel(P, e, &pg->grid, &pg->panels[pg->npanels++]);
    }
}

/* --- display and sources --------------------------------------------------------------- */

static const char *const display_keys[] = {
    "effects", "reduce_motion", "ambient_rate", "ambient_idle", "rotate", "takeover_min", "title_card",
    "takeover_word", "palette", "grid", "gap", "margin", "fold", NULL};

static void parse_display(struct parser *P, const config_setting_t *g, struct layout_page *defs)
{
    struct layout_display *d = &P->l->display;
    check_keys(P, g, "display", display_keys, NULL);
    int iv;
    if (get_enum(P, g, "effects", "full|lite|off", &iv) > 0)
        d->effects = (enum layout_effects)(iv + 1);
    bool b;
    if (get_bool(P, g, "reduce_motion", &b) > 0)
        d->reduce_motion = b;
    get_num(P, g, "ambient_rate", 0, 240, &d->ambient_rate);
    get_num(P, g, "ambient_idle", 0, 86400, &d->ambient_idle);
    get_num(P, g, "rotate", 0, 86400, &d->rotate);
    if (d->rotate > 0 && d->rotate < 2) {
        ERR(P, line_of(config_setting_get_member(g, "rotate"), 0),
            "'rotate' is %g, must be 0 (off) or at least 2 seconds", d->rotate);
        d->rotate = 0;
    }
    get_num(P, g, "takeover_min", 0, 600, &d->takeover_min);
    get_num(P, g, "title_card", 0, 30, &d->title_card);
    get_str(P, g, "takeover_word", &d->takeover_word);
    get_grid(P, g, &defs->grid);
    double v;
    if (get_num(P, g, "gap", 0, 20, &v) > 0)
        defs->grid.gap = (float)v;
    if (get_num(P, g, "margin", 0, 40, &v) > 0)
        defs->margin = (float)v;
    int fold;
    if (get_int(P, g, "fold", 1, 95, &fold) > 0)
        defs->grid.fold = fold;
    const config_setting_t *pal;
    if (get_group(P, g, "palette", &pal) > 0) {
        int n = config_setting_length(pal);
        for (int i = 0; i < n; i++) {
            const config_setting_t *e = config_setting_get_elem(pal, (unsigned)i);
            const char *name = config_setting_name(e);
            enum pal_token tok;
            if (!palette_token_from_name(name, &tok)) {
                const char *names[PAL_COUNT];
                for (int k = 0; k < PAL_COUNT; k++)
                    names[k] = palette_token_name((enum pal_token)k);
                char hint[80];
                suggest(name, names, PAL_COUNT, hint, sizeof hint);
                ERR(P, line_of(e, 0), "unknown palette token '%s'%s", name, hint);
                continue;
            }
            rgba c;
            /* Overrides are read against the defaults so their order does not matter. */
            if (config_setting_type(e) != CONFIG_TYPE_STRING) {
                ERR(P, line_of(e, 0), "'%s' must be a colour string, not %s", name, kind_name(e));
            } else if (!color_parse(config_setting_get_string(e), NULL, &c)) {
                ERR(P, line_of(e, 0),
                    "'%s' is not a colour: '%s' (use #RRGGBB, #RRGGBBAA or a palette token such "
                    "as orange)",
                    name, config_setting_get_string(e));
            } else {
                d->pal.c[tok] = c;
                d->pal_overrides |= 1u << tok;
            }
        }
    }
    if (d->pal_overrides & (1u << PAL_ORANGE) && !(d->pal_overrides & (1u << PAL_GRID_DIM))) {
        /* grid_dim is defined as orange at about 20 %. */
        rgba o = d->pal.c[PAL_ORANGE];
        d->pal.c[PAL_GRID_DIM] = color_alpha(o, (float)palette_default()->c[PAL_GRID_DIM].a / 255.0f);
    }
}

static const char *const source_keys[] = {
    "spec", "name", "interval", "timeout", "connect_timeout", "root", "label_fields", "seed",
    "server", "query", "metric",
    /* scrape and promql: authentication and TLS (source_http) */
    "headers", "bearer_token_file", "username", "password_file", "ca_file", "cert_file",
    "key_file", "insecure_skip_verify", NULL};

/* A file named in the layout: relative to the layout's folder, as
 * Prometheus reads the files its configuration names. */
static int get_path(struct parser *P, const config_setting_t *g, const char *key,
                    const char **out)
{
    const char *v;
    int r = get_str(P, g, key, &v);
    if (r <= 0)
        return r;
    const char *slash = strrchr(P->l->path, '/');
    if (v[0] == '/' || !slash || !v[0]) {
        *out = v;
        return 1;
    }
    size_t dir = (size_t)(slash - P->l->path) + 1, n = dir + strlen(v) + 1;
    char *full = arena_alloc(P->pv, n);
    snprintf(full, n, "%.*s%s", (int)dir, P->l->path, v);
    *out = full;
    return 1;
}

/* headers, bearer_token_file ...: how scrape and promql sources log in. */
static void parse_source_http(struct parser *P, const config_setting_t *e, int line,
                              struct source_http *h)
{
    const char *const *hdr = NULL;
    int nh = 0;
    if (get_strs(P, e, "headers", &hdr, &nh, SOURCE_MAX_HEADERS) > 0) {
        for (int i = 0; i < nh; i++) {
            char why[96];
            if (!http_header_valid(hdr[i], why, sizeof why))
                ERR(P, line_of(config_setting_get_member(e, "headers"), line),
                    "headers entry %d: %s", i + 1, why);
            h->headers[i] = hdr[i];
        }
        h->header_count = nh;
    }
    get_path(P, e, "bearer_token_file", &h->bearer_token_file);
    get_str(P, e, "username", &h->username);
    get_path(P, e, "password_file", &h->password_file);
    get_path(P, e, "ca_file", &h->ca_file);
    get_path(P, e, "cert_file", &h->cert_file);
    get_path(P, e, "key_file", &h->key_file);
    get_bool(P, e, "insecure_skip_verify", &h->insecure_skip_verify);
    if (h->bearer_token_file && h->username)
        ERR(P, line, "give 'bearer_token_file' or 'username', not both");
    if (h->password_file && !h->username)
        ERR(P, line, "'password_file' needs 'username'");
    if (h->key_file && !h->cert_file)
        ERR(P, line, "'key_file' needs 'cert_file'");
}

static bool source_http_set(const struct source_http *h)
{
    return h->header_count || h->bearer_token_file || h->username || h->password_file ||
           h->ca_file || h->cert_file || h->key_file || h->insecure_skip_verify;
}

/* promql:SERVER/api/v1/query?query=<the PromQL, percent-encoded>#name=METRIC:
 * layouts write the query as it reads; this builds the spec. */
static const char *promql_spec(struct parser *P, const char *server, const char *query,
                               const char *metric)
{
    size_t sl = strlen(server);
    while (sl > 0 && server[sl - 1] == '/')
        sl--;
    size_t cap = 40 + sl + strlen(query) * 3 + (metric ? strlen(metric) : 0);
    char *out = arena_alloc(P->pv, cap);
    size_t n = (size_t)snprintf(out, cap, "promql:%.*s/api/v1/query?query=", (int)sl, server);
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *q = (const unsigned char *)query; *q; q++) {
        if (isalnum(*q) || strchr("-_.~", *q)) {
            out[n++] = (char)*q;
        } else {
            out[n++] = '%';
            out[n++] = hex[*q >> 4];
            out[n++] = hex[*q & 15];
        }
    }
    out[n] = 0;
    if (metric)
        snprintf(out + n, cap - n, "#name=%s", metric);
    return out;
}

static bool parse_source(struct parser *P, const config_setting_t *e, int list_line,
                         struct layout_source *src)
{
    struct source_desc *d = &src->desc;
    if (config_setting_type(e) == CONFIG_TYPE_STRING) {
        src->line = list_line;
        d->spec = arena_str(P->pv, config_setting_get_string(e));
    } else if (config_setting_is_group(e)) {
        src->line = line_of(e, list_line);
        check_keys(P, e, "source", source_keys, NULL);
        const char *server = NULL, *query = NULL, *metric = NULL;
        int r = get_str(P, e, "spec", &d->spec);
        int rs = get_str(P, e, "server", &server), rq = get_str(P, e, "query", &query);
        int rm = get_str(P, e, "metric", &metric);
        if (r < 0 || rs < 0 || rq < 0 || rm < 0)
            return false;
        if (rq > 0 || rs > 0 || rm > 0) {
            if (r > 0) {
                ERR(P, src->line, "give 'spec', or 'server' and 'query', not both");
                return false;
            }
            if (rq == 0) {
                ERR(P, src->line, "a Prometheus source needs 'query' (the PromQL)");
                return false;
            }
            d->spec = promql_spec(P, server ? server : "http://127.0.0.1:9090", query, metric);
            r = 1;
        }
        if (r == 0) {
            ERR(P, src->line, "a source needs 'spec' (e.g. \"linux\" or \"promql:URL\")");
            return false;
        }
        get_str(P, e, "name", &d->name);
        get_num(P, e, "interval", 0.05, 86400, &d->interval);
        get_num(P, e, "timeout", 0.05, 3600, &d->timeout);
        get_num(P, e, "connect_timeout", 0.05, 3600, &d->connect_timeout);
        get_str(P, e, "root", &d->root);
        const char *const *fields = NULL;
        int nf = 0;
        if (get_strs(P, e, "label_fields", &fields, &nf, SOURCE_MAX_LABEL_FIELDS) > 0) {
            for (int i = 0; i < nf; i++)
                d->label_fields[i] = fields[i];
            d->label_field_count = nf;
        }
        double seed;
        if (get_num(P, e, "seed", 0, 9007199254740992.0, &seed) > 0)
            d->seed = (unsigned long long)seed;
        parse_source_http(P, e, src->line, &d->http);
    } else {
        ERR(P, list_line, "a source must be a spec string or a group { spec = ...; }, not %s",
            kind_name(e));
        return false;
    }
    if (!source_kind_for_spec(d->spec)) {
        ERR(P, src->line,
            "unknown source '%s' (use linux, scrape:URL, promql:URL, exec:CMD ARGS..., "
            "jsonl:PATH, demo or nvml)",
            d->spec);
        return false;
    }
    if (d->label_field_count && strncmp(d->spec, "jsonl:", 6) != 0)
        ERR(P, src->line, "'label_fields' only applies to jsonl sources");
    if (d->root && strcmp(d->spec, "linux") != 0)
        ERR(P, src->line, "'root' only applies to the linux source");
    if (source_http_set(&d->http) && strncmp(d->spec, "scrape:", 7) != 0 &&
        strncmp(d->spec, "promql:", 7) != 0)
        ERR(P, src->line, "'headers', 'bearer_token_file' and the TLS keys only apply to "
                          "scrape and promql sources");
    return true;
}

/* --- the whole file ------------------------------------------------------------------------- */

static const char *const top_keys[] = {"version", "name",  "title", "display",
                                       "sources", "pages", "panels", NULL};

static void parse_root(struct parser *P, const config_setting_t *root)
{
    struct layout *l = P->l;
    check_keys(P, root, "the layout", top_keys, NULL);
    int version = 1;
    get_int(P, root, "version", 1, 1, &version);
    get_str(P, root, "name", &l->name);
    get_label(P, root, "title", &l->title);

    struct layout_page defs = {0};
    defs.grid.cols = 12;
    defs.grid.rows = 12;
    defs.grid.gap = 1.0f;
    defs.margin = 2.0f;
    const config_setting_t *disp;
    if (get_group(P, root, "display", &disp) > 0)
        parse_display(P, disp, &defs);

    const config_setting_t *srcs = config_setting_get_member(root, "sources");
    if (srcs) {
        int line = line_of(srcs, 0);
        if (!config_setting_is_aggregate(srcs) || config_setting_is_group(srcs)) {
            ERR(P, line, "'sources' must be a list ( ), not %s", kind_name(srcs));
        } else {
            int n = config_setting_length(srcs);
            l->sources = arena_alloc(P->pv, sizeof *l->sources * (size_t)(n ? n : 1));
            for (int i = 0; i < n; i++) {
                const config_setting_t *e = config_setting_get_elem(srcs, (unsigned)i);
                if (parse_source(P, e, line, &l->sources[l->nsources]))
                    l->nsources++;
            }
        }
    }

    const config_setting_t *pages = config_setting_get_member(root, "pages");
    const config_setting_t *panels = config_setting_get_member(root, "panels");
    if (pages && panels) {
        ERR(P, line_of(panels, 0), "give 'pages' or top-level 'panels' (one page), not both");
        return;
    }
    if (panels) {
        /* A single page written without the pages list. */
        l->pages = arena_alloc(P->pv, sizeof *l->pages);
        l->npages = 1;
        struct layout_page *pg = &l->pages[0];
        pg->line = line_of(panels, 0);
        pg->grid = defs.grid;
        pg->margin = defs.margin;
        pg->title = l->title;
        const config_setting_t *ps;
        if (get_list(P, root, "panels", &ps) <= 0)
            return;
        int n = config_setting_length(ps);
        pg->panels = arena_alloc(P->pv, sizeof *pg->panels * (size_t)(n ? n : 1));
        for (int i = 0; i < n; i++) {
            const config_setting_t *e = config_setting_get_elem(ps, (unsigned)i);
            if (!config_setting_is_group(e)) {
                ERR(P, line_of(ps, 0), "'panels' entry %d must be a group { }, not %s", i + 1,
                    kind_name(e));
                continue;
            }
            parse_panel(P, e, &pg->grid, &pg->panels[pg->npanels++]);
        }
        return;
    }
    const config_setting_t *ps;
    int r = get_list(P, root, "pages", &ps);
    if (r == 0) {
        ERR(P, 0, "no pages: add 'pages = ( ... )' or top-level 'panels = ( ... )'");
        return;
    }
    if (r < 0)
        return;
    int n = config_setting_length(ps);
    if (n == 0)
        ERR(P, line_of(ps, 0), "'pages' is empty");
    l->pages = arena_alloc(P->pv, sizeof *l->pages * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(ps, (unsigned)i);
        if (!config_setting_is_group(e)) {
            ERR(P, line_of(ps, 0), "'pages' entry %d must be a group { }, not %s", i + 1,
                kind_name(e));
            continue;
        }
        parse_page(P, e, &defs, &l->pages[l->npages++]);
    }
}

static struct layout *parse(config_t *cf, bool ok, const char *path, struct diag *d)
{
    struct layout *l = calloc(1, sizeof *l);
    struct layout_priv *pv = calloc(1, sizeof *pv);
    if (!l || !pv)
        abort();
    l->priv = pv;
    l->path = arena_str(pv, path);
    l->display.reduce_motion = -1;
    l->display.ambient_rate = -1;
    l->display.ambient_idle = -1;
    l->display.takeover_min = 5.0;
    l->display.title_card = 1.5;
    l->display.pal = *palette_default();
    size_t before = d->n;
    if (!ok) {
        if (config_error_type(cf) == CONFIG_ERR_FILE_IO)
            diag_add(d, 0, "cannot read the file");
        else if (config_error_text(cf) &&
                 strcmp(config_error_text(cf), "mismatched element type in array") == 0)
            diag_add(d, config_error_line(cf), "%s (write all numbers of an array alike: "
                                               "[0.5, 0.0, 0.5, 1.0])",
                     config_error_text(cf));
        else if (config_error_file(cf))
            /* in an included file: its own name and line */
            diag_add(d, 0, "%s:%d: %s", config_error_file(cf), config_error_line(cf),
                     config_error_text(cf) ? config_error_text(cf) : "syntax error");
        else
            diag_add(d, config_error_line(cf), "%s",
                     config_error_text(cf) ? config_error_text(cf) : "syntax error");
    } else {
        struct parser P = {l, pv, d};
        parse_root(&P, config_root_setting(cf));
        if (!l->name) {
            /* The file's base name, without .cfg. */
            const char *base = strrchr(path, '/');
            base = base ? base + 1 : path;
            char name[128];
            snprintf(name, sizeof name, "%s", base);
            char *dot = strrchr(name, '.');
            if (dot)
                *dot = 0;
            l->name = arena_str(pv, name);
        }
    }
    if (d->n != before) {
        layout_free(l);
        return NULL;
    }
    return l;
}

/* A layout file (or one it includes) larger than this is refused unread. */
#define LAYOUT_MAX_BYTES (4u << 20)
/* libconfig's own limit on nested @include. */
#define INCLUDE_MAX_DEPTH 10
/* Files one layout may include in all: a file that includes itself twice
 * would otherwise be read 2^10 times (by libconfig too). */
#define INCLUDE_MAX_FILES 256

/* Reads a layout file whole, refusing what is not a regular file or is too
 * big. NULL with *why set ("" for errno's own message) on failure. */
static char *read_layout_file(const char *path, const char **why)
{
    *why = "";
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *text = NULL;
    if (fstat(fd, &st) != 0) {
        /* errno's message */
    } else if (!S_ISREG(st.st_mode)) {
        *why = "not a regular file";
    } else if ((uintmax_t)st.st_size > LAYOUT_MAX_BYTES) {
        *why = "larger than 4 MiB";
    } else if ((text = malloc((size_t)st.st_size + 1))) {
        size_t n = 0;
        while (n < (size_t)st.st_size) {
            ssize_t r = read(fd, text + n, (size_t)st.st_size - n);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                *why = strerror(errno);
                free(text);
                text = NULL;
                break;
            }
            if (r == 0)
                break; /* it shrank meanwhile: what is there */
            n += (size_t)r;
        }
        if (text)
            text[n] = 0;
    }
    close(fd);
    return text;
}

/* libconfig (1.5, Debian's) opens an @include with fopen and reads it with
 * its scanner: a directory there makes the scanner's fatal-error path call
 * exit() (the whole display gone on a hot reload), a FIFO or a device blocks
 * or never ends. So every @include, and theirs, is read and checked here
 * first, by the rule libconfig's scanner uses to find them (`@include "NAME"`
 * first on a line, `\"` and `\\` escapes; NAME is under the include folder,
 * absolute or not). Problems are reported at the including line of the
 * layout itself. */
struct include_walk {
    const char *dir; /* the include folder; NULL = the working directory */
    int files;       /* included files read so far */
    bool stop;       /* a limit was hit: reported once, nothing more read */
    struct diag *d;
};

static bool includes_ok(struct include_walk *w, const char *text, int depth, int at_line)
{
    bool ok = true;
    int line = 1;
    for (const char *p = text; *p; line++) {
        const char *q = p + strspn(p, " \t");
        const char *eol = strchr(p, '\n');
        p = eol ? eol + 1 : p + strlen(p);
        if (strncmp(q, "@include", 8) != 0 || !strchr(" \t", q[8]) || !q[8])
            continue;
        q += 8 + strspn(q + 8, " \t");
        if (*q != '"')
            continue;
        char name[1024];
        size_t n = 0;
        for (q++; *q && *q != '"' && n + 1 < sizeof name; q++) {
            if (*q == '\\' && (q[1] == '"' || q[1] == '\\'))
                q++;
            name[n++] = *q;
        }
        name[n] = 0;
        if (*q != '"')
            continue; /* libconfig refuses it as a syntax error */
        int where = at_line ? at_line : line;
        if (depth >= INCLUDE_MAX_DEPTH || ++w->files > INCLUDE_MAX_FILES) {
            if (depth >= INCLUDE_MAX_DEPTH)
                diag_add(w->d, where, "@include \"%s\": nested more than %d deep", name,
                         INCLUDE_MAX_DEPTH);
            else
                diag_add(w->d, where, "@include \"%s\": more than %d included files in all",
                         name, INCLUDE_MAX_FILES);
            w->stop = true;
            return false;
        }
        char path[4096];
        if (w->dir)
            snprintf(path, sizeof path, "%s/%s", w->dir, name);
        else
            snprintf(path, sizeof path, "%s", name);
        const char *why;
        char *inc = read_layout_file(path, &why);
        if (!inc) {
            diag_add(w->d, where, "@include \"%s\": %s", name, *why ? why : strerror(errno));
            ok = false;
            continue;
        }
        ok = includes_ok(w, inc, depth + 1, where) && ok;
        free(inc);
        if (w->stop)
            return false;
    }
    return ok;
}

static struct layout *parse_text(const char *text, const char *dir, const char *path,
                                 struct diag *d)
{
    struct include_walk w = {.dir = dir, .d = d};
    if (!includes_ok(&w, text, 0, 0))
        return NULL;
    config_t cf;
    config_init(&cf);
    if (dir)
        config_set_include_dir(&cf, dir);
    int ok = config_read_string(&cf, text);
    struct layout *l = parse(&cf, ok, path, d);
    config_destroy(&cf);
    return l;
}

struct layout *layout_parse_string(const char *text, const char *path, struct diag *d)
{
    return parse_text(text, NULL, path, d);
}

struct layout *layout_parse_file(const char *path, struct diag *d)
{
    const char *why;
    char *text = read_layout_file(path, &why);
    if (!text) {
        if (*why)
            diag_add(d, 0, "cannot read the layout file: %s", why);
        else
            diag_add(d, 0, "cannot read the layout file");
        return NULL;
    }
    /* @include "x.cfg" is relative to the layout's own folder. */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    struct layout *l = parse_text(text, slash ? (dir[0] ? dir : "/") : NULL, path, d);
    free(text);
    return l;
}

/* $XDG_CONFIG_HOME/magi/FILE (else ~/.config/magi/FILE) when it is a
 * regular file. */
static bool user_layout(const char *file, char *out, size_t out_size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char path[4096];
    path[0] = 0;
    if (xdg && *xdg)
        snprintf(path, sizeof path, "%s/magi/%s", xdg, file);
    else if (home && *home)
        snprintf(path, sizeof path, "%s/.config/magi/%s", home, file);
    struct stat st;
    if (!path[0] || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    snprintf(out, out_size, "%s", path);
    return true;
}

void layout_resolve(const char *arg, char *out, size_t out_size, bool *embedded)
{
    if (!arg) {
        if (user_layout("layout.cfg", out, out_size)) {
            *embedded = false;
            return;
        }
        arg = "system";
    }
    /* A bare name is the user's own layout first: $XDG_CONFIG_HOME/magi/NAME.cfg,
     * which may also override a shipped one. */
    size_t len = strlen(arg);
    if (len > 0 && len < 200 && !strchr(arg, '/') &&
        !(len > 4 && strcmp(arg + len - 4, ".cfg") == 0)) {
        char file[256];
        snprintf(file, sizeof file, "%s.cfg", arg);
        if (user_layout(file, out, out_size)) {
            *embedded = false;
            return;
        }
    }
    for (const char *const *n = layout_shipped; *n; n++) {
        if (strcmp(arg, *n) == 0) {
            snprintf(out, out_size, "assets/layouts/%s.cfg", arg);
            *embedded = true;
            return;
        }
    }
    snprintf(out, out_size, "%s", arg);
    *embedded = false;
}

struct layout *layout_load(const char *arg, struct diag *d)
{
    char path[4096];
    bool embedded;
    layout_resolve(arg, path, sizeof path, &embedded);
    free(d->file);
    d->file = strdup(path);
    if (!embedded)
        return layout_parse_file(path, d);
    size_t size;
    char *text = resource_load(path, &size);
    if (!text) {
        diag_add(d, 0, "the shipped layout is missing from this build");
        return NULL;
    }
    struct layout *l = layout_parse_string(text, path, d);
    free(text);
    if (l)
        l->embedded = true;
    return l;
}
