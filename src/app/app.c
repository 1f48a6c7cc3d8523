/* app: the live display (app_display). Opens the window the command line
 * asks for (--windowed WxH, --fullscreen, --monitor) and runs the frame loop
 * until q is pressed, the window is closed, or SIGTERM / SIGINT arrives; the
 * exit path is the same in every case, so the screensaver and DPMS are
 * always given back. */
#include "app/app.h"

#include <math.h>

#include "app/loop.h"
#include "app/session.h"
#include "platform/burnin.h"
#include "platform/signals.h"

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
    if (!session_open(&s, o, &d)) {
        signals_start(NULL);
        signals_stop();
        return 1;
    }
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
