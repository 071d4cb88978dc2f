/* Worker and employer profiles of the signed-in user (/me/worker, /me/employer) and the admin review of
 * employers (list, verify, reject). The caller is always r->who: there is no id to tamper with. ID and
 * phone numbers are sealed before they reach the store and answered only masked; plaintext copies live in
 * stack buffers that are wiped before return. Never logs a personal number or a request body. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/handler.h"
#include "http/req.h"
#include "api/handlers.h"
#include "http/input.h"
#include "svc/moderation.h"
#include "api/rating.h"
#include "core/log.h"
#include "domain/creditcode.h"
#include "domain/geo.h"
#include "domain/idcard.h"
#include "domain/phone.h"
#include "domain/profile.h"
#include "domain/region.h"
#include "ext/crypto.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/profile.h"
#include "store/reference.h"

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

static const char *verification_label(const char *v)
{
    if (strcmp(v, "unverified") == 0)
        return "未提交认证";
    if (strcmp(v, "pending") == 0)
        return "待审核";
    if (strcmp(v, "verified") == 0)
        return "已认证";
    if (strcmp(v, "rejected") == 0)
        return "已驳回";
    return v;
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

/* Masks a sealed value for a reply: JSON string of the mask, or null when there is none or it does not
 * open (a key problem is logged, never the value). */
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

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *time_or_null(long long t)
{
    char when[24];
    return t > 0 ? json_string(timeutil_rfc3339(t, when)) : json_null();
}

/* ---------------------------------------------------------------- worker */

struct worker_facts_ctx {
    json_t *arr;
    int n;
    long long user_id; /* certificates: whose numbers they are (the seal's associated data) */
};

/* The associated data sealing a worker's certificate numbers: sealed values cannot be moved to another
 * worker's rows. */
static void cert_aad(long long user_id, char out[64])
{
    snprintf(out, 64, "worker_certificates.number:%lld", user_id);
}

/* A certificate number as replies show it: often an ID number, so masked like one — the first two and
 * the last two characters kept (one for 5 or fewer), the rest '*'. out: 257 bytes. */
static void cert_mask(const char *number, char out[257])
{
    size_t n = strlen(number), keep = n > 5 ? 2 : n > 1 ? 1 : 0;
    for (size_t i = 0; i < n && i < 256; i++)
        out[i] = i < keep || i >= n - keep ? number[i] : '*';
    out[n < 256 ? n : 256] = '\0';
}

/* Opens a stored certificate number (or takes the plaintext of a row from before schema 019) into
 * out (257 bytes). */
static void cert_number(long long user_id, const struct worker_certificate *row, char out[257])
{
    out[0] = '\0';
    if (!row->number_enc_len) {
        snprintf(out, 257, "%s", row->number);
        return;
    }
    char aad[64];
    cert_aad(user_id, aad);
    long n =
        crypto_open(config_current()->data_key, aad, row->number_enc, row->number_enc_len, out, 256, NULL);
    if (n < 0) {
        log_warn("sealed value does not open", "\"aad\":\"%s\"", aad);
        n = 0;
    }
    out[n] = '\0';
}

static int jt_item(void *p, const struct worker_job_type *row)
{
    struct worker_facts_ctx *c = p;
    c->n++;
    return json_array_append_new(c->arr, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)row->id, "name",
                                                   row->name, "years", (json_int_t)row->years));
}

static int cert_item(void *p, const struct worker_certificate *row)
{
    struct worker_facts_ctx *c = p;
    c->n++;
    char number[257], mask[257];
    cert_number(c->user_id, row, number);
    cert_mask(number, mask);
    memset(number, 0, sizeof number);
    json_t *o = json_pack("{s:s, s:o, s:o}", "name", row->name, "number", str_or_null(mask), "expires_on",
                          str_or_null(row->expires_on));
    return json_array_append_new(c->arr, o);
}

static int region_item(void *p, const struct worker_region *row)
{
    struct worker_facts_ctx *c = p;
    c->n++;
    return json_array_append_new(c->arr, json_pack("{s:s, s:s}", "code", row->code, "name", row->name));
}

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

/* Answers the caller's worker profile (200), for GET and after a PUT. */
static int worker_reply(struct req *r)
{
    struct user_row u;
    struct worker_row w;
    json_t *o = NULL, *jobs = json_array(), *certs = json_array(), *regions = json_array();
    int st;
    enum st rc = store_account_user_get(r->who.id, &u);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    rc = store_profile_worker_get(r->who.id, &w);
    char aad[48];
    snprintf(aad, sizeof aad, "users.phone:%lld", r->who.id);
    if (rc == ST_NOTFOUND) {
        o = json_pack(
            "{s:b, s:n, s:n, s:n, s:n, s:o, s:o, s:o, s:o, s:n, s:n, s:n, s:o, s:n, s:n, s:b, s:b, s:n, "
            "s:i, s:n}",
            "exists", 0, "real_name", "id_number", "birth_year", "gender", "phone",
            masked(u.phone_enc, u.phone_enc_len, aad, 0), "job_types", jobs, "certificates", certs,
            "work_regions", regions, "region", "lat", "lng", "availability", availability_json(0),
            "expected_pay", "intro", "elder_mode", 0, "discoverable", 0, "credit", "completeness", 0,
            "updated_at");
        jobs = certs = regions = NULL;
        st = req_reply(r, 200, json_pack("{s:o}", "worker", o));
        goto out;
    }
    struct worker_facts_ctx cj = {jobs, 0, 0}, cc = {certs, 0, r->who.id}, cr = {regions, 0, 0};
    if (rc == ST_OK)
        rc = store_profile_worker_job_types(r->who.id, jt_item, &cj);
    if (rc == ST_OK)
        rc = store_profile_worker_certificates(r->who.id, cert_item, &cc);
    if (rc == ST_OK)
        rc = store_profile_worker_regions(r->who.id, region_item, &cr);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    struct profile_worker_facts f = {
        .has_real_name = w.real_name[0] != '\0',
        .has_id_number = w.id_enc_len > 0,
        .has_phone = u.phone_enc_len > 0,
        .n_job_types = cj.n,
        .n_certificates = cc.n,
        .n_work_regions = cr.n,
        .has_home_region = w.region_code[0] != '\0',
        .availability = (long)w.availability,
        .has_expected_pay = w.pay_fen > 0,
        .intro_chars = (int)input_utf8_len(w.intro),
    };
    char idaad[48];
    snprintf(idaad, sizeof idaad, "workers.id:%lld", r->who.id);
    o = json_pack("{s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "exists", 1, "real_name",
                  str_or_null(w.real_name), "id_number", masked(w.id_enc, w.id_enc_len, idaad, 1),
                  "birth_year", w.birth_year > 0 ? json_integer(w.birth_year) : json_null(), "gender",
                  str_or_null(w.gender), "phone", masked(u.phone_enc, u.phone_enc_len, aad, 0), "job_types",
                  jobs, "certificates", certs, "work_regions", regions);
    jobs = certs = regions = NULL;
    if (!o) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    json_object_set_new(o, "region",
                        w.region_code[0]
                            ? json_pack("{s:s, s:s}", "code", w.region_code, "name", w.region_name)
                            : json_null());
    json_object_set_new(o, "lat", w.has_location ? json_real(w.lat) : json_null());
    json_object_set_new(o, "lng", w.has_location ? json_real(w.lng) : json_null());
    json_object_set_new(o, "availability", availability_json((long)w.availability));
    json_object_set_new(o, "expected_pay",
                        w.pay_fen > 0
                            ? json_pack("{s:I, s:s}", "fen", (json_int_t)w.pay_fen, "unit", w.pay_unit)
                            : json_null());
    json_object_set_new(o, "intro", str_or_null(w.intro));
    json_object_set_new(o, "elder_mode", json_boolean(w.elder_mode));
    json_object_set_new(o, "discoverable", json_boolean(w.discoverable));
    json_object_set_new(o, "credit", json_integer(w.credit));
    json_object_set_new(o, "completeness", json_integer(profile_worker_completeness(&f)));
    json_t *rating = rating_summary_json(r->who.id, "worker"); /* 用工评价 received (issue 7) */
    if (!rating) {
        json_decref(o);
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    json_object_set_new(o, "rating", rating);
    json_object_set_new(o, "updated_at", time_or_null(w.updated_at));
    st = req_reply(r, 200, json_pack("{s:o}", "worker", o));
out:
    json_decref(jobs);
    json_decref(certs);
    json_decref(regions);
    return st;
}

int api_profile_worker_get(struct req *r)
{
    return worker_reply(r);
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

static int pay_unit_valid(const char *u)
{
    for (size_t i = 0; i < sizeof pay_units / sizeof pay_units[0]; i++)
        if (u && strcmp(u, pay_units[i]) == 0)
            return 1;
    return 0;
}

/* The certificate numbers stored before a save, opened, with their masks: a PUT that sends a mask back
 * means "unchanged". Wiped when the handler ends. */
struct kept_certs {
    long long user_id;
    int n;
    char plain[MAX_CERTIFICATES][257], mask[MAX_CERTIFICATES][257];
};

static int keep_cert(void *p, const struct worker_certificate *row)
{
    struct kept_certs *k = p;
    if (k->n < MAX_CERTIFICATES) {
        cert_number(k->user_id, row, k->plain[k->n]);
        cert_mask(k->plain[k->n], k->mask[k->n]);
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

int api_profile_worker_put(struct req *r)
{
    static const struct field fields[] = {
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
    char id[19] = "", name[65], path[64];
    unsigned char sealed[96], hmac[32];
    long sealed_len = 0;
    int has_point = 0, st;
    double lat = 0, lng = 0;
    struct worker_job_type jobs[MAX_JOB_TYPES];
    struct worker_certificate certs[MAX_CERTIFICATES];
    struct worker_region regions[MAX_WORK_REGIONS];
    size_t njobs = 0, ncerts = 0, nregions = 0, i;
    json_t *v;
    struct kept_certs *kept = NULL;

    st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (!st)
        st = point_arg(r, &has_point, &lat, &lng);
    if (st)
        goto out;
    json_array_foreach(json_object_get(r->body, "job_types"), i, v)
    {
        snprintf(path, sizeof path, "job_types[%zu]", i);
        if ((st = check_nested(r, v, path, job_fields, 2)))
            goto out;
        long long jt = json_integer_value(json_object_get(v, "id"));
        for (size_t k = 0; k < njobs; k++)
            if (jobs[k].id == jt) {
                st = req_fail(r, ERR_VALIDATION, path, "工种不能重复");
                goto out;
            }
        enum st rc = store_profile_job_type_exists(jt);
        if (rc == ST_NOTFOUND) {
            snprintf(path, sizeof path, "job_types[%zu].id", i);
            st = req_fail(r, ERR_VALIDATION, path, "工种不存在");
            goto out;
        }
        if (rc != ST_OK) {
            st = req_store_fail(r, rc);
            goto out;
        }
        jobs[njobs].id = jt;
        jobs[njobs].years = json_integer_value(json_object_get(v, "years"));
        njobs++;
    }
    kept = calloc(1, sizeof *kept);
    if (!kept) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    kept->user_id = r->who.id;
    enum st krc = json_array_size(json_object_get(r->body, "certificates"))
                      ? store_profile_worker_certificates(r->who.id, keep_cert, kept)
                      : ST_OK;
    if (krc != ST_OK) {
        st = req_store_fail(r, krc);
        goto out;
    }
    json_array_foreach(json_object_get(r->body, "certificates"), i, v)
    {
        snprintf(path, sizeof path, "certificates[%zu]", i);
        if ((st = check_nested(r, v, path, cert_fields, 3)))
            goto out;
        const char *exp = json_string_value(json_object_get(v, "expires_on"));
        if (exp && !profile_date_valid(exp)) {
            snprintf(path, sizeof path, "certificates[%zu].expires_on", i);
            st = req_fail(r, ERR_VALIDATION, path, "日期格式应为 YYYY-MM-DD");
            goto out;
        }
        const char *num = json_string_value(json_object_get(v, "number"));
        snprintf(certs[ncerts].name, sizeof certs[ncerts].name, "%s",
                 json_string_value(json_object_get(v, "name")));
        certs[ncerts].number[0] = '\0';
        certs[ncerts].number_enc_len = 0;
        if (num && strchr(num, '*')) {
            /* the masked number a GET answered, sent back unchanged: keep the stored one */
            num = kept_number(kept, num);
            if (!num) {
                snprintf(path, sizeof path, "certificates[%zu].number", i);
                st = req_fail(r, ERR_VALIDATION, path, "证书编号不完整，请重新填写完整编号");
                goto out;
            }
        }
        if (num && *num) {
            char aad[64];
            cert_aad(r->who.id, aad);
            long n = crypto_seal(config_current()->data_key, (int)config_current()->data_key_version, aad,
                                 num, strlen(num), certs[ncerts].number_enc, sizeof certs[ncerts].number_enc);
            if (n < 0) {
                st = req_fail(r, ERR_INTERNAL, NULL, NULL);
                goto out;
            }
            certs[ncerts].number_enc_len = (unsigned long)n;
        }
        snprintf(certs[ncerts].expires_on, sizeof certs[ncerts].expires_on, "%s", exp ? exp : "");
        ncerts++;
    }
    json_array_foreach(json_object_get(r->body, "work_regions"), i, v)
    {
        snprintf(path, sizeof path, "work_regions[%zu]", i);
        const char *code = json_string_value(v);
        if (!code) {
            st = req_fail(r, ERR_VALIDATION, path, "应为行政区划代码");
            goto out;
        }
        if ((st = region_arg(r, path, code, 1, name)))
            goto out;
        for (size_t k = 0; k < nregions; k++)
            if (strcmp(regions[k].code, code) == 0) {
                st = req_fail(r, ERR_VALIDATION, path, "工作区域不能重复");
                goto out;
            }
        snprintf(regions[nregions].code, sizeof regions[nregions].code, "%s", code);
        nregions++;
    }
    const char *home = input_str(r, "region_code");
    if (home && (st = region_arg(r, "region_code", home, 3, name)))
        goto out;
    long availability = 0;
    if ((st = parse_availability(r, json_object_get(r->body, "availability"), &availability)))
        goto out;
    json_t *pay = json_object_get(r->body, "expected_pay");
    if (pay && !json_is_null(pay)) {
        if ((st = check_nested(r, pay, "expected_pay", pay_fields, 2)))
            goto out;
        if (!pay_unit_valid(json_string_value(json_object_get(pay, "unit")))) {
            st = req_fail(r, ERR_VALIDATION, "expected_pay.unit", "单位应为 hour、day、piece 或 gig");
            goto out;
        }
    }

    const struct config *cfg = config_current();
    int birth_year = 0;
    const char *gender = NULL;
    const char *id_in = input_str(r, "id_number");
    if (id_in) {
        enum idcard_reason why = idcard_validate(id_in, (time_t)r->now, id);
        if (why != IDCARD_OK) {
            st = req_fail(r, ERR_VALIDATION, "id_number", idcard_message(why));
            goto out;
        }
        if (idcard_age(id, (time_t)r->now) < WORKER_MIN_AGE) {
            st = req_fail(r, ERR_VALIDATION, "id_number", "未满 16 周岁不能登记为零工");
            goto out;
        }
        birth_year = idcard_birth_year(id);
        gender = idcard_gender(id) == IDCARD_FEMALE ? "female" : "male";
        char aad[48];
        snprintf(aad, sizeof aad, "workers.id:%lld", r->who.id);
        sealed_len = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, id, strlen(id), sealed,
                                 sizeof sealed);
        crypto_lookup_hash(cfg->data_key, "idcard", id, hmac);
        memset(id, 0, sizeof id);
        if (sealed_len < 0) {
            st = req_fail(r, ERR_INTERNAL, NULL, NULL);
            goto out;
        }
    }

    /* sensitive words: block → 422 naming the field; mask → the starred copy is stored */
    struct moderation mod;
    if ((st = handler_moderate(r, "intro", input_str(r, "intro"), &mod)))
        goto out;
    struct user_row u;
    enum st rc = store_account_user_get(r->who.id, &u);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    rc = db_begin();
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    int has_id = 0;
    rc = store_profile_worker_lock(r->who.id, &has_id);
    if (rc == ST_OK && !has_id && sealed_len <= 0) {
        db_rollback();
        st = req_fail(r, ERR_MISSING_FIELD, "id_number", "首次保存需要填写身份证号");
        goto out;
    }
    const char *intro = mod.text;
    struct profile_worker_facts f = {
        .has_real_name = 1,
        .has_id_number = 1,
        .has_phone = u.phone_enc_len > 0,
        .n_job_types = (int)njobs,
        .n_certificates = (int)ncerts,
        .n_work_regions = (int)nregions,
        .has_home_region = home != NULL,
        .availability = availability,
        .has_expected_pay = pay && !json_is_null(pay),
        .intro_chars = intro ? (int)input_utf8_len(intro) : 0,
    };
    struct worker_write w = {
        .real_name = input_str(r, "real_name"),
        .id_enc = sealed_len > 0 ? sealed : NULL,
        .id_enc_len = sealed_len > 0 ? (unsigned long)sealed_len : 0,
        .id_hmac = hmac,
        .birth_year = birth_year,
        .gender = gender,
        .intro = intro,
        .pay_fen = f.has_expected_pay ? json_integer_value(json_object_get(pay, "fen")) : 0,
        .pay_unit = f.has_expected_pay ? json_string_value(json_object_get(pay, "unit")) : NULL,
        .availability = availability,
        .elder_mode = json_is_true(json_object_get(r->body, "elder_mode")),
        .discoverable = json_is_true(json_object_get(r->body, "discoverable")),
        .region_code = home,
        .has_location = has_point,
        .lat = lat,
        .lng = lng,
        .completeness = profile_worker_completeness(&f),
    };
    if (rc == ST_OK)
        rc = store_profile_worker_save(r->who.id, &w, jobs, njobs, certs, ncerts, regions, nregions);
    if (rc == ST_OK)
        rc = moderation_record("worker", r->who.id, &mod, 1);
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc == ST_CONFLICT) {
        st = req_fail(r, ERR_ALREADY_EXISTS, "id_number", "该身份证号已被其他账号使用");
        goto out;
    }
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    st = worker_reply(r);
out:
    memset(id, 0, sizeof id);
    if (kept)
        memset(kept, 0, sizeof *kept);
    free(kept);
    return st;
}

/* -------------------------------------------------------------- employer */

/* The employer object of replies. admin adds id and created fields for the review console; both show
 * personal numbers masked only. */
static json_t *employer_json(const struct employer_row *e, int admin)
{
    char aad[48], idaad[48];
    snprintf(aad, sizeof aad, "employers.phone:%lld", e->user_id);
    snprintf(idaad, sizeof idaad, "employers.id:%lld", e->user_id);
    json_t *o = json_pack(
        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:{s:s, s:s}, s:o, s:s, s:o, s:o, s:I, s:o}", "kind", e->kind,
        "name", e->name, "credit_code", str_or_null(e->credit_code), "legal_rep", str_or_null(e->legal_rep),
        "contact_name", str_or_null(e->contact_name), "contact_phone",
        masked(e->phone_enc, e->phone_enc_len, aad, 0), "id_number",
        masked(e->id_enc, e->id_enc_len, idaad, 1), "region", "code", e->region_code, "name", e->region_name,
        "address", str_or_null(e->address), "verification", e->verification, "verification_reason",
        str_or_null(e->verification_reason), "verified_at", time_or_null(e->verified_at), "credit",
        (json_int_t)e->credit, "updated_at", time_or_null(e->updated_at));
    if (!o)
        return NULL;
    if (admin)
        json_object_set_new(o, "id", json_integer(e->user_id));
    else
        json_object_set_new(o, "exists", json_true());
    return o;
}

static int employer_reply(struct req *r)
{
    struct employer_row e;
    enum st rc = store_profile_employer_get(r->who.id, &e);
    if (rc == ST_NOTFOUND)
        return req_reply(
            r, 200,
            json_pack("{s:{s:b, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:s, s:n, s:n, s:n, s:n}}",
                      "employer", "exists", 0, "kind", "name", "credit_code", "legal_rep", "contact_name",
                      "contact_phone", "id_number", "region", "address", "verification", "unverified",
                      "verification_reason", "verified_at", "credit", "updated_at"));
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = employer_json(&e, 0);
    json_t *rating = o ? rating_summary_json(r->who.id, "employer") : NULL; /* 雇主评价 received (issue 7) */
    if (!rating) {
        json_decref(o);
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    json_object_set_new(o, "rating", rating);
    return req_reply(r, 200, json_pack("{s:o}", "employer", o));
}

int api_profile_employer_get(struct req *r)
{
    return employer_reply(r);
}

int api_profile_employer_put(struct req *r)
{
    static const struct field fields[] = {
        {"kind", F_STR, 1, 1, 8},       {"name", F_STR, 1, 2, 64},         {"credit_code", F_STR, 0, 0, 32},
        {"legal_rep", F_STR, 0, 2, 32}, {"contact_name", F_STR, 0, 2, 32}, {"contact_phone", F_STR, 0, 0, 20},
        {"id_number", F_STR, 0, 0, 64}, {"region_code", F_STR, 1, 6, 12},  {"address", F_STR, 0, 0, 128},
    };
    char id[19] = "", code[19] = "", phone[12] = "", region_name[65];
    unsigned char id_sealed[96], id_hmac[32], phone_sealed[96];
    long id_len = 0, phone_len = 0;
    int st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (st)
        goto out;
    const char *kind = input_str(r, "kind");
    int org = strcmp(kind, "org") == 0;
    if (!org && strcmp(kind, "person") != 0) {
        st = req_fail(r, ERR_VALIDATION, "kind", "应为 org（单位）或 person（个人）");
        goto out;
    }
    const char *credit_in = input_str(r, "credit_code"), *id_in = input_str(r, "id_number");
    const char *legal_rep = input_str(r, "legal_rep"), *phone_in = input_str(r, "contact_phone");
    if (org) {
        if (!credit_in) {
            st = req_fail(r, ERR_MISSING_FIELD, "credit_code", "单位雇主需要填写统一社会信用代码");
            goto out;
        }
        if (id_in) {
            st = req_fail(r, ERR_VALIDATION, "id_number", "单位雇主不填写身份证号");
            goto out;
        }
        enum creditcode_reason why = creditcode_validate(credit_in, code);
        if (why != CREDITCODE_OK) {
            st = req_fail(r, ERR_VALIDATION, "credit_code", creditcode_message(why));
            goto out;
        }
    } else {
        if (credit_in || legal_rep) {
            st = req_fail(r, ERR_VALIDATION, credit_in ? "credit_code" : "legal_rep",
                          "个人雇主不填写统一社会信用代码和法定代表人");
            goto out;
        }
    }
    const char *region = input_str(r, "region_code");
    if ((st = region_arg(r, "region_code", region, 3, region_name)))
        goto out;
    if (phone_in && *phone_in && phone_normalise(phone_in, phone) != 0) {
        st = req_fail(r, ERR_VALIDATION, "contact_phone", "联系电话应为 11 位手机号码");
        goto out;
    }
    const struct config *cfg = config_current();
    char aad[48];
    if (id_in) {
        enum idcard_reason why = idcard_validate(id_in, (time_t)r->now, id);
        if (why != IDCARD_OK) {
            st = req_fail(r, ERR_VALIDATION, "id_number", idcard_message(why));
            goto out;
        }
        if (idcard_age(id, (time_t)r->now) < EMPLOYER_MIN_AGE) {
            st = req_fail(r, ERR_VALIDATION, "id_number", "个人雇主须年满 18 周岁");
            goto out;
        }
        snprintf(aad, sizeof aad, "employers.id:%lld", r->who.id);
        id_len = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, id, strlen(id), id_sealed,
                             sizeof id_sealed);
        crypto_lookup_hash(cfg->data_key, "idcard", id, id_hmac);
        if (id_len < 0) {
            st = req_fail(r, ERR_INTERNAL, NULL, NULL);
            goto out;
        }
    }
    if (phone[0]) {
        snprintf(aad, sizeof aad, "employers.phone:%lld", r->who.id);
        phone_len = crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, phone, strlen(phone),
                                phone_sealed, sizeof phone_sealed);
        if (phone_len < 0) {
            st = req_fail(r, ERR_INTERNAL, NULL, NULL);
            goto out;
        }
    }
    memset(id, 0, sizeof id);
    memset(phone, 0, sizeof phone);

    /* sensitive words: block → 422 naming the field; mask → the starred copy is stored; review → the
     * employer goes (back) to pending verification, with the findings recorded for the reviewer */
    struct moderation mod[3];
    if ((st = handler_moderate(r, "name", input_str(r, "name"), &mod[0])) ||
        (st = handler_moderate(r, "contact_name", input_str(r, "contact_name"), &mod[1])) ||
        (st = handler_moderate(r, "address", input_str(r, "address"), &mod[2])))
        goto out;
    int flagged = mod[0].review || mod[1].review || mod[2].review;
    const char *name = mod[0].text, *contact_name = mod[1].text;
    const char *address = mod[2].text;
    struct employer_row cur;
    enum st rc = db_begin();
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    rc = store_profile_employer_lock(r->who.id, kind, name, region, &cur);
    if (rc != ST_OK) {
        db_rollback();
        st = req_store_fail(r, rc);
        goto out;
    }
    struct employer_write w = {.kind = kind,
                               .name = name,
                               .credit_code = org ? code : NULL,
                               .legal_rep = org ? legal_rep : NULL,
                               .contact_name = contact_name,
                               .region_code = region,
                               .address = address};
    /* The client only ever sees masked numbers, so an absent one keeps what is stored; "" clears a phone. */
    if (phone_len > 0) {
        w.phone_enc = phone_sealed, w.phone_enc_len = (unsigned long)phone_len;
    } else if (!phone_in) {
        w.phone_enc = cur.phone_enc, w.phone_enc_len = cur.phone_enc_len;
    }
    int id_changed = 0;
    if (!org) {
        if (id_len > 0) {
            w.id_enc = id_sealed, w.id_enc_len = (unsigned long)id_len, w.id_hmac = id_hmac;
            id_changed = cur.id_hmac_len != 32 || memcmp(cur.id_hmac, id_hmac, 32) != 0;
        } else if (strcmp(cur.kind, "person") == 0 && cur.id_enc_len > 0 && cur.id_hmac_len == 32) {
            w.id_enc = cur.id_enc, w.id_enc_len = cur.id_enc_len, w.id_hmac = cur.id_hmac;
        } else {
            db_rollback();
            st = req_fail(r, ERR_MISSING_FIELD, "id_number", "个人雇主需要填写身份证号");
            goto out;
        }
    }
    int identity_changed = strcmp(cur.kind, kind) != 0 || strcmp(cur.name, name) != 0 ||
                           strcmp(cur.credit_code, org ? code : "") != 0 ||
                           strcmp(cur.legal_rep, org && legal_rep ? legal_rep : "") != 0 || id_changed;
    int complete =
        w.phone_enc_len > 0 && address && *address && (org ? legal_rep && contact_name : w.id_enc_len > 0);
    enum profile_verification v = PROFILE_UNVERIFIED;
    profile_verification_parse(cur.verification, &v);
    w.verification =
        profile_verification_name(profile_employer_after_save(v, complete, identity_changed || flagged));
    rc = store_profile_employer_save(r->who.id, &w);
    if (rc == ST_OK)
        rc = moderation_record("employer", r->who.id, mod, 3);
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc == ST_CONFLICT) {
        st = org ? req_fail(r, ERR_ALREADY_EXISTS, "credit_code", "该统一社会信用代码已被其他账号登记")
                 : req_fail(r, ERR_ALREADY_EXISTS, "id_number", "该身份证号已被其他账号使用");
        goto out;
    }
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    st = employer_reply(r);
out:
    memset(id, 0, sizeof id);
    memset(phone, 0, sizeof phone);
    return st;
}

/* ------------------------------------------------------- admin: employers */

static int admin_item(void *ctx, const struct employer_row *e)
{
    json_t *o = employer_json(e, 1);
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

/* verify or reject one employer: pending only, inside the admin's region, audited in the same
 * transaction. Out of scope answers 404 like a missing employer, so existence does not leak. */
static int review(struct req *r, enum profile_review action, const char *reason)
{
    const char *act = action == PROFILE_REVIEW_VERIFY ? "employer.verify" : "employer.reject";
    long long id = r->ids[0];
    char region[13], state[12];
    enum profile_verification cur = PROFILE_UNVERIFIED, to;
    enum st rc = db_begin();
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    rc = store_profile_employer_review_lock(id, region, state);
    if (rc != ST_OK) {
        db_rollback();
        return req_store_fail(r, rc);
    }
    if (!region_contains(r->who.region, region)) {
        rc = audit(r, act, id, "denied");
        if (rc == ST_OK)
            rc = db_commit();
        else
            db_rollback();
        return rc == ST_OK ? req_fail(r, ERR_NOT_FOUND, NULL, NULL) : req_store_fail(r, rc);
    }
    profile_verification_parse(state, &cur);
    if (profile_employer_review(cur, action, &to) != 0) {
        rc = audit(r, act, id, "failed");
        if (rc == ST_OK)
            rc = db_commit();
        else
            db_rollback();
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        char msg[160];
        snprintf(msg, sizeof msg, "该雇主当前认证状态为 %s（%s），只能审核待审核（pending）的雇主", state,
                 verification_label(state));
        return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
    }
    rc = store_profile_employer_review_set(id, profile_verification_name(to), reason, r->who.id);
    if (rc == ST_OK)
        rc = audit(r, act, id, "ok");
    if (rc == ST_OK)
        rc = db_commit();
    else
        db_rollback();
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    struct employer_row e;
    rc = store_profile_employer_get(id, &e);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = employer_json(&e, 1);
    if (!o)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    return req_reply(r, 200, json_pack("{s:o}", "employer", o));
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
