/* post: the numbers behind the post-processing chain, without GL.
 *
 * Presets (--effects full|lite|off) become a post_settings; each frame's
 * animated values (flicker gain with its rare dips, the grain tile offset)
 * are pure functions of (clock time, seed, ambient strength), so screenshots
 * and recordings are deterministic and tests can check them. gl_post.c turns
 * them into passes and uniforms. Defaults are STYLE.md's "Post-processing".
 * Depends on libc only. */
#ifndef MAGI_RENDER_POST_H
#define MAGI_RENDER_POST_H

#include <stdbool.h>

enum post_preset { POST_FULL, POST_LITE, POST_OFF };

struct post_settings {
    bool bloom;
    int bloom_levels;      /* Kawase levels below 1/2: 4 = down to 1/32 */
    float bloom_intensity; /* 0.4..1.0, STYLE.md 0.7 */
    /* Weight of each level's halo in the sum, from 1/4 size (tight, about
     * 0.5 % H: text) down to 1/32 (wide, 2-3 % H: filled blocks). */
    float bloom_weight[5];
    float scanline;        /* darkening of the dark rows, 0.05 */
    float vignette;        /* darkening at the corners, 0.30 */
    float grain;           /* amplitude, 0.025 */
    float flicker;         /* gain noise amplitude, 0.01 */
    float flicker_dip;     /* depth of the rare dip, 0.04 */
    float black_lift;      /* warm lift of black, 0.01 */
    float lift_rgb[3];     /* its hue */
    bool ambient;          /* grain and flicker move (composite-only frames) */
    double ambient_fps;    /* how often they move */
};

void post_settings_preset(enum post_preset p, bool reduce_motion, struct post_settings *out);

/* One frame's animated values. */
struct post_frame {
    float gain;          /* flicker: 1 +- noise, minus a dip now and then */
    float grain;         /* grain amplitude this frame */
    int grain_x, grain_y; /* offset into the 64x64 noise tile */
    /* Burn-in care (platform/burnin): the whole picture moved by this many
     * device pixels (x right, y down). post_frame_params sets 0, 0; the app
     * fills it in. */
    int shift_x, shift_y;
};

/* `strength` (0..1) is the scheduler's ambient strength: it scales the
 * flicker; at 0 the picture is still (gain 1, grain frozen at offset 0). */
void post_frame_params(const struct post_settings *s, double t, unsigned long long seed,
                       float strength, struct post_frame *out);

/* Start time of the flicker dip in the 4.5 s window holding t (dips are 3 to
 * 6 s apart) and its length; exposed for tests. */
double post_dip_start(double t, unsigned long long seed);
#define POST_DIP_SECONDS 0.12

/* The 32-bit value that picks the shaders' 64x64 grain tile for a seed. */
unsigned post_grain_seed(unsigned long long seed);

/* Rows per scanline period for a target height: 2 (every other row) below
 * 2160 rows, 4 at 4K, ... so a 4K wall shows the same stripes as 1080p. */
int post_scan_period(int height);

#endif
