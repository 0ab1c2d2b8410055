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
	char		*driver;	/* real driver: "NAME/FILE sha256 HEX" */
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

/*
 * The limits of what a report or a schedule may hold, checked where they
 * are read (docs/limits.md).  REPORT_MAX_STEPS is the engine's livelock
 * bound (sched.c DEFAULT_MAX_STEPS): no execution takes more scheduling
 * points.  A decision is taken at a scheduling point or where a thread
 * blocks or ends, each after a point, so no execution takes more than
 * REPORT_MAX_DECISIONS; a longer schedule could never be followed to its
 * end.  Thread ids are those of kern_proc.c (KTHREAD_MAX 256).
 */
#define	REPORT_MAX_STEPS	200000
#define	REPORT_MAX_DECISIONS	(2 * REPORT_MAX_STEPS)
#define	REPORT_MAX_TID		255
#define	REPORT_MAX_PCT_DEPTH	16
#define	REPORT_MAX_BYTES	(8 << 20)	/* a report or schedule file */

/*
 * An unsigned decimal number, the whole string (no sign, no 0x; "010" is
 * ten).  Returns 0, 1 if it is not one, 2 if it exceeds UINT64_MAX.
 */
int report_parse_u64(const char *s, uint64_t *out);

/*
 * Append the schedule entries of `text` ("0 1*3 2": TID or TID*COUNT,
 * blank separated) to a (int tids).  False (and *err naming the entry and
 * the limit) on a bad entry, a tid above REPORT_MAX_TID or a schedule
 * longer than REPORT_MAX_DECISIONS.
 */
bool report_schedule_add(GArray *a, const char *text, GError **err);

/*
 * Read the file at path, at most max bytes (a file that is larger, or
 * endless, is refused: "larger than N bytes, the limit of `what`").
 */
bool report_read_file(const char *path, size_t max, const char *what,
    char **text, size_t *len, GError **err);

/* Parse a report's text (`path` names it in messages). */
bool report_parse(const char *path, const char *text, size_t len,
    struct report *r, GError **err);

/*
 * Read a report's header.  False (and *err, "path:line: ..." where a field
 * is bad) when it is not a report or a field is out of range.
 */
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
