/* The one view of an agreement (every route that answers one uses it), of its verification and of an
 * agreement template. Builds JSON from rows the caller read; does no I/O and never sees a request. */
#include "svc/view_agreement.h"

#include "domain/agreement.h"
#include "domain/fsm.h"
#include "domain/timeutil.h"
#include "ext/crypto.h"
#include "svc/view.h"

static json_t *events_json(const struct agreement_event_row *ev, int n)
{
    json_t *arr = json_array();
    for (int i = 0; arr && i < n; i++) {
        char at[24];
        json_array_append_new(arr, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "role", ev[i].role,
                                             "account_id", (json_int_t)ev[i].account_id, "signed_at",
                                             timeutil_rfc3339(ev[i].signed_at, at), "ip", ev[i].ip,
                                             "user_agent", ev[i].user_agent, "text_sha256", ev[i].text_sha256,
                                             "intent", ev[i].intent));
    }
    return arr;
}

/* The seal of a sealed agreement with its log entry (l NULL: null), or null when not sealed. */
static json_t *seal_json(const struct agreement_row *a, const struct agreement_log_row *l)
{
    if (!a->seal_len)
        return json_null();
    char sig[129], sealed[24];
    crypto_hex(a->seal_signature, 64, sig);
    json_t *seal = json_pack("{s:s, s:s, s:s, s:s}", "algorithm", "Ed25519", "key_id", a->seal_key_id,
                             "signature", sig, "sealed_at", timeutil_rfc3339(a->sealed_at, sealed));
    if (!seal)
        return json_null();
    if (l) {
        char prev[65], entry[65];
        crypto_hex(l->prev_hash, 32, prev);
        crypto_hex(l->entry_hash, 32, entry);
        json_object_set_new(
            seal, "log",
            json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)l->seq, "prev_hash", prev, "entry_hash", entry));
    } else {
        json_object_set_new(seal, "log", json_null());
    }
    return seal;
}

json_t *view_agreement(const struct agreement_row *a, const struct agreement_event_row *ev, int n,
                       const struct agreement_log_row *l, json_t *history)
{
    char no[24], url[512], created[24], updated[24];
    svc_agreement_number(a->id, no);
    svc_agreement_verify_url(a, url, sizeof url);
    json_t *o = json_pack(
        "{s:I, s:s, s:I, s:I, s:s, s:s, s:I, s:{s:I, s:s, s:I, s:s}, s:{s:I, s:s}, s:{s:I, s:s}, s:s, s:s, "
        "s:s, s:s, s:s, s:s, s:s}",
        "id", (json_int_t)a->id, "number", no, "application_id", (json_int_t)a->application_id, "gig_id",
        (json_int_t)a->gig_id, "status", a->status, "status_label", fsm_label(FSM_AGREEMENT, a->status),
        "revision", (json_int_t)a->revision, "template", "id", (json_int_t)a->template_id, "code",
        a->template_code, "version", (json_int_t)a->template_version, "title", a->title, "employer", "id",
        (json_int_t)a->employer_id, "name", a->employer_name, "worker", "id", (json_int_t)a->worker_id,
        "name", a->worker_name, "gig_title", a->gig_title, "text", a->text, "text_sha256", a->text_sha256,
        "intent_statement", agreement_intent_statement, "verify_url", url, "created_at",
        timeutil_rfc3339(a->created_at, created), "updated_at", timeutil_rfc3339(a->updated_at, updated));
    if (!o || !history) {
        json_decref(o);
        json_decref(history);
        return NULL;
    }
    json_object_set_new(o, "events", events_json(ev, n));
    json_object_set_new(o, "history", history);
    json_object_set_new(o, "seal", seal_json(a, l));
    return o;
}

static json_t *check_or_null(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

json_t *view_agreement_verdict(const struct agreement_row *a, const struct agreement_verdict *v)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:b, s:{s:b, s:b, s:o, s:o}, s:s, s:s}", "agreement_id",
                          (json_int_t)a->id, "status", a->status, "status_label",
                          fsm_label(FSM_AGREEMENT, a->status), "valid", v->reason == NULL, "checks",
                          "text_hash", v->text_ok, "events", v->events_ok, "seal", check_or_null(v->seal_ok),
                          "chain", check_or_null(v->chain_ok), "text_sha256", v->text_sha256, "message",
                          v->reason ? v->message : "协议文本、签署记录、平台封存签名和存证链均核验通过");
    if (!o)
        return NULL;
    json_object_set_new(o, "reason", view_str(v->reason));
    json_object_set_new(o, "sealed_at", view_time(a->seal_len ? a->sealed_at : 0));
    json_object_set_new(o, "key_id", view_str(a->seal_key_id));
    json_object_set_new(o, "log_seq", v->has_log ? json_integer((json_int_t)v->log.seq) : json_null());
    return o;
}

json_t *view_agreement_template(const struct agreement_template *t, int with_body)
{
    char at[24];
    json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)t->id, "code", t->code, "version",
                          (json_int_t)t->version, "title", t->title, "created_at",
                          timeutil_rfc3339(t->created_at, at));
    if (!o)
        return NULL;
    json_object_set_new(o, "region_code", view_str(t->region_code));
    json_object_set_new(o, "note", view_str(t->note));
    if (with_body)
        json_object_set_new(o, "body", json_string(t->body));
    return o;
}
