/* Attendance (SPEC §3) handlers: the employer's rotating site code, the worker's check-in/out by location or
 * site code, the records either party reads, the employer's corrections with their reasons. Rules (days,
 * window, radius, minutes) are domain/attendance.c's, on request time + CLOCK_OFFSET_S; JSON is
 * svc/view_attendance.c's; writes go through handler_tx; no SQL. Strangers get 404, the wrong party 403. */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "core/config.h"
#include "domain/attendance.h"
#include "domain/fsm.h"
#include "domain/geo.h"
#include "domain/sitecode.h"
#include "domain/timeutil.h"
#include "ext/crypto.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/attendance.h"
#include "svc/moderation.h"
#include "svc/notify.h"
#include "svc/view_attendance.h"

/* the clock of the attendance rules */
static long long rule_now(const struct req *r)
{
    return r->now + config_current()->clock_offset_s;
}

/* "HH:MM" of unix time t in Asia/Shanghai */
static void clock_of(long long t, char out[6])
{
    long long s = (t + ATTENDANCE_TZ_OFFSET_S) % ATTENDANCE_DAY_S;
    if (s < 0)
        s += ATTENDANCE_DAY_S;
    snprintf(out, 6, "%02d:%02d", (int)(s / 3600) % 24, (int)(s / 60 % 60));
}

struct records {
    json_t *items;
    long long minutes;
    long long attended;
    int failed;
};

static int record_item(void *ctx, const struct attendance_row *a)
{
    struct records *c = ctx;
    json_t *o = view_attendance(a);
    if (!o || json_array_append_new(c->items, o) != 0) {
        c->failed = 1;
        return -1;
    }
    c->minutes += attendance_minutes(a->check_in_at, a->check_out_at);
    c->attended += a->check_in_at > 0;
    return 0;
}

static int correction_item(void *ctx, const struct attendance_correction_row *k)
{
    struct records *c = ctx;
    size_t i;
    json_t *rec;
    json_array_foreach(c->items, i, rec)
    {
        if (json_integer_value(json_object_get(rec, "id")) != k->attendance_id)
            continue;
        json_t *o = view_attendance_correction(k);
        if (!o || json_array_append_new(json_object_get(rec, "corrections"), o) != 0)
            return -1;
        return 0;
    }
    return 0;
}

/* The records of application id with their corrections (a new array in *items, the caller owns it). */
static enum st load_records(long long id, struct records *c)
{
    c->items = json_array();
    c->minutes = c->attended = 0;
    c->failed = 0;
    if (!c->items)
        return ST_ERR;
    enum st rc = store_attendance_list(id, record_item, c);
    if (rc == ST_OK)
        rc = store_attendance_corrections(id, correction_item, c);
    if (rc != ST_OK) {
        json_decref(c->items);
        c->items = NULL;
    }
    return rc;
}

/* Answers {attendance: the record of work_date} with status. */
static int reply_record(struct req *r, long long id, const char *work_date, int status)
{
    struct records c;
    enum st rc = load_records(id, &c);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    size_t i;
    json_t *rec, *found = NULL;
    json_array_foreach(c.items, i, rec)
    {
        if (!strcmp(json_string_value(json_object_get(rec, "work_date")), work_date))
            found = json_incref(rec);
    }
    json_decref(c.items);
    if (!found)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    return req_reply(r, status, json_pack("{s:o}", "attendance", found));
}

/* Loads application id into *c and checks the caller is its worker (want_worker) or its employer.
 * Returns 0, or the error status: 404 for strangers, 403 for the other party. */
static int load_as(struct req *r, long long id, struct attendance_ctx *c, int want_worker)
{
    enum st rc = store_attendance_context(id, c);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    int is_worker = r->who.id == c->worker_id, is_employer = r->who.id == c->employer_id;
    if (!is_worker && !is_employer)
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    if (want_worker ? !is_worker : !is_employer)
        return req_fail(r, ERR_FORBIDDEN, NULL,
                        want_worker ? "只有被录用的零工本人可以打卡" : "只有雇主可以修改考勤记录");
    return 0;
}

struct place {
    const char *method; /* "location" or "code" */
    int has_pos;
    double lat, lng;
};

/* Checks the body's proof of presence: {lat, lng} within PUNCH_RADIUS_M of the site, or {code}, the site
 * code of the current 60 s step or of the step either side. Returns 0 or the error status. */
static int prove_place(struct req *r, const struct attendance_ctx *c, long long now, struct place *p)
{
    const char *code = input_str(r, "code");
    int has_lat = json_object_get(r->body, "lat") != NULL, has_lng = json_object_get(r->body, "lng") != NULL;
    if (code && (has_lat || has_lng))
        return req_fail(r, ERR_VALIDATION, "code", "请只提交位置（lat、lng）或现场码（code）中的一种");
    if (code) {
        p->method = "code";
        p->has_pos = 0;
        if (c->secret_len == 0 || sitecode_verify(c->secret, c->secret_len, code, now, 1) != 1)
            return req_fail(r, ERR_SITE_CODE_INVALID, "code", NULL);
        return 0;
    }
    if (!has_lat || !has_lng)
        return req_fail(r, ERR_MISSING_FIELD, has_lat ? "lng" : "lat",
                        "请提交当前位置（lat、lng）或现场码（code）");
    p->method = "location";
    p->has_pos = 1;
    p->lat = input_num(r, "lat", 0);
    p->lng = input_num(r, "lng", 0);
    long radius = config_current()->punch_radius_m;
    double d = geo_distance_m(c->lat, c->lng, p->lat, p->lng);
    if (!attendance_within_radius(d, radius)) {
        char msg[160];
        snprintf(msg, sizeof msg, "距离工作地点约 %.0f 米，需在 %ld 米以内才能打卡；也可以向雇主索取现场码",
                 d, radius);
        return req_fail(r, ERR_TOO_FAR, "lat", msg);
    }
    return 0;
}

static const struct field punch_fields[] = {
    {"lat", F_NUM, 0, -90, 90},
    {"lng", F_NUM, 0, -180, 180},
    {"code", F_STR, 0, 6, 6},
};

/* A punch decided before its transaction: the day, the clock of the rules, the proof of presence, and for
 * a check-out the record it closes. */
struct punch {
    long long now, record_id;
    const char *date;
    struct place p;
};

/* Checks the punch window of the current work day: 0 with *day set, or the status of the reply. */
static int punch_window(struct req *r, const struct attendance_ctx *c, long long now,
                        struct attendance_day *day)
{
    long window = config_current()->punch_window_min * 60;
    enum attendance_window w = attendance_punch_day(c->starts_at, c->ends_at, now, window, day);
    if (w == ATTENDANCE_IN_WINDOW)
        return 0;
    char msg[192], from[6], to[6];
    if (w == ATTENDANCE_NO_DAYS)
        return req_fail(r, ERR_OUTSIDE_PUNCH_WINDOW, NULL, "该岗位没有工作日");
    clock_of(day->scheduled_start - window, from);
    clock_of(day->scheduled_start + window, to);
    snprintf(msg, sizeof msg, "%s：%s 的签到时间为北京时间 %s 至 %s",
             w == ATTENDANCE_TOO_EARLY ? "还未到签到时间" : "已过签到时间", day->date, from, to);
    return req_fail(r, ERR_OUTSIDE_PUNCH_WINDOW, NULL, msg);
}

static int check_in_tx(struct req *r, void *ctx)
{
    const struct punch *k = ctx;
    enum st rc =
        store_attendance_check_in(r->ids[0], k->date, k->now, k->p.method, k->p.has_pos, k->p.lat, k->p.lng);
    if (rc == ST_CONFLICT)
        return req_fail(r, ERR_ALREADY_CHECKED_IN, NULL, NULL);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return reply_record(r, r->ids[0], k->date, 201);
}

int api_attendance_check_in(struct req *r)
{
    struct punch k = {.now = rule_now(r)};
    struct attendance_ctx c;
    struct attendance_day day;
    int st = input_check(r, punch_fields, sizeof punch_fields / sizeof punch_fields[0]);
    if (st)
        return st;
    if ((st = load_as(r, r->ids[0], &c, 1)) != 0)
        return st;
    if (strcmp(c.status, "accepted") != 0)
        return req_state_conflict(r, FSM_APPLICATION, c.status);
    if ((st = punch_window(r, &c, k.now, &day)) != 0 || (st = prove_place(r, &c, k.now, &k.p)) != 0)
        return st;
    k.date = day.date;
    return handler_tx(r, check_in_tx, &k);
}

static int check_out_tx(struct req *r, void *ctx)
{
    const struct punch *k = ctx;
    enum st rc =
        store_attendance_check_out(k->record_id, k->now, k->p.method, k->p.has_pos, k->p.lat, k->p.lng);
    if (rc == ST_CONFLICT)
        return req_fail(r, ERR_ALREADY_CHECKED_OUT, NULL, NULL);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return reply_record(r, r->ids[0], k->date, 200);
}

int api_attendance_check_out(struct req *r)
{
    struct punch k = {.now = rule_now(r)};
    struct attendance_ctx c;
    int st = input_check(r, punch_fields, sizeof punch_fields / sizeof punch_fields[0]);
    if (st)
        return st;
    if ((st = load_as(r, r->ids[0], &c, 1)) != 0)
        return st;
    if (strcmp(c.status, "accepted") != 0)
        return req_state_conflict(r, FSM_APPLICATION, c.status);
    struct attendance_row last;
    enum st rc = store_attendance_last(r->ids[0], &last);
    if (rc == ST_NOTFOUND)
        return req_fail(r, ERR_NOT_CHECKED_IN, NULL, NULL);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (last.check_out_at > 0)
        return req_fail(r, ERR_ALREADY_CHECKED_OUT, NULL, NULL);
    if (k.now < last.check_in_at || k.now - last.check_in_at > ATTENDANCE_MAX_SHIFT_S)
        return req_fail(r, ERR_NOT_CHECKED_IN, NULL, "没有 24 小时内的签到记录，请联系雇主补录");
    if ((st = prove_place(r, &c, k.now, &k.p)) != 0)
        return st;
    k.record_id = last.id;
    k.date = last.work_date;
    return handler_tx(r, check_out_tx, &k);
}

int api_attendance_list(struct req *r)
{
    long long id = r->ids[0];
    struct attendance_ctx c;
    enum st rc = store_attendance_context(id, &c);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (r->who.id != c.worker_id && r->who.id != c.employer_id)
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    struct records rec;
    if ((rc = load_records(id, &rec)) != ST_OK)
        return req_store_fail(r, rc);
    long long m = rec.minutes;
    return req_reply(r, 200,
                     json_pack("{s:I, s:o, s:i, s:I, s:I, s:f}", "application_id", (json_int_t)id, "items",
                               rec.items, "work_days", attendance_day_count(c.starts_at, c.ends_at),
                               "days_attended", (json_int_t)rec.attended, "minutes_total", (json_int_t)m,
                               "hours_total", view_attendance_hours(m)));
}

/* A correction decided before its transaction: the day, the new times (0 = keep), the moderated reason. */
struct correction {
    struct attendance_day day;
    long long in, out, worker_id;
    struct moderation mod;
};

/* Reads check_in_at and check_out_at (RFC 3339, inside the day's shift, not in the future) into k->in and
 * k->out. 0, or the status of the reply. */
static int correction_times(struct req *r, struct correction *k, long long now)
{
    const char *names[2] = {"check_in_at", "check_out_at"};
    long long *vals[2] = {&k->in, &k->out};
    for (int i = 0; i < 2; i++) {
        const char *s = input_str(r, names[i]);
        if (!s)
            continue;
        if (timeutil_parse_rfc3339(s, vals[i]) != 0)
            return req_fail(r, ERR_VALIDATION, names[i],
                            "时间格式应为 RFC 3339，例如 2026-11-22T08:00:00+08:00");
        /* a shift belongs to its day: from 12 h before the scheduled start to 36 h after it */
        if (*vals[i] < k->day.scheduled_start - 43200 || *vals[i] > k->day.scheduled_start + 129600)
            return req_fail(r, ERR_VALIDATION, names[i], "时间应在该工作日的班次前后");
        if (*vals[i] > now)
            return req_fail(r, ERR_VALIDATION, names[i], "时间不能晚于现在");
    }
    if (!k->in && !k->out)
        return req_fail(r, ERR_MISSING_FIELD, "check_in_at", "请至少修改签到或签退时间中的一个");
    return 0;
}

/* Writes the corrected times of the day (a new record when it has none): 0 with *att_id, old and the new
 * times set, or the status of the reply. */
static int correct_record(struct req *r, const struct correction *k, long long *att_id,
                          struct attendance_row *old, long long *new_in, long long *new_out)
{
    enum st rc = store_attendance_lock_day(r->ids[0], k->day.date, old);
    if (rc == ST_NOTFOUND) {
        memset(old, 0, sizeof *old);
        if (!k->in)
            return req_fail(r, ERR_MISSING_FIELD, "check_in_at", "这一天没有签到记录，补录时请填写签到时间");
        *new_in = k->in;
        *new_out = k->out;
        if (*new_out && *new_out <= *new_in)
            return req_fail(r, ERR_VALIDATION, "check_out_at", "签退时间应晚于签到时间");
        rc = store_attendance_insert_corrected(r->ids[0], k->day.date, *new_in, *new_out, att_id);
    } else if (rc == ST_OK) {
        *att_id = old->id;
        *new_in = k->in ? k->in : old->check_in_at;
        *new_out = k->out ? k->out : old->check_out_at;
        if (!*new_in || (*new_out && *new_out <= *new_in))
            return req_fail(r, ERR_VALIDATION, k->out ? "check_out_at" : "check_in_at",
                            *new_in ? "签退时间应晚于签到时间" : "这一天没有签到时间，请同时填写签到时间");
        rc = store_attendance_set_times(*att_id, k->in, k->out);
    }
    return rc == ST_OK ? 0 : req_store_fail(r, rc);
}

static int correct_tx(struct req *r, void *ctx)
{
    const struct correction *k = ctx;
    struct attendance_row old;
    long long id = r->ids[0], att_id = 0, new_in = 0, new_out = 0;
    int st = correct_record(r, k, &att_id, &old, &new_in, &new_out);
    if (st)
        return st;
    enum st rc = store_attendance_correction_add(att_id, r->who.id, old.check_in_at, old.check_out_at, new_in,
                                                 new_out, k->mod.text);
    if (rc == ST_OK) {
        char body[160];
        snprintf(body, sizeof body, "雇主修改了您 %s 的考勤记录，原因：%s", k->day.date, k->mod.text);
        rc = svc_notify_user(k->worker_id, "attendance_corrected", "考勤记录已修改", body, "application", id);
    }
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return reply_record(r, id, k->day.date, 201);
}

int api_attendance_correct(struct req *r)
{
    static const struct field fields[] = {
        {"work_date", F_STR, 1, 10, 10},
        {"check_in_at", F_STR, 0, 20, 35},
        {"check_out_at", F_STR, 0, 20, 35},
        {"reason", F_STR, 1, 2, 200},
    };
    struct correction k = {0};
    struct attendance_ctx c;
    int st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (st)
        return st;
    if ((st = load_as(r, r->ids[0], &c, 0)) != 0)
        return st;
    if (strcmp(c.status, "accepted") != 0 && strcmp(c.status, "completed") != 0)
        return req_state_conflict(r, FSM_APPLICATION, c.status);
    if (attendance_day_of_date(c.starts_at, c.ends_at, input_str(r, "work_date"), &k.day) != 0)
        return req_fail(r, ERR_VALIDATION, "work_date", "日期应为该岗位的工作日，格式 YYYY-MM-DD");
    if ((st = correction_times(r, &k, rule_now(r))) != 0)
        return st;
    if ((st = handler_moderate(r, "reason", input_str(r, "reason"), &k.mod)) != 0)
        return st;
    k.worker_id = c.worker_id;
    return handler_tx(r, correct_tx, &k);
}

int api_attendance_site_code(struct req *r)
{
    long long gig_id = r->ids[0], owner = 0, now = rule_now(r);
    char status[16];
    unsigned char secret[ATTENDANCE_SECRET_LEN];
    unsigned long len = 0;
    enum st rc = store_attendance_site_secret(gig_id, &owner, status, secret, &len);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (owner != r->who.id) {
        int listed = !strcmp(status, "published") || !strcmp(status, "closed") || !strcmp(status, "expired");
        return listed ? req_fail(r, ERR_FORBIDDEN, NULL, "只有发布岗位的雇主可以查看现场码")
                      : req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    }
    if (len == 0) {
        unsigned char fresh[ATTENDANCE_SECRET_LEN];
        if (crypto_random(fresh, sizeof fresh) != 0)
            return req_fail(r, ERR_INTERNAL, NULL, NULL);
        /* autocommit on purpose, not handler_tx: the read-back must see a concurrent first writer's
         * secret, which a transaction's snapshot (taken at the read above) would not */
        rc = store_attendance_site_secret_init(gig_id, fresh);
        if (rc == ST_OK) /* read back: a concurrent first request may have won */
            rc = store_attendance_site_secret(gig_id, &owner, status, secret, &len);
        memset(fresh, 0, sizeof fresh);
        if (rc == ST_OK && len == 0)
            rc = ST_ERR;
        if (rc != ST_OK)
            return req_store_fail(r, rc);
    }
    char code[SITECODE_DIGITS + 1];
    int ok = sitecode_at(secret, len, now, code);
    memset(secret, 0, sizeof secret);
    if (ok != 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    return req_reply(r, 200,
                     json_pack("{s:I, s:s, s:i, s:i}", "gig_id", (json_int_t)gig_id, "code", code,
                               "expires_in", sitecode_seconds_left(now), "step", SITECODE_STEP));
}
