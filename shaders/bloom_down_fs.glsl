// bloom_down_fs: one step down the bloom chain (ARCHITECTURE.md).
//   u_mode 0: 2x2 box filter, full size to 1/2 — a single bilinear tap at the
//             shared corner of the four source texels;
//   u_mode 1: dual-Kawase downsample — the centre (weight 4) and four diagonal
//             bilinear taps half a destination texel away (weight 1 each).
in vec2 v_uv;

uniform sampler2D u_src;
uniform vec2 u_src_texel; // 1 / source size
uniform int u_mode;

out vec4 o_color;

void main()
{
    if (u_mode == 0) {
        o_color = texture(u_src, v_uv);
        return;
    }
    vec2 h = u_src_texel; // half a destination texel = one source texel
    vec4 s = texture(u_src, v_uv) * 4.0;
    s += texture(u_src, v_uv + vec2(-h.x, -h.y));
    s += texture(u_src, v_uv + vec2(h.x, -h.y));
    s += texture(u_src, v_uv + vec2(-h.x, h.y));
    s += texture(u_src, v_uv + vec2(h.x, h.y));
    o_color = s * 0.125;
}
