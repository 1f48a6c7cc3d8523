/* The shipped system layout on the machines it meets: a 2-core VM without
 * temperature sensors or swap, 8, 16, 64 and 128 threads (the demo source
 * with `cores=N`). Rows keep a readable height from the top of the CPU panel
 * and a CPU history graph takes the rest until the rows need it; many cores
 * become hexagons; a sensorless host gets one NO SIGNAL field that says why;
 * a zero-sized swap says NONE CONFIGURED; one filesystem is a slim bar.
 * Drawn into a recording batch with the real motifs. */
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

#define U 10.0f /* u at 1920 x 1080 */

static struct text *shared_text;

struct rig {
    struct layout *l;
    struct scene *sc;
    struct store *st;
    struct sources *ss;
    struct batch *b;
    double wall;
};

static void rig_layout(struct rig *r)
{
    struct diag d;
    diag_init(&d, NULL);
    r->l = layout_load("system", &d);
    if (!r->l)
        diag_print(&d, stderr);
    assert_non_null(r->l);
    diag_free(&d);
    r->sc = scene_create(r->l);
    scene_layout(r->sc, 1920, 1080);
    r->b = batch_create(&(struct batch_desc){.record = true});
    r->wall = CLOCK_SIM_EPOCH + 20;
}

/* The system layout fed by `demo:cores=N`, its graphs back-filled. */
static void rig_demo(struct rig *r, int cores)
{
    memset(r, 0, sizeof *r);
    rig_layout(r);
    r->st = store_create(NULL);
    r->ss = sources_create(&(struct sources_desc){.store = r->st});
    char spec[32], err[128];
    snprintf(spec, sizeof spec, "demo:cores=%d", cores);
    assert_true(sources_add(r->ss, &(struct source_desc){.spec = spec}, err, sizeof err));
    for (int k = 130; k >= 0; k--)
        sources_poll_all(r->ss, r->wall - k);
    scene_eval(r->sc, r->st, r->wall);
}

static void rig_close(struct rig *r)
{
    scene_destroy(r->sc);
    layout_free(r->l);
    sources_destroy(r->ss);
    store_destroy(r->st);
    batch_destroy(r->b);
}

static void draw(struct rig *r)
{
    batch_clear(r->b);
    text_bind_batch(shared_text, r->b);
    double wake = INFINITY;
    struct draw_ctx ctx = {.b = r->b, .text = shared_text, .pal = palette_default(),
                           .t = r->wall - CLOCK_SIM_EPOCH, .wall = r->wall, .u = U,
                           .screen_w = 1920, .screen_h = 1080, .anim_rate = 1,
                           .wake_at = &wake};
    scene_draw_page(r->sc, 0, &ctx);
}

static int count_text(const struct rig *r, const char *s)
{
    size_t n;
    int k = 0;
    const struct batch_cmd *c = batch_commands(r->b, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_TEXT && c[i].text && strstr(c[i].text, s))
            k++;
    return k;
}

static int count_op(const struct rig *r, enum batch_op op, struct box in)
{
    size_t n;
    int k = 0;
    const struct batch_cmd *c = batch_commands(r->b, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].op == op && c[i].x >= in.x && c[i].x + c[i].w <= in.x + in.w + 0.5f &&
            c[i].y >= in.y && c[i].y + c[i].h <= in.y + in.h + 0.5f)
            k++;
    return k;
}

/* The panel whose title says `en`, and its first widget of type `type`. */
static struct scene_panel *panel(struct rig *r, const char *en)
{
    for (int i = 0; i < r->sc->npanels; i++) {
        struct scene_panel *sp = &r->sc->panels[i];
        if (sp->title && sp->title->cfg->label.en && strcmp(sp->title->cfg->label.en, en) == 0)
            return sp;
    }
    fail_msg("no panel titled %s", en);
    return NULL;
}

static struct widget *widget_of(struct scene_panel *sp, const char *type)
{
    for (int k = 0; k < sp->cfg->nwidgets; k++)
        if (strcmp(sp->widgets[k]->type->name, type) == 0)
            return sp->widgets[k];
    fail_msg("no %s widget in the panel", type);
    return NULL;
}

/* Where the CPU panel's widgets start: under its title and the gap. */
static float content_top(const struct scene_panel *sp)
{
    return sp->title->box.y + sp->title->box.h + sp->cfg->gap * U;
}

static void test_few_cores(void **state)
{
    (void)state;
    static const struct {
        int cores, rows;
    } cases[] = {{2, 2}, {4, 4}, {6, 3}, {8, 4}, {12, 6}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rig r;
        rig_demo(&r, cases[i].cores);
        struct scene_panel *cpu = panel(&r, "PROCESSOR LOAD PER CORE");
        struct widget *bars = widget_of(cpu, "bars"), *graph = widget_of(cpu, "line_graph");
        /* rows from the top, 4.4 u each, under the threshold's number */
        float want = (1.4f + 4.4f * (float)cases[i].rows + 0.6f) * U;
        assert_float_equal(bars->box.y, content_top(cpu), 0.5f);
        assert_float_equal(bars->box.h, want, 0.5f);
        /* the graph takes the rest of the panel */
        assert_true(graph->box.h >= 6.0f * U);
        assert_float_equal(graph->box.y + graph->box.h, cpu->box.y + cpu->box.h, 0.5f);
        draw(&r);
        assert_int_equal(count_text(&r, "CORE 0"), cases[i].cores < 10 ? cases[i].cores : 10);
        assert_int_equal(count_text(&r, "IOWAIT"), 1);
        char sub[32];
        snprintf(sub, sizeof sub, "%d CORES  ·  ", cases[i].cores); /* and the clock */
        assert_int_equal(count_text(&r, sub), 1);
        rig_close(&r);
    }
}

static void test_sixteen_cores_keep_the_target_look(void **state)
{
    (void)state;
    struct rig r;
    rig_demo(&r, 16);
    struct scene_panel *cpu = panel(&r, "PROCESSOR LOAD PER CORE");
    struct widget *bars = widget_of(cpu, "bars"), *graph = widget_of(cpu, "line_graph");
    /* no room for the graph: left out, the two columns of 8 fill the panel */
    assert_true(graph->box.h == 0);
    assert_float_equal(bars->box.y, content_top(cpu), 0.5f);
    assert_float_equal(bars->box.y + bars->box.h, cpu->box.y + cpu->box.h, 0.5f);
    draw(&r);
    assert_int_equal(count_text(&r, "CORE 15"), 1);
    assert_int_equal(count_text(&r, "IOWAIT"), 0);
    rig_close(&r);
}

static void test_many_cores_are_hexagons(void **state)
{
    (void)state;
    static const int cores[] = {64, 128};
    for (size_t i = 0; i < 2; i++) {
        struct rig r;
        rig_demo(&r, cores[i]);
        struct scene_panel *cpu = panel(&r, "PROCESSOR LOAD PER CORE");
        struct widget *bars = widget_of(cpu, "bars"), *graph = widget_of(cpu, "line_graph");
        assert_true(graph->box.h == 0);
        draw(&r);
        /* every core, none left out by a limit */
        assert_int_equal(count_op(&r, BATCH_OP_HEX, bars->box), cores[i]);
        if (cores[i] == 64) /* big enough for their names */
            assert_int_equal(count_text(&r, "CORE 63"), 1);
        rig_close(&r);
    }
}

/* --- a 2-core VM: no temperature sensors, no swap, one filesystem ---------------------- */

static void add(struct sample_buf *b, const char *name, const char *const *labels, int n,
                double v)
{
    assert_true(sample_buf_add(b, name, labels, n, METRIC_GAUGE, v, 0));
}

static void vm_poll(struct rig *r, int id, double t)
{
    struct sample_buf *b = sample_buf_create();
    static const char *const modes[] = {"user", "system", "idle", "iowait", "steal"};
    static const double share[] = {0.3, 0.1, 0.55, 0.03, 0.02};
    for (int cpu = 0; cpu < 2; cpu++) {
        for (int m = 0; m < 5; m++) {
            const char *l[4] = {"cpu", cpu ? "1" : "0", "mode", modes[m]};
            add(b, "node_cpu_seconds_total", l, 2, 1000 + share[m] * t);
        }
    }
    add(b, "node_memory_MemTotal_bytes", NULL, 0, 24e9);
    add(b, "node_memory_MemAvailable_bytes", NULL, 0, 20e9);
    add(b, "node_memory_Cached_bytes", NULL, 0, 1e9);
    add(b, "node_memory_Buffers_bytes", NULL, 0, 1e8);
    add(b, "node_memory_SwapTotal_bytes", NULL, 0, 0);
    add(b, "node_memory_SwapFree_bytes", NULL, 0, 0);
    const char *fs[6] = {"device", "/dev/vda1", "fstype", "ext4", "mountpoint", "/"};
    add(b, "node_filesystem_size_bytes", fs, 3, 270e9);
    add(b, "node_filesystem_avail_bytes", fs, 3, 81e9);
    add(b, "node_load1", NULL, 0, 0.5);
    store_commit(r->st, id, b, t);
    sample_buf_destroy(b);
}

static void test_small_vm(void **state)
{
    (void)state;
    struct rig r;
    memset(&r, 0, sizeof r);
    rig_layout(&r);
    r.st = store_create(NULL);
    int id = store_source_register(r.st, "linux", 1.0);
    for (int k = 10; k >= 0; k--)
        vm_poll(&r, id, r.wall - k);
    scene_eval(r.sc, r.st, r.wall);
    draw(&r);

    /* thermal: one NO SIGNAL field saying why, not a ghost ring and a list */
    struct scene_panel *th = panel(&r, "THERMAL");
    assert_true(widget_of(th, "ring_gauge")->stale);
    assert_int_equal(count_text(&r, "NO TEMPERATURE SENSORS ON THIS HOST"), 1);
    assert_int_equal(count_text(&r, "CPU PACKAGE"), 0); /* the ring and its caption are not drawn */
    assert_int_equal(count_text(&r, "SENSORS 00 / 00 BELOW 80"), 1); /* the title counts none */

    /* no cpufreq: the CPU title says the cores and no "--- Hz" */
    assert_int_equal(count_text(&r, "2 CORES"), 1);
    assert_int_equal(count_text(&r, "Hz"), 0);

    /* swap of size 0 */
    assert_int_equal(count_text(&r, "NONE CONFIGURED"), 1);
    assert_int_equal(count_text(&r, "0.0 / 0.0"), 0);

    /* one filesystem: a slim bar, its segments at most 8 u wide */
    struct scene_panel *fs = panel(&r, "STORAGE");
    struct widget *seg = widget_of(fs, "segment_bars");
    size_t n;
    const struct batch_cmd *c = batch_commands(r.b, &n);
    int segments = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].op != BATCH_OP_RECT || c[i].x < seg->box.x + 5 * U ||
            c[i].y + c[i].h > seg->box.y + seg->box.h - 3 * U || c[i].y < seg->box.y ||
            c[i].h < 0.5f * U || c[i].h > 4 * U)
            continue;
        assert_true(c[i].w <= 8.0f * U + 0.01f);
        segments++;
    }
    assert_true(segments >= 5); /* 70 % used: seven segments of 10 */

    /* CPU: two rows at the top, the history under them */
    struct scene_panel *cpu = panel(&r, "PROCESSOR LOAD PER CORE");
    assert_float_equal(widget_of(cpu, "bars")->box.h, (1.4f + 2 * 4.4f + 0.6f) * U, 0.5f);
    assert_true(widget_of(cpu, "line_graph")->box.h > 20 * U);
    rig_close(&r);
}

/* A panel is laid out again when its rows change (a CPU comes online). */
static void test_refit_on_change(void **state)
{
    (void)state;
    struct diag d;
    diag_init(&d, "t.cfg");
    struct layout *l = layout_parse_string(
        "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
        "  { type = \"bars\"; value = \"busy\"; row_height = 4.0; max = 100.0; },\n"
        "  { type = \"line_graph\"; min_height = 5.0; value = \"sum(busy)\"; } ); } );\n",
        "t.cfg", &d);
    assert_non_null(l);
    diag_free(&d);
    struct scene *sc = scene_create(l);
    scene_layout(sc, 1920, 1080);
    struct store *st = store_create(NULL);
    int id = store_source_register(st, "t", 1.0);
    struct widget *bars = sc->panels[0].widgets[0], *graph = sc->panels[0].widgets[1];
    char cpu[8];
    for (int ncpu = 1; ncpu <= 24; ncpu++) {
        struct sample_buf *b = sample_buf_create();
        for (int i = 0; i < ncpu; i++) {
            snprintf(cpu, sizeof cpu, "%d", i);
            const char *lab[2] = {"cpu", cpu};
            add(b, "busy", lab, 1, 50);
        }
        store_commit(st, id, b, 1000 + ncpu);
        sample_buf_destroy(b);
        scene_eval(sc, st, 1000 + ncpu);
        int cols = ncpu > 4 ? 2 : 1, rows = (ncpu + cols - 1) / cols;
        float fit = (0.6f + 4.0f * (float)rows + 0.6f) * U;
        float panel_h = sc->panels[0].box.h;
        if (panel_h - fit - 0.8f * U >= 5.0f * U) {
            assert_float_equal(bars->box.h, fit, 0.5f);
            assert_float_equal(graph->box.y, bars->box.y + fit + 0.8f * U, 0.5f);
        } else {
            assert_true(graph->box.h == 0);
            assert_float_equal(bars->box.h, panel_h, 0.5f);
        }
    }
    scene_destroy(sc);
    store_destroy(st);
    layout_free(l);
}

int main(void)
{
    log_set_level(LOG_ERROR);
    shared_text = text_create(&(struct text_desc){.no_system_fallback = true});
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_few_cores),
        cmocka_unit_test(test_sixteen_cores_keep_the_target_look),
        cmocka_unit_test(test_many_cores_are_hexagons),
        cmocka_unit_test(test_small_vm),
        cmocka_unit_test(test_refit_on_change),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    text_destroy(shared_text);
    return rc;
}
