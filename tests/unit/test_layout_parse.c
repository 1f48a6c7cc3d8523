/* Layout parsing: a good file becomes the scene it describes; every kind of
 * mistake is reported as FILE:LINE: message, all of them, not only the first. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/resource.h"
#include "sources/source.h"
#include "layout/layout.h"

static const char good[] =
    "version = 1;\n"                                                     /* 1 */
    "name = \"test\";\n"                                                 /* 2 */
    "title = { jp = \"自己診断\"; en = \"SELF-DIAGNOSIS\"; };\n"         /* 3 */
    "display = {\n"                                                      /* 4 */
    "  effects = \"lite\"; reduce_motion = true; ambient_rate = 20;\n"   /* 5 */
    "  rotate = 30; takeover_min = 4.5;\n"                               /* 6 */
    "  palette = { orange = \"#FF8000\"; mint = \"#00FF00\"; };\n"       /* 7 */
    "  grid = [16, 9]; margin = 1.5; gap = 0.5;\n"                      /* 8 */
    "};\n"                                                               /* 9 */
    "sources = (\n"                                                      /* 10 */
    "  \"linux\",\n"                                                     /* 11 */
    "  { spec = \"demo\"; name = \"train\"; interval = 0.5;\n"          /* 12 */
    "    seed = 7; },\n"                                                 /* 13 */
    "  { spec = \"linux\"; root = \"tests/fixtures/root\";\n"            /* 14 */
    "    timeout = 3; connect_timeout = 0.5; }\n"                        /* 15 */
    ");\n"                                                               /* 16 */
    "pages = (\n"                                                        /* 17 */
    "  { title = \"MAIN\"; duration = 20;\n"                             /* 18 */
    "    panels = (\n"                                                   /* 19 */
    "      { cell = [0, 0, 8, 4]; portrait = [0, 0, 8, 3];\n"            /* 20 */
    "        title = { label = { jp = \"演算負荷\"; en = \"PROCESSOR LOAD\"; };\n" /* 21 */
    "                  tag = \"CPU\"; value = \"avg(node_load1)\"; format = \"%.1f %%\";\n" /* 22 */
    "                  value_label = \"TOTAL\"; };\n"                    /* 23 */
    "        widgets = (\n"                                              /* 24 */
    "          { type = \"bars\"; value = \"node_load1\"; max = 100;\n"  /* 25 */
    "            item_label = \"CORE {cpu}\"; sort = \"value_desc\"; limit = 16;\n" /* 26 */
    "            thresholds = { caution = 70; alert = 85; emergency = 95;\n" /* 27 */
    "                           hysteresis = 3; };\n"                    /* 28 */
    "            format = \"percent\"; color = \"mint\"; height = 12; },\n" /* 29 */
    "          { type = \"sync_graph\"; cell = [0, 6, 12, 6]; history = 300; step = 2;\n" /* 30 */
    "            items = ( { label = \"RX\"; value = \"rate(rx[30s])\"; format = \"bytes/s\"; },\n" /* 31 */
    "                      { label = \"TX\"; value = \"rate(tx[30s])\"; color = \"info_blue\";\n" /* 32 */
    "                        thresholds = { caution = 10; direction = \"below\"; }; } );\n" /* 33 */
    "            ratio = 41.3; }\n"                                      /* 34 */
    "        );\n"                                                       /* 35 */
    "      },\n"                                                         /* 36 */
    "      { rect = [0.5, 0.5, 0.5, 0.5]; pad = 1; widgets = ( { type = \"rulers\"; } ); }\n" /* 37 */
    "    );\n"                                                           /* 38 */
    "  }\n"                                                              /* 39 */
    ");\n";                                                              /* 40 */

static void test_good_layout(void **state)
{
    (void)state;
    struct diag d;
    diag_init(&d, "good.cfg");
    struct layout *l = layout_parse_string(good, "good.cfg", &d);
    if (!l) {
        diag_print(&d, stderr);
        fail();
    }
    assert_int_equal(d.n, 0);
    assert_string_equal(l->name, "test");
    assert_string_equal(l->title.jp, "自己診断");
    assert_string_equal(l->title.en, "SELF-DIAGNOSIS");

    const struct layout_display *disp = &l->display;
    assert_int_equal(disp->effects, LAYOUT_EFFECTS_LITE);
    assert_int_equal(disp->reduce_motion, 1);
    assert_true(fabs(disp->ambient_rate - 20) < 1e-9);
    assert_true(fabs(disp->rotate - 30) < 1e-9);
    assert_true(fabs(disp->takeover_min - 4.5) < 1e-9);
    assert_int_equal(disp->pal.c[PAL_ORANGE].g, 0x80);
    assert_int_equal(disp->pal.c[PAL_MINT].r, 0);
    /* grid_dim follows an overridden orange. */
    assert_int_equal(disp->pal.c[PAL_GRID_DIM].g, 0x80);
    assert_int_equal(disp->pal.c[PAL_GRID_DIM].a, palette_default()->c[PAL_GRID_DIM].a);
    assert_int_equal(disp->pal_overrides, (1u << PAL_ORANGE) | (1u << PAL_MINT));

    assert_int_equal(l->nsources, 3);
    assert_string_equal(l->sources[0].desc.spec, "linux");
    assert_int_equal(l->sources[0].line, 10);
    assert_string_equal(l->sources[1].desc.name, "train");
    assert_true(fabs(l->sources[1].desc.interval - 0.5) < 1e-9);
    assert_true(l->sources[1].desc.seed == 7);
    assert_string_equal(l->sources[2].desc.root, "tests/fixtures/root");
    assert_true(fabs(l->sources[2].desc.timeout - 3) < 1e-9);
    assert_true(fabs(l->sources[2].desc.connect_timeout - 0.5) < 1e-9);

    assert_int_equal(l->npages, 1);
    const struct layout_page *pg = &l->pages[0];
    assert_string_equal(pg->title.en, "MAIN");
    assert_int_equal(pg->grid.cols, 16);
    assert_int_equal(pg->grid.rows, 9);
    assert_true(fabs(pg->grid.gap - 0.5f) < 1e-6);
    assert_true(fabs(pg->margin - 1.5f) < 1e-6);
    assert_int_equal(pg->npanels, 2);

    const struct layout_panel *p0 = &pg->panels[0];
    assert_int_equal(p0->place.kind, PLACE_CELL);
    assert_true(p0->place.v[2] == 8.0f && p0->place.v[3] == 4.0f);
    assert_true(p0->place.has_portrait);
    assert_true(p0->place.pv[3] == 3.0f);
    assert_non_null(p0->title);
    assert_string_equal(p0->title->type->name, "title");
    assert_string_equal(p0->title->label.jp, "演算負荷");
    assert_string_equal(p0->title->tag, "CPU");
    assert_true(p0->title->value.set && !p0->title->value.constant);
    int k = wtype_key(p0->title->type, "value_label");
    assert_true(k >= 0 && p0->title->props[k].set);
    assert_string_equal(p0->title->props[k].str, "TOTAL");
    assert_int_equal(p0->title->fmt.kind, NUMFMT_PRINTF);

    assert_int_equal(p0->nwidgets, 2);
    const struct layout_widget *bars = &p0->widgets[0];
    assert_int_equal(bars->line, 25);
    assert_string_equal(bars->type->name, "bars");
    assert_string_equal(bars->value.text, "node_load1");
    assert_true(bars->max.constant && bars->max.k == 100);
    assert_string_equal(bars->item_label, "CORE {cpu}");
    assert_int_equal(bars->sort, SORT_VALUE_DESC);
    assert_int_equal(bars->limit, 16);
    assert_true(bars->th.set[0] && bars->th.set[1] && bars->th.set[2]);
    assert_true(bars->th.hysteresis == 3);
    assert_int_equal(bars->fmt.kind, NUMFMT_PERCENT);
    assert_true(bars->color_set);
    assert_int_equal(bars->color, PAL_MINT);
    assert_int_equal(bars->place.kind, PLACE_FLOW);
    assert_true(bars->place.height == 12.0f);
    assert_true(bars->escalate);

    const struct layout_widget *sg = &p0->widgets[1];
    assert_int_equal(sg->place.kind, PLACE_CELL);
    assert_int_equal(sg->history, 300);
    assert_true(sg->step == 2);
    assert_int_equal(sg->nitems, 2);
    assert_string_equal(sg->items[0].label.en, "RX");
    assert_true(sg->items[0].fmt_set);
    assert_int_equal(sg->items[0].fmt.kind, NUMFMT_BYTES);
    assert_true(sg->items[0].fmt.per_second);
    assert_true(sg->items[1].color_set);
    assert_int_equal(sg->items[1].color, PAL_INFO_BLUE);
    assert_true(sg->items[1].th_set);
    assert_int_equal(sg->items[1].th.dir, THRESH_BELOW);
    k = wtype_key(sg->type, "ratio");
    assert_true(sg->props[k].set && sg->props[k].bind.constant);

    const struct layout_panel *p1 = &pg->panels[1];
    assert_int_equal(p1->place.kind, PLACE_RECT);
    assert_true(p1->pad == 1.0f);
    assert_int_equal(p1->nwidgets, 1);
    assert_string_equal(p1->widgets[0].type->name, "rulers");
    layout_free(l);
    diag_free(&d);
}

/* Parses `text` and checks that exactly the `want` lines were reported. */
static void expect_errors(const char *text, const char *const *want, size_t nwant)
{
    struct diag d;
    diag_init(&d, "t.cfg");
    struct layout *l = layout_parse_string(text, "t.cfg", &d);
    char buf[1024];
    bool ok = d.n == nwant;
    for (size_t i = 0; ok && i < nwant; i++)
        ok = strcmp(diag_line(&d, i, buf, sizeof buf), want[i]) == 0;
    if (!ok) {
        fprintf(stderr, "got %zu errors:\n", d.n);
        diag_print(&d, stderr);
        fprintf(stderr, "want %zu:\n", nwant);
        for (size_t i = 0; i < nwant; i++)
            fprintf(stderr, "%s\n", want[i]);
        fail();
    }
    if (nwant)
        assert_null(l);
    layout_free(l);
    diag_free(&d);
}

#define EXPECT(text, ...)                                                                   \
    do {                                                                                    \
        const char *const w_[] = {__VA_ARGS__};                                             \
        expect_errors(text, w_, sizeof w_ / sizeof w_[0]);                                  \
    } while (0)

static void test_syntax_error(void **state)
{
    (void)state;
    EXPECT("version = 1;\npages = (\n  { panels = ( ) }\n  { x }\n);\n",
           "t.cfg:4: syntax error");
    /* libconfig arrays hold one type: say how to write fractions. */
    EXPECT("panels = ( { rect = [0.5, 0, 0.5, 1]; } );\n",
           "t.cfg:1: mismatched element type in array (write all numbers of an array alike: "
           "[0.5, 0.0, 0.5, 1.0])");
}

static void test_all_errors_reported(void **state)
{
    (void)state;
    EXPECT("version = 2;\n"
           "display = { effects = \"ful\"; rotate = 1; palette = { orang = \"#fff\"; }; };\n"
           "sources = ( { spec = \"linux\"; intervall = 1; }, { name = \"x\"; } );\n"
           "pages = ( { panels = (\n"
           "  { cell = [10, 0, 4, 2]; widgets = (\n"
           "    { type = \"ring_guage\"; },\n"
           "    { type = \"readout\"; value = \"x\"; colour = \"mint\"; color = \"oragne\"; },\n"
           "    { type = \"readout\"; },\n"
           "    { value = \"x\"; }\n"
           "  ); }\n"
           "); } );\n",
           "t.cfg:1: 'version' is 2, must be between 1 and 1",
           "t.cfg:2: 'effects' must be one of full,lite,off; not 'ful'",
           "t.cfg:2: 'rotate' is 1, must be 0 (off) or at least 2 seconds",
           "t.cfg:2: unknown palette token 'orang' (did you mean 'orange'?)",
           "t.cfg:3: unknown key 'intervall' in source (did you mean 'interval'?)",
           "t.cfg:3: a source needs 'spec' (e.g. \"linux\" or \"promql:URL\")",
           "t.cfg:5: 'cell' [10, 0, 4, 2] does not fit the 12 x 12 grid",
           "t.cfg:6: unknown widget type 'ring_guage' (did you mean 'ring_gauge'?)",
           "t.cfg:7: unknown key 'colour' in readout widget (did you mean 'color'?)",
           "t.cfg:7: 'color': unknown palette token 'oragne' (did you mean 'orange'?)",
           "t.cfg:8: a readout widget needs 'value' or 'items'",
           "t.cfg:9: a widget needs 'type'");
}

static void test_wrong_types(void **state)
{
    (void)state;
    EXPECT("display = { reduce_motion = 1; takeover_min = \"long\"; grid = \"12\"; };\n"
           "sources = ( { spec = \"linux\"; interval = \"fast\"; label_fields = 3; } );\n"
           "pages = ( { panels = (\n"
           "  { cell = (0, 0, \"a\", 1); widgets = (\n"
           "    { type = \"readout\"; value = true; label = 5;\n"
           "      thresholds = 80; limit = 1.5; },\n"
           "    { type = \"bars\"; value = \"x\"; items = ( 1 ); }\n"
           "  ); }\n"
           "); } );\n",
           "t.cfg:1: 'reduce_motion' must be true or false, not an integer",
           "t.cfg:1: 'takeover_min' must be a number, not a string",
           "t.cfg:1: 'grid' must be 2 numbers [cols, rows]",
           "t.cfg:2: 'interval' must be a number, not a string",
           "t.cfg:2: 'label_fields' must be a list of strings, not an integer",
           "t.cfg:4: 'cell' must be 4 numbers [col, row, cols, rows]",
           "t.cfg:5: 'label' must be a string or a group { jp = ...; en = ...; }, not an integer",
           "t.cfg:5: 'value' must be a selector string or a number, not a boolean",
           "t.cfg:6: 'thresholds' must be a group { }, not an integer",
           "t.cfg:6: 'limit' must be an integer, not a number",
           "t.cfg:7: give 'value' or 'items', not both",
           "t.cfg:7: 'items' entry 1 must be a group { }, not an integer");
}

static void test_values_out_of_range(void **state)
{
    (void)state;
    EXPECT("display = { takeover_min = -1; ambient_rate = 1000; fold = 12; };\n"
           "sources = ( { spec = \"demo\"; interval = 0; } );\n"
           "pages = ( { grid = [0, 4]; panels = (\n"
           "  { rect = [0.5, 0.0, 0.6, 1.0]; widgets = (\n"
           "    { type = \"sync_graph\"; value = \"x\"; history = 1; step = 0; },\n"
           "    { type = \"bars\"; value = \"x\"; limit = 5000; decimals = 12; },\n"
           "    { type = \"bars\"; value = \"x\"; columns = 40;\n"
           "      thresholds = { caution = 90; alert = 80; direction = \"up\"; }; }\n"
           "  ); }\n"
           "); } );\n",
           "t.cfg:1: 'ambient_rate' is 1000, must be between 0 and 240",
           "t.cfg:1: 'takeover_min' is -1, must be between 0 and 600",
           "t.cfg:2: 'interval' is 0, must be between 0.05 and 86400",
           "t.cfg:3: 'grid' must be whole numbers of columns and rows from 1 to 96",
           "t.cfg:4: 'rect' [0.5, 0, 0.6, 1] must be fractions of the parent: x, y >= 0, w, h > "
           "0, x + w <= 1, y + h <= 1",
           "t.cfg:5: 'history' is 1, must be between 2 and 4096",
           "t.cfg:5: 'step' is 0, must be between 0.05 and 3600",
           "t.cfg:6: 'decimals' is 12, must be between 0 and 9",
           "t.cfg:6: 'limit' is 5000, must be between 1 and 1024",
           "t.cfg:8: 'direction' must be one of above,below; not 'up'",
           "t.cfg:8: thresholds: 'alert' (80) must be at or above 'caution' (90) for direction "
           "\"above\"",
           "t.cfg:7: 'columns' is 40, must be between 1 and 8");
}

static void test_sources_and_formats(void **state)
{
    (void)state;
    EXPECT("sources = ( \"promq:http://x\", { spec = \"demo\"; root = \"/x\"; },\n"
           "            { spec = \"linux\"; label_fields = [\"a\"]; }, 7 );\n"
           "panels = ( { cell = [0, 0, 1, 1]; widgets = (\n"
           "  { type = \"readout\"; value = \"x\"; format = \"%d\"; },\n"
           "  { type = \"readout\"; value = \"x\"; format = \"furlongs\"; }\n"
           ") } );\n",
           "t.cfg:1: unknown source 'promq:http://x' (use linux, scrape:URL, promql:URL, "
           "exec:CMD ARGS..., jsonl:PATH, demo or nvml)",
           "t.cfg:1: 'root' only applies to the linux source",
           "t.cfg:2: 'label_fields' only applies to jsonl sources",
           "t.cfg:1: a source must be a spec string or a group { spec = ...; }, not an integer",
           "t.cfg:4: bad conversion in format \"%d\" (use one of %f %e %g, e.g. \"%.1f %%\")",
           "t.cfg:5: unknown format \"furlongs\" (use number, int, si, bytes, bytes_si, percent, "
           "ratio, duration, a unit such as GiB or MB/s, or a printf pattern like \"%.1f %%\")");
}

static void test_structure(void **state)
{
    (void)state;
    EXPECT("version = 1;\n", "t.cfg: no pages: add 'pages = ( ... )' or top-level "
                             "'panels = ( ... )'");
    EXPECT("pages = ( { title = \"A\"; } );\npanels = ( );\n",
           "t.cfg:2: give 'pages' or top-level 'panels' (one page), not both");
    EXPECT("pages = ( { title = \"A\"; }, 3 );\n", "t.cfg:1: a page needs 'panels'",
           "t.cfg:1: 'pages' entry 2 must be a group { }, not an integer");
    EXPECT("panels = ( { cell = [0, 0, 1, 1]; } );\n",
           "t.cfg:1: a panel needs 'widgets' or a 'title'");
    EXPECT("panels = ( { cell = [0, 0, 1, 1]; rect = [0, 0, 1, 1]; portrait = [0, 0, 7, 1];\n"
           "  title = { type = \"readout\"; cell = [0, 0, 1, 1]; }; } );\n",
           "t.cfg:1: give 'cell' or 'rect', not both",
           "t.cfg:1: 'portrait' [0, 0, 7, 1] does not fit the 6 x 24 grid",
           "t.cfg:2: a panel title is always a title widget; remove 'type'",
           "t.cfg:2: a panel title sits across the top; give it 'height', not 'cell' or 'rect'");
    EXPECT("panels = ( { cell = [0, 0, 1, 1]; widgets = (\n"
           "  { type = \"rulers\"; value = \"x\"; },\n"
           "  { type = \"readout\"; items = ( { label = \"A\"; } ); sub = \"{a\"; },\n"
           "  { type = \"readout\"; value = \"x\"; history = 10; }\n"
           "); } );\n",
           "t.cfg:2: unknown key 'value' in rulers widget",
           "t.cfg:3: 'sub': unbalanced braces in \"{a\"",
           "t.cfg:3: an item needs 'value'",
           "t.cfg:4: 'history' only applies to graph widgets");
}

static void test_thresholds_validation(void **state)
{
    (void)state;
    EXPECT("panels = ( { cell = [0, 0, 1, 1]; widgets = (\n"
           "  { type = \"readout\"; value = \"x\"; thresholds = { hysteresis = 1; }; },\n"
           "  { type = \"readout\"; value = \"x\";\n"
           "    thresholds = { caution = 20; alert = 30; direction = \"below\"; cuation = 1; }; },\n"
           "  { type = \"readout\"; value = \"x\"; thresholds = { caution = 1; hysteresis = -1; }; }\n"
           "); } );\n",
           "t.cfg:2: thresholds: give at least one of caution, alert, emergency",
           "t.cfg:4: unknown key 'cuation' in thresholds (did you mean 'caution'?)",
           "t.cfg:4: thresholds: 'alert' (30) must be at or below 'caution' (20) for direction "
           "\"below\"",
           "t.cfg:5: 'hysteresis' is -1, must be at least 0");
}

/* label_fields belong to JSON-lines sources; tested once that kind is built. */
static void test_jsonl_label_fields(void **state)
{
    (void)state;
    if (!source_kind_for_spec("jsonl:-"))
        skip();
    struct diag d;
    diag_init(&d, "t.cfg");
    struct layout *l = layout_parse_string(
        "sources = ( { spec = \"jsonl:-\"; label_fields = [\"run\", \"phase\"]; } );\n"
        "panels = ( { cell = [0, 0, 1, 1]; widgets = ( { type = \"rulers\"; } ); } );\n",
        "t.cfg", &d);
    assert_non_null(l);
    assert_int_equal(l->sources[0].desc.label_field_count, 2);
    assert_string_equal(l->sources[0].desc.label_fields[1], "phase");
    layout_free(l);
    diag_free(&d);
}

/* How a scrape or promql source logs in; files are named relative to the
 * layout's folder, as Prometheus does with its configuration's files. */
static void test_source_http(void **state)
{
    (void)state;
    struct diag d;
    diag_init(&d, "conf/t.cfg");
    struct layout *l = layout_parse_string(
        "sources = ( { spec = \"scrape:https://h/m\"; headers = [\"X-Scope-OrgID: a\"];\n"
        "  bearer_token_file = \"secrets/token\"; ca_file = \"/etc/ca.pem\";\n"
        "  cert_file = \"c.pem\"; key_file = \"c.key\"; insecure_skip_verify = true; },\n"
        "  { server = \"http://p:9090\"; query = \"up\"; username = \"u\"; password_file = \"pw\"; } );\n"
        "panels = ( { cell = [0, 0, 1, 1]; widgets = ( { type = \"rulers\"; } ); } );\n",
        "conf/t.cfg", &d);
    if (!l)
        diag_print(&d, stderr);
    assert_non_null(l);
    const struct source_http *h = &l->sources[0].desc.http;
    assert_int_equal(h->header_count, 1);
    assert_string_equal(h->headers[0], "X-Scope-OrgID: a");
    assert_string_equal(h->bearer_token_file, "conf/secrets/token");
    assert_string_equal(h->ca_file, "/etc/ca.pem");
    assert_string_equal(h->cert_file, "conf/c.pem");
    assert_string_equal(h->key_file, "conf/c.key");
    assert_true(h->insecure_skip_verify);
    h = &l->sources[1].desc.http;
    assert_string_equal(h->username, "u");
    assert_string_equal(h->password_file, "conf/pw");
    assert_null(h->bearer_token_file);
    layout_free(l);
    diag_free(&d);
    EXPECT("sources = ( { spec = \"linux\";\n"
           "  ca_file = \"x\"; } );\n"
           "panels = ( { cell = [0, 0, 1, 1]; widgets = ( { type = \"rulers\"; } ); } );\n",
           "t.cfg:1: 'headers', 'bearer_token_file' and the TLS keys only apply to scrape and "
           "promql sources");
    EXPECT("sources = ( { spec = \"scrape:http://h/m\";\n"
           "  headers = [\"Ok: 1\", \"Bad\"]; } );\n"
           "panels = ( { cell = [0, 0, 1, 1]; widgets = ( { type = \"rulers\"; } ); } );\n",
           "t.cfg:2: headers entry 2: a header is written \"Name: value\"");
    EXPECT("sources = ( { spec = \"scrape:http://h/m\"; password_file = \"p\"; } );\n"
           "panels = ( { cell = [0, 0, 1, 1]; widgets = ( { type = \"rulers\"; } ); } );\n",
           "t.cfg:1: 'password_file' needs 'username'");
}

static void test_bad_selector(void **state)
{
    (void)state;
    /* The text after the prefix is the selector parser's own message. */
    EXPECT("panels = ( { cell = [0, 0, 1, 1]; widgets = (\n"
           "  { type = \"readout\"; value = \"rate(node_cpu_seconds_total[5m]\"; },\n"
           "  { type = \"readout\"; value = \"up\"; max = \"sum(\"; }\n"
           "); } );\n",
           "t.cfg:2: bad selector in 'value': column 32: expected ',' or ')', found the end",
           "t.cfg:3: bad selector in 'max': column 5: unexpected end of input");
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* How many errors the last parse_main gave. */
static size_t main_errors;

/* Parses DIR/main.cfg and returns its first error line ("" when it parsed). */
static const char *parse_main(const char *dir, char *buf, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/main.cfg", dir);
    struct diag d;
    diag_init(&d, "main.cfg");
    struct layout *l = layout_parse_file(path, &d);
    buf[0] = 0;
    main_errors = d.n;
    if (l) {
        assert_int_equal(d.n, 0);
    } else {
        assert_true(d.n >= 1);
        diag_line(&d, 0, buf, size);
    }
    layout_free(l);
    diag_free(&d);
    return buf;
}

/* @include: found under the layout's folder; a folder, a FIFO or endless
 * nesting is refused with the including line before libconfig opens it (its
 * scanner would end the process or block); an error inside an included file
 * names that file and its line. */
static void test_includes(void **state)
{
    (void)state;
    char dir[] = "/tmp/magi_include_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char buf[512], sub[300];
    const char *panels = "panels = ( { cell = [0, 0, 12, 12]; widgets = ( { type = \"rulers\"; } ); } );\n";
    put(dir, "panels.cfg", panels);
    put(dir, "main.cfg", "version = 1;\n  @include \"panels.cfg\"\n");
    assert_string_equal(parse_main(dir, buf, sizeof buf), "");

    snprintf(sub, sizeof sub, "%s/parts", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(dir, "main.cfg", "version = 1;\n\n@include \"parts\"\n");
    assert_string_equal(parse_main(dir, buf, sizeof buf),
                        "main.cfg:3: @include \"parts\": not a regular file");

    snprintf(sub, sizeof sub, "%s/pipe", dir);
    assert_int_equal(mkfifo(sub, 0600), 0);
    put(dir, "main.cfg", "version = 1;\n@include \"panels.cfg\"\n@include \"pipe\"\n");
    assert_string_equal(parse_main(dir, buf, sizeof buf),
                        "main.cfg:3: @include \"pipe\": not a regular file");

    /* nested: reported at the layout's own line */
    put(dir, "a.cfg", "# a\n@include \"parts\"\n");
    put(dir, "main.cfg", "version = 1;\n@include \"a.cfg\"\n");
    assert_string_equal(parse_main(dir, buf, sizeof buf),
                        "main.cfg:2: @include \"parts\": not a regular file");
    put(dir, "a.cfg", "@include \"a.cfg\"\n");
    assert_string_equal(parse_main(dir, buf, sizeof buf),
                        "main.cfg:2: @include \"a.cfg\": nested more than 10 deep");

    /* a file that includes itself twice: one message, then nothing more */
    put(dir, "a.cfg", "@include \"a.cfg\"\n@include \"a.cfg\"\n");
    put(dir, "main.cfg", "version = 1;\n@include \"a.cfg\"\n");
    assert_string_equal(parse_main(dir, buf, sizeof buf),
                        "main.cfg:2: @include \"a.cfg\": nested more than 10 deep");
    assert_int_equal(main_errors, 1);
    /* too many files in all */
    {
        char many[300 * 24 + 32] = "version = 1;\n";
        for (int i = 0; i < 300; i++)
            strcat(many, "@include \"bad.cfg\"\n");
        put(dir, "bad.cfg", "# empty\n");
        put(dir, "main.cfg", many);
        assert_string_equal(parse_main(dir, buf, sizeof buf),
                            "main.cfg:258: @include \"bad.cfg\": more than 256 included files in all");
    }

    put(dir, "main.cfg", "version = 1;\n@include \"none.cfg\"\n");
    assert_string_equal(parse_main(dir, buf, sizeof buf),
                        "main.cfg:2: @include \"none.cfg\": No such file or directory");

    put(dir, "bad.cfg", "name = \"x\";\nfoo = ;\n");
    put(dir, "main.cfg", "version = 1;\n@include \"bad.cfg\"\n");
    assert_string_equal(parse_main(dir, buf, sizeof buf), "main.cfg: bad.cfg:2: syntax error");

    /* the layout itself must be a regular file too */
    snprintf(sub, sizeof sub, "%s/pipe", dir);
    struct diag d;
    diag_init(&d, "pipe");
    assert_null(layout_parse_file(sub, &d));
    assert_string_equal(diag_line(&d, 0, buf, sizeof buf),
                        "pipe: cannot read the layout file: not a regular file");
    diag_free(&d);

    const char *names[] = {"panels.cfg", "main.cfg", "a.cfg", "bad.cfg", "pipe", "parts"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, names[i]);
        assert_int_equal(remove(sub), 0);
    }
    assert_int_equal(rmdir(dir), 0);
}

static void test_file_and_names(void **state)
{
    (void)state;
    struct diag d;
    diag_init(&d, NULL);
    struct layout *l = layout_parse_file("/nonexistent/dir/x.cfg", &d);
    assert_null(l);
    char buf[256];
    assert_int_equal(d.n, 1);
    assert_string_equal(diag_line(&d, 0, buf, sizeof buf), "<layout>: cannot read the layout file");
    diag_free(&d);

    char path[256];
    bool emb;
    layout_resolve("cluster", path, sizeof path, &emb);
    assert_true(emb);
    assert_string_equal(path, "assets/layouts/cluster.cfg");
    layout_resolve("./my.cfg", path, sizeof path, &emb);
    assert_false(emb);
    assert_string_equal(path, "./my.cfg");
    /* No argument: $XDG_CONFIG_HOME/magi/layout.cfg if present, else system. */
    setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
    layout_resolve(NULL, path, sizeof path, &emb);
    assert_true(emb);
    assert_string_equal(path, "assets/layouts/system.cfg");
    char dir[] = "/tmp/magi_layout_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[300], file[320];
    snprintf(sub, sizeof sub, "%s/magi", dir);
    mkdir(sub, 0700);
    snprintf(file, sizeof file, "%s/layout.cfg", sub);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("panels = ( { cell = [0, 0, 12, 12]; widgets = ( { type = \"rulers\"; } ); } );\n", f);
    fclose(f);
    setenv("XDG_CONFIG_HOME", dir, 1);
    layout_resolve(NULL, path, sizeof path, &emb);
    assert_false(emb);
    assert_string_equal(path, file);
    diag_init(&d, NULL);
    l = layout_load(NULL, &d);
    assert_non_null(l);
    assert_string_equal(l->name, "layout");
    assert_string_equal(l->path, file);
    layout_free(l);
    diag_free(&d);
    unlink(file);
    rmdir(sub);
    rmdir(dir);
}

/* Every shipped layout is valid (they are the worked examples). */
static void test_shipped_layouts_valid(void **state)
{
    (void)state;
    for (const char *const *n = layout_shipped; *n; n++) {
        char path[128];
        snprintf(path, sizeof path, "assets/layouts/%s.cfg", *n);
        if (!resource_find(path)) {
            fprintf(stderr, "%s not embedded (yet)\n", path);
            continue;
        }
        struct diag d;
        diag_init(&d, NULL);
        struct layout *l = layout_load(*n, &d);
        if (!l) {
            diag_print(&d, stderr);
            fail_msg("shipped layout %s is invalid", *n);
        }
        layout_free(l);
        diag_free(&d);
    }
}

/* docs/LAYOUT.md documents every widget type and each of its keys. */
static void test_docs_cover_every_key(void **state)
{
    (void)state;
    const char *root = getenv("MAGI_DATA_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/docs/LAYOUT.md", root ? root : ".");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char doc[1 << 20];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = 0;
    for (size_t i = 0; i < wtype_count(); i++) {
        const struct wtype *t = wtype_at(i);
        char head[96];
        snprintf(head, sizeof head, "### `%s`", t->name);
        const char *sec = strstr(doc, head);
        if (!sec)
            fail_msg("docs/LAYOUT.md has no section for %s", t->name);
        const char *next = strstr(sec + 1, "\n### ");
        for (int k = 0; k < t->nkeys; k++) {
            char key[96];
            snprintf(key, sizeof key, "| `%s` |", t->keys[k].name);
            const char *at = strstr(sec, key);
            if (!at || (next && at > next))
                fail_msg("docs/LAYOUT.md: %s's key %s is not documented", t->name,
                         t->keys[k].name);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_layout),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_values_out_of_range),
        cmocka_unit_test(test_sources_and_formats),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_thresholds_validation),
        cmocka_unit_test(test_jsonl_label_fields),
        cmocka_unit_test(test_source_http),
        cmocka_unit_test(test_bad_selector),
        cmocka_unit_test(test_file_and_names),
        cmocka_unit_test(test_includes),
        cmocka_unit_test(test_shipped_layouts_valid),
        cmocka_unit_test(test_docs_cover_every_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
