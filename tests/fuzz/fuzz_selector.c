/* libFuzzer target: the selector parser, and evaluation of whatever parses
 * against a small store with counters, resets, NaN and Inf. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/selector.h"
#include "core/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *store;

static void fill(void)
{
    store = store_create(&(struct store_desc){.history = 16});
    int id = store_source_register(store, "fuzz", 1);
    struct sample_buf *b = sample_buf_create();
    static const double v[] = {1, 5, 2, NAN, INFINITY, -INFINITY, 0, 7, 3, 9};
    for (int t = 0; t < 10; t++) {
        sample_buf_reset(b);
        for (int k = 0; k < 4; k++) {
            char cpu[4] = {(char)('0' + k), 0};
            const char *l[] = {"cpu", cpu, "mode", k % 2 ? "user" : "idle"};
            sample_buf_add(b, "node_cpu_seconds_total", l, 2, METRIC_COUNTER, t * 10.0 - k, 0);
            sample_buf_add(b, "g", l, 1, METRIC_GAUGE, v[(t + k) % 10], 0);
            /* an info series to join on (group_left) */
            char name[4] = {(char)('a' + k % 3), 0};
            const char *il[] = {"cpu", cpu, "name", name};
            sample_buf_add(b, "info", il, 2, METRIC_GAUGE, 1, 0);
        }
        sample_buf_add(b, "up", NULL, 0, METRIC_GAUGE, 1, 0);
        store_commit(store, id, b, 1000 + t);
    }
    sample_buf_destroy(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store)
        fill();
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    char err[128];
    struct selector *sel = selector_parse(text, err, sizeof err);
    if (!sel) {
        if (strncmp(err, "column ", 7) != 0)
            abort(); /* every error names its column */
        free(text);
        return 0;
    }
    struct sel_result r;
    sel_result_init(&r);
    static const double at[] = {999, 1005, 1009, 1100};
    for (int i = 0; i < 4; i++) {
        selector_eval(sel, store, at[i], &r);
        for (size_t k = 0; k < r.n; k++)
            if (!r.v[k].labels_key || (r.v[k].nlabels && !r.v[k].labels))
                abort();
    }
    sel_result_free(&r);
    selector_free(sel);
    free(text);
    return 0;
}
