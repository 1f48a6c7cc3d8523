/* bench: --bench (CLI.md). Measures the pipeline at --size in a window and
 * prints one JSON object per line:
 *
 *   system          what was measured on (renderer, size, cores)
 *   first_frame     process start to the first presented frame
 *   full_frame      scene + bloom + composite + present, medians
 *   composite_only  composite + present from the cached scene and bloom
 *   tick_frame      a second later with damage tracking: only what changed
 *                   redrawn, the whole picture presented (as on a GPU)
 *   tick_settled    the same tick as the live display on software GL draws
 *                   it once the ambient animation has settled: changed
 *                   rectangles shown by rectangle (none where the window
 *                   cannot), with each pass's CPU
 *   build_batch     content -> draw commands (the default screen), CPU
 *   poll_linux      one poll of the linux source, CPU
 *   rss             resident memory after the run (and its peak)
 *   passes          CPU and wall ms of each pass (scene, bloom, combine,
 *                   ambient), each finished before the next: where a frame
 *                   goes, not what it costs pipelined
 *   idle            the live loop on a still screen with ambient animation
 *                   off: frames drawn and CPU used while nothing changes
 *
 * cpu_ms is process CPU time (all threads, the GL driver's included) per
 * frame; gpu_ms comes from timer queries and is null where unsupported. */
#include "app/app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/loop.h"
#include "app/bench_paced.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/log.h"
#include "render/damage.h"
#include "render/gl_context.h"
#include "render/gl_post.h"
#include "widgets/gallery.h"
#include "render/gl_timer.h"
#include "platform/window.h"
#include "sources/source_bench.h"
#include "sources/linux.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    if (n <= 0)
        return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* A JSON number, or null for NaN. */
static const char *num(char *buf, size_t n, double v, int decimals)
{
    if (!isfinite(v))
        snprintf(buf, n, "null");
    else
        snprintf(buf, n, "%.*f", decimals, v);
    return buf;
}

/* Seconds since this process started, from /proc/self/stat (clock ticks)
 * and CLOCK_BOOTTIME; NaN if unavailable. */
static double process_age(void)
{
    FILE *f = fopen("/proc/self/stat", "r");
    if (!f)
        return NAN;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    /* The command name may hold spaces: fields restart after the last ')'. */
    char *p = strrchr(buf, ')');
    if (!p)
        return NAN;
    unsigned long long start = 0;
    /* After ')': state is field 3; starttime is field 22. */
    int field = 2;
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        if (++field == 22) {
            start = strtoull(tok, NULL, 10);
            break;
        }
    }
    long hz = sysconf(_SC_CLK_TCK);
    struct timespec ts;
    if (!start || hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
        return NAN;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 - (double)start / (double)hz;
}

/* VmRSS and VmHWM in MB from /proc/self/status. */
static void rss_mb(double *rss, double *peak)
{
    *rss = *peak = NAN;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        double kb;
        if (sscanf(line, "VmRSS: %lf kB", &kb) == 1)
            *rss = kb / 1024.0;
        else if (sscanf(line, "VmHWM: %lf kB", &kb) == 1)
            *peak = kb / 1024.0;
    }
    fclose(f);
}

/* Copies s into out as the inside of a JSON string. */
static const char *json_str(char *out, size_t n, const char *s)
{
    size_t j = 0;
    for (; *s && j + 7 < n; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            out[j++] = '\\';
            out[j++] = (char)ch;
        } else if (ch < 0x20) {
            j += (size_t)snprintf(out + j, n - j, "\\u%04x", ch);
        } else {
            out[j++] = (char)ch;
        }
    }
    out[j] = 0;
    return out;
}

struct frame_times {
    double *cpu, *wall, *gpu;
    int n, cap;
};

/* Draws one frame (scene or composite only) to the window and waits for it. */
static void timed_frame(struct session *s, struct gl_timer *tm, bool scene, double t,
                        struct frame_times *ft)
{
    double c0 = clock_process_cpu(), w0 = clock_mono();
    gl_timer_begin(tm);
    if (scene) {
        pipeline_build(s->pipe, t, CLOCK_SIM_EPOCH + t);
        pipeline_draw_scene(s->pipe);
    }
    pipeline_composite(s->pipe, t, 1.0f);
    gl_timer_end(tm);
    if (s->win)
        window_swap(s->win);
    gl_context_finish();
    double w1 = clock_mono(), c1 = clock_process_cpu();
    double g = gl_timer_ms(tm);
    if (ft->n >= ft->cap)
        return; /* only the first cap frames are kept */
    ft->cpu[ft->n] = (c1 - c0) * 1e3;
    ft->wall[ft->n] = (w1 - w0) * 1e3;
    ft->gpu[ft->n] = g;
    ft->n++;
}

/* One live tick on software GL after the ambient animation has settled:
 * the scene's changed rectangles redrawn, combined and presented by
 * rectangle, as loop.c does (a whole swap where the window cannot). */
static void timed_settled_tick(struct session *s, double t, struct frame_times *ft)
{
    double c0 = clock_process_cpu(), w0 = clock_mono();
    pipeline_build(s->pipe, t, CLOCK_SIM_EPOCH + t);
    if (pipeline_draw_scene(s->pipe)) {
        pipeline_composite(s->pipe, t, 0.0f);
        const struct damage_rect *r;
        int n = pipeline_presented(s->pipe, &r);
        int xywh[16 * 4];
        for (int i = 0; i < n && i < 16; i++) {
            xywh[4 * i] = r[i].x;
            xywh[4 * i + 1] = r[i].y;
            xywh[4 * i + 2] = r[i].w;
            xywh[4 * i + 3] = r[i].h;
        }
        if (s->win && !(n > 0 && n <= 16 && window_present_rects(s->win, xywh, n)))
            window_swap(s->win);
    }
    gl_context_finish();
    if (ft->n < ft->cap) {
        ft->cpu[ft->n] = (clock_process_cpu() - c0) * 1e3;
        ft->wall[ft->n] = (clock_mono() - w0) * 1e3;
        ft->gpu[ft->n] = NAN;
        ft->n++;
    }
}

static void print_frames(const char *name, struct frame_times *ft)
{
    char a[32], b[32], c[32];
    int ng = 0;
    for (int i = 0; i < ft->n; i++)
        if (isfinite(ft->gpu[i]))
            ft->gpu[ng++] = ft->gpu[i];
    double gpu = median(ft->gpu, ng);
    printf("{\"bench\":\"%s\",\"cpu_ms\":%s,\"wall_ms\":%s,\"gpu_ms\":%s,\"frames\":%d}\n", name,
           num(a, sizeof a, median(ft->cpu, ft->n), 2), num(b, sizeof b, median(ft->wall, ft->n), 2),
           num(c, sizeof c, gpu, 2), ft->n);
    fflush(stdout);
}

/* Frames for a phase: as many as fit in `seconds`, between 10 and 400. */
static void run_phase(struct session *s, struct gl_timer *tm, bool scene, double seconds,
                      struct frame_times *ft)
{
    ft->n = 0;
    double end = clock_mono() + seconds;
    for (int i = 0; i < ft->cap && (i < 10 || clock_mono() < end); i++)
        timed_frame(s, tm, scene, 100.0 + i / 60.0, ft);
}

int app_bench(const struct cli_options *o)
{
    double age0 = process_age();
    double mono0 = clock_mono();
    struct session s;
    /* In a window where there is a display (presenting is part of the cost),
     * else headless through EGL (e.g. a GPU server): then nothing is
     * presented and there is no idle line. */
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    bool windowed = (x && *x) || (wl && *wl);
    struct session_desc d = {
        .w = o->size_w, .h = o->size_h, .headless = !windowed, .title = "MAGI bench"};
    if (!session_open(&s, o, &d))
        return 1;
    if (s.w != o->size_w || s.h != o->size_h)
        log_warn("bench", "window is %dx%d, not the %dx%d asked for (screen too small?)", s.w,
                 s.h, o->size_w, o->size_h);
    struct gl_timer *tm = gl_timer_create();
    enum { MAXF = 400 };
    static double cpu[MAXF], wall[MAXF], gpu[MAXF];
    struct frame_times ft = {cpu, wall, gpu, 0, MAXF};
    char a[32], b[32], rend[256];

    /* The first frame, exactly as the display draws it. */
    timed_frame(&s, tm, true, 0.0, &ft);
    double first = (isfinite(age0) ? age0 : 0.0) + (clock_mono() - mono0);
    printf("{\"bench\":\"system\",\"renderer\":\"%s\",\"w\":%d,\"h\":%d,\"cores\":%ld,"
           "\"presented\":%s,\"effects\":\"%s\"}\n",
           json_str(rend, sizeof rend, gl_context_renderer()), s.w, s.h, sysconf(_SC_NPROCESSORS_ONLN), windowed ? "true" : "false",
           pipeline_preset(o) == POST_FULL ? "full"
                                           : (pipeline_preset(o) == POST_LITE ? "lite" : "off"));
    printf("{\"bench\":\"first_frame\",\"wall_ms\":%s}\n", num(a, sizeof a, first * 1e3, 1));
    fflush(stdout);

    double phase = o->bench_seconds * 0.3;
    for (int i = 0; i < 3; i++) /* warm-up: caches, atlas, driver state */
        timed_frame(&s, tm, true, 50.0 + i, &ft);
    run_phase(&s, tm, true, phase, &ft);
    print_frames("full_frame", &ft);
    run_phase(&s, tm, false, phase, &ft);
    print_frames("composite_only", &ft);

    /* Where the time goes: a few frames of each kind with every pass
     * finished and timed on its own. */
    struct gl_post *gp = pipeline_gl_post(s.pipe);
    gl_post_profile(gp, true);
    ft.n = 0;
    for (int i = 0; i < 6; i++) {
        timed_frame(&s, tm, true, 200.0 + i, &ft);
        timed_frame(&s, tm, false, 200.5 + i, &ft); /* makes the kept combine */
        timed_frame(&s, tm, false, 200.7 + i, &ft);
    }
    gl_post_profile(gp, false);
    struct gl_post_timing pt = gl_post_take_timing(gp);
    const char *pass_names[GL_POST_PASSES] = {"scene", "bloom", "combine", "ambient"};
    printf("{\"bench\":\"passes\"");
    for (int i = 0; i < GL_POST_PASSES; i++) {
        int n = pt.count[i] ? pt.count[i] : 1;
        printf(",\"%s_cpu_ms\":%s,\"%s_wall_ms\":%s", pass_names[i],
               num(a, sizeof a, pt.cpu_ms[i] / n, 2), pass_names[i],
               num(b, sizeof b, pt.wall_ms[i] / n, 2));
    }
    printf("}\n");

    /* A live display's typical frame: one second later, with damage
     * tracking (pipeline_track_damage) redrawing only what changed. */
    pipeline_track_damage(s.pipe, true);
    timed_frame(&s, tm, true, 300.0, &ft);
    timed_frame(&s, tm, true, 301.0, &ft);
    ft.n = 0;
    double area = 0;
    int ticks = 0;
    for (int i = 0; i < 30; i++) {
        timed_frame(&s, tm, true, 302.0 + i, &ft);
        area += pipeline_damage_fraction(s.pipe);
        ticks++;
    }
    gl_post_profile(gp, true);
    for (int i = 0; i < 6; i++)
        timed_frame(&s, tm, true, 340.0 + i, &ft);
    gl_post_profile(gp, false);
    pt = gl_post_take_timing(gp);
    printf("{\"bench\":\"tick_frame\",\"cpu_ms\":%s,\"wall_ms\":%s,\"redrawn_pct\":%s,"
           "\"frames\":%d",
           num(a, sizeof a, median(ft.cpu, ft.n), 2), num(b, sizeof b, median(ft.wall, ft.n), 2),
           num(rend, sizeof rend, 100.0 * area / ticks, 1), ft.n);
    for (int i = 0; i < GL_POST_PASSES; i++) {
        int n = pt.count[i] ? pt.count[i] : 1;
        printf(",\"%s_cpu_ms\":%s", pass_names[i], num(a, sizeof a, pt.cpu_ms[i] / n, 2));
    }
    printf("}\n");

    /* The same ticks as the settled live display draws them. */
    bool rects = s.win && window_can_present_rects(s.win);
    pipeline_set_partial_present(s.pipe, rects);
    timed_settled_tick(&s, 350.0, &ft);
    timed_settled_tick(&s, 351.0, &ft);
    ft.n = 0;
    area = 0;
    ticks = 0;
    for (int i = 0; i < 30; i++) {
        timed_settled_tick(&s, 352.0 + i, &ft);
        area += pipeline_damage_fraction(s.pipe);
        ticks++;
    }
    double settled_cpu = median(ft.cpu, ft.n), settled_wall = median(ft.wall, ft.n);
    gl_post_profile(gp, true);
    for (int i = 0; i < 6; i++)
        timed_settled_tick(&s, 390.0 + i, &ft);
    gl_post_profile(gp, false);
    pt = gl_post_take_timing(gp);
    printf("{\"bench\":\"tick_settled\",\"cpu_ms\":%s,\"wall_ms\":%s,\"redrawn_pct\":%s,"
           "\"by_rectangle\":%s",
           num(a, sizeof a, settled_cpu, 2), num(b, sizeof b, settled_wall, 2),
           num(rend, sizeof rend, 100.0 * area / ticks, 1), rects ? "true" : "false");
    for (int i = 0; i < GL_POST_PASSES; i++) {
        int n = pt.count[i] ? pt.count[i] : 1;
        printf(",\"%s_cpu_ms\":%s", pass_names[i], num(a, sizeof a, pt.cpu_ms[i] / n, 2));
    }
    printf("}\n");
    pipeline_set_partial_present(s.pipe, false);
    pipeline_track_damage(s.pipe, false);

    /* Building the batch alone (thread CPU: no driver threads in it). */
    int nb = 0;
    for (int i = 0; i < MAXF; i++) {
        double c0 = clock_thread_cpu();
        pipeline_build(s.pipe, 100.0 + i / 60.0, CLOCK_SIM_EPOCH + 100.0 + i / 60.0);
        cpu[nb++] = (clock_thread_cpu() - c0) * 1e6;
    }
    size_t nv;
    batch_vertices(pipeline_batch(s.pipe), &nv);
    printf("{\"bench\":\"build_batch\",\"cpu_us\":%s,\"vertices\":%zu}\n",
           num(a, sizeof a, median(cpu, nb), 1), nv);

    /* Finding what changed: hashing that batch into tiles and comparing
     * (render/damage), as every tracked scene does before drawing. */
    struct damage *dmg = damage_create(&(struct damage_desc){.w = s.w, .h = s.h, .max_rects = 16});
    if (dmg) {
        struct damage_rect dr[16];
        int nh = 0;
        for (int i = 0; i < 200; i++) {
            double c0 = clock_thread_cpu();
            damage_update(dmg, pipeline_batch(s.pipe), 1, dr);
            cpu[nh++] = (clock_thread_cpu() - c0) * 1e6;
        }
        printf("{\"bench\":\"damage_update\",\"cpu_us\":%s}\n", num(a, sizeof a, median(cpu, nh), 1));
        damage_destroy(dmg);
    }


    /* The live loop's pacing at the frame-rate cap (--fps, default 60),
     * on the real clock with the content's sources on their threads. */
    bench_paced(&s, o->bench_seconds, o->fps, stdout);

    double rss, peak;
    rss_mb(&rss, &peak);
    printf("{\"bench\":\"rss\",\"rss_mb\":%s,\"peak_mb\":%s}\n", num(a, sizeof a, rss, 1),
           num(b, sizeof b, peak, 1));
    fflush(stdout);
    gl_timer_destroy(tm);
    session_close(&s);

    /* Idle: the real loop on a screen where nothing changes, ambient off.
     * Expect the first frame and then nothing, and next to no CPU. */
    struct session_desc di = {
        .w = o->size_w, .h = o->size_h, .still_content = true, .title = "MAGI bench"};
    if (windowed && session_open(&s, o, &di)) {
        struct loop *l = loop_create(&s, &(struct loop_desc){.no_ambient = true});
        if (l) {
            struct loop_stats st = {0};
            loop_run(l, 0.5, NULL); /* the first frame, then settle */
            double c0 = clock_process_cpu(), w0 = clock_mono();
            loop_run(l, o->bench_seconds, &st);
            double cpu_s = clock_process_cpu() - c0, wall_s = clock_mono() - w0;
            printf("{\"bench\":\"idle\",\"seconds\":%s,\"frames\":%lu,\"cpu_pct\":%s}\n",
                   num(a, sizeof a, wall_s, 2), st.frames, num(b, sizeof b, 100.0 * cpu_s / wall_s, 3));
            loop_destroy(l);
        }
        session_close(&s);
    }
    /* The linux source's poll, once the GL is gone (no driver threads
     * around, as on the source's own poller thread). */
    double poll = source_linux_bench_poll_us();
    printf("{\"bench\":\"poll_linux\",\"cpu_us\":%s}\n",
           num(a, sizeof a, poll >= 0 ? poll : NAN, 1));

    /* --- further bench lines from other layers ---------------------------------
     * Each prints its own {"bench":...} line(s). */
    widgets_bench(stdout, NULL, 0);
    sources_bench(stdout, 0); /* parse_text, parse_node_exporter, promql_ingest_10k, ... */
    fflush(stdout);
    return 0;
}
