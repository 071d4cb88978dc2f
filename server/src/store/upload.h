/* Store of uploads: the files under UPLOAD_DIR and their rows (table uploads). A file is written under a
 * random name, fsync'd and renamed into place (its directory fsync'd too) BEFORE its row is inserted, so a
 * row never points at a missing file; a crash between the two leaves at most an orphan file, never an
 * orphan row. Which complaints show an upload is read here too, for the access check. Never sees JSON
 * and never uses a name the client chose. */
#ifndef LG_STORE_UPLOAD_H
#define LG_STORE_UPLOAD_H

#include "store/db.h"

struct upload_row {
    long long id, owner_id;
    char storage_name[65]; /* 64 hex characters */
    char content_type[33];
    long long size_bytes;
    char sha256[65]; /* lower-case hex */
    long long created_at;
};

/* Writes the n bytes at data durably to a new file in dir (created 0700 if missing) under a fresh random
 * name (64 hex characters, written to name). Returns 0, or -1 (logged; nothing is left behind). */
int store_upload_save(const char *dir, const void *data, size_t n, char name[65]);
/* Reads file name (64 hex characters, anything else is refused) from dir into a malloc'd buffer the caller
 * frees; files over max bytes are refused. Returns 0, or -1 (logged). */
int store_upload_load(const char *dir, const char *name, size_t max, char **out, size_t *len);
/* Removes file name from dir (after its row could not be written). */
void store_upload_discard(const char *dir, const char *name);
/* Removes the files in dir that no row names and that are older than older_than_s seconds: what a crash
 * between a file's rename and its row (or during the write: NAME.part) left behind. A younger file may be
 * a save still in progress on some node and is left. Returns how many were removed, or -1 when dir
 * cannot be read or the database cannot be asked (then nothing more is removed). */
long store_upload_sweep(const char *dir, long long older_than_s);

/* Inserts a row; *id gets the new id. */
enum st store_upload_insert(long long owner_id, const char *storage_name, const char *content_type,
                            long long size_bytes, const char *sha256_hex, long long *id);
/* The upload; ST_NOTFOUND if none. */
enum st store_upload_get(long long id, struct upload_row *out);
/* How many uploads owner_id made in the last `seconds` seconds (database clock). */
enum st store_upload_count_since(long long owner_id, long long seconds, long long *n);
/* Calls each(ctx, region_code, escalated_region) for every complaint that shows upload id (at most 50;
 * escalated_region "" when not escalated). A non-zero return from each stops the walk (ST_ERR). */
enum st store_upload_complaint_regions(
    long long id, int (*each)(void *ctx, const char *region, const char *escalated_region), void *ctx);

#endif
