/* wordfilter: sensitive-word automaton, scanner, contact-leak detector and masking (see wordfilter.h).
 * Layout: words are normalised (wordnorm) into code points, code points into dense symbols 1..A by a
 * two-level alphabet map, and the trie of symbol strings into a double array (base/check cells, one
 * check per cell carrying an output flag in its top bit) with Aho-Corasick failure and dictionary-suffix
 * links. Everything built here is immutable after wordfilter_build returns; scans keep their state on
 * the stack. No I/O; the only global state is the symbol-free base of the normalising map, built once
 * per process under pthread_once and then read-only. */
#include "domain/wordfilter.h"
#include "domain/wordnorm.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOT       0u
#define NIL        UINT32_MAX
#define CHECK_MASK 0x7FFFFFFFu
#define FREE_CHECK 0x7FFFFFFFu /* check of a free cell: equals no state */
#define OUT_FLAG   0x80000000u /* check bit: the state has outputs of its own or through its dict link */
#define MAX_SLOTS  0x7FFFFFF0u
#define RING       64u /* power of two >= WORDFILTER_MAX_WORD */
#define STACK_HITS 64
#define BUILTIN_ID UINT32_MAX
#ifndef FIT_TRIES
#define FIT_TRIES 4096 /* free cells tried per multi-child node before going past the end */
#endif
#ifndef MAX_FAILS
#define MAX_FAILS                                                                                            \
    2 /* after failing this many multi-child placements a free cell is left to single children */
#endif

/* went.flags */
#define F_ALLOW     1u
#define F_KW_ALWAYS 2u /* contact keyword that is a leak by itself (V信, 加微) */
#define F_KW_ID     4u /* contact keyword that leaks only when an id follows or it is written with noise */

/* Entry of the normalising map: the low byte of the static wordnorm entry of a code point (class,
 * digit, id-character and disguised-digit bits) and above it the symbol of its folded form, so that a
 * scan does one two-level lookup per character. */
#define NM_CLASS(e)  ((e)&3u)                      /* enum wordnorm_class */
#define NM_DIGIT(e)  ((int)(((e) >> 2) & 15u) - 1) /* digit value or -1 */
#define NM_IDCH      WORDNORM_IDCH
#define NM_DISGUISED WORDNORM_DISGUISED
#define NM_SYM(e)    ((e) >> 8)

#define DEFAULT_MAX_GAP 4u

/* The scan loops live in functions of their own so that each gets the registers to itself; reporting
 * and the contact detector are out of line because they run for a small fraction of the characters. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* A condition the branch predictor cannot learn (which transition a text takes): asks for a
 * conditional move instead of a branch. */
#if defined(__GNUC__) && (__GNUC__ >= 9 || defined(__clang__))
#define UNPREDICTABLE(c) __builtin_expect_with_probability(!!(c), 1, 0.5)
#else
#define UNPREDICTABLE(c) (c)
#endif
#if defined(__GNUC__)
#define UNLIKELY(c) __builtin_expect(!!(c), 0)
#else
#define UNLIKELY(c) (c)
#endif
#define KW_MAX_FILLER 2u /* letters tolerated between a contact keyword and its id (微信号是abc123) */
#define KW_MIN_ID     5u

/* One double-array cell, 16 bytes so that a state's failure and dictionary links come in the cache
 * line the transition already loaded. */
struct cell {
    uint32_t base;  /* child on symbol c is at base + c; 0 for leaves (see place_nodes) */
    uint32_t check; /* parent state | OUT_FLAG; FREE_CHECK for free cells and the root */
    uint32_t fail;  /* failure link */
    uint32_t dict;  /* nearest failure ancestor with own entries; ROOT: none */
};

struct went {
    uint32_t id; /* caller's entry index, or BUILTIN_ID */
    uint8_t category;
    uint8_t action;
    uint8_t len; /* symbols */
    uint8_t flags;
};

struct wordfilter {
    atomic_size_t refs;
    struct cell *da;
    uint32_t nslots; /* every base + symbol < nslots: no bounds check while scanning (see place_nodes) */
    uint32_t *own;   /* index into outs of the state's own entries (NIL-terminated run); 0: none */
    uint32_t *outs;
    size_t nouts;
    struct went *ents;
    size_t nents;
    /* Two-level maps in one allocation each (one pointer to keep in a register while scanning):
     * map[cp >> 8] is the offset of the block of 256 entries, map[map[cp >> 8] + (cp & 255)] the entry. */
    uint32_t *alpha; /* raw map: code point -> symbol (0: not in the alphabet) */
    size_t alpha_len;
    /* normalising map: code point -> NM_* packed entry. Blocks holding no character that folds into the
     * alphabet point into the process-wide base map (symbol 0), the others into nmap_own. */
    const uint32_t *nmap[WORDNORM_NTOP];
    uint32_t *nmap_own;
    size_t nmap_len;
    size_t alphabet;
    size_t states;
    size_t skipped;
    struct wordfilter_opts opts;
    size_t memory;
};

/* Contact-leak keywords, in normalised form. Evasive spellings are leaks by themselves; plain names of
 * a channel only when an id or number follows (or when written with noise inside: 微*信). */
static const char *const kw_always[] = {
    "v信",  "vx",   "wx",  "weixin", "薇信", "威信",   "徽信", "微芯",   "加微", "加v",
    "加vx", "加wx", "加q", "加qq",   "扣扣", "企鹅号", "vx号", "wechat", "薇x",  "威x",
};
static const char *const kw_id[] = {
    "微信", "微信号", "qq", "qq号", "电话", "手机", "手机号", "联系方式", "联系电话", "tel",
};

static const char *const cat_names[WORDFILTER_CAT_COUNT] = {
    "fraud",    "deposit_fee",  "discrimination", "porn",  "gambling",
    "politics", "contact_leak", "custom",         "drugs",
};

const char *wordfilter_category_name(enum wordfilter_category c)
{
    return (unsigned)c < WORDFILTER_CAT_COUNT ? cat_names[c] : "?";
}

int wordfilter_category_parse(const char *s, enum wordfilter_category *out)
{
    for (unsigned i = 0; s && i < WORDFILTER_CAT_COUNT; i++) {
        if (strcmp(s, cat_names[i]) == 0) {
            *out = (enum wordfilter_category)i;
            return 0;
        }
    }
    return -1;
}

const char *wordfilter_action_name(enum wordfilter_action a)
{
    switch (a) {
    case WORDFILTER_ACT_MASK:
        return "mask";
    case WORDFILTER_ACT_REVIEW:
        return "review";
    case WORDFILTER_ACT_BLOCK:
        return "block";
    }
    return "?";
}

int wordfilter_action_parse(const char *s, enum wordfilter_action *out)
{
    static const enum wordfilter_action all[] = {WORDFILTER_ACT_MASK, WORDFILTER_ACT_REVIEW,
                                                 WORDFILTER_ACT_BLOCK};
    for (unsigned i = 0; s && i < 3; i++) {
        if (strcmp(s, wordfilter_action_name(all[i])) == 0) {
            *out = all[i];
            return 0;
        }
    }
    return -1;
}

static int action_valid(int a)
{
    return a >= WORDFILTER_ACT_MASK && a <= WORDFILTER_ACT_BLOCK;
}

/* Normalises word[0..len) into folded code points. Returns the count, 0 if nothing is left, -1 if the
 * word is not UTF-8, -2 if longer than WORDFILTER_MAX_WORD. */
static int fold_word(const char *word, size_t len, uint32_t out[WORDFILTER_MAX_WORD])
{
    const unsigned char *p = (const unsigned char *)word;
    int n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        unsigned cl = wordnorm_utf8_decode(p + i, len - i, &cp);
        if (cl == 0)
            return -1;
        i += cl;
        uint32_t e = wordnorm_entry(cp);
        if (wordnorm_class_of(e) != WORDNORM_LETTER)
            continue;
        if (n == WORDFILTER_MAX_WORD)
            return -2;
        out[n++] = wordnorm_fold_of(cp, e);
    }
    return n;
}

int wordfilter_normalize(const char *word, size_t len, char *out, size_t outcap)
{
    uint32_t cps[WORDFILTER_MAX_WORD];
    if (!word || !out)
        return -1;
    int n = fold_word(word, len, cps);
    if (n <= 0)
        return -1;
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        char buf[4];
        unsigned k = wordnorm_utf8_encode(cps[i], buf);
        if (o + k + 1 > outcap)
            return -1;
        memcpy(out + o, buf, k);
        o += k;
    }
    out[o] = '\0';
    return n;
}

/* ---- build ---------------------------------------------------------------------------------------- */

struct key {
    const uint32_t *sym;
    size_t off; /* into the pool, until the pool stops moving */
    uint32_t ent;
    uint8_t len;
};

struct tnode {
    uint32_t parent, sym;
    uint32_t kid0, nkids; /* children: nodes kid0 .. kid0 + nkids - 1, in ascending symbol order */
    uint32_t own;         /* index into outs of its own entries, 0: none */
    uint32_t lo, hi;      /* keys below it (sorted keys share its path as prefix) */
    uint32_t base, cell;
    uint8_t depth;
};

struct builder {
    struct cell *da;
    uint32_t *nxt, *prv; /* doubly linked list of free cells, in index order */
    uint32_t size;
    uint32_t fhead, ftail;
    uint32_t maxused; /* every cell above it is free */
    uint32_t mstart;  /* free cell where multi-child searches start: the ones before it kept failing */
    uint8_t *fails;   /* per free cell: multi-child placements it failed */
};

static void errf(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    unsigned n = x->len < y->len ? x->len : y->len;
    for (unsigned i = 0; i < n; i++) {
        if (x->sym[i] != y->sym[i])
            return x->sym[i] < y->sym[i] ? -1 : 1;
    }
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->ent < y->ent ? -1 : (x->ent > y->ent);
}

/* Grows the cell array to at least need + 1 cells; new cells are free. Returns 0 or -1. */
static int b_grow(struct builder *b, uint64_t need)
{
    if (need < b->size)
        return 0;
    uint64_t ns = (uint64_t)b->size + b->size / 2 + 1024;
    if (ns <= need)
        ns = need + 1024;
    if (ns > MAX_SLOTS)
        ns = MAX_SLOTS;
    if (need >= ns)
        return -1;
    struct cell *da = realloc(b->da, ns * sizeof *da);
    if (!da)
        return -1;
    b->da = da;
    uint32_t *nxt = realloc(b->nxt, ns * sizeof *nxt);
    if (!nxt)
        return -1;
    b->nxt = nxt;
    uint32_t *prv = realloc(b->prv, ns * sizeof *prv);
    if (!prv)
        return -1;
    b->prv = prv;
    uint8_t *fails = realloc(b->fails, ns);
    if (!fails)
        return -1;
    b->fails = fails;
    memset(b->fails + b->size, 0, ns - b->size);
    if (b->mstart == NIL)
        b->mstart = b->size;
    for (uint32_t t = b->size; t < ns; t++) {
        b->da[t] = (struct cell){0, FREE_CHECK, ROOT, ROOT};
        b->nxt[t] = NIL;
        b->prv[t] = b->ftail;
        if (b->ftail == NIL)
            b->fhead = t;
        else
            b->nxt[b->ftail] = t;
        b->ftail = t;
    }
    b->size = (uint32_t)ns;
    return 0;
}

static void b_unlink(struct builder *b, uint32_t t)
{
    uint32_t n = b->nxt[t], p = b->prv[t];
    if (b->mstart == t)
        b->mstart = n;
    if (p == NIL)
        b->fhead = n;
    else
        b->nxt[p] = n;
    if (n == NIL)
        b->ftail = p;
    else
        b->prv[n] = p;
}

static void b_take(struct builder *b, uint32_t t, uint32_t parent)
{
    b_unlink(b, t);
    b->da[t].check = parent;
    if (t > b->maxused)
        b->maxused = t;
}

/* Finds a base for children with ascending symbols kids[0..k): first fit over the free cells, giving up
 * after a bounded number of candidates for the space past the last used cell. */
static void b_find_base(struct builder *b, const uint32_t *kids, uint32_t k, uint32_t *base)
{
    uint32_t c1 = kids[0];
    unsigned tries = 0;
    for (uint32_t f = b->mstart; f != NIL && tries < FIT_TRIES; tries++) {
        uint32_t bs = f - c1;
        uint32_t i;
        for (i = 1; i < k; i++) {
            uint32_t t = bs + kids[i];
            if (t < b->size && b->da[t].check != FREE_CHECK)
                break;
        }
        if (i == k) {
            *base = bs;
            return;
        }
        uint32_t next = b->nxt[f];
        if (b->fails[f] < 255)
            b->fails[f]++;
        if (f == b->mstart && b->fails[f] >= MAX_FAILS)
            b->mstart = next;
        f = next;
    }
    /* Past the last used cell, where every cell is free (maxused >= alphabet: base >= 1). */
    *base = b->maxused + 1 - c1;
}

static inline uint32_t map2(const uint32_t *map, uint32_t cp)
{
    return map[map[cp >> 8] + (cp & 255)];
}

static uint32_t alpha_sym(const struct wordfilter *wf, uint32_t cp)
{
    return map2(wf->alpha, cp);
}

struct cpcount {
    uint32_t cp;
    uint32_t count;
};

static int cpcount_cmp(const void *a, const void *b)
{
    const struct cpcount *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->cp < y->cp ? -1 : (x->cp > y->cp);
}

/* Sorts n code points (< 2^21) in place: LSD radix sort, three passes of 7 bits. Returns 0 or -1. */
static int sort_cps(uint32_t *v, size_t n)
{
    uint32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return -1;
    for (unsigned shift = 0; shift < 21; shift += 7) {
        size_t count[129] = {0};
        for (size_t i = 0; i < n; i++)
            count[((v[i] >> shift) & 127) + 1]++;
        for (unsigned k = 1; k < 129; k++)
            count[k] += count[k - 1];
        for (size_t i = 0; i < n; i++)
            tmp[count[(v[i] >> shift) & 127]++] = v[i];
        memcpy(v, tmp, n * sizeof *v);
    }
    free(tmp);
    return 0;
}

/* Assigns symbols 1..A to the distinct code points of the words, most frequent first (dense low symbols
 * pack the double array better), and builds the raw map. Returns 0 or -1. */
static int build_alphabet(struct wordfilter *wf, const uint32_t *pool, size_t npool)
{
    int rc = -1;
    uint32_t *cps = malloc((npool ? npool : 1) * sizeof *cps);
    struct cpcount *list = NULL;
    if (!cps)
        goto out;
    memcpy(cps, pool, npool * sizeof *cps);
    if (sort_cps(cps, npool) < 0)
        goto out;
    size_t k = 0;
    for (size_t i = 0; i < npool; i++)
        k += i == 0 || cps[i] != cps[i - 1];
    list = malloc((k ? k : 1) * sizeof *list);
    if (!list)
        goto out;
    uint8_t blockused[WORDNORM_NTOP] = {0};
    k = 0;
    for (size_t i = 0; i < npool; i++) {
        if (i == 0 || cps[i] != cps[i - 1]) {
            list[k].cp = cps[i];
            list[k].count = 0;
            blockused[cps[i] >> 8] = 1;
            k++;
        }
        list[k - 1].count++;
    }
    qsort(list, k, sizeof *list, cpcount_cmp);
    size_t nblocks = 1; /* block 0: all zero, shared by the unused ranges */
    for (unsigned t = 0; t < WORDNORM_NTOP; t++)
        nblocks += blockused[t];
    wf->alpha_len = WORDNORM_NTOP + nblocks * 256;
    wf->alpha = calloc(wf->alpha_len, sizeof *wf->alpha);
    if (!wf->alpha)
        goto out;
    size_t nb = 1;
    for (unsigned t = 0; t < WORDNORM_NTOP; t++)
        wf->alpha[t] = (uint32_t)(WORDNORM_NTOP + 256 * (blockused[t] ? nb++ : 0));
    for (size_t i = 0; i < k; i++)
        wf->alpha[wf->alpha[list[i].cp >> 8] + (list[i].cp & 255)] = (uint32_t)(i + 1);
    wf->alphabet = k;
    rc = 0;
out:
    free(cps);
    free(list);
    return rc;
}

/* The normalising map without symbols, one block per static block: shared by every automaton. */
static uint32_t (*base_nmap)[256];
static pthread_once_t base_once = PTHREAD_ONCE_INIT;

static void base_init(void)
{
    base_nmap = malloc(wordnorm_nblocks * sizeof *base_nmap);
    if (!base_nmap)
        return;
    for (unsigned sb = 0; sb < wordnorm_nblocks; sb++) {
        for (unsigned j = 0; j < 256; j++)
            base_nmap[sb][j] = wordnorm_blocks[sb][j] & 0xFFu;
    }
}

/* Builds the normalising map: a block gets its own copy, with symbols, only if it holds an alphabet
 * character or a character folding to one (found through wordnorm_sources); every other block is the
 * shared base block. Returns 0 or -1. */
static int build_nmap(struct wordfilter *wf)
{
    int rc = -1;
    uint8_t mark[WORDNORM_NTOP] = {0};
    pthread_once(&base_once, base_init);
    if (!base_nmap)
        return -1;
    size_t nown = 0;
    for (uint32_t blk = 0; blk < WORDNORM_NTOP; blk++) {
        if (wf->alpha[blk] == WORDNORM_NTOP)
            continue; /* no alphabet character in this block */
        for (uint32_t j = 0; j < 256; j++) {
            uint32_t x = (blk << 8) | j;
            if (wf->alpha[wf->alpha[blk] + j] == 0)
                continue;
            mark[blk] = 1;
            size_t lo = 0, hi = wordnorm_nsources; /* first source folding to x */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (wordnorm_sources[mid][0] < x)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (; lo < wordnorm_nsources && wordnorm_sources[lo][0] == x; lo++)
                mark[wordnorm_sources[lo][1] >> 8] = 1;
        }
    }
    for (uint32_t blk = 0; blk < WORDNORM_NTOP; blk++)
        nown += mark[blk];
    wf->nmap_own = malloc((nown ? nown : 1) * 256 * sizeof *wf->nmap_own);
    if (!wf->nmap_own)
        goto out;
    wf->nmap_len = nown * 256;
    size_t k = 0;
    for (uint32_t blk = 0; blk < WORDNORM_NTOP; blk++) {
        const uint32_t *base = base_nmap[wordnorm_top[blk]];
        if (!mark[blk]) {
            wf->nmap[blk] = base;
            continue;
        }
        uint32_t *v = wf->nmap_own + 256 * k++;
        for (uint32_t j = 0; j < 256; j++) {
            uint32_t cp = (blk << 8) | j;
            uint32_t e = wordnorm_entry(cp);
            v[j] = base[j];
            if (wordnorm_class_of(e) == WORDNORM_LETTER)
                v[j] |= alpha_sym(wf, wordnorm_fold_of(cp, e)) << 8;
        }
        wf->nmap[blk] = v;
    }
    rc = 0;
out:
    return rc;
}

/* Enumerates the trie of the sorted keys breadth-first (node 0 is the root, children consecutive) and
 * collects each node's own entries into wf->outs. Returns 0 or -1. */
static int build_nodes(struct wordfilter *wf, const struct key *keys, uint32_t nkeys, struct tnode **nodes,
                       size_t *nn)
{
    int rc = -1;
    size_t cap = 1024, n = 0;
    struct tnode *t = malloc(cap * sizeof *t);
    size_t ocap = (size_t)nkeys * 2 + 2, on = 1;
    uint32_t *outs = malloc(ocap * sizeof *outs); /* at most one NIL per key plus one per entry */
    if (!t || !outs)
        goto out;
    outs[0] = NIL;
    t[n++] = (struct tnode){0, 0, 0, 0, 0, 0, nkeys, 0, 0, 0};
    for (size_t h = 0; h < n; h++) {
        uint32_t i = t[h].lo, hi = t[h].hi, d = t[h].depth;
        if (i < hi && keys[i].len == d) {
            t[h].own = (uint32_t)on;
            while (i < hi && keys[i].len == d)
                outs[on++] = keys[i++].ent;
            outs[on++] = NIL;
        }
        t[h].kid0 = (uint32_t)n;
        while (i < hi) {
            uint32_t sym = keys[i].sym[d], lo = i;
            while (i < hi && keys[i].sym[d] == sym)
                i++;
            if (n == cap) {
                struct tnode *nt = realloc(t, (cap *= 2) * sizeof *nt);
                if (!nt)
                    goto out;
                t = nt;
            }
            t[n++] = (struct tnode){(uint32_t)h, sym, 0, 0, 0, lo, i, 0, 0, (uint8_t)(d + 1)};
            t[h].nkids++;
        }
        if (n >= MAX_SLOTS)
            goto out;
    }
    wf->outs = outs;
    wf->nouts = on;
    outs = NULL;
    *nodes = t;
    *nn = n;
    t = NULL;
    rc = 0;
out:
    free(t);
    free(outs);
    return rc;
}

/* Chooses every node's base, widest fan-out first so that the wide nodes take the empty space and the
 * many single-child nodes fill the holes, then writes base/check cells. Returns 0 or -1. */
static int place_nodes(struct builder *b, struct tnode *t, size_t nn, size_t alphabet)
{
    int rc = -1;
    uint32_t maxk = 0;
    for (size_t i = 0; i < nn; i++) {
        if (t[i].nkids > maxk)
            maxk = t[i].nkids;
    }
    uint32_t *bucket = calloc((size_t)maxk + 2, sizeof *bucket);
    uint32_t *order = malloc((nn ? nn : 1) * sizeof *order);
    uint32_t *kids = malloc(((size_t)maxk + 1) * sizeof *kids);
    if (!bucket || !order || !kids)
        goto out;
    /* counting sort of the inner nodes by fan-out, descending */
    for (size_t i = 1; i < nn; i++)
        bucket[maxk - t[i].nkids]++;
    uint32_t sum = 0;
    for (uint32_t k = 0; k <= maxk; k++) {
        uint32_t c = bucket[k];
        bucket[k] = sum;
        sum += c;
    }
    for (size_t i = 1; i < nn; i++)
        order[bucket[maxk - t[i].nkids]++] = (uint32_t)i;
    if (b_grow(b, alphabet + 1) < 0)
        goto out;
    b_take(b, ROOT, FREE_CHECK);
    t[0].cell = ROOT;
    t[0].base = 0;
    for (uint32_t j = 0; j < t[0].nkids; j++) {
        uint32_t c = t[0].kid0 + j;
        t[c].cell = t[c].sym;
        b_take(b, t[c].cell, 0);
    }
    /* Cells 1..alphabet are the root's; the ones it does not use stay free but out of the free list, so
     * that every other base is >= 1 and every base + symbol lands in [1, maxused + alphabet]: with
     * nslots = maxused + alphabet + 1 the scanner needs no bounds check. Leaves have base 0, so their
     * lookups land in the root's cells and fail the check. */
    for (uint32_t c = 1; c <= alphabet; c++) {
        if (b->da[c].check == FREE_CHECK)
            b_unlink(b, c);
    }
    b->maxused = (uint32_t)alphabet;
    for (size_t oi = 0; oi + 1 < nn; oi++) {
        struct tnode *x = &t[order[oi]];
        uint32_t k = x->nkids, base;
        if (k == 0)
            break; /* leaves: base stays 0 */
        for (uint32_t j = 0; j < k; j++)
            kids[j] = t[x->kid0 + j].sym;
        if (k == 1) {
            uint32_t f = b->fhead != NIL && b->fhead <= b->maxused ? b->fhead : b->maxused + 1;
            base = f - kids[0];
        } else {
            b_find_base(b, kids, k, &base);
        }
        if (b_grow(b, (uint64_t)(uint32_t)(base + kids[k - 1])) < 0)
            goto out;
        x->base = base;
        for (uint32_t j = 0; j < k; j++) {
            struct tnode *c = &t[x->kid0 + j];
            c->cell = base + c->sym;
            b_take(b, c->cell, 0);
        }
    }
    for (size_t i = 1; i < nn; i++) {
        b->da[t[i].cell].base = t[i].nkids ? t[i].base : 0;
        b->da[t[i].cell].check = t[t[i].parent].cell;
    }
    b->da[ROOT].base = 0;
    b->da[ROOT].check = FREE_CHECK;
    rc = 0;
out:
    free(bucket);
    free(order);
    free(kids);
    return rc;
}

/* Failure and dictionary links in BFS order; sets the output flags. Returns 0 or -1. */
static int build_links(struct wordfilter *wf, const struct tnode *t, size_t nn)
{
    size_t n = wf->nslots;
    struct cell *da = wf->da;
    wf->own = calloc(n, sizeof *wf->own);
    if (!wf->own)
        return -1;
    for (size_t h = 0; h < nn; h++)
        wf->own[t[h].cell] = t[h].own;
    for (size_t h = 1; h < nn; h++) {
        uint32_t x = t[h].cell, c = t[h].sym;
        uint32_t p = t[t[h].parent].cell;
        uint32_t fl = ROOT;
        if (p != ROOT) {
            uint32_t f = da[p].fail;
            for (;;) {
                uint32_t u = da[f].base + c;
                if (u < n && (da[u].check & CHECK_MASK) == f) {
                    fl = u;
                    break;
                }
                if (f == ROOT)
                    break;
                f = da[f].fail;
            }
        }
        da[x].fail = fl;
        da[x].dict = wf->own[fl] ? fl : da[fl].dict;
    }
    for (size_t h = 1; h < nn; h++) {
        uint32_t x = t[h].cell;
        if (wf->own[x] || da[x].dict)
            da[x].check |= OUT_FLAG;
    }
    return 0;
}

struct wordfilter *wordfilter_build(const struct wordfilter_entry *entries, size_t n,
                                    const struct wordfilter_opts *opts, char *err, size_t errlen)
{
    struct wordfilter *wf = NULL, *ret = NULL;
    struct builder b = {NULL, NULL, NULL, 0, NIL, NIL, 0, NIL, NULL};
    uint32_t *pool = NULL;
    struct key *keys = NULL;
    struct tnode *nodes = NULL;
    size_t nn = 0;
    size_t nbuiltin = 0;

    if (n > 0 && !entries) {
        errf(err, errlen, "entries is NULL");
        goto out;
    }
    if (n >= 0x7FFFFFFF) {
        errf(err, errlen, "too many entries");
        goto out;
    }
    wf = calloc(1, sizeof *wf);
    if (!wf)
        goto oom;
    atomic_init(&wf->refs, 1);
    wf->opts.max_gap = DEFAULT_MAX_GAP;
    wf->opts.contact = 1;
    wf->opts.contact_action = WORDFILTER_ACT_REVIEW;
    if (opts) {
        wf->opts = *opts;
        if (!action_valid(wf->opts.contact_action)) {
            errf(err, errlen, "invalid contact_action");
            goto out;
        }
    }
    if (wf->opts.contact)
        nbuiltin = sizeof kw_always / sizeof kw_always[0] + sizeof kw_id / sizeof kw_id[0];

    size_t total = n + nbuiltin;
    wf->ents = malloc((total ? total : 1) * sizeof *wf->ents);
    keys = malloc((total ? total : 1) * sizeof *keys);
    size_t poolcap = 1024, npool = 0;
    pool = malloc(poolcap * sizeof *pool);
    if (!wf->ents || !keys || !pool)
        goto oom;
    size_t ne = 0;
    for (size_t i = 0; i < total; i++) {
        struct went w;
        const char *word;
        if (i < n) {
            const struct wordfilter_entry *e = &entries[i];
            word = e->word;
            const char *why = NULL;
            if (!word)
                why = "word is NULL";
            else if ((unsigned)e->category >= WORDFILTER_CAT_COUNT)
                why = "invalid category";
            else if (!action_valid(e->action))
                why = "invalid action";
            w = (struct went){(uint32_t)i, (uint8_t)e->category, (uint8_t)e->action, 0,
                              e->allow ? F_ALLOW : 0};
            if (why) {
                if (!wf->opts.skip_invalid) {
                    errf(err, errlen, "entry %zu: %s", i, why);
                    goto out;
                }
                wf->skipped++;
                continue;
            }
        } else {
            size_t j = i - n, na = sizeof kw_always / sizeof kw_always[0];
            word = j < na ? kw_always[j] : kw_id[j - na];
            w = (struct went){BUILTIN_ID, WORDFILTER_CAT_CONTACT_LEAK, (uint8_t)wf->opts.contact_action, 0,
                              j < na ? F_KW_ALWAYS : F_KW_ID};
        }
        uint32_t cps[WORDFILTER_MAX_WORD];
        int len = fold_word(word, strlen(word), cps);
        if (len <= 0) {
            if (!wf->opts.skip_invalid) {
                errf(err, errlen, "entry %zu: %s", i,
                     len == 0    ? "word is empty after normalisation"
                     : len == -1 ? "word is not valid UTF-8"
                                 : "word is longer than 64 characters");
                goto out;
            }
            wf->skipped++;
            continue;
        }
        if (npool + (size_t)len > poolcap) {
            poolcap = (npool + (size_t)len) * 2;
            uint32_t *np = realloc(pool, poolcap * sizeof *np);
            if (!np)
                goto oom;
            pool = np;
        }
        memcpy(pool + npool, cps, (size_t)len * sizeof *cps);
        w.len = (uint8_t)len;
        keys[ne] = (struct key){NULL, npool, (uint32_t)ne, (uint8_t)len};
        npool += (size_t)len;
        wf->ents[ne++] = w;
    }
    wf->nents = ne;
    if (build_alphabet(wf, pool, npool) < 0)
        goto oom;
    if (build_nmap(wf) < 0)
        goto oom;
    /* Code points -> symbols in place, then point the keys into the final pool. */
    for (size_t i = 0; i < npool; i++)
        pool[i] = alpha_sym(wf, pool[i]);
    for (size_t i = 0; i < ne; i++)
        keys[i].sym = pool + keys[i].off;
    qsort(keys, ne, sizeof *keys, key_cmp);

    if (build_nodes(wf, keys, (uint32_t)ne, &nodes, &nn) < 0 || place_nodes(&b, nodes, nn, wf->alphabet) < 0)
        goto oom;
    /* Keep alphabet free cells past the last used one (see place_nodes), trim the rest. */
    uint64_t nslots64 = (uint64_t)b.maxused + wf->alphabet + 1;
    if (nslots64 >= MAX_SLOTS || b_grow(&b, nslots64) < 0)
        goto oom;
    uint32_t nslots = (uint32_t)nslots64;
    wf->da = realloc(b.da, (size_t)nslots * sizeof *wf->da);
    if (!wf->da)
        goto oom;
    b.da = NULL;
    wf->nslots = nslots;
    wf->states = nn;
    if (build_links(wf, nodes, nn) < 0)
        goto oom;
    wf->memory = sizeof *wf + (size_t)nslots * (sizeof *wf->da + sizeof *wf->own) +
                 wf->nouts * sizeof *wf->outs + wf->nents * sizeof *wf->ents +
                 (wf->alpha_len + wf->nmap_len) * sizeof *wf->alpha;
    /* (plus the process-wide base map, wordnorm_nblocks KB, shared by all automata) */
    ret = wf;
    wf = NULL;
    goto out;
oom:
    errf(err, errlen, "out of memory or lexicon too large");
out:
    free(b.da);
    free(b.nxt);
    free(b.prv);
    free(b.fails);
    free(pool);
    free(keys);
    free(nodes);
    wordfilter_free(wf);
    return ret;
}

struct wordfilter *wordfilter_ref(struct wordfilter *wf)
{
    if (wf)
        atomic_fetch_add_explicit(&wf->refs, 1, memory_order_relaxed);
    return wf;
}

void wordfilter_unref(struct wordfilter *wf)
{
    if (!wf)
        return;
    if (atomic_fetch_sub_explicit(&wf->refs, 1, memory_order_release) != 1)
        return;
    atomic_thread_fence(memory_order_acquire);
    free(wf->da);
    free(wf->own);
    free(wf->outs);
    free(wf->ents);
    free(wf->alpha);
    free(wf->nmap_own);
    free(wf);
}

void wordfilter_free(struct wordfilter *wf)
{
    wordfilter_unref(wf);
}

void wordfilter_get_stats(const struct wordfilter *wf, struct wordfilter_stats *st)
{
    memset(st, 0, sizeof *st);
    if (!wf)
        return;
    st->entries = wf->nents;
    st->skipped = wf->skipped;
    st->states = wf->states;
    st->slots = wf->nslots;
    st->alphabet = wf->alphabet;
    st->memory = wf->memory;
}

/* ---- scan ----------------------------------------------------------------------------------------- */

/* The last RING letters of a scan: where each starts, and how many noise or ignorable characters came
 * before it (to tell a keyword written with noise inside). */
struct ring {
    const unsigned char *start[RING];
    size_t skipped[RING];
};

struct hits {
    struct wordfilter_hit *buf;
    size_t n, cap;
    int heap, oom;
    size_t nallow;
    struct wordfilter_hit stack[STACK_HITS];
};

static size_t hits_push(struct hits *h, size_t entry, unsigned cat, unsigned act, int allow,
                        const char *label, size_t start, size_t end)
{
    if (h->n == h->cap) {
        size_t nc = h->cap * 2;
        struct wordfilter_hit *nb;
        if (h->heap) {
            nb = realloc(h->buf, nc * sizeof *nb);
        } else {
            nb = malloc(nc * sizeof *nb);
            if (nb)
                memcpy(nb, h->buf, h->n * sizeof *nb);
        }
        if (!nb) {
            h->oom = 1;
            return SIZE_MAX;
        }
        h->buf = nb;
        h->cap = nc;
        h->heap = 1;
    }
    struct wordfilter_hit *x = &h->buf[h->n];
    x->entry = entry;
    x->category = (enum wordfilter_category)cat;
    x->action = (enum wordfilter_action)act;
    x->allow = allow;
    x->label = label;
    x->start = start;
    x->end = end;
    if (allow)
        h->nallow++;
    return h->n++;
}

struct contact {
    /* the current run of digits (noise between them tolerated up to the gap) */
    unsigned n, gaps, disguised, first;
    int phone;
    size_t start, end, last_phone_end;
    uint8_t val[16], cand[16];
    size_t ds[16];
    /* a contact keyword waiting for an id */
    int kw;
    size_t kw_start, kw_end, kw_hit, id_end;
    unsigned filler, idlen;
    unsigned action;
};

static void digit_end(struct contact *c, struct hits *h)
{
    if (!c->phone && c->n >= 7) {
        const char *label = NULL;
        if (c->first == 0 && c->n >= 10 && c->n <= 12)
            label = "contact:landline";
        else if (2 * c->disguised >= c->n || 2 * c->gaps >= c->n)
            label = "contact:digits";
        if (label)
            hits_push(h, WORDFILTER_BUILTIN, WORDFILTER_CAT_CONTACT_LEAK, c->action, 0, label, c->start,
                      c->end);
    }
    c->n = 0;
}

static void digit_push(struct contact *c, struct hits *h, unsigned d, int disguised, size_t bs, size_t be,
                       unsigned gap)
{
    if (c->n == 0) {
        c->gaps = c->disguised = 0;
        c->first = d;
        c->phone = 0;
        c->start = bs;
    } else if (gap) {
        c->gaps++;
    }
    unsigned k = c->n++;
    c->val[k & 15] = (uint8_t)d;
    c->cand[k & 15] = (uint8_t)(k == 0 || gap > 0);
    c->ds[k & 15] = bs;
    c->end = be;
    c->disguised += disguised != 0;
    if (c->n >= 11) {
        unsigned j = c->n - 11;
        int ok = c->cand[j & 15] || (j == 2 && c->val[0] == 8 && c->val[1] == 6);
        if (ok && c->val[j & 15] == 1 && c->val[(j + 1) & 15] >= 3 && c->ds[j & 15] >= c->last_phone_end) {
            hits_push(h, WORDFILTER_BUILTIN, WORDFILTER_CAT_CONTACT_LEAK, c->action, 0, "contact:phone",
                      c->ds[j & 15], be);
            c->phone = 1;
            c->last_phone_end = be;
        }
    }
}

static void kw_finish(struct contact *c, struct hits *h)
{
    if (c->idlen >= KW_MIN_ID) {
        if (c->kw_hit != SIZE_MAX)
            h->buf[c->kw_hit].end = c->id_end;
        else
            hits_push(h, WORDFILTER_BUILTIN, WORDFILTER_CAT_CONTACT_LEAK, c->action, 0, "contact:keyword",
                      c->kw_start, c->id_end);
    }
    c->kw = 0;
}

static void kw_letter(struct contact *c, struct hits *h, int idch, size_t be)
{
    if (idch) {
        c->idlen++;
        c->id_end = be;
    } else if (c->idlen > 0 || ++c->filler > KW_MAX_FILLER) {
        kw_finish(c, h);
    }
}

static void kw_start(struct contact *c, struct hits *h, const struct went *e, size_t ks, size_t ke,
                     size_t inside)
{
    int always = (e->flags & F_KW_ALWAYS) || inside > 0;
    if (c->kw && c->idlen > 0)
        return; /* inside the id of the previous keyword: 微信号 wxid_… */
    if (c->kw && c->kw_end == ke) {
        /* a shorter keyword ending where a longer one did: only its being a leak by itself matters */
        if (always && c->kw_hit == SIZE_MAX)
            c->kw_hit = hits_push(h, WORDFILTER_BUILTIN, WORDFILTER_CAT_CONTACT_LEAK, c->action, 0,
                                  "contact:keyword", c->kw_start, ke);
        return;
    }
    if (c->kw)
        kw_finish(c, h);
    c->kw = 1;
    c->kw_start = ks;
    c->kw_end = ke;
    c->filler = c->idlen = 0;
    c->kw_hit = always ? hits_push(h, WORDFILTER_BUILTIN, WORDFILTER_CAT_CONTACT_LEAK, c->action, 0,
                                   "contact:keyword", ks, ke)
                       : SIZE_MAX;
}

static int ascii_alnum(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

/* Reports every output of state s, whose last letter is letter number pos, ending at text + end. */
static NOINLINE void report(const struct wordfilter *wf, uint32_t s, size_t pos, const unsigned char *text,
                            const unsigned char *endp, const struct ring *ring, struct hits *h,
                            struct contact *c, int raw)
{
    size_t end = (size_t)(endp - text);
    for (uint32_t u = s; u != ROOT; u = wf->da[u].dict) {
        for (uint32_t k = wf->own[u]; wf->outs[k] != NIL; k++) {
            const struct went *e = &wf->ents[wf->outs[k]];
            size_t first = (pos + 1 - e->len) & (RING - 1);
            size_t start = (size_t)(ring->start[first] - text);
            if (e->id == BUILTIN_ID) {
                /* a keyword spelt in ASCII must start a word: not the "tel" of "hotel" */
                if (start > 0 && ascii_alnum(text[start]) && ascii_alnum(text[start - 1]))
                    continue;
                if (c)
                    kw_start(c, h, e, start, end, ring->skipped[pos & (RING - 1)] - ring->skipped[first]);
                else if (raw && (e->flags & F_KW_ALWAYS))
                    hits_push(h, WORDFILTER_BUILTIN, e->category, e->action, 0, "contact:keyword", start,
                              end);
                continue;
            }
            hits_push(h, e->id, e->category, e->action, (e->flags & F_ALLOW) != 0, NULL, start, end);
        }
    }
}

/* One Aho-Corasick step from state s on symbol sym (0: not in the alphabet, leads to the root).
 * Written to select rather than branch on the two common outcomes (a trie transition, or a failure
 * straight to the root followed by the root's transition, looked up independently of s), because which
 * one happens is data-dependent and mispredicts. Only a failure to a non-root state takes the loop.
 * Sets *out when the new state has outputs. */
/* The rare part of a step: no transition from s, whose failure link f is not the root. */
static NOINLINE uint32_t step_slow(const struct cell *da, uint32_t f, uint32_t sym, int *out)
{
    for (uint32_t s = f;; s = da[s].fail) {
        uint32_t t = da[s].base + sym;
        if ((da[t].check & CHECK_MASK) == s) {
            *out = (int)(da[t].check >> 31);
            return t;
        }
        if (s == ROOT)
            break;
    }
    uint32_t ck0 = da[sym].check;
    int m0 = (ck0 & CHECK_MASK) == ROOT;
    *out = m0 ? (int)(ck0 >> 31) : 0;
    return m0 ? sym : ROOT;
}

static inline uint32_t step(const struct cell *da, uint32_t s, uint32_t sym, int *out)
{
    uint32_t ck0 = da[sym].check; /* the root's transition; da[0] is the root, never anyone's child */
    const struct cell *c = &da[s];
    uint32_t t = c->base + sym;
    uint32_t ck = da[t].check;
    uint32_t f = c->fail;
    int ok = (ck & CHECK_MASK) == s;
    int ok0 = (ck0 & CHECK_MASK) == ROOT;
    uint32_t r0 = ok0 ? sym : ROOT;
    uint32_t c0 = ok0 ? ck0 : 0;
    uint32_t next = UNPREDICTABLE(ok) ? t : r0;
    uint32_t nck = UNPREDICTABLE(ok) ? ck : c0;
    *out = (int)(nck >> 31);
    /* "no transition and a failure link other than the root", in arithmetic: written with ok, the
     * compiler turns the selects above back into a branch on it */
    uint32_t x = (ck & CHECK_MASK) ^ s;
    if (UNLIKELY(((x | (0u - x)) & (f | (0u - f))) >> 31))
        return step_slow(da, f, sym, out);
    return next;
}

/* Decodes the code point at *q (q < end) into *cp and returns its length, or 0 for invalid UTF-8.
 * ASCII and 3-byte sequences whose lead byte cannot start an overlong or a surrogate (E1-EC, EE-EF:
 * CJK, full-width forms, Chinese punctuation, nearly all of a posting) take a short path; the rest goes
 * through the strict general decoder, with the same acceptance. */
static inline unsigned next_cp(const unsigned char *q, const unsigned char *end, uint32_t *cp)
{
    unsigned c = q[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c - 0xE1u < 0x0Fu && c != 0xED && end - q >= 3) {
        unsigned w = q[1] | (unsigned)q[2] << 8;
        *cp = ((c & 0x0Fu) << 12) | ((w & 0x3Fu) << 6) | ((w >> 8) & 0x3Fu);
        return (w & 0xC0C0u) == 0x8080u ? 3 : 0;
    }
    return wordnorm_utf8_decode(q, (size_t)(end - q), cp);
}

static NOINLINE int scan_raw(const struct wordfilter *wf, const unsigned char *p, size_t len, struct hits *h)
{
    struct ring ring;
    const struct cell *da = wf->da;
    const uint32_t *alpha = wf->alpha;
    const unsigned char *q = p, *end = p + len;
    uint32_t s = ROOT;
    size_t pos = 0; /* ring.skipped is not read without a contact detector */
    while (q < end) {
        uint32_t cp;
        unsigned cl = next_cp(q, end, &cp);
        if (cl == 0)
            return WORDFILTER_EUTF8;
        uint32_t sym = map2(alpha, cp);
        ring.start[pos & (RING - 1)] = q;
        q += cl;
        int out;
        s = step(da, s, sym, &out);
        if (out)
            report(wf, s, pos, p, q, &ring, h, NULL, 1);
        pos++;
    }
    return WORDFILTER_OK;
}

/* Feeds one letter to the contact detector. */
static NOINLINE void contact_letter(struct contact *c, struct hits *h, uint32_t e, size_t bs, size_t be,
                                    unsigned gap)
{
    int d = NM_DIGIT(e);
    if (d >= 0)
        digit_push(c, h, (unsigned)d, (e & NM_DISGUISED) != 0, bs, be, gap);
    else if (c->n)
        digit_end(c, h);
    if (c->kw)
        kw_letter(c, h, (e & NM_IDCH) != 0, be);
}

static NOINLINE void contact_break(struct contact *c, struct hits *h)
{
    if (c->n)
        digit_end(c, h);
    if (c->kw)
        kw_finish(c, h);
}

static NOINLINE int scan_norm(const struct wordfilter *wf, const unsigned char *p, size_t len, struct hits *h)
{
    struct ring ring;
    struct contact ct;
    struct contact *c = wf->opts.contact ? &ct : NULL;
    const struct cell *da = wf->da;
    const uint32_t *const *nmap = wf->nmap;
    const unsigned char *q = p, *end = p + len;
    uint32_t s = ROOT;
    unsigned max_gap = wf->opts.max_gap, gap = 0;
    size_t pos = 0, skipped = 0;
    memset(&ct, 0, sizeof ct);
    ct.action = wf->opts.contact_action;
    while (q < end) {
        uint32_t cp;
        unsigned cl = next_cp(q, end, &cp);
        if (cl == 0)
            return WORDFILTER_EUTF8;
        uint32_t e = nmap[cp >> 8][cp & 255];
        if (NM_CLASS(e) != WORDNORM_LETTER) {
            skipped++;
            if (NM_CLASS(e) == WORDNORM_NOISE && ++gap == max_gap + 1) {
                s = ROOT;
                if (c)
                    contact_break(c, h);
            }
            q += cl;
            continue;
        }
        ring.start[pos & (RING - 1)] = q;
        ring.skipped[pos & (RING - 1)] = skipped;
        /* digits, or a digit run / keyword in progress */
        if (c && ((e & 0x3Cu) | c->n | (unsigned)c->kw))
            contact_letter(c, h, e, (size_t)(q - p), (size_t)(q - p) + cl, gap > max_gap ? 0 : gap);
        q += cl;
        gap = 0;
        int out;
        s = step(da, s, NM_SYM(e), &out);
        if (out)
            report(wf, s, pos, p, q, &ring, h, c, 0);
        pos++;
    }
    if (c)
        contact_break(c, h);
    return WORDFILTER_OK;
}

static int hit_pos_cmp(const void *a, const void *b)
{
    const struct wordfilter_hit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    return (x->label ? 1 : 0) - (y->label ? 1 : 0);
}

static int hit_sev_cmp(const void *a, const void *b)
{
    const struct wordfilter_hit *x = a, *y = b;
    int sx = x->allow ? 0 : (int)x->action, sy = y->allow ? 0 : (int)y->action;
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return hit_pos_cmp(a, b);
}

/* Drops the matches overlapping an allow match (and the allow matches unless keep_allow), then the
 * contact-detector hits lying inside another one. Leaves h sorted by position. Returns 0 or -1. */
static int filter_hits(struct hits *h, int keep_allow)
{
    qsort(h->buf, h->n, sizeof *h->buf, hit_pos_cmp);
    if (h->nallow) {
        /* Allow spans merged into disjoint intervals in start order (so their ends ascend too): a hit
         * overlaps an allow span iff the last interval starting before the hit's end reaches past the
         * hit's start. */
        size_t stackspan[2 * 32];
        size_t *iv = h->nallow <= 32 ? stackspan : malloc(h->nallow * 2 * sizeof *iv);
        size_t ni = 0;
        if (!iv)
            return -1;
        for (size_t i = 0; i < h->n; i++) {
            const struct wordfilter_hit *x = &h->buf[i];
            if (!x->allow)
                continue;
            if (ni > 0 && x->start < iv[2 * ni - 1]) {
                if (x->end > iv[2 * ni - 1])
                    iv[2 * ni - 1] = x->end;
            } else {
                iv[2 * ni] = x->start;
                iv[2 * ni + 1] = x->end;
                ni++;
            }
        }
        size_t w = 0;
        for (size_t i = 0; i < h->n; i++) {
            struct wordfilter_hit x = h->buf[i];
            if (x.allow) {
                if (!keep_allow)
                    continue;
            } else {
                size_t lo = 0, hi = ni; /* first interval with start >= x.end */
                while (lo < hi) {
                    size_t mid = lo + (hi - lo) / 2;
                    if (iv[2 * mid] < x.end)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                if (lo > 0 && iv[2 * (lo - 1) + 1] > x.start)
                    continue;
            }
            h->buf[w++] = x;
        }
        h->n = w;
        if (iv != stackspan)
            free(iv);
    }
    /* contact hits inside an earlier (same or smaller start, sorted longer first) contact hit */
    size_t w = 0, reach = 0;
    int any = 0;
    for (size_t i = 0; i < h->n; i++) {
        struct wordfilter_hit x = h->buf[i];
        if (x.entry == WORDFILTER_BUILTIN && !x.allow) {
            if (any && x.end <= reach)
                continue;
            reach = x.end;
            any = 1;
        }
        h->buf[w++] = x;
    }
    h->n = w;
    return 0;
}

int wordfilter_scan_ex(const struct wordfilter *wf, const char *text, size_t len, unsigned flags,
                       struct wordfilter_hit *hits, size_t max_hits, size_t *nhits)
{
    struct hits h;
    int rc;
    if (nhits)
        *nhits = 0;
    if (!wf || (!text && len > 0) || (!hits && max_hits > 0) || !nhits)
        return WORDFILTER_EINVAL;
    h.buf = h.stack;
    h.n = 0;
    h.cap = STACK_HITS;
    h.heap = h.oom = 0;
    h.nallow = 0;
    if (len == 0) /* text may be NULL: no pointer arithmetic on it */
        rc = WORDFILTER_OK;
    else if (flags & WORDFILTER_SCAN_RAW)
        rc = scan_raw(wf, (const unsigned char *)text, len, &h);
    else
        rc = scan_norm(wf, (const unsigned char *)text, len, &h);
    if (rc == WORDFILTER_OK && h.oom)
        rc = WORDFILTER_ENOMEM;
    if (rc != WORDFILTER_OK)
        goto out;
    if (filter_hits(&h, (flags & WORDFILTER_SCAN_ALLOW_HITS) != 0) < 0) {
        rc = WORDFILTER_ENOMEM;
        goto out;
    }
    *nhits = h.n;
    if (h.n > max_hits) {
        qsort(h.buf, h.n, sizeof *h.buf, hit_sev_cmp);
        qsort(h.buf, max_hits, sizeof *h.buf, hit_pos_cmp);
        rc = WORDFILTER_ETRUNC;
    }
    if (max_hits > 0)
        memcpy(hits, h.buf, (h.n < max_hits ? h.n : max_hits) * sizeof *hits);
out:
    if (h.heap)
        free(h.buf);
    return rc;
}

int wordfilter_scan(const struct wordfilter *wf, const char *text, size_t len, struct wordfilter_hit *hits,
                    size_t max_hits, size_t *nhits)
{
    return wordfilter_scan_ex(wf, text, len, 0, hits, max_hits, nhits);
}

const struct wordfilter_hit *wordfilter_worst(const struct wordfilter_hit *hits, size_t n)
{
    const struct wordfilter_hit *w = NULL;
    for (size_t i = 0; hits && i < n; i++) {
        if (!hits[i].allow && (!w || hits[i].action > w->action))
            w = &hits[i];
    }
    return w;
}

/* ---- mask ----------------------------------------------------------------------------------------- */

static int boundary(const char *text, size_t len, size_t off)
{
    return off == len || (off < len && ((unsigned char)text[off] & 0xC0) != 0x80);
}

static int span_cmp(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : (x[0] > y[0]);
}

int wordfilter_mask(const char *text, size_t len, const struct wordfilter_hit *hits, size_t nhits,
                    unsigned actions, char *out, size_t outcap, size_t *outlen)
{
    int rc = -1;
    size_t *spans = NULL, ns = 0;
    if ((!text && len > 0) || (!hits && nhits > 0) || !out || outcap == 0)
        return -1;
    if (len == 0) {
        for (size_t i = 0; i < nhits; i++) {
            if (!hits[i].allow && (actions & WORDFILTER_ACTION_BIT(hits[i].action)) && hits[i].end > 0)
                return -1;
        }
        out[0] = '\0';
        if (outlen)
            *outlen = 0;
        return 0;
    }
    spans = malloc((nhits ? nhits : 1) * 2 * sizeof *spans);
    if (!spans)
        return -1;
    for (size_t i = 0; i < nhits; i++) {
        const struct wordfilter_hit *x = &hits[i];
        if (x->allow || !(actions & WORDFILTER_ACTION_BIT(x->action)))
            continue;
        if (x->start > x->end || x->end > len || !boundary(text, len, x->start) ||
            !boundary(text, len, x->end))
            goto out;
        spans[2 * ns] = x->start;
        spans[2 * ns + 1] = x->end;
        ns++;
    }
    qsort(spans, ns, 2 * sizeof *spans, span_cmp);
    size_t o = 0, i = 0;
    for (size_t k = 0; k <= ns; k++) {
        size_t ms = k < ns ? spans[2 * k] : len, me = k < ns ? spans[2 * k + 1] : len;
        if (k < ns) {
            while (k + 1 < ns && spans[2 * (k + 1)] < me) {
                k++;
                if (spans[2 * k + 1] > me)
                    me = spans[2 * k + 1];
            }
        }
        if (ms < i)
            ms = i; /* touching spans */
        if (o + (ms - i) + 1 > outcap)
            goto out;
        memcpy(out + o, text + i, ms - i);
        o += ms - i;
        for (size_t j = ms; j < me; j++) {
            if (((unsigned char)text[j] & 0xC0) != 0x80) {
                if (o + 2 > outcap)
                    goto out;
                out[o++] = '*';
            }
        }
        if (me > i)
            i = me;
    }
    out[o] = '\0';
    if (outlen)
        *outlen = o;
    rc = 0;
out:
    free(spans);
    return rc;
}

/* ---- slot ----------------------------------------------------------------------------------------- */

int wordfilter_slot_init(struct wordfilter_slot *slot)
{
    slot->cur = NULL;
    return pthread_mutex_init(&slot->mu, NULL) == 0 ? 0 : -1;
}

void wordfilter_slot_destroy(struct wordfilter_slot *slot)
{
    wordfilter_unref(slot->cur);
    slot->cur = NULL;
    pthread_mutex_destroy(&slot->mu);
}

struct wordfilter *wordfilter_slot_get(struct wordfilter_slot *slot)
{
    pthread_mutex_lock(&slot->mu);
    struct wordfilter *wf = wordfilter_ref(slot->cur);
    pthread_mutex_unlock(&slot->mu);
    return wf;
}

void wordfilter_slot_set(struct wordfilter_slot *slot, struct wordfilter *wf)
{
    pthread_mutex_lock(&slot->mu);
    struct wordfilter *old = slot->cur;
    slot->cur = wf;
    pthread_mutex_unlock(&slot->mu);
    wordfilter_unref(old);
}
