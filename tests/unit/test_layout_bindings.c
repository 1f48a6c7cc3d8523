/* Widget bindings against a real store filled with samples: vector items and
 * their labels, explicit items, max matching, formats, thresholds over time,
 * NO SIGNAL when data is stale or missing, history back-filled from the
 * store, evaluation only on data change, and the roll-up to the screen. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/store.h"
#include "layout/escalate.h"
#include "layout/layout.h"
#include "layout/scene.h"
#include "layout/widget.h"

#define T0 1767225600.0 /* 2026-01-01 */

struct fixture {
    struct store *st;
    int src;
    struct layout *l;
    struct scene *sc;
};

/* One poll of the fake machine at `now`: 3 filesystems, 12 cores, load. */
static void poll_machine(struct fixture *f, double now, double root_used, double load)
{
    struct sample_buf *b = sample_buf_create();
    const char *mounts[3] = {"/", "/home", "/data"};
    const double size[3] = {100e9, 500e9, 2000e9};
    const double used[3] = {root_used, 0.5, 0.25};
    for (int i = 0; i < 3; i++) {
        const char *lab[4] = {"mountpoint", mounts[i], "fstype", "ext4"};
        sample_buf_add(b, "node_filesystem_size_bytes", lab, 2, METRIC_GAUGE, size[i], now);
        sample_buf_add(b, "node_filesystem_avail_bytes", lab, 2, METRIC_GAUGE,
                       size[i] * (1 - used[i]), now);
    }
    for (int c = 0; c < 12; c++) {
        char cpu[8];
        snprintf(cpu, sizeof cpu, "%d", c);
        const char *lab[2] = {"cpu", cpu};
        sample_buf_add(b, "cpu_busy", lab, 1, METRIC_GAUGE, (double)c * 8.0, now);
    }
    sample_buf_add(b, "node_load1", NULL, 0, METRIC_GAUGE, load, now);
    store_commit(f->st, f->src, b, now);
    sample_buf_destroy(b);
}

static const char layout_text[] =
    "panels = (\n"
    "  { cell = [0, 0, 12, 12];\n"
    "    title = { label = \"STORAGE\"; value = \"count(node_filesystem_size_bytes)\";\n"
    "              format = \"int\"; sub = \"{value} FILESYSTEMS\"; };\n"
    "    widgets = (\n"
    "      { type = \"segment_bars\"; label = \"FS\";\n"
    "        value = \"100 * (1 - node_filesystem_avail_bytes / node_filesystem_size_bytes)\";\n"
    "        item_label = \"{mountpoint}\"; format = \"percent\";\n"
    "        thresholds = { caution = 80; alert = 90; emergency = 95; hysteresis = 2; };\n"
    "        cause = \"FILESYSTEM {mountpoint} {value}\"; },\n"
    "      { type = \"bars\"; value = \"cpu_busy\"; max = 100; limit = 8; },\n"
    "      { type = \"pill_meter\"; items = (\n"
    "          { label = \"USED\"; tag = \"00\"; value = \"node_filesystem_size_bytes{mountpoint=\\\"/\\\"} - node_filesystem_avail_bytes{mountpoint=\\\"/\\\"}\";\n"
    "            max = \"node_filesystem_size_bytes{mountpoint=\\\"/\\\"}\"; format = \"bytes_si\"; decimals = 1; },\n"
    "          { label = \"GONE\"; value = \"no_such_metric\"; } ); },\n"
    "      { type = \"sync_graph\"; history = 10; step = 1;\n"
    "        items = ( { label = \"LOAD\"; value = \"node_load1\"; },\n"
    "                  { label = \"TWICE\"; value = \"node_load1 * 2\"; } ); },\n"
    "      { type = \"readout\"; value = \"node_load1\"; escalate = false;\n"
    "        thresholds = { emergency = 1; }; }\n"
    "    ); }\n"
    ");\n";

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    f.st = store_create(NULL);
    f.src = store_source_register(f.st, "test", 1.0);
    struct diag d;
    diag_init(&d, "bind.cfg");
    f.l = layout_parse_string(layout_text, "bind.cfg", &d);
    if (!f.l)
        diag_print(&d, stderr);
    assert_non_null(f.l);
    diag_free(&d);
    f.sc = scene_create(f.l);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    scene_destroy(f->sc);
    layout_free(f->l);
    store_destroy(f->st);
    return 0;
}

static struct widget *W(struct fixture *f, int i)
{
    return f->sc->all[i]; /* 0 = panel title, then the widgets in order */
}

static void test_vector_items(void **state)
{
    struct fixture *f = *state;
    for (int k = 0; k < 20; k++)
        poll_machine(f, T0 + k, 0.5 + 0.01 * k, 1.0 + 0.1 * k);
    scene_eval(f->sc, f->st, T0 + 19);

    struct widget *title = W(f, 0);
    assert_int_equal(title->nitems, 1);
    assert_string_equal(title->items[0].num, "3");
    assert_string_equal(title->sub, "3 FILESYSTEMS");

    struct widget *fs = W(f, 1);
    assert_int_equal(fs->nitems, 3);
    /* natural order of the labels: "/", "/data", "/home" */
    assert_string_equal(fs->items[0].label, "/");
    assert_string_equal(fs->items[1].label, "/data");
    assert_string_equal(fs->items[2].label, "/home");
    assert_true(fabs(fs->items[0].value - 69.0) < 1e-6);
    assert_string_equal(fs->items[0].num, "69");
    assert_string_equal(fs->items[0].unit, "%");
    assert_int_equal(fs->items[0].level, LEVEL_NOMINAL);
    assert_false(fs->stale);

    /* CPU cores: named by the one label that varies, sorted naturally. */
    struct widget *cpu = W(f, 2);
    assert_int_equal(cpu->nitems, 12);
    assert_string_equal(cpu->items[0].label, "0");
    assert_string_equal(cpu->items[2].label, "2");
    assert_string_equal(cpu->items[10].label, "10");
    assert_true(fabs(witem_fraction(&cpu->items[10]) - 0.8) < 1e-9);

    /* Explicit items: arithmetic, a max from a selector, bytes_si. */
    struct widget *pm = W(f, 3);
    assert_int_equal(pm->nitems, 2);
    assert_string_equal(pm->items[0].label, "USED");
    assert_string_equal(pm->items[0].tag, "00");
    assert_true(fabs(pm->items[0].value - 69e9) < 1);
    assert_true(fabs(pm->items[0].max - 100e9) < 1);
    assert_string_equal(pm->items[0].num, "69.0");
    assert_string_equal(pm->items[0].unit, "GB");
    /* A metric that does not exist: that item is NO SIGNAL, the widget is not. */
    assert_true(pm->items[1].stale);
    assert_string_equal(pm->items[1].num, "---");
    assert_false(pm->stale);
}

static void test_history_backfill(void **state)
{
    struct fixture *f = *state;
    for (int k = 0; k < 20; k++)
        poll_machine(f, T0 + k, 0.5, (double)k);
    /* The first evaluation reads the past from the store. */
    scene_eval(f->sc, f->st, T0 + 19);
    struct widget *g = W(f, 4);
    assert_int_equal(g->nitems, 2);
    float h[16];
    int n = witem_history(&g->items[0], h, 16);
    assert_int_equal(n, 10);
    for (int i = 0; i < 10; i++)
        assert_true(fabs(h[i] - (float)(10 + i)) < 1e-4);
    n = witem_history(&g->items[1], h, 16);
    assert_true(fabs(h[9] - 38.0f) < 1e-4);
    /* New data adds one sample per step. */
    poll_machine(f, T0 + 20, 0.5, 100);
    scene_eval(f->sc, f->st, T0 + 20);
    n = witem_history(&g->items[0], h, 16);
    assert_int_equal(n, 10);
    assert_true(fabs(h[8] - 19.0f) < 1e-4);
    assert_true(fabs(h[9] - 100.0f) < 1e-4);
    /* Evaluating again within the step does not add a sample. */
    scene_eval(f->sc, f->st, T0 + 20.5);
    n = witem_history(&g->items[0], h, 16);
    assert_true(fabs(h[8] - 19.0f) < 1e-4);
}

static void test_thresholds_and_rollup(void **state)
{
    struct fixture *f = *state;
    struct escalation esc;
    escalate_init(&esc, 5);
    double t = T0;
    /* root 69 % -> 85 % (caution) -> 91 (alert) -> 96 (emergency) */
    const double used[] = {0.69, 0.85, 0.91, 0.96, 0.94, 0.92, 0.80, 0.77};
    const enum level want[] = {LEVEL_NOMINAL,   LEVEL_CAUTION,   LEVEL_ALERT, LEVEL_EMERGENCY,
                               LEVEL_EMERGENCY, LEVEL_ALERT,     LEVEL_CAUTION, LEVEL_NOMINAL};
    for (size_t i = 0; i < sizeof used / sizeof used[0]; i++) {
        poll_machine(f, t, used[i], 0.5);
        bool new_cause = scene_eval(f->sc, f->st, t);
        struct widget *fs = W(f, 1);
        assert_string_equal(fs->items[0].label, "/");
        if (fs->items[0].level != want[i])
            fail_msg("step %zu: root at %.0f %% is %s, want %s", i, used[i] * 100,
                     level_name(fs->items[0].level), level_name(want[i]));
        assert_int_equal(fs->level, want[i]);
        assert_int_equal(scene_level(f->sc), want[i]);
        assert_int_equal(new_cause, i == 3);
        escalate_update(&esc, scene_level(f->sc), new_cause, (double)i);
        if (i == 3) {
            assert_true(escalate_takeover(&esc, 3.0));
            char cause[128];
            scene_cause(f->sc, cause, sizeof cause);
            assert_string_equal(cause, "FILESYSTEM / 96 %");
        }
        t += 1;
    }
    /* escalate = false keeps a widget out of the roll-up. */
    poll_machine(f, t, 0.5, 3.0);
    scene_eval(f->sc, f->st, t);
    assert_int_equal(W(f, 5)->level, LEVEL_EMERGENCY);
    assert_int_equal(scene_level(f->sc), LEVEL_NOMINAL);
    assert_null(scene_worst(f->sc));
}

static void test_no_signal_when_stale(void **state)
{
    struct fixture *f = *state;
    poll_machine(f, T0, 0.5, 1);
    scene_eval(f->sc, f->st, T0 + 0.5);
    assert_false(W(f, 1)->stale);
    /* Three intervals without a refresh: every widget is NO SIGNAL. */
    scene_eval(f->sc, f->st, T0 + 3.5);
    for (int i = 0; i < f->sc->nall; i++) {
        if (!W(f, i)->stale)
            fail_msg("widget %d (%s) not stale", i, W(f, i)->type->name);
    }
    assert_true(W(f, 1)->items[0].stale);
    /* Data again: back. */
    poll_machine(f, T0 + 4, 0.5, 1);
    scene_eval(f->sc, f->st, T0 + 4);
    assert_false(W(f, 1)->stale);
}

static void test_items_follow_series(void **state)
{
    struct fixture *f = *state;
    poll_machine(f, T0, 0.5, 1);
    scene_eval(f->sc, f->st, T0);
    struct widget *fs = W(f, 1);
    assert_int_equal(fs->nitems, 3);
    /* A fourth filesystem appears: a fourth item, the others keep state. */
    const char *lab[4] = {"mountpoint", "/boot", "fstype", "vfat"};
    struct sample_buf *b = sample_buf_create();
    sample_buf_add(b, "node_filesystem_size_bytes", lab, 2, METRIC_GAUGE, 1e9, T0 + 1);
    sample_buf_add(b, "node_filesystem_avail_bytes", lab, 2, METRIC_GAUGE, 0.03e9, T0 + 1);
    store_commit(f->st, f->src, b, T0 + 1);
    sample_buf_destroy(b);
    poll_machine(f, T0 + 1, 0.5, 1);
    scene_eval(f->sc, f->st, T0 + 1);
    assert_int_equal(fs->nitems, 4);
    assert_string_equal(fs->items[1].label, "/boot");
    assert_int_equal(fs->items[1].level, LEVEL_EMERGENCY);
    assert_string_equal(fs->items[0].label, "/");
}

static void test_eval_only_on_change(void **state)
{
    struct fixture *f = *state;
    poll_machine(f, T0, 0.5, 1);
    uint64_t v0 = store_version(f->st);
    scene_eval(f->sc, f->st, T0);
    /* No commit, no version change: the app does not evaluate again. */
    assert_int_equal(store_version(f->st), v0);
    poll_machine(f, T0 + 1, 0.5, 1);
    assert_true(store_version(f->st) != v0);
}

static void test_layout_boxes(void **state)
{
    struct fixture *f = *state;
    scene_layout(f->sc, 1920, 1080);
    /* margin 2u, one panel over the whole grid, title 4.5u on top. */
    struct widget *title = W(f, 0);
    assert_true(fabs(title->box.x - 20) < 0.01 && fabs(title->box.y - 20) < 0.01);
    assert_true(fabs(title->box.h - 45) < 0.01);
    assert_true(fabs(title->box.w - 1880) < 0.01);
    /* five flowed widgets share the rest with 0.8u gaps */
    float top = 20 + 45 + 8;
    float each = (1040 - 45 - 8 - 4 * 8) / 5.0f;
    for (int i = 1; i <= 5; i++) {
        assert_true(fabs(W(f, i)->box.y - (top + (float)(i - 1) * (each + 8))) < 0.01);
        assert_true(fabs(W(f, i)->box.h - each) < 0.01);
    }
    /* 4K: the same picture, twice the pixels. */
    scene_layout(f->sc, 3840, 2160);
    assert_true(fabs(W(f, 3)->box.y - 2 * (top + 2 * (each + 8))) < 0.05);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_vector_items, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_backfill, setup, teardown),
        cmocka_unit_test_setup_teardown(test_thresholds_and_rollup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_signal_when_stale, setup, teardown),
        cmocka_unit_test_setup_teardown(test_items_follow_series, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eval_only_on_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_boxes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
