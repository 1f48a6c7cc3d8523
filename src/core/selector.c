/* selector: see selector.h and docs/SELECTORS.md.
 *
 * A recursive-descent parser builds a small tree; evaluation walks it
 * producing vectors of (labels, value, stale) whose label strings point into
 * the store (valid under its read lock) or into the tree, then copies the
 * final vector into the caller's sel_result arena. rate(), irate() and
 * increase() follow Prometheus exactly: counter resets, extrapolation to the
 * window edges, a window open at its start and closed at its end. */
#include "core/selector.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DEPTH 64
#define MAX_GROUP_LABELS 32

/* --- the tree ------------------------------------------------------------------ */

enum node_kind { N_NUM, N_SEL, N_FUNC, N_AGG, N_BIN, N_NEG, N_LABELFN };
enum match_op { M_EQ, M_NE, M_RE, M_NRE };
enum func {
    /* over a range x[5m] */
    F_RATE, F_IRATE, F_INCREASE, F_DELTA, F_IDELTA, F_DERIV, F_CHANGES, F_RESETS,
    F_AVG_OT, F_MIN_OT, F_MAX_OT, F_SUM_OT, F_COUNT_OT, F_LAST_OT, F_PRESENT_OT,
    F_STDDEV_OT, F_STDVAR_OT, F_QUANTILE_OT, F_PREDICT_LINEAR, F_HOLT_WINTERS,
    /* element by element */
    F_ABS, F_CEIL, F_FLOOR, F_ROUND, F_SQRT, F_EXP, F_LN, F_LOG2, F_LOG10, F_SGN,
    F_CLAMP, F_CLAMP_MIN, F_CLAMP_MAX,
    /* element by element, the values read as Unix times (or now) */
    F_DAY_OF_MONTH, F_DAY_OF_WEEK, F_DAY_OF_YEAR, F_DAYS_IN_MONTH, F_HOUR, F_MINUTE,
    F_MONTH, F_YEAR,
    /* the rest */
    F_HISTOGRAM_QUANTILE, F_TIME, F_VECTOR, F_SCALAR, F_ABSENT, F_TIMESTAMP
};
enum agg {
    A_SUM, A_AVG, A_MAX, A_MIN, A_COUNT, A_GROUP, A_STDDEV, A_STDVAR,
    A_TOPK, A_BOTTOMK, A_QUANTILE /* these three take a number first */
};
/* binary operators (precedence: binop_at); is_comparison and is_set_op test
 * ranges of this order */
enum binop {
    B_ADD, B_SUB, B_MUL, B_DIV, B_MOD, B_POW,
    B_EQ, B_NE, B_GT, B_LT, B_GE, B_LE,
    B_AND, B_OR, B_UNLESS
};
/* how the two sides of a vector operation pair up */
enum card { C_ONE_TO_ONE, C_MANY_TO_ONE /* group_left */, C_ONE_TO_MANY /* group_right */ };

struct matcher {
    char *name;
    char *value;
    enum match_op op;
    regex_t re;
};

struct node {
    enum node_kind kind;
    int col; /* 1-based, for messages */
    double num;
    /* N_SEL */
    char *name; /* NULL: matchers only */
    struct matcher *m;
    int nm;
    double range; /* seconds; 0 = instant */
    double offset; /* seconds back in time (offset 5m) */
    /* N_FUNC, N_AGG: `a` is the vector (or range) argument; `args` the
     * number arguments (clamp's bounds, round's step, topk's k, the
     * quantile), in the order written */
    struct node *args[2];
    int nargs;
    /* N_LABELFN: label_replace(a, dst, replacement, src, regex) or
     * label_join(a, dst, separator, src...): the strings, and the regex */
    bool join;
    char **strs;
    int nstrs;
    bool re_set;
    regex_t re;
    enum func fn;
    enum agg agg;
    bool without;
    char **group;
    int ngroup;
    /* N_BIN */
    enum binop op;
    bool ret_bool;  /* comparison with `bool`: 0/1 instead of a filter */
    bool matching;  /* an on()/ignoring() clause was written */
    bool on;        /* on(match...) rather than ignoring(match...) */
    char **match;
    int nmatch;
    enum card card;
    char **incl;    /* group_left/group_right(incl...): labels taken from the "one" side */
    int nincl;
    struct node *a, *b;
};

struct selector {
    char *text;
    struct node *root;
};

static void node_free(struct node *n)
{
    if (!n)
        return;
    free(n->name);
    for (int i = 0; i < n->nm; i++) {
        free(n->m[i].name);
        free(n->m[i].value);
        if (n->m[i].op == M_RE || n->m[i].op == M_NRE)
            regfree(&n->m[i].re);
    }
    free(n->m);
    for (int i = 0; i < n->ngroup; i++)
        free(n->group[i]);
    free(n->group);
    for (int i = 0; i < n->nmatch; i++)
        free(n->match[i]);
    free(n->match);
    for (int i = 0; i < n->nincl; i++)
        free(n->incl[i]);
    free(n->incl);
    node_free(n->a);
    node_free(n->b);
    for (int i = 0; i < n->nargs; i++)
        node_free(n->args[i]);
    for (int i = 0; i < n->nstrs; i++)
        free(n->strs[i]);
    free(n->strs);
    if (n->re_set)
        regfree(&n->re);
    free(n);
}

/* --- lexer ---------------------------------------------------------------------- */

enum tok {
    T_EOF, T_IDENT, T_NUM, T_STR, T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK,
    T_COMMA, T_EQ, T_NE, T_RE, T_NRE, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT, T_CARET,
    T_EQEQ, T_GT, T_LT, T_GE, T_LE, T_BAD
};

struct parser {
    const char *src;
    size_t pos;
    /* current token */
    enum tok t;
    size_t start, len;
    double num;
    char *str; /* decoded T_STR */
    char *err;
    size_t err_size;
    bool failed;
    int depth;
};

static bool perr(struct parser *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool perr(struct parser *p, size_t at, const char *fmt, ...)
{
    if (p->failed)
        return false;
    p->failed = true;
    int n = snprintf(p->err, p->err_size, "column %zu: ", at + 1);
    if (n >= 0 && (size_t)n < p->err_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool is_name_start(int c) { return isalpha(c) || c == '_' || c == ':'; }
static bool is_name_char(int c) { return isalnum(c) || c == '_' || c == ':'; }

/* Decodes a quoted string at p->pos (the opening quote). */
static bool lex_string(struct parser *p)
{
    const char *s = p->src;
    size_t i = p->pos;
    char q = s[i++];
    size_t cap = 16, n = 0;
    char *out = malloc(cap);
    if (!out)
        abort();
    for (;;) {
        char c = s[i];
        if (!c) {
            free(out);
            return perr(p, p->pos, "unterminated string");
        }
        i++;
        if (c == q)
            break;
        if (c == '\\' && q != '`') {
            char e = s[i++];
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '\\': c = '\\'; break;
            case '"': c = '"'; break;
            case '\'': c = '\''; break;
            default:
                free(out);
                return perr(p, i - 2, "unknown escape sequence \\%c in string",
                            e ? e : ' ');
            }
        }
        if (n + 2 > cap) {
            cap *= 2;
            out = realloc(out, cap);
            if (!out)
                abort();
        }
        out[n++] = c;
    }
    out[n] = 0;
    free(p->str);
    p->str = out;
    p->t = T_STR;
    p->len = i - p->start;
    p->pos = i;
    return true;
}

static bool next(struct parser *p)
{
    const char *s = p->src;
    while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\n' || s[p->pos] == '\r')
        p->pos++;
    p->start = p->pos;
    char c = s[p->pos];
    if (!c) {
        p->t = T_EOF;
        p->len = 0;
        return true;
    }
    if (is_name_start((unsigned char)c)) {
        size_t i = p->pos + 1;
        while (is_name_char((unsigned char)s[i]))
            i++;
        p->len = i - p->pos;
        p->pos = i;
        p->t = T_IDENT;
        /* Inf and NaN are numbers, in any case, as in PromQL */
        if (p->len == 3 && (strncasecmp(s + p->start, "inf", 3) == 0 ||
                            strncasecmp(s + p->start, "nan", 3) == 0)) {
            p->t = T_NUM;
            p->num = tolower((unsigned char)s[p->start]) == 'i' ? INFINITY : NAN;
        }
        return true;
    }
    if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)s[p->pos + 1]))) {
        char *end;
        p->num = strtod(s + p->pos, &end);
        /* strtod reads "0x1p3" and "1e5"; a duration such as 5m is not a number */
        size_t i = (size_t)(end - s);
        if (is_name_char((unsigned char)s[i]))
            return perr(p, p->pos, "bad number or duration syntax");
        p->len = i - p->pos;
        p->pos = i;
        p->t = T_NUM;
        return true;
    }
    if (c == '"' || c == '\'' || c == '`')
        return lex_string(p);
    p->pos++;
    p->len = 1;
    char d = s[p->pos];
    switch (c) {
    case '{': p->t = T_LBRACE; break;
    case '}': p->t = T_RBRACE; break;
    case '(': p->t = T_LPAREN; break;
    case ')': p->t = T_RPAREN; break;
    case '[': p->t = T_LBRACK; break;
    case ']': p->t = T_RBRACK; break;
    case ',': p->t = T_COMMA; break;
    case '+': p->t = T_PLUS; break;
    case '-': p->t = T_MINUS; break;
    case '*': p->t = T_STAR; break;
    case '/': p->t = T_SLASH; break;
    case '%': p->t = T_PERCENT; break;
    case '^': p->t = T_CARET; break;
    case '>':
    case '<':
        p->t = c == '>' ? (d == '=' ? T_GE : T_GT) : (d == '=' ? T_LE : T_LT);
        if (d == '=') {
            p->pos++;
            p->len = 2;
        }
        break;
    case '=':
        if (d == '~' || d == '=') {
            p->t = d == '~' ? T_RE : T_EQEQ;
            p->pos++;
            p->len = 2;
        } else {
            p->t = T_EQ;
        }
        break;
    case '!':
        if (d == '=' || d == '~') {
            p->t = d == '=' ? T_NE : T_NRE;
            p->pos++;
            p->len = 2;
            break;
        }
        return perr(p, p->start, "unexpected character '!'");
    default:
        if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
            return perr(p, p->start, "unexpected character 0x%02x", (unsigned char)c);
        return perr(p, p->start, "unexpected character '%c'", c);
    }
    return true;
}

static bool tok_is_word(const struct parser *p, const char *w)
{
    return p->t == T_IDENT && strlen(w) == p->len && strncmp(p->src + p->start, w, p->len) == 0;
}

static char *tok_dup(const struct parser *p)
{
    char *s = strndup(p->src + p->start, p->len);
    if (!s)
        abort();
    return s;
}

static bool expect(struct parser *p, enum tok t, const char *what)
{
    if (p->t != t) {
        if (p->t == T_EOF)
            return perr(p, p->start, "expected %s, found the end", what);
        return perr(p, p->start, "expected %s, found \"%.*s\"", what, (int)p->len,
                    p->src + p->start);
    }
    return next(p);
}

static struct node *new_node(enum node_kind k, size_t col)
{
    struct node *n = calloc(1, sizeof *n);
    if (!n)
        abort();
    n->kind = k;
    n->col = (int)col + 1;
    return n;
}

/* --- parser ----------------------------------------------------------------------- */

static struct node *parse_expr(struct parser *p);

/* 30s, 1m30s, 500ms read from the source at p->pos (the lexer would take
 * "30s" for a bad number); on success p->pos is after it and the next
 * token is read. Returns seconds, 0 on error. */
static double read_duration(struct parser *p)
{
    size_t i = p->pos;
    while (p->src[i] == ' ')
        i++;
    size_t start = i;
    double total = 0;
    bool any = false;
    static const struct {
        const char *u;
        double s;
    } units[] = {{"ms", 0.001}, {"s", 1},      {"m", 60},        {"h", 3600},
                 {"d", 86400},  {"w", 604800}, {"y", 31536000}};
    while (isdigit((unsigned char)p->src[i])) {
        double v = 0;
        while (isdigit((unsigned char)p->src[i]))
            v = v * 10 + (p->src[i++] - '0');
        size_t k = 0;
        for (; k < sizeof units / sizeof units[0]; k++) {
            size_t ul = strlen(units[k].u);
            if (strncmp(p->src + i, units[k].u, ul) == 0 &&
                !isalpha((unsigned char)p->src[i + ul])) {
                i += ul;
                break;
            }
        }
        if (k == sizeof units / sizeof units[0]) {
            if (isalpha((unsigned char)p->src[i]))
                return perr(p, i, "unknown duration unit"), 0;
            total += v; /* a bare number is seconds */
            any = true;
            break;
        }
        total += v * units[k].s;
        any = true;
    }
    if (!any || total <= 0)
        return perr(p, start, "expected a duration such as 30s or 5m"), 0;
    p->pos = i;
    if (!next(p))
        return 0;
    return total;
}

/* [30s], [1m30s], [500ms] at '[': returns seconds, 0 on error. */
static double parse_duration(struct parser *p)
{
    double total = read_duration(p);
    if (total <= 0)
        return 0;
    if (p->t != T_RBRACK)
        return expect(p, T_RBRACK, "']'"), 0;
    if (!next(p))
        return 0;
    return total;
}

/* Index of the ']' closing the bracket expression that opens at re[i] (or n). */
static size_t bracket_end(const char *re, size_t i, size_t n)
{
    size_t j = i + 1;
    if (j < n && re[j] == '^')
        j++;
    if (j < n && re[j] == ']')
        j++;
    while (j < n && re[j] != ']') {
        if (re[j] == '[' && j + 1 < n && (re[j + 1] == ':' || re[j + 1] == '.' || re[j + 1] == '=')) {
            char close = re[j + 1];
            size_t k = j + 2;
            while (k + 1 < n && !(re[k] == close && re[k + 1] == ']'))
                k++;
            j = k + 1 < n ? k + 2 : n;
            continue;
        }
        j++;
    }
    return j;
}

/* If re[i] starts a repetition operator, its count (1 for * + ?, the upper
 * bound for {n,m}; -1 if over 1000) and *end after it; 0 if none. */
static long quantifier(const char *re, size_t i, size_t n, size_t *end)
{
    char c = i < n ? re[i] : 0;
    if (c == '*' || c == '+' || c == '?') {
        *end = i + 1;
        return 1;
    }
    if (c != '{')
        return 0;
    size_t j = i + 1;
    long lo = 0, hi;
    while (j < n && isdigit((unsigned char)re[j]) && lo <= 100000)
        lo = lo * 10 + (re[j++] - '0');
    hi = lo;
    if (j < n && re[j] == ',') {
        j++;
        if (j < n && isdigit((unsigned char)re[j])) {
            hi = 0;
            while (j < n && isdigit((unsigned char)re[j]) && hi <= 100000)
                hi = hi * 10 + (re[j++] - '0');
        }
    }
    while (j < n && re[j] != '}')
        j++;
    *end = j < n ? j + 1 : n;
    if (lo > 1000 || hi > 1000)
        return -1;
    return hi > 1 ? hi : 1;
}

/* glibc's regcomp expands counted repetitions and can take gigabytes on a
 * short pattern ("(a{1000}){1000}", "i+++++..."). PromQL's RE2 refuses such
 * patterns too, so refuse them the same way: a repetition operator right
 * after another, a count over 1000, or nested counts whose product is over
 * 1000. Returns NULL if the pattern is acceptable, else the reason. */
static const char *regex_unsafe(const char *re)
{
    size_t n = strlen(re);
    if (n > 16384)
        return "regular expression longer than 16384 bytes";
    enum { MAX_NEST = 64 };
    /* pass 1: the count after each group, keyed by the group's '(' position */
    long *gcount = calloc(n + 1, sizeof *gcount);
    size_t open[MAX_NEST];
    int depth = 0;
    const char *why = NULL;
    bool after_quant = false;
    for (size_t i = 0; i < n && !why;) {
        size_t end;
        long q = quantifier(re, i, n, &end);
        if (q != 0) {
            if (after_quant)
                why = "invalid nested repetition operator";
            else if (q < 0)
                why = "repetition count over 1000";
            after_quant = true;
            i = end;
            continue;
        }
        after_quant = false;
        if (re[i] == '\\' && i + 1 < n) {
            i += 2;
        } else if (re[i] == '[') {
            i = bracket_end(re, i, n) + 1;
        } else if (re[i] == '(') {
            if (depth == MAX_NEST)
                why = "regular expression nested too deeply";
            else
                open[depth++] = i;
            i++;
        } else if (re[i] == ')') {
            i++;
            if (depth > 0) {
                long c = quantifier(re, i, n, &end);
                gcount[open[--depth]] = c > 0 ? c : 1;
            }
        } else {
            i++;
        }
    }
    /* pass 2: every counted atom times the counts of the groups around it */
    long prod[MAX_NEST + 1];
    prod[0] = 1;
    depth = 0;
    for (size_t i = 0; i < n && !why;) {
        size_t end;
        long q = quantifier(re, i, n, &end);
        if (q > 0) {
            if (q * prod[depth] > 1000 && q > 1)
                why = "nested repetition counts over 1000";
            i = end;
        } else if (re[i] == '\\' && i + 1 < n) {
            i += 2;
        } else if (re[i] == '[') {
            i = bracket_end(re, i, n) + 1;
        } else if (re[i] == '(') {
            long c = gcount[i] ? gcount[i] : 1;
            if (depth < MAX_NEST) {
                prod[depth + 1] = prod[depth] * c;
                if (prod[depth + 1] > 1000)
                    why = "nested repetition counts over 1000";
                depth++;
            }
            i++;
        } else if (re[i] == ')') {
            if (depth > 0)
                depth--;
            i++;
            /* the group's own count was applied when it opened */
            long c = quantifier(re, i, n, &end);
            if (c > 0)
                i = end;
        } else {
            i++;
        }
    }
    free(gcount);
    return why;
}

/* Compiles `re` anchored like PromQL's (the whole value must match) as
 * "^(re)$", POSIX extended; false with the reason in msg. */
static bool compile_anchored(const char *re, regex_t *out, int flags, char *msg, size_t size)
{
    const char *unsafe = regex_unsafe(re);
    if (unsafe) {
        snprintf(msg, size, "%s", unsafe);
        return false;
    }
    size_t l = strlen(re);
    char *anch = malloc(l + 5);
    if (!anch)
        abort();
    snprintf(anch, l + 5, "^(%s)$", re);
    int rc = regcomp(out, anch, REG_EXTENDED | flags);
    free(anch);
    if (rc != 0) {
        regerror(rc, out, msg, size);
        return false;
    }
    return true;
}

static bool parse_matchers(struct parser *p, struct node *n)
{
    /* at '{' */
    if (!next(p))
        return false;
    while (p->t != T_RBRACE) {
        if (p->t != T_IDENT)
            return expect(p, T_IDENT, "a label name");
        size_t name_at = p->start;
        char *name = tok_dup(p);
        if (strchr(name, ':')) {
            free(name);
            return perr(p, name_at, "invalid label name");
        }
        if (!next(p)) {
            free(name);
            return false;
        }
        enum match_op op;
        switch (p->t) {
        case T_EQ: op = M_EQ; break;
        case T_NE: op = M_NE; break;
        case T_RE: op = M_RE; break;
        case T_NRE: op = M_NRE; break;
        default:
            free(name);
            return expect(p, T_EQ, "one of = != =~ !~");
        }
        if (!next(p)) {
            free(name);
            return false;
        }
        if (p->t != T_STR) {
            free(name);
            return expect(p, T_STR, "a quoted label value");
        }
        size_t val_at = p->start;
        n->m = realloc(n->m, (size_t)(n->nm + 1) * sizeof *n->m);
        if (!n->m)
            abort();
        struct matcher *m = &n->m[n->nm];
        memset(m, 0, sizeof *m);
        m->name = name;
        m->op = op;
        m->value = p->str;
        p->str = NULL;
        n->nm++;
        if (op == M_RE || op == M_NRE) {
            char msg[128];
            if (!compile_anchored(m->value, &m->re, REG_NOSUB, msg, sizeof msg)) {
                m->op = M_EQ; /* nothing to regfree */
                return perr(p, val_at, "invalid regular expression: %s", msg);
            }
        }
        if (!next(p))
            return false;
        if (p->t == T_COMMA) {
            if (!next(p))
                return false;
        } else if (p->t != T_RBRACE) {
            return expect(p, T_RBRACE, "',' or '}'");
        }
    }
    return next(p);
}

/* name, name{...}, {...}, each optionally [range] */
static struct node *parse_selector(struct parser *p)
{
    struct node *n = new_node(N_SEL, p->start);
    if (p->t == T_IDENT) {
        n->name = tok_dup(p);
        if (!next(p))
            goto fail;
    }
    if (p->t == T_LBRACE && !parse_matchers(p, n))
        goto fail;
    if (!n->name) {
        bool nonempty = false;
        for (int i = 0; i < n->nm; i++) {
            if (n->m[i].op == M_EQ && n->m[i].value[0])
                nonempty = true;
            if (n->m[i].op == M_NE && !n->m[i].value[0])
                nonempty = true;
            if (n->m[i].op == M_RE && regexec(&n->m[i].re, "", 0, NULL, 0) != 0)
                nonempty = true;
        }
        if (!nonempty) {
            perr(p, (size_t)n->col - 1,
                 "a selector needs a metric name or a matcher that does not match the empty "
                 "string");
            goto fail;
        }
    }
    if (p->t == T_LBRACK) {
        n->range = parse_duration(p);
        if (n->range <= 0)
            goto fail;
    }
    if (tok_is_word(p, "offset")) {
        /* x offset 5m: as of five minutes ago (negative: later, as PromQL 3) */
        size_t i = p->pos;
        while (p->src[i] == ' ' || p->src[i] == '\t')
            i++;
        bool neg = p->src[i] == '-';
        if (neg)
            p->pos = i + 1;
        double d = read_duration(p);
        if (d <= 0)
            goto fail;
        n->offset = neg ? -d : d;
    }
    return n;
fail:
    node_free(n);
    return NULL;
}

/* "(a, b, ...)" at '(' into list/n. */
static bool parse_label_list(struct parser *p, char ***list, int *n)
{
    if (!expect(p, T_LPAREN, "'('"))
        return false;
    while (p->t != T_RPAREN) {
        if (p->t != T_IDENT || memchr(p->src + p->start, ':', p->len))
            return expect(p, T_IDENT, "a label name");
        if (*n == MAX_GROUP_LABELS)
            return perr(p, p->start, "more than %d labels in a list", MAX_GROUP_LABELS);
        *list = realloc(*list, (size_t)(*n + 1) * sizeof **list);
        if (!*list)
            abort();
        (*list)[(*n)++] = tok_dup(p);
        if (!next(p))
            return false;
        if (p->t == T_COMMA) {
            if (!next(p))
                return false;
        } else if (p->t != T_RPAREN) {
            return expect(p, T_RPAREN, "',' or ')'");
        }
    }
    return next(p);
}

static bool parse_group(struct parser *p, struct node *n)
{
    /* at "by" or "without" */
    n->without = tok_is_word(p, "without");
    if (!next(p))
        return false;
    if (p->t != T_LPAREN)
        return expect(p, T_LPAREN, "'(' after by/without");
    return parse_label_list(p, &n->group, &n->ngroup);
}

/* Functions: the shape of their arguments, checked by parse_call. */
enum fshape {
    FS_RANGE,     /* f(x[5m]) */
    FS_VEC,       /* f(v) */
    FS_VEC_NUM0,  /* f(v) or f(v, n): round */
    FS_VEC_NUM,   /* f(v, n): clamp_min, clamp_max */
    FS_VEC_NUM2,  /* f(v, n, n): clamp */
    FS_NUM_VEC,   /* f(n, v): histogram_quantile */
    FS_NONE,      /* f(): time */
    FS_NUM,       /* f(n): vector */
    FS_RANGE_NUM, /* f(x[5m], n): predict_linear */
    FS_NUM_RANGE, /* f(n, x[5m]): quantile_over_time */
    FS_RANGE_NUM2, /* f(x[5m], n, n): holt_winters */
    FS_VEC_OPT,   /* f() or f(v): hour */
};

/* how many arguments each shape takes, at least and at most */
static const int shape_lo[] = {1, 1, 1, 2, 3, 2, 0, 1, 2, 2, 3, 0};
static const int shape_hi[] = {1, 1, 2, 2, 3, 2, 0, 1, 2, 2, 3, 1};

static bool shape_has_range(enum fshape sh)
{
    return sh == FS_RANGE || sh == FS_RANGE_NUM || sh == FS_NUM_RANGE || sh == FS_RANGE_NUM2;
}

static const struct fdef {
    const char *name;
    enum func f;
    enum fshape shape;
} funcs[] = {
    {"rate", F_RATE, FS_RANGE},
    {"irate", F_IRATE, FS_RANGE},
    {"increase", F_INCREASE, FS_RANGE},
    {"delta", F_DELTA, FS_RANGE},
    {"idelta", F_IDELTA, FS_RANGE},
    {"deriv", F_DERIV, FS_RANGE},
    {"changes", F_CHANGES, FS_RANGE},
    {"resets", F_RESETS, FS_RANGE},
    {"avg_over_time", F_AVG_OT, FS_RANGE},
    {"min_over_time", F_MIN_OT, FS_RANGE},
    {"max_over_time", F_MAX_OT, FS_RANGE},
    {"sum_over_time", F_SUM_OT, FS_RANGE},
    {"count_over_time", F_COUNT_OT, FS_RANGE},
    {"last_over_time", F_LAST_OT, FS_RANGE},
    {"present_over_time", F_PRESENT_OT, FS_RANGE},
    {"stddev_over_time", F_STDDEV_OT, FS_RANGE},
    {"stdvar_over_time", F_STDVAR_OT, FS_RANGE},
    {"quantile_over_time", F_QUANTILE_OT, FS_NUM_RANGE},
    {"predict_linear", F_PREDICT_LINEAR, FS_RANGE_NUM},
    {"holt_winters", F_HOLT_WINTERS, FS_RANGE_NUM2},
    {"abs", F_ABS, FS_VEC},
    {"ceil", F_CEIL, FS_VEC},
    {"floor", F_FLOOR, FS_VEC},
    {"round", F_ROUND, FS_VEC_NUM0},
    {"sqrt", F_SQRT, FS_VEC},
    {"exp", F_EXP, FS_VEC},
    {"ln", F_LN, FS_VEC},
    {"log2", F_LOG2, FS_VEC},
    {"log10", F_LOG10, FS_VEC},
    {"sgn", F_SGN, FS_VEC},
    {"clamp", F_CLAMP, FS_VEC_NUM2},
    {"clamp_min", F_CLAMP_MIN, FS_VEC_NUM},
    {"clamp_max", F_CLAMP_MAX, FS_VEC_NUM},
    {"histogram_quantile", F_HISTOGRAM_QUANTILE, FS_NUM_VEC},
    {"time", F_TIME, FS_NONE},
    {"vector", F_VECTOR, FS_NUM},
    {"scalar", F_SCALAR, FS_VEC},
    {"absent", F_ABSENT, FS_VEC},
    {"timestamp", F_TIMESTAMP, FS_VEC},
    {"day_of_month", F_DAY_OF_MONTH, FS_VEC_OPT},
    {"day_of_week", F_DAY_OF_WEEK, FS_VEC_OPT},
    {"day_of_year", F_DAY_OF_YEAR, FS_VEC_OPT},
    {"days_in_month", F_DAYS_IN_MONTH, FS_VEC_OPT},
    {"hour", F_HOUR, FS_VEC_OPT},
    {"minute", F_MINUTE, FS_VEC_OPT},
    {"month", F_MONTH, FS_VEC_OPT},
    {"year", F_YEAR, FS_VEC_OPT},
};

static const struct adef {
    const char *name;
    enum agg a;
} aggs[] = {{"sum", A_SUM},         {"avg", A_AVG},         {"max", A_MAX},
            {"min", A_MIN},         {"count", A_COUNT},     {"group", A_GROUP},
            {"stddev", A_STDDEV},   {"stdvar", A_STDVAR},   {"topk", A_TOPK},
            {"bottomk", A_BOTTOMK}, {"quantile", A_QUANTILE}};

static bool is_vector(const struct node *n)
{
    switch (n->kind) {
    case N_NUM:
        return false;
    case N_NEG:
        return is_vector(n->a);
    case N_BIN:
        return is_vector(n->a) || is_vector(n->b);
    case N_FUNC:
        return n->fn != F_TIME && n->fn != F_SCALAR;
    default:
        return true;
    }
}

static const struct fdef *func_def(enum func f)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (funcs[i].f == f)
            return &funcs[i];
    return NULL;
}

/* The arguments of a call, at its '(' through its ')', into out[] (at most
 * max). Returns how many, or -1 (what was parsed stays in out[] for the
 * caller to free). */
static int parse_args(struct parser *p, struct node **out, size_t *cols, int max)
{
    if (!expect(p, T_LPAREN, "'('"))
        return -1;
    int n = 0;
    while (p->t != T_RPAREN) {
        if (n == max) {
            perr(p, p->start, "too many arguments");
            return -1;
        }
        cols[n] = p->start;
        if (!(out[n++] = parse_expr(p)))
            return -1;
        if (p->t == T_COMMA) {
            if (!next(p))
                return -1;
        } else if (p->t != T_RPAREN) {
            expect(p, T_RPAREN, "',' or ')'");
            return -1;
        }
    }
    return next(p) ? n : -1;
}

static bool valid_label_name(const char *s)
{
    if (!s[0] || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (const char *c = s; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '_'))
            return false;
    return true;
}

/* label_replace(v, "dst", "replacement", "src", "regex") and
 * label_join(v, "dst", "separator", "src", ...), at the function's name. */
static struct node *parse_label_fn(struct parser *p)
{
    size_t at = p->start;
    bool join = tok_is_word(p, "label_join");
    const char *name = join ? "label_join" : "label_replace";
    struct node *n = new_node(N_LABELFN, at);
    n->join = join;
    if (!next(p) || !expect(p, T_LPAREN, "'('"))
        goto fail;
    size_t arg_at = p->start;
    if (!(n->a = parse_expr(p)))
        goto fail;
    if (!is_vector(n->a)) {
        perr(p, arg_at, "%s() needs a vector, not a number", name);
        goto fail;
    }
    while (p->t == T_COMMA) {
        if (!next(p))
            goto fail;
        if (p->t != T_STR) {
            expect(p, T_STR, "a quoted string");
            goto fail;
        }
        if (n->nstrs == MAX_GROUP_LABELS) {
            perr(p, p->start, "too many arguments");
            goto fail;
        }
        n->strs = realloc(n->strs, (size_t)(n->nstrs + 1) * sizeof *n->strs);
        if (!n->strs)
            abort();
        n->strs[n->nstrs++] = p->str;
        p->str = NULL;
        /* every string but the replacement/separator and the regex is a label name */
        int k = n->nstrs - 1;
        if ((k == 0 || (k == 2) || (join && k > 2)) && !valid_label_name(n->strs[k])) {
            perr(p, p->start, "%s(): \"%s\" is not a label name", name, n->strs[k]);
            goto fail;
        }
        if (!next(p))
            goto fail;
    }
    if (!expect(p, T_RPAREN, "',' or ')'"))
        goto fail;
    if (join ? n->nstrs < 2 : n->nstrs != 4) {
        perr(p, at, join ? "%s() takes a vector, a label, a separator and source labels"
                         : "%s() takes a vector and four strings: destination, replacement, "
                           "source, regular expression",
             name);
        goto fail;
    }
    if (!join) {
        /* the outer group of the anchoring makes the user's $1 our 2 */
        char msg[128];
        if (!compile_anchored(n->strs[3], &n->re, 0, msg, sizeof msg)) {
            perr(p, at, "%s(): invalid regular expression: %s", name, msg);
            goto fail;
        }
        n->re_set = true;
    }
    return n;
fail:
    node_free(n);
    return NULL;
}

static struct node *parse_call(struct parser *p)
{
    size_t at = p->start;
    if (tok_is_word(p, "label_replace") || tok_is_word(p, "label_join"))
        return parse_label_fn(p);
    for (size_t i = 0; i < sizeof aggs / sizeof aggs[0]; i++) {
        if (!tok_is_word(p, aggs[i].name))
            continue;
        struct node *n = new_node(N_AGG, at);
        n->agg = aggs[i].a;
        bool param = n->agg >= A_TOPK;
        if (!next(p))
            goto agg_fail;
        bool grouped = false;
        if (tok_is_word(p, "by") || tok_is_word(p, "without")) {
            if (!parse_group(p, n))
                goto agg_fail;
            grouped = true;
        }
        if (!expect(p, T_LPAREN, "'('"))
            goto agg_fail;
        if (param) {
            size_t par_at = p->start;
            n->args[0] = parse_expr(p);
            if (!n->args[0])
                goto agg_fail;
            n->nargs = 1;
            if (is_vector(n->args[0])) {
                perr(p, par_at, "%s() needs a number first, not a vector", aggs[i].name);
                goto agg_fail;
            }
            if (!expect(p, T_COMMA, "',' and a vector"))
                goto agg_fail;
        }
        size_t arg_at = p->start;
        n->a = parse_expr(p);
        if (!n->a || !expect(p, T_RPAREN, "')'"))
            goto agg_fail;
        if (!grouped && (tok_is_word(p, "by") || tok_is_word(p, "without")) &&
            !parse_group(p, n))
            goto agg_fail;
        if (!is_vector(n->a)) {
            perr(p, arg_at, "%s() needs a vector, not a number", aggs[i].name);
            goto agg_fail;
        }
        return n;
    agg_fail:
        node_free(n);
        return NULL;
    }
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) {
        if (!tok_is_word(p, funcs[i].name))
            continue;
        const char *name = funcs[i].name;
        struct node *n = new_node(N_FUNC, at);
        n->fn = funcs[i].f;
        struct node *arg[3] = {0};
        size_t col[3] = {0};
        int got = next(p) ? parse_args(p, arg, col, 3) : -1;
        if (got < 0) {
            for (int k = 0; k < 3; k++)
                node_free(arg[k]);
            node_free(n);
            return NULL;
        }
        enum fshape sh = funcs[i].shape;
        int lo = shape_lo[sh], hi = shape_hi[sh];
        /* which argument is the vector (or range); the others must be numbers */
        int vec = sh == FS_NUM_VEC || sh == FS_NUM_RANGE ? 1 : sh == FS_NONE || sh == FS_NUM ? -1 : 0;
        bool ok = got >= lo && got <= hi;
        if (!ok) {
            if (lo == hi)
                perr(p, at, "%s() takes %d argument%s, not %d", name, lo, lo == 1 ? "" : "s", got);
            else
                perr(p, at, "%s() takes %d or %d arguments, not %d", name, lo, hi, got);
        } else if (shape_has_range(sh) && (arg[vec]->kind != N_SEL || arg[vec]->range <= 0)) {
            perr(p, col[vec], "%s() needs a range such as x[1m]", name);
            ok = false;
        } else {
            for (int k = 0; k < got && ok; k++) {
                if (k == vec && !is_vector(arg[k])) {
                    perr(p, col[k], "%s() needs a vector, not a number", name);
                    ok = false;
                } else if (k != vec && is_vector(arg[k])) {
                    perr(p, col[k], "%s() needs a number here, not a vector", name);
                    ok = false;
                }
            }
            if (ok) {
                int m = 0;
                for (int k = 0; k < got; k++) {
                    if (k == vec)
                        n->a = arg[k];
                    else
                        n->args[m++] = arg[k];
                    arg[k] = NULL;
                }
                n->nargs = m;
            }
        }
        for (int k = 0; k < 3; k++)
            node_free(arg[k]);
        if (!ok) {
            node_free(n);
            return NULL;
        }
        return n;
    }
    perr(p, at, "unknown function \"%.*s\"", (int)p->len, p->src + p->start);
    return NULL;
}

static struct node *parse_unary(struct parser *p);
static struct node *parse_pow(struct parser *p);

static struct node *parse_primary(struct parser *p)
{
    switch (p->t) {
    case T_NUM: {
        struct node *n = new_node(N_NUM, p->start);
        n->num = p->num;
        if (!next(p)) {
            node_free(n);
            return NULL;
        }
        return n;
    }
    case T_LPAREN: {
        if (!next(p))
            return NULL;
        struct node *n = parse_expr(p);
        if (n && !expect(p, T_RPAREN, "')'")) {
            node_free(n);
            return NULL;
        }
        return n;
    }
    case T_LBRACE:
        return parse_selector(p);
    case T_IDENT: {
        /* a call if "(" follows, or an aggregation word (by/without may follow it) */
        size_t i = p->pos;
        while (p->src[i] == ' ' || p->src[i] == '\t')
            i++;
        bool call = p->src[i] == '(';
        for (size_t k = 0; k < sizeof aggs / sizeof aggs[0]; k++)
            if (tok_is_word(p, aggs[k].name))
                call = true;
        return call ? parse_call(p) : parse_selector(p);
    }
    case T_EOF:
        perr(p, p->start, "unexpected end of input");
        return NULL;
    default:
        perr(p, p->start, "unexpected \"%.*s\"", (int)p->len, p->src + p->start);
        return NULL;
    }
}

static struct node *parse_unary(struct parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        perr(p, p->start, "expression nested too deeply");
        return NULL;
    }
    struct node *r;
    if (p->t == T_MINUS || p->t == T_PLUS) {
        bool neg = p->t == T_MINUS;
        size_t at = p->start;
        if (!next(p))
            return NULL;
        struct node *a = parse_unary(p);
        if (!a)
            return NULL;
        if (!neg) {
            r = a;
        } else if (a->kind == N_NUM) {
            a->num = -a->num;
            r = a;
        } else {
            r = new_node(N_NEG, at);
            r->a = a;
        }
    } else {
        r = parse_pow(p);
    }
    p->depth--;
    return r;
}

/* Binary operators by precedence level, lowest first (PromQL's order):
 * or; and unless; == != > < >= <=; + -; * / %. `^` binds tighter than unary
 * minus and to the right (parse_pow). Returns -1 when the token is none. */
enum { LEVEL_OR, LEVEL_AND, LEVEL_CMP, LEVEL_ADD, LEVEL_MUL, LEVEL_UNARY };

static int binop_at(const struct parser *p, enum binop *op)
{
    static const struct {
        enum tok t;
        enum binop op;
        int level;
    } ops[] = {{T_PLUS, B_ADD, LEVEL_ADD},  {T_MINUS, B_SUB, LEVEL_ADD},
               {T_STAR, B_MUL, LEVEL_MUL},  {T_SLASH, B_DIV, LEVEL_MUL},
               {T_PERCENT, B_MOD, LEVEL_MUL}, {T_EQEQ, B_EQ, LEVEL_CMP},
               {T_NE, B_NE, LEVEL_CMP},     {T_GT, B_GT, LEVEL_CMP},
               {T_LT, B_LT, LEVEL_CMP},     {T_GE, B_GE, LEVEL_CMP},
               {T_LE, B_LE, LEVEL_CMP}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (p->t == ops[i].t) {
            *op = ops[i].op;
            return ops[i].level;
        }
    if (tok_is_word(p, "or")) {
        *op = B_OR;
        return LEVEL_OR;
    }
    if (tok_is_word(p, "and") || tok_is_word(p, "unless")) {
        *op = tok_is_word(p, "and") ? B_AND : B_UNLESS;
        return LEVEL_AND;
    }
    return -1;
}

static bool is_comparison(enum binop op) { return op >= B_EQ && op <= B_LE; }
static bool is_set_op(enum binop op) { return op >= B_AND; }

static const char *binop_name(enum binop op)
{
    static const char *const names[] = {"+",  "-",  "*", "/", "%",  "^",   "==",    "!=",
                                        ">",  "<",  ">=", "<=", "and", "or", "unless"};
    return names[op];
}

/* After the operator: [bool] [on|ignoring (...)] [group_left|group_right [(...)]],
 * as PromQL writes them. */
static bool parse_bin_modifiers(struct parser *p, struct node *n)
{
    if (tok_is_word(p, "bool")) {
        if (!is_comparison(n->op))
            return perr(p, p->start, "bool modifier can only be used on comparison operators");
        n->ret_bool = true;
        if (!next(p))
            return false;
    }
    if (tok_is_word(p, "on") || tok_is_word(p, "ignoring")) {
        n->on = tok_is_word(p, "on");
        n->matching = true;
        if (!next(p) || !parse_label_list(p, &n->match, &n->nmatch))
            return false;
        n->card = C_ONE_TO_ONE;
        if (tok_is_word(p, "group_left") || tok_is_word(p, "group_right")) {
            if (is_set_op(n->op))
                return perr(p, p->start, "no grouping allowed for \"%s\" operation",
                            binop_name(n->op));
            n->card = tok_is_word(p, "group_left") ? C_MANY_TO_ONE : C_ONE_TO_MANY;
            if (!next(p))
                return false;
            if (p->t == T_LPAREN && !parse_label_list(p, &n->incl, &n->nincl))
                return false;
            for (int i = 0; n->on && i < n->nincl; i++)
                for (int j = 0; j < n->nmatch; j++)
                    if (strcmp(n->incl[i], n->match[j]) == 0)
                        return perr(p, (size_t)n->col - 1,
                                    "label \"%s\" must not occur in on() and group_%s() at "
                                    "once",
                                    n->incl[i], n->card == C_MANY_TO_ONE ? "left" : "right");
        }
    } else if (tok_is_word(p, "group_left") || tok_is_word(p, "group_right")) {
        return perr(p, p->start, "group_left/group_right needs on() or ignoring() before it");
    }
    return true;
}

static bool check_bin(struct parser *p, struct node *n)
{
    bool va = is_vector(n->a), vb = is_vector(n->b);
    size_t at = (size_t)n->col - 1;
    if (is_set_op(n->op) && (!va || !vb))
        return perr(p, at, "set operator \"%s\" needs vectors on both sides, not a number",
                    binop_name(n->op));
    if (n->matching && (!va || !vb))
        return perr(p, at, "vector matching (on, ignoring, group_left/right) needs vectors on "
                           "both sides");
    if (is_comparison(n->op) && !va && !vb && !n->ret_bool)
        return perr(p, at, "comparisons between numbers need the bool modifier");
    return true;
}

/* a ^ b ^ c is a ^ (b ^ c), and -2 ^ 2 is -(2 ^ 2), as in PromQL */
static struct node *parse_pow(struct parser *p)
{
    struct node *a = parse_primary(p);
    if (!a || p->t != T_CARET)
        return a;
    struct node *n = new_node(N_BIN, p->start);
    n->op = B_POW;
    n->a = a;
    if (!next(p) || !parse_bin_modifiers(p, n) || !(n->b = parse_unary(p)) || !check_bin(p, n)) {
        node_free(n);
        return NULL;
    }
    return n;
}

static struct node *parse_bin(struct parser *p, int level)
{
    if (level == LEVEL_UNARY)
        return parse_unary(p);
    struct node *a = parse_bin(p, level + 1);
    enum binop op;
    while (a && binop_at(p, &op) == level) {
        struct node *n = new_node(N_BIN, p->start);
        n->op = op;
        n->a = a;
        if (!next(p) || !parse_bin_modifiers(p, n) || !(n->b = parse_bin(p, level + 1)) ||
            !check_bin(p, n)) {
            node_free(n);
            return NULL;
        }
        a = n;
    }
    return a;
}

static struct node *parse_expr(struct parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        perr(p, p->start, "expression nested too deeply");
        return NULL;
    }
    struct node *a = parse_bin(p, LEVEL_OR);
    p->depth--;
    return a;
}

/* A range selector is only valid as the argument of rate() and friends. */
static bool check_ranges(struct parser *p, const struct node *n, bool in_func)
{
    if (!n)
        return true;
    if (n->kind == N_SEL && n->range > 0 && !in_func)
        return perr(p, (size_t)n->col - 1,
                    "a range such as x[1m] needs a function over time: rate(), "
                    "max_over_time() ...");
    bool range_arg = n->kind == N_FUNC && shape_has_range(func_def(n->fn)->shape);
    for (int i = 0; i < n->nargs; i++)
        if (!check_ranges(p, n->args[i], false))
            return false;
    return check_ranges(p, n->a, range_arg) && check_ranges(p, n->b, false);
}

struct selector *selector_parse(const char *text, char *err, size_t err_size)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        err_size = sizeof dummy;
    }
    if (err_size)
        err[0] = 0;
    if (!text) {
        snprintf(err, err_size, "column 1: empty selector");
        return NULL;
    }
    struct parser p = {.src = text, .err = err, .err_size = err_size};
    struct node *root = NULL;
    if (next(&p)) {
        if (p.t == T_EOF)
            perr(&p, p.start, "empty selector");
        else
            root = parse_expr(&p);
    }
    if (root && p.t != T_EOF) {
        if (!p.failed)
            perr(&p, p.start, "unexpected \"%.*s\" after the expression", (int)p.len,
                 p.src + p.start);
    }
    if (root && !p.failed)
        check_ranges(&p, root, false);
    free(p.str);
    if (p.failed) {
        node_free(root);
        return NULL;
    }
    struct selector *sel = calloc(1, sizeof *sel);
    if (!sel || !(sel->text = strdup(text)))
        abort();
    sel->root = root;
    return sel;
}

void selector_free(struct selector *sel)
{
    if (!sel)
        return;
    node_free(sel->root);
    free(sel->text);
    free(sel);
}

const char *selector_text(const struct selector *sel) { return sel->text; }

/* --- evaluation ------------------------------------------------------------------- */

/* Bump allocator for label arrays made during one evaluation. */
struct chunk {
    struct chunk *next;
    size_t used, cap;
    max_align_t data[];
};

struct eval {
    const struct store *s;
    double at;
    struct chunk *chunks;
    char *err; /* the first evaluation error (sel_result.error), or "" */
    size_t err_size;
    bool want_time; /* timestamp(): a selector answers its samples' times */
};

static void ev_error(struct eval *ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ev_error(struct eval *ev, const char *fmt, ...)
{
    if (ev->err[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ev->err, ev->err_size, fmt, ap);
    va_end(ap);
}

static void *ev_alloc(struct eval *ev, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct chunk *c = ev->chunks;
    if (!c || c->used + n > c->cap) {
        size_t cap = n > 16384 ? n : 16384;
        c = malloc(sizeof *c + cap);
        if (!c)
            abort();
        c->next = ev->chunks;
        c->used = 0;
        c->cap = cap;
        ev->chunks = c;
    }
    void *r = (char *)c->data + c->used;
    c->used += n;
    return r;
}

struct el {
    const struct label *labels; /* sorted by name */
    int nlabels;
    double v;
    bool stale;
};

struct vec {
    struct el *e;
    size_t n, cap;
    bool scalar;
};

static void vec_push(struct vec *v, struct el e)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->e = realloc(v->e, v->cap * sizeof *v->e);
        if (!v->e)
            abort();
    }
    v->e[v->n++] = e;
}

static const char *label_get(const struct label *l, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(l[i].name, name) == 0)
            return l[i].value;
    return NULL;
}

static bool matches(const struct node *n, const struct series *se)
{
    if (n->name && strcmp(n->name, se->name) != 0)
        return false;
    for (int i = 0; i < n->nm; i++) {
        const struct matcher *m = &n->m[i];
        const char *v = strcmp(m->name, "__name__") == 0 ? se->name : series_label(se, m->name);
        if (!v)
            v = ""; /* an absent label matches "" */
        bool hit;
        switch (m->op) {
        case M_EQ: hit = strcmp(v, m->value) == 0; break;
        case M_NE: hit = strcmp(v, m->value) != 0; break;
        case M_RE: hit = regexec(&m->re, v, 0, NULL, 0) == 0; break;
        default: hit = regexec(&m->re, v, 0, NULL, 0) != 0; break;
        }
        if (!hit)
            return false;
    }
    return true;
}

/* The series a selector node may match: by name through the store's index. */
static void candidates(const struct eval *ev, const struct node *n,
                       const struct series *const **arr, size_t *count, bool *all)
{
    const char *name = n->name;
    for (int i = 0; !name && i < n->nm; i++)
        if (n->m[i].op == M_EQ && strcmp(n->m[i].name, "__name__") == 0)
            name = n->m[i].value;
    *all = name == NULL;
    if (name)
        store_series_by_name(ev->s, name, arr, count);
    else
        *count = store_series_count(ev->s);
}

/* Index of the newest sample at or before `at`, or -1. */
static long newest_at(const struct series *se, double at)
{
    for (long i = (long)se->count - 1; i >= 0; i--) {
        double ts;
        series_sample(se, (size_t)i, &ts, NULL);
        if (ts <= at)
            return i;
    }
    return -1;
}

static struct label *labels_with_name(struct eval *ev, const struct series *se)
{
    struct label *l = ev_alloc(ev, (size_t)(se->nlabels + 1) * sizeof *l);
    int k = 0;
    bool placed = false;
    for (int i = 0; i < se->nlabels; i++) {
        if (!placed && strcmp("__name__", se->labels[i].name) < 0) {
            l[k++] = (struct label){"__name__", se->name};
            placed = true;
        }
        l[k++] = se->labels[i];
    }
    if (!placed)
        l[k++] = (struct label){"__name__", se->name};
    return l;
}

/* Prometheus's extrapolated rate/increase/delta over samples [first, last]
 * of the window (start, at]. A counter's resets are undone and it is not
 * extrapolated below zero; delta() takes a gauge as it is. */
static double extrapolated(const struct series *se, long first, long last, double start,
                           double at, double range, enum func fn)
{
    bool counter = fn != F_DELTA;
    double t0, v0, t1, v1;
    series_sample(se, (size_t)first, &t0, &v0);
    series_sample(se, (size_t)last, &t1, &v1);
    double result = v1 - v0, prev = v0;
    for (long i = first; counter && i <= last; i++) {
        double v;
        series_sample(se, (size_t)i, NULL, &v);
        if (v < prev) /* counter reset: the counter restarted from zero */
            result += prev;
        prev = v;
    }
    double to_start = t0 - start, to_end = at - t1;
    double sampled = t1 - t0;
    double avg = sampled / (double)(last - first);
    double threshold = avg * 1.1;
    if (to_start >= threshold)
        to_start = avg / 2;
    if (counter && result > 0 && v0 >= 0) {
        /* a counter cannot have been negative: stop at its zero point */
        double to_zero = sampled * (v0 / result);
        if (to_zero < to_start)
            to_start = to_zero;
    }
    if (to_end >= threshold)
        to_end = avg / 2;
    double factor = (sampled + to_start + to_end) / sampled;
    if (fn == F_RATE)
        factor /= range;
    return result * factor;
}

static double quantile_of(double q, double *values, size_t n);

/* Least squares through samples [first, last], x in seconds from t_ref, as
 * Prometheus: a constant series has slope 0 exactly (no rounding noise). */
static void linreg(const struct series *se, long first, long last, double t_ref, double *slope,
                   double *intercept)
{
    double sx = 0, sy = 0, sxy = 0, sxx = 0, y0;
    bool const_y = true;
    series_sample(se, (size_t)first, NULL, &y0);
    for (long i = first; i <= last; i++) {
        double t, v;
        series_sample(se, (size_t)i, &t, &v);
        if (v != y0)
            const_y = false;
        double x = t - t_ref;
        sx += x;
        sy += v;
        sxy += x * v;
        sxx += x * x;
    }
    if (const_y) {
        *slope = isinf(y0) ? NAN : 0;
        *intercept = isinf(y0) ? NAN : y0;
        return;
    }
    double n = (double)(last - first + 1);
    double cov = sxy - sx * sy / n, var = sxx - sx * sx / n;
    *slope = cov / var;
    *intercept = sy / n - *slope * sx / n;
}

/* One range function over the samples of (at - range, at]. False when it has
 * no answer (too few samples). `param` is predict_linear's seconds ahead or
 * quantile_over_time's quantile. */
/* holt_winters: double exponential smoothing over the window's samples in
 * order, the level smoothed by sf and the trend by tf, as Prometheus 2's
 * (3's double_exponential_smoothing); the last level is the answer. */
static double holt_winters(const struct series *se, long first, long last, double sf, double tf)
{
    double v0, v1;
    series_sample(se, (size_t)first, NULL, &v0);
    series_sample(se, (size_t)first + 1, NULL, &v1);
    double prev = 0, level = v0, trend = v1 - v0;
    for (long i = first + 1; i <= last; i++) {
        double v;
        series_sample(se, (size_t)i, NULL, &v);
        if (i > first + 1)
            trend = tf * (level - prev) + (1 - tf) * trend;
        prev = level;
        level = sf * v + (1 - sf) * (level + trend);
    }
    return level;
}

static bool range_value(const struct series *se, double at, double range, enum func fn,
                        const double *param, double *out)
{
    long last = newest_at(se, at);
    if (last < 0)
        return false;
    double start = at - range;
    long first = last;
    while (first > 0) {
        double ts;
        series_sample(se, (size_t)first - 1, &ts, NULL);
        if (ts <= start)
            break;
        first--;
    }
    double t0;
    series_sample(se, (size_t)first, &t0, NULL);
    if (t0 <= start)
        return false; /* nothing inside the window */
    long n = last - first + 1;
    bool two = fn == F_RATE || fn == F_IRATE || fn == F_INCREASE || fn == F_DELTA ||
               fn == F_IDELTA || fn == F_DERIV || fn == F_PREDICT_LINEAR || fn == F_HOLT_WINTERS;
    if (two && n < 2)
        return false;
    switch (fn) {
    case F_RATE:
    case F_INCREASE:
    case F_DELTA:
        *out = extrapolated(se, first, last, start, at, range, fn);
        return true;
    case F_IRATE:
    case F_IDELTA: {
        double tp, vp, t1, v1;
        series_sample(se, (size_t)last - 1, &tp, &vp);
        series_sample(se, (size_t)last, &t1, &v1);
        if (fn == F_IDELTA) {
            *out = v1 - vp;
            return true;
        }
        double dt = t1 - tp;
        if (dt <= 0)
            return false;
        *out = (v1 < vp ? v1 : v1 - vp) / dt;
        return true;
    }
    case F_DERIV: {
        double slope, icept;
        linreg(se, first, last, t0, &slope, &icept);
        *out = slope;
        return true;
    }
    case F_PREDICT_LINEAR: {
        /* the line through the window, `param` seconds after `at` */
        double slope, icept;
        linreg(se, first, last, at, &slope, &icept);
        *out = slope * param[0] + icept;
        return true;
    }
    case F_HOLT_WINTERS:
        *out = holt_winters(se, first, last, param[0], param[1]);
        return true;
    case F_LAST_OT:
        series_sample(se, (size_t)last, NULL, out);
        return true;
    case F_PRESENT_OT:
        *out = 1;
        return true;
    case F_QUANTILE_OT: {
        double *v = malloc((size_t)n * sizeof *v);
        if (!v)
            abort();
        for (long i = first; i <= last; i++)
            series_sample(se, (size_t)i, NULL, &v[i - first]);
        *out = quantile_of(param[0], v, (size_t)n);
        free(v);
        return true;
    }
    case F_STDDEV_OT:
    case F_STDVAR_OT: {
        double mean = 0, m2 = 0;
        for (long i = first; i <= last; i++) {
            double v;
            series_sample(se, (size_t)i, NULL, &v);
            double d = v - mean;
            mean += d / (double)(i - first + 1);
            m2 += d * (v - mean);
        }
        *out = fn == F_STDVAR_OT ? m2 / (double)n : sqrt(m2 / (double)n);
        return true;
    }
    default:
        break;
    }
    double acc = 0, prev = 0;
    bool first_v = true;
    for (long i = first; i <= last; i++) {
        double v;
        series_sample(se, (size_t)i, NULL, &v);
        switch (fn) {
        case F_CHANGES:
            if (!first_v && !(v == prev || (isnan(v) && isnan(prev))))
                acc++;
            break;
        case F_RESETS:
            if (!first_v && v < prev)
                acc++;
            break;
        case F_MIN_OT:
            if (first_v || v < acc || isnan(acc))
                acc = v;
            break;
        case F_MAX_OT:
            if (first_v || v > acc || isnan(acc))
                acc = v;
            break;
        default: /* sum, avg, count */
            acc += v;
            break;
        }
        prev = v;
        first_v = false;
    }
    if (fn == F_AVG_OT)
        acc /= (double)n;
    if (fn == F_COUNT_OT)
        acc = (double)n;
    *out = acc;
    return true;
}

static void eval_node(struct eval *ev, const struct node *n, struct vec *out);
static double eval_number(struct eval *ev, const struct node *n);

static void eval_selector(struct eval *ev, const struct node *n, const struct node *fn,
                          struct vec *out)
{
    const struct series *const *arr = NULL;
    size_t count;
    bool all;
    candidates(ev, n, &arr, &count, &all);
    double param[2] = {0, 0};
    for (int i = 0; fn && i < fn->nargs; i++)
        param[i] = eval_number(ev, fn->args[i]);
    /* offset moves the evaluation back; staleness stays that of now (a
     * source that is down now shows NO SIGNAL for its past too) */
    double at = ev->at - n->offset;
    for (size_t i = 0; i < count; i++) {
        const struct series *se = all ? store_series_at(ev->s, i) : arr[i];
        if (!matches(n, se))
            continue;
        struct el e = {0};
        if (fn && fn->fn == F_HOLT_WINTERS &&
            !(param[0] > 0 && param[0] < 1 && param[1] > 0 && param[1] < 1)) {
            /* refused once there is a series to smooth, as Prometheus does */
            ev_error(ev, "invalid %s factor: expected 0 < x < 1, got %g",
                     param[0] > 0 && param[0] < 1 ? "trend" : "smoothing",
                     param[0] > 0 && param[0] < 1 ? param[1] : param[0]);
            return;
        }
        if (fn) {
            if (!range_value(se, at, n->range, fn->fn, param, &e.v))
                continue;
            /* functions drop the metric name, except last_over_time (it
             * answers a sample as it was, as Prometheus keeps it) */
            e.labels = fn->fn == F_LAST_OT ? labels_with_name(ev, se) : se->labels;
            e.nlabels = se->nlabels + (fn->fn == F_LAST_OT);
        } else {
            /* gone, as its source said (Prometheus: a staleness marker);
             * a range function still sees its samples in the window */
            if (se->ended > 0 && at >= se->ended)
                continue;
            long k = newest_at(se, at);
            if (k < 0)
                continue;
            double ts;
            series_sample(se, (size_t)k, &ts, &e.v);
            if (ev->want_time)
                e.v = ts; /* timestamp(x): when the sample was taken */
            e.labels = labels_with_name(ev, se);
            e.nlabels = se->nlabels + 1;
        }
        e.stale = store_series_stale(ev->s, se, ev->at);
        vec_push(out, e);
    }
}

/* Removes __name__ (arithmetic and aggregation results have no metric name). */
static void drop_name(struct eval *ev, struct el *e)
{
    for (int i = 0; i < e->nlabels; i++) {
        if (strcmp(e->labels[i].name, "__name__") != 0)
            continue;
        struct label *l = ev_alloc(ev, (size_t)e->nlabels * sizeof *l);
        memcpy(l, e->labels, (size_t)i * sizeof *l);
        memcpy(l + i, e->labels + i + 1, (size_t)(e->nlabels - i - 1) * sizeof *l);
        e->labels = l;
        e->nlabels--;
        return;
    }
}

/* Canonical {a="x",b="y"} of a label set, escaped like the text format. */
static char *labels_key(struct eval *ev, const struct label *l, int n)
{
    size_t len = 3;
    for (int i = 0; i < n; i++)
        len += strlen(l[i].name) + 2 * strlen(l[i].value) + 4;
    char *k = ev_alloc(ev, len), *p = k;
    if (n == 0) {
        *p = 0;
        return k;
    }
    *p++ = '{';
    for (int i = 0; i < n; i++) {
        if (i)
            *p++ = ',';
        size_t nl = strlen(l[i].name);
        memcpy(p, l[i].name, nl);
        p += nl;
        *p++ = '=';
        *p++ = '"';
        for (const char *c = l[i].value; *c; c++) {
            if (*c == '\\' || *c == '"' || *c == '\n') {
                *p++ = '\\';
                *p++ = *c == '\n' ? 'n' : *c;
            } else {
                *p++ = *c;
            }
        }
        *p++ = '"';
    }
    *p++ = '}';
    *p = 0;
    return k;
}

struct keyed {
    const char *key;
    size_t idx;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool in_list(char *const *list, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

static int cmp_double_nan_first(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x) || isnan(y))
        return isnan(y) - isnan(x);
    return x < y ? -1 : x > y;
}

/* PromQL's quantile of values[0..n): linear between the closest ranks. */
static double quantile_of(double q, double *values, size_t n)
{
    if (n == 0 || isnan(q))
        return NAN;
    if (q < 0)
        return -INFINITY;
    if (q > 1)
        return INFINITY;
    qsort(values, n, sizeof *values, cmp_double_nan_first);
    double rank = q * (double)(n - 1);
    size_t lo = rank > 0 ? (size_t)floor(rank) : 0;
    size_t hi = lo + 1 < n ? lo + 1 : n - 1;
    double w = rank - floor(rank);
    return values[lo] * (1 - w) + values[hi] * w;
}

/* topk's order: largest first, NaN last (bottomk: smallest first). */
struct ranked {
    double v;
    size_t idx;
};

static int cmp_top(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (isnan(x->v) || isnan(y->v))
        return isnan(x->v) - isnan(y->v);
    return x->v > y->v ? -1 : x->v < y->v;
}

static int cmp_bottom(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (isnan(x->v) || isnan(y->v))
        return isnan(x->v) - isnan(y->v);
    return x->v < y->v ? -1 : x->v > y->v;
}

static void eval_agg(struct eval *ev, const struct node *n, struct vec *out)
{
    struct vec in = {0};
    eval_node(ev, n->a, &in);
    double param = n->nargs ? eval_number(ev, n->args[0]) : 0;
    /* group labels of each element; the element keeps its own for topk */
    struct keyed *k = malloc((in.n ? in.n : 1) * sizeof *k);
    struct el *grp = malloc((in.n ? in.n : 1) * sizeof *grp);
    double *vals = malloc((in.n ? in.n : 1) * sizeof *vals);
    struct ranked *pick = malloc((in.n ? in.n : 1) * sizeof *pick);
    if (!k || !grp || !vals || !pick)
        abort();
    for (size_t i = 0; i < in.n; i++) {
        const struct el *e = &in.e[i];
        struct label *g = ev_alloc(ev, (size_t)(e->nlabels ? e->nlabels : 1) * sizeof *g);
        int ng = 0;
        for (int j = 0; j < e->nlabels; j++) {
            const char *ln = e->labels[j].name;
            bool keep = n->without ? !in_list(n->group, n->ngroup, ln) &&
                                         strcmp(ln, "__name__") != 0
                                   : in_list(n->group, n->ngroup, ln);
            if (keep)
                g[ng++] = e->labels[j];
        }
        grp[i] = (struct el){g, ng, e->v, e->stale};
        k[i] = (struct keyed){labels_key(ev, g, ng), i};
    }
    qsort(k, in.n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < in.n;) {
        size_t j = i;
        bool any_fresh = false;
        while (j < in.n && strcmp(k[j].key, k[i].key) == 0) {
            if (!in.e[k[j].idx].stale)
                any_fresh = true;
            j++;
        }
        /* stale series count only when nothing fresh is left in the group */
        double acc = 0, mean = 0, m2 = 0;
        size_t cnt = 0, npick = 0;
        bool first = true;
        bool top = n->agg == A_TOPK;
        /* topk(2.9, x) takes 2, as PromQL's int64 conversion */
        double kk = n->agg == A_TOPK || n->agg == A_BOTTOMK ? floor(param) : 0;
        for (size_t m = i; m < j; m++) {
            const struct el *e = &in.e[k[m].idx];
            if (any_fresh && e->stale)
                continue;
            double v = e->v;
            switch (n->agg) {
            case A_SUM:
            case A_AVG:
                acc = first ? v : acc + v;
                break;
            case A_MAX:
                /* as Prometheus: NaN only if every value is NaN */
                if (first || v > acc || isnan(acc))
                    acc = v;
                break;
            case A_MIN:
                if (first || v < acc || isnan(acc))
                    acc = v;
                break;
            case A_STDDEV:
            case A_STDVAR: {
                /* Welford's running mean and sum of squares, as Prometheus */
                double d = v - mean;
                mean += d / (double)(cnt + 1);
                m2 += d * (v - mean);
                break;
            }
            case A_QUANTILE:
                vals[cnt] = v;
                break;
            case A_TOPK:
            case A_BOTTOMK:
                pick[npick++] = (struct ranked){v, k[m].idx};
                break;
            default: /* count, group */
                break;
            }
            first = false;
            cnt++;
        }
        const struct el *g0 = &grp[k[i].idx];
        if (n->agg == A_TOPK || n->agg == A_BOTTOMK) {
            /* the chosen series themselves, labels and name as they were;
             * sorting the group keeps topk(1000, x) of 100k series cheap */
            qsort(pick, npick, sizeof *pick, top ? cmp_top : cmp_bottom);
            for (size_t q = 0; q < npick && (double)q < kk; q++)
                vec_push(out, in.e[pick[q].idx]);
            i = j;
            continue;
        }
        switch (n->agg) {
        case A_AVG: acc /= (double)cnt; break;
        case A_COUNT: acc = (double)cnt; break;
        case A_GROUP: acc = 1; break;
        case A_STDVAR: acc = m2 / (double)cnt; break;
        case A_STDDEV: acc = sqrt(m2 / (double)cnt); break;
        case A_QUANTILE: acc = quantile_of(param, vals, cnt); break;
        default: break;
        }
        vec_push(out, (struct el){g0->labels, g0->nlabels, acc, !any_fresh});
        i = j;
    }
    free(pick);
    free(vals);
    free(grp);
    free(k);
    free(in.e);
}

/* histogram_quantile(q, buckets): per series without `le`, Prometheus's
 * linear interpolation inside the bucket the rank falls in. */
struct bucket {
    double le, count;
};

static int cmp_bucket(const void *a, const void *b)
{
    const struct bucket *x = a, *y = b;
    return x->le < y->le ? -1 : x->le > y->le;
}

static double bucket_quantile(double q, struct bucket *b, size_t n)
{
    if (isnan(q))
        return NAN;
    if (q < 0)
        return -INFINITY;
    if (q > 1)
        return INFINITY;
    qsort(b, n, sizeof *b, cmp_bucket);
    if (n == 0 || !isinf(b[n - 1].le) || b[n - 1].le < 0)
        return NAN;
    /* buckets with the same bound add up; counts never fall (a scrape
     * between two buckets' updates can make them) */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && b[m - 1].le == b[i].le)
            b[m - 1].count += b[i].count;
        else
            b[m++] = b[i];
    }
    n = m;
    for (size_t i = 1; i < n; i++)
        if (b[i].count < b[i - 1].count)
            b[i].count = b[i - 1].count;
    if (n < 2)
        return NAN;
    double total = b[n - 1].count;
    if (total == 0 || isnan(total))
        return NAN;
    double rank = q * total;
    size_t i = 0;
    while (i < n - 1 && b[i].count < rank)
        i++;
    if (i == n - 1)
        return b[n - 2].le;
    if (i == 0 && b[0].le <= 0)
        return b[0].le;
    double lo = 0, count = b[i].count;
    if (i > 0) {
        lo = b[i - 1].le;
        count -= b[i - 1].count;
        rank -= b[i - 1].count;
    }
    return lo + (b[i].le - lo) * (rank / count);
}

static void eval_histogram_quantile(struct eval *ev, const struct node *n, struct vec *out)
{
    double q = eval_number(ev, n->args[0]);
    struct vec in = {0};
    eval_node(ev, n->a, &in);
    struct keyed *k = malloc((in.n ? in.n : 1) * sizeof *k);
    struct bucket *b = malloc((in.n ? in.n : 1) * sizeof *b);
    double *le = malloc((in.n ? in.n : 1) * sizeof *le);
    if (!k || !b || !le)
        abort();
    size_t nk = 0;
    for (size_t i = 0; i < in.n; i++) {
        struct el *e = &in.e[i];
        const char *lv = label_get(e->labels, e->nlabels, "le");
        char *end;
        if (!lv || !*lv)
            continue;
        le[i] = strtod(lv, &end);
        if (*end || isnan(le[i]))
            continue; /* not a bound: not a bucket (a NaN would not sort) */
        /* the series' labels without le (and the name) */
        struct label *l = ev_alloc(ev, (size_t)(e->nlabels ? e->nlabels : 1) * sizeof *l);
        int nl = 0;
        for (int j = 0; j < e->nlabels; j++)
            if (strcmp(e->labels[j].name, "le") != 0 && strcmp(e->labels[j].name, "__name__") != 0)
                l[nl++] = e->labels[j];
        e->labels = l;
        e->nlabels = nl;
        k[nk++] = (struct keyed){labels_key(ev, l, nl), i};
    }
    qsort(k, nk, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < nk;) {
        size_t j = i, nb = 0;
        bool fresh = false;
        while (j < nk && strcmp(k[j].key, k[i].key) == 0) {
            const struct el *e = &in.e[k[j].idx];
            b[nb++] = (struct bucket){le[k[j].idx], e->v};
            fresh = fresh || !e->stale;
            j++;
        }
        const struct el *e0 = &in.e[k[i].idx];
        vec_push(out, (struct el){e0->labels, e0->nlabels, bucket_quantile(q, b, nb), !fresh});
        i = j;
    }
    free(le);
    free(b);
    free(k);
    free(in.e);
}

/* max and min where a NaN wins, as Go's math.Max/Min that PromQL's clamp uses
 * (C's fmax/fmin would drop the NaN) */
static double nan_max(double a, double b) { return isnan(a) || isnan(b) ? NAN : a > b ? a : b; }
static double nan_min(double a, double b) { return isnan(a) || isnan(b) ? NAN : a < b ? a : b; }

/* hour(), month() ...: a field of the value read as a Unix time, in UTC.
 * Prometheus truncates to whole seconds; a value that is no time (NaN, the
 * infinities, past what gmtime reaches) answers NaN. */
static double date_field(enum func fn, double v)
{
    if (!(fabs(v) < 9.2e18))
        return NAN;
    time_t t = (time_t)trunc(v);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return NAN;
    switch (fn) {
    case F_DAY_OF_MONTH: return tm.tm_mday;
    case F_DAY_OF_WEEK: return tm.tm_wday;
    case F_DAY_OF_YEAR: return tm.tm_yday + 1;
    case F_HOUR: return tm.tm_hour;
    case F_MINUTE: return tm.tm_min;
    case F_MONTH: return tm.tm_mon + 1;
    case F_YEAR: return 1900.0 + tm.tm_year;
    default: { /* F_DAYS_IN_MONTH */
        static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        long y = 1900L + tm.tm_year;
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return days[tm.tm_mon] + (tm.tm_mon == 1 && leap);
    }
    }
}

/* abs(), round(), clamp() ... element by element, without the name. */
static double math1(const struct node *n, double v, const double *p)
{
    if (n->fn >= F_DAY_OF_MONTH && n->fn <= F_YEAR)
        return date_field(n->fn, v);
    switch (n->fn) {
    case F_ABS: return fabs(v);
    case F_CEIL: return ceil(v);
    case F_FLOOR: return floor(v);
    case F_ROUND: {
        /* to the nearest multiple of p[0] (default 1), halves up, as PromQL */
        double to = n->nargs ? p[0] : 1;
        double inv = 1 / to;
        return floor(v * inv + 0.5) / inv;
    }
    case F_SQRT: return sqrt(v);
    case F_EXP: return exp(v);
    case F_LN: return log(v);
    case F_LOG2: return log2(v);
    case F_LOG10: return log10(v);
    case F_SGN: return v > 0 ? 1 : v < 0 ? -1 : v; /* 0 and NaN stay */
    case F_TIMESTAMP: return v; /* the time, set by eval_func */
    case F_CLAMP_MIN: return nan_max(p[0], v);
    case F_CLAMP_MAX: return nan_min(p[0], v);
    default: /* F_CLAMP */
        return nan_max(p[0], nan_min(p[1], v));
    }
}

static struct el absent_element(struct eval *ev, const struct node *a)
{
    struct el e = {NULL, 0, 1, false};
    if (a->kind != N_SEL || a->range > 0)
        return e;
    struct label *l = ev_alloc(ev, (size_t)(a->nm ? a->nm : 1) * sizeof *l);
    int k = 0;
    for (int i = 0; i < a->nm; i++) {
        const struct matcher *m = &a->m[i];
        if (m->op != M_EQ || strcmp(m->name, "__name__") == 0)
            continue;
        /* a label matched twice says nothing certain: Prometheus leaves it out */
        bool twice = false;
        for (int j = 0; j < a->nm; j++)
            if (j != i && strcmp(a->m[j].name, m->name) == 0)
                twice = true;
        if (twice)
            continue;
        int at = k;
        while (at > 0 && strcmp(l[at - 1].name, m->name) > 0)
            at--;
        memmove(l + at + 1, l + at, (size_t)(k - at) * sizeof *l);
        l[at] = (struct label){m->name, m->value};
        k++;
    }
    e.labels = l;
    e.nlabels = k;
    return e;
}

/* Go's regexp Expand, which PromQL's label_replace uses: $1, ${1}, $$; a
 * name runs over letters, digits and '_' ("$1x" is group "1x": empty). */
static void expand_template(const char *tmpl, const char *src, const regmatch_t *m, size_t nm,
                            char *out, size_t cap)
{
    size_t k = 0;
    for (const char *t = tmpl; *t && k + 1 < cap;) {
        if (*t != '$') {
            out[k++] = *t++;
            continue;
        }
        if (t[1] == '$') {
            out[k++] = '$';
            t += 2;
            continue;
        }
        const char *name = t + 1, *end;
        bool brace = *name == '{';
        if (brace)
            name++;
        end = name;
        while (isalnum((unsigned char)*end) || *end == '_')
            end++;
        if (end == name || (brace && *end != '}')) {
            out[k++] = *t++; /* malformed: the '$' as it is */
            continue;
        }
        bool digits = true;
        for (const char *c = name; c < end; c++)
            digits = digits && isdigit((unsigned char)*c);
        if (digits && end - name < 6) {
            /* our group 1 is the anchoring wrapper: theirs N is ours N + 1 */
            size_t g = (size_t)atoi(name) + 1;
            if (g < nm && m[g].rm_so >= 0)
                for (regoff_t c = m[g].rm_so; c < m[g].rm_eo && k + 1 < cap; c++)
                    out[k++] = src[c];
        }
        t = end + (brace ? 1 : 0);
    }
    out[k] = 0;
}

/* The element's labels with dst set to a copy of `value` ("" removes it),
 * sorted. */
static void set_label(struct eval *ev, struct el *e, const char *dst, const char *value)
{
    size_t vl = strlen(value) + 1;
    char *copy = ev_alloc(ev, vl);
    memcpy(copy, value, vl);
    value = copy;
    struct label *l = ev_alloc(ev, (size_t)(e->nlabels + 1) * sizeof *l);
    int k = 0;
    bool placed = !value[0];
    for (int i = 0; i < e->nlabels; i++) {
        int c = strcmp(e->labels[i].name, dst);
        if (c == 0)
            continue;
        if (c > 0 && !placed) {
            l[k++] = (struct label){dst, value};
            placed = true;
        }
        l[k++] = e->labels[i];
    }
    if (!placed)
        l[k++] = (struct label){dst, value};
    e->labels = l;
    e->nlabels = k;
}

static void eval_label_fn(struct eval *ev, const struct node *n, struct vec *out)
{
    struct vec in = {0};
    eval_node(ev, n->a, &in);
    enum { CAP = 1024 };
    char val[CAP];
    for (size_t i = 0; i < in.n; i++) {
        struct el e = in.e[i];
        if (n->join) {
            size_t k = 0;
            val[0] = 0;
            for (int j = 2; j < n->nstrs; j++) {
                const char *v = label_get(e.labels, e.nlabels, n->strs[j]);
                int w = snprintf(val + k, CAP - k, "%s%s", j > 2 ? n->strs[1] : "", v ? v : "");
                k = w < 0 ? k : k + (size_t)w >= CAP ? CAP - 1 : k + (size_t)w;
            }
            set_label(ev, &e, n->strs[0], val);
        } else {
            const char *src = label_get(e.labels, e.nlabels, n->strs[2]);
            if (!src)
                src = "";
            regmatch_t m[10];
            if (regexec(&n->re, src, 10, m, 0) == 0) {
                expand_template(n->strs[1], src, m, 10, val, CAP);
                set_label(ev, &e, n->strs[0], val);
            }
        }
        vec_push(out, e);
    }
    free(in.e);
    /* as Prometheus: two results with one label set is an error */
    struct keyed *k = malloc((out->n ? out->n : 1) * sizeof *k);
    if (!k)
        abort();
    for (size_t i = 0; i < out->n; i++)
        k[i] = (struct keyed){labels_key(ev, out->e[i].labels, out->e[i].nlabels), i};
    qsort(k, out->n, sizeof *k, cmp_keyed);
    for (size_t i = 1; i < out->n; i++)
        if (strcmp(k[i].key, k[i - 1].key) == 0) {
            ev_error(ev, "%s() made two results with the labels %s",
                     n->join ? "label_join" : "label_replace", k[i].key[0] ? k[i].key : "{}");
            out->n = 0;
            break;
        }
    free(k);
}

static void eval_func(struct eval *ev, const struct node *n, struct vec *out)
{
    const struct fdef *d = func_def(n->fn);
    if (shape_has_range(d->shape)) {
        eval_selector(ev, n->a, n, out);
        return;
    }
    if (n->fn == F_HISTOGRAM_QUANTILE) {
        eval_histogram_quantile(ev, n, out);
        return;
    }
    if (n->fn == F_TIME || n->fn == F_VECTOR) {
        out->scalar = n->fn == F_TIME;
        vec_push(out, (struct el){NULL, 0, n->fn == F_TIME ? ev->at : eval_number(ev, n->args[0]),
                                  false});
        return;
    }
    struct vec in = {0};
    if (!n->a) {
        /* hour() and the other date functions without an argument: now */
        vec_push(&in, (struct el){NULL, 0, ev->at, false});
    } else if (n->fn == F_TIMESTAMP && n->a->kind == N_SEL) {
        ev->want_time = true;
        eval_node(ev, n->a, &in);
        ev->want_time = false;
    } else {
        eval_node(ev, n->a, &in);
    }
    if (n->fn == F_ABSENT) {
        /* 1 when the argument answers nothing, labelled by the argument's
         * equality matchers when it is a plain selector */
        if (in.n == 0)
            vec_push(out, absent_element(ev, n->a));
        free(in.e);
        return;
    }
    if (n->fn == F_TIMESTAMP && n->a->kind != N_SEL) {
        /* a computed vector's samples are taken now */
        for (size_t i = 0; i < in.n; i++)
            in.e[i].v = ev->at;
    }
    if (n->fn == F_SCALAR) {
        /* the value of a lone element, else NaN */
        out->scalar = true;
        vec_push(out, (struct el){NULL, 0, in.n == 1 ? in.e[0].v : NAN, false});
        free(in.e);
        return;
    }
    double p[2] = {0, 0};
    for (int i = 0; i < n->nargs; i++)
        p[i] = eval_number(ev, n->args[i]);
    if (n->fn == F_CLAMP && p[1] < p[0]) {
        free(in.e); /* clamp(v, 5, 1) is empty, as in Prometheus */
        return;
    }
    for (size_t i = 0; i < in.n; i++) {
        struct el e = in.e[i];
        drop_name(ev, &e);
        e.v = math1(n, e.v, p);
        vec_push(out, e);
    }
    free(in.e);
}

/* One operation on two numbers. A comparison answers the left value and
 * whether the pair is kept (or 0/1 under `bool`), as PromQL's. */
static double elem_binop(const struct node *n, double a, double b, bool *keep)
{
    *keep = true;
    bool c;
    switch (n->op) {
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_MOD: return fmod(a, b);
    case B_POW: return pow(a, b);
    case B_EQ: c = a == b; break;
    case B_NE: c = a != b; break;
    case B_GT: c = a > b; break;
    case B_LT: c = a < b; break;
    case B_GE: c = a >= b; break;
    case B_LE: c = a <= b; break;
    default: return a; /* set operators never come here */
    }
    if (n->ret_bool)
        return c ? 1 : 0;
    *keep = c;
    return a;
}

/* Arithmetic and `bool` comparisons drop the metric name; filters keep it. */
static bool drops_name(const struct node *n) { return !is_comparison(n->op) || n->ret_bool; }

/* The key two elements must share to pair up: the on() labels, or every
 * label but the ignoring() ones and the name. Empty values count as absent. */
static const char *match_key(struct eval *ev, const struct node *n, const struct el *e)
{
    struct label *l = ev_alloc(ev, (size_t)(e->nlabels ? e->nlabels : 1) * sizeof *l);
    int k = 0;
    for (int i = 0; i < e->nlabels; i++) {
        const char *ln = e->labels[i].name;
        if (!e->labels[i].value[0])
            continue;
        bool listed = in_list(n->match, n->nmatch, ln);
        if (n->on ? listed : !listed && strcmp(ln, "__name__") != 0)
            l[k++] = e->labels[i];
    }
    return labels_key(ev, l, k);
}

/* Labels of a vector-vector result: those of the "many" side (either side
 * when one-to-one), less the name where it drops, narrowed by on()/ignoring()
 * when one-to-one, plus the group_x() labels taken from the "one" side. */
static void result_labels(struct eval *ev, const struct node *n, const struct el *many,
                          const struct el *one, struct el *out)
{
    int cap = many->nlabels + n->nincl;
    struct label *l = ev_alloc(ev, (size_t)(cap ? cap : 1) * sizeof *l);
    int k = 0;
    bool drop = drops_name(n);
    for (int i = 0; i < many->nlabels; i++) {
        const char *ln = many->labels[i].name;
        if (drop && strcmp(ln, "__name__") == 0)
            continue;
        if (n->card == C_ONE_TO_ONE && n->matching &&
            (n->on ? !in_list(n->match, n->nmatch, ln) : in_list(n->match, n->nmatch, ln)))
            continue;
        if (in_list(n->incl, n->nincl, ln))
            continue; /* replaced (or removed) from the one side below */
        l[k++] = many->labels[i];
    }
    for (int i = 0; i < n->nincl; i++) {
        const char *v = label_get(one->labels, one->nlabels, n->incl[i]);
        if (!v || !v[0])
            continue;
        int at = k;
        while (at > 0 && strcmp(l[at - 1].name, n->incl[i]) > 0)
            at--;
        memmove(l + at + 1, l + at, (size_t)(k - at) * sizeof *l);
        l[at] = (struct label){n->incl[i], v};
        k++;
    }
    out->labels = l;
    out->nlabels = k;
}

/* In keys sorted by cmp_keyed: the index of the first equal to `key`, or n. */
static size_t keyed_find(const struct keyed *k, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(k[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(k[lo].key, key) == 0 ? lo : n;
}

static struct keyed *keys_of(struct eval *ev, const struct node *n, const struct vec *v)
{
    struct keyed *k = malloc((v->n ? v->n : 1) * sizeof *k);
    if (!k)
        abort();
    for (size_t i = 0; i < v->n; i++)
        k[i] = (struct keyed){match_key(ev, n, &v->e[i]), i};
    qsort(k, v->n, sizeof *k, cmp_keyed);
    return k;
}

/* and, or, unless: which elements of each side stay, labels untouched. */
static void eval_set(struct eval *ev, const struct node *n, struct vec *a, struct vec *b,
                     struct vec *out)
{
    struct keyed *kb = keys_of(ev, n, b);
    struct keyed *ka = n->op == B_OR ? keys_of(ev, n, a) : NULL;
    for (size_t i = 0; i < a->n; i++) {
        struct el e = a->e[i];
        if (n->op == B_OR) {
            vec_push(out, e);
            continue;
        }
        size_t at = keyed_find(kb, b->n, match_key(ev, n, &e));
        if ((at < b->n) != (n->op == B_AND))
            continue;
        if (n->op == B_AND) {
            /* stale when it is, or when everything it stands on is */
            bool fresh = false;
            for (size_t j = at; j < b->n && strcmp(kb[j].key, kb[at].key) == 0; j++)
                fresh = fresh || !b->e[kb[j].idx].stale;
            e.stale = e.stale || !fresh;
        }
        vec_push(out, e);
    }
    for (size_t i = 0; ka && i < b->n; i++)
        if (keyed_find(ka, a->n, match_key(ev, n, &b->e[i])) == a->n)
            vec_push(out, b->e[i]);
    free(ka);
    free(kb);
}

/* PromQL's vector matching: pairs each element of the "many" side with the
 * one element of the "one" side that has its key. A key on the "one" side
 * twice, or two results with the same labels, is an error, as in Prometheus:
 * the result would depend on which series came first. */
static void eval_match(struct eval *ev, const struct node *n, struct vec *a, struct vec *b,
                       struct vec *out)
{
    bool swap = n->card == C_ONE_TO_MANY;
    struct vec *many = swap ? b : a, *one = swap ? a : b;
    struct keyed *ko = keys_of(ev, n, one);
    for (size_t i = 1; i < one->n; i++)
        if (strcmp(ko[i].key, ko[i - 1].key) == 0) {
            ev_error(ev,
                     "many-to-many matching: the %s side has more than one series for %s "
                     "(make the labels unique on one side)",
                     swap ? "left" : "right", ko[i].key[0] ? ko[i].key : "{}");
            free(ko);
            return;
        }
    /* every result's key, to find duplicates once all are made */
    struct keyed *seen = malloc((many->n ? many->n : 1) * sizeof *seen);
    if (!seen)
        abort();
    size_t nseen = 0;
    for (size_t i = 0; i < many->n; i++) {
        const struct el *m = &many->e[i];
        const char *key = match_key(ev, n, m);
        size_t at = keyed_find(ko, one->n, key);
        if (at == one->n)
            continue;
        const struct el *o = &one->e[ko[at].idx];
        const struct el *l = swap ? o : m, *r = swap ? m : o;
        bool keep;
        double v = elem_binop(n, l->v, r->v, &keep);
        if (!keep)
            continue;
        struct el e = {.v = v, .stale = m->stale || o->stale};
        result_labels(ev, n, m, o, &e);
        /* one-to-one: two of the many side met one element; otherwise two
         * results came out with the same labels */
        seen[nseen] = (struct keyed){n->card == C_ONE_TO_ONE ? key
                                                            : labels_key(ev, e.labels, e.nlabels),
                                     nseen};
        nseen++;
        vec_push(out, e);
    }
    qsort(seen, nseen, sizeof *seen, cmp_keyed);
    for (size_t i = 1; i < nseen; i++)
        if (strcmp(seen[i].key, seen[i - 1].key) == 0) {
            const char *key = seen[i].key[0] ? seen[i].key : "{}";
            if (n->card == C_ONE_TO_ONE)
                ev_error(ev,
                         "more than one series on the left side matches %s (many-to-one "
                         "matching needs group_left or group_right)",
                         key);
            else
                ev_error(ev, "two results would have the labels %s (group_%s() must keep them apart)",
                         key, n->card == C_MANY_TO_ONE ? "left" : "right");
            out->n = 0;
            break;
        }
    free(seen);
    free(ko);
}

static void eval_bin(struct eval *ev, const struct node *n, struct vec *out)
{
    struct vec a = {0}, b = {0};
    eval_node(ev, n->a, &a);
    eval_node(ev, n->b, &b);
    bool keep;
    if (is_set_op(n->op)) {
        eval_set(ev, n, &a, &b, out);
    } else if (a.scalar && b.scalar) {
        out->scalar = true;
        vec_push(out, (struct el){NULL, 0, elem_binop(n, a.e[0].v, b.e[0].v, &keep), false});
    } else if (a.scalar || b.scalar) {
        struct vec *v = a.scalar ? &b : &a;
        double s = a.scalar ? a.e[0].v : b.e[0].v;
        for (size_t i = 0; i < v->n; i++) {
            struct el e = v->e[i];
            if (drops_name(n))
                drop_name(ev, &e);
            double r = a.scalar ? elem_binop(n, s, e.v, &keep) : elem_binop(n, e.v, s, &keep);
            if (!keep)
                continue;
            /* a filter answers the vector's value whichever side it is on */
            if (n->ret_bool || !is_comparison(n->op))
                e.v = r;
            vec_push(out, e);
        }
    } else {
        eval_match(ev, n, &a, &b, out);
    }
    free(a.e);
    free(b.e);
}

static void eval_node(struct eval *ev, const struct node *n, struct vec *out)
{
    switch (n->kind) {
    case N_NUM:
        out->scalar = true;
        vec_push(out, (struct el){NULL, 0, n->num, false});
        break;
    case N_SEL:
        eval_selector(ev, n, NULL, out);
        break;
    case N_FUNC:
        eval_func(ev, n, out);
        break;
    case N_AGG:
        eval_agg(ev, n, out);
        break;
    case N_BIN:
        eval_bin(ev, n, out);
        break;
    case N_LABELFN:
        eval_label_fn(ev, n, out);
        break;
    case N_NEG: {
        struct vec a = {0};
        eval_node(ev, n->a, &a);
        out->scalar = a.scalar;
        for (size_t i = 0; i < a.n; i++) {
            struct el e = a.e[i];
            drop_name(ev, &e);
            e.v = -e.v;
            vec_push(out, e);
        }
        free(a.e);
        break;
    }
    }
}

/* A number argument (parsed to be one): its value. */
static double eval_number(struct eval *ev, const struct node *n)
{
    struct vec v = {0};
    eval_node(ev, n, &v);
    double r = v.n ? v.e[0].v : NAN;
    free(v.e);
    return r;
}

/* Natural order ("cpu=\"2\"" before "cpu=\"10\""), so lists read as people expect. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0' && isdigit((unsigned char)a[1]))
                a++;
            while (*b == '0' && isdigit((unsigned char)b[1]))
                b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la]))
                la++;
            while (isdigit((unsigned char)b[lb]))
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int cmp_natural(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = natural_cmp(x->key, y->key);
    if (c == 0)
        c = strcmp(x->key, y->key);
    return c ? c : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

void sel_result_init(struct sel_result *r) { memset(r, 0, sizeof *r); }

void sel_result_free(struct sel_result *r)
{
    free(r->v);
    free(r->arena);
    memset(r, 0, sizeof *r);
}

void selector_eval(const struct selector *sel, const struct store *s, double at,
                   struct sel_result *out)
{
    assert(sel && s && out);
    out->error[0] = 0;
    struct eval ev = {.s = s, .at = at, .err = out->error, .err_size = sizeof out->error};
    struct vec v = {0};
    eval_node(&ev, sel->root, &v);
    if (out->error[0])
        v.n = 0; /* as Prometheus: an error answers nothing, not part of it */

    struct keyed *k = malloc((v.n ? v.n : 1) * sizeof *k);
    if (!k)
        abort();
    size_t need = 0, nlab = 0;
    for (size_t i = 0; i < v.n; i++) {
        k[i] = (struct keyed){labels_key(&ev, v.e[i].labels, v.e[i].nlabels), i};
        need += strlen(k[i].key) + 1;
        for (int j = 0; j < v.e[i].nlabels; j++)
            need += strlen(v.e[i].labels[j].name) + strlen(v.e[i].labels[j].value) + 2;
        nlab += (size_t)v.e[i].nlabels;
    }
    qsort(k, v.n, sizeof *k, cmp_natural);
    need += nlab * sizeof(struct label);

    if (out->cap < v.n) {
        out->v = realloc(out->v, v.n * sizeof *out->v);
        if (!out->v)
            abort();
        out->cap = v.n;
    }
    if (out->arena_cap < need) {
        free(out->arena);
        out->arena = malloc(need);
        if (!out->arena)
            abort();
        out->arena_cap = need;
    }
    if (!out->arena) { /* nothing to lay out, but keep the pointers below valid */
        out->arena = malloc(1);
        if (!out->arena)
            abort();
        out->arena_cap = 1;
    }
    /* label arrays first (the arena is malloc-aligned), then strings */
    struct label *lab = (struct label *)(void *)out->arena;
    char *str = out->arena + nlab * sizeof(struct label);
    out->n = v.n;
    out->stale = true;
    for (size_t i = 0; i < v.n; i++) {
        const struct el *e = &v.e[k[i].idx];
        struct sel_value *o = &out->v[i];
        o->value = e->v;
        o->stale = e->stale;
        if (!e->stale)
            out->stale = false;
        o->nlabels = e->nlabels;
        o->labels = lab;
        for (int j = 0; j < e->nlabels; j++) {
            size_t l = strlen(e->labels[j].name) + 1;
            memcpy(str, e->labels[j].name, l);
            lab[j].name = str;
            str += l;
            l = strlen(e->labels[j].value) + 1;
            memcpy(str, e->labels[j].value, l);
            lab[j].value = str;
            str += l;
        }
        lab += e->nlabels;
        size_t l = strlen(k[i].key) + 1;
        memcpy(str, k[i].key, l);
        o->labels_key = str;
        str += l;
    }
    out->arena_used = (size_t)(str - out->arena);
    free(k);
    free(v.e);
    while (ev.chunks) {
        struct chunk *c = ev.chunks;
        ev.chunks = c->next;
        free(c);
    }
}

const char *sel_value_label(const struct sel_value *v, const char *name)
{
    return label_get(v->labels, v->nlabels, name);
}
