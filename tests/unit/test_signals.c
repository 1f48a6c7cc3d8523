/* signals: real signals sent to this process become requests, wake the
 * waiting thread through the wake function, and are cleared when taken; a
 * second SIGTERM while the first is pending ends the process (in a child). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "platform/signals.h"

static atomic_int wakes;
static void count_wake(void) { atomic_fetch_add(&wakes, 1); }

/* Waits up to 2 s for the wake function to have run `n` times. */
static bool wait_wakes(int n)
{
    for (int i = 0; i < 200; i++) {
        if (atomic_load(&wakes) >= n)
            return true;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return false;
}

static void requests_and_wakes(void **state)
{
    (void)state;
    signals_hold();
    /* Held: a signal now waits, and is taken once the handlers are in. */
    kill(getpid(), SIGHUP);
    assert_int_equal(signals_take(), 0);
    atomic_store(&wakes, 0);
    assert_true(signals_start(count_wake));
    assert_true(wait_wakes(1));
    assert_int_equal(signals_take(), SIGNALS_RELOAD);
    assert_int_equal(signals_take(), 0);

    kill(getpid(), SIGUSR1);
    assert_true(wait_wakes(2));
    assert_int_equal(signals_take(), SIGNALS_SCREENSHOT);

    kill(getpid(), SIGTERM);
    assert_true(wait_wakes(3));
    assert_int_equal(signals_take(), SIGNALS_QUIT);
    kill(getpid(), SIGINT);
    assert_true(wait_wakes(4));
    assert_int_equal(signals_take(), SIGNALS_QUIT);
    signals_stop();
    /* Restored: SIGHUP's default would end us, so check the handler is gone
     * without sending one. */
    struct sigaction sa;
    sigaction(SIGHUP, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
}

static void second_quit_ends_at_once(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signals_hold();
        if (!signals_start(NULL))
            _exit(3);
        raise(SIGTERM); /* pending, as if the loop were busy */
        raise(SIGTERM); /* the second one kills */
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(requests_and_wakes),
        cmocka_unit_test(second_quit_ends_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
