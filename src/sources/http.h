/* http: one HTTP GET at a time over a reusable libcurl handle, for the scrape
 * and promql sources.
 *
 * Bounded in every direction: a connect timeout, a total timeout, a body cap
 * (the transfer is aborted as soon as the body would exceed it, compressed or
 * not), and http_interrupt() from another thread ends a transfer at once
 * (the multi interface's wakeup, not a once-a-second progress callback).
 * Failures come back as one line of plain words ("timed out after 2 s with no
 * response", "response larger than 16 MiB", "connection closed before the end
 * of the response") that stay the same from one try to the next, so the
 * poller logs a persistent fault once. Depends on libcurl. */
#ifndef MAGI_SOURCES_HTTP_H
#define MAGI_SOURCES_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_BODY (16u * 1024 * 1024)

struct http_client;

struct http_request {
    const char *url;
    double connect_timeout; /* seconds; 0 = 1 */
    double timeout;         /* seconds, the whole transfer; 0 = 2 */
    size_t max_body;        /* bytes; 0 = HTTP_MAX_BODY */
    const char *accept;     /* Accept header, or NULL */
    /* Authentication and TLS (http_prepare fills these from a source_http) */
    const char *const *headers; /* extra "Name: value" lines */
    int header_count;
    const char *bearer;         /* Authorization: Bearer, or NULL */
    const char *username;       /* basic auth, or NULL */
    const char *password;
    const char *ca_file, *cert_file, *key_file; /* PEM files, or NULL */
    bool insecure;              /* skip checking the server's certificate */
};

/* A request's secrets, read from their files at each poll (a rotated token
 * is used at the next one). Wiped by http_secrets_clear. */
struct http_secrets {
    char bearer[8192];
    char password[1024];
};

struct source_http;
/* Fills req's authentication and TLS fields from cfg, reading the bearer
 * token and password files into sec (the first line, surrounding blanks
 * trimmed). False with a one-line reason that names the file, never its
 * content. */
bool http_prepare(const struct source_http *cfg, struct http_request *req,
                  struct http_secrets *sec, char *err, size_t err_size);
void http_secrets_clear(struct http_secrets *sec);
/* True for a "Name: value" header line that may be sent as it is (a token
 * name, no CR or LF); else false with the reason. */
bool http_header_valid(const char *line, char *why, size_t why_size);

struct http_response {
    long status;       /* HTTP status code */
    const char *body;  /* NUL-terminated; owned by the client, valid until the next get */
    size_t len;
    const char *content_type; /* "" if none */
};

struct http_client *http_create(void);
void http_destroy(struct http_client *c);

/* Performs the GET. True when a complete response arrived, whatever its
 * status; false with a one-line reason otherwise. */
bool http_get(struct http_client *c, const struct http_request *req, struct http_response *out,
              char *err, size_t err_size);

/* Ends a running http_get at once, and every later one before it starts,
 * with "interrupted": it is for shutdown, so it stays set. Safe from any
 * thread. */
void http_interrupt(struct http_client *c);

/* "host:port" of a URL (the default port filled in), for instance labels.
 * False if the URL cannot be parsed or is not http(s). */
bool http_url_authority(const char *url, char *out, size_t size);

#endif
