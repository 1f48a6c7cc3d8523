/* app: the entry points main() dispatches to, one per mode of cli.h.
 * Each returns the process exit status. */
#ifndef MAGI_APP_APP_H
#define MAGI_APP_APP_H

#include "app/cli.h"

int app_display(const struct cli_options *o);       /* app.c: the live display */
int app_list_monitors(const struct cli_options *o); /* monitors.c */
int app_list_metrics(const struct cli_options *o);  /* list_metrics.c */
int app_check_config(const struct cli_options *o);  /* check_config.c */
int app_screenshot(const struct cli_options *o);    /* capture.c */
int app_record(const struct cli_options *o);        /* capture.c */
int app_bench(const struct cli_options *o);         /* bench.c */
int app_soak(const struct cli_options *o);          /* soak.c */

#endif
