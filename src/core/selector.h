/* selector: the small query language widgets bind with (docs/LAYOUT.md).
 *
 *   node_load1
 *   node_filesystem_avail_bytes{mountpoint="/",fstype!="tmpfs"}
 *   rate(node_network_receive_bytes_total{device=~"en.*"}[30s])
 *   sum by (cpu) (rate(node_cpu_seconds_total{mode!="idle"}[10s]))
 *   sum avg max min count group stddev stdvar topk bottomk quantile, "by (label, ...)"
 *   functions over a range (rate, increase, delta, deriv, *_over_time, ...),
 *   element by element (abs, round, clamp, ...), histogram_quantile, absent, timestamp, time(),
 *   label_replace, label_join; x offset 5m
 *   arithmetic + - * / % ^, comparisons (filters, or 0/1 with `bool`), and/or/unless,
 *   vector matching with on()/ignoring() and group_left()/group_right()
 *
 * It is a subset of PromQL with the same meaning, so a layout made against
 * this machine reads the same against a Prometheus server. Counter resets are
 * handled in rate(); NaN and +-Inf pass through. Depends on core/store. */
#ifndef MAGI_CORE_SELECTOR_H
#define MAGI_CORE_SELECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/store.h"

struct selector;

/* Parses `text`. On error returns NULL and writes "column N: message" to err. */
struct selector *selector_parse(const char *text, char *err, size_t err_size);
void selector_free(struct selector *sel);
/* The text it was parsed from. */
const char *selector_text(const struct selector *sel);

struct sel_value {
    const char *labels_key; /* canonical {a="x"} of the result's labels ("" if none) */
    struct label *labels;
    int nlabels;
    double value;
    bool stale;             /* every series behind it is stale */
};

struct sel_result {
    struct sel_value *v;
    size_t n, cap;
    bool stale; /* no fresh data behind any value (or no series at all) */
    /* why the evaluation answered nothing, or "": matching that PromQL
     * refuses (many-to-many, a result's labels twice) */
    char error[200];
    /* internal storage; use sel_result_init/free */
    char *arena;
    size_t arena_used, arena_cap;
};

void sel_result_init(struct sel_result *r);
void sel_result_free(struct sel_result *r);

/* Evaluates at Unix time `at` (the newest sample at or before `at` per series;
 * rate() windows end at `at`). Caller holds the store's read lock. */
void selector_eval(const struct selector *sel, const struct store *s, double at,
                   struct sel_result *out);

/* Value of a label of one result element, or NULL. */
const char *sel_value_label(const struct sel_value *v, const char *name);

#endif
