/* Stands for sys/sys/sx.h at FreeBSD edca4938 (2019).
 * sx.h - sx(9): shared/exclusive sleepable locks (sys/sys/sx.h).
 *
 * Sleepable: may be held across sleeps, must not be acquired while holding
 * a mutex (WITNESS reports that as sleep-with-mutex).  State: sx_xowner is
 * the exclusive owner's tid + 1 (0 none), sx_shared the number of shared
 * holders.  Waiters sleep on the sx in subr_sleepqueue.c (exclusive queue
 * 0, shared queue 1) and retry when woken.  Not modelled: upgrades,
 * interruptible acquisition (sx_xlock_sig), adaptive spinning.
 */
#ifndef _SIM_SYS_SX_H_
#define _SIM_SYS_SX_H_

#include <sys/param.h>
#include <sys/lock.h>

struct sx {
	struct lock_object lock_object;
	volatile uintptr_t sx_xowner;	/* Exclusive owner tid + 1. */
	u_int		sx_shared;	/* Shared holders. */
	u_int		sx_recurse;
};

#define	SX_DUPOK	0x01
#define	SX_NOPROFILE	0x02
#define	SX_NOWITNESS	0x04
#define	SX_QUIET	0x08
#define	SX_NOADAPTIVE	0x10
#define	SX_RECURSE	0x20
#define	SX_NEW		0x40

/* Options passed to sx_assert(). */
#define	SA_LOCKED	0x01
#define	SA_SLOCKED	0x02
#define	SA_XLOCKED	0x04
#define	SA_UNLOCKED	0x08
#define	SA_RECURSED	0x10
#define	SA_NOTRECURSED	0x20

void	_sx_init_flags(struct sx *sx, const char *desc, int opts,
	    const char *file, int line);
void	_sx_destroy(struct sx *sx, const char *file, int line);
void	_sx_xlock(struct sx *sx, int opts, const char *file, int line);
int	_sx_try_xlock(struct sx *sx, const char *file, int line);
void	_sx_xunlock(struct sx *sx, const char *file, int line);
void	_sx_slock(struct sx *sx, int opts, const char *file, int line);
void	_sx_sunlock(struct sx *sx, const char *file, int line);
void	_sx_assert(const struct sx *sx, int what, const char *file, int line);
int	sx_xlocked(const struct sx *sx);
void	sx_sysinit(void *arg);
void	sx_sysuninit(void *arg);

#define	sx_init(sx, desc)						\
	_sx_init_flags((sx), (desc), 0, __FILE__, __LINE__)
#define	sx_init_flags(sx, desc, opts)					\
	_sx_init_flags((sx), (desc), (opts), __FILE__, __LINE__)
#define	sx_destroy(sx)		_sx_destroy((sx), __FILE__, __LINE__)
#define	sx_xlock(sx)		_sx_xlock((sx), 0, __FILE__, __LINE__)
#define	sx_try_xlock(sx)	_sx_try_xlock((sx), __FILE__, __LINE__)
#define	sx_xunlock(sx)		_sx_xunlock((sx), __FILE__, __LINE__)
#define	sx_slock(sx)		_sx_slock((sx), 0, __FILE__, __LINE__)
#define	sx_sunlock(sx)		_sx_sunlock((sx), __FILE__, __LINE__)
#define	sx_assert(sx, what)	_sx_assert((sx), (what), __FILE__, __LINE__)
#define	sx_unlock(sx) do {						\
	if (sx_xlocked(sx))						\
		sx_xunlock(sx);						\
	else								\
		sx_sunlock(sx);						\
} while (0)

struct sx_args {
	struct sx	*sa_sx;
	const char	*sa_desc;
	int		sa_flags;
};

#define	SX_SYSINIT_FLAGS(name, sxa, desc, flags)			\
	static struct sx_args name##_args = {				\
		(sxa), (desc), (flags)					\
	};								\
	SYSINIT(name##_sx_sysinit, SI_SUB_LOCK, SI_ORDER_MIDDLE,	\
	    sx_sysinit, &name##_args);					\
	SYSUNINIT(name##_sx_sysuninit, SI_SUB_LOCK, SI_ORDER_MIDDLE,	\
	    sx_sysuninit, (sxa))
#define	SX_SYSINIT(name, sxa, desc)	SX_SYSINIT_FLAGS(name, sxa, desc, 0)

#endif /* !_SIM_SYS_SX_H_ */
