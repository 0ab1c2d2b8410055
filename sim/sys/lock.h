/* Stands for sys/sys/lock.h at FreeBSD edca4938 (2019).
 * lock.h - the generic lock object every kernel lock embeds, lock classes,
 * and the WITNESS interface (sys/sys/lock.h).
 *
 * Models: struct lock_object with its name, flags and class; the lock
 * class operations cv_wait()/_sleep() use to drop and retake an interlock
 * of any class; WITNESS (subr_witness.c), always compiled in.
 * Deliberately not modelled: lock profiling, KTR, spin-lock specifics
 * (MTX_SPIN is a non-sleepable mutex like MTX_DEF here), lockmgr, rwlocks.
 * Simulator additions: lo_class is a pointer rather than an index, and a
 * destroyed lock remembers where it was destroyed (lo_dfile/lo_dline), so a
 * later operation reports use-after-free with that place.
 */
#ifndef _SIM_SYS_LOCK_H_
#define _SIM_SYS_LOCK_H_

#include <sys/param.h>

struct lock_object;
struct thread;

struct lock_class {
	const char	*lc_name;
	u_int		lc_flags;
	/* Retake a lock dropped by lc_unlock, as it was held ("how"). */
	void		(*lc_lock)(struct lock_object *lock, uintptr_t how,
			    const char *file, int line);
	/* Drop a lock held by curthread; returns how it was held. */
	uintptr_t	(*lc_unlock)(struct lock_object *lock,
			    const char *file, int line);
	/* Simulator: tid of a thread holding the lock, or -1. */
	int		(*lc_owner)(const struct lock_object *lock);
};

#define	LC_SLEEPLOCK	0x00000001	/* Sleep lock. */
#define	LC_SPINLOCK	0x00000002	/* Spin lock. */
#define	LC_SLEEPABLE	0x00000004	/* Sleeping allowed with this lock. */
#define	LC_RECURSABLE	0x00000008	/* Locks of this type may recurse. */
#define	LC_UPGRADABLE	0x00000010	/* Upgrades and downgrades permitted. */

struct lock_object {
	const char	*lo_name;	/* Individual lock name (WITNESS class). */
	u_int		lo_flags;
	u_int		lo_data;	/* General class specific data. */
	struct lock_class *lo_class;
	int		lo_witness;	/* WITNESS class index + 1; 0 none. */
	const char	*lo_dfile;	/* Simulator: where destroyed. */
	int		lo_dline;
};

#define	LO_CLASSFLAGS	0x0000ffff	/* Class specific flags. */
#define	LO_INITIALIZED	0x00010000	/* Lock has been initialized. */
#define	LO_WITNESS	0x00020000	/* Should witness monitor this lock. */
#define	LO_QUIET	0x00040000	/* Don't log locking operations. */
#define	LO_RECURSABLE	0x00080000	/* Lock may recurse. */
#define	LO_SLEEPABLE	0x00100000	/* Lock may be held while sleeping. */
#define	LO_UPGRADABLE	0x00200000	/* Lock may be upgraded/downgraded. */
#define	LO_DUPOK	0x00400000	/* Don't check for duplicate acquires */
#define	LO_IS_VNODE	0x00800000	/* Tell WITNESS about a VNODE lock */
#define	LO_NEW		0x01000000	/* Don't check for double-init */
#define	LO_DESTROYED	0x80000000	/* Simulator: destroyed. */

#define	LOCK_CLASS(lock)	((lock)->lo_class)

/* Flags passed to witness_checkorder()/witness_lock()/witness_unlock(). */
#define	LOP_NEWORDER	0x00000001	/* Define a new lock order. */
#define	LOP_QUIET	0x00000002	/* Don't log locking operations. */
#define	LOP_TRYLOCK	0x00000004	/* Don't check lock order. */
#define	LOP_EXCLUSIVE	0x00000008	/* Exclusive lock. */
#define	LOP_DUPOK	0x00000010	/* Don't check for duplicate acquires */

/* Flags passed to witness_warn(). */
#define	WARN_GIANTOK	0x01	/* Giant is exempt from this check. */
#define	WARN_PANIC	0x02	/* Panic if check fails. */
#define	WARN_SLEEPOK	0x04	/* Sleepable locks are exempt from check. */

extern struct lock_class lock_class_mtx_sleep;
extern struct lock_class lock_class_mtx_spin;
extern struct lock_class lock_class_sx;

/*
 * A lock held by a thread, as WITNESS records it (struct lock_instance).
 * The held-lock list lives in struct thread (sys/proc.h).
 */
struct lock_instance {
	struct lock_object *li_lock;
	const char	*li_file;	/* File and line of last acquire. */
	int		li_line;
	u_int		li_flags;	/* LI_* */
};
#define	LI_RECURSEMASK	0x0000ffff	/* Recursion depth of lock instance. */
#define	LI_EXCLUSIVE	0x00010000	/* Exclusive lock instance. */
#define	LI_NORELEASE	0x00020000	/* Lock not allowed to be released. */
#define	WITNESS_NHELD	32		/* Locks one thread may hold at once. */

void	lock_init(struct lock_object *lock, struct lock_class *class,
	    const char *name, const char *type, int flags);
void	lock_destroy(struct lock_object *lock, const char *file, int line);
void	lock_label_set(const void *p, const char *name);
void	lock_check_live(struct lock_object *lock, const char *op,
	    const char *file, int line);
#define	lock_initialized(lo)	((lo)->lo_flags & LO_INITIALIZED)

/* WITNESS (sim/kern/subr_witness.c). */
void	witness_init(struct lock_object *lock, const char *type);
void	witness_destroy(struct lock_object *lock);
void	witness_checkorder(struct lock_object *lock, int flags,
	    const char *file, int line, struct lock_object *interlock);
void	witness_lock(struct lock_object *lock, int flags, const char *file,
	    int line);
void	witness_upgrade(struct lock_object *lock, int flags, const char *file,
	    int line);
void	witness_unlock(struct lock_object *lock, int flags, const char *file,
	    int line);
__attribute__((format(printf, 5, 6)))
int	witness_warn(int flags, struct lock_object *lock, const char *file,
	    int line, const char *fmt, ...);
struct lock_instance *witness_find_instance(struct thread *td,
	    const struct lock_object *lock);
int	witness_shared_owner(const struct lock_object *lock);

#define	WITNESS_CHECKORDER(lock, flags, file, line, ilock)		\
	witness_checkorder((lock), (flags), (file), (line), (ilock))
#define	WITNESS_LOCK(lock, flags, file, line)				\
	witness_lock((lock), (flags), (file), (line))
#define	WITNESS_UNLOCK(lock, flags, file, line)				\
	witness_unlock((lock), (flags), (file), (line))
#define	WITNESS_WARN(flags, lock, ...)					\
	witness_warn((flags), (lock), __FILE__, __LINE__, __VA_ARGS__)

#endif /* !_SIM_SYS_LOCK_H_ */
