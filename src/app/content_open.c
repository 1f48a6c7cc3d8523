/* content_open: see content_open.h. */
#include "app/content_open.h"

#include "app/gallery_content.h"
#include "app/testcard.h"
#include "core/log.h"

bool content_open(const struct cli_options *o, struct content *out)
{
    if (o->gallery && !o->test_card)
        return gallery_content_open(out, o->gallery);
    if (!o->test_card) {
        /* Layouts plug in here: open o->layout (or the default layout) as a
         * struct content and return it. Until the layout layer provides one,
         * the test card is the default screen. */
        log_debug("app", "no layout content yet; showing the test card");
    }
    return testcard_open(out, &(struct testcard_desc){0});
}
