/* Stands for sys/kern/kern_malloc.c at FreeBSD edca4938 (2019).
 * kern_malloc.c - malloc(9) on the engine's memory ledger
 * (sys/kern/kern_malloc.c).
 *
 * Every allocation and free is a scheduling point.  malloc(M_WAITOK) may
 * sleep, so WITNESS reports it with a non-sleepable lock held; it never
 * fails.  malloc(M_NOWAIT) fails when the fault plan fails the site
 * "malloc".  Memory is zeroed (M_ZERO or not) and never reused within an
 * execution, so a touch after free() is found by the ledger, naming who
 * freed it.  Objects are named "<ks_shortdesc>#<n>".  Every malloc type is
 * leak-checked unless its owner declares it kernel-internal at boot
 * (sim_type_leak_checked(type, false)).
 * Not modelled: zones (uma), malloc statistics, contigmalloc, realloc.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/malloc.h>

MALLOC_DEFINE(M_TEMP, "temp", "misc temporary data buffers");
MALLOC_DEFINE(M_DEVBUF, "devbuf", "device driver memory");

/* Allocate size bytes of type mtp. */
void *
kern_malloc(size_t size, struct malloc_type *mtp, int flags,
    const char *file, int line)
{
	int indx;

	sim_point("malloc", NULL, SIM_ACC_NONE, file, line);
	indx = flags & (M_WAITOK | M_NOWAIT);
	if (indx != M_NOWAIT && indx != M_WAITOK) {
		printf("Bad malloc flags: %x", indx);
		flags |= M_WAITOK;
	}
	if ((flags & M_WAITOK) != 0)
		witness_warn(WARN_GIANTOK | WARN_SLEEPOK, NULL, file, line,
		    "malloc(M_WAITOK) of \"%s\"", mtp->ks_shortdesc);
	return (sim_obj_alloc(size != 0 ? size : 1, mtp->ks_shortdesc,
	    (flags & M_NOWAIT) != 0 && (flags & M_WAITOK) == 0, "malloc",
	    file, line));
}

/* Free memory from malloc(); NULL is ignored. */
void
kern_free(void *addr, struct malloc_type *mtp, const char *file, int line)
{

	if (addr == NULL)
		return;
	sim_point("free", addr, SIM_ACC_WRITE, file, line);
	sim_obj_free(addr, file, line);
}
