/* promql: `promql:URL` asks a Prometheus server, e.g.
 *
 *   promql:http://127.0.0.1:9090/api/v1/query?query=node_load1
 *   promql:http://prom:9090/api/v1/query?query=sum%20by%20(instance)(up)#name=targets_up
 *
 * Each poll GETs the URL (the PromQL in its query= parameter, URL-encoded) and
 * turns the result into samples with the result's own labels and metric name:
 * vector and scalar results become one sample per element at the commit time,
 * matrix results keep their timestamps. A result without __name__ (anything
 * computed: sum(...), rate(...), a scalar) is named by the `#name=NAME`
 * fragment of the spec if given (the fragment is never sent), else by
 * promql_name_from_query(). On the first poll the same query is also asked of
 * /api/v1/query_range over the last 300 intervals (at most an hour) so graphs
 * start full; a failed back-fill is logged once and does not fail the poll.
 * The back-fill is history (sample_buf_add_history): what the instant query
 * no longer returns, Prometheus no longer has, so such a series is fresh only
 * as of its newest back-filled point and goes stale as it would have on a
 * screen that had been polling all along (a resolved alert does not fire
 * again for 3 intervals at start).
 * Error responses report Prometheus's own errorType and error text.
 * The response is read with json_read, in place: a tree-building parser
 * (cJSON) alone took longer than the 10 ms budget for a 10,000-sample vector.
 * Depends on http, json_read, prom_text (value spelling). */
#include "sources/promql.h"

#include <ctype.h>
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "sources/http.h"
#include "sources/json_read.h"
#include "sources/prom_text.h"

#define MAX_SERIES 100000
#define MAX_LABELS 128
#define BACKFILL_POINTS 300
#define BACKFILL_MAX_WINDOW 3600.0

struct promql {
    struct http_client *http;
    char *url;       /* without the fragment */
    char *range_url; /* query_range without start/end/step */
    char name[256];  /* for results without __name__ */
    bool backfilled;
};

void promql_name_from_query(const char *query, char *out, size_t size)
{
    size_t n = 0;
    bool gap = false;
    for (const char *p = query; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = isalnum(c) || c == '_' || c == ':';
        if (!ok) {
            gap = n > 0;
            continue;
        }
        if (n + (gap || (n == 0 && isdigit(c)) ? 2 : 1) >= size)
            break;
        if (gap) {
            out[n++] = '_';
            gap = false;
        }
        if (n == 0 && isdigit(c))
            out[n++] = '_';
        out[n++] = (char)c;
    }
    if (n == 0 && size > 6) {
        memcpy(out, "promql", 6);
        n = 6;
    }
    out[n < size ? n : size - 1] = 0;
}

/* The decoded value of parameter `key` in a URL query string, or NULL. */
static char *query_param(const char *query, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = query; p && *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
            char *v = strndup(p + kl + 1, len - kl - 1);
            if (!v)
                return NULL;
            for (char *c = v; *c; c++)
                if (*c == '+')
                    *c = ' ';
            int outlen = 0;
            char *dec = curl_easy_unescape(NULL, v, 0, &outlen);
            free(v);
            if (!dec)
                return NULL;
            char *r = strdup(dec);
            curl_free(dec);
            return r;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

static bool promql_create(struct source *s, const struct source_desc *d, char *err,
                          size_t err_size)
{
    const char *spec_url = source_spec_arg(d->spec);
    if (strncmp(spec_url, "http://", 7) != 0 && strncmp(spec_url, "https://", 8) != 0) {
        snprintf(err, err_size, "expected an http:// or https:// URL after promql:");
        return false;
    }
    struct promql *pq = calloc(1, sizeof *pq);
    if (!pq)
        return false;
    const char *hash = strchr(spec_url, '#');
    pq->url = strndup(spec_url, hash ? (size_t)(hash - spec_url) : strlen(spec_url));
    CURLU *u = curl_url();
    char *path = NULL, *query = NULL, *q = NULL;
    bool ok = false;
    if (!pq->url || !u || curl_url_set(u, CURLUPART_URL, pq->url, 0) != CURLUE_OK) {
        snprintf(err, err_size, "invalid URL");
    } else if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK ||
               strlen(path) < 13 || strcmp(path + strlen(path) - 13, "/api/v1/query") != 0) {
        snprintf(err, err_size, "expected a URL ending in /api/v1/query?query=...");
    } else if (curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK ||
               !(q = query_param(query, "query")) || !q[0]) {
        snprintf(err, err_size, "the URL needs a query= parameter holding the PromQL");
    } else {
        ok = true;
        /* the back-fill asks query_range with the same parameters */
        size_t pl = strlen(path);
        char *rpath = malloc(pl + 7);
        if (rpath) {
            snprintf(rpath, pl + 7, "%s_range", path);
            char *ru = NULL;
            if (curl_url_set(u, CURLUPART_PATH, rpath, 0) == CURLUE_OK &&
                curl_url_get(u, CURLUPART_URL, &ru, 0) == CURLUE_OK) {
                pq->range_url = strdup(ru);
                curl_free(ru);
            }
            free(rpath);
        }
    }
    if (ok) {
        const char *name = hash && strncmp(hash + 1, "name=", 5) == 0 ? hash + 6 : NULL;
        if (name && name[0]) {
            promql_name_from_query(name, pq->name, sizeof pq->name);
            if (strcmp(pq->name, name) != 0) {
                snprintf(err, err_size, "#name=%s is not a valid metric name", name);
                ok = false;
            }
        } else {
            promql_name_from_query(q, pq->name, sizeof pq->name);
        }
    }
    curl_free(path);
    curl_free(query);
    free(q);
    curl_url_cleanup(u);
    if (ok && !(pq->http = http_create())) {
        snprintf(err, err_size, "cannot set up HTTP");
        ok = false;
    }
    if (!ok) {
        free(pq->url);
        free(pq->range_url);
        free(pq);
        return false;
    }
    s->impl = pq;
    return true;
}

/* --- the response ------------------------------------------------------------ */

struct ingest {
    struct sample_buf *out;
    const char *default_name;
    bool keep_ts;
    double max_ts;
    char *scratch;
    size_t scratch_cap;
    char *err;
    size_t err_size;
    size_t series;
};

/* Error texts can quote the response (a result type, the server's message);
 * the log and the on-screen plate take one line, so control bytes become spaces. */
static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = ' ';
}

static bool ing_fail(struct ingest *g, const char *msg)
{
    snprintf(g->err, g->err_size, "%s", msg);
    one_line(g->err);
    return false;
}

/* Room for `more` bytes at scratch offset `used`. */
static void scratch_reserve(struct ingest *g, size_t used, size_t more)
{
    if (used + more <= g->scratch_cap)
        return;
    size_t cap = g->scratch_cap ? g->scratch_cap * 2 : 4096;
    while (cap < used + more)
        cap *= 2;
    g->scratch = realloc(g->scratch, cap);
    if (!g->scratch)
        abort();
    g->scratch_cap = cap;
}

/* [ <unix seconds>, "<value as a string>" ]; ts may be NULL (checked, not
 * converted). */
static bool read_pair(struct jread *r, double *ts, double *v)
{
    struct jstr s;
    int i = 0;
    char buf[3 * 64 + 1];
    if (!jread_arr_begin(r) || !jread_arr_next(r, &i))
        return false;
    if (ts ? !jread_number(r, ts) : (jread_peek(r) != J_NUM || !jread_skip(r)))
        return false;
    if (!jread_arr_next(r, &i) || !jread_string(r, &s) || s.len > 64)
        return false;
    size_t n = jstr_decode(&s, buf);
    if (!prom_text_parse_value(buf, n, v))
        return false;
    return !jread_arr_next(r, &i) && !r->failed;
}

/* A result's "metric" object: label names and values decoded into the
 * scratch buffer, as offsets (it may move while it grows). */
struct labels {
    size_t off[2 * MAX_LABELS];
    int n;
    long name; /* offset of __name__'s value, -1 if none */
};

static bool read_labels(struct ingest *g, struct jread *r, struct labels *l)
{
    l->n = 0;
    l->name = -1;
    size_t used = 0;
    if (!jread_obj_begin(r))
        return false;
    struct jstr k, v;
    int i = 0;
    while (jread_obj_next(r, &i, &k)) {
        if (!jread_string(r, &v))
            return false;
        scratch_reserve(g, used, 3 * (k.len + v.len) + 2);
        size_t ko = used;
        used += jstr_decode(&k, g->scratch + used) + 1;
        size_t vo = used;
        used += jstr_decode(&v, g->scratch + used) + 1;
        if (g->scratch[ko] == '_' && strcmp(g->scratch + ko, "__name__") == 0) {
            l->name = (long)vo;
            continue;
        }
        if (l->n == MAX_LABELS)
            return false;
        l->off[2 * l->n] = ko;
        l->off[2 * l->n + 1] = vo;
        l->n++;
    }
    return !r->failed;
}

static bool add_samples(struct ingest *g, struct jread *r, const struct labels *l, bool matrix)
{
    const char *labels[2 * MAX_LABELS];
    for (int i = 0; i < 2 * l->n; i++)
        labels[i] = g->scratch + l->off[i];
    const char *name = l->name >= 0 ? g->scratch + l->name : g->default_name;
    double ts = 0, v;
    if (!matrix) {
        if (!read_pair(r, g->keep_ts ? &ts : NULL, &v))
            return ing_fail(g, "malformed value in the result");
        if (!sample_buf_add(g->out, name, labels, l->n, METRIC_UNTYPED, v, ts))
            return ing_fail(g, "too many samples");
        return true;
    }
    int j = 0;
    if (!jread_arr_begin(r))
        return ing_fail(g, "malformed values in the result");
    while (jread_arr_next(r, &j)) {
        if (!read_pair(r, &ts, &v))
            return ing_fail(g, "malformed value in the result");
        if (g->max_ts > 0 && ts > g->max_ts)
            continue;
        /* A back-fill (max_ts set) is history: it says what was, not what is.
         * A series that only the back-fill knows (an alert that has since
         * resolved, a node gone) is fresh only as of its newest point, so
         * it does not pass for current until it is 3 intervals old. */
        bool ok = g->max_ts > 0
                      ? sample_buf_add_history(g->out, name, labels, l->n, METRIC_UNTYPED, v,
                                               ts > 0 ? ts : 1e-3)
                      : sample_buf_add(g->out, name, labels, l->n, METRIC_UNTYPED, v,
                                       ts != 0 ? ts : 1e-3);
        if (!ok)
            return ing_fail(g, "too many samples");
    }
    return !r->failed || ing_fail(g, "malformed values in the result");
}

static bool read_element(struct ingest *g, struct jread *r, bool matrix)
{
    /* Prometheus writes "metric" before "value(s)": read both in place then;
     * in any other order remember where the value is and come back to it. */
    struct labels l = {.n = 0, .name = -1};
    bool have_labels = false, have_value = false;
    const char *value_at = NULL;
    struct jstr k;
    int i = 0;
    if (!jread_obj_begin(r))
        return ing_fail(g, matrix ? "malformed matrix result" : "malformed vector result");
    if (++g->series > MAX_SERIES) {
        char msg[64];
        snprintf(msg, sizeof msg, "more than %d series", MAX_SERIES);
        return ing_fail(g, msg);
    }
    while (jread_obj_next(r, &i, &k)) {
        if (jstr_eq(&k, "metric") && !have_labels) {
            if (!read_labels(g, r, &l))
                return ing_fail(g, "malformed metric labels in the result");
            have_labels = true;
        } else if (jstr_eq(&k, matrix ? "values" : "value") && !have_value) {
            have_value = true;
            if (have_labels) {
                if (!add_samples(g, r, &l, matrix))
                    return false;
            } else {
                jread_peek(r);
                value_at = r->p;
                if (!jread_skip(r))
                    break;
            }
        } else if (!jread_skip(r)) {
            break;
        }
    }
    if (r->failed)
        return ing_fail(g, "the response is not valid JSON");
    if (!have_value)
        return ing_fail(g, matrix ? "malformed values in the result"
                                  : "malformed value in the result");
    if (value_at) {
        struct jread vr;
        jread_init(&vr, value_at, (size_t)(r->end - value_at));
        return add_samples(g, &vr, &l, matrix);
    }
    return true;
}

static bool read_result(struct ingest *g, struct jread *r, const struct jstr *rtype)
{
    if (jstr_eq(rtype, "scalar")) {
        double ts, v;
        if (!read_pair(r, &ts, &v))
            return ing_fail(g, "malformed scalar result");
        if (!sample_buf_add(g->out, g->default_name, NULL, 0, METRIC_UNTYPED, v,
                            g->keep_ts ? ts : 0))
            return ing_fail(g, "sample too large for the buffer");
        return true;
    }
    bool vector = jstr_eq(rtype, "vector"), matrix = jstr_eq(rtype, "matrix");
    if (!vector && !matrix) {
        char t[32];
        struct jstr cut = *rtype;
        if (cut.len > 8)
            cut.len = 8;
        jstr_decode(&cut, t);
        char msg[96];
        snprintf(msg, sizeof msg, "%s results are not supported", t);
        return ing_fail(g, msg);
    }
    int i = 0;
    if (!jread_arr_begin(r))
        return ing_fail(g, vector ? "malformed vector result" : "malformed matrix result");
    while (jread_arr_next(r, &i))
        if (!read_element(g, r, matrix))
            return false;
    return !r->failed || ing_fail(g, "the response is not valid JSON");
}

bool promql_ingest(const char *json, size_t len, const char *default_name, bool keep_ts,
                   double max_ts, struct sample_buf *out, char *err, size_t err_size)
{
    struct ingest g = {out, default_name, keep_ts, max_ts, NULL, 0, err, err_size, 0};
    struct jread r;
    jread_init(&r, json, len);
    struct jstr key, status = {0}, etype = {0}, emsg = {0}, rtype = {0};
    bool have_status = false, have_rtype = false, have_result = false, ok = true;
    const char *result_at = NULL;
    int i = 0;
    if (!jread_obj_begin(&r)) {
        free(g.scratch);
        return ing_fail(&g, "the response is not valid JSON");
    }
    while (ok && jread_obj_next(&r, &i, &key)) {
        struct jstr *str = jstr_eq(&key, "status")      ? &status
                           : jstr_eq(&key, "errorType") ? &etype
                           : jstr_eq(&key, "error")     ? &emsg
                                                        : NULL;
        if (str && jread_peek(&r) == J_STR) {
            jread_string(&r, str);
            if (str == &status)
                have_status = true;
            continue;
        }
        if (!jstr_eq(&key, "data") || jread_peek(&r) != J_OBJ) {
            jread_skip(&r);
            continue;
        }
        /* data: resultType normally comes first; if not, come back for result */
        int j = 0;
        struct jstr k2;
        jread_obj_begin(&r);
        while (ok && jread_obj_next(&r, &j, &k2)) {
            if (jstr_eq(&k2, "resultType") && jread_peek(&r) == J_STR) {
                have_rtype = jread_string(&r, &rtype);
            } else if (jstr_eq(&k2, "result")) {
                have_result = true;
                if (have_rtype) {
                    ok = read_result(&g, &r, &rtype);
                } else {
                    jread_peek(&r);
                    result_at = r.p;
                    jread_skip(&r);
                }
            } else {
                jread_skip(&r);
            }
        }
    }
    if (ok && (r.failed || !jread_at_end(&r)))
        ok = ing_fail(&g, "the response is not valid JSON");
    if (ok && have_status && jstr_eq(&status, "error")) {
        char *a = malloc(3 * etype.len + 1), *b = malloc(3 * emsg.len + 1);
        if (!a || !b)
            abort();
        jstr_decode(&etype, a);
        jstr_decode(&emsg, b);
        snprintf(err, err_size, "%s: %s", etype.s ? a : "error", emsg.s ? b : "(no error text)");
        one_line(err);
        free(a);
        free(b);
        ok = false;
    } else if (ok && (!have_status || !jstr_eq(&status, "success") || !have_rtype ||
                      !have_result)) {
        ok = ing_fail(&g, "not a Prometheus query API response");
    } else if (ok && result_at) {
        struct jread rr;
        jread_init(&rr, result_at, (size_t)(json + len - result_at));
        ok = read_result(&g, &rr, &rtype);
    }
    free(g.scratch);
    return ok;
}

/* GET + ingest; a non-2xx status without an API error body is reported as such. */
static bool fetch(struct source *s, const char *url, bool keep_ts, double max_ts,
                  struct sample_buf *out, char *err, size_t err_size)
{
    struct promql *pq = s->impl;
    struct http_request req = {
        .url = url,
        .connect_timeout = s->desc.connect_timeout,
        .timeout = s->desc.timeout,
        .accept = "application/json",
    };
    struct http_response r;
    struct http_secrets sec;
    bool got = http_prepare(&s->desc.http, &req, &sec, err, err_size) &&
               http_get(pq->http, &req, &r, err, err_size);
    http_secrets_clear(&sec);
    if (!got)
        return false;
    if (promql_ingest(r.body, r.len, pq->name, keep_ts, max_ts, out, err, err_size)) {
        if (r.status >= 200 && r.status <= 299)
            return true;
        snprintf(err, err_size, "HTTP status %ld", r.status);
        return false;
    }
    /* keep Prometheus's own error text when there is one */
    bool api_error = strstr(err, "not valid JSON") == NULL &&
                     strstr(err, "not a Prometheus") == NULL;
    if ((r.status < 200 || r.status > 299) && !api_error) {
        char first[121] = "";
        size_t n = 0;
        for (size_t i = 0; i < r.len && n < sizeof first - 1; i++) {
            unsigned char c = (unsigned char)r.body[i];
            if (c == '\n' || c == '\r')
                break;
            first[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
        }
        first[n] = 0;
        snprintf(err, err_size, n ? "HTTP status %ld: %s" : "HTTP status %ld", r.status, first);
    }
    return false;
}

static void backfill(struct source *s, double now, struct sample_buf *out)
{
    struct promql *pq = s->impl;
    if (!pq->range_url)
        return;
    double step = s->desc.interval > 1 ? s->desc.interval : 1;
    double window = step * BACKFILL_POINTS;
    if (window > BACKFILL_MAX_WINDOW)
        window = BACKFILL_MAX_WINDOW;
    size_t len = strlen(pq->range_url) + 128;
    char *url = malloc(len);
    if (!url)
        return;
    snprintf(url, len, "%s%sstart=%.3f&end=%.3f&step=%g", pq->range_url,
             strchr(pq->range_url, '?') ? "&" : "?", now - window, now, step);
    char err[512];
    /* keep clear of the live sample at `now` even if the server's clock runs ahead */
    if (!fetch(s, url, true, now - step / 2, out, err, sizeof err)) {
        sample_buf_reset(out);
        if (strcmp(err, "interrupted") != 0)
            log_info("promql", "%s: no back-fill: %s", s->name, err);
    }
    free(url);
}

static bool promql_poll(struct source *s, double now, struct sample_buf *out, char *err,
                        size_t err_size)
{
    struct promql *pq = s->impl;
    if (!pq->backfilled && !s->desc.one_shot) {
        pq->backfilled = true;
        backfill(s, now, out);
    }
    return fetch(s, pq->url, false, 0, out, err, err_size);
}

static void promql_interrupt(struct source *s)
{
    struct promql *pq = s->impl;
    http_interrupt(pq->http);
}

static void promql_destroy(struct source *s)
{
    struct promql *pq = s->impl;
    if (!pq)
        return;
    http_destroy(pq->http);
    free(pq->url);
    free(pq->range_url);
    free(pq);
}

const struct source_ops source_kind_promql = {
    .kind = "promql",
    .default_interval = 5.0,
    .complete = true,
    .create = promql_create,
    .poll = promql_poll,
    .interrupt = promql_interrupt,
    .destroy = promql_destroy,
};
