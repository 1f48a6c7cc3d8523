/* linux: this machine's /proc and /sys with node_exporter's metric names.
 * See linux.c and docs/SOURCES.md. */
#ifndef MAGI_SOURCES_LINUX_H
#define MAGI_SOURCES_LINUX_H

#include "sources/source.h"

extern const struct source_ops source_kind_linux;

/* Median CPU time of the calling thread for one poll of the linux source on
 * this machine (root "/"), in microseconds, after a warm-up: the
 * {"bench":"poll_linux","cpu_us":...} line of `magi --bench`. Negative if the
 * source cannot be created. */
double source_linux_bench_poll_us(void);

#endif
