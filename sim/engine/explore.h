/*
 * explore.h - the exploration loop behind `tunsim explore`.
 *
 * For each scenario, in order: random and pct run one execution per seed
 * of the range (after pct calibrates its step estimate from seed 0); dfs
 * walks the schedule tree until it is exhausted or the budget is spent.
 * Violations are grouped by signature (kind + where), the lowest failing
 * seed of each kept, and one report written per signature.
 *
 * Parallelism: `jobs` worker processes (fork: the engine has global
 * state), forked once for all scenarios, worker j taking the j-th,
 * (j+jobs)-th, ... seed of each range in turn.  They send one record per
 * execution; the parent keeps, per signature, the lowest seed, and once
 * every seed has run, workers re-run the kept seeds to write the reports,
 * so the summary and the reports are the same for every `jobs`.  `--shard K/N` keeps the seeds
 * with seed % N == K-1.  `--time T` stops every worker once T seconds have
 * passed; only the longest prefix of the seed range that was completely
 * run counts, so which seeds fail never depends on timing, only how many
 * were run.
 */
#ifndef SIM_ENGINE_EXPLORE_H
#define SIM_ENGINE_EXPLORE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "runner.h"
#include "scenario.h"
#include "summary.h"

/*
 * Called after each execution (in the process that ran it; explore runs
 * with one job when a callback is set), with the execution's trace when
 * explore_opts.trace is set.  The hook for interleaving coverage.
 */
typedef void (*explore_exec_fn)(const struct tsn_scenario *sc,
    const struct sim_result *res, void *arg);

struct explore_opts {
	struct run_params rp;		/* strategy, pct depth, dfs bound */
	uint64_t	seed_lo, seed_hi; /* inclusive range (random, pct) */
	uint64_t	budget;		/* dfs: max executions, 0: no limit */
	int		por;		/* dfs: enum sim_por, -1: default */
	double		time_limit;	/* seconds, 0: none */
	int		jobs;
	int		shard_k, shard_n; /* shard_n 0: the whole range */
	const char	*report_dir;	/* NULL: write no reports */
	bool		progress;	/* live line on stderr */
	bool		trace;		/* cfg.trace for on_execution */
	explore_exec_fn	on_execution;
	void		*on_execution_arg;
};

void explore_opts_init(struct explore_opts *o);

/*
 * Explore every scenario of `scenarios` (struct tsn_scenario *) and fill
 * *out (summary_init'ed here).  False (message on stderr) when a worker
 * failed; the summary then covers what finished.
 */
bool explore_run(GPtrArray *scenarios, const struct explore_opts *o,
    struct explore_summary *out);

/*
 * The signal (SIGINT, SIGTERM) that stopped the last explore_run early, or
 * 0.  Its summary then covers the completed prefix of each seed range.
 */
int explore_interrupted(void);

/*
 * Interleaving coverage for `explore --coverage`.  A coverage module fills
 * this in by defining explore_coverage_init(); the default (a weak
 * definition in cli_explore.c) has none and explore prints "interleaving
 * coverage: not available".  on_execution sees every execution, with its
 * trace when `trace` is set; print runs after the summary.
 */
struct explore_coverage {
	explore_exec_fn	on_execution;
	bool		trace;
	void		(*print)(FILE *f, void *arg);
	void		(*free)(void *arg);
	void		*arg;
};

/* Fill *c; false when this build has no coverage module. */
bool explore_coverage_init(struct explore_coverage *c);

#endif /* SIM_ENGINE_EXPLORE_H */
