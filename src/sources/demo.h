/* demo: deterministic synthetic data following a scripted incident.
 * See demo.c and docs/SOURCES.md. */
#ifndef MAGI_SOURCES_DEMO_H
#define MAGI_SOURCES_DEMO_H

#include "sources/source.h"

extern const struct source_ops source_kind_demo;

#endif
