/* The views of users, admins, worker and employer profiles (see view_profile.h). Sealed numbers are opened
 * into stack buffers only to mask them, and wiped before return; a value that does not open is answered
 * null and logged by its associated data, never by value. Must not read or write the database. */
#include "svc/view_profile.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "domain/fsm.h"
#include "domain/idcard.h"
#include "domain/phone.h"
#include "domain/profile.h"
#include "ext/crypto.h"
#include "svc/view.h"

/* The mask of a sealed ID (is_id) or phone number as a JSON string, or null when there is none or it does
 * not open. */
static json_t *masked(const unsigned char *enc, unsigned long len, const char *aad, int is_id)
{
    if (!len)
        return json_null();
    char plain[64], mask[19] = "";
    long n = crypto_open(config_current()->data_key, aad, enc, len, plain, sizeof plain, NULL);
    if (n < 0) {
        log_warn("sealed value does not open", "\"aad\":\"%s\"", aad);
    } else if (is_id) {
        idcard_mask(plain, mask);
    } else {
        char m[12];
        if (phone_mask(plain, m) == 0)
            memcpy(mask, m, sizeof m);
    }
    memset(plain, 0, sizeof plain);
    return mask[0] ? json_string(mask) : json_null();
}

/* The account's own phone (users.phone), masked. */
static json_t *user_phone(const struct user_row *u)
{
    char aad[48];
    snprintf(aad, sizeof aad, "users.phone:%lld", u->id);
    return masked(u->phone_enc, u->phone_enc_len, aad, 0);
}

json_t *view_profile_user(const struct user_row *u)
{
    return json_pack("{s:I, s:o, s:o}", "id", (json_int_t)u->id, "created_at", view_time(u->created_at),
                     "phone", user_phone(u));
}

json_t *view_profile_admin(long long id, const char *username, const char *role, const char *region,
                           const char *display_name)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)id, "username", username, "role", role,
                     "display_name", display_name, "region", view_str(region));
}

/* ---------------------------------------------------------------- worker */

int view_profile_job_type_append(void *ctx, const struct worker_job_type *row)
{
    return json_array_append_new(ctx, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)row->id, "name",
                                                row->name, "years", (json_int_t)row->years));
}

int view_profile_region_append(void *ctx, const struct worker_region *row)
{
    return json_array_append_new(ctx, json_pack("{s:s, s:s}", "code", row->code, "name", row->name));
}

void view_profile_cert_aad(long long user_id, char out[64])
{
    snprintf(out, 64, "worker_certificates.number:%lld", user_id);
}

void view_profile_cert_number(long long user_id, const struct worker_certificate *row, char out[257])
{
    out[0] = '\0';
    if (!row->number_enc_len) {
        snprintf(out, 257, "%s", row->number);
        return;
    }
    char aad[64];
    view_profile_cert_aad(user_id, aad);
    long n =
        crypto_open(config_current()->data_key, aad, row->number_enc, row->number_enc_len, out, 256, NULL);
    if (n < 0) {
        log_warn("sealed value does not open", "\"aad\":\"%s\"", aad);
        n = 0;
    }
    out[n] = '\0';
}

void view_profile_cert_mask(const char *number, char out[257])
{
    size_t n = strlen(number), keep = n > 5 ? 2 : n > 1 ? 1 : 0;
    for (size_t i = 0; i < n && i < 256; i++)
        out[i] = i < keep || i >= n - keep ? number[i] : '*';
    out[n < 256 ? n : 256] = '\0';
}

int view_profile_certificate_append(void *ctx, const struct worker_certificate *row)
{
    struct view_profile_certs *c = ctx;
    char number[257], mask[257];
    view_profile_cert_number(c->user_id, row, number);
    view_profile_cert_mask(number, mask);
    memset(number, 0, sizeof number);
    json_t *o = json_pack("{s:s, s:o, s:o}", "name", row->name, "number", view_str(mask), "expires_on",
                          view_str(row->expires_on));
    return json_array_append_new(c->arr, o);
}

/* {"mon": ["morning", ...], ...} of the availability bitmask. */
static json_t *availability_json(long mask)
{
    json_t *o = json_object();
    for (int d = 0; d < PROFILE_DAYS; d++) {
        json_t *a = json_array();
        for (int s = 0; s < PROFILE_SLOTS; s++)
            if (mask & profile_avail_bit(d, s))
                json_array_append_new(a, json_string(profile_slot_name(s)));
        json_object_set_new(o, profile_day_name(d), a);
    }
    return o;
}

/* Before the first save: exists:false, the account's phone, empty lists, the other fields null. */
static json_t *worker_none(struct view_worker *v)
{
    json_t *o =
        json_pack("{s:b, s:n, s:n, s:n, s:n, s:o, s:o, s:o, s:o, s:n, s:n, s:n, s:o, s:n, s:n, s:b, s:b, "
                  "s:n, s:i, s:n}",
                  "exists", 0, "real_name", "id_number", "birth_year", "gender", "phone", user_phone(v->user),
                  "job_types", v->job_types, "certificates", v->certificates, "work_regions", v->work_regions,
                  "region", "lat", "lng", "availability", availability_json(0), "expected_pay", "intro",
                  "elder_mode", 0, "discoverable", 0, "credit", "completeness", 0, "updated_at");
    json_decref(v->rating);
    return o;
}

json_t *view_profile_worker(struct view_worker *v)
{
    if (!v->row)
        return worker_none(v);
    const struct worker_row *w = v->row;
    char idaad[48];
    snprintf(idaad, sizeof idaad, "workers.id:%lld", v->user->id);
    json_t *o = json_pack("{s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "exists", 1, "real_name",
                          view_str(w->real_name), "id_number", masked(w->id_enc, w->id_enc_len, idaad, 1),
                          "birth_year", w->birth_year > 0 ? json_integer(w->birth_year) : json_null(),
                          "gender", view_str(w->gender), "phone", user_phone(v->user), "job_types",
                          v->job_types, "certificates", v->certificates, "work_regions", v->work_regions);
    if (!o || !v->rating) {
        json_decref(o);
        json_decref(v->rating);
        return NULL;
    }
    json_object_set_new(o, "region",
                        w->region_code[0]
                            ? json_pack("{s:s, s:s}", "code", w->region_code, "name", w->region_name)
                            : json_null());
    json_object_set_new(o, "lat", w->has_location ? json_real(w->lat) : json_null());
    json_object_set_new(o, "lng", w->has_location ? json_real(w->lng) : json_null());
    json_object_set_new(o, "availability", availability_json((long)w->availability));
    json_object_set_new(o, "expected_pay",
                        w->pay_fen > 0
                            ? json_pack("{s:I, s:s}", "fen", (json_int_t)w->pay_fen, "unit", w->pay_unit)
                            : json_null());
    json_object_set_new(o, "intro", view_str(w->intro));
    json_object_set_new(o, "elder_mode", json_boolean(w->elder_mode));
    json_object_set_new(o, "discoverable", json_boolean(w->discoverable));
    json_object_set_new(o, "credit", json_integer(w->credit));
    json_object_set_new(o, "completeness", json_integer(v->completeness));
    json_object_set_new(o, "rating", v->rating);
    json_object_set_new(o, "updated_at", view_time(w->updated_at));
    return o;
}

/* -------------------------------------------------------------- employer */

/* Before the first save: exists:false, unverified, the other fields null. */
static json_t *employer_none(void)
{
    const char *v = profile_verification_name(PROFILE_UNVERIFIED);
    return json_pack("{s:b, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:s, s:s, s:n, s:n, s:n, s:n}",
                     "exists", 0, "kind", "name", "credit_code", "legal_rep", "contact_name", "contact_phone",
                     "id_number", "region", "address", "verification", v, "verification_label",
                     fsm_verification_label(v), "verification_reason", "verified_at", "credit", "updated_at");
}

json_t *view_profile_employer(const struct employer_row *e, int admin, json_t *rating)
{
    if (!e) {
        json_decref(rating);
        return employer_none();
    }
    char aad[48], idaad[48];
    snprintf(aad, sizeof aad, "employers.phone:%lld", e->user_id);
    snprintf(idaad, sizeof idaad, "employers.id:%lld", e->user_id);
    json_t *o =
        json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:{s:s, s:s}, s:o, s:s, s:s, s:o, s:o, s:I, s:o}",
                  "kind", e->kind, "name", e->name, "credit_code", view_str(e->credit_code), "legal_rep",
                  view_str(e->legal_rep), "contact_name", view_str(e->contact_name), "contact_phone",
                  masked(e->phone_enc, e->phone_enc_len, aad, 0), "id_number",
                  masked(e->id_enc, e->id_enc_len, idaad, 1), "region", "code", e->region_code, "name",
                  e->region_name, "address", view_str(e->address), "verification", e->verification,
                  "verification_label", fsm_verification_label(e->verification), "verification_reason",
                  view_str(e->verification_reason), "verified_at", view_time(e->verified_at), "credit",
                  (json_int_t)e->credit, "updated_at", view_time(e->updated_at));
    if (!o) {
        json_decref(rating);
        return NULL;
    }
    if (admin)
        json_object_set_new(o, "id", json_integer(e->user_id));
    else
        json_object_set_new(o, "exists", json_true());
    if (rating)
        json_object_set_new(o, "rating", rating);
    return o;
}
