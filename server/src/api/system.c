/* Operational endpoints: liveness, readiness (the database answers), and the OpenAPI document embedded
 * at build time. Nothing here writes, and nothing needs a signed-in caller. */
#include "api/handlers.h"
#include "http/req.h"

extern const unsigned char openapi_doc[];
extern const size_t openapi_doc_len;

int api_system_healthz(struct req *r)
{
    return req_reply(r, 200, json_pack("{s:s}", "status", "ok"));
}

int api_system_readyz(struct req *r)
{
    enum st rc = db_ping();
    if (rc != ST_OK) {
        r->retry_after = 5;
        return req_reply(r, 503,
                         json_pack("{s:s, s:{s:s}}", "status", "unavailable", "checks", "database", "down"));
    }
    return req_reply(r, 200, json_pack("{s:s, s:{s:s}}", "status", "ready", "checks", "database", "ok"));
}

int api_system_openapi(struct req *r)
{
    r->static_body = openapi_doc;
    r->raw_len = openapi_doc_len;
    r->raw_type = "application/json; charset=utf-8";
    return 200;
}
