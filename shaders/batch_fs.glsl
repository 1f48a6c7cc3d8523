// batch_fs: vertex colour (straight alpha) times the atlas coverage. Shapes
// sample the atlas's white texel, glyphs their coverage bitmap. Glyph quads
// sit on whole device pixels and are exactly their bitmap's size, so every
// pixel centre falls on a texel centre: a plain fetch gives what a filtered
// lookup would, and on software GL costs less.
in vec2 v_uv;
in vec4 v_color;

uniform sampler2D u_atlas; // R8 coverage; v_uv in texels

out vec4 o_color;

void main()
{
    float cov = texelFetch(u_atlas, ivec2(v_uv), 0).r;
    o_color = vec4(v_color.rgb, v_color.a * cov);
}
