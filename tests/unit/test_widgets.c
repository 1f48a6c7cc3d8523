/* Widget motifs drawn into a recording batch with the real text engine (fonts
 * from MAGI_DATA_DIR): what is drawn, where and in which colour for given
 * views and times. Colours are read back from the batch's own triangles at
 * sample points (the topmost untextured, fully opaque triangle there), so
 * geometry is checked as the renderer will draw it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/clock.h"
#include "widgets/bars.h"
#include "widgets/gallery.h"
#include "widgets/countdown.h"
#include "widgets/graph.h"
#include "widgets/hazard.h"
#include "widgets/info_block.h"
#include "widgets/lifelines.h"
#include "widgets/phase_stack.h"
#include "widgets/refused.h"
#include "widgets/rulers.h"
#include "widgets/stamp.h"
#include "widgets/title_card.h"
#include "widgets/hex.h"
#include "widgets/hex_tiles.h"
#include "widgets/hex_wall.h"
#include "widgets/ink.h"
#include "widgets/magi_vote.h"
#include "widgets/pattern_blue.h"
#include "widgets/pill_meter.h"
#include "widgets/plate.h"
#include "widgets/readout.h"
#include "widgets/reticle.h"
#include "widgets/ring_gauge.h"
#include "widgets/segment_bars.h"
#include "widgets/takeover.h"
#include "widgets/terminal.h"

struct fixture {
    struct text *text;
    struct batch *b;
    double wake;
    struct draw_ctx ctx;
};

static struct fixture F;

static int setup(void **state)
{
    (void)state;
    F.text = text_create(&(struct text_desc){.no_system_fallback = true});
    F.b = batch_create(&(struct batch_desc){.record = true});
    if (!F.text || !F.b)
        return -1;
    text_bind_batch(F.text, F.b);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    batch_destroy(F.b);
    text_destroy(F.text);
    return 0;
}

/* A fresh frame at time t on a 1920x1080 screen. */
static const struct draw_ctx *frame(double t)
{
    batch_clear(F.b);
    text_bind_batch(F.text, F.b);
    F.wake = INFINITY;
    F.ctx = (struct draw_ctx){.b = F.b,
                              .text = F.text,
                              .pal = palette_default(),
                              .t = t,
                              .wall = CLOCK_SIM_EPOCH + t,
                              .u = 10.0f,
                              .screen_w = 1920,
                              .screen_h = 1080,
                              .anim_rate = 1.0f,
                              .seed = 42,
                              .wake_at = &F.wake};
    return &F.ctx;
}

static struct draw_ctx *frame_rw(double t)
{
    frame(t);
    return &F.ctx;
}

static bool same_color(rgba a, rgba b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

static float edge_fn(const struct batch_vertex *a, const struct batch_vertex *b, float x, float y)
{
    return (b->x - a->x) * (y - a->y) - (b->y - a->y) * (x - a->x);
}

/* The colour of the last untextured triangle that covers (x, y) with full
 * alpha at every corner (a shape's interior, not its fringe); false if none. */
static bool sample(float x, float y, rgba *out)
{
    size_t nv, ni;
    const struct batch_vertex *v = batch_vertices(F.b, &nv);
    const uint32_t *idx = batch_indices(F.b, &ni);
    bool found = false;
    for (size_t k = 0; k + 2 < ni; k += 3) {
        const struct batch_vertex *a = &v[idx[k]], *b = &v[idx[k + 1]], *c = &v[idx[k + 2]];
        if (a->u != b->u || a->u != c->u || a->v != b->v || a->v != c->v)
            continue; /* a glyph */
        if (a->color.a != 255 || b->color.a != 255 || c->color.a != 255)
            continue;
        float e0 = edge_fn(a, b, x, y), e1 = edge_fn(b, c, x, y), e2 = edge_fn(c, a, x, y);
        if ((e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0)) {
            if (e0 == 0 && e1 == 0 && e2 == 0)
                continue; /* degenerate */
            *out = a->color;
            found = true;
        }
    }
    return found;
}

static rgba color_at(float x, float y)
{
    rgba c = {0, 0, 0, 0};
    if (!sample(x, y, &c))
        c = (rgba){1, 2, 3, 0}; /* "nothing": matches no palette colour */
    return c;
}

static rgba pal(enum pal_token t) { return palette_default()->c[t]; }

static size_t count_op(enum batch_op op)
{
    size_t n, k = 0;
    const struct batch_cmd *c = batch_commands(F.b, &n);
    for (size_t i = 0; i < n; i++)
        k += c[i].op == op;
    return k;
}

static const struct batch_cmd *find_text(const char *s)
{
    size_t n;
    const struct batch_cmd *c = batch_commands(F.b, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_TEXT && c[i].text && strcmp(c[i].text, s) == 0)
            return &c[i];
    return NULL;
}

static bool text_contains(const char *needle)
{
    size_t n;
    const struct batch_cmd *c = batch_commands(F.b, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_TEXT && c[i].text && strstr(c[i].text, needle))
            return true;
    return false;
}

/* --- MAGI vote ---------------------------------------------------------------- */

/* Sample points inside each panel, clear of text (design space at scale 1). */
static const float panel_pt[3][2] = {{240, 40}, {30, 210}, {680, 210}};
static const struct box vote_box = {0, 0, 710, 515};

static void test_vote_panel_colours(void **state)
{
    (void)state;
    struct magi_vote_view v = {.members = {{.state = VOTE_APPROVE},
                                           {.state = VOTE_DENY},
                                           {.state = VOTE_APPROVE}}};
    magi_vote_draw(frame(1.0), vote_box, &v);
    assert_true(same_color(color_at(panel_pt[0][0], panel_pt[0][1]), pal(PAL_MINT)));
    assert_true(same_color(color_at(panel_pt[1][0], panel_pt[1][1]), pal(PAL_BAR_RED)));
    assert_true(same_color(color_at(panel_pt[2][0], panel_pt[2][1]), pal(PAL_MINT)));
    assert_non_null(find_text("BALTHASAR·2"));
    assert_non_null(find_text("CASPER·3"));
    assert_non_null(find_text("MELCHIOR·1"));
    assert_non_null(find_text("承認"));
    assert_non_null(find_text("否定"));
    assert_non_null(find_text("MAGI"));
    assert_non_null(find_text("提訴"));
    assert_non_null(find_text("決議"));
    /* Nothing moves: no wake-up requested. */
    assert_true(isinf(F.wake));
    /* The orange connector shows between the lower panels. */
    assert_true(same_color(color_at(355, 380), pal(PAL_ORANGE_FILL)));
}

static void test_vote_deliberation_flash(void **state)
{
    (void)state;
    struct magi_vote_view v = {.members = {{.state = VOTE_DELIBERATING},
                                           {.state = VOTE_DELIBERATING},
                                           {.state = VOTE_DELIBERATING}},
                               .deliberation_t0 = 10.0};
    rgba mint = pal(PAL_MINT), red = pal(PAL_BAR_RED);
    /* Panel i flips every 0.4 s from t0 + 0.1 * (i + 1), mint first. */
    struct {
        double t;
        rgba want[3];
        double next;
    } cases[] = {
        {10.05, {red, red, red}, 10.1},
        {10.15, {mint, red, red}, 10.2},
        {10.25, {mint, mint, red}, 10.3},
        {10.35, {mint, mint, mint}, 10.5},
        {10.55, {red, mint, mint}, 10.6},
        {10.95, {mint, red, red}, 11.0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        magi_vote_draw(frame(cases[k].t), vote_box, &v);
        for (int i = 0; i < 3; i++) {
            assert_true(same_color(magi_vote_panel_color(&F.ctx, &v, i), cases[k].want[i]));
            assert_true(same_color(color_at(panel_pt[i][0], panel_pt[i][1]), cases[k].want[i]));
        }
        assert_float_equal(F.wake, cases[k].next, 1e-6);
    }
    /* Reduced motion: steady info_blue, no flashing, no wake-ups. */
    struct draw_ctx *c = frame_rw(10.55);
    c->reduce_motion = true;
    magi_vote_draw(c, vote_box, &v);
    for (int i = 0; i < 3; i++)
        assert_true(same_color(color_at(panel_pt[i][0], panel_pt[i][1]), pal(PAL_INFO_BLUE)));
    assert_true(isinf(F.wake));
}

static void test_vote_no_signal(void **state)
{
    (void)state;
    struct magi_vote_view v = {.members = {{.state = VOTE_APPROVE},
                                           {.state = VOTE_NO_SIGNAL},
                                           {.state = VOTE_APPROVE}}};
    magi_vote_draw(frame(0), vote_box, &v);
    assert_true(same_color(color_at(panel_pt[1][0], panel_pt[1][1]), pal(PAL_VOID)));
    assert_true(text_contains("NO SIGNAL"));
    assert_non_null(find_text("信号途絶"));
}

/* --- countdown ----------------------------------------------------------------- */

static void test_countdown_format_switches_at_one_hour(void **state)
{
    (void)state;
    char d[32];
    const char *units[3];
    struct countdown_view v = {.remaining = 3600.0};
    assert_false(countdown_format(&v, 0, d, sizeof d, units));
    assert_string_equal(d, "01:00:00");
    assert_string_equal(units[0], "HOURS");
    v.remaining = 3599.995;
    assert_true(countdown_format(&v, 0, d, sizeof d, units));
    assert_string_equal(d, "59:59:99");
    assert_string_equal(units[0], "MINUTES");
    v.remaining = 299.5;
    assert_true(countdown_format(&v, 0, d, sizeof d, units));
    assert_string_equal(d, " 4:59:50"); /* M:SS:cc, the minutes' tens cell dark */
    v.remaining = -5;
    assert_true(countdown_format(&v, 0, d, sizeof d, units));
    assert_string_equal(d, " 0:00:00");
    v.remaining = 38 * 3600 + 49 * 60 + 19.7;
    assert_false(countdown_format(&v, 0, d, sizeof d, units));
    assert_string_equal(d, "38:49:19");
    v.remaining = 1e9;
    assert_false(countdown_format(&v, 0, d, sizeof d, units));
    assert_string_equal(d, "99:59:59");
    /* Clock mode: the time of day in the view's zone. */
    struct countdown_view c = {.clock = true, .utc_offset = 9 * 3600};
    assert_false(countdown_format(&c, CLOCK_SIM_EPOCH + 3661.5, d, sizeof d, units));
    assert_string_equal(d, "10:01:01");
}

static const struct box cd_box = {0, 0, 980, 475};

static void test_countdown_schedule(void **state)
{
    (void)state;
    /* Above an hour: the next whole second of remaining time. */
    struct countdown_view v = {.remaining = 3700.25, .running = true};
    countdown_draw(frame(10.0), cd_box, &v);
    assert_float_equal(F.wake, 10.25, 1e-3);
    assert_non_null(find_text("01:01:40"));
    assert_non_null(find_text("88:88:88")); /* the ghost */
    /* Under an hour the hundredths tick every frame. */
    v.remaining = 100.0;
    countdown_draw(frame(10.0), cd_box, &v);
    assert_true(F.wake > 10.0 && F.wake < 10.001);
    assert_non_null(find_text("!1:40:00"));
    v.remaining = 99.37;
    countdown_draw(frame(10.0), cd_box, &v);
    assert_non_null(find_text("!1:39:37"));
    /* Once the picture has settled the hundredths rest at 00 and the next
     * frame is the next whole second. */
    struct draw_ctx *settled = frame_rw(10.0);
    settled->motion_until = 9.0;
    countdown_draw(settled, cd_box, &v);
    assert_non_null(find_text("!1:39:00"));
    assert_float_equal(F.wake, 10.37, 1e-3);
    settled = frame_rw(10.0);
    settled->motion_until = 11.0; /* not yet */
    countdown_draw(settled, cd_box, &v);
    assert_non_null(find_text("!1:39:37"));
    assert_true(F.wake > 10.0 && F.wake < 10.001);
    v.remaining = 100.0;
    /* Not running: nothing to wake for. */
    v.running = false;
    countdown_draw(frame(10.0), cd_box, &v);
    assert_true(isinf(F.wake));
    /* Clock mode: the next second of the wall clock. */
    struct countdown_view c = {.clock = true};
    struct draw_ctx *ctx = frame_rw(10.0);
    ctx->wall = CLOCK_SIM_EPOCH + 0.7;
    countdown_draw(ctx, cd_box, &c);
    assert_float_equal(F.wake, 10.3, 1e-3);
    assert_non_null(find_text("00:00:00"));
    /* The labels and buttons are there. */
    assert_non_null(find_text("活動限界まで"));
    assert_non_null(find_text("ACTIVE TIME REMAINING:"));
    assert_non_null(find_text("内部"));
    assert_non_null(find_text("INTERNAL"));
    assert_non_null(find_text("STOP"));
    assert_non_null(find_text("RACING"));
}

/* Whether the lit digits (not only the ghost) were drawn. */
static bool digits_lit(const char *seg)
{
    const struct batch_cmd *c = find_text(seg);
    return c && same_color(c->color, pal(PAL_ORANGE_HOT)) && c->color.a == 255;
}

static void test_countdown_blink(void **state)
{
    (void)state;
    struct countdown_view v = {.remaining = 299.5, .level = LEVEL_CAUTION, .blink_t0 = 0};
    /* Warning: 0.8 s period, on for the first 0.4 s. */
    countdown_draw(frame(0.1), cd_box, &v);
    assert_true(digits_lit("!4:59:50"));
    assert_float_equal(F.wake, 0.4, 1e-9);
    countdown_draw(frame(0.5), cd_box, &v);
    assert_false(digits_lit("!4:59:50"));
    assert_non_null(find_text("88:88:88"));
    countdown_draw(frame(0.85), cd_box, &v);
    assert_true(digits_lit("!4:59:50"));
    /* Critical: 0.25 s period. */
    v.level = LEVEL_ALERT;
    countdown_draw(frame(0.1), cd_box, &v);
    assert_true(digits_lit("!4:59:50"));
    countdown_draw(frame(0.13), cd_box, &v);
    assert_false(digits_lit("!4:59:50"));
    countdown_draw(frame(0.26), cd_box, &v);
    assert_true(digits_lit("!4:59:50"));
    /* Reduced motion: no strobe. */
    struct draw_ctx *c = frame_rw(0.13);
    c->reduce_motion = true;
    countdown_draw(c, cd_box, &v);
    assert_true(digits_lit("!4:59:50"));
    /* Stale: ghost only, NO SIGNAL. */
    v.level = LEVEL_NOMINAL;
    v.stale = true;
    countdown_draw(frame(0.1), cd_box, &v);
    assert_false(digits_lit("!4:59:50"));
    assert_true(text_contains("NO SIGNAL"));
}

/* --- takeover ------------------------------------------------------------------ */

static const struct box screen = {0, 0, 1920, 1080};

static void test_takeover_geometry(void **state)
{
    (void)state;
    struct takeover_view v = {.cause = "FILESYSTEM /DATA 98.7 %"};
    takeover_draw(frame(0.1), screen, &v);
    rgba black = pal(PAL_VOID), field = pal(PAL_ALERT_RED);
    /* Top band (16 % H = 173 px): 45 degree stripes, period 19 % W = 365 px,
     * 50 % duty, as measured in design/alert-1080p.png (row 5: ink to x=154,
     * field to 335, ink from 336). */
    assert_true(same_color(color_at(150, 5), black));
    assert_true(same_color(color_at(160, 5), field));
    assert_true(same_color(color_at(330, 5), field));
    assert_true(same_color(color_at(342, 5), black));
    /* 45 degrees: 55 rows down the edge has moved 55 px right (x - y = const). */
    assert_true(same_color(color_at(150 + 55, 60), black));
    assert_true(same_color(color_at(160 + 55, 60), field));
    /* The V meets at the centre pointing down at the word: field above the
     * apex (47 % of the band), ink below it, mirror-symmetric. */
    assert_true(same_color(color_at(958, 40), field));
    assert_true(same_color(color_at(958, 120), black));
    assert_true(same_color(color_at(962, 120), black));
    assert_true(same_color(color_at(960 - 300, 60), color_at(960 + 300, 60)));
    assert_true(same_color(color_at(960 - 123, 147), color_at(960 + 123, 147)));
    /* The band ends at 16 % H; a field gap; the dark rule (1.3 % H). */
    assert_true(same_color(color_at(960, 178), field));
    assert_true(same_color(color_at(960, 191), black));
    assert_true(same_color(color_at(5, 191), black));
    assert_true(same_color(color_at(1915, 191), black));
    assert_true(same_color(color_at(960, 201), field));
    /* Bottom band mirrored: the inverted V's apex points up at the word. */
    assert_true(same_color(color_at(958, 1040), field));
    assert_true(same_color(color_at(962, 950), black));
    assert_true(same_color(color_at(960, 888), black)); /* lower rule */
    /* Word band: field at the margins. */
    assert_true(same_color(color_at(20, 500), field));
    const struct batch_cmd *word = find_text("ALERT");
    assert_non_null(word);
    assert_true(same_color(word->color, black));
    /* Spans about 90 % of the width. */
    assert_true(word->w > 0.85f * 1920 && word->w < 0.95f * 1920);
    assert_non_null(find_text("原因"));
    assert_non_null(find_text("CAUSE"));
    assert_non_null(find_text("FILESYSTEM /DATA 98.7 %"));
}

static void test_takeover_long_word_fits(void **state)
{
    (void)state;
    struct takeover_view v = {.word = "EMERGENCY"};
    takeover_draw(frame(0.1), screen, &v);
    const struct batch_cmd *word = find_text("EMERGENCY");
    assert_non_null(word);
    assert_true(word->x >= 0.04f * 1920 && word->x + word->w <= 0.96f * 1920);
    /* Glyph quads stay between the rules too. */
    size_t nv;
    const struct batch_vertex *vx = batch_vertices(F.b, &nv);
    for (size_t i = 0; i < nv; i++)
        if (vx[i].u != vx[0].u || vx[i].v != vx[0].v) {
            assert_true(vx[i].x >= 0 && vx[i].x <= 1920);
        }
}

/* Every screen shape a takeover can fill (16:9 at three sizes, 4:3, 5:4,
 * 21:9, 32:9, portrait) and long words: the word's glyphs stay within about
 * 90 % of the width, centred, and its cap height is 50 % H wherever the
 * width allows (down to 4:3), never taller. */
static void test_takeover_every_screen(void **state)
{
    (void)state;
    static const struct {
        float w, h;
        float cap_min; /* of H */
    } scr[] = {
        {1280, 720, 0.47f},  {1920, 1080, 0.47f}, {3840, 2160, 0.47f}, {1024, 768, 0.46f},
        {1280, 1024, 0.44f}, {2560, 1080, 0.47f}, {3840, 1080, 0.47f}, {1080, 1920, 0.18f},
        {720, 1280, 0.18f},
    };
    /* (no CJK word: it comes from a fallback face whose glyph quads carry
     * more padding than ink, so quads would over-state its width) */
    static const char *const words[] = {"EMERGENCY", "ALERT", "MMMMMMMMM", "OVERWATCH"};
    for (size_t i = 0; i < sizeof scr / sizeof scr[0]; i++) {
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
            struct draw_ctx *c = frame_rw(0.1);
            float W = scr[i].w, H = scr[i].h;
            c->screen_w = W;
            c->screen_h = H;
            c->u = fminf(H / 108.0f, W / 144.0f);
            takeover_draw(c, (struct box){0, 0, W, H}, &(struct takeover_view){.word = words[k]});
            /* the word's glyph quads: textured, between the rules */
            size_t nv;
            const struct batch_vertex *v = batch_vertices(F.b, &nv);
            float x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
            for (size_t j = 0; j < nv; j++) {
                if (v[j].u == v[0].u && v[j].v == v[0].v)
                    continue;
                if (v[j].y < 0.19f * H || v[j].y > 0.73f * H)
                    continue;
                x0 = fminf(x0, v[j].x), x1 = fmaxf(x1, v[j].x);
                y0 = fminf(y0, v[j].y), y1 = fmaxf(y1, v[j].y);
            }
            if (!(x1 > x0))
                fail_msg("%gx%g %s: no glyphs", W, H, words[k]);
            /* quads carry a texel or two of padding: allow 1 % */
            if (x1 - x0 > 0.91f * W || x0 < 0.045f * W || x1 > 0.955f * W)
                fail_msg("%gx%g %s: the word spans %g..%g of %g", W, H, words[k], x0, x1, W);
            if (fabsf((x0 + x1) * 0.5f - W * 0.5f) > 0.01f * W)
                fail_msg("%gx%g %s: not centred (%g..%g)", W, H, words[k], x0, x1);
            if (strcmp(words[k], "EMERGENCY") == 0 && (y1 - y0 < scr[i].cap_min * H ||
                                                       y1 - y0 > 0.54f * H))
                fail_msg("%gx%g EMERGENCY: glyphs %g px tall, %.1f %% H", W, H, y1 - y0,
                         100 * (y1 - y0) / H);
        }
    }
}

static void test_takeover_flash(void **state)
{
    (void)state;
    struct takeover_view v = {.t0 = 5.0};
    /* 2.25 Hz step: black for the first 0.222 s, then alert_red_dim. */
    takeover_draw(frame(5.1), screen, &v);
    assert_true(same_color(color_at(960, 191), pal(PAL_VOID)));
    assert_float_equal(F.wake, 5.0 + TAKEOVER_FLASH / 2, 1e-9);
    takeover_draw(frame(5.3), screen, &v);
    assert_true(same_color(color_at(960, 191), pal(PAL_ALERT_RED_DIM)));
    assert_true(same_color(color_at(150, 5), pal(PAL_ALERT_RED_DIM)));
    assert_true(same_color(find_text("ALERT")->color, pal(PAL_ALERT_RED_DIM)));
    /* At most 3 Hz for a full-field flash. */
    assert_true(1.0 / TAKEOVER_FLASH <= 3.0);
    /* Reduced motion: the ink stays black. */
    struct draw_ctx *c = frame_rw(5.3);
    c->reduce_motion = true;
    takeover_draw(c, screen, &v);
    assert_true(same_color(color_at(960, 191), pal(PAL_VOID)));
    assert_true(isinf(F.wake));
}

/* --- hex wall -------------------------------------------------------------------- */

/* Op, box and colour of every command, to compare two frames. */
static size_t snapshot(struct batch_cmd *out, size_t cap)
{
    size_t n;
    const struct batch_cmd *c = batch_commands(F.b, &n);
    for (size_t i = 0; i < n && i < cap; i++) {
        out[i] = c[i];
        out[i].text = NULL;
    }
    return n;
}

static bool same_cmds(const struct batch_cmd *a, size_t na, const struct batch_cmd *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (a[i].op != b[i].op || a[i].x != b[i].x || a[i].y != b[i].y || a[i].w != b[i].w ||
            !same_color(a[i].color, b[i].color) || a[i].color.a != b[i].color.a)
            return false;
    return true;
}

static void test_hex_wall_deterministic(void **state)
{
    (void)state;
    static struct batch_cmd a[8192], b[8192];
    struct box box = {0, 0, 800, 500};
    struct hex_wall_view v = {0};
    hex_wall_draw(frame(30.0), box, &v);
    size_t na = snapshot(a, 8192);
    double wake = F.wake;
    hex_wall_draw(frame(30.0), box, &v);
    size_t nb = snapshot(b, 8192);
    assert_true(na > 20 && na < 8192);
    assert_true(same_cmds(a, na, b, nb));
    /* Another seed gives another wall. */
    struct draw_ctx *c = frame_rw(30.0);
    c->seed = 43;
    hex_wall_draw(c, box, &v);
    nb = snapshot(b, 8192);
    assert_false(same_cmds(a, na, b, nb));
    /* Nothing changes before the reported wake time, something at it. */
    assert_true(wake > 30.0 && wake <= 40.0);
    int cells = hex_wall_cells(frame(30.0), box, &v);
    assert_true(cells > 10);
    int changed_before = 0, changed_at = 0;
    for (int i = 0; i < cells; i++) {
        enum hex_wall_cell s0 = hex_wall_cell_state(frame(30.0), &v, i);
        changed_before += hex_wall_cell_state(frame(wake - 1e-6), &v, i) != s0;
        changed_at += hex_wall_cell_state(frame(wake + 1e-6), &v, i) != s0;
    }
    assert_int_equal(changed_before, 0);
    /* A re-roll may land on the same state; over 10 s most cells change. */
    (void)changed_at;
    int changed_10s = 0;
    for (int i = 0; i < cells; i++)
        changed_10s += hex_wall_cell_state(frame(30.0), &v, i) !=
                       hex_wall_cell_state(frame(40.01), &v, i);
    assert_true(changed_10s > cells / 4);
    /* Every cell re-rolls within 5..10 s: its state is constant for 5 s
     * after any re-roll (checked by sampling). */
    for (int i = 0; i < cells && i < 20; i++) {
        int flips = 0;
        enum hex_wall_cell prev = hex_wall_cell_state(frame(0.0), &v, i);
        for (double t = 0.05; t < 4.9; t += 0.05) {
            enum hex_wall_cell s = hex_wall_cell_state(frame(t), &v, i);
            flips += s != prev;
            prev = s;
        }
        assert_true(flips <= 1);
    }
    /* lit = 0.2: fewer red cells than with everything allowed. */
    int red_all = 0, red_some = 0;
    struct hex_wall_view some = {.lit = 0.2f};
    for (int i = 0; i < cells; i++) {
        red_all += hex_wall_cell_state(frame(30.0), &v, i) == HEX_WALL_RED;
        red_some += hex_wall_cell_state(frame(30.0), &some, i) == HEX_WALL_RED;
    }
    assert_true(red_some < red_all);
    /* Settled at 30 s: at 40 s the wall is the 30 s wall, with no wake. */
    struct draw_ctx *rest = frame_rw(40.01);
    rest->motion_until = 30.0;
    hex_wall_draw(rest, box, &v);
    nb = snapshot(b, 8192);
    assert_true(same_cmds(a, na, b, nb));
    assert_true(isinf(F.wake));
    for (int i = 0; i < cells; i++) {
        rest = frame_rw(40.01);
        rest->motion_until = 30.0;
        assert_int_equal(hex_wall_cell_state(rest, &v, i), hex_wall_cell_state(frame(30.0), &v, i));
    }
}

/* --- NO SIGNAL across motifs ------------------------------------------------------ */

static void test_no_signal_when_stale(void **state)
{
    (void)state;
    struct box box = {100, 100, 500, 300};

    readout_draw(frame(0), box, &(struct readout_view){.value = "41.3", .unit = "%",
                                                        .stale = true});
    assert_true(text_contains("NO SIGNAL"));
    assert_null(find_text("41.3"));
    assert_non_null(find_text("88.8")); /* the ghost stays */

    readout_draw(frame(0), box, &(struct readout_view){.value = "41.3"});
    assert_false(text_contains("NO SIGNAL"));
    assert_non_null(find_text("41.3"));

    struct bars_item it[2] = {{.label = "CORE 00", .frac = 0.5f, .value = "50"},
                              {.label = "CORE 01", .frac = 0.2f, .value = "20"}};
    bars_draw(frame(0), box, &(struct bars_view){.items = it, .count = 2, .stale = true});
    assert_true(text_contains("NO SIGNAL"));

    plate_draw(frame(0), box_make(100, 100, 150, 70),
               &(struct plate_view){.label = "LOAD", .value = "6.08", .stale = true});
    assert_null(find_text("6.08"));

    struct pill_row row = {.index = "00", .frac = 0.5f, .value = "50"};
    pill_meter_draw(frame(0), box,
                    &(struct pill_meter_view){.rows = &row, .count = 1, .stale = true});
    assert_true(text_contains("NO SIGNAL"));

    float vals[3] = {1, 2, 3};
    struct graph_series s = {.values = vals, .count = 3};
    graph_draw(frame(0), box, &(struct graph_view){.series = &s, .nseries = 1, .stale = true});
    assert_true(text_contains("NO SIGNAL"));
    assert_int_equal(count_op(BATCH_OP_POLYLINE), 0);

    ring_gauge_draw(frame(0), box,
                    &(struct ring_gauge_view){.frac = 0.5f, .value = "62.5", .detail = "°C",
                                              .stale = true});
    assert_true(text_contains("NO SIGNAL"));
    assert_null(find_text("62.5"));

    const char *lines[1] = {"hello"};
    terminal_draw(frame(0), box_make(0, 0, 600, 400),
                  &(struct terminal_view){.lines = lines, .count = 1, .stale = true});
    assert_true(text_contains("NO SIGNAL"));
    assert_null(find_text("hello"));

    struct hex_tile tiles[2] = {{.label = "N0", .active = true}, {.label = "N1"}};
    hex_tiles_draw(frame(0), box,
                   &(struct hex_tiles_view){.tiles = tiles, .count = 2, .stale = true});
    assert_true(text_contains("NO SIGNAL"));

    struct segment_bar sb = {.caption = "/", .value = 40};
    segment_bars_draw(frame(0), box,
                      &(struct segment_bars_view){.bars = &sb, .count = 1, .stale = true});
    assert_true(text_contains("NO SIGNAL"));
}

/* --- bars, pills, segments -------------------------------------------------------- */

static void test_bars_alert_row(void **state)
{
    (void)state;
    struct bars_item it[2] = {{.label = "CORE 06", .frac = 0.18f, .value = "18"},
                              {.label = "CORE 07", .frac = 0.93f, .value = "93",
                               .level = LEVEL_ALERT}};
    struct box box = {0, 0, 270, 90};
    bars_draw(frame(0), box, &(struct bars_view){.items = it, .count = 2, .threshold = 0.8f});
    /* The alert row's label is black on a filled tab, and it has a hazard square. */
    assert_true(same_color(find_text("CORE 07")->color, pal(PAL_VOID)));
    assert_true(same_color(find_text("CORE 06")->color, pal(PAL_ORANGE)));
    assert_true(same_color(find_text("93")->color, pal(PAL_BAR_RED)));
    assert_int_equal(count_op(BATCH_OP_HAZARD), 1);
    /* Fills: mint for the nominal row, red for the alert row, in proportion. */
    size_t n;
    const struct batch_cmd *c = batch_commands(F.b, &n);
    float mint_w = -1, red_w = -1, track_w = -1;
    for (size_t i = 0; i < n; i++) {
        if (c[i].op == BATCH_OP_RECT_OUTLINE && track_w < 0)
            track_w = c[i].w;
        if (c[i].op != BATCH_OP_RECT)
            continue;
        if (same_color(c[i].color, pal(PAL_MINT)))
            mint_w = c[i].w;
        if (same_color(c[i].color, pal(PAL_BAR_RED)) && c[i].h < 30 && c[i].w > red_w)
            red_w = c[i].w;
    }
    assert_true(track_w > 0);
    assert_float_equal(mint_w, 0.18f * track_w, 0.5f);
    assert_true(red_w >= 0.93f * track_w - 0.5f);
}

static void test_pill_meter_fill(void **state)
{
    (void)state;
    struct pill_row rows[2] = {{.index = "00", .frac = 0.5f, .value = "50"},
                               {.index = "01", .frac = 0.0f, .value = "0"}};
    pill_meter_draw(frame(0), box_make(0, 0, 560, 200),
                    &(struct pill_meter_view){.rows = rows, .count = 2});
    assert_int_equal(count_op(BATCH_OP_ROUND_RECT), 15);
    assert_int_equal(count_op(BATCH_OP_ROUND_RECT_OUTLINE), 15 + 30);
    /* Teal at the start, blue past two thirds, violet at the end. */
    rgba first = pill_meter_color(0, 30), mid = pill_meter_color(20, 30),
         last = pill_meter_color(29, 30);
    assert_true(first.g > first.b);
    assert_true(mid.b > mid.g);
    assert_true(last.r > mid.r && last.b > last.g);
    assert_non_null(find_text("CAUTION"));
    assert_non_null(find_text("DANGER"));
}

static void test_segment_bars(void **state)
{
    (void)state;
    struct segment_bar b[2] = {{.caption = "/", .label = "47", .value = 47},
                               {.caption = "/DATA", .value = 84, .below = 10,
                                .level = LEVEL_ALERT}};
    segment_bars_draw(frame(0), box_make(0, 0, 520, 200),
                      &(struct segment_bars_view){.bars = b, .count = 2});
    size_t n;
    const struct batch_cmd *c = batch_commands(F.b, &n);
    int aqua = 0, red = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_RECT) {
            aqua += same_color(c[i].color, pal(PAL_AQUA));
            red += same_color(c[i].color, pal(PAL_BAR_RED));
        }
    /* 47 -> 5 segments of 10; 84 -> 8 aqua + a red cap; 10 below -> 1. */
    assert_int_equal(aqua, 5 + 8 + 1);
    assert_int_equal(red, 1 + 1); /* the cap and the filled caption */
    assert_non_null(find_text("+100"));
    assert_non_null(find_text("-20"));
    assert_non_null(find_text("0"));
}

/* --- graph -------------------------------------------------------------------------- */

static void test_graph_decimates_long_series(void **state)
{
    (void)state;
    enum { N = 10000 };
    static float v[N];
    for (int i = 0; i < N; i++)
        v[i] = (float)sin(i * 0.05) + (i == 5000 ? 3.0f : 0.0f);
    struct graph_series s = {.values = v, .count = N};
    struct box box = {100, 100, 700, 300};
    graph_draw(frame(0), box, &(struct graph_view){.series = &s, .nseries = 1});
    size_t n;
    const struct batch_cmd *c = batch_commands(F.b, &n);
    int lines = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].op != BATCH_OP_POLYLINE)
            continue;
        lines++;
        assert_true(c[i].x >= box.x - 2 && c[i].x + c[i].w <= box.x + box.w + 2);
        assert_true(c[i].y >= box.y - 2 && c[i].y + c[i].h <= box.y + box.h + 2);
        /* The one-sample spike survives the min/max reduction: the trace
         * reaches the top tenth (auto range: -1 .. 4 + 10 %). */
        assert_true(c[i].y < box.y + 40);
    }
    assert_int_equal(lines, 1);
    size_t nv;
    batch_vertices(F.b, &nv);
    assert_true(nv < 40 * 700); /* bounded by the width, not by N */

    /* NaN breaks the trace. */
    float g[6] = {1, 2, NAN, 3, 4, 5};
    s = (struct graph_series){.values = g, .count = 6};
    graph_draw(frame(0), box, &(struct graph_view){.series = &s, .nseries = 1});
    assert_int_equal(count_op(BATCH_OP_POLYLINE), 2);
}

/* Issue 4: 10,000 hex cells and a 10,000-point graph (widgets_bench's
 * pictures) are drawn in as many GPU draws as a handful of each, with every
 * cell there: the CPU budget (--bench) must not be met by dropping work. */
static size_t draw_runs(void)
{
    size_t n;
    batch_draws(F.b, &n);
    return n;
}

static void test_ten_thousand_in_constant_draws(void **state)
{
    (void)state;
    enum { N = 10000 };
    static struct hex_tile t[N];
    for (int i = 0; i < N; i++)
        t[i] = (struct hex_tile){.frac = ink_hash01(7, (uint64_t)i, 0), .active = (i % 3) != 0};
    struct box full = box_make(0, 0, 1920, 1080);
    hex_tiles_draw(frame(0), full, &(struct hex_tiles_view){.tiles = t, .count = 10});
    size_t few = draw_runs();
    hex_tiles_draw(frame(0), full, &(struct hex_tiles_view){.tiles = t, .count = N});
    assert_int_equal(draw_runs(), few);
    assert_int_equal(count_op(BATCH_OP_HEX), 6666);
    assert_int_equal(count_op(BATCH_OP_HEX_OUTLINE), 3334);

    static float v[N];
    for (int i = 0; i < N; i++)
        v[i] = (float)sin(i * 0.01) + 0.3f * ink_hash01(9, (uint64_t)i, 0);
    struct box box = box_make(100, 100, 1400, 700);
    struct graph_series s = {.values = v, .count = 100};
    graph_draw(frame(0), box, &(struct graph_view){.series = &s, .nseries = 1});
    few = draw_runs();
    s.count = N;
    graph_draw(frame(0), box, &(struct graph_view){.series = &s, .nseries = 1});
    assert_int_equal(draw_runs(), few);
    assert_int_equal(count_op(BATCH_OP_POLYLINE), 1);
}

/* --- time-driven motifs ----------------------------------------------------------- */

static void test_pattern_blue_typing(void **state)
{
    (void)state;
    struct pattern_blue_view v = {.t0 = 2.0, .classification = "ANOMALY ÅBC", .confidence = 0.5f};
    assert_int_equal(pattern_blue_typed(&v, 1.0, false), 0);
    /* 40 ms a character, whole UTF-8 characters: after 0.361 s, 9 characters
     * "ANOMALY Å" (10 bytes); after 0.41 s, 10 characters (11 bytes). */
    assert_int_equal(pattern_blue_typed(&v, 2.0 + 0.361, false), 10);
    assert_int_equal(pattern_blue_typed(&v, 2.0 + 0.41, false), 11);
    assert_int_equal(pattern_blue_typed(&v, 2.0 + 0.33, false), 8);
    assert_int_equal(pattern_blue_typed(&v, 100, false), strlen(v.classification));
    assert_int_equal(pattern_blue_typed(&v, 2.0, true), strlen(v.classification));
    pattern_blue_draw(frame(2.1), box_make(0, 0, 400, 300), &v);
    assert_non_null(find_text("AN_"));
    assert_null(find_text("PATTERN BLUE")); /* the stamp waits for the typing */
    pattern_blue_draw(frame(10.0), box_make(0, 0, 400, 300), &v);
    assert_non_null(find_text("ANOMALY ÅBC"));
    assert_non_null(find_text("PATTERN BLUE"));
    assert_true(F.wake > 10.0 && F.wake < 10.001); /* the rings move */
    /* Settled at 10 s: at 11.3 s the rings are where they were, no wake. */
    static struct batch_cmd a[1024], b[1024];
    size_t na = snapshot(a, 1024);
    struct draw_ctx *c = frame_rw(11.3);
    c->motion_until = 10.0;
    pattern_blue_draw(c, box_make(0, 0, 400, 300), &v);
    size_t nb = snapshot(b, 1024);
    assert_true(same_cmds(a, na, b, nb));
    assert_true(isinf(F.wake));
    pattern_blue_draw(frame(11.3), box_make(0, 0, 400, 300), &v);
    nb = snapshot(b, 1024);
    assert_false(same_cmds(a, na, b, nb));
}

static void test_reticle_lock(void **state)
{
    (void)state;
    struct reticle_view v = {.x = 200, .y = 200, .radius = 40, .locked = true, .lock_t0 = 1.0};
    assert_float_equal(reticle_radius(frame(1.01), &v), 70.0f, 1e-4);
    assert_float_equal(F.wake, 1.075, 1e-9);
    assert_float_equal(reticle_radius(frame(1.2), &v), 50.0f, 1e-4);
    assert_float_equal(reticle_radius(frame(1.31), &v), 40.0f, 1e-4);
    reticle_draw(frame(1.31), box_make(0, 0, 400, 400), &v);
    size_t n;
    const struct batch_cmd *c = batch_commands(F.b, &n);
    int red_arcs = 0;
    for (size_t i = 0; i < n; i++)
        red_arcs += c[i].op == BATCH_OP_ARC && same_color(c[i].color, pal(PAL_BAR_RED));
    assert_int_equal(red_arcs, 4); /* the ring, broken at N/E/S/W */
    assert_non_null(find_text("+0000.0000"));
    v.locked = false;
    reticle_draw(frame(1.31), box_make(0, 0, 400, 400), &v);
    c = batch_commands(F.b, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_ARC)
            assert_true(same_color(c[i].color, pal(PAL_HUD_WHITE)));
}

static void test_hazard_scroll(void **state)
{
    (void)state;
    float p = 42.4f;
    float a = ink_hazard_offset(frame(1.0), LEVEL_CAUTION, p);
    double w = F.wake;
    /* 35.5 px/s at CAUTION (u = 10): the next whole-pixel step is 1/35.5 s away. */
    assert_true(w > 1.0 && w <= 1.0 + 1.0 / 35.5 + 1e-9);
    float b = ink_hazard_offset(frame(1.5), LEVEL_CAUTION, p);
    assert_float_equal(fmodf(b - a + p, p), 17.75f, 1.0f);
    /* A calm level on an EMERGENCY screen scrolls at the screen's rate. */
    struct draw_ctx *fast = frame_rw(1.0);
    fast->anim_rate = 3.0f;
    float f0 = ink_hazard_offset(fast, LEVEL_NOMINAL, p);
    fast = frame_rw(1.5);
    fast->anim_rate = 3.0f;
    assert_float_equal(fmodf(ink_hazard_offset(fast, LEVEL_NOMINAL, p) - f0 + p, p), 21.5f, 1.0f);
    float e = ink_hazard_offset(frame(1.5), LEVEL_EMERGENCY, p);
    float e0 = ink_hazard_offset(frame(1.0), LEVEL_EMERGENCY, p);
    assert_float_equal(fmodf(e - e0 + p, p), 21.5f, 1.0f); /* 43 px/s */
    struct draw_ctx *c = frame_rw(1.5);
    c->reduce_motion = true;
    assert_float_equal(ink_hazard_offset(c, LEVEL_EMERGENCY, p), 0.0f, 0);
    assert_true(isinf(F.wake));
    hazard_draw(frame(0), box_make(0, 0, 300, 200),
                &(struct hazard_view){.kind = HAZARD_FRAME, .level = LEVEL_ALERT});
    assert_int_equal(count_op(BATCH_OP_HAZARD), 4);
}

/* Phase stack labels: one type size for every row however long a name
 * is, and none spills out of the widget's box. */
static void test_phase_stack_labels(void **state)
{
    (void)state;
    struct phase_item items[] = {
        {.label = "UP", .frac = 1},
        {.label = "EXTERNALPOWERLOSTTHERMALTHROTTLING", .frac = 1},
        {.label = "NODE BALTHASAR", .frac = 1},
    };
    struct box b = box_make(100, 50, 400, 200);
    phase_stack_draw(frame(0), b, &(struct phase_stack_view){.items = items, .count = 3});
    const struct batch_cmd *t[3];
    for (int i = 0; i < 3; i++) {
        t[i] = find_text(items[i].label);
        assert_non_null(t[i]);
        assert_true(t[i]->x >= b.x - 0.5f && t[i]->x + t[i]->w <= b.x + b.w + 0.5f);
    }
    assert_float_equal(t[0]->h, t[1]->h, 0.5f);
    assert_float_equal(t[0]->h, t[2]->h, 0.5f);
}

/* The terminal's cursor blinks while the picture is fresh and stays lit,
 * asking for no frames, once it has settled. */
static void test_terminal_cursor_rests(void **state)
{
    (void)state;
    const char *lines[] = {"WARNING  DISK"};
    struct terminal_view v = {.lines = lines, .count = 1};
    struct box b = box_make(0, 0, 600, 400);
    terminal_draw(frame(0.3), b, &v); /* on */
    size_t on = count_op(BATCH_OP_RECT);
    assert_float_equal(F.wake, 0.6, 1e-9);
    terminal_draw(frame(0.9), b, &v); /* off */
    assert_int_equal(count_op(BATCH_OP_RECT), on - 1);
    assert_float_equal(F.wake, 1.2, 1e-9);
    struct draw_ctx *c = frame_rw(0.9);
    c->motion_until = 0.5;
    terminal_draw(c, b, &v); /* settled: lit, no more frames */
    assert_int_equal(count_op(BATCH_OP_RECT), on);
    assert_true(isinf(F.wake));
}

/* Once the picture has settled the stripes stand where they were then and
 * ask for no more frames; before that they scroll as usual. */
static void test_hazard_rests_when_settled(void **state)
{
    (void)state;
    float p = 42.4f;
    struct draw_ctx *c = frame_rw(1.0);
    c->motion_until = 2.0;
    float a = ink_hazard_offset(c, LEVEL_CAUTION, p);
    assert_true(F.wake > 1.0 && F.wake <= 1.0 + 1.0 / 35.5 + 1e-9);
    c = frame_rw(2.0);
    c->motion_until = 2.0;
    float at_rest = ink_hazard_offset(c, LEVEL_CAUTION, p);
    assert_true(isinf(F.wake));
    assert_float_equal(fmodf(at_rest - a + p, p), 35.5f, 1.0f);
    for (double t = 2.5; t < 100; t *= 3) {
        c = frame_rw(t);
        c->motion_until = 2.0;
        assert_float_equal(ink_hazard_offset(c, LEVEL_CAUTION, p), at_rest, 0);
        assert_true(isinf(F.wake));
    }
    /* 0: never rests */
    float far = ink_hazard_offset(frame(50.0), LEVEL_CAUTION, p);
    assert_true(isfinite(F.wake));
    assert_float_equal(far, fmodf(floorf(50.0f * 35.5f), p), 1e-3f);
}

/* --- geometry helpers -------------------------------------------------------------- */

static void test_clip_and_hex_lattice(void **state)
{
    (void)state;
    float sq[8] = {0, 0, 10, 0, 10, 10, 0, 10};
    float tri[6] = {5, -5, 15, 5, 5, 15}; /* clockwise */
    float out[48];
    int n = ink_clip_convex(sq, 4, tri, 3, out);
    assert_true(n >= 3);
    for (int i = 0; i < n; i++) {
        assert_true(out[2 * i] >= 5 - 1e-4f && out[2 * i] <= 10 + 1e-4f);
        assert_true(out[2 * i + 1] >= 0 - 1e-4f && out[2 * i + 1] <= 10 + 1e-4f);
    }
    float ccw[6] = {5, -5, 5, 15, 15, 5}; /* the other winding gives the same */
    assert_int_equal(ink_clip_convex(sq, 4, ccw, 3, out), n);
    float far[8] = {20, 20, 30, 20, 30, 30, 20, 30};
    assert_int_equal(ink_clip_convex(sq, 4, far, 4, out), 0);

    /* 16 hexes in a wide box: as large as fits, neighbours 2R*0.75 apart. */
    struct hex_grid g = hex_grid_fit(box_make(0, 0, 800, 300), 16);
    assert_true(g.cols * g.rows >= 16);
    float x0, y0, x1, y1;
    hex_grid_center(&g, 0, &x0, &y0);
    hex_grid_center(&g, 1, &x1, &y1);
    assert_float_equal(x1 - x0, 1.5f * g.L, 1e-3);
    assert_float_equal(y1 - y0, 0.8660254f * g.L, 1e-3);
    for (int i = 0; i < 16; i++) {
        float cx, cy;
        hex_grid_center(&g, i, &cx, &cy);
        assert_true(cx - g.L >= -1e-3f && cx + g.L <= 800 + 1e-3f);
        assert_true(cy - 0.8660254f * g.L >= -1e-3f && cy + 0.8660254f * g.L <= 300 + 1e-3f);
    }
    /* Gutter of ~6 px at 1080p between idle/active tiles. */
    struct hex_tile t[2] = {{.active = true}, {.active = false}};
    hex_tiles_draw(frame(0), box_make(0, 0, 400, 200),
                   &(struct hex_tiles_view){.tiles = t, .count = 2});
    assert_int_equal(count_op(BATCH_OP_HEX), 1);
    assert_int_equal(count_op(BATCH_OP_HEX_OUTLINE), 1);
}

/* --- degenerate input -------------------------------------------------------------- */

/* Every motif with empty views, NULL strings, NaN and out-of-range numbers,
 * and boxes that are empty, tiny, negative or huge: nothing may crash, read
 * out of bounds (ASan) or emit non-finite geometry. */
static void test_degenerate_views(void **state)
{
    (void)state;
    const struct box boxes[] = {{0, 0, 0, 0},      {10, 10, 3, 2},      {5, 5, 1, 1},
                                {50, 50, -20, -30}, {0, 0, 1920, 1080}, {-500, -500, 4000, 3000}};
    float nanv[4] = {NAN, NAN, 1, NAN};
    struct bars_item bi = {.frac = NAN};
    struct pill_row pr = {.frac = -3};
    struct phase_item pi = {.frac = 7};
    struct segment_bar sb = {.value = NAN, .below = 1e9f};
    struct graph_series gs = {.values = nanv, .count = 4};
    struct lifeline ll = {.values = nanv, .count = 4};
    struct hex_tile ht = {.frac = NAN, .active = true};
    const char *lines[2] = {NULL, "x"};
    for (size_t k = 0; k < sizeof boxes / sizeof *boxes; k++) {
        struct box b = boxes[k];
        const struct draw_ctx *c = frame(1.0);
        plate_draw(c, b, &(struct plate_view){0});
        plate_header_draw(c, b, &(struct plate_header_view){0});
        stamp_draw(c, b, &(struct stamp_view){0});
        stamp_draw(c, b, &(struct stamp_view){.kind = STAMP_LIVE});
        info_block_draw(c, b, &(struct info_block_view){.keys = {"A"}});
        readout_draw(c, b, &(struct readout_view){0});
        countdown_draw(c, b, &(struct countdown_view){.remaining = NAN, .running = true});
        countdown_draw(c, b, &(struct countdown_view){.remaining = -1e300});
        bars_draw(c, b, &(struct bars_view){.items = &bi, .count = 1, .threshold = NAN});
        bars_draw(c, b, &(struct bars_view){0});
        pill_meter_draw(c, b, &(struct pill_meter_view){.rows = &pr, .count = 1, .pills = 1});
        phase_stack_draw(c, b, &(struct phase_stack_view){.items = &pi, .count = 1});
        segment_bars_draw(c, b, &(struct segment_bars_view){.bars = &sb, .count = 1});
        graph_draw(c, b, &(struct graph_view){.series = &gs, .nseries = 1});
        graph_sync_draw(c, b, &(struct sync_graph_view){.graph = {.series = &gs, .nseries = 1}});
        lifelines_draw(c, b, &(struct lifelines_view){.channels = &ll, .count = 1});
        hex_tiles_draw(c, b, &(struct hex_tiles_view){.tiles = &ht, .count = 1});
        hex_wall_draw(c, b, &(struct hex_wall_view){.radius = 40});
        magi_vote_draw(c, b, &(struct magi_vote_view){0});
        ring_gauge_draw(c, b, &(struct ring_gauge_view){.frac = NAN, .limit = 2});
        terminal_draw(c, b, &(struct terminal_view){.lines = lines, .count = 2});
        takeover_draw(c, b, &(struct takeover_view){.word = ""});
        refused_draw(c, b, &(struct refused_view){0});
        pattern_blue_draw(c, b, &(struct pattern_blue_view){.confidence = NAN});
        reticle_draw(c, b, &(struct reticle_view){.readout = {NAN, 1e30, -1e30, 0}});
        title_card_draw(c, b, &(struct title_card_view){0});
        rulers_draw(c, b, &(struct ruler_view){.labels = true});
        rulers_marks_draw(c, b, 0, 0);
        hazard_draw(c, b, &(struct hazard_view){.kind = HAZARD_WEDGE});
        ink_no_signal(c, b);
        size_t nv;
        const struct batch_vertex *v = batch_vertices(F.b, &nv);
        for (size_t i = 0; i < nv; i++)
            assert_true(isfinite(v[i].x) && isfinite(v[i].y));
        assert_false(F.wake < c->t); /* never asks for the past */
    }
}

/* --- gallery and benchmark ---------------------------------------------------------- */

static void test_gallery_pages(void **state)
{
    (void)state;
    assert_int_equal(gallery_pages(), 6);
    assert_string_equal(gallery_page_name(0), "system");
    assert_int_equal(gallery_page_level(2), LEVEL_EMERGENCY);
    const double times[] = {0.0, 0.37, 12.5, 3600.25};
    for (int p = 0; p < gallery_pages(); p++)
        for (size_t k = 0; k < sizeof times / sizeof *times; k++) {
            gallery_draw(frame(times[k]), screen, p);
            size_t n;
            batch_commands(F.b, &n);
            assert_true(n > 10);
            /* Every page but the still cards animates or shows a clock. */
            if (strcmp(gallery_page_name(p), "cards") == 0)
                assert_true(isinf(F.wake));
            else
                assert_true(F.wake > times[k] && F.wake < times[k] + 11.0);
        }
    gallery_draw(frame(12.5), screen, 0);
    assert_non_null(find_text("BALTHASAR·2"));
    assert_non_null(find_text("自己診断"));
    assert_non_null(find_text("MEMORY PRESSURE LEVEL"));
    assert_non_null(find_text("CORE 15"));
}

static void test_bench_lines(void **state)
{
    (void)state;
    char buf[1024] = {0};
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    assert_non_null(f);
    widgets_bench(f, F.text, 3);
    fclose(f);
    const char *names[] = {"widgets_system_page", "widgets_hex_10k", "widgets_graph_10k"};
    for (int i = 0; i < 3; i++) {
        char key[64];
        snprintf(key, sizeof key, "{\"bench\":\"%s\",\"cpu_us\":", names[i]);
        const char *at = strstr(buf, key);
        assert_non_null(at);
        double us = atof(at + strlen(key));
        assert_true(us > 0 && us < 1e6);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vote_panel_colours),
        cmocka_unit_test(test_vote_deliberation_flash),
        cmocka_unit_test(test_vote_no_signal),
        cmocka_unit_test(test_countdown_format_switches_at_one_hour),
        cmocka_unit_test(test_countdown_schedule),
        cmocka_unit_test(test_countdown_blink),
        cmocka_unit_test(test_takeover_geometry),
        cmocka_unit_test(test_takeover_long_word_fits),
        cmocka_unit_test(test_takeover_every_screen),
        cmocka_unit_test(test_takeover_flash),
        cmocka_unit_test(test_hex_wall_deterministic),
        cmocka_unit_test(test_no_signal_when_stale),
        cmocka_unit_test(test_bars_alert_row),
        cmocka_unit_test(test_pill_meter_fill),
        cmocka_unit_test(test_segment_bars),
        cmocka_unit_test(test_graph_decimates_long_series),
        cmocka_unit_test(test_ten_thousand_in_constant_draws),
        cmocka_unit_test(test_pattern_blue_typing),
        cmocka_unit_test(test_reticle_lock),
        cmocka_unit_test(test_hazard_scroll),
        cmocka_unit_test(test_hazard_rests_when_settled),
        cmocka_unit_test(test_terminal_cursor_rests),
        cmocka_unit_test(test_phase_stack_labels),
        cmocka_unit_test(test_clip_and_hex_lattice),
        cmocka_unit_test(test_degenerate_views),
        cmocka_unit_test(test_gallery_pages),
        cmocka_unit_test(test_bench_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
