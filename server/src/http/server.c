/* civetweb lifecycle. Every option that matters under attack is set explicitly (SECURITY.md); there is no
 * document_root, so civetweb's file, directory-listing, CGI and SSI code is never reached. civetweb 1.15
 * has no prespawn_threads option (added in 1.16): its worker threads are all started by mg_start. */
#include "http/server.h"

#include <civetweb.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "http/dispatch.h"
#include "store/db.h"

static struct mg_context *ctx;

static int on_log(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    char esc[512];
    log_warn("civetweb", "\"detail\":\"%s\"", log_escape(message, esc, sizeof esc));
    return 1;
}

static void *on_thread_start(const struct mg_context *c, int thread_type)
{
    (void)c;
    if (thread_type == 1) /* worker: connect now so the first request does not pay for it */
        db_thread_start();
    return NULL;
}

static void on_thread_end(const struct mg_context *c, int thread_type, void *user)
{
    (void)c;
    (void)user;
    if (thread_type == 1)
        db_thread_end();
}

int http_start(const struct config *cfg)
{
    char ports[96], threads[16], req_to[16], ka_to[16];
    snprintf(ports, sizeof ports, strchr(cfg->bind_addr, ':') ? "[%s]:%ld" : "%s:%ld", cfg->bind_addr,
             cfg->port);
    snprintf(threads, sizeof threads, "%ld", cfg->http_threads);
    snprintf(req_to, sizeof req_to, "%ld", cfg->request_timeout_ms);
    snprintf(ka_to, sizeof ka_to, "%ld", cfg->keep_alive_timeout_ms);
    const char *options[] = {
        "listening_ports",
        ports,
        "num_threads",
        threads,
        "enable_keep_alive",
        "yes",
        "keep_alive_timeout_ms",
        ka_to,
        "request_timeout_ms",
        req_to,
        "tcp_nodelay",
        "1",
        "max_request_size",
        "16384", /* headers only; the body cap is ours (dispatch.c) */
        "listen_backlog",
        "512",
        "connection_queue",
        "256",
        "linger_timeout_ms",
        "1000",
        "decode_url",
        "yes",
        "allow_sendfile_call",
        "no",
        NULL,
    };
    struct mg_callbacks cb;
    memset(&cb, 0, sizeof cb);
    cb.begin_request = http_dispatch;
    cb.log_message = on_log;
    cb.init_thread = on_thread_start;
    cb.exit_thread = on_thread_end;
    if (http_dispatch_init(cfg) != 0) {
        log_error("cannot draw random bytes for request ids", NULL);
        return -1;
    }
    mg_init_library(0);
    ctx = mg_start(&cb, NULL, options);
    if (!ctx) {
        log_error("cannot start the HTTP listener", "\"listen\":\"%s\"", ports);
        mg_exit_library();
        return -1;
    }
    log_info("listening", "\"listen\":\"%s\",\"threads\":%ld", ports, cfg->http_threads);
    return 0;
}

void http_stop(void)
{
    if (ctx) {
        mg_stop(ctx);
        ctx = NULL;
        mg_exit_library();
    }
}
