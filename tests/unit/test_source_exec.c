/* The exec source with real child processes: the exposition format and bare
 * numbers, quoting without a shell, exit status and stderr in the error,
 * timeouts (SIGTERM, then SIGKILL for a command that ignores it, the whole
 * process group), a command that floods stdout, binary garbage, interrupt(),
 * and no zombie left behind by any of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/store.h"
#include "sources/exec.h"
#include "sources/source.h"

struct run {
    struct store *store;
    struct source src;
    struct sample_buf *buf;
    int sid;
    char err[512];
    bool ok;
    double wall;
};

static void run_open(struct run *r, const char *spec, const char *name, double timeout)
{
    memset(r, 0, sizeof *r);
    r->store = store_create(&(struct store_desc){0});
    r->sid = store_source_register(r->store, "exec", 1.0);
    r->buf = sample_buf_create();
    r->src.ops = &source_kind_exec;
    r->src.desc.spec = spec;
    r->src.desc.name = name;
    r->src.desc.timeout = timeout;
    char err[256] = "";
    if (!source_kind_exec.create(&r->src, &r->src.desc, err, sizeof err))
        fail_msg("create %s: %s", spec, err);
}

static bool run_poll(struct run *r)
{
    sample_buf_reset(r->buf);
    r->err[0] = 0;
    double t0 = clock_mono();
    r->ok = source_kind_exec.poll(&r->src, clock_wall(), r->buf, r->err, sizeof r->err);
    r->wall = clock_mono() - t0;
    if (r->ok) store_commit(r->store, r->sid, r->buf, clock_wall());
    return r->ok;
}

static void run_close(struct run *r)
{
    source_kind_exec.destroy(&r->src);
    sample_buf_destroy(r->buf);
    store_destroy(r->store);
}

static double value_of(struct store *st, const char *key)
{
    const struct series *se = store_series_find(st, key);
    if (!se) fail_msg("no series %s", key);
    double ts, v;
    assert_true(series_last(se, &ts, &v));
    return v;
}

static void assert_no_children(void)
{
    /* every child of this process has been reaped */
    int status;
    errno = 0;
    assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

static void test_split(void **state)
{
    (void)state;
    char **argv;
    int argc;
    char err[128];
    assert_true(exec_split_args("  a 'b c'  \"d \\\"e\\\" \\\\ $x\" f\\ g 'h'\"i\"j ''", &argv,
                                &argc, err, sizeof err));
    assert_int_equal(argc, 6);
    assert_string_equal(argv[0], "a");
    assert_string_equal(argv[1], "b c");
    assert_string_equal(argv[2], "d \"e\" \\ $x");
    assert_string_equal(argv[3], "f g");
    assert_string_equal(argv[4], "hij");
    assert_string_equal(argv[5], "");
    assert_null(argv[6]);
    exec_free_args(argv);
    assert_false(exec_split_args("echo 'oops", &argv, &argc, err, sizeof err));
    assert_non_null(strstr(err, "unterminated"));
    assert_false(exec_split_args("echo \"oops", &argv, &argc, err, sizeof err));
    assert_false(exec_split_args("   ", &argv, &argc, err, sizeof err));
    assert_non_null(strstr(err, "empty"));
    assert_false(exec_split_args("echo \\", &argv, &argc, err, sizeof err));
    /* and through create(): a bad spec is refused with the reason */
    struct source s = {.ops = &source_kind_exec};
    s.desc.spec = "exec:echo 'x";
    assert_false(source_kind_exec.create(&s, &s.desc, err, sizeof err));
    assert_non_null(strstr(err, "unterminated"));
    s.desc.spec = "exec:";
    assert_false(source_kind_exec.create(&s, &s.desc, err, sizeof err));
}

static void test_exposition(void **state)
{
    (void)state;
    struct run r;
    run_open(&r, "exec:printf '# TYPE temp gauge\\ntemp{zone=\"a b\"} 41.5\\nreqs_total 7\\n'",
             NULL, 2);
    assert_true(run_poll(&r));
    assert_true(value_of(r.store, "temp{zone=\"a b\"}") == 41.5);
    assert_true(value_of(r.store, "reqs_total") == 7);
    assert_int_equal(store_series_find(r.store, "temp{zone=\"a b\"}")->type, METRIC_GAUGE);
    run_close(&r);
    assert_no_children();
}

static void test_bare_number(void **state)
{
    (void)state;
    struct run r;
    /* named after the command's base name ... */
    run_open(&r, "exec:/bin/echo '  42.25 '", NULL, 2);
    assert_true(run_poll(&r));
    assert_true(value_of(r.store, "echo") == 42.25);
    run_close(&r);
    /* ... or after the source's name from the layout, sanitised */
    run_open(&r, "exec:echo -7e3", "gpu fan-speed", 2);
    assert_true(run_poll(&r));
    assert_true(value_of(r.store, "gpu_fan_speed") == -7000);
    run_close(&r);
    run_open(&r, "exec:echo NaN", "x", 2);
    assert_true(run_poll(&r));
    assert_true(isnan(value_of(r.store, "x")));
    run_close(&r);
    /* arguments reach the command as words, with no shell in between */
    run_open(&r, "exec:sh -c 'echo $#' argv0 \"a b\" c\\ d '$HOME'", NULL, 2);
    assert_true(run_poll(&r));
    assert_true(value_of(r.store, "sh") == 3);
    run_close(&r);
    assert_no_children();
}

static void test_failures(void **state)
{
    (void)state;
    struct run r;
    run_open(&r, "exec:sh -c 'echo first >&2; echo \"disk on fire\" >&2; exit 3'", NULL, 2);
    assert_false(run_poll(&r));
    assert_non_null(strstr(r.err, "status 3"));
    assert_non_null(strstr(r.err, "disk on fire"));
    assert_null(strstr(r.err, "first"));
    assert_null(strchr(r.err, '\n'));
    run_close(&r);

    run_open(&r, "exec:/nonexistent/magi-command --x", NULL, 2);
    assert_false(run_poll(&r));
    assert_non_null(strstr(r.err, "No such file"));
    run_close(&r);

    run_open(&r, "exec:true", NULL, 2);
    assert_false(run_poll(&r));
    assert_non_null(strstr(r.err, "printed nothing"));
    run_close(&r);

    run_open(&r, "exec:head -c 20000 /dev/urandom", NULL, 2);
    for (int i = 0; i < 5; i++) {
        assert_false(run_poll(&r));
        assert_non_null(strstr(r.err, "bad output"));
    }
    run_close(&r);

    run_open(&r, "exec:sh -c 'kill -KILL $$'", NULL, 2);
    assert_false(run_poll(&r));
    assert_non_null(strstr(r.err, "signal 9"));
    run_close(&r);
    assert_no_children();
}

static bool process_gone(pid_t pid)
{
    /* gone, or a zombie waiting for init */
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return true;
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = 0;
    const char *rp = strrchr(stat, ')');
    return rp && (rp[2] == 'Z' || rp[2] == 'X');
}

static void test_timeouts(void **state)
{
    (void)state;
    struct run r;
    run_open(&r, "exec:sleep 30", NULL, 0.3);
    assert_false(run_poll(&r));
    assert_non_null(strstr(r.err, "timed out"));
    assert_true(r.wall < 1.5);
    run_close(&r);

    /* a command that ignores SIGTERM and leaves a grandchild behind: the
     * whole group is killed */
    char pidfile[] = "/tmp/magi-exec-XXXXXX";
    int fd = mkstemp(pidfile);
    assert_true(fd >= 0);
    close(fd);
    char spec[512];
    snprintf(spec, sizeof spec,
             "exec:sh -c 'trap \"\" TERM; sleep 30 & echo $! > %s; echo partial; sleep 30'",
             pidfile);
    run_open(&r, spec, NULL, 0.4);
    assert_false(run_poll(&r));
    assert_non_null(strstr(r.err, "timed out"));
    assert_true(r.wall < 2.0);
    FILE *f = fopen(pidfile, "r");
    assert_non_null(f);
    int grandchild = 0;
    assert_int_equal(fscanf(f, "%d", &grandchild), 1);
    fclose(f);
    unlink(pidfile);
    for (int i = 0; i < 100 && !process_gone(grandchild); i++)
        usleep(10000);
    assert_true(process_gone(grandchild));
    run_close(&r);

    /* stdout closed early but the process lingers: still a timeout */
    run_open(&r, "exec:sh -c 'echo 1; exec >&-; sleep 30'", NULL, 0.3);
    assert_false(run_poll(&r));
    assert_non_null(strstr(r.err, "timed out"));
    run_close(&r);
    assert_no_children();
}

static void test_flood(void **state)
{
    (void)state;
    struct run r;
    run_open(&r, "exec:yes 1234567890", NULL, 10);
    assert_false(run_poll(&r));
    assert_non_null(strstr(r.err, "more than 16 MiB"));
    assert_true(r.wall < 5);
    run_close(&r);
    assert_no_children();
}

static void test_large_output(void **state)
{
    (void)state;
    struct run r;
    run_open(&r,
             "exec:sh -c 'i=0; while [ $i -lt 20000 ]; do echo \"m{i=\\\"$i\\\"} $i\"; i=$((i+1)); "
             "done'",
             NULL, 20);
    assert_true(run_poll(&r));
    assert_int_equal(store_series_count(r.store), 20000);
    assert_true(value_of(r.store, "m{i=\"19999\"}") == 19999);
    run_close(&r);
    assert_no_children();
}

static void *poll_thread(void *arg)
{
    run_poll(arg);
    return NULL;
}

static void test_interrupt(void **state)
{
    (void)state;
    struct run r;
    run_open(&r, "exec:sleep 30", NULL, 60);
    pthread_t t;
    double t0 = clock_mono();
    assert_int_equal(pthread_create(&t, NULL, poll_thread, &r), 0);
    usleep(150000);
    source_kind_exec.interrupt(&r.src);
    pthread_join(t, NULL);
    assert_false(r.ok);
    assert_non_null(strstr(r.err, "interrupted"));
    assert_true(clock_mono() - t0 < 2);
    run_close(&r);
    assert_no_children();
}

static void test_repeated_polls(void **state)
{
    (void)state;
    /* many runs: no descriptor or child leaks */
    struct run r;
    run_open(&r, "exec:echo 1", NULL, 2);
    int fd_before = dup(0);
    close(fd_before);
    for (int i = 0; i < 200; i++)
        assert_true(run_poll(&r));
    int fd_after = dup(0);
    close(fd_after);
    assert_int_equal(fd_before, fd_after);
    run_close(&r);
    assert_no_children();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),          cmocka_unit_test(test_exposition),
        cmocka_unit_test(test_bare_number),    cmocka_unit_test(test_failures),
        cmocka_unit_test(test_timeouts),       cmocka_unit_test(test_flood),
        cmocka_unit_test(test_large_output),   cmocka_unit_test(test_interrupt),
        cmocka_unit_test(test_repeated_polls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
