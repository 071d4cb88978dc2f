/* The in-memory gig search index (gigindex.h). Layout: one slot per open gig (its filter fields and
 * folded text as code points), posting lists of {slot, county} sorted oldest → newest under keys that
 * encode a family (region level, region × 工种, 工种, bigram, ...) and its value, and grid cells of
 * {slot, lat, lng} with an 8-byte compact position each, grouped in blocks of 8 × 8 cells. A query walks
 * the smallest list that must contain every match and checks the rest per candidate; the posting's county
 * lets region checks skip the slot. A search by distance visits cells nearest first and, once its page is
 * full, only counts: whole cells inside the circle by their size, cut ones from the compact positions.
 * Keys are recomputed from the slot on removal, so nothing per gig remembers its lists. */
#include "domain/gigindex.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/geo.h"
#include "domain/wordnorm.h"

enum fam {
    F_ALL = 1,
    F_REGION = 2,       /* + level 1..4 → 3..6 */
    F_REGION_TOP = 7,   /* + level → 8..11 */
    F_REGION_LEAF = 12, /* + level → 13..16 */
    F_TOP = 17,
    F_LEAF = 18,
    F_BIGRAM = 19,
    F_CELL = 20,
    F_EMPLOYER = 21,
};

#define KEY(fam, payload) (((uint64_t)(fam) << 58) | (uint64_t)(payload))
#define CODE_MAX          ((1ULL << 40) - 1)
#define JOB_MAX           ((1 << 18) - 1)
#define CELL_DEG          100.0 /* cells per degree */
#define MAX_CELLS         40000 /* more cells than this: the position is checked per candidate instead */
#define NONE              UINT32_MAX
#define SLOT_COST         16 /* reading a slot costs about as much as this many postings */

struct map {
    uint64_t *keys; /* 0 = empty */
    uint32_t *vals;
    size_t cap, n;
};

struct post {
    uint32_t slot, county;
};

struct gpost {
    uint32_t slot, county;
    long long id;
    double lat, lng, coslat;
};

struct plist {
    struct post *a;
    uint32_t n, cap;
};

/* A gig's position inside its cell, in degrees from the cell's south-west corner: 8 bytes, so counting
 * the gigs of a cell the circle cuts reads a fifth of what its gposts would be. */
struct fpos {
    float y, x;
};

#define BLOCK_BITS 3
#define BLOCK      (1 << BLOCK_BITS)

/* BLOCK × BLOCK neighbouring cells, so that a search finds the cells of its box in a few blocks rather than
 * with a hash probe each. A cell's gigs are one allocation: cap compact positions, then cap gposts in the
 * same order (cell_posts); the block holds its pointer, so a search asks for a cell's gigs as soon as it
 * has read the block. */
struct cblock {
    uint32_t n[BLOCK * BLOCK], cap[BLOCK * BLOCK];
    struct fpos *f[BLOCK * BLOCK];
};

static struct gpost *cell_posts(struct fpos *f, uint32_t cap)
{
    return (struct gpost *)(void *)(f + cap);
}

struct emp {
    long long id, version;
    char *payload;
    size_t len;
};

struct slot {
    long long id, employer_id, published_ms, version, starts_at, ends_at, pay_fen;
    int job_type_id, job_top_id;
    unsigned province, city, county;
    unsigned long long town;
    double lat, lng, coslat;
    uint32_t *cps; /* folded text; 0 separates words */
    uint32_t ncps;
    char *payload;
    size_t payload_len;
    uint32_t emp; /* the employer's place in ix->emps when it was there at the put, else NONE */
    int live;
};

struct gigindex {
    struct slot *slots;
    size_t nslots, capslots;
    uint32_t *free;
    size_t nfree, capfree;
    struct map ids;   /* gig id → slot */
    struct map lists; /* key → index into plists or cells (by family) */
    struct plist *plists;
    size_t nplists, capplists;
    struct cblock *blocks; /* by F_CELL key of the block in lists */
    size_t nblocks, capblocks;
    struct emp *emps; /* by F_EMPLOYER key in lists */
    size_t nemps, capemps;
    size_t live;
    long long min_ends; /* no live gig ends before this */
};

/* ---- the hash map: open addressing, linear probing, backward-shift deletion ---- */

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint32_t map_get(const struct map *m, uint64_t key)
{
    if (!m->cap)
        return NONE;
    size_t mask = m->cap - 1;
    for (size_t i = mix(key) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == key)
            return m->vals[i];
        if (!m->keys[i])
            return NONE;
    }
}

static int map_grow(struct map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *vals = malloc(cap * sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t j = 0; j < m->cap; j++) {
        if (!m->keys[j])
            continue;
        size_t i = mix(m->keys[j]) & (cap - 1);
        while (keys[i])
            i = (i + 1) & (cap - 1);
        keys[i] = m->keys[j];
        vals[i] = m->vals[j];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

/* Sets key → val (key != 0). Returns 0 or -1. */
static int map_put(struct map *m, uint64_t key, uint32_t val)
{
    if ((m->n + 1) * 10 > m->cap * 7 && map_grow(m) < 0)
        return -1;
    size_t mask = m->cap - 1, i = mix(key) & mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & mask;
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
    return 0;
}

static void map_del(struct map *m, uint64_t key)
{
    if (!m->cap)
        return;
    size_t mask = m->cap - 1, i = mix(key) & mask;
    while (m->keys[i] != key) {
        if (!m->keys[i])
            return;
        i = (i + 1) & mask;
    }
    /* shift back every later entry of the run that may now sit nearer its home */
    for (size_t j = (i + 1) & mask; m->keys[j]; j = (j + 1) & mask) {
        size_t home = mix(m->keys[j]) & mask;
        if (((j - home) & mask) >= ((j - i) & mask)) {
            m->keys[i] = m->keys[j];
            m->vals[i] = m->vals[j];
            i = j;
        }
    }
    m->keys[i] = 0;
    m->n--;
}

/* ---- text ---- */

/* Folds UTF-8 text into code points: letters folded (case, width, 繁→简), punctuation and spaces become
 * one 0 separator, ignorable marks vanish. Writes at most cap code points. Returns the count, or -1 on
 * invalid UTF-8. */
static long fold(const char *s, uint32_t *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        unsigned k = wordnorm_utf8_decode(p + i, len - i, &cp);
        if (!k)
            return -1;
        i += k;
        uint32_t e = wordnorm_entry(cp);
        unsigned cls = wordnorm_class_of(e);
        if (cls == WORDNORM_IGNORABLE)
            continue;
        uint32_t c = cls == WORDNORM_LETTER ? wordnorm_fold_of(cp, e) : 0;
        if (c == 0 && (n == 0 || out[n - 1] == 0))
            continue;
        if (n == cap)
            break;
        out[n++] = c;
    }
    while (n && out[n - 1] == 0)
        n--;
    return (long)n;
}

static int has_word(const struct slot *s, const uint32_t *w, size_t wn)
{
    if (wn > s->ncps)
        return 0;
    for (size_t i = 0; i + wn <= s->ncps; i++)
        if (s->cps[i] == w[0] && !memcmp(s->cps + i, w, wn * sizeof *w))
            return 1;
    return 0;
}

/* ---- keys of a slot ---- */

static unsigned long long region_code_at(const struct slot *s, int level)
{
    switch (level) {
    case 1:
        return s->province;
    case 2:
        return s->city;
    case 3:
        return s->county;
    default:
        return s->town;
    }
}

static uint64_t cell_y(double lat)
{
    return (uint64_t)floor((lat + 90.0) * CELL_DEG);
}

static uint64_t cell_x(double lng)
{
    return (uint64_t)floor((lng + 180.0) * CELL_DEG);
}

/* The south and west edges of cell row cy and column cx, in degrees. */
static double cell_lat0(long cy)
{
    return (double)cy / CELL_DEG - 90.0;
}

static double cell_lng0(long cx)
{
    return (double)cx / CELL_DEG - 180.0;
}

static uint64_t block_key(uint64_t cy, uint64_t cx)
{
    return KEY(F_CELL, ((cy >> BLOCK_BITS) << 20) | (cx >> BLOCK_BITS));
}

/* Cell (cy, cx)'s place in its block. */
static unsigned block_at(uint64_t cy, uint64_t cx)
{
    return (unsigned)((cy & (BLOCK - 1)) * BLOCK + (cx & (BLOCK - 1)));
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The posting-list keys of s (not its cell) into *out (allocated; caller frees). Returns the count or -1. */
static long slot_keys(const struct slot *s, uint64_t **out)
{
    size_t cap = 16 + s->ncps, n = 0;
    uint64_t *k = malloc(cap * sizeof *k);
    if (!k)
        return -1;
    k[n++] = KEY(F_ALL, 0);
    for (int level = 1; level <= 4; level++) {
        unsigned long long code = region_code_at(s, level);
        if (!code)
            continue;
        k[n++] = KEY(F_REGION + level, code);
        k[n++] = KEY(F_REGION_TOP + level, ((uint64_t)s->job_top_id << 40) | code);
        k[n++] = KEY(F_REGION_LEAF + level, ((uint64_t)s->job_type_id << 40) | code);
    }
    k[n++] = KEY(F_TOP, s->job_top_id);
    k[n++] = KEY(F_LEAF, s->job_type_id);
    size_t first = n;
    for (uint32_t i = 0; i + 1 < s->ncps; i++)
        if (s->cps[i] && s->cps[i + 1])
            k[n++] = KEY(F_BIGRAM, ((uint64_t)s->cps[i] << 21) | s->cps[i + 1]);
    /* a bigram that occurs twice is posted once */
    qsort(k + first, n - first, sizeof *k, cmp_u64);
    size_t w = first;
    for (size_t i = first; i < n; i++)
        if (w == first || k[w - 1] != k[i])
            k[w++] = k[i];
    *out = k;
    return (long)w;
}

/* ---- posting lists ---- */

/* a before b in list order (oldest first) */
static int older(const struct gigindex *ix, uint32_t a, uint32_t b)
{
    const struct slot *x = &ix->slots[a], *y = &ix->slots[b];
    return x->published_ms != y->published_ms ? x->published_ms < y->published_ms : x->id < y->id;
}

/* First position in l whose slot is not older than slot. */
static uint32_t lower_bound(const struct gigindex *ix, const struct plist *l, uint32_t slot)
{
    uint32_t lo = 0, hi = l->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (older(ix, l->a[mid].slot, slot))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct plist *list_of(const struct gigindex *ix, uint64_t key)
{
    uint32_t i = map_get(&ix->lists, key);
    return i == NONE ? NULL : &ix->plists[i];
}

static int list_add(struct gigindex *ix, uint64_t key, uint32_t slot)
{
    uint32_t i = map_get(&ix->lists, key);
    if (i == NONE) {
        if (ix->nplists == ix->capplists) {
            size_t cap = ix->capplists ? ix->capplists * 2 : 256;
            struct plist *p = realloc(ix->plists, cap * sizeof *p);
            if (!p)
                return -1;
            ix->plists = p;
            ix->capplists = cap;
        }
        i = (uint32_t)ix->nplists;
        if (map_put(&ix->lists, key, i) < 0)
            return -1;
        ix->plists[ix->nplists++] = (struct plist){0};
    }
    struct plist *l = &ix->plists[i];
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        struct post *a = realloc(l->a, cap * sizeof *a);
        if (!a)
            return -1;
        l->a = a;
        l->cap = cap;
    }
    uint32_t at = l->n && older(ix, l->a[l->n - 1].slot, slot) ? l->n : lower_bound(ix, l, slot);
    memmove(l->a + at + 1, l->a + at, (l->n - at) * sizeof *l->a);
    l->a[at] = (struct post){slot, ix->slots[slot].county};
    l->n++;
    return 0;
}

static void list_remove(struct gigindex *ix, uint64_t key, uint32_t slot)
{
    struct plist *l = list_of(ix, key);
    if (!l)
        return;
    uint32_t at = lower_bound(ix, l, slot);
    if (at < l->n && l->a[at].slot == slot) {
        memmove(l->a + at, l->a + at + 1, (l->n - at - 1) * sizeof *l->a);
        l->n--;
    }
}

static int cell_add(struct gigindex *ix, uint32_t slot)
{
    const struct slot *s = &ix->slots[slot];
    uint64_t cy = cell_y(s->lat), cx = cell_x(s->lng), key = block_key(cy, cx);
    uint32_t b = map_get(&ix->lists, key);
    if (b == NONE) {
        if (ix->nblocks == ix->capblocks) {
            size_t cap = ix->capblocks ? ix->capblocks * 2 : 64;
            struct cblock *v = realloc(ix->blocks, cap * sizeof *v);
            if (!v)
                return -1;
            ix->blocks = v;
            ix->capblocks = cap;
        }
        b = (uint32_t)ix->nblocks;
        if (map_put(&ix->lists, key, b) < 0)
            return -1;
        ix->blocks[ix->nblocks++] = (struct cblock){0};
    }
    struct cblock *blk = &ix->blocks[b];
    unsigned o = block_at(cy, cx);
    uint32_t n = blk->n[o];
    if (n == blk->cap[o]) {
        uint32_t cap = n ? n * 2 : 4;
        struct fpos *f = malloc(cap * (sizeof *f + sizeof(struct gpost)));
        if (!f)
            return -1;
        if (n) {
            memcpy(f, blk->f[o], n * sizeof *f);
            memcpy(cell_posts(f, cap), cell_posts(blk->f[o], n), n * sizeof(struct gpost));
        }
        free(blk->f[o]);
        blk->f[o] = f;
        blk->cap[o] = cap;
    }
    blk->f[o][n] =
        (struct fpos){(float)(s->lat - cell_lat0((long)cy)), (float)(s->lng - cell_lng0((long)cx))};
    cell_posts(blk->f[o], blk->cap[o])[n] = (struct gpost){slot, s->county, s->id, s->lat, s->lng, s->coslat};
    blk->n[o] = n + 1;
    return 0;
}

static void cell_remove(struct gigindex *ix, uint32_t slot)
{
    const struct slot *s = &ix->slots[slot];
    uint64_t cy = cell_y(s->lat), cx = cell_x(s->lng);
    uint32_t b = map_get(&ix->lists, block_key(cy, cx));
    if (b == NONE)
        return;
    struct cblock *blk = &ix->blocks[b];
    unsigned o = block_at(cy, cx);
    struct fpos *f = blk->f[o];
    if (!f)
        return;
    struct gpost *a = cell_posts(f, blk->cap[o]);
    for (uint32_t j = 0, n = blk->n[o]; j < n; j++)
        if (a[j].slot == slot) {
            a[j] = a[n - 1];
            f[j] = f[n - 1];
            blk->n[o] = n - 1;
            return;
        }
}

/* ---- life cycle ---- */

struct gigindex *gigindex_new(void)
{
    return calloc(1, sizeof(struct gigindex));
}

void gigindex_free(struct gigindex *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->nslots; i++) {
        free(ix->slots[i].cps);
        free(ix->slots[i].payload);
    }
    for (size_t i = 0; i < ix->nplists; i++)
        free(ix->plists[i].a);
    for (size_t i = 0; i < ix->nblocks; i++)
        for (unsigned o = 0; o < BLOCK * BLOCK; o++)
            free(ix->blocks[i].f[o]);
    free(ix->slots);
    free(ix->free);
    free(ix->ids.keys);
    free(ix->ids.vals);
    free(ix->lists.keys);
    free(ix->lists.vals);
    for (size_t i = 0; i < ix->nemps; i++)
        free(ix->emps[i].payload);
    free(ix->emps);
    free(ix->plists);
    free(ix->blocks);
    free(ix);
}

/* Takes slot out of every list and frees it. */
static void drop(struct gigindex *ix, uint32_t slot)
{
    struct slot *s = &ix->slots[slot];
    uint64_t *keys = NULL;
    long nk = slot_keys(s, &keys);
    if (nk < 0) {
        /* cannot recompute the keys without memory: walk every list instead (slow, rare) */
        for (size_t i = 0; i < ix->nplists; i++) {
            struct plist *l = &ix->plists[i];
            for (uint32_t j = 0; j < l->n; j++)
                if (l->a[j].slot == slot) {
                    memmove(l->a + j, l->a + j + 1, (l->n - j - 1) * sizeof *l->a);
                    l->n--;
                    break;
                }
        }
    } else {
        for (long i = 0; i < nk; i++)
            list_remove(ix, keys[i], slot);
        free(keys);
    }
    cell_remove(ix, slot);
    map_del(&ix->ids, (uint64_t)s->id);
    free(s->cps);
    free(s->payload);
    s->cps = NULL;
    s->payload = NULL;
    s->live = 0;
    ix->live--;
    ix->free[ix->nfree++] = slot; /* capfree >= nslots: reserved when the slot was made */
}

int gigindex_remove(struct gigindex *ix, long long id)
{
    if (id <= 0)
        return 0;
    uint32_t slot = map_get(&ix->ids, (uint64_t)id);
    if (slot == NONE)
        return 0;
    drop(ix, slot);
    return 1;
}

long long gigindex_version(const struct gigindex *ix, long long id)
{
    uint32_t slot = id > 0 ? map_get(&ix->ids, (uint64_t)id) : NONE;
    return slot == NONE ? -1 : ix->slots[slot].version;
}

size_t gigindex_size(const struct gigindex *ix)
{
    return ix->live;
}

size_t gigindex_bytes(const struct gigindex *ix)
{
    size_t b = sizeof *ix + ix->capslots * sizeof *ix->slots + ix->capfree * sizeof *ix->free +
               ix->ids.cap * 12 + ix->lists.cap * 12 + ix->capplists * sizeof *ix->plists +
               ix->capblocks * sizeof *ix->blocks;
    for (size_t i = 0; i < ix->nslots; i++)
        b += ix->slots[i].ncps * sizeof(uint32_t) + ix->slots[i].payload_len;
    for (size_t i = 0; i < ix->nplists; i++)
        b += ix->plists[i].cap * sizeof(struct post);
    for (size_t i = 0; i < ix->nblocks; i++)
        for (unsigned o = 0; o < BLOCK * BLOCK; o++)
            b += ix->blocks[i].cap[o] * (sizeof(struct gpost) + sizeof(struct fpos));
    b += ix->capemps * sizeof *ix->emps;
    for (size_t i = 0; i < ix->nemps; i++)
        b += ix->emps[i].len;
    return b;
}

int gigindex_put_employer(struct gigindex *ix, long long id, long long version, const char *payload,
                          size_t len)
{
    if (id <= 0)
        return -1;
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, payload, len);
    uint32_t i = map_get(&ix->lists, KEY(F_EMPLOYER, id));
    if (i == NONE) {
        if (ix->nemps == ix->capemps) {
            size_t cap = ix->capemps ? ix->capemps * 2 : 256;
            struct emp *e = realloc(ix->emps, cap * sizeof *e);
            if (!e) {
                free(copy);
                return -1;
            }
            ix->emps = e;
            ix->capemps = cap;
        }
        i = (uint32_t)ix->nemps;
        if (map_put(&ix->lists, KEY(F_EMPLOYER, id), i) < 0) {
            free(copy);
            return -1;
        }
        ix->emps[ix->nemps++] = (struct emp){id, 0, NULL, 0};
    }
    struct emp *e = &ix->emps[i];
    free(e->payload);
    *e = (struct emp){id, version, copy, len};
    return 0;
}

long long gigindex_employer_version(const struct gigindex *ix, long long id)
{
    uint32_t i = id > 0 ? map_get(&ix->lists, KEY(F_EMPLOYER, id)) : NONE;
    return i == NONE ? -1 : ix->emps[i].version;
}

static uint32_t new_slot(struct gigindex *ix)
{
    if (ix->nfree)
        return ix->free[--ix->nfree];
    if (ix->nslots == ix->capslots) {
        size_t cap = ix->capslots ? ix->capslots * 2 : 1024;
        struct slot *s = realloc(ix->slots, cap * sizeof *s);
        if (!s)
            return NONE;
        ix->slots = s;
        uint32_t *f = realloc(ix->free, cap * sizeof *f);
        if (!f)
            return NONE;
        ix->free = f;
        ix->capslots = ix->capfree = cap;
    }
    ix->slots[ix->nslots] = (struct slot){0};
    return (uint32_t)ix->nslots++;
}

/* Whether slot s already sits in every list d would put it in (only its payload or version differ). */
static int same_place(const struct slot *s, const struct gigindex_doc *d, const uint32_t *cps, long nc)
{
    return s->employer_id == d->employer_id && s->published_ms == d->published_ms &&
           s->starts_at == d->starts_at && s->ends_at == d->ends_at && s->pay_fen == d->pay_fen &&
           s->job_type_id == d->job_type_id && s->job_top_id == d->job_top_id && s->province == d->province &&
           s->city == d->city && s->county == d->county && s->town == d->town && s->lat == d->lat &&
           s->lng == d->lng && s->ncps == (uint32_t)nc && !memcmp(s->cps, cps, (size_t)nc * sizeof *cps);
}

int gigindex_put(struct gigindex *ix, const struct gigindex_doc *d)
{
    if (d->id <= 0 || !d->text || d->job_type_id <= 0 || d->job_type_id > JOB_MAX || d->job_top_id <= 0 ||
        d->job_top_id > JOB_MAX || d->town > CODE_MAX || !geo_valid(d->lat, d->lng)) {
        gigindex_remove(ix, d->id);
        return -1;
    }
    size_t tl = strlen(d->text);
    uint32_t *cps = malloc((tl + 1) * sizeof *cps);
    if (!cps) {
        gigindex_remove(ix, d->id);
        return -1;
    }
    long nc = fold(d->text, cps, tl + 1);
    if (nc < 0) {
        free(cps);
        gigindex_remove(ix, d->id);
        return -1;
    }
    uint32_t old = map_get(&ix->ids, (uint64_t)d->id);
    if (old != NONE && same_place(&ix->slots[old], d, cps, nc)) {
        /* a place taken or a changed description: the row to list changes, its place in the lists does
         * not (moving it would shift the long lists for nothing) */
        struct slot *s = &ix->slots[old];
        char *payload = d->payload_len ? malloc(d->payload_len) : NULL;
        free(cps);
        if (d->payload_len && !payload) {
            gigindex_remove(ix, d->id);
            return -1;
        }
        if (payload)
            memcpy(payload, d->payload, d->payload_len);
        free(s->payload);
        s->payload = payload;
        s->payload_len = d->payload_len;
        s->version = d->version;
        return 0;
    }
    if (old != NONE)
        drop(ix, old);
    char *payload = NULL;
    if (d->payload_len) {
        payload = malloc(d->payload_len);
        if (!payload) {
            free(cps);
            return -1;
        }
        memcpy(payload, d->payload, d->payload_len);
    }
    uint32_t slot = new_slot(ix);
    if (slot == NONE) {
        free(cps);
        free(payload);
        return -1;
    }
    struct slot *s = &ix->slots[slot];
    *s = (struct slot){.id = d->id,
                       .employer_id = d->employer_id,
                       .published_ms = d->published_ms,
                       .version = d->version,
                       .starts_at = d->starts_at,
                       .ends_at = d->ends_at,
                       .pay_fen = d->pay_fen,
                       .job_type_id = d->job_type_id,
                       .job_top_id = d->job_top_id,
                       .province = d->province,
                       .city = d->city,
                       .county = d->county,
                       .town = d->town,
                       .lat = d->lat,
                       .lng = d->lng,
                       .coslat = geo_cos_lat(d->lat),
                       .cps = cps,
                       .ncps = (uint32_t)nc,
                       .payload = payload,
                       .payload_len = d->payload_len,
                       .emp = map_get(&ix->lists, KEY(F_EMPLOYER, d->employer_id)),
                       .live = 1};
    ix->live++;
    uint64_t *keys = NULL;
    long nk = slot_keys(s, &keys);
    int bad = nk < 0 || map_put(&ix->ids, (uint64_t)d->id, slot) < 0;
    for (long i = 0; !bad && i < nk; i++)
        bad = list_add(ix, keys[i], slot) < 0;
    bad = bad || cell_add(ix, slot) < 0;
    free(keys);
    if (bad) {
        /* half-posted: take it out again so the lists never name a slot that is not live */
        map_put(&ix->ids, (uint64_t)d->id, slot);
        drop(ix, slot);
        return -1;
    }
    if (ix->live == 1 || d->ends_at < ix->min_ends)
        ix->min_ends = d->ends_at;
    return 0;
}

size_t gigindex_expire(struct gigindex *ix, long long now)
{
    if (!ix->live || now < ix->min_ends)
        return 0;
    size_t n = 0;
    long long min = 0;
    int any = 0;
    for (size_t i = 0; i < ix->nslots; i++) {
        struct slot *s = &ix->slots[i];
        if (!s->live)
            continue;
        if (s->ends_at <= now) {
            drop(ix, (uint32_t)i);
            n++;
        } else if (!any || s->ends_at < min) {
            min = s->ends_at;
            any = 1;
        }
    }
    ix->min_ends = min;
    return n;
}

/* ---- search ---- */

/* Asks for the parts of slot a hit reads (hit_of) without waiting: a page's slots lie apart, and reading
 * them one after the other would wait for each in turn. */
static void hit_prefetch(const struct gigindex *ix, uint32_t slot)
{
    __builtin_prefetch(&ix->slots[slot].id);
    __builtin_prefetch(&ix->slots[slot].payload);
}

static struct gigindex_hit hit_of(const struct gigindex *ix, const struct slot *s, long long dist)
{
    struct gigindex_hit h = {s->id, dist, s->version, s->employer_id, s->payload, s->payload_len, NULL, 0};
    /* employers are never removed: a place once known stays theirs */
    uint32_t i = s->emp != NONE ? s->emp : map_get(&ix->lists, KEY(F_EMPLOYER, s->employer_id));
    if (i != NONE) {
        h.employer_payload = ix->emps[i].payload;
        h.employer_payload_len = ix->emps[i].len;
    }
    return h;
}

/* A candidate with its sort key, so the heap never reads slots: k1 is the distance, the pay or the
 * publication time, k2 the publication time under pay. */
struct cand {
    uint32_t slot;
    long long id, dist, k1, k2;
};

/* a ranks before b in the asked order */
static int before(enum gigindex_sort sort, const struct cand *a, const struct cand *b)
{
    if (a->k1 != b->k1)
        return sort == GIGINDEX_DISTANCE ? a->k1 < b->k1 : a->k1 > b->k1;
    if (sort == GIGINDEX_DISTANCE)
        return a->id < b->id;
    if (a->k2 != b->k2)
        return a->k2 > b->k2;
    return a->id > b->id;
}

/* A bounded heap of the best k candidates: the root is the worst kept. */
struct top {
    struct cand *h;
    size_t n, k;
    enum gigindex_sort sort;
};

static void top_offer(struct top *t, struct cand c)
{
    if (!t->k)
        return;
    if (t->n == t->k) {
        if (!before(t->sort, &c, &t->h[0]))
            return;
        /* replace the root and sift down */
        size_t i = 0;
        for (;;) {
            size_t l = 2 * i + 1, r = l + 1, w = i;
            const struct cand *wc = &c;
            if (l < t->n && before(t->sort, wc, &t->h[l]))
                w = l, wc = &t->h[l];
            if (r < t->n && before(t->sort, wc, &t->h[r]))
                w = r;
            if (w == i)
                break;
            t->h[i] = t->h[w];
            i = w;
        }
        t->h[i] = c;
        return;
    }
    size_t i = t->n++;
    while (i) {
        size_t p = (i - 1) / 2;
        if (!before(t->sort, &t->h[p], &c))
            break;
        t->h[i] = t->h[p];
        i = p;
    }
    t->h[i] = c;
}

struct words {
    uint32_t *cp;
    size_t off[GIGINDEX_MAX_WORDS], len[GIGINDEX_MAX_WORDS];
    int n;
};

/* Splits and folds q->words. Returns 0, -1 (memory) or -2 (too many words, bad UTF-8). */
static int parse_words(const char *text, struct words *w)
{
    size_t tl = text ? strlen(text) : 0;
    w->n = 0;
    w->cp = NULL;
    if (!tl)
        return 0;
    w->cp = malloc((tl + 1) * sizeof *w->cp);
    if (!w->cp)
        return -1;
    long n = fold(text, w->cp, tl + 1);
    if (n < 0)
        return -2;
    for (long i = 0; i < n;) {
        if (!w->cp[i]) {
            i++;
            continue;
        }
        if (w->n == GIGINDEX_MAX_WORDS)
            return -2;
        long j = i;
        while (j < n && w->cp[j])
            j++;
        w->off[w->n] = (size_t)i;
        w->len[w->n++] = (size_t)(j - i);
        i = j;
    }
    return 0;
}

/* A non-empty grid cell of the query's box, with the haversines (geo_hav_of_m) of the least and the greatest
 * distance from the query point of any point in it. */
struct cellref {
    const struct fpos *f;  /* its gigs' compact positions */
    const struct gpost *a; /* and the gigs */
    uint32_t n;
    long cy, cx;
    double hmin, hmax;
};

/* The box's cell edges as the bounds of its cells need them: per row edge (rows + 1) the sine of half the
 * latitude difference to the query point and the cosine of its latitude; per column edge (columns + 1)
 * the sine of half the longitude difference; per column the same sine for its edge nearest the query
 * point (0 when the point's longitude is inside the column) and the latitude at which the great circle
 * from the point meets that meridian at a right angle, where the meridian comes nearest. */
struct grid {
    double *slat, *clat, *slng, *snear, *latnear;
};

int gigindex_words(const char *text)
{
    struct words w;
    int rc = parse_words(text, &w);
    free(w.cp);
    return rc < 0 ? rc : w.n;
}

struct plan {
    const struct gigindex_query *q;
    struct words w;
    const struct plist *drive; /* NULL: the cells */
    int check_region, check_job;
    int need_slot; /* some filter other than distance reads the slot */
    double qcos;   /* cosine of the query's latitude */
    int flat;      /* flat_m is within FLAT_TOL of the exact distance here */
    int skip_word; /* index of a two-character word the driving list already guarantees, or -1 */
    struct geo_box box;
    long cy0, cy1, cx0, cx1; /* the cells of the box */
    struct cellref *cells;   /* the non-empty ones */
    size_t ncells;
    struct grid g;
    float in2, out2;  /* see compact_bounds */
    double hin, hout; /* see compact_bounds */
};

/* Levels 1-3 from the county code; level 4 needs the slot (s). */
static int region_ok(const struct plan *p, const struct slot *s, unsigned county)
{
    const struct gigindex_query *q = p->q;
    switch (q->region_level) {
    case 1:
        return county / 10000 * 10000 == q->region;
    case 2:
        return county / 100 * 100 == q->region;
    case 3:
        return county == q->region;
    case 4:
        return s && s->town == q->region;
    default:
        return 1;
    }
}

/* Whether id is in q's exclusion list (ascending: a binary search, the list may be long). */
static int excluded(const struct gigindex_query *q, long long id)
{
    size_t lo = 0, hi = q->nexclude;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->exclude_employers[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < q->nexclude && q->exclude_employers[lo] == id;
}

/* Whether the slot passes the filters that read it (all but region levels 1-3, which the posting
 * answers, and distance, which the caller computes): a slot is a cache miss, a posting the next bytes. */
static int slot_ok(const struct plan *p, const struct slot *s)
{
    const struct gigindex_query *q = p->q;
    if (s->pay_fen < q->pay_min || (q->ends_from && s->ends_at < q->ends_from) ||
        (q->starts_to && s->starts_at > q->starts_to))
        return 0;
    if (p->check_region && q->region_level == 4 && s->town != q->region)
        return 0;
    if (p->check_job && q->job_level == 1 && s->job_top_id != q->job_id)
        return 0;
    if (p->check_job && q->job_level == 2 && s->job_type_id != q->job_id)
        return 0;
    if (q->nexclude && excluded(q, s->employer_id))
        return 0;
    for (int i = 0; i < p->w.n; i++)
        if (i != p->skip_word && !has_word(s, p->w.cp + p->w.off[i], p->w.len[i]))
            return 0;
    return 1;
}

/* The candidate of a slot that passed, keyed for the asked order. */
static struct cand cand_of(const struct gigindex *ix, enum gigindex_sort sort, uint32_t slot, long long id,
                           long long dist)
{
    struct cand c = {slot, id, dist, dist, 0};
    if (sort != GIGINDEX_DISTANCE) {
        const struct slot *s = &ix->slots[slot];
        c.k1 = sort == GIGINDEX_PAY ? s->pay_fen : s->published_ms;
        c.k2 = s->published_ms;
    }
    return c;
}

/* Metres per degree of a great circle on geo_distance_m's sphere. */
#define M_PER_DEG (6371008.8 * 3.14159265358979323846 / 180.0)
/* Relative error allowed for flat_m: the equirectangular distance differs from the haversine by far
 * less than this below 200 km and 70° of latitude (second-order terms, ~1e-5 at 200 km). */
#define FLAT_TOL 1e-3

/* The equirectangular distance from the query point, with the mean of the two latitude cosines. */
static double flat_m(const struct plan *p, double lat, double lng, double coslat)
{
    double dy = lat - p->q->lat, dx = (lng - p->q->lng) * 0.5 * (coslat + p->qcos);
    return M_PER_DEG * sqrt(dx * dx + dy * dy);
}

/* ---- the cells of a search by distance ---- */

#define DEG (3.14159265358979323846 / 180.0)

/* Relative and absolute error of the flat distance taken from a gig's compact position (struct fpos: float
 * offsets, and the mean cosine of its cell row's edges instead of its own: below 1.5e-4 at 72° of
 * latitude) against flat_m, with room to spare. */
#define COMPACT_TOL 5e-4
#define COMPACT_ABS 0.5
/* Within this many metres of the radius a gig's compact position does not decide (compact_hav). */
#define CUT_SURE 0.01

/* Fills p->g for the cells of the box (rows cy0..cy1, columns cx0..cx1). Each array is
 * rows + 1 or columns + 1 long, from buf (5 * (rows + cols + 2) doubles). */
static void grid_fill(struct plan *p, double *buf)
{
    const struct gigindex_query *q = p->q;
    size_t rows = (size_t)(p->cy1 - p->cy0 + 1), cols = (size_t)(p->cx1 - p->cx0 + 1);
    struct grid *g = &p->g;
    g->slat = buf;
    g->clat = g->slat + rows + 1;
    g->slng = g->clat + rows + 1;
    g->snear = g->slng + cols + 1;
    g->latnear = g->snear + cols + 1;
    for (size_t b = 0; b <= rows; b++) {
        double lat = cell_lat0(p->cy0 + (long)b);
        g->slat[b] = sin((lat - q->lat) * DEG / 2);
        g->clat[b] = geo_cos_lat(lat);
    }
    for (size_t b = 0; b <= cols; b++)
        g->slng[b] = sin((cell_lng0(p->cx0 + (long)b) - q->lng) * DEG / 2);
    for (size_t c = 0; c < cols; c++) {
        double lng0 = cell_lng0(p->cx0 + (long)c), lng1 = cell_lng0(p->cx0 + (long)c + 1), dlng = 0;
        g->snear[c] = 0;
        if (q->lng < lng0)
            dlng = lng0 - q->lng, g->snear[c] = g->slng[c];
        else if (q->lng > lng1)
            dlng = lng1 - q->lng, g->snear[c] = g->slng[c + 1];
        /* on a meridian the haversine is const - E cos(lat - latnear), least at latnear: poleward of the
         * query point's own latitude when dlng != 0 (great circles bulge towards the pole); the point's
         * own latitude would overstate the least distance by up to 5 m at 100 km and 53° */
        g->latnear[c] = dlng == 0 ? q->lat : atan2(sin(q->lat * DEG), p->qcos * cos(dlng * DEG)) / DEG;
    }
}

/* Sets c->hmin and c->hmax from p->g. Along a parallel the distance grows with the longitude difference,
 * and along a meridian it falls towards latnear and grows away from it; so the greatest distance is at a
 * corner and the least on the column's nearest meridian, at latnear or the row edge nearest it. */
static void cell_bounds(const struct plan *p, struct cellref *c)
{
    const struct grid *g = &p->g;
    size_t r = (size_t)(c->cy - p->cy0), k = (size_t)(c->cx - p->cx0);
    double s = g->snear[k], ln = g->latnear[k];
    if (ln <= cell_lat0(c->cy)) {
        c->hmin = g->slat[r] * g->slat[r] + p->qcos * g->clat[r] * s * s;
    } else if (ln >= cell_lat0(c->cy + 1)) {
        c->hmin = g->slat[r + 1] * g->slat[r + 1] + p->qcos * g->clat[r + 1] * s * s;
    } else {
        double sl = sin((ln - p->q->lat) * DEG / 2);
        c->hmin = sl * sl + p->qcos * geo_cos_lat(ln) * s * s;
    }
    c->hmax = 0;
    for (size_t b = r; b <= r + 1; b++)
        for (size_t e = k; e <= k + 1; e++) {
            double h = g->slat[b] * g->slat[b] + p->qcos * g->clat[b] * g->slng[e] * g->slng[e];
            if (h > c->hmax)
                c->hmax = h;
        }
}

/* The binary min-heap of cells by hmin: nearest first without sorting all of them (once the page is full,
 * the rest are only counted, in any order). */
static void cells_sift(struct cellref *h, size_t n, size_t i)
{
    struct cellref x = h[i];
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        double hm = x.hmin;
        if (l < n && h[l].hmin < hm)
            m = l, hm = h[l].hmin;
        if (l + 1 < n && h[l + 1].hmin < hm)
            m = l + 1;
        if (m == i)
            break;
        h[i] = h[m];
        i = m;
    }
    h[i] = x;
}

/* Sets p->in2 and p->out2 for count_cut: a compact flat distance (in degrees, squared) at most in2 is
 * within the radius, one above out2 beyond it. The exact distance d and flat_m's a satisfy
 * |d - a| <= a FLAT_TOL + 1 m, a and the compact one c |a - c| <= c COMPACT_TOL + COMPACT_ABS; so with
 * t = FLAT_TOL + COMPACT_TOL + 1e-6, c (1 - t) - 2 m <= d <= c (1 + t) + 2 m. */
static void compact_bounds(struct plan *p)
{
    double t = FLAT_TOL + COMPACT_TOL + 1e-6, r = p->q->radius_m;
    double in = (r - 2.0) / (1.0 + t) / M_PER_DEG, out = (r + 2.0) / (1.0 - t) / M_PER_DEG;
    p->in2 = r > 2.0 ? (float)(in * in) : -1.0f;
    p->out2 = (float)(out * out);
    /* and for compact_hav: its haversine is that of a point within 0.1 mm of the gig (the float rounding
     * of the offsets), so a centimetre decides */
    p->hin = r > CUT_SURE ? geo_hav_of_m(r - CUT_SURE) : -1.0;
    p->hout = geo_hav_of_m(r + CUT_SURE);
}

/* The haversine (geo.h) between the query point and the point f of the cell in row r and column k of the
 * box (cell row cy), from the cell's edges in p->g and Taylor series in the offsets (under 1.8e-4 radians:
 * the remainders are below 1e-16), without a sine per gig: sin(a + y/2) = sin a cos(y/2) + cos a sin(y/2),
 * cos(b + y) = cos b cos y - sin b sin y. */
static double compact_hav(const struct plan *p, size_t r, size_t k, long cy, const struct fpos *f)
{
    const struct grid *g = &p->g;
    double a = g->slat[r], ca = sqrt(1.0 - a * a), c = g->clat[r], s = sin(cell_lat0(cy) * DEG);
    double b = g->slng[k], cb = sqrt(1.0 - b * b);
    double y = f->y * DEG, x = f->x * DEG, y2 = y * y, x2 = x * x;
    double sy = a * (1.0 - y2 / 8) + ca * (y / 2 - y * y2 / 48);
    double sx = b * (1.0 - x2 / 8) + cb * (x / 2 - x * x2 / 48);
    double cy_ = c * (1.0 - y2 / 2) - s * (y - y * y2 / 6);
    return sy * sy + p->qcos * cy_ * sx * sx;
}

/* How many gigs of cell c lie within the radius, without listing them (the page is full and no filter
 * but the distance applies): the compact positions decide, the exact distance only within their error of
 * the radius. */
static uint32_t count_cut(const struct plan *p, const struct cellref *c)
{
    const struct gigindex_query *q = p->q;
    long cy = c->cy, cx = c->cx;
    size_t r = (size_t)(cy - p->cy0);
    const float by = (float)(cell_lat0(cy) - q->lat), bx = (float)(cell_lng0(cx) - q->lng),
                k = (float)(0.5 * (0.5 * (p->g.clat[r] + p->g.clat[r + 1]) + p->qcos)), in2 = p->in2,
                out2 = p->out2;
    const struct fpos *f = c->f;
    uint32_t n = c->n, in = 0, maybe = 0;
    for (uint32_t j = 0; j < n; j++) {
        float dy = by + f[j].y, dx = (bx + f[j].x) * k, d2 = dy * dy + dx * dx;
        in += d2 <= in2;
        maybe += d2 <= out2;
    }
    if (maybe == in)
        return in;
    /* some are near the edge: count again, deciding each gig in one place — those near the edge by the
     * haversine of the compact position, and the few within a centimetre of it by the exact distance */
    in = 0;
    for (uint32_t j = 0; j < n; j++) {
        float dy = by + f[j].y, dx = (bx + f[j].x) * k, d2 = dy * dy + dx * dx;
        if (d2 <= in2) {
            in++;
        } else if (d2 <= out2) {
            double h = compact_hav(p, r, (size_t)(cx - p->cx0), cy, &f[j]);
            if (h <= p->hin) {
                in++;
            } else if (h <= p->hout) {
                const struct gpost *e = &c->a[j];
                in += geo_distance_cos_m(q->lat, q->lng, p->qcos, e->lat, e->lng, e->coslat) <= q->radius_m;
            }
        }
    }
    return in;
}

static uint64_t exact_key(const struct gigindex_query *q)
{
    int rl = q->region_level, jl = q->job_level;
    if (!rl && !jl)
        return KEY(F_ALL, 0);
    if (!jl)
        return KEY(F_REGION + rl, q->region);
    if (!rl)
        return KEY(jl == 1 ? F_TOP : F_LEAF, (uint64_t)q->job_id);
    return KEY((jl == 1 ? F_REGION_TOP : F_REGION_LEAF) + rl, ((uint64_t)q->job_id << 40) | q->region);
}

long gigindex_search(const struct gigindex *ix, const struct gigindex_query *q, struct gigindex_hit *hits,
                     size_t cap, long long *total)
{
    static const struct plist empty = {0};
    /* what a search needs besides the caller's hits, on the stack unless the query is large */
    struct cellref cellbuf[256];
    double gridbuf[5 * 64];
    struct cand candbuf[64];
    double *grid = NULL;
    struct plan p = {.q = q, .skip_word = -1};
    struct top t = {.sort = q->sort};
    long out = 0;
    *total = 0;
    int rc = parse_words(q->words, &p.w);
    if (rc < 0) {
        out = rc;
        goto done;
    }
    if (q->region_level < 0 || q->region_level > 4 || q->region > CODE_MAX || q->job_level < 0 ||
        q->job_level > 2 || q->job_id < 0 || q->job_id > JOB_MAX || q->offset < 0 || q->limit < 0)
        goto done; /* nothing can match */

    /* the list holding exactly the region × 工种 asked for */
    p.drive = list_of(ix, exact_key(q));
    if (!p.drive)
        p.drive = &empty;
    /* a bigram of a keyword, when cheaper: walking the region's list means reading every slot to look
     * for the word (a cache miss and a substring search), walking a bigram's list mostly reads postings,
     * so the region's list wins only when it is much shorter */
    size_t drive_cost = p.drive->n * (p.w.n || q->geo ? SLOT_COST : 1);
    for (int i = 0; i < p.w.n; i++) {
        const uint32_t *w = p.w.cp + p.w.off[i];
        for (size_t j = 0; j + 1 < p.w.len[i]; j++) {
            const struct plist *l = list_of(ix, KEY(F_BIGRAM, ((uint64_t)w[j] << 21) | w[j + 1]));
            if (!l)
                l = &empty;
            if (l->n < drive_cost) {
                drive_cost = l->n;
                p.drive = l;
                p.check_region = p.check_job = 1;
                p.skip_word = p.w.len[i] == 2 ? i : -1;
            }
        }
    }
    /* the cells around the position, when they hold fewer candidates */
    int cells = 0;
    if (q->geo && geo_bbox(q->lat, q->lng, q->radius_m / 1000.0, &p.box) == 0 &&
        p.box.lng_min <= p.box.lng_max) {
        p.cy0 = (long)floor((p.box.lat_min + 90.0) * CELL_DEG);
        p.cy1 = (long)floor((p.box.lat_max + 90.0) * CELL_DEG);
        p.cx0 = (long)floor((p.box.lng_min + 180.0) * CELL_DEG);
        p.cx1 = (long)floor((p.box.lng_max + 180.0) * CELL_DEG);
        long ncells = (p.cy1 - p.cy0 + 1) * (p.cx1 - p.cx0 + 1);
        if (ncells <= MAX_CELLS) {
            size_t in_cells = 0;
            p.cells = (size_t)ncells <= sizeof cellbuf / sizeof *cellbuf
                          ? cellbuf
                          : malloc((size_t)ncells * sizeof *p.cells);
            if (!p.cells) {
                out = -1;
                goto done;
            }
            for (long by = p.cy0 >> BLOCK_BITS; by <= p.cy1 >> BLOCK_BITS; by++)
                for (long bx = p.cx0 >> BLOCK_BITS; bx <= p.cx1 >> BLOCK_BITS; bx++) {
                    uint32_t b = map_get(&ix->lists,
                                         block_key((uint64_t)by << BLOCK_BITS, (uint64_t)bx << BLOCK_BITS));
                    if (b == NONE)
                        continue;
                    const struct cblock *blk = &ix->blocks[b];
                    long y0 = by << BLOCK_BITS, x0 = bx << BLOCK_BITS;
                    for (long cy = y0 < p.cy0 ? p.cy0 : y0; cy <= p.cy1 && cy < y0 + BLOCK; cy++)
                        for (long cx = x0 < p.cx0 ? p.cx0 : x0; cx <= p.cx1 && cx < x0 + BLOCK; cx++) {
                            unsigned o = block_at((uint64_t)cy, (uint64_t)cx);
                            if (!blk->n[o])
                                continue;
                            in_cells += blk->n[o];
                            p.cells[p.ncells++] = (struct cellref){
                                blk->f[o], cell_posts(blk->f[o], blk->cap[o]), blk->n[o], cy, cx, 0, 0};
                        }
                }
            if (in_cells * 2 < drive_cost) { /* a cell entry is a flat distance, no slot */
                cells = 1;
                p.check_region = p.check_job = 1;
                p.skip_word = -1;
            }
        }
    }

    size_t k = (size_t)q->offset + (size_t)q->limit;
    int deep = k > GIGINDEX_MAX_DEPTH; /* counted, not listed: the heap would grow with the offset */
    if (deep)
        k = 0;
    if (k > cap + (size_t)q->offset)
        k = cap + (size_t)q->offset;
    int natural = !cells && q->sort == GIGINDEX_NEW;
    p.need_slot = q->pay_min || q->ends_from || q->starts_to || q->nexclude ||
                  (p.check_region && q->region_level == 4) || (p.check_job && q->job_level) ||
                  p.w.n > (p.skip_word >= 0);
    p.qcos = q->geo ? geo_cos_lat(q->lat) : 0;
    p.flat = q->geo && fabs(q->lat) < 70.0 && q->radius_m <= 200000.0;
    if (natural && !p.need_slot && !p.check_region && !q->geo) {
        /* the list is the answer: its length is the total, the page its newest end */
        *total = p.drive->n;
        long long first = (long long)p.drive->n - 1 - q->offset, m = deep || first < 0 ? 0 : first + 1;
        if (m > q->limit)
            m = q->limit;
        if (m > (long long)cap)
            m = (long long)cap;
        for (long long i = 0; i < m; i++)
            hit_prefetch(ix, p.drive->a[first - i].slot);
        for (long long i = 0; i < m; i++)
            hits[out++] = hit_of(ix, &ix->slots[p.drive->a[first - i].slot], 0);
        goto done;
    }
    if (!natural) {
        t.k = k;
        t.h = k <= sizeof candbuf / sizeof *candbuf ? candbuf : malloc(k * sizeof *t.h);
        if (!t.h) {
            out = -1;
            goto done;
        }
    }
    long long n = 0;
    int region_by_post = p.check_region && q->region_level >= 1 && q->region_level <= 3;
    if (cells && q->sort == GIGINDEX_DISTANCE) {
        /* nearest cells first: once the page is full and a cell is farther than its last hit, that cell
         * and every later one are only counted — wholesale when wholly inside the circle, else from the
         * compact positions */
        size_t nb = 5 * (size_t)(p.cy1 - p.cy0 + p.cx1 - p.cx0 + 4);
        grid = nb <= sizeof gridbuf / sizeof *gridbuf ? gridbuf : malloc(nb * sizeof *grid);
        if (!grid) {
            out = -1;
            goto done;
        }
        grid_fill(&p, grid);
        /* the cells that may hold a gig within the radius: least distance at most the radius + 2 m (a
         * metre for gigs on a cell edge, which may sit in either cell, a metre for rounding); wholly
         * inside when the greatest distance is at most the radius - 2 m */
        double hkeep = geo_hav_of_m(q->radius_m + 2.0),
               hwhole = q->radius_m > 2.0 ? geo_hav_of_m(q->radius_m - 2.0) : -1;
        int countable = !p.need_slot && !region_by_post && p.flat;
        size_t m = 0;
        for (size_t ci = 0; ci < p.ncells; ci++) {
            struct cellref *c = &p.cells[ci];
            cell_bounds(&p, c);
            if (c->hmin > hkeep)
                continue;
            /* most cells the circle cuts are counted from their compact positions (count_cut): ask
             * for those now, while the nearest cells are listed */
            if (countable && c->hmax > hwhole)
                for (size_t off = 0; off < c->n * sizeof *c->f; off += 64)
                    __builtin_prefetch((const char *)c->f + off);
            p.cells[m++] = *c;
        }
        for (size_t i = m / 2; i-- > 0;)
            cells_sift(p.cells, m, i);
        compact_bounds(&p);
        int closed = 0;
        while (m) {
            struct cellref cr;
            if (!closed) {
                cr = p.cells[0];
                p.cells[0] = p.cells[--m];
                cells_sift(p.cells, m, 0);
                closed = t.n == t.k && (t.k == 0 || geo_hav_to_m(cr.hmin) - 1.0 > (double)t.h[0].k1 + 1.0);
            } else {
                cr = p.cells[--m]; /* every later cell is as far: the order no longer matters */
            }
            if (closed && !p.need_slot && !region_by_post) {
                if (cr.hmax <= hwhole)
                    n += cr.n;
                else if (p.flat)
                    n += count_cut(&p, &cr);
                if (cr.hmax <= hwhole || p.flat)
                    continue;
            }
            for (size_t off = 0; off < cr.n * sizeof *cr.a; off += 64)
                __builtin_prefetch((const char *)cr.a + off);
            for (uint32_t j = 0; j < cr.n; j++) {
                const struct gpost *g = &cr.a[j];
                if (region_by_post && !region_ok(&p, NULL, g->county))
                    continue;
                /* the flat distance decides unless it is within its error of the radius or of the page's
                 * last hit; only then, and for hits, the exact one */
                double d = -1, a = p.flat ? flat_m(&p, g->lat, g->lng, g->coslat) : 0,
                       tol = a * FLAT_TOL + 1.0;
                if (p.flat && a - tol > q->radius_m)
                    continue;
                if (!p.flat || a + tol > q->radius_m) {
                    d = geo_distance_cos_m(q->lat, q->lng, p.qcos, g->lat, g->lng, g->coslat);
                    if (d > q->radius_m)
                        continue;
                }
                if (p.need_slot && !slot_ok(&p, &ix->slots[g->slot]))
                    continue;
                n++;
                if (closed || (p.flat && t.n == t.k && a - tol > (double)t.h[0].k1 + 1.0))
                    continue;
                if (d < 0)
                    d = geo_distance_cos_m(q->lat, q->lng, p.qcos, g->lat, g->lng, g->coslat);
                top_offer(&t, cand_of(ix, q->sort, g->slot, g->id, llround(d)));
            }
        }
    } else if (cells) {
        for (size_t ci = 0; ci < p.ncells; ci++) {
            const struct cellref *c = &p.cells[ci];
            for (uint32_t j = 0; j < c->n; j++) {
                const struct gpost *g = &c->a[j];
                if (g->lat < p.box.lat_min || g->lat > p.box.lat_max || g->lng < p.box.lng_min ||
                    g->lng > p.box.lng_max || (region_by_post && !region_ok(&p, NULL, g->county)))
                    continue;
                double d = geo_distance_cos_m(q->lat, q->lng, p.qcos, g->lat, g->lng, g->coslat);
                if (d > q->radius_m || (p.need_slot && !slot_ok(&p, &ix->slots[g->slot])))
                    continue;
                n++;
                top_offer(&t, cand_of(ix, q->sort, g->slot, g->id, llround(d)));
            }
        }
    } else {
        for (uint32_t i = p.drive->n; i-- > 0;) {
            const struct post *e = &p.drive->a[i];
            if (region_by_post && !region_ok(&p, NULL, e->county))
                continue;
            const struct slot *s = &ix->slots[e->slot];
            if (p.need_slot && !slot_ok(&p, s))
                continue;
            long long dist = 0;
            if (q->geo) {
                double d = geo_distance_cos_m(q->lat, q->lng, p.qcos, s->lat, s->lng, s->coslat);
                if (d > q->radius_m)
                    continue;
                dist = llround(d);
            }
            if (natural) {
                if (!deep && n >= q->offset && (size_t)out < cap && out < q->limit)
                    hits[out++] = hit_of(ix, s, dist);
            } else {
                top_offer(&t, cand_of(ix, q->sort, e->slot, s->id, dist));
            }
            n++;
        }
    }
    *total = n;
    if (!natural) {
        /* pop the heap worst-first into place, then hand out [offset, offset + limit) */
        size_t m = t.n;
        struct cand *sorted = t.h;
        for (size_t i = m; i > 1; i--) {
            struct cand worst = t.h[0];
            t.n = i - 1;
            struct cand last = t.h[i - 1];
            /* sift last down from the root of the shrunk heap */
            size_t j = 0;
            for (;;) {
                size_t l = 2 * j + 1, r = l + 1, w = j;
                const struct cand *wc = &last;
                if (l < t.n && before(t.sort, wc, &t.h[l]))
                    w = l, wc = &t.h[l];
                if (r < t.n && before(t.sort, wc, &t.h[r]))
                    w = r;
                if (w == j)
                    break;
                t.h[j] = t.h[w];
                j = w;
            }
            t.h[j] = last;
            sorted[i - 1] = worst;
        }
        for (size_t i = (size_t)q->offset, j = 0; i < m && j < cap && (long long)j < q->limit; i++, j++)
            hit_prefetch(ix, sorted[i].slot);
        for (size_t i = (size_t)q->offset; i < m && (size_t)out < cap && out < q->limit; i++)
            hits[out++] = hit_of(ix, &ix->slots[sorted[i].slot], sorted[i].dist);
    }
done:
    if (t.h != candbuf)
        free(t.h);
    if (p.cells != cellbuf)
        free(p.cells);
    if (grid != gridbuf)
        free(grid);
    free(p.w.cp);
    return out;
}
