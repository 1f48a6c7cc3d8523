/* gallery: see gallery.h. */
#include "widgets/gallery.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "widgets/bars.h"
#include "widgets/countdown.h"
#include "widgets/graph.h"
#include "widgets/hazard.h"
#include "widgets/hex_tiles.h"
#include "widgets/hex_wall.h"
#include "widgets/info_block.h"
#include "widgets/ink.h"
#include "widgets/lifelines.h"
#include "widgets/magi_vote.h"
#include "widgets/pattern_blue.h"
#include "widgets/phase_stack.h"
#include "widgets/pill_meter.h"
#include "widgets/plate.h"
#include "widgets/readout.h"
#include "widgets/refused.h"
#include "widgets/reticle.h"
#include "widgets/ring_gauge.h"
#include "widgets/rulers.h"
#include "widgets/segment_bars.h"
#include "widgets/stamp.h"
#include "widgets/takeover.h"
#include "widgets/terminal.h"
#include "widgets/title_card.h"

enum { PAGE_SYSTEM, PAGE_SHEET, PAGE_ALERT, PAGE_WALL, PAGE_CARDS, PAGE_EMERGENCY, PAGE_COUNT };

static const char *const page_names[PAGE_COUNT] = {"system", "sheet",  "alert",
                                                   "wall",   "cards", "emergency"};

int gallery_pages(void) { return PAGE_COUNT; }

const char *gallery_page_name(int page)
{
    return page >= 0 && page < PAGE_COUNT ? page_names[page] : "?";
}

enum level gallery_page_level(int page)
{
    switch (page) {
    case PAGE_ALERT:
    case PAGE_WALL:
    case PAGE_EMERGENCY:
        return LEVEL_EMERGENCY;
    case PAGE_SHEET:
        return LEVEL_CAUTION;
    default:
        return LEVEL_NOMINAL;
    }
}

/* Page geometry: 192 x 108 "gallery units" (u at 16:9), centred. */
struct page {
    float x0, y0, k;
};

static struct box B(const struct page *p, float x, float y, float w, float h)
{
    return box_make(p->x0 + x * p->k, p->y0 + y * p->k, w * p->k, h * p->k);
}

/* A sample series: slow waves plus hash noise, scrolling with time. */
static void sample_series(const struct draw_ctx *ctx, float *out, int n, float base, float amp,
                          float freq, uint64_t salt)
{
    double shift = floor(ctx->t * 4.0); /* 4 samples a second */
    for (int i = 0; i < n; i++) {
        double k = (double)i + shift;
        float noise = ink_hash01(ctx->seed ^ salt, (uint64_t)(long long)k, 0) - 0.5f;
        out[i] = base + amp * (float)(sin(k * freq) * 0.6 + sin(k * freq * 2.7 + 1.3) * 0.3) +
                 amp * 0.25f * noise;
    }
}

/* Values that "jump" once a second (motion snaps). */
static float jitter(const struct draw_ctx *ctx, int i, float amp)
{
    return amp * (ink_hash01(ctx->seed, (uint64_t)i, (uint64_t)(long long)floor(ctx->t)) - 0.5f);
}

static void page_system(const struct draw_ctx *ctx, const struct page *p)
{
    char buf[16][24];
    rgba orange = ink_pal(ctx, PAL_ORANGE);
    float u = p->k;

    /* Structure: rulers, marks, status lines. */
    rulers_draw(ctx, B(p, 189.0f, 5, 3, 96),
                &(struct ruler_view){.side = RULER_RIGHT, .labels = true, .label_start = 50,
                                     .label_step = -10, .minor = u});
    rulers_draw(ctx, B(p, 0, 5, 2.2f, 96), &(struct ruler_view){.side = RULER_LEFT, .minor = u});
    rulers_draw(ctx, B(p, 3, 103, 55.5f, 1.5f),
                &(struct ruler_view){.side = RULER_ABOVE, .minor = u * 2});
    rulers_draw(ctx, B(p, 161, 103, 27, 1.5f),
                &(struct ruler_view){.side = RULER_ABOVE, .minor = u * 2});
    rulers_marks_draw(ctx, B(p, 4, 1.8f, 160, 0), 8 * u, 0.8f * u);
    ink_label(ctx, 1.1f * u, p->x0 + 96 * u, p->y0 + 1.8f * u, TEXT_CENTER, TEXT_CAP_MIDDLE, 0,
              orange, "MAGI SYSTEM MONITOR  //  HOST NERV-WS01  //  REV 0.1");
    ink_label(ctx, 1.1f * u, p->x0 + 4 * u, p->y0 + 107 * u, TEXT_LEFT, TEXT_BASELINE, 0,
              color_alpha(orange, 0.7f),
              "SOURCE: LINUX /PROC /SYS     SAMPLE: 1.00 S     SOURCES 6/6 OK     "
              "LAYOUT: GALLERY     STATE: NOMINAL");
    ink_label(ctx, 1.1f * u, p->x0 + 188 * u, p->y0 + 107 * u, TEXT_RIGHT, TEXT_BASELINE, 0,
              color_alpha(orange, 0.7f), "MAGI-01  CODE:127");
    stamp_draw(ctx, B(p, 168.5f, 0.4f, 6.5f, 2.8f), &(struct stamp_view){.kind = STAMP_LIVE});
    ink_label(ctx, 1.2f * u, p->x0 + 179 * u, p->y0 + 1.8f * u, TEXT_RIGHT, TEXT_CAP_MIDDLE, 0,
              orange, "JST");
    char clock[16];
    long long s = ((long long)floor(ctx->wall) + 9 * 3600) % 86400;
    snprintf(clock, sizeof clock, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    draw_wake_at(ctx, ctx->t + (1.0 - (ctx->wall - floor(ctx->wall))));
    ink_seg7(ctx, 2.0f * u, p->x0 + 190.5f * u, p->y0 + 2.8f * u, TEXT_RIGHT, TEXT_BASELINE,
             ink_pal(ctx, PAL_ORANGE_HOT), 0.09f, clock);

    /* Left column: title, identity, CPU, memory. */
    plate_header_draw(ctx, B(p, 3, 3.0f, 55.5f, 10.2f),
                      &(struct plate_header_view){.jp = "自己診断",
                                                  .en = "SELF-DIAGNOSIS",
                                                  .detail = "SYSTEM MONITOR · MAGI-01",
                                                  .detail2 = "16 CORE / 64 GIB / 7.3 TB"});
    info_block_draw(ctx, B(p, 3.5f, 14.6f, 38, 13.5f),
                    &(struct info_block_view){
                        .code = "NERV-WS01",
                        .keys = {"FILE", "EXTENTION", "EX_MODE", "PRIORITY"},
                        .values = {"LINUX_6.12.9-AMD64", "12D_04:17:33", "PERFORMANCE", "AAA"}});
    stamp_draw(ctx, B(p, 43, 15.0f, 15, 5.6f),
               &(struct stamp_view){.text = "監視中", .kind = STAMP_DOUBLE});
    plate_draw(ctx, B(p, 43, 21.6f, 15, 7.0f),
               &(struct plate_view){.label = "LOAD AVG  1/5/15", .value = "6.08 5.71 4.93",
                                    .mono_value = true});

    static const float cores[16] = {62, 48, 71, 35, 22, 57, 18, 93,
                                    41, 29, 66, 12, 38, 25, 54, 31};
    struct bars_item items[16];
    char labels[16][12];
    float total = 0;
    for (int i = 0; i < 16; i++) {
        float val = fminf(99, fmaxf(1, cores[i] + (i == 7 ? 0 : jitter(ctx, i, 6))));
        total += val;
        snprintf(buf[i], sizeof buf[i], "%.0f", (double)val);
        snprintf(labels[i], sizeof labels[i], "CORE %02d", i);
        items[i] = (struct bars_item){.label = labels[i],
                                      .frac = val / 100.0f,
                                      .value = buf[i],
                                      .level = val >= 80 ? LEVEL_CAUTION : LEVEL_NOMINAL};
    }
    char tot[16];
    snprintf(tot, sizeof tot, "%.1f %%", (double)(total / 16));
    plate_header_draw(ctx, B(p, 3, 30.8f, 55.5f, 5.2f),
                      &(struct plate_header_view){.tab = "CPU",
                                                  .jp = "演算負荷",
                                                  .en = "PROCESSOR LOAD PER CORE",
                                                  .detail = "16 CORES · 4.7 GHZ",
                                                  .value_label = "TOTAL",
                                                  .value = tot});
    bars_draw(ctx, B(p, 3, 36.5f, 55.5f, 35.5f),
              &(struct bars_view){.items = items,
                                  .count = 16,
                                  .threshold = 0.8f,
                                  .threshold_label = "80",
                                  .marker = 0.5f});

    struct pill_row rows[3] = {
        {.index = "00", .tag = "USED.MEM", .caption = "33.9 / 64.0 GIB", .frac = 0.53f,
         .value = "53", .unit = "%"},
        {.index = "01", .tag = "COMMIT", .caption = "68.2 / 96.0 GIB", .frac = 0.71f,
         .value = "71", .unit = "%"},
        {.index = "02", .tag = "SWAP", .caption = "1.9 / 32.0 GIB", .frac = 0.06f, .value = "6",
         .unit = "%"},
    };
    pill_meter_draw(ctx, B(p, 3, 75.5f, 55.5f, 26.5f),
                    &(struct pill_meter_view){.title = "MEMORY PRESSURE LEVEL",
                                              .info = {"TOTAL: 64.0 GIB", "AVAILABLE: 30.1 GIB"},
                                              .rows = rows,
                                              .count = 3});

    /* Centre: the vote and the countdown. */
    magi_vote_draw(ctx, B(p, 61.5f, 3, 71.5f, 52),
                   &(struct magi_vote_view){
                       .members = {{.signal = "SIGNAL: MEMORY  53 %", .state = VOTE_APPROVE},
                                   {.signal = "SIGNAL: STORAGE  84 %", .state = VOTE_APPROVE},
                                   {.signal = "SIGNAL: CPU  44 %", .state = VOTE_APPROVE}},
                       .left_lines = {"SUBJECT: HOST HEALTH", "QUORUM: 2 OF 3",
                                      "INTERVAL: 5.0 S"},
                       .result = "APPROVED  3 : 0",
                       .stamp = "定期検診",
                       .footer = "MAGI SYSTEM  //  VOTE 3 : 0  //  ALL SUBSYSTEMS NOMINAL"});
    countdown_draw(ctx, B(p, 61, 57, 99, 47.5f),
                   &(struct countdown_view){
                       .remaining = 38 * 3600 + 49 * 60 + 19.5 - ctx->t,
                       .running = true,
                       .lines = {"TARGET: /DATA  UNTIL FULL", "AT CURRENT WRITE RATE"},
                       .sub = "あと",
                       .system_jp = "記憶容量供給システム",
                       .system_en = "STORAGE CAPACITY SUPPLY SYSTEM",
                       .mode = COUNTDOWN_MODE_NORMAL,
                       .left = {"WRITE RATE", "8.3 MB/S"},
                       .right = {"FREE / SIZE", "1.16 / 7.28 TB"}});

    /* Right column: network, storage, thermal. */
    plate_header_draw(ctx, B(p, 136, 3, 52, 5.2f),
                      &(struct plate_header_view){.tab = "NET",
                                                  .jp = "通信",
                                                  .en = "NETWORK  ENP5S0",
                                                  .detail = "10GBASE-T · MTU 9000"});
    float rx[120], tx[120];
    sample_series(ctx, rx, 120, 2.6f, 1.0f, 0.09f, 11);
    sample_series(ctx, tx, 120, 0.9f, 0.35f, 0.07f, 12);
    struct graph_series net[2] = {{.values = rx, .count = 120, .name = "RX", .value = "3.92 GB/S"},
                                  {.values = tx, .count = 120, .name = "TX", .value = "0.21 GB/S"}};
    graph_sync_draw(ctx, B(p, 136, 10.5f, 52, 18),
                    &(struct sync_graph_view){.graph = {.series = net,
                                                        .nseries = 2,
                                                        .min = 0,
                                                        .max = 4.5f,
                                                        .unit = "GB/S",
                                                        .span = "-60 S"},
                                              .jp = "回線同期率",
                                              .en = "LINK SYNC RATIO",
                                              .ratio = "41.3"});
    plate_header_draw(ctx, B(p, 136, 30.5f, 52, 5.2f),
                      &(struct plate_header_view){.tab = "FS",
                                                  .jp = "記憶装置",
                                                  .en = "STORAGE  5 FILESYSTEMS",
                                                  .detail = "USED % ▲   ▼ WRITE ×10 MB/S"});
    struct segment_bar fs[5] = {
        {.caption = "/", .label = "47", .value = 47, .below = 0},
        {.caption = "/HOME", .label = "63", .value = 63, .below = 0},
        {.caption = "/DATA", .label = "84", .value = 84, .below = 8.3f, .level = LEVEL_ALERT},
        {.caption = "/VAR", .label = "29", .value = 29},
        {.caption = "/BOOT", .label = "18", .value = 18},
    };
    segment_bars_draw(ctx, B(p, 136, 36.5f, 52, 20),
                      &(struct segment_bars_view){.bars = fs, .count = 5});

    plate_header_draw(ctx, B(p, 161, 58.2f, 27, 3.6f),
                      &(struct plate_header_view){.jp = "熱",
                                                  .en = "THERMAL",
                                                  .detail = "CPU PACKAGE · TCTL",
                                                  .value_label = "LIMIT 95°C"});
    ring_gauge_draw(ctx, B(p, 161, 62.5f, 27, 27),
                    &(struct ring_gauge_view){.frac = 62.5f / 128.0f,
                                              .limit = 95.0f / 128.0f,
                                              .caption = "CPU PACKAGE",
                                              .value = "62.5",
                                              .detail = "°C  NORMAL"});
    ink_label(ctx, 1.3f * u, p->x0 + 161 * u, p->y0 + 91.5f * u, TEXT_LEFT, TEXT_CAP_MIDDLE, 0,
              orange, "SENSORS 06 / 06");
    plate_tab_draw(ctx, p->x0 + 188 * u, p->y0 + 90.3f * u, 2.2f * u, TEXT_RIGHT,
                   ink_pal(ctx, PAL_MINT), "NOMINAL");
    static const char *const sensors[5] = {"NVME0", "NVME1", "GPU0", "VRM", "DIMM"};
    static const float temps[5] = {41, 44, 54, 57, 38};
    struct bars_item sens[5];
    char tv[5][16];
    for (int i = 0; i < 5; i++) {
        snprintf(tv[i], sizeof tv[i], "%.0f°C", (double)temps[i]);
        sens[i] = (struct bars_item){
            .label = sensors[i], .frac = temps[i] / 100.0f, .value = tv[i]};
    }
    bars_draw(ctx, B(p, 161, 92.5f, 27, 11.8f),
              &(struct bars_view){.items = sens, .count = 5, .fill = PAL_ORANGE_FILL});
}

static void cell_tag(const struct draw_ctx *ctx, struct box b, const char *name)
{
    plate_tab_draw(ctx, b.x, b.y, 2.0f * ctx->u, TEXT_LEFT, ink_pal(ctx, PAL_ORANGE_FILL), name);
}

static void page_sheet(const struct draw_ctx *ctx, const struct page *p)
{
    float u = p->k;
    float cw = 46, ch = 34;
    struct box cell[12];
    for (int i = 0; i < 12; i++)
        cell[i] = B(p, 3 + (cw + 1.3f) * (float)(i % 4), 3 + (ch + 1.0f) * (float)(i / 4), cw, ch);
#define INNER(i) box_make(cell[i].x, cell[i].y + 3 * u, cell[i].w, cell[i].h - 3 * u)

    /* 0: PHASE stack */
    static const char *const phases[12] = {"PHASE 01", "PHASE 02", "PHASE 03", "PHASE 04",
                                           "PHASE 05", "PHASE 06", "PHASE 07", "PHASE 08",
                                           "PHASE 09", "PHASE 10", "PHASE 11", "PHASE 12"};
    struct phase_item ph[12];
    for (int i = 0; i < 12; i++)
        ph[i] = (struct phase_item){.label = phases[i],
                                    .frac = 0.45f + 0.5f * ink_hash01(ctx->seed, (uint64_t)i, 5),
                                    .failed = i == 6,
                                    .note = i == 6 ? "DOWN" : NULL,
                                    .stale = i == 10};
    cell_tag(ctx, cell[0], "PHASE STACK");
    phase_stack_draw(ctx, INNER(0), &(struct phase_stack_view){.items = ph, .count = 12});

    /* 1: hex tiles */
    struct hex_tile tiles[24];
    char tl[24][12], tv[24][12];
    for (int i = 0; i < 24; i++) {
        float load = ink_hash01(ctx->seed, (uint64_t)i, (uint64_t)(long long)floor(ctx->t / 2));
        snprintf(tl[i], sizeof tl[i], "N%02d", i);
        snprintf(tv[i], sizeof tv[i], "%.0f%%", (double)(load * 100));
        tiles[i] = (struct hex_tile){.label = tl[i],
                                     .value = tv[i],
                                     .frac = load,
                                     .active = load > 0.25f,
                                     .level = load > 0.9f ? LEVEL_ALERT
                                              : load > 0.75f ? LEVEL_CAUTION
                                                             : LEVEL_NOMINAL,
                                     .stale = i == 23};
    }
    cell_tag(ctx, cell[1], "HEX TILES");
    hex_tiles_draw(ctx, INNER(1), &(struct hex_tiles_view){.tiles = tiles, .count = 24});

    /* 2: lifelines */
    float lv[6][90];
    struct lifeline lines[6];
    static const char *const svc[6] = {"API", "AUTH", "DB", "CACHE", "QUEUE", "EDGE"};
    static const char *const lat[6] = {"12 MS", "8 MS", "41 MS", "2 MS", "19 MS", "7 MS"};
    for (int i = 0; i < 6; i++) {
        sample_series(ctx, lv[i], 90, 0.5f, 0.4f, 0.2f + 0.05f * (float)i, 30 + (uint64_t)i);
        lines[i] = (struct lifeline){.label = svc[i],
                                     .values = lv[i],
                                     .count = 90,
                                     .value = lat[i],
                                     .level = i == 2 ? LEVEL_ALERT : LEVEL_NOMINAL,
                                     .stale = i == 5};
    }
    cell_tag(ctx, cell[2], "LIFELINES");
    lifelines_draw(ctx, INNER(2), &(struct lifelines_view){.channels = lines, .count = 6});

    /* 3: terminal */
    static const char *const log[] = {
        "magi[1201]: BALTHASAR vote +1 (memory 53%)",
        "magi[1201]: CASPER vote +1 (storage 84%)",
        "magi[1201]: MELCHIOR vote +1 (cpu 44%)",
        "kernel: nvme0: temperature 41C",
        "systemd[1]: Started backup.service",
        "sshd[3120]: Accepted publickey for ops",
        "magi[1201]: resolution APPROVED 3:0",
        "kernel: EXT4-fs (/data): 98.7% used",
        "magi[1201]: countdown target /data",
        "cron[881]: (root) CMD (logrotate)",
        "magi[1201]: sample 1.00 s, sources 6/6",
    };
    cell_tag(ctx, cell[3], "TERMINAL");
    terminal_draw(ctx, INNER(3),
                  &(struct terminal_view){.title = "MAGI-01 :: SYSLOG",
                                          .lines = log,
                                          .count = (int)(sizeof log / sizeof *log),
                                          .first_number = 4088});

    /* 4: ring gauge at CAUTION, and a stale readout */
    cell_tag(ctx, cell[4], "RING / READOUT");
    struct box c4 = INNER(4);
    ring_gauge_draw(ctx, box_make(c4.x, c4.y, c4.h, c4.h),
                    &(struct ring_gauge_view){.frac = 0.8f,
                                              .limit = 0.74f,
                                              .caption = "GPU0 CORE",
                                              .value = "88.1",
                                              .detail = "°C  CAUTION",
                                              .level = LEVEL_CAUTION});
    readout_draw(ctx, box_make(c4.x + c4.h + u, c4.y, c4.w - c4.h - u, c4.h * 0.45f),
                 &(struct readout_view){.jp = "負荷", .en = "LOAD", .value = "41.3", .unit = "%"});
    readout_draw(ctx,
                 box_make(c4.x + c4.h + u, c4.y + c4.h * 0.5f, c4.w - c4.h - u, c4.h * 0.45f),
                 &(struct readout_view){.jp = "温度", .en = "TEMP", .value = "00.0", .stale = true});

    /* 5: graph with the reticle locked on the worst series */
    float g1[200], g2[200];
    sample_series(ctx, g1, 200, 0.5f, 0.3f, 0.05f, 40);
    sample_series(ctx, g2, 200, 0.9f, 0.45f, 0.08f, 41);
    struct graph_series gs[2] = {{.values = g1, .count = 200},
                                 {.values = g2, .count = 200, .color = PAL_ORANGE_HOT}};
    cell_tag(ctx, cell[5], "GRAPH / RETICLE");
    struct box c5 = INNER(5);
    graph_draw(ctx, c5,
               &(struct graph_view){.series = gs, .nseries = 2, .min = 0, .max = 1.8f,
                                    .unit = "LATENCY S", .span = "-50 S"});
    int worst = 0;
    for (int i = 1; i < 200; i++)
        if (g2[i] > g2[worst])
            worst = i;
    float pad = fmaxf(1.0f, 0.2f * u) + 0.4f * u;
    reticle_draw(ctx, c5,
                 &(struct reticle_view){
                     .x = c5.x + pad + (c5.w - 2 * pad) * (float)worst / 199.0f,
                     .y = c5.y + c5.h - pad - (c5.h - 2 * pad) * g2[worst] / 1.8f,
                     .locked = true,
                     .lock_t0 = floor(ctx->t / 4) * 4,
                     .readout = {g2[worst], (double)worst, -g2[worst], -(double)worst},
                     .label = "EDGE P99"});

    /* 6: PATTERN BLUE, re-detected every 8 s */
    cell_tag(ctx, cell[6], "PATTERN BLUE");
    pattern_blue_draw(ctx, INNER(6),
                      &(struct pattern_blue_view){
                          .t0 = floor(ctx->t / 8) * 8,
                          .classification = "ANOMALY: LATENCY P99 /API  +412 %  UNCLASSIFIED",
                          .confidence = 0.72f});

    /* 7: the vote deliberating, one denial, one without signal */
    cell_tag(ctx, cell[7], "MAGI VOTE");
    magi_vote_draw(ctx, INNER(7),
                   &(struct magi_vote_view){
                       .members = {{.signal = "SIGNAL: MEMORY", .state = VOTE_DELIBERATING},
                                   {.signal = "SIGNAL: STORAGE  98 %", .state = VOTE_DENY},
                                   {.state = VOTE_NO_SIGNAL}},
                       .left_lines = {"SUBJECT: HOST HEALTH", "QUORUM: 2 OF 3"},
                       .result = "DELIBERATING",
                       .stamp = "点検中",
                       .level = LEVEL_ALERT,
                       .footer = "VOTE 0 : 1  //  DELIBERATING"});

    /* 8: bars at CAUTION inside a hazard frame */
    cell_tag(ctx, cell[8], "HAZARD FRAME");
    struct box c8 = INNER(8);
    hazard_draw(ctx, c8, &(struct hazard_view){.kind = HAZARD_FRAME, .edge = true});
    struct bars_item bi[6] = {
        {.label = "GPU0", .frac = 0.84f, .value = "84", .level = LEVEL_CAUTION},
        {.label = "GPU1", .frac = 0.42f, .value = "42"},
        {.label = "GPU2", .frac = 0.97f, .value = "97", .level = LEVEL_ALERT},
        {.label = "GPU3", .frac = 0.12f, .value = "12"},
        {.label = "GPU4", .stale = true},
        {.label = "GPU5", .frac = 0.66f, .value = "66"},
    };
    bars_draw(ctx, box_inset(c8, 2.6f * u),
              &(struct bars_view){.items = bi, .count = 6, .threshold = 0.8f,
                                  .threshold_label = "80", .segments = 20});

    /* 9: plates and stamps */
    cell_tag(ctx, cell[9], "PLATES / STAMPS");
    struct box c9 = INNER(9);
    plate_draw(ctx, box_make(c9.x, c9.y + u, 14 * u, 7 * u),
               &(struct plate_view){.label = "LOAD AVG", .value = "6.08 5.71 4.93"});
    plate_draw(ctx, box_make(c9.x + 15 * u, c9.y + u, 14 * u, 9 * u),
               &(struct plate_view){.label = "QUEUE", .value = "1,204", .detail = "CAUTION",
                                    .level = LEVEL_CAUTION});
    plate_draw(ctx, box_make(c9.x + 30 * u, c9.y + u, 14 * u, 7 * u),
               &(struct plate_view){.label = "UPS", .value = "98 %", .stale = true});
    stamp_draw(ctx, box_make(c9.x, c9.y + 12 * u, 11 * u, 4.6f * u),
               &(struct stamp_view){.text = "監視中", .kind = STAMP_DOUBLE});
    stamp_draw(ctx, box_make(c9.x + 12 * u, c9.y + 12 * u, 12 * u, 4.6f * u),
               &(struct stamp_view){.text = "定期検診"});
    stamp_draw(ctx, box_make(c9.x + 25 * u, c9.y + 12 * u, 9 * u, 4.6f * u),
               &(struct stamp_view){.text = "警告", .kind = STAMP_FILLED, .level = LEVEL_ALERT});
    stamp_draw(ctx, box_make(c9.x + 35 * u, c9.y + 12.8f * u, 7 * u, 3 * u),
               &(struct stamp_view){.kind = STAMP_LIVE});
    info_block_draw(ctx, box_make(c9.x, c9.y + 18 * u, c9.w, 12 * u),
                    &(struct info_block_view){.code = "127",
                                              .keys = {"FILE", "EXTENTION", "EX_MODE",
                                                       "PRIORITY"},
                                              .values = {"MAGI_SYS", "4088", "OFF", "AAA"}});

    /* 10: rulers, marks and hazard shapes */
    cell_tag(ctx, cell[10], "RULERS / HAZARD");
    struct box c10 = INNER(10);
    rulers_marks_draw(ctx, box_make(c10.x + 4 * u, c10.y + 2 * u, 24 * u, 24 * u), 6 * u, 0);
    rulers_draw(ctx, box_make(c10.x, c10.y, 3 * u, c10.h),
                &(struct ruler_view){.side = RULER_RIGHT, .labels = true, .label_start = 30,
                                     .label_step = -10, .color = PAL_ORANGE});
    rulers_draw(ctx, box_make(c10.x + 4 * u, c10.y + c10.h - 3 * u, 26 * u, 3 * u),
                &(struct ruler_view){.side = RULER_ABOVE, .labels = true, .label_start = -10,
                                     .label_step = 10});
    hazard_draw(ctx, box_make(c10.x + 31 * u, c10.y, 15 * u, 9 * u),
                &(struct hazard_view){.kind = HAZARD_WEDGE, .edge = true});
    hazard_draw(ctx, box_make(c10.x + 31 * u, c10.y + 10 * u, 15 * u, 8 * u),
                &(struct hazard_view){.kind = HAZARD_BARS, .level = LEVEL_ALERT});
    hazard_draw(ctx, box_make(c10.x + 31 * u, c10.y + 19.5f * u, 15 * u, 8 * u),
                &(struct hazard_view){.kind = HAZARD_CAPS, .level = LEVEL_EMERGENCY});

    /* 11: countdown under an hour, blinking at ALERT */
    cell_tag(ctx, cell[11], "COUNTDOWN M:SS:CC");
    countdown_draw(ctx, INNER(11),
                   &(struct countdown_view){.remaining = 299.99 - fmod(ctx->t, 300.0),
                                            .running = true,
                                            .lines = {"TARGET: UPS BATTERY"},
                                            .mode = COUNTDOWN_MODE_RACING,
                                            .level = LEVEL_ALERT,
                                            .left = {"DRAW", "1.2 KW"},
                                            .right = {"CHARGE", "31 %"}});
#undef INNER
}

static void page_alert(const struct draw_ctx *ctx, struct box box)
{
    takeover_draw(ctx, box,
                  &(struct takeover_view){
                      .word = "ALERT",
                      .cause = "FILESYSTEM /DATA  98.7 %   —   ACTIVE TIME REMAINING  0:04:12"});
}

static void page_emergency(const struct draw_ctx *ctx, struct box box)
{
    takeover_draw(ctx, box,
                  &(struct takeover_view){
                      .word = "EMERGENCY",
                      .cause = "ALERTS FIRING  7   —   NODE-04 DOWN   —   QUORUM LOST  1 OF 3"});
}

static void page_wall(const struct draw_ctx *ctx, struct box box)
{
    hex_wall_draw(ctx, box, &(struct hex_wall_view){.lit = 0.8f});
}

static void page_cards(const struct draw_ctx *ctx, const struct page *p)
{
    title_card_draw(ctx, B(p, 0, 0, 96, 108),
                    &(struct title_card_view){.vertical = "第拾弐話",
                                              .horizontal = "使徒、襲来",
                                              .en = "EPISODE 12  //  EPOCH 12 OF 40",
                                              .black_field = true});
    refused_draw(ctx, B(p, 100, 30, 88, 44),
                 &(struct refused_view){.title = "DEPLOY REQUEST 4471",
                                        .from = "FROM: CI/MAIN    TO: PROD-EU    BY: MAGI-02"});
}

void gallery_draw(const struct draw_ctx *ctx, struct box box, int page)
{
    struct page p;
    p.k = fminf(box.w / 192.0f, box.h / 108.0f);
    p.x0 = box.x + (box.w - 192.0f * p.k) * 0.5f;
    p.y0 = box.y + (box.h - 108.0f * p.k) * 0.5f;
    switch (page) {
    case PAGE_SYSTEM:
        page_system(ctx, &p);
        break;
    case PAGE_SHEET:
        page_sheet(ctx, &p);
        break;
    case PAGE_ALERT:
        page_alert(ctx, box);
        break;
    case PAGE_WALL:
        page_wall(ctx, box);
        break;
    case PAGE_CARDS:
        page_cards(ctx, &p);
        break;
    case PAGE_EMERGENCY:
        page_emergency(ctx, box);
        break;
    default:
        break;
    }
}

/* --- benchmark ------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef void (*bench_fn)(const struct draw_ctx *ctx, void *arg);

static double bench_median_us(struct draw_ctx *ctx, bench_fn fn, void *arg, int rounds)
{
    double *t = malloc(sizeof(double) * (size_t)rounds);
    if (!t)
        return -1;
    fn(ctx, arg); /* warm-up: glyphs rasterised, batch grown */
    for (int i = 0; i < rounds; i++) {
        batch_clear(ctx->b);
        double t0 = clock_thread_cpu();
        fn(ctx, arg);
        t[i] = (clock_thread_cpu() - t0) * 1e6;
    }
    qsort(t, (size_t)rounds, sizeof *t, cmp_double);
    double m = t[rounds / 2];
    free(t);
    return m;
}

static void bench_system(const struct draw_ctx *ctx, void *arg)
{
    (void)arg;
    gallery_draw(ctx, box_make(0, 0, ctx->screen_w, ctx->screen_h), PAGE_SYSTEM);
}

static void bench_hex(const struct draw_ctx *ctx, void *arg)
{
    hex_tiles_draw(ctx, box_make(0, 0, ctx->screen_w, ctx->screen_h), arg);
}

static void bench_graph(const struct draw_ctx *ctx, void *arg)
{
    graph_draw(ctx, box_make(100, 100, 1400, 700), arg);
}

void widgets_bench(FILE *out, struct text *text, int rounds)
{
    if (rounds <= 0)
        rounds = 200;
    bool own = false;
    if (!text) {
        text = text_create(&(struct text_desc){.no_system_fallback = true});
        own = true;
        if (!text)
            return;
    }
    struct batch *b = batch_create(&(struct batch_desc){0});
    if (!b) {
        if (own)
            text_destroy(text);
        return;
    }
    text_bind_batch(text, b);
    double wake = INFINITY;
    struct draw_ctx ctx = {.b = b,
                           .text = text,
                           .pal = palette_default(),
                           .t = 12.5,
                           .wall = CLOCK_SIM_EPOCH + 12.5,
                           .u = 10.0f,
                           .screen_w = 1920,
                           .screen_h = 1080,
                           .anim_rate = 1.0f,
                           .seed = 1,
                           .wake_at = &wake};

    fprintf(out, "{\"bench\":\"widgets_system_page\",\"cpu_us\":%.1f}\n",
            bench_median_us(&ctx, bench_system, NULL, rounds));

    enum { HEX_N = 10000, GRAPH_N = 10000 };
    struct hex_tile *tiles = calloc(HEX_N, sizeof *tiles);
    float *values = malloc(sizeof(float) * GRAPH_N);
    if (tiles && values) {
        for (int i = 0; i < HEX_N; i++)
            tiles[i] = (struct hex_tile){.frac = ink_hash01(7, (uint64_t)i, 0),
                                         .active = (i % 3) != 0};
        struct hex_tiles_view hv = {.tiles = tiles, .count = HEX_N};
        fprintf(out, "{\"bench\":\"widgets_hex_10k\",\"cpu_us\":%.1f}\n",
                bench_median_us(&ctx, bench_hex, &hv, rounds));
        for (int i = 0; i < GRAPH_N; i++)
            values[i] = (float)sin(i * 0.01) + 0.3f * ink_hash01(9, (uint64_t)i, 0);
        struct graph_series s = {.values = values, .count = GRAPH_N};
        struct graph_view gv = {.series = &s, .nseries = 1};
        fprintf(out, "{\"bench\":\"widgets_graph_10k\",\"cpu_us\":%.1f}\n",
                bench_median_us(&ctx, bench_graph, &gv, rounds));
    }
    free(tiles);
    free(values);
    batch_destroy(b);
    if (own)
        text_destroy(text);
}
