/* content_open: the content a command line asks for.
 *
 * --test-card gives the built-in test card. Otherwise the layout named by
 * --layout (or the default one) — which the layout layer provides; until it
 * does, the test card stands in so the display always shows something.
 * Depends on app/content, app/testcard. */
#ifndef MAGI_APP_CONTENT_OPEN_H
#define MAGI_APP_CONTENT_OPEN_H

#include <stdbool.h>

#include "app/cli.h"
#include "app/content.h"

/* Fills *out; false (logged) when nothing can be shown. Release with
 * out->destroy(out->self). */
bool content_open(const struct cli_options *o, struct content *out);

#endif
