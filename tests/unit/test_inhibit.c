/* Screen-blanking inhibit against a real X server (Xvfb in tools/test).
 *
 * The X server's own screensaver timer is the witness: with a 1 s timeout the
 * saver must stay off while MAGI holds it, and come on once MAGI lets go —
 * also when MAGI is killed without a chance to clean up. Skipped (not passed)
 * when there is no display, as in the sanitizer run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>
#include <X11/extensions/scrnsaver.h>

#include "platform/inhibit.h"

static Display *dpy;
static int saved_timeout, saved_interval, saved_blanking, saved_exposures;

static int setup(void **state)
{
    (void)state;
    if (!getenv("DISPLAY") || !(dpy = XOpenDisplay(NULL)))
        return 0;
    /* Whatever display this is, leave its settings as they were. */
    XGetScreenSaver(dpy, &saved_timeout, &saved_interval, &saved_blanking, &saved_exposures);
    XSetScreenSaver(dpy, 1, 0, PreferBlanking, AllowExposures);
    XFlush(dpy);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (dpy) {
        XSetScreenSaver(dpy, saved_timeout, saved_interval, saved_blanking, saved_exposures);
        XForceScreenSaver(dpy, ScreenSaverReset);
        XCloseDisplay(dpy);
    }
    return 0;
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static int saver_state(void)
{
    XScreenSaverInfo *info = XScreenSaverAllocInfo();
    XScreenSaverQueryInfo(dpy, DefaultRootWindow(dpy), info);
    int st = info->state;
    XFree(info);
    return st;
}

/* Waits up to `limit` seconds for the saver to reach `want`: a loaded machine
 * (tests run in parallel) may be late, never early. */
static bool wait_for_state(int want, double limit)
{
    for (double waited = 0; waited < limit; waited += 0.1) {
        if (saver_state() == want)
            return true;
        sleep_s(0.1);
    }
    return saver_state() == want;
}

/* True if the saver stayed off for the whole of `seconds`. */
static bool stays_off(double seconds)
{
    for (double waited = 0; waited < seconds; waited += 0.1) {
        if (saver_state() == ScreenSaverOn)
            return false;
        sleep_s(0.1);
    }
    return true;
}

static void wake_up(void)
{
    XForceScreenSaver(dpy, ScreenSaverReset);
    XFlush(dpy);
    sleep_s(0.1);
}

static void test_holds_and_releases(void **state)
{
    (void)state;
    if (!dpy)
        skip();
    /* Baseline: the saver really does come on after 1 s here. */
    wake_up();
    assert_true(wait_for_state(ScreenSaverOn, 10.0));

    wake_up();
    struct inhibit *in = inhibit_start(&(struct inhibit_desc){0});
    assert_non_null(in);
    struct inhibit_state st;
    inhibit_get_state(in, &st);
    assert_true(st.x11_suspended);
    assert_true(stays_off(3.0));

    inhibit_stop(in);
    assert_true(wait_for_state(ScreenSaverOn, 10.0));
}

static void test_released_when_killed(void **state)
{
    (void)state;
    if (!dpy)
        skip();
    wake_up();
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct inhibit *in = inhibit_start(&(struct inhibit_desc){0});
        char c = in ? 'y' : 'n';
        (void)!write(fds[1], &c, 1);
        for (;;)
            pause();
    }
    char c = 0;
    assert_int_equal(read(fds[0], &c, 1), 1);
    assert_int_equal(c, 'y');
    assert_true(stays_off(3.0));
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    assert_true(wait_for_state(ScreenSaverOn, 10.0));
    close(fds[0]);
    close(fds[1]);
}

static void test_dpms_restored(void **state)
{
    (void)state;
    int ev, err;
    if (!dpy || !DPMSQueryExtension(dpy, &ev, &err) || !DPMSCapable(dpy))
        skip();
    DPMSEnable(dpy);
    XFlush(dpy);
    struct inhibit *in = inhibit_start(&(struct inhibit_desc){0});
    CARD16 level;
    BOOL enabled = True;
    XSync(dpy, False);
    DPMSInfo(dpy, &level, &enabled);
    assert_false(enabled);
    inhibit_stop(in);
    XSync(dpy, False);
    DPMSInfo(dpy, &level, &enabled);
    assert_true(enabled);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_holds_and_releases),
        cmocka_unit_test(test_released_when_killed),
        cmocka_unit_test(test_dpms_restored),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
