/*
 * race.h - the happens-before data-race detector (race.c), fed by the
 * access hooks of an instrumented driver (access.c) and by the kernel's
 * lock edges (sim_hb_acquire/release in sim.h).
 */
#ifndef SIM_ENGINE_RACE_H
#define SIM_ENGINE_RACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sstack_node;

/* One access, as the detector remembers it. */
struct race_access {
	int		tid;
	unsigned	site;		/* driver text offset (driver_info.h) */
	const void	*obj;		/* object base or static */
	size_t		off;		/* offset in obj */
	size_t		size;
	const struct sstack_node *stack;	/* the thread's, at the access */
};

/* Called for each unordered conflicting pair: earlier, then current. */
typedef void (*race_found_fn)(const struct race_access *prev, bool prev_write,
    const struct race_access *cur, bool cur_write);

/* Start an execution with the detector on or off. */
void race_reset(bool on, race_found_fn found);
bool race_on(void);
void race_access(const void *addr, size_t size, bool write,
    const struct race_access *a);
void race_thread_create(int parent, int child);
void race_wake(int waker, int woken);
/* tid's view joins every other thread's (teardown after the threads). */
void race_join_all(int tid);

#endif /* SIM_ENGINE_RACE_H */
