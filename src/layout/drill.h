/* drill: the demo incident played over a live screen (the d key).
 *
 * On a layout fed by live sources, d starts a drill: the demo source's
 * scripted incident (caution, PATTERN BLUE, the emergency and its takeover,
 * the MAGI vote, recovery: 80 seconds from the start of its caution phase)
 * in a store and scene of its own, drawn in place of the live page while the
 * live sources keep being polled and evaluated underneath. The demo plays
 * the `linux`, `nvml` and training series, so the system and training
 * layouts come alive; a layout that reads none of them cannot be drilled
 * (drill_start says why). Its data clock follows the animation clock from
 * the key press, so a recording plays it at the recording's pace.
 * Depends on layout/scene, layout/escalate, sources (demo). */
#ifndef MAGI_LAYOUT_DRILL_H
#define MAGI_LAYOUT_DRILL_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/escalate.h"
#include "layout/scene.h"

/* Seconds a drill lasts: the demo loop from the incident's start to its end. */
#define DRILL_SECONDS 80.0

struct drill;

/* Starts a drill of layout `l` (laid out for a w x h screen, page `page`
 * shown) at animation time t, its graphs back-filled with the demo's minutes before the
 * incident. NULL with a one-line reason in `why` when the layout reads
 * nothing the demo source plays, or on a failure. */
struct drill *drill_start(const struct layout *l, unsigned long long seed, float w, float h,
                          double t, int page, char *why, size_t why_size);
void drill_free(struct drill *d);

/* Polls the demo and evaluates the scene at animation time t with page
 * `page` shown ({$page}); false once the incident is over (then free it). */
bool drill_update(struct drill *d, double t, int page);
/* Lays the drill's scene out for a new screen size. */
void drill_layout(struct drill *d, float w, float h);

struct scene *drill_scene(struct drill *d);
struct escalation *drill_escalation(struct drill *d);
/* The takeover's cause line: "DRILL  //  " and why the drill's takeover began. */
const char *drill_cause(const struct drill *d);
/* Animation time of the next poll (the loop must draw by then). */
double drill_next_change(const struct drill *d);

#endif
