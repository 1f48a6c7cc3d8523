/* log: one-line diagnostics on stderr, each naming its subsystem.
 *
 *   log_warn("font", "cannot open %s: %s", path, strerror(errno));
 *   -> "magi: font: cannot open fonts/x.otf: No such file or directory"
 *
 * Thread-safe (one write(2) per line). Depends on libc only. */
#ifndef MAGI_CORE_LOG_H
#define MAGI_CORE_LOG_H

#include <stdarg.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_QUIET };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);

/* Optional hook that sees every line that passes the level filter (e.g. to show
 * the last error on screen or to capture lines in tests). Called with the
 * formatted line without the trailing newline. */
typedef void (*log_hook_fn)(enum log_level level, const char *line, void *user);
void log_set_hook(log_hook_fn fn, void *user);

void log_msgv(enum log_level level, const char *subsys, const char *fmt, va_list ap);
void log_msg(enum log_level level, const char *subsys, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(sub, ...) log_msg(LOG_DEBUG, sub, __VA_ARGS__)
#define log_info(sub, ...) log_msg(LOG_INFO, sub, __VA_ARGS__)
#define log_warn(sub, ...) log_msg(LOG_WARN, sub, __VA_ARGS__)
#define log_error(sub, ...) log_msg(LOG_ERROR, sub, __VA_ARGS__)

#endif
