// batch_vs: the batch's vertices, in device pixels (origin top-left, y down)
// and atlas texels, to clip space; texel coordinates pass through unchanged
// (batch_fs fetches whole texels, so the atlas may grow mid-frame).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;

uniform vec2 u_viewport;   // target size in pixels

out vec2 v_uv;
out vec4 v_color;

void main()
{
    vec2 ndc = a_pos / u_viewport * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
    v_uv = a_uv;
    v_color = a_color;
}
