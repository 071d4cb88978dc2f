/* The audit chain's canonical row and hash (domain/auditchain.c): pinned to SHA-256 values computed
 * outside the code, since every stored chain depends on them; and the check telling an edited row from a
 * row whose predecessor went missing. */
#include <string.h>

#include "domain/auditchain.h"
#include "unit.h"

static void unhex(const char *h, unsigned char *out)
{
    for (int i = 0; i < 32; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++) {
            char c = h[2 * i + k];
            v = v * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        out[i] = (unsigned char)v;
    }
}

static const struct auditchain_row login = {
    1700000000,   "admin", 7,    "admin",     "admin.login",
    "admin_user", "7",     "ok", "127.0.0.1", "0123456789abcdef0123456789abcdef"};

START_TEST(hash_is_pinned)
{
    unsigned char zero[32] = {0}, h[32], want[32];
    ck_assert_int_eq(auditchain_hash(zero, &login, h), 0);
    unhex("48fc5ba303a55dbaf83b513db0b4ff73c4beb726c99e0a4d74573562bb0e22c2", want);
    ck_assert_mem_eq(h, want, 32);
    /* no actor, no object: 0 and "" */
    unsigned char prev[32];
    for (int i = 0; i < 32; i++)
        prev[i] = (unsigned char)i;
    struct auditchain_row sys = {1700000000, "system", 0,    "system", "gig.expire",
                                 "gig",      NULL,     "ok", "-",      "00000000000000000000000000000000"};
    ck_assert_int_eq(auditchain_hash(prev, &sys, h), 0);
    unhex("1c6b5ec63d5458e2f36a49f22fd4830c225473f95366fff05dc81aa7f912464f", want);
    ck_assert_mem_eq(h, want, 32);
    sys.object_id = "";
    ck_assert_int_eq(auditchain_hash(prev, &sys, h), 0);
    ck_assert_mem_eq(h, want, 32);
}
END_TEST

START_TEST(too_long_or_missing_fields_do_not_hash)
{
    unsigned char zero[32] = {0}, h[32];
    char big[1100];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    struct auditchain_row r = login;
    r.action = big;
    ck_assert_int_eq(auditchain_hash(zero, &r, h), -1);
    r = login;
    r.ip = NULL;
    ck_assert_int_eq(auditchain_hash(zero, &r, h), -1);
}
END_TEST

START_TEST(check_tells_altered_from_unlinked)
{
    unsigned char zero[32] = {0}, h1[32], h2[32], other[32];
    memset(other, 0xab, sizeof other);
    ck_assert_int_eq(auditchain_hash(zero, &login, h1), 0);
    struct auditchain_row second = login;
    second.result = "failed";
    ck_assert_int_eq(auditchain_hash(h1, &second, h2), 0);
    ck_assert_int_eq(auditchain_check(zero, zero, h1, &login), 0);
    ck_assert_int_eq(auditchain_check(h1, h1, h2, &second), 0);
    /* the row edited */
    ck_assert_int_eq(auditchain_check(h1, h1, h2, &login), AUDITCHAIN_ALTERED);
    /* its predecessor gone: the row itself still hashes right */
    ck_assert_int_eq(auditchain_check(other, h1, h2, &second), AUDITCHAIN_UNLINKED);
    /* its link rewritten */
    ck_assert_int_eq(auditchain_check(h1, other, h2, &second), AUDITCHAIN_UNLINKED | AUDITCHAIN_ALTERED);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("auditchain");
    TCase *tc = tcase_create("chain");
    tcase_add_test(tc, hash_is_pinned);
    tcase_add_test(tc, too_long_or_missing_fields_do_not_hash);
    tcase_add_test(tc, check_tells_altered_from_unlinked);
    suite_add_tcase(s, tc);
    return s;
}
