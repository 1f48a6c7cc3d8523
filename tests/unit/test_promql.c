/* The promql source's response handling and naming (HTTP itself is covered by
 * the integration tests against a real Prometheus). */
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
#include "sources/promql.h"
#include "sources/source.h"

static struct store *ingest(const char *json, bool keep_ts, double max_ts, bool expect_ok,
                            const char *expect_err)
{
    struct sample_buf *b = sample_buf_create();
    char err[256] = "";
    bool ok = promql_ingest(json, strlen(json), "derived_name", keep_ts, max_ts, b, err,
                            sizeof err);
    if (ok != expect_ok)
        fprintf(stderr, "ingest: %s\n", err);
    assert_int_equal(ok, expect_ok);
    if (!expect_ok) {
        assert_string_equal(err, expect_err);
        sample_buf_destroy(b);
        return NULL;
    }
    struct store *s = store_create(NULL);
    store_commit(s, store_source_register(s, "p", 5), b, 2000);
    sample_buf_destroy(b);
    return s;
}

static void test_vector(void **state)
{
    (void)state;
    struct store *s = ingest(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        "{\"metric\":{\"__name__\":\"up\",\"instance\":\"a:9100\",\"job\":\"node\"},"
        "\"value\":[1700000000.5,\"1\"]},"
        "{\"metric\":{\"__name__\":\"up\",\"instance\":\"b:9100\",\"job\":\"node\"},"
        "\"value\":[1700000000.5,\"NaN\"]},"
        "{\"metric\":{\"instance\":\"c\"},\"value\":[1700000000.5,\"+Inf\"]},"
        "{\"metric\":{},\"value\":[1700000000.5,\"-2.5e-3\"]}]}}",
        false, 0, true, NULL);
    store_read_lock(s);
    assert_int_equal(store_series_count(s), 4);
    const struct series *se = store_series_find(s, "up{instance=\"a:9100\",job=\"node\"}");
    assert_non_null(se);
    double ts, v;
    series_last(se, &ts, &v);
    assert_true(v == 1 && ts == 2000); /* the commit time, not the server's */
    series_last(store_series_find(s, "up{instance=\"b:9100\",job=\"node\"}"), NULL, &v);
    assert_true(isnan(v));
    series_last(store_series_find(s, "derived_name{instance=\"c\"}"), NULL, &v);
    assert_true(v == INFINITY);
    series_last(store_series_find(s, "derived_name"), NULL, &v);
    assert_true(v == -2.5e-3);
    store_read_unlock(s);
    store_destroy(s);
}

static void test_matrix_and_scalar(void **state)
{
    (void)state;
    struct store *s = ingest(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        "{\"metric\":{\"__name__\":\"x\",\"k\":\"v\"},"
        "\"values\":[[1000,\"1\"],[1005,\"2\"],[1010,\"3\"],[1015,\"4\"]]}]},"
        "\"warnings\":[\"ignored\"]}",
        true, 1012, true, NULL);
    store_read_lock(s);
    const struct series *se = store_series_find(s, "x{k=\"v\"}");
    assert_non_null(se);
    assert_int_equal(se->count, 3); /* the sample after max_ts is dropped */
    double ts, v;
    series_sample(se, 0, &ts, &v);
    assert_true(ts == 1000 && v == 1);
    series_sample(se, 2, &ts, &v);
    assert_true(ts == 1010 && v == 3);
    store_read_unlock(s);
    store_destroy(s);

    s = ingest("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
               "\"result\":[1700000000,\"42\"]}}",
               false, 0, true, NULL);
    store_read_lock(s);
    double v2;
    assert_true(series_last(store_series_find(s, "derived_name"), NULL, &v2) && v2 == 42);
    store_read_unlock(s);
    store_destroy(s);
}

/* Member order is free in JSON; escapes are JSON's, not the text format's. */
static void test_order_and_escapes(void **state)
{
    (void)state;
    struct store *s = ingest(
        " {\"data\" : {\"result\":[{\"value\":[1,\"5\"],\"metric\":{\"k\":\"caf\\u00e9 "
        "\\ud83d\\ude00 \\\"q\\\" a\\/b\\nc \\ud800x\",\"__name__\":\"m\"}}],"
        "\"resultType\":\"vector\"},\"status\":\"success\",\"extra\":[true,false,null,-0.5e+3,{}]}\n",
        false, 0, true, NULL);
    store_read_lock(s);
    assert_int_equal(store_series_count(s), 1);
    const struct series *se = store_series_at(s, 0);
    assert_string_equal(se->name, "m");
    assert_string_equal(series_label(se, "k"),
                        "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" a/b\nc \xef\xbf\xbdx");
    store_read_unlock(s);
    store_destroy(s);
}

static void test_errors(void **state)
{
    (void)state;
    ingest("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter "
           "\\\"query\\\": 1:5: parse error: unexpected <EOF>\"}",
           false, 0, false,
           "bad_data: invalid parameter \"query\": 1:5: parse error: unexpected <EOF>");
    ingest("{\"status\":\"error\",\"error\":\"in \\ntue\"}", false, 0, false, "error: in  tue");
    ingest("{\"status\":\"error\"}", false, 0, false, "error: (no error text)");
    ingest("<html>502 Bad Gateway</html>", false, 0, false, "the response is not valid JSON");
    ingest("{\"status\":\"success\"}", false, 0, false, "not a Prometheus query API response");
    ingest("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"s\"]}}",
           false, 0, false, "string results are not supported");
    /* a result type quoted in the message stays on one line (found by fuzz_promql) */
    ingest("{\"status\":\"success\",\"data\":{\"resultType\":\"a\\nb\",\"result\":[]}}",
           false, 0, false, "a b results are not supported");
    ingest("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
           "{\"metric\":{},\"value\":[1,2]}]}}",
           false, 0, false, "malformed value in the result");
    ingest("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
           "{\"metric\":{\"a\":1},\"value\":[1,\"2\"]}]}}",
           false, 0, false, "malformed metric labels in the result");
    ingest("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
           "{\"metric\":{},\"value\":[1,\"two\"]}]}}",
           false, 0, false, "malformed value in the result");
    /* deep nesting is refused, not recursed into */
    static char deep[20100];
    strcpy(deep, "{\"x\":");
    for (int i = 0; i < 20000; i++)
        deep[5 + i] = '[';
    ingest(deep, false, 0, false, "the response is not valid JSON");
    static const char *const broken[] = {
        "{\"status\":\"success\",}",
        "{\"status\":\"success\"} x",
        "{\"status\":\"succ\x01ess\"}",
        "{\"status\":\"\\x\"}",
        "{\"status\":\"\\u12\"}",
        "{\"a\":[1,]}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":tru}",
        "{\"a\" 1}",
        "",
        "{",
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++)
        ingest(broken[i], false, 0, false, "the response is not valid JSON");
    ingest("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}",
           false, 0, false, "malformed vector result");
    ingest("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
           "{\"metric\":{},\"values\":5}]}}",
           false, 0, false, "malformed values in the result");
}

/* count(ALERTS) at time `at`: -1 when there is no result at all. */
static double count_alerts(const struct store *s, double at)
{
    char err[128];
    struct selector *sel = selector_parse("count(ALERTS)", err, sizeof err);
    assert_non_null(sel);
    struct sel_result r;
    sel_result_init(&r);
    selector_eval(sel, s, at, &r);
    double v = r.n == 1 ? r.v[0].value : -1;
    assert_true(r.n <= 1);
    sel_result_free(&r);
    selector_free(sel);
    return v;
}

/* The first poll's back-fill (query_range, max_ts set) and the instant query
 * land in one commit. What only the back-fill knows is history: an alert that
 * has resolved must not look firing now (it once took the cluster layout over
 * at every start) yet stays in the graphs' past; Prometheus's instant query
 * is the truth about now, its range about the past. */
static void test_backfill_is_history(void **state)
{
    (void)state;
    const double now = 2000, interval = 5;
    struct sample_buf *b = sample_buf_create();
    char err[256] = "";
    const char *range =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        "{\"metric\":{\"__name__\":\"ALERTS\",\"alertname\":\"Resolved\"},"
        "\"values\":[[1930,\"1\"],[1935,\"1\"],[1940,\"1\"]]},"
        "{\"metric\":{\"__name__\":\"ALERTS\",\"alertname\":\"Ancient\"},"
        "\"values\":[[1000,\"1\"],[1005,\"1\"]]},"
        "{\"metric\":{\"__name__\":\"ALERTS\",\"alertname\":\"JustResolved\"},"
        "\"values\":[[1990,\"1\"],[1995,\"1\"]]},"
        "{\"metric\":{\"__name__\":\"ALERTS\",\"alertname\":\"Firing\"},"
        "\"values\":[[1990,\"1\"],[1995,\"1\"]]}]}}";
    const char *instant =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        "{\"metric\":{\"__name__\":\"ALERTS\",\"alertname\":\"Firing\"},"
        "\"value\":[2000,\"1\"]}]}}";
    assert_true(promql_ingest(range, strlen(range), "x", true, now - interval / 2, b, err,
                              sizeof err));
    assert_true(promql_ingest(instant, strlen(instant), "x", false, 0, b, err, sizeof err));
    struct store *s = store_create(NULL);
    int id = store_source_register(s, "p", interval);
    store_source_set_complete(s, id, source_kind_promql.complete);
    store_commit(s, id, b, now);
    sample_buf_destroy(b);
    store_read_lock(s);
    assert_int_equal(store_series_count(s), 4);
    const struct series *resolved = store_series_find(s, "ALERTS{alertname=\"Resolved\"}");
    const struct series *ancient = store_series_find(s, "ALERTS{alertname=\"Ancient\"}");
    const struct series *just = store_series_find(s, "ALERTS{alertname=\"JustResolved\"}");
    const struct series *firing = store_series_find(s, "ALERTS{alertname=\"Firing\"}");
    assert_non_null(resolved);
    assert_non_null(ancient);
    assert_non_null(just);
    assert_non_null(firing);
    /* history kept for the graphs; ended where the history stops */
    assert_int_equal(resolved->count, 3);
    assert_true(resolved->last_update == 1940);
    assert_true(resolved->ended == 1945);
    assert_true(store_series_stale(s, resolved, now));
    assert_false(store_series_stale(s, resolved, 1942)); /* while it fired */
    assert_true(store_series_stale(s, ancient, now));
    assert_true(just->ended == now); /* not in the instant query */
    assert_true(store_series_stale(s, just, now));
    assert_false(store_series_stale(s, just, 1999));
    /* the instant query's series: current, with its history before it */
    assert_int_equal(firing->count, 3);
    assert_true(firing->last_update == now && firing->ended == 0);
    assert_false(store_series_stale(s, firing, now + 3 * interval));
    /* what a selector sees at each time */
    assert_true(count_alerts(s, now) == 1);
    assert_true(count_alerts(s, 1997) == 2);
    assert_true(count_alerts(s, 1942) == 1);
    assert_true(count_alerts(s, 1950) == -1);
    store_read_unlock(s);

    /* the alert resolves: the next instant query has nothing */
    b = sample_buf_create();
    const char *none = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
    assert_true(promql_ingest(none, strlen(none), "x", false, 0, b, err, sizeof err));
    store_commit(s, id, b, now + interval);
    sample_buf_destroy(b);
    store_read_lock(s);
    firing = store_series_find(s, "ALERTS{alertname=\"Firing\"}");
    assert_non_null(firing);
    assert_true(firing->ended == now + interval);
    assert_true(count_alerts(s, now + interval) == -1);
    assert_true(count_alerts(s, now + 1) == 1);
    store_read_unlock(s);
    store_destroy(s);
}

static void test_naming(void **state)
{
    (void)state;
    char out[64];
    promql_name_from_query("sum(rate(node_cpu_seconds_total{mode!=\"idle\"}[1m]))", out,
                           sizeof out);
    assert_string_equal(out, "sum_rate_node_cpu_seconds_total_mode_idle_1m");
    promql_name_from_query("1 + 1", out, sizeof out);
    assert_string_equal(out, "_1_1");
    promql_name_from_query("()", out, sizeof out);
    assert_string_equal(out, "promql");
    promql_name_from_query("up", out, sizeof out);
    assert_string_equal(out, "up");
    promql_name_from_query("a_very_long_query_name_that_goes_on", out, 10);
    assert_string_equal(out, "a_very_lo");
}

static void test_specs(void **state)
{
    (void)state;
    struct store *st = store_create(NULL);
    struct sources *ss = sources_create(&(struct sources_desc){.store = st});
    char err[256];
    static const struct {
        const char *spec, *err;
    } bad[] = {
        {"promql:ftp://x/api/v1/query?query=up",
         "promql:ftp://x/api/v1/query?query=up: expected an http:// or https:// URL after promql:"},
        {"promql:http://x:9090/api/v1/series?query=up",
         "promql:http://x:9090/api/v1/series?query=up: expected a URL ending in "
         "/api/v1/query?query=..."},
        {"promql:http://x:9090/api/v1/query?time=5",
         "promql:http://x:9090/api/v1/query?time=5: the URL needs a query= parameter holding "
         "the PromQL"},
        {"promql:http://x:9090/api/v1/query?query=up#name=9bad",
         "promql:http://x:9090/api/v1/query?query=up#name=9bad: #name=9bad is not a valid "
         "metric name"},
        {"scrape:localhost:9100", "scrape:localhost:9100: expected an http:// or https:// URL "
                                  "after scrape:"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(sources_add(ss, &(struct source_desc){.spec = bad[i].spec}, err, sizeof err));
        assert_string_equal(err, bad[i].err);
    }
    assert_true(sources_add(
        ss, &(struct source_desc){.spec = "promql:http://127.0.0.1:9/api/v1/query?query=up"}, err,
        sizeof err));
    assert_true(sources_add(ss, &(struct source_desc){.spec = "scrape:http://127.0.0.1:9/m"},
                            err, sizeof err));
    assert_int_equal(sources_count(ss), 2);
    assert_true(sources_at(ss, 1)->desc.interval == 2);
    assert_true(sources_at(ss, 0)->desc.interval == 5);
    sources_destroy(ss);
    store_destroy(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vector),
        cmocka_unit_test(test_matrix_and_scalar),
        cmocka_unit_test(test_order_and_escapes),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_backfill_is_history),
        cmocka_unit_test(test_naming),
        cmocka_unit_test(test_specs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
