/* capture: --screenshot and --record (CLI.md), headless through the same
 * pipeline as the display, on a simulated clock so output depends only on
 * (--time, --seed, --size, content).
 *
 * --record steps the clock by 1/fps and asks the frame scheduler what each
 * frame needs, exactly as the live loop does: a scene when the content
 * changed, a composite when only grain and flicker moved, and nothing (the
 * previous frame again) when the picture is still. */
#include "app/app.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glad/gl.h>

#include "app/capture.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/sched.h"
#include "platform/burnin.h"
#include "platform/xdg.h"
#include "render/image.h"

static bool open_headless(struct session *s, const struct cli_options *o)
{
    return session_open(s, o, &(struct session_desc){.headless = true, .w = o->size_w, .h = o->size_h});
}

/* Burn-in care is off in captures, so they line up with each other and with
 * golden images, unless --pixel-shift asks for it: then the offset is the one
 * a live screen shows at the simulated wall time. */
static void apply_shift(struct session *s, const struct cli_options *o, double wall)
{
    if (!o->pixel_shift_set || o->pixel_shift <= 0)
        return;
    int dx, dy;
    burnin_offset(&(struct burnin){.range = o->pixel_shift}, wall, &dx, &dy);
    pipeline_set_shift(s->pipe, dx, dy);
}

bool capture_window_png(int w, int h, time_t when, char *out, size_t out_size)
{
    char dir[4096], path[4300];
    if (!xdg_pictures_dir(dir, sizeof dir)) {
        log_warn("capture", "no home directory to put the screenshot in");
        return false;
    }
    if (!xdg_make_dirs(dir)) {
        log_warn("capture", "cannot create %s: %s", dir, strerror(errno));
        return false;
    }
    struct tm tm;
    char stamp[32];
    localtime_r(&when, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(path, sizeof path, "%s/magi-%s.png", dir, stamp);
    for (int i = 2; access(path, F_OK) == 0 && i < 100; i++)
        snprintf(path, sizeof path, "%s/magi-%s-%d.png", dir, stamp, i);
    size_t pitch = (size_t)w * 3;
    uint8_t *rgb = malloc(pitch * (size_t)h), *tmp = malloc(pitch);
    bool ok = rgb && tmp;
    if (ok) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
        glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, rgb);
        ok = glGetError() == GL_NO_ERROR;
        /* GL's rows run bottom-up; images top-down. */
        for (int y = 0; ok && y < h / 2; y++) {
            uint8_t *a = rgb + (size_t)y * pitch, *b = rgb + (size_t)(h - 1 - y) * pitch;
            memcpy(tmp, a, pitch);
            memcpy(a, b, pitch);
            memcpy(b, tmp, pitch);
        }
        if (!ok)
            log_warn("capture", "cannot read the window back");
    }
    ok = ok && image_write_png(path, w, h, rgb);
    free(rgb);
    free(tmp);
    if (ok) {
        log_info("capture", "screenshot: %s", path);
        if (out)
            snprintf(out, out_size, "%s", path);
    }
    return ok;
}

int app_screenshot(const struct cli_options *o)
{
    struct session s;
    if (!open_headless(&s, o))
        return 1;
    struct app_clock clk;
    clock_init_sim(&clk, o->time_set ? o->time : 0.0, CLOCK_SIM_EPOCH);
    apply_shift(&s, o, clk.wall);
    pipeline_build(s.pipe, clk.t, clk.wall);
    pipeline_draw_scene(s.pipe);
    /* A screenshot shows the ambient animation at full strength, as a live
     * screen would be at that moment. */
    pipeline_composite(s.pipe, clk.t, 1.0f);
    size_t n = (size_t)s.w * (size_t)s.h * 3;
    uint8_t *rgb = malloc(n);
    bool ok = rgb && pipeline_read_rgb(s.pipe, rgb) && image_write_png(o->output, s.w, s.h, rgb);
    if (!rgb)
        log_error("capture", "out of memory for a %dx%d frame", s.w, s.h);
    free(rgb);
    session_close(&s);
    return ok ? 0 : 1;
}

static bool write_all(FILE *f, const uint8_t *p, size_t n)
{
    while (n) {
        size_t k = fwrite(p, 1, n, f);
        if (k == 0)
            return false;
        p += k;
        n -= k;
    }
    return true;
}

int app_record(const struct cli_options *o)
{
    bool to_stdout = strcmp(o->output, "-") == 0;
    if (!to_stdout && !xdg_make_dirs(o->output)) {
        log_error("capture", "cannot create directory %s: %s", o->output, strerror(errno));
        return 1;
    }
    double fps = o->fps > 0 ? o->fps : 30.0;
    long frames = lround(o->duration * fps);
    if (frames < 1)
        frames = 1;
    struct session s;
    if (!open_headless(&s, o))
        return 1;
    size_t n = (size_t)s.w * (size_t)s.h * 3;
    uint8_t *rgb = malloc(n);
    if (!rgb) {
        log_error("capture", "out of memory for a %dx%d frame", s.w, s.h);
        session_close(&s);
        return 1;
    }
    if (to_stdout)
        signal(SIGPIPE, SIG_IGN); /* a closed pipe is reported, not fatal */

    double t0 = o->time_set ? o->time : 0.0;
    struct app_clock clk;
    clock_init_sim(&clk, t0, CLOCK_SIM_EPOCH);
    const struct post_settings *post = pipeline_post(s.pipe);
    struct sched sch;
    /* No cap of its own: the recording's frame rate is the cap. */
    sched_init(&sch,
               &(struct sched_desc){.fps_cap = 1000, .ambient = post->ambient,
                                    .ambient_fps = post->ambient_fps,
                                    .ambient_idle = s.display.ambient_idle},
               t0);
    int rc = 0;
    bool have_frame = false;
    long scenes = 0, composites = 0, unchanged = 0;
    double area = 0;
    /* Like the live display, redraw only what changed: a recording of a
     * dashboard costs a fraction (MAGI_WHOLE_FRAMES=1: whole frames). */
    const char *whole = getenv("MAGI_WHOLE_FRAMES");
    pipeline_track_damage(s.pipe, !(whole && *whole && *whole != '0'));
    for (long i = 0; i < frames; i++) {
        /* Frame times from the index, not by accumulation, so they don't drift. */
        clock_set(&clk, t0 + (double)i / fps);
        double now = clk.t;
        enum sched_level lv = sched_due(&sch, now);
        if (o->pixel_shift_set && o->pixel_shift > 0) {
            struct burnin b = {.range = o->pixel_shift};
            int dx0, dy0, dx1, dy1;
            burnin_offset(&b, clk.wall - 1.0 / fps, &dx0, &dy0);
            burnin_offset(&b, clk.wall, &dx1, &dy1);
            apply_shift(&s, o, clk.wall);
            /* A step of the shift needs a new composite, as live. */
            if ((dx0 != dx1 || dy0 != dy1) && lv == SCHED_NONE)
                lv = SCHED_COMPOSITE;
        }
        if (!have_frame && lv == SCHED_NONE)
            lv = SCHED_SCENE;
        if (lv == SCHED_SCENE) {
            double wake = pipeline_build(s.pipe, now, clk.wall);
            if (pipeline_draw_scene(s.pipe)) {
                sched_frame_done(&sch, lv, now);
                scenes++;
                area += pipeline_damage_fraction(s.pipe);
            } else {
                /* The same picture: the last frame stands unless the
                 * ambient animation wants a composite anyway. */
                sched_skip_scene(&sch);
                unchanged++;
                lv = sched_due(&sch, now);
                if (lv == SCHED_COMPOSITE) {
                    sched_frame_done(&sch, lv, now);
                    composites++;
                }
            }
            sched_wake_at(&sch, wake);
        } else if (lv == SCHED_COMPOSITE) {
            sched_frame_done(&sch, lv, now);
            composites++;
        }
        if (lv != SCHED_NONE) {
            pipeline_composite(s.pipe, now, sched_ambient_strength(&sch, now));
            if (!pipeline_read_rgb(s.pipe, rgb)) {
                log_error("capture", "cannot read frame %ld back", i);
                rc = 1;
                break;
            }
            have_frame = true;
        }
        if (to_stdout) {
            if (!write_all(stdout, rgb, n) || fflush(stdout) != 0) {
                log_error("capture", "stdout closed after %ld frames: %s", i, strerror(errno));
                rc = 1;
                break;
            }
        } else {
            char path[4096];
            snprintf(path, sizeof path, "%s/frame_%05ld.png", o->output, i);
            if (!image_write_png(path, s.w, s.h, rgb)) {
                rc = 1;
                break;
            }
        }
    }
    log_info("capture",
             "%ld frames: %ld scenes redrawing %.1f %% of the picture on average, %ld "
             "composite-only, %ld unchanged scenes",
             frames, scenes, scenes ? 100.0 * area / (double)scenes : 0.0, composites, unchanged);
    free(rgb);
    session_close(&s);
    return rc;
}
