/* The 工种 → top-category answers of store_gig_job_top kept per node: a lock-free table of (id, top) pairs
 * packed into one atomic word each, filled on first use and emptied at each full resync of the search index.
 * Job types are reference data that change only by migration (or, later, an admin edit followed by the
 * resync), so a per-request round trip to MariaDB bought nothing. Unknown ids are not remembered. */
#include "svc/jobtypes.h"

#include <stdatomic.h>
#include <stdint.h>

#include "store/gig.h"

#define SLOTS 4096 /* a power of two, far above the catalogue's few hundred types */
#define PROBE 16

/* id in the high 32 bits, top in the low 32; 0 = empty. */
static _Atomic uint64_t slots[SLOTS];

static unsigned slot_of(uint32_t id)
{
    return (id * 2654435761u) & (SLOTS - 1);
}

enum st svc_jobtypes_top(long long job_type_id, long long *top)
{
    if (job_type_id > 0 && job_type_id <= UINT32_MAX) {
        uint32_t id = (uint32_t)job_type_id;
        for (unsigned i = 0, s = slot_of(id); i < PROBE; i++, s = (s + 1) & (SLOTS - 1)) {
            uint64_t v = atomic_load_explicit(&slots[s], memory_order_relaxed);
            if (!v)
                break;
            if ((uint32_t)(v >> 32) == id) {
                *top = (long long)(uint32_t)v;
                return ST_OK;
            }
        }
    }
    enum st rc = store_gig_job_top(job_type_id, top);
    if (rc != ST_OK || job_type_id <= 0 || job_type_id > UINT32_MAX || *top <= 0 || *top > UINT32_MAX)
        return rc;
    uint32_t id = (uint32_t)job_type_id;
    uint64_t want = (uint64_t)id << 32 | (uint32_t)*top;
    for (unsigned i = 0, s = slot_of(id); i < PROBE; i++, s = (s + 1) & (SLOTS - 1)) {
        uint64_t empty = 0;
        if (atomic_compare_exchange_strong(&slots[s], &empty, want) || (uint32_t)(empty >> 32) == id)
            break; /* stored, or another thread stored this id first */
    }
    return rc;
}

void svc_jobtypes_forget(void)
{
    for (unsigned i = 0; i < SLOTS; i++)
        atomic_store_explicit(&slots[i], 0, memory_order_relaxed);
}
