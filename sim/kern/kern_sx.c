/* Stands for sys/kern/kern_sx.c at FreeBSD edca4938 (2019).
 * kern_sx.c - shared/exclusive locks (sys/kern/kern_sx.c).
 *
 * sx_xowner holds the exclusive owner's tid + 2 (0: none); sx_shared counts
 * shared holders (which threads hold it shared is in WITNESS's per-thread
 * lists).  Waiters sleep on the sx (exclusive queue 0, shared queue 1) and
 * contend again when woken; an unlock wakes both queues.  As in FreeBSD, a
 * new shared request waits while exclusive waiters are queued unless the
 * thread already holds the lock shared.  sx is sleepable: WITNESS reports
 * acquiring it with a mutex held (sleep-with-mutex).
 * Violations: unlocking a lock not held as claimed, recursing without
 * SX_RECURSE, failed sx_assert, destroying a held lock: `lock`; any
 * operation on a destroyed sx: `use-after-free`.
 * Not modelled: upgrade/downgrade, interruptible variants, adaptive spin.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/sx.h>
#include <sys/proc.h>
#include <sys/sleepqueue.h>

#define	SQ_EXCLUSIVE_QUEUE	0
#define	SQ_SHARED_QUEUE		1

#define	SX_OWNER_VAL(td)	((uintptr_t)((td)->td_tid + 2))
#define	SX_OWNER_TID(v)		((int)(v) - 2)

static void	lock_sx(struct lock_object *lock, uintptr_t how,
		    const char *file, int line);
static uintptr_t unlock_sx(struct lock_object *lock, const char *file,
		    int line);
static int	owner_sx(const struct lock_object *lock);

struct lock_class lock_class_sx = {
	.lc_name = "sx",
	.lc_flags = LC_SLEEPLOCK | LC_SLEEPABLE | LC_RECURSABLE |
	    LC_UPGRADABLE,
	.lc_lock = lock_sx,
	.lc_unlock = unlock_sx,
	.lc_owner = owner_sx,
};

/* Retake an sx dropped by unlock_sx: how 1 exclusive, 0 shared. */
static void
lock_sx(struct lock_object *lock, uintptr_t how, const char *file, int line)
{

	if (how)
		_sx_xlock((struct sx *)lock, 0, file, line);
	else
		_sx_slock((struct sx *)lock, 0, file, line);
}

/* Drop an sx for a sleep; returns how it was held. */
static uintptr_t
unlock_sx(struct lock_object *lock, const char *file, int line)
{
	struct sx *sx;

	sx = (struct sx *)lock;
	_sx_assert(sx, SA_LOCKED | SA_NOTRECURSED, file, line);
	if (sx_xlocked(sx)) {
		_sx_xunlock(sx, file, line);
		return (1);
	}
	_sx_sunlock(sx, file, line);
	return (0);
}

/* A thread holding the sx (exclusive owner or a shared holder), or -1. */
static int
owner_sx(const struct lock_object *lock)
{
	const struct sx *sx;

	sx = (const struct sx *)lock;
	if (sx->sx_xowner != 0)
		return (SX_OWNER_TID(sx->sx_xowner));
	if (sx->sx_shared != 0)
		return (witness_shared_owner(lock));
	return (-1);
}

/* Is the sx exclusively held by curthread? */
int
sx_xlocked(const struct sx *sx)
{

	return (sx->sx_xowner == SX_OWNER_VAL(curthread));
}

/* Wait on the sx's queue until woken; the lock may be gone after. */
static void
sx_wait(struct sx *sx, int queue, const char *file, int line)
{

	sleepq_add(sx, &sx->lock_object, sx->lock_object.lo_name, SLEEPQ_SX,
	    queue);
	sleepq_set_owner(sx, owner_sx(&sx->lock_object));
	sleepq_set_site(file, line);
	sleepq_wait(sx, 0);
	lock_check_live(&sx->lock_object, "sx wait", file, line);
}

/* Wake everybody waiting for the sx. */
static void
sx_wakeup_all(struct sx *sx)
{

	sleepq_broadcast(sx, SLEEPQ_SX, 0, SQ_EXCLUSIVE_QUEUE);
	sleepq_broadcast(sx, SLEEPQ_SX, 0, SQ_SHARED_QUEUE);
}

/* sx_init_flags(9). */
void
_sx_init_flags(struct sx *sx, const char *desc, int opts, const char *file,
    int line)
{
	int flags;

	KASSERT((opts & ~(SX_QUIET | SX_RECURSE | SX_NOWITNESS | SX_DUPOK |
	    SX_NOPROFILE | SX_NOADAPTIVE | SX_NEW)) == 0,
	    ("%s: sx lock %s has invalid opts 0x%x", __func__, desc, opts));
	flags = LO_SLEEPABLE | LO_UPGRADABLE;
	if ((opts & SX_DUPOK) != 0)
		flags |= LO_DUPOK;
	if ((opts & SX_NOWITNESS) == 0)
		flags |= LO_WITNESS;
	if ((opts & SX_RECURSE) != 0)
		flags |= LO_RECURSABLE;
	if ((opts & SX_QUIET) != 0)
		flags |= LO_QUIET;
	if ((opts & SX_NEW) != 0)
		flags |= LO_NEW;
	lock_init(&sx->lock_object, &lock_class_sx, desc, NULL, flags);
	sx->sx_xowner = 0;
	sx->sx_shared = 0;
	sx->sx_recurse = 0;
}

/* sx_destroy(9): the lock must not be held at all. */
void
_sx_destroy(struct sx *sx, const char *file, int line)
{

	sim_point("sx_destroy", sx, SIM_ACC_WRITE, file, line);
	lock_check_live(&sx->lock_object, "sx_destroy", file, line);
	if (sx->sx_xowner != 0 || sx->sx_shared != 0)
		sim_violation(SIM_V_LOCK, file, line,
		    "sx lock %s still held at %s:%d", sim_obj_id(sx), file,
		    line);
	KASSERT(sx->sx_recurse == 0, ("sx lock still recursed"));
	lock_destroy(&sx->lock_object, file, line);
}

/* Exclusive acquisition. */
void
_sx_xlock(struct sx *sx, int opts, const char *file, int line)
{
	struct thread *td;

	sim_point("sx_xlock", sx, SIM_ACC_WRITE, file, line);
	lock_check_live(&sx->lock_object, "sx_xlock", file, line);
	td = curthread;
	WITNESS_CHECKORDER(&sx->lock_object, LOP_NEWORDER | LOP_EXCLUSIVE,
	    file, line, NULL);
	if (sx_xlocked(sx)) {
		if ((sx->lock_object.lo_flags & LO_RECURSABLE) == 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "_sx_xlock_hard: recursed on non-recursive sx %s "
			    "@ %s:%d", sim_obj_id(sx), file, line);
		sx->sx_recurse++;
		WITNESS_LOCK(&sx->lock_object, LOP_EXCLUSIVE, file, line);
		return;
	}
	while (sx->sx_xowner != 0 || sx->sx_shared != 0)
		sx_wait(sx, SQ_EXCLUSIVE_QUEUE, file, line);
	sx->sx_xowner = SX_OWNER_VAL(td);
	sim_hb_acquire(sx, false);
	WITNESS_LOCK(&sx->lock_object, LOP_EXCLUSIVE, file, line);
}

/* Exclusive acquisition if free now; 1 on success. */
int
_sx_try_xlock(struct sx *sx, const char *file, int line)
{

	sim_point("sx_try_xlock", sx, SIM_ACC_WRITE, file, line);
	lock_check_live(&sx->lock_object, "sx_try_xlock", file, line);
	if (sx_xlocked(sx) &&
	    (sx->lock_object.lo_flags & LO_RECURSABLE) != 0)
		sx->sx_recurse++;
	else if (sx->sx_xowner == 0 && sx->sx_shared == 0) {
		sx->sx_xowner = SX_OWNER_VAL(curthread);
		sim_hb_acquire(sx, false);
	} else
		return (0);
	WITNESS_LOCK(&sx->lock_object, LOP_EXCLUSIVE | LOP_TRYLOCK, file,
	    line);
	return (1);
}

/* Exclusive release. */
void
_sx_xunlock(struct sx *sx, const char *file, int line)
{

	sim_point("sx_xunlock", sx, SIM_ACC_WRITE, file, line);
	lock_check_live(&sx->lock_object, "sx_xunlock", file, line);
	if (!sx_xlocked(sx))
		sim_violation(SIM_V_LOCK, file, line,
		    "Lock %s not exclusively locked @ %s:%d", sim_obj_id(sx),
		    file, line);
	WITNESS_UNLOCK(&sx->lock_object, LOP_EXCLUSIVE, file, line);
	if (sx->sx_recurse != 0) {
		sx->sx_recurse--;
		return;
	}
	sim_hb_release(sx, false);
	sx->sx_xowner = 0;
	sx_wakeup_all(sx);
}

/* Shared acquisition. */
void
_sx_slock(struct sx *sx, int opts, const char *file, int line)
{
	struct thread *td;

	sim_point("sx_slock", sx, SIM_ACC_WRITE, file, line);
	lock_check_live(&sx->lock_object, "sx_slock", file, line);
	td = curthread;
	WITNESS_CHECKORDER(&sx->lock_object, LOP_NEWORDER, file, line, NULL);
	while (sx->sx_xowner != 0 ||
	    (sleepq_sleepcnt(sx, SQ_EXCLUSIVE_QUEUE) != 0 &&
	    witness_find_instance(td, &sx->lock_object) == NULL))
		sx_wait(sx, SQ_SHARED_QUEUE, file, line);
	sx->sx_shared++;
	sim_hb_acquire(sx, true);
	WITNESS_LOCK(&sx->lock_object, 0, file, line);
}

/* Shared release. */
void
_sx_sunlock(struct sx *sx, const char *file, int line)
{
	struct lock_instance *li;

	sim_point("sx_sunlock", sx, SIM_ACC_WRITE, file, line);
	lock_check_live(&sx->lock_object, "sx_sunlock", file, line);
	li = witness_find_instance(curthread, &sx->lock_object);
	if (li == NULL || (li->li_flags & LI_EXCLUSIVE) != 0 ||
	    sx->sx_shared == 0)
		sim_violation(SIM_V_LOCK, file, line,
		    "Lock %s not share locked @ %s:%d", sim_obj_id(sx), file,
		    line);
	WITNESS_UNLOCK(&sx->lock_object, 0, file, line);
	sim_hb_release(sx, true);
	sx->sx_shared--;
	if (sx->sx_shared == 0)
		sx_wakeup_all(sx);
}

/* sx_assert(9): a failed assertion is a lock violation. */
void
_sx_assert(const struct sx *sx, int what, const char *file, int line)
{
	struct lock_object *lo;
	struct lock_instance *li;
	int slocked;

	lo = __DECONST(struct lock_object *, &sx->lock_object);
	lock_check_live(lo, "sx_assert", file, line);
	li = witness_find_instance(curthread, lo);
	slocked = li != NULL && (li->li_flags & LI_EXCLUSIVE) == 0;
	switch (what & ~(SA_RECURSED | SA_NOTRECURSED)) {
	case SA_LOCKED:
		if (!sx_xlocked(sx) && !slocked)
			sim_violation(SIM_V_LOCK, file, line,
			    "Lock %s not locked @ %s:%d", sim_obj_id(sx),
			    file, line);
		if (sx_xlocked(sx) && sx->sx_recurse != 0 &&
		    (what & SA_NOTRECURSED) != 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "Lock %s recursed @ %s:%d", sim_obj_id(sx), file,
			    line);
		break;
	case SA_SLOCKED:
		if (!slocked)
			sim_violation(SIM_V_LOCK, file, line,
			    "Lock %s not share locked @ %s:%d", sim_obj_id(sx),
			    file, line);
		break;
	case SA_XLOCKED:
		if (!sx_xlocked(sx))
			sim_violation(SIM_V_LOCK, file, line,
			    "Lock %s not exclusively locked @ %s:%d",
			    sim_obj_id(sx), file, line);
		if (sx->sx_recurse != 0 && (what & SA_NOTRECURSED) != 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "Lock %s recursed @ %s:%d", sim_obj_id(sx), file,
			    line);
		if (sx->sx_recurse == 0 && (what & SA_RECURSED) != 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "Lock %s not recursed @ %s:%d", sim_obj_id(sx),
			    file, line);
		break;
	case SA_UNLOCKED:
		if (sx_xlocked(sx))
			sim_violation(SIM_V_LOCK, file, line,
			    "Lock %s exclusively locked @ %s:%d",
			    sim_obj_id(sx), file, line);
		if (slocked)
			sim_violation(SIM_V_LOCK, file, line,
			    "Lock %s share locked @ %s:%d", sim_obj_id(sx),
			    file, line);
		break;
	default:
		panic("Unknown sx lock assertion: %d @ %s:%d", what, file,
		    line);
	}
}

/* SX_SYSINIT's initialiser. */
void
sx_sysinit(void *arg)
{
	struct sx_args *sargs;

	sargs = arg;
	sx_init_flags(sargs->sa_sx, sargs->sa_desc, sargs->sa_flags);
}

/* SX_SYSINIT's destructor. */
void
sx_sysuninit(void *arg)
{

	sx_destroy((struct sx *)arg);
}
