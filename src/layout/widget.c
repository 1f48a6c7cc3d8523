/* widget: see widget.h. */
#include "layout/widget.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* Vectors larger than this are cut (a hex grid of 10,000 nodes fits). */
#define WIDGET_MAX_ELEMENTS 100000

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q && n)
        abort();
    return q;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        abort();
    return p;
}

/* --- items ------------------------------------------------------------------------ */

static void item_init(struct widget *w, struct witem *it, const char *key)
{
    memset(it, 0, sizeof *it);
    it->key = xstrdup(key);
    it->lkey = xstrdup("");
    it->value = NAN;
    it->max = NAN;
    it->min = NAN;
    it->rate = NAN;
    it->stale = true;
    snprintf(it->num, sizeof it->num, "---");
    snprintf(it->text, sizeof it->text, "---");
    if ((w->type->flags & WT_HISTORY) && w->cfg->history > 0) {
        it->hist_cap = w->cfg->history;
        it->hist = xrealloc(NULL, sizeof *it->hist * (size_t)it->hist_cap);
    }
}

static void item_free(struct witem *it)
{
    free(it->key);
    free(it->lkey);
    free(it->hist);
}

static void set_lkey(struct witem *it, const char *k)
{
    if (strcmp(it->lkey, k) != 0) {
        free(it->lkey);
        it->lkey = xstrdup(k);
    }
}

static void hist_push(struct witem *it, double v)
{
    if (!it->hist_cap)
        return;
    it->hist[it->hist_head] = (float)v;
    it->hist_head = (it->hist_head + 1) % it->hist_cap;
    if (it->hist_len < it->hist_cap)
        it->hist_len++;
}

int witem_history(const struct witem *it, float *out, int max)
{
    int n = it->hist_len < max ? it->hist_len : max;
    int start = it->hist_head - n;
    if (start < 0)
        start += it->hist_cap;
    for (int i = 0; i < n; i++)
        out[i] = it->hist[(start + i) % it->hist_cap];
    return n;
}

void *widget_scratch(struct widget *w, size_t n)
{
    if (n > w->scratch_cap) {
        free(w->scratch);
        w->scratch = xrealloc(NULL, n);
        w->scratch_cap = n;
    }
    return w->scratch;
}

double witem_fraction(const struct witem *it)
{
    double lo = isnan(it->min) ? 0.0 : it->min;
    double hi = it->max;
    if (isnan(it->value) || isnan(hi) || !(hi > lo))
        return 0.0;
    double f = (it->value - lo) / (hi - lo);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* --- key -> item hash ----------------------------------------------------------------- */

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void hash_rebuild(struct widget *w)
{
    int need = 16;
    while (need < w->nitems * 2)
        need *= 2;
    if (need != w->hash_cap) {
        free(w->hash);
        w->hash = xrealloc(NULL, sizeof *w->hash * (size_t)need);
        w->hash_cap = need;
    }
    for (int i = 0; i < w->hash_cap; i++)
        w->hash[i] = -1;
    for (int i = 0; i < w->nitems; i++) {
        uint32_t h = hash_str(w->items[i].key) & (uint32_t)(w->hash_cap - 1);
        while (w->hash[h] >= 0)
            h = (h + 1) & (uint32_t)(w->hash_cap - 1);
        w->hash[h] = i;
    }
}

static int hash_find(const struct widget *w, const char *key)
{
    if (!w->hash_cap)
        return -1;
    uint32_t h = hash_str(key) & (uint32_t)(w->hash_cap - 1);
    while (w->hash[h] >= 0) {
        if (strcmp(w->items[w->hash[h]].key, key) == 0)
            return w->hash[h];
        h = (h + 1) & (uint32_t)(w->hash_cap - 1);
    }
    return -1;
}

/* --- creation ------------------------------------------------------------------------ */

struct widget *widget_create(const struct layout_widget *cfg)
{
    struct widget *w = calloc(1, sizeof *w);
    if (!w)
        abort();
    w->cfg = cfg;
    w->type = cfg->type;
    int nk = cfg->type->nkeys;
    w->pval = xrealloc(NULL, sizeof *w->pval * (size_t)(nk + 1));
    w->pstale = xrealloc(NULL, sizeof *w->pstale * (size_t)(nk + 1));
    w->ptext = calloc((size_t)nk + 1, sizeof *w->ptext);
    if (!w->ptext)
        abort();
    for (int k = 0; k < nk; k++) {
        w->pval[k] = NAN;
        w->pstale[k] = true;
    }
    sel_result_init(&w->res);
    sel_result_init(&w->aux);
    if (cfg->nitems) {
        w->cap = cfg->nitems;
        w->items = xrealloc(NULL, sizeof *w->items * (size_t)w->cap);
        for (int i = 0; i < cfg->nitems; i++) {
            char key[16];
            snprintf(key, sizeof key, "#%d", i);
            item_init(w, &w->items[i], key);
            w->items[i].cfg = &cfg->items[i];
            w->items[i].label_jp = cfg->items[i].label.jp;
            w->items[i].tag = cfg->items[i].tag;
            if (cfg->items[i].label.en)
                snprintf(w->items[i].label, sizeof w->items[i].label, "%s",
                         cfg->items[i].label.en);
        }
        w->nitems = cfg->nitems;
    }
    w->stale = true;
    return w;
}

void widget_destroy(struct widget *w)
{
    if (!w)
        return;
    for (int i = 0; i < w->nitems; i++)
        item_free(&w->items[i]);
    free(w->items);
    for (int k = 0; k < w->type->nkeys; k++)
        free(w->ptext[k]);
    free(w->ptext);
    free(w->pval);
    free(w->pstale);
    free(w->hash);
    free(w->scratch);
    free(w->tdata);
    sel_result_free(&w->res);
    sel_result_free(&w->aux);
    free(w);
}

/* --- evaluation ---------------------------------------------------------------------- */

/* Evaluates a binding's selector. A selector PromQL would refuse at run time
 * (many-to-many matching) answers nothing, so its widget shows NO SIGNAL;
 * the reason goes to the log once per binding line and message, not every
 * second (a small remembered set, so a reload that keeps the mistake stays
 * quiet too). */
static void eval_bind(const struct bind *b, const struct store *s, double at,
                      struct sel_result *r)
{
    selector_eval(b->sel, s, at, r);
    if (!r->error[0])
        return;
    static uint64_t said[64];
    static unsigned nsaid;
    uint64_t h = 1469598103934665603ull ^ (uint64_t)b->line;
    for (const char *p = r->error; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    for (unsigned i = 0; i < nsaid && i < 64; i++)
        if (said[i] == h)
            return;
    said[nsaid++ % 64] = h;
    log_warn("layout", "%s:%d: %s", b->file ? b->file : "layout", b->line, r->error);
}

/* A scalar binding: the constant, or the first element of the result. */
static double eval_scalar(const struct bind *b, const struct store *s, double at,
                          struct sel_result *r, bool *stale, const char **lkey)
{
    if (lkey)
        *lkey = "";
    if (!b->set) {
        *stale = false;
        return NAN;
    }
    if (b->constant) {
        *stale = false;
        return b->k;
    }
    eval_bind(b, s, at, r);
    if (r->n == 0) {
        *stale = true;
        return NAN;
    }
    *stale = r->stale || r->v[0].stale;
    if (lkey)
        *lkey = r->v[0].labels_key ? r->v[0].labels_key : "";
    return r->v[0].value;
}

static const struct numfmt *item_fmt(const struct widget *w, const struct witem *it)
{
    return it->cfg && it->cfg->fmt_set ? &it->cfg->fmt : &w->cfg->fmt;
}

static void item_finish(const struct widget *w, struct witem *it)
{
    const struct thresholds *th =
        it->cfg && it->cfg->th_set ? &it->cfg->th : &w->cfg->th;
    if (w->type->flags & WT_OWN_LEVELS) {
        /* the type's eval hook decides */
    } else if (it->stale) {
        it->level = w->cfg->stale_level;
    } else if (thresh_any(th)) {
        double v = it->value;
        if (w->cfg->th_percent) {
            double lo = isnan(it->min) ? 0.0 : it->min;
            v = it->max > lo ? 100.0 * (v - lo) / (it->max - lo) : NAN;
        }
        it->level = thresh_level(th, v, it->level);
    }
    else
        it->level = LEVEL_NOMINAL;
    numfmt_parts(item_fmt(w, it), it->value, it->num, sizeof it->num, it->unit,
                 sizeof it->unit);
    if (it->unit[0])
        snprintf(it->text, sizeof it->text, "%s %s", it->num, it->unit);
    else
        snprintf(it->text, sizeof it->text, "%s", it->num);
}

static void eval_explicit(struct widget *w, const struct store *s, double at)
{
    for (int i = 0; i < w->nitems; i++) {
        struct witem *it = &w->items[i];
        const struct layout_item *c = it->cfg;
        bool st;
        const char *lk;
        it->value = eval_scalar(&c->value, s, at, &w->res, &it->stale, &lk);
        if (w->cfg->absent_set && !c->value.constant && w->res.n == 0) {
            /* count(...) of nothing: no series means the `absent` value */
            it->value = w->cfg->absent;
            it->stale = false;
        }
        set_lkey(it, lk);
        const struct bind *mx = c->max.set ? &c->max : &w->cfg->max;
        const struct bind *mn = c->min.set ? &c->min : &w->cfg->min;
        it->max = eval_scalar(mx, s, at, &w->aux, &st, NULL);
        it->min = eval_scalar(mn, s, at, &w->aux, &st, NULL);
        item_finish(w, it);
    }
}

/* The labels whose values differ between elements name the items by default
 * ("cpu" for per-core series, "mountpoint" for filesystems). */
static void default_labels(const struct sel_result *r, bool *vary, int max_labels)
{
    const struct sel_value *v0 = &r->v[0];
    int nl = v0->nlabels < max_labels ? v0->nlabels : max_labels;
    for (int l = 0; l < nl; l++) {
        vary[l] = false;
        for (size_t e = 1; e < r->n && !vary[l]; e++) {
            const char *o = sel_value_label(&r->v[e], v0->labels[l].name);
            vary[l] = !o || strcmp(o, v0->labels[l].value) != 0;
        }
    }
}

static int cmp_label(const void *a, const void *b)
{
    const struct witem *x = a, *y = b;
    return natural_cmp(x->label, y->label);
}

static int cmp_value(const void *a, const void *b)
{
    const struct witem *x = a, *y = b;
    /* NaN sorts last either way. */
    if (isnan(x->value) || isnan(y->value))
        return isnan(x->value) - isnan(y->value);
    return (x->value > y->value) - (x->value < y->value);
}

static int cmp_value_desc(const void *a, const void *b)
{
    const struct witem *x = a, *y = b;
    if (isnan(x->value) || isnan(y->value))
        return isnan(x->value) - isnan(y->value);
    return (x->value < y->value) - (x->value > y->value);
}

/* Finds the element of `r` with labels key `key`, trying index `hint` first. */
/* Same labels, the metric name aside: avail{mountpoint="/"} pairs with
 * size{mountpoint="/"}, as PromQL's one-to-one matching does. */
static bool same_labels(const struct sel_value *a, const struct sel_value *b)
{
    int i = 0, j = 0;
    for (;;) {
        while (i < a->nlabels && strcmp(a->labels[i].name, "__name__") == 0)
            i++;
        while (j < b->nlabels && strcmp(b->labels[j].name, "__name__") == 0)
            j++;
        if (i == a->nlabels || j == b->nlabels)
            return i == a->nlabels && j == b->nlabels;
        if (strcmp(a->labels[i].name, b->labels[j].name) != 0 ||
            strcmp(a->labels[i].value, b->labels[j].value) != 0)
            return false;
        i++;
        j++;
    }
}

/* The element of `r` that pairs with `v`, trying index `hint` first. */
static const struct sel_value *match(const struct sel_result *r, const struct sel_value *v,
                                     size_t hint)
{
    if (r->n == 1)
        return &r->v[0];
    if (hint < r->n && same_labels(&r->v[hint], v))
        return &r->v[hint];
    for (size_t i = 0; i < r->n; i++)
        if (same_labels(&r->v[i], v))
            return &r->v[i];
    return NULL;
}

static void bind_vector(const struct bind *b, const struct store *s, double at,
                        struct sel_result *r, bool *constant, double *k)
{
    *constant = !b->set || b->constant;
    *k = b->set ? b->k : NAN;
    if (b->set && !b->constant)
        eval_bind(b, s, at, r);
}

static void eval_vector(struct widget *w, const struct store *s, double at)
{
    const struct layout_widget *c = w->cfg;
    struct sel_result *r = &w->res;
    eval_bind(&c->value, s, at, r);
    size_t n = r->n < WIDGET_MAX_ELEMENTS ? r->n : WIDGET_MAX_ELEMENTS;
    /* count(...) of nothing: with `absent` an empty result is one element of
     * that value, not NO SIGNAL. */
    struct sel_value none = {.labels_key = "", .value = c->absent};
    const struct sel_value *vals = r->v;
    bool rstale = r->stale;
    if (n == 0 && c->absent_set) {
        vals = &none;
        n = 1;
        rstale = false;
    }

    /* Items that are not in this result go away (a node left the fleet). */
    bool *seen = calloc(w->nitems ? (size_t)w->nitems : 1, sizeof *seen);
    int *idx = xrealloc(NULL, sizeof *idx * (n ? n : 1));
    if (!seen)
        abort();
    for (size_t e = 0; e < n; e++) {
        int i = hash_find(w, vals[e].labels_key);
        if (i >= 0 && !seen[i]) {
            seen[i] = true;
            idx[e] = i;
        } else {
            idx[e] = -1;
        }
    }
    int keep = 0;
    int *remap = xrealloc(NULL, sizeof *remap * (size_t)(w->nitems ? w->nitems : 1));
    for (int i = 0; i < w->nitems; i++) {
        if (seen[i]) {
            remap[i] = keep;
            if (keep != i)
                w->items[keep] = w->items[i];
            keep++;
        } else {
            remap[i] = -1;
            item_free(&w->items[i]);
        }
    }
    w->nitems = keep;
    for (size_t e = 0; e < n; e++) {
        if (idx[e] >= 0) {
            idx[e] = remap[idx[e]];
            continue;
        }
        if (w->nitems == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 8;
            w->items = xrealloc(w->items, sizeof *w->items * (size_t)w->cap);
        }
        item_init(w, &w->items[w->nitems], vals[e].labels_key);
        idx[e] = w->nitems++;
    }
    free(remap);
    free(seen);

    bool max_const, min_const;
    double max_k, min_k;
    bind_vector(&c->max, s, at, &w->aux, &max_const, &max_k);
    struct sel_result minr;
    sel_result_init(&minr);
    bind_vector(&c->min, s, at, &minr, &min_const, &min_k);

    bool vary[32] = {0};
    int nl = 0;
    if (n >= 2 && !c->item_label) {
        nl = vals[0].nlabels < 32 ? vals[0].nlabels : 32;
        default_labels(r, vary, nl);
    }
    for (size_t e = 0; e < n; e++) {
        const struct sel_value *v = &vals[e];
        struct witem *it = &w->items[idx[e]];
        it->value = v->value;
        it->stale = v->stale || rstale;
        set_lkey(it, v->labels_key);
        if (max_const) {
            it->max = max_k;
        } else {
            const struct sel_value *m = match(&w->aux, v, e);
            it->max = m ? m->value : NAN;
        }
        if (min_const) {
            it->min = min_k;
        } else {
            const struct sel_value *m = match(&minr, v, e);
            it->min = m ? m->value : NAN;
        }
        item_finish(w, it);
        if (c->item_label) {
            widget_expand(w, it, c->item_label, it->label, sizeof it->label);
        } else {
            size_t len = 0;
            it->label[0] = 0;
            for (int l = 0; l < nl && l < v->nlabels; l++) {
                if (!vary[l])
                    continue;
                const char *lv = sel_value_label(v, vals[0].labels[l].name);
                if (!lv)
                    continue;
                int wrote = snprintf(it->label + len, sizeof it->label - len, "%s%s",
                                     len ? " " : "", lv);
                if (wrote > 0)
                    len += (size_t)wrote;
                if (len >= sizeof it->label)
                    break;
            }
        }
    }
    sel_result_free(&minr);
    free(idx);

    switch (w->nitems > 1 ? c->sort : SORT_NONE) {
    case SORT_LABEL:
        qsort(w->items, (size_t)w->nitems, sizeof *w->items, cmp_label);
        break;
    case SORT_VALUE:
        qsort(w->items, (size_t)w->nitems, sizeof *w->items, cmp_value);
        break;
    case SORT_VALUE_DESC:
        qsort(w->items, (size_t)w->nitems, sizeof *w->items, cmp_value_desc);
        break;
    case SORT_NONE:
        break;
    }
    hash_rebuild(w);
}

void widget_eval(struct widget *w, const struct store *s, double at)
{
    const struct layout_widget *c = w->cfg;
    if (c->nitems)
        eval_explicit(w, s, at);
    else if (c->value.set)
        eval_vector(w, s, at);

    const struct wtype *t = w->type;
    for (int k = 0; k < t->nkeys; k++) {
        const struct wprop *p = &c->props[k];
        if (t->keys[k].type == WK_BIND && p->set)
            w->pval[k] = eval_scalar(&p->bind, s, at, &w->aux, &w->pstale[k], NULL);
    }

    /* Roll up the items. */
    w->level = LEVEL_NOMINAL;
    bool any_fresh = false;
    for (int i = 0; i < w->nitems; i++) {
        if (w->items[i].level > w->level)
            w->level = w->items[i].level;
        any_fresh = any_fresh || !w->items[i].stale;
    }
    w->stale = (c->value.set || c->nitems) && !any_fresh;

    if (w->stale && (c->value.set || c->nitems) && w->level < c->stale_level)
        w->level = c->stale_level;

    /* History: one sample per step, NaN while there is no signal. */
    if ((t->flags & WT_HISTORY) && (w->hist_at == 0 || at - w->hist_at >= c->step * 0.999)) {
        for (int i = 0; i < w->nitems; i++)
            hist_push(&w->items[i], w->items[i].stale ? NAN : w->items[i].value);
        w->hist_at = at;
    }

    w->focus = 0;
    if (t->eval)
        t->eval(w, at);
    if (w->focus >= w->nitems)
        w->focus = 0;
    const struct witem *f = w->nitems ? &w->items[w->focus] : NULL;
    if (c->sub)
        widget_expand(w, f, c->sub, w->sub, sizeof w->sub);
    for (int k = 0; k < t->nkeys; k++) {
        const struct wprop *p = &c->props[k];
        char buf[1024];
        if (t->keys[k].type == WK_STRS && p->set) {
            size_t len = 0;
            buf[0] = 0;
            for (int i = 0; i < p->nstrs && len + 1 < sizeof buf; i++) {
                if (i)
                    buf[len++] = '\n';
                widget_expand(w, f, p->strs[i], buf + len, sizeof buf - len);
                len += strlen(buf + len);
            }
        } else if (t->keys[k].type == WK_STR && p->set && strchr(p->str, '{')) {
            widget_expand(w, f, p->str, buf, sizeof buf);
        } else {
            continue;
        }
        if (!w->ptext[k] || strcmp(w->ptext[k], buf) != 0) {
            free(w->ptext[k]);
            w->ptext[k] = xstrdup(buf);
        }
    }
    w->eval_at = at;
    w->gen++;
}

void widget_backfill(struct widget *w, const struct store *s, double now)
{
    if ((w->type->flags & WT_HISTORY) && w->cfg->history > 1) {
        for (int k = w->cfg->history - 1; k >= 1; k--)
            widget_eval(w, s, now - (double)k * w->cfg->step);
    }
    widget_eval(w, s, now);
}

double widget_num(const struct widget *w, int k, double dflt)
{
    const struct wprop *p = &w->cfg->props[k];
    if (!p->set)
        return dflt;
    if (w->type->keys[k].type == WK_BIND)
        return w->pstale[k] ? NAN : w->pval[k];
    return p->num;
}

const char *widget_text(const struct widget *w, int k, const char *dflt)
{
    const struct wprop *p = &w->cfg->props[k];
    if (!p->set)
        return dflt;
    if (w->type->keys[k].type == WK_STRS)
        return w->ptext[k] ? w->ptext[k] : "";
    return w->ptext[k] ? w->ptext[k] : p->str;
}

/* --- templates and labels ----------------------------------------------------------- */

bool labels_key_get(const char *key, const char *name, char *out, size_t size)
{
    if (!key || *key != '{')
        return false;
    const char *p = key + 1;
    size_t nl = strlen(name);
    while (*p && *p != '}') {
        const char *eq = strchr(p, '=');
        if (!eq || eq[1] != '"')
            return false;
        bool hit = (size_t)(eq - p) == nl && strncmp(p, name, nl) == 0;
        p = eq + 2;
        size_t j = 0;
        while (*p && *p != '"') {
            char ch = *p;
            if (ch == '\\' && p[1]) {
                p++;
                ch = *p == 'n' ? '\n' : *p;
            }
            if (hit && j + 1 < size)
                out[j++] = ch;
            p++;
        }
        if (hit) {
            if (size)
                out[j < size ? j : size - 1] = 0;
            return true;
        }
        if (*p == '"')
            p++;
        if (*p == ',')
            p++;
    }
    return false;
}

static void apply_modifier(const char *mod, char *val, size_t n)
{
    if (strcmp(mod, "upper") == 0) {
        for (char *p = val; *p; p++)
            *p = (char)toupper((unsigned char)*p);
    } else if (strcmp(mod, "lower") == 0) {
        for (char *p = val; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    } else if (strcmp(mod, "words") == 0) {
        /* node_exporter's cleaned names ("package_id_0") read as words */
        for (char *p = val; *p; p++)
            if (*p == '_')
                *p = ' ';
    } else if (strcmp(mod, "host") == 0) {
        /* "10.0.0.5:9100" -> "10.0.0.5" (an instance without its port) */
        char *colon = strrchr(val, ':');
        if (colon && !strchr(colon, ']'))
            *colon = 0;
    } else if (strncmp(mod, "plural=", 7) == 0) {
        /* {num:plural=S}: the text instead of the field, unless the field
         * reads exactly 1 ("1 FILESYSTEM", "3 FILESYSTEMS") */
        char *end;
        double x = strtod(val, &end);
        bool one = end != val && *end == 0 && x == 1.0;
        snprintf(val, n, "%s", one ? "" : mod + 7);
    } else if (mod[0] == '0' && isdigit((unsigned char)mod[1])) {
        size_t want = (size_t)atoi(mod + 1), len = strlen(val);
        if (want < n && len < want) {
            memmove(val + (want - len), val, len + 1);
            memset(val, '0', want - len);
        }
    }
}

static void global_field(const struct scene_globals *g, const char *name, char *val, size_t n)
{
    val[0] = 0;
    if (!g)
        return;
    const char *v = strcmp(name, "state") == 0     ? g->state
                    : strcmp(name, "layout") == 0  ? g->layout
                    : strcmp(name, "sources") == 0 ? g->sources
                    : strcmp(name, "source") == 0  ? g->source
                    : strcmp(name, "page") == 0    ? g->page
                    : strcmp(name, "pages") == 0   ? g->pages
                    : strcmp(name, "fault") == 0   ? g->fault
                                                   : "";
    snprintf(val, n, "%s", v);
}

static void item_field(const struct widget *w, const struct witem *it, const char *name,
                       char *val, size_t n)
{
    val[0] = 0;
    if (strncmp(name, "labels.", 7) == 0) {
        /* {labels.label}: the series label even where its name is also a
         * field's (node_hwmon_sensor_label's `label`), as Prometheus's
         * templates write $labels.name */
        if (!labels_key_get(it->lkey, name + 7, val, n))
            val[0] = 0;
    } else if (strcmp(name, "value") == 0) {
        if (it->unit[0])
            snprintf(val, n, "%s %s", it->num, it->unit);
        else
            snprintf(val, n, "%s", it->num);
    } else if (strcmp(name, "num") == 0) {
        snprintf(val, n, "%s", it->num);
    } else if (strcmp(name, "unit") == 0) {
        snprintf(val, n, "%s", it->unit);
    } else if (strcmp(name, "label") == 0) {
        snprintf(val, n, "%s", it->label);
    } else if (strcmp(name, "tag") == 0) {
        snprintf(val, n, "%s", it->tag ? it->tag : "");
    } else if (strcmp(name, "max") == 0 || strcmp(name, "min") == 0) {
        numfmt_format(item_fmt(w, it), name[1] == 'a' ? it->max : it->min, val, n);
    } else if (strcmp(name, "rate") == 0) {
        struct numfmt f = *item_fmt(w, it);
        if (f.kind == NUMFMT_BYTES || f.kind == NUMFMT_BYTES_SI || f.kind == NUMFMT_SI ||
            f.kind == NUMFMT_FIXED)
            f.per_second = true;
        numfmt_format(&f, it->rate, val, n);
    } else if (!labels_key_get(it->lkey, name, val, n)) {
        val[0] = 0;
    }
}

const char *widget_expand(const struct widget *w, const struct witem *it, const char *tmpl,
                          char *out, size_t size)
{
    size_t j = 0;
    if (!size)
        return out;
    for (const char *p = tmpl; *p && j + 1 < size;) {
        if (*p != '{') {
            out[j++] = *p++;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) {
            out[j++] = *p++;
            continue;
        }
        char name[64];
        size_t nl = (size_t)(end - p - 1);
        if (nl >= sizeof name)
            nl = sizeof name - 1;
        memcpy(name, p + 1, nl);
        name[nl] = 0;
        p = end + 1;
        /* {field:upper}, {field:03}: case and zero padding; {field:host:upper} */
        char *mod = strchr(name, ':');
        if (mod)
            *mod++ = 0;
        char val[160];
        val[0] = 0;
        const struct witem *src = it;
        /* {nodename|instance}: the first of the fields that is not empty */
        for (char *alt = name; alt && !val[0];) {
            char *bar = strchr(alt, '|');
            if (bar)
                *bar++ = 0;
            src = it;
            const char *field = alt;
            if (alt[0] == '$') {
                global_field(w->globals, alt + 1, val, sizeof val);
                src = NULL;
            } else if (alt[0] >= '0' && alt[0] <= '9' && strchr(alt, '.')) {
                int k = atoi(alt);
                src = k < w->nitems ? &w->items[k] : NULL;
                field = strchr(alt, '.') + 1;
            }
            if (src)
                item_field(w, src, field, val, sizeof val);
            alt = bar;
        }
        /* several apply left to right: {instance:host:upper}; pre= takes
         * the rest of the braces as its text, so it comes last */
        for (char *m = mod; m;) {
            if (strncmp(m, "pre=", 4) == 0) {
                /* {2.value:pre=  ·  }: the text and the field only when the
                 * item has data (a CPU without cpufreq has no clock to show) */
                bool known =
                    name[0] == '$' ? val[0] != 0 : src && !src->stale && !isnan(src->value);
                char with[160];
                snprintf(with, sizeof with, "%s%s", m + 4, val);
                snprintf(val, sizeof val, "%s", known ? with : "");
                break;
            }
            char *next = strchr(m, ':');
            if (next)
                *next++ = 0;
            apply_modifier(m, val, sizeof val);
            m = next;
        }
        for (const char *v = val; *v && j + 1 < size; v++)
            out[j++] = *v;
    }
    out[j] = 0;
    return out;
}

int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0' && isdigit((unsigned char)a[1]))
                a++;
            while (*b == '0' && isdigit((unsigned char)b[1]))
                b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la]))
                la++;
            while (isdigit((unsigned char)b[lb]))
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        a++;
        b++;
    }
    return (*a != 0) - (*b != 0);
}
