/*
 * access.h - the instrumented driver's access hooks (access.c), as the
 * rest of the engine sees them.
 */
#ifndef SIM_ENGINE_ACCESS_H
#define SIM_ENGINE_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "driver_info.h"
#include "engine.h"

/* Start an execution: race detector on or off, statics labelled. */
void access_reset(const struct sim_config *cfg);
/* "cdev#1+0x38", "tunhead": an object and offset as reports print them,
 * into buf (a caller's buffer: a violation may not return to free it). */
#define	ACCESS_DESC_LEN	256
void access_describe(char *buf, size_t len, const void *obj, size_t off);
/* Races involving a site matching an entry (function or file:line) are
 * not reported (--suppress-races FILE). */
void access_suppress_add(const char *entry);
bool access_suppressed(const struct driver_site *s);
/* ... or on an object so labelled ("tundebug", a driver static). */
bool access_suppressed_obj(const char *label);

#endif /* SIM_ENGINE_ACCESS_H */
