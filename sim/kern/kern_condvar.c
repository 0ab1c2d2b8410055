/* Stands for sys/kern/kern_condvar.c at FreeBSD edca4938 (2019).
 * kern_condvar.c - condition variables (sys/kern/kern_condvar.c).
 *
 * A waiter is queued on the cv's sleep queue before its interlock is
 * dropped, so a cv_signal/cv_broadcast made by the thread that takes the
 * lock next cannot be lost.  cv_waiters counts possible sleepers: signal
 * and broadcast do nothing when it is 0 (broadcast resets it, signal
 * decrements it); a waiter that timed out or was interrupted leaves it
 * stale, as in FreeBSD.  cv_wait/cv_wait_unlock are uninterruptible.
 * Every operation is a scheduling point and checks the cv is not in freed
 * memory (use-after-free); cv_destroy with sleepers is a panic.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/condvar.h>
#include <sys/proc.h>
#include <sys/sleepqueue.h>

/* A cv operation: scheduling point and liveness. */
static void
cv_point(struct cv *cvp, const char *ev, const char *file, int line)
{

	sim_point(ev, cvp, SIM_ACC_WRITE, file, line);
	sim_obj_check(cvp, ev, file, line);
}

/* Initialise a cv and give it a label "desc@object". */
void
_cv_init(struct cv *cvp, const char *desc, const char *file, int line)
{

	cvp->cv_description = desc;
	cvp->cv_waiters = 0;
	lock_label_set(cvp, desc);
}

/* Destroy a cv; nobody may still be asleep on it. */
void
_cv_destroy(struct cv *cvp, const char *file, int line)
{

	cv_point(cvp, "cv_destroy", file, line);
	KASSERT(sleepq_sleepcnt(cvp, 0) == 0,
	    ("%s: associated sleep queue non-empty", "cv_destroy"));
}

/* Queue on the cv, then drop the interlock; returns how it was held. */
static uintptr_t
cv_enqueue_unlock(struct cv *cvp, struct lock_object *lock, int flags,
    int timo, const char *file, int line)
{

	cvp->cv_waiters++;
	sleepq_add(cvp, lock, cvp->cv_description, SLEEPQ_CONDVAR | flags, 0);
	sleepq_set_site(file, line);
	if (timo != 0)
		sleepq_set_timeout(cvp, timo);
	return (LOCK_CLASS(lock)->lc_unlock(lock, file, line));
}

/* Wait on a cv; the interlock is dropped while asleep and retaken. */
void
_cv_wait(struct cv *cvp, struct lock_object *lock, const char *file,
    int line)
{
	uintptr_t how;

	cv_point(cvp, "cv_wait", file, line);
	lock_check_live(lock, "cv_wait", file, line);
	witness_warn(WARN_GIANTOK | WARN_SLEEPOK, lock, file, line,
	    "Waiting on \"%s\"", cvp->cv_description);
	how = cv_enqueue_unlock(cvp, lock, 0, 0, file, line);
	sleepq_wait(cvp, 0);
	LOCK_CLASS(lock)->lc_lock(lock, how, file, line);
}

/*
 * Wait on a condition variable and return with the lock released.
 * The thread is queued before the lock is dropped, so a cv_broadcast()
 * in between cannot be lost.
 */
void
_cv_wait_unlock(struct cv *cvp, struct lock_object *lock, const char *file,
    int line)
{

	cv_point(cvp, "cv_wait_unlock", file, line);
	lock_check_live(lock, "cv_wait_unlock", file, line);
	witness_warn(WARN_GIANTOK | WARN_SLEEPOK, lock, file, line,
	    "Waiting on \"%s\"", cvp->cv_description);
	(void)cv_enqueue_unlock(cvp, lock, 0, 0, file, line);
	sleepq_wait(cvp, 0);
}

/* Interruptible wait: 0, or EINTR after a signal. */
int
_cv_wait_sig(struct cv *cvp, struct lock_object *lock, const char *file,
    int line)
{
	uintptr_t how;
	int rval;

	cv_point(cvp, "cv_wait_sig", file, line);
	lock_check_live(lock, "cv_wait_sig", file, line);
	witness_warn(WARN_GIANTOK | WARN_SLEEPOK, lock, file, line,
	    "Waiting on \"%s\"", cvp->cv_description);
	how = cv_enqueue_unlock(cvp, lock, SLEEPQ_INTERRUPTIBLE, 0, file,
	    line);
	rval = sleepq_wait_sig(cvp, 0);
	LOCK_CLASS(lock)->lc_lock(lock, how, file, line);
	return (rval);
}

/* Wait at most timo ticks: 0, EWOULDBLOCK, or (catch) EINTR. */
int
_cv_timedwait(struct cv *cvp, struct lock_object *lock, int timo, int catch,
    const char *file, int line)
{
	uintptr_t how;
	int rval;

	cv_point(cvp, "cv_timedwait", file, line);
	lock_check_live(lock, "cv_timedwait", file, line);
	witness_warn(WARN_GIANTOK | WARN_SLEEPOK, lock, file, line,
	    "Waiting on \"%s\"", cvp->cv_description);
	if (timo <= 0)
		timo = 1;
	how = cv_enqueue_unlock(cvp, lock, catch ? SLEEPQ_INTERRUPTIBLE : 0,
	    timo, file, line);
	if (catch)
		rval = sleepq_timedwait_sig(cvp, 0);
	else
		rval = sleepq_timedwait(cvp, 0);
	LOCK_CLASS(lock)->lc_lock(lock, how, file, line);
	return (rval);
}

/* Wake one waiter, if any may be asleep. */
void
_cv_signal(struct cv *cvp, const char *file, int line)
{

	cv_point(cvp, "cv_signal", file, line);
	if (cvp->cv_waiters > 0) {
		cvp->cv_waiters--;
		sleepq_signal(cvp, SLEEPQ_CONDVAR, 0, 0);
	}
}

/* Wake all waiters; a no-op when cv_waiters is 0. */
void
_cv_broadcastpri(struct cv *cvp, int pri, const char *file, int line)
{

	cv_point(cvp, "cv_broadcast", file, line);
	if (cvp->cv_waiters > 0) {
		cvp->cv_waiters = 0;
		sleepq_broadcast(cvp, SLEEPQ_CONDVAR, pri, 0);
	}
}
