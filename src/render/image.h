/* image: writes captured frames (tightly packed RGB, top row first) as PNG
 * through stb_image_write. Depends on libc and stb. */
#ifndef MAGI_RENDER_IMAGE_H
#define MAGI_RENDER_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

/* False (logged, naming the path) when the file cannot be written. */
bool image_write_png(const char *path, int w, int h, const uint8_t *rgb);

#endif
