/* jsonl: JSON objects, one per line, from stdin, a FIFO or a file being
 * appended. See jsonl.c and docs/SOURCES.md. */
#ifndef MAGI_SOURCES_JSONL_H
#define MAGI_SOURCES_JSONL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/store.h"
#include "sources/source.h"

extern const struct source_ops source_kind_jsonl;

#define JSONL_MAX_LINE (1024 * 1024) /* longer lines are skipped */
#define JSONL_MAX_DEPTH 32           /* deeper nesting is rejected before parsing */
#define JSONL_MAX_FIELDS 10000       /* samples one line may produce */

/* The line parser, shared by the source's reader thread, the tests and the
 * fuzz target: feed it bytes in any chunks; each complete line becomes
 * samples handed to `emit` (strings valid only during the call). */
typedef void (*jsonl_emit_fn)(void *user, const char *name, const char *const *labels, int nlabels,
                              double value, double ts);

struct jsonl_parser {
    const char *const *label_fields; /* string fields kept as labels */
    int label_field_count;
    jsonl_emit_fn emit;
    void *user;
    /* counters */
    uint64_t lines;     /* lines that produced samples or were empty objects */
    uint64_t bad_lines; /* rejected lines (syntax, UTF-8, depth, too long, ...) */
    uint64_t long_lines;
    char last_error[256]; /* "line N: reason", the newest rejection */
    uint64_t errors_seen; /* bumps with each rejection */
    /* internal */
    char *buf;
    size_t len, cap;
    bool skipping; /* inside a line over JSONL_MAX_LINE */
    uint64_t line_no;
    double last_ts;
};

void jsonl_parser_init(struct jsonl_parser *p, const char *const *label_fields,
                       int label_field_count, jsonl_emit_fn emit, void *user);
void jsonl_parser_free(struct jsonl_parser *p);
/* Feeds bytes read at Unix time `arrival` (the timestamp of lines that carry
 * none of their own). */
void jsonl_parser_feed(struct jsonl_parser *p, const char *data, size_t len, double arrival);
/* End of input: a last line without a newline still counts. */
void jsonl_parser_finish(struct jsonl_parser *p, double arrival);

/* Metric-name rules [a-zA-Z_:][a-zA-Z0-9_:]*; other characters become '_'
 * and a leading digit gets a '_' before it. */
void jsonl_sanitize_name(char *dst, size_t cap, const char *src, bool label);

#endif
