/* list_metrics: `magi --list-metrics`, as ../shared/CLI.md says.
 *
 * Polls every source twice about a second apart (so rate() has two samples
 * to work with), in parallel so a dead source costs its timeout once, then
 * prints every series in the text exposition format. A source that fails is
 * reported on stderr by the poller as one line naming it and why; the exit
 * status is 0 only if every source answered.
 *
 * Which sources: with --demo, only the demo source. Otherwise the layout's
 * sources (the --layout one, or the default layout when no --source is given)
 * followed by every --source. So `--list-metrics --source scrape:URL` lists
 * just that exporter, and a bare `--list-metrics` what the default display
 * would poll (this machine, `linux`, while no layout is shipped).
 *
 * With --query EXPR it prints what that selector answers over the same
 * sources instead: what a widget bound to it would see, for writing layouts
 * and for checking the selector against a Prometheus server. */
#include <stdio.h>
#include <time.h>

#include "app/app.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/selector.h"
#include "core/store.h"
#include "layout/diag.h"
#include "layout/layout.h"
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

/* The selector's answer, one line per result: `name{labels} value`, a
 * result without a name as `{labels} value`, `# stale` after a stale one. */
static bool print_query(const struct selector *sel, struct store *store)
{
    struct sel_result r;
    sel_result_init(&r);
    store_read_lock(store);
    selector_eval(sel, store, clock_wall(), &r);
    store_read_unlock(store);
    for (size_t i = 0; i < r.n; i++) {
        const struct sel_value *v = &r.v[i];
        prom_text_write_sample(stdout, sel_value_label(v, "__name__"), v->labels, v->nlabels,
                               v->value);
        fputs(v->stale ? " # stale\n" : "\n", stdout);
    }
    bool ok = !r.error[0];
    if (!ok)
        log_error("list-metrics", "--query: %s", r.error);
    sel_result_free(&r);
    return ok;
}

int app_list_metrics(const struct cli_options *o)
{
    struct selector *sel = NULL;
    if (o->query) {
        char perr[256];
        sel = selector_parse(o->query, perr, sizeof perr);
        if (!sel) {
            fprintf(stderr, "magi: --query: %s\n", perr);
            return 2;
        }
    }
    struct store *store = store_create(NULL);
    struct sources *ss = store ? sources_create(&(struct sources_desc){.store = store}) : NULL;
    if (!store || !ss) {
        log_error("list-metrics", "out of memory");
        return 1;
    }
    int bad = 0;
    char err[512];
    if (o->demo) {
        if (!sources_add(ss, &(struct source_desc){.spec = "demo", .one_shot = true}, err,
                         sizeof err)) {
            log_error("source", "%s", err);
            bad++;
        }
    } else if (o->layout || o->source_count == 0) {
        struct diag d;
        diag_init(&d, o->layout ? o->layout : "layout");
        struct layout *l = layout_load(o->layout, &d);
        if (l) {
            for (int i = 0; i < l->nsources; i++) {
                struct source_desc desc = l->sources[i].desc;
                desc.one_shot = true;
                if (!sources_add(ss, &desc, err, sizeof err)) {
                    log_error("source", "%s:%d: %s", d.file, l->sources[i].line, err);
                    bad++;
                }
            }
            layout_free(l);
        } else if (o->layout) {
            diag_print(&d, stderr);
            bad++;
        } else if (!sources_add(ss, &(struct source_desc){.spec = "linux", .one_shot = true},
                                err, sizeof err)) {
            /* no default layout in this build: what the system layout polls */
            log_error("source", "%s", err);
            bad++;
        }
        diag_free(&d);
    }
    if (!o->demo) {
        for (int i = 0; i < o->source_count; i++) {
            if (!sources_add(ss, &(struct source_desc){.spec = o->sources[i], .one_shot = true},
                             err, sizeof err)) {
                log_error("source", "%s", err);
                bad++;
            }
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

    bool answered = true;
    if (sel) {
        answered = print_query(sel, store);
        selector_free(sel);
    } else {
        store_read_lock(store);
        prom_text_write_store(stdout, store);
        store_read_unlock(store);
    }
    bool write_failed = fflush(stdout) != 0 || ferror(stdout);
    if (write_failed)
        log_error("list-metrics", "cannot write the listing to stdout");

    sources_destroy(ss);
    store_destroy(store);
    return failed == 0 && bad == 0 && !write_failed && answered ? 0 : 1;
}
