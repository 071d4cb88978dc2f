/* Magic-byte sniffing of the image formats uploads accept. The checks go one structure past the magic
 * number so that a text file that merely starts with "RIFF" or "\xff\xd8" is not taken for an image; they
 * do not decode the image (ext/image.c decodes an upload whole before it is stored; the server never
 * transforms uploads, it stores and serves the bytes it was sent). */
#include "domain/sniff.h"

#include <string.h>

static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
           (unsigned long)p[3] << 24;
}

static enum sniff_type jpeg(const unsigned char *p, size_t n)
{
    /* SOI, then the first segment's marker (APP0 JFIF, APP1 Exif, DQT, ...): FF followed by a marker
     * byte that is neither 00 (stuffing) nor FF (fill) */
    if (n >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF && p[3] != 0x00 && p[3] != 0xFF)
        return SNIFF_JPEG;
    return SNIFF_UNKNOWN;
}

static enum sniff_type png(const unsigned char *p, size_t n)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /* the signature, then the first chunk: length 13, type IHDR */
    if (n >= 16 && memcmp(p, sig, 8) == 0 && p[8] == 0 && p[9] == 0 && p[10] == 0 && p[11] == 13 &&
        memcmp(p + 12, "IHDR", 4) == 0)
        return SNIFF_PNG;
    return SNIFF_UNKNOWN;
}

static enum sniff_type webp(const unsigned char *p, size_t n)
{
    if (n < 16 || memcmp(p, "RIFF", 4) != 0 || memcmp(p + 8, "WEBP", 4) != 0)
        return SNIFF_UNKNOWN;
    unsigned long riff = le32(p + 4); /* bytes after the size field */
    if (riff < 8 || riff > n - 8)
        return SNIFF_UNKNOWN;
    if (memcmp(p + 12, "VP8 ", 4) == 0 || memcmp(p + 12, "VP8L", 4) == 0 || memcmp(p + 12, "VP8X", 4) == 0)
        return SNIFF_WEBP;
    return SNIFF_UNKNOWN;
}

enum sniff_type sniff_image(const unsigned char *p, size_t n)
{
    if (!p)
        return SNIFF_UNKNOWN;
    enum sniff_type t = jpeg(p, n);
    if (t == SNIFF_UNKNOWN)
        t = png(p, n);
    if (t == SNIFF_UNKNOWN)
        t = webp(p, n);
    return t;
}

const char *sniff_mime(enum sniff_type t)
{
    switch (t) {
    case SNIFF_JPEG:
        return "image/jpeg";
    case SNIFF_PNG:
        return "image/png";
    case SNIFF_WEBP:
        return "image/webp";
    case SNIFF_UNKNOWN:
        break;
    }
    return NULL;
}
