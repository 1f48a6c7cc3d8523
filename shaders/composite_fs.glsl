// composite_fs: the one full-resolution pass after the scene and bloom
// (STYLE.md "Post-processing"), written for software GL: one texelFetch of the
// scene, one bilinear tap of the 1/4-size bloom, one texelFetch of a small
// tiled noise texture; everything else is arithmetic on uniforms.
uniform sampler2D u_scene;
uniform sampler2D u_bloom;
uniform sampler2D u_noise;  // 64x64 R8, tiled
uniform vec2 u_size;        // target size in device pixels
uniform float u_bloom_k;    // bloom intensity (0 = no bloom)
uniform float u_scan;       // scanline darkening
uniform int u_scan_period;  // rows per scanline period (even, >= 2)
uniform float u_vignette;   // darkening at the corners
uniform float u_grain;      // grain amplitude
uniform ivec2 u_grain_off;  // per-frame offset into the noise tile
uniform float u_gain;       // flicker gain
uniform vec3 u_lift;        // warm black lift

out vec4 o_color;

void main()
{
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec3 c = texelFetch(u_scene, p, 0).rgb;
    if (u_bloom_k > 0.0) {
        vec3 b = texture(u_bloom, gl_FragCoord.xy / u_size).rgb;
        // Bloom only what spills outside lit shapes: a lit pixel keeps its
        // own colour (no white cores, and a red field stays alert_red).
        float m = max(c.r, max(c.g, c.b));
        float spill = (1.0 - m) * (1.0 - m);
        c += b * (u_bloom_k * spill);
    }
    // Scanlines on whole device rows counted from the top, after the bloom so
    // the halos are striped too.
    int row = int(u_size.y) - 1 - p.y;
    if (row % u_scan_period >= u_scan_period / 2)
        c *= 1.0 - u_scan;
    // Vignette from the squared radius: 0 inside half the half-diagonal,
    // u_vignette at the corners.
    vec2 d = (gl_FragCoord.xy - 0.5 * u_size) / (0.5 * length(u_size));
    float r2 = dot(d, d);
    c *= 1.0 - u_vignette * clamp((r2 - 0.25) / 0.75, 0.0, 1.0);
    // Grain scales the signal (blacks stay black); flicker is one gain.
    float n = texelFetch(u_noise, (p + u_grain_off) & 63, 0).r * 2.0 - 1.0;
    c *= (1.0 + n * u_grain) * u_gain;
    c += u_lift * (1.0 - c);
    o_color = vec4(clamp(c, 0.0, 1.0), 1.0);
}
