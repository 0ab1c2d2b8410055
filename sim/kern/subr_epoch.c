/* Stands for sys/kern/subr_epoch.c at FreeBSD edca4938 (2019).
 * subr_epoch.c - epoch(9), the network epoch included
 * (sys/kern/subr_epoch.c).
 *
 * Models preemptible epochs: a reader brackets its use of epoch-protected
 * data (the ifnet list, an interface's addresses) with
 * epoch_enter_preempt/epoch_exit_preempt; a writer unlinks an object and
 * then either waits for the readers (epoch_wait_preempt) or hands the
 * free to epoch_call, which runs the callback once every section that was
 * open at the call has been left.
 *  - Sections: each epoch keeps the trackers of the open sections in entry
 *    order, numbered by an entry counter (et_seq).  "Open at time T" is
 *    "et_seq <= the counter at T"; the oldest open section is the list's
 *    head.  Leaving is a scheduling point (on the epoch, taken while still
 *    inside), so another thread can find the section open even when the
 *    reader makes no other step in it; entering is not one of its own (a
 *    switch just before it is one at the step before).
 *  - A section may be preempted and may block on a mutex, but not sleep:
 *    FreeBSD's epoch_enter_preempt does THREAD_NO_SLEEPING, so a sleep
 *    inside is a panic ("sleeping prohibited", sleepq_add).
 *  - epoch_call: the callback is queued (FIFO) with the counter at the
 *    call; the epoch's callback thread ("epoch_cb", FreeBSD's per-CPU
 *    callback group task; a SIM_THREAD_DAEMON started by the first
 *    epoch_call, so executions without one carry no idle thread) runs
 *    every callback whose grace period has passed.  epoch_call and the
 *    exit that ends a grace period wake it, so when a callback runs, once
 *    it may, is a scheduling decision (that thread's).
 *  - epoch_wait_preempt sleeps on the epoch (through the sleep queue,
 *    Giant dropped) until every section open at the call is left; called
 *    inside a section of the same epoch it panics, as FreeBSD's
 *    KASSERT.  Sleeping with a mutex held is WITNESS's business
 *    (WITNESS_WARN, as FreeBSD's "epoch_wait() can be long running").
 *  - epoch_drain_callbacks waits until every callback queued before it
 *    has run.
 * Locking: none of its own (one CPU, and no scheduling point between a
 * test and its use); the lists are __kdata, rebuilt at every boot.
 * Not modelled: non-preemptible epochs (epoch_enter/epoch_wait), per-CPU
 * records, priority lending to readers, EPOCH_LOCKED, epoch_free with
 * callbacks pending.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sleepqueue.h>
#include <sys/epoch.h>

#define	EPOCH_MAX	2		/* Epochs per boot. */
#define	EPOCH_NCB	64		/* Pending callbacks per epoch. */

struct epoch_cb {
	epoch_context_t	ec_ctx;
	epoch_callback_t *ec_fn;
	uint64_t	ec_seq;		/* Entry counter at the call. */
	const char	*ec_file;	/* Where epoch_call was made. */
	int		ec_line;
};

struct epoch {
	const char	*e_name;
	int		e_flags;
	int		e_inuse;
	TAILQ_HEAD(, epoch_tracker) e_sections;	/* Open, entry order. */
	uint64_t	e_seq;		/* Sections entered so far. */
	struct epoch_cb	e_cb[EPOCH_NCB]; /* Pending callbacks, FIFO ... */
	int		e_cbhead, e_ncb;  /* ... in a ring. */
	uint64_t	e_cbqueued;	/* Callbacks queued so far ... */
	uint64_t	e_cbdone;	/* ... and run so far. */
	int		e_waiters;	/* Threads in epoch_wait/drain. */
	int		e_cbtid;	/* Callback thread, -1 until started. */
	int		e_cbidle;	/* It sleeps, waiting for work. */
};

static struct epoch epochs[EPOCH_MAX] __kdata;
epoch_t global_epoch_preempt __kdata;
epoch_t net_epoch_preempt __kdata;

static void epoch_cb_thread(void *arg);

/* Boot: the kernel's epochs (epoch_init; if.c's net_epoch_preempt). */
static void
epoch_init(void *dummy __unused)
{

	global_epoch_preempt = epoch_alloc("Global preemptible",
	    EPOCH_PREEMPT);
	net_epoch_preempt = epoch_alloc("Net preemptible", EPOCH_PREEMPT);
}
SYSINIT(epoch, SI_SUB_TASKQ + 1, SI_ORDER_FIRST, epoch_init, NULL);

/* Make an epoch. */
epoch_t
epoch_alloc(const char *name, int flags)
{
	struct epoch *e;
	int i;

	KASSERT((flags & EPOCH_PREEMPT) != 0,
	    ("epoch_alloc: %s: only preemptible epochs are modelled", name));
	for (i = 0; i < EPOCH_MAX; i++)
		if (!epochs[i].e_inuse)
			break;
	if (i == EPOCH_MAX)
		panic("epoch_alloc: more than %d epochs", EPOCH_MAX);
	e = &epochs[i];
	memset(e, 0, sizeof(*e));
	e->e_name = name;
	e->e_flags = flags;
	e->e_inuse = 1;
	TAILQ_INIT(&e->e_sections);
	e->e_cbtid = -1;
	sim_label_set(e, name);
	return (e);
}

/* Forget an epoch; it must be idle. */
void
epoch_free(epoch_t epoch)
{

	KASSERT(TAILQ_EMPTY(&epoch->e_sections) && epoch->e_ncb == 0,
	    ("epoch_free: %s still in use", epoch->e_name));
	epoch->e_inuse = 0;
}

/* Has the grace period of a callback queued at counter seq passed? */
static bool
epoch_grace_passed(struct epoch *e, uint64_t seq)
{
	struct epoch_tracker *oldest;

	oldest = TAILQ_FIRST(&e->e_sections);
	return (oldest == NULL || oldest->et_seq > seq);
}

/* There may be callbacks to run: start or wake the callback thread. */
static void
epoch_cb_kick(struct epoch *e)
{

	if (e->e_cbtid < 0) {
		e->e_cbtid = sim_thread_create("epoch_cb", epoch_cb_thread, e,
		    SIM_THREAD_DAEMON);
		return;
	}
	if (e->e_cbidle) {
		e->e_cbidle = 0;
		sleepq_signal(&e->e_cbtid, SLEEPQ_SLEEP, 0, 0);
	}
}

/* Enter a section; et lives on the caller's stack until the exit. */
void
_epoch_enter_preempt(epoch_t epoch, epoch_tracker_t et, const char *file,
    int line)
{
	struct thread *td;

	td = curthread;
	et->et_td = td;
	et->et_seq = ++epoch->e_seq;
	et->et_file = file;
	et->et_line = line;
	TAILQ_INSERT_TAIL(&epoch->e_sections, et, et_link);
	td->td_epochnest++;		/* THREAD_NO_SLEEPING() */
}

/*
 * Leave a section.  The exit that ends a grace period wakes the waiters
 * and wakes the callback thread.
 */
void
_epoch_exit_preempt(epoch_t epoch, epoch_tracker_t et, const char *file,
    int line)
{
	struct thread *td;

	sim_point("epoch_exit", epoch, SIM_ACC_READ, file, line);
	td = curthread;
	KASSERT(et->et_td == td,
	    ("epoch_exit_preempt: tracker of another thread (%s:%d)",
	    et->et_file, et->et_line));
	KASSERT(td->td_epochnest > 0, ("epoch_exit_preempt: not in epoch"));
	TAILQ_REMOVE(&epoch->e_sections, et, et_link);
	et->et_td = NULL;
	td->td_epochnest--;		/* THREAD_SLEEPING_OK() */
	if (epoch->e_waiters > 0)
		sleepq_broadcast(epoch, SLEEPQ_SLEEP, 0, 0);
	if (epoch->e_ncb > 0 && epoch_grace_passed(epoch,
	    epoch->e_cb[epoch->e_cbhead].ec_seq))
		epoch_cb_kick(epoch);
}

/* Is curthread in a section of epoch? */
int
in_epoch(epoch_t epoch)
{
	struct epoch_tracker *et;

	TAILQ_FOREACH(et, &epoch->e_sections, et_link)
		if (et->et_td == curthread)
			return (1);
	return (0);
}

/* Sleep on the epoch until woken by an exit or a callback run. */
static void
epoch_sleep(struct epoch *e, const char *wmesg, const char *file, int line)
{

	e->e_waiters++;
	sleepq_add(e, NULL, wmesg, SLEEPQ_SLEEP, 0);
	sleepq_set_site(file, line);
	sleepq_wait(e, 0);
	e->e_waiters--;
}

/*
 * Wait until every section open now has been left.  Sleeps; must not be
 * called inside a section of this epoch.
 */
void
_epoch_wait_preempt(epoch_t epoch, const char *file, int line)
{
	uint64_t seq;

	WITNESS_WARN(WARN_GIANTOK | WARN_SLEEPOK, NULL,
	    "epoch_wait() can be long running");
	KASSERT(!in_epoch(epoch), ("epoch_wait_preempt() called in the middle "
	    "of an epoch section of the same epoch (%s)", epoch->e_name));
	sim_point("epoch_wait", epoch, SIM_ACC_WRITE, file, line);
	seq = epoch->e_seq;
	while (!epoch_grace_passed(epoch, seq))
		epoch_sleep(epoch, "epoch_wait", file, line);
}

/* Defer cb(ctx) until every section open now has been left. */
void
_epoch_call(epoch_t epoch, epoch_callback_t cb, epoch_context_t ctx,
    const char *file, int line)
{
	struct epoch_cb *ec;

	if (epoch->e_ncb == EPOCH_NCB)
		panic("epoch_call: more than %d callbacks pending on %s",
		    EPOCH_NCB, epoch->e_name);
	ec = &epoch->e_cb[(epoch->e_cbhead + epoch->e_ncb) % EPOCH_NCB];
	ec->ec_ctx = ctx;
	ec->ec_fn = cb;
	ec->ec_seq = epoch->e_seq;
	ec->ec_file = file;
	ec->ec_line = line;
	epoch->e_ncb++;
	epoch->e_cbqueued++;
	epoch_cb_kick(epoch);
}

/*
 * Run, in call order, every callback whose grace period has passed; stop
 * at the first that must still wait (its turn comes with the exit that
 * ends its grace period).
 */
static void
epoch_run_callbacks(struct epoch *e)
{
	struct epoch_cb ec;

	while (e->e_ncb > 0) {
		if (!epoch_grace_passed(e, e->e_cb[e->e_cbhead].ec_seq))
			break;
		ec = e->e_cb[e->e_cbhead];
		e->e_cbhead = (e->e_cbhead + 1) % EPOCH_NCB;
		e->e_ncb--;
		ec.ec_fn(ec.ec_ctx);
		e->e_cbdone++;
		if (e->e_waiters > 0)
			sleepq_broadcast(e, SLEEPQ_SLEEP, 0, 0);
	}
}

/*
 * The callback thread: run what may run, then sleep until kicked.  No
 * scheduling point between the last test and the sleep, so a kick in
 * between is not lost (it finds e_cbidle clear and the next round sees
 * the callback).
 */
static void
epoch_cb_thread(void *arg)
{
	struct epoch *e;

	e = arg;
	for (;;) {
		epoch_run_callbacks(e);
		e->e_cbidle = 1;
		sleepq_add(&e->e_cbtid, NULL, "epoch_cb", SLEEPQ_SLEEP, 0);
		sleepq_wait(&e->e_cbtid, 0);
	}
}

/* Wait until every callback queued so far has run. */
void
_epoch_drain_callbacks(epoch_t epoch, const char *file, int line)
{
	uint64_t target;

	WITNESS_WARN(WARN_GIANTOK | WARN_SLEEPOK, NULL,
	    "epoch_drain_callbacks() may sleep");
	KASSERT(!in_epoch(epoch), ("epoch_drain_callbacks() called in an "
	    "epoch section of the same epoch (%s)", epoch->e_name));
	target = epoch->e_cbqueued;
	while (epoch->e_cbdone < target) {
		epoch_cb_kick(epoch);
		/* The enqueue may have had scheduling points: test again. */
		if (epoch->e_cbdone >= target)
			break;
		epoch_sleep(epoch, "epoch_drain", file, line);
	}
}
