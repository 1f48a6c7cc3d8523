/* The selector language: parsing, errors with columns, and evaluation at
 * injected times with exact expected values (worked by hand from Prometheus's
 * rate algorithm). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/selector.h"
#include "core/store.h"

static struct store *st;
static int src;

/* Commits one sample of a series at time t (the commit time is t too). */
static void put(const char *name, const char *const *labels, int n, enum metric_type type,
                double v, double t)
{
    struct sample_buf *b = sample_buf_create();
    assert_true(sample_buf_add(b, name, labels, n, type, v, t));
    store_commit(st, src, b, t);
    sample_buf_destroy(b);
}

static int setup(void **state)
{
    (void)state;
    st = store_create(NULL);
    src = store_source_register(st, "test", 10);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_destroy(st);
    return 0;
}

/* Evaluates `text` at `at`; the result must be parsed without error. */
static void eval(const char *text, double at, struct sel_result *r)
{
    char err[128];
    struct selector *sel = selector_parse(text, err, sizeof err);
    if (!sel)
        fprintf(stderr, "%s: %s\n", text, err);
    assert_non_null(sel);
    assert_string_equal(selector_text(sel), text);
    store_read_lock(st);
    selector_eval(sel, st, at, r);
    store_read_unlock(st);
    selector_free(sel);
}

static double one(const char *text, double at)
{
    struct sel_result r;
    sel_result_init(&r);
    eval(text, at, &r);
    if (r.n != 1)
        fprintf(stderr, "%s: %zu results\n", text, r.n);
    assert_int_equal(r.n, 1);
    double v = r.v[0].value;
    sel_result_free(&r);
    return v;
}

static void assert_close(double got, double want)
{
    if (!(fabs(got - want) <= 1e-12 * fabs(want) || got == want)) {
        fprintf(stderr, "got %.17g, want %.17g\n", got, want);
        fail();
    }
}

static void expect_error(const char *text, const char *msg)
{
    char err[160] = "";
    struct selector *sel = selector_parse(text, err, sizeof err);
    if (sel || strncmp(err, msg, strlen(msg)) != 0)
        fprintf(stderr, "%s\n  got \"%s\"\n want \"%s\"\n", text, sel ? "(parsed)" : err, msg);
    assert_null(sel);
    assert_true(strncmp(err, msg, strlen(msg)) == 0);
}

static void test_parse_errors(void **state)
{
    (void)state;
    expect_error("", "column 1: empty selector");
    expect_error("   ", "column 4: empty selector");
    expect_error("rate(x)", "column 6: rate() needs a range such as x[1m]");
    expect_error("x[5m]", "column 1: a range such as x[1m] needs a function over time: rate(), "
                          "max_over_time() ...");
    expect_error("sum(x[5m])", "column 5: a range such as x[1m] needs a function over time");
    expect_error("abs(x[5m])", "column 5: a range such as x[1m] needs a function over time");
    expect_error("clamp(x, 1)", "column 1: clamp() takes 3 arguments, not 2");
    expect_error("round(x, 1, 2)", "column 1: round() takes 1 or 2 arguments, not 3");
    expect_error("time(1)", "column 1: time() takes 0 arguments, not 1");
    expect_error("abs()", "column 1: abs() takes 1 argument, not 0");
    expect_error("abs(1)", "column 5: abs() needs a vector, not a number");
    expect_error("clamp_min(x, y)", "column 14: clamp_min() needs a number here, not a vector");
    expect_error("histogram_quantile(x, 0.9)",
                 "column 20: histogram_quantile() needs a number here, not a vector");
    expect_error("histogram_quantile(0.9, 1)", "column 25: histogram_quantile() needs a vector");
    expect_error("topk(x, y)", "column 6: topk() needs a number first, not a vector");
    expect_error("topk(3)", "column 7: expected ',' and a vector, found \")\"");
    expect_error("max_over_time(x)", "column 15: max_over_time() needs a range such as x[1m]");
    expect_error("holt_winters(x, 0.5, 0.5)",
                 "column 14: holt_winters() needs a range such as x[1m]");
    expect_error("holt_winters(x[1m], 0.5)", "column 1: holt_winters() takes 3 arguments, not 2");
    expect_error("holt_winters(x[1m], y, 0.5)",
                 "column 21: holt_winters() needs a number here, not a vector");
    expect_error("hour(1)", "column 6: hour() needs a vector, not a number");
    expect_error("hour(x, y)", "column 1: hour() takes 0 or 1 arguments, not 2");
    expect_error("abs(x, y, z, w)", "column 14: too many arguments");
    expect_error("x offset", "column 9: expected a duration such as 30s or 5m");
    expect_error("x offset 5q", "column 11: unknown duration unit");
    expect_error("sum(x) offset 5m", "column 8: unexpected \"offset\" after the expression");
    expect_error("x offset 5m [1m]", "column 13: unexpected \"[\" after the expression");
    expect_error("label_replace(x, \"a\", \"b\", \"c\")",
                 "column 1: label_replace() takes a vector and four strings");
    expect_error("label_replace(x, \"1a\", \"b\", \"c\", \"d\")",
                 "column 18: label_replace(): \"1a\" is not a label name");
    expect_error("label_replace(x, \"a\", \"b\", \"c\", \"(\")",
                 "column 1: label_replace(): invalid regular expression: ");
    expect_error("label_join(x, \"a\", \"-\", \"b-c\")",
                 "column 25: label_join(): \"b-c\" is not a label name");
    expect_error("label_join(1, \"a\", \"-\")", "column 12: label_join() needs a vector");
    expect_error("label_join(x, a)", "column 15: expected a quoted string, found \"a\"");
    expect_error("x{a=\"b\"", "column 8: expected ',' or '}', found the end");
    expect_error("x{a=~\"(\"}", "column 6: invalid regular expression: ");
    expect_error("x{a=b}", "column 5: expected a quoted label value, found \"b\"");
    expect_error("x{a:b=\"1\"}", "column 3: invalid label name");
    expect_error("x{a>\"1\"}", "column 4: expected one of = != =~ !~, found \">\"");
    expect_error("{}", "column 1: a selector needs a metric name or a matcher");
    expect_error("{a=~\".*\"}", "column 1: a selector needs a metric name or a matcher");
    expect_error("1 +", "column 4: unexpected end of input");
    expect_error("bogus(x)", "column 1: unknown function \"bogus\"");
    expect_error("sum(1)", "column 5: sum() needs a vector, not a number");
    expect_error("1 == 1", "column 3: comparisons between numbers need the bool modifier");
    expect_error("x + bool y", "column 5: bool modifier can only be used on comparison");
    expect_error("x and 1", "column 3: set operator \"and\" needs vectors on both sides");
    expect_error("2 or x", "column 3: set operator \"or\" needs vectors on both sides");
    expect_error("x * on(a) 2", "column 3: vector matching (on, ignoring, group_left/right) needs");
    expect_error("x and on(a) group_left y", "column 13: no grouping allowed for \"and\"");
    expect_error("x * group_left y", "column 5: group_left/group_right needs on() or ignoring()");
    expect_error("x * on(a) group_left(b, a) y",
                 "column 3: label \"a\" must not occur in on() and group_left() at once");
    expect_error("x * on(a b", "column 10: expected ',' or ')', found \"b\"");
    expect_error("x * on y", "column 8: expected '(', found \"y\"");
    expect_error("x ^", "column 4: unexpected end of input");
    expect_error("x = 1", "column 3: unexpected \"=\" after the expression");
    expect_error("\"str\"", "column 1: unexpected \"\"str\"\"");
    expect_error("x y", "column 3: unexpected \"y\" after the expression");
    expect_error("rate(x[5q])", "column 9: unknown duration unit");
    expect_error("rate(x[])", "column 8: expected a duration such as 30s or 5m");
    expect_error("x{a=~\"i++\"}", "column 6: invalid regular expression: invalid nested repetition");
    expect_error("x{a=~\"a{1001}\"}", "column 6: invalid regular expression: repetition count over");
    expect_error("x{a=~\"(a{100}){100}\"}",
                 "column 6: invalid regular expression: nested repetition counts over 1000");
    expect_error("x{a=~\"((a{10}b){10}c){11}\"}",
                 "column 6: invalid regular expression: nested repetition counts over 1000");
    expect_error("x{a=~\"a*?\"}", "column 6: invalid regular expression: invalid nested");
    expect_error("x{a=\"\\q\"}", "column 6: unknown escape sequence \\q in string");
    expect_error("x{a=\"open", "column 5: unterminated string");
    expect_error("sum by (a (x)", "column 11: expected ',' or ')', found \"(\"");
    expect_error("5m", "column 1: bad number or duration syntax");
    expect_error("x\x01", "column 2: unexpected character 0x01");
    char deep[400];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        deep[n++] = '(';
    deep[n++] = '1';
    for (int i = 0; i < 100; i++)
        deep[n++] = ')';
    deep[n] = 0;
    expect_error(deep, "column ");
    assert_null(selector_parse(NULL, NULL, 0));
}

static void test_parse_forms(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "node_load1",
        "node_filesystem_avail_bytes{mountpoint=\"/\",fstype!=\"tmpfs\"}",
        "rate(node_network_receive_bytes_total{device=~\"en.*\"}[30s])",
        "sum by (cpu) (rate(node_cpu_seconds_total{mode!=\"idle\"}[10s]))",
        "sum(rate(x[1m30s])) by (a, b)",
        "avg without (mode) (x)",
        "max(x) / min(x) * 100 - -2",
        "count({__name__=~\"node_.*\"})",
        "irate(x[500ms]) + increase(x[1h])",
        "x{a='single',b=`raw\\d`,}",
        "-x + +3 * (2 - 1e3) / 0x10",
        "NaN + Inf + -inf",
        "recording:rule:name",
        "x{a=~\"((a{10}b){10}c){10}\",b=~\"[+*]{2}(x|y)+[[:alpha:]]?\\\\+\"}",
        "x{a=~`a{2,}b{,3}`}",
        "a * on(chip) group_left(chip_name) b",
        "a * on(chip) group_left b + c / ignoring(x, y) group_right() d",
        "a > bool on() 2 * b",
        "a and b or c unless on(x) d",
        "a % 2 ^ -3 ^ 4 == bool 1",
        "a >= 1 <= 2 != 3 < 4 > 5",
        "sum(a != 0) by (x) or vector_name_or",
        "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))",
        "topk by (x) (3, a) + bottomk(1 + 1, b) * quantile(0.5, c)",
        "clamp(abs(a), 0, 100) / round(b, 0.5) - clamp_min(c, 1) + clamp_max(d, -1)",
        "vector(time()) - scalar(max_over_time(a[5m]) and count_over_time(b[1m]) > 2)",
        "stddev(a) + stdvar without (x) (b) + group(c) + sgn(ln(exp(d)))",
        "deriv(a[1m]) + delta(b[1m]) + idelta(c[1m]) + changes(d[1m]) + resets(e[1m])",
        "a offset 5m - rate(b[1m] offset 1h30m) + c{x=\"y\"} offset -30s",
        "sqrt(log2(log10(ceil(floor(a))))) + avg_over_time(b[1m]) + sum_over_time(c[1m])",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char err[128];
        struct selector *sel = selector_parse(ok[i], err, sizeof err);
        if (!sel)
            fprintf(stderr, "%s: %s\n", ok[i], err);
        assert_non_null(sel);
        selector_free(sel);
    }
}

static void test_instant_and_labels(void **state)
{
    (void)state;
    const char *l0[] = {"mode", "user", "cpu", "0"};
    const char *l1[] = {"mode", "system", "cpu", "0"};
    const char *l10[] = {"mode", "user", "cpu", "10"};
    const char *l2[] = {"mode", "user", "cpu", "2"};
    put("cpu", l0, 2, METRIC_GAUGE, 1, 100);
    put("cpu", l1, 2, METRIC_GAUGE, 2, 100);
    put("cpu", l10, 2, METRIC_GAUGE, 4, 100);
    put("cpu", l2, 2, METRIC_GAUGE, 8, 100);
    put("cpu", l2, 2, METRIC_GAUGE, 16, 110);

    struct sel_result r;
    sel_result_init(&r);
    eval("cpu{mode=\"user\"}", 105, &r);
    /* natural order: cpu 0, 2, 10; the newest sample at or before 105 */
    assert_int_equal(r.n, 3);
    assert_string_equal(r.v[0].labels_key, "{__name__=\"cpu\",cpu=\"0\",mode=\"user\"}");
    assert_string_equal(r.v[1].labels_key, "{__name__=\"cpu\",cpu=\"2\",mode=\"user\"}");
    assert_string_equal(r.v[2].labels_key, "{__name__=\"cpu\",cpu=\"10\",mode=\"user\"}");
    assert_true(r.v[0].value == 1 && r.v[1].value == 8 && r.v[2].value == 4);
    assert_string_equal(sel_value_label(&r.v[2], "cpu"), "10");
    assert_string_equal(sel_value_label(&r.v[2], "__name__"), "cpu");
    assert_null(sel_value_label(&r.v[2], "nope"));
    assert_false(r.stale);
    assert_false(r.v[0].stale);

    /* later: the newest sample wins */
    eval("cpu{cpu=\"2\"}", 111, &r);
    assert_int_equal(r.n, 1);
    assert_true(r.v[0].value == 16);
    /* before any sample: nothing */
    eval("cpu", 99, &r);
    assert_int_equal(r.n, 0);
    assert_true(r.stale);

    /* regex, anchored; negative matchers; absent label matches "" */
    eval("cpu{mode=~\"us.*|nothing\"}", 111, &r);
    assert_int_equal(r.n, 3);
    eval("cpu{mode=~\"ser\"}", 111, &r);
    assert_int_equal(r.n, 0);
    eval("cpu{mode!~\"u.*\",cpu!=\"1\"}", 111, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(sel_value_label(&r.v[0], "mode"), "system");
    eval("cpu{zone=\"\"}", 111, &r);
    assert_int_equal(r.n, 4);
    eval("{__name__=~\"c.u\",cpu=\"10\"}", 111, &r);
    assert_int_equal(r.n, 1);
    assert_true(r.v[0].value == 4);
    eval("nothing_here", 111, &r);
    assert_int_equal(r.n, 0);
    assert_true(r.stale);
    sel_result_free(&r);
}

static void test_aggregations(void **state)
{
    (void)state;
    const char *a[] = {"cpu", "0", "mode", "user"};
    const char *b[] = {"cpu", "0", "mode", "system"};
    const char *c[] = {"cpu", "1", "mode", "user"};
    const char *d[] = {"cpu", "1", "mode", "system"};
    put("t", a, 2, METRIC_GAUGE, 1, 100);
    put("t", b, 2, METRIC_GAUGE, 2, 100);
    put("t", c, 2, METRIC_GAUGE, 4, 100);
    put("t", d, 2, METRIC_GAUGE, 8, 100);

    assert_true(one("sum(t)", 100) == 15);
    assert_true(one("avg(t)", 100) == 3.75);
    assert_true(one("max(t)", 100) == 8);
    assert_true(one("min(t)", 100) == 1);
    assert_true(one("count(t)", 100) == 4);

    struct sel_result r;
    sel_result_init(&r);
    eval("sum by (cpu) (t)", 100, &r);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[0].labels_key, "{cpu=\"0\"}");
    assert_true(r.v[0].value == 3);
    assert_string_equal(r.v[1].labels_key, "{cpu=\"1\"}");
    assert_true(r.v[1].value == 12);
    eval("max(t) by (mode)", 100, &r);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[0].labels_key, "{mode=\"system\"}");
    assert_true(r.v[0].value == 8 && r.v[1].value == 4);
    eval("avg without (cpu) (t)", 100, &r);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.v[1].labels_key, "{mode=\"user\"}");
    assert_true(r.v[1].value == 2.5);
    eval("count by (nope) (t)", 100, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.v[0].labels_key, "");
    assert_true(r.v[0].value == 4);
    /* arithmetic on an aggregation, and between two aggregations */
    assert_true(one("sum(t{mode=\"user\"}) / sum(t) * 100", 100) == 5.0 / 15 * 100);
    eval("sum by (cpu) (t{mode=\"user\"}) / sum by (cpu) (t)", 100, &r);
    assert_int_equal(r.n, 2);
    assert_true(r.v[0].value == 1.0 / 3 && r.v[1].value == 4.0 / 12);
    sel_result_free(&r);
}

static void test_nan_inf(void **state)
{
    (void)state;
    const char *a[] = {"k", "a"};
    const char *b[] = {"k", "b"};
    put("n", a, 1, METRIC_GAUGE, NAN, 100);
    put("n", b, 1, METRIC_GAUGE, 1, 100);
    put("z", NULL, 0, METRIC_GAUGE, 0, 100);
    put("i", NULL, 0, METRIC_GAUGE, INFINITY, 100);
    put("ni", NULL, 0, METRIC_GAUGE, -INFINITY, 100);
    assert_true(isnan(one("n{k=\"a\"}", 100)));
    assert_true(isnan(one("sum(n)", 100)));
    assert_true(one("max(n)", 100) == 1); /* NaN loses to any number, as in Prometheus */
    assert_true(one("min(n)", 100) == 1);
    assert_true(isnan(one("max(n{k=\"a\"})", 100)));
    assert_true(one("count(n)", 100) == 2);
    assert_true(one("sum(n{k=\"b\"}) / sum(z)", 100) == INFINITY);
    /* vector / vector matches equal label sets only, as in PromQL */
    struct sel_result r;
    sel_result_init(&r);
    eval("n / z", 100, &r);
    assert_int_equal(r.n, 0);
    sel_result_free(&r);
    assert_true(isnan(one("z / z", 100)));
    assert_true(one("i * 2", 100) == INFINITY);
    assert_true(isnan(one("i + ni", 100)));
    assert_true(one("-i", 100) == -INFINITY);
    assert_true(isnan(one("NaN", 100)));
    assert_true(one("1 / 0", 100) == INFINITY);
    assert_true(one("-Inf", 100) == -INFINITY);
    assert_true(one("2 + 3 * 4 - 6 / 2", 0) == 11);
    assert_true(one("(2 + 3) * 4", 0) == 20);
    assert_true(one("2 - 3 - 4", 0) == -5);
    assert_true(one("-2 * -3", 0) == 6);
}

/* Counter every 10 s at t = 10..60: 100 110 120 5 15 25 (a reset at t=40). */
static void put_counter(const char *name, const double *v, int n)
{
    for (int i = 0; i < n; i++)
        put(name, NULL, 0, METRIC_COUNTER, v[i], 10.0 * (i + 1));
}

static void test_rate(void **state)
{
    (void)state;
    static const double steady[] = {100, 110, 120, 130, 140, 150};
    static const double reset[] = {100, 110, 120, 5, 15, 25};
    static const double from_low[] = {2, 12, 22, 32, 42, 52};
    static const double reset_last[] = {100, 110, 120, 130, 140, 5};
    put_counter("steady", steady, 6);
    put_counter("reset", reset, 6);
    put_counter("low", from_low, 6);
    put_counter("reset_last", reset_last, 6);

    /* window (0, 60]: all six samples; the first is 10 s from the start (under
     * 1.1 x the 10 s spacing): extrapolate to both edges: 50 * 60/50 / 60 */
    assert_close(one("rate(steady[60s])", 60), 1.0);
    assert_close(one("increase(steady[60s])", 60), 60.0);
    assert_close(one("irate(steady[60s])", 60), 1.0);
    /* across the reset: 10 + 10 + 5 + 10 + 10 = 45 in 50 s, extrapolated x 1.2 */
    assert_close(one("increase(reset[60s])", 60), 54.0);
    assert_close(one("rate(reset[60s])", 60), 0.9);
    assert_close(one("irate(reset[60s])", 60), 1.0);
    /* a reset in the last step: irate takes the new value as the increase */
    assert_close(one("irate(reset_last[1m])", 60), 0.5);
    assert_close(one("increase(reset_last[1m])", 60), (40.0 + 5) * 1.2);
    /* a 120 s window: the start is 70 s away (over the threshold): extrapolate
     * by half a spacing (5 s) unless the zero point is closer: 2/50 x 50 = 2 s */
    assert_close(one("increase(low[2m])", 60), 50.0 * 52 / 50);
    assert_close(one("increase(steady[2m])", 60), 50.0 * 55 / 50);
    assert_close(one("rate(steady[2m])", 60), 50.0 * 55 / 50 / 120);
    /* window (35, 65]: samples at 40, 50, 60; 5 s to each edge */
    assert_close(one("increase(steady[30s])", 65), 20.0 * 30 / 20);
    /* one sample in the window: no result */
    struct sel_result r;
    sel_result_init(&r);
    eval("rate(steady[5s])", 60, &r);
    assert_int_equal(r.n, 0);
    assert_true(r.stale);
    /* the window is open at its start: [20s] at 60 holds only 50 and 60 */
    assert_close(one("increase(steady[20s])", 60), 10.0 * 20 / 10);
    /* rate drops the metric name; sums of rates keep working */
    eval("rate(steady[1m])", 60, &r);
    assert_string_equal(r.v[0].labels_key, "");
    assert_close(one("sum(rate({__name__=~\"steady|reset\"}[1m]))", 60), 1.9);
    sel_result_free(&r);
}

/* PromQL's vector matching, set operators and comparisons, on series shaped
 * like node_exporter's hwmon ones; the expected results are PromQL's. */
static void hwmon_fixture(void)
{
    static const struct {
        const char *name, *l[6];
        int n;
        double v;
    } rows[] = {
        {"temp", {"chip", "c0", "sensor", "temp1"}, 2, 50},
        {"temp", {"chip", "c0", "sensor", "temp2"}, 2, 60},
        {"temp", {"chip", "n0", "sensor", "temp1"}, 2, 40},
        {"temp", {"chip", "a0", "sensor", "temp1"}, 2, 30},
        {"temp_max", {"chip", "c0", "sensor", "temp1"}, 2, 90},
        {"chip_names", {"chip", "c0", "chip_name", "coretemp"}, 2, 1},
        {"chip_names", {"chip", "n0", "chip_name", "nvme"}, 2, 1},
        {"chip_names", {"chip", "a0", "chip_name", "acpitz"}, 2, 1},
        {"sensor_label", {"chip", "c0", "label", "package", "sensor", "temp1"}, 3, 1},
        {"sensor_label", {"chip", "c0", "label", "core_0", "sensor", "temp2"}, 3, 1},
        {"sensor_label", {"chip", "n0", "label", "composite", "sensor", "temp1"}, 3, 1},
    };
    struct sample_buf *b = sample_buf_create();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_true(sample_buf_add(b, rows[i].name, rows[i].l, rows[i].n, METRIC_GAUGE, rows[i].v,
                                   100));
    store_commit(st, src, b, 100);
    sample_buf_destroy(b);
}

/* The result's keys and values, "key=value;" each, for whole-result checks. */
static const char *listing(const char *text, double at, char *buf, size_t size)
{
    struct sel_result r;
    sel_result_init(&r);
    eval(text, at, &r);
    size_t n = 0;
    buf[0] = 0;
    if (r.error[0])
        snprintf(buf, size, "error: %s", r.error);
    for (size_t i = 0; i < r.n && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s=%g;", r.v[i].labels_key, r.v[i].value);
    sel_result_free(&r);
    return buf;
}

static void expect_listing_at(const char *text, double at, const char *want)
{
    char buf[1024];
    listing(text, at, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        fprintf(stderr, "%s\n  got  %s\n  want %s\n", text, buf, want);
    assert_string_equal(buf, want);
}

static void expect_listing(const char *text, const char *want)
{
    expect_listing_at(text, 100, want);
}

static void test_vector_matching(void **state)
{
    (void)state;
    hwmon_fixture();
    /* many-to-one: each temperature takes its chip's name */
    expect_listing("temp * on(chip) group_left(chip_name) chip_names",
                   "{chip=\"a0\",chip_name=\"acpitz\",sensor=\"temp1\"}=30;"
                   "{chip=\"c0\",chip_name=\"coretemp\",sensor=\"temp1\"}=50;"
                   "{chip=\"c0\",chip_name=\"coretemp\",sensor=\"temp2\"}=60;"
                   "{chip=\"n0\",chip_name=\"nvme\",sensor=\"temp1\"}=40;");
    /* one-to-many, the other way round: same labels, the values in the written order */
    expect_listing("chip_names{chip=\"c0\"} * 2 - on(chip) group_right(chip_name) temp",
                   "{chip=\"c0\",chip_name=\"coretemp\",sensor=\"temp1\"}=-48;"
                   "{chip=\"c0\",chip_name=\"coretemp\",sensor=\"temp2\"}=-58;");
    /* group_left without labels: the many side's labels as they are */
    expect_listing("temp{chip=\"c0\"} / on(chip) group_left chip_names",
                   "{chip=\"c0\",sensor=\"temp1\"}=50;{chip=\"c0\",sensor=\"temp2\"}=60;");
    /* one-to-one on(): only the on() labels stay */
    expect_listing("temp{sensor=\"temp1\"} - on(chip) chip_names",
                   "{chip=\"a0\"}=29;{chip=\"c0\"}=49;{chip=\"n0\"}=39;");
    /* one-to-one ignoring(): those labels go, the rest must be equal */
    expect_listing("sensor_label + ignoring(label) temp",
                   "{chip=\"c0\",sensor=\"temp1\"}=51;{chip=\"c0\",sensor=\"temp2\"}=61;"
                   "{chip=\"n0\",sensor=\"temp1\"}=41;");
    /* two joins in a row, then a fallback for a sensor without a label */
    expect_listing("temp * on(chip) group_left(chip_name) chip_names"
                   " * on(chip, sensor) group_left(label) sensor_label"
                   " or on(chip, sensor) temp",
                   "{__name__=\"temp\",chip=\"a0\",sensor=\"temp1\"}=30;"
                   "{chip=\"c0\",chip_name=\"coretemp\",label=\"core_0\",sensor=\"temp2\"}=60;"
                   "{chip=\"c0\",chip_name=\"coretemp\",label=\"package\",sensor=\"temp1\"}=50;"
                   "{chip=\"n0\",chip_name=\"nvme\",label=\"composite\",sensor=\"temp1\"}=40;");
    /* a label the one side lacks is removed from the result */
    expect_listing("sensor_label{chip=\"n0\"} * on(chip) group_left(label) chip_names",
                   "{chip=\"n0\",sensor=\"temp1\"}=1;");

    /* what PromQL refuses, the selector refuses: nothing but the reason */
    expect_listing("chip_names * on(chip) group_left temp",
                   "error: many-to-many matching: the right side has more than one series "
                   "for {chip=\"c0\"} (make the labels unique on one side)");
    expect_listing("temp * on(chip) group_right chip_names",
                   "error: many-to-many matching: the left side has more than one series "
                   "for {chip=\"c0\"} (make the labels unique on one side)");
    expect_listing("temp + on(chip) chip_names",
                   "error: more than one series on the left side matches {chip=\"c0\"} "
                   "(many-to-one matching needs group_left or group_right)");
    expect_listing("{__name__=~\"temp|temp_max\",chip=\"c0\",sensor=\"temp1\"}"
                   " * on(chip) group_left chip_names",
                   "error: two results would have the labels {chip=\"c0\",sensor=\"temp1\"} "
                   "(group_left() must keep them apart)");
}

static void test_set_and_comparison(void **state)
{
    (void)state;
    hwmon_fixture();
    const char *nv = "{__name__=\"temp\",chip=\"n0\",sensor=\"temp1\"}=40;";
    /* and / unless keep the left side's elements as they are, name included */
    expect_listing("temp and on(chip) chip_names{chip_name=\"nvme\"}", nv);
    expect_listing("temp unless on(chip) chip_names{chip_name!=\"nvme\"}", nv);
    expect_listing("temp{chip=\"n0\"} and temp_max", "");
    expect_listing("temp{chip=\"c0\"} and ignoring(x) temp_max",
                   "{__name__=\"temp\",chip=\"c0\",sensor=\"temp1\"}=50;");
    /* or: all of the left, then the right's with keys the left lacks */
    expect_listing("temp{chip=\"n0\"} or temp_max or temp{chip=\"n0\"}",
                   "{__name__=\"temp\",chip=\"n0\",sensor=\"temp1\"}=40;"
                   "{__name__=\"temp_max\",chip=\"c0\",sensor=\"temp1\"}=90;");
    /* comparisons filter and keep the vector's value (and name), on either side */
    expect_listing("temp > 45", "{__name__=\"temp\",chip=\"c0\",sensor=\"temp1\"}=50;"
                                "{__name__=\"temp\",chip=\"c0\",sensor=\"temp2\"}=60;");
    expect_listing("45 < temp", "{__name__=\"temp\",chip=\"c0\",sensor=\"temp1\"}=50;"
                                "{__name__=\"temp\",chip=\"c0\",sensor=\"temp2\"}=60;");
    expect_listing("temp{chip!=\"c0\"} >= bool 40", "{chip=\"a0\",sensor=\"temp1\"}=0;"
                                                    "{chip=\"n0\",sensor=\"temp1\"}=1;");
    /* on() keeps only its labels, so even a filter loses the name */
    expect_listing("temp_max != on(chip, sensor) temp", "{chip=\"c0\",sensor=\"temp1\"}=90;");
    expect_listing("temp_max != ignoring(x) temp",
                   "{__name__=\"temp_max\",chip=\"c0\",sensor=\"temp1\"}=90;");
    expect_listing("temp_max == on(chip, sensor) temp", "");
    assert_close(one("count(temp <= 50)", 100), 3);
    assert_close(one("1 > bool 2", 100), 0);
    assert_close(one("2 == bool 2", 100), 1);
    assert_close(one("1 + 2 > bool 2", 100), 1); /* + binds tighter than > */
    assert_close(one("NaN != bool NaN", 100), 1);
    /* % and ^: ^ is right-associative and binds tighter than unary minus */
    assert_close(one("7 % 3", 100), 1);
    assert_close(one("-7 % 3", 100), -1);
    assert_close(one("2 ^ 3 ^ 2", 100), 512);
    assert_close(one("-2 ^ 2", 100), -4);
    assert_close(one("2 ^ -1", 100), 0.5);
    assert_close(one("2 * 3 ^ 2 % 5", 100), 3); /* (2 * 9) % 5 */
    assert_close(one("sum(temp) % 7", 100), 180 % 7);
    /* and binds tighter than or */
    expect_listing("temp{chip=\"n0\"} or temp{chip=\"a0\"} and temp{chip=\"c0\"}", nv);
    expect_listing("(temp{chip=\"n0\"} or temp{chip=\"a0\"}) unless temp{chip=\"n0\"}",
                   "{__name__=\"temp\",chip=\"a0\",sensor=\"temp1\"}=30;");
}

/* Functions over time, worked by hand on one gauge sampled every 10 s. */
static void test_functions_over_time(void **state)
{
    (void)state;
    const char *l[] = {"k", "a"};
    static const double v[] = {4, 8, 8, 2, 6, NAN};
    for (int i = 0; i < 5; i++)
        put("g", l, 1, METRIC_GAUGE, v[i], 100 + 10 * i); /* t 100..140 */
    /* (100, 140] holds 110..140: 8, 8, 2, 6 */
    assert_close(one("avg_over_time(g[40s])", 140), 6);
    assert_close(one("min_over_time(g[40s])", 140), 2);
    assert_close(one("max_over_time(g[40s])", 140), 8);
    assert_close(one("sum_over_time(g[40s])", 140), 24);
    assert_close(one("count_over_time(g[40s])", 140), 4);
    assert_close(one("changes(g[40s])", 140), 2);   /* 8->2, 2->6 */
    assert_close(one("resets(g[40s])", 140), 1);    /* 8->2 */
    assert_close(one("idelta(g[40s])", 140), 4);    /* 6 - 2 */
    assert_close(one("count_over_time(g[1h])", 140), 5);
    /* delta: 6 - 8 over 30 s sampled, extrapolated to the window's start
     * (10 s before 110: within 1.1 sample intervals) and 0 at the end */
    assert_close(one("delta(g[40s])", 140), -2.0 * 40 / 30);
    /* a window starting 20 s before the series does: only half an interval
     * of extrapolation there (6 - 4 over 40 s sampled, plus 5 s) */
    assert_close(one("delta(g[60s])", 140), 2.0 * 45 / 40);
    /* deriv: least squares through (0,8) (10,8) (20,2) (30,6): slope -0.12 */
    assert_close(one("deriv(g[40s])", 140), -0.12);
    /* one sample: no delta, but an average */
    struct sel_result r;
    sel_result_init(&r);
    eval("delta(g[5s])", 140, &r);
    assert_int_equal(r.n, 0);
    sel_result_free(&r);
    assert_close(one("avg_over_time(g[5s])", 140), 6);
    /* 8 8 2 6: the last, present, the median (2 6 8 8 -> 7), the spread */
    assert_close(one("last_over_time(g[40s])", 140), 6);
    assert_close(one("present_over_time(g[40s])", 140), 1);
    assert_close(one("quantile_over_time(0.5, g[40s])", 140), 7);
    assert_close(one("stdvar_over_time(g[40s])", 140), 6); /* (4+4+16+0)/4 */
    assert_close(one("stddev_over_time(g[40s])", 140), sqrt(6.0));
    /* the least-squares line is 4.2 at 140 (mean 6 at 125, slope -0.12):
     * 10 s later it reads 3 */
    assert_close(one("predict_linear(g[40s], 10)", 140), 3);
    /* holt_winters over 8 8 2 6: levels 8, 8, 6.8, then with the trend
     * 0.4 * (6.8 - 8) = -0.48: 0.2 * 6 + 0.8 * (6.8 - 0.48) = 6.256 (the
     * factors the other way round would give 5.472) */
    assert_close(one("holt_winters(g[40s], 0.2, 0.4)", 140), 6.256);
    assert_close(one("holt_winters(g[40s], 0.5, 0.5)", 140), 4.75);
    expect_listing_at("holt_winters(g[40s], 1, 0.5)", 140,
                      "error: invalid smoothing factor: expected 0 < x < 1, got 1");
    expect_listing_at("holt_winters(g[40s], 0.5, 0)", 140,
                      "error: invalid trend factor: expected 0 < x < 1, got 0");
    expect_listing_at("holt_winters(nope[40s], 2, 2)", 140, ""); /* nothing to smooth */
    expect_listing_at("holt_winters(g[5s], 0.5, 0.5)", 140, "");  /* one sample */
    /* a sample's time; a computed vector's is the evaluation's */
    assert_close(one("timestamp(g)", 145), 140);
    assert_close(one("timestamp(abs(g))", 145), 145);
    /* offset: as of that long ago (4 8 8 2 6 at 100..140) */
    assert_close(one("g offset 20s", 140), 8);
    assert_close(one("g offset 15s", 140), 8);   /* at 125: the sample of 120 */
    assert_close(one("g offset -10s", 130), 6);  /* negative: later */
    assert_close(one("max_over_time(g[20s] offset 20s)", 140), 8);
    assert_close(one("min_over_time(g[30s] offset 10s)", 140), 2);
    assert_close(one("timestamp(g offset 25s)", 140), 110);
    assert_close(one("g - g offset 10s", 140), 4);
    expect_listing_at("g offset 1h", 140, ""); /* before any sample */
    /* absent: 1 with the selector's equality labels when nothing matches */
    expect_listing_at("absent(nope{k=\"a\",j=~\"b\"})", 140, "{k=\"a\"}=1;");
    expect_listing_at("absent(nope{k=\"a\",k=\"b\"})", 140, "=1;");
    expect_listing_at("absent(sum(nope))", 140, "=1;");
    expect_listing_at("absent(g)", 140, "");
}

/* Functions element by element, aggregations with a parameter, and
 * histogram_quantile, on values worked by hand (and in promql_differential.sh
 * against Prometheus itself). */
static void test_functions_and_quantiles(void **state)
{
    (void)state;
    hwmon_fixture();
    assert_close(one("abs(-temp{chip=\"a0\"})", 100), 30);
    assert_close(one("sqrt(temp{chip=\"a0\"} + 6)", 100), 6);
    assert_close(one("round(temp{chip=\"n0\"} / 3)", 100), 13);      /* 13.33 */
    assert_close(one("round(temp{chip=\"n0\"} / 8, 0.5)", 100), 5);  /* 5.0 */
    assert_close(one("round(-2.5 * vector(1))", 100), -2);            /* halves up */
    assert_close(one("ceil(vector(1.2)) + floor(vector(1.8))", 100), 3);
    assert_close(one("clamp(temp{chip=\"c0\",sensor=\"temp2\"}, 0, 55)", 100), 55);
    assert_close(one("clamp_min(temp{chip=\"a0\"}, 35)", 100), 35);
    assert_close(one("clamp_max(temp{chip=\"a0\"}, 35)", 100), 30);
    assert_close(one("sgn(vector(-3)) + sgn(vector(0))", 100), -1);
    assert_close(one("log2(vector(8)) + log10(vector(100)) + ln(exp(vector(1)))", 100), 6);
    assert_close(one("time()", 100), 100);
    /* date functions, UTC: 1700000000 is Tuesday 2023-11-14 22:13:20 */
    assert_close(one("year(vector(1700000000))", 100), 2023);
    assert_close(one("month(vector(1700000000))", 100), 11);
    assert_close(one("day_of_month(vector(1700000000))", 100), 14);
    assert_close(one("day_of_week(vector(1700000000))", 100), 2);
    assert_close(one("day_of_year(vector(1700000000))", 100), 318);
    assert_close(one("hour(vector(1700000000))", 100), 22);
    assert_close(one("minute(vector(1700000000.9))", 100), 13);
    assert_close(one("days_in_month(vector(951782400))", 100), 29); /* 2000-02-29 */
    assert_close(one("days_in_month(vector(4106332800))", 100), 28); /* 2100-02-15 */
    assert_close(one("day_of_year(vector(-1))", 100), 365);   /* 1969-12-31 23:59:59 */
    assert_close(one("hour(vector(-0.5))", 100), 0);          /* truncated to 0 */
    assert_close(one("hour()", 7300), 2);                       /* now */
    assert_true(isnan(one("month(vector(0 / 0))", 100)));
    assert_true(isnan(one("year(vector(1 / 0))", 100)));
    expect_listing("day_of_week(temp{chip=\"a0\"})", "{chip=\"a0\",sensor=\"temp1\"}=4;");
    assert_close(one("scalar(temp{chip=\"a0\"}) * 2", 100), 60);
    assert_true(isnan(one("scalar(temp)", 100))); /* not one element */
    expect_listing("clamp(temp, 5, 1)", "");       /* max below min: nothing */
    expect_listing("abs(temp{chip=\"a0\"})", "{chip=\"a0\",sensor=\"temp1\"}=30;");
    /* aggregations with a parameter; topk keeps the series as they were */
    expect_listing("topk(2, temp)", "{__name__=\"temp\",chip=\"c0\",sensor=\"temp1\"}=50;"
                                    "{__name__=\"temp\",chip=\"c0\",sensor=\"temp2\"}=60;");
    expect_listing("bottomk by (chip) (1, temp)",
                   "{__name__=\"temp\",chip=\"a0\",sensor=\"temp1\"}=30;"
                   "{__name__=\"temp\",chip=\"c0\",sensor=\"temp1\"}=50;"
                   "{__name__=\"temp\",chip=\"n0\",sensor=\"temp1\"}=40;");
    expect_listing("topk(0, temp)", "");
    /* 30 40 50 60: rank 0.5 * 3 = 1.5 -> 45; rank 0.9 * 3 = 2.7 -> 57 */
    assert_close(one("quantile(0.5, temp)", 100), 45);
    assert_close(one("quantile(0.9, temp)", 100), 57);
    assert_true(isinf(one("quantile(2, temp)", 100)));
    assert_close(one("stdvar(temp)", 100), 125);     /* mean 45: (225+25+25+225)/4 */
    assert_close(one("stddev(temp)", 100), sqrt(125.0));
    expect_listing("group by (chip) (temp)",
                   "{chip=\"a0\"}=1;{chip=\"c0\"}=1;{chip=\"n0\"}=1;");

    /* a histogram: 10 observations, 2 <= 0.1, 6 <= 0.5, 9 <= 1, 10 in all */
    static const char *const le[] = {"0.1", "0.5", "1", "+Inf"};
    static const double cum[] = {2, 6, 9, 10};
    for (int i = 0; i < 4; i++) {
        const char *l[] = {"job", "api", "le", le[i]};
        put("h_bucket", l, 2, METRIC_COUNTER, cum[i], 100);
    }
    /* rank 5 falls in (0.1, 0.5] holding 4: 0.1 + 0.4 * 3/4 */
    assert_close(one("histogram_quantile(0.5, h_bucket)", 100), 0.4);
    /* rank 9.5 falls in the +Inf bucket: the highest finite bound */
    assert_close(one("histogram_quantile(0.95, h_bucket)", 100), 1);
    /* rank 1 in the first bucket, from 0 */
    assert_close(one("histogram_quantile(0.1, h_bucket)", 100), 0.05);
    expect_listing("histogram_quantile(0.5, h_bucket)", "{job=\"api\"}=0.4;");
    /* label_replace: Go's $1 / ${1} / $$; "$1x" names a group that is not there */
    expect_listing("label_replace(temp{chip=\"n0\"}, \"dev\", \"${1}-$1x-$$\", \"chip\", \"(.)0\")",
                   "{__name__=\"temp\",chip=\"n0\",dev=\"n--$\",sensor=\"temp1\"}=40;");
    expect_listing("label_replace(temp{chip=\"n0\"}, \"chip\", \"\", \"chip\", \".*\")",
                   "{__name__=\"temp\",sensor=\"temp1\"}=40;");
    expect_listing("label_join(temp{chip=\"n0\"}, \"id\", \"/\", \"chip\", \"nope\", \"sensor\")",
                   "{__name__=\"temp\",chip=\"n0\",id=\"n0//temp1\",sensor=\"temp1\"}=40;");
    expect_listing("label_replace(temp, \"sensor\", \"\", \"sensor\", \".*\")",
                   "error: label_replace() made two results with the labels "
                   "{__name__=\"temp\",chip=\"c0\"}");
    assert_true(isnan(one("histogram_quantile(0.5, h_bucket{le!=\"+Inf\"})", 100)));
}

static void test_staleness(void **state)
{
    (void)state;
    const char *a[] = {"host", "a"};
    const char *b[] = {"host", "b"};
    put("up", a, 1, METRIC_GAUGE, 1, 100);
    put("up", b, 1, METRIC_GAUGE, 5, 100);
    put("up", a, 1, METRIC_GAUGE, 2, 120);

    struct sel_result r;
    sel_result_init(&r);
    /* interval 10 s: stale once 30 s pass without a refresh */
    eval("up", 131, &r);
    assert_int_equal(r.n, 2);
    assert_false(r.v[0].stale);
    assert_true(r.v[1].stale); /* b: last refreshed at 100 */
    assert_true(r.v[1].value == 5);
    assert_false(r.stale);
    /* an aggregation leaves stale series out while fresh ones remain */
    eval("sum(up)", 131, &r);
    assert_true(r.v[0].value == 2 && !r.v[0].stale);
    /* all stale: aggregate the last values, flagged */
    eval("sum(up)", 200, &r);
    assert_true(r.v[0].value == 7 && r.v[0].stale && r.stale);
    /* arithmetic: stale if an operand is */
    eval("up{host=\"a\"} + 1", 200, &r);
    assert_true(r.v[0].value == 3 && r.v[0].stale && r.stale);
    eval("up{host=\"a\"} + 1", 125, &r);
    assert_false(r.stale);
    /* a number alone is never stale */
    eval("42", 1e9, &r);
    assert_false(r.stale);
    assert_true(r.v[0].value == 42);
    sel_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test_setup_teardown(test_instant_and_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aggregations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nan_inf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staleness, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vector_matching, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_and_comparison, setup, teardown),
        cmocka_unit_test_setup_teardown(test_functions_over_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_functions_and_quantiles, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
