/* source: data sources and the poller that runs them.
 *
 * A source kind (linux, scrape, promql, exec, jsonl, demo, nvml) implements
 * struct source_ops in its own file. The `sources` set owns the sources of a
 * layout plus --source options, runs them on poller threads with their own
 * intervals, timeouts, exponential backoff with jitter, and publishes into the
 * store; new data wakes the main thread through the `wake` callback
 * (glfwPostEmptyEvent in the app). Sources never touch GL and never block the
 * frame loop.
 *
 * Headless runs (screenshot, record, soak, --list-metrics) drive the same
 * sources synchronously with sources_poll_all() at a chosen time.
 *
 * Kind registry: each kind lives in src/sources/<kind>.c, defines
 *     const struct source_ops source_kind_<kind> = { .kind = "<kind>", ... };
 * and declares it in a one-line header src/sources/<kind>.h. source.c lists
 * every planned kind (linux, scrape, promql, exec, jsonl, demo, nvml) behind
 * __has_include("sources/<kind>.h"), so a kind registers itself by existing and
 * no branch has to edit a shared table. (Weak symbols would not do: the linker
 * never pulls an archive member in for a weak reference.) A new kind beyond
 * these seven adds one #if block to source.c. */
#ifndef MAGI_SOURCES_SOURCE_H
#define MAGI_SOURCES_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/store.h"

#define SOURCE_MAX_LABEL_FIELDS 16
#define SOURCE_MAX_HEADERS 16

/* How scrape and promql sources authenticate, as Prometheus's own scrape
 * and remote settings do. Secrets are named by file and read at each poll,
 * so a rotated token is picked up and no secret sits in a layout. */
struct source_http {
    const char *headers[SOURCE_MAX_HEADERS]; /* "Name: value", sent with each request */
    int header_count;
    const char *bearer_token_file; /* Authorization: Bearer <the file's first line> */
    const char *username;          /* basic auth, with the password from password_file */
    const char *password_file;
    const char *ca_file;           /* PEM: trust these CAs instead of the system's */
    const char *cert_file;         /* PEM: a client certificate (mutual TLS) ... */
    const char *key_file;          /* ... and its key */
    bool insecure_skip_verify;     /* TLS without checking the server's certificate */
};

struct source_desc {
    const char *spec;        /* as in ../shared/CLI.md: "linux", "scrape:URL", ... */
    const char *name;        /* shown in errors and NO SIGNAL plates; 0 = the spec */
    double interval;         /* seconds; 0 = the kind's default */
    double connect_timeout;  /* seconds; 0 = 1 */
    double timeout;          /* seconds, whole poll; 0 = 2 */
    const char *root;        /* linux: root of /proc and /sys (tests use fixtures); 0 = "/" */
    const char *label_fields[SOURCE_MAX_LABEL_FIELDS]; /* jsonl: string fields kept as labels */
    int label_field_count;
    unsigned long long seed; /* demo: 0 = 1 */
    struct source_http http; /* scrape, promql */
    /* Headless one-shot run (--list-metrics): a stream source (jsonl) reads
     * its input to the end in one poll instead of taking what is there. */
    bool one_shot;
};

struct source; /* one configured source; see source_ops */

struct source_ops {
    const char *kind;        /* "linux", "scrape", ... */
    double default_interval; /* seconds */
    /* True if poll() is a pure function of `now` (demo): headless runs may
     * poll it at any time, e.g. to back-fill graph history. */
    bool deterministic;
    /* True if each successful poll lists every series the source has now (an
     * exporter's scrape, a Prometheus query): what a poll leaves out has
     * ended, as Prometheus's staleness markers say (store_source_set_complete). */
    bool complete;
    /* Sets up s->impl. On failure writes a one-line reason to err. */
    bool (*create)(struct source *s, const struct source_desc *d, char *err, size_t err_size);
    /* One poll at Unix time `now`: append samples to `out`. On failure write a
     * one-line reason (no source name: the caller adds it) and return false. */
    bool (*poll)(struct source *s, double now, struct sample_buf *out, char *err,
                 size_t err_size);
    /* Asks a blocking poll to return early (from another thread); may be NULL. */
    void (*interrupt)(struct source *s);
    void (*destroy)(struct source *s);
};

struct source {
    const struct source_ops *ops;
    struct source_desc desc; /* strings copied */
    char *name;
    void *impl;
};

/* Finds the ops for a spec's kind ("scrape:http://..." -> scrape), or NULL. */
const struct source_ops *source_kind_for_spec(const char *spec);
/* The part of a spec after "kind:" ("" for a bare kind such as "linux"). */
const char *source_spec_arg(const char *spec);
/* Whether two sources log in the same way (a reload that changes how must
 * make the source again). */
bool source_http_equal(const struct source_http *a, const struct source_http *b);
/* A copy of a spec fit to show: a URL's user:password@ becomes user:***@ (and
 * a user part alone, which may be a token, ***@). Never NULL; free() it. */
char *source_redact(const char *spec);
/* The registered kinds, ended by NULL. */
extern const struct source_ops *const source_kinds[];

struct sources_desc {
    struct store *store;
    void (*wake)(void *user); /* called after each commit; may be NULL */
    void *wake_user;
};

struct sources;

struct sources *sources_create(const struct sources_desc *d);
/* Stops the threads and frees every source. */
void sources_destroy(struct sources *ss);
/* Adds a source; false with a one-line reason on a bad spec. */
bool sources_add(struct sources *ss, const struct source_desc *d, char *err, size_t err_size);
/* Adds a source of a kind outside the registry (embedders, tests). */
bool sources_add_kind(struct sources *ss, const struct source_ops *ops,
                      const struct source_desc *d, char *err, size_t err_size);
size_t sources_count(const struct sources *ss);
/* Starts the poller threads (live mode). */
bool sources_start(struct sources *ss);
/* Polls every source once, synchronously, at Unix time `now` and commits the
 * results. Sources that may block are polled in parallel, so the call takes
 * about as long as the slowest source. Returns the number that failed. */
int sources_poll_all(struct sources *ss, double now);
/* The same, but only the sources whose last poll succeeded (or that were never
 * polled): a headless run need not wait on a dead source twice. */
int sources_poll_healthy(struct sources *ss, double now);
/* The i-th source (in the order added) and the store id its series carry. */
const struct source *sources_at(const struct sources *ss, size_t i);
int sources_store_id(const struct sources *ss, size_t i);

/* The wait before the next try after `failures` (>= 1) consecutive failures:
 * interval * 2^(failures-1), capped at max(30 s, interval), times a jitter
 * factor 0.5 + 0.5 * r for r in [0, 1). */
double source_backoff(double interval, int failures, double r);

/* How far to move a poll due at Unix time `wall` so it falls
 * SOURCE_POLL_LEAD seconds before a whole wall-clock second (whole-second
 * intervals only; 0 otherwise). Exposed for tests. */
#define SOURCE_POLL_LEAD 0.03
double source_poll_phase(double interval, double wall);

#endif
