/* libFuzzer target: the Prometheus query API response reader (json_read and
 * promql_ingest), both timestamp modes, committed into a store. */
#include <stdint.h>
#include <string.h>

#include "core/store.h"
#include "sources/promql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct sample_buf *b;
    if (!b)
        b = sample_buf_create();
    char err[256];
    for (int keep = 0; keep < 2; keep++) {
        sample_buf_reset(b);
        err[0] = 0;
        if (!promql_ingest((const char *)data, size, "fuzz_name", keep, keep ? 2e9 : 0, b, err,
                           sizeof err)) {
            if (!err[0] || strchr(err, '\n'))
                __builtin_trap(); /* failures explain themselves on one line */
            continue;
        }
        struct store *s = store_create(&(struct store_desc){.history = 4});
        store_commit(s, store_source_register(s, "fuzz", 5), b, 1000);
        store_destroy(s);
    }
    return 0;
}
