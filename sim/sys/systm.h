/*
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

/*
 * An unlocked shared access the driver makes (the "Unlocked read" and
 * XXXRW spots): a scheduling point that also checks obj is not freed.
 */
#define	SIM_READ(obj, field)						\
	sim_access((obj), (field), SIM_ACC_READ, __FILE__, __LINE__)
#define	SIM_WRITE(obj, field)						\
	sim_access((obj), (field), SIM_ACC_WRITE, __FILE__, __LINE__)

#endif /* !_SIM_SYS_SYSTM_H_ */
