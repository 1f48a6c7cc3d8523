/* wtypes: the registry table (layout/wtype.h). One entry per widget type a
 * layout can name, with the keys it takes beyond the common ones. The draw
 * functions live in layout/wdraw_*.c, one per motif. */
#include <string.h>

#include "layout/wtype.h"

#define KEYS(a) a, (int)(sizeof a / sizeof a[0])

static const struct wkey title_keys[] = {
    {"value_label", WK_STR, 0, 0, NULL, "caption of the readout on the right (\"TOTAL\")"},
};

static const struct wkey readout_keys[] = {
    {"digits", WK_INT, 1, 12, NULL, "width in 7-segment digits of the unlit ghost (\"88.8\")"},
};

static const struct wkey countdown_keys[] = {
    {"target", WK_STR, 0, 0, NULL, "what is counted down to; a template (\"/DATA UNTIL FULL\")"},
    {"horizon", WK_NUM, 1, 3.2e9, NULL,
     "seconds: limits further away than this are not counted; a clock shows instead"},
    {"warning", WK_NUM, 0, 3.2e9, NULL, "seconds left at which the digits blink slowly (0.8 s)"},
    {"critical", WK_NUM, 0, 3.2e9, NULL, "seconds left at which they blink fast (0.25 s)"},
    {"regime", WK_BIND, 0, 0, NULL, "throughput selecting STOP/SLOW/NORMAL/RACING"},
    {"system", WK_LABEL, 0, 0, NULL, "the supply-system plate (主電源供給システム)"},
    {"internal", WK_LABEL, 0, 0, NULL, "the box at the upper right (内部 / INTERNAL)"},
};

static const struct wkey vote_keys[] = {
    {"deliberate", WK_NUM, 0, 60, NULL,
     "seconds the panels flash (deliberating) after a vote changes"},
    {"subject", WK_STR, 0, 0, NULL, "what is voted on (\"HOST HEALTH\")"},
};

static const struct wkey hex_keys[] = {
    {"columns", WK_INT, 1, 1000, NULL, "hexes per row; 0 = fit the box"},
};

static const struct wkey pill_keys[] = {
    {"pills", WK_INT, 4, 200, NULL, "pills per row (30)"},
};

static const struct wkey phase_keys[] = {
    {"columns", WK_INT, 1, 16, NULL, "columns of rows"},
};

static const struct wkey seg_keys[] = {
    {"axis_min", WK_NUM, 0, 0, NULL, "bottom of the signed axis"},
    {"axis_max", WK_NUM, 0, 0, NULL, "top of the axis"},
    {"axis_step", WK_NUM, 0, 0, NULL, "value of one segment"},
};

static const struct wkey graph_keys[] = {
    {"ratio", WK_BIND, 0, 0, NULL, "SYNC RATIO in percent; default: how closely the traces agree"},
};

static const struct wkey ring_keys[] = {
    {"caption", WK_STR, 0, 0, NULL, "caption in the hole; a template"},
};

static const struct wkey terminal_keys[] = {
    {"file", WK_STR, 0, 0, NULL, "a log file to tail"},
    {"lines", WK_INT, 1, 200, NULL, "lines shown"},
};

static const struct wkey plate_keys[] = {
    {"lines", WK_STRS, 0, 0, NULL, "text lines; templates"},
};

static const struct wkey refused_keys[] = {
    {"word", WK_STR, 0, 0, NULL, "the stamp's word (REFUSED)"},
};

static const struct wkey blue_keys[] = {
    {"classification", WK_STR, 0, 0, NULL, "the classification line typed out"},
};

static const struct wkey rulers_keys[] = {
    {"orientation", WK_ENUM, 0, 0, "horizontal|vertical|marks", "rulers or registration marks"},
};

static const struct wkey wall_keys[] = {
    {"word", WK_STR, 0, 0, NULL, "the big word of the lit cells (EMERGENCY)"},
};

static const struct wkey card_keys[] = {
    {"text", WK_LABEL, 0, 0, NULL, "the card's kanji column and line; templates"},
    {"hold", WK_NUM, 0.2, 60, NULL, "seconds the card shows after the value changes"},
};

static const struct wkey info_keys[] = {
    {"lines", WK_STRS, 0, 0, NULL, "KEY:VALUE lines; templates"},
};

static const struct wtype types[] = {
    {"title", "A panel heading: tag plate, kanji, English, a sub-line and an optional readout.",
     WT_DATA, KEYS(title_keys), 0, 1, NULL, NULL},
    {"readout", "A big 7-segment number with its label and unit.", WT_DATA | WT_NEEDS_DATA,
     KEYS(readout_keys), 0, 1, NULL, NULL},
    {"countdown", "The 活動限界 countdown to the nearest limit, or a clock.",
     WT_DATA | WT_NEEDS_DATA, KEYS(countdown_keys), 0, 16, NULL, NULL},
    {"magi_vote", "The MAGI vote: three health signals, 2 of 3 decide.", WT_DATA | WT_NEEDS_DATA,
     KEYS(vote_keys), 0, 3, NULL, NULL},
    {"hex_tiles", "One hexagon per item (core, GPU, node), filled by value.",
     WT_DATA | WT_NEEDS_DATA, KEYS(hex_keys), 0, 10000, NULL, NULL},
    {"pill_meter", "MENTAL TOXICITY LEVEL rows of pills with CAUTION / DANGER marks.",
     WT_DATA | WT_NEEDS_DATA, KEYS(pill_keys), 0, 8, NULL, NULL},
    {"phase_stack", "PHASE nn rows on a spine: mint OK, red failed.", WT_DATA | WT_NEEDS_DATA,
     KEYS(phase_keys), 0, 64, NULL, NULL},
    {"segment_bars", "Stacked aqua segments on a signed axis, boxed captions.",
     WT_DATA | WT_NEEDS_DATA, KEYS(seg_keys), 0, 32, NULL, NULL},
    {"sync_graph", "Two traces over a grid and their SYNC RATIO.",
     WT_DATA | WT_NEEDS_DATA | WT_HISTORY, KEYS(graph_keys), 120, 2, NULL, NULL},
    {"line_graph", "Traces of every item over time.", WT_DATA | WT_NEEDS_DATA | WT_HISTORY, NULL,
     0, 120, 16, NULL, NULL},
    {"lifelines", "Vertical channels with oscilloscope traces (latency).",
     WT_DATA | WT_NEEDS_DATA | WT_HISTORY, NULL, 0, 120, 16, NULL, NULL},
    {"ring_gauge", "A ring gauge in a square bezel.", WT_DATA | WT_NEEDS_DATA, KEYS(ring_keys), 0,
     1, NULL, NULL},
    {"terminal", "The green MAGI-internals log tail.", WT_DATA, KEYS(terminal_keys), 0, 200, NULL,
     NULL},
    {"bars", "Rows of horizontal bars with labels and values (cores, sensors).",
     WT_DATA | WT_NEEDS_DATA, NULL, 0, 0, 256, NULL, NULL},
    {"plate", "A rounded plate of 2-3 lines.", WT_DATA, KEYS(plate_keys), 0, 8, NULL,
     NULL},
    {"info_block", "CODE: / FILE: / EXTENTION: lines.", WT_DATA, KEYS(info_keys), 0, 16, NULL,
     NULL},
    {"refused", "The REFUSED stamp, shown while the value is at alert or above.", WT_DATA,
     KEYS(refused_keys), 0, 1, NULL, NULL},
    {"pattern_blue", "PATTERN BLUE: an anomaly detected while the value is at caution or above.",
     WT_DATA, KEYS(blue_keys), 0, 1, NULL, NULL},
    {"reticle", "A targeting reticle that locks onto the worst item.", WT_DATA | WT_NEEDS_DATA,
     NULL, 0, 0, 256, NULL, NULL},
    {"rulers", "Rulers with signed ticks, or registration marks.", 0, KEYS(rulers_keys), 0, 0,
     NULL, NULL},
    {"hex_wall", "The EMERGENCY honeycomb; lit cells follow the value.", WT_DATA,
     KEYS(wall_keys), 0, 1, NULL, NULL},
    {"title_card", "A Mincho title card shown when the value changes (a new epoch).", WT_DATA,
     KEYS(card_keys), 0, 1, NULL, NULL},
};

const struct wtype *wtype_find(const char *name)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i].name, name) == 0)
            return &types[i];
    return NULL;
}

size_t wtype_count(void)
{
    return sizeof types / sizeof types[0];
}

const struct wtype *wtype_at(size_t i)
{
    return i < wtype_count() ? &types[i] : NULL;
}

int wtype_key(const struct wtype *t, const char *name)
{
    for (int i = 0; i < t->nkeys; i++)
        if (strcmp(t->keys[i].name, name) == 0)
            return i;
    return -1;
}
