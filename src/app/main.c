/* main: parses the command line and runs the chosen mode. */
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "app/app.h"
#include "app/cli.h"

/* Fixed heap thresholds for a process that runs for days. By default glibc
 * raises its mmap threshold to the size of the largest block freed and trims
 * the heap's top whenever twice that lies free; the GL driver allocates and
 * frees about a megabyte of work buffers every frame, so the heap shrank and
 * grew back each frame: page faults that were 60 % of a small window's frame
 * (--soak at 320x180: 9.4 -> 3.8 ms CPU per frame), and RSS that swung by a
 * megabyte depending on the moment it was read. Blocks of 4 MiB and more
 * (glyph atlas copies, a source's large responses) still get their own
 * mappings and go back when freed. */
static void tune_heap(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv)
{
    tune_heap();
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
