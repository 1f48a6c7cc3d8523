/* numfmt: how a widget writes its numbers (docs/LAYOUT.md "Number formats").
 *
 *   format = "%.1f %%";      printf with exactly one floating conversion
 *   format = "bytes";        binary prefixes: 33.9 GiB   ("bytes/s": MiB/s)
 *   format = "bytes_si";     decimal prefixes: 8.3 MB    ("bytes_si/s": MB/s)
 *   format = "si";           k, M, G, T, m, u before `unit` ("si", unit="b/s": 1.2 Gb/s)
 *   format = "GiB";          a fixed binary/decimal unit: 64.0 GiB (also "MB/s" ...)
 *   format = "percent";      0..100 -> 53 %   ("ratio": 0..1 -> 53 %)
 *   format = "duration";     seconds -> 04:17:33, 12D_04:17:33 past a day
 *   format = "number";       plain, 3 significant digits (the default)
 *   format = "int";          no decimals
 * with optional `decimals` (fixed digits after the point), `unit` (a suffix,
 * or the base unit of "si") and `scale` (multiplies first).
 *
 * A formatted value comes in two parts, the number and its unit, because the
 * motifs set them at different sizes. NaN is "---"; +-Inf "INF"/"-INF".
 * Depends on libc only. */
#ifndef MAGI_LAYOUT_NUMFMT_H
#define MAGI_LAYOUT_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

enum numfmt_kind {
    NUMFMT_NUMBER,
    NUMFMT_INT,
    NUMFMT_PRINTF,
    NUMFMT_SI,
    NUMFMT_BYTES,    /* IEC: KiB, MiB, ... */
    NUMFMT_BYTES_SI, /* kB, MB, ... */
    NUMFMT_FIXED,    /* a fixed unit: value / divisor */
    NUMFMT_PERCENT,
    NUMFMT_RATIO,
    NUMFMT_DURATION,
};

struct numfmt {
    enum numfmt_kind kind;
    int decimals;      /* -1 = automatic */
    double scale;      /* multiplies the value first; 0 = 1 */
    double divisor;    /* NUMFMT_FIXED */
    bool per_second;   /* "bytes/s" and friends append "/s" */
    char unit[24];     /* suffix (or si base unit, or the fixed unit's name) */
    char pattern[40];  /* NUMFMT_PRINTF */
};

/* Parses a format name or printf pattern; decimals < 0 = automatic, unit may
 * be NULL, scale 0 = 1. On error writes the reason to err. */
bool numfmt_parse(struct numfmt *f, const char *spec, int decimals, const char *unit,
                  double scale, char *err, size_t err_size);
/* The default format (NUMFMT_NUMBER, automatic decimals, no unit). */
void numfmt_default(struct numfmt *f);

/* Number and unit separately (either buffer may be NULL). */
void numfmt_parts(const struct numfmt *f, double v, char *num, size_t num_size, char *unit,
                  size_t unit_size);
/* "number unit" (single space; no space before nothing). Returns buf. */
const char *numfmt_format(const struct numfmt *f, double v, char *buf, size_t size);

#endif
