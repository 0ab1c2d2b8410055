/*
 * summary.h - the outcome of an exploration: how many executions of which
 * scenarios, and the distinct violations (one per signature per scenario,
 * the lowest failing seed kept), as text for people and one JSON object
 * for machines; shard summaries merge into the whole run's.
 *
 * Only elapsed_s and executions_per_s depend on timing: everything else
 * follows from the scenarios and the options.
 */
#ifndef SIM_ENGINE_SUMMARY_H
#define SIM_ENGINE_SUMMARY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct explore_scenario {
	char		*path;
	char		*sha256;
	uint64_t	executions;
	uint64_t	pct_steps;	/* pct: the calibrated k */
	bool		exhausted;	/* dfs: the search finished */
	bool		complete;	/* dfs: every schedule within the bound */
	uint64_t	pruned;		/* dfs: alternatives the reduction cut */
	bool		bound_reached;	/* dfs: the bound cut an alternative */
	bool		timed_out;	/* dfs: stopped by --time */
};

struct explore_violation {
	int		scenario;	/* index in scenarios */
	char		*kind;
	char		*signature;
	uint64_t	seed;		/* lowest failing seed (dfs: execution) */
	uint64_t	count;		/* failing executions (0: not known) */
	char		*report;	/* report file path */
	char		*message;
};

/*
 * A lock order WITNESS learned in some execution: `first` held (taken at
 * where1) when `second` was acquired (where2), first seen in scenario
 * `scenario` at `seed` (dfs: execution).  The union over all executions is
 * the lock graph one FreeBSD uptime would accumulate; a cycle in it is a
 * lock-order reversal no single execution saw whole.
 */
struct explore_lock_order {
	char		*first, *second;
	char		*where1, *where2;	/* "file:line" */
	int		scenario;
	uint64_t	seed;
};

struct explore_summary {
	char		*strategy;
	int		pct_depth;	/* pct */
	int		preemption_bound; /* dfs; < 0: none */
	char		*por;		/* dfs: the reduction */
	char		*seeds;		/* "A..B" (the whole range) */
	char		*shard;		/* "K/N", NULL when not sharded */
	uint64_t	executions;
	double		elapsed_s;
	GPtrArray	*scenarios;	/* struct explore_scenario * */
	GPtrArray	*violations;	/* struct explore_violation * */
	GPtrArray	*lock_orders;	/* struct explore_lock_order *, sorted */
};

/*
 * Add a lock order seen in (scenario, seed); the earliest (scenario, then
 * seed) sighting of each (first, second) pair is kept.
 */
void summary_add_lock_order(struct explore_summary *s, const char *first,
    const char *second, const char *where1, const char *where2, int scenario,
    uint64_t seed);

/*
 * The cycles of the accumulated lock graph, each once: a GPtrArray of
 * GPtrArrays of struct explore_lock_order * (borrowed), in a
 * deterministic order.  Free with g_ptr_array_free(.., TRUE).
 */
GPtrArray *summary_lock_cycles(const struct explore_summary *s);

void summary_init(struct explore_summary *s);
void summary_clear(struct explore_summary *s);

/* Order violations by scenario, then seed (the order printed). */
void summary_sort(struct explore_summary *s);

/* dfs: "complete: every schedule with <= K ..." or "incomplete: ...". */
char *summary_claim(const struct explore_summary *s,
    const struct explore_scenario *sc);

void summary_write_json(FILE *f, const struct explore_summary *s);
/*
 * The text ends with the violations grouped by root-cause signature across
 * scenarios: failing executions, scenarios, the first scenario and seed.
 */
void summary_write_text(FILE *f, const struct explore_summary *s);

/* Read a summary written by summary_write_json. */
bool summary_read_json(const char *path, struct explore_summary *s,
    GError **err);

/*
 * Merge shard summaries (all "K/N" of one N, each once) into the whole
 * run's: executions summed, violations grouped again by scenario and
 * root-cause signature keeping the lowest seed, their counts summed.
 * Timing: the longest shard.
 */
bool summary_merge(struct explore_summary *const *parts, int n,
    struct explore_summary *out, GError **err);

#endif /* SIM_ENGINE_SUMMARY_H */
