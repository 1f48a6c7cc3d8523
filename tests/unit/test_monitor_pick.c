/* monitor_pick: which monitor to use at start and after hot-plugs, given
 * the monitor lists GLFW would report before and after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "platform/monitor_pick.h"

static const struct monitor_entry two[] = {{"DP-1", true}, {"HDMI-1", false}};
static const struct monitor_entry three[] = {{"eDP-1", false}, {"DP-1", true}, {"HDMI-1", false}};

static void pick_by_index_name_and_primary(void **state)
{
    (void)state;
    assert_int_equal(monitor_pick(NULL, two, 2), 0);
    assert_int_equal(monitor_pick("", two, 2), 0);
    assert_int_equal(monitor_pick("1", two, 2), 1);
    assert_int_equal(monitor_pick("0", two, 2), 0);
    assert_int_equal(monitor_pick("2", two, 2), -1);
    assert_int_equal(monitor_pick("HDMI-1", two, 2), 1);
    assert_int_equal(monitor_pick("hdmi-1", two, 2), 1); /* case-insensitive fallback */
    assert_int_equal(monitor_pick("VGA-1", two, 2), -1);
    assert_int_equal(monitor_pick(NULL, three, 3), 1); /* primary need not be first */
    assert_int_equal(monitor_pick("DP-1", NULL, 0), -1);
    assert_int_equal(monitor_pick(NULL, NULL, 0), -1);
}

static void exact_name_wins_over_case(void **state)
{
    (void)state;
    const struct monitor_entry m[] = {{"dp-1", true}, {"DP-1", false}};
    assert_int_equal(monitor_pick("DP-1", m, 2), 1);
    assert_int_equal(monitor_pick("dp-1", m, 2), 0);
}

static void primary_defaults_to_first(void **state)
{
    (void)state;
    const struct monitor_entry m[] = {{"A", false}, {"B", false}};
    assert_int_equal(monitor_primary(m, 2), 0);
    assert_int_equal(monitor_pick(NULL, m, 2), 0);
    const struct monitor_entry unnamed[] = {{NULL, false}, {"B", true}};
    assert_int_equal(monitor_pick("B", unnamed, 2), 1);
}

/* The projector on HDMI-1 is unplugged, then plugged back in: MAGI goes to
 * the primary and then back, whatever indices the lists give. */
static void follow_across_unplug_and_return(void **state)
{
    (void)state;
    const struct monitor_entry before[] = {{"DP-1", true}, {"HDMI-1", false}};
    const struct monitor_entry unplugged[] = {{"DP-1", true}};
    const struct monitor_entry back[] = {{"HDMI-1", false}, {"DP-1", true}};
    assert_int_equal(monitor_follow("HDMI-1", before, 2), 1);
    assert_int_equal(monitor_follow("HDMI-1", unplugged, 1), 0);
    assert_int_equal(monitor_follow("HDMI-1", back, 2), 0);
    /* Nothing connected at all. */
    assert_int_equal(monitor_follow("HDMI-1", NULL, 0), -1);
}

/* Following the primary (no name): the primary of the moment. */
static void follow_primary(void **state)
{
    (void)state;
    const struct monitor_entry a[] = {{"DP-1", true}, {"HDMI-1", false}};
    const struct monitor_entry b[] = {{"DP-1", false}, {"HDMI-1", true}};
    assert_int_equal(monitor_follow(NULL, a, 2), 0);
    assert_int_equal(monitor_follow(NULL, b, 2), 1);
    assert_int_equal(monitor_follow("", b, 2), 1);
}

/* A name asked for before the monitor exists is taken when it appears. */
static void follow_not_yet_plugged(void **state)
{
    (void)state;
    const struct monitor_entry now[] = {{"DP-1", true}};
    const struct monitor_entry later[] = {{"DP-1", true}, {"HDMI-2", false}};
    assert_int_equal(monitor_pick("HDMI-2", now, 1), -1);
    assert_int_equal(monitor_follow("HDMI-2", now, 1), 0);
    assert_int_equal(monitor_follow("HDMI-2", later, 2), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pick_by_index_name_and_primary),
        cmocka_unit_test(exact_name_wins_over_case),
        cmocka_unit_test(primary_defaults_to_first),
        cmocka_unit_test(follow_across_unplug_and_return),
        cmocka_unit_test(follow_primary),
        cmocka_unit_test(follow_not_yet_plugged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
