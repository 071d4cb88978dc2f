/* Unit tests of domain/multipart: the boundary parameter, finding the "file" part wx.uploadFile sends
 * (binary content with CRLFs and near-delimiters inside), and refusing malformed bodies. */
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "domain/multipart.h"

static int find(const char *body, size_t n, const char *boundary, const char *field, const char **data,
                size_t *len)
{
    const unsigned char *d = NULL;
    int rc = multipart_find((const unsigned char *)body, n, boundary, field, &d, len);
    *data = (const char *)d;
    return rc;
}

START_TEST(boundary_parameter)
{
    char b[MULTIPART_MAX_BOUNDARY + 1];
    ck_assert_int_eq(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundaryX3", b), 24);
    ck_assert_str_eq(b, "----WebKitFormBoundaryX3");
    ck_assert_int_eq(multipart_boundary("Multipart/Form-Data;BOUNDARY=\"a b:c\"", b), 5);
    ck_assert_str_eq(b, "a b:c");
    ck_assert_int_eq(multipart_boundary("multipart/form-data; charset=utf-8; boundary=xyz", b), 3);
    ck_assert_str_eq(b, "xyz");
    ck_assert_int_eq(multipart_boundary("multipart/form-data", b), -1);
    ck_assert_int_eq(multipart_boundary("multipart/form-data; boundary=", b), -1);
    ck_assert_int_eq(multipart_boundary("multipart/form-data; boundary=\"unterminated", b), -1);
    ck_assert_int_eq(multipart_boundary("multipart/form-data; boundary=bad<char>", b), -1);
    ck_assert_int_eq(multipart_boundary("multipart/mixed; boundary=x", b), -1);
    ck_assert_int_eq(multipart_boundary("application/json", b), -1);
    ck_assert_int_eq(multipart_boundary(NULL, b), -1);
    char longb[120] = "multipart/form-data; boundary=";
    memset(longb + strlen(longb), 'a', 71);
    ck_assert_int_eq(multipart_boundary(longb, b), -1); /* 71 characters: over RFC 2046's 70 */
    longb[strlen(longb) - 1] = '\0';
    ck_assert_int_eq(multipart_boundary(longb, b), 70);
}
END_TEST

START_TEST(finds_the_file_part)
{
    /* what wx.uploadFile sends: formData fields, then the file; content holds CRLF, "--" and near-misses
     * of the delimiter (a whole delimiter cannot occur inside content: RFC 2046) */
    static const char body[] =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
        "hello\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd.jpg\"\r\n"
        "Content-Type: image/jpeg\r\n\r\n"
        "\xff\xd8\xff\xe0\r\n--XyY\r\n--Xy\x00Z-"
        "\r\n--XyZ--\r\n";
    const char *d;
    size_t n;
    ck_assert_int_eq(find(body, sizeof body - 1, "XyZ", "file", &d, &n), 0);
    ck_assert_uint_eq(n, 20);
    ck_assert_int_eq(memcmp(d, "\xff\xd8\xff\xe0\r\n--XyY\r\n--Xy\x00Z-", 20), 0);
    ck_assert_int_eq(find(body, sizeof body - 1, "XyZ", "note", &d, &n), 0);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(memcmp(d, "hello", 5), 0);
    ck_assert_int_eq(find(body, sizeof body - 1, "XyZ", "files", &d, &n), -2);
    ck_assert_int_eq(find(body, sizeof body - 1, "XyZ", "fil", &d, &n), -2);
}
END_TEST

START_TEST(preamble_unquoted_names_and_empty_parts)
{
    static const char body[] = "preamble to ignore\r\n--b\r\n"
                               "content-disposition: form-data; name=file\r\n\r\n"
                               "\r\n--b--";
    const char *d;
    size_t n;
    ck_assert_int_eq(find(body, sizeof body - 1, "b", "file", &d, &n), 0);
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(refuses_malformed_bodies)
{
    const char *d;
    size_t n;
    /* no closing delimiter */
    static const char open_end[] = "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc";
    ck_assert_int_eq(find(open_end, sizeof open_end - 1, "b", "file", &d, &n), -1);
    /* a header block without its blank line */
    static const char no_blank[] = "--b\r\nContent-Disposition: form-data; name=\"file\"\r\nabc\r\n--b--";
    ck_assert_int_eq(find(no_blank, sizeof no_blank - 1, "b", "file", &d, &n), -1);
    /* no delimiter at all, a different boundary, garbage after a delimiter */
    ck_assert_int_eq(find("just text", 9, "b", "file", &d, &n), -1);
    static const char other[] = "--a\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--a--";
    ck_assert_int_eq(find(other, sizeof other - 1, "b", "file", &d, &n), -1);
    static const char junk[] = "--bjunk\r\n\r\nx\r\n--b--";
    ck_assert_int_eq(find(junk, sizeof junk - 1, "b", "file", &d, &n), -1);
    /* the same field twice */
    static const char twice[] = "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n"
                                "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ny\r\n--b--";
    ck_assert_int_eq(find(twice, sizeof twice - 1, "b", "file", &d, &n), -2);
    /* a header block over 1 KB */
    char big[1400];
    int k = snprintf(big, sizeof big, "--b\r\nContent-Disposition: form-data; name=\"file\"\r\nX-Pad: ");
    memset(big + k, 'p', 1100);
    memcpy(big + k + 1100, "\r\n\r\nx\r\n--b--", 12);
    ck_assert_int_eq(find(big, (size_t)k + 1112, "b", "file", &d, &n), -1);
    ck_assert_int_eq(multipart_find(NULL, 0, "b", "file", (const unsigned char **)&d, &n), -1);
    ck_assert_int_eq(find("--\r\n", 4, "", "file", &d, &n), -1);
}
END_TEST

START_TEST(too_many_parts)
{
    char body[2048];
    size_t o = 0;
    for (int i = 0; i <= MULTIPART_MAX_PARTS; i++)
        o += (size_t)snprintf(body + o, sizeof body - o,
                              "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
    o += (size_t)snprintf(body + o, sizeof body - o, "--b--");
    const char *d;
    size_t n;
    ck_assert_int_eq(find(body, o, "b", "f0", &d, &n), -1);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("multipart");
    TCase *tc = tcase_create("multipart");
    tcase_add_test(tc, boundary_parameter);
    tcase_add_test(tc, finds_the_file_part);
    tcase_add_test(tc, preamble_unquoted_names_and_empty_parts);
    tcase_add_test(tc, refuses_malformed_bodies);
    tcase_add_test(tc, too_many_parts);
    suite_add_tcase(s, tc);
    return s;
}
