/* Widget types against a real store and the real motifs, drawn into a
 * recording batch: what each type passes to its motif (labels, values, NO
 * SIGNAL), the countdown's nearest limit and depletion rate, the MAGI vote's
 * 2-of-3, event widgets appearing at their level, title cards on a change,
 * and the draw cache replaying exactly what a fresh drawing would give. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/log.h"
#include "layout/scene.h"
#include "render/batch.h"
#include "render/text.h"
#include "sources/source.h"

#define T0 1767225600.0

struct rig {
    struct store *st;
    int src;
    struct layout *l;
    struct scene *sc;
    struct batch *b;
    struct text *text;
};

static struct text *shared_text;

static void rig_open(struct rig *r, const char *cfg)
{
    memset(r, 0, sizeof *r);
    r->st = store_create(NULL);
    r->src = store_source_register(r->st, "test", 1.0);
    struct diag d;
    diag_init(&d, "t.cfg");
    r->l = layout_parse_string(cfg, "t.cfg", &d);
    if (!r->l)
        diag_print(&d, stderr);
    assert_non_null(r->l);
    diag_free(&d);
    r->sc = scene_create(r->l);
    scene_layout(r->sc, 1920, 1080);
    r->b = batch_create(&(struct batch_desc){.record = true});
    r->text = shared_text;
}

static void rig_close(struct rig *r)
{
    scene_destroy(r->sc);
    layout_free(r->l);
    store_destroy(r->st);
    batch_destroy(r->b);
}

static void put(struct rig *r, double now, const char *name, const char *l1, const char *v1,
                double value)
{
    struct sample_buf *b = sample_buf_create();
    const char *lab[2] = {l1, v1};
    sample_buf_add(b, name, l1 ? lab : NULL, l1 ? 1 : 0, METRIC_GAUGE, value, now);
    store_commit(r->st, r->src, b, now);
    sample_buf_destroy(b);
}

static void draw(struct rig *r, double wall, enum level screen)
{
    batch_clear(r->b);
    text_bind_batch(r->text, r->b);
    double wake = INFINITY;
    struct draw_ctx ctx = {
        .b = r->b, .text = r->text, .pal = palette_default(), .t = wall - T0, .wall = wall,
        .u = 10, .screen_w = 1920, .screen_h = 1080, .screen_level = screen, .anim_rate = 1,
        .wake_at = &wake,
    };
    scene_draw_page(r->sc, 0, &ctx);
}

static bool drew(const struct rig *r, const char *s)
{
    size_t n;
    const struct batch_cmd *c = batch_commands(r->b, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_TEXT && c[i].text && strstr(c[i].text, s))
            return true;
    return false;
}

static void test_bars_and_no_signal(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
                 "  { type = \"bars\"; value = \"busy\"; item_label = \"CORE {cpu:02}\"; max = 100.0;\n"
                 "    format = \"int\"; thresholds = { caution = 80.0; }; } ); } );\n");
    put(&r, T0, "busy", "cpu", "3", 93);
    put(&r, T0, "busy", "cpu", "12", 17);
    scene_eval(r.sc, r.st, T0);
    draw(&r, T0, LEVEL_NOMINAL);
    assert_true(drew(&r, "CORE 03"));
    assert_true(drew(&r, "CORE 12"));
    assert_true(drew(&r, "93"));
    assert_true(drew(&r, "17"));
    assert_false(drew(&r, "NO SIGNAL"));
    assert_int_equal(r.sc->all[0]->items[0].level, LEVEL_CAUTION);
    /* Three intervals later without data: NO SIGNAL over the widget. */
    scene_eval(r.sc, r.st, T0 + 4);
    draw(&r, T0 + 4, LEVEL_NOMINAL);
    assert_true(drew(&r, "NO SIGNAL"));
    rig_close(&r);
}

/* Template modifiers chain left to right: a fleet's instance without its
 * port, in capitals, as the cluster layout labels its nodes. */
static void test_template_modifiers_chain(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
                 "  { type = \"bars\"; value = \"up\"; max = 1.0; format = \"int\";\n"
                 "    item_label = \"{instance:host:upper}|{instance:upper:host}|{instance:lower}\"; } ); } );\n");
    put(&r, T0, "up", "instance", "Casper:9100", 1);
    put(&r, T0, "up", "instance", "[fe80::1]:9100", 1);
    scene_eval(r.sc, r.st, T0);
    draw(&r, T0, LEVEL_NOMINAL);
    assert_true(drew(&r, "CASPER|CASPER|casper:9100"));
    assert_true(drew(&r, "[FE80::1]|[FE80::1]|[fe80::1]:9100"));
    rig_close(&r);
}

/* {labels.NAME} reaches a series label named like a field (hwmon's sensor
 * labels are called `label`); `words` reads node_exporter's cleaned names;
 * {a|b} falls back to b where a is empty (a node name, else the instance). */
static void test_template_series_labels(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
                 "  { type = \"bars\"; value = \"t\"; max = 100.0; format = \"int\";\n"
                 "    item_label = \"{labels.label:words:upper}/{labels.value}/{labels.nope}/"
                 "{nope|labels.label:upper}/{labels.label|nope}/{nope|none}.\"; } ); } );\n");
    put(&r, T0, "t", "label", "package_id_0", 50);
    scene_eval(r.sc, r.st, T0);
    draw(&r, T0, LEVEL_NOMINAL);
    /* {a|b}: the first field that is not empty */
    assert_true(drew(&r, "PACKAGE ID 0///PACKAGE_ID_0/package_id_0/."));
    rig_close(&r);
}

/* {num:plural=S} writes its text unless the field reads exactly 1 ("1.0"
 * too); anything else, "1/1" included, takes the plural. */
static void test_template_plural(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
                 "  { type = \"bars\"; value = \"t\"; max = 100.0; format = \"int\";\n"
                 "    item_label = \"{num} DISK{num:plural=S}/{d}{d:plural=ES}\"; } ); } );\n");
    struct sample_buf *b = sample_buf_create();
    const char *d1[2] = {"d", "1"}, *dx[2] = {"d", "x"}, *d10[2] = {"d", "1.0"},
               *d11[2] = {"d", "1/1"};
    sample_buf_add(b, "t", d1, 1, METRIC_GAUGE, 1, T0);
    sample_buf_add(b, "t", dx, 1, METRIC_GAUGE, 0, T0);
    sample_buf_add(b, "t", d10, 1, METRIC_GAUGE, 3, T0);
    sample_buf_add(b, "t", d11, 1, METRIC_GAUGE, 4, T0);
    store_commit(r.st, r.src, b, T0);
    sample_buf_destroy(b);
    scene_eval(r.sc, r.st, T0);
    draw(&r, T0, LEVEL_NOMINAL);
    assert_true(drew(&r, "1 DISK/1"));
    assert_true(drew(&r, "0 DISKS/xES"));
    assert_true(drew(&r, "3 DISKS/1.0"));
    assert_true(drew(&r, "4 DISKS/1/1ES"));
    rig_close(&r);
}

static int refused_lines;
static void count_refused(enum log_level level, const char *line, void *user)
{
    (void)level;
    (void)user;
    if (strstr(line, "layout: t.cfg:2: many-to-many matching"))
        refused_lines++;
}

/* A selector PromQL refuses at run time shows NO SIGNAL and says why in the
 * log once, not at every evaluation. */
static void test_refused_selector(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
                 "  { type = \"bars\"; value = \"a * on() group_left b\"; max = 100.0; } ); } );\n");
    log_set_hook(count_refused, NULL);
    enum log_level was = log_get_level();
    log_set_level(LOG_WARN);
    for (int k = 0; k < 3; k++) {
        struct sample_buf *b = sample_buf_create();
        const char *x[2] = {"k", "x"}, *y[2] = {"k", "y"};
        sample_buf_add(b, "a", x, 1, METRIC_GAUGE, 1, T0 + k);
        sample_buf_add(b, "b", x, 1, METRIC_GAUGE, 2, T0 + k);
        sample_buf_add(b, "b", y, 1, METRIC_GAUGE, 3, T0 + k);
        store_commit(r.st, r.src, b, T0 + k);
        sample_buf_destroy(b);
        scene_eval(r.sc, r.st, T0 + k);
    }
    log_set_level(was);
    log_set_hook(NULL, NULL);
    draw(&r, T0 + 2, LEVEL_NOMINAL);
    assert_true(drew(&r, "NO SIGNAL"));
    assert_int_equal(refused_lines, 1);
    rig_close(&r);
}

static void test_countdown_nearest_limit(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
                 "  { type = \"countdown\"; value = \"avail\"; item_label = \"{mountpoint}\";\n"
                 "    deplete = true; format = \"bytes_si\"; history = 20;\n"
                 "    remaining = \"battery_seconds\"; horizon = 100000.0;\n"
                 "    thresholds = { caution = 3600.0; alert = 600.0; emergency = 60.0;\n"
                 "                   direction = \"below\"; };\n"
                 "    line1 = \"TARGET: {mountpoint} UNTIL FULL\"; left = \"{rate}\"; } ); } );\n");
    /* /data loses 1 MB/s with 500 MB free: 500 s left; /home is steady. */
    for (int k = 0; k <= 10; k++) {
        put(&r, T0 + k, "avail", "mountpoint", "/data", 500e6 + (10 - k) * 1e6);
        put(&r, T0 + k, "avail", "mountpoint", "/home", 9e9);
        put(&r, T0 + k, "battery_seconds", NULL, NULL, 7200);
    }
    scene_eval(r.sc, r.st, T0 + 10);
    struct widget *w = r.sc->all[0];
    assert_true(fabs(w->state[0] - 500.0) < 1e-6); /* seconds left */
    assert_int_equal(w->level, LEVEL_ALERT);          /* under 600 s */
    assert_string_equal(w->items[w->focus].label, "/data");
    assert_string_equal(widget_text(w, wtype_key(w->type, "left"), NULL), "1.00 MB/s");
    assert_string_equal(w->cause, "TARGET /data  —  ACTIVE TIME REMAINING  0:08:20");
    draw(&r, T0 + 10, LEVEL_ALERT);
    assert_true(drew(&r, "TARGET: /data UNTIL FULL"));
    /* The battery comes nearer than the disk: it is counted instead. */
    put(&r, T0 + 11, "avail", "mountpoint", "/data", 500e6 - 1e6);
    put(&r, T0 + 11, "avail", "mountpoint", "/home", 9e9);
    put(&r, T0 + 11, "battery_seconds", NULL, NULL, 45);
    scene_eval(r.sc, r.st, T0 + 11);
    assert_true(fabs(w->state[0] - 45.0) < 1e-6);
    assert_int_equal(w->level, LEVEL_EMERGENCY);
    /* Nothing near: the clock (state[2] = 0). */
    put(&r, T0 + 12, "avail", "mountpoint", "/data", 900e6);
    put(&r, T0 + 12, "avail", "mountpoint", "/home", 9e9);
    put(&r, T0 + 12, "battery_seconds", NULL, NULL, INFINITY);
    scene_eval(r.sc, r.st, T0 + 12);
    assert_true(w->state[2] == 0);
    assert_int_equal(w->level, LEVEL_NOMINAL);
    rig_close(&r);
}

static void test_magi_vote(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
                 "  { type = \"magi_vote\"; deliberate = 2.0; format = \"percent\";\n"
                 "    thresholds = { alert = 90.0; hysteresis = 1.0; };\n"
                 "    items = ( { label = \"BALTHASAR\"; tag = \"MEMORY\"; value = \"mem\"; },\n"
                 "              { label = \"CASPER\"; tag = \"STORAGE\"; value = \"disk\"; },\n"
                 "              { label = \"MELCHIOR\"; tag = \"CPU\"; value = \"cpu\"; } ); } ); } );\n");
    put(&r, T0, "mem", NULL, NULL, 53);
    put(&r, T0, "disk", NULL, NULL, 84);
    put(&r, T0, "cpu", NULL, NULL, 44);
    scene_eval(r.sc, r.st, T0);
    struct widget *w = r.sc->all[0];
    assert_string_equal(w->tbuf[3], "APPROVED 3 : 0");
    assert_string_equal(w->tbuf[4], "MAGI SYSTEM  //  VOTE 3 : 0  //  ALL SUBSYSTEMS NOMINAL");
    assert_string_equal(w->tbuf[0], "SIGNAL: MEMORY  53 %");
    assert_int_equal(w->level, LEVEL_NOMINAL);
    draw(&r, T0, LEVEL_NOMINAL);
    assert_true(drew(&r, "SIGNAL: STORAGE  84 %"));
    /* One signal over ALERT: approved 2 : 1, but not "all nominal". */
    put(&r, T0 + 0.5, "mem", NULL, NULL, 95);
    put(&r, T0 + 0.5, "disk", NULL, NULL, 84);
    put(&r, T0 + 0.5, "cpu", NULL, NULL, 44);
    scene_eval(r.sc, r.st, T0 + 0.5);
    assert_string_equal(w->tbuf[3], "APPROVED 2 : 1");
    assert_string_equal(w->tbuf[4], "MAGI SYSTEM  //  VOTE 2 : 1  //  PROPOSAL APPROVED");
    /* Two signals over ALERT: 1 : 2, rejected, and the vote is an alert. */
    put(&r, T0 + 1, "mem", NULL, NULL, 95);
    put(&r, T0 + 1, "disk", NULL, NULL, 97);
    put(&r, T0 + 1, "cpu", NULL, NULL, 44);
    scene_eval(r.sc, r.st, T0 + 1);
    assert_string_equal(w->tbuf[3], "REJECTED 1 : 2");
    assert_string_equal(w->tbuf[4], "MAGI SYSTEM  //  VOTE 1 : 2  //  PROPOSAL REJECTED");
    assert_int_equal(w->level, LEVEL_ALERT);
    assert_true(fabs(w->state[3] - (T0 + 1)) < 1e-9); /* deliberation began */
    rig_close(&r);
}

static void test_events_appear(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; grid = [2, 1]; widgets = (\n"
                 "  { type = \"pattern_blue\"; cell = [0, 0, 1, 1]; value = \"score\"; max = 1.0;\n"
                 "    thresholds = { caution = 0.5; }; classification = \"SCORE {num}\"; },\n"
                 "  { type = \"title_card\"; cell = [1, 0, 1, 1]; value = \"epoch\"; hold = 2.0;\n"
                 "    format = \"int\"; vertical = \"第{num}話\"; en = \"EPISODE {num}\"; } ); } );\n");
    put(&r, T0, "score", NULL, NULL, 0.1);
    put(&r, T0, "epoch", NULL, NULL, 3);
    scene_eval(r.sc, r.st, T0);
    draw(&r, T0, LEVEL_NOMINAL);
    assert_false(drew(&r, "PATTERN BLUE"));
    assert_false(drew(&r, "EPISODE"));
    /* The anomaly and a new epoch. */
    put(&r, T0 + 1, "score", NULL, NULL, 0.9);
    put(&r, T0 + 1, "epoch", NULL, NULL, 4);
    scene_eval(r.sc, r.st, T0 + 1);
    draw(&r, T0 + 2.5, LEVEL_CAUTION);
    assert_true(drew(&r, "PATTERN BLUE"));
    assert_true(drew(&r, "EPISODE 4"));
    /* The card goes after `hold` seconds; the anomaly stays while high. */
    draw(&r, T0 + 3.5, LEVEL_CAUTION);
    assert_false(drew(&r, "EPISODE"));
    assert_true(drew(&r, "PATTERN BLUE"));
    rig_close(&r);
}

static void test_text_types(void **state)
{
    (void)state;
    struct rig r;
    rig_open(&r, "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
                 "  { type = \"info_block\"; items = ( { value = \"uname\"; } );\n"
                 "    code = \"{0.nodename:upper}\"; lines = [ \"FILE:{0.release}\", \"PRIORITY:AAA\" ]; },\n"
                 "  { type = \"plate\"; label = \"LOAD AVG\";\n"
                 "    items = ( { value = \"l1\"; format = \"%.2f\"; }, { value = \"l5\"; format = \"%.2f\"; } ); },\n"
                 "  { type = \"text\"; text = \"STATE: {$state}\"; },\n"
                 "  { type = \"text\"; text = \"OK{$fault:upper:pre= / FAULT: }{$fault:pre=:}.\"; } ); } );\n");
    struct sample_buf *b = sample_buf_create();
    const char *lab[4] = {"nodename", "nerv-ws01", "release", "6.12.9"};
    sample_buf_add(b, "uname", lab, 2, METRIC_GAUGE, 1, T0);
    sample_buf_add(b, "l1", NULL, 0, METRIC_GAUGE, 6.08, T0);
    sample_buf_add(b, "l5", NULL, 0, METRIC_GAUGE, 5.71, T0);
    store_commit(r.st, r.src, b, T0);
    sample_buf_destroy(b);
    snprintf(r.sc->globals.state, sizeof r.sc->globals.state, "CAUTION");
    scene_eval(r.sc, r.st, T0);
    draw(&r, T0, LEVEL_NOMINAL);
    assert_true(drew(&r, "NERV-WS01"));
    assert_true(drew(&r, "6.12.9"));
    assert_true(drew(&r, "PRIORITY"));
    assert_true(drew(&r, "6.08 5.71"));
    assert_true(drew(&r, "STATE: CAUTION"));
    /* {$fault}: nothing while every source answers; modifiers before pre= */
    assert_true(drew(&r, "OK."));
    snprintf(r.sc->globals.fault, sizeof r.sc->globals.fault, "timed out: x");
    scene_eval(r.sc, r.st, T0 + 1);
    draw(&r, T0 + 1, LEVEL_NOMINAL);
    assert_true(drew(&r, "OK / FAULT: TIMED OUT: X:timed out: x."));
    rig_close(&r);
}

/* The cache replays what a fresh drawing gives, vertex for vertex. */
static void test_cache_exact(void **state)
{
    (void)state;
    struct diag d;
    diag_init(&d, NULL);
    struct layout *l = layout_load("demo", &d);
    assert_non_null(l);
    diag_free(&d);
    struct store *st = store_create(NULL);
    struct sources *ss = sources_create(&(struct sources_desc){.store = st});
    char err[128];
    assert_true(sources_add(ss, &(struct source_desc){.spec = "demo"}, err, sizeof err));
    struct scene *cached = scene_create(l), *fresh = scene_create(l);
    fresh->no_cache = true;
    scene_layout(cached, 1920, 1080);
    scene_layout(fresh, 1920, 1080);
    struct batch *b1 = batch_create(NULL), *b2 = batch_create(NULL);
    double wall0 = CLOCK_SIM_EPOCH + 50;
    for (int k = 130; k >= 1; k--)
        sources_poll_all(ss, wall0 - k);
    for (int f = 0; f < 90; f++) {
        double t = 50 + f * 0.05, wall = CLOCK_SIM_EPOCH + t;
        if (f % 20 == 0) {
            sources_poll_all(ss, wall);
            scene_eval(cached, st, wall);
            scene_eval(fresh, st, wall);
        }
        struct batch *bs[2] = {b1, b2};
        struct scene *sc[2] = {cached, fresh};
        for (int i = 0; i < 2; i++) {
            batch_clear(bs[i]);
            text_bind_batch(shared_text, bs[i]);
            double wake = INFINITY;
            struct draw_ctx ctx = {.b = bs[i], .text = shared_text, .pal = palette_default(),
                                   .t = t, .wall = wall, .u = 10, .screen_w = 1920,
                                   .screen_h = 1080, .anim_rate = 1, .wake_at = &wake};
            scene_draw_page(sc[i], 0, &ctx);
        }
        size_t n1, n2, m1, m2;
        const struct batch_vertex *v1 = batch_vertices(b1, &n1), *v2 = batch_vertices(b2, &n2);
        const uint32_t *i1 = batch_indices(b1, &m1), *i2 = batch_indices(b2, &m2);
        if (n1 != n2 || m1 != m2 || memcmp(v1, v2, n1 * sizeof *v1) != 0 ||
            memcmp(i1, i2, m1 * sizeof *i1) != 0)
            fail_msg("frame %d at t = %.2f: the cached drawing differs from a fresh one", f, t);
    }
    assert_true(cached->cache_hits > cached->cache_misses);
    batch_destroy(b1);
    batch_destroy(b2);
    scene_destroy(cached);
    scene_destroy(fresh);
    sources_destroy(ss);
    store_destroy(st);
    layout_free(l);
}

int main(void)
{
    log_set_level(LOG_ERROR);
    shared_text = text_create(&(struct text_desc){.no_system_fallback = true});
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bars_and_no_signal),
        cmocka_unit_test(test_template_modifiers_chain),
        cmocka_unit_test(test_template_series_labels),
        cmocka_unit_test(test_template_plural),
        cmocka_unit_test(test_refused_selector),
        cmocka_unit_test(test_countdown_nearest_limit),
        cmocka_unit_test(test_magi_vote),
        cmocka_unit_test(test_events_appear),
        cmocka_unit_test(test_text_types),
        cmocka_unit_test(test_cache_exact),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    text_destroy(shared_text);
    return rc;
}
