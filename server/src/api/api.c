/* Shared handler state: configuration and token keys, fixed at start-up. */
#include "api/api.h"

#include <string.h>
#include <time.h>

static const struct config *config;
static struct token_keys keys;

void api_init(const struct config *cfg)
{
    config = cfg;
    keys.secret = (const unsigned char *)cfg->jwt_secret;
    keys.secret_len = strlen(cfg->jwt_secret);
    keys.issuer = cfg->jwt_issuer;
    keys.audience = cfg->jwt_audience;
}

const struct config *api_config(void)
{
    return config;
}

const struct token_keys *api_token_keys(void)
{
    return &keys;
}

int api_store_fail(struct req *r, enum st rc)
{
    switch (rc) {
    case ST_NOTFOUND:
        return req_fail(r, ERR_NOT_FOUND, NULL, NULL);
    case ST_CONFLICT:
        return req_fail(r, ERR_ALREADY_EXISTS, NULL, NULL);
    case ST_UNAVAILABLE:
        r->retry_after = 5;
        return req_fail(r, ERR_DB_UNAVAILABLE, NULL, NULL);
    default:
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
}

char *api_time(long long t, char *out)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return out;
}

enum role api_role_from_name(const char *name)
{
    static const struct {
        const char *name;
        enum role role;
    } names[] = {{"user", ROLE_USER}, {"admin", ROLE_ADMIN}, {"reviewer", ROLE_REVIEWER},
                 {"station", ROLE_STATION}, {"auditor", ROLE_AUDITOR}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].role;
    return 0;
}
