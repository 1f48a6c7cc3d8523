/* wt_status: the two widget types that decide something — the 活動限界
 * countdown to the nearest limit and the MAGI vote over three signals. */
#include <time.h>

#include "layout/wt.h"
#include "widgets/countdown.h"
#include "widgets/magi_vote.h"

/* --- countdown -------------------------------------------------------------------------- */

enum {
    CD_REMAINING,
    CD_DEPLETE,
    CD_HORIZON,
    CD_LINE1,
    CD_LINE2,
    CD_SYSTEM,
    CD_INTERNAL,
    CD_REGIME,
    CD_REGIME_STEPS,
    CD_LEFT_LABEL,
    CD_LEFT,
    CD_RIGHT_LABEL,
    CD_RIGHT,
    CD_UTC_OFFSET,
    CD_CANDIDATES,
};
static const struct wkey cd_keys[] = {
    {"remaining", WK_BIND, 0, 0, NULL,
     "seconds to a limit (battery time to empty, an ETA); a candidate beside the items"},
    {"deplete", WK_BOOL, 0, 0, NULL,
     "items are amounts being used up (free bytes): seconds left = amount / its rate of "
     "decrease over the history"},
    {"horizon", WK_NUM, 1, 3.2e9, NULL,
     "limits further away than this many seconds are not counted: the clock shows (86400)"},
    {"line1", WK_STR, 0, 0, NULL, "detail line under the gloss; a template of the nearest item"},
    {"line2", WK_STR, 0, 0, NULL, "second detail line; a template"},
    {"system", WK_LABEL, 0, 0, NULL, "the centre supply-system box (記憶容量供給システム)"},
    {"internal", WK_LABEL, 0, 0, NULL, "the box at the upper right (内部 / INTERNAL)"},
    {"regime", WK_BIND, 0, 0, NULL, "throughput that lights STOP / SLOW / NORMAL / RACING"},
    {"regime_steps", WK_NUMS, -1e300, 1e300, NULL,
     "[slow, normal, racing]: regime below slow is STOP, below normal SLOW, ..."},
    {"left_label", WK_STR, 0, 0, NULL, "footer readout caption at the left (WRITE RATE)"},
    {"left", WK_STR, 0, 0, NULL, "its value; a template of the nearest item (\"{rate}\")"},
    {"right_label", WK_STR, 0, 0, NULL, "footer readout caption at the right (FREE / SIZE)"},
    {"right", WK_STR, 0, 0, NULL, "its value; a template (\"{value} / {max}\")"},
    {"utc_offset", WK_NUM, -14, 14, NULL, "clock mode: hours east of UTC (the local zone)"},
    {"candidates", WK_BOOL, 0, 0, NULL,
     "the items are candidates for the nearest limit (true); false: they only feed the "
     "templates ({0.value})"},
};

/* state: [0] seconds left at evaluation (Inf = none), [1] Unix time of that
 * evaluation, [2] 1 while counting down in real time, [3] Unix time the
 * blinking level began, [4] the countdown's own level, [5] regime */

/* Rate of decrease per second of an item's history (positive while it is
 * being used up), NaN when unknown. */
static double depletion(const struct widget *w, const struct witem *it)
{
    int n = it->hist_len;
    if (n < 2)
        return NAN;
    int newest = (it->hist_head - 1 + it->hist_cap) % it->hist_cap;
    int oldest = (it->hist_head - n + it->hist_cap) % it->hist_cap;
    /* The oldest finite sample and the newest. */
    double a = it->hist[oldest], b = it->hist[newest];
    int span = n - 1;
    for (int k = 0; isnan(a) && k < n - 2; k++) {
        a = it->hist[(oldest + k + 1) % it->hist_cap];
        span--;
    }
    if (isnan(a) || isnan(b) || span <= 0)
        return NAN;
    return (a - b) / ((double)span * w->cfg->step);
}

static void cd_eval(struct widget *w, double at)
{
    bool deplete = widget_num(w, CD_DEPLETE, 0) != 0;
    bool candidates = widget_num(w, CD_CANDIDATES, 1) != 0;
    const struct thresholds *th = &w->cfg->th;
    double best = INFINITY;
    int focus = -1;
    for (int i = 0; i < w->nitems; i++) {
        if (!candidates) {
            w->items[i].level = LEVEL_NOMINAL;
            continue;
        }
        struct witem *it = &w->items[i];
        double secs;
        if (deplete) {
            it->rate = depletion(w, it);
            secs = it->rate > 0 && !isnan(it->value) ? it->value / it->rate : INFINITY;
        } else {
            secs = it->value;
        }
        if (it->stale)
            it->level = w->cfg->stale_level;
        else if (thresh_any(th) && secs > 0)
            it->level = thresh_level(th, secs, it->level);
        else
            it->level = LEVEL_NOMINAL;
        if (!it->stale && secs > 0 && secs < best) {
            best = secs;
            focus = i;
        }
    }
    double r = widget_num(w, CD_REMAINING, NAN);
    if (r > 0 && r < best) {
        best = r;
        focus = -1;
    }
    if (best > widget_num(w, CD_HORIZON, 86400))
        best = INFINITY;
    if (focus >= 0)
        w->focus = focus;
    enum level prev = (enum level)w->state[4];
    enum level lv = LEVEL_NOMINAL;
    if (isfinite(best) && thresh_any(th))
        lv = thresh_level(th, best, prev);
    /* The countdown speaks for the widget: items far from their limit do
     * not escalate it. */
    w->level = lv;
    if (lv > prev && prev == LEVEL_NOMINAL)
        w->state[3] = at;
    w->state[4] = lv;
    w->state[0] = best;
    w->state[1] = at;
    w->state[2] = isfinite(best);
    w->cause[0] = 0;
    if (isfinite(best)) {
        long s = (long)ceil(best);
        char left[32];
        snprintf(left, sizeof left, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
        const char *what = focus >= 0 && w->items[focus].label[0] ? w->items[focus].label : NULL;
        snprintf(w->cause, sizeof w->cause, "%s%s%sACTIVE TIME REMAINING  %s",
                 what ? "TARGET " : "", what ? what : "", what ? "  —  " : "", left);
    }

    /* STOP / SLOW / NORMAL / RACING */
    double g = widget_num(w, CD_REGIME, NAN);
    const struct wprop *steps = widget_prop(w, CD_REGIME_STEPS);
    int mode = COUNTDOWN_MODE_NONE;
    if (!isnan(g) && steps->set) {
        mode = COUNTDOWN_MODE_STOP;
        for (int k = 0; k < steps->nstrs && k < 3; k++)
            if (g >= steps->nums[k])
                mode = COUNTDOWN_MODE_SLOW + k;
    }
    w->state[5] = mode;
}

static void cd_draw(struct widget *w, const struct draw_ctx *ctx)
{
    const struct layout_widget *c = w->cfg;
    double best = w->state[0];
    bool counting = w->state[2] != 0;
    const struct wprop *sys = widget_prop(w, CD_SYSTEM), *in = widget_prop(w, CD_INTERNAL);
    struct countdown_view v = {
        .remaining = counting ? best - (ctx->wall - w->state[1]) : 0,
        .running = counting,
        .clock = !counting,
        .jp = c->label.jp,
        .en = c->label.en,
        .lines = {counting ? widget_text(w, CD_LINE1, NULL) : NULL,
                  counting ? widget_text(w, CD_LINE2, NULL) : NULL},
        .sub = c->sub ? w->sub : NULL,
        .system_jp = sys->set ? sys->label.jp : NULL,
        .system_en = sys->set ? sys->label.en : NULL,
        .box_jp = in->set ? in->label.jp : NULL,
        .box_en = in->set ? in->label.en : NULL,
        .mode = (enum countdown_mode)w->state[5],
        .left = {widget_text(w, CD_LEFT_LABEL, NULL), widget_text(w, CD_LEFT, NULL)},
        .right = {widget_text(w, CD_RIGHT_LABEL, NULL), widget_text(w, CD_RIGHT, NULL)},
        .level = w->level,
        .blink_t0 = widget_t_of(ctx, w->state[3]),
        .stale = (c->value.set || c->nitems) && w->stale &&
                 !(widget_prop(w, CD_REMAINING)->set && counting),
    };
    if (!counting) {
        double off = widget_num(w, CD_UTC_OFFSET, NAN);
        if (isnan(off)) {
            time_t now = (time_t)ctx->wall;
            struct tm tm;
            localtime_r(&now, &tm);
            v.utc_offset = (int)tm.tm_gmtoff;
        } else {
            v.utc_offset = (int)lround(off * 3600.0);
        }
    }
    countdown_draw(ctx, w->box, &v);
}

const struct wtype wt_countdown = {
    "countdown",
    "The 活動限界 countdown to the nearest limit: each item is a candidate (seconds left, "
    "or with `deplete` an amount whose use rate gives them) and so is `remaining`; the "
    "nearest within `horizon` is counted down, else the clock shows. `thresholds` (with "
    "direction = \"below\") on the seconds left set the blink and the level.",
    WT_DATA | WT_HISTORY | WT_OWN_LEVELS, KEYS(cd_keys), 60, 16, cd_eval, cd_draw, NULL,
};

/* --- magi_vote ------------------------------------------------------------------------------ */

enum {
    VOTE_VOTES,
    VOTE_DELIBERATE,
    VOTE_SUBJECT,
    VOTE_LINES,
    VOTE_STAMP,
    VOTE_SIGNAL,
    VOTE_FOOTER,
};
static const struct wkey vote_keys[] = {
    {"votes", WK_BOOL, 0, 0, NULL,
     "items are votes (> 0 approve, < 0 deny, 0 deliberating) instead of health signals "
     "(below ALERT approves)"},
    {"deliberate", WK_NUM, 0, 60, NULL,
     "seconds the panels flash (deliberating) after a member changes its vote (2)"},
    {"subject", WK_STR, 0, 0, NULL, "what is voted on (HOST HEALTH)"},
    {"lines", WK_STRS, 0, 0, NULL, "proposal lines under 提訴; templates (SUBJECT, QUORUM, ...)"},
    {"stamp", WK_STR, 0, 0, NULL, "the boxed red stamp under 決議 (定期検診)"},
    {"signal", WK_STR, 0, 0, NULL,
     "each member's signal line; a template of its item (\"SIGNAL: {tag}  {value}\")"},
    {"footer", WK_STR, 0, 0, NULL, "the line under the vote; {$...} templates"},
};

/* state: [0..2] member states, [3] Unix time deliberation began, [4] set */

static void vote_eval(struct widget *w, double at)
{
    bool votes = widget_num(w, VOTE_VOTES, 0) != 0;
    int approve = 0, deny = 0, changed = 0;
    for (int i = 0; i < MAGI_MEMBERS; i++) {
        enum vote_state st = VOTE_NO_SIGNAL;
        if (i < w->nitems && !w->items[i].stale) {
            const struct witem *it = &w->items[i];
            if (votes)
                st = it->value > 0 ? VOTE_APPROVE : it->value < 0 ? VOTE_DENY : VOTE_DELIBERATING;
            else
                st = it->level >= LEVEL_ALERT ? VOTE_DENY : VOTE_APPROVE;
        }
        approve += st == VOTE_APPROVE;
        deny += st == VOTE_DENY;
        if (w->state[4] != 0 && (int)w->state[i] != (int)st)
            changed++;
        w->state[i] = st;
    }
    if (changed)
        w->state[3] = at;
    w->state[4] = 1;
    /* The resolution: 2 of 3. A rejected proposal is an alert. */
    const char *res = approve >= 2 ? "APPROVED" : deny >= 2 ? "REJECTED" : "DELIBERATING";
    snprintf(w->tbuf[3], sizeof w->tbuf[3], "%s %d : %d", res, approve, deny);
    if (deny >= 2 && w->level < LEVEL_ALERT)
        w->level = LEVEL_ALERT;
    for (int i = 0; i < MAGI_MEMBERS && i < w->nitems; i++) {
        const struct witem *it = &w->items[i];
        if (w->cfg->props[VOTE_SIGNAL].set) {
            widget_expand(w, it, w->cfg->props[VOTE_SIGNAL].str, w->tbuf[i], sizeof w->tbuf[i]);
        } else if (it->tag) {
            snprintf(w->tbuf[i], sizeof w->tbuf[i], "SIGNAL: %s  %s", it->tag, it->text);
        } else {
            snprintf(w->tbuf[i], sizeof w->tbuf[i], "SIGNAL: %s", it->text);
        }
    }
    /* "All subsystems nominal" only when the three health signals all are;
     * a 2 : 1 majority, or a vote on a proposal, approves it. */
    const char *verdict = approve == 3 && !votes ? "ALL SUBSYSTEMS NOMINAL"
                          : approve >= 2         ? "PROPOSAL APPROVED"
                          : deny >= 2            ? "PROPOSAL REJECTED"
                                                 : "DELIBERATION";
    snprintf(w->tbuf[4], sizeof w->tbuf[4], "MAGI SYSTEM  //  VOTE %d : %d  //  %s", approve,
             deny, verdict);
}

static void vote_draw(struct widget *w, const struct draw_ctx *ctx)
{
    struct magi_vote_view v = {
        .result = w->tbuf[3],
        .stamp = widget_text(w, VOTE_STAMP, "定期検診"),
        .footer = widget_text(w, VOTE_FOOTER, w->tbuf[4]),
        .level = w->level,
        .deliberation_t0 = widget_t_of(ctx, w->state[3]),
    };
    double since = ctx->wall - w->state[3];
    double delib = widget_num(w, VOTE_DELIBERATE, 2.0);
    for (int i = 0; i < MAGI_MEMBERS; i++) {
        enum vote_state st = (enum vote_state)w->state[i];
        if (st != VOTE_NO_SIGNAL && since >= 0 && since < delib)
            st = VOTE_DELIBERATING;
        v.members[i] = (struct magi_vote_member){
            .name = i < w->nitems && w->items[i].label[0] ? w->items[i].label : NULL,
            .signal = i < w->nitems ? w->tbuf[i] : NULL,
            .state = st,
        };
    }
    if (since >= 0 && since < delib)
        draw_wake_at(ctx, widget_t_of(ctx, w->state[3] + delib));
    /* Proposal lines: the configured ones, or subject and quorum. */
    const char *lines = widget_text(w, VOTE_LINES, NULL);
    if (lines) {
        snprintf(w->tbuf[5], sizeof w->tbuf[5], "%s", lines);
        char *p = w->tbuf[5];
        for (int k = 0; k < 4 && p && *p; k++) {
            v.left_lines[k] = p;
            p = strchr(p, '\n');
            if (p)
                *p++ = 0;
        }
    } else {
        snprintf(w->tbuf[5], sizeof w->tbuf[5], "SUBJECT: %s",
                 widget_text(w, VOTE_SUBJECT, "SYSTEM HEALTH"));
        v.left_lines[0] = w->tbuf[5];
        v.left_lines[1] = "QUORUM: 2 OF 3";
    }
    magi_vote_draw(ctx, w->box, &v);
}

const struct wtype wt_magi_vote = {
    "magi_vote",
    "The MAGI vote over three items in the order BALTHASAR, CASPER, MELCHIOR (their "
    "labels name the panels, their tags the signals): below ALERT a member approves (mint), "
    "from ALERT it denies (red); 2 of 3 decide and a rejection is an ALERT. With `votes` the "
    "values are the votes themselves.",
    WT_DATA | WT_NEEDS_DATA, KEYS(vote_keys), 0, 3, vote_eval, vote_draw, NULL,
};
