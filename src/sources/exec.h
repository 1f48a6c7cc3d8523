/* exec: run a command each interval and read its stdout (the text exposition
 * format, or one bare number). See exec.c and docs/SOURCES.md. */
#ifndef MAGI_SOURCES_EXEC_H
#define MAGI_SOURCES_EXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "sources/source.h"

extern const struct source_ops source_kind_exec;

/* Splits a command line into words without a shell: blanks separate words;
 * 'single quotes' keep everything literally; "double quotes" keep everything
 * but \" and \\ (and \$ \` as a shell would); outside quotes a backslash keeps
 * the next character. On success *argv is a NULL-terminated array (free it
 * with exec_free_args) of *argc >= 1 words. On failure writes a one-line
 * reason ("unterminated quote", "empty command"). */
bool exec_split_args(const char *line, char ***argv, int *argc, char *err, size_t err_size);
void exec_free_args(char **argv);

#endif
