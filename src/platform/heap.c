/* heap: see heap.h. */
#include "platform/heap.h"

#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Fixed heap thresholds. By default glibc raises its mmap threshold to the
 * size of the largest block freed and trims the heap's top whenever twice
 * that lies free; the GL driver allocates and frees about a megabyte of
 * work buffers every frame, so the heap shrank and grew back each frame:
 * page faults that were 60 % of a small window's frame (--soak at 320x180:
 * 9.4 -> 3.8 ms CPU per frame), and RSS that swung by a megabyte depending
 * on the moment it was read. Blocks of 4 MiB and more (glyph atlas copies,
 * a source's large responses) still get their own mappings and go back when
 * freed; the rest goes back through heap_care, minutes apart instead of
 * every frame. */
void heap_tune(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

bool heap_trim(void)
{
#ifdef __GLIBC__
    /* Since glibc 2.8 this also releases whole free pages inside the heap
     * (not only at its top), in every arena: the holes are what grows. */
    return malloc_trim(0) != 0;
#else
    return false;
#endif
}

bool heap_care_tick(struct heap_care *h, double now)
{
    double every = h->interval == 0 ? HEAP_CARE_INTERVAL : h->interval;
    if (every < 0 || !isfinite(now))
        return false;
    if (h->next == 0) {
        h->next = now + every;
        return false;
    }
    if (now < h->next)
        return false;
    /* After a long sleep (a suspended machine, a stalled clock) one trim,
     * not one per missed interval. */
    h->next = now + every;
    h->trims++;
    heap_trim();
    return true;
}

double heap_in_use_mb(void)
{
#ifdef __GLIBC__
    struct mallinfo2 m = mallinfo2();
    return (double)(m.uordblks + m.hblkhd) / (1024.0 * 1024.0);
#else
    return NAN;
#endif
}
