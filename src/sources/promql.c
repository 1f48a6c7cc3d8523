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
 * Error responses report Prometheus's own errorType and error text.
 * Depends on http, prom_text (value spelling), cJSON. */
#include "sources/promql.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "sources/http.h"
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

static bool sample_value(const cJSON *pair, double *ts, double *v)
{
    /* [ <unix seconds>, "<value as a string>" ] */
    if (!cJSON_IsArray(pair) || cJSON_GetArraySize(pair) != 2)
        return false;
    const cJSON *t = pair->child, *s = pair->child->next;
    if (!cJSON_IsNumber(t) || !cJSON_IsString(s))
        return false;
    *ts = t->valuedouble;
    return prom_text_parse_value(s->valuestring, strlen(s->valuestring), v);
}

/* Label pairs of a result's "metric" object; *name set from __name__. */
static bool result_labels(const cJSON *metric, const char **labels, int *n, const char **name)
{
    *n = 0;
    if (!metric)
        return true;
    if (!cJSON_IsObject(metric))
        return false;
    for (const cJSON *l = metric->child; l; l = l->next) {
        if (!cJSON_IsString(l) || !l->string)
            return false;
        if (strcmp(l->string, "__name__") == 0) {
            *name = l->valuestring;
            continue;
        }
        if (*n == MAX_LABELS)
            return false;
        labels[2 * *n] = l->string;
        labels[2 * *n + 1] = l->valuestring;
        (*n)++;
    }
    return true;
}

bool promql_ingest(const char *json, size_t len, const char *default_name, bool keep_ts,
                   double max_ts, struct sample_buf *out, char *err, size_t err_size)
{
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (!root) {
        snprintf(err, err_size, "the response is not valid JSON");
        return false;
    }
    bool ok = false;
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(root, "status");
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    const cJSON *rtype = cJSON_GetObjectItemCaseSensitive(data, "resultType");
    const cJSON *result = cJSON_GetObjectItemCaseSensitive(data, "result");
    const char *labels[2 * MAX_LABELS];
    if (cJSON_IsString(status) && strcmp(status->valuestring, "error") == 0) {
        const cJSON *et = cJSON_GetObjectItemCaseSensitive(root, "errorType");
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
        snprintf(err, err_size, "%s: %s", cJSON_IsString(et) ? et->valuestring : "error",
                 cJSON_IsString(e) ? e->valuestring : "(no error text)");
    } else if (!cJSON_IsString(status) || strcmp(status->valuestring, "success") != 0 ||
               !cJSON_IsString(rtype) || !result) {
        snprintf(err, err_size, "not a Prometheus query API response");
    } else if (strcmp(rtype->valuestring, "scalar") == 0) {
        double ts, v;
        if (!sample_value(result, &ts, &v))
            snprintf(err, err_size, "malformed scalar result");
        else if (!sample_buf_add(out, default_name, NULL, 0, METRIC_UNTYPED, v, keep_ts ? ts : 0))
            snprintf(err, err_size, "sample too large for the buffer");
        else
            ok = true;
    } else if (strcmp(rtype->valuestring, "vector") == 0 ||
               strcmp(rtype->valuestring, "matrix") == 0) {
        bool matrix = rtype->valuestring[0] == 'm';
        if (!cJSON_IsArray(result)) {
            snprintf(err, err_size, "malformed %s result", rtype->valuestring);
        } else if (cJSON_GetArraySize(result) > MAX_SERIES) {
            snprintf(err, err_size, "more than %d series", MAX_SERIES);
        } else {
            ok = true;
            for (const cJSON *r = result->child; r && ok; r = r->next) {
                const char *name = default_name;
                int n;
                if (!result_labels(cJSON_GetObjectItemCaseSensitive(r, "metric"), labels, &n,
                                   &name)) {
                    snprintf(err, err_size, "malformed metric labels in the result");
                    ok = false;
                    break;
                }
                double ts, v;
                if (!matrix) {
                    if (!sample_value(cJSON_GetObjectItemCaseSensitive(r, "value"), &ts, &v)) {
                        snprintf(err, err_size, "malformed value in the result");
                        ok = false;
                    } else if (!sample_buf_add(out, name, labels, n, METRIC_UNTYPED, v,
                                               keep_ts ? ts : 0)) {
                        snprintf(err, err_size, "too many samples");
                        ok = false;
                    }
                    continue;
                }
                const cJSON *values = cJSON_GetObjectItemCaseSensitive(r, "values");
                if (!cJSON_IsArray(values)) {
                    snprintf(err, err_size, "malformed values in the result");
                    ok = false;
                    break;
                }
                for (const cJSON *pv = values->child; pv; pv = pv->next) {
                    if (!sample_value(pv, &ts, &v)) {
                        snprintf(err, err_size, "malformed value in the result");
                        ok = false;
                        break;
                    }
                    if (max_ts > 0 && ts > max_ts)
                        break;
                    if (!sample_buf_add(out, name, labels, n, METRIC_UNTYPED, v,
                                        ts != 0 ? ts : 1e-3)) {
                        snprintf(err, err_size, "too many samples");
                        ok = false;
                        break;
                    }
                }
            }
        }
    } else {
        snprintf(err, err_size, "%s results are not supported", rtype->valuestring);
    }
    cJSON_Delete(root);
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
    if (!http_get(pq->http, &req, &r, err, err_size))
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
    .create = promql_create,
    .poll = promql_poll,
    .interrupt = promql_interrupt,
    .destroy = promql_destroy,
};
