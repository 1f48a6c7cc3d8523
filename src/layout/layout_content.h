/* layout_content: a layout file as what the frame loop shows (app/content.h).
 *
 * It loads the layout (--layout FILE|NAME, else $XDG_CONFIG_HOME/magi/
 * layout.cfg, else the built-in system layout), creates its sources (plus
 * --source, or only the demo source with --demo), evaluates the widgets'
 * bindings when the data changes, draws the current page, rolls the widget
 * levels up into the screen level and runs the EMERGENCY takeover. Keys:
 * r reload, space acknowledge, d demo incident now (on live sources a drill,
 * layout/drill.h), n / p pages. Pages
 * rotate every N seconds with a title card between them.
 *
 * Hot reload (inotify on the layout file, key r, SIGHUP through
 * layout_content_request_reload): the new file is validated fully first; a
 * bad edit keeps the last good layout running and shows its first errors in
 * a plate on screen until the file is fixed.
 *
 * Live: sources run on their poller threads and wake the loop. Headless
 * (screenshot, record, soak): sources are polled synchronously at each
 * frame's wall time; deterministic sources (demo) are first polled over the
 * graphs' history window so a single frame shows full graphs. Pure sources
 * are polled that way live too, so the d key can move their clock to the
 * start of the demo incident.
 * It lives in layout/ (not app/) so tests drive it without a window; it uses
 * only the app/content.h and app/cli.h interfaces (headers), and
 * app/content_open.c opens it. Depends on layout/, sources/, widgets/. */
#ifndef MAGI_LAYOUT_LAYOUT_CONTENT_H
#define MAGI_LAYOUT_LAYOUT_CONTENT_H

#include <stdbool.h>

#include "app/cli.h"
#include "app/content.h"
#include "layout/layout.h"

struct layout_content_desc {
    bool live;                  /* poller threads and file watching */
    void (*wake)(void *user);   /* new data or a file change (glfwPostEmptyEvent); may be NULL */
    void *wake_user;
};

/* Opens the layout the options name. On a bad layout prints every error as
 * FILE:LINE: message on stderr and returns false: the caller exits 2 (CLI.md). */
bool layout_content_open(const struct cli_options *o, const struct layout_content_desc *d,
                         struct content *out);

/* Asks for a reload at the next frame; safe from a signal handler. */
void layout_content_request_reload(void *self);

/* What the engine takes from the layout's display settings. */
struct layout_content_settings {
    enum layout_effects effects;  /* LAYOUT_EFFECTS_DEFAULT = the command line's */
    int reduce_motion;            /* -1 = not set */
    double ambient_rate;          /* Hz; < 0 = the engine's default */
    double ambient_idle;          /* seconds; 0 = never; < 0 = the engine's default */
};
void layout_content_settings(void *self, struct layout_content_settings *out);

/* Counts for tests and logs: successful reloads, failed ones, frames drawn. */
struct layout_content_stats {
    int reloads, reload_failures;
    long frames;
    int page;
    bool showing_error;
    double data_shift;   /* seconds the d key moved the demo's clock */
};
void layout_content_stats(void *self, struct layout_content_stats *out);

#endif
