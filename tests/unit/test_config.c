/* The configuration table: defaults, required secrets, integer parsing and bounds (limit and limit+1),
 * *_FILE secrets, conflicting settings, and the list the deploy files are checked against. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "unit.h"

#define KEY64    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define SECRET32 "0123456789abcdef0123456789abcdef"

static const char *vars[32][2];
static int nvars;

static void set(const char *k, const char *v)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i][0], k) == 0) {
            vars[i][1] = v;
            return;
        }
    vars[nvars][0] = k;
    vars[nvars][1] = v;
    nvars++;
}

static const char *fake_env(const char *name)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i][0], name) == 0)
            return vars[i][1];
    return NULL;
}

static void base(void)
{
    nvars = 0;
    set("JWT_SECRET", SECRET32);
    set("DATA_KEY", KEY64);
}

static int load(struct config *c, char *err)
{
    return config_load(c, fake_env, err, 256);
}

START_TEST(defaults_apply_when_only_secrets_are_set)
{
    struct config c;
    char err[256];
    base();
    ck_assert_int_eq(load(&c, err), 0);
    ck_assert_int_eq(c.port, 8080);
    ck_assert_str_eq(c.bind_addr, "127.0.0.1");
    ck_assert_int_eq(c.http_threads, 16);
    ck_assert_int_eq(c.access_token_ttl_s, 900);
    ck_assert_int_eq(c.refresh_token_ttl_s, 2592000);
    ck_assert_int_eq(c.admin_lockout_failures, 5);
    ck_assert_str_eq(c.wx_api_base, "https://api.weixin.qq.com");
    ck_assert_int_eq(c.data_key[0], 0x00);
    ck_assert_int_eq(c.data_key[1], 0x11);
    ck_assert_int_eq(c.data_key[31], 0xff);
    config_free(&c);
}
END_TEST

START_TEST(missing_secrets_stop_start_up)
{
    struct config c;
    char err[256];
    nvars = 0;
    set("DATA_KEY", KEY64);
    ck_assert_int_eq(load(&c, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "JWT_SECRET"));
    nvars = 0;
    set("JWT_SECRET", SECRET32);
    ck_assert_int_eq(load(&c, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "DATA_KEY"));
}
END_TEST

START_TEST(jwt_secret_must_be_32_bytes)
{
    struct config c;
    char err[256];
    base();
    set("JWT_SECRET", "0123456789abcdef0123456789abcde"); /* 31 */
    ck_assert_int_eq(load(&c, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "JWT_SECRET"));
    set("JWT_SECRET", SECRET32); /* 32 */
    ck_assert_int_eq(load(&c, err), 0);
    config_free(&c);
}
END_TEST

START_TEST(data_key_must_be_64_hex)
{
    struct config c;
    char err[256];
    base();
    set("DATA_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeef"); /* 63 */
    ck_assert_int_eq(load(&c, err), -1);
    set("DATA_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeefg");
    ck_assert_int_eq(load(&c, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "DATA_KEY"));
}
END_TEST

START_TEST(integer_bounds_at_limit_and_limit_plus_one)
{
    static const struct {
        const char *name, *ok_lo, *bad_lo, *ok_hi, *bad_hi;
    } cases[] = {
        {"PORT", "1", "0", "65535", "65536"},
        {"HTTP_THREADS", "2", "1", "512", "513"},
        {"ACCESS_TOKEN_TTL_S", "60", "59", "86400", "86401"},
        {"ADMIN_LOCKOUT_FAILURES", "1", "0", "100", "101"},
        {"ADMIN_SCRYPT_CONCURRENCY", "1", "0", "64", "65"},
        {"ADMIN_SCRYPT_WAIT_MS", "0", "-1", "10000", "10001"},
        {"WX_TIMEOUT_MS", "100", "99", "60000", "60001"},
        {"DB_CONNECT_TIMEOUT_S", "1", "0", "60", "61"},
    };
    struct config c;
    char err[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        base();
        set(cases[i].name, cases[i].ok_lo);
        ck_assert_msg(load(&c, err) == 0, "%s=%s: %s", cases[i].name, cases[i].ok_lo, err);
        config_free(&c);
        set(cases[i].name, cases[i].ok_hi);
        ck_assert_msg(load(&c, err) == 0, "%s=%s: %s", cases[i].name, cases[i].ok_hi, err);
        config_free(&c);
        set(cases[i].name, cases[i].bad_lo);
        ck_assert_int_eq(load(&c, err), -1);
        ck_assert_ptr_nonnull(strstr(err, cases[i].name));
        set(cases[i].name, cases[i].bad_hi);
        ck_assert_int_eq(load(&c, err), -1);
        ck_assert_ptr_nonnull(strstr(err, cases[i].name));
    }
}
END_TEST

/* The longest lockout is bounded on its own and may not be shorter than the first. */
START_TEST(admin_lockout_max_is_bounded_and_at_least_the_first_lockout)
{
    struct config c;
    char err[256];
    base();
    set("ADMIN_LOCKOUT_S", "1");
    set("ADMIN_LOCKOUT_MAX_S", "1");
    ck_assert_msg(load(&c, err) == 0, "%s", err);
    ck_assert_int_eq(c.admin_lockout_max_s, 1);
    config_free(&c);
    set("ADMIN_LOCKOUT_MAX_S", "2592000");
    ck_assert_msg(load(&c, err) == 0, "%s", err);
    config_free(&c);
    set("ADMIN_LOCKOUT_MAX_S", "2592001");
    ck_assert_int_eq(load(&c, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "ADMIN_LOCKOUT_MAX_S"));
    set("ADMIN_LOCKOUT_MAX_S", "0");
    ck_assert_int_eq(load(&c, err), -1);
    set("ADMIN_LOCKOUT_S", "900");
    set("ADMIN_LOCKOUT_MAX_S", "899");
    ck_assert_int_eq(load(&c, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "ADMIN_LOCKOUT_MAX_S"));
    set("ADMIN_LOCKOUT_MAX_S", "900");
    ck_assert_msg(load(&c, err) == 0, "%s", err);
    config_free(&c);
}
END_TEST

START_TEST(non_integers_are_refused)
{
    static const char *bad[] = {"", "8080x", "0x50", " 80", "80 ", "9999999999999999999999", "-"};
    struct config c;
    char err[256];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        base();
        set("PORT", bad[i]);
        ck_assert_msg(load(&c, err) == -1, "PORT='%s' accepted", bad[i]);
        ck_assert_ptr_nonnull(strstr(err, "PORT"));
    }
}
END_TEST

START_TEST(enumerated_and_url_settings_are_checked)
{
    struct config c;
    char err[256];
    base();
    set("LOG_LEVEL", "verbose");
    ck_assert_int_eq(load(&c, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "LOG_LEVEL"));
    base();
    set("WX_API_BASE", "ftp://example");
    ck_assert_int_eq(load(&c, err), -1);
    base();
    set("TRUSTED_PROXIES", "10.0.0.1; rm -rf");
    ck_assert_int_eq(load(&c, err), -1);
    base();
    set("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.10,::1");
    ck_assert_int_eq(load(&c, err), 0);
    config_free(&c);
    base();
    set("WX_APPID", "wx123");
    ck_assert_int_eq(load(&c, err), -1); /* appid without secret */
    ck_assert_ptr_nonnull(strstr(err, "WX_SECRET"));
}
END_TEST

START_TEST(secret_from_file_and_conflicts)
{
    char path[] = "/tmp/lg-config-test-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *content = SECRET32 "-from-file\n";
    ck_assert_int_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    struct config c;
    char err[256];
    nvars = 0;
    set("DATA_KEY", KEY64);
    set("JWT_SECRET_FILE", path);
    ck_assert_int_eq(load(&c, err), 0);
    ck_assert_str_eq(c.jwt_secret, SECRET32 "-from-file"); /* trailing newline dropped */
    config_free(&c);
    set("JWT_SECRET", SECRET32);
    ck_assert_int_eq(load(&c, err), -1); /* both set */
    ck_assert_ptr_nonnull(strstr(err, "JWT_SECRET_FILE"));
    nvars = 0;
    set("DATA_KEY", KEY64);
    set("JWT_SECRET_FILE", "/nonexistent/secret");
    ck_assert_int_eq(load(&c, err), -1);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/secret"));
    unlink(path);
}
END_TEST

START_TEST(known_names_and_listing)
{
    ck_assert_int_eq(config_known("PORT"), 1);
    ck_assert_int_eq(config_known("JWT_SECRET_FILE"), 1);
    ck_assert_int_eq(config_known("PORT_FILE"), 0); /* not a secret */
    ck_assert_int_eq(config_known("NO_SUCH_SETTING"), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    config_list(f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "JWT_SECRET\tsecret\t(required)\tsecret\t"));
    ck_assert_ptr_nonnull(strstr(buf, "PORT\tint\t8080\tplain\t"));
    free(buf);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("config");
    tcase_add_test(tc, defaults_apply_when_only_secrets_are_set);
    tcase_add_test(tc, missing_secrets_stop_start_up);
    tcase_add_test(tc, jwt_secret_must_be_32_bytes);
    tcase_add_test(tc, data_key_must_be_64_hex);
    tcase_add_test(tc, integer_bounds_at_limit_and_limit_plus_one);
    tcase_add_test(tc, admin_lockout_max_is_bounded_and_at_least_the_first_lockout);
    tcase_add_test(tc, non_integers_are_refused);
    tcase_add_test(tc, enumerated_and_url_settings_are_checked);
    tcase_add_test(tc, secret_from_file_and_conflicts);
    tcase_add_test(tc, known_names_and_listing);
    suite_add_tcase(s, tc);
    return s;
}
