/* libFuzzer target for the JSON-lines reader: arbitrary bytes, fed in two
 * chunks split where the first byte says, through the same parser the jsonl
 * source uses, into a real sample_buf. Nothing may crash, hang, leak or read
 * out of bounds; every rejected line must be counted. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/store.h"
#include "sources/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void emit(void *user, const char *name, const char *const *labels, int nlabels, double value,
                 double ts)
{
    sample_buf_add(user, name, labels, nlabels, METRIC_GAUGE, value, ts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const label_fields[] = {"run", "host"};
    struct sample_buf *b = sample_buf_create();
    struct jsonl_parser p;
    jsonl_parser_init(&p, label_fields, 2, emit, b);
    size_t split = size ? data[0] % (size + 1) : 0;
    jsonl_parser_feed(&p, (const char *)data, split, 1767225600.0);
    jsonl_parser_feed(&p, (const char *)data + split, size - split, 1767225601.0);
    jsonl_parser_finish(&p, 1767225602.0);
    if (p.bad_lines && !p.last_error[0]) __builtin_trap();
    jsonl_parser_free(&p);
    sample_buf_destroy(b);
    return 0;
}
