/* wordfilter: the sensitive-word engine (SPEC §3 "Sensitive words"). Owns building an immutable
 * Aho-Corasick automaton over normalised code points from a lexicon, scanning UTF-8 text with it (one
 * normalisation pass, noise skipping, allow-list, contact-leak detector), masking, and the
 * reference-counted slot through which server threads share the current automaton.
 * It must not do I/O or know where the lexicon is stored: the caller passes entries in, hits come out. */
#ifndef LG_DOMAIN_WORDFILTER_H
#define LG_DOMAIN_WORDFILTER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Closed set of lexicon categories; names are the strings stored in sensitive_words.category. */
enum wordfilter_category {
    WORDFILTER_CAT_FRAUD = 0,      /* "fraud" */
    WORDFILTER_CAT_DEPOSIT_FEE,    /* "deposit_fee" */
    WORDFILTER_CAT_DISCRIMINATION, /* "discrimination" */
    WORDFILTER_CAT_PORN,           /* "porn" */
    WORDFILTER_CAT_GAMBLING,       /* "gambling" */
    WORDFILTER_CAT_POLITICS,       /* "politics" */
    WORDFILTER_CAT_CONTACT_LEAK,   /* "contact_leak" */
    WORDFILTER_CAT_CUSTOM,         /* "custom" */
    WORDFILTER_CAT_DRUGS,          /* "drugs" */
    WORDFILTER_CAT_COUNT
};

/* Actions, ordered by severity so that a larger value wins. */
enum wordfilter_action {
    WORDFILTER_ACT_MASK = 1,   /* "mask": store with the span replaced by stars */
    WORDFILTER_ACT_REVIEW = 2, /* "review": store, send to the moderation queue */
    WORDFILTER_ACT_BLOCK = 3,  /* "block": reject with 422 naming the category */
};

enum wordfilter_status {
    WORDFILTER_OK = 0,
    WORDFILTER_ETRUNC = 1, /* more hits than max_hits: the most severe ones were kept, *nhits = total */
    WORDFILTER_EUTF8 = -1, /* text is not valid UTF-8; no hits */
    WORDFILTER_ENOMEM = -2,
    WORDFILTER_EINVAL = -3, /* NULL automaton, or NULL text with len > 0 */
};

#define WORDFILTER_MAX_WORD 64           /* code points of a word after normalisation */
#define WORDFILTER_BUILTIN  ((size_t)-1) /* wordfilter_hit.entry of a contact-detector hit */

/* Bit for an action in an action set: WORDFILTER_ACTION_BIT(WORDFILTER_ACT_MASK). */
#define WORDFILTER_ACTION_BIT(a) (1u << (unsigned)(a))
#define WORDFILTER_ACTIONS_ALL                                                                               \
    (WORDFILTER_ACTION_BIT(WORDFILTER_ACT_MASK) | WORDFILTER_ACTION_BIT(WORDFILTER_ACT_REVIEW) |             \
     WORDFILTER_ACTION_BIT(WORDFILTER_ACT_BLOCK))

/* One lexicon entry as the caller holds it. The word is copied during build (it may be freed after). */
struct wordfilter_entry {
    const char *word; /* UTF-8, NUL-terminated; normalised the same way as text before insertion */
    enum wordfilter_category category;
    enum wordfilter_action action;
    int allow; /* nonzero: an allow phrase; its matches suppress every overlapping non-allow match */
};

struct wordfilter_opts {
    unsigned max_gap;                      /* noise code points tolerated between two letters (default 4) */
    int contact;                           /* run the contact-leak detector (default 1) */
    enum wordfilter_action contact_action; /* action of contact-detector hits (default review) */
    int skip_invalid;                      /* 1: ignore invalid entries (counted in stats); 0: fail build */
};

/* One match. Spans are byte offsets into the ORIGINAL text, [start, end), on code point boundaries,
 * from the first to the last matched letter (noise between the letters included). */
struct wordfilter_hit {
    size_t entry; /* index into the entries given to build, or WORDFILTER_BUILTIN */
    enum wordfilter_category category;
    enum wordfilter_action action;
    int allow;         /* 1 only for allow-phrase hits, reported only with WORDFILTER_SCAN_ALLOW_HITS */
    const char *label; /* NULL for lexicon entries; for WORDFILTER_BUILTIN a static rule name such as
                          "contact:phone", "contact:keyword", "contact:digits" */
    size_t start, end;
};

struct wordfilter_stats {
    size_t entries; /* entries in the automaton (lexicon + built-in contact keywords) */
    size_t skipped; /* invalid entries ignored under skip_invalid */
    size_t states;
    size_t slots; /* double-array cells, used or not */
    size_t alphabet;
    size_t memory; /* bytes owned by the automaton */
};

/* Scan flags. */
#define WORDFILTER_SCAN_RAW        1u /* no normalisation, no noise skipping, no contact detector */
#define WORDFILTER_SCAN_ALLOW_HITS 2u /* also report the allow-phrase hits (allow = 1) */

struct wordfilter;

/* Returns a new automaton holding one reference, or NULL with a message in err (index of the faulty
 * entry, or out of memory). opts may be NULL for the defaults. Entries whose word is empty after
 * normalisation, longer than WORDFILTER_MAX_WORD code points, not UTF-8, or with an out-of-range
 * category or action are invalid. The automaton is immutable and may be scanned by any number of threads. */
struct wordfilter *wordfilter_build(const struct wordfilter_entry *entries, size_t n,
                                    const struct wordfilter_opts *opts, char *err, size_t errlen);

/* Adds a reference; returns wf. */
struct wordfilter *wordfilter_ref(struct wordfilter *wf);
/* Drops a reference; frees the automaton when it was the last. NULL is ignored. */
void wordfilter_unref(struct wordfilter *wf);
/* Same as wordfilter_unref (for the owner of the only reference). */
void wordfilter_free(struct wordfilter *wf);

/* Scans text[0..len) (need not be NUL-terminated). Stores up to max_hits hits in hits, sorted by start
 * (then longer first), and the total number found in *nhits. Matches overlapping an allow-phrase match
 * are dropped. Returns WORDFILTER_OK, WORDFILTER_ETRUNC (total > max_hits: the stored subset is the most
 * severe hits, so a block hit is never lost while max_hits >= 1), or a negative status with *nhits = 0.
 * Allocates only for texts with dozens of hits; never reads outside text[0..len). */
int wordfilter_scan(const struct wordfilter *wf, const char *text, size_t len, struct wordfilter_hit *hits,
                    size_t max_hits, size_t *nhits);
/* wordfilter_scan with WORDFILTER_SCAN_* flags. */
int wordfilter_scan_ex(const struct wordfilter *wf, const char *text, size_t len, unsigned flags,
                       struct wordfilter_hit *hits, size_t max_hits, size_t *nhits);

/* Returns the hit with the most severe action (the first one among equals), or NULL if there is none.
 * Allow hits are ignored. */
const struct wordfilter_hit *wordfilter_worst(const struct wordfilter_hit *hits, size_t n);

/* Writes to out a copy of text[0..len) (valid UTF-8, as accepted by scan) in which the union of the spans
 * of the non-allow hits whose action is in the set `actions` (WORDFILTER_ACTION_BIT) has each code point
 * replaced by one '*': "微*信" masks to "***". The result is never longer than the input: outcap >= len + 1
 * always suffices. NUL-terminates out, stores the length without the NUL in *outlen. Returns 0, or -1 if
 * outcap is too small or a span is out of range. */
int wordfilter_mask(const char *text, size_t len, const struct wordfilter_hit *hits, size_t nhits,
                    unsigned actions, char *out, size_t outcap, size_t *outlen);

/* Writes the normalised form of a word (folded, noise and ignorables removed) to out, NUL-terminated;
 * two words with the same normalised form are the same lexicon word (use it to report duplicates on
 * import). Returns the number of code points (1..WORDFILTER_MAX_WORD), or -1 if the word is not UTF-8,
 * empty after normalisation, too long, or out is too small (4 * WORDFILTER_MAX_WORD + 1 always fits). */
int wordfilter_normalize(const char *word, size_t len, char *out, size_t outcap);

void wordfilter_get_stats(const struct wordfilter *wf, struct wordfilter_stats *st);

/* Name <-> enum. The _name functions return a static string ("?" when out of range); the _parse
 * functions return 0 and store the value, or -1 for an unknown name. */
const char *wordfilter_category_name(enum wordfilter_category c);
int wordfilter_category_parse(const char *s, enum wordfilter_category *out);
const char *wordfilter_action_name(enum wordfilter_action a);
int wordfilter_action_parse(const char *s, enum wordfilter_action *out);

/* The server's current automaton, swapped on lexicon change while other threads scan. A reader takes its
 * own reference with _get (a mutex held for a pointer copy and an atomic increment, never during a scan)
 * and drops it with wordfilter_unref when done; _set publishes a new automaton and drops the slot's
 * reference to the old one, which is freed when its last reader lets go. */
struct wordfilter_slot {
    pthread_mutex_t mu;
    struct wordfilter *cur;
};

/* Returns 0, or -1 if the mutex cannot be created. */
int wordfilter_slot_init(struct wordfilter_slot *slot);
/* Drops the slot's reference and destroys the mutex. */
void wordfilter_slot_destroy(struct wordfilter_slot *slot);
/* Returns a new reference to the current automaton (NULL if none was set); release it with
 * wordfilter_unref. */
struct wordfilter *wordfilter_slot_get(struct wordfilter_slot *slot);
/* Takes ownership of the caller's reference to wf (may be NULL) and makes it current. */
void wordfilter_slot_set(struct wordfilter_slot *slot, struct wordfilter *wf);

#endif
