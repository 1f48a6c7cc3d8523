/* main: parses the command line and runs the chosen mode. */
#include <stdio.h>

#include "app/app.h"
#include "app/cli.h"
#include "platform/heap.h"

int main(int argc, char **argv)
{
    heap_tune();
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
