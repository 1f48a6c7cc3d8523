// batch_vs: the batch's vertices, in device pixels (origin top-left, y down)
// and atlas texels, to clip space and normalised texture coordinates. The atlas
// can grow mid-frame, so texels are divided by its size here, not on the CPU.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;

uniform vec2 u_viewport;   // target size in pixels
uniform vec2 u_atlas_size; // atlas size in texels

out vec2 v_uv;
out vec4 v_color;

void main()
{
    vec2 ndc = a_pos / u_viewport * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
    v_uv = a_uv / u_atlas_size;
    v_color = a_color;
}
