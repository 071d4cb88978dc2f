/* The demo market `seed-demo` loads into the four seed counties: employers (organisations with valid
 * 统一社会信用代码 and individuals), workers with profiles (ID numbers valid by checksum, sealed like real
 * ones), gigs across 工种 and every review state, and 零工驿站. Deterministic (a fixed pseudo-random
 * sequence) and loaded once: a second run sees the demo users and leaves everything as it is. Demo users
 * sign in through the WeChat double as test:demo_w01 … and test:demo_e01 ….
 * After the gigs, each county gets applications in every state (applied, accepted, rejected, withdrawn,
 * cancelled — one of them late —, no_show, completed with both confirmations) and invitations (pending,
 * accepted, declined), written through the application and invitation stores with their history rows,
 * seats (accepted_count counts accepted and completed applications) and inbox rows. They are loaded once
 * too, separately: a demo loaded before they existed gets them on the next seed-demo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "seed/demo.h"
#include "svc/notify.h"
#include "core/log.h"
#include "domain/creditcode.h"
#include "domain/idcard.h"
#include "domain/profile.h"
#include "domain/region.h"
#include "ext/crypto.h"
#include "store/account.h"
#include "store/application.h"
#include "store/gig.h"
#include "store/invitation.h"
#include "store/profile.h"
#include "store/station.h"

struct county {
    const char *code, *name, *towns[6];
    double lat, lng;
};

static const struct county counties[] = {
    {"450223",
     "鹿寨县",
     {"450223100", "450223102", "450223103", "450223104", "450223105", "450223106"},
     24.4728,
     109.7520},
    {"360302",
     "安源区",
     {"360302001", "360302002", "360302003", "360302004", "360302100", "360302101"},
     27.6153,
     113.8704},
    {"360104",
     "青云谱区",
     {"360104002", "360104006", "360104007", "360104008", "360104009", "360104100"},
     28.6218,
     115.9257},
    {"360824",
     "新干县",
     {"360824001", "360824100", "360824101", "360824102", "360824103", "360824105"},
     27.7406,
     115.3871},
};

static const char *const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韦覃蒙";
static const char *const given[] = {"建国", "秀英", "志强", "桂兰", "海波", "丽娟", "永红",
                                    "春梅", "国平", "小燕", "金花", "德明", "文华", "凤英",
                                    "勇",   "芳",   "军",   "红梅", "立新", "玉兰"};

struct job {
    int id;
    const char *title, *desc;
    int pay_fen;
    const char *unit;
};

static const struct job jobs[] = {
    {301, "招聘水电工维修师傅", "小区住户水电改造与维修，需持电工证，自带工具，按天结算。", 30000, "day"},
    {302, "泥瓦工贴砖", "新房卫生间、厨房贴砖，工期约一周，包午餐。", 32000, "day"},
    {304, "油漆工刷墙", "二手房翻新刷乳胶漆，约120平方米，可按天或包工。", 28000, "day"},
    {101, "家庭保洁钟点工", "三室两厅日常保洁，每周两次，每次三小时。", 3500, "hour"},
    {105, "医院陪护", "照顾术后老人，白班，需有耐心，有经验优先。", 22000, "day"},
    {202, "货物装卸工", "物流园卸货，按件计酬，多劳多得，当天结算。", 80, "piece"},
    {201, "搬家搬运", "周末搬家，三楼无电梯，约半天。", 40000, "gig"},
    {401, "酒店宴席服务员", "周六婚宴传菜、摆台，18:00前到岗，管一餐。", 2000, "hour"},
    {403, "餐馆洗碗工", "中餐馆后厨洗碗，工作时间10:00-14:00。", 1800, "hour"},
    {503, "快递分拣员", "夜班分拣，站立作业，需能吃苦。", 2200, "hour"},
    {601, "电子厂流水线普工", "组装小家电，坐班，包住宿，月底可续签。", 18000, "day"},
    {701, "采茶工", "春茶采摘，按斤计价，提供往返交通。", 600, "piece"},
    {705, "砍甘蔗", "甘蔗收获季砍蔗装车，按吨计价。", 9000, "piece"},
    {702, "水果采摘", "沙糖桔采摘装箱，包午餐。", 16000, "day"},
    {901, "活动保安", "展会现场秩序维护，需身体健康，年龄55岁以下。", 2500, "hour"},
    {1001, "超市促销员", "周末饮料促销，需普通话流利。", 15000, "day"},
    {1101, "绿化养护", "道路绿化带修剪浇水。", 14000, "day"},
    {1205, "叉车司机", "仓库叉车作业，需持证。", 26000, "day"},
    {1601, "日结零工", "工地杂活，搬运清理，当天结算。", 16000, "day"},
    {1402, "竹编加工", "在家可做，来料加工，按件计酬。", 500, "piece"},
};

static unsigned long rng_state = 20261121;
static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}

/* One surname (a 3-byte UTF-8 character) and a given name. */
static void person_name(char *out, size_t cap)
{
    unsigned s = rnd((unsigned)strlen(surnames) / 3);
    snprintf(out, cap, "%.3s%s", surnames + 3 * s, given[rnd(sizeof given / sizeof given[0])]);
}

/* A checksum-valid ID number of someone born in birth_year in county. */
static void id_number(const char *county, int birth_year, int seq, char out[19])
{
    snprintf(out, 19, "%s%04d%02u%02u%03d", county, birth_year, 1 + rnd(12), 1 + rnd(28), seq % 1000);
    out[17] = idcard_check_char(out);
    out[18] = '\0';
}

/* Seals value for its row the way the API does; returns the sealed length or -1. */
static long seal(const char *aad, const char *value, unsigned char *out, size_t cap)
{
    const struct config *cfg = config_current();
    return crypto_seal(cfg->data_key, (int)cfg->data_key_version, aad, value, strlen(value), out, cap);
}

static long long demo_user(const char *openid)
{
    long long id = 0;
    return store_account_user_upsert(openid, NULL, &id) == ST_OK ? id : 0;
}

struct employer_tx {
    long long user_id;
    const struct employer_write *w;
    const char *name, *county;
};

static enum st employer_tx(void *p)
{
    static struct employer_row row; /* seed-demo runs on the main thread only */
    struct employer_tx *t = p;
    enum st rc = store_profile_employer_lock(t->user_id, t->w->kind, t->name, t->county, &row);
    return rc == ST_OK ? store_profile_employer_save(t->user_id, t->w) : rc;
}

static int seed_employer(int n, const struct county *c, long long *user_id)
{
    char openid[32], name[96], code[19] = "", person[32], aad[48], phone[12], idno[19];
    unsigned char phone_enc[96], id_enc[96], id_hmac[32];
    snprintf(openid, sizeof openid, "o_test_demo_e%02d", n);
    *user_id = demo_user(openid);
    if (!*user_id)
        return -1;
    int org = n % 4 != 3;
    person_name(person, sizeof person);
    static const char *const orgs[] = {"建筑工程有限公司", "家政服务有限公司", "物流有限公司",
                                       "农业专业合作社", "餐饮管理有限公司"};
    if (org) {
        snprintf(name, sizeof name, "%.*s%s", 6, c->name, orgs[n % 5]);
        /* 91 (enterprise), region, organisation code with its check char, then the final check char */
        snprintf(code, sizeof code, "91%.6s%08u", c->code, (unsigned)(30000000 + n * 7919) % 100000000u);
        code[16] = creditcode_orgcode_check_char(code + 8);
        code[17] = creditcode_check_char(code);
        code[18] = '\0';
        if (creditcode_validate(code, NULL) != CREDITCODE_OK) {
            log_error("demo credit code does not validate", NULL);
            return -1;
        }
    } else {
        snprintf(name, sizeof name, "%s", person);
    }
    snprintf(phone, sizeof phone, "139%08u", (unsigned)(10000000 + n * 271) % 100000000u);
    snprintf(aad, sizeof aad, "employers.phone:%lld", *user_id);
    long plen = seal(aad, phone, phone_enc, sizeof phone_enc);
    long ilen = 0;
    if (!org) {
        id_number(c->code, 1975 + (int)rnd(20), n, idno);
        snprintf(aad, sizeof aad, "employers.id:%lld", *user_id);
        ilen = seal(aad, idno, id_enc, sizeof id_enc);
        crypto_lookup_hash(config_current()->data_key, "idcard", idno, id_hmac);
    }
    if (plen < 0 || ilen < 0)
        return -1;
    static const char *const states[] = {"verified", "verified", "verified", "pending", "unverified"};
    char address[128];
    snprintf(address, sizeof address, "%s人民路%d号", c->name, 10 + n);
    struct employer_write w = {org ? "org" : "person",
                               name,
                               org ? code : NULL,
                               org ? person : NULL,
                               person,
                               phone_enc,
                               (unsigned long)plen,
                               ilen ? id_enc : NULL,
                               (unsigned long)ilen,
                               ilen ? id_hmac : NULL,
                               c->code,
                               address,
                               states[n % 5]};
    struct employer_tx t = {*user_id, &w, name, c->code};
    return db_tx(employer_tx, &t) == ST_OK ? 0 : -1;
}

struct worker_tx {
    long long user_id;
    const struct worker_write *w;
    const struct worker_job_type *jt;
    size_t njt;
    const struct worker_region *wr;
};

static enum st worker_tx(void *p)
{
    struct worker_tx *t = p;
    int has_id = 0;
    enum st rc = store_profile_worker_lock(t->user_id, &has_id);
    return rc == ST_OK ? store_profile_worker_save(t->user_id, t->w, t->jt, t->njt, NULL, 0, t->wr, 1) : rc;
}

static int seed_worker(int n, const struct county *c)
{
    char openid[32], name[32], idno[19], aad[48], intro[200];
    unsigned char id_enc[96], id_hmac[32];
    snprintf(openid, sizeof openid, "o_test_demo_w%02d", n);
    long long uid = demo_user(openid);
    if (!uid)
        return -1;
    person_name(name, sizeof name);
    int birth = 1962 + (int)rnd(40);
    id_number(c->code, birth, n, idno);
    snprintf(aad, sizeof aad, "workers.id:%lld", uid);
    long ilen = seal(aad, idno, id_enc, sizeof id_enc);
    if (ilen < 0)
        return -1;
    crypto_lookup_hash(config_current()->data_key, "idcard", idno, id_hmac);
    const struct job *j1 = &jobs[rnd(sizeof jobs / sizeof jobs[0])],
                     *j2 = &jobs[rnd(sizeof jobs / sizeof jobs[0])];
    struct worker_job_type jt[2] = {{.id = j1->id, .years = 1 + rnd(15)}, {.id = j2->id, .years = rnd(5)}};
    size_t njt = j1->id == j2->id ? 1 : 2;
    struct worker_region wr[1];
    memset(wr, 0, sizeof wr);
    snprintf(wr[0].code, sizeof wr[0].code, "%s", c->code);
    long avail = 0;
    for (int d = 0; d < 7; d++)
        for (int s = 0; s < 2; s++)
            if (rnd(3))
                avail |= profile_avail_bit(d, s);
    snprintf(intro, sizeof intro, "本地人，这一行做了%d年，能吃苦，随叫随到。", (int)jt[0].years);
    const char *town = c->towns[rnd(6)];
    struct worker_write w = {name,
                             id_enc,
                             (unsigned long)ilen,
                             id_hmac,
                             idcard_birth_year(idno),
                             idcard_gender(idno) == IDCARD_MALE ? "male" : "female",
                             intro,
                             j1->pay_fen,
                             j1->unit,
                             avail,
                             birth < 1967,
                             n % 5 != 0,
                             town,
                             1,
                             c->lat + (double)rnd(200) / 10000.0 - 0.01,
                             c->lng + (double)rnd(200) / 10000.0 - 0.01,
                             0};
    struct worker_tx t = {uid, &w, jt, njt, wr};
    return db_tx(worker_tx, &t) == ST_OK ? 0 : -1;
}

struct gig_tx {
    const struct gig_input *in;
    long long employer;
    const char *status, *first;
    long long id;
};

/* The gig's insert and its walk through the states, in one transaction. */
static enum st gig_tx(void *p)
{
    struct gig_tx *t = p;
    enum st rc = store_gig_insert(t->in, &t->id);
    if (rc == ST_OK)
        rc = store_gig_history_add(t->id, "user", t->employer, NULL, "draft", NULL);
    if (rc == ST_OK && strcmp(t->first, "draft") != 0)
        rc = store_gig_history_add(t->id, "user", t->employer, "draft", t->first, NULL);
    if (rc == ST_OK && strcmp(t->first, t->status) != 0) {
        static const char reason[] = "岗位描述中缺少工作时间，请补充后重新提交";
        const char *why = !strcmp(t->status, "rejected") ? reason : NULL;
        const char *actor = !strcmp(t->status, "rejected") ? "admin"
                            : !strcmp(t->status, "closed") ? "user"
                                                           : "system";
        rc = store_gig_set_status(t->id, t->first, t->status, why);
        if (rc == ST_OK)
            rc = store_gig_history_add(t->id, actor, !strcmp(actor, "user") ? t->employer : 0, t->first,
                                       t->status, why);
    }
    return rc;
}

/* Posts gig k of employer e in county c in the state the demo wants, with its history rows. */
static int seed_gig(int k, long long employer, const struct county *c, long long now)
{
    const struct job *j = &jobs[(k * 7 + (int)rnd(5)) % (sizeof jobs / sizeof jobs[0])];
    static const char *const states[] = {"published", "published", "published",      "published",
                                         "published", "published", "pending_review", "draft",
                                         "closed",    "expired",   "rejected"};
    const char *status = states[k % (sizeof states / sizeof states[0])];
    const char *town = c->towns[rnd(6)];
    char province[7], city[7], county[7], address[128];
    region_chain(town, province, city, county);
    snprintf(address, sizeof address, "%s%s第%d号", c->name, k % 2 ? "工业园区" : "城南社区",
             1 + (int)rnd(80));
    long long start = now + 3600 * (long long)(2 + rnd(24 * 14));
    if (!strcmp(status, "expired"))
        start = now - 86400 * (long long)(3 + rnd(10));
    long long len = !strcmp(j->unit, "hour") ? 3600 * (2 + rnd(6)) : 86400 * (1 + rnd(5));
    long long top = j->id / 100;
    struct gig_input in = {employer,
                           j->title,
                           j->desc,
                           j->id,
                           top,
                           j->pay_fen + 100 * (long long)rnd(20),
                           j->unit,
                           1 + rnd(8),
                           start,
                           start + len,
                           address,
                           c->lat + (double)rnd(400) / 10000.0 - 0.02,
                           c->lng + (double)rnd(400) / 10000.0 - 0.02,
                           town,
                           province,
                           city,
                           county,
                           status};
    /* the gig walks the states a real one would: insert, submit, then review or close or expire */
    int reviewed = !strcmp(status, "pending_review") || !strcmp(status, "rejected");
    const char *first = !strcmp(status, "draft") ? "draft" : reviewed ? "pending_review" : "published";
    in.status = first;
    struct gig_tx t = {&in, employer, status, first, 0};
    return db_tx(gig_tx, &t) == ST_OK ? 0 : -1;
}

static int seed_station(int n, const struct county *c)
{
    char name[96], address[128], phone[20];
    snprintf(name, sizeof name, "%s%s零工驿站", c->name, n % 2 ? "城东" : "人社局");
    snprintf(address, sizeof address, "%s%s", c->name, n % 2 ? "东门路8号一楼" : "政务服务中心二楼");
    snprintf(phone, sizeof phone, "0772-68%05d", 10000 + n * 37);
    struct station_write w = {c->towns[n % 6],
                              name,
                              address,
                              phone,
                              "周一至周六 8:00-17:30",
                              "岗位推荐、代登记、技能培训报名、劳动维权咨询",
                              c->lat + 0.003 * n,
                              c->lng - 0.002 * n,
                              "open"};
    long long id;
    return store_station_insert(&w, &id) == ST_OK ? 0 : -1;
}

/* ---------------------------------------------------------------- applications and invitations */

struct demo_gig {
    long long id, starts_at;
    char status[16];
    char title[161];
};

struct demo_gigs {
    struct demo_gig published[40], expired[12];
    int np, ne;
};

static int collect_gig(void *p, const struct gig_row *row)
{
    struct demo_gigs *d = p;
    const struct gig_card *g = &row->card;
    struct demo_gig *slot = NULL;
    if (!strcmp(g->status, "published") && d->np < 40)
        slot = &d->published[d->np++];
    else if (!strcmp(g->status, "expired") && d->ne < 12)
        slot = &d->expired[d->ne++];
    if (slot) {
        slot->id = g->id;
        slot->starts_at = g->starts_at;
        snprintf(slot->status, sizeof slot->status, "%s", g->status);
        snprintf(slot->title, sizeof slot->title, "%s", g->title);
    }
    return 0;
}

/* One step of an application's life: the status it moves to, who moves it, and the inbox row the other
 * side gets. */
struct step {
    const char *to;
    int by_employer;
    const char *kind, *title, *fmt, *reason;
};

static const struct step st_apply = {
    "applied", 0, "application_received", "收到新的报名", "岗位「%s」收到一份新的报名", NULL};
static const struct step st_accept = {
    "accepted", 1, "application_accepted", "报名已录用", "你报名的岗位「%s」已录用你", NULL};
static const struct step st_reject = {
    "rejected", 1, "application_rejected", "报名未录用", "很遗憾，岗位「%s」未录用你", "人数已招满"};
static const struct step st_withdraw = {
    "withdrawn", 0, "application_withdrawn", "报名已撤回", "有人撤回了对岗位「%s」的报名", "时间冲突"};
static const struct step st_cancel = {
    "cancelled", 0, "application_cancelled", "录用已取消", "岗位「%s」的一份录用已被取消", "家中有事"};
static const struct step st_late = {
    "cancelled",           0, "application_cancelled", "录用已取消", "岗位「%s」的一份录用已被取消",
    "开工前 24 小时内取消"};
static const struct step st_no_show = {
    "no_show", 1, "application_no_show", "被标记为未到岗", "岗位「%s」的雇主将你标记为未到岗", NULL};
static const struct step st_complete = {
    "completed", 0, "result_confirmed", "工作已完成", "岗位「%s」双方已确认完成", "双方确认完成"};

struct application_tx {
    const struct demo_gig *g;
    long long employer, worker;
    const struct step *const *steps;
    size_t n;
    long long id;
    const char *from;
    char body[256];
};

static enum st application_tx(void *p)
{
    struct application_tx *t = p;
    enum st rc = ST_OK;
    t->id = 0;
    t->from = NULL;
    for (size_t i = 0; rc == ST_OK && i < t->n; i++) {
        const struct step *s = t->steps[i];
        int late = s == &st_late;
        if (i == 0) {
            rc = store_application_insert(t->g->id, t->worker, t->employer, "applied", "apply", NULL, &t->id);
        } else {
            if (!strcmp(s->to, "accepted")) {
                rc = store_application_seat_take(t->g->id);
                if (rc == ST_CONFLICT) {
                    rc = ST_OK;
                    break; /* full: stays applied */
                }
            } else if (!strcmp(t->from, "accepted") &&
                       (!strcmp(s->to, "cancelled") || !strcmp(s->to, "no_show"))) {
                rc = store_application_seat_release(t->g->id);
            } else if (!strcmp(s->to, "completed")) {
                rc = store_application_confirm_side(t->id, "worker");
                if (rc == ST_OK)
                    rc = store_application_confirm_side(t->id, "employer");
            }
            if (rc == ST_OK)
                rc = store_application_set_status(t->id, t->from, s->to, late);
        }
        if (rc == ST_OK)
            rc = store_application_history_add(t->id, "user", s->by_employer ? t->employer : t->worker,
                                               t->from, s->to, s->reason);
        if (rc == ST_OK) {
            snprintf(t->body, sizeof t->body, s->fmt, t->g->title);
            rc = svc_notify_user(s->by_employer || s == &st_complete ? t->worker : t->employer, s->kind,
                                 s->title, t->body, "application", t->id);
        }
        t->from = s->to;
    }
    return rc;
}

/* Walks worker's application to gig through steps (the first is always the apply) in one transaction.
 * A gig whose seats are taken leaves the application where it is (applied): 0 all the same. */
static int seed_application(const struct demo_gig *g, long long employer, long long worker,
                            const struct step *const *steps, size_t n)
{
    struct application_tx *t = malloc(sizeof *t);
    if (!t)
        return -1;
    *t = (struct application_tx){.g = g, .employer = employer, .worker = worker, .steps = steps, .n = n};
    enum st rc = db_tx(application_tx, t);
    free(t);
    return rc == ST_OK ? 0 : -1;
}

struct invitation_tx {
    const struct demo_gig *g;
    long long employer, worker;
    const char *asked, *status;
    long long id, app;
    char body[256];
};

static enum st invitation_tx(void *p)
{
    struct invitation_tx *t = p;
    enum st rc;
    t->id = t->app = 0;
    t->status = t->asked; /* a retried attempt starts from what was asked */
    rc = store_invitation_insert(t->g->id, t->worker, t->employer, &t->id);
    if (rc == ST_OK) {
        snprintf(t->body, sizeof t->body, "雇主邀请你参加岗位「%s」，请在「我的邀请」中接受或谢绝",
                 t->g->title);
        rc = svc_notify_user(t->worker, "invitation", "收到岗位邀请", t->body, "invitation", t->id);
    }
    if (rc == ST_OK && !strcmp(t->status, "accepted")) {
        rc = store_application_seat_take(t->g->id);
        if (rc == ST_CONFLICT)
            t->status = "declined"; /* no seat left: the worker says no instead */
        else if (rc == ST_OK)
            rc = store_application_insert(t->g->id, t->worker, t->employer, "accepted", "invitation", NULL,
                                          &t->app);
        if (rc == ST_OK && t->app)
            rc = store_application_history_add(t->app, "user", t->worker, NULL, "accepted", "接受雇主邀请");
        if (rc == ST_CONFLICT)
            rc = ST_OK;
    }
    if (rc == ST_OK && strcmp(t->status, "pending") != 0) {
        int accepted = !strcmp(t->status, "accepted");
        rc = store_invitation_set_status(t->id, "pending", t->status, t->app);
        snprintf(t->body, sizeof t->body, "零工%s了岗位「%s」的邀请", accepted ? "接受" : "谢绝",
                 t->g->title);
        if (rc == ST_OK)
            rc = svc_notify_user(t->employer, accepted ? "invitation_accepted" : "invitation_declined",
                                 accepted ? "邀请已接受" : "邀请被谢绝", t->body, "invitation", t->id);
    }
    return rc;
}

/* An invitation of worker to gig, answered as status says (pending, accepted, declined). */
static int seed_invitation(const struct demo_gig *g, long long employer, long long worker, const char *status)
{
    struct invitation_tx t = {.g = g, .employer = employer, .worker = worker, .asked = status};
    return db_tx(invitation_tx, &t) == ST_OK ? 0 : -1;
}

static long long demo_id(const char *fmt, int n)
{
    char openid[32];
    snprintf(openid, sizeof openid, fmt, n);
    return demo_user(openid);
}

/* Applications in every state and invitations for county ci (employers e(5ci+1..5ci+5), workers
 * w(15ci+1..15ci+15)). *napps and *ninv count what was written. */
static int seed_county_engagements(int ci, int *napps, int *ninv)
{
    struct demo_gigs d; /* 10 KB: seed-demo runs on the main thread's stack, never in TLS */
    long long owner_p[40], owner_e[12];
    memset(&d, 0, sizeof d);
    for (int e = 0; e < 5; e++) {
        long long emp = demo_id("o_test_demo_e%02d", ci * 5 + e + 1), total;
        int np = d.np, ne = d.ne;
        if (!emp || store_gig_by_employer(emp, "%", 20, 0, collect_gig, &d, &total) != ST_OK)
            return -1;
        for (int i = np; i < d.np; i++)
            owner_p[i] = emp;
        for (int i = ne; i < d.ne; i++)
            owner_e[i] = emp;
    }
    if (d.np < 4 || d.ne < 1)
        return 0; /* a county without enough gigs gets none */
    long long w[15];
    for (int i = 0; i < 15; i++)
        if (!(w[i] = demo_id("o_test_demo_w%02d", ci * 15 + i + 1)))
            return -1;
    const struct step *applied[] = {&st_apply};
    const struct step *accepted[] = {&st_apply, &st_accept};
    const struct step *rejected[] = {&st_apply, &st_reject};
    const struct step *withdrawn[] = {&st_apply, &st_withdraw};
    const struct step *cancelled[] = {&st_apply, &st_accept, &st_cancel};
    const struct step *late[] = {&st_apply, &st_accept, &st_late};
    const struct step *no_show[] = {&st_apply, &st_accept, &st_no_show};
    const struct step *completed[] = {&st_apply, &st_accept, &st_complete};
    /* demo_w01 (worker 0 of the first county) is planned before others on each gig, so a one-seat gig
     * still gives the account the deploy test signs in with an accepted and a completed application */
    struct plan {
        int expired, gig, worker;
        const struct step *const *steps;
        size_t n;
    } plans[] = {
        {0, 0, 0, applied, 1},   {0, 0, 1, accepted, 2},  {0, 0, 2, rejected, 2}, {0, 0, 3, withdrawn, 2},
        {0, 1, 4, cancelled, 3}, {0, 1, 5, late, 3},      {0, 1, 0, accepted, 2}, {0, 2, 6, applied, 1},
        {0, 2, 7, applied, 1},   {1, 0, 0, completed, 3}, {1, 0, 9, no_show, 3},  {1, 0, 8, completed, 3},
    };
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        const struct plan *p = &plans[i];
        int g = p->expired ? p->gig % d.ne : p->gig;
        const struct demo_gig *gig = p->expired ? &d.expired[g] : &d.published[g];
        if (seed_application(gig, p->expired ? owner_e[g] : owner_p[g], w[p->worker], p->steps, p->n) != 0)
            return -1;
        (*napps)++;
    }
    static const char *const inv_states[] = {"pending", "accepted", "declined", "pending"};
    for (int i = 0; i < 4; i++, (*ninv)++)
        if (seed_invitation(&d.published[3], owner_p[3], w[10 + i], inv_states[i]) != 0)
            return -1;
    return 0;
}

static int count_one(void *ctx, const struct application_row *a)
{
    (void)a;
    (void)ctx;
    return 0;
}

/* Loads the demo applications and invitations unless demo_w01 already has an application. */
static int seed_engagements(void)
{
    long long w01 = demo_id("o_test_demo_w%02d", 1), total = 0;
    if (!w01 || store_application_by_worker(w01, "%", 1, 0, count_one, NULL, &total) != ST_OK)
        return -1;
    if (total > 0)
        return 0;
    int apps = 0, invs = 0;
    for (int ci = 0; ci < (int)(sizeof counties / sizeof counties[0]); ci++)
        if (seed_county_engagements(ci, &apps, &invs) != 0)
            return -1;
    log_info("demo applications loaded", "\"applications\":%d,\"invitations\":%d", apps, invs);
    return 0;
}

int demo_seed_market(void)
{
    long long existing = 0;
    existing = demo_user("o_test_demo_e01");
    if (existing && store_profile_employer_get(existing, &(struct employer_row){0}) == ST_OK) {
        log_info("demo market already loaded", NULL);
        return seed_engagements();
    }
    long long now = (long long)time(NULL);
    int employers = 0, workers = 0, gigs = 0, stations = 0;
    for (size_t ci = 0; ci < sizeof counties / sizeof counties[0]; ci++) {
        const struct county *c = &counties[ci];
        for (int e = 0; e < 5; e++) {
            int n = (int)ci * 5 + e + 1;
            long long uid;
            if (seed_employer(n, c, &uid) != 0)
                return -1;
            employers++;
            for (int k = 0; k < 6; k++, gigs++)
                if (seed_gig(n * 6 + k, uid, c, now) != 0)
                    return -1;
        }
        for (int w = 0; w < 15; w++, workers++)
            if (seed_worker((int)ci * 15 + w + 1, c) != 0)
                return -1;
        for (int s = 0; s < 2; s++, stations++)
            if (seed_station((int)ci * 2 + s, c) != 0)
                return -1;
    }
    log_info("demo market loaded", "\"employers\":%d,\"workers\":%d,\"gigs\":%d,\"stations\":%d", employers,
             workers, gigs, stations);
    return seed_engagements();
}
