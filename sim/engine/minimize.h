/*
 * minimize.h - shrinking a failing schedule (`tunsim minimize`).
 *
 * Works on the replay strategy: a schedule is the thread chosen at each
 * decision, and past its end the replay strategy never preempts.  So the
 * prefix of length L of a schedule keeps exactly the preemptions among its
 * first L decisions, which lets a bisection find where each preemption is.
 * Greedy: truncate the schedule just before a preemption, or replace one
 * preemption by letting the running thread continue, and keep a change
 * when the violation stays the same (enum mz_keep) and (preemptions, steps,
 * schedule length) gets smaller; repeat until nothing helps.  Candidates
 * run in a child process each (fork): a schedule never run before may hit
 * a simulator bug that crashes the host process.
 */
#ifndef SIM_ENGINE_MINIMIZE_H
#define SIM_ENGINE_MINIMIZE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "runner.h"
#include "scenario.h"

struct minimize_result {
	GArray		*schedule;	/* int: replay input, shortest found */
	struct sim_result res;		/* the execution of that schedule */
	GPtrArray	*points;	/* char *: each remaining preemption */
	uint64_t	replays;	/* executions it took */
	uint64_t	orig_preemptions, orig_steps;
	bool		limit_hit;	/* stopped at the replay limit */
	uint64_t	crashes;	/* candidates that crashed the simulator */
	char		*first_crash;	/* the first such schedule */
};

/*
 * Which candidates count as "still failing" (the interestingness test):
 * by default the same root-cause signature (DESIGN 10), so a schedule
 * never shrinks into another bug's mechanism; MZ_SAME_SITE the same
 * kind@file:line (what minimize did before root causes: two bugs that
 * surface at one line are one); MZ_ANY_VIOLATION any violation at all.
 */
enum mz_keep {
	MZ_SAME_SIGNATURE,
	MZ_SAME_SITE,
	MZ_ANY_VIOLATION,
};

/*
 * Minimize the failing execution that `rp` gives on sc (its signature must
 * be `signature`; `site`, its kind@file:line, may be NULL: then the first
 * execution's).  False with *err if it does not fail that way.
 */
bool minimize_run(const struct tsn_scenario *sc, const struct run_params *rp,
    const char *signature, const char *site, enum mz_keep keep,
    uint64_t max_replays, struct minimize_result *out, GError **err);
void minimize_result_clear(struct minimize_result *m);

#endif /* SIM_ENGINE_MINIMIZE_H */
