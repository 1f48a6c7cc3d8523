/* The linux source against the fixture tree tests/fixtures/linux (a small,
 * realistic /proc and /sys): exact values, names, types and labels as
 * node_exporter would report them; pseudo filesystems, partitions and the
 * loopback device left out; garbage files survived; and one poll of this
 * machine's real /proc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "core/store.h"
#include "sources/linux.h"
#include "sources/source.h"

/* cmocka 1.1 has no double comparison; eps 0 means exactly equal. */
#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps))) fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);         \
    } while (0)

#define FIXTURE MAGI_TEST_DIR "/fixtures/linux"
#define NOW 1767225600.0

struct polled {
    struct store *store;
    struct source src;
    struct sample_buf *buf;
    int sid;
};

static void open_source(struct polled *p, const char *root)
{
    memset(p, 0, sizeof *p);
    p->store = store_create(&(struct store_desc){0});
    assert_non_null(p->store);
    p->sid = store_source_register(p->store, "linux", 1.0);
    p->buf = sample_buf_create();
    p->src.ops = &source_kind_linux;
    p->src.desc.spec = "linux";
    p->src.desc.root = root;
    p->src.name = (char *)"linux";
    char err[256] = "";
    assert_true(source_kind_linux.create(&p->src, &p->src.desc, err, sizeof err));
}

static bool poll_once(struct polled *p, double now)
{
    char err[256] = "";
    sample_buf_reset(p->buf);
    bool ok = source_kind_linux.poll(&p->src, now, p->buf, err, sizeof err);
    if (!ok) fprintf(stderr, "poll failed: %s\n", err);
    store_commit(p->store, p->sid, p->buf, now);
    return ok;
}

static void close_source(struct polled *p)
{
    source_kind_linux.destroy(&p->src);
    sample_buf_destroy(p->buf);
    store_destroy(p->store);
}

/* The series with exactly these labels (NULL-terminated name/value pairs). */
static const struct series *find(struct store *st, const char *name, ...)
{
    const char *want[32];
    int n = 0;
    va_list ap;
    va_start(ap, name);
    const char *s;
    while ((s = va_arg(ap, const char *)) && n < 32)
        want[n++] = s;
    va_end(ap);
    store_read_lock(st);
    const struct series *hit = NULL;
    for (size_t i = 0; i < store_series_count(st) && !hit; i++) {
        const struct series *se = store_series_at(st, i);
        if (strcmp(se->name, name) != 0 || se->nlabels != n / 2) continue;
        bool ok = true;
        for (int k = 0; k < n && ok; k += 2) {
            const char *v = series_label(se, want[k]);
            ok = v && strcmp(v, want[k + 1]) == 0;
        }
        if (ok) hit = se;
    }
    store_read_unlock(st);
    return hit;
}

static size_t count_named(struct store *st, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < store_series_count(st); i++)
        n += strcmp(store_series_at(st, i)->name, name) == 0;
    return n;
}

static size_t count_with_label(struct store *st, const char *name, const char *label,
                               const char *value)
{
    size_t n = 0;
    for (size_t i = 0; i < store_series_count(st); i++) {
        const struct series *se = store_series_at(st, i);
        const char *v = series_label(se, label);
        n += strcmp(se->name, name) == 0 && v && strcmp(v, value) == 0;
    }
    return n;
}

static double last(const struct series *se)
{
    assert_non_null(se);
    double ts, v;
    assert_true(series_last(se, &ts, &v));
    return v;
}

#define VAL(st, ...) last(find(st, __VA_ARGS__, (const char *)NULL))
#define HAS(st, ...) (find(st, __VA_ARGS__, (const char *)NULL) != NULL)

static void test_cpu_and_stat(void **state)
{
    (void)state;
    struct polled p;
    open_source(&p, FIXTURE);
    assert_true(poll_once(&p, NOW));
    struct store *st = p.store;
    /* USER_HZ ticks -> seconds */
    assert_near(VAL(st, "node_cpu_seconds_total", "cpu", "0", "mode", "user"), 3501.00, 0);
    assert_near(VAL(st, "node_cpu_seconds_total", "cpu", "0", "mode", "idle"), 54085.00, 0);
    assert_near(VAL(st, "node_cpu_seconds_total", "cpu", "2", "mode", "softirq"), 15.02, 0);
    assert_near(VAL(st, "node_cpu_seconds_total", "cpu", "3", "mode", "iowait"), 47.45, 0);
    assert_near(VAL(st, "node_cpu_seconds_total", "cpu", "1", "mode", "steal"), 0, 0);
    assert_near(VAL(st, "node_cpu_guest_seconds_total", "cpu", "2", "mode", "user"), 12, 0);
    assert_near(VAL(st, "node_cpu_guest_seconds_total", "cpu", "2", "mode", "nice"), 0.3, 0);
    /* 4 cpus x 8 modes, and no series for the aggregate "cpu" line */
    assert_int_equal(count_named(st, "node_cpu_seconds_total"), 32);
    assert_int_equal(find(st, "node_cpu_seconds_total", "cpu", "0", "mode", "user", NULL)->type,
                     METRIC_COUNTER);
    assert_near(VAL(st, "node_intr_total"), 151234567, 0);
    assert_near(VAL(st, "node_context_switches_total"), 298765432, 0);
    assert_near(VAL(st, "node_boot_time_seconds"), 1767139200, 0);
    assert_near(VAL(st, "node_forks_total"), 812345, 0);
    assert_near(VAL(st, "node_procs_running"), 3, 0);
    assert_near(VAL(st, "node_procs_blocked"), 1, 0);
    assert_near(VAL(st, "node_time_seconds"), NOW, 0);
    /* load and process totals */
    assert_near(VAL(st, "node_load1"), 1.25, 0);
    assert_near(VAL(st, "node_load5"), 0.98, 0);
    assert_near(VAL(st, "node_load15"), 0.71, 0);
    assert_near(VAL(st, "node_processes_threads"), 1187, 0);
    assert_near(VAL(st, "node_processes_pids"), 3, 0); /* proc/1, 42, 1234 */
    /* cpufreq, kHz -> Hz */
    assert_near(VAL(st, "node_cpu_scaling_frequency_hertz", "cpu", "2"), 3600123000.0, 0);
    assert_int_equal(count_named(st, "node_cpu_scaling_frequency_hertz"), 4);
    close_source(&p);
}

static void test_memory(void **state)
{
    (void)state;
    struct polled p;
    open_source(&p, FIXTURE);
    assert_true(poll_once(&p, NOW));
    struct store *st = p.store;
    assert_near(VAL(st, "node_memory_MemTotal_bytes"), 32619588.0 * 1024, 0);
    assert_near(VAL(st, "node_memory_MemAvailable_bytes"), 21456780.0 * 1024, 0);
    assert_near(VAL(st, "node_memory_SwapTotal_bytes"), 8388604.0 * 1024, 0);
    assert_near(VAL(st, "node_memory_SwapFree_bytes"), 8123456.0 * 1024, 0);
    assert_near(VAL(st, "node_memory_Active_anon_bytes"), 8123456.0 * 1024, 0);
    assert_near(VAL(st, "node_memory_Inactive_file_bytes"), 7530865.0 * 1024, 0);
    assert_near(VAL(st, "node_memory_VmallocTotal_bytes"), 34359738367.0 * 1024, 0);
    assert_near(VAL(st, "node_memory_Hugepagesize_bytes"), 2048.0 * 1024, 0);
    /* no unit, no _bytes, as node_exporter */
    assert_near(VAL(st, "node_memory_HugePages_Total"), 0, 0);
    assert_false(HAS(st, "node_memory_HugePages_Total_bytes"));
    assert_int_equal(find(st, "node_memory_MemFree_bytes", NULL)->type, METRIC_GAUGE);
    close_source(&p);
}

static void test_network_and_disks(void **state)
{
    (void)state;
    struct polled p;
    open_source(&p, FIXTURE);
    assert_true(poll_once(&p, NOW));
    struct store *st = p.store;
    assert_near(VAL(st, "node_network_receive_bytes_total", "device", "eth0"), 123456789012.0, 0);
    assert_near(VAL(st, "node_network_receive_packets_total", "device", "eth0"), 98765432, 0);
    assert_near(VAL(st, "node_network_receive_errs_total", "device", "eth0"), 12, 0);
    assert_near(VAL(st, "node_network_receive_drop_total", "device", "eth0"), 3, 0);
    assert_near(VAL(st, "node_network_receive_frame_total", "device", "eth0"), 1, 0);
    assert_near(VAL(st, "node_network_receive_multicast_total", "device", "eth0"), 4567, 0);
    assert_near(VAL(st, "node_network_transmit_bytes_total", "device", "eth0"), 23456789012.0, 0);
    assert_near(VAL(st, "node_network_transmit_packets_total", "device", "eth0"), 45678901, 0);
    assert_near(VAL(st, "node_network_transmit_errs_total", "device", "eth0"), 2, 0);
    assert_near(VAL(st, "node_network_transmit_carrier_total", "device", "eth0"), 1, 0);
    assert_near(VAL(st, "node_network_receive_bytes_total", "device", "wlan0"), 0, 0);
    assert_false(HAS(st, "node_network_receive_bytes_total", "device", "lo"));
    assert_int_equal(count_named(st, "node_network_receive_bytes_total"), 2);
    assert_int_equal(find(st, "node_network_transmit_bytes_total", "device", "eth0", NULL)->type,
                     METRIC_COUNTER);
    assert_near(VAL(st, "node_network_up", "device", "eth0"), 1, 0);
    assert_near(VAL(st, "node_network_up", "device", "wlan0"), 0, 0);
    assert_near(VAL(st, "node_network_up", "device", "lo"), 0, 0);

    /* nvme0n1: 17 fields (kernel 5.5+) */
    assert_near(VAL(st, "node_disk_reads_completed_total", "device", "nvme0n1"), 812345, 0);
    assert_near(VAL(st, "node_disk_read_bytes_total", "device", "nvme0n1"), 98765432.0 * 512, 0);
    assert_near(VAL(st, "node_disk_read_time_seconds_total", "device", "nvme0n1"), 234.567, 0);
    assert_near(VAL(st, "node_disk_written_bytes_total", "device", "nvme0n1"), 198765432.0 * 512,
                0);
    assert_near(VAL(st, "node_disk_io_now", "device", "nvme0n1"), 2, 0);
    assert_near(VAL(st, "node_disk_io_time_seconds_total", "device", "nvme0n1"), 1456.789, 0);
    assert_near(VAL(st, "node_disk_io_time_weighted_seconds_total", "device", "nvme0n1"), 3691.356,
                0);
    assert_near(VAL(st, "node_disk_discarded_sectors_total", "device", "nvme0n1"), 9876543, 0);
    assert_near(VAL(st, "node_disk_flush_requests_total", "device", "nvme0n1"), 23456, 0);
    assert_near(VAL(st, "node_disk_flush_requests_time_seconds_total", "device", "nvme0n1"), 7.89,
                0);
    assert_int_equal(find(st, "node_disk_io_now", "device", "nvme0n1", NULL)->type, METRIC_GAUGE);
    /* sda: the 11 fields of older kernels, so no discard/flush series */
    assert_near(VAL(st, "node_disk_written_bytes_total", "device", "sda"), 768000.0 * 512, 0);
    assert_near(VAL(st, "node_disk_io_time_seconds_total", "device", "sda"), 6.0, 0);
    assert_false(HAS(st, "node_disk_discards_completed_total", "device", "sda"));
    assert_true(HAS(st, "node_disk_read_bytes_total", "device", "dm-0"));
    /* partitions and loop devices are left out, as node_exporter does */
    assert_false(HAS(st, "node_disk_read_bytes_total", "device", "nvme0n1p1"));
    assert_false(HAS(st, "node_disk_read_bytes_total", "device", "sda1"));
    assert_false(HAS(st, "node_disk_read_bytes_total", "device", "loop0"));
    assert_int_equal(count_named(st, "node_disk_read_bytes_total"), 3);
    close_source(&p);
}

static void expect_fs(struct store *st, const char *dev, const char *mp, const char *type, bool ro)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s", FIXTURE, mp);
    struct statfs sf;
    assert_int_equal(statfs(path, &sf), 0);
    const char *l[] = {"device", dev, "fstype", type, "mountpoint", mp};
#define FS(name) VAL(st, name, l[0], l[1], l[2], l[3], l[4], l[5])
    assert_near(FS("node_filesystem_size_bytes"), (double)sf.f_blocks * sf.f_bsize, 0);
    /* free space moves as other processes write; allow a little drift */
    assert_near(FS("node_filesystem_avail_bytes"), (double)sf.f_bavail * sf.f_bsize,
                64.0 * 1024 * 1024);
    assert_near(FS("node_filesystem_free_bytes"), (double)sf.f_bfree * sf.f_bsize,
                64.0 * 1024 * 1024);
    assert_near(FS("node_filesystem_files"), (double)sf.f_files, 0);
    assert_near(FS("node_filesystem_readonly"), ro ? 1 : 0, 0);
    assert_near(FS("node_filesystem_device_error"), 0, 0);
#undef FS
}

static void test_filesystems(void **state)
{
    (void)state;
    struct polled p;
    open_source(&p, FIXTURE);
    assert_true(poll_once(&p, NOW));
    struct store *st = p.store;
    expect_fs(st, "/dev/nvme0n1p2", "/", "ext4", false);
    expect_fs(st, "tmpfs", "/run", "tmpfs", false);
    expect_fs(st, "/dev/nvme0n1p1", "/boot/efi", "vfat", true);
    expect_fs(st, "/dev/sda1", "/mnt/my disk", "ext4", false); /* \040 unescaped */
    /* /run is listed twice: one series */
    assert_int_equal(count_with_label(st, "node_filesystem_size_bytes", "mountpoint", "/run"), 1);
    /* a mount point that cannot be measured */
    assert_near(VAL(st, "node_filesystem_device_error", "device", "/dev/sdb1", "fstype", "ext4",
                    "mountpoint", "/mnt/gone"),
                1, 0);
    assert_false(HAS(st, "node_filesystem_size_bytes", "device", "/dev/sdb1", "fstype", "ext4",
                     "mountpoint", "/mnt/gone"));
    /* pseudo filesystems and excluded mount points */
    static const char *const gone[] = {"/sys",           "/proc",
                                       "/dev",           "/dev/pts",
                                       "/sys/fs/cgroup", "/var/lib/docker/overlay2/abc/merged"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        assert_int_equal(
            count_with_label(st, "node_filesystem_device_error", "mountpoint", gone[i]), 0);
    /* the NFS mount is measured on the helper thread: it appears within a
     * few polls, with the same numbers as statfs gives */
    const char *nfs[] = {"device", "fileserver:/export", "fstype",
                         "nfs4",   "mountpoint",         "/mnt/nfs"};
    for (int i = 0; i < 200 && !HAS(st, "node_filesystem_size_bytes", nfs[0], nfs[1], nfs[2],
                                    nfs[3], nfs[4], nfs[5]);
         i++) {
        usleep(10000);
        assert_true(poll_once(&p, NOW + 1 + i));
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/mnt/nfs", FIXTURE);
    struct statfs sf;
    assert_int_equal(statfs(path, &sf), 0);
    assert_near(
        VAL(st, "node_filesystem_size_bytes", nfs[0], nfs[1], nfs[2], nfs[3], nfs[4], nfs[5]),
        (double)sf.f_blocks * sf.f_bsize, 0);
    close_source(&p);
}

static void test_sensors_and_power(void **state)
{
    (void)state;
    struct polled p;
    open_source(&p, FIXTURE);
    assert_true(poll_once(&p, NOW));
    struct store *st = p.store;
    /* chips named by their device path, as node_exporter does */
    assert_near(
        VAL(st, "node_hwmon_temp_celsius", "chip", "platform_coretemp_0", "sensor", "temp1"), 45.0,
        0);
    assert_near(
        VAL(st, "node_hwmon_temp_celsius", "chip", "platform_coretemp_0", "sensor", "temp2"), 43.0,
        0);
    assert_near(
        VAL(st, "node_hwmon_temp_max_celsius", "chip", "platform_coretemp_0", "sensor", "temp1"),
        80.0, 0);
    assert_near(
        VAL(st, "node_hwmon_temp_crit_celsius", "chip", "platform_coretemp_0", "sensor", "temp1"),
        100.0, 0);
    assert_near(VAL(st, "node_hwmon_sensor_label", "chip", "platform_coretemp_0", "label",
                    "package_id_0", "sensor", "temp1"),
                1, 0);
    assert_near(
        VAL(st, "node_hwmon_chip_names", "chip", "platform_coretemp_0", "chip_name", "coretemp"), 1,
        0);
    assert_near(VAL(st, "node_hwmon_temp_celsius", "chip", "nvme_nvme0", "sensor", "temp1"), 38.85,
                0);
    assert_near(VAL(st, "node_hwmon_sensor_label", "chip", "nvme_nvme0", "label", "composite",
                    "sensor", "temp1"),
                1, 0);
    /* no device link: the name file */
    assert_near(VAL(st, "node_hwmon_temp_celsius", "chip", "acpitz", "sensor", "temp1"), -2.5, 0);
    /* fan readings found under device/ */
    assert_near(VAL(st, "node_hwmon_fan_rpm", "chip", "platform_thinkpad_hwmon", "sensor", "fan1"),
                2100, 0);
    assert_near(VAL(st, "node_hwmon_fan_rpm", "chip", "platform_thinkpad_hwmon", "sensor", "fan2"),
                0, 0);
    assert_int_equal(count_named(st, "node_hwmon_temp_celsius"), 4);
    /* thermal zones */
    assert_near(VAL(st, "node_thermal_zone_temp", "type", "x86_pkg_temp", "zone", "0"), 52.0, 0);
    assert_near(VAL(st, "node_thermal_zone_temp", "type", "acpitz", "zone", "1"), 27.8, 0);
    assert_int_equal(count_named(st, "node_thermal_zone_temp"), 2);
    /* power supplies, micro-units -> units */
    assert_near(VAL(st, "node_power_supply_online", "power_supply", "AC"), 1, 0);
    assert_near(VAL(st, "node_power_supply_capacity", "power_supply", "BAT0"), 87, 0);
    assert_near(VAL(st, "node_power_supply_energy_watthour", "power_supply", "BAT0"), 43.21, 1e-12);
    assert_near(VAL(st, "node_power_supply_energy_full", "power_supply", "BAT0"), 50.0, 1e-12);
    assert_near(VAL(st, "node_power_supply_power_watt", "power_supply", "BAT0"), 8.5, 1e-12);
    assert_near(VAL(st, "node_power_supply_voltage_volt", "power_supply", "BAT0"), 12.345, 1e-12);
    assert_near(VAL(st, "node_power_supply_cyclecount", "power_supply", "BAT0"), 142, 0);
    assert_near(VAL(st, "node_power_supply_present", "power_supply", "BAT0"), 1, 0);
    assert_near(VAL(st, "node_power_supply_info", "power_supply", "BAT0", "type", "Battery",
                    "status", "Discharging", "capacity_level", "Normal", "technology", "Li-ion",
                    "manufacturer", "SMP", "model_name", "5B10W13930", "health", "Good"),
                1, 0);
    assert_near(VAL(st, "node_power_supply_info", "power_supply", "AC", "type", "Mains"), 1, 0);
    close_source(&p);
}

static void test_uname_and_os(void **state)
{
    (void)state;
    struct polled p;
    open_source(&p, FIXTURE);
    assert_true(poll_once(&p, NOW));
    struct utsname u;
    assert_int_equal(uname(&u), 0);
    assert_near(VAL(p.store, "node_uname_info", "domainname", "(none)", "machine", u.machine,
                    "nodename", "magi-test", "release", "6.1.0-28-amd64", "sysname", "Linux",
                    "version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"),
                1, 0);
    assert_near(VAL(p.store, "node_os_info", "id", "debian", "name", "Debian GNU/Linux",
                    "pretty_name", "Debian GNU/Linux 12 (bookworm)", "version", "12 (bookworm)",
                    "version_codename", "bookworm", "version_id", "12"),
                1, 0);
    close_source(&p);
}

static void test_counters_follow_the_files(void **state)
{
    (void)state;
    /* A copy of the fixture whose files change between polls: the source
     * keeps its files open and must see the new content. */
    char dir[] = "/tmp/magi-linux-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cp -a '%s/.' '%s/'", FIXTURE, dir);
    assert_int_equal(system(cmd), 0);
    struct polled p;
    open_source(&p, dir);
    assert_true(poll_once(&p, NOW));
    char path[4096];
    snprintf(path, sizeof path, "%s/proc/loadavg", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("7.50 2.00 1.00 9/2000 1\n", f);
    fclose(f);
    assert_true(poll_once(&p, NOW + 1));
    assert_near(VAL(p.store, "node_load1"), 7.5, 0);
    assert_near(VAL(p.store, "node_processes_threads"), 2000, 0);
    close_source(&p);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_garbage_files(void **state)
{
    (void)state;
    /* Every file replaced by binary garbage, truncated lines or huge
     * numbers: the poll must neither crash nor invent series from it. */
    char dir[] = "/tmp/magi-linux-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cp -a '%s/.' '%s/'", FIXTURE, dir);
    assert_int_equal(system(cmd), 0);
    static const char *const files[] = {"proc/stat",
                                        "proc/meminfo",
                                        "proc/loadavg",
                                        "proc/net/dev",
                                        "proc/diskstats",
                                        "proc/self/mounts",
                                        "sys/class/thermal/thermal_zone0/temp",
                                        "sys/class/power_supply/BAT0/capacity"};
    unsigned seed = 12345;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, files[i]);
            FILE *f = fopen(path, "w");
            assert_non_null(f);
            size_t n = round == 0 ? 0 : (size_t)(rand_r(&seed) % (round * 400));
            for (size_t k = 0; k < n; k++) {
                int c = rand_r(&seed) % 4 == 0 ? "0123456789 :\n/"[rand_r(&seed) % 14]
                                               : rand_r(&seed) & 0xff;
                fputc(c, f);
            }
            if (round == 19)
                fputs("cpu0 99999999999999999999999999999 1 2\nMemTotal: 184467440737095516150 kB\n"
                      "cpu 1\nintr\n:\n  x: 1 2 3\n\\\\\\ \\0 \\04 / / / / /\n",
                      f);
            fclose(f);
        }
        struct polled p;
        open_source(&p, dir);
        poll_once(&p, NOW); /* may fail, must not crash */
        close_source(&p);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_missing_root(void **state)
{
    (void)state;
    struct source s = {.ops = &source_kind_linux};
    struct source_desc d = {.spec = "linux", .root = "/nonexistent/magi-root"};
    s.desc = d;
    char err[256] = "";
    assert_false(source_kind_linux.create(&s, &d, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/magi-root/proc/stat"));
}

static void test_this_machine(void **state)
{
    (void)state;
    struct polled p;
    open_source(&p, NULL);
    assert_true(poll_once(&p, NOW));
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    assert_true(count_named(p.store, "node_cpu_seconds_total") >= (size_t)ncpu * 8);
    assert_true(VAL(p.store, "node_memory_MemTotal_bytes") > 0);
    assert_true(HAS(p.store, "node_cpu_seconds_total", "cpu", "0", "mode", "idle"));
    assert_true(count_named(p.store, "node_uname_info") == 1);
    close_source(&p);
    double us = source_linux_bench_poll_us();
    assert_true(us > 0);
    printf("poll_linux: %.1f us CPU (median)\n", us);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_and_stat),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_network_and_disks),
        cmocka_unit_test(test_filesystems),
        cmocka_unit_test(test_sensors_and_power),
        cmocka_unit_test(test_uname_and_os),
        cmocka_unit_test(test_counters_follow_the_files),
        cmocka_unit_test(test_garbage_files),
        cmocka_unit_test(test_missing_root),
        cmocka_unit_test(test_this_machine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
