/* bench_paced: see bench_paced.h. */
#include "app/bench_paced.h"

#include <errno.h>
#include <math.h>
#include <time.h>

#include "core/clock.h"
#include "core/sched.h"
#include "render/gl_context.h"

static void sleep_s(double s)
{
    if (!(s > 0))
        return;
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

void bench_paced(struct session *s, double seconds, double fps, FILE *out)
{
    if (!(fps > 0))
        fps = 60.0;
    const struct post_settings *post = pipeline_post(s->pipe);
    struct app_clock clk;
    clock_init_live(&clk);
    struct sched sc;
    sched_init(&sc,
               &(struct sched_desc){.fps_cap = fps, .ambient = post->ambient,
                                    .ambient_fps = post->ambient_fps},
               clk.t);
    struct content *c = &s->content;
    unsigned long frames = 0, scenes = 0;
    pipeline_track_damage(s->pipe, true);
    double cpu0 = 0, wall0 = 0;
    /* One second to settle (sources' first polls, glyphs), then measure. */
    double warm = 1.0, end = warm + seconds;
    bool measuring = false;
    for (;;) {
        clock_update(&clk);
        double now = clk.t;
        if (!measuring && now >= warm) {
            measuring = true;
            cpu0 = clock_process_cpu();
            wall0 = clock_mono();
            frames = scenes = 0;
        }
        if (now >= end)
            break;
        if (c->changed && c->changed(c->self))
            sched_invalidate(&sc, SCHED_SCENE, now);
        enum sched_level lv = sched_due(&sc, now);
        double wake = INFINITY;
        bool built = false, minor = false;
        if (lv == SCHED_SCENE) {
            /* As app/loop does: only what changed, nothing if nothing did. */
            wake = pipeline_build(s->pipe, now, clk.wall);
            built = true;
            if (pipeline_draw_scene(s->pipe)) {
                scenes++;
                minor = pipeline_damage_fraction(s->pipe) < 1.0;
            } else {
                sched_skip_scene(&sc);
                lv = sched_due(&sc, now);
            }
        }
        if (lv != SCHED_NONE) {
            pipeline_composite(s->pipe, now, sched_ambient_strength(&sc, now));
            /* Where a window would swap, hand the frame to the GPU. */
            gl_context_flush();
            if (minor && lv == SCHED_SCENE)
                sched_frame_done_minor(&sc, now);
            else
                sched_frame_done(&sc, lv, now);
            frames++;
        }
        if (built)
            sched_wake_at(&sc, wake);
        clock_update(&clk);
        double timeout = sched_timeout(&sc, clk.t, 0.25);
        if (end - clk.t < timeout)
            timeout = fmax(0.0, end - clk.t);
        sleep_s(timeout);
    }
    gl_context_finish();
    pipeline_track_damage(s->pipe, false);
    double cpu = clock_process_cpu() - cpu0, wall = clock_mono() - wall0;
    fprintf(out,
            "{\"bench\":\"paced\",\"fps_cap\":%.0f,\"seconds\":%.2f,\"frames\":%lu,"
            "\"scenes\":%lu,\"fps\":%.1f,\"cpu_pct\":%.2f}\n",
            fps, wall, frames, scenes, wall > 0 ? (double)frames / wall : 0.0,
            wall > 0 ? 100.0 * cpu / wall : 0.0);
    fflush(out);
}
