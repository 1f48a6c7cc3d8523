/* capture: what the live display needs from the capture module (the one-shot
 * --screenshot and --record are in app.h). */
#ifndef MAGI_APP_CAPTURE_H
#define MAGI_APP_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Reads the window's back buffer (w x h device pixels, just composited, not
 * yet swapped) and writes it as a PNG into the XDG pictures directory as
 * magi-YYYYmmdd-HHMMSS.png (local time `when`; -2, -3 ... if taken). Logs
 * the path, or why it failed; writes the path to `out` when not NULL. */
bool capture_window_png(int w, int h, time_t when, char *out, size_t out_size);

#endif
