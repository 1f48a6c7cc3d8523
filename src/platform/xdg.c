/* xdg: see xdg.h. */
#include "platform/xdg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool xdg_config_home(char *out, size_t n)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int k;
    /* The spec says a relative XDG_CONFIG_HOME is invalid and to be ignored. */
    if (xdg && xdg[0] == '/')
        k = snprintf(out, n, "%s", xdg);
    else if (home && *home)
        k = snprintf(out, n, "%s/.config", home);
    else
        return false;
    return k > 0 && (size_t)k < n;
}

bool xdg_user_dir_parse(const char *text, const char *key, const char *home, char *out, size_t n)
{
    size_t klen = strlen(key);
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        const char *p = line;
        line = end ? end + 1 : NULL;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncmp(p, key, klen) != 0 || p[klen] != '=')
            continue;
        p += klen + 1;
        if (*p != '"')
            return false;
        p++;
        size_t o = 0;
        if (strncmp(p, "$HOME", 5) == 0 && (p[5] == '/' || p[5] == '"')) {
            if (!home || !*home)
                return false;
            int k = snprintf(out, n, "%s", home);
            if (k < 0 || (size_t)k >= n)
                return false;
            o = (size_t)k;
            p += 5;
        } else if (*p != '/') {
            return false; /* only absolute or $HOME-relative paths are valid */
        }
        for (; *p && *p != '"' && *p != '\n'; p++) {
            if (*p == '\\' && p[1] && p[1] != '\n')
                p++;
            if (o + 1 >= n)
                return false;
            out[o++] = *p;
        }
        if (*p != '"')
            return false;
        out[o] = 0;
        /* "$HOME/" alone means the home directory itself. */
        while (o > 1 && out[o - 1] == '/')
            out[--o] = 0;
        return true;
    }
    return false;
}

static char *read_small_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 16384, len = 0;
    char *buf = malloc(cap);
    if (buf) {
        len = fread(buf, 1, cap - 1, f);
        buf[len] = 0;
    }
    fclose(f);
    return buf;
}

bool xdg_pictures_dir(char *out, size_t n)
{
    const char *home = getenv("HOME");
    char cfg[4096], file[4200];
    if (xdg_config_home(cfg, sizeof cfg)) {
        snprintf(file, sizeof file, "%s/user-dirs.dirs", cfg);
        char *text = read_small_file(file);
        bool ok = text && xdg_user_dir_parse(text, "XDG_PICTURES_DIR", home, out, n);
        free(text);
        if (ok)
            return true;
    }
    if (!home || !*home)
        return false;
    int k = snprintf(out, n, "%s/Pictures", home);
    return k > 0 && (size_t)k < n;
}

bool xdg_make_dirs(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return false;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
        return false;
    struct stat st;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode);
}
