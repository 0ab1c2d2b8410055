/* Stands for sys/kern/kern_mutex.c at FreeBSD edca4938 (2019).
 * kern_mutex.c - sleep mutexes (sys/kern/kern_mutex.c).
 *
 * mtx_lock holds the owner's simulated tid + 2 (tid -1 is code running
 * outside any simulated thread, at boot), 0 when unowned.  A contended
 * mtx_lock queues on the mutex's turnstile (subr_sleepqueue.c,
 * SLEEPQ_TS_QUEUE) naming the owner, for the engine's deadlock cycle;
 * mtx_unlock wakes every waiter and they contend again (FreeBSD's
 * turnstile_broadcast).
 * Violations: unlocking a mutex not owned, recursing on a non-recursive
 * one, a failed mtx_assert, destroying one held by another thread or
 * recursed: `lock`.  Any operation on a destroyed mutex: `use-after-free`,
 * naming where it was destroyed.  Order and sleep checks: subr_witness.c.
 * Giant is a recursable MTX_DEF mutex made at SI_SUB_LOCK; sleepers drop
 * it (mtx_giant_drop/pickup, called by subr_sleepqueue.c), mutex waiters
 * keep it, as turnstiles do.
 * Not modelled: spinning, priority propagation, lock profiling.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sleepqueue.h>

#define	MTX_OWNER_VAL(td)	((uintptr_t)((td)->td_tid + 2))
#define	MTX_OWNER_TID(v)	((int)(v) - 2)

static void	lock_mtx(struct lock_object *lock, uintptr_t how,
		    const char *file, int line);
static uintptr_t unlock_mtx(struct lock_object *lock, const char *file,
		    int line);
static int	owner_mtx(const struct lock_object *lock);

struct lock_class lock_class_mtx_sleep = {
	.lc_name = "sleep mutex",
	.lc_flags = LC_SLEEPLOCK | LC_RECURSABLE,
	.lc_lock = lock_mtx,
	.lc_unlock = unlock_mtx,
	.lc_owner = owner_mtx,
};
struct lock_class lock_class_mtx_spin = {
	.lc_name = "spin mutex",
	.lc_flags = LC_SPINLOCK | LC_RECURSABLE,
	.lc_lock = lock_mtx,
	.lc_unlock = unlock_mtx,
	.lc_owner = owner_mtx,
};

/* Retake a mutex dropped by unlock_mtx (cv_wait, mtx_sleep). */
static void
lock_mtx(struct lock_object *lock, uintptr_t how, const char *file, int line)
{

	_mtx_lock_flags((struct mtx *)lock, 0, file, line);
}

/* Drop a mutex for a sleep; it must be owned and not recursed. */
static uintptr_t
unlock_mtx(struct lock_object *lock, const char *file, int line)
{
	struct mtx *m;

	m = (struct mtx *)lock;
	_mtx_assert(m, MA_OWNED | MA_NOTRECURSED, file, line);
	_mtx_unlock_flags(m, 0, file, line);
	return (0);
}

/* Owner tid of a mutex, -1 if unowned. */
static int
owner_mtx(const struct lock_object *lock)
{
	const struct mtx *m;

	m = (const struct mtx *)lock;
	return (m->mtx_lock == MTX_UNOWNED ? -1 : MTX_OWNER_TID(m->mtx_lock));
}

/* Does curthread own m? */
int
mtx_owned(const struct mtx *m)
{

	return (m->mtx_lock == MTX_OWNER_VAL(curthread));
}

/* Acquire a mutex, sleeping on its turnstile while another thread owns it. */
void
_mtx_lock_flags(struct mtx *m, int opts, const char *file, int line)
{
	struct thread *td;

	sim_point("mtx_lock", m, SIM_ACC_WRITE, file, line);
	lock_check_live(&m->lock_object, "mtx_lock", file, line);
	td = curthread;
	WITNESS_CHECKORDER(&m->lock_object, (opts & ~MTX_RECURSE) |
	    LOP_NEWORDER | LOP_EXCLUSIVE, file, line, NULL);
	if (m->mtx_lock == MTX_OWNER_VAL(td)) {
		if ((m->lock_object.lo_flags & LO_RECURSABLE) == 0 &&
		    (opts & MTX_RECURSE) == 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "_mtx_lock_sleep: recursed on non-recursive mutex "
			    "%s @ %s:%d", sim_obj_id(m), file, line);
		m->mtx_recurse++;
		WITNESS_LOCK(&m->lock_object, opts | LOP_EXCLUSIVE, file, line);
		return;
	}
	while (m->mtx_lock != MTX_UNOWNED) {
		sleepq_add(m, &m->lock_object, m->lock_object.lo_name,
		    SLEEPQ_MTX, SLEEPQ_TS_QUEUE);
		sleepq_set_owner(m, MTX_OWNER_TID(m->mtx_lock));
		sleepq_set_site(file, line);
		sleepq_wait(m, 0);
		lock_check_live(&m->lock_object, "mtx_lock", file, line);
	}
	m->mtx_lock = MTX_OWNER_VAL(td);
	sim_hb_acquire(m, false);
	WITNESS_LOCK(&m->lock_object, opts | LOP_EXCLUSIVE, file, line);
}

/* Release a mutex owned by curthread and wake its waiters. */
void
_mtx_unlock_flags(struct mtx *m, int opts, const char *file, int line)
{

	sim_point("mtx_unlock", m, SIM_ACC_WRITE, file, line);
	lock_check_live(&m->lock_object, "mtx_unlock", file, line);
	if (!mtx_owned(m))
		sim_violation(SIM_V_LOCK, file, line,
		    "mutex %s not owned at %s:%d", sim_obj_id(m), file, line);
	WITNESS_UNLOCK(&m->lock_object, opts | LOP_EXCLUSIVE, file, line);
	if (m->mtx_recurse != 0) {
		m->mtx_recurse--;
		return;
	}
	sim_hb_release(m, false);
	m->mtx_lock = MTX_UNOWNED;
	sleepq_broadcast(m, SLEEPQ_MTX, 0, SLEEPQ_TS_QUEUE);
}

/* Take the mutex if it is free (or recursable and ours); 1 on success. */
int
_mtx_trylock_flags(struct mtx *m, int opts, const char *file, int line)
{
	struct thread *td;

	sim_point("mtx_trylock", m, SIM_ACC_WRITE, file, line);
	lock_check_live(&m->lock_object, "mtx_trylock", file, line);
	td = curthread;
	if (mtx_owned(m) &&
	    ((m->lock_object.lo_flags & LO_RECURSABLE) != 0 ||
	    (opts & MTX_RECURSE) != 0)) {
		m->mtx_recurse++;
	} else if (m->mtx_lock == MTX_UNOWNED) {
		m->mtx_lock = MTX_OWNER_VAL(td);
		sim_hb_acquire(m, false);
	} else
		return (0);
	WITNESS_LOCK(&m->lock_object, opts | LOP_EXCLUSIVE | LOP_TRYLOCK,
	    file, line);
	return (1);
}

/* mtx_assert(9): a failed assertion is a lock violation. */
void
_mtx_assert(const struct mtx *m, int what, const char *file, int line)
{
	struct lock_object *lo;

	lo = __DECONST(struct lock_object *, &m->lock_object);
	lock_check_live(lo, "mtx_assert", file, line);
	switch (what) {
	case MA_OWNED:
	case MA_OWNED | MA_RECURSED:
	case MA_OWNED | MA_NOTRECURSED:
		if (!mtx_owned(m))
			sim_violation(SIM_V_LOCK, file, line,
			    "mutex %s not owned at %s:%d", sim_obj_id(m),
			    file, line);
		if (mtx_recursed(m)) {
			if ((what & MA_NOTRECURSED) != 0)
				sim_violation(SIM_V_LOCK, file, line,
				    "mutex %s recursed at %s:%d",
				    sim_obj_id(m), file, line);
		} else if ((what & MA_RECURSED) != 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "mutex %s unrecursed at %s:%d", sim_obj_id(m),
			    file, line);
		break;
	case MA_NOTOWNED:
		if (mtx_owned(m))
			sim_violation(SIM_V_LOCK, file, line,
			    "mutex %s owned at %s:%d", sim_obj_id(m), file,
			    line);
		break;
	default:
		panic("unknown mtx_assert at %s:%d", file, line);
	}
}

/* mtx_init(9). */
void
_mtx_init(struct mtx *m, const char *name, const char *type, int opts,
    const char *file, int line)
{
	struct lock_class *class;
	int flags;

	KASSERT((opts & ~(MTX_SPIN | MTX_QUIET | MTX_RECURSE |
	    MTX_NOWITNESS | MTX_DUPOK | MTX_NOPROFILE | MTX_NEW)) == 0,
	    ("mutex \"%s\" %s:%d: bad init options", name, file, line));
	class = (opts & MTX_SPIN) != 0 ? &lock_class_mtx_spin :
	    &lock_class_mtx_sleep;
	flags = 0;
	if ((opts & MTX_QUIET) != 0)
		flags |= LO_QUIET;
	if ((opts & MTX_RECURSE) != 0)
		flags |= LO_RECURSABLE;
	if ((opts & MTX_NOWITNESS) == 0)
		flags |= LO_WITNESS;
	if ((opts & MTX_DUPOK) != 0)
		flags |= LO_DUPOK;
	if ((opts & MTX_NEW) != 0)
		flags |= LO_NEW;
	lock_init(&m->lock_object, class, name, type, flags);
	m->mtx_lock = MTX_UNOWNED;
	m->mtx_recurse = 0;
}

/*
 * mtx_destroy(9): the mutex must be unowned, or owned (not recursed) by
 * curthread.
 */
void
_mtx_destroy(struct mtx *m, const char *file, int line)
{

	sim_point("mtx_destroy", m, SIM_ACC_WRITE, file, line);
	lock_check_live(&m->lock_object, "mtx_destroy", file, line);
	if (!mtx_owned(m)) {
		if (m->mtx_lock != MTX_UNOWNED)
			sim_violation(SIM_V_LOCK, file, line,
			    "mtx_destroy of mutex %s held by %s at %s:%d",
			    sim_obj_id(m),
			    sim_thread_name(MTX_OWNER_TID(m->mtx_lock)),
			    file, line);
	} else {
		if (m->mtx_recurse != 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "mtx_destroy of recursed mutex %s at %s:%d",
			    sim_obj_id(m), file, line);
		/* Tell witness this isn't locked to make it happy. */
		WITNESS_UNLOCK(&m->lock_object, LOP_EXCLUSIVE, file, line);
	}
	m->mtx_lock = MTX_UNOWNED;
	lock_destroy(&m->lock_object, file, line);
}

/* MTX_SYSINIT's initialiser. */
void
mtx_sysinit(void *arg)
{
	struct mtx_args *margs;

	margs = arg;
	mtx_init((struct mtx *)margs->ma_mtx, margs->ma_desc, NULL,
	    margs->ma_opts);
}

/* MTX_SYSINIT's destructor. */
void
mtx_sysuninit(void *arg)
{

	mtx_destroy((struct mtx *)arg);
}

struct mtx Giant __kdata;
MTX_SYSINIT(Giant, &Giant, "Giant", MTX_DEF | MTX_RECURSE);

/* DROP_GIANT: release every hold of Giant; returns how many there were. */
int
mtx_giant_drop(void)
{
	int depth;

	depth = 0;
	while (mtx_owned(&Giant)) {
		depth++;
		mtx_unlock(&Giant);
	}
	return (depth);
}

/* PICKUP_GIANT: take Giant back as often as mtx_giant_drop released it. */
void
mtx_giant_pickup(int depth)
{

	while (depth-- > 0)
		mtx_lock(&Giant);
}
