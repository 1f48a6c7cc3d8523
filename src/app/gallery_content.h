/* gallery_content: the widget gallery (widgets/gallery.h) as a content for
 * the display loop, --screenshot and --record (--gallery PAGE). Keys n / p
 * turn the pages. Depends on app/content, widgets/gallery. */
#ifndef MAGI_APP_GALLERY_CONTENT_H
#define MAGI_APP_GALLERY_CONTENT_H

#include <stdbool.h>

#include "app/content.h"

/* `page` is a page number or name (system, sheet, alert, wall, cards,
 * emergency);
 * false (logged) when there is no such page. */
bool gallery_content_open(struct content *out, const char *page);

#endif
