/* The source set: kind registry, poller threads, backoff, interrupts, headless
 * polling. The kinds here are small real implementations written for the test:
 * one counts, one fails, one blocks on a pipe until interrupted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/store.h"
#include "sources/http.h"
#include "sources/source.h"

struct counter {
    _Atomic int polls;
    bool fail;
    double sleep; /* seconds each poll takes */
    int pipe[2];  /* block: read end waits; interrupt writes */
    bool block;
};

static bool k_create(struct source *s, const struct source_desc *d, char *err, size_t n)
{
    (void)d;
    if (strstr(s->desc.spec, "refuse")) {
        snprintf(err, n, "refused by create");
        return false;
    }
    struct counter *c = calloc(1, sizeof *c);
    c->fail = strstr(s->desc.spec, "fail") != NULL;
    c->block = strstr(s->desc.spec, "block") != NULL;
    c->sleep = strstr(s->desc.spec, "slow") ? 0.3 : 0;
    if (pipe(c->pipe) != 0)
        return false;
    s->impl = c;
    return true;
}

static bool k_poll(struct source *s, double now, struct sample_buf *out, char *err, size_t n)
{
    struct counter *c = s->impl;
    int k = atomic_fetch_add(&c->polls, 1) + 1;
    if (c->sleep > 0) {
        struct timespec ts = {0, (long)(c->sleep * 1e9)};
        nanosleep(&ts, NULL);
    }
    if (c->block) {
        struct pollfd pfd = {c->pipe[0], POLLIN, 0};
        int r = poll(&pfd, 1, 10000);
        char b[16];
        if (r > 0 && read(c->pipe[0], b, sizeof b) > 0) {
            snprintf(err, n, "interrupted");
            return false;
        }
        snprintf(err, n, "timed out");
        return false;
    }
    if (c->fail) {
        snprintf(err, n, "failure number %d\nwith a second line", k);
        return false;
    }
    sample_buf_add(out, "polls", NULL, 0, METRIC_COUNTER, k, 0);
    sample_buf_add(out, "now", NULL, 0, METRIC_GAUGE, now, 0);
    return true;
}

static void k_interrupt(struct source *s)
{
    struct counter *c = s->impl;
    ssize_t w = write(c->pipe[1], "x", 1);
    (void)w;
}

static void k_destroy(struct source *s)
{
    struct counter *c = s->impl;
    close(c->pipe[0]);
    close(c->pipe[1]);
    free(c);
}

static const struct source_ops test_kind = {
    .kind = "test",
    .default_interval = 0.05,
    .create = k_create,
    .poll = k_poll,
    .interrupt = k_interrupt,
    .destroy = k_destroy,
};

static _Atomic int wakes;
static void on_wake(void *user)
{
    (void)user;
    atomic_fetch_add(&wakes, 1);
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

static void test_registry(void **state)
{
    (void)state;
    assert_null(source_kind_for_spec("nosuchkind:x"));
    assert_null(source_kind_for_spec(NULL));
    assert_string_equal(source_spec_arg("scrape:http://a:1/m"), "http://a:1/m");
    assert_string_equal(source_spec_arg("linux"), "");
    /* every registered kind is found by its own name, bare and with an argument */
    for (const struct source_ops *const *k = source_kinds; *k; k++) {
        char spec[64];
        assert_ptr_equal(source_kind_for_spec((*k)->kind), *k);
        snprintf(spec, sizeof spec, "%s:x", (*k)->kind);
        assert_ptr_equal(source_kind_for_spec(spec), *k);
        assert_non_null((*k)->create);
        assert_non_null((*k)->poll);
        assert_true((*k)->default_interval > 0);
    }
    struct store *st = store_create(NULL);
    struct sources *ss = sources_create(&(struct sources_desc){.store = st});
    char err[256];
    assert_false(sources_add(ss, &(struct source_desc){.spec = "bogus:1"}, err, sizeof err));
    assert_string_equal(err, "bogus:1: unknown source kind \"bogus\"");
    assert_false(sources_add_kind(ss, &test_kind, &(struct source_desc){.spec = "refuse"}, err,
                                  sizeof err));
    assert_string_equal(err, "refuse: refused by create");
    assert_int_equal(sources_count(ss), 0);
    sources_destroy(ss);
    store_destroy(st);
}

/* A spec shown in logs and on NO SIGNAL plates keeps no URL password. */
static void test_redact(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"scrape:https://magi:s3cret@host:9100/metrics", "scrape:https://magi:***@host:9100/metrics"},
        {"promql:http://TOKEN@prom/api/v1/query?query=up", "promql:http://***@prom/api/v1/query?query=up"},
        {"scrape:http://u:p%40ss@h/m", "scrape:http://u:***@h/m"},
        {"scrape:http://h/m?x=a@b", "scrape:http://h/m?x=a@b"}, /* an @ after the host stays */
        {"scrape:http://h:1/m", "scrape:http://h:1/m"},
        {"linux", "linux"},
        {"exec:echo a@b", "exec:echo a@b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *r = source_redact(cases[i][0]);
        assert_string_equal(r, cases[i][1]);
        free(r);
    }
    /* and a source made from such a spec is named that way */
    struct store *st = store_create(NULL);
    struct sources *ss = sources_create(&(struct sources_desc){.store = st});
    char err[256];
    assert_true(sources_add(ss, &(struct source_desc){.spec = "scrape:http://a:b@127.0.0.1:1/m"},
                            err, sizeof err));
    assert_string_equal(sources_at(ss, 0)->name, "scrape:http://a:***@127.0.0.1:1/m");
    sources_destroy(ss);
    store_destroy(st);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Headers a layout may send, secret files as http_prepare reads them, and
 * when two sources log in the same way. */
static void test_http_auth_settings(void **state)
{
    (void)state;
    char why[96];
    assert_true(http_header_valid("X-Scope-OrgID: team-a", why, sizeof why));
    assert_true(http_header_valid("Authorization:Bearer x\ty", why, sizeof why));
    assert_false(http_header_valid("X Bad: 1", why, sizeof why));
    assert_false(http_header_valid(": 1", why, sizeof why));
    assert_false(http_header_valid("NoColon", why, sizeof why));
    assert_false(http_header_valid("X-A: 1\r\nX-B: 2", why, sizeof why));
    assert_string_equal(why, "a header value cannot hold control characters");

    char dir[] = "/tmp/magi_auth_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char tok[64], pw[64], empty[64], big[64];
    snprintf(tok, sizeof tok, "%s/token", dir);
    snprintf(pw, sizeof pw, "%s/pw", dir);
    snprintf(empty, sizeof empty, "%s/empty", dir);
    snprintf(big, sizeof big, "%s/big", dir);
    write_file(tok, " \t abc.def \nsecond line ignored\n");
    write_file(pw, "pa ss\r\n");
    write_file(empty, "  \n");
    char *huge = malloc(9000);
    assert_non_null(huge);
    memset(huge, 'x', 8999);
    huge[8999] = 0;
    write_file(big, huge);
    free(huge);

    struct source_http h = {.bearer_token_file = tok, .headers = {"X-A: 1"}, .header_count = 1,
                            .ca_file = "/ca.pem", .insecure_skip_verify = true};
    struct http_request req = {.url = "http://x/"};
    struct http_secrets sec;
    char err[256];
    assert_true(http_prepare(&h, &req, &sec, err, sizeof err));
    assert_string_equal(req.bearer, "abc.def");
    assert_null(req.username);
    assert_int_equal(req.header_count, 1);
    assert_string_equal(req.ca_file, "/ca.pem");
    assert_true(req.insecure);
    http_secrets_clear(&sec);
    assert_int_equal(sec.bearer[0], 0);

    struct source_http b = {.username = "magi", .password_file = pw};
    req = (struct http_request){.url = "http://x/"};
    assert_true(http_prepare(&b, &req, &sec, err, sizeof err));
    assert_string_equal(req.username, "magi");
    assert_string_equal(req.password, "pa ss");
    assert_null(req.bearer);
    b.password_file = NULL; /* a user without a password sends an empty one */
    assert_true(http_prepare(&b, &req, &sec, err, sizeof err));
    assert_string_equal(req.password, "");

    h.bearer_token_file = empty;
    assert_false(http_prepare(&h, &req, &sec, err, sizeof err));
    char want[160];
    snprintf(want, sizeof want, "bearer_token_file %s is empty", empty);
    assert_string_equal(err, want);
    h.bearer_token_file = big;
    assert_false(http_prepare(&h, &req, &sec, err, sizeof err));
    snprintf(want, sizeof want, "bearer_token_file %s is longer than 8191 bytes", big);
    assert_string_equal(err, want);
    h.bearer_token_file = "/nonexistent/token";
    assert_false(http_prepare(&h, &req, &sec, err, sizeof err));
    assert_string_equal(err,
                        "cannot read bearer_token_file /nonexistent/token: No such file or directory");

    struct source_http c1 = {.headers = {"X-A: 1"}, .header_count = 1, .ca_file = "/a"};
    struct source_http c2 = c1;
    assert_true(source_http_equal(&c1, &c2));
    c2.headers[0] = "X-A: 2";
    assert_false(source_http_equal(&c1, &c2));
    c2 = c1;
    c2.insecure_skip_verify = true;
    assert_false(source_http_equal(&c1, &c2));
    c2 = c1;
    c2.ca_file = NULL;
    assert_false(source_http_equal(&c1, &c2));

    unlink(tok);
    unlink(pw);
    unlink(empty);
    unlink(big);
    rmdir(dir);
}

static void test_backoff(void **state)
{
    (void)state;
    assert_true(source_backoff(1, 1, 0) == 0.5);
    assert_true(source_backoff(1, 1, 0.5) == 0.75);
    assert_true(source_backoff(1, 3, 0) == 2);
    assert_true(source_backoff(1, 5, 0) == 8);
    assert_true(source_backoff(1, 6, 0.999) < 30 && source_backoff(1, 6, 0.999) > 29.9);
    assert_true(source_backoff(1, 60, 0) == 15);    /* capped at 30, jittered */
    assert_true(source_backoff(2, 100000, 0) == 15);
    assert_true(source_backoff(60, 4, 0) == 30); /* cap = interval when longer */
}

static void test_headless_poll(void **state)
{
    (void)state;
    struct store *st = store_create(NULL);
    atomic_store(&wakes, 0);
    struct sources *ss = sources_create(&(struct sources_desc){.store = st, .wake = on_wake});
    char err[256];
    assert_true(sources_add_kind(ss, &test_kind,
                                 &(struct source_desc){.spec = "test:ok", .name = "good"}, err,
                                 sizeof err));
    assert_true(sources_add_kind(ss, &test_kind, &(struct source_desc){.spec = "test:fail"}, err,
                                 sizeof err));
    assert_int_equal(sources_count(ss), 2);
    assert_string_equal(sources_at(ss, 0)->name, "good");
    assert_string_equal(sources_at(ss, 1)->name, "test:fail");
    assert_true(sources_at(ss, 0)->desc.timeout == 2);
    assert_true(sources_at(ss, 0)->desc.connect_timeout == 1);
    assert_true(sources_at(ss, 0)->desc.interval == 0.05);

    assert_int_equal(sources_poll_all(ss, 5000), 1);
    assert_int_equal(atomic_load(&wakes), 2);
    assert_int_equal(sources_poll_healthy(ss, 5001), 1);
    struct counter *bad = sources_at(ss, 1)->impl;
    assert_int_equal(atomic_load(&bad->polls), 1); /* the dead one was not asked again */

    store_read_lock(st);
    const struct series *se = store_series_find(st, "polls");
    assert_non_null(se);
    assert_int_equal(se->count, 2);
    assert_int_equal(se->source_id, sources_store_id(ss, 0));
    double ts, v;
    series_last(store_series_find(st, "now"), &ts, &v);
    assert_true(ts == 5001 && v == 5001);
    struct source_status status;
    assert_true(store_source_status(st, sources_store_id(ss, 1), &status));
    assert_false(status.ok);
    assert_string_equal(status.name, "test:fail");
    assert_string_equal(status.error, "failure number 1 with a second line");
    assert_true(store_source_status(st, sources_store_id(ss, 0), &status));
    assert_true(status.ok);
    assert_true(store_series_stale(st, se, 5001.2));
    store_read_unlock(st);
    sources_destroy(ss);
    store_destroy(st);
}

static void test_parallel_headless(void **state)
{
    (void)state;
    struct store *st = store_create(NULL);
    struct sources *ss = sources_create(&(struct sources_desc){.store = st});
    char err[256];
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "slow%d", i);
        assert_true(sources_add_kind(
            ss, &test_kind, &(struct source_desc){.spec = "test:slow", .name = name}, err,
            sizeof err));
    }
    double t0 = clock_mono();
    assert_int_equal(sources_poll_all(ss, 1), 0);
    double took = clock_mono() - t0;
    /* three 0.3 s polls side by side, not one after another (0.9 s) */
    assert_true(took < 0.8);
    sources_destroy(ss);
    store_destroy(st);
}

static void test_threads_and_backoff(void **state)
{
    (void)state;
    struct store *st = store_create(NULL);
    atomic_store(&wakes, 0);
    struct sources *ss = sources_create(&(struct sources_desc){.store = st, .wake = on_wake});
    char err[256];
    assert_true(sources_add_kind(ss, &test_kind, &(struct source_desc){.spec = "test:ok"}, err,
                                 sizeof err));
    assert_true(sources_add_kind(ss, &test_kind, &(struct source_desc){.spec = "test:fail"}, err,
                                 sizeof err));
    assert_true(sources_add_kind(ss, &test_kind, &(struct source_desc){.spec = "test:block"},
                                 err, sizeof err));
    uint64_t v0 = store_version(st);
    assert_true(sources_start(ss));
    sleep_s(0.6);
    struct counter *good = sources_at(ss, 0)->impl;
    struct counter *bad = sources_at(ss, 1)->impl;
    struct counter *blocked = sources_at(ss, 2)->impl;
    int good_polls = atomic_load(&good->polls);
    int bad_polls = atomic_load(&bad->polls);
    /* the blocked source held up nobody; the failing one backed off
     * (waits of 25-50, 50-100, 100-200, 200-400 ms: at most 5 tries in 0.6 s) */
    assert_true(good_polls >= 4);
    assert_true(bad_polls >= 2 && bad_polls <= 5);
    assert_int_equal(atomic_load(&blocked->polls), 1);
    assert_true(store_version(st) > v0);
    assert_true(atomic_load(&wakes) >= good_polls);

    store_read_lock(st);
    const struct series *se = store_series_find(st, "polls");
    assert_non_null(se);
    assert_true(se->count >= 4);
    store_read_unlock(st);

    /* shutdown interrupts the blocked poll instead of waiting out its 10 s */
    double t0 = clock_mono();
    sources_destroy(ss);
    assert_true(clock_mono() - t0 < 2.0);
    store_destroy(st);
}

/* Whole-second intervals drift into phase with the wall clock's second
 * (SOURCE_POLL_LEAD before it); others are left alone. */
static void test_poll_phase(void **state)
{
    (void)state;
    const double lead = SOURCE_POLL_LEAD;
    double base = 1700000000.0;
    /* Already in phase: no move. */
    assert_float_equal(source_poll_phase(1.0, base + 1.0 - lead), 0.0, 1e-6);
    /* Due 0.2 s after the second: moved 0.2 + lead earlier. */
    assert_float_equal(source_poll_phase(1.0, base + 0.2), -(0.2 + lead), 1e-6);
    /* Due 0.8 s after: moved later, to lead before the next second. */
    assert_float_equal(source_poll_phase(1.0, base + 0.8), 0.2 - lead, 1e-6);
    /* Every move lands the poll on the phase, and never by more than 0.5 s. */
    for (int i = 0; i < 100; i++) {
        double w = base + i * 0.0137;
        double d = source_poll_phase(5.0, w);
        assert_true(fabs(d) <= 0.5 + 1e-9);
        double e = fmod(w + d + lead, 1.0);
        assert_true(e < 1e-6 || e > 1.0 - 1e-6);
    }
    /* Sub-second and fractional intervals keep their own rhythm. */
    assert_float_equal(source_poll_phase(0.5, base + 0.2), 0.0, 0);
    assert_float_equal(source_poll_phase(2.5, base + 0.2), 0.0, 0);
    assert_float_equal(source_poll_phase(1.0, NAN), 0.0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_http_auth_settings),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_poll_phase),
        cmocka_unit_test(test_headless_poll),
        cmocka_unit_test(test_parallel_headless),
        cmocka_unit_test(test_threads_and_backoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
