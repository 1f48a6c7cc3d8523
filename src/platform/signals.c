/* signals: see signals.h. */
#include "platform/signals.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"

static const int handled[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1};
#define NHANDLED (sizeof handled / sizeof handled[0])

static atomic_uint pending;
static int pipe_fd[2] = {-1, -1};
static struct sigaction saved[NHANDLED];
static pthread_t waker;
static void (*wake_fn)(void);
static bool running;

static void on_signal(int sig)
{
    int saved_errno = errno;
    unsigned bit = sig == SIGHUP ? SIGNALS_RELOAD : sig == SIGUSR1 ? SIGNALS_SCREENSHOT : SIGNALS_QUIT;
    unsigned before = atomic_fetch_or(&pending, bit);
    if (bit == SIGNALS_QUIT && (before & SIGNALS_QUIT)) {
        /* Asked twice and the loop has not got to it: stop now. */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    char c = 1;
    ssize_t r = write(pipe_fd[1], &c, 1); /* a full pipe already means "wake up" */
    (void)r;
    errno = saved_errno;
}

static void *wake_thread(void *arg)
{
    (void)arg;
    char buf[64];
    for (;;) {
        ssize_t n = read(pipe_fd[0], buf, sizeof buf);
        if (n == 0)
            break; /* signals_stop closed the write end */
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (wake_fn)
            wake_fn();
    }
    return NULL;
}

static void handled_set(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < NHANDLED; i++)
        sigaddset(set, handled[i]);
}

void signals_hold(void)
{
    sigset_t set;
    handled_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void unhold(void)
{
    sigset_t set;
    handled_set(&set);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

bool signals_start(void (*wake)(void))
{
    if (running)
        return false;
    if (pipe2(pipe_fd, O_CLOEXEC) != 0) {
        log_warn("signals", "cannot make a pipe: %s", strerror(errno));
        unhold();
        return false;
    }
    /* The handler must never block on a full pipe. */
    fcntl(pipe_fd[1], F_SETFL, fcntl(pipe_fd[1], F_GETFL) | O_NONBLOCK);
    wake_fn = wake;
    atomic_store(&pending, 0);
    /* The wake thread takes no signals itself: they go to threads that can
     * be interrupted harmlessly. */
    sigset_t block, old;
    handled_set(&block);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int err = pthread_create(&waker, NULL, wake_thread, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) {
        log_warn("signals", "cannot start the signal thread: %s", strerror(err));
        close(pipe_fd[0]);
        close(pipe_fd[1]);
        pipe_fd[0] = pipe_fd[1] = -1;
        unhold();
        return false;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NHANDLED; i++)
        sigaction(handled[i], &sa, &saved[i]);
    running = true;
    /* Anything that arrived while held is handled now. */
    unhold();
    return true;
}

void signals_stop(void)
{
    if (!running)
        return;
    for (size_t i = 0; i < NHANDLED; i++)
        sigaction(handled[i], &saved[i], NULL);
    close(pipe_fd[1]);
    pthread_join(waker, NULL);
    close(pipe_fd[0]);
    pipe_fd[0] = pipe_fd[1] = -1;
    wake_fn = NULL;
    running = false;
}

unsigned signals_take(void) { return atomic_exchange(&pending, 0); }
