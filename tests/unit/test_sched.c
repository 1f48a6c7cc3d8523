/* sched: the frame scheduler, driven by an injected clock.
 *
 * `run` below plays the frame loop against simulated time: wait until
 * sched_next (or an external event), draw what sched_due says, report the
 * widget's next wake-up. It counts frames per level. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/sched.h"

struct counts {
    int scene, composite;
    double last_frame;
};

/* A widget that changes every `period` seconds (0: never). */
static double widget_wake(double now, double period)
{
    if (period <= 0)
        return INFINITY;
    return (floor(now / period) + 1.0) * period;
}

/* Runs the loop from `t0` to `t1`; `event_at` (if finite) injects one data
 * change. Returns the counts. */
static struct counts run(struct sched *s, double t0, double t1, double period, double event_at)
{
    struct counts c = {0, 0, -1};
    double now = t0;
    bool event_done = !isfinite(event_at);
    for (int guard = 0; guard < 1000000; guard++) {
        double next = sched_next(s, now);
        if (!event_done && event_at < next)
            next = fmax(event_at, now);
        if (next > t1)
            break;
        now = fmax(now, next);
        if (!event_done && now >= event_at) {
            sched_invalidate(s, SCHED_SCENE, now);
            event_done = true;
        }
        enum sched_level lv = sched_due(s, now);
        if (lv == SCHED_NONE) {
            /* Only the cap can say "not yet" at the deadline it computed. */
            assert_true(now < s->last_frame + s->min_interval + 1e-12);
            now = s->last_frame + s->min_interval;
            continue;
        }
        sched_frame_done(s, lv, now);
        if (lv == SCHED_SCENE) {
            c.scene++;
            sched_wake_at(s, widget_wake(now, period));
        } else {
            c.composite++;
        }
        c.last_frame = now;
    }
    return c;
}

static void test_first_frame_then_sleep(void **state)
{
    (void)state;
    struct sched s;
    sched_init(&s, &(struct sched_desc){.ambient = false}, 100.0);
    assert_int_equal(sched_due(&s, 100.0), SCHED_SCENE);
    assert_float_equal(sched_next(&s, 100.0), 100.0, 0);
    sched_frame_done(&s, SCHED_SCENE, 100.0);
    /* Nothing asked for: sleep for as long as the loop allows. */
    assert_int_equal(sched_due(&s, 200.0), SCHED_NONE);
    assert_true(isinf(sched_next(&s, 100.0)));
    assert_float_equal(sched_timeout(&s, 100.0, 5.0), 5.0, 0);
    assert_float_equal(sched_ambient_strength(&s, 100.0), 0.0, 0);
}

static void test_wake_at_and_cap(void **state)
{
    (void)state;
    struct sched s;
    sched_init(&s, &(struct sched_desc){.fps_cap = 10}, 0.0);
    sched_frame_done(&s, SCHED_SCENE, 0.0);
    sched_wake_at(&s, 2.5);
    assert_float_equal(sched_next(&s, 1.0), 2.5, 1e-12);
    assert_float_equal(sched_timeout(&s, 1.0, 60), 1.5, 1e-12);
    assert_int_equal(sched_due(&s, 2.49), SCHED_NONE);
    assert_int_equal(sched_due(&s, 2.5), SCHED_SCENE);
    sched_frame_done(&s, SCHED_SCENE, 2.5);
    /* A wake-up right after a frame waits for the cap (10 fps). */
    sched_wake_at(&s, 2.51);
    assert_float_equal(sched_next(&s, 2.5), 2.6, 1e-12);
    assert_int_equal(sched_due(&s, 2.55), SCHED_NONE);
    assert_int_equal(sched_due(&s, 2.6), SCHED_SCENE);
    /* The earliest of several deadlines wins; NaN is ignored; a past
     * deadline is due at once (timeout 0). */
    sched_frame_done(&s, SCHED_SCENE, 3.0);
    sched_wake_at(&s, 9.0);
    sched_wake_at(&s, 7.0);
    sched_wake_at(&s, NAN);
    assert_float_equal(sched_next(&s, 3.0), 7.0, 0);
    assert_float_equal(sched_timeout(&s, 8.0, 60), 0.0, 0);
}

static void test_invalidate_levels(void **state)
{
    (void)state;
    struct sched s;
    sched_init(&s, &(struct sched_desc){0}, 0.0);
    sched_frame_done(&s, SCHED_SCENE, 0.0);
    sched_invalidate(&s, SCHED_COMPOSITE, 1.0);
    assert_int_equal(sched_due(&s, 1.0), SCHED_COMPOSITE);
    /* A scene invalidation outranks a pending composite. */
    sched_invalidate(&s, SCHED_SCENE, 1.0);
    assert_int_equal(sched_due(&s, 1.0), SCHED_SCENE);
    sched_frame_done(&s, SCHED_SCENE, 1.0);
    /* ... and serves it: nothing is left. */
    assert_int_equal(sched_due(&s, 5.0), SCHED_NONE);
    assert_true(isinf(sched_next(&s, 5.0)));
    /* SCHED_NONE is a no-op. */
    sched_invalidate(&s, SCHED_NONE, 6.0);
    assert_true(isinf(sched_next(&s, 6.0)));
}

static void test_clock_widget_one_frame_per_second(void **state)
{
    (void)state;
    struct sched s;
    sched_init(&s, &(struct sched_desc){.ambient = false}, 0.0);
    struct counts c = run(&s, 0.0, 60.0, 1.0, INFINITY);
    /* t = 0, 1, ..., 60: exactly one scene per second, no composites. */
    assert_int_equal(c.scene, 61);
    assert_int_equal(c.composite, 0);
}

static void test_nothing_changes_no_frames(void **state)
{
    (void)state;
    struct sched s;
    sched_init(&s, &(struct sched_desc){.ambient = false}, 0.0);
    struct counts c = run(&s, 0.0, 3600.0, 0, INFINITY);
    assert_int_equal(c.scene, 1);
    assert_int_equal(c.composite, 0);
}

static void test_ambient_rate_fade_and_resume(void **state)
{
    (void)state;
    struct sched s;
    struct sched_desc d = {.ambient = true, .ambient_fps = 10, .ambient_idle = 5,
                           .ambient_fade = 1};
    sched_init(&s, &d, 0.0);
    assert_float_equal(sched_ambient_strength(&s, 0.0), 1.0, 0);
    struct counts c = run(&s, 0.0, 100.0, 0, INFINITY);
    assert_int_equal(c.scene, 1);
    /* Composites at 10 Hz from 0.1 s until the fade ends at 6 s, the last one
     * (at strength 0) being the still picture. */
    assert_int_equal(c.composite, 60);
    assert_float_equal(c.last_frame, 6.0, 1e-9);
    assert_true(s.still_drawn);
    assert_float_equal(sched_ambient_strength(&s, 5.0), 1.0, 0);
    assert_float_equal(sched_ambient_strength(&s, 5.5), 0.5, 1e-6);
    assert_float_equal(sched_ambient_strength(&s, 7.0), 0.0, 0);
    assert_true(isinf(sched_next(&s, 100.0)));

    /* A data change at t = 150 brings the animation back at full strength. */
    c = run(&s, 100.0, 200.0, 0, 150.0);
    assert_int_equal(c.scene, 1);
    assert_int_equal(c.composite, 60);
    assert_float_equal(c.last_frame, 156.0, 1e-9);
    assert_float_equal(sched_ambient_strength(&s, 150.5), 1.0, 0);
}

static void test_ambient_follows_scene_changes(void **state)
{
    (void)state;
    /* A screen that changes every second never goes still. */
    struct sched s;
    struct sched_desc d = {.ambient = true, .ambient_fps = 4, .ambient_idle = 2};
    sched_init(&s, &d, 0.0);
    struct counts c = run(&s, 0.0, 30.0, 1.0, INFINITY);
    assert_int_equal(c.scene, 31);
    /* Four ambient steps per second, one of which coincides with the scene. */
    assert_int_equal(c.composite, 30 * 3);
    assert_float_equal(sched_ambient_strength(&s, 30.0), 1.0, 0);
    assert_false(s.still_drawn);
}

static void test_minor_scenes_let_ambient_settle(void **state)
{
    (void)state;
    /* A clock that ticks every second with only small redraws: the scenes
     * are drawn, but the ambient animation still fades after the idle time
     * and then stops; a major scene brings it back. */
    struct sched s;
    struct sched_desc d = {.ambient = true, .ambient_fps = 4, .ambient_idle = 2,
                           .ambient_fade = 1};
    sched_init(&s, &d, 0.0);
    sched_frame_done(&s, SCHED_SCENE, 0.0); /* the first, whole frame */
    sched_wake_at(&s, 1.0);
    int scenes = 0, composites = 0;
    double now = 0.0;
    for (int guard = 0; guard < 10000; guard++) {
        double next = sched_next(&s, now);
        if (next > 30.0)
            break;
        now = fmax(now, next);
        enum sched_level lv = sched_due(&s, now);
        if (lv == SCHED_NONE) {
            now = s.last_frame + s.min_interval;
            continue;
        }
        if (lv == SCHED_SCENE) {
            sched_frame_done_minor(&s, now);
            sched_wake_at(&s, floor(now) + 1.0);
            scenes++;
        } else {
            sched_frame_done(&s, lv, now);
            composites++;
        }
    }
    assert_int_equal(scenes, 30);
    assert_true(s.still_drawn);
    assert_float_equal(sched_ambient_strength(&s, 30.0), 0.0, 0);
    /* Ambient frames only until the fade ended at 3 s (4 Hz, less the ones
     * that fell on a scene). */
    assert_true(composites > 0 && composites <= 12);
    /* A whole redraw counts as a change again. */
    sched_frame_done(&s, SCHED_SCENE, 31.0);
    assert_false(s.still_drawn);
    assert_float_equal(sched_ambient_strength(&s, 31.5), 1.0, 0);
}

/* The time the picture settles (the content's motion rests then), and a
 * change that matters whatever it redraws (the screen level rose): it
 * brings the ambient animation back and moves the settling time on. */
static void test_settles_and_mark_change(void **state)
{
    (void)state;
    struct sched s;
    sched_init(&s, &(struct sched_desc){.ambient = true, .ambient_fps = 4, .ambient_idle = 2,
                                        .ambient_fade = 1},
               0.0);
    sched_frame_done(&s, SCHED_SCENE, 0.0);
    assert_float_equal(sched_settles_at(&s), 3.0, 1e-12);
    /* small scenes do not move it */
    sched_frame_done_minor(&s, 2.5);
    assert_float_equal(sched_settles_at(&s), 3.0, 1e-12);
    struct counts c = run(&s, 2.5, 10.0, 0, INFINITY);
    assert_true(s.still_drawn);
    assert_true(c.last_frame <= 3.0 + 1e-9);
    assert_true(isinf(sched_next(&s, 10.0)));
    /* the level rose at 10 s: animation back at once, settling 3 s later */
    sched_mark_change(&s, 10.0);
    assert_false(s.still_drawn);
    assert_float_equal(sched_ambient_strength(&s, 10.0), 1.0, 0);
    assert_int_equal(sched_due(&s, 10.0), SCHED_COMPOSITE);
    assert_float_equal(sched_settles_at(&s), 13.0, 1e-12);
    /* without ambient the settling time is kept all the same */
    sched_init(&s, &(struct sched_desc){.ambient_idle = 5}, 0.0);
    sched_frame_done(&s, SCHED_SCENE, 1.0);
    assert_float_equal(sched_settles_at(&s), 8.0, 1e-12); /* 1 + 5 + the default 2 s fade */
    sched_mark_change(&s, 4.0);
    assert_float_equal(sched_settles_at(&s), 11.0, 1e-12);
    assert_true(isinf(sched_next(&s, 4.0)));
    /* an idle time of "never": never settles */
    sched_init(&s, &(struct sched_desc){.ambient_idle = -1}, 0.0);
    assert_float_equal(sched_settles_at(&s), 0.0, 0);
}

static void test_never_idle_and_toggle(void **state)
{
    (void)state;
    struct sched s;
    sched_init(&s, &(struct sched_desc){.ambient = true, .ambient_idle = -1}, 0.0);
    assert_float_equal(sched_ambient_strength(&s, 1e6), 1.0, 0);
    struct counts c = run(&s, 0.0, 10.0, 0, INFINITY);
    assert_int_equal(c.composite, 150); /* default 15 Hz */
    /* Turning ambient off asks for one clean composite, then silence. */
    sched_set_ambient(&s, false, 10.0);
    assert_int_equal(sched_due(&s, 10.1), SCHED_COMPOSITE);
    sched_frame_done(&s, SCHED_COMPOSITE, 10.1);
    assert_true(isinf(sched_next(&s, 10.1)));
    assert_float_equal(sched_ambient_strength(&s, 10.1), 0.0, 0);
    /* And back on: due at once. */
    sched_set_ambient(&s, true, 20.0);
    assert_int_equal(sched_due(&s, 20.0), SCHED_COMPOSITE);
}

static void test_fps_cap_on_continuous_motion(void **state)
{
    (void)state;
    /* A widget asking for "as soon as possible" every frame gets fps_cap. */
    struct sched s;
    sched_init(&s, &(struct sched_desc){.fps_cap = 30}, 0.0);
    struct counts c = run(&s, 0.0, 1.0 - 1e-9, 1e-6, INFINITY);
    assert_int_equal(c.scene, 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_frame_then_sleep),
        cmocka_unit_test(test_wake_at_and_cap),
        cmocka_unit_test(test_invalidate_levels),
        cmocka_unit_test(test_clock_widget_one_frame_per_second),
        cmocka_unit_test(test_nothing_changes_no_frames),
        cmocka_unit_test(test_ambient_rate_fade_and_resume),
        cmocka_unit_test(test_ambient_follows_scene_changes),
        cmocka_unit_test(test_minor_scenes_let_ambient_settle),
        cmocka_unit_test(test_settles_and_mark_change),
        cmocka_unit_test(test_never_idle_and_toggle),
        cmocka_unit_test(test_fps_cap_on_continuous_motion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
