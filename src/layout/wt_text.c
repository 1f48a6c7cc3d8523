/* wt_text: the widget types that are mostly words — panel titles, free text,
 * the clock, stamps, plates, the CODE/FILE/EXTENTION block and the big
 * 7-segment readout. */
#include <time.h>

#include "layout/wt.h"
#include "widgets/info_block.h"
#include "widgets/ink.h"
#include "widgets/plate.h"
#include "widgets/readout.h"
#include "widgets/stamp.h"

double wt_fraction(const struct widget *w, const struct witem *it)
{
    if (!isnan(it->max))
        return witem_fraction(it);
    const struct numfmt *f = it->cfg && it->cfg->fmt_set ? &it->cfg->fmt : &w->cfg->fmt;
    double top = f->kind == NUMFMT_PERCENT ? 100.0 : f->kind == NUMFMT_RATIO ? 1.0 : NAN;
    if (isnan(top) || isnan(it->value))
        return 0.0;
    double lo = isnan(it->min) ? 0.0 : it->min;
    double v = (it->value - lo) / (top - lo);
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

float wt_threshold_frac(const struct widget *w, const struct witem *it, int which)
{
    const struct thresholds *th = it->cfg && it->cfg->th_set ? &it->cfg->th : &w->cfg->th;
    if (!th->set[which])
        return -1.0f;
    if (w->cfg->th_percent)
        return (float)(th->v[which] / 100.0);
    /* The threshold as if it were the item's value, on the item's range. */
    struct witem probe = *it;
    probe.value = th->v[which];
    if (isnan(it->max)) {
        const struct numfmt *f = it->cfg && it->cfg->fmt_set ? &it->cfg->fmt : &w->cfg->fmt;
        if (f->kind != NUMFMT_PERCENT && f->kind != NUMFMT_RATIO)
            return -1.0f;
    }
    return (float)wt_fraction(w, &probe);
}

/* --- title: the panel heading ------------------------------------------------------- */

enum { TITLE_VALUE_LABEL, TITLE_DETAIL2 };
static const struct wkey title_keys[] = {
    {"value_label", WK_STR, 0, 0, NULL,
     "caption of the readout at the right (\"TOTAL\"); without it the value only feeds "
     "the templates"},
    {"detail2", WK_STR, 0, 0, NULL, "a second detail line under `sub`; a template"},
};

static void title_draw(struct widget *w, const struct draw_ctx *ctx)
{
    const struct layout_widget *c = w->cfg;
    const struct witem *it = wt_first(w);
    /* The readout at the right is shown when it has a caption; items may
     * also just feed the sub-lines' templates. */
    bool has_value = (c->value.set || c->nitems) && c->props[TITLE_VALUE_LABEL].set;
    struct plate_header_view v = {
        .tab = c->tag,
        .jp = c->label.jp,
        .en = c->label.en,
        .detail = c->sub ? w->sub : NULL,
        .detail2 = widget_text(w, TITLE_DETAIL2, NULL),
        .value_label = widget_text(w, TITLE_VALUE_LABEL, NULL),
        .value = has_value && it ? it->text : NULL,
        .level = w->level,
        .stale = has_value && w->stale,
    };
    plate_header_draw(ctx, w->box, &v);
}

const struct wtype wt_title = {
    "title",
    "A panel heading: the `tag` on an orange tab, the Japanese and English `label`, "
    "`sub` and `detail2` lines beside it, the value at the right under `value_label`, a "
    "double rule below. A panel's `title = { ... }` is one of these across its top.",
    WT_DATA, KEYS(title_keys), 0, 8, NULL, title_draw, NULL,
};

/* --- text: a line of words ------------------------------------------------------------ */

enum { TEXT_TEXT, TEXT_SIZE, TEXT_FACE, TEXT_ALIGN, TEXT_COLOR, TEXT_TRACKING };
static const struct wkey text_keys[] = {
    {"text", WK_STR, 0, 0, NULL, "the words; a template (default: the English label)"},
    {"size", WK_NUM, 0.5, 100, NULL, "em size in u (1.6)"},
    {"face", WK_ENUM, 0, 0, "sans|serif|mono|seg7|display", "typeface (sans)"},
    {"align", WK_ENUM, 0, 0, "left|center|right", "alignment in the box (left)"},
    {"color", WK_COLOR, 0, 0, NULL, "palette token (orange); CAUTION and up recolour it"},
    {"tracking", WK_NUM, -0.2, 1, NULL, "extra space between letters in em (0.1)"},
};

static void text_w_draw(struct widget *w, const struct draw_ctx *ctx)
{
    static const enum font_face faces[] = {FONT_SANS, FONT_SERIF, FONT_MONO, FONT_SEG7,
                                           FONT_DISPLAY};
    static const enum text_align aligns[] = {TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT};
    const char *s = widget_text(w, TEXT_TEXT, wt_en(w) ? wt_en(w) : w->cfg->label.jp);
    if (!s || !*s)
        return;
    enum text_align al = aligns[(int)widget_num(w, TEXT_ALIGN, 0)];
    float x = al == TEXT_LEFT ? w->box.x : al == TEXT_CENTER ? w->box.x + w->box.w * 0.5f
                                                            : w->box.x + w->box.w;
    enum pal_token tok = (enum pal_token)widget_num(w, TEXT_COLOR, PAL_ORANGE);
    rgba c = ink_level(ctx, w->level, tok);
    struct text_style st = {
        .face = faces[(int)widget_num(w, TEXT_FACE, 0)],
        .size = (float)widget_num(w, TEXT_SIZE, 1.6) * ctx->u,
        .tracking = (float)widget_num(w, TEXT_TRACKING, 0.1),
        .align = al,
        .valign = TEXT_CAP_MIDDLE,
        .max_width = w->box.w,
        .color = c,
    };
    text_draw(ctx->text, ctx->b, &st, x, w->box.y + w->box.h * 0.5f, s);
}

const struct wtype wt_text = {
    "text",
    "One line of text, squeezed to fit its box: headers, footers, status lines. `text` is a "
    "template, so \"STATE: {$state}\" or \"HOST {0.nodename}\" follow the data.",
    WT_DATA, KEYS(text_keys), 0, 8, NULL, text_w_draw, NULL,
};

/* --- clock: time of day in 7-segment digits ------------------------------------------ */

enum { CLOCK_UTC_OFFSET, CLOCK_ZONE, CLOCK_SIZE };
static const struct wkey clock_keys[] = {
    {"utc_offset", WK_NUM, -14, 14, NULL, "hours east of UTC (default: the local zone)"},
    {"zone", WK_STR, 0, 0, NULL, "the zone's name before the digits (\"JST\")"},
    {"size", WK_NUM, 0.5, 100, NULL, "digit size in u (default: the box height)"},
};

static void clock_draw(struct widget *w, const struct draw_ctx *ctx)
{
    time_t now = (time_t)floor(ctx->wall);
    struct tm tm;
    char zone[16] = "";
    double off = widget_num(w, CLOCK_UTC_OFFSET, NAN);
    if (isnan(off)) {
        localtime_r(&now, &tm);
        strftime(zone, sizeof zone, "%Z", &tm);
    } else {
        time_t shifted = now + (time_t)lround(off * 3600.0);
        gmtime_r(&shifted, &tm);
    }
    const char *zn = widget_text(w, CLOCK_ZONE, zone);
    char digits[16];
    snprintf(digits, sizeof digits, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    float size = (float)widget_num(w, CLOCK_SIZE, w->box.h / ctx->u * 0.8) * ctx->u;
    float right = w->box.x + w->box.w;
    float mid = w->box.y + w->box.h * 0.5f;
    struct text_metrics m =
        ink_seg7(ctx, size, right, mid, TEXT_RIGHT, TEXT_CAP_MIDDLE,
                 ink_pal(ctx, PAL_ORANGE_HOT), 0.09f, digits);
    if (zn && *zn)
        ink_label(ctx, size * 0.5f, right - m.width - 0.8f * ctx->u, mid, TEXT_RIGHT,
                  TEXT_CAP_MIDDLE, 0, ink_pal(ctx, PAL_ORANGE), zn);
    draw_wake_at(ctx, ctx->t + (floor(ctx->wall) + 1.0 - ctx->wall));
}

const struct wtype wt_clock = {
    "clock",
    "The time of day in slanted 7-segment digits over their ghosts, with the zone's name.",
    0, KEYS(clock_keys), 0, 0, NULL, clock_draw, NULL,
};

/* --- stamp: a boxed word ------------------------------------------------------------- */

enum { STAMP_TEXT, STAMP_KIND, STAMP_COLOR, STAMP_SANS, STAMP_WHEN };
static const struct wkey stamp_keys[] = {
    {"text", WK_STR, 0, 0, NULL, "the word (監視中, LIVE, NOMINAL); a template"},
    {"kind", WK_ENUM, 0, 0, "single|double|filled|live", "the box (single)"},
    {"color", WK_COLOR, 0, 0, NULL, "palette token (bar_red; hud_white for live)"},
    {"sans", WK_BOOL, 0, 0, NULL, "the condensed sans instead of the serif"},
    {"when", WK_ENUM, 0, 0, "always|caution|alert|emergency",
     "shown only from this level of its value (always)"},
};

static void stamp_draw_w(struct widget *w, const struct draw_ctx *ctx)
{
    int when = (int)widget_num(w, STAMP_WHEN, 0);
    if (when > 0 && (int)w->level < when)
        return;
    struct stamp_view v = {
        .text = widget_text(w, STAMP_TEXT, wt_en(w) ? wt_en(w) : w->cfg->label.jp),
        .kind = (enum stamp_kind)widget_num(w, STAMP_KIND, 0),
        .color = (enum pal_token)widget_num(w, STAMP_COLOR, PAL_VOID),
        .sans = widget_num(w, STAMP_SANS, 0) != 0,
        .level = w->level,
        .blink_t0 = widget_t_of(ctx, w->state[0]),
    };
    stamp_draw(ctx, w->box, &v);
}

static void stamp_eval(struct widget *w, double at)
{
    /* The blink phase starts when the level rises. */
    if ((double)w->level > w->state[1])
        w->state[0] = at;
    w->state[1] = w->level;
}

const struct wtype wt_stamp = {
    "stamp",
    "A boxed status word (監視中, 定期検診, LIVE); with a value and thresholds it blinks at "
    "ALERT and above, and `when` hides it below a level.",
    WT_DATA, KEYS(stamp_keys), 0, 1, stamp_eval, stamp_draw_w, NULL,
};

/* --- plate: label / value / detail in a rounded outline ---------------------------- */

enum { PLATE_TEXT, PLATE_DETAIL, PLATE_MONO };
static const struct wkey plate_keys[] = {
    {"text", WK_STR, 0, 0, NULL,
     "the big line; a template (default: every item's value, space-separated)"},
    {"detail", WK_STR, 0, 0, NULL, "a small third line; a template"},
    {"mono", WK_BOOL, 0, 0, NULL, "the big line in the monospace face"},
};

static void plate_draw_w(struct widget *w, const struct draw_ctx *ctx)
{
    const char *text = widget_text(w, PLATE_TEXT, NULL);
    if (!text && w->nitems == 1) {
        text = w->items[0].text;
    } else if (!text) {
        /* "6.08 5.71 4.93": the items side by side. */
        char *buf = w->tbuf[0];
        size_t len = 0;
        buf[0] = 0;
        for (int i = 0; i < wt_shown(w) && len + 1 < sizeof w->tbuf[0]; i++) {
            int n = snprintf(buf + len, sizeof w->tbuf[0] - len, "%s%s", i ? " " : "",
                             w->items[i].num);
            if (n > 0)
                len += (size_t)n;
        }
        text = buf;
    }
    struct plate_view v = {
        .label = wt_en(w),
        .value = text,
        .detail = widget_text(w, PLATE_DETAIL, NULL),
        .mono_value = widget_num(w, PLATE_MONO, 0) != 0,
        .level = w->level,
        .stale = (w->cfg->value.set || w->cfg->nitems) && w->stale,
    };
    plate_draw(ctx, w->box, &v);
}

const struct wtype wt_plate = {
    "plate",
    "A rounded plate: the English label small on top, a big value, an optional detail "
    "line (LOAD AVG 1/5/15 over 6.08 5.71 4.93).",
    WT_DATA, KEYS(plate_keys), 0, 8, NULL, plate_draw_w, NULL,
};

/* --- info_block: CODE: / FILE: / EXTENTION: ------------------------------------------ */

enum { INFO_CODE, INFO_LINES };
static const struct wkey info_keys[] = {
    {"code", WK_STR, 0, 0, NULL, "the big CODE: value; a template (\"{0.nodename}\")"},
    {"lines", WK_STRS, 0, 0, NULL, "\"KEY:value\" lines, values are templates (at most 6)"},
};

static void info_draw(struct widget *w, const struct draw_ctx *ctx)
{
    struct info_block_view v = {
        .code = widget_text(w, INFO_CODE, NULL),
        .level = w->level,
        .stale = (w->cfg->value.set || w->cfg->nitems) && w->stale,
    };
    /* Split the resolved lines at newlines, then each at its first ':'. */
    const char *all = widget_text(w, INFO_LINES, "");
    char *buf = widget_scratch(w, strlen(all) + 1);
    memcpy(buf, all, strlen(all) + 1);
    int n = 0;
    for (char *line = buf; line && *line && n < INFO_BLOCK_LINES;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        char *colon = strchr(line, ':');
        if (colon) {
            *colon = 0;
            v.keys[n] = line;
            v.values[n] = colon + 1;
        } else {
            v.keys[n] = line;
            v.values[n] = "";
        }
        n++;
        line = nl ? nl + 1 : NULL;
    }
    info_block_draw(ctx, w->box, &v);
}

const struct wtype wt_info_block = {
    "info_block",
    "The identity block: a big CODE:value line, then KEY:VALUE lines "
    "(FILE, EXTENTION, EX_MODE, PRIORITY) in the condensed sans.",
    WT_DATA, KEYS(info_keys), 0, 8, NULL, info_draw, NULL,
};

/* --- readout: a big 7-segment number ------------------------------------------------- */

enum { READOUT_GHOST, READOUT_ALIGN };
static const struct wkey readout_keys[] = {
    {"ghost", WK_BOOL, 0, 0, NULL, "show the unlit 88s behind the digits (true)"},
    {"align", WK_ENUM, 0, 0, "right|left", "digits against the right or left edge (right)"},
};

static void readout_draw_w(struct widget *w, const struct draw_ctx *ctx)
{
    const struct witem *it = wt_first(w);
    struct readout_view v = {
        .jp = w->cfg->label.jp,
        .en = w->cfg->label.en,
        .value = it ? it->num : "---",
        .unit = it && it->unit[0] ? it->unit : NULL,
        .color = w->cfg->color_set ? w->cfg->color : PAL_VOID,
        .level = w->level,
        .stale = w->stale,
        .no_ghost = widget_num(w, READOUT_GHOST, 1) == 0,
        .align_left = widget_num(w, READOUT_ALIGN, 0) == 1,
    };
    readout_draw(ctx, w->box, &v);
}

const struct wtype wt_readout = {
    "readout",
    "A big slanted 7-segment value over its ghost 88s, with the bilingual label above and "
    "the unit beside it.",
    WT_DATA | WT_NEEDS_DATA, KEYS(readout_keys), 0, 1, NULL, readout_draw_w, NULL,
};
