/* app: the live display (app_display). Opens the window the command line
 * asks for (--windowed WxH, --fullscreen, --monitor) and runs the frame loop
 * until q is pressed or the window is closed. */
#include "app/app.h"

#include <math.h>

#include "app/loop.h"
#include "app/session.h"

int app_display(const struct cli_options *o)
{
    struct session s;
    struct session_desc d = {
        .w = o->win_w,
        .h = o->win_h,
        .fullscreen = o->fullscreen,
        .monitor = o->monitor,
    };
    if (!session_open(&s, o, &d))
        return 1;
    struct loop_desc ld = {
        .fps_cap = o->fps,
        .keep_screen_on = !o->allow_blanking,
    };
    struct loop *l = loop_create(&s, &ld);
    if (!l) {
        session_close(&s);
        return 1;
    }
    loop_run(l, INFINITY, NULL);
    loop_destroy(l);
    session_close(&s);
    return 0;
}
