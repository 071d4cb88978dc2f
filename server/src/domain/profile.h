/* Rules of worker and employer profiles that need no I/O: the completeness score of a worker profile, the
 * weekly availability bitmask, calendar dates of certificates, and the employer verification machine
 * (unverified → pending → verified | rejected). Pure functions on caller-owned values; no JSON, no SQL,
 * and never an ID or phone number (callers pass only whether one is present). */
#ifndef LG_DOMAIN_PROFILE_H
#define LG_DOMAIN_PROFILE_H

#define PROFILE_DAYS  7
#define PROFILE_SLOTS 3
/* Every bit of the availability column (day * 3 + slot). */
#define PROFILE_AVAIL_ALL ((1L << (PROFILE_DAYS * PROFILE_SLOTS)) - 1)

/* What the completeness score looks at: presence and counts only. */
struct profile_worker_facts {
    int has_real_name;
    int has_id_number;
    int has_phone;
    int n_job_types;
    int n_certificates;
    int n_work_regions;
    int has_home_region;
    long availability; /* bitmask, see profile_avail_bit */
    int has_expected_pay;
    int intro_chars; /* Unicode characters */
};

/* Returns the completeness of a worker profile, 0-100. The weights favour what employers filter and
 * rank by (identity, 工种, where, when, pay); see profile.c for the table. NULL answers 0. */
int profile_worker_completeness(const struct profile_worker_facts *f);

/* Day names "mon".."sun" → 0..6 and slot names "morning", "afternoon", "evening" → 0..2; -1 if unknown. */
int profile_day_parse(const char *s);
int profile_slot_parse(const char *s);
/* Static wire names of a day (0..6) or slot (0..2); NULL outside the range. */
const char *profile_day_name(int day);
const char *profile_slot_name(int slot);
/* The availability bit of (day, slot); 0 if either is out of range. */
long profile_avail_bit(int day, int slot);

/* 1 if s is exactly "YYYY-MM-DD", a real calendar date with the year in 1900..2199, else 0. */
int profile_date_valid(const char *s);

enum profile_verification {
    PROFILE_UNVERIFIED,
    PROFILE_PENDING,
    PROFILE_VERIFIED,
    PROFILE_REJECTED,
    PROFILE_VERIFICATION_COUNT
};

/* Static wire name ("unverified", "pending", "verified", "rejected"); NULL outside the enum. */
const char *profile_verification_name(enum profile_verification v);
/* Parses a wire name; 0 and *out set, or -1 (out untouched). */
int profile_verification_parse(const char *s, enum profile_verification *out);

/* The state after the employer saves the profile. `complete` says the profile carries everything review
 * needs; `identity_changed` says kind, name, credit code, ID number or legal representative differ from
 * what was stored. Incomplete → unverified from any state; complete: unverified, pending and rejected →
 * pending; verified stays verified unless the identity changed (→ pending). */
enum profile_verification profile_employer_after_save(enum profile_verification cur, int complete,
                                                      int identity_changed);

enum profile_review { PROFILE_REVIEW_VERIFY, PROFILE_REVIEW_REJECT };

/* An admin's decision on a pending employer: 0 and *to = verified | rejected, or -1 (to untouched) when
 * `cur` is not pending (the caller answers 409 with the current state). */
int profile_employer_review(enum profile_verification cur, enum profile_review action,
                            enum profile_verification *to);

#endif
