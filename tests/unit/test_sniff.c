/* Unit tests of domain/sniff: JPEG, PNG and WebP are told by their bytes (magic number and the first
 * structure after it); scripts, other images and truncated headers are unknown whatever they are called. */
#include <string.h>
#include "unit.h"
#include "domain/sniff.h"

static const unsigned char jpeg_jfif[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
static const unsigned char jpeg_exif[] = {0xFF, 0xD8, 0xFF, 0xE1, 0x12, 0x34, 'E', 'x', 'i', 'f'};
static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0,
                                    0,    13,  'I', 'H', 'D',  'R',  0,    0,    0, 1};
/* RIFF size 12 = "WEBP" + a VP8L chunk header (8 bytes) with no payload */
static const unsigned char webp[] = {'R', 'I', 'F', 'F', 12,  0,   0, 0, 'W', 'E',
                                     'B', 'P', 'V', 'P', '8', 'L', 0, 0, 0,   0};

START_TEST(knows_the_three_formats)
{
    ck_assert_int_eq(sniff_image(jpeg_jfif, sizeof jpeg_jfif), SNIFF_JPEG);
    ck_assert_int_eq(sniff_image(jpeg_exif, sizeof jpeg_exif), SNIFF_JPEG);
    ck_assert_int_eq(sniff_image(png, sizeof png), SNIFF_PNG);
    ck_assert_int_eq(sniff_image(webp, sizeof webp), SNIFF_WEBP);
    ck_assert_str_eq(sniff_mime(SNIFF_JPEG), "image/jpeg");
    ck_assert_str_eq(sniff_mime(SNIFF_PNG), "image/png");
    ck_assert_str_eq(sniff_mime(SNIFF_WEBP), "image/webp");
    ck_assert_ptr_null(sniff_mime(SNIFF_UNKNOWN));
}
END_TEST

START_TEST(webp_chunk_kinds)
{
    unsigned char w[sizeof webp];
    memcpy(w, webp, sizeof w);
    memcpy(w + 12, "VP8 ", 4);
    ck_assert_int_eq(sniff_image(w, sizeof w), SNIFF_WEBP);
    memcpy(w + 12, "VP8X", 4);
    ck_assert_int_eq(sniff_image(w, sizeof w), SNIFF_WEBP);
    memcpy(w + 12, "ALPH", 4);
    ck_assert_int_eq(sniff_image(w, sizeof w), SNIFF_UNKNOWN);
}
END_TEST

START_TEST(scripts_and_text_are_unknown)
{
    static const char *const texts[] = {
        "<?php system($_GET['c']); ?>",
        "<html><script>alert(1)</script></html>",
        "#!/bin/sh\nrm -rf /\n",
        "GIF89a\x01\x00\x01\x00",
        "%PDF-1.7\n",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        ck_assert_int_eq(sniff_image((const unsigned char *)texts[i], strlen(texts[i])), SNIFF_UNKNOWN);
    ck_assert_int_eq(sniff_image(NULL, 100), SNIFF_UNKNOWN);
    /* a RIFF that is audio, not WebP */
    static const unsigned char wave[] = {'R', 'I', 'F', 'F', 12,  0,   0, 0, 'W', 'A',
                                         'V', 'E', 'f', 'm', 't', ' ', 0, 0, 0,   0};
    ck_assert_int_eq(sniff_image(wave, sizeof wave), SNIFF_UNKNOWN);
}
END_TEST

START_TEST(truncated_or_malformed_headers_are_unknown)
{
    /* each header one byte short */
    ck_assert_int_eq(sniff_image(jpeg_jfif, 3), SNIFF_UNKNOWN);
    ck_assert_int_eq(sniff_image(png, 15), SNIFF_UNKNOWN);
    ck_assert_int_eq(sniff_image(webp, 15), SNIFF_UNKNOWN);
    /* JPEG: SOI then a stuffing or fill byte is no marker */
    static const unsigned char j0[] = {0xFF, 0xD8, 0xFF, 0x00, 0x00}, jf[] = {0xFF, 0xD8, 0xFF, 0xFF, 0xE0};
    ck_assert_int_eq(sniff_image(j0, sizeof j0), SNIFF_UNKNOWN);
    ck_assert_int_eq(sniff_image(jf, sizeof jf), SNIFF_UNKNOWN);
    /* PNG: signature without IHDR first */
    unsigned char p[sizeof png];
    memcpy(p, png, sizeof p);
    memcpy(p + 12, "IDAT", 4);
    ck_assert_int_eq(sniff_image(p, sizeof p), SNIFF_UNKNOWN);
    /* WebP: a RIFF size beyond the data, or too small to hold a chunk */
    unsigned char w[sizeof webp];
    memcpy(w, webp, sizeof w);
    w[4] = 13;
    ck_assert_int_eq(sniff_image(w, sizeof w), SNIFF_UNKNOWN);
    w[4] = 4;
    ck_assert_int_eq(sniff_image(w, sizeof w), SNIFF_UNKNOWN);
}
END_TEST

START_TEST(a_php_payload_after_a_jpeg_header_is_still_a_jpeg)
{
    /* sniffing says what the bytes claim to be; the server never executes or transforms uploads and serves
     * them with their sniffed type and nosniff, so such a polyglot is harmless bytes */
    unsigned char buf[64];
    memcpy(buf, jpeg_jfif, sizeof jpeg_jfif);
    memcpy(buf + sizeof jpeg_jfif, "<?php ?>", 8);
    ck_assert_int_eq(sniff_image(buf, sizeof jpeg_jfif + 8), SNIFF_JPEG);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("sniff");
    TCase *tc = tcase_create("sniff");
    tcase_add_test(tc, knows_the_three_formats);
    tcase_add_test(tc, webp_chunk_kinds);
    tcase_add_test(tc, scripts_and_text_are_unknown);
    tcase_add_test(tc, truncated_or_malformed_headers_are_unknown);
    tcase_add_test(tc, a_php_payload_after_a_jpeg_header_is_still_a_jpeg);
    suite_add_tcase(s, tc);
    return s;
}
