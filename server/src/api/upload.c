/* Uploads (issue 7): POST /api/v1/uploads stores one image for a complaint, GET /api/v1/uploads/{id}
 * serves it back. The body is what wx.uploadFile sends (multipart/form-data with the image in the part
 * named "file") or the image itself (Content-Type image/jpeg|png|webp or application/octet-stream). The
 * type is sniffed from the bytes (JPEG, PNG, WebP only: anything else 415, whatever its name or declared
 * type), the size capped at UPLOAD_MAX_BYTES (413), the image decoded whole by ext/image.c (a header with
 * something else behind it, a truncated or corrupt image, bytes after its end: 415; a side over 16384 or
 * over 40 megapixels: 413, refused before decoding), and the file stored by store/upload.c under a random
 * name outside any served directory; the client's file name is never read. Per user: RATE_UPLOAD_PER_MIN
 * (http/) and UPLOAD_DAILY_MAX per 24 h (429, checked before the decoding work).
 * Who may fetch an image: its owner (the complainant who attached it), and county/city/province admins
 * whose region contains a complaint that shows it (audited). Not the respondent of that complaint: the
 * evidence in a safety or discrimination report could expose the complainant to retaliation; the bureau
 * puts the facts to the respondent itself. Everyone else 403. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "core/config.h"
#include "domain/multipart.h"
#include "domain/region.h"
#include "domain/sniff.h"
#include "ext/crypto.h"
#include "ext/image.h"
#include "http/handler.h"
#include "http/req.h"
#include "store/upload.h"
#include "svc/view_upload.h"

#define UPLOAD_HARD_MAX ((size_t)5 * 1024 * 1024) /* config.c caps UPLOAD_MAX_BYTES at this */

/* Finds the image bytes in the request body. Returns 0 with data and len set, or the error status. */
static int image_of(struct req *r, const unsigned char **data, size_t *len)
{
    char boundary[MULTIPART_MAX_BOUNDARY + 1];
    const char *ct = r->content_type;
    *data = NULL;
    *len = 0;
    if (!strncasecmp(ct, "multipart/", 10)) {
        if (multipart_boundary(ct, boundary) < 0)
            return req_fail(r, ERR_VALIDATION, "file", "multipart 请求缺少有效的 boundary");
        int m = multipart_find(r->body_raw, r->body_len, boundary, "file", data, len);
        if (m == -1)
            return req_fail(r, ERR_VALIDATION, "file", "multipart 请求格式不正确");
        if (m == -2 || *len == 0)
            return req_fail(r, ERR_MISSING_FIELD, "file", "请在 file 字段中上传一张图片");
        return 0;
    }
    if (!strncasecmp(ct, "image/", 6) || !strncasecmp(ct, "application/octet-stream", 24)) {
        if (r->body_len == 0)
            return req_fail(r, ERR_MISSING_FIELD, "file", "请上传一张图片");
        *data = r->body_raw;
        *len = r->body_len;
        return 0;
    }
    return req_fail(
        r, ERR_UNSUPPORTED_MEDIA_TYPE, NULL,
        "请以 multipart/form-data（file 字段）或图片本身（image/jpeg、image/png、image/webp）上传");
}

/* Decodes the image whole (ext/image.c). 0, or the error status with the reply set. */
static int decodes(struct req *r, enum sniff_type t, const unsigned char *data, size_t len)
{
    char msg[160];
    switch (image_verify(t, data, len, NULL, NULL)) {
    case IMAGE_OK:
        return 0;
    case IMAGE_TOO_LARGE:
        snprintf(msg, sizeof msg, "图片尺寸过大：每边不能超过 %d 像素，总共不能超过 %ld 万像素",
                 IMAGE_MAX_SIDE, IMAGE_MAX_PIXELS / 10000);
        return req_fail(r, ERR_PAYLOAD_TOO_LARGE, "file", msg);
    case IMAGE_BAD:
        return req_fail(r, ERR_UNSUPPORTED_MEDIA_TYPE, "file",
                        "图片内容不完整或已损坏，不是能打开的 JPEG、PNG 或 WebP 图片，请重新拍照或选择");
    case IMAGE_NOMEM:
        break;
    }
    return req_fail(r, ERR_INTERNAL, NULL, NULL);
}

/* Inside the transaction: the row of the file already saved as u->storage_name, and the 201 answer. */
static int insert_tx(struct req *r, void *p)
{
    struct upload_row *u = p;
    enum st rc =
        store_upload_insert(u->owner_id, u->storage_name, u->content_type, u->size_bytes, u->sha256, &u->id);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = view_upload(u);
    return o ? req_reply(r, 201, json_pack("{s:o}", "upload", o)) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

int api_upload_create(struct req *r)
{
    const struct config *cfg = config_current();
    const unsigned char *data;
    size_t len;
    int st = image_of(r, &data, &len);
    if (st)
        return st;
    if (len > (size_t)cfg->upload_max_bytes) {
        char msg[64];
        snprintf(msg, sizeof msg, "图片不能超过 %.1f MB", (double)cfg->upload_max_bytes / (1024.0 * 1024.0));
        return req_fail(r, ERR_PAYLOAD_TOO_LARGE, "file", msg);
    }
    enum sniff_type sniffed = sniff_image(data, len);
    const char *type = sniff_mime(sniffed);
    if (!type)
        return req_fail(r, ERR_UNSUPPORTED_MEDIA_TYPE, "file", "只能上传 JPEG、PNG 或 WebP 格式的图片");
    long long today = 0;
    enum st rc = store_upload_count_since(r->who.id, 86400, &today);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (today >= cfg->upload_daily_max) {
        r->retry_after = 3600;
        return req_fail(r, ERR_RATE_LIMITED, NULL, "今天上传的图片已达上限，请明天再试");
    }
    st = decodes(r, sniffed, data, len);
    if (st)
        return st;
    unsigned char sum[32];
    struct upload_row u = {.owner_id = r->who.id, .size_bytes = (long long)len, .created_at = r->now};
    crypto_sha256(data, len, sum);
    crypto_hex(sum, 32, u.sha256);
    snprintf(u.content_type, sizeof u.content_type, "%s", type);
    if (store_upload_save(cfg->upload_dir, data, len, u.storage_name) != 0)
        return req_fail(r, ERR_INTERNAL, NULL, "图片保存失败，请稍后重试");
    /* the file is saved before the transaction (a retried attempt must not save it twice) and goes again
     * when the row was not written */
    st = handler_tx(r, insert_tx, &u);
    if (st != 201)
        store_upload_discard(cfg->upload_dir, u.storage_name);
    return st;
}

struct scope {
    const char *admin_region;
    int found;
};

/* region walk: is any complaint showing the upload inside the admin's region? (An escalated complaint's
 * parent region contains its own region, so the complaint's region decides for both.) */
static int in_scope(void *ctx, const char *region, const char *escalated_region)
{
    (void)escalated_region;
    struct scope *s = ctx;
    s->found |= region_contains(s->admin_region, region);
    return 0;
}

int api_upload_get(struct req *r)
{
    long long id = r->ids[0];
    struct upload_row u;
    enum st rc = store_upload_get(id, &u);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    int allowed = 0;
    if (r->who.kind == PRINCIPAL_USER) {
        allowed = u.owner_id == r->who.id;
    } else if (r->who.kind == PRINCIPAL_ADMIN && r->who.role == ROLE_ADMIN) {
        struct scope sc = {r->who.region, 0};
        rc = store_upload_complaint_regions(id, in_scope, &sc);
        allowed = sc.found;
        if (rc != ST_OK)
            return req_store_fail(r, rc);
        rc = req_audit(r, "upload.read", "upload", id, allowed ? "ok" : "denied");
        if (rc != ST_OK)
            return req_store_fail(r, rc);
    }
    if (!allowed)
        return req_fail(r, ERR_FORBIDDEN, NULL, "只有诉求人和受理该诉求的管理员可以查看此图片");
    char *buf;
    size_t len;
    /* the largest UPLOAD_MAX_BYTES may ever be: an image stored before the setting was lowered still serves
     */
    if (store_upload_load(config_current()->upload_dir, u.storage_name, UPLOAD_HARD_MAX, &buf, &len) != 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    /* the type sent is what the stored bytes are, sniffed again: never a stored or client-sent string */
    const char *type = sniff_mime(sniff_image((const unsigned char *)buf, len));
    if (!type) {
        free(buf);
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
    int status = req_reply_file(r, 200, buf, len, type, NULL);
    r->inline_file = 1;
    return status;
}
