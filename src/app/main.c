/* main: parses the command line and runs the chosen mode. */
#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/cli.h"
#include "platform/heap.h"

/* NVIDIA's driver waits for the GPU (a swap, a full command queue) by
 * calling sched_yield in a loop, which keeps a core busy for as long as the
 * GPU takes: at 60 frames a second that is most of the process's CPU. With
 * USLEEP it sleeps instead (KWin sets the same for the same reason). Read
 * when the driver loads, so set before any window or context; a value the
 * user gave is kept; other drivers ignore it. */
static void gl_driver_env(void) { setenv("__GL_YIELD", "USLEEP", 0); }

int main(int argc, char **argv)
{
    heap_tune();
    gl_driver_env();
    struct cli_options o;
    if (!cli_parse(argc, argv, &o))
        return 2;
    switch (o.mode) {
    case CLI_VERSION:
        printf("magi %s\n", MAGI_VERSION);
        return 0;
    case CLI_HELP:
        cli_print_help();
        return 0;
    case CLI_LIST_MONITORS:
        return app_list_monitors(&o);
    case CLI_LIST_METRICS:
        return app_list_metrics(&o);
    case CLI_CHECK_CONFIG:
        return app_check_config(&o);
    case CLI_SCREENSHOT:
        return app_screenshot(&o);
    case CLI_RECORD:
        return app_record(&o);
    case CLI_BENCH:
        return app_bench(&o);
    case CLI_SOAK:
        return app_soak(&o);
    case CLI_DISPLAY:
        break;
    }
    return app_display(&o);
}
