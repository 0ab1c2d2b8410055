/* Stands for sys/sys/malloc.h at FreeBSD edca4938 (2019).
 * malloc.h - kernel malloc(9) on the engine's memory ledger.
 * M_WAITOK never fails (it may sleep: a scheduling point, and a
 * sleep-with-mutex check); M_NOWAIT can fail when the fault plan says so.
 */
#ifndef _SIM_SYS_MALLOC_H_
#define _SIM_SYS_MALLOC_H_

#include <sys/param.h>

#define	M_NOWAIT	0x0001
#define	M_WAITOK	0x0002
#define	M_ZERO		0x0100

struct malloc_type {
	const char	*ks_shortdesc;
};

#define	MALLOC_DEFINE(type, shortdesc, longdesc)			\
	struct malloc_type type[1] = { { (shortdesc) } }
#define	MALLOC_DECLARE(type)	extern struct malloc_type type[1]

MALLOC_DECLARE(M_TEMP);
MALLOC_DECLARE(M_DEVBUF);

void	*kern_malloc(size_t size, struct malloc_type *type, int flags,
	    const char *file, int line);
void	kern_free(void *addr, struct malloc_type *type, const char *file,
	    int line);

#define	malloc(size, type, flags)					\
	kern_malloc((size), (type), (flags), __FILE__, __LINE__)
#define	free(addr, type)	kern_free((addr), (type), __FILE__, __LINE__)

#endif /* !_SIM_SYS_MALLOC_H_ */
