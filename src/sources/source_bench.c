/* source_bench: see source_bench.h. The inputs are generated here,
 * deterministically, so the figures do not depend on files being present. */
#include "sources/source_bench.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/selector.h"
#include "core/store.h"
#include "sources/prom_text.h"
#include "sources/promql.h"

/* --- a growable text buffer --- */

struct text {
    char *p;
    size_t n, cap;
};

static void tx_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tx_printf(struct text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(t->p ? t->p + t->n : NULL, t->p ? t->cap - t->n : 0, fmt, ap);
        va_end(ap);
        if (k >= 0 && t->p && t->n + (size_t)k < t->cap) {
            t->n += (size_t)k;
            return;
        }
        size_t cap = t->cap ? t->cap * 2 : 65536;
        while (cap < t->n + (size_t)k + 1)
            cap *= 2;
        t->p = realloc(t->p, cap);
        if (!t->p)
            abort();
        t->cap = cap;
    }
}

static uint64_t rng = 88172645463325252ull;

static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Values spelled the ways exporters spell them: integers, decimals, %g
 * exponents, Go's shortest floats. */
static void tx_value(struct text *t)
{
    uint64_t r = next_rand();
    switch (r % 4) {
    case 0:
        tx_printf(t, "%llu", (unsigned long long)(r >> 40));
        break;
    case 1:
        tx_printf(t, "%.2f", (double)(r >> 44) / 7.0);
        break;
    case 2:
        tx_printf(t, "%.10e", (double)(r >> 20));
        break;
    default:
        tx_printf(t, "%.17g", (double)(r >> 11) * 0x1.0p-53);
        break;
    }
}

static void family(struct text *t, const char *name, const char *type, const char *help)
{
    tx_printf(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* What node_exporter 1.x with its default collectors says about a 16-core
 * server with 4 disks, 6 network interfaces and 10 filesystems. */
static void node_exporter_text(struct text *t)
{
    static const char *const modes[] = {"idle", "iowait", "irq", "nice",
                                        "softirq", "steal", "system", "user"};
    static const char *const disks[] = {"nvme0n1", "nvme1n1", "sda", "sdb"};
    static const char *const nics[] = {"eno1", "eno2", "lo", "docker0", "veth1a2b3c", "wlp3s0"};
    static const char *const mounts[] = {"/", "/boot", "/boot/efi", "/home", "/var",
                                         "/srv", "/tmp", "/run", "/run/user/1000", "/data"};
    static const char *const disk_m[] = {
        "node_disk_reads_completed_total", "node_disk_reads_merged_total",
        "node_disk_read_bytes_total", "node_disk_read_time_seconds_total",
        "node_disk_writes_completed_total", "node_disk_writes_merged_total",
        "node_disk_written_bytes_total", "node_disk_write_time_seconds_total",
        "node_disk_io_now", "node_disk_io_time_seconds_total",
        "node_disk_io_time_weighted_seconds_total", "node_disk_discards_completed_total",
        "node_disk_discards_merged_total", "node_disk_discarded_sectors_total",
        "node_disk_discard_time_seconds_total", "node_disk_flush_requests_total",
        "node_disk_flush_requests_time_seconds_total"};
    static const char *const net_m[] = {
        "receive_bytes", "receive_compressed", "receive_drop", "receive_errs",
        "receive_fifo", "receive_frame", "receive_multicast", "receive_packets",
        "transmit_bytes", "transmit_carrier", "transmit_colls", "transmit_compressed",
        "transmit_drop", "transmit_errs", "transmit_fifo", "transmit_packets"};
    static const char *const fs_m[] = {"avail_bytes", "device_error", "files", "files_free",
                                       "free_bytes", "readonly", "size_bytes"};
    static const char *const per_cpu[] = {"node_schedstat_running_seconds_total",
                                          "node_schedstat_timeslices_total",
                                          "node_schedstat_waiting_seconds_total",
                                          "node_softnet_dropped_total",
                                          "node_softnet_processed_total",
                                          "node_softnet_times_squeezed_total",
                                          "node_cpu_scaling_frequency_hertz",
                                          "node_cpu_scaling_frequency_max_hertz",
                                          "node_cpu_scaling_frequency_min_hertz"};
    char name[128];

    family(t, "go_gc_duration_seconds", "summary",
           "A summary of the pause duration of garbage collection cycles.");
    static const char *const q[] = {"0", "0.25", "0.5", "0.75", "1"};
    for (int i = 0; i < 5; i++) {
        tx_printf(t, "go_gc_duration_seconds{quantile=\"%s\"} ", q[i]);
        tx_value(t);
        tx_printf(t, "\n");
    }
    tx_printf(t, "go_gc_duration_seconds_sum 0.0123\ngo_gc_duration_seconds_count 42\n");
    for (int i = 0; i < 30; i++) {
        snprintf(name, sizeof name, "go_memstats_metric_%d_bytes", i);
        family(t, name, i % 3 ? "gauge" : "counter", "Number of bytes of a Go memory statistic.");
        tx_printf(t, "%s ", name);
        tx_value(t);
        tx_printf(t, "\n");
    }
    family(t, "node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.");
    for (int c = 0; c < 16; c++)
        for (int m = 0; m < 8; m++) {
            tx_printf(t, "node_cpu_seconds_total{cpu=\"%d\",mode=\"%s\"} ", c, modes[m]);
            tx_value(t);
            tx_printf(t, "\n");
        }
    family(t, "node_cpu_guest_seconds_total", "counter",
           "Seconds the CPUs spent in guests (VMs) for each mode.");
    for (int c = 0; c < 16; c++)
        for (int m = 0; m < 2; m++)
            tx_printf(t, "node_cpu_guest_seconds_total{cpu=\"%d\",mode=\"%s\"} 0\n", c,
                      m ? "user" : "nice");
    for (size_t k = 0; k < sizeof per_cpu / sizeof per_cpu[0]; k++) {
        family(t, per_cpu[k], "counter", "A per-CPU statistic from /proc or /sys.");
        for (int c = 0; c < 16; c++) {
            tx_printf(t, "%s{cpu=\"%d\"} ", per_cpu[k], c);
            tx_value(t);
            tx_printf(t, "\n");
        }
    }
    for (size_t k = 0; k < sizeof disk_m / sizeof disk_m[0]; k++) {
        family(t, disk_m[k], "counter", "A disk statistic from /proc/diskstats.");
        for (int d = 0; d < 4; d++) {
            tx_printf(t, "%s{device=\"%s\"} ", disk_m[k], disks[d]);
            tx_value(t);
            tx_printf(t, "\n");
        }
    }
    for (size_t k = 0; k < sizeof net_m / sizeof net_m[0]; k++) {
        snprintf(name, sizeof name, "node_network_%s_total", net_m[k]);
        family(t, name, "counter", "Network device statistic from /proc/net/dev.");
        for (int d = 0; d < 6; d++) {
            tx_printf(t, "%s{device=\"%s\"} ", name, nics[d]);
            tx_value(t);
            tx_printf(t, "\n");
        }
    }
    for (int k = 0; k < 20; k++) {
        snprintf(name, sizeof name, "node_network_class_attribute_%d", k);
        family(t, name, "gauge", "Network device property from /sys/class/net.");
        for (int d = 0; d < 6; d++)
            tx_printf(t, "%s{device=\"%s\"} %d\n", name, nics[d], (int)(next_rand() % 1500));
    }
    tx_printf(t, "# HELP node_network_info Non-numeric data from /sys/class/net.\n"
                 "# TYPE node_network_info gauge\n");
    for (int d = 0; d < 6; d++)
        tx_printf(t,
                  "node_network_info{address=\"3c:7c:3f:1e:%02x:%02x\",broadcast=\"ff:ff:ff:ff:ff:"
                  "ff\",device=\"%s\",duplex=\"full\",ifalias=\"\",operstate=\"up\"} 1\n",
                  d, d * 7, nics[d]);
    for (size_t k = 0; k < sizeof fs_m / sizeof fs_m[0]; k++) {
        snprintf(name, sizeof name, "node_filesystem_%s", fs_m[k]);
        family(t, name, "gauge", "Filesystem statistic from statfs.");
        for (int m = 0; m < 10; m++) {
            tx_printf(t, "%s{device=\"/dev/nvme0n1p%d\",fstype=\"%s\",mountpoint=\"%s\"} ", name,
                      m + 1, m < 6 ? "ext4" : "tmpfs", mounts[m]);
            tx_value(t);
            tx_printf(t, "\n");
        }
    }
    for (int k = 0; k < 60; k++) {
        snprintf(name, sizeof name, "node_memory_Field%d_bytes", k);
        family(t, name, "gauge", "Memory information field from /proc/meminfo.");
        tx_printf(t, "%s ", name);
        tx_value(t);
        tx_printf(t, "\n");
    }
    for (int k = 0; k < 120; k++) {
        snprintf(name, sizeof name, "node_netstat_Field%d", k);
        family(t, name, "untyped", "Statistic from /proc/net/netstat or /proc/net/snmp.");
        tx_printf(t, "%s ", name);
        tx_value(t);
        tx_printf(t, "\n");
    }
    for (int k = 0; k < 40; k++) {
        snprintf(name, sizeof name, "node_vmstat_field%d", k);
        family(t, name, "untyped", "/proc/vmstat information field.");
        tx_printf(t, "%s ", name);
        tx_value(t);
        tx_printf(t, "\n");
    }
    for (int k = 0; k < 24; k++) {
        snprintf(name, sizeof name, "node_hwmon_sensor_%d", k % 6);
        if (k % 4 == 0)
            family(t, name, "gauge", "Hardware monitor sensor reading.");
        tx_printf(t, "%s{chip=\"platform_coretemp_%d\",sensor=\"temp%d\"} %d.%d\n", name, k / 6,
                  k, 30 + (int)(next_rand() % 50), (int)(next_rand() % 10));
    }
    static const char *const collectors[] = {
        "arp", "bcache", "bonding", "btrfs", "conntrack", "cpu", "cpufreq", "diskstats",
        "dmi", "edac", "entropy", "fibrechannel", "filefd", "filesystem", "hwmon",
        "infiniband", "ipvs", "loadavg", "mdadm", "meminfo", "netclass", "netdev",
        "netstat", "nfs", "nfsd", "nvme", "os", "powersupplyclass", "pressure", "rapl",
        "schedstat", "selinux", "sockstat", "softnet", "stat", "tapestats", "textfile",
        "thermal_zone", "time", "timex", "udp_queues", "uname", "vmstat", "xfs", "zfs"};
    size_t nc = sizeof collectors / sizeof collectors[0];
    family(t, "node_scrape_collector_duration_seconds", "gauge",
           "node_exporter: Duration of a collector scrape.");
    for (size_t k = 0; k < nc; k++) {
        tx_printf(t, "node_scrape_collector_duration_seconds{collector=\"%s\"} ", collectors[k]);
        tx_value(t);
        tx_printf(t, "\n");
    }
    family(t, "node_scrape_collector_success", "gauge",
           "node_exporter: Whether a collector succeeded.");
    for (size_t k = 0; k < nc; k++)
        tx_printf(t, "node_scrape_collector_success{collector=\"%s\"} %d\n", collectors[k],
                  (int)(k % 5 != 0));
    for (int k = 0; k < 40; k++) {
        snprintf(name, sizeof name, "node_misc_%d", k);
        family(t, name, "gauge", "Assorted statistics: load, time, entropy, file descriptors.");
        tx_printf(t, "%s ", name);
        tx_value(t);
        tx_printf(t, "\n");
    }
    tx_printf(t, "# HELP node_uname_info Labeled system information as provided by the uname "
                 "system call.\n# TYPE node_uname_info gauge\n"
                 "node_uname_info{domainname=\"(none)\",machine=\"x86_64\",nodename=\"server01\","
                 "release=\"6.1.0-18-amd64\",sysname=\"Linux\",version=\"#1 SMP PREEMPT_DYNAMIC "
                 "Debian 6.1.76-1 (2024-02-01)\"} 1\n");
}

/* ~8 MB of sample lines, 1-4 labels each, no comments: the parser's raw speed. */
static void bulk_text(struct text *t, size_t bytes)
{
    static const char *const names[] = {"http_requests_total", "node_network_receive_bytes_total",
                                        "container_cpu_usage_seconds_total",
                                        "apiserver_request_duration_seconds_bucket"};
    static const char *const lnames[] = {"instance", "job", "code", "pod"};
    int i = 0;
    while (t->n < bytes) {
        int nl = 1 + i % 4;
        tx_printf(t, "%s{", names[i % 4]);
        for (int l = 0; l < nl; l++)
            tx_printf(t, "%s%s=\"value-%d-%d\"", l ? "," : "", lnames[l], i % 97, l);
        tx_printf(t, "} ");
        tx_value(t);
        tx_printf(t, "\n");
        i++;
    }
}

static void vector_json(struct text *t, int n)
{
    tx_printf(t, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
    for (int i = 0; i < n; i++) {
        tx_printf(t,
                  "%s{\"metric\":{\"__name__\":\"node_cpu_seconds_total\",\"cpu\":\"%d\","
                  "\"instance\":\"node-%03d.example.net:9100\",\"job\":\"node\",\"mode\":\"%s\"},"
                  "\"value\":[1767225600.123,\"",
                  i ? "," : "", i % 64, i / 512, i % 2 ? "user" : "system");
        tx_value(t);
        tx_printf(t, "\"]}");
    }
    tx_printf(t, "]}}");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sorts v: v[0] is then the best run, which on a shared machine is the
 * closest to the code's own cost; the median is what a user sees. */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_REPS 1000

/* Evaluates sel at `at` until `slice` seconds of thread CPU (and at least 5
 * times), each run's time into t[]; returns how many runs. */
static int time_selector(const struct selector *sel, struct store *s, double at,
                         struct sel_result *r, double slice, double *t)
{
    int reps = 0;
    double total = 0;
    while ((total < slice || reps < 5) && reps < MAX_REPS) {
        double t0 = clock_thread_cpu();
        store_read_lock(s);
        selector_eval(sel, s, at, r);
        store_read_unlock(s);
        t[reps] = clock_thread_cpu() - t0;
        total += t[reps];
        reps++;
    }
    return reps;
}

void sources_bench(FILE *out, double seconds)
{
    if (seconds <= 0)
        seconds = 2;
    double slice = seconds / 4;
    char err[256];
    static double t[MAX_REPS], c[MAX_REPS];
    struct sample_buf *b = sample_buf_create();

    /* parse_text */
    {
        struct text tx = {0};
        bulk_text(&tx, 8u << 20);
        double cpu = 0;
        size_t bytes = 0;
        int reps = 0;
        while ((cpu < slice || reps < 1) && reps < MAX_REPS) {
            sample_buf_reset(b);
            double t0 = clock_thread_cpu();
            bool ok = prom_text_parse(tx.p, tx.n, b, &(struct prom_text_opts){.max_series = 1u << 30},
                                      err, sizeof err);
            cpu += clock_thread_cpu() - t0;
            if (!ok)
                fprintf(stderr, "magi: bench: parse_text: %s\n", err);
            bytes += tx.n;
            reps++;
        }
        fprintf(out, "{\"bench\":\"parse_text\",\"mb_per_s\":%.1f,\"bytes\":%zu}\n",
                (double)bytes / cpu / 1e6, tx.n);
        free(tx.p);
    }

    /* parse_node_exporter */
    {
        struct text tx = {0};
        node_exporter_text(&tx);
        struct store *s = store_create(NULL);
        int id = store_source_register(s, "bench", 1);
        int reps = 0;
        double total = 0;
        while ((total < slice || reps < 5) && reps < MAX_REPS) {
            sample_buf_reset(b);
            double t0 = clock_thread_cpu();
            prom_text_parse(tx.p, tx.n, b, NULL, err, sizeof err);
            double t1 = clock_thread_cpu();
            store_commit(s, id, b, 1000 + reps);
            double t2 = clock_thread_cpu();
            t[reps] = t1 - t0;
            c[reps] = t2 - t1;
            total += t2 - t0;
            reps++;
        }
        double med = median(t, reps);
        fprintf(out,
                "{\"bench\":\"parse_node_exporter\",\"cpu_ms\":%.3f,\"best_ms\":%.3f,"
                "\"commit_ms\":%.3f,\"samples\":%zu,\"bytes\":%zu}\n",
                med * 1e3, t[0] * 1e3, median(c, reps) * 1e3, sample_buf_count(b), tx.n);
        store_destroy(s);
        free(tx.p);
    }

    /* promql_ingest_10k */
    {
        struct text tx = {0};
        vector_json(&tx, 10000);
        struct store *s = store_create(NULL);
        int id = store_source_register(s, "bench", 5);
        int reps = 0;
        double total = 0;
        while ((total < slice || reps < 3) && reps < MAX_REPS) {
            sample_buf_reset(b);
            double t0 = clock_thread_cpu();
            if (!promql_ingest(tx.p, tx.n, "x", false, 0, b, err, sizeof err))
                fprintf(stderr, "magi: bench: promql_ingest_10k: %s\n", err);
            store_commit(s, id, b, 1000 + reps);
            t[reps] = clock_thread_cpu() - t0;
            total += t[reps];
            reps++;
        }
        double med = median(t, reps);
        fprintf(out,
                "{\"bench\":\"promql_ingest_10k\",\"cpu_ms\":%.3f,\"best_ms\":%.3f,"
                "\"bytes\":%zu}\n",
                med * 1e3, t[0] * 1e3, tx.n);
        store_destroy(s);
        free(tx.p);
    }

    /* selector_eval */
    {
        struct store *s = store_create(NULL);
        int id = store_source_register(s, "bench", 1);
        static const char *const modes[] = {"idle", "iowait", "irq", "nice",
                                            "softirq", "steal", "system", "user"};
        char cpu[8];
        for (int sec = 0; sec < 60; sec++) {
            sample_buf_reset(b);
            for (int k = 0; k < 16; k++)
                for (int m = 0; m < 8; m++) {
                    snprintf(cpu, sizeof cpu, "%d", k);
                    const char *l[] = {"cpu", cpu, "mode", modes[m]};
                    sample_buf_add(b, "node_cpu_seconds_total", l, 2, METRIC_COUNTER,
                                   sec * (m + 1) * 0.1, 0);
                }
            store_commit(s, id, b, 1000 + sec);
        }
        struct selector *sel = selector_parse(
            "sum by (cpu) (rate(node_cpu_seconds_total{mode!=\"idle\"}[10s]))", err, sizeof err);
        struct sel_result r;
        sel_result_init(&r);
        int reps = time_selector(sel, s, 1059, &r, slice, t);
        fprintf(out, "{\"bench\":\"selector_eval\",\"cpu_us\":%.1f,\"series\":%zu}\n",
                median(t, reps) * 1e6, store_series_count(s));
        sel_result_free(&r);
        selector_free(sel);
        store_destroy(s);
    }

    /* selector_join: a fleet-sized vector match (10,000 series named from
     * 1,000 info series, group_left) and the busiest 100 of it (topk) */
    {
        struct store *s = store_create(NULL);
        int id = store_source_register(s, "bench", 1);
        char inst[16], k[8], name[24];
        sample_buf_reset(b);
        for (int i = 0; i < 1000; i++) {
            snprintf(inst, sizeof inst, "10.0.%d.%d", i / 250, i % 250);
            snprintf(name, sizeof name, "node-%04d", i);
            const char *il[] = {"instance", inst, "nodename", name};
            sample_buf_add(b, "node_uname_info", il, 2, METRIC_GAUGE, 1, 0);
            for (int j = 0; j < 10; j++) {
                snprintf(k, sizeof k, "%d", j);
                const char *l[] = {"cpu", k, "instance", inst};
                sample_buf_add(b, "busy", l, 2, METRIC_GAUGE, (i * 37 + j * 11) % 1000 * 0.001, 0);
            }
        }
        store_commit(s, id, b, 1000);
        struct selector *sel = selector_parse(
            "topk(100, busy * on(instance) group_left(nodename) node_uname_info)", err, sizeof err);
        struct sel_result r;
        sel_result_init(&r);
        int reps = time_selector(sel, s, 1000, &r, slice, t);
        fprintf(out,
                "{\"bench\":\"selector_join\",\"cpu_ms\":%.3f,\"series\":%zu,"
                "\"results\":%zu}\n",
                median(t, reps) * 1e3, store_series_count(s), r.n);
        sel_result_free(&r);
        selector_free(sel);
        store_destroy(s);
    }
    sample_buf_destroy(b);
}
