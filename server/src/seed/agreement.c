/* Demo agreements for `linggongd seed-demo`: drafted, signed by both parties and sealed through the same
 * service calls the routes make (svc/agreement.c), one transaction per agreement. Loaded once: any sealed
 * agreement means it ran before. Nothing but seed/demo.c calls this. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "domain/agreement.h"
#include "ext/seal.h"
#include "seed/demo.h"
#include "store/agreement.h"
#include "svc/agreement.h"

struct demo_agreement {
    long long application_id;
    struct agreement_facts *f;
    struct agreement_row *a;
};

/* One application's agreement, drafted by its employer and signed by both (e.g. a demo worker without a
 * real name is skipped: ST_ABORT). */
static enum st demo_one(void *p)
{
    struct demo_agreement *d = p;
    long long id = 0, now = (long long)time(NULL);
    int sealed = 0;
    enum st rc = store_agreement_facts(d->application_id, d->f);
    if (rc != ST_OK)
        return rc;
    if (svc_agreement_draft(d->f, d->f->employer_id, now, &id) != AGREEMENT_DRAFT_CREATED)
        return ST_ABORT;
    for (int s = 0; s < 2; s++) {
        struct agreement_event_row e;
        memset(&e, 0, sizeof e);
        rc = store_agreement_lock(id, d->a);
        if (rc != ST_OK)
            return rc;
        snprintf(e.role, sizeof e.role, "%s", s == 0 ? "employer" : "worker");
        e.account_id = s == 0 ? d->f->employer_id : d->f->worker_id;
        e.signed_at = now;
        snprintf(e.ip, sizeof e.ip, "127.0.0.1");
        snprintf(e.user_agent, sizeof e.user_agent, "linggong seed-demo");
        snprintf(e.text_sha256, sizeof e.text_sha256, "%s", d->a->text_sha256);
        snprintf(e.intent, sizeof e.intent, "%s", agreement_intent_statement);
        snprintf(e.request_id, sizeof e.request_id, "%032d", 0);
        if (svc_agreement_sign(d->a, &e, now, &sealed) != AGREEMENT_SIGN_OK)
            return ST_ABORT;
    }
    return sealed ? ST_OK : ST_ABORT;
}

int demo_seed_agreements(int n)
{
    long long *ids = calloc((size_t)n, sizeof *ids);
    struct demo_agreement d = {0, malloc(sizeof *d.f), malloc(sizeof *d.a)};
    int got = 0, done = 0;
    long long sealed_before = 0;
    unsigned char last[32];
    /* once: seed-demo runs on every start of run.sh, and any sealed agreement means it ran before */
    if (!ids || !d.f || !d.a || !seal_enabled() ||
        store_agreement_log_head_peek(&sealed_before, last) != ST_OK || sealed_before > 0 ||
        store_agreement_demo_candidates(ids, n, &got) != ST_OK)
        got = 0;
    for (int i = 0; i < got; i++) {
        d.application_id = ids[i];
        if (db_tx(demo_one, &d) == ST_OK) /* anything else was rolled back: skipped */
            done++;
    }
    free(ids);
    free(d.f);
    free(d.a);
    log_info("demo agreements signed", "\"agreements\":%d", done);
    return done;
}
