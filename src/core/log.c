/* log: see log.h. */
#include "core/log.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static enum log_level g_level = LOG_INFO;
static log_hook_fn g_hook;
static void *g_hook_user;
static pthread_mutex_t g_hook_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(enum log_level level) { g_level = level; }
enum log_level log_get_level(void) { return g_level; }

void log_set_hook(log_hook_fn fn, void *user)
{
    pthread_mutex_lock(&g_hook_lock);
    g_hook = fn;
    g_hook_user = user;
    pthread_mutex_unlock(&g_hook_lock);
}

void log_msgv(enum log_level level, const char *subsys, const char *fmt, va_list ap)
{
    if (level < g_level)
        return;
    char line[1024];
    int n = snprintf(line, sizeof line, "magi: %s: ", subsys ? subsys : "?");
    if (n < 0)
        return;
    if ((size_t)n < sizeof line)
        vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    size_t len = strlen(line);
    /* Sources may hand us text from the outside world: keep it on one line. */
    for (size_t i = 0; i < len; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    pthread_mutex_lock(&g_hook_lock);
    if (g_hook)
        g_hook(level, line, g_hook_user);
    pthread_mutex_unlock(&g_hook_lock);
    if (len + 1 < sizeof line) {
        line[len] = '\n';
        len++;
    } else {
        line[sizeof line - 2] = '\n';
        len = sizeof line - 1;
    }
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

void log_msg(enum log_level level, const char *subsys, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_msgv(level, subsys, fmt, ap);
    va_end(ap);
}
