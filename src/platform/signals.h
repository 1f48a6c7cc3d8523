/* signals: SIGHUP, SIGTERM, SIGINT and SIGUSR1 for the live display, turned
 * into requests the frame loop takes at its next wake-up.
 *
 * The handlers only set an atomic flag and write one byte to a pipe (both
 * async-signal-safe). A small thread blocks on that pipe and calls the wake
 * function (glfwPostEmptyEvent, which is thread-safe but not
 * async-signal-safe), so the loop wakes from its wait at once and does the
 * work on the main thread: reload, screenshot, or a clean exit that gives the
 * screensaver and DPMS back. A second SIGTERM/SIGINT while the first is still
 * pending ends the process at once (the default action), so a stuck display
 * can always be stopped. Depends on libc, pthreads. */
#ifndef MAGI_PLATFORM_SIGNALS_H
#define MAGI_PLATFORM_SIGNALS_H

#include <stdbool.h>

enum signals_request {
    SIGNALS_QUIT = 1,       /* SIGTERM, SIGINT */
    SIGNALS_RELOAD = 2,     /* SIGHUP */
    SIGNALS_SCREENSHOT = 4, /* SIGUSR1 */
};

/* Blocks the four signals in the calling thread, so that threads it starts
 * from now on (data pollers, the GL driver's) never take them: call it first
 * thing, before those threads exist. signals_start unblocks them again. */
void signals_hold(void);
/* Installs the handlers, starts the wake thread and unblocks the signals in
 * the calling thread; `wake` may be NULL. Only one set at a time. False
 * (logged) on failure, with nothing installed (and the signals unblocked:
 * their default actions apply). */
bool signals_start(void (*wake)(void));
/* Restores the previous handlers and stops the thread. */
void signals_stop(void);
/* The requests that arrived since the last call (an OR of signals_request),
 * clearing them. */
unsigned signals_take(void);

#endif
