/* scrape: the `scrape:URL` source, a Prometheus exporter endpoint in the text
 * exposition format (see scrape.c). */
#ifndef MAGI_SOURCES_SCRAPE_H
#define MAGI_SOURCES_SCRAPE_H

#include "sources/source.h"

extern const struct source_ops source_kind_scrape;

#endif
