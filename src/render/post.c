/* post: see post.h. */
#include "render/post.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Window in which one flicker dip falls; consecutive dips are WINDOW +- the
 * jitter apart, i.e. 3 to 6 s (STYLE.md "Motion"). */
#define DIP_WINDOW 4.5
#define DIP_JITTER 1.5

static uint64_t mix64(uint64_t x)
{
    /* splitmix64's finaliser: cheap and well spread. */
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static double unit(uint64_t h) { return (double)(h >> 11) * (1.0 / 9007199254740992.0); }

static void set_weights(struct post_settings *o, float w4, float w8, float w16, float w32)
{
    o->bloom_weight[0] = w4;
    o->bloom_weight[1] = w8;
    o->bloom_weight[2] = w16;
    o->bloom_weight[3] = w32;
    o->bloom_weight[4] = 0.0f;
}

void post_settings_preset(enum post_preset p, bool reduce_motion, struct post_settings *o)
{
    memset(o, 0, sizeof *o);
    o->lift_rgb[0] = 1.0f;
    o->lift_rgb[1] = 0.30f;
    o->lift_rgb[2] = 0.20f;
    o->ambient_fps = 15.0;
    switch (p) {
    case POST_FULL:
        o->bloom = true;
        o->bloom_levels = 4;
        o->bloom_intensity = 0.7f;
        set_weights(o, 0.30f, 0.18f, 0.12f, 0.10f);
        o->scanline = 0.05f;
        o->vignette = 0.30f;
        o->grain = 0.025f;
        o->flicker = 0.01f;
        o->flicker_dip = 0.04f;
        o->black_lift = 0.01f;
        o->ambient = true;
        break;
    case POST_LITE:
        /* Same glow down to 1/16, static picture: no composite-only frames. */
        o->bloom = true;
        o->bloom_levels = 3;
        o->bloom_intensity = 0.7f;
        set_weights(o, 0.30f, 0.18f, 0.22f, 0.0f);
        o->scanline = 0.05f;
        o->vignette = 0.30f;
        o->black_lift = 0.01f;
        break;
    case POST_OFF:
        break;
    }
    if (reduce_motion) {
        /* Keep the look, stop the motion: grain stays, frozen; no flicker. */
        o->flicker = 0;
        o->flicker_dip = 0;
        o->ambient = false;
    }
}

double post_dip_start(double t, unsigned long long seed)
{
    double w = floor(t / DIP_WINDOW);
    uint64_t h = mix64((uint64_t)(int64_t)w ^ mix64(seed ^ 0xD1Bull));
    return w * DIP_WINDOW + unit(h) * DIP_JITTER;
}

void post_frame_params(const struct post_settings *s, double t, unsigned long long seed,
                       float strength, struct post_frame *out)
{
    if (strength < 0)
        strength = 0;
    if (strength > 1)
        strength = 1;
    out->gain = 1.0f;
    out->grain = s->grain;
    out->grain_x = 0;
    out->grain_y = 0;
    out->shift_x = 0;
    out->shift_y = 0;
    if (!s->ambient || strength <= 0)
        return;
    /* Steps at the ambient rate: the value holds between composite frames. */
    double fps = s->ambient_fps > 0 ? s->ambient_fps : 15.0;
    uint64_t k = (uint64_t)(int64_t)floor(t * fps + 1e-6);
    uint64_t h = mix64(k ^ mix64(seed));
    float noise = (float)(unit(h) * 2.0 - 1.0);
    float gain = 1.0f + s->flicker * noise;
    double d = post_dip_start(t, seed);
    if (t >= d && t < d + POST_DIP_SECONDS)
        gain -= s->flicker_dip;
    /* Flicker fades with the ambient strength; grain keeps its amplitude (a
     * still picture is frozen, not cleaned) and only stops moving. */
    out->gain = 1.0f + (gain - 1.0f) * strength;
    uint64_t g = mix64(h);
    out->grain_x = (int)(g & 63);
    out->grain_y = (int)((g >> 8) & 63);
}

unsigned post_grain_seed(unsigned long long seed)
{
    return (unsigned)(mix64(seed ^ 0x6E015Eull) >> 32);
}

int post_scan_period(int height)
{
    int k = (height + 720) / 1440; /* ..2159 -> 1 (2 rows), 2160..3599 -> 2 */
    if (k < 1)
        k = 1;
    return 2 * k;
}
