/*
 * engine.h - running one execution under the scheduler (engine side).
 *
 * An execution: boot a fresh simulated kernel, run the program's setup on
 * one thread alone, start its threads and interleave them at every
 * scheduling point as the strategy decides, then run teardown, then judge
 * hangs and leaks.  The first violation ends the execution (a
 * sim_violation_continue report waits for the end).  Everything an
 * execution does follows from (program, config): same inputs, same trace.
 */
#ifndef SIM_ENGINE_ENGINE_H
#define SIM_ENGINE_ENGINE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim.h"

enum sim_strategy {
	SIM_STRAT_RANDOM,
	SIM_STRAT_PCT,
	SIM_STRAT_DFS,
	SIM_STRAT_REPLAY,
};

const char *sim_strategy_name(enum sim_strategy s);
/* Returns -1 for an unknown name. */
int sim_strategy_parse(const char *name);

struct sim_dfs;			/* exhaustive search state, dfs.c */

struct sim_config {
	uint64_t	seed;
	enum sim_strategy strategy;
	int		pct_depth;	/* d: d-1 priority change points */
	uint64_t	pct_steps;	/* k: estimated steps (0: default) */
	struct sim_dfs	*dfs;		/* SIM_STRAT_DFS: shared search */
	const GArray	*replay;	/* SIM_STRAT_REPLAY: int tids */
	double		fault_malloc;	/* P(M_NOWAIT site fails) */
	bool		fault_signals;	/* PCATCH sleeps may be interrupted */
	int64_t		fault_nth;	/* sweep: fail the Nth site hit; -1 */
	bool		fault_persistent; /* sweep: and every site after it */
	bool		trace;		/* record every step */
	/*
	 * The caller keeps only the verdict (kind, message, signature, site,
	 * lock orders), as explore does before it re-runs a kept seed for
	 * its report: the threads' last steps are not formatted.
	 */
	bool		brief;
	uint64_t	max_steps;	/* livelock bound (0: default) */
	/*
	 * An instrumented driver's loads and stores (access.c): which are
	 * scheduling points, SIM_POINTS_*; with SIM_POINTS_RACES, the driver
	 * sites (text offsets, sorted) that are.
	 */
	int		points;
	const GArray	*point_sites;	/* unsigned, sorted */
	bool		check_races;	/* a data race is a violation */
	GArray		*race_sites_out; /* if set: collect racing sites */
	/*
	 * If set: the state after boot, kldload and setup, taken by the first
	 * execution that has it empty and restored by every later one with
	 * the same program and configuration (the seed aside) instead of
	 * running them again (snapshot_int.h).  NULL: every execution boots.
	 */
	struct sim_snapshot *snapshot;
};

#define	SIM_POINTS_SYNC		0	/* locks, sleeps, wakeups only */
#define	SIM_POINTS_RACES	1	/* and accesses at racing sites */
#define	SIM_POINTS_ALL		2	/* and every shared access */

void sim_config_init(struct sim_config *cfg);

/* One recorded step of an execution. */
enum sim_evkind {
	SIM_EV_POINT,		/* a scheduling point (lock, access, ...) */
	SIM_EV_BLOCK,		/* thread blocked on a wait channel */
	SIM_EV_WAKE,		/* thread `tid` made `arg` runnable */
	SIM_EV_NOTE,		/* kernel printf/log, interpreter notes */
	SIM_EV_OP_BEGIN,	/* scenario operation starts (note = text) */
	SIM_EV_OP_END,		/* ... and its outcome (note) */
	SIM_EV_THREAD_START,
	SIM_EV_THREAD_END,
	SIM_EV_SWITCH,		/* the strategy switched to `tid` */
	SIM_EV_VIOLATION,
};

struct sim_event {
	uint64_t	step;		/* scheduling-point count when emitted */
	uint64_t	tick;		/* virtual clock */
	int		tid;
	enum sim_evkind	kind;
	int		acc;		/* SIM_ACC_* */
	int		arg;		/* WAKE: woken tid; BLOCK: result */
	const char	*ev;		/* interned: "mtx_lock" */
	const char	*obj;		/* interned: "tun_mtx@tun#1" or NULL */
	const char	*file;		/* static string */
	int		line;
	char		*note;		/* owned, may be NULL */
};

struct sim_thread_summary {
	char		*name;
	bool		finished;
	bool		blocked;
	char		*wmesg;		/* when blocked */
	/*
	 * The last steps of this thread, newest last: "file:line ev obj".
	 * Filled only when the execution ended in a violation.
	 */
	GPtrArray	*last_steps;	/* char * */
};

/* A lock order an execution's WITNESS learned (sim_lock_order). */
struct sim_lock_order {
	const char	*first, *second;	/* lock names (interned) */
	const char	*file1, *file2;		/* static */
	int		line1, line2;		/* canonical lines */
};

struct sim_result {
	enum sim_violation_kind kind;	/* SIM_V_NONE when clean */
	char		*message;
	const char	*file;		/* where the violation was detected */
	int		line;
	int		tid;		/* thread that detected it, -1 engine */
	/* The root cause (DESIGN 10): groups violations, a short title. */
	char		*signature;
	char		*site;		/* where: "kind@file:line" */
	char		*cause;		/* stacks of what is involved (text) */
	GArray		*schedule;	/* int: the tid chosen at each decision */
	uint64_t	steps;		/* scheduling points passed */
	uint64_t	decisions;	/* points with more than one choice */
	uint64_t	preemptions;	/* switches away from a runnable thread */
	GArray		*trace;		/* struct sim_event, if cfg->trace */
	GPtrArray	*threads;	/* struct sim_thread_summary * */
	GPtrArray	*trace_threads;	/* char *: thread names by tid */
	void		*threads_block;	/* owns both's summaries and names */
	GArray		*lock_orders;	/* struct sim_lock_order, first seen */
	int		nreported;	/* sim_violation_continue reports */
};

void sim_result_clear(struct sim_result *res);

/*
 * What an execution runs.  setup runs alone on thread 0; then one thread per
 * entry of `threads`; then teardown alone (it may interrupt and wait for the
 * remaining threads); then leak_check.  All on simulated threads.
 */
struct sim_program {
	void		*arg;
	void		(*setup)(void *arg);
	int		nthreads;
	const char	*const *thread_names;
	void		(*thread_fn)(void *arg, int index);
	void		(*teardown)(void *arg);
	/* Called on the engine side after teardown, to add checks. */
	void		(*after)(void *arg, struct sim_result *res);
	/*
	 * The program's own state after setup, for a snapshot: saved once,
	 * restored (instead of running setup) any number of times.  Without
	 * snap_save a program with a setup is never snapshotted.
	 */
	void		*(*snap_save)(void *arg);
	void		(*snap_restore)(void *arg, const void *saved);
	void		(*snap_free)(void *saved);
};

/*
 * A snapshot of the prefix, owned by the caller: valid only with the
 * program it was taken with (and its scenario alive), and used only when
 * the configuration matches (the seed and the strategy's parameters aside).
 * sim_snapshot_state(): "empty", "ready" or
 * why none can be taken ("a thread besides main ran in the prefix").
 */
struct sim_snapshot;
/* An empty snapshot for executions configured like cfg. */
struct sim_snapshot *sim_snapshot_new(const struct sim_config *cfg);
void sim_snapshot_free(struct sim_snapshot *s);
/* Would an execution configured like cfg use (or fill) s? */
bool sim_snapshot_matches(const struct sim_snapshot *s,
    const struct sim_config *cfg);
const char *sim_snapshot_state(const struct sim_snapshot *s);

/* Run one execution.  Returns res->kind. */
enum sim_violation_kind sim_execute(const struct sim_program *prog,
    const struct sim_config *cfg, struct sim_result *res);

/*
 * Threads of the current execution that are blocked in an interruptible
 * sleep get a signal (process exit at teardown).  Engine side, callable from
 * a simulated thread.
 */
void sim_interrupt_sleepers(void);

/* Let every other runnable thread run until none can (teardown). */
void sim_quiesce(void);

/* Has teardown started killing the processes? */
bool sim_exiting(void);

/* Trace writers (trace.c). */
void sim_trace_write_text(FILE *f, const struct sim_result *res);
void sim_trace_write_json(FILE *f, const struct sim_result *res);
void sim_trace_write_perfetto(FILE *f, const struct sim_result *res);

/* Schedule text form: "0 0 1 2*3" (tid, or tid*count for runs). */
char *sim_schedule_format(const GArray *sched);
GArray *sim_schedule_parse(const char *text, GError **err);

/* One copy of s for the process, for comparison by address (intern.c). */
const char *sim_intern(const char *s);

#endif /* SIM_ENGINE_ENGINE_H */
