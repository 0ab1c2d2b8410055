/*
 * sched.c - simulated threads, scheduling points and one execution.
 *
 * Exactly one simulated thread runs at a time.  At every scheduling point
 * (sim_point), and whenever the running thread blocks or ends, the strategy
 * picks the next thread among the runnable ones; the pick is recorded when
 * there was a choice, so the schedule replays.  Nothing here reads the
 * host's clock: time is the virtual tick count, advanced only when no
 * thread can run and a timed sleep is pending (then it jumps to the
 * earliest deadline; ties go to the lowest tid).
 *
 * Thread 0 ("main") boots the kernel, runs the program's setup alone, starts
 * the program's threads, waits until none can run, runs teardown, and then
 * judges hangs and leaks.  While main waits it counts as runnable only when
 * no other thread is, so it also stands for "every thread finished or is
 * blocked".  A violation abandons every coroutine and returns to the host.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "coro.h"
#include "engine_int.h"
#include "prng.h"
#include "race.h"
#include "snapshot_int.h"

#define	RING		10		/* last steps kept per thread */
#define	DEFAULT_MAX_STEPS 200000
#define	PCT_MAXD	16

enum tstate { TS_RUNNABLE, TS_BLOCKED, TS_DONE };

struct step {
	const char	*ev;
	const void	*obj;
	int		acc;
	const char	*file;
	int		line;
	uint64_t	stepno;
};

struct sthread {
	int		tid;
	char		*name;		/* namebuf, or a copy if longer */
	char		namebuf[40];
	int		flags;
	enum tstate	state;
	struct coro	co;
	void		(*fn)(void *);
	void		*arg;
	/* while blocked */
	const void	*wchan;
	const char	*wmesg;
	int		owner;
	int		bflags;
	uint64_t	deadline;
	int		wake_res;
	const char	*bfile;
	int		bline;
	bool		quiesce_wait;
	uint64_t	prio;		/* pct */
	bool		first_free;	/* dfs: first step commutes with all */
	const void	*first_obj;	/* dfs: else its creator's step's */
	struct step	ring[RING];
	int		ring_n;
};

static struct exec {
	const struct sim_config	*cfg;
	const struct sim_program *prog;
	struct sim_result	*res;
	GPtrArray		*threads;	/* struct sthread * by tid */
	struct sthread		*cur;
	struct coro		host;
	bool			active;
	bool			exiting;
	bool			violated;
	/* The first sim_violation_continue report, the verdict if no other. */
	bool			deferred;
	enum sim_violation_kind	dkind;
	char			*dmsg;
	const char		*dfile;
	int			dline, dtid;
	char			*dsig, *dsite, *dcause;	/* its root cause */
	uint64_t		steps;
	uint64_t		max_steps;
	uint64_t		ticks;
	struct prng		rsched, rfault, rsignal, rpct;
	int64_t			fault_hits;
	uint64_t		pct_change[PCT_MAXD];
	int			pct_nchange;
	guint			replay_pos;
	/* Taking a snapshot of the prefix: what it cannot read back later. */
	bool			capturing;
	GArray			*cap_obs;	/* struct dfs_obs */
	GArray			*cap_points;	/* uint64_t: sim_point steps */
} X;

/* A step dfs was told of (dfs_observe), replayed from a snapshot. */
struct dfs_obs {
	int		tid;
	const void	*obj;
	int		acc;
};

static void finish_execution(void) __attribute__((noreturn));

const char *
sim_violation_name(enum sim_violation_kind kind)
{
	static const char *const names[SIM_V_NKINDS] = {
		[SIM_V_NONE] = "none",
		[SIM_V_PANIC] = "panic",
		[SIM_V_USE_AFTER_FREE] = "use-after-free",
		[SIM_V_DOUBLE_FREE] = "double-free",
		[SIM_V_LOCK] = "lock",
		[SIM_V_SLEEP_WITH_MUTEX] = "sleep-with-mutex",
		[SIM_V_LOCK_ORDER] = "lock-order",
		[SIM_V_DEADLOCK] = "deadlock",
		[SIM_V_HANG] = "hang",
		[SIM_V_LEAK] = "leak",
		[SIM_V_UNEXPECTED] = "unexpected",
		[SIM_V_DATA_RACE] = "data-race",
	};

	if ((int)kind < 0 || kind >= SIM_V_NKINDS)
		return ("?");
	return (names[kind]);
}

const char *
sim_strategy_name(enum sim_strategy s)
{

	switch (s) {
	case SIM_STRAT_RANDOM:	return ("random");
	case SIM_STRAT_PCT:	return ("pct");
	case SIM_STRAT_DFS:	return ("dfs");
	case SIM_STRAT_REPLAY:	return ("replay");
	}
	return ("?");
}

int
sim_strategy_parse(const char *name)
{

	if (strcmp(name, "random") == 0)
		return (SIM_STRAT_RANDOM);
	if (strcmp(name, "pct") == 0)
		return (SIM_STRAT_PCT);
	if (strcmp(name, "dfs") == 0)
		return (SIM_STRAT_DFS);
	if (strcmp(name, "replay") == 0)
		return (SIM_STRAT_REPLAY);
	return (-1);
}

void
sim_config_init(struct sim_config *cfg)
{

	memset(cfg, 0, sizeof(*cfg));
	cfg->strategy = SIM_STRAT_RANDOM;
	cfg->pct_depth = 3;
	cfg->fault_nth = -1;
}

/* ------------------------------------------------------------------ */
/* Trace recording.                                                   */
/* ------------------------------------------------------------------ */

static void
emit(enum sim_evkind kind, int tid, const char *ev, const void *obj,
    bool obj_is_label, int acc, int arg, const char *file, int line,
    char *note)
{
	struct sim_event e;

	if (!X.cfg->trace) {
		g_free(note);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.step = X.steps;
	e.tick = X.ticks;
	e.tid = tid;
	e.kind = kind;
	e.acc = acc;
	e.arg = arg;
	e.ev = ev != NULL ? sim_intern(ev) : NULL;
	if (obj != NULL)
		e.obj = sim_intern(obj_is_label ? (const char *)obj :
		    sim_obj_id(obj));
	e.file = file;
	e.line = line;
	e.note = note;
	g_array_append_val(X.res->trace, e);
}

void
sim_vtrace(const char *file, int line, const char *fmt, va_list ap)
{

	char *raw;

	if (!X.active || !X.cfg->trace)
		return;
	raw = g_strdup_vprintf(fmt, ap);
	emit(SIM_EV_NOTE, X.cur ? X.cur->tid : -1, "note", NULL, false, 0, 0,
	    file, line, canon_text(raw));
	g_free(raw);
}

void
sim_trace(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sim_vtrace(file, line, fmt, ap);
	va_end(ap);
}

/* Engine-side trace entries (interpreter operations). */
void
engine_trace_op(enum sim_evkind kind, const char *file, int line,
    char *note)
{

	if (!X.active) {
		g_free(note);
		return;
	}
	/* Main's operations are its setup (see main_thread). */
	if (kind == SIM_EV_OP_BEGIN && X.cur->tid != 0 && note != NULL)
		sstack_set_op(note);
	emit(kind, X.cur->tid, kind == SIM_EV_OP_BEGIN ? "op" : "outcome",
	    NULL, false, 0, 0, file, line, note);
}

static void
ring_push(struct sthread *t, const char *ev, const void *obj, int acc,
    const char *file, int line)
{
	struct step *s = &t->ring[t->ring_n % RING];

	s->ev = ev;
	s->obj = obj;
	s->acc = acc;
	s->file = file;
	s->line = line;
	s->stepno = X.steps;
	t->ring_n++;
}

/* ------------------------------------------------------------------ */
/* Threads.                                                           */
/* ------------------------------------------------------------------ */

/* X.active && X.cur != NULL ? X.cur->tid : -1, kept at every change. */
int sim_cur_tid = -1;

int
sim_curthread(void)
{

	return (sim_cur_tid);
}

const char *
sim_thread_name(int tid)
{

	if (tid < 0 || X.threads == NULL || (guint)tid >= X.threads->len)
		return ("engine");
	return (((struct sthread *)g_ptr_array_index(X.threads, tid))->name);
}

int
sim_nthreads(void)
{

	return (X.threads != NULL ? (int)X.threads->len : 0);
}

const struct sim_config *
engine_config(void)
{

	return (X.active && !X.violated ? X.cfg : NULL);
}

bool
engine_cur_stack(const char **lo, const char **hi)
{

	if (!X.active || X.cur == NULL || X.cur->co.stack == NULL)
		return (false);
	*lo = X.cur->co.stack;
	*hi = (const char *)X.cur->co.stack + X.cur->co.stack_size;
	return (true);
}

uint64_t
engine_steps(void)
{

	return (X.steps);
}

bool
sim_exiting(void)
{

	return (X.exiting);
}

uint64_t
sim_ticks(void)
{

	return (X.ticks);
}

static struct sthread *
thread_at(int tid)
{

	return (g_ptr_array_index(X.threads, tid));
}

static void switch_to(struct sthread *next, int dying);
static struct sthread *choose(bool forced);

static void
thread_entry(void *arg)
{
	struct sthread *t = arg;
	struct sthread *next;

	t->fn(t->arg);
	t->state = TS_DONE;
	emit(SIM_EV_THREAD_END, t->tid, "exit", NULL, false, 0, 0, NULL, 0,
	    NULL);
	if (t->tid == 0)
		finish_execution();
	next = choose(true);
	switch_to(next, 1);
	abort();
}

static void pending_step(const struct sthread *t, const void **obj,
    int *acc);

/*
 * Thread records are kept across executions (thread_pool): an execution
 * makes a few threads, and a malloc and free of each record and its name
 * per execution cost more than their use.
 */
static GPtrArray *thread_pool;

static struct sthread *
thread_new(const char *name)
{
	struct sthread *t;
	size_t n = strlen(name) + 1;

	if (thread_pool == NULL)
		thread_pool = g_ptr_array_new();
	t = thread_pool->len > 0 ? g_ptr_array_steal_index_fast(thread_pool,
	    thread_pool->len - 1) : g_new(struct sthread, 1);
	memset(t, 0, sizeof(*t));
	t->name = n <= sizeof(t->namebuf) ? memcpy(t->namebuf, name, n) :
	    g_strdup(name);
	return (t);
}

static void
thread_put(struct sthread *t)
{

	if (t->name != t->namebuf)
		g_free(t->name);
	g_ptr_array_add(thread_pool, t);
}

int
sim_thread_create(const char *name, void (*fn)(void *), void *arg, int flags)
{
	struct sthread *t = thread_new(name);

	t->tid = (int)X.threads->len;
	t->flags = flags;
	t->state = TS_RUNNABLE;
	t->fn = fn;
	t->arg = arg;
	t->owner = -1;
	/* pct: distinct random priorities above every change-point value. */
	t->prio = PCT_MAXD + (prng_next(&X.rpct) >> 8);
	coro_make(&t->co, thread_entry, t);
	if (X.cur != NULL) {
		int acc;

		pending_step(X.cur, &t->first_obj, &acc);
		if (acc == SIM_ACC_NONE)
			t->first_obj = NULL;
	}
	g_ptr_array_add(X.threads, t);
	race_thread_create(X.cur != NULL ? X.cur->tid : -1, t->tid);
	emit(SIM_EV_THREAD_START, t->tid, "start", NULL, false, 0, 0, NULL, 0,
	    g_strdup(name));
	return (t->tid);
}

/* ------------------------------------------------------------------ */
/* Choosing the next thread.                                          */
/* ------------------------------------------------------------------ */

static void report_stuck(void) __attribute__((noreturn));
static void check_deadlock(void);

/* Wake the timed sleeper with the earliest deadline; false if none. */
static bool
advance_clock(void)
{
	struct sthread *best = NULL;
	guint i;

	for (i = 0; i < X.threads->len; i++) {
		struct sthread *t = thread_at((int)i);

		if (t->state == TS_BLOCKED && t->deadline != 0 &&
		    (best == NULL || t->deadline < best->deadline))
			best = t;
	}
	if (best == NULL)
		return (false);
	if (best->deadline > X.ticks)
		X.ticks = best->deadline;
	best->state = TS_RUNNABLE;
	best->wake_res = SIM_TIMEDOUT;
	best->deadline = 0;
	emit(SIM_EV_WAKE, best->tid, "timeout", best->wchan, false, 0,
	    best->tid, NULL, 0, NULL);
	return (true);
}

/*
 * A thread's pending step for dfs: the point it is suspended at; none (it
 * conflicts with everything) for a return from a sleep, where the wait
 * primitive's own code runs before the next point.  The first step of a
 * scenario thread (all start together, while main only waits) has no
 * access at its start, like the code after any point but the one it names:
 * a read of an object of its own (the thread), so it commutes with all.  A
 * thread started later by another (a taskqueue's) depends on the step that
 * created it: a write of that step's object (none if it had none).
 */
static void
pending_step(const struct sthread *t, const void **obj, int *acc)
{
	const struct step *st = t->ring_n > 0 ?
	    &t->ring[(t->ring_n - 1) % RING] : NULL;
	bool woken = t->wchan != NULL;

	if (t->ring_n == 0) {
		*obj = t->first_free ? (const void *)t : t->first_obj;
		*acc = t->first_free ? SIM_ACC_READ : t->first_obj != NULL ?
		    SIM_ACC_WRITE : SIM_ACC_NONE;
		return;
	}
	*obj = st != NULL && !woken ? st->obj : NULL;
	*acc = st != NULL && !woken ? st->acc : SIM_ACC_NONE;
}

/* dfs (DPOR) sees every step, also where one thread alone can run. */
static void
dfs_observe_step(const struct sthread *t, bool none)
{
	const void *obj = NULL;
	int acc = SIM_ACC_NONE;

	if (X.cfg->strategy != SIM_STRAT_DFS || X.cfg->dfs == NULL)
		return;
	if (!none)
		pending_step(t, &obj, &acc);
	dfs_observe(X.cfg->dfs, t->tid, obj, acc);
	if (X.capturing) {
		struct dfs_obs o = { t->tid, obj, acc };

		g_array_append_val(X.cap_obs, o);
	}
}

static int
pick_strategy(const int *tids, int n, bool cur_runnable)
{
	const struct sim_config *cfg = X.cfg;
	int i, best, cur = X.cur != NULL ? X.cur->tid : -1;
	uint64_t decision = X.res->schedule->len;

	switch (cfg->strategy) {
	case SIM_STRAT_RANDOM:
		return (tids[prng_below(&X.rsched, (uint64_t)n)]);
	case SIM_STRAT_PCT:
		best = 0;
		for (i = 1; i < n; i++)
			if (thread_at(tids[i])->prio > thread_at(tids[best])->prio)
				best = i;
		return (tids[best]);
	case SIM_STRAT_DFS: {
		const void *objs[256];
		int accs[256];

		for (i = 0; i < n; i++)
			pending_step(thread_at(tids[i]), &objs[i], &accs[i]);
		return (dfs_choose(cfg->dfs, decision, tids, objs, accs, n, cur,
		    cur_runnable));
	}
	case SIM_STRAT_REPLAY:
		if (cfg->replay != NULL && X.replay_pos < cfg->replay->len) {
			int want = g_array_index(cfg->replay, int,
			    X.replay_pos);

			X.replay_pos++;
			for (i = 0; i < n; i++)
				if (tids[i] == want)
					return (want);
		}
		/* Past the recorded schedule: do not preempt. */
		if (cur_runnable)
			return (cur);
		return (tids[0]);
	}
	return (tids[0]);
}

/*
 * The thread to run next.  `forced`: the current thread cannot continue
 * (blocked or ended), so switching is not a preemption.
 */
static struct sthread *
choose(bool forced)
{
	int tids[256];
	int n, i, pick;
	bool cur_runnable;
	struct sthread *waiter;

	for (;;) {
		n = 0;
		waiter = NULL;
		for (i = 0; i < (int)X.threads->len; i++) {
			struct sthread *t = thread_at(i);

			if (t->state != TS_RUNNABLE)
				continue;
			if (t->quiesce_wait) {
				waiter = t;
				continue;
			}
			if (n < (int)G_N_ELEMENTS(tids))
				tids[n++] = i;
		}
		if (n > 0)
			break;
		if (advance_clock())
			continue;
		if (waiter != NULL) {
			/* Every other thread is done or asleep. */
			check_deadlock();
			waiter->quiesce_wait = false;
			dfs_observe_step(waiter, true);
			return (waiter);
		}
		report_stuck();
	}
	cur_runnable = X.cur != NULL && X.cur->state == TS_RUNNABLE &&
	    !X.cur->quiesce_wait && !forced;
	if (n == 1) {
		dfs_observe_step(thread_at(tids[0]), false);
		return (thread_at(tids[0]));
	}
	pick = pick_strategy(tids, n, cur_runnable);
	g_array_append_val(X.res->schedule, pick);
	X.res->decisions++;
	if (cur_runnable && pick != X.cur->tid)
		X.res->preemptions++;
	return (thread_at(pick));
}

static void
switch_to(struct sthread *next, int dying)
{
	struct sthread *prev = X.cur;

	if (next == prev)
		return;
	X.cur = next;
	sim_cur_tid = next->tid;
	emit(SIM_EV_SWITCH, next->tid, "run", NULL, false, 0, 0, NULL, 0,
	    NULL);
	coro_switch(&prev->co, &next->co, dying);
	/* Resumed: whoever switched to us set X.cur. */
}

/* ------------------------------------------------------------------ */
/* Scheduling points, blocking, waking.                               */
/* ------------------------------------------------------------------ */

static void
pct_at_step(void)
{
	int i;

	for (i = 0; i < X.pct_nchange; i++)
		if (X.pct_change[i] == X.steps)
			X.cur->prio = (uint64_t)i;	/* below all others */
}

void
sim_point(const char *ev, const void *obj, int acc, const char *file,
    int line)
{
	struct sthread *next;

	if (!X.active || X.violated)
		return;
	X.steps++;
	ring_push(X.cur, ev, obj, acc, file, line);
	if (X.cfg->trace)
		emit(SIM_EV_POINT, X.cur->tid, ev, obj, false, acc, 0, file,
		    line, NULL);
	if (X.steps > X.max_steps)
		sim_violation(SIM_V_HANG, file, line,
		    "livelock: no end after %llu scheduling points",
		    (unsigned long long)X.max_steps);
	if (X.cfg->strategy == SIM_STRAT_PCT && X.pct_nchange > 0)
		pct_at_step();
	if (X.capturing)
		g_array_append_val(X.cap_points, X.steps);
	next = choose(false);
	switch_to(next, 0);
}

void
sim_access(const void *obj, const char *field, int acc, const char *file,
    int line)
{

	sim_obj_check(obj, acc == SIM_ACC_WRITE ? "write" : "read", file,
	    line);
	sim_point(field, obj, acc, file, line);
	/* The object may have been freed while we were switched out. */
	sim_obj_check(obj, acc == SIM_ACC_WRITE ? "write" : "read", file,
	    line);
}

int
sim_block(const void *wchan, const char *wmesg, int owner, int flags,
    uint64_t timo, const char *file, int line)
{
	struct sthread *t = X.cur, *next;

	if (!X.active)
		abort();
	X.steps++;
	ring_push(t, wmesg, wchan, SIM_ACC_NONE, file, line);
	t->state = TS_BLOCKED;
	t->wchan = wchan;
	t->wmesg = wmesg;
	t->owner = owner;
	t->bflags = flags;
	t->deadline = timo != 0 ? X.ticks + timo : 0;
	t->wake_res = SIM_WOKEN;
	t->bfile = file;
	t->bline = line;
	emit(SIM_EV_BLOCK, t->tid, wmesg, wchan, false, 0, 0, file, line,
	    NULL);
	if ((flags & SIM_BLOCK_INTR) != 0 &&
	    (X.exiting || sim_fault_signal(wmesg))) {
		/* A signal is (or will be) pending: the sleep is cut short. */
		t->state = TS_RUNNABLE;
		t->wake_res = SIM_INTERRUPTED;
		t->deadline = 0;
		emit(SIM_EV_WAKE, t->tid, "signal", wchan, false, 0, t->tid,
		    file, line, NULL);
	}
	next = choose(true);
	switch_to(next, 0);
	t->wchan = NULL;
	t->owner = -1;
	return (t->wake_res);
}

void
sim_unblock(int tid, int res)
{
	struct sthread *t = thread_at(tid);

	if (t->state != TS_BLOCKED)
		return;
	t->state = TS_RUNNABLE;
	t->wake_res = res;
	t->deadline = 0;
	race_wake(X.cur != NULL ? X.cur->tid : -1, tid);
	emit(SIM_EV_WAKE, X.cur ? X.cur->tid : -1, "wake", t->wchan, false,
	    0, tid, NULL, 0, NULL);
}

bool
engine_thread_wait(int tid, struct engine_wait *w)
{
	struct sthread *t;

	if (X.threads == NULL || tid < 0 || (guint)tid >= X.threads->len)
		return (false);
	t = thread_at(tid);
	memset(w, 0, sizeof(*w));
	w->name = t->name;
	w->blocked = t->state == TS_BLOCKED;
	w->done = t->state == TS_DONE;
	w->daemon = (t->flags & SIM_THREAD_DAEMON) != 0;
	w->owner = -1;
	if (w->blocked) {
		w->wmesg = t->wmesg;
		w->wchan = t->wchan;
		w->file = t->bfile;
		w->line = t->bline;
		w->owner = t->owner;
	}
	return (true);
}

bool
sim_thread_blocked(int tid, const void **wchan)
{
	struct sthread *t;

	if (tid < 0 || (guint)tid >= X.threads->len)
		return (false);
	t = thread_at(tid);
	if (t->state != TS_BLOCKED)
		return (false);
	if (wchan != NULL)
		*wchan = t->wchan;
	return (true);
}

void
sim_interrupt_sleepers(void)
{
	guint i;

	X.exiting = true;
	for (i = 0; i < X.threads->len; i++) {
		struct sthread *t = thread_at((int)i);

		if (t->state == TS_BLOCKED && (t->bflags & SIM_BLOCK_INTR))
			sim_unblock((int)i, SIM_INTERRUPTED);
	}
}

void
sim_quiesce(void)
{
	struct sthread *next;

	X.cur->quiesce_wait = true;
	next = choose(true);
	if (next == X.cur) {
		X.cur->quiesce_wait = false;
		return;
	}
	switch_to(next, 0);
	X.cur->quiesce_wait = false;
}

/* ------------------------------------------------------------------ */
/* Faults.                                                            */
/* ------------------------------------------------------------------ */

bool
sim_fault(const char *site)
{
	const struct sim_config *cfg = X.cfg;
	bool fail = false;

	if (!X.active)
		return (false);
	if (cfg->fault_nth >= 0) {
		X.fault_hits++;
		fail = cfg->fault_persistent ? X.fault_hits >= cfg->fault_nth :
		    X.fault_hits == cfg->fault_nth;
	} else if (cfg->fault_malloc > 0.0) {
		fail = prng_double(&X.rfault) < cfg->fault_malloc;
	}
	if (fail)
		emit(SIM_EV_NOTE, X.cur->tid, "fault", NULL, false, 0, 0,
		    NULL, 0, g_strdup_printf("fault injected: %s fails", site));
	return (fail);
}

bool
sim_fault_signal(const char *wmesg)
{

	if (!X.active || !X.cfg->fault_signals)
		return (false);
	return (prng_below(&X.rsignal, 4) == 0);
}

int64_t
engine_fault_hits(void)
{

	return (X.fault_hits);
}

/* ------------------------------------------------------------------ */
/* Violations and the end of an execution.                            */
/* ------------------------------------------------------------------ */

static char *
step_text(const struct step *s)
{

	return (g_strdup_printf("%s:%d %s%s%s", s->file ? s->file : "?",
	    line_canon(s->file, s->line), s->ev ? s->ev : "?",
	    s->obj ? " " : "",
	    s->obj ? sim_obj_id(s->obj) : ""));
}

/*
 * The threads as the result keeps them.  The summaries and their names
 * are one block (res->threads_block): an execution without a violation
 * reads none of it, and a malloc per thread and name was most of the cost.
 */
static void
summarize_threads(void)
{
	struct sim_thread_summary *all;
	guint i, n = X.threads->len;
	size_t names = 0;
	char *np;
	int k, first;

	for (i = 0; i < n; i++)
		names += strlen(thread_at((int)i)->name) + 1;
	all = g_malloc0(n * sizeof(*all) + names + 1);
	np = (char *)(all + n);
	X.res->threads_block = all;
	X.res->threads = g_ptr_array_sized_new(n);
	X.res->trace_threads = g_ptr_array_sized_new(n);
	for (i = 0; i < n; i++) {
		struct sthread *t = thread_at((int)i);
		struct sim_thread_summary *ts = &all[i];
		size_t len = strlen(t->name) + 1;

		ts->name = memcpy(np, t->name, len);
		np += len;
		ts->finished = t->state == TS_DONE;
		ts->blocked = t->state == TS_BLOCKED;
		ts->wmesg = ts->blocked ? g_strdup(t->wmesg) : NULL;
		ts->last_steps = g_ptr_array_new();
		/* Only a violation's report prints them: format no others. */
		first = t->ring_n > RING ? t->ring_n - RING : 0;
		for (k = first; X.violated && !X.cfg->brief && k < t->ring_n;
		    k++)
			g_ptr_array_add(ts->last_steps,
			    step_text(&t->ring[k % RING]));
		g_ptr_array_add(X.res->threads, ts);
		g_ptr_array_add(X.res->trace_threads, ts->name);
	}
}

static void
finish_execution(void)
{

	X.res->steps = X.steps;
	summarize_threads();
	coro_switch(&X.cur->co, &X.host, 1);
	abort();
}

void
sim_violation(enum sim_violation_kind kind, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	struct sim_result *res = X.res;
	char *msg;

	if (!X.active || X.violated) {
		va_start(ap, fmt);
		fprintf(stderr, "tunsim: violation outside an execution: ");
		vfprintf(stderr, fmt, ap);
		fprintf(stderr, " (%s:%d)\n", file, line);
		va_end(ap);
		abort();
	}
	X.violated = true;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	res->message = canon_text(msg);
	g_free(msg);
	g_strchomp(res->message);	/* panic strings often end in \n */
	res->kind = kind;
	res->file = file;
	res->line = line_canon(file, line);
	line = res->line;
	res->tid = X.cur != NULL ? X.cur->tid : -1;
	cause_build(res);
	emit(SIM_EV_VIOLATION, res->tid, sim_violation_name(kind), NULL,
	    false, 0, 0, file, line, g_strdup(res->message));
	finish_execution();
}

void
sim_violation_continue(enum sim_violation_kind kind, const char *file,
    int line, const char *fmt, ...)
{
	va_list ap;
	char *msg, *cmsg;

	if (!X.active || X.violated) {
		va_start(ap, fmt);
		fprintf(stderr, "tunsim: violation outside an execution: ");
		vfprintf(stderr, fmt, ap);
		fprintf(stderr, " (%s:%d)\n", file, line);
		va_end(ap);
		abort();
	}
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	cmsg = canon_text(msg);
	g_free(msg);
	g_strchomp(cmsg);
	X.res->nreported++;
	if (X.cfg->trace)
		emit(SIM_EV_NOTE, X.cur != NULL ? X.cur->tid : -1, "note", NULL,
		    false, 0, 0, file, line, g_strdup_printf("%s (reported, "
		    "execution continues): %s", sim_violation_name(kind),
		    cmsg));
	if (X.deferred) {
		g_free(cmsg);
		return;
	}
	X.deferred = true;
	X.dkind = kind;
	X.dmsg = cmsg;
	X.dfile = file;
	X.dline = line;
	X.dtid = X.cur != NULL ? X.cur->tid : -1;
	/*
	 * Its root cause is built now, while the stacks are the ones of the
	 * report (the execution goes on and they change).
	 */
	{
		struct sim_result tmp;

		memset(&tmp, 0, sizeof(tmp));
		tmp.kind = kind;
		tmp.file = file;
		tmp.line = line_canon(file, line);
		tmp.tid = X.dtid;
		tmp.message = cmsg;
		cause_build(&tmp);
		X.dsig = tmp.signature;
		X.dsite = tmp.site;
		X.dcause = tmp.cause;
	}
}

/* The execution ends without a stopping violation: the first report. */
static void
verdict_deferred(void)
{
	struct sim_result *res = X.res;

	if (!X.deferred)
		return;
	X.violated = true;
	res->message = X.dmsg;
	X.dmsg = NULL;
	res->kind = X.dkind;
	res->file = X.dfile;
	res->line = line_canon(X.dfile, X.dline);
	res->tid = X.dtid;
	res->signature = X.dsig;
	res->site = X.dsite;
	res->cause = X.dcause;
	X.dsig = X.dsite = X.dcause = NULL;
	emit(SIM_EV_VIOLATION, res->tid, sim_violation_name(X.dkind), NULL,
	    false, 0, 0, X.dfile, res->line, g_strdup(res->message));
}

void
sim_lock_order(const char *first, const char *second, const char *file1,
    int line1, const char *file2, int line2)
{
	struct sim_lock_order o;

	if (!X.active)
		return;
	if (X.res->lock_orders == NULL)
		X.res->lock_orders = g_array_new(FALSE, FALSE, sizeof(o));
	/* A lock's name may live in a kernel object: keep a copy. */
	o.first = sim_intern(first);
	o.second = sim_intern(second);
	o.file1 = file1;
	o.line1 = line_canon(file1, line1);
	o.file2 = file2;
	o.line2 = line_canon(file2, line2);
	g_array_append_val(X.res->lock_orders, o);
}

/*
 * A wait-for cycle among blocked threads (each waits for a lock the next
 * one owns) is a deadlock: report it.  Returns if there is none.
 */
static void
check_deadlock(void)
{
	GString *s;
	guint i;
	int start, t, hops, u;

	for (i = 0; i < X.threads->len; i++) {
		start = (int)i;
		t = start;
		for (hops = 0; hops <= (int)X.threads->len; hops++) {
			struct sthread *th = thread_at(t);

			if (th->state != TS_BLOCKED || th->owner < 0)
				break;
			t = th->owner;
			if (t != start)
				continue;
			s = g_string_new("");
			u = start;
			do {
				struct sthread *w = thread_at(u);

				g_string_append_printf(s, "%s%s waits for %s on "
				    "%s (%s:%d)", s->len ? "; " : "", w->name,
				    thread_at(w->owner)->name,
				    sim_obj_id(w->wchan), w->bfile,
				    line_canon(w->bfile, w->bline));
				u = w->owner;
			} while (u != start);
			{
				char msg[2048];

				g_strlcpy(msg, s->str, sizeof(msg));
				g_string_free(s, TRUE);
				sim_violation(SIM_V_DEADLOCK,
				    thread_at(start)->bfile,
				    thread_at(start)->bline, "deadlock: %s", msg);
			}
		}
	}
}

/* Nothing can run: a wait-for cycle is a deadlock, anything else a hang. */
static void
report_stuck(void)
{
	GString *s;
	char msg[2048];
	guint i;

	check_deadlock();
	s = g_string_new("");
	for (i = 0; i < X.threads->len; i++) {
		struct sthread *th = thread_at((int)i);

		if (th->state == TS_BLOCKED && !(th->flags & SIM_THREAD_DAEMON))
			g_string_append_printf(s, "%s%s asleep on \"%s\" %s "
			    "(%s:%d)", s->len ? "; " : "", th->name, th->wmesg,
			    sim_obj_id(th->wchan), th->bfile,
			    line_canon(th->bfile, th->bline));
	}
	g_strlcpy(msg, s->str, sizeof(msg));
	g_string_free(s, TRUE);
	for (i = 0; i < X.threads->len; i++) {
		struct sthread *th = thread_at((int)i);

		if (th->state == TS_BLOCKED &&
		    !(th->flags & SIM_THREAD_DAEMON))
			sim_violation(SIM_V_HANG, th->bfile, th->bline,
			    "no thread can run: %s", msg);
	}
	sim_violation(SIM_V_HANG, NULL, 0, "no thread can run");
}

/* After teardown: blocked threads are a hang, live objects a leak. */
static void
judge_teardown(void)
{
	guint i;
	char *leaks;

	for (i = 1; i < X.threads->len; i++) {
		struct sthread *t = thread_at((int)i);

		if (t->state == TS_BLOCKED && !(t->flags & SIM_THREAD_DAEMON))
			sim_violation(SIM_V_HANG, t->bfile, t->bline,
			    "after teardown %s sleeps forever on \"%s\" %s",
			    t->name, t->wmesg, sim_obj_id(t->wchan));
	}
	leaks = ledger_leaks();
	if (leaks != NULL) {
		const char *file = NULL;
		int line = 0;
		char msg[2048];

		/* The leak is reported where its first object was allocated. */
		ledger_first_leak_site(&file, &line);
		/* sim_violation does not return: keep no heap string alive. */
		g_strlcpy(msg, leaks, sizeof(msg));
		g_free(leaks);
		sim_violation(SIM_V_LEAK, file, line, "alive after teardown: %s",
		    msg);
	}
}

/*
 * A wild or NULL pointer dereference while a simulated thread runs is what
 * a kernel calls "Fatal trap 12: page fault while in kernel mode": a panic.
 * The fault is synchronous and deterministic, so it is reported like any
 * other violation, at the thread's last scheduling point, instead of
 * killing the whole exploration.  Outside an execution the default action
 * stays.
 */
static void
fatal_trap(int sig, siginfo_t *si, void *uctx)
{
	const struct step *st;

	(void)si;
	(void)uctx;
	if (!X.active || X.violated || X.cur == NULL) {
		signal(sig, SIG_DFL);
		return;		/* the fault repeats, with the default action */
	}
	st = X.cur->ring_n > 0 ? &X.cur->ring[(X.cur->ring_n - 1) % RING] :
	    NULL;
	sim_violation(SIM_V_PANIC, st ? st->file : NULL, st ? st->line : 0,
	    "Fatal trap: %s while in kernel mode (a NULL or wild pointer "
	    "dereference after %s)", sig == SIGBUS ? "bus error" :
	    "page fault", st && st->ev ? st->ev : "the thread's start");
}

static void
install_trap_handler(void)
{
	static bool installed;
	static char altstack[64 * 1024];
	struct sigaction sa;
	stack_t ss;

	if (installed)
		return;
	installed = true;
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fatal_trap;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* ------------------------------------------------------------------ */
/* sim_execute.                                                       */
/* ------------------------------------------------------------------ */

struct prog_thread_arg {
	int	index;
};

static struct prog_thread_arg *thread_args;	/* kept, grown */
static int nthread_args;
static GPtrArray *exec_threads;		/* X.threads, kept */

static void
prog_thread(void *arg)
{
	struct prog_thread_arg *pa = arg;

	X.prog->thread_fn(X.prog->arg, pa->index);
}

/* ------------------------------------------------------------------ */
/* The snapshot of the prefix (snapshot_int.h, docs/performance.md).  */
/* ------------------------------------------------------------------ */

/* The execution's own part: what sched.c keeps of the prefix. */
struct sched_snap {
	uint64_t	steps, ticks;
	struct sthread	main;		/* its ring, and how it last slept */
	GArray		*trace;		/* struct sim_event, notes owned */
	GArray		*lock_orders;	/* struct sim_lock_order, or NULL */
	GArray		*obs;		/* struct dfs_obs */
	GArray		*points;	/* uint64_t */
};

static struct prng prefix_streams[4];	/* the streams when it began */

void
sched_snap_free(struct sched_snap *s)
{
	guint i;

	if (s == NULL)
		return;
	for (i = 0; s->trace != NULL && i < s->trace->len; i++)
		g_free(g_array_index(s->trace, struct sim_event, i).note);
	if (s->trace != NULL)
		g_array_free(s->trace, TRUE);
	if (s->lock_orders != NULL)
		g_array_free(s->lock_orders, TRUE);
	g_array_free(s->obs, TRUE);
	g_array_free(s->points, TRUE);
	g_free(s);
}

/* The snapshot this execution restores from, or NULL. */
static struct sim_snapshot *
snap_usable(void)
{
	struct sim_snapshot *sn = X.cfg->snapshot;

	if (sn == NULL || sn->state != SNAP_READY)
		return (NULL);
	return (sim_snapshot_matches(sn, X.cfg) ? sn : NULL);
}

static void
prefix_begin(void)
{

	prefix_streams[0] = X.rsched;
	prefix_streams[1] = X.rfault;
	prefix_streams[2] = X.rsignal;
	prefix_streams[3] = X.rpct;
	if (X.cfg->snapshot == NULL || X.cfg->snapshot->state != SNAP_EMPTY ||
	    !sim_snapshot_matches(X.cfg->snapshot, X.cfg))
		return;
	X.capturing = true;
	X.cap_obs = g_array_new(FALSE, FALSE, sizeof(struct dfs_obs));
	X.cap_points = g_array_new(FALSE, FALSE, sizeof(uint64_t));
}

/*
 * Why this prefix cannot stand for another seed's, or NULL.  Its path
 * depends on the seed only through random draws and fault counts (one
 * thread: no scheduling decision), so a prefix that made none is every
 * seed's prefix.
 */
static const char *
prefix_seed_bound(void)
{

	if (X.threads->len != 1)
		return ("a thread besides main ran in the prefix");
	if (memcmp(&prefix_streams[0], &X.rsched, sizeof(X.rsched)) != 0 ||
	    memcmp(&prefix_streams[1], &X.rfault, sizeof(X.rfault)) != 0 ||
	    memcmp(&prefix_streams[2], &X.rsignal, sizeof(X.rsignal)) != 0 ||
	    memcmp(&prefix_streams[3], &X.rpct, sizeof(X.rpct)) != 0)
		return ("the prefix drew random numbers");
	if (X.fault_hits != 0)
		return ("the prefix counted fault sites");
	if (X.deferred || X.res->nreported != 0)
		return ("the prefix reported a violation");
	if (X.prog->setup != NULL && X.prog->snap_save == NULL)
		return ("the program keeps no snapshot of its setup");
	return (NULL);
}

static struct sched_snap *
sched_snap_save(void)
{
	struct sched_snap *s = g_new0(struct sched_snap, 1);
	guint i;

	s->steps = X.steps;
	s->ticks = X.ticks;
	s->main = *thread_at(0);
	if (X.res->trace != NULL) {
		s->trace = g_array_sized_new(FALSE, FALSE,
		    sizeof(struct sim_event), X.res->trace->len);
		for (i = 0; i < X.res->trace->len; i++) {
			struct sim_event e = g_array_index(X.res->trace,
			    struct sim_event, i);

			e.note = g_strdup(e.note);
			g_array_append_val(s->trace, e);
		}
	}
	if (X.res->lock_orders != NULL)
		s->lock_orders = g_array_copy(X.res->lock_orders);
	s->obs = X.cap_obs;
	s->points = X.cap_points;
	X.cap_obs = X.cap_points = NULL;
	return (s);
}

static void
prefix_end(void)
{
	struct sim_snapshot *sn = X.cfg->snapshot;
	const char *why;

	if (!X.capturing)
		return;
	X.capturing = false;
	why = prefix_seed_bound();
	if (why == NULL && (sn->parts = snap_parts_save()) == NULL)
		why = "the prefix kept a long name apart";
	if (why != NULL) {
		sn->state = SNAP_INVALID;
		sn->why = why;
		g_array_free(X.cap_obs, TRUE);
		g_array_free(X.cap_points, TRUE);
		X.cap_obs = X.cap_points = NULL;
		return;
	}
	sn->sched = sched_snap_save();
	if (X.prog->snap_save != NULL) {
		sn->prog = X.prog->snap_save(X.prog->arg);
		sn->prog_free = X.prog->snap_free;
	}
	sn->state = SNAP_READY;
}

/* Put the world back as the prefix left it, on main, instead of running it. */
static void
prefix_restore(const struct sim_snapshot *sn)
{
	const struct sched_snap *s = sn->sched;
	struct sthread *m = thread_at(0), keep = *m;
	guint i;
	int j;

	snap_parts_restore(sn->parts);
	if (X.prog->snap_restore != NULL)
		X.prog->snap_restore(X.prog->arg, sn->prog);
	X.steps = s->steps;
	X.ticks = s->ticks;
	*m = s->main;
	m->tid = keep.tid;
	memcpy(m->namebuf, keep.namebuf, sizeof(m->namebuf));
	m->name = keep.name == thread_at(0)->namebuf ? m->namebuf : keep.name;
	m->flags = keep.flags;
	m->co = keep.co;
	m->fn = keep.fn;
	m->arg = keep.arg;
	m->prio = keep.prio;
	/* pct's change points that fell in the prefix, in the same order. */
	for (i = 0; X.cfg->strategy == SIM_STRAT_PCT && i < s->points->len;
	    i++)
		for (j = 0; j < X.pct_nchange; j++)
			if (X.pct_change[j] == g_array_index(s->points,
			    uint64_t, i))
				m->prio = (uint64_t)j;
	if (X.res->trace != NULL) {
		for (i = 0; i < X.res->trace->len; i++)
			g_free(g_array_index(X.res->trace, struct sim_event,
			    i).note);
		g_array_set_size(X.res->trace, 0);
		for (i = 0; s->trace != NULL && i < s->trace->len; i++) {
			struct sim_event e = g_array_index(s->trace,
			    struct sim_event, i);

			e.note = g_strdup(e.note);
			g_array_append_val(X.res->trace, e);
		}
	}
	if (s->lock_orders != NULL)
		X.res->lock_orders = g_array_copy(s->lock_orders);
	if (X.cfg->strategy == SIM_STRAT_DFS && X.cfg->dfs != NULL)
		for (i = 0; i < s->obs->len; i++) {
			const struct dfs_obs *o = &g_array_index(s->obs,
			    struct dfs_obs, i);

			dfs_observe(X.cfg->dfs, o->tid, o->obj, o->acc);
		}
}

static void
main_thread(void *arg)
{
	const struct sim_program *prog = X.prog;
	struct sim_snapshot *sn;
	int i;

	(void)arg;
	sstack_set_op("setup");
	if ((sn = snap_usable()) != NULL)
		prefix_restore(sn);
	else {
		prefix_begin();
		sim_kern_boot();
		if (prog->setup != NULL)
			prog->setup(prog->arg);
		prefix_end();
	}
	for (i = 0; i < prog->nthreads; i++) {
		thread_args[i].index = i;
		thread_at(sim_thread_create(prog->thread_names[i],
		    prog_thread, &thread_args[i], 0))->first_free = true;
	}
	sim_quiesce();
	race_join_all(0);	/* teardown stands for every process's exit */
	sstack_set_op("teardown");
	if (prog->teardown != NULL)
		prog->teardown(prog->arg);
	sim_quiesce();
	judge_teardown();
	if (prog->after != NULL)
		prog->after(prog->arg, X.res);
	verdict_deferred();
	finish_execution();
}

static void
pct_plan(void)
{
	uint64_t k = X.cfg->pct_steps ? X.cfg->pct_steps : 1000;
	int d = X.cfg->pct_depth, i;

	if (d < 1)
		d = 1;
	if (d > PCT_MAXD)
		d = PCT_MAXD;
	X.pct_nchange = d - 1;
	for (i = 0; i < X.pct_nchange; i++)
		X.pct_change[i] = 1 + prng_below(&X.rpct, k);
}

enum sim_violation_kind
sim_execute(const struct sim_program *prog, const struct sim_config *cfg,
    struct sim_result *res)
{
	guint i;

	install_trap_handler();
	memset(res, 0, sizeof(*res));
	res->tid = -1;
	res->schedule = g_array_new(FALSE, FALSE, sizeof(int));
	if (cfg->trace)
		res->trace = g_array_new(FALSE, FALSE, sizeof(struct sim_event));
	memset(&X, 0, sizeof(X));
	sim_cur_tid = -1;
	X.cfg = cfg;
	X.prog = prog;
	X.res = res;
	X.max_steps = cfg->max_steps ? cfg->max_steps : DEFAULT_MAX_STEPS;
	prng_seed(&X.rsched, cfg->seed, "sched");
	prng_seed(&X.rfault, cfg->seed, "fault");
	prng_seed(&X.rsignal, cfg->seed, "signal");
	prng_seed(&X.rpct, cfg->seed, "pct");
	if (cfg->strategy == SIM_STRAT_PCT)
		pct_plan();
	if (exec_threads == NULL)
		exec_threads = g_ptr_array_new();
	X.threads = exec_threads;
	if (nthread_args < prog->nthreads + 1) {
		nthread_args = prog->nthreads + 1;
		thread_args = g_renew(struct prog_thread_arg, thread_args,
		    nthread_args);
	}
	memset(thread_args, 0, sizeof(*thread_args) * nthread_args);
	ledger_reset();
	sstack_reset();
	access_reset(cfg);
	cause_reset();
	coro_init_host(&X.host);
	X.active = true;
	sim_thread_create("main", main_thread, NULL, 0);
	X.cur = thread_at(0);
	sim_cur_tid = 0;
	emit(SIM_EV_SWITCH, 0, "run", NULL, false, 0, 0, NULL, 0, NULL);
	coro_switch(&X.host, &X.cur->co, 0);
	/* Back on the host: the execution is over. */
	X.active = false;
	sim_cur_tid = -1;
	sim_kern_shutdown();
	for (i = 0; i < X.threads->len; i++) {
		struct sthread *t = thread_at((int)i);

		coro_release(&t->co);
		thread_put(t);
	}
	g_ptr_array_set_size(X.threads, 0);
	X.threads = NULL;
	g_free(X.host.uctx);
	ledger_reset();
	g_free(X.dmsg);
	X.dmsg = NULL;
	g_free(X.dsig);
	g_free(X.dsite);
	g_free(X.dcause);
	X.dsig = X.dsite = X.dcause = NULL;
	/* A violation in the prefix: no snapshot this time. */
	if (X.cap_obs != NULL)
		g_array_free(X.cap_obs, TRUE);
	if (X.cap_points != NULL)
		g_array_free(X.cap_points, TRUE);
	X.cap_obs = X.cap_points = NULL;
	X.capturing = false;
	return (res->kind);
}

void
sim_result_clear(struct sim_result *res)
{
	guint i;

	g_free(res->message);
	g_free(res->signature);
	g_free(res->site);
	g_free(res->cause);
	if (res->schedule != NULL)
		g_array_free(res->schedule, TRUE);
	if (res->trace != NULL) {
		for (i = 0; i < res->trace->len; i++)
			g_free(g_array_index(res->trace, struct sim_event,
			    i).note);
		g_array_free(res->trace, TRUE);
	}
	if (res->threads != NULL) {
		for (i = 0; i < res->threads->len; i++) {
			struct sim_thread_summary *ts =
			    g_ptr_array_index(res->threads, i);

			g_free(ts->wmesg);
			g_ptr_array_set_free_func(ts->last_steps, g_free);
			g_ptr_array_free(ts->last_steps, TRUE);
		}
		g_ptr_array_free(res->threads, TRUE);
	}
	g_free(res->threads_block);
	if (res->trace_threads != NULL)
		g_ptr_array_free(res->trace_threads, TRUE);
	if (res->lock_orders != NULL)
		g_array_free(res->lock_orders, TRUE);
	memset(res, 0, sizeof(*res));
}
