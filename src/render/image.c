/* image: see image.h. */
#include "render/image.h"

#include <errno.h>
#include <string.h>

#include "core/log.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wpedantic"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
#pragma GCC diagnostic pop

bool image_write_png(const char *path, int w, int h, const uint8_t *rgb)
{
    errno = 0;
    /* Fast compression: frames are written in loops (--record). */
    stbi_write_png_compression_level = 6;
    if (!stbi_write_png(path, w, h, 3, rgb, w * 3)) {
        log_error("capture", "cannot write %s: %s", path, errno ? strerror(errno) : "failed");
        return false;
    }
    return true;
}
