/* display_config: see display_config.h. */
#include "platform/display_config.h"

#include <string.h>
#include <strings.h>

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

bool display_renderer_is_software(const char *r)
{
    if (!r)
        return false;
    return contains_ci(r, "llvmpipe") || contains_ci(r, "softpipe") ||
           contains_ci(r, "software rasterizer") || contains_ci(r, "swrast");
}

void display_config_resolve(const struct display_inputs *in, struct display_config *out)
{
    memset(out, 0, sizeof *out);
    out->effects = in->cli_effects != DISPLAY_EFFECTS_DEFAULT ? in->cli_effects : in->layout_effects;
    if (out->effects == DISPLAY_EFFECTS_DEFAULT) {
        out->effects = DISPLAY_EFFECTS_FULL;
        if (in->auto_lite && display_renderer_is_software(in->gl_renderer)) {
            out->effects = DISPLAY_EFFECTS_LITE;
            out->software_lite = true;
        }
    }
    out->reduce_motion = in->cli_reduce_motion || in->layout_reduce_motion == 1;
    out->ambient_rate = in->cli_ambient_rate >= 0 ? in->cli_ambient_rate : in->layout_ambient_rate;
    if (out->ambient_rate < 0)
        out->ambient_rate = -1;
    /* Software GL asked for full effects anyway: each ambient frame is a
     * full-screen pass on the CPU (about 12 ms at 1080p on two cores), so
     * the grain steps at a lower rate unless the user set one. */
    if (out->ambient_rate < 0 && in->auto_lite && display_renderer_is_software(in->gl_renderer))
        out->ambient_rate = DISPLAY_SOFTWARE_AMBIENT_RATE;
    double idle = in->cli_ambient_idle >= 0 ? in->cli_ambient_idle : in->layout_ambient_idle;
    /* The user's 0 means "never fade" (as for xset s 0); the scheduler's never is < 0. */
    if (idle == 0)
        out->ambient_idle = -1;
    else if (idle > 0)
        out->ambient_idle = idle;
    else
        out->ambient_idle = 0;
}
