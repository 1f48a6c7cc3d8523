/* app: the live display (app_display). Opens the window the command line
 * asks for (--windowed WxH, --fullscreen, --monitor) and runs the frame loop
 * until q is pressed, the window is closed, or SIGTERM / SIGINT arrives; the
 * exit path is the same in every case, so the screensaver and DPMS are
 * always given back. */
#include "app/app.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/loop.h"
#include "app/session.h"
#include "core/log.h"
#include "platform/burnin.h"
#include "platform/display_config.h"
#include "platform/signals.h"
#include "render/gl_context.h"

/* Mesa's llvmpipe hands every pass to its rasteriser threads (one per core)
 * and waits for them. On a machine of two cores or fewer that hand-off
 * costs the live display more than the threads save it: a settled screen
 * redraws small rectangles through ten passes a second, and measured side
 * by side it used 17-20 % less CPU without the threads, while a whole frame
 * took 1.5x as long (docs/PERFORMANCE.md "Live display"). Set before the
 * GL context exists, only when the user has not chosen; other drivers
 * ignore it. Returns the number of cores when it was set, else 0. */
static long software_threads_off(void)
{
    if (getenv("LP_NUM_THREADS"))
        return 0;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1 || n > 2)
        return 0;
    return setenv("LP_NUM_THREADS", "0", 0) == 0 ? n : 0;
}

int app_display(const struct cli_options *o)
{
    /* Before any thread exists, so only this one takes the signals. */
    signals_hold();
    struct session s;
    struct session_desc d = {
        .w = o->win_w,
        .h = o->win_h,
        .fullscreen = o->fullscreen,
        .monitor = o->monitor,
        .live = true,
        .allow_blanking = o->allow_blanking,
    };
    long cores = software_threads_off();
    if (!session_open(&s, o, &d)) {
        signals_start(NULL);
        signals_stop();
        return 1;
    }
    if (cores && display_renderer_is_software(gl_context_renderer()))
        log_info("render", "%ld core%s: software GL draws without llvmpipe's rasteriser threads "
                 "(LP_NUM_THREADS=N to choose)", cores, cores > 1 ? "s" : "");
    struct loop_desc ld = {
        .fps_cap = o->fps,
        .keep_screen_on = !o->allow_blanking,
        .ambient_idle = s.display.ambient_idle,
        .pixel_shift = o->pixel_shift_set ? o->pixel_shift : BURNIN_DEFAULT_RANGE,
    };
    struct loop *l = loop_create(&s, &ld);
    if (!l) {
        session_close(&s);
        signals_start(NULL);
        signals_stop();
        return 1;
    }
    /* Signals only set flags; the loop acts on them (platform/signals.h). */
    bool sig = signals_start(window_wake);
    loop_run(l, INFINITY, NULL);
    if (sig)
        signals_stop();
    loop_destroy(l);
    session_close(&s);
    return 0;
}
