/* kinds: the source kinds built in src/sources/ by the sources engineer, for
 * the kind registry in source.c and for the benchmarks.
 *
 * Each kind lives in its own file (linux.c, demo.c, exec.c, jsonl.c, nvml.c)
 * and exports one `const struct source_ops`. Depends on sources/source.h. */
#ifndef MAGI_SOURCES_KINDS_H
#define MAGI_SOURCES_KINDS_H

#include "sources/source.h"

extern const struct source_ops source_linux_ops; /* "linux" */
extern const struct source_ops source_demo_ops;  /* "demo" */
extern const struct source_ops source_exec_ops;  /* "exec:CMD ARGS..." */
extern const struct source_ops source_jsonl_ops; /* "jsonl:PATH" or "jsonl:-" */
extern const struct source_ops source_nvml_ops;  /* "nvml" */

/* Median CPU time of the calling thread for one poll of the linux source on
 * this machine (root "/"), in microseconds, after a warm-up: the
 * {"bench":"poll_linux","cpu_us":...} line of `magi --bench`. Negative if the
 * source cannot be created. */
double source_linux_bench_poll_us(void);

#endif
