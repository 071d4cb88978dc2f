/* The audit log's chain walk behind `linggongd audit-verify`: reads every audit_log row in id order and
 * the chain head in one snapshot and reports each row that does not verify. Reads only; repairs nothing. */
#ifndef LG_STORE_AUDITCHAIN_H
#define LG_STORE_AUDITCHAIN_H

#include <stdio.h>

/* Walks the whole chain, printing one "broken at ..." line to out for every problem it finds (an altered
 * row, a row that does not link to the one before it, a head that is not the last row's hash) and a
 * closing "audit log: N rows checked, K problems" line. Returns 0 intact, 1 broken, -1 the log could not
 * be read (nothing about the chain is claimed then). Needs db_thread_start() on this thread. */
int store_auditchain_verify(FILE *out);

#endif
