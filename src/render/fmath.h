/* fmath: exact float rounding without library calls, for the hot paths of
 * the batch and text modules.
 *
 * On baseline x86-64 (no SSE4.1) roundf, floorf, ceilf and lroundf are calls
 * into libm, and the batch and text modules make several per vertex or
 * glyph. These give the same results as libm's for every |x| < 2^31 (the
 * pixel coordinates and glyph keys they are used on) through one truncating
 * conversion: x - trunc(x) is exact in float, so no step can round wrong.
 * Larger magnitudes, infinities and NaN fall back to libm. Depends on libm. */
#ifndef MAGI_RENDER_FMATH_H
#define MAGI_RENDER_FMATH_H

#include <math.h>
#include <stdint.h>

static inline int fm_small(float x) { return x > -2147483520.0f && x < 2147483520.0f; }

/* Rounds half away from zero, like roundf. */
static inline float fm_roundf(float x)
{
    if (!fm_small(x))
        return roundf(x);
    float t = (float)(int32_t)x;
    float d = x - t;
    if (d >= 0.5f)
        t += 1.0f;
    else if (d <= -0.5f)
        t -= 1.0f;
    return t;
}

static inline float fm_floorf(float x)
{
    if (!fm_small(x))
        return floorf(x);
    float t = (float)(int32_t)x;
    return t > x ? t - 1.0f : t;
}

static inline float fm_ceilf(float x)
{
    if (!fm_small(x))
        return ceilf(x);
    float t = (float)(int32_t)x;
    return t < x ? t + 1.0f : t;
}

/* lroundf for values that fit an int32_t (else libm's answer). */
static inline long fm_lroundf(float x)
{
    if (!fm_small(x))
        return lroundf(x);
    return (long)fm_roundf(x);
}

/* hypotf(x, y) for finite x and y: the sum of squares in double cannot
 * overflow or lose bits, and one rounding of the double square root gives
 * what glibc's hypotf gives (it computes the same), without the call. */
static inline float fm_len(float x, float y)
{
    double dx = x, dy = y;
    return (float)sqrt(dx * dx + dy * dy);
}

#endif
