/* display_config: how the live display looks and paces itself, resolved
 * from the command line, the layout's display settings and the GL driver.
 *
 * Precedence, per setting: the command line, then the layout file, then the
 * machine: a software renderer (Mesa llvmpipe or softpipe, told by its
 * GL_RENDERER string) gets the lite preset unless the command line or the
 * layout chose a preset, because a full-screen CRT animation costs a whole
 * CPU core there. Reduced motion is on when either the command line or the
 * layout asks for it. Pure functions; depends on libc only. */
#ifndef MAGI_PLATFORM_DISPLAY_CONFIG_H
#define MAGI_PLATFORM_DISPLAY_CONFIG_H

#include <stdbool.h>

enum display_effects {
    DISPLAY_EFFECTS_DEFAULT, /* not chosen */
    DISPLAY_EFFECTS_FULL,
    DISPLAY_EFFECTS_LITE,
    DISPLAY_EFFECTS_OFF,
};

struct display_inputs {
    enum display_effects cli_effects, layout_effects;
    bool cli_reduce_motion;
    int layout_reduce_motion; /* -1 = not set */
    double cli_ambient_rate;  /* Hz; < 0 = not set; 0 = no ambient animation */
    double layout_ambient_rate;
    double cli_ambient_idle;  /* seconds; < 0 = not set; 0 = never fade */
    double layout_ambient_idle;
    const char *gl_renderer;  /* NULL = unknown */
    bool auto_lite;           /* the live display: pick lite on software GL */
};

struct display_config {
    enum display_effects effects; /* never DEFAULT */
    bool software_lite;           /* lite because of a software renderer (log it) */
    bool reduce_motion;
    double ambient_rate;          /* Hz; 0 = off; < 0 = the preset's own
                                   * (DISPLAY_SOFTWARE_AMBIENT_RATE live on
                                   * software GL) */
    double ambient_idle;          /* seconds before fading; < 0 = never; 0 = default */
};

/* The live display's ambient rate on a software renderer, unless set. */
#define DISPLAY_SOFTWARE_AMBIENT_RATE 10.0

void display_config_resolve(const struct display_inputs *in, struct display_config *out);

/* True for Mesa's CPU rasterisers (llvmpipe, softpipe, swrast) by GL_RENDERER. */
bool display_renderer_is_software(const char *gl_renderer);

#endif
