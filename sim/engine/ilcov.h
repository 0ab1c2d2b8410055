/*
 * ilcov.h - interleaving coverage: which conflicting pairs of scheduling
 * points the explored executions have run in both orders.
 *
 * A conflicting pair is two scheduling points (SIM_EV_POINT events with an
 * object and an access mode) run by different threads on the same object,
 * at least one of them a write, and not ordered by thread creation or by
 * main's wait for finished threads.  A pair is identified statically by its
 * two sites ("file:line ev"), so the same two lines on different objects
 * or in different executions are one pair.  For each pair we record which
 * order was observed: a before b, b before a, or both.  Line coverage says
 * a line ran; this says whether the race between two lines was run both
 * ways.  See docs/coverage.md for how to read the report.
 *
 * Use: ilcov_new(); ilcov_add() after every execution explored with
 * cfg.trace on (executions without a trace only count); ilcov_print();
 * ilcov_free().  Output is sorted (scenario name, then sites), never
 * depends on hash order and never prints an address.
 */
#ifndef SIM_ENGINE_ILCOV_H
#define SIM_ENGINE_ILCOV_H

#include <stdbool.h>
#include <stdio.h>

#include "engine.h"

struct ilcov;
struct tsn_scenario;

struct ilcov_counts {
	unsigned	pairs;		/* conflicting static pairs observed */
	unsigned	both;		/* ... in both orders */
	unsigned	one;		/* ... in one order only */
	unsigned long	executions;	/* executions added */
};

struct ilcov *ilcov_new(void);
void ilcov_free(struct ilcov *il);

/*
 * Record one execution of `scenario` (a stable name: the scenario's path as
 * given on the command line).  Reads res->trace; does not keep it.
 */
void ilcov_add(struct ilcov *il, const char *scenario,
    const struct sim_result *res);

/*
 * The same, in the shape of explore's per-execution callback
 * (explore_exec_fn): ilcov_add(arg, sc->path, res), arg being the ilcov.
 */
void ilcov_on_execution(const struct tsn_scenario *sc,
    const struct sim_result *res, void *arg);

/*
 * Counts for one scenario, or merged over all scenarios when scenario is
 * NULL (a pair seen a->b in one scenario and b->a in another counts as seen
 * in both orders).  Zero counts for an unknown scenario.
 */
void ilcov_get_counts(const struct ilcov *il, const char *scenario,
    struct ilcov_counts *out);

/*
 * The report: the summary line
 *   interleaving coverage: P conflicting pairs, X seen in both orders,
 *   Y in one order only
 * then each scenario with its counts and its pairs, one a line:
 *   both  A  <->  B     (A before B seen, and B before A)
 *   once  A  ->  B      (only A before B seen)
 *   once  A  <-  B      (only B before A seen)
 * A sorting before B.  With json, one JSON object instead.
 */
void ilcov_print(FILE *f, const struct ilcov *il, bool json);

#endif /* SIM_ENGINE_ILCOV_H */
