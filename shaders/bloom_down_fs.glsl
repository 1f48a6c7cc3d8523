// bloom_down_fs: one step down the bloom chain.
//   u_mode 0: full size straight to 1/4 — a 4x4 box as four bilinear taps,
//             each on the shared corner of a 2x2 block of the scene. (The 1/2
//             level of a 2x2-box-then-Kawase chain was never shown, and on
//             llvmpipe writing it cost more than the rest of the bloom.)
//   u_mode 1: dual-Kawase downsample — the centre (weight 4) and four diagonal
//             bilinear taps half a destination texel away (weight 1 each).
in vec2 v_uv;

uniform sampler2D u_src;
uniform vec2 u_src_texel; // 1 / source size
uniform int u_mode;

out vec4 o_color;

void main()
{
    vec2 t = u_src_texel;
    if (u_mode == 0) {
        vec4 s = texture(u_src, v_uv + vec2(-t.x, -t.y));
        s += texture(u_src, v_uv + vec2(t.x, -t.y));
        s += texture(u_src, v_uv + vec2(-t.x, t.y));
        s += texture(u_src, v_uv + vec2(t.x, t.y));
        o_color = s * 0.25;
        return;
    }
    // Half a destination texel = one source texel.
    vec4 s = texture(u_src, v_uv) * 4.0;
    s += texture(u_src, v_uv + vec2(-t.x, -t.y));
    s += texture(u_src, v_uv + vec2(t.x, -t.y));
    s += texture(u_src, v_uv + vec2(-t.x, t.y));
    s += texture(u_src, v_uv + vec2(t.x, t.y));
    o_color = s * 0.125;
}
