/* linux: this machine's metrics from /proc and /sys, named as node_exporter
 * names them (metric names, types, labels and units), so a layout made for
 * this machine works unchanged against any node_exporter.
 *
 * Everything is read relative to desc->root ("/" by default) so tests can
 * point the source at a fixture tree. One poll must stay within about 200 us
 * of CPU: the files read every poll are kept open and re-read with pread(2)
 * into one growing buffer, parsed by hand (no stdio, no allocation per poll),
 * and the directory walks of /sys (hwmon, thermal zones, power supplies,
 * network interfaces, cpufreq) happen only when the source is created and
 * then once a minute.
 *
 * statfs(2) on a network filesystem can block for minutes when the server is
 * gone, so remote filesystems are measured on a helper thread that the poll
 * never waits for; a mount that stays busy is reported with
 * node_filesystem_device_error = 1 (node_exporter's "stuck mount" rule).
 *
 * Depends on core/store.h, core/clock.h, libc and pthreads. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/store.h"
#include "sources/linux.h"
#include "sources/source.h"

#define LX_RESCAN_SECONDS 60.0 /* how often /sys is walked again */
#define LX_UNAME_SECONDS 30.0  /* how often host name etc. are re-read */
#define LX_STUCK_SECONDS 5.0   /* a remote statfs busy this long is reported */
#define LX_PIDS_SECONDS 10.0   /* walking /proc costs ~50 us: count PIDs less often */
#define LX_USER_HZ 100.0       /* /proc/stat ticks; node_exporter assumes 100 too */
#define LX_SECTOR 512.0        /* /proc/diskstats sectors are always 512 bytes */
#define LX_MAX_LABELS 12

/* --- small helpers -------------------------------------------------------- */

struct lx_buf {
    char *p;
    size_t cap;
    size_t len;
};

/* Reads a whole /proc or /sys file from offset 0. seq_file and sysfs fill the
 * caller's buffer as far as they can, so a short read means the end; a full
 * buffer is grown and read again so the content stays one consistent
 * snapshot. */
static bool lx_read_fd(int fd, struct lx_buf *b)
{
    if (fd < 0) return false;
    for (;;) {
        if (b->cap < 4096) {
            char *np = realloc(b->p, 4096);
            if (!np) return false;
            b->p = np;
            b->cap = 4096;
        }
        ssize_t n = pread(fd, b->p, b->cap - 1, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if ((size_t)n < b->cap - 1) {
            b->len = (size_t)n;
            b->p[n] = 0;
            return true;
        }
        if (b->cap >= (size_t)64 << 20)
            return false; /* no /proc file is this big; refuse to bloat */
        char *np = realloc(b->p, b->cap * 2);
        if (!np) return false;
        b->p = np;
        b->cap *= 2;
    }
}

/* Small reads of sysfs attributes into a caller's array. */
static ssize_t lx_pread_small(int fd, char *dst, size_t cap)
{
    if (fd < 0) return -1;
    ssize_t n;
    do {
        n = pread(fd, dst, cap - 1, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
    dst[n] = 0;
    return n;
}

static const char *lx_skip_blanks(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

static const char *lx_next_line(const char *p, const char *e)
{
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    return nl ? nl + 1 : e;
}

/* An unsigned decimal; false (and *pp unchanged) if there is none. */
static bool lx_u64(const char **pp, const char *e, uint64_t *out)
{
    const char *p = lx_skip_blanks(*pp, e);
    if (p >= e || *p < '0' || *p > '9') return false;
    uint64_t v = 0;
    while (p < e && *p >= '0' && *p <= '9') {
        v = v * 10 + (uint64_t)(*p - '0');
        p++;
    }
    *out = v;
    *pp = p;
    return true;
}

/* A signed decimal with an optional fraction ("0.69", "-12", "45000"),
 * rounded once (integer / power of ten) so "0.69" gives the same double as
 * strtod would. */
static bool lx_decimal(const char **pp, const char *e, double *out)
{
    const char *p = lx_skip_blanks(*pp, e);
    bool neg = false;
    if (p < e && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    if (p >= e || *p < '0' || *p > '9') return false;
    uint64_t v = 0;
    int digits = 0, frac = 0;
    while (p < e && *p >= '0' && *p <= '9') {
        if (digits < 18) {
            v = v * 10 + (uint64_t)(*p - '0');
            digits += v != 0;
        } else {
            frac--; /* too many digits: keep the magnitude, drop precision */
        }
        p++;
    }
    if (p < e && *p == '.') {
        p++;
        while (p < e && *p >= '0' && *p <= '9') {
            if (digits < 18) {
                v = v * 10 + (uint64_t)(*p - '0');
                digits += v != 0;
                frac++;
            }
            p++;
        }
    }
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                                   1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
    double d = (double)v;
    if (frac > 0)
        d = frac <= 18 ? d / pow10[frac] : d / pow(10.0, frac);
    else if (frac < 0)
        d = d * pow(10.0, -frac);
    *out = neg ? -d : d;
    *pp = p;
    return true;
}

/* A whitespace-delimited word as [*s, *s + *n). */
static bool lx_word(const char **pp, const char *e, const char **s, size_t *n)
{
    const char *p = lx_skip_blanks(*pp, e);
    const char *b = p;
    while (p < e && *p != ' ' && *p != '\t' && *p != '\n')
        p++;
    if (p == b) return false;
    *s = b;
    *n = (size_t)(p - b);
    *pp = p;
    return true;
}

static void lx_utoa(char *dst, unsigned v)
{
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++)
        dst[i] = tmp[n - 1 - i];
    dst[n] = 0;
}

/* node_exporter's cleanMetricName: lower case, [^a-z0-9:_] -> '_', '_'
 * trimmed at both ends. */
static void lx_clean_name(char *dst, size_t cap, const char *src, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        char c = src[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '_')) c = '_';
        dst[o++] = c;
    }
    dst[o] = 0;
    size_t b = 0;
    while (dst[b] == '_')
        b++;
    size_t l = strlen(dst + b);
    while (l > 0 && dst[b + l - 1] == '_')
        l--;
    memmove(dst, dst + b, l);
    dst[l] = 0;
}

/* Copies an attribute's text without the trailing newline/blanks. */
static void lx_trim_copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    while (n > 0 && (src[n - 1] == '\n' || src[n - 1] == ' ' || src[n - 1] == '\t'))
        n--;
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

/* dst = a "/" b (b may be NULL); false if it does not fit. */
static bool lx_join(char *dst, size_t cap, const char *a, const char *b)
{
    /* By hand rather than snprintf: GCC's truncation warning cannot see the
     * length check that follows a snprintf. */
    size_t na = strlen(a), nb = b ? strlen(b) : 0;
    size_t need = na + (b ? 1 + nb : 0);
    if (need >= cap)
        return false;
    memcpy(dst, a, na);
    if (b) {
        dst[na] = '/';
        memcpy(dst + na + 1, b, nb);
    }
    dst[need] = 0;
    return true;
}

/* --- attributes of /sys walked at rescan ----------------------------------- */

enum lx_attr_kind {
    LX_NUMBER,    /* the file holds one number: value * scale */
    LX_OPERSTATE, /* /sys/class/net/X/operstate: 1 if "up" */
    LX_CONST,     /* no file: a fixed value (info metrics, limits read at rescan) */
    LX_PS_INFO,   /* power supply info: labels + the current status */
};

struct lx_attr {
    enum lx_attr_kind kind;
    int fd;
    int fd2;            /* LX_PS_INFO: capacity_level */
    const char *metric; /* static string */
    enum metric_type type;
    double scale; /* LX_NUMBER; LX_CONST: the value */
    int nlabels;
    char *labels[2 * LX_MAX_LABELS]; /* owned */
};

struct lx_attrs {
    struct lx_attr *v;
    size_t n, cap;
};

static void lx_attrs_clear(struct lx_attrs *a)
{
    for (size_t i = 0; i < a->n; i++) {
        struct lx_attr *x = &a->v[i];
        if (x->fd >= 0) close(x->fd);
        if (x->fd2 >= 0) close(x->fd2);
        for (int j = 0; j < 2 * x->nlabels; j++)
            free(x->labels[j]);
    }
    a->n = 0;
}

/* Adds an attribute; labels are name/value pairs, NULL-terminated. Takes
 * ownership of fd (closed on failure). */
static struct lx_attr *lx_attrs_add(struct lx_attrs *a, enum lx_attr_kind kind, int fd,
                                    const char *metric, enum metric_type type, double scale,
                                    const char *const *labels)
{
    if (a->n == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 64;
        struct lx_attr *nv = realloc(a->v, nc * sizeof *nv);
        if (!nv) {
            if (fd >= 0) close(fd);
            return NULL;
        }
        a->v = nv;
        a->cap = nc;
    }
    struct lx_attr *x = &a->v[a->n];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->fd = fd;
    x->fd2 = -1;
    x->metric = metric;
    x->type = type;
    x->scale = scale;
    int n = 0;
    while (labels && labels[2 * n] && n < LX_MAX_LABELS) {
        x->labels[2 * n] = strdup(labels[2 * n]);
        x->labels[2 * n + 1] = strdup(labels[2 * n + 1]);
        n++;
    }
    x->nlabels = n;
    for (int j = 0; j < 2 * n; j++) {
        if (!x->labels[j]) {
            x->nlabels = n;
            a->n++;
            lx_attrs_clear(a); /* out of memory: drop everything, rescan later */
            return NULL;
        }
    }
    a->n++;
    return x;
}

/* --- remote filesystems, measured off the poll thread ---------------------- */

#define LX_FS_MAX 32 /* remote mounts measured per poll */

struct lx_fs_job {
    char path[PATH_MAX];
    char key[512]; /* device\0mountpoint\0fstype, to match results to mounts */
    size_t key_len;
    bool done, ok;
    struct statfs st;
};

struct lx_fs_worker {
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool quit;
    bool orphaned;     /* destroyed while busy: the helper frees this itself */
    bool busy;         /* a batch is being measured */
    double busy_since; /* clock_mono() of the statfs in progress */
    int current;       /* index of the statfs in progress */
    struct lx_fs_job jobs[LX_FS_MAX];
    int njobs;
};

static void *lx_fs_main(void *arg)
{
    struct lx_fs_worker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->quit && !w->busy)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->quit) break;
        for (int i = 0; i < w->njobs; i++) {
            w->current = i;
            w->busy_since = clock_mono();
            char path[PATH_MAX];
            memcpy(path, w->jobs[i].path, sizeof path);
            pthread_mutex_unlock(&w->mu);
            struct statfs st;
            bool ok = statfs(path, &st) == 0;
            pthread_mutex_lock(&w->mu);
            w->jobs[i].st = st;
            w->jobs[i].ok = ok;
            w->jobs[i].done = true;
            if (w->quit) break;
        }
        w->current = -1;
        w->busy = false;
    }
    bool orphaned = w->orphaned;
    pthread_mutex_unlock(&w->mu);
    if (orphaned) {
        /* the source is gone; the helper cleans up after itself */
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
    }
    return NULL;
}

/* --- the source ------------------------------------------------------------ */

#define LX_MOUNTS_MAX 256

struct lx_mount {
    char *text;         /* device\0mountpoint\0fstype\0path\0 */
    size_t key_len;     /* of device\0mountpoint\0fstype */
    const char *lab[6]; /* device, fstype, mountpoint label pairs into text */
    const char *path;   /* root + mountpoint */
    bool ro, remote;
};

struct lx_src {
    char root[PATH_MAX]; /* without a trailing slash; "" for "/" */
    bool real_root;
    struct lx_buf buf;
    int fd_stat, fd_meminfo, fd_loadavg, fd_netdev, fd_diskstats, fd_mounts;
    DIR *proc_dir;
    struct lx_attrs attrs; /* /sys, rebuilt at rescan */
    double last_rescan;    /* Unix seconds of the `now` of the last rescan */
    /* node_uname_info, re-read every LX_UNAME_SECONDS */
    double last_uname;
    char uname_lab[6][256];
    bool help_done;
    /* remote filesystems */
    struct lx_fs_worker *fsw;
    struct lx_fs_job fs_last[LX_FS_MAX]; /* the last finished batch */
    int fs_last_n;
    struct lx_fs_job fs_next[LX_FS_MAX]; /* this poll's remote mounts */
    /* the filesystems to measure, parsed from the mount table */
    struct lx_mount mounts[LX_MOUNTS_MAX];
    int nmounts;
    bool mounts_read;
    /* node_processes_pids, counted every LX_PIDS_SECONDS */
    double last_pids;
    unsigned pids;
};

static int lx_open(const struct lx_src *L, const char *rel)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", L->root, rel) >= (int)sizeof path) return -1;
    return open(path, O_RDONLY | O_CLOEXEC);
}

static void lx_close(int *fd)
{
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* Reads a small text attribute by path (rescan time only). */
static bool lx_read_small(const char *path, char *dst, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = lx_pread_small(fd, dst, cap);
    close(fd);
    if (n < 0) return false;
    lx_trim_copy(dst, cap, dst);
    return true;
}

static bool lx_read_number(const char *path, double *out)
{
    char tmp[64];
    if (!lx_read_small(path, tmp, sizeof tmp)) return false;
    const char *p = tmp;
    return lx_decimal(&p, tmp + strlen(tmp), out);
}

/* Sorted directory entries (stable label order across rescans). */
static int lx_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **lx_list_dir(const char *path, const char *prefix, size_t *count)
{
    *count = 0;
    DIR *d = opendir(path);
    if (!d) return NULL;
    char **v = NULL;
    size_t n = 0, cap = 0;
    size_t pl = prefix ? strlen(prefix) : 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        if (pl && strncmp(de->d_name, prefix, pl) != 0) continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nv = realloc(v, nc * sizeof *nv);
            if (!nv) break;
            v = nv;
            cap = nc;
        }
        v[n] = strdup(de->d_name);
        if (v[n]) n++;
        if (n >= 4096) break; /* no sane /sys class has more; bound the work */
    }
    closedir(d);
    if (n) qsort(v, n, sizeof *v, lx_cmp_str);
    *count = n;
    return v;
}

static void lx_free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int lx_open_path(const char *dir, const char *file)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) return -1;
    return open(path, O_RDONLY | O_CLOEXEC);
}

/* node_exporter's chip name: "<parent dir>_<device dir>" of the device the
 * hwmon belongs to (stable across reboots, unlike hwmonN), else the name
 * file, else hwmonN. */
static void lx_hwmon_chip(const char *dir, const char *entry, char *chip, size_t cap)
{
    char path[PATH_MAX], real[PATH_MAX];
    chip[0] = 0;
    lx_join(path, sizeof path, dir, "device");
    if (realpath(path, real)) {
        char *slash = strrchr(real, '/');
        if (slash) {
            char dev[256], type[256];
            lx_clean_name(dev, sizeof dev, slash + 1, strlen(slash + 1));
            *slash = 0;
            char *slash2 = strrchr(real, '/');
            const char *t = slash2 ? slash2 + 1 : real;
            lx_clean_name(type, sizeof type, t, strlen(t));
            if (type[0] && dev[0] && snprintf(chip, cap, "%s_%s", type, dev) < (int)cap) return;
            if (dev[0] && snprintf(chip, cap, "%s", dev) < (int)cap) return;
        }
    }
    char name[256];
    lx_join(path, sizeof path, dir, "name");
    if (lx_read_small(path, name, sizeof name) && name[0]) {
        lx_clean_name(chip, cap, name, strlen(name));
        if (chip[0]) return;
    }
    lx_clean_name(chip, cap, entry, strlen(entry));
}

/* tempN_input / fanN_input files of one hwmon directory (or its device/). */
static void lx_scan_hwmon_dir(struct lx_src *L, const char *dir, const char *chip)
{
    size_t n;
    char **files = lx_list_dir(dir, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        const char *f = files[i];
        bool temp = strncmp(f, "temp", 4) == 0;
        bool fan = strncmp(f, "fan", 3) == 0;
        if (!temp && !fan) continue;
        const char *num = f + (temp ? 4 : 3);
        const char *p = num;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == num || strcmp(p, "_input") != 0) continue;
        char sensor[64];
        snprintf(sensor, sizeof sensor, "%.*s", (int)(p - f), f);
        const char *labels[] = {"chip", chip, "sensor", sensor, NULL};
        int fd = lx_open_path(dir, f);
        if (fd < 0) continue;
        if (temp) {
            lx_attrs_add(&L->attrs, LX_NUMBER, fd, "node_hwmon_temp_celsius", METRIC_GAUGE, 0.001,
                         labels);
            static const struct {
                const char *suffix, *metric;
            } limits[] = {{"_max", "node_hwmon_temp_max_celsius"},
                          {"_crit", "node_hwmon_temp_crit_celsius"}};
            for (size_t k = 0; k < 2; k++) {
                char path[PATH_MAX];
                double v;
                if (snprintf(path, sizeof path, "%s/%s%s", dir, sensor, limits[k].suffix) <
                        (int)sizeof path &&
                    lx_read_number(path, &v))
                    lx_attrs_add(&L->attrs, LX_CONST, -1, limits[k].metric, METRIC_GAUGE, v * 0.001,
                                 labels);
            }
        } else {
            lx_attrs_add(&L->attrs, LX_NUMBER, fd, "node_hwmon_fan_rpm", METRIC_GAUGE, 1.0, labels);
        }
        char path[PATH_MAX], text[256], clean[256];
        if (snprintf(path, sizeof path, "%s/%s_label", dir, sensor) < (int)sizeof path &&
            lx_read_small(path, text, sizeof text)) {
            lx_clean_name(clean, sizeof clean, text, strlen(text));
            if (clean[0]) {
                const char *ll[] = {"chip", chip, "label", clean, "sensor", sensor, NULL};
                lx_attrs_add(&L->attrs, LX_CONST, -1, "node_hwmon_sensor_label", METRIC_GAUGE, 1.0,
                             ll);
            }
        }
    }
    lx_free_list(files, n);
}

static void lx_scan_hwmon(struct lx_src *L)
{
    char base[PATH_MAX];
    lx_join(base, sizeof base, L->root, "sys/class/hwmon");
    size_t n;
    char **ents = lx_list_dir(base, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        char dir[PATH_MAX], chip[256], name[256], path[PATH_MAX];
        lx_join(dir, sizeof dir, base, ents[i]);
        struct stat st;
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        lx_hwmon_chip(dir, ents[i], chip, sizeof chip);
        lx_join(path, sizeof path, dir, "name");
        if (lx_read_small(path, name, sizeof name) && name[0]) {
            char clean[256];
            lx_clean_name(clean, sizeof clean, name, strlen(name));
            const char *ll[] = {"chip", chip, "chip_name", clean, NULL};
            lx_attrs_add(&L->attrs, LX_CONST, -1, "node_hwmon_chip_names", METRIC_GAUGE, 1.0, ll);
        }
        lx_scan_hwmon_dir(L, dir, chip);
        lx_join(path, sizeof path, dir, "device");
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) lx_scan_hwmon_dir(L, path, chip);
    }
    lx_free_list(ents, n);
}

static void lx_scan_thermal(struct lx_src *L)
{
    char base[PATH_MAX];
    lx_join(base, sizeof base, L->root, "sys/class/thermal");
    size_t n;
    char **ents = lx_list_dir(base, "thermal_zone", &n);
    for (size_t i = 0; i < n; i++) {
        char dir[PATH_MAX], type[256], path[PATH_MAX];
        lx_join(dir, sizeof dir, base, ents[i]);
        lx_join(path, sizeof path, dir, "type");
        if (!lx_read_small(path, type, sizeof type)) continue;
        int fd = lx_open_path(dir, "temp");
        if (fd < 0) continue;
        const char *zone = ents[i] + strlen("thermal_zone");
        const char *ll[] = {"type", type, "zone", zone, NULL};
        lx_attrs_add(&L->attrs, LX_NUMBER, fd, "node_thermal_zone_temp", METRIC_GAUGE, 0.001, ll);
    }
    lx_free_list(ents, n);
}

static void lx_scan_power(struct lx_src *L)
{
    /* The attributes node_exporter turns into node_power_supply_<metric>,
     * with its unit conversions (micro-units to base units). */
    static const struct {
        const char *file, *metric;
        double scale;
    } num[] = {
        {"online", "node_power_supply_online", 1.0},
        {"present", "node_power_supply_present", 1.0},
        {"capacity", "node_power_supply_capacity", 1.0},
        {"cycle_count", "node_power_supply_cyclecount", 1.0},
        {"time_to_empty_now", "node_power_supply_time_to_empty_seconds", 1.0},
        {"time_to_full_now", "node_power_supply_time_to_full_seconds", 1.0},
        {"energy_now", "node_power_supply_energy_watthour", 1e-6},
        {"energy_full", "node_power_supply_energy_full", 1e-6},
        {"energy_full_design", "node_power_supply_energy_full_design", 1e-6},
        {"charge_now", "node_power_supply_charge_ampere", 1e-6},
        {"charge_full", "node_power_supply_charge_full", 1e-6},
        {"charge_full_design", "node_power_supply_charge_full_design", 1e-6},
        {"current_now", "node_power_supply_current_ampere", 1e-6},
        {"voltage_now", "node_power_supply_voltage_volt", 1e-6},
        {"voltage_min_design", "node_power_supply_voltage_min_design", 1e-6},
        {"power_now", "node_power_supply_power_watt", 1e-6},
        {"temp", "node_power_supply_temp_celsius", 0.1},
    };
    static const char *const info_files[] = {"type",        "technology",    "manufacturer",
                                             "model_name",  "serial_number", "health",
                                             "charge_type", "usb_type",      "scope"};
    char base[PATH_MAX];
    lx_join(base, sizeof base, L->root, "sys/class/power_supply");
    size_t n;
    char **ents = lx_list_dir(base, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        char dir[PATH_MAX];
        lx_join(dir, sizeof dir, base, ents[i]);
        const char *ll[] = {"power_supply", ents[i], NULL};
        for (size_t k = 0; k < sizeof num / sizeof num[0]; k++) {
            int fd = lx_open_path(dir, num[k].file);
            if (fd >= 0)
                lx_attrs_add(&L->attrs, LX_NUMBER, fd, num[k].metric, METRIC_GAUGE, num[k].scale,
                             ll);
        }
        /* node_power_supply_info: the fixed attributes now, status and
         * capacity_level at every poll. */
        const char *il[2 * LX_MAX_LABELS + 1];
        char vals[9][128];
        int nl = 0;
        il[nl++] = "power_supply";
        il[nl++] = ents[i];
        for (size_t k = 0; k < 9 && nl < 2 * (LX_MAX_LABELS - 2); k++) {
            char path[PATH_MAX];
            lx_join(path, sizeof path, dir, info_files[k]);
            if (lx_read_small(path, vals[k], sizeof vals[k]) && vals[k][0]) {
                il[nl++] = info_files[k];
                il[nl++] = vals[k];
            }
        }
        il[nl] = NULL;
        struct lx_attr *x = lx_attrs_add(&L->attrs, LX_PS_INFO, lx_open_path(dir, "status"),
                                         "node_power_supply_info", METRIC_GAUGE, 1.0, il);
        if (x) x->fd2 = lx_open_path(dir, "capacity_level");
    }
    lx_free_list(ents, n);
}

static void lx_scan_net(struct lx_src *L)
{
    char base[PATH_MAX];
    lx_join(base, sizeof base, L->root, "sys/class/net");
    size_t n;
    char **ents = lx_list_dir(base, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        char dir[PATH_MAX];
        lx_join(dir, sizeof dir, base, ents[i]);
        int fd = lx_open_path(dir, "operstate");
        if (fd < 0) continue;
        const char *ll[] = {"device", ents[i], NULL};
        lx_attrs_add(&L->attrs, LX_OPERSTATE, fd, "node_network_up", METRIC_GAUGE, 1.0, ll);
    }
    lx_free_list(ents, n);
}

static void lx_scan_cpufreq(struct lx_src *L)
{
    char base[PATH_MAX];
    lx_join(base, sizeof base, L->root, "sys/devices/system/cpu");
    size_t n;
    char **ents = lx_list_dir(base, "cpu", &n);
    for (size_t i = 0; i < n; i++) {
        const char *num = ents[i] + 3;
        const char *p = num;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == num || *p) continue;
        char dir[PATH_MAX];
        if (snprintf(dir, sizeof dir, "%s/%s/cpufreq", base, ents[i]) >= (int)sizeof dir) continue;
        int fd = lx_open_path(dir, "scaling_cur_freq");
        if (fd < 0) continue;
        const char *ll[] = {"cpu", num, NULL};
        lx_attrs_add(&L->attrs, LX_NUMBER, fd, "node_cpu_scaling_frequency_hertz", METRIC_GAUGE,
                     1000.0, ll);
    }
    lx_free_list(ents, n);
}

/* /etc/os-release -> node_os_info{id,name,pretty_name,version,version_id,...}. */
static void lx_scan_os(struct lx_src *L)
{
    static const char *const keys[] = {"ID",         "ID_LIKE",    "NAME",     "PRETTY_NAME",
                                       "VARIANT",    "VARIANT_ID", "VERSION",  "VERSION_CODENAME",
                                       "VERSION_ID", "BUILD_ID",   "IMAGE_ID", "IMAGE_VERSION"};
    static const char *const names[] = {"id",         "id_like",    "name",     "pretty_name",
                                        "variant",    "variant_id", "version",  "version_codename",
                                        "version_id", "build_id",   "image_id", "image_version"};
    char path[PATH_MAX];
    lx_join(path, sizeof path, L->root, "etc/os-release");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        lx_join(path, sizeof path, L->root, "usr/lib/os-release");
        fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) return;
    char text[8192];
    ssize_t n = lx_pread_small(fd, text, sizeof text);
    close(fd);
    if (n <= 0) return;
    const char *il[2 * LX_MAX_LABELS + 1];
    char vals[LX_MAX_LABELS][256];
    int nl = 0, nv = 0;
    const char *p = text, *e = text + n;
    while (p < e && nv < LX_MAX_LABELS) {
        const char *le = lx_next_line(p, e);
        const char *eq = memchr(p, '=', (size_t)(le - p));
        if (eq && *p != '#') {
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
                if ((size_t)(eq - p) != strlen(keys[k]) || memcmp(p, keys[k], eq - p) != 0)
                    continue;
                const char *v = eq + 1, *ve = le;
                while (ve > v && (ve[-1] == '\n' || ve[-1] == '\r' || ve[-1] == ' '))
                    ve--;
                if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v) {
                    v++;
                    ve--;
                }
                size_t len = (size_t)(ve - v);
                if (len >= sizeof vals[0]) len = sizeof vals[0] - 1;
                memcpy(vals[nv], v, len);
                vals[nv][len] = 0;
                il[nl++] = names[k];
                il[nl++] = vals[nv++];
                break;
            }
        }
        p = le;
    }
    il[nl] = NULL;
    if (nl) lx_attrs_add(&L->attrs, LX_CONST, -1, "node_os_info", METRIC_GAUGE, 1.0, il);
}

static void lx_rescan(struct lx_src *L, double now)
{
    lx_attrs_clear(&L->attrs);
    lx_scan_hwmon(L);
    lx_scan_thermal(L);
    lx_scan_power(L);
    lx_scan_net(L);
    lx_scan_cpufreq(L);
    lx_scan_os(L);
    L->last_rescan = now;
}

static void lx_read_uname(struct lx_src *L, double now)
{
    /* Same labels as node_exporter's uname collector. The strings come from
     * /proc/sys/kernel so a fixture root can provide them; the machine
     * (architecture) has no file there and always comes from uname(2). */
    static const char *const files[] = {"proc/sys/kernel/domainname", "proc/sys/kernel/hostname",
                                        "proc/sys/kernel/osrelease", "proc/sys/kernel/ostype",
                                        "proc/sys/kernel/version"};
    struct utsname u;
    bool have_u = uname(&u) == 0;
    for (int i = 0; i < 5; i++) {
        char path[PATH_MAX];
        lx_join(path, sizeof path, L->root, files[i]);
        if (!lx_read_small(path, L->uname_lab[i], sizeof L->uname_lab[i])) {
            const char *fb = "";
            if (have_u && L->real_root)
                fb = i == 1   ? u.nodename
                     : i == 2 ? u.release
                     : i == 3 ? u.sysname
                     : i == 4 ? u.version
                              : "";
            snprintf(L->uname_lab[i], sizeof L->uname_lab[i], "%s", fb);
        }
    }
    snprintf(L->uname_lab[5], sizeof L->uname_lab[5], "%s", have_u ? u.machine : "");
    L->last_uname = now;
}

/* --- per-poll parsers ------------------------------------------------------ */

struct lx_out {
    struct sample_buf *b;
    bool full; /* the sample buffer refused a sample */
};

static void lx_add(struct lx_out *o, const char *name, const char *const *labels, int nl,
                   enum metric_type type, double v)
{
    if (!sample_buf_add(o->b, name, labels, nl, type, v, 0)) o->full = true;
}

static bool lx_poll_stat(struct lx_src *L, struct lx_out *o, int *ncpu)
{
    static const char *const modes[8] = {"user",   "nice", "system",  "idle",
                                         "iowait", "irq",  "softirq", "steal"};
    if (!lx_read_fd(L->fd_stat, &L->buf)) return false;
    const char *p = L->buf.p, *e = p + L->buf.len;
    *ncpu = 0;
    while (p < e) {
        const char *le = lx_next_line(p, e);
        if (le - p > 3 && p[0] == 'c' && p[1] == 'p' && p[2] == 'u' && p[3] >= '0' && p[3] <= '9') {
            const char *q = p + 3;
            uint64_t cpu;
            if (lx_u64(&q, le, &cpu)) {
                char cpu_s[24];
                lx_utoa(cpu_s, (unsigned)cpu);
                const char *lab[4] = {"cpu", cpu_s, "mode", NULL};
                uint64_t v;
                for (int m = 0; m < 8 && lx_u64(&q, le, &v); m++) {
                    lab[3] = modes[m];
                    lx_add(o, "node_cpu_seconds_total", lab, 2, METRIC_COUNTER,
                           (double)v / LX_USER_HZ);
                }
                static const char *const gmodes[2] = {"user", "nice"};
                for (int m = 0; m < 2 && lx_u64(&q, le, &v); m++) {
                    lab[3] = gmodes[m];
                    lx_add(o, "node_cpu_guest_seconds_total", lab, 2, METRIC_COUNTER,
                           (double)v / LX_USER_HZ);
                }
                (*ncpu)++;
            }
        } else {
            const char *q = p;
            const char *w;
            size_t wn;
            uint64_t v;
            if (lx_word(&q, le, &w, &wn) && lx_u64(&q, le, &v)) {
#define LX_IS(s) (wn == sizeof(s) - 1 && memcmp(w, s, wn) == 0)
                if (LX_IS("intr"))
                    lx_add(o, "node_intr_total", NULL, 0, METRIC_COUNTER, (double)v);
                else if (LX_IS("ctxt"))
                    lx_add(o, "node_context_switches_total", NULL, 0, METRIC_COUNTER, (double)v);
                else if (LX_IS("btime"))
                    lx_add(o, "node_boot_time_seconds", NULL, 0, METRIC_GAUGE, (double)v);
                else if (LX_IS("processes"))
                    lx_add(o, "node_forks_total", NULL, 0, METRIC_COUNTER, (double)v);
                else if (LX_IS("procs_running"))
                    lx_add(o, "node_procs_running", NULL, 0, METRIC_GAUGE, (double)v);
                else if (LX_IS("procs_blocked"))
                    lx_add(o, "node_procs_blocked", NULL, 0, METRIC_GAUGE, (double)v);
#undef LX_IS
            }
        }
        p = le;
    }
    return true;
}

static void lx_poll_meminfo(struct lx_src *L, struct lx_out *o)
{
    if (!lx_read_fd(L->fd_meminfo, &L->buf)) return;
    const char *p = L->buf.p, *e = p + L->buf.len;
    while (p < e) {
        const char *le = lx_next_line(p, e);
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (colon && colon - p < 64) {
            /* "Active(anon)" -> "Active_anon", as node_exporter does */
            char name[128] = "node_memory_";
            size_t n = strlen(name);
            for (const char *c = p; c < colon; c++) {
                if (*c == '(')
                    name[n++] = '_';
                else if (*c != ')')
                    name[n++] = *c;
            }
            const char *q = colon + 1;
            uint64_t v;
            if (lx_u64(&q, le, &v)) {
                q = lx_skip_blanks(q, le);
                double d = (double)v;
                if (le - q >= 2 && q[0] == 'k' && q[1] == 'B') {
                    d *= 1024.0;
                    memcpy(name + n, "_bytes", 7);
                } else {
                    name[n] = 0;
                }
                lx_add(o, name, NULL, 0, METRIC_GAUGE, d);
            }
        }
        p = le;
    }
}

static void lx_poll_loadavg(struct lx_src *L, struct lx_out *o)
{
    if (!lx_read_fd(L->fd_loadavg, &L->buf)) return;
    const char *p = L->buf.p, *e = p + L->buf.len;
    static const char *const names[3] = {"node_load1", "node_load5", "node_load15"};
    for (int i = 0; i < 3; i++) {
        double v;
        if (!lx_decimal(&p, e, &v)) return;
        lx_add(o, names[i], NULL, 0, METRIC_GAUGE, v);
    }
    /* "running/total": the kernel's count of threads (tasks) */
    uint64_t run, total;
    if (lx_u64(&p, e, &run) && p < e && *p == '/') {
        p++;
        if (lx_u64(&p, e, &total))
            lx_add(o, "node_processes_threads", NULL, 0, METRIC_GAUGE, (double)total);
    }
}

static void lx_poll_pids(struct lx_src *L, struct lx_out *o, double now)
{
    if (!L->proc_dir) return;
    if (now - L->last_pids >= LX_PIDS_SECONDS || now < L->last_pids) {
        rewinddir(L->proc_dir);
        unsigned n = 0;
        struct dirent *de;
        while ((de = readdir(L->proc_dir))) {
            if (de->d_name[0] >= '1' && de->d_name[0] <= '9') n++;
        }
        L->pids = n;
        L->last_pids = now;
    }
    lx_add(o, "node_processes_pids", NULL, 0, METRIC_GAUGE, (double)L->pids);
}

static void lx_poll_netdev(struct lx_src *L, struct lx_out *o)
{
    static const char *const rx[8] = {
        "node_network_receive_bytes_total",      "node_network_receive_packets_total",
        "node_network_receive_errs_total",       "node_network_receive_drop_total",
        "node_network_receive_fifo_total",       "node_network_receive_frame_total",
        "node_network_receive_compressed_total", "node_network_receive_multicast_total"};
    static const char *const tx[8] = {
        "node_network_transmit_bytes_total",   "node_network_transmit_packets_total",
        "node_network_transmit_errs_total",    "node_network_transmit_drop_total",
        "node_network_transmit_fifo_total",    "node_network_transmit_colls_total",
        "node_network_transmit_carrier_total", "node_network_transmit_compressed_total"};
    if (!lx_read_fd(L->fd_netdev, &L->buf)) return;
    const char *p = L->buf.p, *e = p + L->buf.len;
    while (p < e) {
        const char *le = lx_next_line(p, e);
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (colon) {
            const char *d = lx_skip_blanks(p, colon);
            size_t dn = (size_t)(colon - d);
            /* node_exporter leaves the loopback device out of these */
            if (dn > 0 && dn < 64 && !(dn == 2 && d[0] == 'l' && d[1] == 'o')) {
                char dev[64];
                memcpy(dev, d, dn);
                dev[dn] = 0;
                const char *lab[2] = {"device", dev};
                const char *q = colon + 1;
                uint64_t v;
                for (int i = 0; i < 16 && lx_u64(&q, le, &v); i++)
                    lx_add(o, i < 8 ? rx[i] : tx[i - 8], lab, 1, METRIC_COUNTER, (double)v);
            }
        }
        p = le;
    }
}

/* node_exporter's default device filter for diskstats:
 * ^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$ (partitions and RAM disks). */
static bool lx_disk_ignored(const char *d, size_t n)
{
    size_t k = n;
    while (k > 0 && d[k - 1] >= '0' && d[k - 1] <= '9')
        k--;
    if (k == n || k == 0) return false; /* no trailing number, or only digits */
#define LX_PFX(s) (k == sizeof(s) - 1 && memcmp(d, s, k) == 0)
    if (LX_PFX("ram") || LX_PFX("loop") || LX_PFX("fd")) return true;
#undef LX_PFX
    if (k == 3 && (d[0] == 'h' || d[0] == 's' || d[0] == 'v') && d[1] == 'd' && d[2] >= 'a' &&
        d[2] <= 'z')
        return true;
    if (k == 4 && d[0] == 'x' && d[1] == 'v' && d[2] == 'd' && d[3] >= 'a' && d[3] <= 'z')
        return true;
    if (k > 4 && memcmp(d, "nvme", 4) == 0 && d[k - 1] == 'p') {
        size_t i = 4, s = i;
        while (i < k && d[i] >= '0' && d[i] <= '9')
            i++;
        if (i == s || i >= k || d[i] != 'n') return false;
        s = ++i;
        while (i < k && d[i] >= '0' && d[i] <= '9')
            i++;
        return i > s && i == k - 1;
    }
    return false;
}

static void lx_poll_diskstats(struct lx_src *L, struct lx_out *o)
{
    static const struct {
        const char *name;
        enum metric_type type;
        double scale;
    } f[17] = {
        {"node_disk_reads_completed_total", METRIC_COUNTER, 1},
        {"node_disk_reads_merged_total", METRIC_COUNTER, 1},
        {"node_disk_read_bytes_total", METRIC_COUNTER, LX_SECTOR},
        {"node_disk_read_time_seconds_total", METRIC_COUNTER, 0.001},
        {"node_disk_writes_completed_total", METRIC_COUNTER, 1},
        {"node_disk_writes_merged_total", METRIC_COUNTER, 1},
        {"node_disk_written_bytes_total", METRIC_COUNTER, LX_SECTOR},
        {"node_disk_write_time_seconds_total", METRIC_COUNTER, 0.001},
        {"node_disk_io_now", METRIC_GAUGE, 1},
        {"node_disk_io_time_seconds_total", METRIC_COUNTER, 0.001},
        {"node_disk_io_time_weighted_seconds_total", METRIC_COUNTER, 0.001},
        {"node_disk_discards_completed_total", METRIC_COUNTER, 1},
        {"node_disk_discards_merged_total", METRIC_COUNTER, 1},
        {"node_disk_discarded_sectors_total", METRIC_COUNTER, 1},
        {"node_disk_discard_time_seconds_total", METRIC_COUNTER, 0.001},
        {"node_disk_flush_requests_total", METRIC_COUNTER, 1},
        {"node_disk_flush_requests_time_seconds_total", METRIC_COUNTER, 0.001},
    };
    if (!lx_read_fd(L->fd_diskstats, &L->buf)) return;
    const char *p = L->buf.p, *e = p + L->buf.len;
    while (p < e) {
        const char *le = lx_next_line(p, e);
        const char *q = p;
        uint64_t major, minor, v;
        const char *d;
        size_t dn;
        if (lx_u64(&q, le, &major) && lx_u64(&q, le, &minor) && lx_word(&q, le, &d, &dn) &&
            dn < 64 && !lx_disk_ignored(d, dn)) {
            char dev[64];
            memcpy(dev, d, dn);
            dev[dn] = 0;
            const char *lab[2] = {"device", dev};
            for (int i = 0; i < 17 && lx_u64(&q, le, &v); i++) {
                /* ms -> s as an exact division, like node_exporter's */
                double x = f[i].scale == 0.001 ? (double)v / 1000.0 : (double)v * f[i].scale;
                lx_add(o, f[i].name, lab, 1, f[i].type, x);
            }
        }
        p = le;
    }
}

/* Octal escapes of /proc/mounts (\040 space, \011 tab, \012 newline, \134). */
static void lx_unescape(char *dst, size_t cap, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
            s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
            dst[o++] = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
            i += 3;
        } else {
            dst[o++] = s[i];
        }
    }
    dst[o] = 0;
}

/* node_exporter's default exclusions: mount points
 * ^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)
 * and pseudo filesystem types. */
static bool lx_fs_ignored(const char *mp, const char *fstype)
{
    static const char *const whole[] = {"/dev", "/proc", "/sys"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(whole[i]);
        if (strncmp(mp, whole[i], n) == 0 && (mp[n] == 0 || mp[n] == '/')) return true;
    }
    static const char *const under[] = {"/run/credentials/", "/var/lib/docker/",
                                        "/var/lib/containers/storage/"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(under[i]);
        if (strncmp(mp, under[i], n) == 0 && mp[n] != 0) return true;
    }
    static const char *const types[] = {
        "autofs",     "binfmt_misc", "bpf",       "cgroup",   "cgroup2",   "configfs",
        "debugfs",    "devpts",      "devtmpfs",  "fusectl",  "hugetlbfs", "iso9660",
        "mqueue",     "nsfs",        "overlay",   "proc",     "procfs",    "pstore",
        "rpc_pipefs", "securityfs",  "selinuxfs", "squashfs", "sysfs",     "tracefs"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(fstype, types[i]) == 0) return true;
    return false;
}

/* Filesystems whose statfs may block on a server: measured on the helper. */
static bool lx_fs_remote(const char *fstype)
{
    static const char *const types[] = {"nfs",    "nfs4",  "cifs",      "smb3",  "smbfs",
                                        "9p",     "ceph",  "glusterfs", "afs",   "davfs",
                                        "lustre", "ncpfs", "gfs2",      "ocfs2", "sshfs"};
    if (strncmp(fstype, "fuse", 4) == 0) return true;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(fstype, types[i]) == 0) return true;
    return false;
}

static void lx_emit_fs(struct lx_out *o, const char *const *lab, bool ok, const struct statfs *st,
                       bool ro)
{
    lx_add(o, "node_filesystem_device_error", lab, 3, METRIC_GAUGE, ok ? 0 : 1);
    if (!ok) return;
    double bs = (double)st->f_bsize;
    lx_add(o, "node_filesystem_size_bytes", lab, 3, METRIC_GAUGE, (double)st->f_blocks * bs);
    lx_add(o, "node_filesystem_free_bytes", lab, 3, METRIC_GAUGE, (double)st->f_bfree * bs);
    lx_add(o, "node_filesystem_avail_bytes", lab, 3, METRIC_GAUGE, (double)st->f_bavail * bs);
    lx_add(o, "node_filesystem_files", lab, 3, METRIC_GAUGE, (double)st->f_files);
    lx_add(o, "node_filesystem_files_free", lab, 3, METRIC_GAUGE, (double)st->f_ffree);
    lx_add(o, "node_filesystem_readonly", lab, 3, METRIC_GAUGE, ro ? 1 : 0);
}

static bool lx_fs_start_worker(struct lx_src *L)
{
    if (L->fsw) return true;
    struct lx_fs_worker *w = calloc(1, sizeof *w);
    if (!w) return false;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->current = -1;
    if (pthread_create(&w->thread, NULL, lx_fs_main, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        return false;
    }
    w->started = true;
    L->fsw = w;
    return true;
}

static void lx_mounts_clear(struct lx_src *L)
{
    for (int i = 0; i < L->nmounts; i++)
        free(L->mounts[i].text);
    L->nmounts = 0;
}

/* Parses the mount table into L->mounts: the filesystems node_exporter would
 * report, each once. */
static void lx_read_mounts(struct lx_src *L)
{
    lx_mounts_clear(L);
    if (!lx_read_fd(L->fd_mounts, &L->buf)) return;
    const char *p = L->buf.p, *e = p + L->buf.len;
    while (p < e && L->nmounts < LX_MOUNTS_MAX) {
        const char *le = lx_next_line(p, e);
        const char *q = p, *w[4];
        size_t wn[4];
        int nw = 0;
        while (nw < 4 && lx_word(&q, le, &w[nw], &wn[nw]))
            nw++;
        p = le;
        if (nw < 4) continue;
        char dev[256], mp[PATH_MAX], type[64];
        lx_unescape(dev, sizeof dev, w[0], wn[0]);
        lx_unescape(mp, sizeof mp, w[1], wn[1]);
        lx_unescape(type, sizeof type, w[2], wn[2]);
        if (lx_fs_ignored(mp, type)) continue;
        size_t ld = strlen(dev), lm = strlen(mp), lt = strlen(type), lr = strlen(L->root);
        /* one allocation: dev\0mp\0type\0root+mp\0 */
        size_t key_len = ld + 1 + lm + 1 + lt;
        bool dup = false;
        for (int i = 0; i < L->nmounts && !dup; i++)
            dup = L->mounts[i].key_len == key_len && memcmp(L->mounts[i].text, dev, ld + 1) == 0 &&
                  strcmp(L->mounts[i].text + ld + 1, mp) == 0 &&
                  strcmp(L->mounts[i].text + ld + 1 + lm + 1, type) == 0;
        if (dup) continue;
        char *t = malloc(key_len + 1 + lr + lm + 1);
        if (!t) break;
        memcpy(t, dev, ld + 1);
        memcpy(t + ld + 1, mp, lm + 1);
        memcpy(t + ld + 1 + lm + 1, type, lt + 1);
        memcpy(t + key_len + 1, L->root, lr);
        memcpy(t + key_len + 1 + lr, mp, lm + 1);
        struct lx_mount *m = &L->mounts[L->nmounts++];
        m->text = t;
        m->key_len = key_len;
        m->lab[0] = "device";
        m->lab[1] = t;
        m->lab[2] = "fstype";
        m->lab[3] = t + ld + 1 + lm + 1;
        m->lab[4] = "mountpoint";
        m->lab[5] = t + ld + 1;
        m->path = t + key_len + 1;
        m->ro = wn[3] >= 2 && w[3][0] == 'r' && w[3][1] == 'o' && (wn[3] == 2 || w[3][2] == ',');
        m->remote = lx_fs_remote(type);
    }
}

static void lx_poll_filesystems(struct lx_src *L, struct lx_out *o, bool rescan)
{
    /* /proc/self/mounts signals POLLPRI when the mount table changes, so the
     * table (about 35 us of kernel time to read) is parsed only then, and at
     * each rescan for roots that are not /proc. */
    struct pollfd pf = {.fd = L->fd_mounts, .events = POLLPRI};
    bool changed = L->fd_mounts >= 0 && poll(&pf, 1, 0) > 0 && (pf.revents & (POLLPRI | POLLERR));
    if (rescan || changed || !L->mounts_read) {
        lx_read_mounts(L);
        L->mounts_read = true;
    }
    struct lx_fs_job *remote = L->fs_next; /* remote mounts of this poll */
    int nremote = 0;
    for (int mi = 0; mi < L->nmounts; mi++) {
        const struct lx_mount *m = &L->mounts[mi];
        if (!m->remote) {
            struct statfs st;
            bool ok = statfs(m->path, &st) == 0;
            lx_emit_fs(o, m->lab, ok, &st, m->ro);
            continue;
        }
        /* Remote: report the helper's last answer for this mount, if any. */
        if (nremote >= LX_FS_MAX || strlen(m->path) >= sizeof remote[0].path ||
            m->key_len > sizeof remote[0].key)
            continue;
        struct lx_fs_job *j = &remote[nremote++];
        memcpy(j->path, m->path, strlen(m->path) + 1);
        memcpy(j->key, m->text, m->key_len);
        j->key_len = m->key_len;
        j->done = j->ok = false;
        bool stuck = false;
        if (L->fsw) {
            struct lx_fs_worker *w = L->fsw;
            pthread_mutex_lock(&w->mu);
            if (w->busy && w->current >= 0 && w->jobs[w->current].key_len == m->key_len &&
                memcmp(w->jobs[w->current].key, m->text, m->key_len) == 0 &&
                clock_mono() - w->busy_since > LX_STUCK_SECONDS)
                stuck = true;
            pthread_mutex_unlock(&w->mu);
        }
        bool emitted = false;
        for (int i = 0; i < L->fs_last_n && !emitted; i++) {
            struct lx_fs_job *r = &L->fs_last[i];
            if (r->done && r->key_len == m->key_len && memcmp(r->key, m->text, m->key_len) == 0) {
                lx_emit_fs(o, m->lab, r->ok && !stuck, &r->st, m->ro);
                emitted = true;
            }
        }
        if (stuck && !emitted) lx_emit_fs(o, m->lab, false, NULL, m->ro);
    }
    if (nremote == 0 || !lx_fs_start_worker(L)) return;
    struct lx_fs_worker *fw = L->fsw;
    pthread_mutex_lock(&fw->mu);
    if (!fw->busy) {
        /* collect the finished batch, start the next */
        memcpy(L->fs_last, fw->jobs, (size_t)fw->njobs * sizeof fw->jobs[0]);
        L->fs_last_n = fw->njobs;
        memcpy(fw->jobs, remote, (size_t)nremote * sizeof remote[0]);
        fw->njobs = nremote;
        fw->busy = true;
        pthread_cond_signal(&fw->cv);
    }
    pthread_mutex_unlock(&fw->mu);
}

static void lx_poll_attrs(struct lx_src *L, struct lx_out *o)
{
    char text[128], text2[128];
    for (size_t i = 0; i < L->attrs.n; i++) {
        struct lx_attr *x = &L->attrs.v[i];
        const char *const *lab = (const char *const *)x->labels;
        switch (x->kind) {
        case LX_NUMBER: {
            ssize_t n = lx_pread_small(x->fd, text, sizeof text);
            const char *p = text;
            double v;
            if (n > 0 && lx_decimal(&p, text + n, &v))
                lx_add(o, x->metric, lab, x->nlabels, x->type, v * x->scale);
            break;
        }
        case LX_OPERSTATE: {
            ssize_t n = lx_pread_small(x->fd, text, sizeof text);
            if (n > 0)
                lx_add(o, x->metric, lab, x->nlabels, x->type,
                       n >= 2 && text[0] == 'u' && text[1] == 'p' && (n == 2 || text[2] == '\n'));
            break;
        }
        case LX_CONST:
            lx_add(o, x->metric, lab, x->nlabels, x->type, x->scale);
            break;
        case LX_PS_INFO: {
            const char *ll[2 * LX_MAX_LABELS + 4];
            int n = 0;
            for (int k = 0; k < 2 * x->nlabels; k++)
                ll[n++] = x->labels[k];
            if (lx_pread_small(x->fd, text, sizeof text) > 0) {
                lx_trim_copy(text, sizeof text, text);
                if (text[0]) {
                    ll[n++] = "status";
                    ll[n++] = text;
                }
            }
            if (lx_pread_small(x->fd2, text2, sizeof text2) > 0) {
                lx_trim_copy(text2, sizeof text2, text2);
                if (text2[0]) {
                    ll[n++] = "capacity_level";
                    ll[n++] = text2;
                }
            }
            lx_add(o, x->metric, ll, n / 2, x->type, 1.0);
            break;
        }
        }
    }
}

/* HELP texts (node_exporter's wording), recorded once. */
static void lx_set_help(struct sample_buf *b)
{
    static const char *const h[][2] = {
        {"node_cpu_seconds_total", "Seconds the CPUs spent in each mode."},
        {"node_cpu_guest_seconds_total", "Seconds the CPUs spent in guests (VMs) for each mode."},
        {"node_cpu_scaling_frequency_hertz", "Current scaled CPU thread frequency in hertz."},
        {"node_load1", "1m load average."},
        {"node_load5", "5m load average."},
        {"node_load15", "15m load average."},
        {"node_boot_time_seconds", "Node boot time, in unixtime."},
        {"node_time_seconds", "System time in seconds since epoch (1970)."},
        {"node_context_switches_total", "Total number of context switches."},
        {"node_forks_total", "Total number of forks."},
        {"node_intr_total", "Total number of interrupts serviced."},
        {"node_procs_running", "Number of processes in runnable state."},
        {"node_procs_blocked", "Number of processes blocked waiting for I/O to complete."},
        {"node_processes_threads", "Allocated threads in system"},
        {"node_processes_pids", "Number of PIDs"},
        {"node_network_up", "Value is 1 if operstate is 'up', 0 otherwise."},
        {"node_network_receive_bytes_total", "Network device statistic receive_bytes."},
        {"node_network_transmit_bytes_total", "Network device statistic transmit_bytes."},
        {"node_disk_read_bytes_total", "The total number of bytes read successfully."},
        {"node_disk_written_bytes_total", "The total number of bytes written successfully."},
        {"node_disk_io_time_seconds_total", "Total seconds spent doing I/Os."},
        {"node_filesystem_size_bytes", "Filesystem size in bytes."},
        {"node_filesystem_free_bytes", "Filesystem free space in bytes."},
        {"node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes."},
        {"node_filesystem_files", "Filesystem total file nodes."},
        {"node_filesystem_files_free", "Filesystem total free file nodes."},
        {"node_filesystem_readonly", "Filesystem read-only status."},
        {"node_filesystem_device_error",
         "Whether an error occurred while getting statistics for the given device."},
        {"node_hwmon_temp_celsius", "Hardware monitor for temperature (input)"},
        {"node_hwmon_temp_crit_celsius", "Hardware monitor for temperature (crit)"},
        {"node_hwmon_temp_max_celsius", "Hardware monitor for temperature (max)"},
        {"node_hwmon_fan_rpm", "Hardware monitor for fan revolutions per minute (input)"},
        {"node_hwmon_chip_names", "Annotation metric for human-readable chip names"},
        {"node_hwmon_sensor_label", "Label for given chip and sensor"},
        {"node_thermal_zone_temp", "Zone temperature in Celsius"},
        {"node_power_supply_info", "info of /sys/class/power_supply/<power_supply>."},
        {"node_uname_info", "Labeled system information as provided by the uname system call."},
        {"node_os_info",
         "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, "
         "image_version, name, pretty_name, variant, variant_id, version, version_codename, "
         "version_id."},
    };
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
        sample_buf_set_help(b, h[i][0], h[i][1]);
}

static bool lx_poll(struct source *s, double now, struct sample_buf *out, char *err,
                    size_t err_size)
{
    struct lx_src *L = s->impl;
    struct lx_out o = {.b = out};
    bool rescan = now - L->last_rescan >= LX_RESCAN_SECONDS || now < L->last_rescan;
    if (rescan) lx_rescan(L, now);
    if (now - L->last_uname >= LX_UNAME_SECONDS || now < L->last_uname) lx_read_uname(L, now);
    int ncpu = 0;
    if (!lx_poll_stat(L, &o, &ncpu)) {
        snprintf(err, err_size, "cannot read %s/proc/stat: %s", L->root,
                 L->fd_stat < 0 ? "not found" : strerror(errno));
        return false;
    }
    lx_poll_meminfo(L, &o);
    lx_poll_loadavg(L, &o);
    lx_poll_pids(L, &o, now);
    lx_poll_netdev(L, &o);
    lx_poll_diskstats(L, &o);
    lx_poll_filesystems(L, &o, rescan);
    lx_poll_attrs(L, &o);
    lx_add(&o, "node_time_seconds", NULL, 0, METRIC_GAUGE, now);
    static const char *const uname_names[6] = {"domainname", "nodename", "release",
                                               "sysname",    "version",  "machine"};
    const char *ul[12];
    for (int i = 0; i < 6; i++) {
        ul[2 * i] = uname_names[i];
        ul[2 * i + 1] = L->uname_lab[i];
    }
    lx_add(&o, "node_uname_info", ul, 6, METRIC_GAUGE, 1.0);
    if (!L->help_done) {
        lx_set_help(out);
        L->help_done = true;
    }
    if (o.full) {
        snprintf(err, err_size, "too many series: the sample buffer is full");
        return false;
    }
    return true;
}

static void lx_destroy(struct source *s)
{
    struct lx_src *L = s->impl;
    if (!L) return;
    if (L->fsw) {
        struct lx_fs_worker *w = L->fsw;
        pthread_t thread = w->thread;
        pthread_mutex_lock(&w->mu);
        w->quit = true;
        bool busy = w->busy;
        w->orphaned = busy;
        pthread_cond_signal(&w->cv);
        pthread_mutex_unlock(&w->mu);
        if (busy) {
            /* A statfs that never returns must not hang shutdown: the helper
             * frees its state when (if ever) the call comes back. */
            pthread_detach(thread);
        } else {
            pthread_join(w->thread, NULL);
            pthread_mutex_destroy(&w->mu);
            pthread_cond_destroy(&w->cv);
            free(w);
        }
    }
    lx_close(&L->fd_stat);
    lx_close(&L->fd_meminfo);
    lx_close(&L->fd_loadavg);
    lx_close(&L->fd_netdev);
    lx_close(&L->fd_diskstats);
    lx_close(&L->fd_mounts);
    if (L->proc_dir) closedir(L->proc_dir);
    lx_attrs_clear(&L->attrs);
    free(L->attrs.v);
    lx_mounts_clear(L);
    free(L->buf.p);
    free(L);
    s->impl = NULL;
}

static bool lx_create(struct source *s, const struct source_desc *d, char *err, size_t err_size)
{
    struct lx_src *L = calloc(1, sizeof *L);
    if (!L) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    const char *root = d->root && d->root[0] ? d->root : "/";
    size_t rl = strlen(root);
    while (rl > 1 && root[rl - 1] == '/')
        rl--;
    if (rl == 1 && root[0] == '/') rl = 0;
    if (rl >= sizeof L->root - 64) {
        free(L);
        snprintf(err, err_size, "root path too long");
        return false;
    }
    memcpy(L->root, root, rl);
    L->root[rl] = 0;
    L->real_root = rl == 0;
    L->fd_stat = lx_open(L, "proc/stat");
    if (L->fd_stat < 0) {
        snprintf(err, err_size, "cannot open %s/proc/stat: %s", L->root, strerror(errno));
        free(L);
        return false;
    }
    L->fd_meminfo = lx_open(L, "proc/meminfo");
    L->fd_loadavg = lx_open(L, "proc/loadavg");
    L->fd_netdev = lx_open(L, "proc/net/dev");
    L->fd_diskstats = lx_open(L, "proc/diskstats");
    L->fd_mounts = lx_open(L, "proc/self/mounts");
    if (L->fd_mounts < 0) L->fd_mounts = lx_open(L, "proc/mounts");
    char path[PATH_MAX];
    lx_join(path, sizeof path, L->root, "proc");
    L->proc_dir = opendir(path);
    L->last_rescan = -1e300;
    L->last_uname = -1e300;
    L->last_pids = -1e300;
    s->impl = L;
    return true;
}

const struct source_ops source_kind_linux = {
    .kind = "linux",
    .default_interval = 1.0,
    .deterministic = false,
    .create = lx_create,
    .poll = lx_poll,
    .interrupt = NULL,
    .destroy = lx_destroy,
};

static int lx_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double source_linux_bench_poll_us(void)
{
    struct source_desc d = {.spec = "linux", .root = "/"};
    struct source s = {.ops = &source_kind_linux, .desc = d, .name = (char *)"linux"};
    char err[256];
    if (!source_kind_linux.create(&s, &d, err, sizeof err)) return -1.0;
    struct sample_buf *b = sample_buf_create();
    if (!b) {
        source_kind_linux.destroy(&s);
        return -1.0;
    }
    enum { WARM = 20, RUNS = 200 };
    double t[RUNS];
    double now = clock_wall();
    for (int i = 0; i < WARM + RUNS; i++) {
        sample_buf_reset(b);
        double c0 = clock_thread_cpu();
        source_kind_linux.poll(&s, now, b, err, sizeof err);
        double c1 = clock_thread_cpu();
        if (i >= WARM) t[i - WARM] = (c1 - c0) * 1e6;
    }
    sample_buf_destroy(b);
    source_kind_linux.destroy(&s);
    qsort(t, RUNS, sizeof t[0], lx_cmp_double);
    return t[RUNS / 2];
}
