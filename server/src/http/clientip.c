/* Client address resolution. X-Forwarded-For is client-controlled except for the hops our own proxies
 * appended, so it is read from the right and only while each hop is a trusted proxy. */
#include "http/clientip.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

static int in_entry(const char *entry, size_t elen, const char *ip)
{
    char e[64];
    if (elen == 0 || elen >= sizeof e)
        return 0;
    memcpy(e, entry, elen);
    e[elen] = '\0';
    char *slash = strchr(e, '/');
    if (!slash)
        return strcmp(e, ip) == 0;
    *slash = '\0';
    int bits = atoi(slash + 1);
    struct in_addr net, addr;
    if (bits < 0 || bits > 32 || inet_pton(AF_INET, e, &net) != 1 || inet_pton(AF_INET, ip, &addr) != 1)
        return 0;
    unsigned long mask = bits == 0 ? 0 : 0xFFFFFFFFul << (32 - bits);
    return (ntohl(net.s_addr) & mask) == (ntohl(addr.s_addr) & mask);
}

int clientip_trusted(const char *list, const char *ip)
{
    const char *p = list;
    while (p && *p) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ", ");
        if (n && in_entry(p, n, ip))
            return 1;
        p += n;
    }
    return 0;
}

/* Copies n bytes of s into out as a string, cut to cap - 1 bytes (what snprintf "%s" did, without its cost
 * on every request). */
static void copy(char *out, size_t cap, const char *s, size_t n)
{
    if (cap == 0)
        return;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

void clientip_resolve(const char *trusted, const char *peer, const char *xff, char *out, size_t cap)
{
    copy(out, cap, peer, strlen(peer));
    if (!xff || !trusted || !*trusted || !clientip_trusted(trusted, peer))
        return;
    size_t end = strlen(xff);
    while (end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        size_t a = start, b = end;
        while (a < b && xff[a] == ' ')
            a++;
        while (b > a && xff[b - 1] == ' ')
            b--;
        char hop[64];
        if (b - a == 0 || b - a >= sizeof hop)
            return;
        memcpy(hop, xff + a, b - a);
        hop[b - a] = '\0';
        unsigned char tmp[16];
        if (inet_pton(AF_INET, hop, tmp) != 1 && inet_pton(AF_INET6, hop, tmp) != 1)
            return; /* not an address: keep the last good answer */
        copy(out, cap, hop, b - a);
        if (!clientip_trusted(trusted, hop))
            return;
        end = start > 0 ? start - 1 : 0;
    }
}
