/* The one view of a 零工驿站 station (svc/view_station.c), for the public list and the admin replies. */
#ifndef LG_SVC_VIEW_STATION_H
#define LG_SVC_VIEW_STATION_H

#include <jansson.h>

#include "store/station.h"

/* The station object; with_distance adds distance_m (whole metres), admin its status and times. A new
 * reference, or NULL when out of memory. */
json_t *view_station(const struct station_row *s, int with_distance, int admin);

#endif
