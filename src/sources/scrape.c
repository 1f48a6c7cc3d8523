/* scrape: `scrape:URL` fetches an exporter's /metrics over HTTP(S) each
 * interval and parses it as the text exposition format.
 *
 * Like Prometheus, every sample gets an instance="host:port" label (unless the
 * exporter already set one), so several exporters of the same kind never
 * collide in the store; a whole scrape fails on a non-2xx status, a body over
 * 16 MiB, a malformed line or more than 100,000 samples. Depends on http and
 * prom_text. */
#include "sources/scrape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/http.h"
#include "sources/prom_text.h"

struct scrape {
    struct http_client *http;
    char *url;
    char instance[300];
};

static bool scrape_create(struct source *s, const struct source_desc *d, char *err,
                          size_t err_size)
{
    const char *url = source_spec_arg(d->spec);
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        snprintf(err, err_size, "expected an http:// or https:// URL after scrape:");
        return false;
    }
    struct scrape *sc = calloc(1, sizeof *sc);
    if (!sc)
        return false;
    if (!http_url_authority(url, sc->instance, sizeof sc->instance)) {
        snprintf(err, err_size, "invalid URL");
        free(sc);
        return false;
    }
    sc->url = strdup(url);
    sc->http = http_create();
    if (!sc->url || !sc->http) {
        snprintf(err, err_size, "cannot set up HTTP");
        http_destroy(sc->http);
        free(sc->url);
        free(sc);
        return false;
    }
    s->impl = sc;
    return true;
}

/* "HTTP 404" plus the start of the body when it is short text. */
static void status_error(const struct http_response *r, char *err, size_t err_size)
{
    char first[121] = "";
    size_t n = 0;
    for (size_t i = 0; i < r->len && n < sizeof first - 1; i++) {
        unsigned char c = (unsigned char)r->body[i];
        if (c == '\n' || c == '\r')
            break;
        first[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
    }
    first[n] = 0;
    if (n)
        snprintf(err, err_size, "HTTP status %ld: %s", r->status, first);
    else
        snprintf(err, err_size, "HTTP status %ld", r->status);
}

static bool scrape_poll(struct source *s, double now, struct sample_buf *out, char *err,
                        size_t err_size)
{
    (void)now;
    struct scrape *sc = s->impl;
    struct http_request req = {
        .url = sc->url,
        .connect_timeout = s->desc.connect_timeout,
        .timeout = s->desc.timeout,
        /* no protobuf or OpenMetrics: the classic text format */
        .accept = "text/plain;version=0.0.4;q=1,*/*;q=0.1",
    };
    struct http_response r;
    struct http_secrets sec;
    bool got = http_prepare(&s->desc.http, &req, &sec, err, err_size) &&
               http_get(sc->http, &req, &r, err, err_size);
    http_secrets_clear(&sec);
    if (!got)
        return false;
    if (r.status < 200 || r.status > 299) {
        status_error(&r, err, err_size);
        return false;
    }
    const char *extra[] = {"instance", sc->instance};
    struct prom_text_opts o = {.extra_labels = extra, .extra_label_count = 1};
    return prom_text_parse(r.body, r.len, out, &o, err, err_size);
}

static void scrape_interrupt(struct source *s)
{
    struct scrape *sc = s->impl;
    http_interrupt(sc->http);
}

static void scrape_destroy(struct source *s)
{
    struct scrape *sc = s->impl;
    if (!sc)
        return;
    http_destroy(sc->http);
    free(sc->url);
    free(sc);
}

const struct source_ops source_kind_scrape = {
    .kind = "scrape",
    .default_interval = 2.0,
    .complete = true,
    .create = scrape_create,
    .poll = scrape_poll,
    .interrupt = scrape_interrupt,
    .destroy = scrape_destroy,
};
