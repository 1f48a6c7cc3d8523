/* content: what the frame loop shows — the test card or a layout.
 *
 * The loop owns the window, the clock, the scheduler and the renderer; a
 * content only fills the batch for a frame and says when it next changes. */
#ifndef MAGI_APP_CONTENT_H
#define MAGI_APP_CONTENT_H

#include <stdbool.h>

#include "widgets/draw.h"

/* Keys the loop forwards (printable keys arrive as their ASCII code). */
enum content_key {
    CONTENT_KEY_SPACE = ' ',
    CONTENT_KEY_F11 = 0x100,
};

/* What a content says about how it wants to be shown (a layout's display
 * settings); the command line wins over it (platform/display_config). */
struct content_settings {
    int effects;          /* -1 = not set, else enum cli_effects */
    int reduce_motion;    /* -1 = not set, else 0/1 */
    double ambient_rate;  /* Hz; < 0 = not set; 0 = off */
    double ambient_idle;  /* seconds; < 0 = not set; 0 = never fade */
};

struct content {
    void *self;
    /* Appends the frame to ctx->b; lowers *ctx->wake_at to the next time the
     * picture changes by itself (blinks, countdown digits, animation). */
    void (*draw)(void *self, struct draw_ctx *ctx);
    /* True if something other than time changed since the last draw (new
     * data, a reload, a key): the scene must be redrawn now. May be NULL. */
    bool (*changed)(void *self);
    /* A key press; true if the content used it. May be NULL. */
    bool (*key)(void *self, int key);
    /* The rolled-up screen level, for the post chain and the animation rate.
     * May be NULL (= NOMINAL). */
    enum level (*level)(void *self);
    void (*destroy)(void *self);
    /* Display settings, read once at start. May be NULL (= none set). */
    void (*settings)(void *self, struct content_settings *out);
};

#endif
