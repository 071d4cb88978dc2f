/* The in-app inbox's one write: a notice for a user, inside the caller's transaction, so it commits or
 * rolls back with the event that causes it. The routes that read the inbox are api/notify.c. */
#include "svc/notify.h"

#include <string.h>

#include "store/notification.h"

/* Copies at most max code points of s into out (cap bytes), never splitting a UTF-8 sequence. */
static const char *cut(const char *s, size_t max, char *out, size_t cap)
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < max) {
        size_t n = 1;
        while ((s[i + n] & 0xC0) == 0x80)
            n++;
        if (i + n >= cap)
            break;
        i += n;
        chars++;
    }
    memcpy(out, s, i);
    out[i] = '\0';
    return out;
}

enum st svc_notify_user(long long user_id, const char *kind, const char *title, const char *body,
                        const char *object_type, long long object_id)
{
    char t[257], b[2001];
    return store_notification_add(user_id, kind, cut(title ? title : "", 64, t, sizeof t),
                                  cut(body ? body : "", 500, b, sizeof b), object_type, object_id);
}
