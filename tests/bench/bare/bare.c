/* The ceiling for tests/bench/http.sh: civetweb with the same listener options as linggongd
 * (http/server.c) and a begin_request callback that answers every request with {"status":"ok"} in one
 * prebuilt write. No routing, no logging, no allocation: what civetweb itself costs per request on this
 * machine. Not part of linggongd; http.sh compiles it with `cc ... -lcivetweb`.
 * Reads PORT and HTTP_THREADS (default 16) from the environment like linggongd, serves 127.0.0.1:PORT
 * until SIGINT or SIGTERM. */
#define _POSIX_C_SOURCE 200809L
#include <civetweb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int answer(struct mg_connection *conn)
{
    static const char reply[] = "HTTP/1.1 200 OK\r\n"
                                "Content-Type: application/json; charset=utf-8\r\n"
                                "Content-Length: 15\r\n"
                                "\r\n"
                                "{\"status\":\"ok\"}";
    mg_write(conn, reply, sizeof reply - 1);
    return 200;
}

int main(void)
{
    const char *port = getenv("PORT"), *threads = getenv("HTTP_THREADS");
    if (!port) {
        fprintf(stderr, "bare: PORT is not set\n");
        return 2;
    }
    char ports[64];
    snprintf(ports, sizeof ports, "127.0.0.1:%s", port);
    const char *options[] = {
        "listening_ports",
        ports,
        "num_threads",
        threads ? threads : "16",
        "enable_keep_alive",
        "yes",
        "keep_alive_timeout_ms",
        "5000",
        "request_timeout_ms",
        "10000",
        "tcp_nodelay",
        "1",
        "max_request_size",
        "16384",
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
    cb.begin_request = answer;
    sigset_t sigs; /* blocked before mg_start so every civetweb thread inherits the mask; main waits */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    mg_init_library(0);
    struct mg_context *ctx = mg_start(&cb, NULL, options);
    if (!ctx) {
        fprintf(stderr, "bare: cannot listen on %s\n", ports);
        return 1;
    }
    int sig;
    sigwait(&sigs, &sig);
    mg_stop(ctx);
    mg_exit_library();
    return 0;
}
