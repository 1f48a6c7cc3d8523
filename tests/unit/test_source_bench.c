/* The data-layer benchmarks run and print the JSON lines --bench relies on
 * (their figures are measured by `magi --bench`, not judged here). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/source_bench.h"

static void test_lines(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    sources_bench(f, 0.05);
    fclose(f);
    static const struct {
        const char *bench, *key;
    } want[] = {{"parse_text", "mb_per_s"},
                {"parse_node_exporter", "cpu_ms"},
                {"promql_ingest_10k", "cpu_ms"},
                {"selector_eval", "cpu_us"},
                {"selector_join", "cpu_ms"}};
    enum { N = sizeof want / sizeof want[0] };
    int line = 0;
    for (char *p = strtok(out, "\n"); p; p = strtok(NULL, "\n"), line++) {
        assert_true(line < N);
        cJSON *j = cJSON_Parse(p);
        assert_non_null(j);
        assert_string_equal(cJSON_GetObjectItem(j, "bench")->valuestring, want[line].bench);
        const cJSON *v = cJSON_GetObjectItem(j, want[line].key);
        assert_true(cJSON_IsNumber(v) && v->valuedouble > 0);
        if (strcmp(want[line].bench, "selector_join") == 0) /* the 100 it asks for */
            assert_int_equal(cJSON_GetObjectItem(j, "results")->valueint, 100);
        cJSON_Delete(j);
    }
    assert_int_equal(line, N);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_lines)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
