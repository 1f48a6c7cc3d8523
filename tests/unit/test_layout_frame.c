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
#include <string.h>
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

int main(void)
{
    log_set_level(LOG_ERROR);
    shared_text = text_create(&(struct text_desc){.no_system_fallback = true});
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emergency_stamp_hides_nothing),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    text_destroy(shared_text);
    return rc;
}
