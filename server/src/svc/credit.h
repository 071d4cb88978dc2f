/* 诚信分 (SPEC §3 Credit, issue 7 item 2) seen from other handlers: the one way a score changes (a ledger
 * entry, written inside the caller's transaction), and the gate a restricted user meets when applying or
 * posting. A user has ONE score (a person's integrity, whether acting as worker or employer); each ledger
 * row records the role the event concerned when it can be told (from the application or rating named as
 * its object). The current score (credit_scores, mirrored into workers.credit and employers.credit for
 * ranking and display) is written only here, as the result of a ledger row, and never edited directly.
 * Restriction: a NEGATIVE entry that leaves the score below CREDIT_RESTRICT_BELOW restricts the user (a
 * worker cannot apply or accept an invitation, an employer cannot post or submit a gig); an entry that
 * brings the score back to the threshold or above lifts it; an admin can lift it at any score
 * (POST /api/v1/admin/users/{id}/credit/lift). The routes (GET /me/credit, admin view, adjust, lift) are
 * api/credit.c. */
#ifndef LG_SVC_CREDIT_H
#define LG_SVC_CREDIT_H

#include <stddef.h>

#include "store/db.h"

/* Appends one ledger entry for user_id and moves the current score by the delta domain/credit.c gives
 * reason, clamped to 0–100; applies or lifts the restriction (and notifies the user when it changes).
 * reason: "rating_received" (stars 1–5: the delta of CREDIT_STAR_DELTAS), "no_show", "late_cancel",
 * "missed_confirmation", "complaint_upheld" (stars ignored: pass 0). "admin_adjust" is NOT accepted here:
 * use svc_credit_adjust, which takes the delta. object_type/object_id: what caused it ("application",
 * "rating", "complaint", ...; NULL and 0 for none). actor_id: who caused it (the rating's author, the
 * employer who marked the no-show, the admin who upheld the complaint; 0 for the system — missed
 * confirmation is always the system). note: free text ≤ 200 characters shown to the user, NULL for none.
 * Call INSIDE the caller's open transaction (handler_tx, db_tx) so the entry commits or rolls back with
 * the event; called outside one it runs in its own. Returns ST_OK, ST_ERR for an unknown reason or bad stars
 * (a programming error, logged), or the store status (roll back on anything but ST_OK). */
enum st svc_credit_apply(long long user_id, const char *reason, int stars, const char *object_type,
                         long long object_id, long long actor_id, const char *note);

/* The ledger entry "admin_adjust": delta (-100..100, not 0) by admin admin_id with a reason note (required,
 * ≤ 200 characters). Same transaction rules and results as svc_credit_apply. The admin route audits it. */
enum st svc_credit_adjust(long long user_id, int delta, long long admin_id, const char *note);

/* Undoes the effect of user_id's entry of reason for object (e.g. a rating an admin hid) with an
 * "admin_adjust" entry of the opposite delta for the same object, by admin admin_id with note. Nothing is
 * written when there is no such entry or it was undone already. Same transaction rules and results as
 * svc_credit_apply. */
enum st svc_credit_reverse(long long user_id, const char *reason, const char *object_type,
                           long long object_id, long long admin_id, const char *note);

/* What the gate checks. */
enum credit_gate { CREDIT_GATE_APPLY, CREDIT_GATE_POST };

/* Reads user_id's restriction without locking (the caller's transaction untouched). Returns the store
 * status; on ST_OK msg (cap bytes, ≥ 320) is "" when user_id may act, else the zh-CN reason why not (the
 * score, the threshold and the entry that caused it) for a 403 credit_restricted reply. */
enum st svc_credit_gate(long long user_id, enum credit_gate what, char *msg, size_t cap);

#endif
