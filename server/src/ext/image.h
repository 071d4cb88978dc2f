/* Decoding check of uploaded images with Debian's libpng, libjpeg-turbo and libwebp: an upload is stored
 * only if its bytes are one whole, decodable image of the type it was sniffed as (domain/sniff.h), of sane
 * dimensions, with nothing after its end. Decodes into a throwaway row (or a scaled-down picture) and keeps
 * no pixels; never writes, transforms or re-encodes the bytes (what is stored is what was sent). */
#ifndef LG_EXT_IMAGE_H
#define LG_EXT_IMAGE_H

#include <stddef.h>

#include "domain/sniff.h"

/* Dimension limits, checked from the header before any pixel is decoded. */
#define IMAGE_MAX_SIDE   16384     /* pixels, width and height each (WebP's own limit is 16383) */
#define IMAGE_MAX_PIXELS 40000000L /* width × height: 40 megapixels */

enum image_check {
    IMAGE_OK = 0,
    IMAGE_BAD,       /* not a whole decodable image of that type: bad header or data, truncated, animated
                        WebP, bytes after the image's end, or a JPEG the decoder had to repair */
    IMAGE_TOO_LARGE, /* a side over IMAGE_MAX_SIDE or an area over IMAGE_MAX_PIXELS */
    IMAGE_NOMEM,     /* out of memory while decoding: not the sender's fault */
};

/* Decodes the n bytes at p as an image of type t (JPEG, PNG or WebP; anything else, or bytes that
 * sniff_image does not take for t, is IMAGE_BAD) all the way to its end. width and height (may be NULL) get
 * its dimensions when the header could be read. Thread-safe; keeps nothing. */
enum image_check image_verify(enum sniff_type t, const unsigned char *p, size_t n, long *width, long *height);

#endif
