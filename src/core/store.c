/* store: see store.h.
 *
 * Layout: series live in a pointer array (stable addresses, swap-remove on
 * eviction) indexed by two open-addressing hash tables with linear probing and
 * backward-shift deletion: canonical key -> series, metric name -> name entry
 * (the series of that name, and its HELP text). A sample_buf builds each
 * sample's canonical key and hash on the poller thread, so a commit under the
 * write lock is one probe and one ring-buffer write per sample. */
#include "core/store.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define STORE_DEFAULT_HISTORY 512
#define STORE_DEFAULT_MAX_SERIES 100000
#define STORE_DEFAULT_MAX_SAMPLES (4L * 1024 * 1024)
#define RING_INITIAL 4
/* A series that a source stops reporting while it keeps answering is dropped
 * after this long (or 3 of its intervals if longer), so label churn cannot
 * fill the per-source cap for good. A failing source evicts nothing: its
 * series stay, stale, with their history. */
#define EVICT_AGE 600.0
#define SWEEP_EVERY 30.0

#define SB_MAX_SAMPLES (2u * 1024 * 1024)
#define SB_MAX_ARENA (256u * 1024 * 1024)
#define SB_MAX_LABELS 128
#define SB_MAX_STRING (64u * 1024)

const char *metric_type_name(enum metric_type t)
{
    switch (t) {
    case METRIC_GAUGE:
        return "gauge";
    case METRIC_COUNTER:
        return "counter";
    case METRIC_HISTOGRAM:
        return "histogram";
    case METRIC_SUMMARY:
        return "summary";
    case METRIC_UNTYPED:
        break;
    }
    return "untyped";
}

static uint64_t hash_bytes(const char *p, size_t n)
{
    /* Eight bytes a step (keys are long: name plus labels), then a final mix
     * so that the low bits, the table index, depend on every byte. */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        log_error("store", "out of memory (%zu bytes)", n);
        abort();
    }
    return q;
}

/* Grows *arr (of elements of size `el`) so that it holds at least `need`. */
static void grow(void **arr, size_t *cap, size_t need, size_t el)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    *arr = xrealloc(*arr, c * el);
    *cap = c;
}

/* --- sample_buf ------------------------------------------------------------ */

struct sb_sample {
    uint64_t hash;
    uint32_t key_off, key_len;
    uint32_t name_off;
    uint32_t lab_off; /* into labs: nlabels (name_off, value_off) pairs */
    uint16_t nlabels;
    uint8_t type;
    bool history; /* sample_buf_add_history */
    double value, ts;
};

struct sb_help {
    uint32_t name_off, help_off;
};

struct sample_buf {
    char *arena;
    size_t used, cap;
    struct sb_sample *s;
    size_t n, scap;
    uint32_t *labs;
    size_t nlabs, labcap;
    struct sb_help *help;
    size_t nhelp, helpcap;
};

struct sample_buf *sample_buf_create(void)
{
    struct sample_buf *b = calloc(1, sizeof *b);
    if (!b)
        abort();
    return b;
}

void sample_buf_destroy(struct sample_buf *b)
{
    if (!b)
        return;
    free(b->arena);
    free(b->s);
    free(b->labs);
    free(b->help);
    free(b);
}

void sample_buf_reset(struct sample_buf *b)
{
    b->used = 0;
    b->n = 0;
    b->nlabs = 0;
    b->nhelp = 0;
}

size_t sample_buf_count(const struct sample_buf *b) { return b->n; }

static bool sb_reserve(struct sample_buf *b, size_t more)
{
    if (b->used + more > SB_MAX_ARENA)
        return false;
    if (b->used + more > b->cap) {
        size_t c = b->cap ? b->cap : 4096;
        while (c < b->used + more)
            c *= 2;
        b->arena = xrealloc(b->arena, c);
        b->cap = c;
    }
    return true;
}

/* Appends raw bytes (no NUL). Caller reserved the space. */
static void sb_put(struct sample_buf *b, const char *p, size_t n)
{
    memcpy(b->arena + b->used, p, n);
    b->used += n;
}

/* Appends a NUL-terminated copy and returns its offset. Caller reserved. */
static uint32_t sb_str(struct sample_buf *b, const char *p, size_t n)
{
    uint32_t off = (uint32_t)b->used;
    sb_put(b, p, n);
    b->arena[b->used++] = 0;
    return off;
}

/* Writes a label value escaped as in the text format: \\ \" \n. */
static void sb_put_escaped(struct sample_buf *b, const char *v, size_t n)
{
    /* most values need no escape: one scan (values are short: a plain loop
     * beats three memchr calls), one copy */
    size_t k = 0;
    while (k < n && v[k] != '\\' && v[k] != '"' && v[k] != '\n')
        k++;
    if (k == n) {
        sb_put(b, v, n);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '\\' || c == '"' || c == '\n') {
            sb_put(b, v + start, i - start);
            b->arena[b->used++] = '\\';
            b->arena[b->used++] = c == '\n' ? 'n' : c;
            start = i + 1;
        }
    }
    sb_put(b, v + start, n - start);
}

static bool sb_add(struct sample_buf *b, const char *name, const char *const *labels,
                   int nlabels, enum metric_type type, double value, double ts, bool history)
{
    assert(b && name && nlabels >= 0 && (nlabels == 0 || labels));
    size_t name_len = strlen(name);
    if (name_len == 0 || name_len > SB_MAX_STRING || nlabels > SB_MAX_LABELS ||
        b->n >= SB_MAX_SAMPLES)
        return false;

    /* Sort the pairs by label name (insertion sort: label sets are small),
     * dropping __name__, empty values (Prometheus treats them as absent) and
     * repeated names (the first wins). */
    int order[SB_MAX_LABELS];
    size_t lens[2 * SB_MAX_LABELS];
    int k = 0;
    size_t need = name_len + 1;
    for (int i = 0; i < nlabels; i++) {
        const char *ln = labels[2 * i], *lv = labels[2 * i + 1];
        if (!ln || !lv || !ln[0] || !lv[0] || (ln[0] == '_' && strcmp(ln, "__name__") == 0))
            continue;
        lens[2 * i] = strlen(ln);
        lens[2 * i + 1] = strlen(lv);
        if (lens[2 * i] > SB_MAX_STRING || lens[2 * i + 1] > SB_MAX_STRING)
            return false;
        int j = k;
        bool dup = false;
        while (j > 0) {
            const char *prev = labels[2 * order[j - 1]];
            /* the first byte settles most comparisons without a call */
            int c = prev[0] != ln[0] ? (unsigned char)prev[0] - (unsigned char)ln[0]
                                     : strcmp(prev, ln);
            if (c == 0) {
                dup = true;
                break;
            }
            if (c < 0)
                break;
            j--;
        }
        if (dup)
            continue;
        memmove(order + j + 1, order + j, (size_t)(k - j) * sizeof order[0]);
        order[j] = i;
        k++;
        /* strings twice (plain and in the key, escaped at worst double) */
        need += 3 * lens[2 * i] + 3 * lens[2 * i + 1] + 8;
    }
    need += name_len + 4;
    if (!sb_reserve(b, need))
        return false;
    if (b->nlabs + 2 * (size_t)k > UINT32_MAX)
        return false;
    grow((void **)&b->s, &b->scap, b->n + 1, sizeof *b->s);
    grow((void **)&b->labs, &b->labcap, b->nlabs + 2 * (size_t)k, sizeof *b->labs);

    struct sb_sample *sm = &b->s[b->n];
    sm->name_off = sb_str(b, name, name_len);
    sm->lab_off = (uint32_t)b->nlabs;
    sm->nlabels = (uint16_t)k;
    sm->type = (uint8_t)type;
    sm->history = history;
    sm->value = value;
    sm->ts = ts;
    for (int j = 0; j < k; j++) {
        int i = order[j];
        b->labs[b->nlabs++] = sb_str(b, labels[2 * i], lens[2 * i]);
        b->labs[b->nlabs++] = sb_str(b, labels[2 * i + 1], lens[2 * i + 1]);
    }
    sm->key_off = (uint32_t)b->used;
    sb_put(b, name, name_len);
    if (k > 0) {
        b->arena[b->used++] = '{';
        for (int j = 0; j < k; j++) {
            int i = order[j];
            if (j)
                b->arena[b->used++] = ',';
            sb_put(b, labels[2 * i], lens[2 * i]);
            b->arena[b->used++] = '=';
            b->arena[b->used++] = '"';
            sb_put_escaped(b, labels[2 * i + 1], lens[2 * i + 1]);
            b->arena[b->used++] = '"';
        }
        b->arena[b->used++] = '}';
    }
    sm->key_len = (uint32_t)(b->used - sm->key_off);
    b->arena[b->used++] = 0;
    sm->hash = hash_bytes(b->arena + sm->key_off, sm->key_len);
    b->n++;
    return true;
}

bool sample_buf_add(struct sample_buf *b, const char *name, const char *const *labels,
                    int nlabels, enum metric_type type, double value, double ts)
{
    return sb_add(b, name, labels, nlabels, type, value, ts, false);
}

bool sample_buf_add_history(struct sample_buf *b, const char *name, const char *const *labels,
                            int nlabels, enum metric_type type, double value, double ts)
{
    assert(ts > 0);
    return sb_add(b, name, labels, nlabels, type, value, ts, true);
}

void sample_buf_set_help(struct sample_buf *b, const char *name, const char *help)
{
    assert(b && name && help);
    size_t nl = strlen(name), hl = strlen(help);
    if (nl == 0 || nl > SB_MAX_STRING || hl > SB_MAX_STRING || !sb_reserve(b, nl + hl + 2))
        return;
    grow((void **)&b->help, &b->helpcap, b->nhelp + 1, sizeof *b->help);
    b->help[b->nhelp].name_off = sb_str(b, name, nl);
    b->help[b->nhelp].help_off = sb_str(b, help, hl);
    b->nhelp++;
}

/* --- hash index -------------------------------------------------------------- */

/* Maps a 64-bit hash to an element index of some array; equality is decided by
 * the caller's callback. Load factor kept under 1/2. */
struct htab {
    struct hslot {
        uint32_t idx1; /* element index + 1; 0 = empty */
        uint32_t h;    /* low 32 bits of the hash */
    } *slot;
    size_t mask; /* size - 1; size is a power of two (or 0 before first use) */
    size_t used;
};

typedef bool (*htab_eq_fn)(const void *ctx, uint32_t idx, const void *key);

static void htab_insert_raw(struct htab *t, uint32_t h, uint32_t idx)
{
    size_t i = h & t->mask;
    while (t->slot[i].idx1)
        i = (i + 1) & t->mask;
    t->slot[i].idx1 = idx + 1;
    t->slot[i].h = h;
    t->used++;
}

static void htab_reserve(struct htab *t, size_t n)
{
    if (t->slot && (n + 1) * 2 <= t->mask + 1)
        return;
    size_t size = t->slot ? (t->mask + 1) * 2 : 64;
    while ((n + 1) * 2 > size)
        size *= 2;
    struct hslot *old = t->slot;
    size_t old_size = t->slot ? t->mask + 1 : 0;
    t->slot = calloc(size, sizeof *t->slot);
    if (!t->slot)
        abort();
    t->mask = size - 1;
    t->used = 0;
    for (size_t i = 0; i < old_size; i++)
        if (old[i].idx1)
            htab_insert_raw(t, old[i].h, old[i].idx1 - 1);
    free(old);
}

/* Slot position holding a match, or -1. */
static long htab_find(const struct htab *t, uint64_t hash, htab_eq_fn eq, const void *ctx,
                      const void *key)
{
    if (!t->slot)
        return -1;
    uint32_t h = (uint32_t)hash;
    size_t i = h & t->mask;
    while (t->slot[i].idx1) {
        if (t->slot[i].h == h && eq(ctx, t->slot[i].idx1 - 1, key))
            return (long)i;
        i = (i + 1) & t->mask;
    }
    return -1;
}

/* Slot position holding element `idx` (which must be present). */
static size_t htab_slot_of(const struct htab *t, uint64_t hash, uint32_t idx)
{
    size_t i = (uint32_t)hash & t->mask;
    while (t->slot[i].idx1 != idx + 1) {
        assert(t->slot[i].idx1);
        i = (i + 1) & t->mask;
    }
    return i;
}

static void htab_remove_at(struct htab *t, size_t i)
{
    /* Backward-shift deletion keeps probe chains intact without tombstones. */
    size_t j = i;
    for (;;) {
        t->slot[i].idx1 = 0;
        for (;;) {
            j = (j + 1) & t->mask;
            if (!t->slot[j].idx1) {
                t->used--;
                return;
            }
            size_t home = t->slot[j].h & t->mask;
            /* Move j into the hole at i unless its home lies cyclically in (i, j]. */
            bool in_between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!in_between)
                break;
        }
        t->slot[i] = t->slot[j];
        i = j;
    }
}

/* --- the store ---------------------------------------------------------------- */

struct series_impl {
    struct series pub; /* first: the public view is a pointer to this */
    uint64_t hash;
    uint64_t name_hash;
    double *ts, *val;
    uint32_t cap, head; /* head: slot of the oldest sample */
    uint32_t idx;       /* position in store.series */
    uint32_t name_pos;  /* position in its name entry's list */
    char *block;        /* key, name, label strings */
    double seen;        /* the last commit that held it (eviction) */
    uint32_t gen;       /* its source's commit that last held it */
    uint32_t cur_gen;   /* ... that gave it a current (not history) sample */
};

struct name_entry {
    char *name;
    uint64_t hash;
    struct series_impl **v;
    size_t n, cap;
    char *help;
    double help_time; /* when the help was last given */
    uint32_t idx;     /* position in store.names */
};

struct source_rec {
    char *name;
    double interval;
    bool ok;
    bool capped;
    double last_ok;
    double last_sweep;
    bool complete;  /* store_source_set_complete */
    uint32_t gen;   /* commits so far */
    char error[256];
    size_t series;
    long samples; /* ring slots allocated to its series */
};

struct store {
    pthread_rwlock_t lock;
    _Atomic uint64_t version;
    int history;
    int max_series;
    long max_samples;

    struct series_impl **series;
    size_t nseries, series_cap;
    struct htab by_key;

    struct name_entry **names;
    size_t nnames, names_cap;
    struct htab by_name;

    struct source_rec *sources;
    size_t nsources, sources_cap;
};

struct store *store_create(const struct store_desc *desc)
{
    struct store_desc d = desc ? *desc : (struct store_desc){0};
    struct store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    pthread_rwlock_init(&s->lock, NULL);
    atomic_init(&s->version, 1);
    s->history = d.history > 0 ? d.history : STORE_DEFAULT_HISTORY;
    if (s->history < 2)
        s->history = 2;
    s->max_series = d.max_series_per_source > 0 ? d.max_series_per_source
                                                : STORE_DEFAULT_MAX_SERIES;
    s->max_samples = d.max_samples_per_source > 0 ? d.max_samples_per_source
                                                  : STORE_DEFAULT_MAX_SAMPLES;
    return s;
}

static void series_free(struct series_impl *se)
{
    free(se->ts);
    free(se->val);
    free((void *)se->pub.labels);
    free(se->block);
    free(se);
}

void store_destroy(struct store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nseries; i++)
        series_free(s->series[i]);
    free(s->series);
    free(s->by_key.slot);
    for (size_t i = 0; i < s->nnames; i++) {
        free(s->names[i]->name);
        free(s->names[i]->v);
        free(s->names[i]->help);
        free(s->names[i]);
    }
    free(s->names);
    free(s->by_name.slot);
    for (size_t i = 0; i < s->nsources; i++)
        free(s->sources[i].name);
    free(s->sources);
    pthread_rwlock_destroy(&s->lock);
    free(s);
}

int store_source_register(struct store *s, const char *name, double interval)
{
    assert(s && name);
    pthread_rwlock_wrlock(&s->lock);
    grow((void **)&s->sources, &s->sources_cap, s->nsources + 1, sizeof *s->sources);
    struct source_rec *r = &s->sources[s->nsources];
    memset(r, 0, sizeof *r);
    r->name = strdup(name);
    if (!r->name)
        abort();
    r->interval = interval > 0 ? interval : 1.0;
    int id = (int)s->nsources++;
    pthread_rwlock_unlock(&s->lock);
    atomic_fetch_add(&s->version, 1);
    return id;
}

uint64_t store_version(const struct store *s)
{
    return atomic_load(&((struct store *)s)->version);
}

void store_read_lock(struct store *s) { pthread_rwlock_rdlock(&s->lock); }
void store_read_unlock(struct store *s) { pthread_rwlock_unlock(&s->lock); }

/* --- name entries --- */

struct name_key {
    const char *name;
};

static bool name_eq(const void *ctx, uint32_t idx, const void *key)
{
    const struct store *s = ctx;
    return strcmp(s->names[idx]->name, ((const struct name_key *)key)->name) == 0;
}

static struct name_entry *name_lookup(const struct store *s, const char *name, uint64_t h)
{
    struct name_key k = {name};
    long pos = htab_find(&s->by_name, h, name_eq, s, &k);
    return pos < 0 ? NULL : s->names[s->by_name.slot[pos].idx1 - 1];
}

static struct name_entry *name_get(struct store *s, const char *name, uint64_t h)
{
    struct name_entry *e = name_lookup(s, name, h);
    if (e)
        return e;
    e = calloc(1, sizeof *e);
    if (!e || !(e->name = strdup(name)))
        abort();
    e->hash = h;
    e->idx = (uint32_t)s->nnames;
    grow((void **)&s->names, &s->names_cap, s->nnames + 1, sizeof *s->names);
    htab_reserve(&s->by_name, s->nnames + 1);
    s->names[s->nnames] = e;
    htab_insert_raw(&s->by_name, (uint32_t)h, (uint32_t)s->nnames);
    s->nnames++;
    return e;
}

static void name_remove(struct store *s, struct name_entry *e)
{
    uint32_t idx = e->idx;
    htab_remove_at(&s->by_name, htab_slot_of(&s->by_name, e->hash, idx));
    size_t last = s->nnames - 1;
    if (idx != last) {
        struct name_entry *m = s->names[last];
        s->by_name.slot[htab_slot_of(&s->by_name, m->hash, (uint32_t)last)].idx1 = idx + 1;
        m->idx = idx;
        s->names[idx] = m;
    }
    s->nnames--;
    free(e->name);
    free(e->v);
    free(e->help);
    free(e);
}

/* --- series --- */

struct series_key {
    const char *key;
    size_t len;
};

static bool series_eq(const void *ctx, uint32_t idx, const void *key)
{
    const struct store *s = ctx;
    const struct series_key *k = key;
    const char *sk = s->series[idx]->pub.key;
    return strncmp(sk, k->key, k->len) == 0 && sk[k->len] == 0;
}

static struct series_impl *series_lookup(const struct store *s, const char *key, size_t len,
                                         uint64_t h)
{
    struct series_key k = {key, len};
    long pos = htab_find(&s->by_key, h, series_eq, s, &k);
    return pos < 0 ? NULL : s->series[s->by_key.slot[pos].idx1 - 1];
}

static struct series_impl *series_create(struct store *s, const struct sample_buf *b,
                                         const struct sb_sample *sm, int source_id)
{
    const char *name = b->arena + sm->name_off;
    size_t total = sm->key_len + 1 + strlen(name) + 1;
    for (int i = 0; i < 2 * sm->nlabels; i++)
        total += strlen(b->arena + b->labs[sm->lab_off + (uint32_t)i]) + 1;
    struct series_impl *se = calloc(1, sizeof *se);
    char *block = malloc(total);
    struct label *labels = sm->nlabels ? malloc(sm->nlabels * sizeof *labels) : NULL;
    if (!se || !block || (sm->nlabels && !labels))
        abort();
    char *p = block;
    memcpy(p, b->arena + sm->key_off, sm->key_len);
    p[sm->key_len] = 0;
    se->pub.key = p;
    p += sm->key_len + 1;
    size_t nl = strlen(name) + 1;
    memcpy(p, name, nl);
    se->pub.name = p;
    p += nl;
    for (int i = 0; i < sm->nlabels; i++) {
        for (int j = 0; j < 2; j++) {
            const char *str = b->arena + b->labs[sm->lab_off + (uint32_t)(2 * i + j)];
            size_t l = strlen(str) + 1;
            memcpy(p, str, l);
            if (j == 0)
                labels[i].name = p;
            else
                labels[i].value = p;
            p += l;
        }
    }
    se->block = block;
    se->pub.labels = labels;
    se->pub.nlabels = sm->nlabels;
    se->pub.type = (enum metric_type)sm->type;
    se->pub.source_id = source_id;
    se->hash = sm->hash;
    se->name_hash = hash_bytes(name, nl - 1);

    grow((void **)&s->series, &s->series_cap, s->nseries + 1, sizeof *s->series);
    htab_reserve(&s->by_key, s->nseries + 1);
    se->idx = (uint32_t)s->nseries;
    s->series[s->nseries] = se;
    htab_insert_raw(&s->by_key, (uint32_t)se->hash, se->idx);
    s->nseries++;

    struct name_entry *e = name_get(s, se->pub.name, se->name_hash);
    grow((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v);
    se->name_pos = (uint32_t)e->n;
    e->v[e->n++] = se;
    s->sources[source_id].series++;
    return se;
}

static void series_remove(struct store *s, struct series_impl *se)
{
    struct source_rec *src = &s->sources[se->pub.source_id];
    src->series--;
    src->samples -= se->cap;

    struct name_entry *e = name_lookup(s, se->pub.name, se->name_hash);
    assert(e && e->v[se->name_pos] == se);
    struct series_impl *last_n = e->v[e->n - 1];
    e->v[se->name_pos] = last_n;
    last_n->name_pos = se->name_pos;
    e->n--;
    if (e->n == 0 && !e->help)
        name_remove(s, e);

    htab_remove_at(&s->by_key, htab_slot_of(&s->by_key, se->hash, se->idx));
    uint32_t last = (uint32_t)s->nseries - 1;
    if (se->idx != last) {
        struct series_impl *m = s->series[last];
        s->by_key.slot[htab_slot_of(&s->by_key, m->hash, last)].idx1 = se->idx + 1;
        m->idx = se->idx;
        s->series[se->idx] = m;
    }
    s->nseries--;
    series_free(se);
}

/* Appends a sample, growing the ring while the source's budget allows. */
static void series_push(struct store *s, struct series_impl *se, double ts, double v)
{
    size_t n = se->pub.count;
    if (n > 0) {
        double last_ts = se->ts[(se->head + n - 1) % se->cap];
        if (ts < last_ts)
            return; /* out of order: keep what we have, as Prometheus does */
        if (ts == last_ts) {
            se->val[(se->head + n - 1) % se->cap] = v;
            return;
        }
    }
    if (n == se->cap && se->cap < (uint32_t)s->history) {
        struct source_rec *src = &s->sources[se->pub.source_id];
        uint32_t want = se->cap ? se->cap * 2 : RING_INITIAL;
        if (want > (uint32_t)s->history)
            want = (uint32_t)s->history;
        /* The first slots are always granted: a series needs two samples for
         * rate(); the budget only limits growth beyond that. */
        if (se->cap == 0 || src->samples + (long)(want - se->cap) <= s->max_samples) {
            double *nts = malloc(want * sizeof *nts), *nval = malloc(want * sizeof *nval);
            if (!nts || !nval)
                abort();
            for (size_t i = 0; i < n; i++) {
                nts[i] = se->ts[(se->head + i) % se->cap];
                nval[i] = se->val[(se->head + i) % se->cap];
            }
            free(se->ts);
            free(se->val);
            se->ts = nts;
            se->val = nval;
            src->samples += want - se->cap;
            se->cap = want;
            se->head = 0;
        }
    }
    if (n < se->cap) {
        uint32_t slot = (se->head + (uint32_t)n) % se->cap;
        se->ts[slot] = ts;
        se->val[slot] = v;
        se->pub.count = n + 1;
    } else {
        se->ts[se->head] = ts;
        se->val[se->head] = v;
        se->head = (se->head + 1) % se->cap;
    }
}

static void sweep_source(struct store *s, int source_id, double now)
{
    struct source_rec *src = &s->sources[source_id];
    double age = EVICT_AGE > 3 * src->interval ? EVICT_AGE : 3 * src->interval;
    double cutoff = now - age;
    for (size_t i = 0; i < s->nseries;) {
        struct series_impl *se = s->series[i];
        if (se->pub.source_id == source_id && se->seen < cutoff)
            series_remove(s, se); /* the last series moved into slot i */
        else
            i++;
    }
    for (size_t i = 0; i < s->nnames;) {
        struct name_entry *e = s->names[i];
        if (e->help && e->n == 0 && e->help_time < cutoff)
            name_remove(s, e);
        else
            i++;
    }
    src->last_sweep = now;
}

/* After a commit of a complete source: its series without a current sample
 * in it have ended, at the commit or, known only from history, one interval
 * after their newest sample (the next point the history would have had). */
static void end_missing(struct store *s, int source_id, double now)
{
    struct source_rec *src = &s->sources[source_id];
    for (size_t i = 0; i < s->nseries; i++) {
        struct series_impl *se = s->series[i];
        if (se->pub.source_id != source_id || se->cur_gen == src->gen)
            continue;
        double end = now;
        if (se->gen == src->gen && se->pub.last_update + src->interval < now)
            end = se->pub.last_update + src->interval;
        if (se->pub.ended == 0 || end < se->pub.ended)
            se->pub.ended = end;
    }
}

void store_source_set_complete(struct store *s, int source_id, bool complete)
{
    pthread_rwlock_wrlock(&s->lock);
    assert(source_id >= 0 && (size_t)source_id < s->nsources);
    s->sources[source_id].complete = complete;
    pthread_rwlock_unlock(&s->lock);
}

void store_commit(struct store *s, int source_id, const struct sample_buf *b, double now)
{
    assert(s && b);
    pthread_rwlock_wrlock(&s->lock);
    assert(source_id >= 0 && (size_t)source_id < s->nsources);
    struct source_rec *src = &s->sources[source_id];

    for (size_t i = 0; i < b->nhelp; i++) {
        const char *name = b->arena + b->help[i].name_off;
        const char *help = b->arena + b->help[i].help_off;
        struct name_entry *e = name_get(s, name, hash_bytes(name, strlen(name)));
        if (!e->help || strcmp(e->help, help) != 0) {
            free(e->help);
            e->help = strdup(help);
            if (!e->help)
                abort();
        }
        e->help_time = now;
    }

    size_t dropped = 0, current = 0;
    uint32_t gen = ++src->gen;
    for (size_t i = 0; i < b->n; i++) {
        const struct sb_sample *sm = &b->s[i];
        struct series_impl *se = series_lookup(s, b->arena + sm->key_off, sm->key_len, sm->hash);
        if (!se) {
            if (src->series >= (size_t)s->max_series) {
                dropped++;
                continue;
            }
            se = series_create(s, b, sm, source_id);
        }
        se->pub.type = (enum metric_type)sm->type;
        se->seen = now;
        se->gen = gen;
        if (!sm->history) {
            se->pub.last_update = now;
            se->pub.ended = 0;
            if (se->cur_gen != gen)
                current++;
            se->cur_gen = gen;
        } else if (sm->ts > se->pub.last_update) {
            se->pub.last_update = sm->ts < now ? sm->ts : now;
        }
        series_push(s, se, sm->ts != 0 ? sm->ts : now, sm->value);
    }
    /* A complete source listed all it has: what it left out has ended. Most
     * commits list every series again, and then there is nothing to look at. */
    if (src->complete && current < src->series)
        end_missing(s, source_id, now);

    src->ok = true;
    src->last_ok = now;
    if (dropped) {
        snprintf(src->error, sizeof src->error,
                 "series limit of %d reached: %zu new series dropped", s->max_series, dropped);
        if (!src->capped)
            log_warn("store", "%s: %s", src->name, src->error);
        src->capped = true;
    } else {
        src->error[0] = 0;
        src->capped = false;
    }
    if (now - src->last_sweep >= SWEEP_EVERY || now < src->last_sweep)
        sweep_source(s, source_id, now);
    pthread_rwlock_unlock(&s->lock);
    atomic_fetch_add(&s->version, 1);
}

void store_source_fail(struct store *s, int source_id, const char *error, double now)
{
    (void)now;
    pthread_rwlock_wrlock(&s->lock);
    assert(source_id >= 0 && (size_t)source_id < s->nsources);
    struct source_rec *src = &s->sources[source_id];
    src->ok = false;
    snprintf(src->error, sizeof src->error, "%s", error && error[0] ? error : "failed");
    for (char *p = src->error; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    pthread_rwlock_unlock(&s->lock);
    atomic_fetch_add(&s->version, 1);
}

/* --- reading --- */

size_t store_series_count(const struct store *s) { return s->nseries; }

const struct series *store_series_at(const struct store *s, size_t i)
{
    assert(i < s->nseries);
    return &s->series[i]->pub;
}

const struct series *store_series_find(const struct store *s, const char *key)
{
    size_t len = strlen(key);
    struct series_impl *se = series_lookup(s, key, len, hash_bytes(key, len));
    return se ? &se->pub : NULL;
}

void store_series_by_name(const struct store *s, const char *name,
                          const struct series *const **out, size_t *count)
{
    struct name_entry *e = name_lookup(s, name, hash_bytes(name, strlen(name)));
    /* struct series is the first member of series_impl: the arrays coincide. */
    *out = e ? (const struct series *const *)(void *)e->v : NULL;
    *count = e ? e->n : 0;
}

void series_sample(const struct series *pub, size_t i, double *ts, double *value)
{
    const struct series_impl *se = (const struct series_impl *)pub;
    assert(i < pub->count);
    uint32_t slot = (uint32_t)((se->head + i) % se->cap);
    if (ts)
        *ts = se->ts[slot];
    if (value)
        *value = se->val[slot];
}

bool series_last(const struct series *se, double *ts, double *value)
{
    if (se->count == 0)
        return false;
    series_sample(se, se->count - 1, ts, value);
    return true;
}

const char *series_label(const struct series *se, const char *name)
{
    /* Labels are sorted: binary search. */
    int lo = 0, hi = se->nlabels - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(se->labels[mid].name, name);
        if (c == 0)
            return se->labels[mid].value;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

bool store_series_stale(const struct store *s, const struct series *se, double now)
{
    assert(se->source_id >= 0 && (size_t)se->source_id < s->nsources);
    double interval = s->sources[se->source_id].interval;
    return se->count == 0 || now - se->last_update > 3 * interval ||
           (se->ended > 0 && now >= se->ended);
}

size_t store_source_count(const struct store *s) { return s->nsources; }

bool store_source_status(const struct store *s, int id, struct source_status *out)
{
    if (id < 0 || (size_t)id >= s->nsources)
        return false;
    const struct source_rec *r = &s->sources[id];
    out->name = r->name;
    out->interval = r->interval;
    out->ok = r->ok;
    out->last_ok = r->last_ok;
    out->error = r->error;
    out->series = r->series;
    return true;
}

const char *store_help(const struct store *s, const char *name)
{
    struct name_entry *e = name_lookup(s, name, hash_bytes(name, strlen(name)));
    return e ? e->help : NULL;
}
