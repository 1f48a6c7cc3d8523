// bloom_up_fs: one step up the bloom chain. The dual-Kawase upsample of the
// smaller (wider) level — four edge taps (weight 1) and four diagonal taps
// (weight 2) — plus the downsampled level of this size, each weighted, so the
// result is a sum of halos of every width: tight around text and thin lines,
// wide around filled blocks (STYLE.md "Post-processing").
in vec2 v_uv;

uniform sampler2D u_src;   // the smaller level
uniform sampler2D u_level; // the down-chain level of this size
uniform vec2 u_src_texel;  // 1 / smaller level size
uniform float u_wide;      // weight of the upsampled sum (1, or the smallest level's weight)
uniform float u_tight;     // weight of this level's own halo

out vec4 o_color;

void main()
{
    vec2 h = u_src_texel * 0.5;
    vec4 s = texture(u_src, v_uv + vec2(-2.0 * h.x, 0.0));
    s += texture(u_src, v_uv + vec2(2.0 * h.x, 0.0));
    s += texture(u_src, v_uv + vec2(0.0, -2.0 * h.y));
    s += texture(u_src, v_uv + vec2(0.0, 2.0 * h.y));
    s += texture(u_src, v_uv + vec2(-h.x, -h.y)) * 2.0;
    s += texture(u_src, v_uv + vec2(h.x, -h.y)) * 2.0;
    s += texture(u_src, v_uv + vec2(-h.x, h.y)) * 2.0;
    s += texture(u_src, v_uv + vec2(h.x, h.y)) * 2.0;
    o_color = (s / 12.0) * u_wide + texture(u_level, v_uv) * u_tight;
}
