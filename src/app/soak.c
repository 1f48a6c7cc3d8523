/* soak: --soak HOURS (CLI.md). Runs the demo layout headless on a simulated
 * clock, one frame per simulated second, as fast as the machine allows, and
 * reports memory and open descriptors after warm-up and at the end.
 *
 * Every frame goes through the whole pipeline (data poll, widgets, scene,
 * bloom, composite) because a leak can hide in any of them; only the read-back
 * is skipped, as the live display never reads its frames either. */
#include "app/app.h"

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glad/gl.h>

#include "app/session.h"
#include "core/clock.h"
#include "core/log.h"
#include "platform/heap.h"

/* Resident set size in MiB, from /proc/self/statm. */
static double rss_mb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (!f)
        return NAN;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    if (resident < 0)
        return NAN;
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* Open file descriptors, not counting the directory stream used to count. */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1;
}

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

int app_soak(const struct cli_options *o)
{
    /* The demo layout on the demo source, whatever else was asked for: the
     * soak is about MAGI's own memory, not a source's. */
    struct cli_options so = *o;
    so.layout = "demo";
    so.demo = true;
    so.test_card = false;
    so.source_count = 0;

    struct session s;
    if (!session_open(&s, &so,
                      &(struct session_desc){.headless = true, .w = o->size_w, .h = o->size_h}))
        return 1;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    long frames = lround(o->soak_hours * 3600.0);
    if (frames < 1)
        frames = 1;
    /* Warm-up: two loops of the scripted incident (about 2 minutes each), so
     * every widget, glyph and takeover has been drawn once before measuring;
     * a short soak (the test suite's 0.1 h) warms up for half its frames,
     * which still covers one whole loop. */
    long warmup = frames < 480 ? frames / 2 : 240;
    double t0 = o->time_set ? o->time : 0.0;
    double rss_start = NAN, heap_start = NAN;
    int fds_start = -1;
    double cpu0 = clock_process_cpu(), wall0 = clock_mono();
    long done = 0;
    /* As the live display draws: only what changed (render/damage). */
    pipeline_track_damage(s.pipe, true);
    /* And gives freed memory back as the live loop does (platform/heap). */
    struct heap_care hc = {0};
    for (long i = 0; i < frames && !stop_requested; i++) {
        double t = t0 + (double)i;
        pipeline_build(s.pipe, t, CLOCK_SIM_EPOCH + t);
        pipeline_draw_scene(s.pipe);
        pipeline_composite(s.pipe, t, 1.0f);
        done++;
        heap_care_tick(&hc, t);
        /* Keep the GL driver's queue from growing without bound. */
        if (i % 60 == 59)
            glFinish();
        if (i + 1 == warmup) {
            glFinish();
            rss_start = rss_mb();
            heap_start = heap_in_use_mb();
            fds_start = open_fds();
        }
    }
    glFinish();
    double rss_end = rss_mb(), heap_end = heap_in_use_mb();
    int fds_end = open_fds();
    if (fds_start < 0) {
        rss_start = rss_end;
        heap_start = heap_end;
        fds_start = fds_end;
    }
    double cpu = clock_process_cpu() - cpu0, wall = clock_mono() - wall0;
    printf("{\"frames\":%ld,\"rss_start_mb\":%.2f,\"rss_end_mb\":%.2f,\"fds_start\":%d,"
           "\"fds_end\":%d}\n",
           done, rss_start, rss_end, fds_start, fds_end);
    fflush(stdout);
    log_info("soak",
             "%ld frames at %dx%d in %.1f s wall, %.1f s CPU (%.2f ms CPU per frame); "
             "heap in use %.2f -> %.2f MiB after warm-up; %lu heap trims",
             done, s.w, s.h, wall, cpu, done ? 1000.0 * cpu / (double)done : 0.0, heap_start,
             heap_end, hc.trims);
    session_close(&s);
    return stop_requested ? 1 : 0;
}
