// combine_fs: the full-resolution pass after a new scene (STYLE.md
// "Post-processing"), written for software GL: one texelFetch of the scene,
// one bilinear tap of the 1/4-size bloom, a hashed 64x64 grain tile; the rest
// is arithmetic on uniforms. Branch-free, since llvmpipe runs fragments eight
// at a time, and compiled per preset with only the effects it uses (BLOOM,
// SCANLINES, VIGNETTE, GRAIN, LIFT defined to 1; VIGNETTE 2: computed per pixel
// on small targets), so --effects off is a copy.
//
// With ambient animation on, the first frame of a scene is drawn by this pass
// straight to the target; later frames read a kept copy made with grain 0
// and gain 1 (ambient_fs).
uniform sampler2D u_scene;
uniform sampler2D u_bloom;
uniform vec2 u_size;        // target size in device pixels
uniform float u_bloom_k;    // bloom intensity
uniform float u_scan;       // scanline darkening
uniform float u_scan_inv;   // 1 / rows per scanline period
uniform float u_grain;      // grain amplitude (0 in the kept copy)
uniform ivec2 u_grain_off;  // offset into the noise tile
uniform uint u_seed;        // picks the noise tile
uniform float u_gain;       // flicker gain (1 in the kept copy)
uniform vec3 u_lift;        // warm black lift
#if SHIFT
uniform ivec2 u_shift;      // burn-in care: picture offset in device pixels (GL's y up)
#endif

#if VIGNETTE == 2
uniform vec2 u_vig_mul;     // pixel -> offset from the centre in half-diagonals
uniform float u_vignette;   // darkening at the corners
#elif VIGNETTE
in float v_vig;             // grid_vs: the vignette, interpolated from a grid
#endif

out vec4 o_color;

// A 64x64 tile of uniform noise in [-1, 1], shifted by u_grain_off and
// picked by u_seed. Computed rather than fetched: on llvmpipe an integer hash
// costs less than a texture read (docs/PERFORMANCE.md).
float grain_noise(ivec2 p)
{
    uvec2 q = uvec2((p + u_grain_off) & 63);
    uint h = (q.x * 0x8da6b343u) ^ (q.y * 0xd8163841u) ^ u_seed;
    h = (h ^ (h >> 15)) * 0x2c1b3c6du;
    h ^= h >> 12;
    return float(h & 0xffffu) * (2.0 / 65535.0) - 1.0;
}

void main()
{
    ivec2 p = ivec2(gl_FragCoord.xy);
#if SHIFT
    // Burn-in care moves the picture by whole device pixels (text stays
    // sharp); the strip it uncovers is black. Scanlines, vignette and grain
    // belong to the screen and stay where they are.
    ivec2 src = p - u_shift;
    float inside = float(all(greaterThanEqual(src, ivec2(0))) && all(lessThan(src, ivec2(u_size))));
    vec3 c = texelFetch(u_scene, clamp(src, ivec2(0), ivec2(u_size) - 1), 0).rgb * inside;
    vec2 uv = (gl_FragCoord.xy - vec2(u_shift)) / u_size;
#else
    vec3 c = texelFetch(u_scene, p, 0).rgb;
    vec2 uv = gl_FragCoord.xy / u_size;
#endif
#if BLOOM
    vec3 b = texture(u_bloom, uv).rgb;
#if SHIFT
    b *= inside;
#endif
    // Bloom only what spills outside lit shapes: a lit pixel keeps its own
    // colour (no white cores, and a red field stays alert_red).
    float m = 1.0 - max(c.r, max(c.g, c.b));
    c += b * (u_bloom_k * m * m);
#endif
#if SCANLINES
    // Scanlines on whole device rows counted from the top, after the bloom so
    // the halos are striped too: the second half of each period is darker.
    float row = u_size.y - gl_FragCoord.y;
    c *= 1.0 - u_scan * step(0.5, fract(row * u_scan_inv));
#endif
#if VIGNETTE == 2
    // Small targets: grid_vs's formula on every pixel (its grid's triangles
    // would cost more than this).
    vec2 d = (gl_FragCoord.xy - 0.5 * u_size) * u_vig_mul;
    c *= 1.0 - u_vignette * clamp((dot(d, d) - 0.25) * (1.0 / 0.75), 0.0, 1.0);
#elif VIGNETTE
    // Vignette from the squared radius (grid_vs): 0 inside half the
    // half-diagonal, u_vignette at the corners.
    c *= v_vig;
#endif
#if LIFT
    c += u_lift * (1.0 - c);
#endif
#if GRAIN
    // Grain scales the signal (blacks stay black); flicker is one gain.
    // Applied, as ambient_fs applies it, to the colour as the kept copy
    // stores it (8 bits, rounded): a picture combined with its grain here
    // and one made from the copy then agree, so rectangles combined straight
    // into the window do not show against the rest.
    c = floor(clamp(c, 0.0, 1.0) * 255.0 + 0.5) * (1.0 / 255.0);
    c *= (1.0 + grain_noise(p) * u_grain) * u_gain;
#endif
    o_color = vec4(c, 1.0);
}
