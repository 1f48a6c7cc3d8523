// batch_fs: vertex colour (straight alpha) times the atlas coverage. Shapes
// sample the atlas's white texel, glyphs their coverage bitmap.
in vec2 v_uv;
in vec4 v_color;

uniform sampler2D u_atlas; // R8 coverage

out vec4 o_color;

void main()
{
    float cov = texture(u_atlas, v_uv).r;
    o_color = vec4(v_color.rgb, v_color.a * cov);
}
