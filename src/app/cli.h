/* cli: the command line of ../shared/CLI.md, parsed into one options struct.
 *
 * The flags are a contract (users' scripts and tests rely on them): add flags,
 * never change existing ones. Depends on libc only. */
#ifndef MAGI_APP_CLI_H
#define MAGI_APP_CLI_H

#include <stdbool.h>

#define CLI_MAX_SOURCES 32

enum cli_mode {
    CLI_DISPLAY,       /* the live display (default) */
    CLI_VERSION,       /* --version */
    CLI_HELP,          /* --help */
    CLI_LIST_MONITORS, /* --list-monitors */
    CLI_LIST_METRICS,  /* --list-metrics */
    CLI_CHECK_CONFIG,  /* --check-config FILE */
    CLI_SCREENSHOT,    /* --screenshot OUT.png */
    CLI_RECORD,        /* --record DIR|- */
    CLI_BENCH,         /* --bench */
    CLI_SOAK,          /* --soak HOURS */
};

enum cli_effects { CLI_EFFECTS_DEFAULT, CLI_EFFECTS_FULL, CLI_EFFECTS_LITE, CLI_EFFECTS_OFF };

struct cli_options {
    enum cli_mode mode;

    /* what to show */
    const char *layout; /* file path or shipped layout name; NULL = default */
    const char *sources[CLI_MAX_SOURCES];
    int source_count;
    bool demo;
    bool test_card;
    const char *query; /* --list-metrics --query EXPR: that selector's answer instead */
    const char *gallery; /* --gallery PAGE: the widget gallery (number or name) */

    /* where and how */
    bool fullscreen;
    const char *monitor; /* name or index; implies fullscreen */
    int win_w, win_h;    /* --windowed WxH; 0 = default */
    enum cli_effects effects;
    bool reduce_motion;
    double fps; /* --fps N; 0 = no cap */
    bool allow_blanking;
    /* --ambient-rate HZ: the CRT animation's rate (0 = off). */
    double ambient_rate;
    bool ambient_rate_set;
    /* --ambient-idle SECONDS: still picture after that long without change
     * (0 = never). */
    double ambient_idle;
    bool ambient_idle_set;
    /* --pixel-shift PX: burn-in care range in device pixels (0 = off). */
    int pixel_shift;
    bool pixel_shift_set;

    /* headless rendering */
    const char *output; /* --screenshot OUT.png, --record DIR or "-" */
    const char *check_file;
    int size_w, size_h; /* --size WxH; 0 = 1920x1080 */
    double time;        /* --time SECONDS (screenshot) / START (record) */
    bool time_set;
    unsigned long long seed;
    double duration; /* --record --duration SECONDS; 0 = 10 */
    double bench_seconds;
    double soak_hours;
};

/* Parses argv. On a usage error prints one line to stderr and returns false
 * (the caller exits 2). */
bool cli_parse(int argc, char **argv, struct cli_options *out);
void cli_print_help(void);

/* "WxH" -> w, h (both >= 1). */
bool cli_parse_size(const char *s, int *w, int *h);

#endif
