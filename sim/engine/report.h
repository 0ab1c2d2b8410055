/*
 * report.h - race reports (DESIGN section 6): a text file that replays on
 * its own.
 *
 * The header is "key: value" lines up to the first blank line (what replay
 * needs: versions, scenario and its SHA-256, strategy and parameters, seed,
 * schedule, violation); then, for people, the named preemption points (if
 * the report was minimized), the last steps of every thread with upstream
 * lines, and the one command that reproduces it.  docs/reproducing.md
 * describes every field.
 */
#ifndef SIM_ENGINE_REPORT_H
#define SIM_ENGINE_REPORT_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

#include "engine.h"
#include "runner.h"
#include "scenario.h"

struct report {
	char		*version;	/* tunsim that wrote it */
	char		*model_rev;	/* upstream revision the model ports */
	char		*model_sha256;	/* of model/ and the simulated kernel */
	char		*scenario;	/* path as given */
	char		*scenario_name;
	char		*scenario_sha256;
	struct run_params rp;		/* rp.replay points at schedule */
	bool		by_schedule;	/* replay follows `schedule` */
	GArray		*schedule;	/* int tids */
	uint64_t	steps, decisions, preemptions;
	char		*kind;		/* "use-after-free" */
	char		*signature;	/* root cause (DESIGN 10) */
	char		*site;		/* kind@file:line, NULL in old reports */
	char		*where;
	char		*thread;
	char		*message;
};

/*
 * Write the report of `res` (a violation of sc run with rp) to f.  `self`
 * is the report's own path (for the reproduce line); `preemptions`, if not
 * NULL, names the preemption points (char *), as minimize finds them.
 */
void report_write(FILE *f, const char *self, const struct tsn_scenario *sc,
    const struct run_params *rp, const struct sim_result *res,
    const GPtrArray *preemptions);

/* report_write to a file; false (and *err) if it cannot be written. */
bool report_save(const char *path, const struct tsn_scenario *sc,
    const struct run_params *rp, const struct sim_result *res,
    const GPtrArray *preemptions, GError **err);

/* Read a report's header.  False (and *err) when it is not a report. */
bool report_load(const char *path, struct report *r, GError **err);
void report_clear(struct report *r);

/*
 * May this report be replayed by this build on this scenario?  False with
 * a message ("scenario changed since the report: ...") if the model's or
 * the scenario's SHA-256 differs.
 */
bool report_check(const struct report *r, const struct tsn_scenario *sc,
    GError **err);

/* Report file name in dir: "<base>.<kind>.seed<N>.report". */
char *report_path(const char *dir, const char *scenario_path,
    const char *kind, uint64_t seed);

#endif /* SIM_ENGINE_REPORT_H */
