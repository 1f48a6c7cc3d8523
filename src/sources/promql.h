/* promql: the `promql:URL` source, a Prometheus server's query API (see
 * promql.c). The ingest and naming functions are exposed for tests and
 * benchmarks. */
#ifndef MAGI_SOURCES_PROMQL_H
#define MAGI_SOURCES_PROMQL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/store.h"
#include "sources/source.h"

extern const struct source_ops source_kind_promql;

/* Turns one /api/v1/query or /api/v1/query_range response body into samples.
 * Results without __name__ are named `default_name`. Vector and scalar values
 * get ts 0 (the commit time) unless `keep_ts`; matrix values keep their own
 * times, and with `max_ts` > 0 (a back-fill) those after it are dropped and
 * the others are history samples (sample_buf_add_history). An API error
 * becomes "errorType: error" as Prometheus wrote it. */
bool promql_ingest(const char *json, size_t len, const char *default_name, bool keep_ts,
                   double max_ts, struct sample_buf *out, char *err, size_t err_size);

/* A metric name made from a query: each run of characters a name may not
 * hold becomes one '_', trimmed ("sum(rate(x[1m]))" -> "sum_rate_x_1m"). */
void promql_name_from_query(const char *query, char *out, size_t size);

#endif
