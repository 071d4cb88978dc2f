/* Image type sniffing for uploads: what the bytes are, never what the client says they are (a file name
 * or a Content-Type header is only a claim). Pure: looks at a buffer, no I/O. Knows JPEG, PNG and WebP,
 * the three formats the mini-program's camera and album hand over; everything else is "unknown". */
#ifndef LG_DOMAIN_SNIFF_H
#define LG_DOMAIN_SNIFF_H

#include <stddef.h>

enum sniff_type { SNIFF_UNKNOWN = 0, SNIFF_JPEG, SNIFF_PNG, SNIFF_WEBP };

/* Classifies the n bytes at p by their magic numbers and the first structure after them: JPEG needs
 * SOI (FF D8) followed by a marker (FF xx); PNG its 8-byte signature followed by an IHDR chunk; WebP a
 * RIFF header whose size field does not exceed the data, the WEBP form type and a VP8 / VP8L / VP8X
 * chunk. Returns SNIFF_UNKNOWN for anything else, including a NULL or too-short buffer. */
enum sniff_type sniff_image(const unsigned char *p, size_t n);

/* The MIME type of t ("image/jpeg", "image/png", "image/webp"), or NULL for SNIFF_UNKNOWN. Static. */
const char *sniff_mime(enum sniff_type t);

#endif
