// ambient_fs: an ambient frame — only grain and flicker moved since the last
// scene. The lit picture (combine_fs: scene, bloom, scanlines, vignette,
// lift) is read once and scaled: the cheapest full-screen pass there is,
// because on software GL a frame where nothing but the CRT animation changes
// must cost little.
uniform sampler2D u_lit;
uniform float u_grain;      // grain amplitude
uniform ivec2 u_grain_off;  // per-frame offset into the noise tile
uniform uint u_seed;        // picks the noise tile
uniform float u_gain;       // flicker gain

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
    vec3 c = texelFetch(u_lit, p, 0).rgb;
    float n = grain_noise(p);
    o_color = vec4(c * ((1.0 + n * u_grain) * u_gain), 1.0);
}
