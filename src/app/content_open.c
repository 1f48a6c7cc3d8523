/* content_open: see content_open.h. */
#include "app/content_open.h"

#include <stdlib.h>

#include "app/gallery_content.h"
#include "layout/layout_content.h"
#include "app/testcard.h"
#include "core/log.h"
#include "platform/window.h"

/* New data or a layout edit wakes the live loop from its wait. */
static void wake_loop(void *user)
{
    (void)user;
    window_wake();
}

/* The layout's display settings in the content's terms. */
static void layout_settings(void *self, struct content_settings *out)
{
    struct layout_content_settings ls;
    layout_content_settings(self, &ls);
    switch (ls.effects) {
    case LAYOUT_EFFECTS_FULL:
        out->effects = CLI_EFFECTS_FULL;
        break;
    case LAYOUT_EFFECTS_LITE:
        out->effects = CLI_EFFECTS_LITE;
        break;
    case LAYOUT_EFFECTS_OFF:
        out->effects = CLI_EFFECTS_OFF;
        break;
    case LAYOUT_EFFECTS_DEFAULT:
        out->effects = -1;
        break;
    }
    out->reduce_motion = ls.reduce_motion;
    out->ambient_rate = ls.ambient_rate;
    out->ambient_idle = ls.ambient_idle;
}

bool content_open(const struct cli_options *o, struct content *out)
{
    if (o->gallery && !o->test_card)
        return gallery_content_open(out, o->gallery);
    if (o->test_card)
        return testcard_open(out, &(struct testcard_desc){0});
    /* The live display (and the benchmark, which measures it) runs its
     * sources on threads and watches the layout file; screenshots and
     * recordings poll at their simulated frame times. */
    struct layout_content_desc d = {.live = o->mode == CLI_DISPLAY || o->mode == CLI_BENCH,
                                    .wake = wake_loop};
    if (layout_content_open(o, &d, out)) {
        out->settings = layout_settings;
        return true;
    }
    /* CLI.md: a bad layout at start is the --check-config error (already on
     * stderr) and exit status 2, in every mode. */
    exit(2);
}
