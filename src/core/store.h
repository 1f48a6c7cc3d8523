/* store: the metric store, in the Prometheus data model.
 *
 * A series is a metric name plus a sorted label set, with a type (gauge,
 * counter, ...), the source that feeds it, and a bounded ring buffer of
 * (timestamp, value) samples. Memory is bounded: `history` samples per series
 * and at most `max_series_per_source` series per source.
 *
 * Threads: sources fill a sample_buf off-lock on their poller thread, then
 * store_commit() takes the write lock briefly. The main thread reads between
 * store_read_lock() and store_read_unlock() (selectors, --list-metrics), and
 * polls store_version() to know whether anything changed since last frame.
 *
 * A series that its source, still answering, has not had in a commit for 10
 * minutes (or 3 intervals if longer) is dropped, so label churn cannot fill
 * the cap for good; a failing source drops nothing (its series go stale and
 * keep their history).
 *
 * Timestamps are Unix seconds (double). NaN and +-Inf values are carried
 * through untouched. Depends on libc and pthreads only. */
#ifndef MAGI_CORE_STORE_H
#define MAGI_CORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum metric_type {
    METRIC_UNTYPED,
    METRIC_GAUGE,
    METRIC_COUNTER,
    METRIC_HISTOGRAM, /* the _bucket/_sum/_count series of a histogram */
    METRIC_SUMMARY,
};

/* "gauge", "counter", ... as in the text exposition format. */
const char *metric_type_name(enum metric_type t);

/* --- sample buffers: what one poll of a source produced -------------------- */

struct sample_buf;

struct sample_buf *sample_buf_create(void);
void sample_buf_destroy(struct sample_buf *b);
void sample_buf_reset(struct sample_buf *b);
/* Adds a sample. `labels` is `nlabels` name/value pairs (2*nlabels strings) in
 * any order; strings are copied. ts = 0 means "the commit time". Returns false
 * (and adds nothing) when the buffer's own limits are reached. */
bool sample_buf_add(struct sample_buf *b, const char *name, const char *const *labels,
                    int nlabels, enum metric_type type, double value, double ts);
/* Adds a sample of history fetched about the past (a Prometheus back-fill),
 * ts > 0 required. Unlike sample_buf_add's, it refreshes its series only as of
 * its own time, not the commit's: a series known only from history whose
 * newest sample is older than 3 intervals is stale right after the commit, as
 * it would be on a screen that had been polling all along. */
bool sample_buf_add_history(struct sample_buf *b, const char *name, const char *const *labels,
                            int nlabels, enum metric_type type, double value, double ts);
/* Optional HELP text for a metric name (kept for --list-metrics). */
void sample_buf_set_help(struct sample_buf *b, const char *name, const char *help);
size_t sample_buf_count(const struct sample_buf *b);

/* --- the store -------------------------------------------------------------- */

struct store_desc {
    int history;                /* samples kept per series; 0 = 512 */
    int max_series_per_source;  /* 0 = 100000 */
    /* Ring slots summed over one source's series; 0 = 4194304 (64 MiB). Rings
     * start small and grow towards `history` while this budget allows, so a
     * source with very many series keeps a shorter history per series. */
    long max_samples_per_source;
};

struct store;

struct store *store_create(const struct store_desc *desc);
void store_destroy(struct store *s);

/* Registers a source; returns its id (>= 0). `interval` (seconds) drives
 * staleness: a series not refreshed for 3 intervals is stale. */
int store_source_register(struct store *s, const char *name, double interval);
/* Declares that each successful poll of the source lists every series it has
 * now (a scrape, a Prometheus query), as Prometheus assumes of a scrape: a
 * series missing from a commit has ended (series.ended), and one known only
 * from history samples ended one interval after its newest sample. Default:
 * not complete (a stream may leave out a field for a while). */
void store_source_set_complete(struct store *s, int source_id, bool complete);

/* Publishes a poll's samples under the write lock, marks the source healthy
 * and bumps the version. Series the buffer would add beyond the per-source cap
 * are dropped and reported once in the source's error. */
void store_commit(struct store *s, int source_id, const struct sample_buf *b, double now);
/* Marks a source as failing with a one-line reason; its series go stale
 * naturally. Bumps the version. */
void store_source_fail(struct store *s, int source_id, const char *error, double now);

/* Changes whenever data or a source's status changes (atomic, lock-free). */
uint64_t store_version(const struct store *s);

/* --- reading (hold the read lock) ----------------------------------------- */

void store_read_lock(struct store *s);
void store_read_unlock(struct store *s);

struct label {
    const char *name;
    const char *value;
};

struct series {
    const char *name;
    const struct label *labels; /* sorted by name */
    int nlabels;
    const char *key;            /* canonical: name{a="x",b="y"} */
    enum metric_type type;
    int source_id;
    /* Unix seconds it was last refreshed: the time of the last commit that
     * gave it a current sample, or the newest history sample's own time if
     * that is later (sample_buf_add_history). Staleness counts from here. */
    double last_update;
    /* Unix seconds from which it is gone: its complete source, answering,
     * no longer lists it (store_source_set_complete); 0 = not ended. An
     * ended series is stale, and selectors evaluated at or after this time
     * do not see it (Prometheus's staleness marker); its history stays. */
    double ended;
    /* ring buffer, oldest first via series_sample() */
    size_t count;
};

size_t store_series_count(const struct store *s);
const struct series *store_series_at(const struct store *s, size_t i);
/* The series with this canonical key, or NULL. */
const struct series *store_series_find(const struct store *s, const char *key);
/* The series with this metric name (an index kept by the store, so selectors
 * need not scan every series): sets *out to an array of *count pointers, valid
 * until the read lock is released. */
void store_series_by_name(const struct store *s, const char *name,
                          const struct series *const **out, size_t *count);

/* i-th sample, 0 = oldest, count-1 = newest. */
void series_sample(const struct series *se, size_t i, double *ts, double *value);
/* Newest sample; false if the series has none. */
bool series_last(const struct series *se, double *ts, double *value);
/* Value of the label, or NULL. */
const char *series_label(const struct series *se, const char *name);
/* Stale: not refreshed for 3 of its source's intervals before `now`, or
 * ended by then. */
bool store_series_stale(const struct store *s, const struct series *se, double now);

struct source_status {
    const char *name;
    double interval;
    bool ok;             /* last poll succeeded */
    double last_ok;      /* Unix seconds, 0 = never */
    const char *error;   /* last error, "" if none */
    size_t series;       /* series owned */
};
size_t store_source_count(const struct store *s);
bool store_source_status(const struct store *s, int id, struct source_status *out);
/* HELP text recorded for a metric name, or NULL. */
const char *store_help(const struct store *s, const char *name);

#endif
