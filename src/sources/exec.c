/* exec: `exec:CMD ARGS...` runs a command at each poll and reads its stdout,
 * either in the Prometheus text exposition format (parsed by prom_text) or a
 * single bare number (one gauge named after the source, see SOURCES.md).
 *
 * There is no shell unless the user writes one (`exec:sh -c '...'`): the
 * spec is split into words here and run with posix_spawnp in a process group
 * of its own, stdin from /dev/null, stdout and stderr on pipes. A poll never
 * outlives its timeout by more than a short grace: at the deadline the whole
 * group gets SIGTERM, then SIGKILL, and the child is always reaped (no
 * zombies). Output beyond EXEC_MAX_OUTPUT kills the command too, so a command
 * that floods stdout cannot bloat MAGI. The last line of stderr is kept for
 * the error message. interrupt() wakes a running poll through a self-pipe.
 *
 * Depends on sources/prom_text, core/clock, libc (POSIX spawn, poll). */
#include "sources/exec.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/store.h"
#include "sources/prom_text.h"

#define EXEC_MAX_OUTPUT (16u * 1024 * 1024) /* stdout beyond this: killed */
#define EXEC_STDERR_KEEP 4096               /* tail of stderr kept */
#define EXEC_GRACE 0.3                      /* seconds between SIGTERM and SIGKILL */
#define EXEC_DEFAULT_TIMEOUT 2.0

extern char **environ;

/* --- splitting the command line -------------------------------------------- */

void exec_free_args(char **argv)
{
    if (!argv) return;
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

bool exec_split_args(const char *line, char ***argv_out, int *argc_out, char *err, size_t err_size)
{
    *argv_out = NULL;
    *argc_out = 0;
    size_t len = strlen(line);
    /* No word is longer than the line; one scratch buffer holds any word. */
    char *word = malloc(len + 1);
    char **argv = calloc(len / 2 + 2, sizeof *argv);
    if (!word || !argv) {
        free(word);
        free(argv);
        snprintf(err, err_size, "out of memory");
        return false;
    }
    int argc = 0;
    const char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p) break;
        size_t n = 0;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            if (*p == '\'') {
                const char *q = strchr(p + 1, '\'');
                if (!q) {
                    snprintf(err, err_size, "unterminated ' quote in the command");
                    goto fail;
                }
                memcpy(word + n, p + 1, (size_t)(q - p - 1));
                n += (size_t)(q - p - 1);
                p = q + 1;
            } else if (*p == '"') {
                p++;
                while (*p && *p != '"') {
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`'))
                        p++;
                    word[n++] = *p++;
                }
                if (*p != '"') {
                    snprintf(err, err_size, "unterminated \" quote in the command");
                    goto fail;
                }
                p++;
            } else if (*p == '\\') {
                if (!p[1]) {
                    snprintf(err, err_size, "the command ends with a lone backslash");
                    goto fail;
                }
                word[n++] = p[1];
                p += 2;
            } else {
                word[n++] = *p++;
            }
        }
        word[n] = 0;
        argv[argc] = strdup(word);
        if (!argv[argc]) {
            snprintf(err, err_size, "out of memory");
            goto fail;
        }
        argc++;
    }
    free(word);
    if (argc == 0) {
        free(argv);
        snprintf(err, err_size, "empty command");
        return false;
    }
    *argv_out = argv;
    *argc_out = argc;
    return true;
fail:
    free(word);
    exec_free_args(argv);
    return false;
}

/* --- the source ---------------------------------------------------------------- */

struct exec_src {
    char **argv;
    int argc;
    char series[128]; /* name of the gauge for a bare-number output */
    double timeout;
    int wake[2]; /* self-pipe: interrupt() writes, poll() watches */
    atomic_bool interrupted;
    char *out; /* stdout of the current run */
    size_t out_len, out_cap;
};

/* Prometheus metric name rules: [a-zA-Z_:][a-zA-Z0-9_:]*, others -> '_'. */
static void exec_sanitize(char *dst, size_t cap, const char *src)
{
    size_t o = 0;
    for (const char *p = src; *p && o + 1 < cap; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
                  (o > 0 && c >= '0' && c <= '9');
        if (o == 0 && c >= '0' && c <= '9') {
            dst[o++] = '_';
            if (o + 1 >= cap) break;
            ok = true;
        }
        dst[o++] = ok ? c : '_';
    }
    dst[o] = 0;
    if (o == 0) snprintf(dst, cap, "exec");
}

static bool exec_create(struct source *s, const struct source_desc *d, char *err, size_t err_size)
{
    const char *cmd = d->spec ? strchr(d->spec, ':') : NULL;
    if (!cmd) {
        snprintf(err, err_size, "exec needs a command: exec:CMD ARGS...");
        return false;
    }
    cmd++;
    struct exec_src *E = calloc(1, sizeof *E);
    if (!E) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    if (!exec_split_args(cmd, &E->argv, &E->argc, err, err_size)) {
        free(E);
        return false;
    }
    if (pipe2(E->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf(err, err_size, "pipe: %s", strerror(errno));
        exec_free_args(E->argv);
        free(E);
        return false;
    }
    /* A bare number is named after the source when the layout names it,
     * else after the command's base name. */
    const char *base = strrchr(E->argv[0], '/');
    base = base ? base + 1 : E->argv[0];
    exec_sanitize(E->series, sizeof E->series,
                  d->name && d->name[0] && (!d->spec || strcmp(d->name, d->spec) != 0) ? d->name
                                                                                       : base);
    E->timeout = d->timeout > 0 ? d->timeout : EXEC_DEFAULT_TIMEOUT;
    s->impl = E;
    return true;
}

static void exec_destroy(struct source *s)
{
    struct exec_src *E = s->impl;
    if (!E) return;
    exec_free_args(E->argv);
    close(E->wake[0]);
    close(E->wake[1]);
    free(E->out);
    free(E);
    s->impl = NULL;
}

static void exec_interrupt(struct source *s)
{
    struct exec_src *E = s->impl;
    if (!E) return;
    atomic_store(&E->interrupted, true);
    char c = 1;
    ssize_t r = write(E->wake[1], &c, 1); /* full pipe: a wake is already pending */
    (void)r;
}

/* Has the child exited? Leaves it unreaped (a zombie keeps its pid, and so
 * its process group id, from being reused while we still signal the group). */
static bool exec_exited(pid_t pid)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0) return errno == ECHILD;
    return si.si_pid == pid;
}

static void exec_sleep(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Ends the whole process group: SIGTERM, a grace period, SIGKILL; then
 * reaps the child. Returns its wait status. */
static int exec_kill_and_reap(pid_t pid)
{
    kill(-pid, SIGTERM);
    double until = clock_mono() + EXEC_GRACE;
    while (!exec_exited(pid) && clock_mono() < until)
        exec_sleep(0.005);
    kill(-pid, SIGKILL); /* stragglers too: the group lives while the leader is unreaped */
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

/* Appends to the stdout buffer; false when the cap is exceeded. */
static bool exec_append(struct exec_src *E, const char *buf, size_t n)
{
    if (E->out_len + n > EXEC_MAX_OUTPUT) return false;
    if (E->out_len + n + 1 > E->out_cap) {
        size_t nc = E->out_cap ? E->out_cap : 65536;
        while (nc < E->out_len + n + 1)
            nc *= 2;
        if (nc > EXEC_MAX_OUTPUT + 1) nc = EXEC_MAX_OUTPUT + 1;
        char *np = realloc(E->out, nc);
        if (!np) return false;
        E->out = np;
        E->out_cap = nc;
    }
    memcpy(E->out + E->out_len, buf, n);
    E->out_len += n;
    E->out[E->out_len] = 0;
    return true;
}

/* The last non-empty line of stderr's tail, printable ASCII/UTF-8 only. */
static void exec_last_line(const char *tail, size_t n, char *dst, size_t cap)
{
    dst[0] = 0;
    while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' '))
        n--;
    size_t b = n;
    while (b > 0 && tail[b - 1] != '\n')
        b--;
    size_t o = 0;
    for (size_t i = b; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)tail[i];
        dst[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
    }
    dst[o] = 0;
}

enum exec_end { END_OK, END_TIMEOUT, END_FLOOD, END_INTERRUPT, END_IOERR };

static bool exec_poll(struct source *s, double now, struct sample_buf *out, char *err,
                      size_t err_size)
{
    (void)now;
    struct exec_src *E = s->impl;
    /* forget wakes meant for an earlier poll */
    char drain[64];
    while (read(E->wake[0], drain, sizeof drain) > 0) {
    }
    if (atomic_exchange(&E->interrupted, false)) {
        snprintf(err, err_size, "interrupted");
        return false;
    }

    int po[2] = {-1, -1}, pe[2] = {-1, -1};
    if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
        snprintf(err, err_size, "pipe: %s", strerror(errno));
        if (po[0] >= 0) {
            close(po[0]);
            close(po[1]);
        }
        return false;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&at);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    /* MAGI's own descriptors (GL, sockets, files) are none of its business */
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
    /* Its own process group, so a timeout ends everything it started; default
     * signal handling and an empty mask whatever the poller thread has. */
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &all);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int rc = posix_spawnp(&pid, E->argv[0], &fa, &at, E->argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(po[1]);
    close(pe[1]);
    if (rc != 0) {
        close(po[0]);
        close(pe[0]);
        snprintf(err, err_size, "cannot run %s: %s", E->argv[0], strerror(rc));
        return false;
    }

    E->out_len = 0;
    char tail[EXEC_STDERR_KEEP];
    size_t tail_len = 0;
    double deadline = clock_mono() + E->timeout;
    enum exec_end end = END_OK;
    bool out_open = true, err_open = true;
    char buf[65536];
    while (out_open || err_open) {
        double left = deadline - clock_mono();
        if (left <= 0) {
            end = END_TIMEOUT;
            break;
        }
        struct pollfd pf[3] = {{.fd = out_open ? po[0] : -1, .events = POLLIN},
                               {.fd = err_open ? pe[0] : -1, .events = POLLIN},
                               {.fd = E->wake[0], .events = POLLIN}};
        int n = poll(pf, 3, (int)ceil(left * 1000));
        if (n < 0 && errno != EINTR) {
            end = END_IOERR;
            break;
        }
        if (n <= 0) continue;
        if (pf[2].revents) {
            end = END_INTERRUPT;
            break;
        }
        if (pf[0].revents) {
            ssize_t r = read(po[0], buf, sizeof buf);
            if (r > 0) {
                if (!exec_append(E, buf, (size_t)r)) {
                    end = END_FLOOD;
                    break;
                }
            } else if (r == 0 || errno != EINTR) {
                out_open = false;
            }
        }
        if (pf[1].revents) {
            ssize_t r = read(pe[0], buf, sizeof buf);
            if (r > 0) {
                /* keep the tail only */
                size_t k = (size_t)r;
                if (k >= sizeof tail) {
                    memcpy(tail, buf + k - sizeof tail, sizeof tail);
                    tail_len = sizeof tail;
                } else {
                    if (tail_len + k > sizeof tail) {
                        size_t drop = tail_len + k - sizeof tail;
                        memmove(tail, tail + drop, tail_len - drop);
                        tail_len -= drop;
                    }
                    memcpy(tail + tail_len, buf, k);
                    tail_len += k;
                }
            } else if (r == 0 || errno != EINTR) {
                err_open = false;
            }
        }
    }
    close(po[0]);
    close(pe[0]);

    int status = 0;
    if (end == END_OK) {
        /* Output is closed; the child normally exits at once. */
        while (!exec_exited(pid) && clock_mono() < deadline)
            exec_sleep(0.001);
        if (exec_exited(pid)) {
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        } else {
            end = END_TIMEOUT;
            status = exec_kill_and_reap(pid);
        }
    } else {
        status = exec_kill_and_reap(pid);
    }

    char last[256];
    exec_last_line(tail, tail_len, last, sizeof last);
    const char *sep = last[0] ? ": " : "";
    switch (end) {
    case END_TIMEOUT:
        snprintf(err, err_size, "%s timed out after %g s and was killed%s%s", E->argv[0],
                 E->timeout, sep, last);
        return false;
    case END_FLOOD:
        snprintf(err, err_size, "%s wrote more than %u MiB to stdout and was killed", E->argv[0],
                 EXEC_MAX_OUTPUT >> 20);
        return false;
    case END_INTERRUPT:
        atomic_store(&E->interrupted, false);
        snprintf(err, err_size, "interrupted");
        return false;
    case END_IOERR:
        snprintf(err, err_size, "poll: %s", strerror(errno));
        return false;
    case END_OK:
        break;
    }
    if (WIFSIGNALED(status)) {
        snprintf(err, err_size, "%s was killed by signal %d%s%s", E->argv[0], WTERMSIG(status), sep,
                 last);
        return false;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        snprintf(err, err_size, "%s exited with status %d%s%s", E->argv[0], WEXITSTATUS(status),
                 sep, last);
        return false;
    }

    /* One bare number, or the exposition format. */
    const char *b = E->out ? E->out : "";
    size_t n = E->out_len;
    while (n > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r')) {
        b++;
        n--;
    }
    while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\n' || b[n - 1] == '\r'))
        n--;
    if (n == 0) {
        snprintf(err, err_size, "%s printed nothing%s%s", E->argv[0], sep, last);
        return false;
    }
    double v;
    if (memchr(b, '\n', n) == NULL && prom_text_parse_value(b, n, &v)) {
        if (!sample_buf_add(out, E->series, NULL, 0, METRIC_GAUGE, v, 0)) {
            snprintf(err, err_size, "the sample buffer is full");
            return false;
        }
        return true;
    }
    char perr[256];
    if (!prom_text_parse(E->out, E->out_len, out, NULL, perr, sizeof perr)) {
        snprintf(err, err_size, "bad output from %s: %s", E->argv[0], perr);
        return false;
    }
    return true;
}

const struct source_ops source_kind_exec = {
    .kind = "exec",
    .default_interval = 5.0,
    .complete = true,
    .deterministic = false,
    .create = exec_create,
    .poll = exec_poll,
    .interrupt = exec_interrupt,
    .destroy = exec_destroy,
};
