/* What the layout content draws over the page, on screens of every shape:
 * the red frame's EMERGENCY stamp hides nothing of the page. Driven through
 * layout_content headless on the demo source at fixed times, drawn into a
 * recording batch with the real motifs. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/clock.h"
#include "core/log.h"
#include "layout/layout_content.h"
#include "layout/units.h"
#include "render/batch.h"
#include "render/text.h"

static struct text *shared_text;

static const struct {
    int w, h;
} screens[] = {
    {1280, 720}, {1920, 1080}, {3840, 2160}, /* 16:9 */
    {1024, 768},                            /* 4:3 */
    {2560, 1080},                           /* 21:9 */
    {1080, 1920},                           /* portrait */
};

static float u_of(int w, int h)
{
    struct units un;
    units_init(&un, (float)w, (float)h);
    return un.u;
}

struct frame {
    struct content c;
    struct batch *b;
    double t;
};

static void frame_open(struct frame *f, const char *layout, double t)
{
    memset(f, 0, sizeof *f);
    struct cli_options o = {.mode = CLI_SCREENSHOT, .layout = layout, .demo = true,
                            .time = t, .time_set = true, .seed = 7};
    assert_true(layout_content_open(&o, &(struct layout_content_desc){.live = false}, &f->c));
    f->b = batch_create(&(struct batch_desc){.record = true});
    f->t = t;
}

static void frame_close(struct frame *f)
{
    f->c.destroy(f->c.self);
    batch_destroy(f->b);
}

static void frame_draw(struct frame *f, int w, int h)
{
    batch_clear(f->b);
    text_bind_batch(shared_text, f->b);
    double wake = INFINITY;
    struct draw_ctx ctx = {.b = f->b, .text = shared_text, .pal = palette_default(), .t = f->t,
                           .wall = CLOCK_SIM_EPOCH + f->t, .u = u_of(w, h),
                           .screen_w = (float)w, .screen_h = (float)h, .anim_rate = 1,
                           .wake_at = &wake};
    f->c.draw(f->c.self, &ctx);
}

static bool overlap(const struct batch_cmd *a, const struct batch_cmd *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
           b->y < a->y + a->h;
}

/* The stamp: the last "EMERGENCY" text and the filled box drawn for it. */
static void stamp_clear_of_the_page(struct frame *f, int w, int h)
{
    size_t n;
    const struct batch_cmd *c = batch_commands(f->b, &n);
    long text = -1;
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_TEXT && c[i].text && strcmp(c[i].text, "EMERGENCY") == 0)
            text = (long)i;
    assert_true(text >= 0);
    long box = -1;
    for (long i = text - 1; i >= 0 && box < 0; i--)
        if (c[i].op == BATCH_OP_RECT && c[i].x <= c[text].x && c[i].y <= c[text].y &&
            c[i].x + c[i].w >= c[text].x + c[text].w && c[i].y + c[i].h >= c[text].y + c[text].h)
            box = i;
    assert_true(box >= 0);
    const struct batch_cmd *s = &c[box];
    if (!(s->x >= 0 && s->y >= 0 && s->x + s->w <= (float)w && s->y + s->h <= (float)h))
        fail_msg("%dx%d: the stamp [%g %g %g %g] leaves the screen", w, h, s->x, s->y, s->w,
                 s->h);
    float u = u_of(w, h);
    if (s->h < 1.6f * u)
        fail_msg("%dx%d: the stamp is %g px tall, too small to read", w, h, s->h);
    /* nothing of the page (drawn before the frame) under it */
    for (long i = 0; i < box; i++)
        if (c[i].op == BATCH_OP_TEXT && c[i].text && c[i].w > 0 && overlap(&c[i], s))
            fail_msg("%dx%d: the stamp [%g %g %g %g] covers '%s' at [%g %g %g %g]", w, h, s->x,
                     s->y, s->w, s->h, c[i].text, c[i].x, c[i].y, c[i].w, c[i].h);
}

static void test_emergency_stamp_hides_nothing(void **state)
{
    (void)state;
    /* the system layout at its emergency; the demo layout's vote under the red frame */
    static const struct {
        const char *layout;
        double t;
    } cases[] = {{"system", 74}, {"demo", 97}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
            struct frame f;
            frame_open(&f, cases[k].layout, cases[k].t);
            frame_draw(&f, screens[i].w, screens[i].h);
            stamp_clear_of_the_page(&f, screens[i].w, screens[i].h);
            frame_close(&f);
        }
    }
}

/* --- the d key ------------------------------------------------------------------------ */

static bool drew(struct frame *f, const char *s)
{
    size_t n;
    const struct batch_cmd *c = batch_commands(f->b, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].op == BATCH_OP_TEXT && c[i].text && strstr(c[i].text, s))
            return true;
    return false;
}

/* The shipped system layout on the linux source, rooted at the fixture tree
 * (a quiet machine: nothing near a threshold). */
static void live_system(char *path, size_t size)
{
    const char *top = getenv("MAGI_DATA_DIR");
    assert_non_null(top);
    char src[4096];
    snprintf(src, sizeof src, "%s/assets/layouts/system.cfg", top);
    FILE *in = fopen(src, "r");
    assert_non_null(in);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = 0;
    const char *from = "sources = ( { spec = \"linux\"; interval = 1.0; } );";
    char *at = strstr(text, from);
    assert_non_null(at);
    snprintf(path, size, "/tmp/magi_drill_%d.cfg", (int)getpid());
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fwrite(text, 1, (size_t)(at - text), out);
    fprintf(out, "sources = ( { spec = \"linux\"; root = \"%s/tests/fixtures/linux\"; } );",
            top);
    fputs(at + strlen(from), out);
    fclose(out);
}

static void frame_open_live(struct frame *f, const char *layout)
{
    memset(f, 0, sizeof *f);
    struct cli_options o = {.mode = CLI_DISPLAY, .layout = layout, .seed = 7};
    assert_true(layout_content_open(&o, &(struct layout_content_desc){.live = false}, &f->c));
    f->b = batch_create(&(struct batch_desc){.record = true});
}

/* A live screen: d plays the demo incident over it as a drill, marked as
 * one, takeover and all, then the live data comes back. */
static void test_d_drills_a_live_screen(void **state)
{
    (void)state;
    char path[64];
    live_system(path, sizeof path);
    struct frame f;
    frame_open_live(&f, path);
    f.t = 100;
    frame_draw(&f, 1920, 1080);
    assert_true(drew(&f, "SOURCE: LINUX"));
    assert_false(drew(&f, "DRILL"));
    enum level live = f.c.level(f.c.self);
    assert_true(live < LEVEL_EMERGENCY);
    assert_true(f.c.key(f.c.self, 'd'));
    bool marked = false, takeover = false, red_frame = false;
    enum level worst = LEVEL_NOMINAL;
    for (double dt = 0.5; dt < 79.5; dt += 0.5) {
        f.t = 100 + dt;
        frame_draw(&f, 1920, 1080);
        assert_true(drew(&f, "SOURCE: DEMO") || drew(&f, "DRILL  //  "));
        marked = marked || drew(&f, "演習 DRILL");
        takeover = takeover || drew(&f, "DRILL  //  ");
        red_frame = red_frame || drew(&f, "DRILL EMERGENCY");
        if (f.c.level(f.c.self) > worst)
            worst = f.c.level(f.c.self);
        if (dt == 30) /* a second d does not restart it */
            assert_true(f.c.key(f.c.self, 'd'));
    }
    assert_true(marked && takeover && red_frame);
    assert_int_equal(worst, LEVEL_EMERGENCY); /* the post chain sees the drill's level */
    f.t = 100 + 81;
    frame_draw(&f, 1920, 1080);
    assert_true(drew(&f, "SOURCE: LINUX"));
    assert_false(drew(&f, "DRILL"));
    assert_int_equal(f.c.level(f.c.self), live);
    frame_close(&f);
    unlink(path);
}

/* A layout that reads nothing the demo plays says so on screen. */
static void test_d_on_a_layout_the_demo_cannot_drive(void **state)
{
    (void)state;
    struct frame f;
    frame_open_live(&f, "cluster");
    f.t = 10;
    frame_draw(&f, 1280, 720);
    assert_true(f.c.key(f.c.self, 'd'));
    f.t = 10.5;
    frame_draw(&f, 1280, 720);
    assert_true(drew(&f, "NO DRILL: THIS LAYOUT READS NOTHING THE DEMO SOURCE PLAYS"));
    assert_false(drew(&f, "SOURCE: DEMO"));
    f.t = 10 + 7;
    frame_draw(&f, 1280, 720);
    assert_false(drew(&f, "NO DRILL"));
    frame_close(&f);
}

/* A real emergency wins: no drill starts over it. */
static void test_no_drill_over_a_real_emergency(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/magi_real_%d.cfg", (int)getpid());
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs("sources = ( \"exec:echo 100\" );\n"
          "panels = ( { cell = [0, 0, 12, 12]; widgets = (\n"
          "  { type = \"readout\"; value = \"echo\"; label = \"PRESSURE\";\n"
          "    thresholds = { emergency = 50.0; }; },\n"
          "  { type = \"readout\"; value = \"node_load1\"; label = \"LOAD\"; } ); } );\n",
          out);
    fclose(out);
    struct frame f;
    frame_open_live(&f, path);
    f.t = 10;
    frame_draw(&f, 1280, 720);
    assert_int_equal(f.c.level(f.c.self), LEVEL_EMERGENCY);
    assert_true(f.c.key(f.c.self, 'd'));
    f.t = 10.5;
    frame_draw(&f, 1280, 720);
    assert_true(drew(&f, "NO DRILL DURING A REAL EMERGENCY"));
    assert_false(drew(&f, "DRILL  //  "));
    frame_close(&f);
    unlink(path);
}

/* With the demo source itself, d still jumps its clock to the incident. */
static void test_d_on_the_demo(void **state)
{
    (void)state;
    struct frame f;
    frame_open(&f, "system", 10);
    frame_draw(&f, 1280, 720);
    assert_true(f.c.key(f.c.self, 'd'));
    frame_draw(&f, 1280, 720);
    struct layout_content_stats st;
    layout_content_stats(f.c.self, &st);
    assert_true(st.data_shift == 30); /* second 10 of the loop to its second 40 */
    assert_false(drew(&f, "DRILL"));
    frame_close(&f);
}

int main(void)
{
    log_set_level(LOG_ERROR);
    shared_text = text_create(&(struct text_desc){.no_system_fallback = true});
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emergency_stamp_hides_nothing),
        cmocka_unit_test(test_d_drills_a_live_screen),
        cmocka_unit_test(test_d_on_a_layout_the_demo_cannot_drive),
        cmocka_unit_test(test_no_drill_over_a_real_emergency),
        cmocka_unit_test(test_d_on_the_demo),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    text_destroy(shared_text);
    return rc;
}
