/* xdg: the user directories of the XDG base-directory and user-dirs specs
 * that MAGI writes to or reads from (screenshots, the user's layouts).
 * Depends on libc only. */
#ifndef MAGI_PLATFORM_XDG_H
#define MAGI_PLATFORM_XDG_H

#include <stdbool.h>
#include <stddef.h>

/* $XDG_CONFIG_HOME, else $HOME/.config; false when neither is set. */
bool xdg_config_home(char *out, size_t n);

/* The pictures directory: XDG_PICTURES_DIR from user-dirs.dirs in the config
 * home, else $HOME/Pictures; false when there is no home at all. */
bool xdg_pictures_dir(char *out, size_t n);

/* Finds `key` (e.g. "XDG_PICTURES_DIR") in the text of a user-dirs.dirs
 * file: lines KEY="$HOME/sub" or KEY="/abs", shell-quoted. Writes the path
 * with $HOME expanded; false when the key is absent or malformed. */
bool xdg_user_dir_parse(const char *text, const char *key, const char *home, char *out,
                        size_t n);

/* mkdir -p; true if the directory exists afterwards. */
bool xdg_make_dirs(const char *path);

#endif
