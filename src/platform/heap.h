/* heap: the C heap of a process that runs for days.
 *
 * heap_tune sets fixed malloc thresholds at start (see heap.c for why).
 * heap_care returns freed memory to the system now and then: the GL driver
 * allocates and frees work buffers every frame, and over hours the holes
 * they leave between longer-lived blocks add up to a megabyte or so of
 * resident pages that hold nothing. One malloc_trim every `interval`
 * seconds of the caller's clock gives those pages back (the live loop and
 * --soak call it once per frame; it costs well under a millisecond on
 * MAGI's heap). Where the C library has no such call these do nothing.
 * Depends on libc only. */
#ifndef MAGI_PLATFORM_HEAP_H
#define MAGI_PLATFORM_HEAP_H

#include <stdbool.h>

#define HEAP_CARE_INTERVAL 300.0

struct heap_care {
    double interval; /* seconds between trims; 0 = HEAP_CARE_INTERVAL, < 0 = never */
    double next;     /* clock time of the next trim; 0 = one interval after the first call */
    unsigned long trims;
};

/* Fixed malloc thresholds; call once, first thing in main. */
void heap_tune(void);
/* Trims when due at time `now` (any clock that only moves forward); true
 * if it trimmed. */
bool heap_care_tick(struct heap_care *h, double now);
/* Gives free heap memory back to the system now; true if any was. */
bool heap_trim(void);
/* Bytes in live allocations, in MiB (NAN where the C library cannot say).
 * Unlike RSS this does not move with how freed blocks lie in the heap, so
 * it tells a leak from fragmentation. */
double heap_in_use_mb(void);

#endif
