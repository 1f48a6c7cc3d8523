/* jsonl: `jsonl:PATH` or `jsonl:-` — one JSON object per line, as a training
 * loop or a script writes them, from stdin, a FIFO, or a file being appended
 * (following truncation and rotation by inode, like `tail -F`).
 *
 * Every numeric field becomes a gauge named by the field (nested objects
 * joined with '_', names sanitised to Prometheus rules), booleans become 0/1,
 * configured string fields (desc->label_fields) become labels, and a numeric
 * `time`, `timestamp` or `ts` field (Unix seconds or milliseconds) stamps the
 * line instead of its arrival time. Every line's samples go into history,
 * not only the newest.
 *
 * A reader thread owns the input and never blocks the poller: it parses
 * lines as they come into a batch that poll() swaps out. When the batch
 * reaches JL_MAX_PENDING bytes (poll not keeping up) the reader stops reading
 * and the writer blocks on its pipe, so memory stays bounded and no line is
 * lost. Bad input is contained line by line: lines over 1 MiB are skipped,
 * invalid UTF-8 and nesting deeper than JSONL_MAX_DEPTH are rejected before
 * cJSON sees them (cJSON recurses per level), and each rejection is counted
 * (magi_jsonl_bad_lines_total) and reported.
 *
 * In a headless one-shot run (desc->one_shot, --list-metrics) a poll reads
 * the input to its end: stdin or a FIFO until the writer closes it, a file
 * to its current end.
 *
 * Depends on cJSON, core/log, core/clock, core/store, pthreads. */
#include "sources/jsonl.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"

#define JL_MAX_PENDING (32u * 1024 * 1024) /* parsed, not yet polled: bytes */
#define JL_TAIL_START (16 * 1024 * 1024)   /* a file opened bigger: read its tail */
#define JL_WAIT_MS 250                     /* re-check a file at least this often */
#define JL_MAX_NAME 512

/* --- names ------------------------------------------------------------------ */

void jsonl_sanitize_name(char *dst, size_t cap, const char *src, bool label)
{
    size_t o = 0;
    if (cap == 0) return;
    for (const char *p = src; *p && o + 1 < cap; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                  (!label && c == ':') || (o > 0 && c >= '0' && c <= '9');
        if (o == 0 && c >= '0' && c <= '9') {
            dst[o++] = '_';
            if (o + 1 >= cap) break;
            ok = true;
        }
        dst[o++] = ok ? c : '_';
    }
    if (o == 0) dst[o++] = '_';
    dst[o] = 0;
}

/* --- validation before cJSON ------------------------------------------------- */

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF, no
 * NUL. Returns the offset of the first bad byte, or len if all is well. */
static size_t jl_utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c == 0) return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned min, cp;
        if ((c & 0xe0) == 0xc0) {
            n = 1;
            cp = c & 0x1f;
            min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            cp = c & 0x0f;
            min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return i;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xc0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
        i += n + 1;
    }
    return len;
}

/* Nesting depth of objects and arrays, outside strings; stops counting past
 * the limit. */
static int jl_depth(const char *s, size_t len)
{
    int depth = 0, max = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max) {
                max = depth;
                if (max > JSONL_MAX_DEPTH) return max;
            }
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return max;
}

/* --- the line parser ---------------------------------------------------------- */

void jsonl_parser_init(struct jsonl_parser *p, const char *const *label_fields,
                       int label_field_count, jsonl_emit_fn emit, void *user)
{
    memset(p, 0, sizeof *p);
    p->label_fields = label_fields;
    p->label_field_count = label_field_count;
    p->emit = emit;
    p->user = user;
}

void jsonl_parser_free(struct jsonl_parser *p)
{
    free(p->buf);
    p->buf = NULL;
    p->len = p->cap = 0;
}

static void jl_reject(struct jsonl_parser *p, const char *fmt, const char *detail)
{
    p->bad_lines++;
    p->errors_seen++;
    char msg[160];
    snprintf(msg, sizeof msg, fmt, detail ? detail : "");
    snprintf(p->last_error, sizeof p->last_error, "line %llu: %s", (unsigned long long)p->line_no,
             msg);
}

static bool jl_is_time_field(const char *k)
{
    return strcmp(k, "time") == 0 || strcmp(k, "timestamp") == 0 || strcmp(k, "ts") == 0;
}

static bool jl_is_label_field(const struct jsonl_parser *p, const char *k)
{
    for (int i = 0; i < p->label_field_count; i++)
        if (p->label_fields[i] && strcmp(p->label_fields[i], k) == 0) return true;
    return false;
}

struct jl_line_ctx {
    struct jsonl_parser *p;
    const char *labels[2 * (SOURCE_MAX_LABEL_FIELDS + 1)];
    int nlabels;
    double ts;
    const cJSON *time_item; /* the field that stamped the line, not a series */
    int emitted;
};

static void jl_flatten(struct jl_line_ctx *c, const cJSON *obj, char *name, size_t nlen, bool top)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (!it->string) continue;
        if (top && (it == c->time_item || jl_is_label_field(c->p, it->string))) continue;
        if (!cJSON_IsNumber(it) && !cJSON_IsBool(it) && !cJSON_IsObject(it))
            continue; /* strings, arrays and null carry no gauge */
        char part[JL_MAX_NAME];
        jsonl_sanitize_name(part, sizeof part, it->string, false);
        size_t pl = strlen(part);
        /* "a" + "_" + "b": nested objects join with '_' (no leading digit
         * fix-up needed inside a name) */
        const char *add = part;
        if (nlen > 0 && part[0] == '_' && it->string[0] >= '0' && it->string[0] <= '9') {
            add = part + 1;
            pl--;
        }
        size_t need = nlen + (nlen ? 1 : 0) + pl;
        if (need >= JL_MAX_NAME)
            continue; /* absurdly long names are dropped, not truncated into clashes */
        size_t at = nlen;
        if (nlen) name[at++] = '_';
        memcpy(name + at, add, pl);
        name[at + pl] = 0;
        if (cJSON_IsObject(it)) {
            jl_flatten(c, it, name, at + pl, false);
        } else if (c->emitted < JSONL_MAX_FIELDS) {
            double v = cJSON_IsNumber(it) ? it->valuedouble : cJSON_IsTrue(it) ? 1.0 : 0.0;
            c->p->emit(c->p->user, name, c->labels, c->nlabels, v, c->ts);
            c->emitted++;
        }
        name[nlen] = 0;
    }
}

static void jl_line(struct jsonl_parser *p, char *line, size_t len, double arrival)
{
    p->line_no++;
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    size_t b = 0;
    while (b < len && (line[b] == ' ' || line[b] == '\t'))
        b++;
    if (b == len) return; /* blank lines are fine */
    line += b;
    len -= b;
    size_t bad = jl_utf8_check((const unsigned char *)line, len);
    if (bad < len) {
        char at[32];
        snprintf(at, sizeof at, "%zu", bad + b + 1);
        jl_reject(p, "invalid UTF-8 at byte %s", at);
        return;
    }
    if (jl_depth(line, len) > JSONL_MAX_DEPTH) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", JSONL_MAX_DEPTH);
        jl_reject(p, "nested deeper than %s levels", lim);
        return;
    }
    char saved = line[len];
    line[len] = 0;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(line, len + 1, &end, true);
    line[len] = saved;
    if (!root) {
        char near[24] = "";
        if (end && end >= line && end < line + len) {
            size_t k = 0;
            for (const char *q = end; q < line + len && k < 16; q++)
                near[k++] = (*q >= 0x20 && *q < 0x7f) ? *q : '?';
            near[k] = 0;
        }
        if (near[0])
            jl_reject(p, "invalid JSON near '%s'", near);
        else
            jl_reject(p, "invalid JSON%s", "");
        return;
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        jl_reject(p, "not a JSON object%s", "");
        return;
    }
    struct jl_line_ctx c = {.p = p};
    /* the line's timestamp */
    double ts = 0;
    for (const cJSON *it = root->child; it; it = it->next) {
        if (it->string && cJSON_IsNumber(it) && jl_is_time_field(it->string)) {
            double t = it->valuedouble;
            if (t > 1e11 && t < 1e14) t /= 1000.0; /* milliseconds */
            if (t > 1e8 && t < 1e11 && isfinite(t)) {
                ts = t;
                c.time_item = it;
                break;
            }
        }
    }
    if (ts == 0) {
        /* distinct, increasing stamps even for lines read in one go */
        ts = arrival > p->last_ts ? arrival : p->last_ts + 1e-6;
        p->last_ts = ts;
    }
    c.ts = ts;
    /* labels from the configured fields, in the configured order */
    char lname[SOURCE_MAX_LABEL_FIELDS][64];
    char lval[SOURCE_MAX_LABEL_FIELDS][64];
    for (int i = 0; i < p->label_field_count && i < SOURCE_MAX_LABEL_FIELDS; i++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, p->label_fields[i]);
        if (!f) continue;
        const char *v = NULL;
        if (cJSON_IsString(f)) {
            v = f->valuestring;
        } else if (cJSON_IsNumber(f)) {
            snprintf(lval[i], sizeof lval[i], "%.17g", f->valuedouble);
            v = lval[i];
        } else if (cJSON_IsBool(f)) {
            v = cJSON_IsTrue(f) ? "true" : "false";
        }
        if (!v) continue;
        jsonl_sanitize_name(lname[i], sizeof lname[i], p->label_fields[i], true);
        c.labels[2 * c.nlabels] = lname[i];
        c.labels[2 * c.nlabels + 1] = v;
        c.nlabels++;
    }
    char name[JL_MAX_NAME];
    name[0] = 0;
    jl_flatten(&c, root, name, 0, true);
    cJSON_Delete(root);
    p->lines++;
}

void jsonl_parser_feed(struct jsonl_parser *p, const char *data, size_t len, double arrival)
{
    while (len > 0) {
        const char *nl = memchr(data, '\n', len);
        size_t take = nl ? (size_t)(nl - data) : len;
        if (p->skipping) {
            if (nl) {
                p->skipping = false;
                p->len = 0;
            }
        } else if (p->len + take > JSONL_MAX_LINE) {
            p->line_no++;
            p->long_lines++;
            p->bad_lines++;
            p->errors_seen++;
            snprintf(p->last_error, sizeof p->last_error,
                     "line %llu: longer than %d bytes, skipped", (unsigned long long)p->line_no,
                     JSONL_MAX_LINE);
            p->len = 0;
            p->skipping = nl == NULL;
        } else {
            if (p->len + take + 1 > p->cap) {
                size_t nc = p->cap ? p->cap : 4096;
                while (nc < p->len + take + 1)
                    nc *= 2;
                char *nb = realloc(p->buf, nc);
                if (!nb) {
                    /* out of memory: drop this line rather than die */
                    p->len = 0;
                    p->skipping = nl == NULL;
                    goto next;
                }
                p->buf = nb;
                p->cap = nc;
            }
            memcpy(p->buf + p->len, data, take);
            p->len += take;
            if (nl) {
                jl_line(p, p->buf, p->len, arrival);
                p->len = 0;
            }
        }
    next:
        if (!nl) break;
        data = nl + 1;
        len -= take + 1;
    }
}

void jsonl_parser_finish(struct jsonl_parser *p, double arrival)
{
    if (!p->skipping && p->len > 0) jl_line(p, p->buf, p->len, arrival);
    p->len = 0;
    p->skipping = false;
}

/* --- parsed samples waiting for poll() ------------------------------------- */

struct jl_rec {
    double ts, v;
    uint32_t name;   /* offset into str */
    uint32_t labels; /* index into labs */
    uint16_t nlabels;
};

struct jl_batch {
    struct jl_rec *recs;
    size_t nrecs, caprecs;
    uint32_t *labs; /* string offsets, 2 per label */
    size_t nlabs, caplabs;
    char *str;
    size_t nstr, capstr;
};

static bool jl_grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return true;
    size_t nc = *cap ? *cap : 256;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * size);
    if (!np) return false;
    *p = np;
    *cap = nc;
    return true;
}

static size_t jl_batch_bytes(const struct jl_batch *b)
{
    return b->nrecs * sizeof *b->recs + b->nlabs * sizeof *b->labs + b->nstr;
}

static void jl_batch_clear(struct jl_batch *b)
{
    b->nrecs = b->nlabs = b->nstr = 0;
}

static void jl_batch_free(struct jl_batch *b)
{
    free(b->recs);
    free(b->labs);
    free(b->str);
    memset(b, 0, sizeof *b);
}

static bool jl_batch_str(struct jl_batch *b, const char *s, uint32_t *off)
{
    size_t n = strlen(s) + 1;
    if (b->nstr + n > UINT32_MAX || !jl_grow((void **)&b->str, &b->capstr, b->nstr + n, 1))
        return false;
    memcpy(b->str + b->nstr, s, n);
    *off = (uint32_t)b->nstr;
    b->nstr += n;
    return true;
}

/* --- the source ------------------------------------------------------------- */

struct jl_src {
    char *path;      /* NULL for stdin */
    char label[256]; /* the `path` label of the meta series */
    bool one_shot;
    char *lf_store[SOURCE_MAX_LABEL_FIELDS];
    const char *lf[SOURCE_MAX_LABEL_FIELDS];
    int nlf;

    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int wake[2];
    bool quit;

    /* shared with the reader, under mu */
    struct jl_batch pending;
    bool eof;              /* the input ended (stdin, FIFO, one-shot file) */
    char input_error[256]; /* cannot open, read error: cleared when reading works */
    uint64_t lines, bad_lines, errors_seen;
    char last_error[256];

    /* reader-thread only */
    struct jsonl_parser parser;

    /* poll-thread only */
    struct jl_batch spare;
    uint64_t errors_reported;
    double last_warn;
};

static void jl_emit_batch(void *user, const char *name, const char *const *labels, int nl, double v,
                          double ts)
{
    struct jl_src *J = user;
    struct jl_batch *b = &J->pending;
    uint32_t name_off;
    if (!jl_batch_str(b, name, &name_off)) return;
    if (!jl_grow((void **)&b->labs, &b->caplabs, b->nlabs + 2 * (size_t)nl, sizeof *b->labs))
        return;
    uint32_t lab0 = (uint32_t)b->nlabs;
    for (int i = 0; i < 2 * nl; i++) {
        uint32_t off;
        if (!jl_batch_str(b, labels[i], &off)) return;
        b->labs[b->nlabs++] = off;
    }
    if (!jl_grow((void **)&b->recs, &b->caprecs, b->nrecs + 1, sizeof *b->recs)) return;
    b->recs[b->nrecs++] = (struct jl_rec){
        .ts = ts, .v = v, .name = name_off, .labels = lab0, .nlabels = (uint16_t)nl};
}

/* Feeds a chunk under the lock, then publishes the counters. Waits while the
 * batch is full (poll() is behind): the writer then blocks, nothing is lost. */
static void jl_feed_locked(struct jl_src *J, const char *data, size_t n, double arrival)
{
    while (!J->quit && jl_batch_bytes(&J->pending) > JL_MAX_PENDING)
        pthread_cond_wait(&J->cv, &J->mu);
    jsonl_parser_feed(&J->parser, data, n, arrival);
    J->lines = J->parser.lines;
    J->bad_lines = J->parser.bad_lines;
    J->errors_seen = J->parser.errors_seen;
    memcpy(J->last_error, J->parser.last_error, sizeof J->last_error);
    pthread_cond_broadcast(&J->cv);
}

static void jl_finish_locked(struct jl_src *J)
{
    jsonl_parser_finish(&J->parser, clock_wall());
    J->lines = J->parser.lines;
    J->bad_lines = J->parser.bad_lines;
    J->errors_seen = J->parser.errors_seen;
    memcpy(J->last_error, J->parser.last_error, sizeof J->last_error);
}

static void jl_set_input_error(struct jl_src *J, const char *msg)
{
    pthread_mutex_lock(&J->mu);
    snprintf(J->input_error, sizeof J->input_error, "%s", msg);
    pthread_cond_broadcast(&J->cv);
    pthread_mutex_unlock(&J->mu);
}

/* Waits for input on fd (or a re-check timeout); false when told to quit. */
static bool jl_wait(struct jl_src *J, int fd, int timeout_ms)
{
    struct pollfd pf[2] = {{.fd = fd, .events = POLLIN}, {.fd = J->wake[0], .events = POLLIN}};
    int r = poll(pf, 2, timeout_ms);
    if (r > 0 && pf[1].revents) {
        char tmp[64];
        while (read(J->wake[0], tmp, sizeof tmp) > 0) {
        }
    }
    pthread_mutex_lock(&J->mu);
    bool quit = J->quit;
    pthread_mutex_unlock(&J->mu);
    return !quit;
}

static void jl_mark_eof(struct jl_src *J)
{
    pthread_mutex_lock(&J->mu);
    jl_finish_locked(J);
    J->eof = true;
    pthread_cond_broadcast(&J->cv);
    pthread_mutex_unlock(&J->mu);
}

/* stdin or a FIFO: read what comes until the writer closes (or forever, for
 * a FIFO opened read-write in live mode). */
static void jl_read_stream(struct jl_src *J, int fd)
{
    char *chunk = malloc(65536);
    if (!chunk) {
        jl_set_input_error(J, "out of memory");
        return;
    }
    while (jl_wait(J, fd, -1)) {
        ssize_t n = read(fd, chunk, 65536);
        if (n > 0) {
            pthread_mutex_lock(&J->mu);
            J->input_error[0] = 0;
            jl_feed_locked(J, chunk, (size_t)n, clock_wall());
            pthread_mutex_unlock(&J->mu);
        } else if (n == 0) {
            jl_mark_eof(J);
            break;
        } else if (errno != EINTR && errno != EAGAIN) {
            char msg[256];
            snprintf(msg, sizeof msg, "read: %s", strerror(errno));
            jl_set_input_error(J, msg);
            jl_mark_eof(J);
            break;
        }
    }
    free(chunk);
}

/* A regular file being appended: like `tail -F`, from the start (or the
 * last 16 MiB of a big file), following truncation and rotation. */
static void jl_read_file(struct jl_src *J)
{
    char *chunk = malloc(65536);
    if (!chunk) {
        jl_set_input_error(J, "out of memory");
        return;
    }
    /* inotify on the directory: modifications, creations, renames */
    int ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (ino >= 0) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", J->path);
        char *slash = strrchr(dir, '/');
        if (!slash)
            snprintf(dir, sizeof dir, ".");
        else if (slash == dir)
            dir[1] = 0;
        else
            *slash = 0;
        if (inotify_add_watch(ino, dir,
                              IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE |
                                  IN_MOVED_FROM | IN_ATTRIB) < 0) {
            close(ino);
            ino = -1;
        }
    }
    int fd = -1;
    struct stat cur;
    off_t off = 0;
    bool first_open = true;
    for (;;) {
        if (fd < 0) {
            fd = open(J->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
            if (fd < 0) {
                char msg[256];
                snprintf(msg, sizeof msg, "cannot open %s: %s", J->path, strerror(errno));
                jl_set_input_error(J, msg);
                if (J->one_shot) {
                    jl_mark_eof(J);
                    break;
                }
                if (!jl_wait(J, ino, 1000)) break;
                continue;
            }
            fstat(fd, &cur);
            off = 0;
            if (first_open && cur.st_size > JL_TAIL_START) {
                /* start in the last 16 MiB, at a line boundary */
                off = lseek(fd, cur.st_size - JL_TAIL_START, SEEK_SET);
                char c;
                while (read(fd, &c, 1) == 1) {
                    off++;
                    if (c == '\n') break;
                }
            }
            first_open = false;
            pthread_mutex_lock(&J->mu);
            J->input_error[0] = 0;
            pthread_mutex_unlock(&J->mu);
        }
        ssize_t n = read(fd, chunk, 65536);
        if (n > 0) {
            off += n;
            pthread_mutex_lock(&J->mu);
            jl_feed_locked(J, chunk, (size_t)n, clock_wall());
            bool quit = J->quit;
            pthread_mutex_unlock(&J->mu);
            if (quit) break;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        /* at the end of what is there: truncated? rotated? */
        struct stat sfd, spath;
        if (fstat(fd, &sfd) == 0 && sfd.st_size < off) {
            /* truncated in place (copytruncate): start over, and forget the
             * torn line the truncation cut */
            lseek(fd, 0, SEEK_SET);
            off = 0;
            pthread_mutex_lock(&J->mu);
            J->parser.len = 0;
            J->parser.skipping = false;
            pthread_mutex_unlock(&J->mu);
            continue;
        }
        if (stat(J->path, &spath) == 0 &&
            (spath.st_ino != cur.st_ino || spath.st_dev != cur.st_dev)) {
            /* rotated: the old file has been read to its end, the file that
             * now has the name is read from its start */
            pthread_mutex_lock(&J->mu);
            jl_finish_locked(J);
            pthread_mutex_unlock(&J->mu);
            close(fd);
            fd = -1;
            continue;
        }
        if (J->one_shot) {
            jl_mark_eof(J);
            break;
        }
        if (!jl_wait(J, ino, JL_WAIT_MS)) break;
        if (ino >= 0) {
            char ev[4096];
            while (read(ino, ev, sizeof ev) > 0) {
            }
        }
    }
    if (fd >= 0) close(fd);
    if (ino >= 0) close(ino);
    free(chunk);
}

static void *jl_main(void *arg)
{
    struct jl_src *J = arg;
    if (!J->path) {
        jl_read_stream(J, 0);
        return NULL;
    }
    struct stat st;
    if (stat(J->path, &st) == 0 && S_ISFIFO(st.st_mode)) {
        /* Live: read-write, so the FIFO never reports an end when a writer
         * goes away and the next writer is picked up. One-shot: read-only,
         * so the end of the writer is the end. */
        int fd = open(J->path, (J->one_shot ? O_RDONLY : O_RDWR) | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "cannot open %s: %s", J->path, strerror(errno));
            jl_set_input_error(J, msg);
            jl_mark_eof(J);
            return NULL;
        }
        jl_read_stream(J, fd);
        close(fd);
        return NULL;
    }
    jl_read_file(J);
    return NULL;
}

static void jl_destroy(struct source *s)
{
    struct jl_src *J = s->impl;
    if (!J) return;
    if (J->started) {
        pthread_mutex_lock(&J->mu);
        J->quit = true;
        pthread_cond_broadcast(&J->cv);
        pthread_mutex_unlock(&J->mu);
        char c = 1;
        ssize_t r = write(J->wake[1], &c, 1);
        (void)r;
        pthread_join(J->thread, NULL);
    }
    pthread_mutex_destroy(&J->mu);
    pthread_cond_destroy(&J->cv);
    close(J->wake[0]);
    close(J->wake[1]);
    jsonl_parser_free(&J->parser);
    jl_batch_free(&J->pending);
    jl_batch_free(&J->spare);
    for (int i = 0; i < J->nlf; i++)
        free(J->lf_store[i]);
    free(J->path);
    free(J);
    s->impl = NULL;
}

static bool jl_create(struct source *s, const struct source_desc *d, char *err, size_t err_size)
{
    const char *arg = d->spec ? strchr(d->spec, ':') : NULL;
    if (!arg || !arg[1]) {
        snprintf(err, err_size, "jsonl needs a path or '-': jsonl:PATH or jsonl:-");
        return false;
    }
    arg++;
    struct jl_src *J = calloc(1, sizeof *J);
    if (!J) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    J->one_shot = d->one_shot;
    if (strcmp(arg, "-") != 0) {
        J->path = strdup(arg);
        if (!J->path) {
            free(J);
            snprintf(err, err_size, "out of memory");
            return false;
        }
    }
    snprintf(J->label, sizeof J->label, "%s", J->path ? J->path : "stdin");
    for (int i = 0; i < d->label_field_count && i < SOURCE_MAX_LABEL_FIELDS; i++) {
        if (!d->label_fields[i]) continue;
        J->lf_store[J->nlf] = strdup(d->label_fields[i]);
        if (J->lf_store[J->nlf]) {
            J->lf[J->nlf] = J->lf_store[J->nlf];
            J->nlf++;
        }
    }
    pthread_mutex_init(&J->mu, NULL);
    pthread_cond_init(&J->cv, NULL);
    if (pipe2(J->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf(err, err_size, "pipe: %s", strerror(errno));
        J->wake[0] = J->wake[1] = -1;
        s->impl = J;
        jl_destroy(s);
        return false;
    }
    jsonl_parser_init(&J->parser, J->lf, J->nlf, jl_emit_batch, J);
    s->impl = J;
    if (pthread_create(&J->thread, NULL, jl_main, J) != 0) {
        snprintf(err, err_size, "cannot start the reader thread");
        jl_destroy(s);
        return false;
    }
    J->started = true;
    return true;
}

/* Moves a swapped-out batch into the sample buffer. */
static bool jl_drain(struct jl_src *J, struct jl_batch *b, struct sample_buf *out)
{
    bool ok = true;
    const char *labels[2 * (SOURCE_MAX_LABEL_FIELDS + 1)];
    for (size_t i = 0; i < b->nrecs && ok; i++) {
        const struct jl_rec *r = &b->recs[i];
        for (int k = 0; k < 2 * r->nlabels; k++)
            labels[k] = b->str + b->labs[r->labels + (uint32_t)k];
        ok = sample_buf_add(out, b->str + r->name, labels, r->nlabels, METRIC_GAUGE, r->v, r->ts);
    }
    jl_batch_clear(b);
    return ok;
}

static bool jl_poll(struct source *s, double now, struct sample_buf *out, char *err,
                    size_t err_size)
{
    struct jl_src *J = s->impl;
    bool buf_ok = true;
    size_t before = sample_buf_count(out);
    pthread_mutex_lock(&J->mu);
    if (J->one_shot) {
        /* read to the end, draining as we go so the reader never stalls */
        for (;;) {
            while (!J->eof && !J->quit && jl_batch_bytes(&J->pending) < JL_MAX_PENDING / 2)
                pthread_cond_wait(&J->cv, &J->mu);
            struct jl_batch tmp = J->pending;
            J->pending = J->spare;
            J->spare = tmp;
            bool done = J->eof || J->quit;
            pthread_cond_broadcast(&J->cv);
            pthread_mutex_unlock(&J->mu);
            if (!jl_drain(J, &J->spare, out)) buf_ok = false;
            pthread_mutex_lock(&J->mu);
            if (done) break;
        }
    }
    struct jl_batch tmp = J->pending;
    J->pending = J->spare;
    J->spare = tmp;
    pthread_cond_broadcast(&J->cv);
    bool eof = J->eof;
    uint64_t lines = J->lines, bad = J->bad_lines, seen = J->errors_seen;
    char input_error[256], last_error[256];
    memcpy(input_error, J->input_error, sizeof input_error);
    memcpy(last_error, J->last_error, sizeof last_error);
    pthread_mutex_unlock(&J->mu);
    if (!jl_drain(J, &J->spare, out)) buf_ok = false;
    size_t got = sample_buf_count(out) - before;

    const char *ml[2] = {"path", J->label};
    sample_buf_add(out, "magi_jsonl_lines_total", ml, 1, METRIC_COUNTER, (double)lines, 0);
    sample_buf_add(out, "magi_jsonl_bad_lines_total", ml, 1, METRIC_COUNTER, (double)bad, 0);
    sample_buf_set_help(out, "magi_jsonl_lines_total", "JSON lines read and parsed.");
    sample_buf_set_help(out, "magi_jsonl_bad_lines_total",
                        "JSON lines rejected (syntax, UTF-8, nesting, length).");

    if (!buf_ok) {
        snprintf(err, err_size, "too many samples for one poll; some were dropped");
        return false;
    }
    if (input_error[0] && got == 0) {
        snprintf(err, err_size, "%s", input_error);
        return false;
    }
    /* Bad lines: "N bad lines, the last at line M: reason". With nothing good
     * in this poll that is the poll's error (the manager logs it); mixed with
     * good lines it is logged here, the first at once and then at most every
     * 10 s, and the good lines are kept. */
    bool new_errors = seen > J->errors_reported;
    char why[400];
    uint64_t k = seen - J->errors_reported;
    if (k > 1)
        snprintf(why, sizeof why, "%llu bad lines, the last at %s", (unsigned long long)k,
                 last_error);
    else
        snprintf(why, sizeof why, "%s", last_error);
    if (new_errors && got == 0) {
        J->errors_reported = seen;
        snprintf(err, err_size, "%s", why);
        return false;
    }
    if (new_errors && (J->errors_reported == 0 || now - J->last_warn >= 10 || now < J->last_warn)) {
        log_warn("source", "%s: %s", s->name ? s->name : "jsonl", why);
        J->errors_reported = seen;
        J->last_warn = now;
    }
    if (eof && got == 0 && !J->one_shot) {
        snprintf(err, err_size, "end of input after %llu lines", (unsigned long long)lines);
        return false;
    }
    return true;
}

const struct source_ops source_kind_jsonl = {
    .kind = "jsonl",
    .default_interval = 1.0,
    .deterministic = false,
    .create = jl_create,
    .poll = jl_poll,
    .interrupt = NULL,
    .destroy = jl_destroy,
};
