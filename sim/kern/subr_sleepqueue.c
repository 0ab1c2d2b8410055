/* Stands for sys/kern/subr_sleepqueue.c at FreeBSD edca4938 (2019).
 * subr_sleepqueue.c - sleep queues (sys/kern/subr_sleepqueue.c): the only
 * place a simulated thread blocks (sim_block) or is woken (sim_unblock).
 *
 * Every sleeping thread sits on one FIFO list with its wait channel and
 * queue index; waking scans it in order, so who wakes first is decided by
 * sleep order, never by an address.  A thread goes on the list in
 * sleepq_add() and blocks later in sleepq_*wait*(); the interlock is
 * dropped in between (a scheduling point), and a wakeup that lands there
 * takes the thread off the list, so the wait returns at once: the
 * "queue before dropping the lock" rule that makes cv_wait_unlock and
 * mtx_sleep race-free holds here as in FreeBSD.
 *
 * Signals: an interruptible sleep blocks with SIM_BLOCK_INTR; sim_block()
 * itself asks the fault plan (sim_fault_signal, FreeBSD's
 * sleepq_catch_signals) and the engine interrupts such sleepers at
 * teardown; either way sim_block returns SIM_INTERRUPTED.  Either
 * way the sleep returns EINTR, never ERESTART: the interrupting signal
 * models process exit or a signal whose handler lacks SA_RESTART, and
 * EINTR is what the caller's system call then returns to user space (the
 * scenario can name it).  A timeout returns EWOULDBLOCK.
 *
 * A thread whose sleep timed out or was interrupted by the engine is
 * runnable but still listed until it runs; wakers skip it (FreeBSD's
 * timeout handler takes it off the queue first).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sleepqueue.h>

static TAILQ_HEAD(, thread) sleepq_threads __kdata =
    TAILQ_HEAD_INITIALIZER(sleepq_threads);

/* Queue the current thread on wchan; it does not block yet. */
void
sleepq_add(const void *wchan, struct lock_object *lock, const char *wmesg,
    int flags, int queue)
{
	struct thread *td;

	td = curthread;
	KASSERT(td->td_tid >= 0, ("sleepq_add: %s outside a thread", wmesg));
	KASSERT(td->td_wchan == NULL, ("thread already on a sleep queue"));
	KASSERT(wchan != NULL, ("sleepq_add: NULL wait channel"));
	KASSERT(queue >= 0 && queue < SLEEPQ_NQUEUES,
	    ("sleepq_add: bad queue %d", queue));
	/* THREAD_NO_SLEEPING of an epoch section (turnstiles are fine). */
	KASSERT(td->td_epochnest == 0 || (flags & SLEEPQ_TYPE) == SLEEPQ_MTX,
	    ("sleepq_add: %s to sleep on \"%s\" with sleeping prohibited "
	    "(in an epoch section)", td->td_name, wmesg));
	td->td_wchan = wchan;
	td->td_wmesg = wmesg;
	td->td_sqqueue = queue;
	td->td_slpflags = flags;
	td->td_slptimo = 0;
	td->td_slpowner = -1;
	td->td_slpfile = __FILE__;
	td->td_slpline = __LINE__;
	TAILQ_INSERT_TAIL(&sleepq_threads, td, td_slpq);
}

/* Arm a timeout (ticks) for the coming sleep. */
void
sleepq_set_timeout(const void *wchan, int timo)
{
	struct thread *td;

	td = curthread;
	KASSERT(td->td_wchan == wchan, ("sleepq_set_timeout: not queued"));
	td->td_slptimo = timo;
}

/* Name the thread holding the awaited lock (deadlock wait-for graph). */
void
sleepq_set_owner(const void *wchan, int owner)
{
	struct thread *td;

	td = curthread;
	KASSERT(td->td_wchan == wchan, ("sleepq_set_owner: not queued"));
	td->td_slpowner = owner;
}

/* Where the coming sleep was asked for (the caller's file:line). */
void
sleepq_set_site(const char *file, int line)
{
	struct thread *td;

	td = curthread;
	td->td_slpfile = file;
	td->td_slpline = line;
}

/* Take td off the list. */
static void
sleepq_remove_td(struct thread *td)
{

	TAILQ_REMOVE(&sleepq_threads, td, td_slpq);
	td->td_wchan = NULL;
}

/*
 * Block until woken, timed out or interrupted.  Returns SIM_WOKEN,
 * SIM_TIMEDOUT or SIM_INTERRUPTED.
 */
static int
sleepq_switch(const void *wchan, int intr)
{
	struct thread *td;
	int giant, r;

	td = curthread;
	/* DROP_GIANT: a sleeper, unlike a turnstile waiter, lets Giant go. */
	giant = 0;
	if ((td->td_slpflags & SLEEPQ_TYPE) != SLEEPQ_MTX &&
	    td->td_wchan != NULL && mtx_owned(&Giant))
		giant = mtx_giant_drop();
	if (td->td_wchan == NULL) {
		mtx_giant_pickup(giant);
		return (SIM_WOKEN);	/* Woken while dropping the lock. */
	}
	KASSERT(td->td_wchan == wchan, ("sleepq_switch: wrong channel"));
	td->td_sleeping = 1;
	r = sim_block(wchan, td->td_wmesg, td->td_slpowner,
	    intr ? SIM_BLOCK_INTR : 0, (uint64_t)td->td_slptimo,
	    td->td_slpfile, td->td_slpline);
	td->td_sleeping = 0;
	if (td->td_wchan != NULL) {
		KASSERT(r != SIM_WOKEN, ("sleepq_switch: woken but queued"));
		sleepq_remove_td(td);
	}
	mtx_giant_pickup(giant);	/* PICKUP_GIANT */
	return (r);
}

/* Uninterruptible sleep without timeout. */
void
sleepq_wait(const void *wchan, int pri)
{

	(void)sleepq_switch(wchan, 0);
}

/* Interruptible sleep: 0 or EINTR. */
int
sleepq_wait_sig(const void *wchan, int pri)
{

	return (sleepq_switch(wchan, 1) == SIM_INTERRUPTED ? EINTR : 0);
}

/* Sleep with the timeout armed: 0 or EWOULDBLOCK. */
int
sleepq_timedwait(const void *wchan, int pri)
{

	return (sleepq_switch(wchan, 0) == SIM_TIMEDOUT ? EWOULDBLOCK : 0);
}

/* Interruptible sleep with timeout: 0, EWOULDBLOCK or EINTR. */
int
sleepq_timedwait_sig(const void *wchan, int pri)
{

	switch (sleepq_switch(wchan, 1)) {
	case SIM_TIMEDOUT:
		return (EWOULDBLOCK);
	case SIM_INTERRUPTED:
		return (EINTR);
	default:
		return (0);
	}
}

/* Can td still be woken (not already timed out or interrupted)? */
static bool
sleepq_td_wakeable(struct thread *td)
{
	const void *wchan;

	return (td->td_sleeping == 0 || sim_thread_blocked(td->td_tid, &wchan));
}

/* Wake td: off the list, and runnable if it was blocked. */
static void
sleepq_resume_thread(struct thread *td)
{
	int sleeping;

	sleeping = td->td_sleeping;
	sleepq_remove_td(td);
	if (sleeping)
		sim_unblock(td->td_tid, SIM_WOKEN);
}

/*
 * Wake the first (longest-waiting) thread on (wchan, queue).  Returns 1
 * if a thread was woken, 0 if none was waiting.
 */
int
sleepq_signal(const void *wchan, int flags, int pri, int queue)
{
	struct thread *td;

	TAILQ_FOREACH(td, &sleepq_threads, td_slpq) {
		if (td->td_wchan == wchan && td->td_sqqueue == queue &&
		    sleepq_td_wakeable(td)) {
			sleepq_resume_thread(td);
			return (1);
		}
	}
	return (0);
}

/* Wake every thread on (wchan, queue).  Returns 1 if any was woken. */
int
sleepq_broadcast(const void *wchan, int flags, int pri, int queue)
{
	struct thread *td, *tdn;
	int woken;

	woken = 0;
	TAILQ_FOREACH_SAFE(td, &sleepq_threads, td_slpq, tdn) {
		if (td->td_wchan == wchan && td->td_sqqueue == queue &&
		    sleepq_td_wakeable(td)) {
			sleepq_resume_thread(td);
			woken = 1;
		}
	}
	return (woken);
}

/* Number of threads queued on (wchan, queue). */
u_int
sleepq_sleepcnt(const void *wchan, int queue)
{
	struct thread *td;
	u_int n;

	n = 0;
	TAILQ_FOREACH(td, &sleepq_threads, td_slpq)
		if (td->td_wchan == wchan && td->td_sqqueue == queue)
			n++;
	return (n);
}
