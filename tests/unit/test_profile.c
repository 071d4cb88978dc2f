/* Unit tests of domain/profile: completeness weights and bounds, availability bits and names, certificate
 * dates, and the employer verification rules (save and review). */
#include "domain/profile.h"
#include "unit.h"

static struct profile_worker_facts full(void)
{
    struct profile_worker_facts f = {1, 1, 1, 3, 1, 2, 1, 1L, 1, 20};
    return f;
}

START_TEST(completeness_empty_is_zero_and_full_is_hundred)
{
    struct profile_worker_facts none = {0};
    ck_assert_int_eq(profile_worker_completeness(&none), 0);
    ck_assert_int_eq(profile_worker_completeness(NULL), 0);
    struct profile_worker_facts f = full();
    ck_assert_int_eq(profile_worker_completeness(&f), 100);
    f.n_job_types = 10;
    f.n_certificates = 5;
    f.n_work_regions = 5;
    f.availability = PROFILE_AVAIL_ALL;
    f.intro_chars = 500;
    ck_assert_int_eq(profile_worker_completeness(&f), 100);
}
END_TEST

START_TEST(completeness_each_part_counts)
{
    struct profile_worker_facts f = full();
    int total = profile_worker_completeness(&f);
    struct profile_worker_facts g;
    g = f, g.has_real_name = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 10);
    g = f, g.has_id_number = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 15);
    g = f, g.has_phone = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 10);
    g = f, g.n_job_types = 1;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 5);
    g = f, g.n_job_types = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 20);
    g = f, g.n_work_regions = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 10);
    g = f, g.has_home_region = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 5);
    g = f, g.availability = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 10);
    g = f, g.availability = 1L << 21; /* outside the 21 bits: counts as none */
    ck_assert_int_eq(profile_worker_completeness(&g), total - 10);
    g = f, g.has_expected_pay = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 10);
    g = f, g.intro_chars = 9;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 5);
    g = f, g.intro_chars = 10;
    ck_assert_int_eq(profile_worker_completeness(&g), total);
    g = f, g.n_certificates = 0;
    ck_assert_int_eq(profile_worker_completeness(&g), total - 5);
}
END_TEST

START_TEST(availability_names_and_bits)
{
    ck_assert_int_eq(profile_day_parse("mon"), 0);
    ck_assert_int_eq(profile_day_parse("sun"), 6);
    ck_assert_int_eq(profile_day_parse("Mon"), -1);
    ck_assert_int_eq(profile_day_parse(""), -1);
    ck_assert_int_eq(profile_day_parse(NULL), -1);
    ck_assert_int_eq(profile_slot_parse("morning"), 0);
    ck_assert_int_eq(profile_slot_parse("evening"), 2);
    ck_assert_int_eq(profile_slot_parse("night"), -1);
    ck_assert_str_eq(profile_day_name(3), "thu");
    ck_assert_ptr_null(profile_day_name(7));
    ck_assert_ptr_null(profile_day_name(-1));
    ck_assert_str_eq(profile_slot_name(1), "afternoon");
    ck_assert_ptr_null(profile_slot_name(3));
    ck_assert_int_eq(profile_avail_bit(0, 0), 1);
    ck_assert_int_eq(profile_avail_bit(0, 2), 4);
    ck_assert_int_eq(profile_avail_bit(1, 0), 8);
    ck_assert_int_eq(profile_avail_bit(6, 2), 1L << 20);
    ck_assert_int_eq(profile_avail_bit(7, 0), 0);
    ck_assert_int_eq(profile_avail_bit(0, 3), 0);
    long all = 0;
    for (int d = 0; d < PROFILE_DAYS; d++)
        for (int s = 0; s < PROFILE_SLOTS; s++)
            all |= profile_avail_bit(d, s);
    ck_assert_int_eq(all, PROFILE_AVAIL_ALL);
    ck_assert_int_eq(PROFILE_AVAIL_ALL, (1L << 21) - 1);
}
END_TEST

START_TEST(certificate_dates)
{
    ck_assert_int_eq(profile_date_valid("2027-06-30"), 1);
    ck_assert_int_eq(profile_date_valid("2024-02-29"), 1);
    ck_assert_int_eq(profile_date_valid("2000-02-29"), 1);
    ck_assert_int_eq(profile_date_valid("1900-01-01"), 1);
    ck_assert_int_eq(profile_date_valid("2199-12-31"), 1);
    ck_assert_int_eq(profile_date_valid("2023-02-29"), 0);
    ck_assert_int_eq(profile_date_valid("2100-02-29"), 0);
    ck_assert_int_eq(profile_date_valid("2027-04-31"), 0);
    ck_assert_int_eq(profile_date_valid("2027-13-01"), 0);
    ck_assert_int_eq(profile_date_valid("2027-00-10"), 0);
    ck_assert_int_eq(profile_date_valid("2027-01-00"), 0);
    ck_assert_int_eq(profile_date_valid("1899-12-31"), 0);
    ck_assert_int_eq(profile_date_valid("2200-01-01"), 0);
    ck_assert_int_eq(profile_date_valid("2027-6-30"), 0);
    ck_assert_int_eq(profile_date_valid("2027/06/30"), 0);
    ck_assert_int_eq(profile_date_valid("2027-06-30T"), 0);
    ck_assert_int_eq(profile_date_valid("20a7-06-30"), 0);
    ck_assert_int_eq(profile_date_valid(""), 0);
    ck_assert_int_eq(profile_date_valid(NULL), 0);
}
END_TEST

START_TEST(verification_names)
{
    enum profile_verification v;
    for (int i = 0; i < PROFILE_VERIFICATION_COUNT; i++) {
        ck_assert_int_eq(
            profile_verification_parse(profile_verification_name((enum profile_verification)i), &v), 0);
        ck_assert_int_eq(v, i);
    }
    ck_assert_str_eq(profile_verification_name(PROFILE_PENDING), "pending");
    ck_assert_ptr_null(profile_verification_name(PROFILE_VERIFICATION_COUNT));
    v = PROFILE_VERIFIED;
    ck_assert_int_eq(profile_verification_parse("Pending", &v), -1);
    ck_assert_int_eq(profile_verification_parse(NULL, &v), -1);
    ck_assert_int_eq(v, PROFILE_VERIFIED);
}
END_TEST

START_TEST(employer_save_rules)
{
    /* a complete save asks for review */
    ck_assert_int_eq(profile_employer_after_save(PROFILE_UNVERIFIED, 1, 0), PROFILE_PENDING);
    ck_assert_int_eq(profile_employer_after_save(PROFILE_UNVERIFIED, 1, 1), PROFILE_PENDING);
    ck_assert_int_eq(profile_employer_after_save(PROFILE_PENDING, 1, 0), PROFILE_PENDING);
    ck_assert_int_eq(profile_employer_after_save(PROFILE_PENDING, 1, 1), PROFILE_PENDING);
    ck_assert_int_eq(profile_employer_after_save(PROFILE_REJECTED, 1, 0), PROFILE_PENDING);
    ck_assert_int_eq(profile_employer_after_save(PROFILE_REJECTED, 1, 1), PROFILE_PENDING);
    /* verified survives edits of contact details, not of identity */
    ck_assert_int_eq(profile_employer_after_save(PROFILE_VERIFIED, 1, 0), PROFILE_VERIFIED);
    ck_assert_int_eq(profile_employer_after_save(PROFILE_VERIFIED, 1, 1), PROFILE_PENDING);
    /* an incomplete profile cannot be under review or verified */
    for (int s = 0; s < PROFILE_VERIFICATION_COUNT; s++) {
        ck_assert_int_eq(profile_employer_after_save((enum profile_verification)s, 0, 0), PROFILE_UNVERIFIED);
        ck_assert_int_eq(profile_employer_after_save((enum profile_verification)s, 0, 1), PROFILE_UNVERIFIED);
    }
}
END_TEST

START_TEST(employer_review_only_from_pending)
{
    enum profile_verification to = PROFILE_UNVERIFIED;
    ck_assert_int_eq(profile_employer_review(PROFILE_PENDING, PROFILE_REVIEW_VERIFY, &to), 0);
    ck_assert_int_eq(to, PROFILE_VERIFIED);
    ck_assert_int_eq(profile_employer_review(PROFILE_PENDING, PROFILE_REVIEW_REJECT, &to), 0);
    ck_assert_int_eq(to, PROFILE_REJECTED);
    static const enum profile_verification others[] = {PROFILE_UNVERIFIED, PROFILE_VERIFIED,
                                                       PROFILE_REJECTED};
    for (int i = 0; i < 3; i++) {
        to = PROFILE_PENDING;
        ck_assert_int_eq(profile_employer_review(others[i], PROFILE_REVIEW_VERIFY, &to), -1);
        ck_assert_int_eq(profile_employer_review(others[i], PROFILE_REVIEW_REJECT, &to), -1);
        ck_assert_int_eq(to, PROFILE_PENDING);
    }
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("profile");
    TCase *t = tcase_create("profile");
    tcase_add_test(t, completeness_empty_is_zero_and_full_is_hundred);
    tcase_add_test(t, completeness_each_part_counts);
    tcase_add_test(t, availability_names_and_bits);
    tcase_add_test(t, certificate_dates);
    tcase_add_test(t, verification_names);
    tcase_add_test(t, employer_save_rules);
    tcase_add_test(t, employer_review_only_from_pending);
    suite_add_tcase(s, t);
    return s;
}
