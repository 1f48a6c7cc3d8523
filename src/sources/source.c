/* source: the kind registry and the poller threads (see source.h).
 *
 * One thread per source, so a source that hangs until its timeout delays only
 * itself. Each thread sleeps on a condition variable (CLOCK_MONOTONIC) until
 * its next deadline or shutdown, polls into its own sample_buf off-lock, and
 * publishes with store_commit() or store_source_fail(). After a failure it
 * retries with exponential backoff and jitter, capped at max(30 s, interval).
 * Shutdown sets a flag, wakes the sleepers and keeps calling the kind's
 * interrupt() until each thread has returned, then joins it. */
#include "sources/source.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"

/* --- kind registry ----------------------------------------------------------- */

#if __has_include("sources/linux.h")
#include "sources/linux.h"
#define KIND_LINUX &source_kind_linux,
#else
#define KIND_LINUX
#endif
#if __has_include("sources/scrape.h")
#include "sources/scrape.h"
#define KIND_SCRAPE &source_kind_scrape,
#else
#define KIND_SCRAPE
#endif
#if __has_include("sources/promql.h")
#include "sources/promql.h"
#define KIND_PROMQL &source_kind_promql,
#else
#define KIND_PROMQL
#endif
#if __has_include("sources/exec.h")
#include "sources/exec.h"
#define KIND_EXEC &source_kind_exec,
#else
#define KIND_EXEC
#endif
#if __has_include("sources/jsonl.h")
#include "sources/jsonl.h"
#define KIND_JSONL &source_kind_jsonl,
#else
#define KIND_JSONL
#endif
#if __has_include("sources/demo.h")
#include "sources/demo.h"
#define KIND_DEMO &source_kind_demo,
#else
#define KIND_DEMO
#endif
#if __has_include("sources/nvml.h")
#include "sources/nvml.h"
#define KIND_NVML &source_kind_nvml,
#else
#define KIND_NVML
#endif

const struct source_ops *const source_kinds[] = {
    KIND_LINUX KIND_SCRAPE KIND_PROMQL KIND_EXEC KIND_JSONL KIND_DEMO KIND_NVML NULL,
};

const struct source_ops *source_kind_for_spec(const char *spec)
{
    if (!spec)
        return NULL;
    size_t n = strcspn(spec, ":");
    for (const struct source_ops *const *k = source_kinds; *k; k++)
        if (strlen((*k)->kind) == n && strncmp((*k)->kind, spec, n) == 0)
            return *k;
    return NULL;
}

const char *source_spec_arg(const char *spec)
{
    const char *c = strchr(spec, ':');
    return c ? c + 1 : "";
}

/* --- the set ------------------------------------------------------------------ */

#define BACKOFF_CAP 30.0
#define ERR_SIZE 512

struct poller {
    struct sources *ss;
    struct source src;
    int store_id;
    double interval;
    struct sample_buf *buf;
    pthread_t thread;
    bool running;
    bool last_ok;   /* result of the last poll (true before the first) */
    int failures;   /* consecutive */
    unsigned rng;   /* jitter */
    char last_err[ERR_SIZE];
};

struct sources {
    struct store *store;
    void (*wake)(void *user);
    void *wake_user;
    struct poller **p;
    size_t n, cap;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_bool stop;
    bool started;
};

struct sources *sources_create(const struct sources_desc *d)
{
    assert(d && d->store);
    struct sources *ss = calloc(1, sizeof *ss);
    if (!ss)
        return NULL;
    ss->store = d->store;
    ss->wake = d->wake;
    ss->wake_user = d->wake_user;
    pthread_mutex_init(&ss->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&ss->cv, &ca);
    pthread_condattr_destroy(&ca);
    return ss;
}

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

static void desc_free(struct source_desc *d)
{
    free((char *)d->spec);
    free((char *)d->name);
    free((char *)d->root);
    for (int i = 0; i < d->label_field_count; i++)
        free((char *)d->label_fields[i]);
    struct source_http *h = &d->http;
    for (int i = 0; i < h->header_count; i++)
        free((char *)h->headers[i]);
    free((char *)h->bearer_token_file);
    free((char *)h->username);
    free((char *)h->password_file);
    free((char *)h->ca_file);
    free((char *)h->cert_file);
    free((char *)h->key_file);
}

static bool str_same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

bool source_http_equal(const struct source_http *a, const struct source_http *b)
{
    if (a->header_count != b->header_count || a->insecure_skip_verify != b->insecure_skip_verify)
        return false;
    for (int i = 0; i < a->header_count; i++)
        if (!str_same(a->headers[i], b->headers[i]))
            return false;
    return str_same(a->bearer_token_file, b->bearer_token_file) &&
           str_same(a->username, b->username) && str_same(a->password_file, b->password_file) &&
           str_same(a->ca_file, b->ca_file) && str_same(a->cert_file, b->cert_file) &&
           str_same(a->key_file, b->key_file);
}

char *source_redact(const char *spec)
{
    const char *auth = strstr(spec, "://");
    if (!auth)
        return dup_or_null(spec);
    auth += 3;
    size_t alen = strcspn(auth, "/?#");
    const char *at = memchr(auth, '@', alen);
    if (!at)
        return dup_or_null(spec);
    /* user:password@ keeps the user; a lone user part may be a token */
    const char *colon = memchr(auth, ':', (size_t)(at - auth));
    const char *cut = colon ? colon + 1 : auth;
    size_t n = strlen(spec) + 4;
    char *out = malloc(n);
    if (!out)
        abort();
    snprintf(out, n, "%.*s***%s", (int)(cut - spec), spec, at);
    return out;
}

bool sources_add(struct sources *ss, const struct source_desc *d, char *err, size_t err_size)
{
    assert(ss && d);
    if (!d->spec || !d->spec[0]) {
        snprintf(err, err_size, "empty source spec");
        return false;
    }
    const struct source_ops *ops = source_kind_for_spec(d->spec);
    if (!ops) {
        int n = (int)strcspn(d->spec, ":");
        snprintf(err, err_size, "%s: unknown source kind \"%.*s\"", d->spec, n > 64 ? 64 : n,
                 d->spec);
        return false;
    }
    return sources_add_kind(ss, ops, d, err, err_size);
}

bool sources_add_kind(struct sources *ss, const struct source_ops *ops,
                      const struct source_desc *d, char *err, size_t err_size)
{
    assert(ss && ops && ops->create && ops->poll && d && !ss->started);
    struct source_desc with_spec;
    if (!d->spec) {
        with_spec = *d;
        with_spec.spec = ops->kind;
        d = &with_spec;
    }
    if (d->label_field_count < 0 || d->label_field_count > SOURCE_MAX_LABEL_FIELDS ||
        d->http.header_count < 0 || d->http.header_count > SOURCE_MAX_HEADERS) {
        char *shown = source_redact(d->spec);
        snprintf(err, err_size, "%s: too many label fields or headers", shown);
        free(shown);
        return false;
    }
    struct poller *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    p->ss = ss;
    p->src.ops = ops;
    p->src.desc = *d;
    struct source_desc *c = &p->src.desc;
    c->spec = dup_or_null(d->spec);
    /* the spec names the source in logs and on NO SIGNAL plates: without
     * the password of a URL's user:password@ */
    c->name = d->name && d->name[0] ? dup_or_null(d->name) : source_redact(d->spec);
    c->root = dup_or_null(d->root);
    for (int i = 0; i < d->label_field_count; i++)
        c->label_fields[i] = dup_or_null(d->label_fields[i]);
    struct source_http *h = &c->http;
    for (int i = 0; i < h->header_count; i++)
        h->headers[i] = dup_or_null(d->http.headers[i]);
    h->bearer_token_file = dup_or_null(d->http.bearer_token_file);
    h->username = dup_or_null(d->http.username);
    h->password_file = dup_or_null(d->http.password_file);
    h->ca_file = dup_or_null(d->http.ca_file);
    h->cert_file = dup_or_null(d->http.cert_file);
    h->key_file = dup_or_null(d->http.key_file);
    if (c->interval <= 0)
        c->interval = ops->default_interval > 0 ? ops->default_interval : 1.0;
    if (c->connect_timeout <= 0)
        c->connect_timeout = 1.0;
    if (c->timeout <= 0)
        c->timeout = 2.0;
    if (c->seed == 0)
        c->seed = 1;
    p->src.name = (char *)c->name;
    p->interval = c->interval;
    p->last_ok = true;
    p->rng = (unsigned)(ss->n * 2654435761u) ^ (unsigned)time(NULL);

    char why[ERR_SIZE] = "";
    if (!ops->create(&p->src, c, why, sizeof why)) {
        snprintf(err, err_size, "%s: %s", c->name, why[0] ? why : "cannot create");
        desc_free(c);
        free(p);
        return false;
    }
    p->buf = sample_buf_create();
    p->store_id = store_source_register(ss->store, c->name, c->interval);
    store_source_set_complete(ss->store, p->store_id, ops->complete);
    if (ss->n == ss->cap) {
        size_t nc = ss->cap ? ss->cap * 2 : 8;
        struct poller **np = realloc(ss->p, nc * sizeof *np);
        if (!np)
            abort();
        ss->p = np;
        ss->cap = nc;
    }
    ss->p[ss->n++] = p;
    return true;
}

size_t sources_count(const struct sources *ss) { return ss->n; }

const struct source *sources_at(const struct sources *ss, size_t i)
{
    assert(i < ss->n);
    return &ss->p[i]->src;
}

int sources_store_id(const struct sources *ss, size_t i)
{
    assert(i < ss->n);
    return ss->p[i]->store_id;
}

/* One poll and its publication. Logs a failure when the reason changes, and a
 * recovery once, so a dead source does not flood stderr. */
static bool poll_once(struct poller *p, double now)
{
    struct sources *ss = p->ss;
    char err[ERR_SIZE] = "";
    sample_buf_reset(p->buf);
    bool ok = p->src.ops->poll(&p->src, now, p->buf, err, sizeof err);
    if (atomic_load(&ss->stop))
        return ok; /* shutting down: an interrupted poll is no news */
    if (ok) {
        store_commit(ss->store, p->store_id, p->buf, now);
        if (!p->last_ok)
            log_info("source", "%s: recovered", p->src.name);
        p->failures = 0;
        p->last_err[0] = 0;
    } else {
        if (!err[0])
            snprintf(err, sizeof err, "poll failed");
        for (char *c = err; *c; c++)
            if (*c == '\n' || *c == '\r')
                *c = ' ';
        store_source_fail(ss->store, p->store_id, err, now);
        if (strcmp(err, p->last_err) != 0)
            log_warn("source", "%s: %s", p->src.name, err);
        snprintf(p->last_err, sizeof p->last_err, "%s", err);
        p->failures++;
    }
    p->last_ok = ok;
    if (ss->wake)
        ss->wake(ss->wake_user);
    return ok;
}

double source_backoff(double interval, int failures, double r)
{
    double cap = interval > BACKOFF_CAP ? interval : BACKOFF_CAP;
    int k = failures < 1 ? 0 : failures - 1;
    double d = interval * ldexp(1.0, k > 30 ? 30 : k);
    if (d > cap)
        d = cap;
    /* jitter so that sources that failed together spread out */
    return d * (0.5 + 0.5 * r);
}

static double backoff_delay(struct poller *p)
{
    return source_backoff(p->interval, p->failures, (double)(rand_r(&p->rng) % 1000000) / 1e6);
}

double source_poll_phase(double interval, double wall)
{
    /* Whole-second intervals poll just before the wall clock's second, when
     * the clocks on the screen change too: the frame loop then draws both
     * changes in one frame (app/loop waits up to LOOP_DATA_MERGE for a
     * frame already due) instead of two. Moves the poll by at most half a
     * second, once; after that it stays in phase. */
    if (!(interval >= 1.0) || fabs(interval - round(interval)) > 1e-9 || !isfinite(wall))
        return 0.0;
    double e = fmod(wall + SOURCE_POLL_LEAD, 1.0);
    if (e < 0)
        e += 1.0;
    return e < 0.5 ? -e : 1.0 - e;
}

static struct timespec mono_ts(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)t;
    ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static void *poller_main(void *arg)
{
    struct poller *p = arg;
    struct sources *ss = p->ss;
    double next = clock_mono();
    pthread_mutex_lock(&ss->mu);
    while (!ss->stop) {
        double t = clock_mono();
        if (t < next) {
            struct timespec ts = mono_ts(next);
            pthread_cond_timedwait(&ss->cv, &ss->mu, &ts);
            continue;
        }
        pthread_mutex_unlock(&ss->mu);
        double start = clock_mono();
        bool ok = poll_once(p, clock_wall());
        double end = clock_mono();
        if (ok) {
            next = start + p->interval;
            if (next < end) /* slower than its interval: no burst to catch up */
                next = end;
            next += source_poll_phase(p->interval, clock_wall() + (next - clock_mono()));
        } else {
            next = end + backoff_delay(p);
        }
        pthread_mutex_lock(&ss->mu);
    }
    pthread_mutex_unlock(&ss->mu);
    return NULL;
}

bool sources_start(struct sources *ss)
{
    assert(!ss->started);
    ss->started = true;
    bool all = true;
    for (size_t i = 0; i < ss->n; i++) {
        struct poller *p = ss->p[i];
        int rc = pthread_create(&p->thread, NULL, poller_main, p);
        if (rc != 0) {
            log_error("source", "%s: cannot start its thread: %s", p->src.name, strerror(rc));
            all = false;
            continue;
        }
        p->running = true;
    }
    return all;
}

struct poll_job {
    struct poller *p;
    double now;
    bool ok;
};

static void *poll_job_main(void *arg)
{
    struct poll_job *j = arg;
    j->ok = poll_once(j->p, j->now);
    return NULL;
}

static int poll_set(struct sources *ss, double now, bool healthy_only)
{
    assert(!ss->started);
    struct poll_job *jobs = calloc(ss->n ? ss->n : 1, sizeof *jobs);
    pthread_t *th = calloc(ss->n ? ss->n : 1, sizeof *th);
    bool *threaded = calloc(ss->n ? ss->n : 1, sizeof *threaded);
    if (!jobs || !th || !threaded)
        abort();
    size_t blocking = 0;
    for (size_t i = 0; i < ss->n; i++)
        if (!ss->p[i]->src.ops->deterministic)
            blocking++;
    for (size_t i = 0; i < ss->n; i++) {
        jobs[i] = (struct poll_job){ss->p[i], now, true};
        if (healthy_only && !ss->p[i]->last_ok)
            continue;
        /* Parallel only when it saves time: two or more sources that may block. */
        if (blocking > 1 && !ss->p[i]->src.ops->deterministic &&
            pthread_create(&th[i], NULL, poll_job_main, &jobs[i]) == 0)
            threaded[i] = true;
        else
            poll_job_main(&jobs[i]);
    }
    int failed = 0;
    for (size_t i = 0; i < ss->n; i++) {
        if (threaded[i])
            pthread_join(th[i], NULL);
        if (!ss->p[i]->last_ok) /* a skipped dead source still counts */
            failed++;
    }
    free(jobs);
    free(th);
    free(threaded);
    return failed;
}

int sources_poll_all(struct sources *ss, double now) { return poll_set(ss, now, false); }

int sources_poll_healthy(struct sources *ss, double now) { return poll_set(ss, now, true); }

void sources_destroy(struct sources *ss)
{
    if (!ss)
        return;
    pthread_mutex_lock(&ss->mu);
    ss->stop = true;
    pthread_cond_broadcast(&ss->cv);
    pthread_mutex_unlock(&ss->mu);
    for (size_t i = 0; i < ss->n; i++) {
        struct poller *p = ss->p[i];
        if (!p->running)
            continue;
        /* Interrupt until the thread returns: an interrupt that lands between
         * two polls would otherwise be lost and the next poll run to its timeout. */
        for (;;) {
            if (p->src.ops->interrupt)
                p->src.ops->interrupt(&p->src);
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 20 * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            int rc = pthread_timedjoin_np(p->thread, NULL, &ts);
            if (rc == 0)
                break;
            if (rc != ETIMEDOUT) {
                pthread_join(p->thread, NULL);
                break;
            }
        }
        p->running = false;
    }
    for (size_t i = 0; i < ss->n; i++) {
        struct poller *p = ss->p[i];
        if (p->src.ops->destroy)
            p->src.ops->destroy(&p->src);
        sample_buf_destroy(p->buf);
        desc_free(&p->src.desc);
        free(p);
    }
    free(ss->p);
    pthread_cond_destroy(&ss->cv);
    pthread_mutex_destroy(&ss->mu);
    free(ss);
}
