/* resource: see resource.h. */
#include "core/resource.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MAGI_SOURCE_DATA_DIR
#define MAGI_SOURCE_DATA_DIR "."
#endif

const struct resource *resource_find(const char *path)
{
    for (const struct resource *r = resource_table; r->path; r++)
        if (strcmp(r->path, path) == 0)
            return r;
    return NULL;
}

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
            buf = malloc((size_t)n + 1);
            if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
                buf[n] = 0;
                if (size)
                    *size = (size_t)n;
            } else {
                free(buf);
                buf = NULL;
            }
        }
    }
    fclose(f);
    return buf;
}

char *resource_load(const char *path, size_t *size)
{
    const char *dirs[] = {getenv("MAGI_SHADER_DIR") ? getenv("MAGI_SHADER_DIR") : NULL,
                          getenv("MAGI_DEV_DIR")};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i] || !*dirs[i])
            continue;
        char full[PATH_MAX];
        /* MAGI_SHADER_DIR points at the shaders/ folder itself. */
        const char *rel = path;
        if (i == 0 && strncmp(path, "shaders/", 8) == 0)
            rel = path + 8;
        if (snprintf(full, sizeof full, "%s/%s", dirs[i], rel) >= (int)sizeof full)
            continue;
        char *buf = read_file(full, size);
        if (buf)
            return buf;
    }
    const struct resource *r = resource_find(path);
    if (!r)
        return NULL;
    char *buf = malloc(r->size + 1);
    if (!buf)
        return NULL;
    memcpy(buf, r->data, r->size + 1);
    if (size)
        *size = r->size;
    return buf;
}

/* Writes dir/rel to out if that file is readable. */
static bool try_dir(const char *dir, const char *rel, char *out, size_t out_size)
{
    int n = snprintf(out, out_size, "%s/%s", dir, rel);
    return n > 0 && (size_t)n < out_size && access(out, R_OK) == 0;
}

bool resource_find_file(const char *rel, char *out, size_t out_size)
{
    const char *env = getenv("MAGI_DATA_DIR");
    if (env && *env && try_dir(env, rel, out, out_size))
        return true;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            /* <prefix>/bin/magi -> <prefix>/share/magi; build/magi -> source tree. */
            char dir[PATH_MAX + 32];
            *slash = 0;
            snprintf(dir, sizeof dir, "%s/../share/magi", exe);
            if (try_dir(dir, rel, out, out_size))
                return true;
            snprintf(dir, sizeof dir, "%s/..", exe);
            if (try_dir(dir, rel, out, out_size))
                return true;
        }
    }
    return try_dir(MAGI_SOURCE_DATA_DIR, rel, out, out_size);
}
