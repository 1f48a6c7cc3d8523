/* The demo source: a pure function of (seed, now); the scripted incident's
 * phases, alerts, vote and countdown at the documented times; counters that
 * never go backwards, across cycle boundaries too; and the metric names the
 * system layout needs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/store.h"
#include "sources/demo.h"
#include "sources/source.h"

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);         \
    } while (0)

#define T0 CLOCK_SIM_EPOCH /* cycle position 0 */

struct demo {
    struct store *store;
    struct source src;
    struct sample_buf *buf;
    int sid;
};

static void demo_open(struct demo *d, unsigned long long seed, int history)
{
    memset(d, 0, sizeof *d);
    d->store = store_create(&(struct store_desc){.history = history});
    d->sid = store_source_register(d->store, "demo", 1.0);
    d->buf = sample_buf_create();
    d->src.ops = &source_kind_demo;
    d->src.desc.spec = "demo";
    d->src.desc.seed = seed;
    d->src.name = (char *)"demo";
    char err[128];
    assert_true(source_kind_demo.create(&d->src, &d->src.desc, err, sizeof err));
    assert_true(source_kind_demo.deterministic);
}

static void demo_poll_at(struct demo *d, double now)
{
    char err[128] = "";
    sample_buf_reset(d->buf);
    assert_true(source_kind_demo.poll(&d->src, now, d->buf, err, sizeof err));
    store_commit(d->store, d->sid, d->buf, now);
}

static void demo_close(struct demo *d)
{
    source_kind_demo.destroy(&d->src);
    sample_buf_destroy(d->buf);
    store_destroy(d->store);
}

static const struct series *find(struct store *st, const char *name, const char *l1, const char *v1,
                                 const char *l2, const char *v2)
{
    for (size_t i = 0; i < store_series_count(st); i++) {
        const struct series *se = store_series_at(st, i);
        if (strcmp(se->name, name) != 0) continue;
        if (l1 && (!series_label(se, l1) || strcmp(series_label(se, l1), v1) != 0)) continue;
        if (l2 && (!series_label(se, l2) || strcmp(series_label(se, l2), v2) != 0)) continue;
        return se;
    }
    return NULL;
}

static double val(struct store *st, const char *name, const char *l1, const char *v1,
                  const char *l2, const char *v2)
{
    const struct series *se = find(st, name, l1, v1, l2, v2);
    if (!se)
        fail_msg("no series %s{%s=%s,%s=%s}", name, l1 ? l1 : "", v1 ? v1 : "", l2 ? l2 : "",
                 v2 ? v2 : "");
    double ts, v;
    assert_true(series_last(se, &ts, &v));
    return v;
}

#define V0(st, n) val(st, n, NULL, NULL, NULL, NULL)
#define V1(st, n, l, v) val(st, n, l, v, NULL, NULL)

static int cmp_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every series and its newest value, in key order, as one string. */
static char *snapshot_sorted(struct store *st)
{
    size_t n = store_series_count(st), cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    const char **keys = malloc(n * sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = store_series_at(st, i)->key;
    qsort(keys, n, sizeof *keys, cmp_keys);
    for (size_t i = 0; i < n; i++) {
        const struct series *se = store_series_find(st, keys[i]);
        double ts, v;
        series_last(se, &ts, &v);
        len += (size_t)snprintf(out + len, cap - len, "%s %.17g\n", se->key, v);
        assert_true(len < cap);
    }
    free(keys);
    return out;
}

static void test_deterministic(void **state)
{
    (void)state;
    /* same seed and clock, whatever was polled before: same numbers */
    struct demo a, b, c;
    demo_open(&a, 7, 8);
    demo_open(&b, 7, 8);
    demo_open(&c, 8, 8);
    const double t = T0 + 3600 * 5 + 61.25;
    demo_poll_at(&a, t);
    demo_poll_at(&b, t - 9000);
    demo_poll_at(&b, t - 0.5);
    demo_poll_at(&b, t);
    demo_poll_at(&c, t);
    char *sa = snapshot_sorted(a.store), *sb = snapshot_sorted(b.store);
    char *sc = snapshot_sorted(c.store);
    assert_true(store_series_count(a.store) > 300);
    assert_string_equal(sa, sb);
    /* another seed: same series, other noise */
    assert_int_equal(store_series_count(a.store), store_series_count(c.store));
    assert_true(strcmp(sa, sc) != 0);
    free(sa);
    free(sb);
    free(sc);
    demo_close(&a);
    demo_close(&b);
    demo_close(&c);
}

static void expect_phase(struct store *st, const char *phase)
{
    static const char *const all[6] = {"nominal",   "caution", "anomaly",
                                       "emergency", "vote",    "recovery"};
    for (int i = 0; i < 6; i++)
        assert_near(V1(st, "magi_demo_phase", "phase", all[i]), strcmp(all[i], phase) == 0, 0);
}

static void test_timeline(void **state)
{
    (void)state;
    struct demo d;
    demo_open(&d, 1, 4);
    struct store *st = d.store;

    demo_poll_at(&d, T0 + 10);
    expect_phase(st, "nominal");
    assert_near(V0(st, "magi_demo_phase_index"), 0, 0);
    assert_near(V0(st, "magi_demo_cycle_seconds"), 10, 0);
    assert_near(V1(st, "magi_alerts_firing", "alertname", "PatternBlue"), 0, 0);
    assert_near(V1(st, "magi_alerts_firing", "alertname", "HighCPULoad"), 0, 0);
    assert_true(V0(st, "magi_anomaly_score") < 0.2);
    assert_true(isinf(V0(st, "magi_time_to_limit_seconds")));
    assert_near(V1(st, "node_power_supply_online", "power_supply", "AC"), 1, 0);
    for (int i = 0; i < 3; i++)
        assert_true(val(st, "magi_health", "system",
                        (const char *[]){"melchior", "balthasar", "casper"}[i], NULL, NULL) > 0.85);

    demo_poll_at(&d, T0 + 40);
    double nominal_load = V0(st, "node_load1");

    demo_poll_at(&d, T0 + 47);
    expect_phase(st, "caution");
    assert_near(V0(st, "magi_demo_phase_seconds"), 7, 1e-9);
    assert_near(V1(st, "magi_alerts_firing", "alertname", "HighCPULoad"), 1, 0);
    assert_near(V1(st, "magi_alerts_firing", "alertname", "PatternBlue"), 0, 0);

    /* --time 60 shows PATTERN BLUE */
    demo_poll_at(&d, T0 + 60);
    expect_phase(st, "anomaly");
    assert_near(val(st, "magi_alerts_firing", "alertname", "PatternBlue", "severity", "critical"),
                1, 0);
    assert_true(V0(st, "magi_anomaly_score") > 0.85);
    assert_true(V0(st, "val_loss") > 1.0);

    demo_poll_at(&d, T0 + 80);
    expect_phase(st, "emergency");
    assert_near(V0(st, "magi_time_to_limit_seconds"), 30, 1e-9);
    assert_near(V1(st, "node_power_supply_online", "power_supply", "AC"), 0, 0);
    assert_near(V1(st, "node_power_supply_time_to_empty_seconds", "power_supply", "BAT0"), 30, 0);
    assert_near(V1(st, "magi_alerts_firing", "alertname", "ExternalPowerLost"), 1, 0);
    assert_true(V0(st, "node_load1") > nominal_load + 2.5);
    assert_true(V1(st, "node_hwmon_temp_celsius", "sensor", "temp1") > 80);
    assert_near(V1(st, "magi_vote", "system", "melchior"), 0, 0);

    demo_poll_at(&d, T0 + 98);
    expect_phase(st, "vote");
    assert_near(V1(st, "magi_vote", "system", "melchior"), 1, 0);
    assert_near(V1(st, "magi_vote", "system", "balthasar"), 0, 0);
    assert_near(V1(st, "magi_vote", "system", "casper"), 0, 0);
    assert_near(V0(st, "magi_vote_result"), 0, 0);
    assert_near(V0(st, "magi_time_to_limit_seconds"), 12, 1e-9);

    demo_poll_at(&d, T0 + 102.5);
    expect_phase(st, "vote");
    assert_near(V1(st, "magi_vote", "system", "balthasar"), 1, 0);
    assert_near(V1(st, "magi_vote", "system", "casper"), -1, 0);
    assert_near(V0(st, "magi_vote_result"), 1, 0);
    assert_true(isinf(V0(st, "magi_time_to_limit_seconds")));
    assert_near(V1(st, "node_power_supply_online", "power_supply", "AC"), 1, 0);

    demo_poll_at(&d, T0 + 110);
    expect_phase(st, "recovery");
    assert_near(V1(st, "magi_alerts_firing", "alertname", "PatternBlue"), 0, 0);
    assert_near(V1(st, "magi_vote", "system", "casper"), 0, 0);

    /* the loop: 120 s later, the same phase */
    demo_poll_at(&d, T0 + 120 * 1000 + 60);
    expect_phase(st, "anomaly");
    demo_close(&d);
}

static void test_counters_monotonic(void **state)
{
    (void)state;
    enum { POLLS = 1400 };
    struct demo d;
    demo_open(&d, 3, POLLS + 8);
    /* irregular steps over more than two cycles, across cycle boundaries
     * and a jump of days, as live polling with jitter would see */
    double t = T0 + 86400.0 * 3 - 7.3;
    unsigned seed = 99;
    for (int i = 0; i < POLLS; i++) {
        demo_poll_at(&d, t);
        double step = i == 700 ? 86400.0 * 2 : 0.05 + (rand_r(&seed) % 1000) / 1000.0 * 0.4;
        t += step;
    }
    size_t counters = 0;
    for (size_t i = 0; i < store_series_count(d.store); i++) {
        const struct series *se = store_series_at(d.store, i);
        if (se->type != METRIC_COUNTER) continue;
        counters++;
        assert_int_equal(se->count, POLLS);
        double pts, pv;
        series_sample(se, 0, &pts, &pv);
        assert_true(pv >= 0);
        for (size_t k = 1; k < se->count; k++) {
            double ts, v;
            series_sample(se, k, &ts, &v);
            if (v < pv)
                fail_msg("%s went backwards at sample %zu: %.17g -> %.17g", se->key, k, pv, v);
            pv = v;
        }
    }
    assert_true(counters > 16 * 8 + 20);
    demo_close(&d);
}

static void test_rates_are_physical(void **state)
{
    (void)state;
    /* Each CPU thread spends exactly one second per second across its
     * modes; disk utilisation stays within [0, 1]. */
    struct demo a, b;
    demo_open(&a, 5, 4);
    demo_open(&b, 5, 4);
    static const char *const modes[8] = {"user",   "nice", "system",  "idle",
                                         "iowait", "irq",  "softirq", "steal"};
    static const char *const cpus[4] = {"0", "5", "10", "15"};
    for (double tau = 0.5; tau < 120; tau += 7.25) {
        demo_poll_at(&a, T0 + 600 + tau);
        demo_poll_at(&b, T0 + 600 + tau + 10);
        for (int c = 0; c < 4; c++) {
            double sum = 0;
            for (int m = 0; m < 8; m++) {
                double d =
                    val(b.store, "node_cpu_seconds_total", "cpu", cpus[c], "mode", modes[m]) -
                    val(a.store, "node_cpu_seconds_total", "cpu", cpus[c], "mode", modes[m]);
                assert_true(d >= 0);
                sum += d;
            }
            assert_near(sum / 10, 1.0, 0.01); /* 8 modes floored to 1/100 s */
        }
        double io = V1(b.store, "node_disk_io_time_seconds_total", "device", "nvme0n1") -
                    V1(a.store, "node_disk_io_time_seconds_total", "device", "nvme0n1");
        assert_true(io >= 0 && io <= 10.01);
        double used = V0(a.store, "node_memory_MemTotal_bytes") -
                      V0(a.store, "node_memory_MemAvailable_bytes");
        assert_true(used > 0 && used < V0(a.store, "node_memory_MemTotal_bytes"));
        double load = V0(a.store, "node_load1");
        assert_true(load >= 0 && load <= 16);
    }
    demo_close(&a);
    demo_close(&b);
}

static void test_names_for_the_system_layout(void **state)
{
    (void)state;
    struct demo d;
    demo_open(&d, 1, 4);
    demo_poll_at(&d, T0 + 5);
    struct store *st = d.store;
    static const char *const names[] = {"node_cpu_seconds_total",
                                        "node_memory_MemTotal_bytes",
                                        "node_memory_MemAvailable_bytes",
                                        "node_memory_SwapTotal_bytes",
                                        "node_memory_SwapFree_bytes",
                                        "node_load1",
                                        "node_load5",
                                        "node_load15",
                                        "node_boot_time_seconds",
                                        "node_time_seconds",
                                        "node_network_receive_bytes_total",
                                        "node_network_transmit_bytes_total",
                                        "node_network_receive_errs_total",
                                        "node_disk_read_bytes_total",
                                        "node_disk_written_bytes_total",
                                        "node_disk_io_time_seconds_total",
                                        "node_filesystem_size_bytes",
                                        "node_filesystem_avail_bytes",
                                        "node_hwmon_temp_celsius",
                                        "node_thermal_zone_temp",
                                        "node_power_supply_online",
                                        "node_procs_running",
                                        "node_uname_info",
                                        "DCGM_FI_DEV_GPU_UTIL",
                                        "DCGM_FI_DEV_FB_USED",
                                        "loss",
                                        "val_loss",
                                        "lr",
                                        "step",
                                        "epoch",
                                        "throughput",
                                        "eta_seconds"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!find(st, names[i], NULL, NULL, NULL, NULL)) fail_msg("demo lacks %s", names[i]);
    /* 16 threads x 8 modes */
    size_t n = 0;
    for (size_t i = 0; i < store_series_count(st); i++)
        n += strcmp(store_series_at(st, i)->name, "node_cpu_seconds_total") == 0;
    assert_int_equal(n, 16 * 8);
    assert_near(val(st, "node_uname_info", "nodename", "magi", "machine", "x86_64"), 1, 0);
    /* every value is finite except the "no limit" countdown */
    for (size_t i = 0; i < store_series_count(st); i++) {
        const struct series *se = store_series_at(st, i);
        double ts, v;
        series_last(se, &ts, &v);
        if (strcmp(se->name, "magi_time_to_limit_seconds") != 0 && !isfinite(v))
            fail_msg("%s is not finite", se->key);
    }
    demo_close(&d);
}

/* `demo:cores=N` plays the same machine with N threads (layouts are tried on
 * the machines they will meet); anything else after `demo:` is refused. */
static void test_cores(void **state)
{
    (void)state;
    static const int counts[] = {1, 2, 64, 300};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        struct store *st = store_create(NULL);
        struct sources *ss = sources_create(&(struct sources_desc){.store = st});
        char spec[32], err[128];
        snprintf(spec, sizeof spec, "demo:cores=%d", counts[c]);
        assert_true(sources_add(ss, &(struct source_desc){.spec = spec}, err, sizeof err));
        sources_poll_all(ss, T0 + 10);
        int idle = 0, freq = 0, coretemps = 0;
        for (size_t i = 0; i < store_series_count(st); i++) {
            const struct series *se = store_series_at(st, i);
            const char *mode = series_label(se, "mode");
            const char *chip = series_label(se, "chip");
            if (strcmp(se->name, "node_hwmon_temp_celsius") == 0 && chip &&
                strcmp(chip, "platform_coretemp_0") == 0) {
                /* Temperatures of real threads only: a physical range. */
                double ts, v;
                assert_true(series_last(se, &ts, &v));
                assert_true(v >= 20 && v <= 110);
                coretemps++;
            }
            idle += strcmp(se->name, "node_cpu_seconds_total") == 0 && mode &&
                    strcmp(mode, "idle") == 0;
            freq += strcmp(se->name, "node_cpu_scaling_frequency_hertz") == 0;
        }
        assert_int_equal(idle, counts[c]);
        /* The package sensor plus one per physical core (2 threads), at most 8. */
        int phys = (counts[c] + 1) / 2;
        assert_int_equal(coretemps, 1 + (phys > 8 ? 8 : phys));
        assert_int_equal(freq, counts[c]);
        char key[96];
        snprintf(key, sizeof key, "node_cpu_seconds_total{cpu=\"%d\",mode=\"user\"}",
                 counts[c] - 1);
        assert_non_null(store_series_find(st, key));
        sources_destroy(ss);
        store_destroy(st);
    }
    struct store *st = store_create(NULL);
    struct sources *ss = sources_create(&(struct sources_desc){.store = st});
    static const char *const bad[] = {"demo:cores=0", "demo:cores=1025", "demo:cores=4x",
                                      "demo:cores=", "demo:16"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[160], want[160];
        assert_false(sources_add(ss, &(struct source_desc){.spec = bad[i]}, err, sizeof err));
        snprintf(want, sizeof want, "%s: expected demo or demo:cores=N with N from 1 to 1024",
                 bad[i]);
        assert_string_equal(err, want);
    }
    sources_destroy(ss);
    store_destroy(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_timeline),
        cmocka_unit_test(test_counters_monotonic),
        cmocka_unit_test(test_rates_are_physical),
        cmocka_unit_test(test_names_for_the_system_layout),
        cmocka_unit_test(test_cores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
