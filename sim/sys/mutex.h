/* Stands for sys/sys/mutex.h at FreeBSD edca4938 (2019).
 * mutex.h - mutex(9): sleep mutexes (sys/sys/mutex.h).
 *
 * A mutex is non-sleepable: WITNESS reports sleeping while holding one.
 * mtx_lock field: 0 (MTX_UNOWNED) or the owning simulated tid + 1, so a
 * zeroed mutex is unowned as in FreeBSD.  MTX_SPIN mutexes behave like
 * MTX_DEF ones (one CPU, no interrupts).  Every operation takes the
 * caller's __FILE__/__LINE__ for scheduling points and reports.
 */
#ifndef _SIM_SYS_MUTEX_H_
#define _SIM_SYS_MUTEX_H_

#include <sys/param.h>
#include <sys/lock.h>

struct mtx {
	struct lock_object lock_object;	/* Common lock properties. */
	volatile uintptr_t mtx_lock;	/* Owner tid + 1, 0 unowned. */
	u_int		mtx_recurse;	/* Recursion depth. */
};

#define	MTX_UNOWNED	0x00000000

/* Options passed to mtx_init(). */
#define	MTX_DEF		0x00000000	/* DEFAULT (sleep) lock */
#define	MTX_SPIN	0x00000001	/* Spin lock (disables interrupts) */
#define	MTX_RECURSE	0x00000004	/* Option: lock allowed to recurse */
#define	MTX_NOWITNESS	0x00000008	/* Don't do any witness checking. */
#define	MTX_NOPROFILE	0x00000020	/* Don't profile this lock */
#define	MTX_DUPOK	0x00000040	/* Don't log a duplicate acquire */
#define	MTX_QUIET	0x00000080	/* Don't log a mutex event */
#define	MTX_NEW		0x00000100	/* Don't check for double-init */

/* Options passed to mtx_assert(). */
#define	MA_OWNED	0x01
#define	MA_NOTOWNED	0x02
#define	MA_RECURSED	0x04
#define	MA_NOTRECURSED	0x08

void	_mtx_init(struct mtx *m, const char *name, const char *type,
	    int opts, const char *file, int line);
void	_mtx_destroy(struct mtx *m, const char *file, int line);
void	_mtx_lock_flags(struct mtx *m, int opts, const char *file, int line);
void	_mtx_unlock_flags(struct mtx *m, int opts, const char *file,
	    int line);
int	_mtx_trylock_flags(struct mtx *m, int opts, const char *file,
	    int line);
void	_mtx_assert(const struct mtx *m, int what, const char *file,
	    int line);
int	mtx_owned(const struct mtx *m);

/*
 * Giant, the one kernel-wide mutex (kern_mutex.c).  The linker holds it
 * around module events and SYSINIT/SYSUNINITs; a thread that sleeps
 * (anything but a mutex turnstile) drops it first and takes it back after,
 * FreeBSD's DROP_GIANT/PICKUP_GIANT.
 */
extern struct mtx Giant;
int	mtx_giant_drop(void);
void	mtx_giant_pickup(int depth);
void	mtx_sysinit(void *arg);
void	mtx_sysuninit(void *arg);

#define	mtx_init(m, name, type, opts)					\
	_mtx_init((m), (name), (type), (opts), __FILE__, __LINE__)
#define	mtx_destroy(m)		_mtx_destroy((m), __FILE__, __LINE__)
#define	mtx_lock(m)		_mtx_lock_flags((m), 0, __FILE__, __LINE__)
#define	mtx_lock_flags(m, o)	_mtx_lock_flags((m), (o), __FILE__, __LINE__)
#define	mtx_unlock(m)		_mtx_unlock_flags((m), 0, __FILE__, __LINE__)
#define	mtx_unlock_flags(m, o)						\
	_mtx_unlock_flags((m), (o), __FILE__, __LINE__)
#define	mtx_trylock(m)		_mtx_trylock_flags((m), 0, __FILE__, __LINE__)
#define	mtx_lock_spin(m)	mtx_lock(m)
#define	mtx_unlock_spin(m)	mtx_unlock(m)
#define	mtx_assert(m, what)	_mtx_assert((m), (what), __FILE__, __LINE__)
#define	mtx_initialized(m)	lock_initialized(&(m)->lock_object)
#define	mtx_name(m)		((m)->lock_object.lo_name)
#define	mtx_recursed(m)		((m)->mtx_recurse != 0)

struct mtx_args {
	void		*ma_mtx;
	const char	*ma_desc;
	int		ma_opts;
};

#define	MTX_SYSINIT(name, mtx, desc, opts)				\
	static struct mtx_args name##_args = {				\
		(mtx), (desc), (opts)					\
	};								\
	SYSINIT(name##_mtx_sysinit, SI_SUB_LOCK, SI_ORDER_MIDDLE,	\
	    mtx_sysinit, &name##_args);					\
	SYSUNINIT(name##_mtx_sysuninit, SI_SUB_LOCK, SI_ORDER_MIDDLE,	\
	    mtx_sysuninit, (mtx))

#endif /* !_SIM_SYS_MUTEX_H_ */
