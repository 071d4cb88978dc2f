/* libFuzzer harness for domain/wordfilter: scans arbitrary bytes (raw and normalised), masks them,
 * and, when the input holds a lexicon part, builds an automaton from arbitrary words first. Checks the
 * invariants callers rely on: statuses, hit spans inside the text on code point boundaries and sorted,
 * masks never longer than the text and still valid UTF-8, totals stable under truncation.
 * Input: "word\n+allowword\n...\n\ntext" (lexicon, blank line, text) or just text.
 * FUZZ_SOURCE: server/src/domain/wordfilter.c
 * FUZZ_SOURCE: server/src/domain/wordnorm.c
 * FUZZ_SOURCE: server/src/domain/wordnorm_table.c */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/wordfilter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "fuzz_wordfilter.c:%d: check failed: %s\n", __LINE__, #c);                       \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

static const struct wordfilter_entry base_lex[] = {
    {"押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_REVIEW, 0},
    {"先交押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_BLOCK, 0},
    {"不收押金", WORDFILTER_CAT_DEPOSIT_FEE, WORDFILTER_ACT_REVIEW, 1},
    {"傳銷", WORDFILTER_CAT_FRAUD, WORDFILTER_ACT_BLOCK, 0},
    {"刷单", WORDFILTER_CAT_FRAUD, WORDFILTER_ACT_BLOCK, 0},
    {"微信", WORDFILTER_CAT_CONTACT_LEAK, WORDFILTER_ACT_REVIEW, 0},
    {"fuck", WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_MASK, 0},
    {"aa", WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_MASK, 0},
    {"aaa", WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_REVIEW, 0},
    {"ab", WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_MASK, 1},
    {"1", WORDFILTER_CAT_CUSTOM, WORDFILTER_ACT_MASK, 0},
};
#define NBASE (sizeof base_lex / sizeof base_lex[0])

static int boundary(const uint8_t *t, size_t len, size_t off)
{
    return off == len || (off < len && (t[off] & 0xC0) != 0x80);
}

static void check_scan(const struct wordfilter *wf, size_t nent, const uint8_t *t, size_t len, unsigned flags)
{
    static struct wordfilter_hit hits[256], few[2];
    size_t n = 0, n2 = 0;
    int rc = wordfilter_scan_ex(wf, (const char *)t, len, flags, hits, 256, &n);
    CHECK(rc == WORDFILTER_OK || rc == WORDFILTER_ETRUNC || rc == WORDFILTER_EUTF8);
    if (rc == WORDFILTER_EUTF8) {
        CHECK(n == 0);
        return;
    }
    size_t stored = n < 256 ? n : 256;
    for (size_t i = 0; i < stored; i++) {
        const struct wordfilter_hit *h = &hits[i];
        CHECK(h->start < h->end && h->end <= len);
        CHECK(boundary(t, len, h->start) && boundary(t, len, h->end));
        CHECK(h->entry < nent || h->entry == WORDFILTER_BUILTIN);
        CHECK(h->action >= WORDFILTER_ACT_MASK && h->action <= WORDFILTER_ACT_BLOCK);
        CHECK((unsigned)h->category < WORDFILTER_CAT_COUNT);
        CHECK(h->allow == 0);
        if (i > 0)
            CHECK(hits[i - 1].start <= h->start);
    }
    int rc2 = wordfilter_scan_ex(wf, (const char *)t, len, flags, few, 2, &n2);
    CHECK(n2 == n);
    CHECK(rc2 == (n > 2 ? WORDFILTER_ETRUNC : WORDFILTER_OK));
    if (n > 0) { /* the most severe hit survives truncation */
        const struct wordfilter_hit *w = wordfilter_worst(hits, stored);
        const struct wordfilter_hit *w2 = wordfilter_worst(few, n < 2 ? n : 2);
        if (n <= 256)
            CHECK(w && w2 && w2->action == w->action);
    }
    char *out = malloc(len + 1);
    size_t olen = 0;
    CHECK(out != NULL);
    CHECK(wordfilter_mask((const char *)t, len, hits, stored, WORDFILTER_ACTIONS_ALL, out, len + 1, &olen) ==
          0);
    CHECK(olen <= len && out[olen] == '\0');
    size_t n3;
    int rc3 = wordfilter_scan_ex(wf, out, olen, WORDFILTER_SCAN_RAW, NULL, 0, &n3);
    CHECK(rc3 != WORDFILTER_EUTF8);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct wordfilter *base;
    if (!base) {
        base = wordfilter_build(base_lex, NBASE, NULL, NULL, 0);
        CHECK(base != NULL);
    }
    const uint8_t *text = data;
    size_t len = size;
    struct wordfilter *wf = base;
    size_t nent = NBASE;
    struct wordfilter_entry lex[64];
    char *copy = NULL;
    const uint8_t *sep = NULL;
    for (size_t i = 0; i + 1 < size; i++) {
        if (data[i] == '\n' && data[i + 1] == '\n') {
            sep = data + i;
            break;
        }
    }
    if (sep) {
        size_t lexlen = (size_t)(sep - data);
        copy = malloc(lexlen + 1);
        CHECK(copy != NULL);
        memcpy(copy, data, lexlen);
        copy[lexlen] = '\0';
        size_t n = 0;
        for (char *line = copy; line && n < 64;) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            int allow = line[0] == '+';
            lex[n] =
                (struct wordfilter_entry){line + allow, (enum wordfilter_category)(n % WORDFILTER_CAT_COUNT),
                                          (enum wordfilter_action)(1 + n % 3), allow};
            n++;
            line = nl ? nl + 1 : NULL;
        }
        struct wordfilter_opts opts = {n % 6, (int)(n & 1), WORDFILTER_ACT_REVIEW, 1};
        char err[128];
        struct wordfilter *built = wordfilter_build(lex, n, &opts, err, sizeof err);
        if (built) {
            wf = built;
            nent = n;
        }
        text = sep + 2;
        len = size - lexlen - 2;
    }
    check_scan(wf, nent, text, len, 0);
    check_scan(wf, nent, text, len, WORDFILTER_SCAN_RAW);
    char norm[4 * WORDFILTER_MAX_WORD + 1];
    int nn = wordfilter_normalize((const char *)text, len < 300 ? len : 300, norm, sizeof norm);
    CHECK(nn == -1 || (nn >= 1 && nn <= WORDFILTER_MAX_WORD));
    if (wf != base)
        wordfilter_unref(wf);
    free(copy);
    return 0;
}
