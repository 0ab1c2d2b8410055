/* Stands for sys/sys/systm.h at FreeBSD edca4938 (2019).
 * systm.h - panic, KASSERT, printf and friends for the simulated kernel.
 * INVARIANTS is always on: a failed KASSERT is a `panic` violation.
 */
#ifndef _SIM_SYS_SYSTM_H_
#define _SIM_SYS_SYSTM_H_

#include <sys/param.h>

#define	panic(...)							\
	sim_violation(SIM_V_PANIC, __FILE__, __LINE__, __VA_ARGS__)

/* KASSERT(exp, (fmt, args)): the message in FreeBSD's double parentheses. */
#define	KASSERT(exp, msg) do {						\
	if (__predict_false(!(exp)))					\
		kassert_panic(__FILE__, __LINE__, #exp, _kassert_fmt msg);\
} while (0)
#define	_kassert_fmt(...)	__VA_ARGS__
#define	MPASS(ex)	KASSERT((ex), ("Assertion %s failed", #ex))

__attribute__((noreturn, format(printf, 4, 5)))
void	kassert_panic(const char *file, int line, const char *exp,
	    const char *fmt, ...);

/* Kernel console output goes to the trace, never to stdout. */
#define	printf(...)	sim_trace(__FILE__, __LINE__, __VA_ARGS__)
#define	log(pri, ...)	sim_trace(__FILE__, __LINE__, __VA_ARGS__)
#define	LOG_INFO	6
#define	LOG_WARNING	4
#define	LOG_ERR		3

#define	bcopy(src, dst, len)	memmove((dst), (src), (len))
#define	bzero(p, len)		memset((p), 0, (len))

size_t	strlcpy(char *dst, const char *src, size_t size);

/* copyin/copyout: user memory is host memory in the simulation. */
int	copyout(const void *kaddr, void *uaddr, size_t len);
int	copyin(const void *uaddr, void *kaddr, size_t len);
/* Added by H1: copy a string in; ENAMETOOLONG if longer than len - 1. */
int	copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done);

/*
 * An unlocked shared access the driver makes (the "Unlocked read" and
 * XXXRW spots): a scheduling point that also checks obj is not freed.
 */
#define	SIM_READ(obj, field)						\
	sim_access((obj), (field), SIM_ACC_READ, __FILE__, __LINE__)
#define	SIM_WRITE(obj, field)						\
	sim_access((obj), (field), SIM_ACC_WRITE, __FILE__, __LINE__)

/*
 * Sleep and wakeup (kern_synch.c).  Added by H1 (core primitives).
 * mtx_sleep(ident, mtx, PCATCH | pri, wmesg, timo): timo in ticks, 0 none.
 */
struct lock_object;
int	_sleep(const void *ident, struct lock_object *lock, int priority,
	    const char *wmesg, int timo, const char *file, int line);
void	_wakeup(const void *ident, const char *file, int line);
void	_wakeup_one(const void *ident, const char *file, int line);
int	_pause(const char *wmesg, int timo, const char *file, int line);
#define	msleep(chan, mtx, pri, wmesg, timo)				\
	_sleep((chan), &(mtx)->lock_object, (pri), (wmesg), (timo),	\
	    __FILE__, __LINE__)
#define	mtx_sleep(chan, mtx, pri, wmesg, timo)				\
	msleep((chan), (mtx), (pri), (wmesg), (timo))
#define	sx_sleep(chan, sx, pri, wmesg, timo)				\
	msleep((chan), (sx), (pri), (wmesg), (timo))
#define	tsleep(chan, pri, wmesg, timo)					\
	_sleep((chan), NULL, (pri), (wmesg), (timo), __FILE__, __LINE__)
#define	wakeup(chan)		_wakeup((chan), __FILE__, __LINE__)
#define	wakeup_one(chan)	_wakeup_one((chan), __FILE__, __LINE__)
#define	pause(wmesg, timo)	_pause((wmesg), (timo), __FILE__, __LINE__)

/*
 * Unit number allocation (subr_unit.c).  Added by H1 (core primitives).
 */
struct mtx;
struct unrhdr;
struct unrhdr *new_unrhdr(int low, int high, struct mtx *mutex);
void	delete_unrhdr(struct unrhdr *uh);
int	alloc_unr(struct unrhdr *uh);
int	alloc_unr_specific(struct unrhdr *uh, u_int item);
void	free_unr(struct unrhdr *uh, u_int item);

#endif /* !_SIM_SYS_SYSTM_H_ */
