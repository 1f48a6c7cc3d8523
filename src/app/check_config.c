/* check_config: `magi --check-config FILE` (CLI.md). Parses and fully
 * validates a layout; prints every problem as FILE:LINE: message on stderr.
 * FILE may also name a shipped layout (system, cluster, training, demo). */
#include <stdio.h>

#include "app/app.h"
#include "layout/layout.h"

int app_check_config(const struct cli_options *o)
{
    struct diag d;
    diag_init(&d, o->check_file);
    struct layout *l = layout_load(o->check_file, &d);
    if (!l) {
        if (d.n == 0)
            diag_add(&d, 0, "invalid layout");
        diag_print(&d, stderr);
        diag_free(&d);
        return 2;
    }
    int widgets = 0;
    for (int p = 0; p < l->npages; p++)
        for (int i = 0; i < l->pages[p].npanels; i++)
            widgets += l->pages[p].panels[i].nwidgets + (l->pages[p].panels[i].title ? 1 : 0);
    printf("%s: valid: %d page%s, %d widget%s, %d source%s\n", d.file, l->npages,
           l->npages == 1 ? "" : "s", widgets, widgets == 1 ? "" : "s", l->nsources,
           l->nsources == 1 ? "" : "s");
    layout_free(l);
    diag_free(&d);
    return 0;
}
