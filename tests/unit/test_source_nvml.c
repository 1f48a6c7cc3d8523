/* The nvml source on whatever machine runs the tests: without the NVIDIA
 * library it must fail with one clear "not available" reason (and keep
 * failing the same way, quietly); with a library that is not NVML, say so;
 * on a machine with NVIDIA GPUs, every GPU must report DCGM-named series
 * with the DCGM labels and sane values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/store.h"
#include "sources/nvml.h"
#include "sources/source.h"

static bool poll_nvml(struct store *st, int sid, char *err, size_t err_size)
{
    struct source s = {.ops = &source_kind_nvml};
    s.desc.spec = "nvml";
    s.name = (char *)"nvml";
    assert_true(source_kind_nvml.create(&s, &s.desc, err, err_size));
    struct sample_buf *b = sample_buf_create();
    bool ok = false;
    for (int i = 0; i < 2; i++) {
        sample_buf_reset(b);
        double now = clock_wall() + i;
        ok = source_kind_nvml.poll(&s, now, b, err, err_size);
        if (ok) store_commit(st, sid, b, now);
    }
    sample_buf_destroy(b);
    source_kind_nvml.destroy(&s);
    return ok;
}

static void test_nvml(void **state)
{
    (void)state;
    struct store *st = store_create(&(struct store_desc){0});
    int sid = store_source_register(st, "nvml", 1);
    char err[256] = "";
    void *probe = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    bool ok = poll_nvml(st, sid, err, sizeof err);
    if (!probe) {
        assert_false(ok);
        assert_non_null(strstr(err, "not available"));
        assert_non_null(strstr(err, "libnvidia-ml.so.1"));
        assert_null(strchr(err, '\n'));
        printf("nvml (no driver here): %s\n", err);
    } else {
        dlclose(probe);
        if (!ok) {
            /* a driver without a usable GPU must still say why */
            assert_non_null(strstr(err, "not available"));
            printf("nvml: %s\n", err);
        } else {
            size_t util = 0;
            for (size_t i = 0; i < store_series_count(st); i++) {
                const struct series *se = store_series_at(st, i);
                double ts, v;
                assert_true(series_last(se, &ts, &v));
                assert_non_null(series_label(se, "gpu"));
                assert_non_null(series_label(se, "UUID"));
                assert_non_null(series_label(se, "modelName"));
                assert_non_null(series_label(se, "device"));
                assert_non_null(series_label(se, "Hostname"));
                if (strcmp(se->name, "DCGM_FI_DEV_GPU_UTIL") == 0) {
                    util++;
                    assert_true(v >= 0 && v <= 100);
                }
                if (strcmp(se->name, "DCGM_FI_DEV_GPU_TEMP") == 0) assert_true(v > 0 && v < 130);
                if (strcmp(se->name, "DCGM_FI_DEV_FB_TOTAL") == 0) assert_true(v > 256);
                printf("%s %s=%s %g\n", se->name, "modelName", series_label(se, "modelName"), v);
            }
            assert_true(util >= 1);
        }
    }
    store_destroy(st);
}

static void test_not_nvml(void **state)
{
    (void)state;
    /* a library that exists but is not NVML */
    setenv("MAGI_NVML_LIBRARY", "libm.so.6", 1);
    struct store *st = store_create(&(struct store_desc){0});
    int sid = store_source_register(st, "nvml", 1);
    char err[256] = "";
    assert_false(poll_nvml(st, sid, err, sizeof err));
    assert_non_null(strstr(err, "lacks the NVML entry points"));
    setenv("MAGI_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1", 1);
    assert_false(poll_nvml(st, sid, err, sizeof err));
    assert_non_null(strstr(err, "not available"));
    unsetenv("MAGI_NVML_LIBRARY");
    store_destroy(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nvml),
        cmocka_unit_test(test_not_nvml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
