/* libFuzzer target for whole layouts: arbitrary text is written to a layout
 * file and opened the way `magi --layout FILE --demo --screenshot` opens it
 * (parse, scene, the demo source polled over the past and replayed through
 * the widgets and the escalation), then drawn into a recording batch with the
 * real motifs and fonts on a landscape and a portrait screen, through a page
 * turn and a reload, moving and settled (draw_ctx motion_until). A layout is
 * what users edit by hand and hot-reload on a screen that stays up for days:
 * whatever it says may be refused with an error, never crash, hang or read
 * out of bounds. The demo source stands in for the layout's own sources, so
 * nothing the input names is run or fetched. Seeds: the shipped layouts and
 * the test fixtures (tests/CMakeLists.txt). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "layout/layout_content.h"
#include "layout/units.h"
#include "render/batch.h"
#include "render/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct text *text;
static struct batch *batch;
static char path[64];
static int fd = -1;

static void remove_file(void)
{
    unlink(path);
}

static void setup(void)
{
    log_set_level(LOG_QUIET);  /* refusals are expected: keep the run quiet */
    text = text_create(&(struct text_desc){.no_system_fallback = true});
    batch = batch_create(&(struct batch_desc){.record = true});
    snprintf(path, sizeof path, "/tmp/magi_fuzz_layout_XXXXXX.cfg");
    fd = mkstemps(path, 4);
    if (!text || !batch || fd < 0)
        __builtin_trap();
    atexit(remove_file);
}

/* motion_until: 0 = moving; else the picture settled then (draw_ctx). */
static void draw(struct content *c, double t, int w, int h, double motion_until)
{
    struct units un;
    units_init(&un, (float)w, (float)h);
    batch_clear(batch);
    text_bind_batch(text, batch);
    double wake = INFINITY;
    struct draw_ctx ctx = {.b = batch, .text = text, .pal = palette_default(), .t = t,
                           .wall = CLOCK_SIM_EPOCH + t, .u = un.u, .screen_w = (float)w,
                           .screen_h = (float)h, .anim_rate = 1, .motion_until = motion_until,
                           .wake_at = &wake};
    c->draw(c->self, &ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!text)
        setup();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        __builtin_trap();
    /* Before the incident, and in the emergency after the takeover. */
    double t = size % 2 ? 74 : 20;
    struct cli_options o = {.mode = CLI_SCREENSHOT, .layout = path, .demo = true,
                            .time = t, .time_set = true, .seed = 7};
    struct content c;
    if (!layout_content_open(&o, &(struct layout_content_desc){.live = false}, &c))
        return 0;
    draw(&c, t, 1280, 720, 0);
    draw(&c, t + 0.5, 720, 1280, 0);
    if (c.key)
        c.key(c.self, 'n');
    draw(&c, t + 1, 1920, 1080, t + 0.7);
    layout_content_request_reload(c.self);
    draw(&c, t + 2, 640, 360, t + 0.7);
    c.destroy(c.self);
    return 0;
}
