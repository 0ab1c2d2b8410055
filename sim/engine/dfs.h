/*
 * dfs.h - the exhaustive strategy's search across executions.
 */
#ifndef SIM_ENGINE_DFS_H
#define SIM_ENGINE_DFS_H

#include <stdbool.h>
#include <stdint.h>

struct sim_dfs;

struct sim_dfs *sim_dfs_new(int preemption_bound);
void sim_dfs_free(struct sim_dfs *d);
/* Partial-order reduction (sleep sets), on by default. */
void sim_dfs_set_por(struct sim_dfs *d, bool on);
/* After an execution: advance to the next path; false when exhausted. */
bool sim_dfs_next(struct sim_dfs *d);
bool sim_dfs_done(const struct sim_dfs *d);
uint64_t sim_dfs_executions(const struct sim_dfs *d);

#endif /* SIM_ENGINE_DFS_H */
