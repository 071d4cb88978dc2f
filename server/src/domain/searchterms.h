/* Search terms for gig keyword search on MariaDB's FULLTEXT index. Chinese has no spaces, and MariaDB
 * has no n-gram parser, so text is turned into ASCII tokens: every pair of adjacent Han characters becomes
 * a bigram token, Han characters of short fields also a unigram token, Latin words and numbers a word
 * token. Queries are tokenised the same way into a boolean-mode query that requires every token.
 * docs/SEARCH.md explains the choice. Pure functions, no I/O. */
#ifndef LG_DOMAIN_SEARCHTERMS_H
#define LG_DOMAIN_SEARCHTERMS_H

#include <stddef.h>

/* Appends the tokens of text (UTF-8) to out as space-separated words; unigrams adds one token per Han
 * character (for titles, so one-character queries find them). Returns the new length of out, or -1 when
 * out (cap bytes, NUL-terminated) is too small or the text is not valid UTF-8. */
long searchterms_index(const char *text, int unigrams, char *out, size_t cap);
/* Builds the MATCH ... AGAINST (... IN BOOLEAN MODE) argument for a user's query into out: "+tok +tok".
 * Returns the number of tokens (0: nothing searchable, e.g. only punctuation), or -1 on invalid UTF-8 or
 * overflow. */
int searchterms_query(const char *q, char *out, size_t cap);

/* The search terms of a gig: title (with unigrams), address, and the first 300 characters of the
 * description, into out (cap bytes; overwritten). Returns the length or -1. */
long searchterms_gig(const char *title, const char *address, const char *description, char *out, size_t cap);

#endif
