// grid_vs: the viewport as a GRID_W x GRID_H grid of quads (6 vertices each,
// no vertex buffer), carrying the vignette factor per vertex. The vignette
// is smooth, so interpolating it from a 32 x 18 grid is exact to well under
// one 8-bit step, and on software GL a varying is far cheaper than the same
// arithmetic per pixel.
uniform vec2 u_size;       // target size in pixels
uniform vec2 u_vig_mul;    // pixel -> offset from the centre in half-diagonals
uniform float u_vignette;  // darkening at the corners

out float v_vig;

const int GRID_W = 32;
const int GRID_H = 18;

void main()
{
    int quad = gl_VertexID / 6, corner = gl_VertexID % 6;
    // Two triangles per quad: (0,0) (1,0) (1,1) and (0,0) (1,1) (0,1).
    ivec2 offs[6] = ivec2[6](ivec2(0, 0), ivec2(1, 0), ivec2(1, 1), ivec2(0, 0), ivec2(1, 1),
                             ivec2(0, 1));
    ivec2 cell = ivec2(quad % GRID_W, quad / GRID_W) + offs[corner];
    vec2 p = vec2(cell) / vec2(GRID_W, GRID_H);
    vec2 d = (p - 0.5) * u_size * u_vig_mul;
    v_vig = 1.0 - u_vignette * clamp((dot(d, d) - 0.25) * (1.0 / 0.75), 0.0, 1.0);
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
