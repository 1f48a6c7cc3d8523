/* prom_text: the Prometheus text exposition format (version 0.0.4), both ways.
 *
 * The parser reads a whole scrape into a sample_buf: # HELP and # TYPE lines,
 * escapes in label values (\\ \" \n) and HELP (\\ \n), NaN / +Inf / -Inf,
 * optional millisecond timestamps, histograms and summaries (the _bucket,
 * _sum and _count series carry the family's type), blank lines, comments,
 * trailing blanks and CRLF line ends; OpenMetrics exemplars (" # {...} v")
 * and type words are tolerated. Like Prometheus it rejects the whole
 * scrape on the first malformed line ("line N: message"), on a line over 1 MiB
 * and beyond `max_series` samples. Invalid UTF-8 in label values and HELP is
 * replaced by U+FFFD, so nothing downstream sees broken text.
 *
 * The writer prints the store as --list-metrics shows it: families sorted by
 * name, # HELP (when known) and # TYPE lines, escaped label values, values as
 * Prometheus spells them (NaN, +Inf, -Inf, shortest round-trip digits).
 *
 * Used by the scrape and exec sources and by --list-metrics. Depends on
 * core/store. */
#ifndef MAGI_SOURCES_PROM_TEXT_H
#define MAGI_SOURCES_PROM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/store.h"

#define PROM_TEXT_MAX_LINE (1024 * 1024)

struct prom_text_opts {
    size_t max_series; /* samples accepted in one scrape; 0 = 100000 */
    /* name/value pairs added to every sample that lacks that label (the
     * scrape source adds instance="host:port") */
    const char *const *extra_labels;
    int extra_label_count;
};

/* Parses `len` bytes of `text` (need not be NUL-terminated) and appends every
 * sample to `out`. On error returns false with a one-line reason in err;
 * `out` may then hold part of the scrape (callers discard it). */
bool prom_text_parse(const char *text, size_t len, struct sample_buf *out,
                     const struct prom_text_opts *opts, char *err, size_t err_size);

/* Parses a value as the format spells it (decimal, exponent, NaN, +Inf,
 * -Inf, Inf, case-insensitive). False if `s` (of `len` bytes) is not one. */
bool prom_text_parse_value(const char *s, size_t len, double *out);

/* Formats a value as Prometheus writes it: "NaN", "+Inf", "-Inf", else the
 * shortest digits that read back exactly, in Go's %g style (1e+06, 0.25).
 * Returns the length written. */
int prom_text_format_value(char *buf, size_t size, double v);

/* Writes one sample line, without its newline: `name{a="x",...} value`, the
 * labels escaped and any __name__ among them left out; a sample with neither
 * name nor labels is written `{} value`. */
void prom_text_write_sample(FILE *out, const char *name, const struct label *labels, int n,
                            double value);

/* Writes every series of the store that has not ended, newest value each
 * (caller holds the read lock). */
void prom_text_write_store(FILE *out, const struct store *s);

#endif
