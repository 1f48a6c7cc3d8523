/* nvml: NVIDIA GPUs through libnvidia-ml.so.1 (the driver's NVML library),
 * opened with dlopen at run time so MAGI has no build or run dependency on
 * the driver. The few NVML types and entry points used are declared here, as
 * NVML's public ABI defines them.
 *
 * Series carry DCGM-exporter names and labels (gpu, UUID, pci_bus_id,
 * device, modelName, Hostname), so a layout made for a DCGM exporter scrape
 * works on the local source and the other way round: utilisation, memory
 * used/free/total, temperature, power, SM and memory clocks, energy.
 *
 * Without the library (or without a GPU) the poll fails with one clear
 * reason, which the source manager logs once; the library is looked for
 * again at most once a minute. MAGI_NVML_LIBRARY overrides the file name.
 *
 * Depends on libdl, core/store. */
#include "sources/nvml.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/store.h"

#define NVML_RETRY_SECONDS 60.0
#define NVML_MAX_GPUS 64

/* --- the NVML ABI subset ----------------------------------------------------- */

typedef int nv_return;                  /* nvmlReturn_t; 0 = NVML_SUCCESS */
typedef struct nv_device_st *nv_device; /* nvmlDevice_t */

enum {
    NV_SUCCESS = 0,
    NV_ERROR_NOT_SUPPORTED = 3,
    NV_ERROR_NO_PERMISSION = 4,
    NV_ERROR_GPU_IS_LOST = 15,
    NV_TEMPERATURE_GPU = 0,
    NV_CLOCK_SM = 1,
    NV_CLOCK_MEM = 2,
};

struct nv_utilization { /* nvmlUtilization_t */
    unsigned int gpu;
    unsigned int memory;
};

struct nv_memory { /* nvmlMemory_t, bytes */
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};

struct nv_memory_v2 { /* nvmlMemory_v2_t: reserved memory apart from used */
    unsigned int version;
    unsigned long long total;
    unsigned long long reserved;
    unsigned long long free;
    unsigned long long used;
};
/* NVML_STRUCT_VERSION(Memory, 2) */
#define NV_MEMORY_V2 ((unsigned int)(sizeof(struct nv_memory_v2) | (2u << 24)))

struct nv_pci_info { /* nvmlPciInfo_t (v3) */
    char bus_id_legacy[16];
    unsigned int domain;
    unsigned int bus;
    unsigned int device;
    unsigned int pci_device_id;
    unsigned int pci_subsystem_id;
    char bus_id[32];
};

struct nv_api {
    void *lib;
    nv_return (*init)(void);
    nv_return (*shutdown)(void);
    const char *(*error_string)(nv_return);
    nv_return (*get_count)(unsigned int *);
    nv_return (*get_handle)(unsigned int, nv_device *);
    nv_return (*get_name)(nv_device, char *, unsigned int);
    nv_return (*get_uuid)(nv_device, char *, unsigned int);
    nv_return (*get_pci)(nv_device, struct nv_pci_info *);
    nv_return (*get_minor)(nv_device, unsigned int *);
    nv_return (*get_util)(nv_device, struct nv_utilization *);
    nv_return (*get_memory)(nv_device, struct nv_memory *);
    nv_return (*get_memory_v2)(nv_device, struct nv_memory_v2 *);
    nv_return (*get_temp)(nv_device, int, unsigned int *);
    nv_return (*get_power)(nv_device, unsigned int *);
    nv_return (*get_clock)(nv_device, int, unsigned int *);
    nv_return (*get_energy)(nv_device, unsigned long long *);
};

/* --- the source ---------------------------------------------------------------- */

struct nv_gpu {
    nv_device dev;
    char index[12], uuid[96], bus[40], device[24], model[96];
};

struct nv_src {
    struct nv_api api;
    bool ready;
    double next_try;
    char why[256]; /* why it is not ready */
    char host[256];
    struct nv_gpu gpus[NVML_MAX_GPUS];
    unsigned int ngpus;
};

static const char *nv_err(const struct nv_src *N, nv_return r)
{
    static _Thread_local char buf[32];
    if (N->api.error_string) {
        const char *s = N->api.error_string(r);
        if (s) return s;
    }
    snprintf(buf, sizeof buf, "NVML error %d", r);
    return buf;
}

static void nv_unload(struct nv_src *N)
{
    if (N->ready && N->api.shutdown) N->api.shutdown();
    if (N->api.lib) dlclose(N->api.lib);
    memset(&N->api, 0, sizeof N->api);
    N->ready = false;
    N->ngpus = 0;
}

/* Loads the library, initialises NVML and lists the GPUs. */
static bool nv_load(struct nv_src *N)
{
    const char *file = getenv("MAGI_NVML_LIBRARY");
    if (!file || !file[0]) file = "libnvidia-ml.so.1";
    void *lib = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(N->why, sizeof N->why, "not available: cannot load %s (%s)", file,
                 e ? e : "unknown error");
        return false;
    }
    struct nv_api *a = &N->api;
    a->lib = lib;
    /* Function pointers from dlsym: POSIX guarantees the conversion. */
#define NV_SYM(field, name)                                                                        \
    do {                                                                                           \
        void *p_ = dlsym(lib, name);                                                               \
        memcpy(&a->field, &p_, sizeof p_);                                                         \
    } while (0)
    NV_SYM(init, "nvmlInit_v2");
    NV_SYM(shutdown, "nvmlShutdown");
    NV_SYM(error_string, "nvmlErrorString");
    NV_SYM(get_count, "nvmlDeviceGetCount_v2");
    NV_SYM(get_handle, "nvmlDeviceGetHandleByIndex_v2");
    NV_SYM(get_name, "nvmlDeviceGetName");
    NV_SYM(get_uuid, "nvmlDeviceGetUUID");
    NV_SYM(get_pci, "nvmlDeviceGetPciInfo_v3");
    if (!a->get_pci) /* older drivers: the same structure */
        NV_SYM(get_pci, "nvmlDeviceGetPciInfo_v2");
    NV_SYM(get_minor, "nvmlDeviceGetMinorNumber");
    NV_SYM(get_util, "nvmlDeviceGetUtilizationRates");
    NV_SYM(get_memory, "nvmlDeviceGetMemoryInfo");
    NV_SYM(get_memory_v2, "nvmlDeviceGetMemoryInfo_v2");
    NV_SYM(get_temp, "nvmlDeviceGetTemperature");
    NV_SYM(get_power, "nvmlDeviceGetPowerUsage");
    NV_SYM(get_clock, "nvmlDeviceGetClockInfo");
    NV_SYM(get_energy, "nvmlDeviceGetTotalEnergyConsumption");
#undef NV_SYM
    if (!a->init || !a->shutdown || !a->get_count || !a->get_handle) {
        snprintf(N->why, sizeof N->why, "not available: %s lacks the NVML entry points", file);
        nv_unload(N);
        return false;
    }
    nv_return r = a->init();
    if (r != NV_SUCCESS) {
        snprintf(N->why, sizeof N->why, "not available: nvmlInit: %s", nv_err(N, r));
        a->shutdown = NULL; /* not initialised: nothing to shut down */
        nv_unload(N);
        return false;
    }
    N->ready = true;
    unsigned int n = 0;
    r = a->get_count(&n);
    if (r != NV_SUCCESS || n == 0) {
        snprintf(N->why, sizeof N->why, "not available: %s",
                 r != NV_SUCCESS ? nv_err(N, r) : "no NVIDIA GPU found");
        nv_unload(N);
        return false;
    }
    if (n > NVML_MAX_GPUS) n = NVML_MAX_GPUS;
    N->ngpus = 0;
    for (unsigned int i = 0; i < n; i++) {
        struct nv_gpu *g = &N->gpus[N->ngpus];
        memset(g, 0, sizeof *g);
        if (a->get_handle(i, &g->dev) != NV_SUCCESS) continue;
        snprintf(g->index, sizeof g->index, "%u", i);
        if (!a->get_name || a->get_name(g->dev, g->model, sizeof g->model) != NV_SUCCESS)
            snprintf(g->model, sizeof g->model, "NVIDIA GPU");
        if (!a->get_uuid || a->get_uuid(g->dev, g->uuid, sizeof g->uuid) != NV_SUCCESS)
            g->uuid[0] = 0;
        struct nv_pci_info pci;
        memset(&pci, 0, sizeof pci);
        if (a->get_pci && a->get_pci(g->dev, &pci) == NV_SUCCESS) {
            pci.bus_id[sizeof pci.bus_id - 1] = 0;
            snprintf(g->bus, sizeof g->bus, "%s", pci.bus_id);
        }
        unsigned int minor = i;
        if (a->get_minor) a->get_minor(g->dev, &minor);
        snprintf(g->device, sizeof g->device, "nvidia%u", minor);
        N->ngpus++;
    }
    if (N->ngpus == 0) {
        snprintf(N->why, sizeof N->why, "not available: no GPU answered");
        nv_unload(N);
        return false;
    }
    return true;
}

static bool nv_create(struct source *s, const struct source_desc *d, char *err, size_t err_size)
{
    (void)d;
    struct nv_src *N = calloc(1, sizeof *N);
    if (!N) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    if (gethostname(N->host, sizeof N->host - 1) != 0)
        snprintf(N->host, sizeof N->host, "localhost");
    N->next_try = -1e300;
    s->impl = N;
    return true;
}

static void nv_destroy(struct source *s)
{
    struct nv_src *N = s->impl;
    if (!N) return;
    nv_unload(N);
    free(N);
    s->impl = NULL;
}

static bool nv_poll(struct source *s, double now, struct sample_buf *out, char *err,
                    size_t err_size)
{
    struct nv_src *N = s->impl;
    if (!N->ready) {
        if (now >= N->next_try || now < N->next_try - 2 * NVML_RETRY_SECONDS) {
            N->next_try = now + NVML_RETRY_SECONDS;
            nv_load(N);
        }
        if (!N->ready) {
            snprintf(err, err_size, "%s", N->why);
            return false;
        }
    }
    const struct nv_api *a = &N->api;
    bool full = false;
    unsigned int answered = 0;
    char lost[160] = "";
    for (unsigned int i = 0; i < N->ngpus; i++) {
        const struct nv_gpu *g = &N->gpus[i];
        const char *lab[12] = {"gpu",    g->index,  "UUID",      g->uuid,  "pci_bus_id", g->bus,
                               "device", g->device, "modelName", g->model, "Hostname",   N->host};
#define NV_PUT(name, type, value)                                                                  \
    do {                                                                                           \
        if (!sample_buf_add(out, name, lab, 6, type, value, 0)) full = true;                       \
    } while (0)
        nv_return r;
        struct nv_utilization u;
        r = a->get_util ? a->get_util(g->dev, &u) : NV_ERROR_NOT_SUPPORTED;
        if (r == NV_ERROR_GPU_IS_LOST) {
            snprintf(lost, sizeof lost, "GPU %s (%s) is lost", g->index, g->bus);
            continue;
        }
        answered++;
        if (r == NV_SUCCESS) {
            NV_PUT("DCGM_FI_DEV_GPU_UTIL", METRIC_GAUGE, u.gpu);
            NV_PUT("DCGM_FI_DEV_MEM_COPY_UTIL", METRIC_GAUGE, u.memory);
        }
        /* whole MiB, as DCGM reports them; used excludes the driver's
         * reserved memory where the driver can tell them apart (as
         * nvidia-smi and DCGM do) */
        struct nv_memory_v2 m2 = {.version = NV_MEMORY_V2};
        struct nv_memory m;
        bool have = false, reserved = false;
        if (a->get_memory_v2 && a->get_memory_v2(g->dev, &m2) == NV_SUCCESS) {
            m.total = m2.total;
            m.free = m2.free;
            m.used = m2.used;
            have = reserved = true;
        } else if (a->get_memory && a->get_memory(g->dev, &m) == NV_SUCCESS) {
            have = true;
        }
        if (have) {
            NV_PUT("DCGM_FI_DEV_FB_USED", METRIC_GAUGE, (double)(m.used >> 20));
            NV_PUT("DCGM_FI_DEV_FB_FREE", METRIC_GAUGE, (double)(m.free >> 20));
            NV_PUT("DCGM_FI_DEV_FB_TOTAL", METRIC_GAUGE, (double)(m.total >> 20));
            if (reserved)
                NV_PUT("DCGM_FI_DEV_FB_RESERVED", METRIC_GAUGE, (double)(m2.reserved >> 20));
        }
        unsigned int v;
        if (a->get_temp && a->get_temp(g->dev, NV_TEMPERATURE_GPU, &v) == NV_SUCCESS)
            NV_PUT("DCGM_FI_DEV_GPU_TEMP", METRIC_GAUGE, v);
        if (a->get_power && a->get_power(g->dev, &v) == NV_SUCCESS)
            NV_PUT("DCGM_FI_DEV_POWER_USAGE", METRIC_GAUGE, v / 1000.0); /* mW -> W */
        if (a->get_clock && a->get_clock(g->dev, NV_CLOCK_SM, &v) == NV_SUCCESS)
            NV_PUT("DCGM_FI_DEV_SM_CLOCK", METRIC_GAUGE, v);
        if (a->get_clock && a->get_clock(g->dev, NV_CLOCK_MEM, &v) == NV_SUCCESS)
            NV_PUT("DCGM_FI_DEV_MEM_CLOCK", METRIC_GAUGE, v);
        unsigned long long mj;
        if (a->get_energy && a->get_energy(g->dev, &mj) == NV_SUCCESS)
            NV_PUT("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", METRIC_COUNTER, (double)mj);
#undef NV_PUT
    }
    sample_buf_set_help(out, "DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).");
    sample_buf_set_help(out, "DCGM_FI_DEV_MEM_COPY_UTIL", "Memory utilization (in %).");
    sample_buf_set_help(out, "DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).");
    sample_buf_set_help(out, "DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB).");
    sample_buf_set_help(out, "DCGM_FI_DEV_FB_TOTAL", "Framebuffer memory total (in MiB).");
    sample_buf_set_help(out, "DCGM_FI_DEV_FB_RESERVED", "Framebuffer memory reserved (in MiB).");
    sample_buf_set_help(out, "DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C).");
    sample_buf_set_help(out, "DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).");
    sample_buf_set_help(out, "DCGM_FI_DEV_SM_CLOCK", "SM clock frequency (in MHz).");
    sample_buf_set_help(out, "DCGM_FI_DEV_MEM_CLOCK", "Memory clock frequency (in MHz).");
    sample_buf_set_help(out, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
                        "Total energy consumption since boot (in mJ).");
    if (full) {
        snprintf(err, err_size, "the sample buffer is full");
        return false;
    }
    if (answered == 0) {
        snprintf(err, err_size, "%s", lost[0] ? lost : "no GPU answered");
        /* a lost GPU needs a fresh NVML session: reload on the next try */
        nv_unload(N);
        N->next_try = now;
        snprintf(N->why, sizeof N->why, "%s", err);
        return false;
    }
    return true;
}

const struct source_ops source_kind_nvml = {
    .kind = "nvml",
    .default_interval = 1.0,
    .deterministic = false,
    .create = nv_create,
    .poll = nv_poll,
    .interrupt = NULL,
    .destroy = nv_destroy,
};
