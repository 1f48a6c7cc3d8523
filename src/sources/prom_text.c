/* prom_text: see prom_text.h.
 *
 * The parser walks the buffer line by line with memchr, decodes each line into
 * a scratch buffer sized up front for the worst case of that line (so pointers
 * into it stay valid), and parses plain decimal values without strtod when
 * the result is exact (Clinger's fast path: at most 15 digits, a power of ten
 * up to 22), which is most of what exporters send. */
#include "sources/prom_text.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define MAX_LABELS 128
#define DEFAULT_MAX_SERIES 100000
#define MAX_LABEL_VALUE (64 * 1024) /* sample_buf's string limit */

/* --- character classes ----------------------------------------------------- */

enum { C_NAME_START = 1, C_NAME = 2, C_LABEL_START = 4, C_LABEL = 8, C_BLANK = 16 };

static unsigned char cls[256];
static pthread_once_t cls_once = PTHREAD_ONCE_INIT;

static void init_classes_once(void)
{
    for (int c = 0; c < 256; c++) {
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        bool digit = c >= '0' && c <= '9';
        if (alpha || c == ':')
            cls[c] |= C_NAME_START;
        if (alpha || digit || c == ':')
            cls[c] |= C_NAME;
        if (alpha)
            cls[c] |= C_LABEL_START;
        if (alpha || digit)
            cls[c] |= C_LABEL;
        if (c == ' ' || c == '\t')
            cls[c] |= C_BLANK;
    }
}

static void init_classes(void) { pthread_once(&cls_once, init_classes_once); }

#define IS(c, k) (cls[(unsigned char)(c)] & (k))

/* --- values ------------------------------------------------------------------ */

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static bool ieq(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

bool prom_text_parse_value(const char *s, size_t len, double *out)
{
    if (len == 0)
        return false;
    const char *p = s, *end = s + len;
    bool neg = false;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    }
    size_t rest = (size_t)(end - p);
    /* words only when the text does not start like a number */
    bool digit_first = rest > 0 && ((*p >= '0' && *p <= '9') || *p == '.');
    if (!digit_first && (ieq(p, rest, "inf") || ieq(p, rest, "infinity"))) {
        *out = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (!digit_first && ieq(p, rest, "nan")) {
        *out = NAN;
        return true;
    }

    /* fast path */
    uint64_t mant = 0;
    int sig = 0, exp10 = 0, digits = 0;
    bool dot = false;
    const char *q = p;
    for (; q < end; q++) {
        char c = *q;
        if (c >= '0' && c <= '9') {
            digits++;
            if (mant == 0 && c == '0') {
                if (dot)
                    exp10--;
                continue;
            }
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(c - '0');
                sig++;
                if (dot)
                    exp10--;
            } else {
                sig = 99; /* too many digits for the fast path */
                if (!dot)
                    exp10++;
            }
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (digits > 0 && q < end && (*q == 'e' || *q == 'E')) {
        const char *e = q + 1;
        bool eneg = false;
        if (e < end && (*e == '+' || *e == '-')) {
            eneg = *e == '-';
            e++;
        }
        int ev = 0, ed = 0;
        while (e < end && *e >= '0' && *e <= '9') {
            if (ev < 100000)
                ev = ev * 10 + (*e - '0');
            e++;
            ed++;
        }
        if (ed > 0) {
            exp10 += eneg ? -ev : ev;
            q = e;
        }
    }
    if (digits > 0 && q == end && sig <= 15 && exp10 >= -22 && exp10 <= 22) {
        double v = (double)mant;
        v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
        *out = neg ? -v : v;
        return true;
    }

    /* slow path: strtod on a NUL-terminated copy, which must be used up */
    if (len > 1024)
        return false;
    char buf[1025];
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        /* strtod would skip blanks and accept "nan(...)": refuse both */
        if (c == ' ' || c == '\t' || c == '(' || c == '\0')
            return false;
        buf[i] = c;
    }
    buf[len] = 0;
    char *stop;
    double v = strtod(buf, &stop);
    if (stop != buf + len)
        return false;
    *out = v;
    return true;
}

int prom_text_format_value(char *buf, size_t size, double v)
{
    if (isnan(v))
        return snprintf(buf, size, "NaN");
    if (isinf(v))
        return snprintf(buf, size, v > 0 ? "+Inf" : "-Inf");
    if (v == 0)
        return snprintf(buf, size, signbit(v) ? "-0" : "0");
    /* Go's strconv 'g' with shortest precision: find the fewest digits that
     * read back exactly, then %e if the exponent is < -4 or >= 6 (Go uses 6
     * for the shortest form), else %f with just those digits. */
    char tmp[40];
    int p = 1;
    for (; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    const char *e = strchr(tmp, 'e');
    int exp = e ? atoi(e + 1) : 0;
    if (exp < -4 || exp >= 6)
        return snprintf(buf, size, "%.*e", p - 1, v);
    int decimals = p - 1 - exp;
    return snprintf(buf, size, "%.*f", decimals > 0 ? decimals : 0, v);
}

/* --- parser ------------------------------------------------------------------- */

struct parser {
    const char *line; /* current line (not NUL-terminated) */
    size_t lineno;
    char *scratch;
    size_t scratch_cap, used;
    char *err;
    size_t err_size;
    /* the family of the last # TYPE line */
    const char *fam;
    size_t fam_len;
    enum metric_type fam_type;
};

static bool fail(struct parser *ps, const char *msg)
{
    snprintf(ps->err, ps->err_size, "line %zu: %s", ps->lineno, msg);
    return false;
}

/* Appends one Unicode replacement character. */
static void put_fffd(struct parser *ps)
{
    ps->scratch[ps->used++] = (char)0xEF;
    ps->scratch[ps->used++] = (char)0xBF;
    ps->scratch[ps->used++] = (char)0xBD;
}

/* Copies text[0..n) to scratch, decoding escapes (\\ \n, and \" when
 * `quote`) and replacing invalid UTF-8; NUL-terminates. Returns the offset. */
static size_t put_text(struct parser *ps, const char *s, size_t n, bool quote)
{
    size_t off = ps->used;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned char c = *p;
        if (c == '\\' && p + 1 < end) {
            unsigned char d = p[1];
            if (d == '\\' || d == 'n' || (quote && d == '"')) {
                ps->scratch[ps->used++] = d == 'n' ? '\n' : (char)d;
                p += 2;
                continue;
            }
        }
        if (c < 0x80) {
            ps->scratch[ps->used++] = c ? (char)c : ' ';
            p++;
            continue;
        }
        /* core/utf8: each maximal ill-formed subpart becomes one U+FFFD */
        uint32_t cp;
        size_t l = utf8_decode((const char *)p, (size_t)(end - p), &cp);
        if (cp == UTF8_REPLACEMENT && !(l == 3 && memcmp(p, "\xEF\xBF\xBD", 3) == 0)) {
            put_fffd(ps);
        } else {
            memcpy(ps->scratch + ps->used, p, l);
            ps->used += l;
        }
        p += l;
    }
    ps->scratch[ps->used++] = 0;
    return off;
}

static size_t put_raw(struct parser *ps, const char *s, size_t n)
{
    size_t off = ps->used;
    memcpy(ps->scratch + ps->used, s, n);
    ps->used += n;
    ps->scratch[ps->used++] = 0;
    return off;
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && IS(*p, C_BLANK))
        p++;
    return p;
}

static const char *scan_name(const char *p, const char *end)
{
    if (p >= end || !IS(*p, C_NAME_START))
        return p;
    p++;
    while (p < end && IS(*p, C_NAME))
        p++;
    return p;
}

static bool parse_type_word(const char *w, size_t n, enum metric_type *t)
{
    static const struct {
        const char *word;
        enum metric_type type;
    } words[] = {{"counter", METRIC_COUNTER},     {"gauge", METRIC_GAUGE},
                 {"histogram", METRIC_HISTOGRAM}, {"summary", METRIC_SUMMARY},
                 {"untyped", METRIC_UNTYPED},     {"unknown", METRIC_UNTYPED},
                 /* OpenMetrics, from servers that send it whatever we ask for */
                 {"info", METRIC_GAUGE},          {"stateset", METRIC_GAUGE},
                 {"gaugehistogram", METRIC_HISTOGRAM}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].word) == n && memcmp(words[i].word, w, n) == 0) {
            *t = words[i].type;
            return true;
        }
    return false;
}

static bool parse_comment(struct parser *ps, const char *p, const char *end,
                          struct sample_buf *out)
{
    p = skip_blanks(p + 1, end);
    bool help = end - p > 4 && memcmp(p, "HELP", 4) == 0 && IS(p[4], C_BLANK);
    bool type = end - p > 4 && memcmp(p, "TYPE", 4) == 0 && IS(p[4], C_BLANK);
    if (!help && !type)
        return true; /* any other comment */
    p = skip_blanks(p + 4, end);
    const char *name = p;
    p = scan_name(p, end);
    if (p == name || (p < end && !IS(*p, C_BLANK)))
        return fail(ps, help ? "invalid metric name in HELP" : "invalid metric name in TYPE");
    size_t name_len = (size_t)(p - name);
    p = skip_blanks(p, end);
    if (help) {
        ps->used = 0;
        size_t n = put_raw(ps, name, name_len);
        size_t h = put_text(ps, p, (size_t)(end - p), false);
        sample_buf_set_help(out, ps->scratch + n, ps->scratch + h);
        return true;
    }
    enum metric_type t;
    if (!parse_type_word(p, (size_t)(end - p), &t))
        return fail(ps, "unknown metric type");
    ps->fam = name;
    ps->fam_len = name_len;
    ps->fam_type = t;
    return true;
}

static bool has_suffix(const char *name, size_t n, const char *fam, size_t fn, const char *suf)
{
    size_t sl = strlen(suf);
    return n == fn + sl && memcmp(name, fam, fn) == 0 && memcmp(name + fn, suf, sl) == 0;
}

static enum metric_type type_of(const struct parser *ps, const char *name, size_t n)
{
    if (!ps->fam)
        return METRIC_UNTYPED;
    const char *f = ps->fam;
    size_t fn = ps->fam_len;
    bool same = n == fn && memcmp(name, f, n) == 0;
    switch (ps->fam_type) {
    case METRIC_HISTOGRAM:
        if (has_suffix(name, n, f, fn, "_bucket") || has_suffix(name, n, f, fn, "_sum") ||
            has_suffix(name, n, f, fn, "_count"))
            return METRIC_HISTOGRAM;
        break;
    case METRIC_SUMMARY:
        if (same || has_suffix(name, n, f, fn, "_sum") || has_suffix(name, n, f, fn, "_count"))
            return METRIC_SUMMARY;
        break;
    case METRIC_COUNTER:
        if (same || has_suffix(name, n, f, fn, "_total"))
            return METRIC_COUNTER;
        break;
    default:
        if (same)
            return ps->fam_type;
        break;
    }
    return METRIC_UNTYPED;
}

static bool parse_sample(struct parser *ps, const char *p, const char *end,
                         struct sample_buf *out, const struct prom_text_opts *o)
{
    const char *name = p;
    p = scan_name(p, end);
    if (p == name)
        return fail(ps, "expected a metric name");
    size_t name_len = (size_t)(p - name);
    ps->used = 0;
    size_t name_off = put_raw(ps, name, name_len);

    size_t lab_off[2 * MAX_LABELS];
    int nl = 0;
    const char *name_end = p;
    p = skip_blanks(p, end);
    bool blank = p > name_end;
    if (p < end && *p == '{') {
        p = skip_blanks(p + 1, end);
        while (p < end && *p != '}') {
            const char *ln = p;
            if (!IS(*p, C_LABEL_START))
                return fail(ps, "expected a label name");
            while (p < end && IS(*p, C_LABEL))
                p++;
            const char *ln_end = p;
            p = skip_blanks(p, end);
            if (p >= end || *p != '=')
                return fail(ps, "expected '=' after a label name");
            p = skip_blanks(p + 1, end);
            if (p >= end || *p != '"')
                return fail(ps, "expected '\"' to start a label value");
            const char *v = ++p;
            while (p < end && *p != '"') {
                if (*p == '\\' && p + 1 < end)
                    p++;
                p++;
            }
            if (p >= end)
                return fail(ps, "unterminated label value");
            if (nl == MAX_LABELS)
                return fail(ps, "more than 128 labels");
            if (p - v > MAX_LABEL_VALUE)
                return fail(ps, "label value longer than 64 KiB");
            lab_off[2 * nl] = put_raw(ps, ln, (size_t)(ln_end - ln));
            lab_off[2 * nl + 1] = put_text(ps, v, (size_t)(p - v), true);
            for (int i = 0; i < nl; i++)
                if (strcmp(ps->scratch + lab_off[2 * i], ps->scratch + lab_off[2 * nl]) == 0)
                    return fail(ps, "duplicate label name");
            nl++;
            p = skip_blanks(p + 1, end);
            if (p < end && *p == ',')
                p = skip_blanks(p + 1, end);
            else if (p < end && *p != '}')
                return fail(ps, "expected ',' or '}' after a label value");
        }
        if (p >= end)
            return fail(ps, "unterminated label set");
        const char *after = ++p;
        p = skip_blanks(p, end);
        blank = p > after;
    }
    if (!blank && p < end)
        return fail(ps, "expected a blank before the value");
    const char *val = p;
    while (p < end && !IS(*p, C_BLANK))
        p++;
    double v;
    if (p == val)
        return fail(ps, "missing value");
    if (!prom_text_parse_value(val, (size_t)(p - val), &v))
        return fail(ps, "invalid value");
    double ts = 0;
    p = skip_blanks(p, end);
    if (p < end && *p != '#') {
        bool neg = *p == '-';
        if (neg)
            p++;
        int64_t ms = 0;
        const char *digits = p;
        while (p < end && *p >= '0' && *p <= '9') {
            if (ms > (INT64_MAX - 9) / 10)
                return fail(ps, "timestamp out of range");
            ms = ms * 10 + (*p - '0');
            p++;
        }
        if (p == digits || (p < end && !IS(*p, C_BLANK)))
            return fail(ps, "invalid timestamp");
        p = skip_blanks(p, end);
        if (p < end && *p != '#')
            return fail(ps, "unexpected text after the timestamp");
        ts = (double)(neg ? -ms : ms) / 1000.0;
        if (ts == 0) /* 0 means "now" to the store; the epoch itself is no real reading */
            ts = 1e-3;
    }

    const char *labels[2 * (MAX_LABELS + 8)];
    for (int i = 0; i < 2 * nl; i++)
        labels[i] = ps->scratch + lab_off[i];
    int total = nl;
    for (int i = 0; i < o->extra_label_count && i < 8; i++) {
        labels[2 * total] = o->extra_labels[2 * i];
        labels[2 * total + 1] = o->extra_labels[2 * i + 1];
        total++; /* sample_buf_add keeps the first of repeated names: ours lose */
    }
    if (!sample_buf_add(out, ps->scratch + name_off, labels, total, type_of(ps, name, name_len),
                        v, ts))
        return fail(ps, "sample too large for the buffer");
    return true;
}

bool prom_text_parse(const char *text, size_t len, struct sample_buf *out,
                     const struct prom_text_opts *opts, char *err, size_t err_size)
{
    init_classes();
    struct prom_text_opts o = opts ? *opts : (struct prom_text_opts){0};
    size_t max_series = o.max_series ? o.max_series : DEFAULT_MAX_SERIES;
    struct parser ps = {.err = err, .err_size = err_size};
    size_t start_count = sample_buf_count(out);
    bool ok = true;
    size_t pos = 0;
    while (pos < len) {
        ps.lineno++;
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        const char *end = nl ? nl : text + len;
        pos = nl ? (size_t)(nl - text) + 1 : len;
        if ((size_t)(end - line) > PROM_TEXT_MAX_LINE) {
            ok = fail(&ps, "line longer than 1 MiB");
            break;
        }
        if (end > line && end[-1] == '\r')
            end--;
        while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        const char *p = skip_blanks(line, end);
        if (p == end)
            continue;
        /* worst case: every byte becomes U+FFFD, plus NULs */
        size_t need = 3 * (size_t)(end - p) + 2 * MAX_LABELS + 16;
        if (need > ps.scratch_cap) {
            free(ps.scratch);
            ps.scratch_cap = need < 4096 ? 4096 : need;
            ps.scratch = malloc(ps.scratch_cap);
            if (!ps.scratch)
                abort();
        }
        ps.line = p;
        if (*p == '#') {
            if (!(ok = parse_comment(&ps, p, end, out)))
                break;
            continue;
        }
        if (sample_buf_count(out) - start_count >= max_series) {
            char msg[96];
            snprintf(msg, sizeof msg, "more than %zu series", max_series);
            ok = fail(&ps, msg);
            break;
        }
        if (!(ok = parse_sample(&ps, p, end, out, &o)))
            break;
    }
    free(ps.scratch);
    return ok;
}

/* --- writer ------------------------------------------------------------------- */

/* The family a series belongs to: histogram and summary parts share one. */
static size_t family_len(const struct series *se)
{
    size_t n = strlen(se->name);
    static const char *const hist[] = {"_bucket", "_sum", "_count"};
    int first = se->type == METRIC_HISTOGRAM ? 0 : se->type == METRIC_SUMMARY ? 1 : 3;
    for (int i = first; i < 3; i++) {
        size_t l = strlen(hist[i]);
        if (n > l && strcmp(se->name + n - l, hist[i]) == 0)
            return n - l;
    }
    return n;
}

static int cmp_label_value(const char *name, const char *a, const char *b)
{
    /* numeric order for bucket bounds and quantiles, so +Inf comes last */
    if (strcmp(name, "le") == 0 || strcmp(name, "quantile") == 0) {
        double x, y;
        if (prom_text_parse_value(a, strlen(a), &x) && prom_text_parse_value(b, strlen(b), &y) &&
            x != y)
            return x < y ? -1 : 1;
    }
    return strcmp(a, b);
}

static int cmp_series(const void *pa, const void *pb)
{
    const struct series *a = *(const struct series *const *)pa;
    const struct series *b = *(const struct series *const *)pb;
    size_t fa = family_len(a), fb = family_len(b);
    size_t m = fa < fb ? fa : fb;
    int c = memcmp(a->name, b->name, m);
    if (c == 0 && fa != fb)
        c = fa < fb ? -1 : 1;
    if (c)
        return c;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    /* within a family: by the labels other than le/quantile, then the part
     * (_bucket, _sum, _count), then le/quantile, as Prometheus lays them out */
    int i = 0, j = 0;
    for (;;) {
        while (i < a->nlabels &&
               (!strcmp(a->labels[i].name, "le") || !strcmp(a->labels[i].name, "quantile")))
            i++;
        while (j < b->nlabels &&
               (!strcmp(b->labels[j].name, "le") || !strcmp(b->labels[j].name, "quantile")))
            j++;
        if (i == a->nlabels || j == b->nlabels) {
            if (i != a->nlabels || j != b->nlabels)
                return i == a->nlabels ? -1 : 1;
            break;
        }
        c = strcmp(a->labels[i].name, b->labels[j].name);
        if (c)
            return c;
        c = strcmp(a->labels[i].value, b->labels[j].value);
        if (c)
            return c;
        i++;
        j++;
    }
    c = strcmp(a->name + fa, b->name + fb);
    if (c) {
        /* "" (summary quantiles) < _bucket < _sum < _count */
        static const char *const order[] = {"", "_bucket", "_sum", "_count"};
        int oa = 4, ob = 4;
        for (int k = 0; k < 4; k++) {
            if (!strcmp(a->name + fa, order[k]))
                oa = k;
            if (!strcmp(b->name + fb, order[k]))
                ob = k;
        }
        return oa != ob ? (oa < ob ? -1 : 1) : c;
    }
    const char *la = series_label(a, "le") ? series_label(a, "le") : series_label(a, "quantile");
    const char *lb = series_label(b, "le") ? series_label(b, "le") : series_label(b, "quantile");
    if (la && lb)
        return cmp_label_value(series_label(a, "le") ? "le" : "quantile", la, lb);
    return strcmp(a->key, b->key);
}

static void write_escaped(FILE *out, const char *s, bool quote)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\\\", out);
        else if (*s == '\n')
            fputs("\\n", out);
        else if (quote && *s == '"')
            fputs("\\\"", out);
        else
            fputc(*s, out);
    }
}

void prom_text_write_store(FILE *out, const struct store *s)
{
    size_t n = store_series_count(s);
    const struct series **v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        abort();
    /* Ended series (a complete source stopped listing them) are history
     * only: selectors no longer see them, so neither does this listing. */
    size_t live = 0;
    for (size_t i = 0; i < n; i++) {
        const struct series *se = store_series_at(s, i);
        if (!se->ended)
            v[live++] = se;
    }
    n = live;
    qsort(v, n, sizeof *v, cmp_series);
    char fam[1024] = "";
    int fam_type = -1;
    for (size_t i = 0; i < n; i++) {
        const struct series *se = v[i];
        size_t fl = family_len(se);
        if (fl >= sizeof fam)
            fl = sizeof fam - 1;
        if (fam_type != (int)se->type || strncmp(fam, se->name, fl) != 0 || fam[fl] != 0) {
            memcpy(fam, se->name, fl);
            fam[fl] = 0;
            fam_type = (int)se->type;
            const char *help = store_help(s, fam);
            if (help) {
                fprintf(out, "# HELP %s ", fam);
                write_escaped(out, help, false);
                fputc('\n', out);
            }
            fprintf(out, "# TYPE %s %s\n", fam, metric_type_name(se->type));
        }
        double value = NAN;
        series_last(se, NULL, &value);
        prom_text_write_sample(out, se->name, se->labels, se->nlabels, value);
        fputc('\n', out);
    }
    free(v);
}

void prom_text_write_sample(FILE *out, const char *name, const struct label *labels, int n,
                            double value)
{
    fputs(name ? name : "", out);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(labels[i].name, "__name__") == 0)
            continue;
        fprintf(out, "%s%s=\"", k++ ? "," : "{", labels[i].name);
        write_escaped(out, labels[i].value, true);
        fputc('"', out);
    }
    if (k)
        fputc('}', out);
    else if (!name || !name[0])
        fputs("{}", out);
    char num[64];
    prom_text_format_value(num, sizeof num, value);
    fprintf(out, " %s", num);
}
