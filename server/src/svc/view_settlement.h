/* The one view of a settlement (svc/view_settlement.c): the settlement itself (with items and history for
 * a single read, without them in lists), its item lines, and its line in a worker's income statement. Each
 * returns a new reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_SETTLEMENT_H
#define LG_SVC_VIEW_SETTLEMENT_H

#include <jansson.h>

#include "store/settlement.h"

/* The settlement as a party or an admin sees it, status with its zh-CN status_label. items and history
 * (JSON arrays of view_settlement_item and history rows) are added when not NULL; ownership of both is
 * taken, also on failure. Lists pass NULL for both. */
json_t *view_settlement(const struct settlement_row *s, json_t *items, json_t *history);

/* One item line (position 0 is the base line). */
json_t *view_settlement_item(const struct settlement_item_row *i);

/* The settlement as a line of the worker's income statement: what was paid, when, by whom, and its state. */
json_t *view_settlement_income_item(const struct settlement_row *s);

/* "7.5" from 7500 thousandths (trailing zeros dropped), written into out; returns out. */
char *view_settlement_quantity(long long milli, char out[32]);

#endif
