/* --layout NAME looks in $XDG_CONFIG_HOME/magi/ first (issue 5 "Install"):
 * the user's NAME.cfg wins over a shipped layout of that name and is
 * loaded from disk; paths and names ending in .cfg stay paths; without
 * XDG_CONFIG_HOME the lookup is ~/.config/magi/. Real files in a scratch dir. */
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

#include "layout/diag.h"
#include "layout/layout.h"

static char root[] = "/tmp/magi-layout-xdg-XXXXXX";
static char cfgdir[300];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(root))
        return -1;
    char magi[400];
    snprintf(cfgdir, sizeof cfgdir, "%s/config", root);
    snprintf(magi, sizeof magi, "%s/magi", cfgdir);
    mkdir(cfgdir, 0700);
    mkdir(magi, 0700);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *mine_text =
    "panels = ( { cell = [0, 0, 12, 12];\n"
    "             widgets = ( { type = \"rulers\"; } ); } );\n";

static void user_name_first(void **state)
{
    (void)state;
    setenv("XDG_CONFIG_HOME", cfgdir, 1);
    char path[512], want[512];
    bool emb = true;

    /* Not in the user's directory: the shipped one. */
    layout_resolve("cluster", path, sizeof path, &emb);
    assert_true(emb);
    assert_string_equal(path, "assets/layouts/cluster.cfg");

    /* The user's own name. */
    snprintf(want, sizeof want, "%s/magi/wall.cfg", cfgdir);
    write_file(want, mine_text);
    layout_resolve("wall", path, sizeof path, &emb);
    assert_false(emb);
    assert_string_equal(path, want);

    /* The user's file overrides a shipped layout of the same name. */
    snprintf(want, sizeof want, "%s/magi/cluster.cfg", cfgdir);
    write_file(want, mine_text);
    layout_resolve("cluster", path, sizeof path, &emb);
    assert_false(emb);
    assert_string_equal(path, want);
    struct diag d;
    diag_init(&d, NULL);
    struct layout *l = layout_load("cluster", &d);
    assert_non_null(l);
    assert_false(l->embedded);
    assert_string_equal(l->path, want);
    layout_free(l);
    diag_free(&d);
    unlink(want);

    /* Paths and NAME.cfg are files as given, never looked up. */
    layout_resolve("wall.cfg", path, sizeof path, &emb);
    assert_false(emb);
    assert_string_equal(path, "wall.cfg");
    layout_resolve("./wall", path, sizeof path, &emb);
    assert_string_equal(path, "./wall");
}

static void home_config_without_xdg(void **state)
{
    (void)state;
    char home[400], dir[500], file[600], path[700];
    snprintf(home, sizeof home, "%s/home", root);
    snprintf(dir, sizeof dir, "%s/.config/magi", home);
    mkdir(home, 0700);
    snprintf(file, sizeof file, "%s/.config", home);
    mkdir(file, 0700);
    mkdir(dir, 0700);
    snprintf(file, sizeof file, "%s/stage.cfg", dir);
    write_file(file, mine_text);
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", home, 1);
    bool emb = true;
    layout_resolve("stage", path, sizeof path, &emb);
    assert_false(emb);
    assert_string_equal(path, file);
    /* Unknown everywhere: a path as given (and the load reports it). */
    layout_resolve("nowhere", path, sizeof path, &emb);
    assert_false(emb);
    assert_string_equal(path, "nowhere");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(user_name_first),
        cmocka_unit_test(home_config_without_xdg),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
