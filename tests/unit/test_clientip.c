/* Client address resolution: X-Forwarded-For is believed only from trusted proxies, read from the right. */
#include "http/clientip.h"
#include "unit.h"

START_TEST(untrusted_peer_ignores_xff)
{
    char out[48];
    clientip_resolve("10.0.0.1", "203.0.113.9", "1.2.3.4", out, sizeof out);
    ck_assert_str_eq(out, "203.0.113.9");
    clientip_resolve("", "10.0.0.1", "1.2.3.4", out, sizeof out);
    ck_assert_str_eq(out, "10.0.0.1");
}
END_TEST

START_TEST(trusted_peer_gives_rightmost_untrusted_hop)
{
    char out[48];
    clientip_resolve("10.0.0.0/8", "10.0.0.1", "6.6.6.6, 1.2.3.4", out, sizeof out);
    ck_assert_str_eq(out, "1.2.3.4"); /* the left entry is whatever the client claimed */
    clientip_resolve("10.0.0.0/8", "10.0.0.1", "1.2.3.4, 10.0.0.7", out, sizeof out);
    ck_assert_str_eq(out, "1.2.3.4"); /* skip our own second proxy */
    clientip_resolve("10.0.0.1", "10.0.0.1", "not-an-ip", out, sizeof out);
    ck_assert_str_eq(out, "10.0.0.1");
    clientip_resolve("10.0.0.1", "10.0.0.1", NULL, out, sizeof out);
    ck_assert_str_eq(out, "10.0.0.1");
    clientip_resolve("10.0.0.1", "10.0.0.1", "2001:db8::1", out, sizeof out);
    ck_assert_str_eq(out, "2001:db8::1");
}
END_TEST

START_TEST(cidr_matching)
{
    ck_assert_int_eq(clientip_trusted("172.16.0.0/12", "172.31.255.255"), 1);
    ck_assert_int_eq(clientip_trusted("172.16.0.0/12", "172.32.0.1"), 0);
    ck_assert_int_eq(clientip_trusted("127.0.0.1, ::1", "::1"), 1);
    ck_assert_int_eq(clientip_trusted("127.0.0.1", "127.0.0.2"), 0);
    ck_assert_int_eq(clientip_trusted("0.0.0.0/0", "8.8.8.8"), 1);
    ck_assert_int_eq(clientip_trusted("10.0.0.0/33", "10.0.0.1"), 0);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("clientip");
    TCase *tc = tcase_create("clientip");
    tcase_add_test(tc, untrusted_peer_ignores_xff);
    tcase_add_test(tc, trusted_peer_gives_rightmost_untrusted_hop);
    tcase_add_test(tc, cidr_matching);
    suite_add_tcase(s, tc);
    return s;
}
