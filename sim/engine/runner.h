/*
 * runner.h - one execution of a parsed scenario, from the parameters a
 * command line or a race report gives (strategy, seed, pct depth and step
 * estimate, preemption bound, a schedule to replay).
 *
 * Every subcommand runs scenarios through here, so `run`, `explore`,
 * `replay` and `minimize` configure an execution the same way and a seed
 * printed by one reproduces in another.
 */
#ifndef SIM_ENGINE_RUNNER_H
#define SIM_ENGINE_RUNNER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "scenario.h"

/* Exit statuses of every subcommand (DESIGN section 5). */
#define	TSN_EXIT_OK		0	/* no violation */
#define	TSN_EXIT_VIOLATION	1	/* a violation was found */
#define	TSN_EXIT_USAGE		2	/* bad usage or bad input */

struct run_params {
	enum sim_strategy strategy;
	uint64_t	seed;
	int		pct_depth;	/* pct: d */
	uint64_t	pct_steps;	/* pct: k; 0 = calibrate */
	int		preemption_bound; /* dfs: k */
	GArray		*replay;	/* replay: int tids (borrowed) */
	/*
	 * A real driver build: SIM_POINTS_* and the data-race check (0/1);
	 * -1: the command line's (runner_default_*), resolved by
	 * runner_points_of() and runner_check_races_of().
	 */
	int		points;
	int		check_races;
};

/*
 * The defaults run_params_init() gives points and check_races: set once
 * from the command line (cli_driver_options), so every subcommand takes
 * them the same way; a report's own values win on replay.
 */
extern int runner_default_points;
extern bool runner_default_check_races;

void run_params_init(struct run_params *rp);
int runner_points_of(const struct run_params *rp);
bool runner_check_races_of(const struct run_params *rp);

/* "sync", "races", "all" and back (-1 if unknown). */
const char *runner_points_name(int points);
int runner_points_parse(const char *name);

/*
 * The driver sites (text offsets, sorted) the races point policy makes
 * scheduling points for sc: every site of a racing pair the detector saw
 * in RACE_CALIBRATION executions (random, seeds 0.., locks and sleeps as
 * the only points).  Deterministic; computed once per scenario.  NULL in
 * a model binary.
 */
const GArray *runner_race_sites(const struct tsn_scenario *sc);

/*
 * Parse `path`; on error print "file:line:col: message" (or the I/O error)
 * to stderr and return NULL.
 */
struct tsn_scenario *runner_load(const char *path);

/*
 * pct's step estimate k for sc: twice the scheduling points of one
 * calibration execution (seed 0, random).  Deterministic.
 */
uint64_t runner_calibrate_pct(const struct tsn_scenario *sc);

/* Fill cfg from rp and sc (faults from the scenario). */
void runner_config(struct sim_config *cfg, const struct run_params *rp,
    const struct tsn_scenario *sc);

/*
 * Run one execution of sc under cfg.  Returns res->kind.  Unless
 * runner_snapshots is false (--no-snapshot), the state after boot,
 * kldload and setup is taken by the first execution of each (scenario,
 * configuration) and restored by the next ones (engine.h, sim_snapshot):
 * the same result, byte for byte, without running the prefix again.
 */
enum sim_violation_kind runner_execute(const struct tsn_scenario *sc,
    const struct sim_config *cfg, struct sim_result *res);
extern bool runner_snapshots;

/* "strategy random seed=3", "strategy pct seed=3 depth=3 steps=480", ... */
char *runner_params_text(const struct run_params *rp);

/*
 * A step as the engine keeps it ("file:line ev obj") with its upstream
 * citation: "model/if_tuntap.c:640 [if_tuntap.c:602 tunopen] mtx_lock ...".
 */
char *runner_step_text(const char *step);

/*
 * Print the outcome of one execution as `run` does: SEED=N first, then the
 * scenario, the parameters and the verdict; on a violation also where, the
 * last steps of every thread, and (if not NULL) the report written and the
 * one command that reproduces it.
 */
void runner_print_outcome(FILE *f, const struct tsn_scenario *sc,
    const struct run_params *rp, const struct sim_result *res,
    const char *report_path, const char *repro);

/* s quoted for a shell only when it needs it (g_free). */
char *runner_quote(const char *s);

/* Basename of a scenario path without ".tsn": "destroy_rename". */
char *runner_scenario_base(const char *path);

#endif /* SIM_ENGINE_RUNNER_H */
