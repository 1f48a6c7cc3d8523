/* wtypes: the registry of widget types (layout/wtype.h). Each type is
 * defined in a wt_*.c file beside its draw function; this list is what a
 * layout can name and what docs/LAYOUT.md documents. */
#include <string.h>

#include "layout/wt.h"
#include "layout/wtype.h"

static const struct wtype *const types[] = {
    &wt_title,       &wt_text,         &wt_clock,       &wt_stamp,      &wt_plate,
    &wt_info_block,  &wt_readout,      &wt_bars,        &wt_segment_bars, &wt_pill_meter,
    &wt_phase_stack, &wt_hex_tiles,    &wt_ring_gauge,  &wt_sync_graph, &wt_line_graph,
    &wt_lifelines,   &wt_countdown,    &wt_magi_vote,   &wt_refused,    &wt_pattern_blue,
    &wt_title_card,  &wt_hex_wall,     &wt_reticle,     &wt_rulers,     &wt_terminal,
};

const struct wtype *wtype_find(const char *name)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i]->name, name) == 0)
            return types[i];
    return NULL;
}

size_t wtype_count(void)
{
    return sizeof types / sizeof types[0];
}

const struct wtype *wtype_at(size_t i)
{
    return i < wtype_count() ? types[i] : NULL;
}

int wtype_key(const struct wtype *t, const char *name)
{
    for (int i = 0; i < t->nkeys; i++)
        if (strcmp(t->keys[i].name, name) == 0)
            return i;
    return -1;
}
