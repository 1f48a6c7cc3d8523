/* list_metrics: `magi --list-metrics`, as ../shared/CLI.md says.
 *
 * Polls every source twice about a second apart (so rate() has two samples
 * to work with), in parallel so a dead source costs its timeout once, then
 * prints every series in the text exposition format. A source that fails is
 * reported on stderr by the poller as one line naming it and why; the exit
 * status is 0 only if every source answered. Sources come from --source (or
 * just the demo source with --demo); without either, the default `system`
 * layout's source, `linux`. */
#include <stdio.h>
#include <time.h>

#include "app/app.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/store.h"
#include "sources/prom_text.h"
#include "sources/source.h"

static void sleep_until_mono(double t)
{
    double now = clock_mono();
    if (now >= t)
        return;
    double d = t - now;
    struct timespec ts = {(time_t)d, (long)((d - (double)(time_t)d) * 1e9)};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

int app_list_metrics(const struct cli_options *o)
{
    const char *specs[CLI_MAX_SOURCES + 1];
    int n = 0;
    if (o->demo) {
        specs[n++] = "demo";
    } else {
        for (int i = 0; i < o->source_count; i++)
            specs[n++] = o->sources[i];
        if (n == 0)
            specs[n++] = "linux"; /* the built-in system layout's source */
    }
    if (o->layout)
        log_warn("list-metrics", "--layout %s: reading a layout's sources is not built yet; "
                                 "listing the --source ones",
                 o->layout);

    struct store *store = store_create(NULL);
    struct sources *ss = sources_create(&(struct sources_desc){.store = store});
    if (!store || !ss) {
        log_error("list-metrics", "out of memory");
        return 1;
    }
    int bad_specs = 0;
    for (int i = 0; i < n; i++) {
        char err[512];
        struct source_desc d = {.spec = specs[i], .one_shot = true};
        if (!sources_add(ss, &d, err, sizeof err)) {
            log_error("source", "%s", err);
            bad_specs++;
        }
    }

    int failed = 0;
    if (sources_count(ss) > 0) {
        double t0 = clock_mono();
        failed = sources_poll_all(ss, clock_wall());
        if ((size_t)failed < sources_count(ss)) {
            sleep_until_mono(t0 + 1.0);
            failed = sources_poll_healthy(ss, clock_wall());
        }
    }

    store_read_lock(store);
    prom_text_write_store(stdout, store);
    store_read_unlock(store);
    bool write_failed = fflush(stdout) != 0 || ferror(stdout);
    if (write_failed)
        log_error("list-metrics", "cannot write the listing to stdout");

    sources_destroy(ss);
    store_destroy(store);
    return failed == 0 && bad_specs == 0 && !write_failed ? 0 : 1;
}
