/* imgdiff: compares a rendered image with its golden reference.
 *
 *   imgdiff [--within N] REFERENCE.png ACTUAL.png SCRATCH_DIR
 *
 * Passes (exit 0) when the images are identical, or when every channel of
 * every pixel differs by at most 2 and at most 0.1 % of the pixels differ at
 * all (ARCHITECTURE.md "Testing"). Otherwise fails (exit 1) and writes
 * SCRATCH_DIR/actual.png (the actual image) and SCRATCH_DIR/diff.png (the
 * reference dimmed to a quarter, with differing pixels marked: yellow for a
 * difference of 1-2, red above). A missing or unreadable reference fails too
 * (exit 2): references are only written on request (UPDATE_GOLDEN=1 in the
 * test scripts), never by this tool.
 *
 * --within N passes when every channel is within N, however many pixels
 * differ: for comparing two paths that round differently (a frame composited
 * from the kept 8-bit combine vs. one composited in a single pass). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
#pragma GCC diagnostic pop

#define MAX_CHANNEL_DIFF 2
#define MAX_DIFF_FRACTION 0.001

static int write_png(const char *dir, const char *name, int w, int h, const unsigned char *rgb)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!stbi_write_png(path, w, h, 3, rgb, w * 3)) {
        fprintf(stderr, "imgdiff: cannot write %s\n", path);
        return 0;
    }
    fprintf(stderr, "imgdiff: wrote %s\n", path);
    return 1;
}

int main(int argc, char **argv)
{
    int within = -1;
    if (argc == 6 && strcmp(argv[1], "--within") == 0) {
        within = atoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc != 4) {
        fprintf(stderr, "usage: imgdiff [--within N] REFERENCE.png ACTUAL.png SCRATCH_DIR\n");
        return 2;
    }
    const char *ref_path = argv[1], *act_path = argv[2], *dir = argv[3];
    int aw, ah, n;
    unsigned char *act = stbi_load(act_path, &aw, &ah, &n, 3);
    if (!act) {
        fprintf(stderr, "imgdiff: cannot read %s: %s\n", act_path, stbi_failure_reason());
        return 2;
    }
    int rw, rh;
    unsigned char *ref = stbi_load(ref_path, &rw, &rh, &n, 3);
    if (!ref) {
        fprintf(stderr,
                "imgdiff: no reference %s (%s); run with UPDATE_GOLDEN=1 to create it\n",
                ref_path, stbi_failure_reason());
        write_png(dir, "actual.png", aw, ah, act);
        stbi_image_free(act);
        return 2;
    }
    if (rw != aw || rh != ah) {
        fprintf(stderr, "imgdiff: size %dx%d differs from the reference's %dx%d\n", aw, ah, rw,
                rh);
        write_png(dir, "actual.png", aw, ah, act);
        stbi_image_free(act);
        stbi_image_free(ref);
        return 1;
    }
    size_t px = (size_t)aw * (size_t)ah;
    size_t differ = 0;
    int worst = 0;
    unsigned char *diff = malloc(px * 3);
    if (!diff) {
        fprintf(stderr, "imgdiff: out of memory\n");
        return 2;
    }
    for (size_t i = 0; i < px; i++) {
        int m = 0;
        for (int k = 0; k < 3; k++) {
            int d = abs((int)act[3 * i + k] - (int)ref[3 * i + k]);
            if (d > m)
                m = d;
        }
        if (m > worst)
            worst = m;
        unsigned char *o = &diff[3 * i];
        if (m == 0) {
            for (int k = 0; k < 3; k++)
                o[k] = (unsigned char)(ref[3 * i + k] / 4);
        } else {
            differ++;
            o[0] = 255;
            o[1] = m <= (within >= 0 ? within : MAX_CHANNEL_DIFF) ? 255 : 0;
            o[2] = 0;
        }
    }
    double frac = (double)differ / (double)px;
    int pass = differ == 0 || (within >= 0 ? worst <= within
                                           : worst <= MAX_CHANNEL_DIFF && frac <= MAX_DIFF_FRACTION);
    if (differ == 0)
        fprintf(stderr, "imgdiff: %s: identical\n", act_path);
    else
        fprintf(stderr, "imgdiff: %s: %zu of %zu pixels differ (%.4f %%), largest channel "
                        "difference %d: %s\n",
                act_path, differ, px, frac * 100.0, worst, pass ? "within tolerance" : "FAIL");
    if (!pass) {
        write_png(dir, "actual.png", aw, ah, act);
        write_png(dir, "diff.png", aw, ah, diff);
    }
    free(diff);
    stbi_image_free(act);
    stbi_image_free(ref);
    return pass ? 0 : 1;
}
