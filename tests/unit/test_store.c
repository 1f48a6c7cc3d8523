/* The metric store: keys, ring buffers, caps, staleness, eviction, threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/store.h"

static void add(struct sample_buf *b, const char *name, const char *const *labels, int n,
                double v, double ts)
{
    assert_true(sample_buf_add(b, name, labels, n, METRIC_GAUGE, v, ts));
}

static void test_canonical_key(void **state)
{
    (void)state;
    struct store *s = store_create(NULL);
    int src = store_source_register(s, "t", 1);
    struct sample_buf *b = sample_buf_create();
    /* unsorted, an empty value (absent), a repeated name (first wins), __name__ */
    const char *l[] = {"z", "1", "a", "q\"u\\o\nte", "empty", "", "z", "2", "__name__", "x"};
    add(b, "m", l, 5, 42, 0);
    add(b, "bare", NULL, 0, 1, 0);
    assert_int_equal(sample_buf_count(b), 2);
    store_commit(s, src, b, 1000);

    store_read_lock(s);
    assert_int_equal(store_series_count(s), 2);
    const struct series *se = store_series_find(s, "m{a=\"q\\\"u\\\\o\\nte\",z=\"1\"}");
    assert_non_null(se);
    assert_string_equal(se->name, "m");
    assert_int_equal(se->nlabels, 2);
    assert_string_equal(se->labels[0].name, "a");
    assert_string_equal(se->labels[0].value, "q\"u\\o\nte");
    assert_string_equal(series_label(se, "z"), "1");
    assert_null(series_label(se, "empty"));
    assert_null(series_label(se, "b"));
    double ts, v;
    assert_true(series_last(se, &ts, &v));
    assert_true(ts == 1000 && v == 42);
    assert_int_equal(se->type, METRIC_GAUGE);
    assert_int_equal(se->source_id, src);
    assert_true(se->last_update == 1000);
    assert_non_null(store_series_find(s, "bare"));
    assert_null(store_series_find(s, "bare{}"));
    assert_null(store_series_find(s, "m"));
    store_read_unlock(s);
    sample_buf_destroy(b);
    store_destroy(s);
}

static void test_sample_buf_limits(void **state)
{
    (void)state;
    struct sample_buf *b = sample_buf_create();
    assert_false(sample_buf_add(b, "", NULL, 0, METRIC_GAUGE, 1, 0));
    const char *many[2 * 129];
    char names[129][8];
    for (int i = 0; i < 129; i++) {
        snprintf(names[i], sizeof names[i], "l%d", i);
        many[2 * i] = names[i];
        many[2 * i + 1] = "v";
    }
    assert_false(sample_buf_add(b, "m", many, 129, METRIC_GAUGE, 1, 0));
    assert_true(sample_buf_add(b, "m", many, 128, METRIC_GAUGE, 1, 0));
    assert_int_equal(sample_buf_count(b), 1);
    sample_buf_reset(b);
    assert_int_equal(sample_buf_count(b), 0);
    sample_buf_destroy(b);
}

static void test_ring_and_order(void **state)
{
    (void)state;
    struct store *s = store_create(&(struct store_desc){.history = 5});
    int src = store_source_register(s, "t", 1);
    struct sample_buf *b = sample_buf_create();
    for (int i = 1; i <= 12; i++) {
        sample_buf_reset(b);
        add(b, "g", NULL, 0, i * 10.0, 0);
        store_commit(s, src, b, 100 + i);
    }
    /* an older timestamp is dropped, an equal one replaces the value */
    sample_buf_reset(b);
    add(b, "g", NULL, 0, -1, 105);
    add(b, "g", NULL, 0, 121, 112);
    store_commit(s, src, b, 113);

    store_read_lock(s);
    const struct series *se = store_series_find(s, "g");
    assert_non_null(se);
    assert_int_equal(se->count, 5);
    double ts, v;
    for (size_t i = 0; i < 5; i++) {
        series_sample(se, i, &ts, &v);
        assert_true(ts == 108 + (double)i);
        assert_true(v == (i == 4 ? 121 : 80 + 10.0 * (double)i));
    }
    assert_true(se->last_update == 113);
    store_read_unlock(s);
    sample_buf_destroy(b);
    store_destroy(s);
}

static void test_nan_inf_kept(void **state)
{
    (void)state;
    struct store *s = store_create(NULL);
    int src = store_source_register(s, "t", 1);
    struct sample_buf *b = sample_buf_create();
    add(b, "a", NULL, 0, NAN, 0);
    add(b, "b", NULL, 0, INFINITY, 0);
    add(b, "c", NULL, 0, -INFINITY, 0);
    store_commit(s, src, b, 1);
    store_read_lock(s);
    double v;
    assert_true(series_last(store_series_find(s, "a"), NULL, &v) && isnan(v));
    assert_true(series_last(store_series_find(s, "b"), NULL, &v) && v == INFINITY);
    assert_true(series_last(store_series_find(s, "c"), NULL, &v) && v == -INFINITY);
    store_read_unlock(s);
    sample_buf_destroy(b);
    store_destroy(s);
}

static void test_series_cap(void **state)
{
    (void)state;
    struct store *s = store_create(&(struct store_desc){.max_series_per_source = 3});
    int a = store_source_register(s, "alpha", 1);
    int c = store_source_register(s, "gamma", 1);
    struct sample_buf *b = sample_buf_create();
    char v[8];
    for (int i = 0; i < 5; i++) {
        snprintf(v, sizeof v, "%d", i);
        const char *l[] = {"i", v};
        add(b, "x", l, 1, i, 0);
    }
    store_commit(s, a, b, 10);
    store_commit(s, c, b, 10);
    store_read_lock(s);
    /* the second source updates alpha's three and creates the other two */
    assert_int_equal(store_series_count(s), 5);
    struct source_status st;
    assert_true(store_source_status(s, a, &st));
    assert_string_equal(st.name, "alpha");
    assert_true(st.ok);
    assert_int_equal(st.series, 3);
    assert_string_equal(st.error, "series limit of 3 reached: 2 new series dropped");
    assert_true(store_source_status(s, c, &st));
    assert_string_equal(st.error, "");
    assert_int_equal(st.series, 2);
    assert_int_equal(store_series_find(s, "x{i=\"4\"}")->source_id, c);
    assert_int_equal(store_series_find(s, "x{i=\"2\"}")->source_id, a);
    store_read_unlock(s);

    /* back under the cap: the error clears */
    sample_buf_reset(b);
    add(b, "x", (const char *[]){"i", "0"}, 1, 5, 0);
    store_commit(s, a, b, 11);
    store_read_lock(s);
    assert_true(store_source_status(s, a, &st));
    assert_string_equal(st.error, "");
    store_read_unlock(s);
    sample_buf_destroy(b);
    store_destroy(s);
}

static void test_staleness_and_status(void **state)
{
    (void)state;
    struct store *s = store_create(NULL);
    int src = store_source_register(s, "node", 2);
    struct sample_buf *b = sample_buf_create();
    add(b, "up", NULL, 0, 1, 0);
    uint64_t v0 = store_version(s);
    store_commit(s, src, b, 100);
    uint64_t v1 = store_version(s);
    assert_true(v1 > v0);
    store_read_lock(s);
    const struct series *se = store_series_find(s, "up");
    assert_false(store_series_stale(s, se, 100));
    assert_false(store_series_stale(s, se, 106));
    assert_true(store_series_stale(s, se, 106.01));
    struct source_status st;
    assert_true(store_source_status(s, src, &st));
    assert_true(st.ok && st.last_ok == 100 && st.interval == 2);
    assert_false(store_source_status(s, 7, &st));
    assert_int_equal(store_source_count(s), 1);
    store_read_unlock(s);

    store_source_fail(s, src, "connect: refused\nsecond line", 101);
    assert_true(store_version(s) > v1);
    store_read_lock(s);
    assert_true(store_source_status(s, src, &st));
    assert_false(st.ok);
    assert_true(st.last_ok == 100);
    assert_string_equal(st.error, "connect: refused second line");
    /* the series keeps its value and goes stale on its own */
    se = store_series_find(s, "up");
    assert_non_null(se);
    assert_false(store_series_stale(s, se, 105));
    store_read_unlock(s);
    sample_buf_destroy(b);
    store_destroy(s);
}

static void test_help_and_types(void **state)
{
    (void)state;
    struct store *s = store_create(NULL);
    int src = store_source_register(s, "t", 1);
    struct sample_buf *b = sample_buf_create();
    sample_buf_set_help(b, "req", "Requests served.");
    assert_true(sample_buf_add(b, "req_bucket", (const char *[]){"le", "0.5"}, 1,
                               METRIC_HISTOGRAM, 3, 0));
    assert_true(sample_buf_add(b, "req_count", NULL, 0, METRIC_HISTOGRAM, 4, 0));
    assert_true(sample_buf_add(b, "c_total", NULL, 0, METRIC_COUNTER, 4, 0));
    store_commit(s, src, b, 1);
    store_read_lock(s);
    assert_string_equal(store_help(s, "req"), "Requests served.");
    assert_null(store_help(s, "req_count"));
    assert_int_equal(store_series_find(s, "req_bucket{le=\"0.5\"}")->type, METRIC_HISTOGRAM);
    assert_int_equal(store_series_find(s, "c_total")->type, METRIC_COUNTER);
    store_read_unlock(s);
    assert_string_equal(metric_type_name(METRIC_COUNTER), "counter");
    assert_string_equal(metric_type_name(METRIC_UNTYPED), "untyped");
    assert_string_equal(metric_type_name(METRIC_SUMMARY), "summary");
    sample_buf_destroy(b);
    store_destroy(s);
}

/* Many series, then half of them stop being reported: those are evicted after
 * the eviction age and every survivor is still found by key and by name. */
/* History samples (a back-fill) refresh a series only as of their own time;
 * eviction still counts from the commit that held them, so the history stays
 * for the graphs as long as a series that vanished while polled would. */
static void test_history_samples(void **state)
{
    (void)state;
    struct store *s = store_create(NULL);
    int src = store_source_register(s, "prom", 5);
    struct sample_buf *b = sample_buf_create();
    for (int t = 0; t < 10; t++)
        assert_true(sample_buf_add_history(b, "old", NULL, 0, METRIC_UNTYPED, 1, 3000 + 5 * t));
    assert_true(sample_buf_add_history(b, "live", NULL, 0, METRIC_UNTYPED, 2, 3990));
    add(b, "live", NULL, 0, 3, 0);
    /* a history point the source claims from the future counts as now */
    assert_true(sample_buf_add_history(b, "ahead", NULL, 0, METRIC_UNTYPED, 4, 4100));
    store_commit(s, src, b, 4000);
    store_read_lock(s);
    const struct series *old = store_series_find(s, "old");
    const struct series *live = store_series_find(s, "live");
    const struct series *ahead = store_series_find(s, "ahead");
    assert_non_null(old);
    assert_int_equal(old->count, 10);
    assert_true(old->last_update == 3045);
    assert_true(store_series_stale(s, old, 4000));
    assert_false(store_series_stale(s, old, 3060));
    assert_true(live->last_update == 4000 && live->count == 2);
    assert_false(store_series_stale(s, live, 4015));
    assert_true(ahead->last_update == 4000);
    store_read_unlock(s);

    /* still there (stale) 9 minutes later, gone after 10 */
    sample_buf_reset(b);
    add(b, "live", NULL, 0, 3, 0);
    store_commit(s, src, b, 4540);
    store_read_lock(s);
    assert_non_null(store_series_find(s, "old"));
    store_read_unlock(s);
    store_commit(s, src, b, 4610);
    store_read_lock(s);
    assert_null(store_series_find(s, "old"));
    assert_non_null(store_series_find(s, "live"));
    store_read_unlock(s);
    sample_buf_destroy(b);
    store_destroy(s);
}

/* A complete source (a scrape) lists all it has at each poll: what a commit
 * leaves out has ended, and comes back when listed again. Other sources (a
 * stream) leave fields out for a while without ending them. */
static void test_complete_sources_end_series(void **state)
{
    (void)state;
    struct store *s = store_create(NULL);
    int scrape = store_source_register(s, "scrape", 2);
    int stream = store_source_register(s, "stream", 2);
    store_source_set_complete(s, scrape, true);
    struct sample_buf *b = sample_buf_create(), *c = sample_buf_create();
    add(b, "a", NULL, 0, 1, 0);
    add(b, "b", NULL, 0, 1, 0);
    add(c, "c", NULL, 0, 1, 0);
    add(c, "d", NULL, 0, 1, 0);
    store_commit(s, scrape, b, 100);
    store_commit(s, stream, c, 100);
    sample_buf_reset(b);
    sample_buf_reset(c);
    add(b, "a", NULL, 0, 2, 0);
    add(c, "c", NULL, 0, 2, 0);
    store_commit(s, scrape, b, 102);
    store_commit(s, stream, c, 102);
    store_read_lock(s);
    const struct series *gone = store_series_find(s, "b");
    assert_true(gone->ended == 102);
    assert_true(store_series_stale(s, gone, 102));
    assert_false(store_series_stale(s, gone, 101));
    assert_int_equal(gone->count, 1); /* its history stays */
    const struct series *quiet = store_series_find(s, "d");
    assert_true(quiet->ended == 0);
    assert_false(store_series_stale(s, quiet, 102));
    assert_true(store_series_find(s, "a")->ended == 0);
    assert_true(store_series_find(s, "c")->ended == 0);
    store_read_unlock(s);
    /* listed again: current again */
    add(b, "b", NULL, 0, 3, 0);
    store_commit(s, scrape, b, 104);
    store_read_lock(s);
    gone = store_series_find(s, "b");
    assert_true(gone->ended == 0 && !store_series_stale(s, gone, 104));
    store_read_unlock(s);
    sample_buf_destroy(b);
    sample_buf_destroy(c);
    store_destroy(s);
}

static void test_eviction_and_index(void **state)
{
    (void)state;
    struct store *s = store_create(&(struct store_desc){.history = 8});
    int src = store_source_register(s, "t", 1);
    struct sample_buf *b = sample_buf_create();
    char v[16];
    for (int i = 0; i < 2000; i++) {
        snprintf(v, sizeof v, "%d", i);
        add(b, i % 2 ? "odd" : "even", (const char *[]){"i", v}, 1, i, 0);
    }
    store_commit(s, src, b, 1000);
    for (double t = 1030; t <= 1700; t += 30) {
        sample_buf_reset(b);
        for (int i = 0; i < 2000; i += 2) {
            snprintf(v, sizeof v, "%d", i);
            add(b, "even", (const char *[]){"i", v}, 1, i, 0);
        }
        store_commit(s, src, b, t);
    }
    store_read_lock(s);
    assert_int_equal(store_series_count(s), 1000);
    const struct series *const *arr;
    size_t n;
    store_series_by_name(s, "odd", &arr, &n);
    assert_int_equal(n, 0);
    store_series_by_name(s, "even", &arr, &n);
    assert_int_equal(n, 1000);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(arr[i]->name, "even");
    for (int i = 0; i < 2000; i++) {
        snprintf(v, sizeof v, "%d", i);
        char key[64];
        snprintf(key, sizeof key, "%s{i=\"%d\"}", i % 2 ? "odd" : "even", i);
        const struct series *se = store_series_find(s, key);
        if (i % 2) {
            assert_null(se);
        } else {
            assert_non_null(se);
            assert_string_equal(se->key, key);
            assert_int_equal(se->count, 8);
        }
    }
    for (size_t i = 0; i < store_series_count(s); i++)
        assert_ptr_equal(store_series_find(s, store_series_at(s, i)->key),
                         store_series_at(s, i));
    struct source_status st;
    store_source_status(s, src, &st);
    assert_int_equal(st.series, 1000);
    store_read_unlock(s);

    /* a failing source evicts nothing */
    store_source_fail(s, src, "down", 5000);
    store_read_lock(s);
    assert_int_equal(store_series_count(s), 1000);
    store_read_unlock(s);
    sample_buf_destroy(b);
    store_destroy(s);
}

static void test_sample_budget(void **state)
{
    (void)state;
    /* 10 series, budget 100 slots: rings start at 4 and grow while it lasts */
    struct store *s =
        store_create(&(struct store_desc){.history = 64, .max_samples_per_source = 100});
    int src = store_source_register(s, "t", 1);
    struct sample_buf *b = sample_buf_create();
    char v[8];
    for (int t = 1; t <= 100; t++) {
        sample_buf_reset(b);
        for (int i = 0; i < 10; i++) {
            snprintf(v, sizeof v, "%d", i);
            add(b, "m", (const char *[]){"i", v}, 1, t, 0);
        }
        store_commit(s, src, b, t);
    }
    store_read_lock(s);
    size_t total = 0;
    for (size_t i = 0; i < store_series_count(s); i++) {
        const struct series *se = store_series_at(s, i);
        assert_true(se->count >= 4);
        total += se->count;
        double ts, val;
        assert_true(series_last(se, &ts, &val));
        assert_true(ts == 100 && val == 100);
    }
    assert_true(total <= 100);
    store_read_unlock(s);
    sample_buf_destroy(b);
    store_destroy(s);
}

struct writer_arg {
    struct store *s;
    int src;
    int rounds;
};

static void *writer(void *p)
{
    struct writer_arg *w = p;
    struct sample_buf *b = sample_buf_create();
    char v[8];
    for (int r = 0; r < w->rounds; r++) {
        sample_buf_reset(b);
        for (int i = 0; i < 50; i++) {
            snprintf(v, sizeof v, "%d", (r + i) % 200);
            sample_buf_add(b, "w", (const char *[]){"i", v}, 1, METRIC_GAUGE, r, 0);
        }
        store_commit(w->s, w->src, b, 1000 + r);
    }
    sample_buf_destroy(b);
    return NULL;
}

static void test_concurrent_readers(void **state)
{
    (void)state;
    struct store *s = store_create(&(struct store_desc){.history = 16});
    struct writer_arg w = {s, store_source_register(s, "w", 1), 400};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, writer, &w), 0);
    uint64_t last = 0;
    for (int k = 0; k < 400; k++) {
        uint64_t ver = store_version(s);
        assert_true(ver >= last);
        last = ver;
        store_read_lock(s);
        for (size_t i = 0; i < store_series_count(s); i++) {
            const struct series *se = store_series_at(s, i);
            double ts, val;
            if (series_last(se, &ts, &val))
                assert_true(val >= 0 && val < 400);
            assert_ptr_equal(store_series_find(s, se->key), se);
        }
        store_read_unlock(s);
    }
    pthread_join(th, NULL);
    store_read_lock(s);
    assert_int_equal(store_series_count(s), 200);
    store_read_unlock(s);
    store_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_key),
        cmocka_unit_test(test_sample_buf_limits),
        cmocka_unit_test(test_ring_and_order),
        cmocka_unit_test(test_nan_inf_kept),
        cmocka_unit_test(test_series_cap),
        cmocka_unit_test(test_staleness_and_status),
        cmocka_unit_test(test_help_and_types),
        cmocka_unit_test(test_history_samples),
        cmocka_unit_test(test_complete_sources_end_series),
        cmocka_unit_test(test_eviction_and_index),
        cmocka_unit_test(test_sample_budget),
        cmocka_unit_test(test_concurrent_readers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
