/* source_bench: the data layer's benchmarks, for `magi --bench`.
 *
 * Prints one JSON object per line, each with a "bench" key, measured in the
 * calling thread's CPU time (cpu_ms: the median of many runs; best_ms: the
 * fastest, the code's own cost when the machine is busy with other work):
 *
 *   {"bench":"parse_text","mb_per_s":...,"bytes":...}
 *       the text-format parser over ~8 MB of exporter-shaped lines
 *   {"bench":"parse_node_exporter","cpu_ms":...,"best_ms":...,"commit_ms":...,"samples":...,"bytes":...}
 *       one full node_exporter scrape (a 16-core server's, synthetic but shaped
 *       and sized like the real thing), parsed; and committed to a store
 *   {"bench":"promql_ingest_10k","cpu_ms":...,"best_ms":...,"bytes":...}
 *       a 10,000-sample /api/v1/query vector: JSON parse, samples, commit
 *   {"bench":"selector_eval","cpu_us":...,"series":...}
 *       sum by (cpu) (rate(node_cpu_seconds_total{mode!="idle"}[10s])) over
 *       16 CPUs with 60 s of 1 s history, the kind of binding a frame evaluates
 *
 * `seconds` bounds the whole run roughly (0 = 2 s). Depends on prom_text,
 * promql, core/store, core/selector. */
#ifndef MAGI_SOURCES_SOURCE_BENCH_H
#define MAGI_SOURCES_SOURCE_BENCH_H

#include <stdio.h>

void sources_bench(FILE *out, double seconds);

#endif
