/* numfmt: see numfmt.h. */
#include "layout/numfmt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void numfmt_default(struct numfmt *f)
{
    memset(f, 0, sizeof *f);
    f->kind = NUMFMT_NUMBER;
    f->decimals = -1;
}

/* Accepts exactly one conversion %[flags][width][.prec](f|F|e|E|g|G) and any
 * number of "%%"; anything else would let a layout crash the printf. */
static bool check_pattern(const char *p, char *err, size_t n)
{
    int conversions = 0;
    for (const char *s = p; *s; s++) {
        if (*s != '%')
            continue;
        if (s[1] == '%') {
            s++;
            continue;
        }
        s++;
        while (*s && strchr("-+ 0#", *s))
            s++;
        int digits = 0;
        while (isdigit((unsigned char)*s) && digits < 3) {
            s++;
            digits++;
        }
        if (*s == '.') {
            s++;
            digits = 0;
            while (isdigit((unsigned char)*s) && digits < 2) {
                s++;
                digits++;
            }
        }
        if (!*s || !strchr("fFeEgG", *s)) {
            snprintf(err, n, "bad conversion in format \"%s\" (use one of %%f %%e %%g, "
                             "e.g. \"%%.1f %%%%\")", p);
            return false;
        }
        conversions++;
    }
    if (conversions != 1) {
        snprintf(err, n, "format \"%s\" needs exactly one number conversion such as %%.1f",
                 p);
        return false;
    }
    return true;
}

struct fixed_unit {
    const char *name;
    double divisor;
};

static const struct fixed_unit fixed_units[] = {
    {"B", 1.0},       {"KiB", 1024.0},  {"MiB", 1048576.0}, {"GiB", 1073741824.0},
    {"TiB", 1099511627776.0},           {"PiB", 1125899906842624.0},
    {"kB", 1e3},      {"KB", 1e3},      {"MB", 1e6},        {"GB", 1e9},
    {"TB", 1e12},     {"PB", 1e15},     {"b", 0.125},       {"kb", 125.0},
    {"Mb", 125e3},    {"Gb", 125e6},
};

bool numfmt_parse(struct numfmt *f, const char *spec, int decimals, const char *unit,
                  double scale, char *err, size_t err_size)
{
    numfmt_default(f);
    f->decimals = decimals < 0 ? -1 : decimals;
    f->scale = scale;
    if (unit) {
        if (strlen(unit) >= sizeof f->unit) {
            snprintf(err, err_size, "unit \"%s\" is too long (at most %zu bytes)", unit,
                     sizeof f->unit - 1);
            return false;
        }
        snprintf(f->unit, sizeof f->unit, "%s", unit);
    }
    if (!spec || !*spec || strcmp(spec, "number") == 0)
        return true;
    if (strchr(spec, '%')) {
        if (strlen(spec) >= sizeof f->pattern) {
            snprintf(err, err_size, "format \"%s\" is too long", spec);
            return false;
        }
        if (!check_pattern(spec, err, err_size))
            return false;
        f->kind = NUMFMT_PRINTF;
        snprintf(f->pattern, sizeof f->pattern, "%s", spec);
        return true;
    }
    char base[32];
    snprintf(base, sizeof base, "%s", spec);
    size_t bl = strlen(base);
    if (bl > 2 && strcmp(base + bl - 2, "/s") == 0) {
        f->per_second = true;
        base[bl - 2] = 0;
    }
    static const struct {
        const char *name;
        enum numfmt_kind kind;
        bool rate_ok;
    } names[] = {
        {"int", NUMFMT_INT, false},         {"si", NUMFMT_SI, true},
        {"bytes", NUMFMT_BYTES, true},      {"bytes_si", NUMFMT_BYTES_SI, true},
        {"percent", NUMFMT_PERCENT, false}, {"ratio", NUMFMT_RATIO, false},
        {"duration", NUMFMT_DURATION, false},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(base, names[i].name) == 0) {
            if (f->per_second && !names[i].rate_ok)
                break;
            f->kind = names[i].kind;
            return true;
        }
    }
    for (size_t i = 0; i < sizeof fixed_units / sizeof fixed_units[0]; i++) {
        if (strcmp(base, fixed_units[i].name) == 0) {
            f->kind = NUMFMT_FIXED;
            f->divisor = fixed_units[i].divisor;
            if (!unit)
                snprintf(f->unit, sizeof f->unit, "%s", fixed_units[i].name);
            return true;
        }
    }
    snprintf(err, err_size,
             "unknown format \"%s\" (use number, int, si, bytes, bytes_si, percent, ratio, "
             "duration, a unit such as GiB or MB/s, or a printf pattern like \"%%.1f %%%%\")",
             spec);
    return false;
}

/* Digits after the point for about 3 significant digits. */
static int auto_decimals(double a)
{
    a = fabs(a);
    if (a >= 100.0 || a == 0.0)
        return 0;
    if (a >= 10.0)
        return 1;
    return 2;
}

static void put(char *dst, size_t n, const char *s)
{
    if (dst && n)
        snprintf(dst, n, "%s", s);
}

static void scaled(double v, int decimals, const char *prefix, const char *unit, bool per_s,
                   char *num, size_t nn, char *un, size_t un_n)
{
    char b[48];
    snprintf(b, sizeof b, "%.*f", decimals < 0 ? auto_decimals(v) : decimals, v);
    put(num, nn, b);
    snprintf(b, sizeof b, "%s%s%s", prefix, unit, per_s ? "/s" : "");
    put(un, un_n, b);
}

/* Picks the prefix so the mantissa is below `step` (1000 or 1024). */
static void prefixed(double v, double step, const char *const *prefixes, int np, int *idx,
                     double *mant)
{
    int i = 0;
    double m = v;
    while (fabs(m) >= step * 0.9995 && i < np - 1) {
        m /= step;
        i++;
    }
    *idx = i;
    *mant = m;
}

void numfmt_parts(const struct numfmt *f, double v, char *num, size_t nn, char *unit,
                  size_t un)
{
    if (f->scale != 0.0)
        v *= f->scale;
    if (isnan(v) || isinf(v)) {
        put(num, nn, isnan(v) ? "---" : (v > 0 ? "INF" : "-INF"));
        char b[40];
        switch (f->kind) {
        case NUMFMT_PERCENT:
        case NUMFMT_RATIO:
            put(unit, un, "%");
            return;
        case NUMFMT_BYTES:
        case NUMFMT_BYTES_SI:
            snprintf(b, sizeof b, "B%s", f->per_second ? "/s" : "");
            put(unit, un, b);
            return;
        default:
            put(unit, un, f->kind == NUMFMT_PRINTF ? "" : f->unit);
            return;
        }
    }
    char b[64];
    switch (f->kind) {
    case NUMFMT_NUMBER:
        scaled(v, f->decimals, "", f->unit, false, num, nn, unit, un);
        return;
    case NUMFMT_INT:
        scaled(v, 0, "", f->unit, false, num, nn, unit, un);
        return;
    case NUMFMT_PRINTF: {
        /* Split after the conversion so the unit can be set smaller. */
        const char *p = f->pattern;
        const char *conv = NULL;
        for (const char *s = p; *s; s++) {
            if (*s == '%' && s[1] == '%') {
                s++;
                continue;
            }
            if (*s == '%') {
                conv = s + 1;
                while (*conv && !strchr("fFeEgG", *conv))
                    conv++;
                break;
            }
        }
        char head[48], tail[48];
        size_t hl = conv ? (size_t)(conv - p) + 1 : strlen(p);
        if (hl >= sizeof head)
            hl = sizeof head - 1;
        memcpy(head, p, hl);
        head[hl] = 0;
        snprintf(tail, sizeof tail, "%s", conv ? conv + 1 : "");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(b, sizeof b, head, v);
#pragma GCC diagnostic pop
        put(num, nn, b);
        /* The tail is literal text with %% escapes. */
        char t[48];
        size_t j = 0;
        for (const char *s = tail; *s && j + 1 < sizeof t; s++) {
            if (*s == '%' && s[1] == '%')
                s++;
            t[j++] = *s;
        }
        t[j] = 0;
        char *ts = t;
        while (*ts == ' ')
            ts++;
        put(unit, un, ts);
        return;
    }
    case NUMFMT_SI: {
        static const char *const up[] = {"", "k", "M", "G", "T", "P", "E"};
        static const char *const down[] = {"", "m", "u", "n"};
        double m = v;
        const char *pre = "";
        if (v != 0.0 && fabs(v) < 0.9995) {
            int i = 0;
            while (fabs(m) < 0.9995 && i < 3) {
                m *= 1000.0;
                i++;
            }
            pre = down[i];
        } else {
            int i;
            prefixed(v, 1000.0, up, 7, &i, &m);
            pre = up[i];
        }
        scaled(m, f->decimals, pre, f->unit, f->per_second, num, nn, unit, un);
        return;
    }
    case NUMFMT_BYTES: {
        static const char *const p[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int i;
        double m;
        prefixed(v, 1024.0, p, 7, &i, &m);
        scaled(m, i == 0 && f->decimals < 0 ? 0 : f->decimals, p[i], "", f->per_second, num,
               nn, unit, un);
        return;
    }
    case NUMFMT_BYTES_SI: {
        static const char *const p[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        int i;
        double m;
        prefixed(v, 1000.0, p, 7, &i, &m);
        scaled(m, i == 0 && f->decimals < 0 ? 0 : f->decimals, p[i], "", f->per_second, num,
               nn, unit, un);
        return;
    }
    case NUMFMT_FIXED:
        scaled(v / f->divisor, f->decimals, "", f->unit, f->per_second, num, nn, unit, un);
        return;
    case NUMFMT_PERCENT:
    case NUMFMT_RATIO: {
        double p = f->kind == NUMFMT_RATIO ? v * 100.0 : v;
        int d = f->decimals < 0 ? (fabs(p) < 10.0 && p != 0.0 ? 1 : 0) : f->decimals;
        snprintf(b, sizeof b, "%.*f", d, p);
        put(num, nn, b);
        put(unit, un, "%");
        return;
    }
    case NUMFMT_DURATION: {
        double a = fabs(v);
        long long s = (long long)floor(a);
        if (s > 999LL * 86400)
            s = 999LL * 86400;
        long long d = s / 86400, h = (s / 3600) % 24, mi = (s / 60) % 60, se = s % 60;
        const char *sign = v < 0 ? "-" : "";
        if (d > 0)
            snprintf(b, sizeof b, "%s%lldD_%02lld:%02lld:%02lld", sign, d, h, mi, se);
        else
            snprintf(b, sizeof b, "%s%02lld:%02lld:%02lld", sign, h, mi, se);
        put(num, nn, b);
        put(unit, un, f->unit);
        return;
    }
    }
}

const char *numfmt_format(const struct numfmt *f, double v, char *buf, size_t size)
{
    char num[64], unit[32];
    numfmt_parts(f, v, num, sizeof num, unit, sizeof unit);
    if (unit[0])
        snprintf(buf, size, "%s %s", num, unit);
    else
        snprintf(buf, size, "%s", num);
    return buf;
}
