/*
 * dfs.h - the exhaustive strategy's search across executions.
 *
 * Reductions (docs/dpor.md):
 *   SIM_POR_NONE   every schedule within the preemption bound;
 *   SIM_POR_SLEEP  sleep sets (Godefroid);
 *   SIM_POR_DPOR   source-DPOR (Abdulla et al., POPL 2014) with sleep sets;
 *                  with a bound, conservative backtrack points as in
 *                  bounded POR (Coons et al., OOPSLA 2013).
 * A bound < 0 means no preemption bound.
 */
#ifndef SIM_ENGINE_DFS_H
#define SIM_ENGINE_DFS_H

#include <stdbool.h>
#include <stdint.h>

struct sim_dfs;

enum sim_por {
	SIM_POR_NONE,
	SIM_POR_SLEEP,
	SIM_POR_DPOR,
};

/* "none", "sleep", "dpor"; NULL for another value. */
const char *sim_por_name(enum sim_por p);
/* -1 for an unknown name. */
int sim_por_parse(const char *name);
/* The reduction `explore --strategy dfs` uses when none is given. */
enum sim_por sim_por_default(int preemption_bound);

struct sim_dfs *sim_dfs_new(int preemption_bound);
void sim_dfs_free(struct sim_dfs *d);
/* Partial-order reduction: on = the default reduction, off = none. */
void sim_dfs_set_por(struct sim_dfs *d, bool on);
void sim_dfs_set_reduction(struct sim_dfs *d, enum sim_por p);
/* After an execution: advance to the next path; false when exhausted. */
bool sim_dfs_next(struct sim_dfs *d);
bool sim_dfs_done(const struct sim_dfs *d);
uint64_t sim_dfs_executions(const struct sim_dfs *d);
/*
 * Alternatives (decision, thread) within the bound that the reduction did
 * not explore, counted as their decisions are left for good.
 */
uint64_t sim_dfs_pruned(const struct sim_dfs *d);
/* Did the preemption bound ever keep an alternative from being explored? */
bool sim_dfs_bound_reached(const struct sim_dfs *d);

#endif /* SIM_ENGINE_DFS_H */
