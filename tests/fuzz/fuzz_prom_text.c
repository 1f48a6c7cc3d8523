/* libFuzzer target: the text exposition format parser, and the writer's
 * output read back (it must parse and give the same series). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/store.h"
#include "sources/prom_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct sample_buf *b;
    if (!b)
        b = sample_buf_create();
    sample_buf_reset(b);
    char err[256];
    const char *extra[] = {"instance", "fuzz:1"};
    struct prom_text_opts o = {.max_series = 5000, .extra_labels = extra, .extra_label_count = 1};
    if (!prom_text_parse((const char *)data, size, b, &o, err, sizeof err))
        return 0;
    struct store *s = store_create(&(struct store_desc){.history = 4});
    store_commit(s, store_source_register(s, "fuzz", 1), b, 1000);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    store_read_lock(s);
    prom_text_write_store(f, s);
    size_t n = store_series_count(s);
    store_read_unlock(s);
    fclose(f);
    struct sample_buf *b2 = sample_buf_create();
    if (!prom_text_parse(out, len, b2, &(struct prom_text_opts){.max_series = 10000}, err,
                         sizeof err)) {
        fprintf(stderr, "the writer's output does not parse: %s\n%s", err, out);
        abort();
    }
    struct store *s2 = store_create(&(struct store_desc){.history = 4});
    store_commit(s2, store_source_register(s2, "fuzz", 1), b2, 1000);
    if (store_series_count(s2) != n) {
        fprintf(stderr, "%zu series written, %zu read back\n%s", n, store_series_count(s2), out);
        abort();
    }
    store_destroy(s2);
    sample_buf_destroy(b2);
    free(out);
    store_destroy(s);
    return 0;
}
