/* linggongd: process lifecycle only. Reads the configuration, sets up logging and the client libraries,
 * then runs one subcommand: serve (default), migrate, seed-demo, verify-agreements, audit-verify,
 * config-list or version. Serving waits for SIGTERM/SIGINT and stops civetweb, which lets in-flight
 * requests finish. */
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/agreement.h"
#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "seed/demo.h"
#include "svc/account.h"
#include "svc/gigsearch.h"
#include "svc/moderation.h"
#include "svc/tasks.h"
#include "core/config.h"
#include "core/log.h"
#include "ext/pdf.h"
#include "ext/seal.h"
#include "ext/wechat.h"
#include "http/server.h"
#include "store/auditchain.h"
#include "store/db.h"
#include "store/migrate.h"

#define VERSION "0.1.0"

static const char *env(const char *name)
{
    return getenv(name);
}

static int usage(void)
{
    fprintf(stderr,
            "usage: linggongd [serve|migrate|seed-demo|verify-agreements|audit-verify|config-list|version]\n"
            "Configuration comes from environment variables: see `linggongd config-list`.\n");
    return 2;
}

static int serve(const struct config *cfg)
{
    enum st rc = db_thread_start();
    if (rc == ST_ERR) {
        log_error("the database schema does not match this build: run `linggongd migrate`", NULL);
        return 1;
    }
    if (rc == ST_UNAVAILABLE)
        log_warn("database unreachable at start; serving anyway, /readyz answers 503 until it is back", NULL);
    db_thread_end();
    struct wechat_config wx = {cfg->wx_api_base, cfg->wx_appid, cfg->wx_secret, cfg->wx_timeout_ms};
    wechat_init(&wx);

    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* inherited by civetweb's threads: only main sees them */
    signal(SIGPIPE, SIG_IGN);
    /* the search index is loaded before the first request can ask it */
    if (svc_gigsearch_start(cfg->search_index_poll_ms, cfg->search_index_resync_s) != 0)
        log_error("cannot start the search index poll thread", NULL);
    if (http_start(cfg) != 0)
        return 1;
    if (tasks_start(cfg->task_interval_s) != 0)
        log_error("cannot start the periodic task thread", NULL);
    if (svc_moderation_start(cfg->wordfilter_poll_ms) != 0)
        log_error("cannot start the sensitive-word version poll thread", NULL);
    int sig = 0;
    sigwait(&set, &sig);
    log_info("stopping", "\"signal\":%d", sig);
    http_stop();
    tasks_stop();
    svc_moderation_stop();
    svc_gigsearch_stop();
    log_info("stopped", NULL);
    return 0;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "serve";
    if (argc > 2)
        return usage();
    if (strcmp(cmd, "version") == 0) {
        printf("linggongd %s\n", VERSION);
        return 0;
    }
    if (strcmp(cmd, "config-list") == 0) {
        config_list(stdout);
        return 0;
    }
    if (strcmp(cmd, "serve") && strcmp(cmd, "migrate") && strcmp(cmd, "seed-demo") &&
        strcmp(cmd, "verify-agreements") && strcmp(cmd, "audit-verify"))
        return usage();

    struct config cfg;
    char err[512];
    if (config_load(&cfg, env, err, sizeof err) != 0) {
        fprintf(stderr, "linggongd: configuration error: %s\n", err);
        return 2;
    }
    if (seal_init(cfg.agreement_signing_key) != 0) {
        fprintf(stderr, "linggongd: configuration error: AGREEMENT_SIGNING_KEY is not an Ed25519 private key "
                        "(PEM, openssl genpkey -algorithm ed25519)\n");
        config_free(&cfg);
        return 2;
    }
    enum log_level level;
    log_parse_level(cfg.log_level, &level);
    log_set_level(level);
    db_library_init();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct db_params dbp = {cfg.db_host,
                            cfg.db_socket,
                            cfg.db_user,
                            cfg.db_password,
                            cfg.db_name,
                            (unsigned)cfg.db_port,
                            (unsigned)cfg.db_connect_timeout_s,
                            (unsigned)cfg.db_read_timeout_s};
    db_configure(&dbp);
    config_set_current(&cfg);
    token_keys_set(cfg.jwt_secret, cfg.jwt_issuer, cfg.jwt_audience);

    int rc = 0;
    if (strcmp(cmd, "migrate") == 0) {
        int n = store_migrate(cfg.schema_dir, err, sizeof err);
        db_thread_end();
        if (n < 0) {
            fprintf(stderr, "linggongd migrate: %s\n", err);
            rc = 1;
        } else {
            printf("linggongd migrate: %d migration(s) applied\n", n);
            if (db_thread_start() != ST_OK || svc_account_bootstrap(cfg.admin_bootstrap_password) < 0) {
                fprintf(stderr, "linggongd migrate: could not check or create the bootstrap admin\n");
                rc = 1;
            }
        }
    } else if (strcmp(cmd, "seed-demo") == 0) {
        if (db_thread_start() != ST_OK || demo_seed(cfg.admin_bootstrap_password) != 0) {
            fprintf(stderr, "linggongd seed-demo: failed (see log)\n");
            rc = 1;
        }
    } else if (strcmp(cmd, "verify-agreements") == 0) {
        /* walks the sealed-agreement chain: 0 intact, 1 broken (each break printed), 2 unreadable */
        rc = db_thread_start() == ST_OK ? svc_agreement_verify_chain(stdout) : -1;
        rc = rc < 0 ? 2 : rc;
    } else if (strcmp(cmd, "audit-verify") == 0) {
        /* walks the audit log's hash chain: 0 intact, 1 broken (each break printed), 2 unreadable */
        rc = db_thread_start() == ST_OK ? store_auditchain_verify(stdout) : -1;
        rc = rc < 0 ? 2 : rc;
    } else {
        rc = serve(&cfg);
    }
    db_thread_end();
    curl_global_cleanup();
    db_library_end();
    config_free(&cfg);
    seal_end();
    pdf_end();
    return rc;
}
