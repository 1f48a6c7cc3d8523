/* sched: the frame scheduler — when to draw, and how much.
 *
 * The frame loop is event-driven (ARCHITECTURE.md "Threads and the frame
 * loop"): it sleeps until the earliest deadline any part asks for, then draws
 * only the layers that are dirty:
 *
 *   SCHED_SCENE      new data, input, a resize or a widget animation step:
 *                    scene + bloom + composite;
 *   SCHED_COMPOSITE  only the ambient CRT animation (grain, flicker) moved:
 *                    composite from the cached scene and bloom;
 *   SCHED_NONE       nothing changed: no frame at all.
 *
 * Deadlines come from widgets (the earliest wake_at of the last frame), from
 * data (sched_invalidate when the store changed) and from the ambient
 * animation, which runs at its own low rate. Frames are never closer than
 * 1 / fps_cap. After `ambient_idle` seconds without a scene change the
 * ambient animation fades out over `ambient_fade` seconds to a still picture
 * (one last composite at strength 0), and the loop sleeps until something
 * changes; any scene change brings it back at full strength.
 *
 * Pure functions of the time passed in (an injected clock): no system calls,
 * so tests can drive it second by second. Depends on libc only. */
#ifndef MAGI_CORE_SCHED_H
#define MAGI_CORE_SCHED_H

#include <stdbool.h>

enum sched_level {
    SCHED_NONE,
    SCHED_COMPOSITE,
    SCHED_SCENE,
};

struct sched_desc {
    double fps_cap;      /* most frames per second; 0 = 60 */
    double ambient_fps;  /* composite-only frames per second for grain/flicker; 0 = 15 */
    bool ambient;        /* ambient animation on (effects full, no reduced motion) */
    double ambient_idle; /* seconds without scene change before fading; 0 = 30, < 0 = never */
    double ambient_fade; /* seconds the fade-out takes; 0 = 2 */
};

/* Plain state (no allocation); read it, but change it only through sched_*. */
struct sched {
    double min_interval;  /* 1 / fps_cap */
    double ambient_interval;
    bool ambient;
    double idle, fade;
    double last_frame;    /* time of the last frame, -INFINITY before the first */
    double scene_at;      /* the scene is due at this time (INFINITY: not due) */
    double composite_at;  /* a composite is due at this time */
    double last_change;   /* time of the last scene frame or invalidation */
    double ambient_next;  /* next ambient frame while the animation runs */
    bool still_drawn;     /* the strength-0 still frame is on screen */
    unsigned long frames, scene_frames;
};

/* Starts with the first scene due at `now`. */
void sched_init(struct sched *s, const struct sched_desc *d, double now);

/* Something outside time changed (data, input, resize, reload): the given
 * level is due as soon as the frame-rate cap allows. */
void sched_invalidate(struct sched *s, enum sched_level level, double now);
/* The scene changes by itself at time t (a widget's wake_at); call after
 * sched_frame_done for the frame that computed it. Past times mean "now". */
void sched_wake_at(struct sched *s, double t);
/* Turns the ambient animation on or off (e.g. the effects preset changed). */
void sched_set_ambient(struct sched *s, bool on, double now);

/* What is due at `now` (SCHED_NONE: nothing, or the cap says wait). */
enum sched_level sched_due(const struct sched *s, double now);
/* The absolute time of the next frame, INFINITY if nothing is pending. It is
 * never earlier than last frame + 1 / fps_cap; it may be <= now (draw now). */
double sched_next(const struct sched *s, double now);
/* Seconds to wait from `now` until sched_next, clamped to [0, max_wait]
 * (what the loop passes to glfwWaitEventsTimeout). */
double sched_timeout(const struct sched *s, double now, double max_wait);

/* The scene that was due turned out unchanged (the same picture): it is no
 * longer due, and it does not count as a change for the ambient fade. */
void sched_skip_scene(struct sched *s);

/* Records that a frame of `level` was drawn at `now`. */
void sched_frame_done(struct sched *s, enum sched_level level, double now);
/* Records a scene frame that redrew only a small part of the picture (a
 * clock digit, a few readouts: render/damage): drawn like any scene, but
 * not a change for the ambient fade, so a dashboard that merely ticks
 * still settles to a still picture. */
void sched_frame_done_minor(struct sched *s, double now);

/* A change that matters whatever area it redraws (the screen's level rose or
 * fell): counts like a large scene change, so the ambient animation and the
 * content's motion come back. */
void sched_mark_change(struct sched *s, double now);
/* When the picture has settled: the ambient animation has faded out (the
 * idle time plus the fade after the last change), whether or not it runs;
 * content motion (draw_ctx motion_until) rests from then. 0 = never (an
 * idle time of "never"). */
double sched_settles_at(const struct sched *s);

/* Strength of the ambient animation at `now`, 0..1: 1 while things change,
 * fading to 0 after the idle time; 0 when ambient is off. */
float sched_ambient_strength(const struct sched *s, double now);

#endif
