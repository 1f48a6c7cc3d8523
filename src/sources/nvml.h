/* nvml: NVIDIA GPUs through the driver's NVML library, loaded at run time,
 * with DCGM-exporter metric names. See nvml.c and docs/SOURCES.md. */
#ifndef MAGI_SOURCES_NVML_H
#define MAGI_SOURCES_NVML_H

#include "sources/source.h"

extern const struct source_ops source_kind_nvml;

#endif
