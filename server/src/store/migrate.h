/* Schema migrations: schema/NNN_name.sql applied in order, each recorded with its SHA-256 in
 * schema_migrations. An applied file whose content changed is refused, never re-run. */
#ifndef LG_STORE_MIGRATE_H
#define LG_STORE_MIGRATE_H

#include <stddef.h>

/* Applies pending migrations from dir. Returns the number applied (>= 0) or -1 with a message in err. */
int store_migrate(const char *dir, char *err, size_t errlen);
/* Splits a migration into statements: each ends with ';' at the end of a line. Calls each(ctx, stmt) for
 * every statement that has SQL beyond comments; stops at the first non-zero return and returns it. */
int store_migrate_split(char *text, int (*each)(void *ctx, const char *stmt), void *ctx);

#endif
