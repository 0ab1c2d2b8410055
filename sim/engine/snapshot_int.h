/*
 * snapshot_int.h - saving the simulated world after the common prefix and
 * putting it back (issue 13 item 2; docs/performance.md).
 *
 * Boot, kldload and a scenario's setup: run alone on main, are the same for
 * every execution of a scenario when they draw no random number and count
 * no fault site.  The first execution of a (scenario, configuration) runs
 * them and saves what they left; later ones restore it and start at the
 * scenario threads.  Each engine file that keeps per-execution state saves
 * and restores its own part here; snapshot.c holds the parts together.
 *
 * A part is saved once and restored many times, so restoring must not
 * consume the saved copy.  Every pointer a part keeps points at memory
 * that stays where it is for the process's life (the ledger's arena, the
 * text and stack-node blocks, which are reused but never freed, interned
 * strings, static strings): a restore puts back the same bytes at the same
 * addresses, so an execution from a snapshot cannot tell it was not booted.
 */
#ifndef SIM_ENGINE_SNAPSHOT_INT_H
#define SIM_ENGINE_SNAPSHOT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"

/* A copy of n bytes (n may be 0: never NULL), freed with g_free. */
void *snap_dup(const void *p, size_t n);

/* ledger.c: the arena's used part, its shadow map, headers, type counters. */
struct ledger_snap;
struct ledger_snap *ledger_snap_save(void);
void ledger_snap_restore(const struct ledger_snap *s);
void ledger_snap_free(struct ledger_snap *s);

/* labels.c: the label table and the text store's used part. NULL: cannot. */
struct labels_snap;
struct labels_snap *labels_snap_save(void);
void labels_snap_restore(const struct labels_snap *s);
void labels_snap_free(struct labels_snap *s);

/* sstack.c: the node blocks in use and every thread's stack. */
struct sstack_snap;
struct sstack_snap *sstack_snap_save(void);
void sstack_snap_restore(const struct sstack_snap *s);
void sstack_snap_free(struct sstack_snap *s);

/* race.c: vector clocks, lock clocks and shadow cells (when on). */
struct race_snap;
struct race_snap *race_snap_save(void);
void race_snap_restore(const struct race_snap *s);
void race_snap_free(struct race_snap *s);

/* rootcause.c: the pending cause objects. */
struct cause_snap;
struct cause_snap *cause_snap_save(void);
void cause_snap_restore(const struct cause_snap *s);
void cause_snap_free(struct cause_snap *s);

/* snapshot.c: every part above, in one; NULL if one part cannot be saved. */
struct snap_parts;
struct snap_parts *snap_parts_save(void);
void snap_parts_restore(const struct snap_parts *p);
void snap_parts_free(struct snap_parts *p);

/* sched.c: the execution's own state (steps, clock, main, trace, dfs). */
struct sched_snap;
void sched_snap_free(struct sched_snap *s);

/* The configuration with what the prefix cannot depend on cleared. */
void snap_key_of(const struct sim_config *cfg, struct sim_config *key);
bool snap_key_equal(const struct sim_config *a, const struct sim_config *b);

enum snap_state { SNAP_EMPTY, SNAP_READY, SNAP_INVALID };

struct sim_snapshot {
	enum snap_state	state;
	const char	*why;		/* SNAP_INVALID: a static string */
	struct sim_config key;		/* the configuration, seed cleared */
	struct snap_parts *parts;
	struct sched_snap *sched;
	void		*prog;		/* the program's (sim_program.snap_*) */
	void		(*prog_free)(void *);
};

#endif /* SIM_ENGINE_SNAPSHOT_INT_H */
