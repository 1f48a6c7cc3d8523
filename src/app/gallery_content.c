/* gallery_content: see gallery_content.h. */
#include "app/gallery_content.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "widgets/gallery.h"

struct gallery_content {
    int page;
    bool changed;
};

static void gc_draw(void *self, struct draw_ctx *ctx)
{
    struct gallery_content *g = self;
    g->changed = false;
    gallery_draw(ctx, (struct box){0, 0, ctx->screen_w, ctx->screen_h}, g->page);
}

static bool gc_changed(void *self)
{
    return ((struct gallery_content *)self)->changed;
}

static bool gc_key(void *self, int key)
{
    struct gallery_content *g = self;
    int n = gallery_pages();
    if (key == 'n' || key == 'p') {
        g->page = (g->page + (key == 'n' ? 1 : n - 1)) % n;
        g->changed = true;
        return true;
    }
    return false;
}

static enum level gc_level(void *self)
{
    return gallery_page_level(((struct gallery_content *)self)->page);
}

static void gc_destroy(void *self) { free(self); }

bool gallery_content_open(struct content *out, const char *page)
{
    int n = gallery_pages(), p = -1;
    for (int i = 0; i < n; i++)
        if (page && !strcmp(page, gallery_page_name(i)))
            p = i;
    if (p < 0 && page && *page) {
        char *end;
        long k = strtol(page, &end, 10);
        if (!*end && k >= 0 && k < n)
            p = (int)k;
    }
    if (p < 0) {
        log_error("gallery",
                  "no page '%s' (0..%d or a name: system, sheet, alert, wall, cards, emergency)",
                  page ? page : "", n - 1);
        return false;
    }
    struct gallery_content *g = calloc(1, sizeof *g);
    if (!g)
        return false;
    g->page = p;
    memset(out, 0, sizeof *out);
    out->self = g;
    out->draw = gc_draw;
    out->changed = gc_changed;
    out->key = gc_key;
    out->level = gc_level;
    out->destroy = gc_destroy;
    return true;
}
