/* The one view of an uploaded image: what POST /uploads answers. Builds JSON from the row; no I/O. (An image
 * as a complaint shows it is view_complaint_image.) */
#include "svc/view_upload.h"

#include <stdio.h>

#include "domain/timeutil.h"

json_t *view_upload(const struct upload_row *u)
{
    char at[24], url[48];
    snprintf(url, sizeof url, "/api/v1/uploads/%lld", u->id);
    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "content_type",
                     u->content_type, "size", (json_int_t)u->size_bytes, "sha256", u->sha256, "url", url,
                     "created_at", timeutil_rfc3339(u->created_at, at));
}
