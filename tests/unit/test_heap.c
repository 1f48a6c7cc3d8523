/* heap: heap_care trims once per interval of the caller's clock (once after
 * a long gap, never when off), and heap_trim really gives freed pages inside
 * the heap back to the system. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "platform/heap.h"

/* AddressSanitizer brings its own allocator: glibc's heap is not in use. */
#if defined(__SANITIZE_ADDRESS__)
#define OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OWN_ALLOCATOR 1
#endif
#endif

static void care_trims_once_per_interval(void **state)
{
    (void)state;
    struct heap_care h = {.interval = 10.0};
    assert_false(heap_care_tick(&h, 100.0)); /* arms: first trim at 110 */
    assert_false(heap_care_tick(&h, 109.9));
    assert_true(heap_care_tick(&h, 110.0));
    assert_false(heap_care_tick(&h, 110.5));
    assert_false(heap_care_tick(&h, 119.9));
    assert_true(heap_care_tick(&h, 120.2));
    /* A long gap (a suspended machine): one trim, then the interval again. */
    assert_true(heap_care_tick(&h, 1000.0));
    assert_false(heap_care_tick(&h, 1005.0));
    assert_true(heap_care_tick(&h, 1010.0));
    assert_int_equal(h.trims, 4);
}

static void care_default_and_off(void **state)
{
    (void)state;
    struct heap_care d = {0};
    assert_false(heap_care_tick(&d, 0.0));
    assert_false(heap_care_tick(&d, HEAP_CARE_INTERVAL - 1.0));
    assert_true(heap_care_tick(&d, HEAP_CARE_INTERVAL));
    struct heap_care off = {.interval = -1.0};
    for (double t = 0; t < 10 * HEAP_CARE_INTERVAL; t += 1.0)
        assert_false(heap_care_tick(&off, t));
    assert_int_equal(off.trims, 0);
    assert_false(heap_care_tick(&d, NAN));
}

static double rss_mb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%ld %ld", &size, &resident), 2);
    fclose(f);
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* 16 MiB of small blocks, touched, then freed while a block allocated after
 * them keeps the heap's top in place: a hole of resident pages that the
 * thresholds of heap_tune keep. heap_trim must give it back. */
static void trim_returns_a_hole(void **state)
{
    (void)state;
#if !defined(__GLIBC__) || defined(OWN_ALLOCATOR)
    skip();
#endif
    heap_tune();
    enum { N = 512, SIZE = 32 << 10 };
    static char *blocks[N];
    for (int i = 0; i < N; i++) {
        blocks[i] = malloc(SIZE);
        assert_non_null(blocks[i]);
        memset(blocks[i], 0x5a, SIZE);
    }
    char *pin = malloc(64);
    assert_non_null(pin);
    double in_use = heap_in_use_mb();
    assert_true(in_use >= 16.0);
    for (int i = 0; i < N; i++)
        free(blocks[i]);
    assert_true(heap_in_use_mb() <= in_use - 15.0);
    double before = rss_mb();
    assert_true(heap_trim());
    double after = rss_mb();
    print_message("rss %.2f -> %.2f MiB\n", before, after);
    assert_true(before - after >= 12.0);
    free(pin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(care_trims_once_per_interval),
        cmocka_unit_test(care_default_and_off),
        cmocka_unit_test(trim_returns_a_hole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
