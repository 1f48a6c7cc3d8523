/* wt_events: widget types that appear or react when something happens — the
 * REFUSED stamp, PATTERN BLUE, the title card of a new epoch, the hex
 * EMERGENCY wall, the targeting reticle — plus rulers and the log terminal. */
#include <errno.h>
#include <stdlib.h>

#include "core/log.h"
#include "layout/wt.h"
#include "widgets/hex_wall.h"
#include "widgets/ink.h"
#include "widgets/pattern_blue.h"
#include "widgets/refused.h"
#include "widgets/reticle.h"
#include "widgets/rulers.h"
#include "widgets/terminal.h"
#include "widgets/title_card.h"

#define WHEN_CHOICES "always|caution|alert|emergency"

/* A widget with data shows from its `when` level; without data always. */
static bool shown(const struct widget *w, int when)
{
    if (!w->cfg->value.set && !w->cfg->nitems)
        return true;
    return (int)w->level >= when;
}

/* state[0]: Unix time the widget last rose to its `when` level. */
static void track_rise(struct widget *w, double at, int when)
{
    bool on = shown(w, when) && !w->stale;
    if (on && w->state[1] == 0)
        w->state[0] = at;
    w->state[1] = on;
}

/* --- refused ---------------------------------------------------------------------------- */

enum { REF_WORD, REF_JP, REF_TITLE, REF_FROM, REF_WHEN };
static const struct wkey ref_keys[] = {
    {"word", WK_STR, 0, 0, NULL, "the huge word (REFUSED)"},
    {"jp", WK_STR, 0, 0, NULL, "the small term beside it (否定)"},
    {"title", WK_STR, 0, 0, NULL, "the condensed title line; a template"},
    {"from", WK_STR, 0, 0, NULL, "the small from/to line; a template"},
    {"when", WK_ENUM, 0, 0, WHEN_CHOICES, "shown from this level of its value (alert)"},
};

static void ref_draw(struct widget *w, const struct draw_ctx *ctx)
{
    if (!shown(w, (int)widget_num(w, REF_WHEN, 2)))
        return;
    struct refused_view v = {
        .title = widget_text(w, REF_TITLE, wt_en(w)),
        .from = widget_text(w, REF_FROM, NULL),
        .word = widget_text(w, REF_WORD, NULL),
        .jp = widget_text(w, REF_JP, NULL),
    };
    refused_draw(ctx, w->box, &v);
}

const struct wtype wt_refused = {
    "refused",
    "The REFUSED stamp between two orange rules, shown while its value is at `when` "
    "(alert) or above: a failed deploy, a rejected command.",
    WT_DATA, KEYS(ref_keys), 0, 1, NULL, ref_draw, NULL,
};

/* --- pattern_blue ----------------------------------------------------------------------- */

enum { PB_CLASS, PB_STAMP, PB_JP, PB_WHEN };
static const struct wkey pb_keys[] = {
    {"classification", WK_STR, 0, 0, NULL, "the line typed out; a template"},
    {"stamp", WK_STR, 0, 0, NULL, "the stamp (PATTERN BLUE)"},
    {"jp", WK_STR, 0, 0, NULL, "the Japanese term (パターン青)"},
    {"when", WK_ENUM, 0, 0, WHEN_CHOICES, "shown from this level of its value (caution)"},
};

static void pb_eval(struct widget *w, double at)
{
    track_rise(w, at, (int)widget_num(w, PB_WHEN, 1));
}

static void pb_draw(struct widget *w, const struct draw_ctx *ctx)
{
    if (w->state[1] == 0)
        return;
    const struct witem *it = wt_first(w);
    struct pattern_blue_view v = {
        .t0 = widget_t_of(ctx, w->state[0]),
        .classification = widget_text(w, PB_CLASS, "ANOMALY DETECTED"),
        .confidence = it ? (float)wt_fraction(w, it) : 1.0f,
        .stamp = widget_text(w, PB_STAMP, NULL),
        .jp = widget_text(w, PB_JP, NULL),
    };
    if (it && isnan(it->max) && v.confidence == 0 && it->value >= 0 && it->value <= 1)
        v.confidence = (float)it->value; /* a score 0..1 */
    batch_rect(ctx->b, w->box.x, w->box.y, w->box.w, w->box.h, ink_pal(ctx, PAL_VOID));
    pattern_blue_draw(ctx, w->box, &v);
}

const struct wtype wt_pattern_blue = {
    "pattern_blue",
    "PATTERN BLUE: an anomaly detected. Appears when its value reaches `when` (caution): "
    "expanding rings, the classification typed out, a confidence bar (the value as a "
    "fraction), then the stamp.",
    WT_DATA | WT_NEEDS_DATA, KEYS(pb_keys), 0, 1, pb_eval, pb_draw, NULL,
};

/* --- title_card -------------------------------------------------------------------------- */

enum { TC_VERTICAL, TC_HORIZONTAL, TC_EN, TC_HOLD, TC_BLACK };
static const struct wkey tc_keys[] = {
    {"vertical", WK_STR, 0, 0, NULL, "the column of big kanji; a template (\"第{num}話\")"},
    {"horizontal", WK_STR, 0, 0, NULL, "the line along the bottom; a template"},
    {"en", WK_STR, 0, 0, NULL, "small English under the line; a template"},
    {"hold", WK_NUM, 0.2, 600, NULL, "seconds the card shows after the value changes (3)"},
    {"black", WK_BOOL, 0, 0, NULL, "black out its box first (true)"},
};

/* state: [0] Unix time the value last changed, [2] that value, [3] seen */
static void tc_eval(struct widget *w, double at)
{
    const struct witem *it = wt_first(w);
    if (!it || it->stale || isnan(it->value))
        return;
    if (w->state[3] != 0 && it->value != w->state[2])
        w->state[0] = at;
    w->state[2] = it->value;
    w->state[3] = 1;
}

static void tc_draw(struct widget *w, const struct draw_ctx *ctx)
{
    bool data = w->cfg->value.set || w->cfg->nitems;
    double hold = widget_num(w, TC_HOLD, 3.0);
    if (data) {
        double until = w->state[0] + hold;
        if (w->state[0] == 0 || ctx->wall >= until)
            return;
        draw_wake_at(ctx, widget_t_of(ctx, until));
    }
    struct title_card_view v = {
        .vertical = widget_text(w, TC_VERTICAL, w->cfg->label.jp),
        .horizontal = widget_text(w, TC_HORIZONTAL, NULL),
        .en = widget_text(w, TC_EN, wt_en(w)),
        .black_field = widget_num(w, TC_BLACK, 1) != 0,
    };
    title_card_draw(ctx, w->box, &v);
}

const struct wtype wt_title_card = {
    "title_card",
    "A heavy Mincho title card in an L (a kanji column and a line), shown for `hold` "
    "seconds whenever its value changes (a new training epoch); without a value it always "
    "shows.",
    WT_DATA, KEYS(tc_keys), 0, 1, tc_eval, tc_draw, NULL,
};

/* --- hex_wall ------------------------------------------------------------------------------ */

enum { HW_RADIUS, HW_WORDS, HW_WHEN };
static const struct wkey hw_keys[] = {
    {"radius", WK_NUM, 1, 100, NULL, "cell size in u (6)"},
    {"words", WK_STRS, 0, 0, NULL, "the big words of the cells (EMERGENCY, WARNING)"},
    {"when", WK_ENUM, 0, 0, WHEN_CHOICES, "shown from this level of its value (always)"},
};

static void hw_draw(struct widget *w, const struct draw_ctx *ctx)
{
    if (!shown(w, (int)widget_num(w, HW_WHEN, 0)))
        return;
    const struct witem *it = wt_first(w);
    struct hex_wall_view v = {
        .radius = (float)widget_num(w, HW_RADIUS, 0),
        /* lit cells follow the value (alerts firing / max); all without data */
        .lit = it && !it->stale ? fmaxf((float)wt_fraction(w, it), 0.001f) : 0.0f,
    };
    /* The wall covers what is under it (its gutters would show it). */
    batch_rect(ctx->b, w->box.x, w->box.y, w->box.w, w->box.h, ink_pal(ctx, PAL_VOID));
    const char *words = widget_text(w, HW_WORDS, NULL);
    if (words) {
        snprintf(w->tbuf[0], sizeof w->tbuf[0], "%s", words);
        v.words[0] = w->tbuf[0];
        char *nl = strchr(w->tbuf[0], '\n');
        if (nl) {
            *nl = 0;
            v.words[1] = nl + 1;
        }
    }
    hex_wall_draw(ctx, w->box, &v);
}

const struct wtype wt_hex_wall = {
    "hex_wall",
    "The red EMERGENCY honeycomb; cells re-roll every few seconds and the share of lit "
    "cells follows value / max (alerts firing out of a total).",
    WT_DATA, KEYS(hw_keys), 0, 1, NULL, hw_draw, NULL,
};

/* --- reticle --------------------------------------------------------------------------------- */

enum { RET_RADIUS, RET_WHEN };
static const struct wkey ret_keys[] = {
    {"radius", WK_NUM, 0.5, 100, NULL, "ring radius in u (4)"},
    {"when", WK_ENUM, 0, 0, WHEN_CHOICES, "locks when the worst item reaches this (alert)"},
};

/* state: [0] lock began (Unix), [1] locked, [2] target slot */
static void ret_eval(struct widget *w, double at)
{
    int worst = -1;
    for (int i = 0; i < wt_shown(w); i++)
        if (worst < 0 || w->items[i].level > w->items[worst].level ||
            (w->items[i].level == w->items[worst].level &&
             w->items[i].value > w->items[worst].value))
            worst = i;
    int when = (int)widget_num(w, RET_WHEN, 2);
    bool lock = worst >= 0 && (int)w->items[worst].level >= when && when > 0;
    if (lock && (w->state[1] == 0 || (int)w->state[2] != worst))
        w->state[0] = at;
    w->state[1] = lock;
    w->state[2] = worst;
    if (worst >= 0)
        w->focus = worst;
}

static void ret_draw(struct widget *w, const struct draw_ctx *ctx)
{
    int n = wt_shown(w);
    int slot = (int)w->state[2];
    /* Items sit in slots across the box; the ring rests mid-box unlocked. */
    float x = w->box.x + w->box.w * 0.5f;
    if (w->state[1] != 0 && n > 0)
        x = w->box.x + w->box.w * ((float)slot + 0.5f) / (float)n;
    struct reticle_view v = {
        .x = x,
        .y = w->box.y + w->box.h * 0.5f,
        .radius = (float)widget_num(w, RET_RADIUS, 0) * ctx->u,
        .locked = w->state[1] != 0,
        .lock_t0 = widget_t_of(ctx, w->state[0]),
    };
    if (slot >= 0 && slot < w->nitems) {
        const struct witem *it = &w->items[slot];
        v.readout[0] = it->value;
        v.readout[1] = isnan(it->max) ? 0 : it->max;
        v.readout[2] = isnan(it->min) ? 0 : it->min;
        v.readout[3] = slot;
        snprintf(w->tbuf[0], sizeof w->tbuf[0], "%s %s", it->label, it->text);
        v.label = w->tbuf[0];
    }
    reticle_draw(ctx, w->box, &v);
}

const struct wtype wt_reticle = {
    "reticle",
    "A targeting reticle that locks (turns red) onto the worst item once it reaches "
    "`when`, with its value, max, min and index in the N/E/S/W readouts.",
    WT_DATA | WT_NEEDS_DATA, KEYS(ret_keys), 0, 256, ret_eval, ret_draw, NULL,
};

/* --- rulers -------------------------------------------------------------------------------- */

enum { RUL_SIDE, RUL_MINOR, RUL_LABELS, RUL_START, RUL_STEP, RUL_SPACING, RUL_COLOR };
static const struct wkey rul_keys[] = {
    {"side", WK_ENUM, 0, 0, "right|left|below|above|marks",
     "where the ticks point, or registration marks over the box (marks)"},
    {"minor", WK_NUM, 0.2, 20, NULL, "u between minor ticks (1)"},
    {"labels", WK_BOOL, 0, 0, NULL, "number the major ticks"},
    {"label_start", WK_NUM, -1e9, 1e9, NULL, "number at the first major tick (0)"},
    {"label_step", WK_NUM, -1e9, 1e9, NULL, "change per major tick (10)"},
    {"spacing", WK_NUM, 1, 200, NULL, "marks: u between registration marks (8)"},
    {"color", WK_COLOR, 0, 0, NULL, "palette token (grid_dim)"},
};

static void rul_draw(struct widget *w, const struct draw_ctx *ctx)
{
    int side = (int)widget_num(w, RUL_SIDE, 4);
    if (side == 4) {
        rulers_marks_draw(ctx, w->box, (float)widget_num(w, RUL_SPACING, 8) * ctx->u, 0);
        return;
    }
    struct ruler_view v = {
        .side = (enum ruler_side)side,
        .minor = (float)widget_num(w, RUL_MINOR, 1) * ctx->u,
        .labels = widget_num(w, RUL_LABELS, 0) != 0,
        .label_start = (float)widget_num(w, RUL_START, 0),
        .label_step = (float)widget_num(w, RUL_STEP, 10),
        .color = (enum pal_token)widget_num(w, RUL_COLOR, PAL_VOID),
    };
    rulers_draw(ctx, w->box, &v);
}

const struct wtype wt_rulers = {
    "rulers",
    "Rulers with signed ticks along a box edge, or \"+\" registration marks on a regular "
    "grid: the structure the show bolts everything to.",
    0, KEYS(rul_keys), 0, 0, NULL, rul_draw, NULL,
};

/* --- terminal ------------------------------------------------------------------------------- */

enum { TERM_FILE, TERM_LINES, TERM_TITLE, TERM_MAGI, TERM_LINE };
static const struct wkey term_keys[] = {
    {"file", WK_STR, 0, 0, NULL, "a log file to tail (read when the data changes)"},
    {"lines", WK_INT, 1, 500, NULL, "lines kept (60)"},
    {"title", WK_STR, 0, 0, NULL, "title over the listing; a template"},
    {"magi", WK_BOOL, 0, 0, NULL, "the huge vertical M A G I (true)"},
    {"line", WK_STR, 0, 0, NULL,
     "without a file: one line per item, a template (\"{label}  {value}\")"},
};

struct term_data {
    int n;
    unsigned first;
    const char **lines;
    char text[];
};

/* The last `keep` lines of a file (its last 64 KiB). */
static struct term_data *tail_file(const char *path, int keep)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    enum { TAIL = 65536 };
    long start = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long end = ftell(f);
        start = end > TAIL ? end - TAIL : 0;
    }
    fseek(f, start, SEEK_SET);
    /* One block: the header, the text, then the (aligned) line pointers. */
    size_t off = (sizeof(struct term_data) + TAIL + 1 + sizeof(char *) - 1) / sizeof(char *) *
                 sizeof(char *);
    struct term_data *d = malloc(off + sizeof(char *) * (size_t)keep);
    if (!d) {
        fclose(f);
        return NULL;
    }
    size_t len = fread(d->text, 1, TAIL, f);
    fclose(f);
    d->text[len] = 0;
    d->lines = (const char **)(void *)((char *)d + off);
    /* Lines from the end; a cut first line (start > 0) is dropped. */
    int n = 0;
    char *p = d->text + len;
    if (p > d->text && p[-1] == '\n')
        *--p = 0;
    const char *found[512];
    while (p > d->text && n < keep && n < 512) {
        char *q = p;
        while (q > d->text && q[-1] != '\n')
            q--;
        if (q == d->text && start > 0)
            break;
        found[n++] = q;
        if (q > d->text)
            q[-1] = 0;
        p = q > d->text ? q - 1 : q;
    }
    for (int i = 0; i < n; i++)
        d->lines[i] = found[n - 1 - i];
    d->n = n;
    d->first = 1;
    return d;
}

static void term_eval(struct widget *w, double at)
{
    (void)at;
    int keep = (int)widget_num(w, TERM_LINES, 60);
    const char *file = widget_text(w, TERM_FILE, NULL);
    struct term_data *d = NULL;
    if (file) {
        d = tail_file(file, keep);
        if (!d && w->state[0] == 0)
            log_warn("layout", "terminal: cannot read %s: %s", file, strerror(errno));
        w->state[0] = d ? 0 : 1;
    } else {
        int n = wt_shown(w) < keep ? wt_shown(w) : keep;
        d = malloc(sizeof *d + (size_t)n * 160 + sizeof(char *) * (size_t)(n ? n : 1));
        if (d) {
            d->lines = (const char **)(void *)((char *)d + sizeof *d + (size_t)n * 160);
            d->n = n;
            d->first = 1;
            const char *tmpl = w->cfg->props[TERM_LINE].set ? w->cfg->props[TERM_LINE].str
                                                            : "{label}  {value}";
            for (int i = 0; i < n; i++) {
                widget_expand(w, &w->items[i], tmpl, d->text + (size_t)i * 160, 160);
                d->lines[i] = d->text + (size_t)i * 160;
            }
        }
    }
    free(w->tdata);
    w->tdata = d;
}

static void term_draw(struct widget *w, const struct draw_ctx *ctx)
{
    const struct term_data *d = w->tdata;
    struct terminal_view v = {
        .title = widget_text(w, TERM_TITLE, wt_en(w)),
        .lines = d ? d->lines : NULL,
        .count = d ? d->n : 0,
        .first_number = d ? d->first : 1,
        .no_magi = widget_num(w, TERM_MAGI, 1) == 0,
        .stale = !d || ((w->cfg->value.set || w->cfg->nitems) && w->stale),
    };
    terminal_draw(ctx, w->box, &v);
}

const struct wtype wt_terminal = {
    "terminal",
    "The green MAGI-internals terminal: the tail of a log `file` (re-read when data "
    "changes), or one line per item; register columns and a huge vertical M A G I.",
    WT_DATA, KEYS(term_keys), 0, 500, term_eval, term_draw, NULL,
};
