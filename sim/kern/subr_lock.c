/* Stands for sys/kern/subr_lock.c at FreeBSD edca4938 (2019).
 * subr_lock.c - the machinery shared by all lock classes (sys/kern/subr_lock.c):
 * lock_init()/lock_destroy(), and the liveness check every lock operation
 * makes first.
 *
 * A lock is labelled "<lo_name>@<id of the object containing it>"
 * ("tun_mtx@tun#2"), or just lo_name for a lock in static data, so traces
 * and reports name it without an address.  A destroyed lock keeps its name
 * and where it was destroyed: any later operation is a use-after-free
 * naming that place.  An operation on a lock inside a freed object is the
 * ledger's use-after-free (sim_obj_check).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>

/*
 * Label p "<name>@<container>" (sim_label_container: "name" in static
 * data, "name@tun#2" inside an object).  The engine formats it only when
 * a trace or report prints it: every lock and cv initialisation labels.
 * Used for locks and condition variables.
 */
void
lock_label_set(const void *p, const char *name)
{

	sim_label_container(p, name);
}

/*
 * Initialise a lock object: double initialisation is a KASSERT, as in
 * FreeBSD (unless LO_NEW: the caller promises fresh memory).
 */
void
lock_init(struct lock_object *lock, struct lock_class *class,
    const char *name, const char *type, int flags)
{

	KASSERT((flags & LO_NEW) != 0 || !lock_initialized(lock),
	    ("lock \"%s\" %s already initialized", name, sim_obj_id(lock)));
	lock->lo_name = name;
	lock->lo_flags = (flags & ~LO_DESTROYED) | LO_INITIALIZED;
	lock->lo_class = class;
	lock->lo_data = 0;
	lock->lo_witness = 0;
	lock->lo_dfile = NULL;
	lock->lo_dline = 0;
	lock_label_set(lock, name);
	witness_init(lock, type);
}

/* Mark a lock destroyed, remembering where. */
void
lock_destroy(struct lock_object *lock, const char *file, int line)
{

	KASSERT(lock_initialized(lock), ("lock %s is not initialized",
	    lock->lo_name));
	witness_destroy(lock);
	lock->lo_flags &= ~LO_INITIALIZED;
	lock->lo_flags |= LO_DESTROYED;
	lock->lo_dfile = file;
	lock->lo_dline = line;
}

/*
 * Every lock operation starts here: the lock must not sit in freed memory,
 * must not have been destroyed, and must have been initialised.
 */
void
lock_check_live(struct lock_object *lock, const char *op, const char *file,
    int line)
{

	sim_obj_check(lock, op, file, line);
	if ((lock->lo_flags & LO_DESTROYED) != 0)
		sim_violation(SIM_V_USE_AFTER_FREE, file, line,
		    "%s of destroyed lock %s (destroyed at %s:%d)", op,
		    sim_obj_id(lock), lock->lo_dfile, lock->lo_dline);
	if (!lock_initialized(lock))
		sim_violation(SIM_V_LOCK, file, line,
		    "%s of uninitialized lock %s", op, sim_obj_id(lock));
}
