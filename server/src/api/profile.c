/* Worker and employer profiles of the signed-in user (/me/worker, /me/employer) and the admin review of
 * employers (list, verify, reject). The caller is always r->who: there is no id to tamper with. ID, phone
 * and certificate numbers are sealed before they reach the store and answered only masked (the one view,
 * svc/view_profile.c); plaintext copies live in buffers that are wiped before return. Never logs a personal
 * number or a request body; no SQL, no JSON shapes of its own. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "svc/rating.h"
#include "core/config.h"
#include "domain/creditcode.h"
#include "domain/fsm.h"
#include "domain/geo.h"
#include "domain/idcard.h"
#include "domain/phone.h"
#include "domain/profile.h"
#include "domain/region.h"
#include "ext/crypto.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/profile.h"
#include "store/reference.h"
#include "svc/moderation.h"
#include "svc/view_profile.h"

#define MAX_JOB_TYPES    10
#define MAX_CERTIFICATES 5
#define MAX_WORK_REGIONS 5
#define PAY_FEN_MAX      10000000
#define WORKER_MIN_AGE   16 /* 劳动法: the minimum working age */
#define EMPLOYER_MIN_AGE 18 /* an individual employer signs agreements in their own name */

static const char *const pay_units[] = {"hour", "day", "piece", "gig"};

static const char *idcard_message(enum idcard_reason why)
{
    switch (why) {
    case IDCARD_LENGTH:
        return "身份证号应为 18 位";
    case IDCARD_CHARSET:
        return "身份证号前 17 位应为数字，最后一位为数字或 X";
    case IDCARD_REGION:
        return "身份证号开头的地区码不正确";
    case IDCARD_DATE:
        return "身份证号中的出生日期不正确";
    case IDCARD_CHECKSUM:
        return "身份证号校验位不正确，请核对后重新输入";
    default:
        return "身份证号不正确";
    }
}

static const char *creditcode_message(enum creditcode_reason why)
{
    switch (why) {
    case CREDITCODE_LENGTH:
        return "统一社会信用代码应为 18 位";
    case CREDITCODE_CHARSET:
        return "统一社会信用代码只能含数字和大写字母（不含 I、O、Z、S、V）";
    case CREDITCODE_DEPT:
        return "统一社会信用代码的登记管理部门或机构类别不正确";
    case CREDITCODE_REGION:
        return "统一社会信用代码中的行政区划码不正确";
    case CREDITCODE_ORGCODE:
        return "统一社会信用代码中的组织机构代码校验不正确";
    case CREDITCODE_CHECKSUM:
        return "统一社会信用代码校验位不正确，请核对后重新输入";
    default:
        return "统一社会信用代码不正确";
    }
}

/* Rewrites the error reply's field as path.field (or path when it named none). */
static void prefix_field(struct req *r, const char *path)
{
    json_t *err = json_object_get(r->reply, "error");
    const char *f = json_string_value(json_object_get(err, "field"));
    char buf[96];
    if (f)
        snprintf(buf, sizeof buf, "%s.%s", path, f);
    else
        snprintf(buf, sizeof buf, "%s", path);
    json_object_set_new(err, "field", json_string(buf));
}

/* input_check on a nested value: obj must be an object; failures name path.field. */
static int check_nested(struct req *r, json_t *obj, const char *path, const struct field *f, size_t n)
{
    if (!json_is_object(obj))
        return req_fail(r, ERR_VALIDATION, path, "应为对象");
    json_t *saved = r->body;
    r->body = obj;
    int st = input_check(r, f, n);
    r->body = saved;
    if (st)
        prefix_field(r, path);
    return st;
}

/* Reads the optional lat/lng pair of the body (F_NUM fields already checked): both or neither, inside
 * China, rounded to the column's 6 decimals. Returns 0, or the 400 reply's status. */
static int point_arg(struct req *r, int *has_point, double *lat, double *lng)
{
    json_t *a = json_object_get(r->body, "lat"), *b = json_object_get(r->body, "lng");
    int has_a = a && !json_is_null(a), has_b = b && !json_is_null(b);
    *has_point = 0;
    if (!has_a && !has_b)
        return 0;
    if (!has_a || !has_b)
        return req_fail(r, ERR_MISSING_FIELD, has_a ? "lng" : "lat", "经纬度需要同时填写");
    double x = json_number_value(a), y = json_number_value(b);
    if (!geo_in_china(x, y))
        return req_fail(r, ERR_VALIDATION, x >= 18.0 && x <= 53.6 ? "lng" : "lat", "位置应在中国境内");
    *lat = round(x * 1e6) / 1e6;
    *lng = round(y * 1e6) / 1e6;
    *has_point = 1;
    return 0;
}

/* Looks a region code up: 0 with name filled when it exists at min_level or below; else the 400 reply. */
static int region_arg(struct req *r, const char *field, const char *code, int min_level, char name[65])
{
    char path[65];
    long long level = 0;
    if (!region_valid(code))
        return req_fail(r, ERR_VALIDATION, field, "行政区划代码应为 6、9 或 12 位数字");
    enum st rc = store_reference_region(code, name, &level, path);
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_VALIDATION, field, "行政区划代码不存在");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (level < min_level)
        return req_fail(r, ERR_VALIDATION, field, "请选择到县（区）或乡镇（街道）一级");
    return 0;
}

/* Reads availability {"mon":["morning",...],...} into a bitmask. */
static int parse_availability(struct req *r, json_t *v, long *mask)
{
    *mask = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return req_fail(r, ERR_VALIDATION, "availability", "应为对象");
    const char *day;
    json_t *slots;
    json_object_foreach(v, day, slots)
    {
        char path[40];
        int d = profile_day_parse(day);
        snprintf(path, sizeof path, "availability.%.16s", day);
        if (d < 0)
            return req_fail(r, ERR_UNKNOWN_FIELD, path, "星期应为 mon、tue、wed、thu、fri、sat、sun 之一");
        if (!json_is_array(slots) || json_array_size(slots) > PROFILE_SLOTS)
            return req_fail(r, ERR_VALIDATION, path, "应为时段数组（最多 3 项）");
        size_t i;
        json_t *s;
        json_array_foreach(slots, i, s)
        {
            int slot = profile_slot_parse(json_string_value(s));
            if (slot < 0)
                return req_fail(r, ERR_VALIDATION, path, "时段应为 morning、afternoon 或 evening");
            *mask |= profile_avail_bit(d, slot);
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- worker */

/* Reads the caller's worker profile and sets the 200 reply: for GET, and inside the PUT's transaction. */
static int worker_reply(struct req *r)
{
    struct user_row u;
    struct worker_row w;
    struct view_worker v = {.user = &u, .row = &w};
    enum st rc = store_account_user_get(r->who.id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    v.job_types = json_array(), v.certificates = json_array(), v.work_regions = json_array();
    struct view_profile_certs cc = {v.certificates, r->who.id};
    rc = store_profile_worker_get(r->who.id, &w);
    if (rc == ST_NOTFOUND)
        v.row = NULL, rc = ST_OK;
    else if (rc == ST_OK)
        rc = store_profile_worker_job_types(r->who.id, view_profile_job_type_append, v.job_types);
    if (rc == ST_OK && v.row)
        rc = store_profile_worker_certificates(r->who.id, view_profile_certificate_append, &cc);
    if (rc == ST_OK && v.row)
        rc = store_profile_worker_regions(r->who.id, view_profile_region_append, v.work_regions);
    if (rc == ST_OK && v.row) {
        struct profile_worker_facts f = {
            .has_real_name = w.real_name[0] != '\0',
            .has_id_number = w.id_enc_len > 0,
            .has_phone = u.phone_enc_len > 0,
            .n_job_types = (int)json_array_size(v.job_types),
            .n_certificates = (int)json_array_size(v.certificates),
            .n_work_regions = (int)json_array_size(v.work_regions),
            .has_home_region = w.region_code[0] != '\0',
            .availability = (long)w.availability,
            .has_expected_pay = w.pay_fen > 0,
            .intro_chars = (int)input_utf8_len(w.intro),
        };
        v.completeness = profile_worker_completeness(&f);
        v.rating = svc_rating_summary(r->who.id, "worker"); /* 用工评价 received (issue 7) */
    }
    if (rc != ST_OK) {
        json_decref(v.job_types);
        json_decref(v.certificates);
        json_decref(v.work_regions);
        return req_store_fail(r, rc);
    }
    json_t *o = view_profile_worker(&v); /* takes the arrays and the rating */
    return o ? req_reply(r, 200, json_pack("{s:o}", "worker", o)) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

int api_profile_worker_get(struct req *r)
{
    return worker_reply(r);
}

static int pay_unit_valid(const char *u)
{
    for (size_t i = 0; i < sizeof pay_units / sizeof pay_units[0]; i++)
        if (u && strcmp(u, pay_units[i]) == 0)
            return 1;
    return 0;
}

/* The certificate numbers stored before a save, opened, with their masks: a PUT that sends a mask back
 * means "unchanged". */
struct kept_certs {
    long long user_id;
    int n;
    char plain[MAX_CERTIFICATES][257], mask[MAX_CERTIFICATES][257];
};

static int keep_cert(void *p, const struct worker_certificate *row)
{
    struct kept_certs *k = p;
    if (k->n < MAX_CERTIFICATES) {
        view_profile_cert_number(k->user_id, row, k->plain[k->n]);
        view_profile_cert_mask(k->plain[k->n], k->mask[k->n]);
        k->n++;
    }
    return 0;
}

/* The stored number whose mask is mask, or NULL. */
static const char *kept_number(const struct kept_certs *k, const char *mask)
{
    for (int i = 0; i < k->n; i++)
        if (k->plain[i][0] && strcmp(k->mask[i], mask) == 0)
            return k->plain[i];
    return NULL;
}

static const struct field worker_fields[] = {
    {"real_name", F_STR, 1, 2, 32},
    {"id_number", F_STR, 0, 0, 64},
    {"job_types", F_ARR, 0, 0, MAX_JOB_TYPES},
    {"certificates", F_ARR, 0, 0, MAX_CERTIFICATES},
    {"work_regions", F_ARR, 0, 0, MAX_WORK_REGIONS},
    {"region_code", F_STR, 0, 6, 12},
    {"availability", F_OBJ, 0, 0, 0},
    {"expected_pay", F_OBJ, 0, 0, 0},
    {"intro", F_STR, 0, 0, 500},
    {"elder_mode", F_BOOL, 0, 0, 0},
    {"discoverable", F_BOOL, 0, 0, 0},
    {"lat", F_NUM, 0, -90, 90},
    {"lng", F_NUM, 0, -180, 180},
};
static const struct field job_fields[] = {{"id", F_INT, 1, 1, 2147483647}, {"years", F_INT, 0, 0, 60}};
static const struct field cert_fields[] = {
    {"name", F_STR, 1, 1, 64}, {"number", F_STR, 0, 0, 64}, {"expires_on", F_STR, 0, 10, 10}};
static const struct field pay_fields[] = {{"fen", F_INT, 1, 1, PAY_FEN_MAX}, {"unit", F_STR, 1, 1, 8}};

/* A worker PUT once parsed and checked: everything the write needs, computed before the transaction.
 * Allocated (worker threads have small stacks) and wiped when the handler ends: it holds the opened
 * certificate numbers of the stored profile. */
struct worker_put {
    int has_point;
    double lat, lng;
    struct worker_job_type jobs[MAX_JOB_TYPES];
    struct worker_certificate certs[MAX_CERTIFICATES];
    struct worker_region regions[MAX_WORK_REGIONS];
    size_t njobs, ncerts, nregions;
    struct kept_certs kept;
    const char *home; /* region_code, NULL = none */
    long availability;
    json_t *pay; /* expected_pay (borrowed from the body), NULL or null = none */
    unsigned char sealed[96], hmac[32];
    long sealed_len; /* 0: no id_number sent (the stored one stays) */
    int birth_year;
    const char *gender;
    struct moderation mod; /* intro */
};

/* job_types: existing 工种, no repeats. */
static int parse_jobs(struct req *r, struct worker_put *p)
{
    char path[64];
    size_t i;
    json_t *v;
    int st;
    json_array_foreach(json_object_get(r->body, "job_types"), i, v)
    {
        snprintf(path, sizeof path, "job_types[%zu]", i);
        if ((st = check_nested(r, v, path, job_fields, 2)))
            return st;
        long long jt = json_integer_value(json_object_get(v, "id"));
        for (size_t k = 0; k < p->njobs; k++)
            if (p->jobs[k].id == jt)
                return req_fail(r, ERR_VALIDATION, path, "工种不能重复");
        enum st rc = store_profile_job_type_exists(jt);
        if (rc == ST_NOTFOUND) {
            snprintf(path, sizeof path, "job_types[%zu].id", i);
            return req_fail(r, ERR_VALIDATION, path, "工种不存在");
        }
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        p->jobs[p->njobs].id = jt;
        p->jobs[p->njobs].years = json_integer_value(json_object_get(v, "years"));
        p->njobs++;
    }
    return 0;
}

/* certificates[i] = v into p->certs: the number sealed, or the stored one when v sends its mask back. */
static int parse_cert(struct req *r, struct worker_put *p, size_t i, json_t *v)
{
    char path[64];
    int st;
    snprintf(path, sizeof path, "certificates[%zu]", i);
    if ((st = check_nested(r, v, path, cert_fields, 3)))
        return st;
    const char *exp = json_string_value(json_object_get(v, "expires_on"));
    if (exp && !profile_date_valid(exp)) {
        snprintf(path, sizeof path, "certificates[%zu].expires_on", i);
        return req_fail(r, ERR_VALIDATION, path, "日期格式应为 YYYY-MM-DD");
    }
    const char *num = json_string_value(json_object_get(v, "number"));
    struct worker_certificate *c = &p->certs[p->ncerts];
    snprintf(c->name, sizeof c->name, "%s", json_string_value(json_object_get(v, "name")));
    c->number[0] = '\0';
    c->number_enc_len = 0;
    if (num && strchr(num, '*')) {
        /* the masked number a GET answered, sent back unchanged: keep the stored one */
        num = kept_number(&p->kept, num);
        if (!num) {
            snprintf(path, sizeof path, "certificates[%zu].number", i);
            return req_fail(r, ERR_VALIDATION, path, "证书编号不完整，请重新填写完整编号");
        }
    }
    if (num && *num) {
        const struct config *cfg = config_current();
        char aad[64];
        view_profile_cert_aad(r->who.id, aad);
        long n = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, num, strlen(num), c->number_enc,
                             sizeof c->number_enc);
        if (n < 0)
            return req_fail(r, ERR_INTERNAL, NULL, NULL);
        c->number_enc_len = (unsigned long)n;
    }
    snprintf(c->expires_on, sizeof c->expires_on, "%s", exp ? exp : "");
    p->ncerts++;
    return 0;
}

static int parse_certs(struct req *r, struct worker_put *p)
{
    json_t *certs = json_object_get(r->body, "certificates"), *v;
    size_t i;
    int st;
    p->kept.user_id = r->who.id;
    enum st rc =
        json_array_size(certs) ? store_profile_worker_certificates(r->who.id, keep_cert, &p->kept) : ST_OK;
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_array_foreach(certs, i, v)
    {
        if ((st = parse_cert(r, p, i, v)))
            return st;
    }
    return 0;
}

/* work_regions: existing region codes, no repeats. */
static int parse_regions(struct req *r, struct worker_put *p)
{
    char path[64], name[65];
    size_t i;
    json_t *v;
    int st;
    json_array_foreach(json_object_get(r->body, "work_regions"), i, v)
    {
        snprintf(path, sizeof path, "work_regions[%zu]", i);
        const char *code = json_string_value(v);
        if (!code)
            return req_fail(r, ERR_VALIDATION, path, "应为行政区划代码");
        if ((st = region_arg(r, path, code, 1, name)))
            return st;
        for (size_t k = 0; k < p->nregions; k++)
            if (strcmp(p->regions[k].code, code) == 0)
                return req_fail(r, ERR_VALIDATION, path, "工作区域不能重复");
        snprintf(p->regions[p->nregions].code, sizeof p->regions[p->nregions].code, "%s", code);
        p->nregions++;
    }
    return 0;
}

static int parse_pay(struct req *r, struct worker_put *p)
{
    int st;
    p->pay = json_object_get(r->body, "expected_pay");
    if (!p->pay || json_is_null(p->pay))
        return 0;
    if ((st = check_nested(r, p->pay, "expected_pay", pay_fields, 2)))
        return st;
    if (!pay_unit_valid(json_string_value(json_object_get(p->pay, "unit"))))
        return req_fail(r, ERR_VALIDATION, "expected_pay.unit", "单位应为 hour、day、piece 或 gig");
    return 0;
}

/* id_number (optional): GB 11643, 16 or older; birth year and gender from it; sealed with its lookup hash.
 * id (19 bytes, wiped by the caller) receives the plaintext. */
static int seal_worker_id(struct req *r, struct worker_put *p, char id[19])
{
    const char *id_in = input_str(r, "id_number");
    if (!id_in)
        return 0;
    enum idcard_reason why = idcard_validate(id_in, (time_t)r->now, id);
    if (why != IDCARD_OK)
        return req_fail(r, ERR_VALIDATION, "id_number", idcard_message(why));
    if (idcard_age(id, (time_t)r->now) < WORKER_MIN_AGE)
        return req_fail(r, ERR_VALIDATION, "id_number", "未满 16 周岁不能登记为零工");
    p->birth_year = idcard_birth_year(id);
    p->gender = idcard_gender(id) == IDCARD_FEMALE ? "female" : "male";
    const struct config *cfg = config_current();
    char aad[48];
    snprintf(aad, sizeof aad, "workers.id:%lld", r->who.id);
    p->sealed_len = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, id, strlen(id), p->sealed,
                                sizeof p->sealed);
    crypto_lookup_hash(cfg->data_key, "idcard", id, p->hmac);
    return p->sealed_len < 0 ? req_fail(r, ERR_INTERNAL, NULL, NULL) : 0;
}

/* Parse: the body, in the order its errors have always been reported; 0 or the error reply's status. */
static int worker_parse(struct req *r, struct worker_put *p)
{
    char name[65];
    int st = input_check(r, worker_fields, sizeof worker_fields / sizeof worker_fields[0]);
    if (!st)
        st = point_arg(r, &p->has_point, &p->lat, &p->lng);
    if (!st)
        st = parse_jobs(r, p);
    if (!st)
        st = parse_certs(r, p);
    if (!st)
        st = parse_regions(r, p);
    if (!st && (p->home = input_str(r, "region_code")))
        st = region_arg(r, "region_code", p->home, 3, name);
    if (!st)
        st = parse_availability(r, json_object_get(r->body, "availability"), &p->availability);
    if (!st)
        st = parse_pay(r, p);
    if (!st) {
        char id[19] = "";
        st = seal_worker_id(r, p, id);
        memset(id, 0, sizeof id);
    }
    /* sensitive words: block → 422 naming the field; mask → the starred copy is stored */
    if (!st)
        st = handler_moderate(r, "intro", input_str(r, "intro"), &p->mod);
    return st;
}

/* Compute: the row to write, with the completeness score of what it will hold. */
static void worker_compute(struct req *r, const struct worker_put *p, const struct user_row *u,
                           struct worker_write *w)
{
    int has_pay = p->pay && !json_is_null(p->pay);
    struct profile_worker_facts f = {
        .has_real_name = 1,
        .has_id_number = 1,
        .has_phone = u->phone_enc_len > 0,
        .n_job_types = (int)p->njobs,
        .n_certificates = (int)p->ncerts,
        .n_work_regions = (int)p->nregions,
        .has_home_region = p->home != NULL,
        .availability = p->availability,
        .has_expected_pay = has_pay,
        .intro_chars = p->mod.text ? (int)input_utf8_len(p->mod.text) : 0,
    };
    *w = (struct worker_write){
        .real_name = input_str(r, "real_name"),
        .id_enc = p->sealed_len > 0 ? p->sealed : NULL,
        .id_enc_len = p->sealed_len > 0 ? (unsigned long)p->sealed_len : 0,
        .id_hmac = p->hmac,
        .birth_year = p->birth_year,
        .gender = p->gender,
        .intro = p->mod.text,
        .pay_fen = has_pay ? json_integer_value(json_object_get(p->pay, "fen")) : 0,
        .pay_unit = has_pay ? json_string_value(json_object_get(p->pay, "unit")) : NULL,
        .availability = p->availability,
        .elder_mode = json_is_true(json_object_get(r->body, "elder_mode")),
        .discoverable = json_is_true(json_object_get(r->body, "discoverable")),
        .region_code = p->home,
        .has_location = p->has_point,
        .lat = p->lat,
        .lng = p->lng,
        .completeness = profile_worker_completeness(&f),
    };
}

/* Write: the transaction body (handler_tx) — the profile, its lists and the moderation findings, then the
 * reply read back in the same transaction. */
static int worker_put_tx(struct req *r, void *ctx)
{
    const struct worker_put *p = ctx;
    struct user_row u;
    struct worker_write w;
    int has_id = 0;
    enum st rc = store_account_user_get(r->who.id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    rc = store_profile_worker_lock(r->who.id, &has_id);
    if (rc == ST_OK && !has_id && p->sealed_len <= 0)
        return req_fail(r, ERR_MISSING_FIELD, "id_number", "首次保存需要填写身份证号");
    if (rc == ST_OK) {
        worker_compute(r, p, &u, &w);
        rc = store_profile_worker_save(r->who.id, &w, p->jobs, p->njobs, p->certs, p->ncerts, p->regions,
                                       p->nregions);
    }
    if (rc == ST_OK)
        rc = svc_moderation_record("worker", r->who.id, &p->mod, 1);
    if (rc == ST_CONFLICT)
        return req_fail(r, ERR_ALREADY_EXISTS, "id_number", "该身份证号已被其他账号使用");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return worker_reply(r);
}

int api_profile_worker_put(struct req *r)
{
    struct worker_put *p = calloc(1, sizeof *p);
    if (!p)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    int st = worker_parse(r, p);
    if (!st)
        st = handler_tx(r, worker_put_tx, p);
    memset(p, 0, sizeof *p);
    free(p);
    return st;
}

/* -------------------------------------------------------------- employer */

/* Reads the caller's employer profile and sets the 200 reply: for GET, and inside the PUT's transaction. */
static int employer_reply(struct req *r)
{
    struct employer_row e;
    enum st rc = store_profile_employer_get(r->who.id, &e);
    if (rc == ST_NOTFOUND)
        return req_reply(r, 200, json_pack("{s:o}", "employer", view_profile_employer(NULL, 0, NULL)));
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *rating = svc_rating_summary(r->who.id, "employer"); /* 雇主评价 received (issue 7) */
    json_t *o = rating ? view_profile_employer(&e, 0, rating) : NULL;
    return o ? req_reply(r, 200, json_pack("{s:o}", "employer", o)) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

int api_profile_employer_get(struct req *r)
{
    return employer_reply(r);
}

static const struct field employer_fields[] = {
    {"kind", F_STR, 1, 1, 8},       {"name", F_STR, 1, 2, 64},         {"credit_code", F_STR, 0, 0, 32},
    {"legal_rep", F_STR, 0, 2, 32}, {"contact_name", F_STR, 0, 2, 32}, {"contact_phone", F_STR, 0, 0, 20},
    {"id_number", F_STR, 0, 0, 64}, {"region_code", F_STR, 1, 6, 12},  {"address", F_STR, 0, 0, 128},
};

/* An employer PUT once parsed and checked (see worker_put). */
struct employer_put {
    const char *kind, *region, *legal_rep, *phone_in; /* borrowed from the body */
    int org;
    char code[19]; /* the credit code, normalised (org) */
    unsigned char id_sealed[96], id_hmac[32], phone_sealed[96];
    long id_len, phone_len;   /* 0: not sent */
    struct moderation mod[3]; /* name, contact_name, address */
};

/* kind and what goes with it: org needs a valid credit code and no ID number; person takes neither a
 * credit code nor a legal representative. */
static int parse_kind(struct req *r, struct employer_put *p)
{
    const char *credit_in = input_str(r, "credit_code"), *id_in = input_str(r, "id_number");
    p->kind = input_str(r, "kind");
    p->org = strcmp(p->kind, "org") == 0;
    if (!p->org && strcmp(p->kind, "person") != 0)
        return req_fail(r, ERR_VALIDATION, "kind", "应为 org（单位）或 person（个人）");
    if (!p->org)
        return credit_in || p->legal_rep
                   ? req_fail(r, ERR_VALIDATION, credit_in ? "credit_code" : "legal_rep",
                              "个人雇主不填写统一社会信用代码和法定代表人")
                   : 0;
    if (!credit_in)
        return req_fail(r, ERR_MISSING_FIELD, "credit_code", "单位雇主需要填写统一社会信用代码");
    if (id_in)
        return req_fail(r, ERR_VALIDATION, "id_number", "单位雇主不填写身份证号");
    enum creditcode_reason why = creditcode_validate(credit_in, p->code);
    return why != CREDITCODE_OK ? req_fail(r, ERR_VALIDATION, "credit_code", creditcode_message(why)) : 0;
}

/* The ID number (person: GB 11643, 18 or older) and the contact phone, sealed; the plaintext is wiped. */
static int seal_numbers(struct req *r, struct employer_put *p, char id[19], char phone[12])
{
    const struct config *cfg = config_current();
    const char *id_in = input_str(r, "id_number");
    char aad[48];
    if (id_in) {
        enum idcard_reason why = idcard_validate(id_in, (time_t)r->now, id);
        if (why != IDCARD_OK)
            return req_fail(r, ERR_VALIDATION, "id_number", idcard_message(why));
        if (idcard_age(id, (time_t)r->now) < EMPLOYER_MIN_AGE)
            return req_fail(r, ERR_VALIDATION, "id_number", "个人雇主须年满 18 周岁");
        snprintf(aad, sizeof aad, "employers.id:%lld", r->who.id);
        p->id_len = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, id, strlen(id), p->id_sealed,
                                sizeof p->id_sealed);
        crypto_lookup_hash(cfg->data_key, "idcard", id, p->id_hmac);
        if (p->id_len < 0)
            return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    if (phone[0]) {
        snprintf(aad, sizeof aad, "employers.phone:%lld", r->who.id);
        p->phone_len = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, phone, strlen(phone),
                                   p->phone_sealed, sizeof p->phone_sealed);
        if (p->phone_len < 0)
            return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    return 0;
}

/* Parse: the body, in the order its errors have always been reported; 0 or the error reply's status. */
static int employer_parse(struct req *r, struct employer_put *p)
{
    char id[19] = "", phone[12] = "", region_name[65];
    int st = input_check(r, employer_fields, sizeof employer_fields / sizeof employer_fields[0]);
    if (st)
        return st;
    p->legal_rep = input_str(r, "legal_rep");
    p->phone_in = input_str(r, "contact_phone");
    p->region = input_str(r, "region_code");
    if ((st = parse_kind(r, p)) || (st = region_arg(r, "region_code", p->region, 3, region_name)))
        return st;
    if (p->phone_in && *p->phone_in && phone_normalise(p->phone_in, phone) != 0)
        return req_fail(r, ERR_VALIDATION, "contact_phone", "联系电话应为 11 位手机号码");
    st = seal_numbers(r, p, id, phone);
    memset(id, 0, sizeof id);
    memset(phone, 0, sizeof phone);
    if (st)
        return st;
    /* sensitive words: block → 422 naming the field; mask → the starred copy is stored; review → the
     * employer goes (back) to pending verification, with the findings recorded for the reviewer */
    if ((st = handler_moderate(r, "name", input_str(r, "name"), &p->mod[0])) ||
        (st = handler_moderate(r, "contact_name", input_str(r, "contact_name"), &p->mod[1])) ||
        (st = handler_moderate(r, "address", input_str(r, "address"), &p->mod[2])))
        return st;
    return 0;
}

/* Compute: the row to write over cur (the stored row, locked), with the verification state it moves to.
 * The client only ever sees masked numbers, so an absent one keeps what is stored; "" clears a phone.
 * Returns 0, or the 400 reply's status when a person has no ID number at all. */
static int employer_compute(struct req *r, const struct employer_put *p, const struct employer_row *cur,
                            struct employer_write *w)
{
    const char *name = p->mod[0].text, *contact_name = p->mod[1].text, *address = p->mod[2].text;
    *w = (struct employer_write){.kind = p->kind,
                                 .name = name,
                                 .credit_code = p->org ? p->code : NULL,
                                 .legal_rep = p->org ? p->legal_rep : NULL,
                                 .contact_name = contact_name,
                                 .region_code = p->region,
                                 .address = address};
    if (p->phone_len > 0) {
        w->phone_enc = p->phone_sealed, w->phone_enc_len = (unsigned long)p->phone_len;
    } else if (!p->phone_in) {
        w->phone_enc = cur->phone_enc, w->phone_enc_len = cur->phone_enc_len;
    }
    int id_changed = 0;
    if (!p->org) {
        if (p->id_len > 0) {
            w->id_enc = p->id_sealed, w->id_enc_len = (unsigned long)p->id_len, w->id_hmac = p->id_hmac;
            id_changed = cur->id_hmac_len != 32 || memcmp(cur->id_hmac, p->id_hmac, 32) != 0;
        } else if (strcmp(cur->kind, "person") == 0 && cur->id_enc_len > 0 && cur->id_hmac_len == 32) {
            w->id_enc = cur->id_enc, w->id_enc_len = cur->id_enc_len, w->id_hmac = cur->id_hmac;
        } else {
            return req_fail(r, ERR_MISSING_FIELD, "id_number", "个人雇主需要填写身份证号");
        }
    }
    int identity_changed = strcmp(cur->kind, p->kind) != 0 || strcmp(cur->name, name) != 0 ||
                           strcmp(cur->credit_code, p->org ? p->code : "") != 0 ||
                           strcmp(cur->legal_rep, p->org && p->legal_rep ? p->legal_rep : "") != 0 ||
                           id_changed;
    int complete = w->phone_enc_len > 0 && address && *address &&
                   (p->org ? p->legal_rep && contact_name : w->id_enc_len > 0);
    int flagged = p->mod[0].review || p->mod[1].review || p->mod[2].review;
    enum profile_verification v = PROFILE_UNVERIFIED;
    profile_verification_parse(cur->verification, &v);
    w->verification =
        profile_verification_name(profile_employer_after_save(v, complete, identity_changed || flagged));
    return 0;
}

/* Write: the transaction body (handler_tx) — lock, compute, save, findings, then the reply read back. */
static int employer_put_tx(struct req *r, void *ctx)
{
    const struct employer_put *p = ctx;
    struct employer_row cur;
    struct employer_write w;
    enum st rc = store_profile_employer_lock(r->who.id, p->kind, p->mod[0].text, p->region, &cur);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    int st = employer_compute(r, p, &cur, &w);
    if (st)
        return st;
    rc = store_profile_employer_save(r->who.id, &w);
    if (rc == ST_OK)
        rc = svc_moderation_record("employer", r->who.id, p->mod, 3);
    if (rc == ST_CONFLICT)
        return p->org ? req_fail(r, ERR_ALREADY_EXISTS, "credit_code", "该统一社会信用代码已被其他账号登记")
                      : req_fail(r, ERR_ALREADY_EXISTS, "id_number", "该身份证号已被其他账号使用");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return employer_reply(r);
}

int api_profile_employer_put(struct req *r)
{
    struct employer_put p = {0};
    int st = employer_parse(r, &p);
    if (!st)
        st = handler_tx(r, employer_put_tx, &p);
    memset(&p, 0, sizeof p);
    return st;
}

/* ------------------------------------------------------- admin: employers */

static int admin_item(void *ctx, const struct employer_row *e)
{
    json_t *o = view_profile_employer(e, 1, NULL);
    return o ? json_array_append_new(ctx, o) : -1;
}

/* The admin's scope as a region-code prefix ("" = everywhere). */
static int scope_prefix(const struct req *r, char out[13])
{
    out[0] = '\0';
    if (!r->who.region[0])
        return 0;
    return region_prefix(r->who.region, out) < 0 ? -1 : 0;
}

int api_profile_admin_employers(struct req *r)
{
    char verification[16] = "", prefix[13];
    long long page, size, total = 0;
    int q = req_query(r, "verification", verification, sizeof verification);
    enum profile_verification v;
    if (q < 0 || (q > 0 && profile_verification_parse(verification, &v) != 0))
        return req_fail(r, ERR_BAD_QUERY, "verification",
                        "verification 应为 unverified、pending、verified 或 rejected");
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    if (scope_prefix(r, prefix) != 0)
        return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
    json_t *items = json_array();
    enum st rc =
        store_profile_employer_list(prefix, verification, size, (page - 1) * size, admin_item, items, &total);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(items, page, size, total));
}

static enum st audit(struct req *r, const char *action, long long id, const char *result)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", id);
    struct audit_entry e = {r->now, "admin", r->who.id, req_role_name(r->who.role), action, "employer", oid,
                            result, r->ip,   r->rid};
    return store_audit_append(&e);
}

/* One review decision. A refusal (out of the admin's region, or not pending) is still audited: its audit
 * row must commit although the answer is an error, so the transaction body records it, notes the refusal
 * and returns 200 (commit); the handler answers the error after the commit. */
struct review {
    enum profile_review action;
    const char *reason;
    const char *act; /* the audit action */
    int refused;     /* 404 or 409 after the commit; 0 = decided */
    char state[12];  /* the state found (409) */
};

static int review_tx(struct req *r, void *ctx)
{
    struct review *v = ctx;
    long long id = r->ids[0];
    char region[13];
    enum profile_verification cur = PROFILE_UNVERIFIED, to;
    v->refused = 0;
    enum st rc = store_profile_employer_review_lock(id, region, v->state);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (!region_contains(r->who.region, region)) {
        v->refused = 404; /* out of scope answers like a missing employer, so existence does not leak */
        rc = audit(r, v->act, id, "denied");
        return rc == ST_OK ? 200 : req_store_fail(r, rc);
    }
    profile_verification_parse(v->state, &cur);
    if (profile_employer_review(cur, v->action, &to) != 0) {
        v->refused = 409;
        rc = audit(r, v->act, id, "failed");
        return rc == ST_OK ? 200 : req_store_fail(r, rc);
    }
    rc = store_profile_employer_review_set(id, profile_verification_name(to), v->reason, r->who.id);
    if (rc == ST_OK)
        rc = audit(r, v->act, id, "ok");
    struct employer_row e;
    if (rc == ST_OK)
        rc = store_profile_employer_get(id, &e);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = view_profile_employer(&e, 1, NULL);
    return o ? req_reply(r, 200, json_pack("{s:o}", "employer", o)) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

/* verify or reject one employer: pending only, inside the admin's region, audited in the same
 * transaction. */
static int review(struct req *r, enum profile_review action, const char *reason)
{
    struct review v = {action, reason,
                       action == PROFILE_REVIEW_VERIFY ? "employer.verify" : "employer.reject", 0, ""};
    int st = handler_tx(r, review_tx, &v);
    if (st != 200 || !v.refused)
        return st;
    if (v.refused == 404)
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    char msg[160];
    snprintf(msg, sizeof msg, "该雇主当前认证状态为 %s（%s），只能审核待审核（pending）的雇主", v.state,
             fsm_verification_label(v.state));
    return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
}

int api_profile_admin_verify(struct req *r)
{
    return review(r, PROFILE_REVIEW_VERIFY, NULL);
}

int api_profile_admin_reject(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 2, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    return review(r, PROFILE_REVIEW_REJECT, input_str(r, "reason"));
}
