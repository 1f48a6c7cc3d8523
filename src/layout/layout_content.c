/* layout_content: see layout_content.h. */
#include "layout/layout_content.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "layout/drill.h"
#include "layout/escalate.h"
#include "layout/scene.h"
#include "sources/source.h"
#include "widgets/ink.h"
#include "widgets/plate.h"
#include "widgets/stamp.h"
#include "widgets/takeover.h"
#include "widgets/title_card.h"

/* Longest history window polled from deterministic sources at start-up. */
#define BACKFILL_MAX_S 600.0
/* The demo source's loop and where its incident begins (docs/SOURCES.md). */
#define DEMO_CYCLE_S 120.0
#define DEMO_INCIDENT_S 40.0
/* Seconds of the past a headless run replays through widgets and escalation. */
#define REPLAY_MIN_S 60.0
/* Re-evaluate at least this often so data going stale shows without a commit. */
#define EVAL_MAX_AGE_S 1.0
/* Seconds a notice about the d key stays on screen. */
#define NOTICE_S 6.0

struct lc {
    struct cli_options o;
    bool live;
    void (*wake)(void *);
    void *wake_user;
    char path[4096];
    bool embedded;

    struct layout *layout;
    struct scene *scene;
    struct store *store;
    struct sources *sources;
    bool deterministic;   /* every source is (backfill by polling the past) */
    bool threads;         /* sources run on poller threads (live, not all pure) */
    double shift;         /* seconds added to the data clock (the d key) */
    double min_interval;  /* seconds between headless polls */

    /* file watching */
    int ino_fd;
    int stop_pipe[2];
    pthread_t watcher;
    bool watching;
    atomic_bool reload_wanted;
    struct diag error;    /* the last failed reload; shown until fixed */
    bool showing_error;

    /* data */
    uint64_t version;
    double eval_wall;
    bool polled;
    double next_poll;
    bool dirty;

    /* screen */
    float sw, sh;
    int page;
    double page_t0;       /* animation time the page came up */
    double card_t0;       /* title card shown in [card_t0, card_t0 + title_card) */
    bool card;
    struct escalation esc;
    char cause[192];      /* why the takeover running now began */
    struct drill *drill;  /* the demo incident over a live screen (d), or NULL */
    char notice[2][128];  /* a line about the d key, and its detail ... */
    double notice_until;  /* ... shown until this animation time */
    struct box stamp;     /* the red frame's EMERGENCY stamp, for this screen and page */
    float stamp_w, stamp_h, stamp_u;
    int stamp_page;
    double cause_from;    /* the takeover it belongs to (takeover_from) */
    double last_t;

    struct layout_content_stats stats;
};

/* --- sources -------------------------------------------------------------------------- */

static void on_data(void *user)
{
    struct lc *c = user;
    if (c->wake)
        c->wake(c->wake_user);
}

/* Creates the store and the sources the layout and the command line ask for. */
static bool make_sources(struct lc *c, const struct layout *l)
{
    c->store = store_create(NULL);
    c->sources = sources_create(&(struct sources_desc){
        .store = c->store, .wake = on_data, .wake_user = c});
    if (!c->store || !c->sources)
        return false;
    char err[256];
    c->deterministic = true;
    c->min_interval = 1e9;
    int added = 0;
    struct source_desc d;
    if (c->o.demo) {
        d = (struct source_desc){.spec = "demo", .seed = c->o.seed};
        if (!sources_add(c->sources, &d, err, sizeof err)) {
            log_error("layout", "demo source: %s", err);
            return false;
        }
        added++;
    } else {
        for (int i = 0; i < l->nsources; i++) {
            if (!sources_add(c->sources, &l->sources[i].desc, err, sizeof err)) {
                /* err names the source (its spec, without a URL's password) */
                log_error("layout", "%s:%d: source %s", l->path, l->sources[i].line, err);
                return false;
            }
            added++;
        }
        for (int i = 0; i < c->o.source_count; i++) {
            d = (struct source_desc){.spec = c->o.sources[i]};
            if (!sources_add(c->sources, &d, err, sizeof err)) {
                log_error("layout", "--source %s: %s", c->o.sources[i], err);
                return false;
            }
            added++;
        }
        if (added == 0) {
            /* A layout without sources shows this machine. */
            d = (struct source_desc){.spec = "linux"};
            if (!sources_add(c->sources, &d, err, sizeof err)) {
                log_error("layout", "linux source: %s", err);
                return false;
            }
        }
    }
    for (size_t i = 0; i < sources_count(c->sources); i++) {
        const struct source *s = sources_at(c->sources, i);
        c->deterministic = c->deterministic && s->ops->deterministic;
        double iv = s->desc.interval > 0 ? s->desc.interval : s->ops->default_interval;
        if (iv < c->min_interval)
            c->min_interval = iv;
    }
    if (!(c->min_interval > 0 && c->min_interval < 1e9))
        c->min_interval = 1.0;
    /* Pure sources (demo) are functions of time: the content polls them at
     * frame time even live, which lets it back-fill the graphs at start and
     * move the data clock (the d key). Others run on their threads. */
    c->threads = c->live && !c->deterministic;
    if (c->threads && !sources_start(c->sources)) {
        log_error("layout", "cannot start the source threads");
        return false;
    }
    return true;
}

static void free_sources(struct lc *c)
{
    sources_destroy(c->sources);
    store_destroy(c->store);
    c->sources = NULL;
    c->store = NULL;
}

static bool same_sources(const struct layout *a, const struct layout *b)
{
    if (a->nsources != b->nsources)
        return false;
    for (int i = 0; i < a->nsources; i++) {
        const struct source_desc *x = &a->sources[i].desc, *y = &b->sources[i].desc;
        bool same = strcmp(x->spec, y->spec) == 0 && x->interval == y->interval &&
                    x->timeout == y->timeout && x->connect_timeout == y->connect_timeout &&
                    x->seed == y->seed && x->label_field_count == y->label_field_count &&
                    !!x->name == !!y->name && (!x->name || strcmp(x->name, y->name) == 0) &&
                    !!x->root == !!y->root && (!x->root || strcmp(x->root, y->root) == 0) &&
                    source_http_equal(&x->http, &y->http);
        for (int k = 0; same && k < x->label_field_count; k++)
            same = strcmp(x->label_fields[k], y->label_fields[k]) == 0;
        if (!same)
            return false;
    }
    return true;
}

/* Headless: the first frame polls the past so graphs have history (pure
 * sources) or waits a second between two polls so rates exist (live data).
 * With pure sources the past is also replayed through the widgets and the
 * escalation, so a screenshot at --time T shows what a screen running since
 * before T would: a takeover that began 20 s ago is a red frame by now. */
static void headless_first(struct lc *c, double wall, double t)
{
    c->polled = true;
    if (!c->deterministic) {
        sources_poll_all(c->sources, wall - 1.0);
        struct timespec ts = {1, 0};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
        sources_poll_all(c->sources, wall);
        c->next_poll = wall + c->min_interval;
        return;
    }
    /* The graphs' window, then the replayed stretch after it. */
    double window = 0;
    for (int i = 0; i < c->scene->nall; i++) {
        const struct layout_widget *w = c->scene->all[i]->cfg;
        double span = (double)w->history * w->step;
        if (span > window)
            window = span;
    }
    double dt = c->min_interval;
    double replay = fmax(4 * c->layout->display.takeover_min, REPLAY_MIN_S);
    long nh = lround(fmin(window, BACKFILL_MAX_S) / dt), nr = lround(replay / dt);
    for (long k = nh + nr; k >= 0; k--)
        sources_poll_all(c->sources, wall - (double)k * dt);
    for (long k = nr; k >= 1; k--) {
        double at = wall - (double)k * dt;
        bool new_cause = scene_eval(c->scene, c->store, at);
        escalate_update(&c->esc, scene_level(c->scene), new_cause, t - (double)k * dt);
        if (c->esc.takeover_from != c->cause_from) {
            scene_cause(c->scene, c->cause, sizeof c->cause);
            c->cause_from = c->esc.takeover_from;
        }
    }
    c->next_poll = wall + dt;
}

static void headless_poll(struct lc *c, double wall, double t)
{
    if (!c->polled) {
        headless_first(c, wall, t);
        return;
    }
    if (wall >= c->next_poll) {
        sources_poll_all(c->sources, wall);
        c->next_poll = wall + c->min_interval;
    }
}

/* --- loading and reloading ------------------------------------------------------------ */

static struct layout *load(struct lc *c, struct diag *d)
{
    diag_init(d, c->path);
    if (c->embedded) {
        /* The embedded copy is found by its shipped name. */
        const char *name = strrchr(c->path, '/');
        name = name ? name + 1 : c->path;
        char n[128];
        size_t len = strcspn(name, ".");
        if (len >= sizeof n)
            len = sizeof n - 1;
        memcpy(n, name, len);
        n[len] = 0;
        return layout_load(n, d);
    }
    return layout_parse_file(c->path, d);
}

static void stop_drill(struct lc *c, const char *why)
{
    if (!c->drill)
        return;
    drill_free(c->drill);
    c->drill = NULL;
    c->dirty = true;
    if (why)
        log_info("layout", "d: %s", why);
}

static void install(struct lc *c, struct layout *l)
{
    stop_drill(c, NULL); /* it drew the old layout */
    scene_destroy(c->scene);
    layout_free(c->layout);
    c->layout = l;
    c->scene = scene_create(l);
    escalate_init(&c->esc, l->display.takeover_min);
    c->sw = c->sh = 0;
    c->stamp_w = 0; /* place the stamp again on the new page */
    if (c->page >= l->npages)
        c->page = 0;
    c->version = 0;
    c->dirty = true;
}

static void reload(struct lc *c, double t)
{
    struct diag d;
    struct layout *l = load(c, &d);
    if (!l) {
        c->stats.reload_failures++;
        bool same = c->showing_error && d.n == c->error.n;
        for (size_t i = 0; same && i < d.n; i++)
            same = d.v[i].line == c->error.v[i].line && strcmp(d.v[i].msg, c->error.v[i].msg) == 0;
        if (!same) {
            char buf[1024];
            for (size_t i = 0; i < d.n; i++)
                log_error("layout", "%s", diag_line(&d, i, buf, sizeof buf));
            log_warn("layout", "reload failed; keeping the last good layout");
        }
        diag_free(&c->error);
        c->error = d;
        c->showing_error = true;
        c->dirty = true;
        return;
    }
    diag_free(&d);
    bool keep_data = same_sources(c->layout, l);
    if (!keep_data) {
        free_sources(c);
        if (!make_sources(c, l)) {
            log_error("layout", "the new sources cannot start; keeping the last good layout");
            layout_free(l);
            free_sources(c);
            make_sources(c, c->layout);
            c->polled = false;
            return;
        }
        c->polled = false;
    }
    install(c, l);
    c->page_t0 = t;
    diag_free(&c->error);
    diag_init(&c->error, c->path);
    c->showing_error = false;
    c->stats.reloads++;
    log_info("layout", "reloaded %s", c->path);
}

/* inotify on the layout's folder: editors save by renaming a new file over
 * the old one, which a watch on the file itself would miss. */
static void *watch_main(void *arg)
{
    struct lc *c = arg;
    const char *base = strrchr(c->path, '/');
    base = base ? base + 1 : c->path;
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        struct pollfd p[2] = {{c->ino_fd, POLLIN, 0}, {c->stop_pipe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (p[1].revents)
            break;
        ssize_t n = read(c->ino_fd, buf, sizeof buf);
        if (n <= 0)
            continue;
        bool hit = false;
        for (char *q = buf; q < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)q;
            if (ev->len && strcmp(ev->name, base) == 0)
                hit = true;
            q += sizeof *ev + ev->len;
        }
        if (hit) {
            atomic_store(&c->reload_wanted, true);
            if (c->wake)
                c->wake(c->wake_user);
        }
    }
    return NULL;
}

static void start_watch(struct lc *c)
{
    c->ino_fd = -1;
    if (!c->live || c->embedded)
        return;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", c->path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = 0;
    else
        snprintf(dir, sizeof dir, ".");
    c->ino_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (c->ino_fd < 0 || inotify_add_watch(c->ino_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO |
                                                                IN_CREATE | IN_DELETE) < 0) {
        log_warn("layout", "cannot watch %s for changes: %s (press r to reload)", dir,
                 strerror(errno));
        if (c->ino_fd >= 0)
            close(c->ino_fd);
        c->ino_fd = -1;
        return;
    }
    if (pipe2(c->stop_pipe, O_CLOEXEC) != 0) {
        close(c->ino_fd);
        c->ino_fd = -1;
        return;
    }
    /* The watcher must not take signals meant for the main thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    c->watching = pthread_create(&c->watcher, NULL, watch_main, c) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!c->watching) {
        close(c->stop_pipe[0]);
        close(c->stop_pipe[1]);
        close(c->ino_fd);
        c->ino_fd = -1;
    }
}

static void stop_watch(struct lc *c)
{
    if (c->watching) {
        char b = 1;
        if (write(c->stop_pipe[1], &b, 1) < 0)
            log_warn("layout", "cannot stop the file watcher: %s", strerror(errno));
        pthread_join(c->watcher, NULL);
        close(c->stop_pipe[0]);
        close(c->stop_pipe[1]);
        c->watching = false;
    }
    if (c->ino_fd >= 0)
        close(c->ino_fd);
    c->ino_fd = -1;
}

/* --- drawing ---------------------------------------------------------------------- */

static double page_duration(const struct lc *c)
{
    const struct layout_page *pg = &c->layout->pages[c->page];
    return pg->duration > 0 ? pg->duration : c->layout->display.rotate;
}

static void show_page(struct lc *c, int page, double t)
{
    int n = c->layout->npages;
    c->page = ((page % n) + n) % n;
    c->page_t0 = t;
    c->card_t0 = t;
    c->card = c->layout->display.title_card > 0;
    c->dirty = true;
}

/* A page change: the page's title as a Mincho title card (STYLE.md motif
 * 18), its kanji down the column and the layout's along the foot. */
static void draw_title_card(struct lc *c, const struct draw_ctx *ctx)
{
    const struct layout_page *pg = &c->layout->pages[c->page];
    const struct layout_label *lt = &c->layout->title;
    struct title_card_view v = {
        .vertical = pg->title.jp ? pg->title.jp : lt->jp,
        .horizontal = lt->jp && pg->title.jp ? lt->jp : NULL,
        .en = pg->title.en ? pg->title.en : lt->en,
        .black_field = true,
    };
    if (!v.vertical)
        v.vertical = "頁";
    title_card_draw(ctx, (struct box){0, 0, ctx->screen_w, ctx->screen_h}, &v);
}

/* After the takeover: a red frame around the screen until acknowledged, its
 * EMERGENCY stamp where it hides nothing of the page (scene_free_spot: near
 * the top centre, else the bottom). With no room anywhere the stamp sits on
 * the frame's top edge, shrunk into the margin above the panels. */
static struct box stamp_spot(struct lc *c, const struct draw_ctx *ctx)
{
    float u = ctx->u, w = ctx->screen_w, h = ctx->screen_h;
    if (c->stamp_w != w || c->stamp_h != h || c->stamp_page != c->page || c->stamp_u != u) {
        c->stamp = scene_free_spot(c->scene, c->page, 24.0f * u, 4.0f * u, 1.0f * u);
        if (c->stamp.w <= 0)
            c->stamp = (struct box){(w - 16.0f * u) * 0.5f, 0, 16.0f * u, 1.6f * u};
        c->stamp_w = w;
        c->stamp_h = h;
        c->stamp_u = u;
        c->stamp_page = c->page;
    }
    return c->stamp;
}

static void draw_red_frame(struct lc *c, const struct draw_ctx *ctx)
{
    float u = ctx->u, w = ctx->screen_w, h = ctx->screen_h;
    rgba red = ink_pal(ctx, PAL_ALERT_RED);
    batch_rect_outline(ctx->b, 0, 0, w, h, 0.8f * u, red);
    stamp_draw(ctx, stamp_spot(c, ctx),
               &(struct stamp_view){.text = c->drill ? "DRILL EMERGENCY" : "EMERGENCY",
                                    .kind = STAMP_FILLED, .color = PAL_ALERT_RED,
                                    .sans = true, .level = LEVEL_NOMINAL});
}

/* While a drill runs and no red frame is up: a stamp that says so, where the
 * EMERGENCY stamp would go. */
static void draw_drill_mark(struct lc *c, const struct draw_ctx *ctx)
{
    stamp_draw(ctx, stamp_spot(c, ctx),
               &(struct stamp_view){.text = "演習 DRILL", .kind = STAMP_DOUBLE,
                                    .color = PAL_ORANGE_HOT, .sans = true,
                                    .level = LEVEL_NOMINAL});
}

static void set_notice(struct lc *c, const char *line, const char *detail)
{
    snprintf(c->notice[0], sizeof c->notice[0], "%s", line);
    snprintf(c->notice[1], sizeof c->notice[1], "%s", detail ? detail : "");
    c->notice_until = c->last_t + NOTICE_S;
    c->dirty = true;
}

static void draw_notice(struct lc *c, const struct draw_ctx *ctx)
{
    float u = ctx->u;
    float w = fminf(ctx->screen_w - 4 * u, 110 * u), h = 9 * u;
    struct box b = {(ctx->screen_w - w) * 0.5f, ctx->screen_h - h - 2 * u, w, h};
    batch_rect(ctx->b, b.x, b.y, b.w, b.h, ink_pal(ctx, PAL_VOID));
    plate_draw(ctx, b,
               &(struct plate_view){.label = "KEY D  //  DEMO INCIDENT DRILL",
                                    .value = c->notice[0], .detail = c->notice[1],
                                    .level = LEVEL_CAUTION});
}

/* A bad reload: the first errors in a plate at the bottom until fixed. */
static void draw_error_plate(struct lc *c, const struct draw_ctx *ctx)
{
    float u = ctx->u;
    char first[512], more[96];
    diag_line(&c->error, 0, first, sizeof first);
    if (c->error.n > 1)
        snprintf(more, sizeof more, "+%zu MORE  -  THE LAST GOOD LAYOUT STAYS UNTIL FIXED",
                 c->error.n - 1);
    else
        snprintf(more, sizeof more, "THE LAST GOOD LAYOUT STAYS UNTIL FIXED");
    float w = fminf(ctx->screen_w - 4 * u, 150 * u), h = 9 * u;
    struct box b = {(ctx->screen_w - w) * 0.5f, ctx->screen_h - h - 2 * u, w, h};
    batch_rect(ctx->b, b.x, b.y, b.w, b.h, ink_pal(ctx, PAL_VOID));
    plate_draw(ctx, b,
               &(struct plate_view){.label = "LAYOUT REFUSED", .value = first, .detail = more,
                                    .mono_value = true, .level = LEVEL_ALERT});
}

/* A source's error for a footer line: cut at a character boundary with
 * "..." when it does not fit (a proxy's HTML error page can be long). */
static void fault_text(char *out, size_t size, const char *error)
{
    size_t n = strlen(error);
    if (n < size) {
        memcpy(out, error, n + 1);
        return;
    }
    size_t keep = size - 4;
    while (keep > 0 && ((unsigned char)error[keep] & 0xC0) == 0x80)
        keep--; /* not inside a UTF-8 sequence */
    snprintf(out, size, "%.*s...", (int)keep, error);
}

/* What templates can name as {$...}. */
static void update_globals(struct lc *c)
{
    struct scene_globals *g = &c->scene->globals;
    snprintf(g->state, sizeof g->state, "%s", level_name(escalate_screen_level(&c->esc)));
    snprintf(g->layout, sizeof g->layout, "%s", c->layout->name);
    size_t n = sources_count(c->sources), ok = 0;
    g->fault[0] = 0;
    for (size_t i = 0; i < n; i++) {
        struct source_status st;
        if (!store_source_status(c->store, sources_store_id(c->sources, i), &st))
            continue;
        if (st.ok)
            ok++;
        else if (!g->fault[0] && st.error && st.error[0])
            fault_text(g->fault, sizeof g->fault, st.error);
    }
    snprintf(g->sources, sizeof g->sources, "%u/%u", (unsigned)(ok % 1000), (unsigned)(n % 1000));
    snprintf(g->source, sizeof g->source, "%s", n ? sources_at(c->sources, 0)->name : "");
    snprintf(g->page, sizeof g->page, "%d", c->page + 1);
    snprintf(g->pages, sizeof g->pages, "%d", c->layout->npages);
}

static void lc_draw(void *self, struct draw_ctx *ctx)
{
    struct lc *c = self;
    double t = ctx->t, wall = ctx->wall;
    /* Data lives on the real clock (source threads poll at the real time,
     * and a headless shot of live sources asks for now, not for the
     * simulated --time), unless a headless run polls pure sources itself;
     * the d key moves the data clock of pure sources forward. */
    if (c->live || !c->deterministic)
        wall = clock_wall();
    wall += c->shift;
    c->last_t = t;
    c->stats.frames++;
    if (atomic_exchange(&c->reload_wanted, false))
        reload(c, t);
    if (!c->threads)
        headless_poll(c, wall, t);

    /* Pages rotate on the clock: page_t0 advances by whole durations, so a
     * headless frame at --time T shows the page a screen running since t = 0
     * would. */
    double dur = page_duration(c);
    if (c->layout->npages > 1 && dur > 0) {
        double cycle = 0;
        for (int i = 0; i < c->layout->npages; i++) {
            const struct layout_page *pg = &c->layout->pages[i];
            cycle += pg->duration > 0 ? pg->duration : c->layout->display.rotate;
        }
        if (cycle > 0 && t - c->page_t0 > cycle)
            c->page_t0 += floor((t - c->page_t0) / cycle - 1) * cycle;
        int turns = 0;
        while (t >= c->page_t0 + dur && turns++ < 2 * c->layout->npages) {
            double t0 = c->page_t0 + dur;
            show_page(c, c->page + 1, t0);
            dur = page_duration(c);
        }
        draw_wake_at(ctx, c->page_t0 + dur);
    }

    uint64_t v = store_version(c->store);
    if (v != c->version || !c->scene->evaluated || wall - c->eval_wall >= EVAL_MAX_AGE_S ||
        wall < c->eval_wall) {
        c->version = v;
        c->eval_wall = wall;
        store_read_lock(c->store);
        update_globals(c);
        store_read_unlock(c->store);
        bool new_cause = scene_eval(c->scene, c->store, wall);
        escalate_update(&c->esc, scene_level(c->scene), new_cause, t);
        /* {$state} in templates must say the level this evaluation set. */
        char before[sizeof c->scene->globals.state];
        snprintf(before, sizeof before, "%s", c->scene->globals.state);
        store_read_lock(c->store);
        update_globals(c);
        store_read_unlock(c->store);
        if (strcmp(before, c->scene->globals.state) != 0)
            scene_eval(c->scene, c->store, wall);
        /* The cause line says why the takeover began, even if another widget
         * has become the worst since. */
        if (c->esc.takeover_from != c->cause_from || !c->cause[0]) {
            scene_cause(c->scene, c->cause, sizeof c->cause);
            c->cause_from = c->esc.takeover_from;
        }
    }
    if (ctx->screen_w != c->sw || ctx->screen_h != c->sh) {
        c->sw = ctx->screen_w;
        c->sh = ctx->screen_h;
        scene_layout(c->scene, c->sw, c->sh);
        if (c->drill)
            drill_layout(c->drill, c->sw, c->sh);
    }

    /* A drill plays until its incident is over; a real emergency ends it. */
    if (c->drill && c->esc.level >= LEVEL_EMERGENCY) {
        stop_drill(c, "a real emergency ends the drill");
        set_notice(c, "A REAL EMERGENCY ENDS THE DRILL", NULL);
    } else if (c->drill && !drill_update(c->drill, t, c->page)) {
        stop_drill(c, "the drill is over");
    }
    struct scene *sc = c->drill ? drill_scene(c->drill) : c->scene;
    struct escalation *esc = c->drill ? drill_escalation(c->drill) : &c->esc;
    const char *cause = c->drill ? drill_cause(c->drill) : c->cause;

    /* The layout decides the look of its frame. */
    ctx->pal = &c->layout->display.pal;
    ctx->u = c->scene->units.u;
    ctx->screen_level = escalate_screen_level(esc);
    ctx->anim_rate = escalate_anim_rate(ctx->screen_level);
    if (c->layout->display.reduce_motion == 1)
        ctx->reduce_motion = true;

    if (escalate_takeover(esc, t)) {
        takeover_draw(ctx, (struct box){0, 0, ctx->screen_w, ctx->screen_h},
                      &(struct takeover_view){
                          .word = c->layout->display.takeover_word,
                          .cause = cause[0] ? cause : NULL,
                          .t0 = esc->takeover_from,
                      });
        draw_wake_at(ctx, escalate_next_change(esc, t));
    } else if (c->card && t < c->card_t0 + c->layout->display.title_card) {
        draw_title_card(c, ctx);
        draw_wake_at(ctx, c->card_t0 + c->layout->display.title_card);
    } else {
        c->card = false;
        scene_draw_page(sc, c->page, ctx);
        if (escalate_red_frame(esc, t))
            draw_red_frame(c, ctx);
        else if (c->drill)
            draw_drill_mark(c, ctx);
    }
    if (c->drill)
        draw_wake_at(ctx, drill_next_change(c->drill));
    if (t < c->notice_until) {
        draw_notice(c, ctx);
        draw_wake_at(ctx, c->notice_until);
    }
    if (c->showing_error && c->error.n)
        draw_error_plate(c, ctx);
    if (!c->threads)
        draw_wake_at(ctx, t + (c->next_poll - wall));
    c->dirty = false;
    c->stats.page = c->page;
    c->stats.showing_error = c->showing_error;
    c->stats.data_shift = c->shift;
}

static bool lc_changed(void *self)
{
    struct lc *c = self;
    return c->dirty || atomic_load(&c->reload_wanted) || store_version(c->store) != c->version;
}

/* The d key on a live screen: the demo incident as a drill over it, or a
 * notice saying why not. */
static void start_drill(struct lc *c)
{
    if (c->drill) {
        log_info("layout", "d: a drill is already running");
        return;
    }
    if (c->esc.level >= LEVEL_EMERGENCY) {
        log_info("layout", "d: no drill during a real emergency");
        set_notice(c, "NO DRILL DURING A REAL EMERGENCY", NULL);
        return;
    }
    char why[256];
    c->drill = drill_start(c->layout, c->o.seed, c->sw > 0 ? c->sw : 1920,
                           c->sh > 0 ? c->sh : 1080, c->last_t, c->page, why, sizeof why);
    if (!c->drill) {
        log_info("layout", "d: no drill: %s", why);
        set_notice(c, "NO DRILL: THIS LAYOUT READS NOTHING THE DEMO SOURCE PLAYS",
                   "THE DEMO PLAYS THIS MACHINE'S, GPU AND TRAINING SERIES");
        return;
    }
    c->dirty = true;
    log_info("layout", "d: a drill of the demo incident starts now (%.0f s)", DRILL_SECONDS);
}

/* The d key: jump the demo source's scripted incident to its start (the
 * caution phase, DEMO_INCIDENT_S into its loop) by moving the data clock
 * forward; the demo's own magi_demo_cycle_seconds says where the loop is.
 * A layout fed by live sources gets a drill instead (start_drill). */
static bool demo_now(struct lc *c)
{
    double tau = NAN, ts;
    if (c->deterministic && !c->threads) {
        store_read_lock(c->store);
        const struct series *se = store_series_find(c->store, "magi_demo_cycle_seconds");
        if (se && !series_last(se, &ts, &tau))
            tau = NAN;
        store_read_unlock(c->store);
    }
    if (isnan(tau)) {
        start_drill(c);
        return true;
    }
    double jump = fmod(DEMO_INCIDENT_S - tau + 2 * DEMO_CYCLE_S, DEMO_CYCLE_S);
    if (jump < 1.0)
        return true; /* it is starting now */
    c->shift += jump;
    c->next_poll = 0;
    c->dirty = true;
    log_info("layout", "d: the demo incident starts now");
    return true;
}

static bool lc_key(void *self, int key)
{
    struct lc *c = self;
    switch (key) {
    case 'r':
        atomic_store(&c->reload_wanted, true);
        return true;
    case CONTENT_KEY_SPACE:
        if (escalate_ack(c->drill ? drill_escalation(c->drill) : &c->esc, c->last_t)) {
            c->dirty = true;
            log_info("layout", "emergency acknowledged");
        }
        return true;
    case 'n':
        show_page(c, c->page + 1, c->last_t);
        return true;
    case 'p':
        show_page(c, c->page - 1, c->last_t);
        return true;
    case 'd':
        return demo_now(c);
    }
    return false;
}

static enum level lc_level(void *self)
{
    struct lc *c = self;
    return escalate_screen_level(c->drill ? drill_escalation(c->drill) : &c->esc);
}

static void lc_destroy(void *self)
{
    struct lc *c = self;
    if (!c)
        return;
    stop_watch(c);
    drill_free(c->drill);
    scene_destroy(c->scene);
    free_sources(c);
    layout_free(c->layout);
    diag_free(&c->error);
    free(c);
}

void layout_content_request_reload(void *self)
{
    struct lc *c = self;
    atomic_store(&c->reload_wanted, true);
}

void layout_content_settings(void *self, struct layout_content_settings *out)
{
    struct lc *c = self;
    out->effects = c->layout->display.effects;
    out->reduce_motion = c->layout->display.reduce_motion;
    out->ambient_rate = c->layout->display.ambient_rate;
    out->ambient_idle = c->layout->display.ambient_idle;
}

void layout_content_stats(void *self, struct layout_content_stats *out)
{
    *out = ((struct lc *)self)->stats;
}

bool layout_content_open(const struct cli_options *o, const struct layout_content_desc *d,
                         struct content *out)
{
    struct lc *c = calloc(1, sizeof *c);
    if (!c)
        return false;
    c->o = *o;
    c->live = d && d->live;
    c->wake = d ? d->wake : NULL;
    c->wake_user = d ? d->wake_user : NULL;
    c->ino_fd = -1;
    atomic_init(&c->reload_wanted, false);
    layout_resolve(o->layout, c->path, sizeof c->path, &c->embedded);
    struct diag dg;
    struct layout *l = load(c, &dg);
    if (!l) {
        diag_print(&dg, stderr);
        diag_free(&dg);
        free(c);
        return false;
    }
    diag_free(&dg);
    diag_init(&c->error, c->path);
    if (!make_sources(c, l)) {
        free_sources(c);
        layout_free(l);
        diag_free(&c->error);
        free(c);
        return false;
    }
    install(c, l);
    c->card = false;
    start_watch(c);
    log_info("layout", "%s: %d page%s, %zu source%s", c->path, l->npages,
             l->npages == 1 ? "" : "s", sources_count(c->sources),
             sources_count(c->sources) == 1 ? "" : "s");
    *out = (struct content){
        .self = c,
        .draw = lc_draw,
        .changed = lc_changed,
        .key = lc_key,
        .level = lc_level,
        .destroy = lc_destroy,
    };
    return true;
}
