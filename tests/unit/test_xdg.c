/* xdg: the pictures directory from user-dirs.dirs, with $HOME expanded,
 * quoting handled and the ~/Pictures fallback; on real files in a scratch
 * home. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/xdg.h"

static void parse_forms(void **state)
{
    (void)state;
    char out[256];
    const char *text = "# This file is written by xdg-user-dirs-update\n"
                       "XDG_DESKTOP_DIR=\"$HOME/Desktop\"\n"
                       "XDG_PICTURES_DIR=\"$HOME/Bilder\"\n";
    assert_true(xdg_user_dir_parse(text, "XDG_PICTURES_DIR", "/home/rei", out, sizeof out));
    assert_string_equal(out, "/home/rei/Bilder");
    assert_true(xdg_user_dir_parse("XDG_PICTURES_DIR=\"/srv/shots\"", "XDG_PICTURES_DIR", "/h",
                                   out, sizeof out));
    assert_string_equal(out, "/srv/shots");
    /* Escapes and spaces. */
    assert_true(xdg_user_dir_parse("XDG_PICTURES_DIR=\"$HOME/My \\\"Pics\\\"\"\n",
                                   "XDG_PICTURES_DIR", "/h", out, sizeof out));
    assert_string_equal(out, "/h/My \"Pics\"");
    /* "$HOME/" is the home directory itself. */
    assert_true(xdg_user_dir_parse("XDG_PICTURES_DIR=\"$HOME/\"", "XDG_PICTURES_DIR", "/h", out,
                                   sizeof out));
    assert_string_equal(out, "/h");
    /* Absent, relative, unquoted, or a prefix of another key. */
    assert_false(xdg_user_dir_parse(text, "XDG_MUSIC_DIR", "/h", out, sizeof out));
    assert_false(xdg_user_dir_parse("XDG_PICTURES_DIR=\"Pictures\"", "XDG_PICTURES_DIR", "/h", out,
                                    sizeof out));
    assert_false(xdg_user_dir_parse("XDG_PICTURES_DIR=$HOME/P", "XDG_PICTURES_DIR", "/h", out,
                                    sizeof out));
    assert_false(xdg_user_dir_parse("XDG_PICTURES_DIR_X=\"/x\"", "XDG_PICTURES_DIR", "/h", out,
                                    sizeof out));
    /* Too long for the buffer. */
    char small[8];
    assert_false(xdg_user_dir_parse("XDG_PICTURES_DIR=\"/a/very/long/path\"", "XDG_PICTURES_DIR",
                                    "/h", small, sizeof small));
}

static void from_files(void **state)
{
    (void)state;
    char home[] = "/tmp/magi-xdg-XXXXXX";
    assert_non_null(mkdtemp(home));
    char cfg[512], file[600], out[512], want[600];
    snprintf(cfg, sizeof cfg, "%s/cfg", home);
    setenv("HOME", home, 1);
    setenv("XDG_CONFIG_HOME", cfg, 1);

    /* No user-dirs.dirs: ~/Pictures. */
    assert_true(xdg_pictures_dir(out, sizeof out));
    snprintf(want, sizeof want, "%s/Pictures", home);
    assert_string_equal(out, want);

    assert_true(xdg_make_dirs(cfg));
    snprintf(file, sizeof file, "%s/user-dirs.dirs", cfg);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("XDG_PICTURES_DIR=\"$HOME/shots/magi\"\n", f);
    fclose(f);
    assert_true(xdg_pictures_dir(out, sizeof out));
    snprintf(want, sizeof want, "%s/shots/magi", home);
    assert_string_equal(out, want);

    /* mkdir -p makes it, and accepts it existing. */
    assert_true(xdg_make_dirs(out));
    assert_true(xdg_make_dirs(out));
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_true(S_ISDIR(st.st_mode));

    /* A relative XDG_CONFIG_HOME is ignored (the spec): ~/.config is used. */
    setenv("XDG_CONFIG_HOME", "relative/dir", 1);
    assert_true(xdg_config_home(out, sizeof out));
    snprintf(want, sizeof want, "%s/.config", home);
    assert_string_equal(out, want);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_forms),
        cmocka_unit_test(from_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
