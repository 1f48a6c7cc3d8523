/* wt_meters: widget types that show many items as bars, pills, hexes,
 * phases or a ring: one item per core, filesystem, node, scrape target. */
#include "layout/wt.h"
#include "widgets/bars.h"
#include "widgets/hex_tiles.h"
#include "widgets/phase_stack.h"
#include "widgets/pill_meter.h"
#include "widgets/ring_gauge.h"
#include "widgets/segment_bars.h"

/* --- bars ------------------------------------------------------------------------------ */

enum { BARS_COLUMNS, BARS_SEGMENTS, BARS_MARKER, BARS_ROW_HEIGHT, BARS_TILES_ABOVE };
static const struct wkey bars_keys[] = {
    {"columns", WK_INT, 1, 8, NULL,
     "columns of rows (1 up to 8 rows, else 2; with `row_height`, 1 up to 4 rows)"},
    {"segments", WK_INT, 1, 100, NULL, "draw the fill as this many separate cells"},
    {"marker", WK_BIND, 0, 0, NULL,
     "an orange line through the column at this value (a mean, a reference)"},
    {"row_height", WK_NUM, 1, 20, NULL,
     "u per row at most, rows from the top; stacked, the bars take only their rows' height "
     "and leave the rest of the panel to the widgets stacked with them"},
    {"tiles_above", WK_INT, 1, 10000, NULL,
     "more items than this are drawn as one hexagon each (hex_tiles) instead of rows"},
};

/* With a row height the rows leave room under them: two columns sooner
 * keep more of it (8 cores: two columns of 4 and a graph under them). */
static int bars_columns(const struct widget *w, int n)
{
    int cols = (int)widget_num(w, BARS_COLUMNS, 0);
    if (cols > 0)
        return cols;
    return n > (widget_num(w, BARS_ROW_HEIGHT, 0) > 0 ? 4 : 8) ? 2 : 1;
}

static bool bars_tiled(const struct widget *w)
{
    double above = widget_num(w, BARS_TILES_ABOVE, 0);
    return above > 0 && wt_shown(w) > above;
}

/* The caution tick's fraction of item 0's range, and whether its number is
 * written above the columns (as bars_draw gets them). */
static float bars_threshold(const struct widget *w, bool *labelled)
{
    float t = w->nitems ? wt_threshold_frac(w, &w->items[0], 0) : -1;
    *labelled = t > 0 && w->cfg->th.set[0];
    return t;
}

/* Rows at `row_height` u at most, plus the margins bars_draw keeps above
 * (room for the threshold number) and below; hexagons want the whole panel
 * (the bigger they are, the sooner their labels show). */
static float bars_fit(const struct widget *w, float u)
{
    double rh = widget_num(w, BARS_ROW_HEIGHT, 0);
    int n = wt_shown(w);
    if (!(rh > 0) || n <= 0)
        return 0;
    if (bars_tiled(w))
        return INFINITY;
    int cols = bars_columns(w, n);
    int rows = (n + cols - 1) / cols;
    bool labelled;
    bars_threshold(w, &labelled);
    return (labelled ? 1.4f : 0.6f) * u + (float)rows * (float)rh * u + 0.6f * u;
}

static void bars_tiles(struct widget *w, const struct draw_ctx *ctx)
{
    int n = wt_shown(w);
    struct hex_tile *tiles = widget_scratch(w, sizeof *tiles * (size_t)n);
    for (int i = 0; i < n; i++) {
        const struct witem *it = &w->items[i];
        double f = wt_fraction(w, it);
        tiles[i] = (struct hex_tile){
            .label = it->label,
            .value = it->num,
            .frac = (float)f,
            .active = !it->stale && f >= 0.02,
            .level = it->level,
            .stale = it->stale,
        };
    }
    hex_tiles_draw(ctx, w->box, &(struct hex_tiles_view){tiles, n, w->stale});
}

static void bars_draw_w(struct widget *w, const struct draw_ctx *ctx)
{
    if (bars_tiled(w)) {
        bars_tiles(w, ctx);
        return;
    }
    int n = wt_shown(w);
    struct bars_item *items = widget_scratch(w, sizeof *items * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const struct witem *it = &w->items[i];
        items[i] = (struct bars_item){
            .label = it->label,
            .frac = (float)wt_fraction(w, it),
            .value = it->num,
            .level = it->level,
            .stale = it->stale,
        };
    }
    struct bars_view v = {
        .items = items,
        .count = n,
        .columns = bars_columns(w, n),
        .segments = (int)widget_num(w, BARS_SEGMENTS, 0),
        .stale = w->stale,
    };
    if (n) {
        bool labelled;
        v.threshold = bars_threshold(w, &labelled);
        const struct thresholds *th = &w->cfg->th;
        if (labelled) {
            snprintf(w->tbuf[0], sizeof w->tbuf[0], "%g", th->v[0]);
            v.threshold_label = w->tbuf[0];
        }
        double m = widget_num(w, BARS_MARKER, NAN);
        if (!isnan(m)) {
            struct witem probe = w->items[0];
            probe.value = m;
            v.marker = (float)wt_fraction(w, &probe);
        }
    }
    /* Placed in a cell, rows keep their row height from the top of it;
     * stacked, the panel gave the bars their rows' height (or more, when
     * nothing else could use the space: then the rows spread out). */
    struct box box = w->box;
    float fit = bars_fit(w, ctx->u);
    if (fit > 0 && fit < box.h && w->cfg->place.kind != PLACE_FLOW)
        box.h = fit;
    bars_draw(ctx, box, &v);
}

const struct wtype wt_bars = {
    "bars",
    "Labelled horizontal bars, one row per item (CORE 00..15), a threshold tick from "
    "`thresholds.caution`, the value at the right; rows at CAUTION and up turn hot. With "
    "`row_height` the rows keep a readable height from the top and, stacked, leave the rest "
    "of the panel to a graph; with `tiles_above` a many-core machine gets a hexagon per core.",
    WT_DATA | WT_NEEDS_DATA, KEYS(bars_keys), 0, 1024, NULL, bars_draw_w, bars_fit,
};

/* --- segment_bars ----------------------------------------------------------------------- */

enum { SEG_MIN, SEG_MAX, SEG_STEP, SEG_SEGMENT, SEG_BAR_WIDTH };
static const struct wkey seg_keys[] = {
    {"axis_min", WK_NUM, -1e12, 1e12, NULL, "bottom of the signed axis (-20)"},
    {"axis_max", WK_NUM, -1e12, 1e12, NULL, "top of the axis (100)"},
    {"axis_step", WK_NUM, 1e-9, 1e12, NULL, "labelled tick step (20)"},
    {"segment", WK_NUM, 1e-9, 1e12, NULL, "value of one segment (axis_step / 2)"},
    {"bar_width", WK_NUM, 0.5, 100, NULL,
     "u: the widest a bar gets, so one or two filesystems stay slim bars (83 % of a "
     "bar's share of the width)"},
};

static void seg_draw(struct widget *w, const struct draw_ctx *ctx)
{
    int n = wt_shown(w);
    struct segment_bar *bars = widget_scratch(w, sizeof *bars * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const struct witem *it = &w->items[i];
        double v = isnan(it->value) ? 0 : it->value;
        bars[i] = (struct segment_bar){
            .caption = it->label,
            .label = it->num,
            .value = v > 0 ? (float)v : 0,
            .below = v < 0 ? (float)-v : 0,
            .level = it->level,
            .stale = it->stale,
        };
    }
    struct segment_bars_view v = {
        .bars = bars,
        .count = n,
        .min = (float)widget_num(w, SEG_MIN, 0),
        .max = (float)widget_num(w, SEG_MAX, 0),
        .step = (float)widget_num(w, SEG_STEP, 0),
        .segment = (float)widget_num(w, SEG_SEGMENT, 0),
        .bar_max = (float)widget_num(w, SEG_BAR_WIDTH, 0) * ctx->u,
        .stale = w->stale,
    };
    segment_bars_draw(ctx, w->box, &v);
}

const struct wtype wt_segment_bars = {
    "segment_bars",
    "Stacks of aqua segments on a signed axis with an orange zero line, a boxed caption "
    "under each (filesystems used %); negative values hang below the line.",
    WT_DATA | WT_NEEDS_DATA, KEYS(seg_keys), 0, 32, NULL, seg_draw, NULL,
};

/* --- pill_meter ------------------------------------------------------------------------ */

enum { PILL_PILLS, PILL_SUBJECT, PILL_INFO };
static const struct wkey pill_keys[] = {
    {"pills", WK_INT, 4, 200, NULL, "pills per row (30)"},
    {"subject", WK_STR, 0, 0, NULL, "small word over each index (SUBJECT)"},
    {"info", WK_STRS, 0, 0, NULL, "up to two lines right of the heading; templates"},
};

static void pill_draw(struct widget *w, const struct draw_ctx *ctx)
{
    int n = wt_shown(w);
    struct pill_text {
        char index[16], caption[160], pct[24];
    };
    struct pill_row *rows = widget_scratch(
        w, (sizeof *rows + sizeof(struct pill_text)) * (size_t)(n ? n : 1));
    struct pill_text *texts = (struct pill_text *)(void *)(rows + (n ? n : 1));
    for (int i = 0; i < n; i++) {
        const struct witem *it = &w->items[i];
        char *index = texts[i].index, *caption = texts[i].caption, *pct = texts[i].pct;
        if (it->tag)
            snprintf(index, sizeof texts[i].index, "%s", it->tag);
        else
            snprintf(index, sizeof texts[i].index, "%02d", i % 100);
        /* A resource of size zero (no swap configured) has nothing to fill:
         * said so, pills unlit, rather than "0.0 / 0.0 B  0 %". */
        bool none = it->max == 0 && (isnan(it->min) || it->min == 0) && !it->stale;
        /* "33.9 / 64.0 GiB": the value and its total in the total's unit. */
        if (none) {
            snprintf(caption, sizeof texts[i].caption, "NONE CONFIGURED");
        } else if (!isnan(it->max)) {
            /* Both numbers in the total's unit: "0.1 / 8.0 GiB", not "122.9 / 8.0". */
            const struct numfmt *f = it->cfg && it->cfg->fmt_set ? &it->cfg->fmt : &w->cfg->fmt;
            char mnum[32], munit[24], vnum[32], err[8];
            numfmt_parts(f, it->max, mnum, sizeof mnum, munit, sizeof munit);
            struct numfmt same;
            if (numfmt_parse(&same, munit, f->decimals, NULL, f->scale, err, sizeof err))
                numfmt_parts(&same, it->value, vnum, sizeof vnum, NULL, 0);
            else
                snprintf(vnum, sizeof vnum, "%s", it->num);
            snprintf(caption, sizeof texts[i].caption, "%s / %s %s", vnum, mnum, munit);
        } else {
            snprintf(caption, sizeof texts[i].caption, "%s", it->text);
        }
        double f = wt_fraction(w, it);
        snprintf(pct, sizeof texts[i].pct, "%.0f", f * 100.0);
        rows[i] = (struct pill_row){
            .index = index,
            .tag = it->label,
            .caption = caption,
            .frac = (float)f,
            .value = it->stale ? "--" : pct,
            .unit = "%",
            .level = it->level,
            .stale = it->stale || none,
        };
    }
    const char *info = widget_text(w, PILL_INFO, NULL);
    struct pill_meter_view v = {
        .title = wt_en(w),
        .subject = widget_text(w, PILL_SUBJECT, NULL),
        .rows = rows,
        .count = n,
        .pills = (int)widget_num(w, PILL_PILLS, 0),
        .stale = w->stale,
    };
    if (info) {
        snprintf(w->tbuf[0], sizeof w->tbuf[0], "%s", info);
        char *nl = strchr(w->tbuf[0], '\n');
        v.info[0] = w->tbuf[0];
        if (nl) {
            *nl = 0;
            v.info[1] = nl + 1;
        }
    }
    if (n) {
        float c = wt_threshold_frac(w, &w->items[0], 0);
        float d = wt_threshold_frac(w, &w->items[0], 1);
        if (d < 0)
            d = wt_threshold_frac(w, &w->items[0], 2);
        v.caution = c > 0 ? c : 0;
        v.danger = d > 0 ? d : 0;
    }
    pill_meter_draw(ctx, w->box, &v);
}

const struct wtype wt_pill_meter = {
    "pill_meter",
    "MENTAL TOXICITY LEVEL: a heading (the English label) and one row per item, a big "
    "index (the item's `tag`) over its label, about 30 pills lit by value / max, "
    "| CAUTION | and | DANGER marks at the caution and alert thresholds.",
    WT_DATA | WT_NEEDS_DATA, KEYS(pill_keys), 0, 8, NULL, pill_draw, NULL,
};

/* --- phase_stack ---------------------------------------------------------------------- */

enum { PHASE_COLUMNS, PHASE_NOTES };
static const struct wkey phase_keys[] = {
    {"columns", WK_INT, 1, 16, NULL, "columns of rows (as many as needed)"},
    {"notes", WK_BOOL, 0, 0, NULL, "write each item's value at the end of its bar"},
};

static void phase_draw(struct widget *w, const struct draw_ctx *ctx)
{
    int n = wt_shown(w);
    struct phase_item *items = widget_scratch(w, (sizeof *items + 24) * (size_t)(n ? n : 1));
    char *labels = (char *)(items + (n ? n : 1));
    bool notes = widget_num(w, PHASE_NOTES, 0) != 0;
    for (int i = 0; i < n; i++) {
        const struct witem *it = &w->items[i];
        const char *label = it->label;
        if (!label[0]) {
            snprintf(labels + i * 24, 24, "PHASE %02d", (i + 1) % 100);
            label = labels + i * 24;
        }
        items[i] = (struct phase_item){
            .label = label,
            .frac = isnan(it->max) ? 0.0f : (float)wt_fraction(w, it),
            .failed = it->level >= LEVEL_ALERT,
            .note = notes ? it->text : NULL,
            .stale = it->stale,
        };
    }
    struct phase_stack_view v = {
        .items = items,
        .count = n,
        .columns = (int)widget_num(w, PHASE_COLUMNS, 0),
        .stale = w->stale,
    };
    phase_stack_draw(ctx, w->box, &v);
}

const struct wtype wt_phase_stack = {
    "phase_stack",
    "PHASE nn rows on an orange spine: mint bars while an item is below ALERT, red from "
    "ALERT (scrape targets: `value = \"up\"` with `thresholds = { alert = 0.5; "
    "direction = \"below\"; }`).",
    WT_DATA | WT_NEEDS_DATA, KEYS(phase_keys), 0, 64, NULL, phase_draw, NULL,
};

/* --- hex_tiles ------------------------------------------------------------------------- */

enum { HEX_IDLE };
static const struct wkey hex_keys[] = {
    {"idle", WK_NUM, 0, 1, NULL, "a tile below this fraction is drawn idle (outlined) (0.02)"},
};

static void hex_draw(struct widget *w, const struct draw_ctx *ctx)
{
    int n = wt_shown(w);
    struct hex_tile *tiles = widget_scratch(w, sizeof *tiles * (size_t)(n ? n : 1));
    double idle = widget_num(w, HEX_IDLE, 0.02);
    for (int i = 0; i < n; i++) {
        const struct witem *it = &w->items[i];
        double f = wt_fraction(w, it);
        tiles[i] = (struct hex_tile){
            .label = it->label,
            .value = it->text,
            .frac = (float)f,
            .active = !it->stale && f >= idle,
            .level = it->level,
            .stale = it->stale,
        };
    }
    hex_tiles_draw(ctx, w->box, &(struct hex_tiles_view){tiles, n, w->stale});
}

const struct wtype wt_hex_tiles = {
    "hex_tiles",
    "One flat-top hexagon per item (core, GPU, node) named by its label, filled by value / "
    "max, coloured by level.",
    WT_DATA | WT_NEEDS_DATA, KEYS(hex_keys), 0, 10000, NULL, hex_draw, NULL,
};

/* --- ring_gauge --------------------------------------------------------------------------- */

enum { RING_CAPTION, RING_DETAIL };
static const struct wkey ring_keys[] = {
    {"caption", WK_STR, 0, 0, NULL, "caption in the hole; a template (the English label)"},
    {"detail", WK_STR, 0, 0, NULL, "line under the value; a template (unit and state)"},
};

static void ring_draw(struct widget *w, const struct draw_ctx *ctx)
{
    const struct witem *it = wt_first(w);
    const char *detail = widget_text(w, RING_DETAIL, NULL);
    if (!detail && it) {
        snprintf(w->tbuf[0], sizeof w->tbuf[0], "%s %s", it->unit, level_name(w->level));
        detail = w->tbuf[0];
    }
    float limit = it ? wt_threshold_frac(w, it, 1) : -1;
    if (limit < 0 && it)
        limit = wt_threshold_frac(w, it, 0);
    struct ring_gauge_view v = {
        .frac = it ? (float)wt_fraction(w, it) : 0,
        .limit = limit,
        .caption = widget_text(w, RING_CAPTION, wt_en(w)),
        .value = it ? it->num : "---",
        .detail = detail,
        .level = w->level,
        .stale = w->stale,
    };
    ring_gauge_draw(ctx, w->box, &v);
}

const struct wtype wt_ring_gauge = {
    "ring_gauge",
    "A broad ring in a square cyan bezel filled by value / max (min..max), its red zone "
    "from the alert (else caution) threshold, the value and caption in the hole.",
    WT_DATA | WT_NEEDS_DATA, KEYS(ring_keys), 0, 1, NULL, ring_draw, NULL,
};
