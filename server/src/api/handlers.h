/* Every request handler, one group per resource file. Each returns the HTTP status and leaves its reply
 * (JSON or raw) in the request; none writes to the socket or frees what the request owns. */
#ifndef LG_HANDLERS_H
#define LG_HANDLERS_H

#include "http/req.h"

/* system.c */
int api_system_healthz(struct req *r);
int api_system_readyz(struct req *r);
int api_system_openapi(struct req *r);
/* reference.c */
int api_reference_regions(struct req *r);
int api_reference_job_types(struct req *r);
/* auth.c */
int api_auth_wechat(struct req *r);
int api_auth_refresh(struct req *r);
int api_auth_logout(struct req *r);
int api_auth_phone(struct req *r);
int api_auth_me(struct req *r);
/* admin_auth.c */
int api_admin_login(struct req *r);
int api_admin_me(struct req *r);

/* gig.c */
int api_gig_create(struct req *r);
int api_gig_update(struct req *r);
int api_gig_submit(struct req *r);
int api_gig_close(struct req *r);
int api_gig_get(struct req *r);
int api_gig_search(struct req *r);
int api_gig_mine(struct req *r);
int api_admin_gig_list(struct req *r);
int api_admin_gig_approve(struct req *r);
int api_admin_gig_reject(struct req *r);

/* profile.c */
int api_profile_worker_get(struct req *r);
int api_profile_worker_put(struct req *r);
int api_profile_employer_get(struct req *r);
int api_profile_employer_put(struct req *r);
int api_profile_admin_employers(struct req *r);
int api_profile_admin_verify(struct req *r);
int api_profile_admin_reject(struct req *r);
/* workers.c (查找雇员) and invitation.c */
int api_workers_search(struct req *r);
int api_invitation_create(struct req *r);
int api_invitation_mine(struct req *r);
int api_invitation_by_gig(struct req *r);
int api_invitation_accept(struct req *r);
int api_invitation_decline(struct req *r);
/* station.c */
int api_station_list(struct req *r);
int api_station_create(struct req *r);
int api_station_update(struct req *r);
/* words.c (the sensitive-word lexicon) */
int api_words_list(struct req *r);
int api_words_create(struct req *r);
int api_words_update(struct req *r);
int api_words_delete(struct req *r);
int api_words_import(struct req *r);
int api_words_export(struct req *r);
int api_words_test(struct req *r);
/* agreement.c (e-agreements: draft, read, sign, void, verify, PDF, public key, admin templates) */
int api_agreement_draft(struct req *r);
int api_agreement_of_application(struct req *r);
int api_agreement_get(struct req *r);
int api_agreement_sign(struct req *r);
int api_agreement_void(struct req *r);
int api_agreement_verify(struct req *r);
int api_agreement_pdf(struct req *r);
int api_agreement_public_key(struct req *r);
int api_agreement_template_list(struct req *r);
int api_agreement_template_get(struct req *r);
int api_agreement_template_create(struct req *r);
int api_agreement_template_update(struct req *r);
/* attendance.c (site code, check-in/out, records, corrections) */
int api_attendance_site_code(struct req *r);
int api_attendance_check_in(struct req *r);
int api_attendance_check_out(struct req *r);
int api_attendance_list(struct req *r);
int api_attendance_correct(struct req *r);
/* confirm.c (result confirmation) */
int api_confirm_create(struct req *r);
/* application.c (apply, decide, lists) */
int api_application_create(struct req *r);
int api_application_by_gig(struct req *r);
int api_application_mine(struct req *r);
int api_application_get(struct req *r);
int api_application_accept(struct req *r);
int api_application_reject(struct req *r);
int api_application_withdraw(struct req *r);
int api_application_cancel(struct req *r);
int api_application_no_show(struct req *r);
/* rating.c (two-way ratings), credit.c (诚信分), block.c (blocklists) */
int api_rating_create(struct req *r);
int api_rating_by_application(struct req *r);
int api_rating_by_user(struct req *r);
int api_rating_tags(struct req *r);
int api_rating_admin_list(struct req *r);
int api_rating_admin_hide(struct req *r);
int api_credit_mine(struct req *r);
int api_credit_admin_get(struct req *r);
int api_credit_admin_adjust(struct req *r);
int api_credit_admin_lift(struct req *r);
int api_block_create(struct req *r);
int api_block_list(struct req *r);
int api_block_delete(struct req *r);
/* notify.c (the inbox) */
int api_notify_list(struct req *r);
int api_notify_read(struct req *r);
int api_notify_read_all(struct req *r);
/* settlement.c (薪酬结算: record, pay, confirm, dispute, lists, income statement, admin list and export) */
int api_settlement_create(struct req *r);
int api_settlement_pay(struct req *r);
int api_settlement_confirm(struct req *r);
int api_settlement_dispute(struct req *r);
int api_settlement_get(struct req *r);
int api_settlement_of_application(struct req *r);
int api_settlement_mine(struct req *r);
int api_settlement_income(struct req *r);
int api_settlement_income_pdf(struct req *r);
int api_settlement_admin_list(struct req *r);
int api_settlement_admin_export(struct req *r);
/* complaint.c (诉求: file, read, the bureau's steps) and upload.c (complaint images) */
int api_complaint_create(struct req *r);
int api_complaint_get(struct req *r);
int api_complaint_mine(struct req *r);
int api_admin_complaint_list(struct req *r);
int api_admin_complaint_accept(struct req *r);
int api_admin_complaint_handle(struct req *r);
int api_admin_complaint_resolve(struct req *r);
int api_admin_complaint_reject(struct req *r);
int api_upload_create(struct req *r);
int api_upload_get(struct req *r);

#endif
