/* cli: see cli.h. */
#include "app/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_parse_size(const char *s, int *w, int *h)
{
    char *end;
    errno = 0;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X'))
        return false;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end || errno || a < 1 || b < 1 || a > 16384 || b > 16384)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno)
        return false;
    *out = v;
    return true;
}

void cli_print_help(void)
{
    fputs(
        "usage: magi [options]\n"
        "\n"
        "A NERV-style live status display.\n"
        "\n"
        "What to show:\n"
        "  --layout FILE|NAME     layout file, or a shipped layout: system, cluster,\n"
        "                         training, demo (default: $XDG_CONFIG_HOME/magi/layout.cfg,\n"
        "                         else system)\n"
        "  --source SPEC          add a source (repeatable): linux, scrape:URL, promql:URL,\n"
        "                         exec:CMD ARGS..., jsonl:PATH|-, demo, nvml\n"
        "  --demo                 replace every source with the scripted demo incident\n"
        "  --test-card            draw the built-in test card\n"
        "  --gallery PAGE         draw the widget gallery: system, sheet, alert, wall,\n"
        "                         cards, emergency (or 0..5); n/p turn the pages\n"
        "\n"
        "Where and how:\n"
        "  --fullscreen           fullscreen on the primary monitor\n"
        "  --monitor NAME|INDEX   fullscreen on that monitor (see --list-monitors)\n"
        "  --windowed WxH         window size (default 1280x720)\n"
        "  --effects full|lite|off  post-processing preset\n"
        "  --reduce-motion        no strobes, flicker or scrolling; colour states kept\n"
        "  --fps N                cap the frame rate\n"
        "  --allow-blanking       let the screensaver and DPMS blank the screen\n"
        "  --ambient-rate HZ      rate of the CRT grain and flicker (default 15; 0 off)\n"
        "  --ambient-idle SECONDS still picture after that long without change\n"
        "                         (default 30; 0 never)\n"
        "  --pixel-shift PX       burn-in care: move the picture within PX pixels,\n"
        "                         one pixel a minute (default 4 live, 0 in captures; 0 off)\n"
        "\n"
        "One-shot commands:\n"
        "  --version              print the version\n"
        "  --help                 this text\n"
        "  --list-monitors        one line per monitor\n"
        "  --list-metrics         poll every source and print its series (text format)\n"
        "    --query EXPR         ... print what that selector answers instead\n"
        "  --check-config FILE    validate a layout; errors as FILE:LINE: message\n"
        "  --screenshot OUT.png   render one frame offscreen and write a PNG\n"
        "  --record DIR|-         render frames at a simulated clock (PNG files or raw\n"
        "                         RGB24 on stdout)\n"
        "  --bench                measure the pipeline, print JSON lines\n"
        "  --soak HOURS           run the demo layout over HOURS of simulated time\n"
        "\n"
        "Headless options:\n"
        "  --size WxH             output size (default 1920x1080)\n"
        "  --time SECONDS         clock time of the (first) frame\n"
        "  --seed N               random seed (default 1)\n"
        "  --duration SECONDS     --record length (default 10)\n"
        "  --seconds N            --bench length (default 5)\n"
        "\n"
        "Keys: F11 fullscreen, q quit, r reload, space acknowledge, d demo incident,\n"
        "      s screenshot (to the XDG pictures directory), n/p next/previous page.\n"
        "Signals: SIGHUP reload, SIGUSR1 screenshot, SIGTERM/SIGINT quit.\n",
        stdout);
}

/* Sets the one-shot mode, refusing two different ones. */
static bool set_mode(struct cli_options *o, enum cli_mode m, const char *flag)
{
    if (o->mode != CLI_DISPLAY && o->mode != m) {
        fprintf(stderr, "magi: %s cannot be combined with another command\n", flag);
        return false;
    }
    o->mode = m;
    return true;
}

bool cli_parse(int argc, char **argv, struct cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        /* Accept --flag=value as well as --flag value. */
        char flag[64];
        const char *eq = strchr(a, '=');
        if (a[0] == '-' && a[1] == '-' && eq && (size_t)(eq - a) < sizeof flag) {
            memcpy(flag, a, (size_t)(eq - a));
            flag[eq - a] = 0;
            v = eq + 1;
            a = flag;
        }
#define NEED_VALUE()                                                                   \
    do {                                                                               \
        if (!v) {                                                                      \
            if (i + 1 >= argc) {                                                       \
                fprintf(stderr, "magi: %s needs a value\n", a);                        \
                return false;                                                          \
            }                                                                          \
            v = argv[++i];                                                             \
        }                                                                              \
    } while (0)
#define BAD_VALUE()                                                                    \
    do {                                                                               \
        fprintf(stderr, "magi: bad value for %s: '%s'\n", a, v);                       \
        return false;                                                                  \
    } while (0)

        if (!strcmp(a, "--version")) {
            if (!set_mode(o, CLI_VERSION, a))
                return false;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            if (!set_mode(o, CLI_HELP, a))
                return false;
        } else if (!strcmp(a, "--list-monitors")) {
            if (!set_mode(o, CLI_LIST_MONITORS, a))
                return false;
        } else if (!strcmp(a, "--list-metrics")) {
            if (!set_mode(o, CLI_LIST_METRICS, a))
                return false;
        } else if (!strcmp(a, "--check-config")) {
            NEED_VALUE();
            if (!set_mode(o, CLI_CHECK_CONFIG, a))
                return false;
            o->check_file = v;
        } else if (!strcmp(a, "--screenshot")) {
            NEED_VALUE();
            if (!set_mode(o, CLI_SCREENSHOT, a))
                return false;
            o->output = v;
        } else if (!strcmp(a, "--record")) {
            NEED_VALUE();
            if (!set_mode(o, CLI_RECORD, a))
                return false;
            o->output = v;
        } else if (!strcmp(a, "--bench")) {
            if (!set_mode(o, CLI_BENCH, a))
                return false;
        } else if (!strcmp(a, "--soak")) {
            NEED_VALUE();
            if (!set_mode(o, CLI_SOAK, a))
                return false;
            if (!parse_double(v, &o->soak_hours) || o->soak_hours <= 0)
                BAD_VALUE();
        } else if (!strcmp(a, "--query")) {
            NEED_VALUE();
            o->query = v;
        } else if (!strcmp(a, "--layout")) {
            NEED_VALUE();
            o->layout = v;
        } else if (!strcmp(a, "--source")) {
            NEED_VALUE();
            if (o->source_count >= CLI_MAX_SOURCES) {
                fprintf(stderr, "magi: at most %d --source options\n", CLI_MAX_SOURCES);
                return false;
            }
            o->sources[o->source_count++] = v;
        } else if (!strcmp(a, "--demo")) {
            o->demo = true;
        } else if (!strcmp(a, "--test-card")) {
            o->test_card = true;
        } else if (!strcmp(a, "--gallery")) {
            NEED_VALUE();
            o->gallery = v;
        } else if (!strcmp(a, "--fullscreen")) {
            o->fullscreen = true;
        } else if (!strcmp(a, "--monitor")) {
            NEED_VALUE();
            o->monitor = v;
            o->fullscreen = true;
        } else if (!strcmp(a, "--windowed")) {
            NEED_VALUE();
            if (!cli_parse_size(v, &o->win_w, &o->win_h))
                BAD_VALUE();
            o->fullscreen = false;
        } else if (!strcmp(a, "--effects")) {
            NEED_VALUE();
            if (!strcmp(v, "full"))
                o->effects = CLI_EFFECTS_FULL;
            else if (!strcmp(v, "lite"))
                o->effects = CLI_EFFECTS_LITE;
            else if (!strcmp(v, "off"))
                o->effects = CLI_EFFECTS_OFF;
            else
                BAD_VALUE();
        } else if (!strcmp(a, "--reduce-motion")) {
            o->reduce_motion = true;
        } else if (!strcmp(a, "--allow-blanking")) {
            o->allow_blanking = true;
        } else if (!strcmp(a, "--fps")) {
            NEED_VALUE();
            if (!parse_double(v, &o->fps) || o->fps <= 0 || o->fps > 1000)
                BAD_VALUE();
        } else if (!strcmp(a, "--ambient-rate")) {
            NEED_VALUE();
            if (!parse_double(v, &o->ambient_rate) || o->ambient_rate < 0 || o->ambient_rate > 240)
                BAD_VALUE();
            o->ambient_rate_set = true;
        } else if (!strcmp(a, "--ambient-idle")) {
            NEED_VALUE();
            if (!parse_double(v, &o->ambient_idle) || o->ambient_idle < 0)
                BAD_VALUE();
            o->ambient_idle_set = true;
        } else if (!strcmp(a, "--pixel-shift")) {
            NEED_VALUE();
            double px;
            if (!parse_double(v, &px) || px < 0 || px > 8 || px != (int)px)
                BAD_VALUE();
            o->pixel_shift = (int)px;
            o->pixel_shift_set = true;
        } else if (!strcmp(a, "--size")) {
            NEED_VALUE();
            if (!cli_parse_size(v, &o->size_w, &o->size_h))
                BAD_VALUE();
        } else if (!strcmp(a, "--time")) {
            NEED_VALUE();
            if (!parse_double(v, &o->time) || o->time < 0)
                BAD_VALUE();
            o->time_set = true;
        } else if (!strcmp(a, "--seed")) {
            NEED_VALUE();
            char *end;
            errno = 0;
            o->seed = strtoull(v, &end, 10);
            if (end == v || *end || errno)
                BAD_VALUE();
        } else if (!strcmp(a, "--duration")) {
            NEED_VALUE();
            if (!parse_double(v, &o->duration) || o->duration <= 0)
                BAD_VALUE();
        } else if (!strcmp(a, "--seconds")) {
            NEED_VALUE();
            if (!parse_double(v, &o->bench_seconds) || o->bench_seconds <= 0)
                BAD_VALUE();
        } else {
            fprintf(stderr, "magi: unknown option '%s' (see magi --help)\n", argv[i]);
            return false;
        }
#undef NEED_VALUE
#undef BAD_VALUE
    }
    if (o->query && o->mode != CLI_LIST_METRICS) {
        fprintf(stderr, "magi: --query goes with --list-metrics\n");
        return false;
    }
    if (o->mode == CLI_SCREENSHOT || o->mode == CLI_RECORD || o->mode == CLI_BENCH ||
        o->mode == CLI_SOAK) {
        if (!o->size_w) {
            o->size_w = 1920;
            o->size_h = 1080;
        }
    }
    if (o->mode == CLI_RECORD && !o->duration)
        o->duration = 10.0;
    if (o->mode == CLI_BENCH && !o->bench_seconds)
        o->bench_seconds = 5.0;
    return true;
}
