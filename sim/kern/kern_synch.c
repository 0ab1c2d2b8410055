/* Stands for sys/kern/kern_synch.c at FreeBSD edca4938 (2019).
 * kern_synch.c - sleep and wakeup (sys/kern/kern_synch.c).
 *
 * _sleep(ident, lock, PCATCH | PDROP | pri, wmesg, timo) queues the thread
 * on ident and only then drops lock (any class), so a wakeup(ident) made
 * under that lock cannot be lost; it retakes the lock unless PDROP.
 * Returns 0 after wakeup, EWOULDBLOCK after timo ticks (0: no timeout),
 * and with PCATCH EINTR when a signal interrupts it (the fault plan's
 * signals, or teardown's; see subr_sleepqueue.c for why EINTR and not
 * ERESTART).  WITNESS reports sleeping with any non-sleepable lock held
 * other than `lock`.  wakeup() wakes every sleeper on ident and is
 * forgotten if nobody sleeps: a lost wakeup shows as a `hang`.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/proc.h>
#include <sys/sleepqueue.h>

static int pause_wchan __kdata;

/* General sleep call; see the file comment. */
int
_sleep(const void *ident, struct lock_object *lock, int priority,
    const char *wmesg, int timo, const char *file, int line)
{
	struct lock_class *class;
	uintptr_t how;
	int catch, flags, pri, rval;

	sim_point("sleep", ident, SIM_ACC_WRITE, file, line);
	witness_warn(WARN_GIANTOK | WARN_SLEEPOK, lock, file, line,
	    "Sleeping on \"%s\"", wmesg);
	KASSERT(timo != 0 || lock != NULL, ("sleeping without a lock"));
	KASSERT(ident != NULL, ("_sleep: NULL ident"));
	KASSERT(timo >= 0, ("_sleep: negative timeout %d", timo));
	if ((priority & PDROP) != 0)
		KASSERT(lock != NULL, ("PDROP requires a non-Giant lock"));
	class = NULL;
	how = 0;
	if (lock != NULL) {
		lock_check_live(lock, "sleep", file, line);
		class = LOCK_CLASS(lock);
	}
	catch = priority & PCATCH;
	pri = priority & PRIMASK;
	flags = SLEEPQ_SLEEP | (catch ? SLEEPQ_INTERRUPTIBLE : 0);

	sleepq_add(ident, lock, wmesg, flags, 0);
	sleepq_set_site(file, line);
	if (timo != 0)
		sleepq_set_timeout(ident, timo);
	if (lock != NULL)
		how = class->lc_unlock(lock, file, line);
	if (timo != 0 && catch)
		rval = sleepq_timedwait_sig(ident, pri);
	else if (timo != 0)
		rval = sleepq_timedwait(ident, pri);
	else if (catch)
		rval = sleepq_wait_sig(ident, pri);
	else {
		sleepq_wait(ident, pri);
		rval = 0;
	}
	if (lock != NULL && (priority & PDROP) == 0)
		class->lc_lock(lock, how, file, line);
	return (rval);
}

/* Sleep for timo ticks (at least one). */
int
_pause(const char *wmesg, int timo, const char *file, int line)
{

	KASSERT(timo >= 0, ("pause: timeout must be >= 0"));
	if (timo == 0)
		timo = 1;
	return (_sleep(&pause_wchan, NULL, 0, wmesg, timo, file, line));
}

/* Wake every thread asleep on ident. */
void
_wakeup(const void *ident, const char *file, int line)
{

	sim_point("wakeup", ident, SIM_ACC_WRITE, file, line);
	sleepq_broadcast(ident, SLEEPQ_SLEEP, 0, 0);
}

/* Wake the longest-sleeping thread on ident. */
void
_wakeup_one(const void *ident, const char *file, int line)
{

	sim_point("wakeup_one", ident, SIM_ACC_WRITE, file, line);
	sleepq_signal(ident, SLEEPQ_SLEEP, 0, 0);
}
