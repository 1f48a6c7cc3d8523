/* egl_headless: see egl_headless.h.
 *
 * The EGL types and constants used are declared here from the Khronos EGL 1.5
 * specification and the EXT_device_base / EXT_platform_device /
 * MESA_platform_surfaceless extensions, so no EGL headers are needed. */
#include "platform/egl_headless.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

typedef void *EGLDisplay;
typedef void *EGLConfig;
typedef void *EGLContext;
typedef void *EGLSurface;
typedef void *EGLDeviceEXT;
typedef int32_t EGLint;
typedef unsigned int EGLBoolean;
typedef unsigned int EGLenum;
typedef void (*egl_proc)(void);

#define EGL_NONE 0x3038
#define EGL_SURFACE_TYPE 0x3033
#define EGL_PBUFFER_BIT 0x0001
#define EGL_RENDERABLE_TYPE 0x3040
#define EGL_OPENGL_BIT 0x0008
#define EGL_RED_SIZE 0x3024
#define EGL_GREEN_SIZE 0x3023
#define EGL_BLUE_SIZE 0x3022
#define EGL_ALPHA_SIZE 0x3021
#define EGL_WIDTH 0x3057
#define EGL_HEIGHT 0x3056
#define EGL_VENDOR 0x3053
#define EGL_EXTENSIONS 0x3055
#define EGL_OPENGL_API 0x30A2
#define EGL_CONTEXT_MAJOR_VERSION 0x3098
#define EGL_CONTEXT_MINOR_VERSION 0x30FB
#define EGL_CONTEXT_OPENGL_PROFILE_MASK 0x30FD
#define EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT 0x00000001
#define EGL_PLATFORM_DEVICE_EXT 0x313F
#define EGL_PLATFORM_SURFACELESS_MESA 0x31DD

struct egl_api {
    void *lib;
    egl_proc (*GetProcAddress)(const char *);
    EGLBoolean (*Initialize)(EGLDisplay, EGLint *, EGLint *);
    EGLBoolean (*Terminate)(EGLDisplay);
    const char *(*QueryString)(EGLDisplay, EGLint);
    EGLBoolean (*BindAPI)(EGLenum);
    EGLBoolean (*ChooseConfig)(EGLDisplay, const EGLint *, EGLConfig *, EGLint, EGLint *);
    EGLContext (*CreateContext)(EGLDisplay, EGLConfig, EGLContext, const EGLint *);
    EGLBoolean (*DestroyContext)(EGLDisplay, EGLContext);
    EGLSurface (*CreatePbufferSurface)(EGLDisplay, EGLConfig, const EGLint *);
    EGLBoolean (*DestroySurface)(EGLDisplay, EGLSurface);
    EGLBoolean (*MakeCurrent)(EGLDisplay, EGLSurface, EGLSurface, EGLContext);
    EGLint (*GetError)(void);
    EGLDisplay (*GetPlatformDisplayEXT)(EGLenum, void *, const EGLint *);
    EGLBoolean (*QueryDevicesEXT)(EGLint, EGLDeviceEXT *, EGLint *);
};

struct egl_headless {
    EGLDisplay dpy;
    EGLContext ctx;
    EGLSurface surf;
    char desc[160];
};

/* One process-wide copy: GL entry points outlive any single context. */
static struct egl_api egl;

static bool has_ext(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && (p = strstr(p, name)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
            return true;
    return false;
}

static bool load_api(void)
{
    if (egl.lib)
        return true;
    void *lib = dlopen("libEGL.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        log_warn("egl", "cannot load libEGL.so.1: %s", dlerror());
        return false;
    }
    egl.lib = lib;
#define LOAD(field, name)                                                              \
    do {                                                                               \
        *(void **)&egl.field = dlsym(lib, name);                                       \
        if (!egl.field) {                                                              \
            log_warn("egl", "libEGL.so.1 lacks %s", name);                             \
            dlclose(lib);                                                              \
            memset(&egl, 0, sizeof egl);                                               \
            return false;                                                              \
        }                                                                              \
    } while (0)
    LOAD(GetProcAddress, "eglGetProcAddress");
    LOAD(Initialize, "eglInitialize");
    LOAD(Terminate, "eglTerminate");
    LOAD(QueryString, "eglQueryString");
    LOAD(BindAPI, "eglBindAPI");
    LOAD(ChooseConfig, "eglChooseConfig");
    LOAD(CreateContext, "eglCreateContext");
    LOAD(DestroyContext, "eglDestroyContext");
    LOAD(CreatePbufferSurface, "eglCreatePbufferSurface");
    LOAD(DestroySurface, "eglDestroySurface");
    LOAD(MakeCurrent, "eglMakeCurrent");
    LOAD(GetError, "eglGetError");
#undef LOAD
    /* Function pointer to function pointer casts are fine in ISO C. */
    egl.GetPlatformDisplayEXT = (EGLDisplay(*)(EGLenum, void *, const EGLint *))egl.GetProcAddress(
        "eglGetPlatformDisplayEXT");
    egl.QueryDevicesEXT =
        (EGLBoolean(*)(EGLint, EGLDeviceEXT *, EGLint *))egl.GetProcAddress("eglQueryDevicesEXT");
    return true;
}

/* Tries to bring up a core context on one display; fills e on success. */
static bool try_display(struct egl_headless *e, EGLDisplay dpy, int major, int minor,
                        const char *platform)
{
    EGLint vmaj = 0, vmin = 0;
    if (!dpy || !egl.Initialize(dpy, &vmaj, &vmin))
        return false;
    const char *exts = egl.QueryString(dpy, EGL_EXTENSIONS);
    if (!egl.BindAPI(EGL_OPENGL_API)) {
        egl.Terminate(dpy);
        return false;
    }
    bool surfaceless = has_ext(exts, "EGL_KHR_surfaceless_context");
    const EGLint cfg_attr[] = {EGL_SURFACE_TYPE, surfaceless ? 0 : EGL_PBUFFER_BIT,
                               EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                               EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8,
                               EGL_ALPHA_SIZE, 8, EGL_NONE};
    EGLConfig cfg = NULL;
    EGLint ncfg = 0;
    if (!egl.ChooseConfig(dpy, cfg_attr, &cfg, 1, &ncfg) || ncfg < 1) {
        egl.Terminate(dpy);
        return false;
    }
    const EGLint ctx_attr[] = {EGL_CONTEXT_MAJOR_VERSION, major, EGL_CONTEXT_MINOR_VERSION, minor,
                               EGL_CONTEXT_OPENGL_PROFILE_MASK,
                               EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext ctx = egl.CreateContext(dpy, cfg, NULL, ctx_attr);
    if (!ctx) {
        egl.Terminate(dpy);
        return false;
    }
    EGLSurface surf = NULL;
    if (!surfaceless) {
        /* Everything renders into FBOs; the pbuffer only satisfies MakeCurrent. */
        const EGLint pb_attr[] = {EGL_WIDTH, 16, EGL_HEIGHT, 16, EGL_NONE};
        surf = egl.CreatePbufferSurface(dpy, cfg, pb_attr);
        if (!surf) {
            egl.DestroyContext(dpy, ctx);
            egl.Terminate(dpy);
            return false;
        }
    }
    if (!egl.MakeCurrent(dpy, surf, surf, ctx)) {
        if (surf)
            egl.DestroySurface(dpy, surf);
        egl.DestroyContext(dpy, ctx);
        egl.Terminate(dpy);
        return false;
    }
    e->dpy = dpy;
    e->ctx = ctx;
    e->surf = surf;
    const char *vendor = egl.QueryString(dpy, EGL_VENDOR);
    snprintf(e->desc, sizeof e->desc, "EGL %d.%d %s, %s", (int)vmaj, (int)vmin, platform,
             vendor ? vendor : "?");
    return true;
}

struct egl_headless *egl_headless_create(int major, int minor)
{
    if (!load_api())
        return NULL;
    struct egl_headless *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    const char *client = egl.QueryString(NULL, EGL_EXTENSIONS);
    /* GPU devices first (a GPU server has no display), then Mesa's
     * surfaceless platform (software rendering anywhere). */
    if (egl.GetPlatformDisplayEXT && egl.QueryDevicesEXT &&
        has_ext(client, "EGL_EXT_platform_device")) {
        EGLDeviceEXT devs[16];
        EGLint n = 0;
        if (egl.QueryDevicesEXT(16, devs, &n)) {
            for (EGLint i = 0; i < n; i++) {
                EGLDisplay d = egl.GetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devs[i], NULL);
                if (try_display(e, d, major, minor, "device"))
                    return e;
            }
        }
    }
    if (egl.GetPlatformDisplayEXT && has_ext(client, "EGL_MESA_platform_surfaceless")) {
        EGLDisplay d = egl.GetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, NULL, NULL);
        if (try_display(e, d, major, minor, "surfaceless"))
            return e;
    }
    log_warn("egl", "no EGL display gives an OpenGL %d.%d core context (error 0x%x)", major,
             minor, (unsigned)egl.GetError());
    free(e);
    return NULL;
}

void egl_headless_destroy(struct egl_headless *e)
{
    if (!e)
        return;
    egl.MakeCurrent(e->dpy, NULL, NULL, NULL);
    if (e->surf)
        egl.DestroySurface(e->dpy, e->surf);
    egl.DestroyContext(e->dpy, e->ctx);
    egl.Terminate(e->dpy);
    free(e);
}

void (*egl_headless_proc(const char *name))(void)
{
    return egl.GetProcAddress ? egl.GetProcAddress(name) : NULL;
}

const char *egl_headless_description(const struct egl_headless *e) { return e->desc; }
