/* The route table and its matcher. Adding an endpoint means one row here, one handler in api/ and one
 * path in server/openapi.json (a unit test holds the table and the document to each other). */
#include "http/routes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"

#define PUB    RF_PUBLIC
#define USERS  ROLE_USER
#define ADMINS ROLE_ANY_ADMIN
#define ANYONE (ROLE_USER | ROLE_ANY_ADMIN)

const struct route routes[] = {
    {"GET", "/healthz", api_system_healthz, PUB | RF_RAW, 0, RATE_DEFAULT},
    {"GET", "/readyz", api_system_readyz, PUB | RF_RAW, 0, RATE_DEFAULT},
    {"GET", "/metrics", http_metrics_handler, PUB | RF_RAW, 0, RATE_DEFAULT},
    {"GET", "/api/v1/openapi.json", api_system_openapi, PUB, 0, RATE_DEFAULT},
    {"GET", "/api/v1/regions", api_reference_regions, PUB, 0, RATE_DEFAULT},
    {"GET", "/api/v1/job-types", api_reference_job_types, PUB, 0, RATE_DEFAULT},
    {"POST", "/api/v1/auth/wechat", api_auth_wechat, PUB | RF_BODY, 0, RATE_LOGIN},
    {"POST", "/api/v1/auth/refresh", api_auth_refresh, PUB | RF_BODY, 0, RATE_LOGIN},
    {"POST", "/api/v1/auth/logout", api_auth_logout, 0, ANYONE, RATE_DEFAULT},
    {"POST", "/api/v1/auth/phone", api_auth_phone, RF_BODY, USERS, RATE_LOGIN},
    {"GET", "/api/v1/me", api_auth_me, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/admin/auth/login", api_admin_login, PUB | RF_BODY, 0, RATE_LOGIN},
    {"GET", "/api/v1/admin/me", api_admin_me, 0, ADMINS, RATE_DEFAULT},
    /* gigs */
    {"GET", "/api/v1/gigs", api_gig_search, PUB | RF_OPTIONAL, 0, RATE_DEFAULT},
    {"POST", "/api/v1/gigs", api_gig_create, RF_BODY, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/gigs/{id}", api_gig_get, PUB | RF_OPTIONAL, 0, RATE_DEFAULT},
    {"PUT", "/api/v1/gigs/{id}", api_gig_update, RF_BODY, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/gigs/{id}/submit", api_gig_submit, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/gigs/{id}/close", api_gig_close, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/me/gigs", api_gig_mine, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/admin/gigs", api_admin_gig_list, 0, ROLE_ADMIN | ROLE_REVIEWER, RATE_DEFAULT},
    {"POST", "/api/v1/admin/gigs/{id}/approve", api_admin_gig_approve, 0, ROLE_ADMIN | ROLE_REVIEWER,
     RATE_DEFAULT},
    {"POST", "/api/v1/admin/gigs/{id}/reject", api_admin_gig_reject, RF_BODY, ROLE_ADMIN | ROLE_REVIEWER,
     RATE_DEFAULT},
    /* profiles & stations */
    {"GET", "/api/v1/me/worker", api_profile_worker_get, 0, USERS, RATE_DEFAULT},
    {"PUT", "/api/v1/me/worker", api_profile_worker_put, RF_BODY, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/me/employer", api_profile_employer_get, 0, USERS, RATE_DEFAULT},
    {"PUT", "/api/v1/me/employer", api_profile_employer_put, RF_BODY, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/admin/employers", api_profile_admin_employers, 0, ROLE_ADMIN | ROLE_REVIEWER,
     RATE_DEFAULT},
    {"POST", "/api/v1/admin/employers/{id}/verify", api_profile_admin_verify, 0, ROLE_ADMIN | ROLE_REVIEWER,
     RATE_DEFAULT},
    {"POST", "/api/v1/admin/employers/{id}/reject", api_profile_admin_reject, RF_BODY,
     ROLE_ADMIN | ROLE_REVIEWER, RATE_DEFAULT},
    {"GET", "/api/v1/stations", api_station_list, PUB, 0, RATE_DEFAULT},
    {"POST", "/api/v1/admin/stations", api_station_create, RF_BODY, ROLE_ADMIN | ROLE_STATION, RATE_DEFAULT},
    {"PUT", "/api/v1/admin/stations/{id}", api_station_update, RF_BODY, ROLE_ADMIN | ROLE_STATION,
     RATE_DEFAULT},
    /* finding workers & invitations */
    {"GET", "/api/v1/workers", api_workers_search, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/gigs/{id}/invitations", api_invitation_create, RF_BODY, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/gigs/{id}/invitations", api_invitation_by_gig, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/me/invitations", api_invitation_mine, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/invitations/{id}/accept", api_invitation_accept, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/invitations/{id}/decline", api_invitation_decline, 0, USERS, RATE_DEFAULT},
    /* sensitive words (literal segments such as /import never match {id}, which takes digits only) */
    {"GET", "/api/v1/admin/sensitive-words", api_words_list, 0, ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/admin/sensitive-words", api_words_create, RF_BODY, ROLE_ADMIN, RATE_DEFAULT},
    {"PUT", "/api/v1/admin/sensitive-words/{id}", api_words_update, RF_BODY, ROLE_ADMIN, RATE_DEFAULT},
    {"DELETE", "/api/v1/admin/sensitive-words/{id}", api_words_delete, 0, ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/admin/sensitive-words/import", api_words_import, RF_BODY, ROLE_ADMIN, RATE_DEFAULT},
    {"GET", "/api/v1/admin/sensitive-words/export", api_words_export, 0, ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/admin/sensitive-words/test", api_words_test, RF_BODY, ROLE_ADMIN, RATE_DEFAULT},
    /* e-agreements (public-key and verify: anyone; verify without being a party needs ?hash=) */
    {"POST", "/api/v1/applications/{id}/agreement", api_agreement_draft, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/applications/{id}/agreement", api_agreement_of_application, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/agreements/public-key", api_agreement_public_key, PUB, 0, RATE_DEFAULT},
    {"GET", "/api/v1/agreements/{id}", api_agreement_get, 0, USERS | ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/agreements/{id}/sign", api_agreement_sign, RF_BODY, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/agreements/{id}/void", api_agreement_void, RF_BODY, USERS | ROLE_ADMIN, RATE_DEFAULT},
    {"GET", "/api/v1/agreements/{id}/verify", api_agreement_verify, PUB | RF_OPTIONAL, 0, RATE_DEFAULT},
    {"GET", "/api/v1/agreements/{id}/pdf", api_agreement_pdf, 0, USERS | ROLE_ADMIN, RATE_DEFAULT},
    {"GET", "/api/v1/admin/agreement-templates", api_agreement_template_list, 0, ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/admin/agreement-templates", api_agreement_template_create, RF_BODY, ROLE_ADMIN,
     RATE_DEFAULT},
    {"GET", "/api/v1/admin/agreement-templates/{id}", api_agreement_template_get, 0, ROLE_ADMIN,
     RATE_DEFAULT},
    {"PUT", "/api/v1/admin/agreement-templates/{id}", api_agreement_template_update, RF_BODY, ROLE_ADMIN,
     RATE_DEFAULT},
    /* applications & inbox */
    {"POST", "/api/v1/gigs/{id}/applications", api_application_create, RF_BODY, USERS, RATE_ACT},
    {"GET", "/api/v1/gigs/{id}/applications", api_application_by_gig, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/me/applications", api_application_mine, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/applications/{id}", api_application_get, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/accept", api_application_accept, RF_BODY, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/reject", api_application_reject, RF_BODY, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/withdraw", api_application_withdraw, RF_BODY, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/cancel", api_application_cancel, RF_BODY, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/no-show", api_application_no_show, RF_BODY, USERS, RATE_DEFAULT},
    /* attendance & result confirmation */
    {"GET", "/api/v1/gigs/{id}/site-code", api_attendance_site_code, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/attendance/check-in", api_attendance_check_in, RF_BODY, USERS,
     RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/attendance/check-out", api_attendance_check_out, RF_BODY, USERS,
     RATE_DEFAULT},
    {"GET", "/api/v1/applications/{id}/attendance", api_attendance_list, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/attendance/corrections", api_attendance_correct, RF_BODY, USERS,
     RATE_DEFAULT},
    {"POST", "/api/v1/applications/{id}/confirm", api_confirm_create, 0, USERS, RATE_DEFAULT},
    /* trust: ratings, 诚信分, blocklists */
    {"POST", "/api/v1/applications/{id}/ratings", api_rating_create, RF_BODY, USERS, RATE_ACT},
    {"GET", "/api/v1/applications/{id}/ratings", api_rating_by_application, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/users/{id}/ratings", api_rating_by_user, 0, ANYONE, RATE_DEFAULT},
    {"GET", "/api/v1/rating-tags", api_rating_tags, PUB, 0, RATE_DEFAULT},
    {"GET", "/api/v1/admin/ratings", api_rating_admin_list, 0, ROLE_ADMIN | ROLE_REVIEWER, RATE_DEFAULT},
    {"POST", "/api/v1/admin/ratings/{id}/hide", api_rating_admin_hide, RF_BODY, ROLE_ADMIN | ROLE_REVIEWER,
     RATE_DEFAULT},
    {"GET", "/api/v1/me/credit", api_credit_mine, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/admin/users/{id}/credit", api_credit_admin_get, 0, ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/admin/users/{id}/credit/adjust", api_credit_admin_adjust, RF_BODY, ROLE_ADMIN,
     RATE_DEFAULT},
    {"POST", "/api/v1/admin/users/{id}/credit/lift", api_credit_admin_lift, RF_BODY, ROLE_ADMIN,
     RATE_DEFAULT},
    {"POST", "/api/v1/me/blocks", api_block_create, RF_BODY, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/me/blocks", api_block_list, 0, USERS, RATE_DEFAULT},
    {"DELETE", "/api/v1/me/blocks/{id}", api_block_delete, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/me/notifications", api_notify_list, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/me/notifications/{id}/read", api_notify_read, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/me/notifications/read-all", api_notify_read_all, 0, USERS, RATE_DEFAULT},
    /* settlements 薪酬结算 */
    {"POST", "/api/v1/applications/{id}/settlements", api_settlement_create, RF_BODY, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/settlements/{id}/pay", api_settlement_pay, RF_BODY, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/settlements/{id}/confirm", api_settlement_confirm, 0, USERS, RATE_DEFAULT},
    {"POST", "/api/v1/settlements/{id}/dispute", api_settlement_dispute, RF_BODY, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/settlements/{id}", api_settlement_get, 0, USERS | ROLE_ADMIN, RATE_DEFAULT},
    {"GET", "/api/v1/applications/{id}/settlement", api_settlement_of_application, 0, USERS | ROLE_ADMIN,
     RATE_DEFAULT},
    {"GET", "/api/v1/me/settlements", api_settlement_mine, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/me/income-statement", api_settlement_income, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/me/income-statement.pdf", api_settlement_income_pdf, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/admin/settlements", api_settlement_admin_list, 0, ROLE_ADMIN, RATE_DEFAULT},
    {"GET", "/api/v1/admin/settlements/export.csv", api_settlement_admin_export, 0, ROLE_ADMIN, RATE_DEFAULT},
    /* complaints 诉求 and their images (issue 7) */
    /* an image of at most UPLOAD_MAX_BYTES (≤ 5 MiB, config) in a multipart envelope */
    {"POST", "/api/v1/uploads", api_upload_create, RF_BYTES | RF_BODY_MIB(5), USERS, RATE_UPLOAD},
    {"GET", "/api/v1/uploads/{id}", api_upload_get, 0, USERS | ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/complaints", api_complaint_create, RF_BODY, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/complaints/{id}", api_complaint_get, 0, USERS | ROLE_ADMIN, RATE_DEFAULT},
    {"GET", "/api/v1/me/complaints", api_complaint_mine, 0, USERS, RATE_DEFAULT},
    {"GET", "/api/v1/admin/complaints", api_admin_complaint_list, 0, ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/admin/complaints/{id}/accept", api_admin_complaint_accept, 0, ROLE_ADMIN, RATE_DEFAULT},
    {"POST", "/api/v1/admin/complaints/{id}/handle", api_admin_complaint_handle, RF_BODY, ROLE_ADMIN,
     RATE_DEFAULT},
    {"POST", "/api/v1/admin/complaints/{id}/resolve", api_admin_complaint_resolve, RF_BODY, ROLE_ADMIN,
     RATE_DEFAULT},
    {"POST", "/api/v1/admin/complaints/{id}/reject", api_admin_complaint_reject, RF_BODY, ROLE_ADMIN,
     RATE_DEFAULT},
};
const unsigned routes_count = sizeof routes / sizeof routes[0];

int routes_match_pattern(const char *pattern, const char *path, long long *ids, int *nids)
{
    const char *p = pattern, *s = path;
    int n = 0, bad = 0;
    while (*p && *s) {
        if (*p != '/' || *s != '/')
            return 0;
        p++, s++;
        const char *pe = strchr(p, '/'), *se = strchr(s, '/');
        size_t plen = pe ? (size_t)(pe - p) : strlen(p);
        size_t slen = se ? (size_t)(se - s) : strlen(s);
        if (plen == 4 && memcmp(p, "{id}", 4) == 0) {
            int digits = slen > 0 && slen <= 18;
            for (size_t i = 0; digits && i < slen; i++)
                digits = s[i] >= '0' && s[i] <= '9';
            if (!digits || slen == 0 || s[0] == '0') {
                if (slen == 0)
                    return 0;
                bad = 1;
            } else if (n < REQ_MAX_IDS) {
                ids[n++] = strtoll(s, NULL, 10);
            }
        } else if (plen != slen || memcmp(p, s, plen) != 0) {
            return 0;
        }
        p += plen, s += slen;
    }
    if (*p || *s)
        return 0;
    *nids = n;
    return bad ? -1 : 1;
}

enum route_match routes_match(const char *method, const char *path, unsigned *index, long long *ids,
                              int *nids, char *allow, size_t allow_cap)
{
    int path_seen = 0, bad_id = 0;
    size_t used = 0;
    allow[0] = '\0';
    for (unsigned i = 0; i < routes_count; i++) {
        long long tmp[REQ_MAX_IDS];
        int n = 0;
        int m = routes_match_pattern(routes[i].pattern, path, tmp, &n);
        if (m == 0)
            continue;
        if (m < 0) {
            bad_id = 1;
            continue;
        }
        path_seen = 1;
        if (strcmp(routes[i].method, method) == 0) {
            *index = i;
            memcpy(ids, tmp, sizeof tmp);
            *nids = n;
            return ROUTE_FOUND;
        }
        int w = snprintf(allow + used, allow_cap - used, "%s%s", used ? ", " : "", routes[i].method);
        if (w > 0 && used + (size_t)w < allow_cap)
            used += (size_t)w;
    }
    if (path_seen)
        return ROUTE_NO_METHOD;
    return bad_id ? ROUTE_BAD_ID : ROUTE_NO_PATH;
}
