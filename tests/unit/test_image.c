/* Unit tests of ext/image: real JPEG (baseline, progressive), WebP (lossy, lossless) and PNG decode with
 * their dimensions; every shorter prefix and every longer file of them is refused; an animated WebP and a
 * header with anything else behind it are refused; absurd dimensions are refused from the header; flipping
 * any single byte never crashes the decoders (the suite runs under ASan). Fixtures: tests/api/fixtures/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "ext/image.h"

struct blob {
    unsigned char *p;
    size_t n;
};

static struct blob load(const char *name)
{
    char path[1024];
    const char *here = __FILE__; /* .../tests/unit/test_image.c */
    const char *slash = strrchr(here, '/');
    snprintf(path, sizeof path, "%.*s/../api/fixtures/%s", slash ? (int)(slash - here) : 1,
             slash ? here : ".", name);
    struct blob b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    b.n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    b.p = malloc(b.n + 16);
    ck_assert(b.p != NULL);
    ck_assert_uint_eq(fread(b.p, 1, b.n, f), b.n);
    fclose(f);
    return b;
}

static const struct {
    const char *name;
    enum sniff_type t;
} stills[] = {
    {"photo.jpg", SNIFF_JPEG},
    {"photo-progressive.jpg", SNIFF_JPEG},
    {"photo.webp", SNIFF_WEBP},
    {"photo-lossless.webp", SNIFF_WEBP},
};
#define NSTILLS (sizeof stills / sizeof stills[0])

static void put32be(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static unsigned long crc(const unsigned char *p, size_t n)
{
    unsigned long c = 0xFFFFFFFFUL;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320UL ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFUL;
}

static size_t chunk(unsigned char *out, const char *type, const unsigned char *data, size_t n)
{
    put32be(out, n);
    memcpy(out + 4, type, 4);
    if (n)
        memcpy(out + 8, data, n);
    put32be(out + 8 + n, crc(out + 4, 4 + n));
    return 12 + n;
}

/* A w×h 8-bit greyscale PNG, all black, into out (cap bytes): its zlib stream is made of stored blocks.
 * Returns its length. */
static size_t make_png(unsigned char *out, size_t cap, unsigned long w, unsigned long h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char ihdr[13] = {0};
    size_t rawn = (size_t)h * (1 + w), nblocks = rawn / 65535 + 1;
    size_t zn = 2 + rawn + 5 * nblocks + 4;
    ck_assert(8 + 25 + 12 + zn + 12 <= cap);
    unsigned char *z = calloc(1, zn);
    ck_assert(z != NULL);
    size_t o = 0, left = rawn;
    z[o++] = 0x78;
    z[o++] = 0x01;
    do {
        size_t len = left > 65535 ? 65535 : left;
        left -= len;
        z[o++] = left == 0; /* BFINAL, BTYPE 00 (stored) */
        z[o++] = (unsigned char)len;
        z[o++] = (unsigned char)(len >> 8);
        z[o++] = (unsigned char)~len;
        z[o++] = (unsigned char)(~len >> 8);
        o += len; /* the bytes themselves: zeros (filter 0, black) */
    } while (left > 0);
    /* adler-32 of rawn zeros: a = 1, b = rawn */
    put32be(z + o, (unsigned long)(rawn % 65521) << 16 | 1);
    o += 4;
    put32be(ihdr, w);
    put32be(ihdr + 4, h);
    ihdr[8] = 8; /* depth; colour type 0 (grey) */
    size_t n = 8;
    memcpy(out, sig, 8);
    n += chunk(out + n, "IHDR", ihdr, 13);
    n += chunk(out + n, "IDAT", z, o);
    n += chunk(out + n, "IEND", NULL, 0);
    free(z);
    return n;
}

START_TEST(real_images_decode_with_their_size)
{
    for (size_t i = 0; i < NSTILLS; i++) {
        struct blob b = load(stills[i].name);
        long w = 0, h = 0;
        ck_assert_int_eq(sniff_image(b.p, b.n), stills[i].t);
        ck_assert_msg(image_verify(stills[i].t, b.p, b.n, &w, &h) == IMAGE_OK, "%s", stills[i].name);
        ck_assert_int_eq(w, 64);
        ck_assert_int_eq(h, 48);
        free(b.p);
    }
    static unsigned char p[4096];
    size_t n = make_png(p, sizeof p, 33, 17);
    long w = 0, h = 0;
    ck_assert_int_eq(image_verify(SNIFF_PNG, p, n, &w, &h), IMAGE_OK);
    ck_assert_int_eq(w, 33);
    ck_assert_int_eq(h, 17);
}
END_TEST

START_TEST(every_prefix_and_every_extension_is_refused)
{
    static unsigned char p[4096];
    for (size_t i = 0; i <= NSTILLS; i++) {
        struct blob b;
        enum sniff_type t;
        if (i < NSTILLS) {
            b = load(stills[i].name);
            t = stills[i].t;
        } else {
            b.p = malloc(4096);
            b.n = make_png(b.p, 4096 - 16, 40, 30);
            t = SNIFF_PNG;
        }
        for (size_t n = 0; n < b.n; n++) {
            memcpy(p, b.p, n);
            ck_assert_msg(image_verify(t, p, n, NULL, NULL) != IMAGE_OK, "image %zu cut to %zu bytes", i, n);
        }
        /* one byte more, of any kind, or a whole line of text after the end */
        static const unsigned char extra[] = {0x00, 0xFF, '\n', '<'};
        for (size_t k = 0; k < sizeof extra; k++) {
            b.p[b.n] = extra[k];
            ck_assert_msg(image_verify(t, b.p, b.n + 1, NULL, NULL) == IMAGE_BAD, "image %zu + byte %02x", i,
                          extra[k]);
        }
        free(b.p);
    }
}
END_TEST

START_TEST(flipped_bytes_never_crash)
{
    for (size_t i = 0; i < NSTILLS; i++) {
        struct blob b = load(stills[i].name);
        for (size_t k = 0; k < b.n; k++) {
            b.p[k] ^= 0xA5;
            enum image_check rc = image_verify(stills[i].t, b.p, b.n, NULL, NULL);
            ck_assert(rc == IMAGE_OK || rc == IMAGE_BAD || rc == IMAGE_TOO_LARGE);
            b.p[k] ^= 0xA5;
        }
        free(b.p);
    }
}
END_TEST

START_TEST(animation_and_other_payloads_are_refused)
{
    struct blob a = load("animated.webp");
    ck_assert_int_eq(sniff_image(a.p, a.n), SNIFF_WEBP);
    ck_assert_int_eq(image_verify(SNIFF_WEBP, a.p, a.n, NULL, NULL), IMAGE_BAD);
    free(a.p);
    /* a JPEG read as a PNG and the other way round; no type at all */
    struct blob j = load("photo.jpg");
    ck_assert_int_eq(image_verify(SNIFF_PNG, j.p, j.n, NULL, NULL), IMAGE_BAD);
    ck_assert_int_eq(image_verify(SNIFF_WEBP, j.p, j.n, NULL, NULL), IMAGE_BAD);
    ck_assert_int_eq(image_verify(SNIFF_UNKNOWN, j.p, j.n, NULL, NULL), IMAGE_BAD);
    ck_assert_int_eq(image_verify(SNIFF_JPEG, NULL, 10, NULL, NULL), IMAGE_BAD);
    free(j.p);
    /* a valid PNG header (signature + IHDR) with HTML where the image data should be */
    static unsigned char p[4096];
    size_t n = make_png(p, sizeof p, 1, 1);
    const char *html = "<html><script>alert(1)</script></html>";
    memcpy(p + 33, html, strlen(html));
    ck_assert_int_eq(image_verify(SNIFF_PNG, p, 33 + strlen(html), NULL, NULL), IMAGE_BAD);
    (void)n;
}
END_TEST

START_TEST(dimension_limits_from_the_header)
{
    static unsigned char p[1 << 16];
    long w, h;
    ck_assert_int_eq(image_verify(SNIFF_PNG, p, make_png(p, sizeof p, IMAGE_MAX_SIDE, 1), &w, &h), IMAGE_OK);
    ck_assert_int_eq(w, IMAGE_MAX_SIDE);
    ck_assert_int_eq(image_verify(SNIFF_PNG, p, make_png(p, sizeof p, IMAGE_MAX_SIDE + 1, 1), &w, &h),
                     IMAGE_TOO_LARGE);
    ck_assert_int_eq(w, IMAGE_MAX_SIDE + 1);
    ck_assert_int_eq(image_verify(SNIFF_PNG, p, make_png(p, sizeof p, 1, IMAGE_MAX_SIDE + 1), NULL, NULL),
                     IMAGE_TOO_LARGE);
    /* the header alone decides: a PNG claiming 3015×13267 (40,000,005 px) with no image data at all */
    size_t n = make_png(p, sizeof p, 1, 1);
    put32be(p + 16, 3015);
    put32be(p + 20, 13267);
    ck_assert_int_eq(image_verify(SNIFF_PNG, p, n, NULL, NULL), IMAGE_TOO_LARGE);
    put32be(p + 16, 8000);
    put32be(p + 20, 5000); /* exactly 40 MP: within the limit, then refused for its (missing) data */
    ck_assert_int_eq(image_verify(SNIFF_PNG, p, n, NULL, NULL), IMAGE_BAD);
    /* a JPEG whose frame header claims 65000×65000 */
    struct blob j = load("photo.jpg");
    for (size_t i = 2; i + 9 < j.n;) {
        if (j.p[i + 1] == 0xC0) {
            j.p[i + 5] = j.p[i + 7] = 65000 >> 8;
            j.p[i + 6] = j.p[i + 8] = 65000 & 0xFF;
            break;
        }
        i += 2 + ((size_t)j.p[i + 2] << 8 | j.p[i + 3]);
    }
    ck_assert_int_eq(image_verify(SNIFF_JPEG, j.p, j.n, &w, &h), IMAGE_TOO_LARGE);
    ck_assert_int_eq(w, 65000);
    ck_assert_int_eq(h, 65000);
    free(j.p);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("image");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, real_images_decode_with_their_size);
    tcase_add_test(tc, every_prefix_and_every_extension_is_refused);
    tcase_add_test(tc, flipped_bytes_never_crash);
    tcase_add_test(tc, animation_and_other_payloads_are_refused);
    tcase_add_test(tc, dimension_limits_from_the_header);
    suite_add_tcase(s, tc);
    return s;
}
