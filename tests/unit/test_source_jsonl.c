/* The JSON-lines source: the line parser (flattening, names, labels,
 * timestamps, every kind of bad line) and the source with real writer
 * processes: a file appended at 1,000 lines/s, stdin, a FIFO with writers
 * coming and going, rotation and truncation, one-shot reads, a missing file
 * that appears later, garbage mixed with good lines. No line may be lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/store.h"
#include "sources/jsonl.h"
#include "sources/source.h"

/* --- the parser, through a recording sink ------------------------------------ */

struct rec {
    char name[128];
    char labels[256];
    double v, ts;
};

struct sink {
    struct rec r[64];
    int n;
    int total;
};

static void sink_emit(void *user, const char *name, const char *const *labels, int nl, double v,
                      double ts)
{
    struct sink *s = user;
    s->total++;
    if (s->n >= 64) return;
    struct rec *r = &s->r[s->n++];
    snprintf(r->name, sizeof r->name, "%s", name);
    r->labels[0] = 0;
    size_t o = 0;
    for (int i = 0; i < nl; i++)
        o += (size_t)snprintf(r->labels + o, sizeof r->labels - o, "%s%s=%s", i ? "," : "",
                              labels[2 * i], labels[2 * i + 1]);
    r->v = v;
    r->ts = ts;
}

static const struct rec *get(const struct sink *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->r[i].name, name) == 0) return &s->r[i];
    return NULL;
}

static void feed(struct jsonl_parser *p, const char *text, double arrival)
{
    jsonl_parser_feed(p, text, strlen(text), arrival);
}

static void test_flatten(void **state)
{
    (void)state;
    struct sink s = {0};
    struct jsonl_parser p;
    jsonl_parser_init(&p, NULL, 0, sink_emit, &s);
    feed(&p,
         "{\"step\":10,\"loss\":0.5,\"ok\":true,\"bad\":false,\"nested\":{\"a\":{\"b\":2,\"c\":"
         "\"str\"}},\"name\":\"x\",\"arr\":[1,2],\"nul\":null,\"9lives\":1,\"weird-key.x\":3,"
         "\"gpu\":{\"0\":{\"util\":97}},\"big\":1e308,\"neg\":-2.5e-3}\n",
         100.0);
    assert_int_equal(p.lines, 1);
    assert_int_equal(p.bad_lines, 0);
    assert_true(get(&s, "step")->v == 10);
    assert_true(get(&s, "loss")->v == 0.5);
    assert_true(get(&s, "ok")->v == 1);
    assert_true(get(&s, "bad")->v == 0);
    assert_true(get(&s, "nested_a_b")->v == 2);
    assert_true(get(&s, "_9lives")->v == 1);
    assert_true(get(&s, "weird_key_x")->v == 3);
    assert_true(get(&s, "gpu_0_util")->v == 97);
    assert_true(get(&s, "big")->v == 1e308);
    assert_true(get(&s, "neg")->v == -2.5e-3);
    assert_null(get(&s, "name"));
    assert_null(get(&s, "arr"));
    assert_null(get(&s, "nul"));
    assert_null(get(&s, "nested_a_c"));
    assert_int_equal(s.n, 10);
    assert_true(get(&s, "step")->ts == 100.0);
    jsonl_parser_free(&p);
}

static void test_labels_and_time(void **state)
{
    (void)state;
    struct sink s = {0};
    struct jsonl_parser p;
    const char *lf[] = {"run", "host-name", "rank"};
    jsonl_parser_init(&p, lf, 3, sink_emit, &s);
    feed(&p,
         "{\"run\":\"exp-7\",\"host-name\":\"gpu01\",\"rank\":3,\"loss\":1.5,\"time\":1767225600."
         "25}\n",
         5.0);
    const struct rec *r = get(&s, "loss");
    assert_non_null(r);
    assert_string_equal(r->labels, "run=exp-7,host_name=gpu01,rank=3");
    assert_true(r->ts == 1767225600.25);
    assert_null(get(&s, "time"));
    assert_null(get(&s, "rank"));
    /* milliseconds, and a "time" that is no Unix time stays a series */
    s.n = 0;
    feed(&p, "{\"ts\":1767225600500,\"a\":1}\n{\"time\":12,\"b\":2}\n", 7.0);
    assert_true(get(&s, "a")->ts == 1767225600.5);
    assert_true(get(&s, "time")->v == 12);
    assert_true(get(&s, "b")->ts == 7.0);
    /* lines arriving together still get distinct, increasing stamps */
    s.n = 0;
    feed(&p, "{\"x\":1}\n{\"x\":2}\n{\"x\":3}\n", 7.0);
    assert_int_equal(s.n, 3);
    assert_true(s.r[0].ts < s.r[1].ts && s.r[1].ts < s.r[2].ts);
    assert_true(s.r[2].ts - s.r[0].ts < 1e-3);
    jsonl_parser_free(&p);
}

static void test_bad_lines(void **state)
{
    (void)state;
    struct sink s = {0};
    struct jsonl_parser p;
    jsonl_parser_init(&p, NULL, 0, sink_emit, &s);
    static const char *const bad[] = {
        "{\"a\":1",           /* truncated */
        "{\"a\":1} trailing", /* garbage after the object */
        "[1,2,3]",            /* not an object */
        "\"text\"",
        "42",
        "null",
        "{\"a\":\"\xff\"}",         /* invalid UTF-8 */
        "{\"a\":\"\xc0\xaf\"}",     /* overlong */
        "{\"a\":\"\xed\xa0\x80\"}", /* surrogate */
        "{\"a\":\"\xe2\x82\"}",     /* cut sequence */
        "{'a':1}",
        "{a:1}",
        "{\"a\":NaN}",
        "\x01\x02\x03",
    };
    size_t nbad = sizeof bad / sizeof bad[0];
    for (size_t i = 0; i < nbad; i++) {
        feed(&p, bad[i], 1.0);
        feed(&p, "\n", 1.0);
    }
    assert_int_equal(p.bad_lines, nbad);
    assert_int_equal(p.lines, 0);
    assert_int_equal(s.total, 0);
    assert_non_null(strstr(p.last_error, "line 14:"));
    /* valid multi-byte UTF-8 is fine, blank lines are ignored */
    feed(&p, "\n   \n{\"caf\xc3\xa9\":1,\"s\":\"\xe6\xb4\xbb\xe5\x8b\x95\xf0\x9f\x98\x80\"}\r\n",
         1.0);
    assert_int_equal(p.lines, 1);
    assert_true(get(&s, "caf__")->v == 1);

    /* nesting: 32 levels pass, 33 are refused before cJSON recurses; a
     * 200,000-deep line costs a scan, not the stack */
    char deep[200];
    size_t o = 0;
    for (int i = 0; i < 31; i++)
        o += (size_t)sprintf(deep + o, "{\"a\":");
    o += (size_t)sprintf(deep + o, "{\"z\":1}");
    for (int i = 0; i < 31; i++)
        deep[o++] = '}';
    deep[o++] = '\n';
    deep[o] = 0;
    s.n = 0;
    feed(&p, deep, 1.0);
    assert_int_equal(s.n, 1);
    uint64_t bad_before = p.bad_lines;
    feed(&p,
         "{\"x\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{"
         "\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{"
         "\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}}}}}}"
         "}}}}}}}}}}}}\n",
         1.0);
    assert_int_equal(p.bad_lines, bad_before + 1);
    assert_non_null(strstr(p.last_error, "nested deeper"));
    size_t big = 200000;
    char *huge = malloc(2 * big + 2);
    memset(huge, '[', big);
    memset(huge + big, ']', big);
    huge[2 * big] = '\n';
    huge[2 * big + 1] = 0;
    feed(&p, huge, 1.0);
    assert_int_equal(p.bad_lines, bad_before + 2);
    free(huge);
    jsonl_parser_free(&p);
}

static void test_long_lines_and_chunks(void **state)
{
    (void)state;
    struct sink s = {0};
    struct jsonl_parser p;
    jsonl_parser_init(&p, NULL, 0, sink_emit, &s);
    /* a 3 MiB line, fed in odd chunks, then a good line */
    size_t n = 3 * 1024 * 1024;
    char *line = malloc(n + 64);
    strcpy(line, "{\"pad\":\"");
    memset(line + 8, 'x', n);
    strcpy(line + 8 + n, "\",\"v\":1}\n{\"after\":2}\n");
    size_t len = strlen(line);
    for (size_t i = 0; i < len; i += 7777)
        jsonl_parser_feed(&p, line + i, len - i < 7777 ? len - i : 7777, 1.0);
    free(line);
    assert_int_equal(p.long_lines, 1);
    assert_int_equal(p.bad_lines, 1);
    assert_int_equal(p.lines, 1);
    assert_true(get(&s, "after")->v == 2);
    assert_null(get(&s, "v"));
    assert_non_null(strstr(p.last_error, "longer than"));
    /* byte by byte: the same result as one chunk */
    s.n = 0;
    const char *two = "{\"a\":{\"b\":1.25}}\r\n{\"c\":false}";
    for (size_t i = 0; two[i]; i++)
        jsonl_parser_feed(&p, two + i, 1, 2.0);
    assert_int_equal(s.n, 1);
    jsonl_parser_finish(&p, 2.0); /* the last line has no newline */
    assert_int_equal(s.n, 2);
    assert_true(get(&s, "a_b")->v == 1.25);
    assert_true(get(&s, "c")->v == 0);
    /* one line may not produce more than JSONL_MAX_FIELDS samples */
    size_t cap = 30000 * 16;
    char *wide = malloc(cap);
    size_t o = 0;
    wide[o++] = '{';
    for (int i = 0; i < 30000; i++)
        o += (size_t)snprintf(wide + o, cap - o, "%s\"k%d\":%d", i ? "," : "", i, i);
    o += (size_t)snprintf(wide + o, cap - o, "}\n");
    s.total = 0;
    jsonl_parser_feed(&p, wide, o, 3.0);
    free(wide);
    assert_int_equal(s.total, JSONL_MAX_FIELDS);
    jsonl_parser_free(&p);
}

/* --- the source, with writer processes ---------------------------------------- */

struct src {
    struct store *store;
    struct source s;
    struct sample_buf *buf;
    int sid;
    char err[512];
};

static void src_open(struct src *x, const char *spec, bool one_shot)
{
    memset(x, 0, sizeof *x);
    x->store = store_create(&(struct store_desc){.history = 8192});
    x->sid = store_source_register(x->store, spec, 0.1);
    x->buf = sample_buf_create();
    x->s.ops = &source_kind_jsonl;
    x->s.desc.spec = spec;
    x->s.desc.one_shot = one_shot;
    x->s.name = (char *)spec;
    char err[256] = "";
    if (!source_kind_jsonl.create(&x->s, &x->s.desc, err, sizeof err))
        fail_msg("create %s: %s", spec, err);
}

static bool src_poll(struct src *x)
{
    sample_buf_reset(x->buf);
    x->err[0] = 0;
    double now = clock_wall();
    bool ok = source_kind_jsonl.poll(&x->s, now, x->buf, x->err, sizeof x->err);
    if (ok) store_commit(x->store, x->sid, x->buf, now);
    return ok;
}

static void src_close(struct src *x)
{
    source_kind_jsonl.destroy(&x->s);
    sample_buf_destroy(x->buf);
    store_destroy(x->store);
}

static double lines_total(struct src *x)
{
    for (size_t i = 0; i < store_series_count(x->store); i++) {
        const struct series *se = store_series_at(x->store, i);
        if (strcmp(se->name, "magi_jsonl_lines_total") == 0) {
            double ts, v;
            series_last(se, &ts, &v);
            return v;
        }
    }
    return -1;
}

static double bad_total(struct src *x)
{
    for (size_t i = 0; i < store_series_count(x->store); i++) {
        const struct series *se = store_series_at(x->store, i);
        if (strcmp(se->name, "magi_jsonl_bad_lines_total") == 0) {
            double ts, v;
            series_last(se, &ts, &v);
            return v;
        }
    }
    return -1;
}

/* Polls every 100 ms until `want` lines were read or `secs` passed. */
static void poll_until(struct src *x, double want, double secs)
{
    double end = clock_mono() + secs;
    while (clock_mono() < end) {
        src_poll(x);
        if (lines_total(x) >= want) return;
        usleep(100000);
    }
}

/* The `seq` series must hold exactly 1..n, in order: no line lost. */
static void assert_seq_complete(struct src *x, int first, int n)
{
    const struct series *se = store_series_find(x->store, "seq");
    assert_non_null(se);
    if (se->count != (size_t)n) fail_msg("seq has %zu samples, expected %d", se->count, n);
    double pts = 0;
    for (size_t i = 0; i < se->count; i++) {
        double ts, v;
        series_sample(se, i, &ts, &v);
        if (v != first + (double)i) fail_msg("seq[%zu] = %g, expected %d", i, v, first + (int)i);
        assert_true(ts > pts);
        pts = ts;
    }
}

/* Writes "{"seq":i,"loss":...}\n" for i in [first, first+n) at `rate` lines
 * per second to fd, in a child process; async-signal-safe formatting only. */
static size_t fmt_line(char *b, int i)
{
    char num[16];
    int k = 0;
    int v = i;
    do {
        num[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t o = 0;
    const char *a = "{\"seq\":";
    while (*a)
        b[o++] = *a++;
    while (k)
        b[o++] = num[--k];
    const char *c = ",\"loss\":0.25,\"run\":\"r1\",\"nested\":{\"ok\":true}}\n";
    while (*c)
        b[o++] = *c++;
    return o;
}

static pid_t spawn_writer(int fd, int first, int n, double rate)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        char line[128];
        for (int i = 0; i < n; i++) {
            size_t len = fmt_line(line, first + i);
            size_t off = 0;
            while (off < len) {
                ssize_t w = write(fd, line + off, len - off);
                if (w <= 0) _exit(2);
                off += (size_t)w;
            }
            if (rate > 0) {
                double due = (i + 1) / rate;
                struct timespec ts = {t0.tv_sec + (time_t)due,
                                      t0.tv_nsec + (long)((due - (double)(time_t)due) * 1e9)};
                if (ts.tv_nsec >= 1000000000L) {
                    ts.tv_sec++;
                    ts.tv_nsec -= 1000000000L;
                }
                while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
                }
            }
        }
        _exit(0);
    }
    return pid;
}

static void reap(pid_t pid)
{
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_file_1000_lines_per_second(void **state)
{
    (void)state;
    char path[] = "/tmp/magi-jsonl-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char spec[64];
    snprintf(spec, sizeof spec, "jsonl:%s", path);
    struct src x;
    src_open(&x, spec, false);
    pid_t w = spawn_writer(fd, 1, 3000, 1000);
    poll_until(&x, 3000, 20);
    reap(w);
    close(fd);
    src_poll(&x);
    assert_true(lines_total(&x) == 3000);
    assert_true(bad_total(&x) == 0);
    assert_seq_complete(&x, 1, 3000);
    const struct series *se = store_series_find(x.store, "nested_ok");
    assert_non_null(se);
    src_close(&x);
    unlink(path);
}

static void test_stdin(void **state)
{
    (void)state;
    int saved = dup(0);
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    dup2(pfd[0], 0);
    close(pfd[0]);
    struct src x;
    src_open(&x, "jsonl:-", false);
    pid_t w = spawn_writer(pfd[1], 1, 2000, 1000);
    close(pfd[1]);
    poll_until(&x, 2000, 20);
    reap(w);
    src_poll(&x);
    assert_true(lines_total(&x) == 2000);
    assert_seq_complete(&x, 1, 2000);
    /* the writer is gone: the end of input is reported */
    usleep(50000);
    assert_false(src_poll(&x));
    assert_non_null(strstr(x.err, "end of input after 2000 lines"));
    src_close(&x);
    dup2(saved, 0);
    close(saved);
}

static void test_one_shot_stdin(void **state)
{
    (void)state;
    int saved = dup(0);
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    dup2(pfd[0], 0);
    close(pfd[0]);
    struct src x;
    src_open(&x, "jsonl:-", true);
    pid_t w = spawn_writer(pfd[1], 1, 600, 1500);
    close(pfd[1]);
    /* one poll reads everything the writer will ever write */
    assert_true(src_poll(&x));
    assert_true(lines_total(&x) == 600);
    assert_seq_complete(&x, 1, 600);
    reap(w);
    /* and later polls are fine: nothing new, no error */
    assert_true(src_poll(&x));
    src_close(&x);
    dup2(saved, 0);
    close(saved);
}

static void test_fifo(void **state)
{
    (void)state;
    char dir[] = "/tmp/magi-jsonl-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    char spec[160];
    snprintf(spec, sizeof spec, "jsonl:%s", path);
    struct src x;
    src_open(&x, spec, false);
    /* two writers one after the other: the source outlives the first */
    for (int k = 0; k < 2; k++) {
        int fd = open(path, O_WRONLY);
        assert_true(fd >= 0);
        pid_t w = spawn_writer(fd, 1 + 500 * k, 500, 2000);
        close(fd);
        reap(w);
        poll_until(&x, 500.0 * (k + 1), 10);
    }
    assert_true(lines_total(&x) == 1000);
    assert_seq_complete(&x, 1, 1000);
    src_close(&x);
    unlink(path);
    rmdir(dir);
}

static void write_lines(const char *path, int flags, int first, int n)
{
    int fd = open(path, O_WRONLY | O_CREAT | flags, 0600);
    assert_true(fd >= 0);
    pid_t w = spawn_writer(fd, first, n, 0);
    reap(w);
    close(fd);
}

static void test_rotation_and_truncation(void **state)
{
    (void)state;
    char dir[] = "/tmp/magi-jsonl-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128], old[160], spec[160];
    snprintf(path, sizeof path, "%s/train.jsonl", dir);
    snprintf(old, sizeof old, "%s.1", path);
    snprintf(spec, sizeof spec, "jsonl:%s", path);
    write_lines(path, O_APPEND, 1, 100);
    struct src x;
    src_open(&x, spec, false);
    poll_until(&x, 100, 10);
    assert_true(lines_total(&x) == 100);
    /* rotation by rename: the new file is followed from its start */
    write_lines(path, O_APPEND, 101, 20); /* the last lines of the old file */
    assert_int_equal(rename(path, old), 0);
    write_lines(path, O_APPEND | O_EXCL, 121, 50);
    poll_until(&x, 170, 10);
    assert_true(lines_total(&x) == 170);
    /* truncation in place (copytruncate), then new lines */
    assert_int_equal(truncate(path, 0), 0);
    usleep(300000);
    src_poll(&x);
    write_lines(path, O_APPEND, 171, 30);
    poll_until(&x, 200, 10);
    assert_true(lines_total(&x) == 200);
    assert_seq_complete(&x, 1, 200);
    src_close(&x);
    unlink(path);
    unlink(old);
    rmdir(dir);
}

static void test_missing_then_present(void **state)
{
    (void)state;
    char dir[] = "/tmp/magi-jsonl-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128], spec[160];
    snprintf(path, sizeof path, "%s/later.jsonl", dir);
    snprintf(spec, sizeof spec, "jsonl:%s", path);
    struct src x;
    src_open(&x, spec, false);
    usleep(100000);
    assert_false(src_poll(&x));
    assert_non_null(strstr(x.err, "cannot open"));
    assert_non_null(strstr(x.err, "No such file"));
    write_lines(path, 0, 1, 10);
    poll_until(&x, 10, 10);
    assert_true(lines_total(&x) == 10);
    src_close(&x);
    unlink(path);
    rmdir(dir);
}

static void test_garbage_between_good_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/magi-jsonl-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char spec[64];
    snprintf(spec, sizeof spec, "jsonl:%s", path);
    struct src x;
    src_open(&x, spec, false);
    unsigned seed = 7;
    char junk[4096];
    for (int i = 0; i < 50; i++) {
        char line[128];
        size_t n = fmt_line(line, i + 1);
        assert_int_equal(write(fd, line, n), (ssize_t)n);
        for (size_t k = 0; k < sizeof junk; k++) {
            junk[k] = (char)(rand_r(&seed) & 0xff);
            if (junk[k] == '\n') junk[k] = 'x';
        }
        junk[sizeof junk - 1] = '\n';
        assert_int_equal(write(fd, junk, sizeof junk), (ssize_t)sizeof junk);
    }
    close(fd);
    for (int i = 0; i < 100 && bad_total(&x) < 50; i++) {
        usleep(50000);
        src_poll(&x);
    }
    assert_true(lines_total(&x) == 50);
    assert_true(bad_total(&x) == 50);
    assert_seq_complete(&x, 1, 50);
    src_close(&x);
    unlink(path);
}

static void test_bad_spec(void **state)
{
    (void)state;
    struct source s = {.ops = &source_kind_jsonl};
    char err[128];
    s.desc.spec = "jsonl:";
    assert_false(source_kind_jsonl.create(&s, &s.desc, err, sizeof err));
    assert_non_null(strstr(err, "jsonl:PATH"));
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flatten),
        cmocka_unit_test(test_labels_and_time),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_long_lines_and_chunks),
        cmocka_unit_test(test_file_1000_lines_per_second),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_one_shot_stdin),
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_rotation_and_truncation),
        cmocka_unit_test(test_missing_then_present),
        cmocka_unit_test(test_garbage_between_good_lines),
        cmocka_unit_test(test_bad_spec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
