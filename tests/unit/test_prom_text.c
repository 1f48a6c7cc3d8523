/* The text exposition format: parser conformance, errors, values, writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "sources/prom_text.h"

/* Parses `text` into a fresh store (one commit at t=1000) and returns it. */
static struct store *parse_into_store(const char *text, size_t len, const struct prom_text_opts *o)
{
    struct sample_buf *b = sample_buf_create();
    char err[256];
    bool ok = prom_text_parse(text, len, b, o, err, sizeof err);
    if (!ok)
        fprintf(stderr, "parse error: %s\n", err);
    assert_true(ok);
    struct store *s = store_create(NULL);
    int id = store_source_register(s, "t", 1);
    store_commit(s, id, b, 1000);
    sample_buf_destroy(b);
    return s;
}

static double value_of(struct store *s, const char *key)
{
    const struct series *se = store_series_find(s, key);
    if (!se)
        fprintf(stderr, "no series %s\n", key);
    assert_non_null(se);
    double v;
    assert_true(series_last(se, NULL, &v));
    return v;
}

static void test_conformance(void **state)
{
    (void)state;
    static const char text[] =
        "# HELP http_requests_total The total number of HTTP requests.\r\n"
        "# TYPE http_requests_total counter\r\n"
        "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\r\n"
        "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000   \r\n"
        "\r\n"
        "# Escaping in label values:\n"
        "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find "
        "file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
        "\n"
        "# Minimalistic line:\n"
        "metric_without_timestamp_and_labels 12.47\n"
        "   \t\n"
        "# A weird metric from before the epoch:\n"
        "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
        "neg_inf -Inf\n"
        "not_a_number NaN\n"
        "# HELP help_escapes A \\\\ backslash and a\\nnewline, \"quotes\" kept.\n"
        "# TYPE help_escapes gauge\n"
        "help_escapes{a=\"x\",} 2\n"
        "# TYPE http_request_duration_seconds histogram\n"
        "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
        "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
        "http_request_duration_seconds_sum 53423\n"
        "http_request_duration_seconds_count 144320\n"
        "# TYPE rpc_duration_seconds summary\n"
        "rpc_duration_seconds{quantile=\"0.01\"} 3102\n"
        "rpc_duration_seconds_sum 1.7560473e+07\n"
        "rpc_duration_seconds_count 2693\n"
        "after_family 7\n"
        "spaced { a = \"1\" , b=\"2\" }\t5\n"
        "colon:name:x 1e-3\n"
        "# TYPE om_bucket gaugehistogram\n"
        "exemplar_bucket{le=\"1\"} 5 # {trace_id=\"abc\"} 0.5 1234\n"
        "exemplar_ts 6 1395066363000 # {a=\"b\"} 1\n"
        "# TYPE build_info info\n"
        "build_info{version=\"1\"} 1\n"
        "# EOF\n"
        "no_newline_at_end 42";
    struct store *s = parse_into_store(text, sizeof text - 1, NULL);
    store_read_lock(s);
    assert_int_equal(store_series_count(s), 22);
    const struct series *se = store_series_find(s, "http_requests_total{code=\"200\",method=\"post\"}");
    assert_non_null(se);
    assert_int_equal(se->type, METRIC_COUNTER);
    double ts, v;
    series_last(se, &ts, &v);
    assert_true(v == 1027 && ts == 1395066363.0);
    assert_true(value_of(s, "http_requests_total{code=\"400\",method=\"post\"}") == 3);
    assert_string_equal(store_help(s, "http_requests_total"), "The total number of HTTP requests.");
    se = store_series_find(s, "msdos_file_access_time_seconds{error=\"Cannot find file:\\n\\\"FILE."
                              "TXT\\\"\",path=\"C:\\\\DIR\\\\FILE.TXT\"}");
    assert_non_null(se);
    assert_string_equal(series_label(se, "path"), "C:\\DIR\\FILE.TXT");
    assert_string_equal(series_label(se, "error"), "Cannot find file:\n\"FILE.TXT\"");
    assert_true(value_of(s, se->key) == 1.458255915e9);
    assert_int_equal(se->type, METRIC_UNTYPED);
    assert_true(value_of(s, "metric_without_timestamp_and_labels") == 12.47);
    se = store_series_find(s, "something_weird{problem=\"division by zero\"}");
    series_last(se, &ts, &v);
    assert_true(v == INFINITY && ts == -3982.045);
    assert_true(value_of(s, "neg_inf") == -INFINITY);
    assert_true(isnan(value_of(s, "not_a_number")));
    assert_string_equal(store_help(s, "help_escapes"),
                        "A \\ backslash and a\nnewline, \"quotes\" kept.");
    assert_int_equal(store_series_find(s, "help_escapes{a=\"x\"}")->type, METRIC_GAUGE);
    assert_int_equal(store_series_find(s, "http_request_duration_seconds_bucket{le=\"+Inf\"}")->type,
                     METRIC_HISTOGRAM);
    assert_int_equal(store_series_find(s, "http_request_duration_seconds_count")->type,
                     METRIC_HISTOGRAM);
    assert_true(value_of(s, "http_request_duration_seconds_sum") == 53423);
    assert_int_equal(store_series_find(s, "rpc_duration_seconds{quantile=\"0.01\"}")->type,
                     METRIC_SUMMARY);
    assert_int_equal(store_series_find(s, "rpc_duration_seconds_sum")->type, METRIC_SUMMARY);
    assert_true(value_of(s, "rpc_duration_seconds_sum") == 1.7560473e+07);
    assert_int_equal(store_series_find(s, "after_family")->type, METRIC_UNTYPED);
    assert_true(value_of(s, "spaced{a=\"1\",b=\"2\"}") == 5);
    assert_true(value_of(s, "colon:name:x") == 1e-3);
    assert_true(value_of(s, "no_newline_at_end") == 42);
    assert_true(value_of(s, "exemplar_bucket{le=\"1\"}") == 5);
    series_last(store_series_find(s, "exemplar_ts"), &ts, &v);
    assert_true(v == 6 && ts == 1395066363.0);
    assert_int_equal(store_series_find(s, "build_info{version=\"1\"}")->type, METRIC_GAUGE);
    store_read_unlock(s);
    store_destroy(s);
}

static void expect_error(const char *text, const char *msg)
{
    struct sample_buf *b = sample_buf_create();
    char err[256] = "";
    bool ok = prom_text_parse(text, strlen(text), b, NULL, err, sizeof err);
    if (ok || strcmp(err, msg) != 0)
        fprintf(stderr, "input %s\n  got %s (%s), want %s\n", text, ok ? "success" : "error", err,
                msg);
    assert_false(ok);
    assert_string_equal(err, msg);
    sample_buf_destroy(b);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("ok 1\n1bad 2\n", "line 2: expected a metric name");
    expect_error("m\n", "line 1: missing value");
    expect_error("m abc\n", "line 1: invalid value");
    expect_error("m 1 2 3\n", "line 1: unexpected text after the timestamp");
    expect_error("m 1 1.5\n", "line 1: invalid timestamp");
    expect_error("m{a=\"1} 2\n", "line 1: unterminated label value");
    expect_error("m{a=\"1\",a=\"2\"} 2\n", "line 1: duplicate label name");
    expect_error("m{a=1} 2\n", "line 1: expected '\"' to start a label value");
    expect_error("m{a} 2\n", "line 1: expected '=' after a label name");
    expect_error("m{1a=\"x\"} 2\n", "line 1: expected a label name");
    expect_error("m{a=\"x\" b=\"y\"} 2\n", "line 1: expected ',' or '}' after a label value");
    expect_error("m{a=\"x\"", "line 1: unterminated label set");
    expect_error("m{a=\"x\"}2\n", "line 1: expected a blank before the value");
    expect_error("\n\n# TYPE m histogramm\n", "line 3: unknown metric type");
    expect_error("# TYPE 9m gauge\n", "line 1: invalid metric name in TYPE");
    expect_error("# HELP 9x y\n", "line 1: invalid metric name in HELP");
    expect_error("# HELP x\n# TYPE\n# TYPE y\n", "line 3: unknown metric type");
    expect_error("\x89PNG\r\n\x1a\n\x00\x00", "line 1: expected a metric name");
    expect_error("m 1 99999999999999999999999\n", "line 1: timestamp out of range");
    expect_error("m nan(1)\n", "line 1: invalid value");

    /* a line over 1 MiB */
    size_t big = PROM_TEXT_MAX_LINE + 10;
    char *t = malloc(big + 8);
    memcpy(t, "a 1\nm{a=\"", 9);
    memset(t + 9, 'x', big - 9);
    t[big] = '\n';
    t[big + 1] = 0;
    struct sample_buf *b = sample_buf_create();
    char err[128];
    assert_false(prom_text_parse(t, big + 1, b, NULL, err, sizeof err));
    assert_string_equal(err, "line 2: line longer than 1 MiB");
    /* just under the cap is fine: 127 labels of 8200 bytes */
    size_t n = (size_t)sprintf(t, "m{");
    for (int i = 0; i < 127; i++) {
        n += (size_t)sprintf(t + n, "l%d=\"", i);
        memset(t + n, 'y', 8200);
        n += 8200;
        n += (size_t)sprintf(t + n, "\",");
    }
    n += (size_t)sprintf(t + n, "} 1\n");
    assert_true(n > PROM_TEXT_MAX_LINE - 20000 && n < PROM_TEXT_MAX_LINE);
    sample_buf_reset(b);
    assert_true(prom_text_parse(t, n, b, NULL, err, sizeof err));
    assert_int_equal(sample_buf_count(b), 1);
    /* one label value over the sample_buf's 64 KiB string limit */
    n = (size_t)sprintf(t, "m{a=\"");
    memset(t + n, 'z', 70000);
    n += 70000;
    n += (size_t)sprintf(t + n, "\"} 1\n");
    assert_false(prom_text_parse(t, n, b, NULL, err, sizeof err));
    assert_string_equal(err, "line 1: label value longer than 64 KiB");
    free(t);
    sample_buf_destroy(b);
}

static void test_series_cap(void **state)
{
    (void)state;
    size_t cap = 1000;
    char *t = malloc(32 * (cap + 2));
    size_t n = 0;
    for (size_t i = 0; i <= cap; i++)
        n += (size_t)sprintf(t + n, "s{i=\"%zu\"} %zu\n", i, i);
    struct sample_buf *b = sample_buf_create();
    char err[128];
    struct prom_text_opts o = {.max_series = cap};
    assert_false(prom_text_parse(t, n, b, &o, err, sizeof err));
    assert_string_equal(err, "line 1001: more than 1000 series");
    sample_buf_reset(b);
    assert_true(prom_text_parse(t, n, b, NULL, err, sizeof err)); /* default 100000 */
    assert_int_equal(sample_buf_count(b), cap + 1);
    free(t);
    sample_buf_destroy(b);
}

static void test_utf8_and_extra_labels(void **state)
{
    (void)state;
    static const char text[] = "m{v=\"ok \xe6\x97\xa5 bad \xff\xc3 end\"} 1\n"
                               "# HELP m bad \xed\xa0\x80 surrogate\n"
                               "n{instance=\"mine\"} 2\n";
    const char *extra[] = {"instance", "host:9100"};
    struct prom_text_opts o = {.extra_labels = extra, .extra_label_count = 1};
    struct store *s = parse_into_store(text, sizeof text - 1, &o);
    store_read_lock(s);
    const struct series *se =
        store_series_find(s, "m{instance=\"host:9100\",v=\"ok \xe6\x97\xa5 bad \xef\xbf\xbd\xef\xbf\xbd end\"}");
    assert_non_null(se);
    assert_string_equal(store_help(s, "m"), "bad \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd surrogate");
    assert_non_null(store_series_find(s, "n{instance=\"mine\"}"));
    store_read_unlock(s);
    store_destroy(s);
}

static void test_values(void **state)
{
    (void)state;
    double v;
    assert_true(prom_text_parse_value("1", 1, &v) && v == 1);
    assert_true(prom_text_parse_value("-0.5", 4, &v) && v == -0.5);
    assert_true(prom_text_parse_value("+Inf", 4, &v) && v == INFINITY);
    assert_true(prom_text_parse_value("-inf", 4, &v) && v == -INFINITY);
    assert_true(prom_text_parse_value("Inf", 3, &v) && v == INFINITY);
    assert_true(prom_text_parse_value("nan", 3, &v) && isnan(v));
    assert_true(prom_text_parse_value("1.5e-05", 7, &v) && v == 1.5e-05);
    assert_true(prom_text_parse_value("2.5276063744e+10", 16, &v) && v == 2.5276063744e+10);
    assert_true(prom_text_parse_value(".5", 2, &v) && v == 0.5);
    assert_true(prom_text_parse_value("5.", 2, &v) && v == 5);
    assert_true(prom_text_parse_value("0x10", 4, &v) && v == 16);
    assert_true(prom_text_parse_value("1e400", 5, &v) && v == INFINITY);
    assert_false(prom_text_parse_value("", 0, &v));
    assert_false(prom_text_parse_value("1e", 2, &v));
    assert_false(prom_text_parse_value("--1", 3, &v));
    assert_false(prom_text_parse_value("1.2.3", 5, &v));
    assert_false(prom_text_parse_value(" 1", 2, &v));
    assert_false(prom_text_parse_value(".", 1, &v));
    /* the fast path agrees with strtod bit for bit */
    srand(7);
    char buf[64];
    for (int i = 0; i < 100000; i++) {
        double x = (double)rand() / RAND_MAX * pow(10, rand() % 40 - 20);
        int len = snprintf(buf, sizeof buf, "%.*g", 1 + rand() % 17, x);
        double want = strtod(buf, NULL);
        assert_true(prom_text_parse_value(buf, (size_t)len, &v));
        assert_memory_equal(&v, &want, sizeof v);
        len = snprintf(buf, sizeof buf, "%d.%d", rand() % 100000, rand() % 1000);
        want = strtod(buf, NULL);
        assert_true(prom_text_parse_value(buf, (size_t)len, &v));
        assert_memory_equal(&v, &want, sizeof v);
    }
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *s;
    } cases[] = {
        {0, "0"},          {1, "1"},
        {-2, "-2"},        {0.25, "0.25"},
        {123456, "123456"}, {1e6, "1e+06"},
        {1234567, "1.234567e+06"}, {2.5276063744e+10, "2.5276063744e+10"},
        {1.5e-05, "1.5e-05"}, {0.0001, "0.0001"},
        {0.1, "0.1"},      {3652.24, "3652.24"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {5e-324, "5e-324"},
        {INFINITY, "+Inf"}, {-INFINITY, "-Inf"},
        {NAN, "NaN"},      {1.0 / 3, "0.3333333333333333"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        prom_text_format_value(buf, sizeof buf, cases[i].v);
        assert_string_equal(buf, cases[i].s);
    }
}

static void test_writer(void **state)
{
    (void)state;
    static const char text[] = "# HELP h A histogram.\n"
                               "# TYPE h histogram\n"
                               "h_bucket{le=\"10\",x=\"b\"} 3\n"
                               "h_bucket{le=\"+Inf\",x=\"b\"} 4\n"
                               "h_bucket{le=\"2.5\",x=\"b\"} 1\n"
                               "h_sum{x=\"b\"} 12.5\n"
                               "h_count{x=\"b\"} 4\n"
                               "h_bucket{le=\"+Inf\",x=\"a\"} 0\n"
                               "h_sum{x=\"a\"} 0\n"
                               "h_count{x=\"a\"} 0\n"
                               "# TYPE a_total counter\n"
                               "a_total{path=\"C:\\\\x\",q=\"say \\\"hi\\\"\\n\"} 1e6\n"
                               "# HELP g multi\\nline \\\\ help\n"
                               "# TYPE g gauge\n"
                               "g NaN\n"
                               "u -Inf\n";
    struct store *s = parse_into_store(text, sizeof text - 1, NULL);
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    store_read_lock(s);
    prom_text_write_store(f, s);
    store_read_unlock(s);
    fclose(f);
    assert_string_equal(out, "# TYPE a_total counter\n"
                             "a_total{path=\"C:\\\\x\",q=\"say \\\"hi\\\"\\n\"} 1e+06\n"
                             "# HELP g multi\\nline \\\\ help\n"
                             "# TYPE g gauge\n"
                             "g NaN\n"
                             "# HELP h A histogram.\n"
                             "# TYPE h histogram\n"
                             "h_bucket{le=\"+Inf\",x=\"a\"} 0\n"
                             "h_sum{x=\"a\"} 0\n"
                             "h_count{x=\"a\"} 0\n"
                             "h_bucket{le=\"2.5\",x=\"b\"} 1\n"
                             "h_bucket{le=\"10\",x=\"b\"} 3\n"
                             "h_bucket{le=\"+Inf\",x=\"b\"} 4\n"
                             "h_sum{x=\"b\"} 12.5\n"
                             "h_count{x=\"b\"} 4\n"
                             "# TYPE u untyped\n"
                             "u -Inf\n");
    free(out);
    store_destroy(s);
}

/* What --list-metrics prints is what MAGI sees: a series that a complete
 * source (a scrape) stopped listing has ended and is left out. */
static void test_writer_skips_ended(void **state)
{
    (void)state;
    struct store *s = store_create(NULL);
    int id = store_source_register(s, "scrape:test", 1.0);
    store_source_set_complete(s, id, true);
    struct sample_buf *b = sample_buf_create();
    const char *la[] = {"x", "a"}, *lb[] = {"x", "b"};
    sample_buf_add(b, "g", la, 1, METRIC_GAUGE, 1, 0);
    sample_buf_add(b, "g", lb, 1, METRIC_GAUGE, 2, 0);
    store_commit(s, id, b, 1000.0);
    sample_buf_reset(b);
    sample_buf_add(b, "g", la, 1, METRIC_GAUGE, 3, 0);
    store_commit(s, id, b, 1001.0);
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    store_read_lock(s);
    prom_text_write_store(f, s);
    store_read_unlock(s);
    fclose(f);
    assert_string_equal(out, "# TYPE g gauge\n"
                             "g{x=\"a\"} 3\n");
    free(out);
    sample_buf_destroy(b);
    store_destroy(s);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* A real node_exporter 1.5.0 scrape: parse, write, parse again: identical. */
static void test_node_exporter_round_trip(void **state)
{
    (void)state;
    size_t len;
    char *text = read_file(MAGI_TEST_DIR "/fixtures/node_exporter-1.5.0.prom", &len);
    struct store *s = parse_into_store(text, len, NULL);
    free(text);
    store_read_lock(s);
    assert_int_equal(store_series_count(s), 507);
    assert_true(value_of(s, "node_load1") == 0.38);
    assert_true(value_of(s, "node_memory_MemTotal_bytes") == 2.5276063744e+10);
    assert_true(value_of(s, "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}") == 3652.24);
    assert_int_equal(store_series_find(s, "node_load1")->type, METRIC_GAUGE);
    assert_int_equal(store_series_find(s, "go_gc_duration_seconds{quantile=\"0.5\"}")->type,
                     METRIC_SUMMARY);
    assert_string_equal(store_help(s, "node_load1"), "1m load average.");

    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    prom_text_write_store(f, s);
    fclose(f);
    struct store *s2 = parse_into_store(out, out_len, NULL);
    store_read_lock(s2);
    assert_int_equal(store_series_count(s2), 507);
    for (size_t i = 0; i < store_series_count(s); i++) {
        const struct series *a = store_series_at(s, i);
        const struct series *b = store_series_find(s2, a->key);
        assert_non_null(b);
        assert_int_equal(a->type, b->type);
        double va, vb;
        series_last(a, NULL, &va);
        series_last(b, NULL, &vb);
        assert_memory_equal(&va, &vb, sizeof va);
        const char *ha = store_help(s, a->name), *hb = store_help(s2, a->name);
        if (ha)
            assert_string_equal(ha, hb);
    }
    store_read_unlock(s2);
    store_read_unlock(s);
    free(out);
    store_destroy(s2);
    store_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conformance),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_series_cap),
        cmocka_unit_test(test_utf8_and_extra_labels),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_writer),
        cmocka_unit_test(test_writer_skips_ended),
        cmocka_unit_test(test_node_exporter_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
