/* wordnorm: the per-code-point normalisation the word filter applies before matching (full/half width,
 * case, traditional -> simplified, digit variants, noise classes) and a strict UTF-8 decoder.
 * The data is the generated table wordnorm_table.c (tools/gen_wordnorm.py, from OpenCC + Unicode data);
 * this header only reads it. No allocation, no I/O, no state. */
#ifndef LG_DOMAIN_WORDNORM_H
#define LG_DOMAIN_WORDNORM_H

#include <stddef.h>
#include <stdint.h>

#define WORDNORM_NTOP 4352 /* 0x110000 / 256 */

/* Character classes of a code point. */
enum wordnorm_class {
    WORDNORM_LETTER = 0,    /* takes part in words */
    WORDNORM_NOISE = 1,     /* space, punctuation, symbol, emoji, control, unassigned: skipped up to a gap */
    WORDNORM_IGNORABLE = 2, /* zero-width, format, combining mark, variation selector, skin tone: free */
};

#define WORDNORM_IDCH                                                                                        \
    0x40u /* letter that may be part of a WeChat/QQ id: a-z/0-9 after folding, or a digit                    \
           */
#define WORDNORM_DISGUISED 0x80u /* digit written other than 0-9 or full-width 0-9 (一, 壹, ①, ...) */

extern const uint16_t wordnorm_top[WORDNORM_NTOP];
extern const uint32_t wordnorm_blocks[][256];
extern const unsigned wordnorm_nblocks;
extern const uint32_t wordnorm_sources[][2]; /* {folded, original} of every letter that folds, sorted */
extern const size_t wordnorm_nsources;
extern const char wordnorm_source[]; /* versions of the data the table was generated from */

/* Returns the packed table entry of cp (cp <= 0x10FFFF): bits 0-1 class, bits 2-5 digit value + 1
 * (0: not a digit), bit 6 WORDNORM_IDCH, bit 7 WORDNORM_DISGUISED, bits 8-31 signed offset from cp to
 * its folded code point (0 for non-letters). */
static inline uint32_t wordnorm_entry(uint32_t cp)
{
    return wordnorm_blocks[wordnorm_top[cp >> 8]][cp & 255];
}

static inline unsigned wordnorm_class_of(uint32_t e)
{
    return e & 3u;
}

/* Returns the digit value 0-9 of an entry, or -1. */
static inline int wordnorm_digit_of(uint32_t e)
{
    return (int)((e >> 2) & 15u) - 1;
}

/* Returns the folded code point of cp given its entry. */
static inline uint32_t wordnorm_fold_of(uint32_t cp, uint32_t e)
{
    int32_t delta = (int32_t)((e >> 8) ^ 0x800000u) - 0x800000;
    return (uint32_t)((int32_t)cp + delta);
}

/* Decodes one strict UTF-8 sequence (no overlongs, surrogates or values above U+10FFFF) from s[0..n),
 * n >= 1. Returns its length 1-4 and stores the code point in *cp, or returns 0 if the bytes are not
 * valid UTF-8 (including a sequence truncated by the end of the buffer). Never reads past s + n. */
static inline unsigned wordnorm_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2)
        return 0;
    if (c < 0xE0) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        *cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
        return 2;
    }
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
            return 0;
        *cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
            return 0;
        *cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
        return 4;
    }
    return 0;
}

/* Returns the number of bytes (1-4) of the UTF-8 encoding of cp <= 0x10FFFF written to out. */
unsigned wordnorm_utf8_encode(uint32_t cp, char *out);

#endif
