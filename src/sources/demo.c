/* demo: deterministic synthetic data that follows a scripted incident.
 *
 * It produces the metric names of the `linux` source (a 16-thread machine,
 * or `demo:cores=N` threads,
 * called "magi" with memory, swap, two NICs, three disks, four filesystems,
 * hwmon and thermal sensors, an AC adapter and a UPS battery), DCGM-like GPU
 * series, the series of examples/train.py (a training run), and MAGI's own
 * incident series, on a loop of DEMO_CYCLE (120) seconds:
 *
 *    0- 40 nominal    40- 55 caution    55- 70 anomaly (PATTERN BLUE)
 *   70- 95 emergency (external power lost, the activity-limit countdown runs)
 *   95-105 MAGI vote (MELCHIOR 97 s, BALTHASAR 99 s, CASPER 101 s)
 *  105-120 recovery
 *
 * docs/SOURCES.md lists every series and the timeline. poll(now) is a pure
 * function of (seed, now): the cycle position is fmod(now, 120) (the
 * simulated clock's epoch is a multiple of 120, so `--time 60` shows PATTERN
 * BLUE), gauges are smooth functions of time plus hashed value noise, and
 * counters are closed-form integrals of non-negative rates since a fixed boot
 * time, so they never go backwards between polls at any times.
 *
 * Depends on core/store.h and libm. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "sources/demo.h"
#include "sources/source.h"

#define DEMO_CYCLE 120.0
/* The demo machine booted 2025-12-28 08:00 UTC, 3.5 days before the
 * simulated clock's epoch; a multiple of DEMO_CYCLE. */
#define DEMO_BOOT 1766908800.0
#define DEMO_CPUS 16      /* the default; `demo:cores=N` picks another count */
#define DEMO_MAX_CPUS 1024
#define DEMO_GPUS 2

/* --- deterministic noise --------------------------------------------------- */

static uint64_t demo_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* Uniform in [0, 1) from (seed, stream, index). */
static double demo_u01(uint64_t seed, uint64_t stream, int64_t i)
{
    uint64_t h = demo_mix(seed ^ demo_mix(stream * 0x100000001b3ull ^ (uint64_t)i));
    return (double)(h >> 11) * (1.0 / 9007199254740992.0);
}

/* Smooth value noise in [-1, 1], one lattice point per `period` seconds. */
static double demo_noise(uint64_t seed, uint64_t stream, double t, double period)
{
    double x = t / period;
    double f = floor(x);
    double a = demo_u01(seed, stream, (int64_t)f) * 2 - 1;
    double b = demo_u01(seed, stream, (int64_t)f + 1) * 2 - 1;
    double w = x - f;
    w = w * w * (3 - 2 * w);
    return a + (b - a) * w;
}

/* --- the incident timeline: periodic piecewise-linear envelopes ------------ */

struct demo_pwl {
    int n;
    double t[16], v[16]; /* t[0] = 0, t[n-1] = DEMO_CYCLE, v[0] == v[n-1] */
};

/* System load: rises through caution, peaks in the emergency. */
static const struct demo_pwl E_LOAD = {
    10, {0, 40, 52, 60, 72, 95, 101, 110, 118, 120}, {0, 0, 0.55, 0.75, 0.95, 1, 0.6, 0.2, 0, 0}};
/* The anomaly itself: I/O and network storms. */
static const struct demo_pwl E_ANOM = {
    8, {0, 54, 56, 70, 80, 95, 105, 120}, {0, 0, 1, 1, 0.7, 0.4, 0, 0}};
/* The emergency: errors, drops, power lost. */
static const struct demo_pwl E_EMERG = {6, {0, 70, 72, 99, 103, 120}, {0, 0, 1, 1, 0, 0}};
/* Memory pressure. */
static const struct demo_pwl E_MEM = {
    8, {0, 45, 55, 70, 90, 101, 115, 120}, {0, 0, 0.2, 0.6, 1, 0.9, 0, 0}};
/* The anomaly score (a gauge). */
static const struct demo_pwl E_SCORE = {
    8, {0, 40, 54, 56, 90, 101, 112, 120}, {0.05, 0.05, 0.45, 0.93, 0.97, 0.8, 0.1, 0.05}};
/* Health of the three MAGI systems. */
static const struct demo_pwl E_HEALTH[3] = {
    {8, {0, 40, 55, 70, 95, 101, 115, 120}, {0.97, 0.97, 0.84, 0.58, 0.34, 0.62, 0.95, 0.97}},
    {8, {0, 40, 55, 70, 95, 101, 115, 120}, {0.95, 0.95, 0.80, 0.52, 0.41, 0.66, 0.93, 0.95}},
    {8, {0, 40, 55, 70, 95, 101, 115, 120}, {0.96, 0.96, 0.78, 0.47, 0.22, 0.45, 0.90, 0.96}},
};

static double pwl_at(const struct demo_pwl *e, double tau)
{
    for (int i = 1; i < e->n; i++) {
        if (tau <= e->t[i]) {
            double d = e->t[i] - e->t[i - 1];
            double w = d > 0 ? (tau - e->t[i - 1]) / d : 1;
            return e->v[i - 1] + (e->v[i] - e->v[i - 1]) * w;
        }
    }
    return e->v[e->n - 1];
}

/* Integral over [0, tau] of one cycle. */
static double pwl_partial(const struct demo_pwl *e, double tau)
{
    double sum = 0;
    for (int i = 1; i < e->n; i++) {
        double a = e->t[i - 1], b = e->t[i];
        if (tau <= a) break;
        double hi = tau < b ? tau : b;
        double va = e->v[i - 1];
        double vh = pwl_at(e, hi);
        sum += (va + vh) * 0.5 * (hi - a);
    }
    return sum;
}

/* Integral over [0, u] (u = seconds since boot; boot is a cycle start). */
static double pwl_cum(const struct demo_pwl *e, double u)
{
    if (u <= 0) return 0;
    double k = floor(u / DEMO_CYCLE);
    return k * pwl_partial(e, DEMO_CYCLE) + pwl_partial(e, u - k * DEMO_CYCLE);
}

/* --- one poll's frame of reference ----------------------------------------- */

enum demo_phase { PH_NOMINAL, PH_CAUTION, PH_ANOMALY, PH_EMERGENCY, PH_VOTE, PH_RECOVERY };
static const char *const PHASE_NAMES[6] = {"nominal",   "caution", "anomaly",
                                           "emergency", "vote",    "recovery"};
static const double PHASE_START[7] = {0, 40, 55, 70, 95, 105, 120};

static enum demo_phase demo_phase_at(double tau)
{
    for (int i = 5; i > 0; i--)
        if (tau >= PHASE_START[i]) return (enum demo_phase)i;
    return PH_NOMINAL;
}

/* The vote: MELCHIOR, BALTHASAR and CASPER decide in turn; 2 of 3 approve. */
static const char *const MAGI_NAMES[3] = {"melchior", "balthasar", "casper"};
static const double VOTE_AT[3] = {97, 99, 101};
static const double VOTE_VALUE[3] = {1, 1, -1};
#define VOTE_DECIDED 101.0
/* External power is lost at the start of the emergency and restored by the
 * vote's decision; the activity limit is 40 s of battery from then. */
#define POWER_LOST 70.0
#define LIMIT_SECONDS 40.0

struct demo_ctx {
    struct sample_buf *b;
    uint64_t seed;
    double now, u, tau; /* Unix time, seconds since boot, position in the cycle */
    int ncpu;
    bool full;
};

static void put(struct demo_ctx *c, const char *name, const char *const *labels, int nl,
                enum metric_type type, double v)
{
    if (!sample_buf_add(c->b, name, labels, nl, type, v, 0)) c->full = true;
}

static void gauge(struct demo_ctx *c, const char *name, const char *const *labels, int nl, double v)
{
    put(c, name, labels, nl, METRIC_GAUGE, v);
}

static void counter(struct demo_ctx *c, const char *name, const char *const *labels, int nl,
                    double v)
{
    put(c, name, labels, nl, METRIC_COUNTER, v);
}

/* Noise centred on 0 with amplitude `amp`, for gauge `stream`. */
static double jitter(const struct demo_ctx *c, uint64_t stream, double amp, double period)
{
    return amp * demo_noise(c->seed, stream, c->now, period);
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* --- CPU: per-thread busy fraction and its closed-form integral ------------ */

struct demo_core {
    double base, amp;  /* busy = base + amp * E_LOAD + w1 sin + w2 sin */
    double w1, f1, p1; /* amplitude, angular frequency, phase */
    double w2, f2, p2;
};

static struct demo_core demo_core_params(uint64_t seed, int cpu)
{
    struct demo_core k;
    k.base = 0.06 + 0.12 * demo_u01(seed, 100, cpu);
    k.amp = 0.55 + 0.15 * demo_u01(seed, 101, cpu);
    k.w1 = 0.05;
    k.f1 = 2 * M_PI / (7 + 13 * demo_u01(seed, 102, cpu));
    k.p1 = 2 * M_PI * demo_u01(seed, 103, cpu);
    k.w2 = 0.03;
    k.f2 = 2 * M_PI / (1.7 + 2.9 * demo_u01(seed, 104, cpu));
    k.p2 = 2 * M_PI * demo_u01(seed, 105, cpu);
    /* 0.18 + 0.70 + 0.08 < 1 and 0.06 - 0.08 < 0: keep busy in (0, 1) */
    if (k.base < k.w1 + k.w2 + 0.005) k.base = k.w1 + k.w2 + 0.005;
    return k;
}

static double core_busy(const struct demo_core *k, double u)
{
    return k->base + k->amp * pwl_at(&E_LOAD, fmod(u, DEMO_CYCLE)) +
           k->w1 * sin(k->f1 * u + k->p1) + k->w2 * sin(k->f2 * u + k->p2);
}

/* Integral of core_busy over [0, u]. */
static double core_busy_cum(const struct demo_core *k, double u)
{
    if (u <= 0) return 0;
    return k->base * u + k->amp * pwl_cum(&E_LOAD, u) +
           k->w1 / k->f1 * (cos(k->p1) - cos(k->f1 * u + k->p1)) +
           k->w2 / k->f2 * (cos(k->p2) - cos(k->f2 * u + k->p2));
}

/* Mean busy of all threads over the last `w` seconds. */
static double mean_busy(const struct demo_ctx *c, const struct demo_core *k, double w)
{
    double s = 0;
    for (int i = 0; i < c->ncpu; i++)
        s += core_busy_cum(&k[i], c->u) - core_busy_cum(&k[i], c->u - w);
    return s / (c->ncpu * w);
}

/* Counters keep USER_HZ resolution, like /proc/stat. */
static double ticks(double seconds)
{
    return floor(seconds * 100.0) / 100.0;
}

static void demo_cpu(struct demo_ctx *c, const struct demo_core *k)
{
    static const char *const modes[8] = {"user",   "nice", "system",  "idle",
                                         "iowait", "irq",  "softirq", "steal"};
    static const double share[8] = {0.71, 0.01, 0.18, 0, 0.04, 0.01, 0.03, 0.02};
    for (int i = 0; i < c->ncpu; i++) {
        double cum = core_busy_cum(&k[i], c->u);
        char cpu[12];
        snprintf(cpu, sizeof cpu, "%d", i);
        const char *lab[4] = {"cpu", cpu, "mode", NULL};
        for (int m = 0; m < 8; m++) {
            lab[3] = modes[m];
            double v = m == 3 ? c->u - cum : share[m] * cum;
            counter(c, "node_cpu_seconds_total", lab, 2, ticks(v));
        }
        const char *fl[2] = {"cpu", cpu};
        gauge(c, "node_cpu_scaling_frequency_hertz", fl, 1,
              floor((1.2e9 + 3.0e9 * clamp(core_busy(&k[i], c->u), 0, 1)) / 1e5) * 1e5);
    }
}

/* --- the rest of the machine ----------------------------------------------- */

/* A counter whose rate is base + amp * envelope + wob * sin(f u + p) >= 0. */
static double rate_cum(double u, double base, double amp, const struct demo_pwl *e, double wob,
                       double f, double p)
{
    if (u <= 0) return 0;
    double v = base * u + (e ? amp * pwl_cum(e, u) : 0);
    if (wob != 0) v += wob / f * (cos(p) - cos(f * u + p));
    return v;
}

static void demo_system(struct demo_ctx *c, const struct demo_core *k)
{
    double busy1 = mean_busy(c, k, 1);
    double cum_all = 0;
    for (int i = 0; i < c->ncpu; i++)
        cum_all += core_busy_cum(&k[i], c->u);
    /* load averages: the number of busy threads averaged over 1, 5, 15 min */
    gauge(c, "node_load1", NULL, 0, round(c->ncpu * mean_busy(c, k, 60) * 100) / 100);
    gauge(c, "node_load5", NULL, 0, round(c->ncpu * mean_busy(c, k, 300) * 100) / 100);
    gauge(c, "node_load15", NULL, 0, round(c->ncpu * mean_busy(c, k, 900) * 100) / 100);
    gauge(c, "node_boot_time_seconds", NULL, 0, DEMO_BOOT);
    gauge(c, "node_time_seconds", NULL, 0, c->now);
    gauge(c, "node_procs_running", NULL, 0, round(1 + c->ncpu * busy1));
    gauge(c, "node_procs_blocked", NULL, 0,
          round(3 * pwl_at(&E_ANOM, c->tau) + 0.4 + 0.6 * demo_noise(c->seed, 7, c->now, 3)));
    gauge(c, "node_processes_threads", NULL, 0,
          round(1180 + 420 * pwl_at(&E_LOAD, c->tau) + jitter(c, 8, 6, 5)));
    gauge(c, "node_processes_pids", NULL, 0,
          round(412 + 96 * pwl_at(&E_LOAD, c->tau) + jitter(c, 9, 3, 7)));
    counter(c, "node_context_switches_total", NULL, 0, floor(2e4 * c->u + 1.1e4 * cum_all));
    counter(c, "node_intr_total", NULL, 0,
            floor(rate_cum(c->u, 9000, 40000, &E_LOAD, 800, 0.7, 0.3)));
    counter(c, "node_forks_total", NULL, 0, floor(rate_cum(c->u, 12, 90, &E_LOAD, 4, 0.9, 1.1)));

    /* memory (node_exporter names, bytes) */
    const double total = 65842176.0 * 1024;
    double used = clamp(0.34 + 0.55 * pwl_at(&E_MEM, c->tau) + jitter(c, 10, 0.01, 4), 0, 0.97);
    double avail = floor(total * (1 - used) / 4096) * 4096;
    double cached = floor(avail * 0.52 / 4096) * 4096;
    double buffers = 1283457024.0;
    double swap_total = 8589930496.0;
    double swap_used = clamp(0.015 + 0.6 * pwl_at(&E_MEM, c->tau) * pwl_at(&E_MEM, c->tau), 0, 1);
    gauge(c, "node_memory_MemTotal_bytes", NULL, 0, total);
    gauge(c, "node_memory_MemAvailable_bytes", NULL, 0, avail);
    gauge(c, "node_memory_MemFree_bytes", NULL, 0, floor(avail * 0.31 / 4096) * 4096);
    gauge(c, "node_memory_Cached_bytes", NULL, 0, cached);
    gauge(c, "node_memory_Buffers_bytes", NULL, 0, buffers);
    gauge(c, "node_memory_Active_bytes", NULL, 0, floor(total * used * 0.8 / 4096) * 4096);
    gauge(c, "node_memory_Inactive_bytes", NULL, 0, floor(total * used * 0.2 / 4096) * 4096);
    gauge(c, "node_memory_Shmem_bytes", NULL, 0, 912343040.0);
    gauge(c, "node_memory_Slab_bytes", NULL, 0, 1734017024.0);
    gauge(c, "node_memory_Dirty_bytes", NULL, 0,
          floor((2e6 + 3e8 * pwl_at(&E_ANOM, c->tau)) / 4096) * 4096);
    gauge(c, "node_memory_SwapTotal_bytes", NULL, 0, swap_total);
    gauge(c, "node_memory_SwapFree_bytes", NULL, 0,
          floor(swap_total * (1 - swap_used) / 4096) * 4096);
    gauge(c, "node_memory_SwapCached_bytes", NULL, 0,
          floor(swap_total * swap_used * 0.05 / 4096) * 4096);

    /* network: two NICs (the loopback device is left out, as in `linux`) */
    static const char *const nics[2] = {"eth0", "eth1"};
    for (int i = 0; i < 2; i++) {
        const char *lab[2] = {"device", nics[i]};
        double s = i == 0 ? 1 : 0.15;
        double rx = rate_cum(c->u, 6e6 * s, 95e6 * s, &E_ANOM, 2e6 * s, 0.31 + i * 0.07, 0.5 + i);
        double tx = rate_cum(c->u, 2.5e6 * s, 30e6 * s, &E_LOAD, 0.8e6 * s, 0.23 + i * 0.05, 2 + i);
        counter(c, "node_network_receive_bytes_total", lab, 1, floor(rx));
        counter(c, "node_network_transmit_bytes_total", lab, 1, floor(tx));
        counter(c, "node_network_receive_packets_total", lab, 1, floor(rx / 1100));
        counter(c, "node_network_transmit_packets_total", lab, 1, floor(tx / 900));
        counter(c, "node_network_receive_errs_total", lab, 1,
                floor(rate_cum(c->u, 0, 14 * s, &E_EMERG, 0, 1, 0)));
        counter(c, "node_network_transmit_errs_total", lab, 1,
                floor(rate_cum(c->u, 0, 3 * s, &E_EMERG, 0, 1, 0)));
        counter(c, "node_network_receive_drop_total", lab, 1,
                floor(rate_cum(c->u, 0.01, 60 * s, &E_EMERG, 0, 1, 0)));
        counter(c, "node_network_transmit_drop_total", lab, 1,
                floor(rate_cum(c->u, 0, 8 * s, &E_EMERG, 0, 1, 0)));
        gauge(c, "node_network_up", lab, 1, 1);
    }

    /* disks */
    static const char *const disks[3] = {"nvme0n1", "nvme1n1", "sda"};
    static const double dscale[3] = {1, 0.6, 0.05};
    for (int i = 0; i < 3; i++) {
        const char *lab[2] = {"device", disks[i]};
        double s = dscale[i];
        double rd = rate_cum(c->u, 40e6 * s, 1.4e9 * s, &E_ANOM, 10e6 * s, 0.41 + i * 0.1, i);
        double wr = rate_cum(c->u, 25e6 * s, 0.9e9 * s, &E_ANOM, 8e6 * s, 0.37 + i * 0.1, 1 + i);
        /* utilisation stays within [0, 1]: 0.04..0.97 */
        double io = rate_cum(c->u, 0.04 + 0.02 * i, 0.9 - 0.3 * i, &E_ANOM, 0.02, 0.5 + i * 0.1, i);
        counter(c, "node_disk_read_bytes_total", lab, 1, floor(rd / 512) * 512);
        counter(c, "node_disk_written_bytes_total", lab, 1, floor(wr / 512) * 512);
        counter(c, "node_disk_reads_completed_total", lab, 1, floor(rd / 65536));
        counter(c, "node_disk_writes_completed_total", lab, 1, floor(wr / 131072));
        counter(c, "node_disk_io_time_seconds_total", lab, 1, floor(io * 1000) / 1000);
        counter(c, "node_disk_io_time_weighted_seconds_total", lab, 1,
                floor(io * 2.6 * 1000) / 1000);
        counter(c, "node_disk_read_time_seconds_total", lab, 1, floor(io * 1.1 * 1000) / 1000);
        counter(c, "node_disk_write_time_seconds_total", lab, 1, floor(io * 1.5 * 1000) / 1000);
        gauge(c, "node_disk_io_now", lab, 1, round(6 * pwl_at(&E_ANOM, c->tau) * s));
    }

    /* filesystems; the root fills up with logs during the incident */
    static const struct {
        const char *dev, *mp, *type;
        double size, used, files;
    } fs[4] = {
        {"/dev/nvme0n1p2", "/", "ext4", 983349567488.0, 0.41, 61054976},
        {"/dev/nvme0n1p1", "/boot/efi", "vfat", 535805952.0, 0.012, 0},
        {"/dev/nvme1n1p1", "/home", "ext4", 1967317549056.0, 0.63, 122101760},
        {"tmpfs", "/run", "tmpfs", 6742245376.0, 0.0004, 1645080},
    };
    for (int i = 0; i < 4; i++) {
        const char *lab[6] = {"device", fs[i].dev, "fstype", fs[i].type, "mountpoint", fs[i].mp};
        double used_frac = fs[i].used;
        if (i == 0) used_frac += 0.47 * pwl_at(&E_MEM, c->tau);
        double bsize = 4096;
        double blocks = floor(fs[i].size / bsize);
        double bfree = floor(blocks * (1 - used_frac));
        double bavail = i == 1 || i == 3 ? bfree : fmax(0, bfree - floor(blocks * 0.05));
        gauge(c, "node_filesystem_size_bytes", lab, 3, blocks * bsize);
        gauge(c, "node_filesystem_free_bytes", lab, 3, bfree * bsize);
        gauge(c, "node_filesystem_avail_bytes", lab, 3, bavail * bsize);
        gauge(c, "node_filesystem_files", lab, 3, fs[i].files);
        gauge(c, "node_filesystem_files_free", lab, 3, floor(fs[i].files * (1 - used_frac * 0.2)));
        gauge(c, "node_filesystem_readonly", lab, 3, 0);
        gauge(c, "node_filesystem_device_error", lab, 3, 0);
    }

    /* temperatures follow the load of the last 20 s */
    static const char *const chip = "platform_coretemp_0";
    static const char *const sensors[9] = {"temp1", "temp2", "temp3", "temp4", "temp5",
                                           "temp6", "temp7", "temp8", "temp9"};
    static const char *const labels[9] = {"package_id_0", "core_0", "core_1", "core_2", "core_3",
                                          "core_4",       "core_5", "core_6", "core_7"};
    {
        const char *cl[4] = {"chip", chip, "chip_name", "coretemp"};
        gauge(c, "node_hwmon_chip_names", cl, 2, 1);
        const char *nl[4] = {"chip", "nvme_nvme0", "chip_name", "nvme"};
        gauge(c, "node_hwmon_chip_names", nl, 2, 1);
    }
    double pkg = 0;
    /* One sensor per physical core (two threads each), at most 8 as on the
     * machine this imitates; a 1- or 3-thread demo has a lone thread. */
    int nphys = (c->ncpu + 1) / 2;
    if (nphys > 8)
        nphys = 8;
    for (int i = 0; i <= nphys; i++) {
        const char *lab[4] = {"chip", chip, "sensor", sensors[i]};
        double pair;
        if (i == 0) {
            pair = mean_busy(c, k, 20);
        } else {
            int t0 = 2 * (i - 1), t1 = t0 + 1 < c->ncpu ? t0 + 1 : t0;
            pair = 0.5 *
                   ((core_busy_cum(&k[t0], c->u) - core_busy_cum(&k[t0], c->u - 20)) +
                    (core_busy_cum(&k[t1], c->u) - core_busy_cum(&k[t1], c->u - 20))) /
                   20;
        }
        double t = 34 + 68 * pair + jitter(c, 200 + (uint64_t)i, 0.6, 2.5);
        t = round(t); /* coretemp reports whole degrees */
        if (i == 0) pkg = t;
        gauge(c, "node_hwmon_temp_celsius", lab, 2, t);
        gauge(c, "node_hwmon_temp_max_celsius", lab, 2, 84);
        gauge(c, "node_hwmon_temp_crit_celsius", lab, 2, 100);
        const char *sl[6] = {"chip", chip, "label", labels[i], "sensor", sensors[i]};
        gauge(c, "node_hwmon_sensor_label", sl, 3, 1);
    }
    {
        double util = (rate_cum(c->u, 0.04, 0.9, &E_ANOM, 0.02, 0.5, 0) -
                       rate_cum(c->u - 60, 0.04, 0.9, &E_ANOM, 0.02, 0.5, 0)) /
                      60;
        const char *lab[4] = {"chip", "nvme_nvme0", "sensor", "temp1"};
        gauge(c, "node_hwmon_temp_celsius", lab, 2,
              round((38 + 34 * util + jitter(c, 220, 0.4, 4)) * 20) / 20);
        gauge(c, "node_hwmon_temp_max_celsius", lab, 2, 81.85);
        gauge(c, "node_hwmon_temp_crit_celsius", lab, 2, 84.85);
        const char *sl[6] = {"chip", "nvme_nvme0", "label", "composite", "sensor", "temp1"};
        gauge(c, "node_hwmon_sensor_label", sl, 3, 1);
        const char *fl[4] = {"chip", "platform_nct6775_656", "sensor", "fan1"};
        gauge(c, "node_hwmon_fan_rpm", fl, 2, round(620 + 2400 * mean_busy(c, k, 10)));
        const char *fl2[4] = {"chip", "platform_nct6775_656", "sensor", "fan2"};
        gauge(c, "node_hwmon_fan_rpm", fl2, 2, round(540 + 2100 * mean_busy(c, k, 30)));
    }
    {
        const char *z0[4] = {"type", "x86_pkg_temp", "zone", "0"};
        gauge(c, "node_thermal_zone_temp", z0, 2, pkg);
        const char *z1[4] = {"type", "acpitz", "zone", "1"};
        gauge(c, "node_thermal_zone_temp", z1, 2, 27.8 + round(6 * pwl_at(&E_LOAD, c->tau)));
    }

    /* power: the "umbilical cable" is cut in the emergency and the UPS
     * battery carries the machine until the vote restores power */
    bool on_battery = c->tau >= POWER_LOST && c->tau < VOTE_DECIDED;
    double cap;
    if (on_battery)
        cap = 100 - 60 * (c->tau - POWER_LOST) / (VOTE_DECIDED - POWER_LOST);
    else if (c->tau >= VOTE_DECIDED)
        cap = fmin(100, 40 + 60 * (c->tau - VOTE_DECIDED) / (DEMO_CYCLE - VOTE_DECIDED - 1));
    else
        cap = 100;
    cap = floor(cap);
    const char *ac[2] = {"power_supply", "AC"};
    gauge(c, "node_power_supply_online", ac, 1, on_battery ? 0 : 1);
    const char *aci[4] = {"power_supply", "AC", "type", "Mains"};
    gauge(c, "node_power_supply_info", aci, 2, 1);
    const char *bat[2] = {"power_supply", "BAT0"};
    gauge(c, "node_power_supply_capacity", bat, 1, cap);
    gauge(c, "node_power_supply_present", bat, 1, 1);
    gauge(c, "node_power_supply_energy_full", bat, 1, 97.2);
    gauge(c, "node_power_supply_energy_watthour", bat, 1, round(97.2 * cap) / 100);
    gauge(c, "node_power_supply_power_watt", bat, 1, on_battery ? 412.5 : cap < 100 ? 88.0 : 0);
    const char *status = on_battery ? "Discharging" : cap < 100 ? "Charging" : "Full";
    const char *bi[8] = {"power_supply", "BAT0",   "status", status,
                         "technology",   "Li-ion", "type",   "UPS"};
    gauge(c, "node_power_supply_info", bi, 4, 1);
    if (on_battery)
        gauge(c, "node_power_supply_time_to_empty_seconds", bat, 1,
              floor(LIMIT_SECONDS - (c->tau - POWER_LOST)));

    /* identity */
    const char *un[12] = {
        "domainname", "(none)", "machine", "x86_64",
        "nodename",   "magi",   "release", "6.1.0-28-amd64",
        "sysname",    "Linux",  "version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"};
    gauge(c, "node_uname_info", un, 6, 1);
    const char *os[12] = {"id",
                          "debian",
                          "name",
                          "Debian GNU/Linux",
                          "pretty_name",
                          "Debian GNU/Linux 12 (bookworm)",
                          "version",
                          "12 (bookworm)",
                          "version_codename",
                          "bookworm",
                          "version_id",
                          "12"};
    gauge(c, "node_os_info", os, 6, 1);
}

/* --- GPUs, DCGM-exporter names --------------------------------------------- */

static void demo_gpus(struct demo_ctx *c)
{
    static const char *const uuid[DEMO_GPUS] = {"GPU-3f6c1a52-8e0d-4b7a-9c21-5d8e7f90a1b3",
                                                "GPU-b8e27d04-1c5f-4e9a-a6d3-02f4c9e8b715"};
    static const char *const bus[DEMO_GPUS] = {"00000000:1B:00.0", "00000000:3D:00.0"};
    static const char *const dev[DEMO_GPUS] = {"nvidia0", "nvidia1"};
    static const char *const index[DEMO_GPUS] = {"0", "1"};
    for (int g = 0; g < DEMO_GPUS; g++) {
        const char *lab[12] = {
            "gpu",      index[g],     "UUID", uuid[g],     "pci_bus_id",
            bus[g],     "device",     dev[g], "modelName", "NVIDIA H100 80GB HBM3",
            "Hostname", "magi"};
        double load = 0.93 - 0.6 * pwl_at(&E_EMERG, c->tau) + 0.07 * pwl_at(&E_ANOM, c->tau);
        double util = clamp(round(100 * load + jitter(c, 300 + (uint64_t)g, 3, 1.3)), 0, 100);
        double fb_total = 81559;
        double fb_used = round(fb_total * clamp(0.71 + 0.26 * pwl_at(&E_MEM, c->tau) +
                                                    jitter(c, 310 + (uint64_t)g, 0.004, 5),
                                                0, 0.995));
        gauge(c, "DCGM_FI_DEV_GPU_UTIL", lab, 6, util);
        gauge(c, "DCGM_FI_DEV_MEM_COPY_UTIL", lab, 6, round(util * 0.42));
        gauge(c, "DCGM_FI_DEV_FB_USED", lab, 6, fb_used);
        gauge(c, "DCGM_FI_DEV_FB_FREE", lab, 6, fb_total - fb_used);
        gauge(c, "DCGM_FI_DEV_FB_TOTAL", lab, 6, fb_total);
        gauge(c, "DCGM_FI_DEV_GPU_TEMP", lab, 6,
              round(34 + 44 * load + 9 * pwl_at(&E_ANOM, c->tau) +
                    jitter(c, 320 + (uint64_t)g, 0.7, 6)));
        gauge(c, "DCGM_FI_DEV_POWER_USAGE", lab, 6,
              round((72 + 590 * load + jitter(c, 330 + (uint64_t)g, 12, 0.9)) * 1000) / 1000);
        gauge(c, "DCGM_FI_DEV_SM_CLOCK", lab, 6,
              util > 5 ? 1980 - 15 * round(8 * pwl_at(&E_ANOM, c->tau)) : 345);
        gauge(c, "DCGM_FI_DEV_MEM_CLOCK", lab, 6, 2619);
    }
}

/* --- the training run of examples/train.py --------------------------------- */

static void demo_training(struct demo_ctx *c)
{
    /* One run per cycle: 20 steps/s, 300 steps per epoch. */
    const double steps_per_s = 20, total = DEMO_CYCLE * steps_per_s, per_epoch = 300;
    double step = floor(c->tau * steps_per_s);
    double diverge = pwl_at(&E_ANOM, c->tau);
    double loss = 2.3 * exp(-step / 520) + 0.085 + 0.9 * diverge * diverge +
                  0.025 * demo_noise(c->seed, 400, step, 1);
    /* validation is evaluated every 100 steps */
    double vstep = floor(step / 100) * 100;
    double vdiv = pwl_at(&E_ANOM, vstep / steps_per_s);
    double val =
        2.3 * exp(-vstep / 560) + 0.11 + 1.4 * vdiv + 0.01 * demo_noise(c->seed, 401, vstep, 100);
    double warm = 100;
    double lr = step < warm ? 3e-4 * (step + 1) / warm
                            : 3e-4 * 0.5 * (1 + cos(M_PI * (step - warm) / (total - warm)));
    double thr = round(5120 * (1 - 0.7 * pwl_at(&E_EMERG, c->tau)) + jitter(c, 402, 60, 0.8));
    gauge(c, "step", NULL, 0, step);
    gauge(c, "epoch", NULL, 0, floor(step / per_epoch));
    gauge(c, "loss", NULL, 0, round(loss * 1e5) / 1e5);
    gauge(c, "val_loss", NULL, 0, round(val * 1e5) / 1e5);
    gauge(c, "lr", NULL, 0, lr);
    gauge(c, "throughput", NULL, 0, thr);
    gauge(c, "eta_seconds", NULL, 0, round((total - step) / steps_per_s * 10) / 10);
}

/* --- MAGI's own incident series -------------------------------------------- */

static void demo_incident(struct demo_ctx *c)
{
    enum demo_phase ph = demo_phase_at(c->tau);
    for (int i = 0; i < 6; i++) {
        const char *lab[2] = {"phase", PHASE_NAMES[i]};
        gauge(c, "magi_demo_phase", lab, 1, (int)ph == i ? 1 : 0);
    }
    gauge(c, "magi_demo_phase_index", NULL, 0, ph);
    gauge(c, "magi_demo_phase_seconds", NULL, 0, c->tau - PHASE_START[ph]);
    gauge(c, "magi_demo_cycle_seconds", NULL, 0, c->tau);

    static const struct {
        const char *name, *severity;
        double from, to;
    } alerts[] = {
        {"HighCPULoad", "warning", 45, 105},
        {"PatternBlue", "critical", 55, 101},
        {"ThermalThrottling", "warning", 62, 105},
        {"ExternalPowerLost", "critical", POWER_LOST, VOTE_DECIDED},
        {"MemoryPressure", "warning", 75, 101},
        {"NetworkErrors", "warning", 72, 103},
    };
    for (size_t i = 0; i < sizeof alerts / sizeof alerts[0]; i++) {
        const char *lab[4] = {"alertname", alerts[i].name, "severity", alerts[i].severity};
        gauge(c, "magi_alerts_firing", lab, 2,
              c->tau >= alerts[i].from && c->tau < alerts[i].to ? 1 : 0);
    }

    double score = clamp(pwl_at(&E_SCORE, c->tau) + jitter(c, 500, 0.02, 1.5), 0, 1);
    gauge(c, "magi_anomaly_score", NULL, 0, round(score * 1000) / 1000);

    for (int i = 0; i < 3; i++) {
        const char *lab[2] = {"system", MAGI_NAMES[i]};
        double h =
            clamp(pwl_at(&E_HEALTH[i], c->tau) + jitter(c, 510 + (uint64_t)i, 0.015, 2), 0, 1);
        gauge(c, "magi_health", lab, 1, round(h * 1000) / 1000);
        double vote = 0;
        if (ph == PH_VOTE && c->tau >= VOTE_AT[i]) vote = VOTE_VALUE[i];
        gauge(c, "magi_vote", lab, 1, vote);
    }
    gauge(c, "magi_vote_result", NULL, 0, ph == PH_VOTE && c->tau >= VOTE_DECIDED ? 1 : 0);

    bool limited = c->tau >= POWER_LOST && c->tau < VOTE_DECIDED;
    gauge(c, "magi_time_to_limit_seconds", NULL, 0,
          limited ? round((LIMIT_SECONDS - (c->tau - POWER_LOST)) * 100) / 100 : INFINITY);
}

static void demo_help(struct sample_buf *b)
{
    static const char *const h[][2] = {
        {"magi_demo_phase", "1 for the current phase of the demo incident, 0 for the others."},
        {"magi_demo_phase_index",
         "Phase of the demo incident: 0 nominal, 1 caution, 2 anomaly, 3 emergency, 4 vote, "
         "5 recovery."},
        {"magi_demo_phase_seconds", "Seconds since the current demo phase began."},
        {"magi_demo_cycle_seconds", "Seconds into the 120 s demo incident loop."},
        {"magi_alerts_firing", "1 while the alert is firing, 0 otherwise (like ALERTS)."},
        {"magi_anomaly_score", "Anomaly score, 0 (normal) to 1 (certain anomaly)."},
        {"magi_health", "Health of each MAGI system, 0 to 1."},
        {"magi_vote", "Vote of each MAGI system: 1 approve, -1 reject, 0 not voted."},
        {"magi_vote_result", "1 once the MAGI vote has approved, 0 otherwise."},
        {"magi_time_to_limit_seconds",
         "Seconds until the activity limit (on battery); +Inf while on external power."},
        {"loss", "Training loss (demo run)."},
        {"val_loss", "Validation loss (demo run)."},
    };
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
        sample_buf_set_help(b, h[i][0], h[i][1]);
}

/* --- source ops ------------------------------------------------------------ */

struct demo_src {
    uint64_t seed;
    int ncpu;
    struct demo_core cores[]; /* ncpu */
};

/* "" or "cores=N": the CPU count (so layouts can be tried on the machines
 * they will meet, from a 2-core VM to a 256-thread server). */
static bool demo_cores(const char *arg, int *n, char *err, size_t err_size)
{
    *n = DEMO_CPUS;
    if (!arg[0])
        return true;
    char *end;
    long v = strncmp(arg, "cores=", 6) == 0 ? strtol(arg + 6, &end, 10) : 0;
    if (v < 1 || v > DEMO_MAX_CPUS || end == arg + 6 || *end) {
        snprintf(err, err_size, "expected demo or demo:cores=N with N from 1 to %d",
                 DEMO_MAX_CPUS);
        return false;
    }
    *n = (int)v;
    return true;
}

static bool demo_create(struct source *s, const struct source_desc *d, char *err, size_t err_size)
{
    int n;
    if (!demo_cores(source_spec_arg(d->spec), &n, err, err_size))
        return false;
    struct demo_src *D = calloc(1, sizeof *D + (size_t)n * sizeof D->cores[0]);
    if (!D) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    D->seed = d->seed ? d->seed : 1;
    D->ncpu = n;
    for (int i = 0; i < n; i++)
        D->cores[i] = demo_core_params(D->seed, i);
    s->impl = D;
    return true;
}

static bool demo_poll(struct source *s, double now, struct sample_buf *out, char *err,
                      size_t err_size)
{
    struct demo_src *D = s->impl;
    if (!isfinite(now)) {
        snprintf(err, err_size, "clock is not finite");
        return false;
    }
    struct demo_ctx c = {.b = out, .seed = D->seed, .now = now, .ncpu = D->ncpu};
    c.u = now - DEMO_BOOT;
    if (c.u < 0) c.u = 0; /* a clock before the demo machine booted: everything at boot */
    c.tau = fmod(c.u, DEMO_CYCLE);
    demo_cpu(&c, D->cores);
    demo_system(&c, D->cores);
    demo_gpus(&c);
    demo_training(&c);
    demo_incident(&c);
    demo_help(out);
    if (c.full) {
        snprintf(err, err_size, "the sample buffer is full");
        return false;
    }
    return true;
}

static void demo_destroy(struct source *s)
{
    free(s->impl);
    s->impl = NULL;
}

const struct source_ops source_kind_demo = {
    .kind = "demo",
    .default_interval = 1.0,
    .deterministic = true,
    .create = demo_create,
    .poll = demo_poll,
    .interrupt = NULL,
    .destroy = demo_destroy,
};
