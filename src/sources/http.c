/* http: see http.h. */
#include "sources/http.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "sources/source.h"

struct http_client {
    CURL *easy;
    CURLM *multi;
    atomic_bool interrupted;
    char *buf;
    size_t len, cap, max;
    bool too_large;
    char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static bool global_ok;

static void global_init(void) { global_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }

struct http_client *http_create(void)
{
    pthread_once(&global_once, global_init);
    if (!global_ok) {
        log_error("http", "libcurl failed to initialise");
        return NULL;
    }
    struct http_client *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->easy = curl_easy_init();
    c->multi = curl_multi_init();
    if (!c->easy || !c->multi) {
        http_destroy(c);
        return NULL;
    }
    atomic_init(&c->interrupted, false);
    return c;
}

void http_destroy(struct http_client *c)
{
    if (!c)
        return;
    if (c->multi)
        curl_multi_cleanup(c->multi);
    if (c->easy)
        curl_easy_cleanup(c->easy);
    free(c->buf);
    free(c);
}

void http_interrupt(struct http_client *c)
{
    atomic_store(&c->interrupted, true);
    curl_multi_wakeup(c->multi);
}

static size_t on_data(char *data, size_t size, size_t n, void *user)
{
    struct http_client *c = user;
    size_t bytes = size * n;
    if (c->len + bytes > c->max) {
        c->too_large = true;
        return 0; /* aborts the transfer */
    }
    if (c->len + bytes + 1 > c->cap) {
        size_t cap = c->cap ? c->cap : 65536;
        while (cap < c->len + bytes + 1)
            cap *= 2;
        char *b = realloc(c->buf, cap);
        if (!b)
            return 0;
        c->buf = b;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, data, bytes);
    c->len += bytes;
    return bytes;
}

static long ms(double s, double dflt)
{
    if (s <= 0)
        s = dflt;
    return (long)(s * 1000 + 0.5);
}

/* Size in words: "16 MiB", "512 KiB", "100 bytes". */
static void size_words(char *out, size_t n, size_t bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        snprintf(out, n, "%zu MiB", bytes / (1024 * 1024));
    else if (bytes >= 1024 && bytes % 1024 == 0)
        snprintf(out, n, "%zu KiB", bytes / 1024);
    else
        snprintf(out, n, "%zu bytes", bytes);
}

static void describe(struct http_client *c, CURLcode rc, const struct http_request *req,
                     char *err, size_t err_size)
{
    char where[300] = "the server";
    http_url_authority(req->url, where, sizeof where);
    long os_errno = 0;
    curl_easy_getinfo(c->easy, CURLINFO_OS_ERRNO, &os_errno);
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connect_us = 0;
        curl_easy_getinfo(c->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
        if (connect_us == 0)
            snprintf(err, err_size, "cannot connect to %s: timed out after %g s", where,
                     (double)ms(req->connect_timeout, 1) / 1000);
        else if (c->len == 0)
            snprintf(err, err_size, "timed out after %g s with no response from %s",
                     (double)ms(req->timeout, 2) / 1000, where);
        else
            snprintf(err, err_size, "timed out after %g s in the middle of the response",
                     (double)ms(req->timeout, 2) / 1000);
        return;
    }
    case CURLE_COULDNT_CONNECT:
        snprintf(err, err_size, "cannot connect to %s: %s", where,
                 os_errno ? strerror((int)os_errno) : "connection failed");
        return;
    case CURLE_COULDNT_RESOLVE_HOST:
        snprintf(err, err_size, "cannot resolve the host of %s", where);
        return;
    case CURLE_WRITE_ERROR:
        if (c->too_large) {
            char sz[32];
            size_words(sz, sizeof sz, c->max);
            snprintf(err, err_size, "response larger than %s", sz);
            return;
        }
        break;
    case CURLE_FILESIZE_EXCEEDED: {
        char sz[32];
        size_words(sz, sizeof sz, c->max);
        snprintf(err, err_size, "response larger than %s", sz);
        return;
    }
    case CURLE_PARTIAL_FILE:
        snprintf(err, err_size, "connection closed before the end of the response");
        return;
    case CURLE_GOT_NOTHING:
        snprintf(err, err_size, "%s closed the connection without a response", where);
        return;
    case CURLE_SEND_ERROR:
        /* or the server has already hung up when the request goes out */
        if (strncmp(req->url, "https:", 6) == 0 && !req->cert_file) {
            snprintf(err, err_size,
                     "%s closed the TLS connection (does it want a client certificate? "
                     "cert_file, key_file)", where);
            return;
        }
        snprintf(err, err_size, "sending to %s failed: %s", where,
                 os_errno ? strerror((int)os_errno) : "connection lost");
        return;
    case CURLE_RECV_ERROR:
        /* TLS 1.3 refuses a missing client certificate after the handshake,
         * so it arrives as a failed read */
        if (strstr(c->errbuf, "certificate required")) {
            snprintf(err, err_size, "%s wants a client certificate (cert_file, key_file)", where);
            return;
        }
        snprintf(err, err_size, "receiving from %s failed: %s", where,
                 os_errno ? strerror((int)os_errno) : "connection lost");
        return;
    case CURLE_UNSUPPORTED_PROTOCOL:
        /* the URL was checked when the source was made: what is left is a
         * server answering with something else than HTTP (curl calls it
         * HTTP/0.9), or a redirect to another protocol */
        if (strstr(c->errbuf, "HTTP/0.9")) {
            snprintf(err, err_size, "%s did not answer in HTTP", where);
            return;
        }
        break;
    case CURLE_URL_MALFORMAT:
        snprintf(err, err_size, "invalid URL");
        return;
    case CURLE_WEIRD_SERVER_REPLY:
        snprintf(err, err_size, "%s did not answer in HTTP", where);
        return;
    default:
        break;
    }
    snprintf(err, err_size, "%s", c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
}

bool http_get(struct http_client *c, const struct http_request *req, struct http_response *out,
              char *err, size_t err_size)
{
    if (atomic_load(&c->interrupted)) {
        snprintf(err, err_size, "interrupted");
        return false;
    }
    CURL *e = c->easy;
    curl_easy_reset(e);
    c->len = 0;
    c->too_large = false;
    c->errbuf[0] = 0;
    c->max = req->max_body ? req->max_body : HTTP_MAX_BODY;
    struct curl_slist *headers = NULL;
    if (req->accept) {
        char h[256];
        snprintf(h, sizeof h, "Accept: %s", req->accept);
        headers = curl_slist_append(NULL, h);
    }
    for (int i = 0; i < req->header_count; i++) {
        struct curl_slist *more = curl_slist_append(headers, req->headers[i]);
        if (!more) {
            curl_slist_free_all(headers);
            snprintf(err, err_size, "out of memory");
            return false;
        }
        headers = more;
    }
    curl_easy_setopt(e, CURLOPT_URL, req->url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms(req->connect_timeout, 1));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms(req->timeout, 2));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* gzip; the cap counts decoded bytes */
    curl_easy_setopt(e, CURLOPT_USERAGENT, "magi/" MAGI_VERSION);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf);
    if (headers)
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    /* libcurl sends these credentials to the URL's host only, not to
     * another host a redirect leads to */
    if (req->bearer) {
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
        curl_easy_setopt(e, CURLOPT_XOAUTH2_BEARER, req->bearer);
    } else if (req->username) {
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(e, CURLOPT_USERNAME, req->username);
        curl_easy_setopt(e, CURLOPT_PASSWORD, req->password ? req->password : "");
    }
    if (req->ca_file)
        curl_easy_setopt(e, CURLOPT_CAINFO, req->ca_file);
    if (req->cert_file)
        curl_easy_setopt(e, CURLOPT_SSLCERT, req->cert_file);
    if (req->key_file)
        curl_easy_setopt(e, CURLOPT_SSLKEY, req->key_file);
    if (req->insecure) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }

    CURLcode rc = CURLE_OK;
    bool interrupted = false;
    if (curl_multi_add_handle(c->multi, e) != CURLM_OK) {
        curl_slist_free_all(headers);
        snprintf(err, err_size, "cannot start the transfer");
        return false;
    }
    int running = 1;
    for (;;) {
        if (curl_multi_perform(c->multi, &running) != CURLM_OK || !running)
            break;
        if (atomic_load(&c->interrupted)) {
            interrupted = true;
            break;
        }
        curl_multi_poll(c->multi, NULL, 0, 1000, NULL);
    }
    int left;
    CURLMsg *m;
    while ((m = curl_multi_info_read(c->multi, &left)))
        if (m->msg == CURLMSG_DONE && m->easy_handle == e)
            rc = m->data.result;
    curl_multi_remove_handle(c->multi, e);
    curl_slist_free_all(headers);
    if (interrupted || atomic_load(&c->interrupted)) {
        snprintf(err, err_size, "interrupted");
        return false;
    }
    if (running) {
        snprintf(err, err_size, "transfer failed");
        return false;
    }
    if (rc != CURLE_OK) {
        describe(c, rc, req, err, err_size);
        return false;
    }
    if (!c->buf) {
        c->buf = malloc(1);
        if (!c->buf)
            abort();
        c->cap = 1;
    }
    c->buf[c->len] = 0;
    out->body = c->buf;
    out->len = c->len;
    out->status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &out->status);
    char *ct = NULL;
    curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
    out->content_type = ct ? ct : "";
    return true;
}

bool http_url_authority(const char *url, char *out, size_t size)
{
    CURLU *u = curl_url();
    if (!u)
        return false;
    bool ok = false;
    char *scheme = NULL, *host = NULL, *port = NULL;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        snprintf(out, size, "%s:%s", host, port);
        ok = true;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return ok;
}

/* The first line of a small secret file, blanks around it trimmed. */
static bool read_secret(const char *key, const char *path, char *out, size_t size, char *err,
                        size_t err_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, err_size, "cannot read %s %s: %s", key, path, strerror(errno));
        return false;
    }
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, out + n, size - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            snprintf(err, err_size, "cannot read %s %s: %s", key, path, strerror(e));
            return false;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n == size - 1) {
            char more;
            ssize_t extra = read(fd, &more, 1);
            close(fd);
            if (extra != 0) {
                snprintf(err, err_size, "%s %s is longer than %zu bytes", key, path, size - 1);
                return false;
            }
            fd = -1;
            break;
        }
    }
    if (fd >= 0)
        close(fd);
    out[n] = 0;
    out[strcspn(out, "\r\n")] = 0;
    size_t len = strlen(out);
    while (len > 0 && (out[len - 1] == ' ' || out[len - 1] == '\t'))
        out[--len] = 0;
    size_t lead = strspn(out, " \t");
    memmove(out, out + lead, len - lead + 1);
    if (!out[0]) {
        snprintf(err, err_size, "%s %s is empty", key, path);
        return false;
    }
    return true;
}

bool http_prepare(const struct source_http *cfg, struct http_request *req,
                  struct http_secrets *sec, char *err, size_t err_size)
{
    req->headers = cfg->headers;
    req->header_count = cfg->header_count;
    req->ca_file = cfg->ca_file;
    req->cert_file = cfg->cert_file;
    req->key_file = cfg->key_file;
    req->insecure = cfg->insecure_skip_verify;
    if (cfg->bearer_token_file) {
        if (!read_secret("bearer_token_file", cfg->bearer_token_file, sec->bearer,
                         sizeof sec->bearer, err, err_size))
            return false;
        req->bearer = sec->bearer;
    }
    if (cfg->username) {
        req->username = cfg->username;
        req->password = "";
        if (cfg->password_file) {
            if (!read_secret("password_file", cfg->password_file, sec->password,
                             sizeof sec->password, err, err_size))
                return false;
            req->password = sec->password;
        }
    }
    return true;
}

void http_secrets_clear(struct http_secrets *sec)
{
    /* not optimised away, unlike a memset of memory about to die */
    explicit_bzero(sec, sizeof *sec);
}

bool http_header_valid(const char *line, char *why, size_t why_size)
{
    size_t name = 0;
    while (line[name] && (isalnum((unsigned char)line[name]) ||
                          strchr("!#$%&'*+-.^_`|~", line[name])))
        name++;
    if (name == 0 || line[name] != ':') {
        snprintf(why, why_size, "a header is written \"Name: value\"");
        return false;
    }
    for (const char *p = line + name + 1; *p; p++) {
        if (*p == '\r' || *p == '\n' || *p == 0x7f || ((unsigned char)*p < 0x20 && *p != '\t')) {
            snprintf(why, why_size, "a header value cannot hold control characters");
            return false;
        }
    }
    return true;
}
