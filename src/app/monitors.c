/* monitors: --list-monitors (CLI.md). */
#include "app/app.h"

#include <stdio.h>

#include "platform/window.h"

int app_list_monitors(const struct cli_options *o)
{
    (void)o;
    int n = window_list_monitors(stdout);
    return n < 0 ? 1 : 0;
}
