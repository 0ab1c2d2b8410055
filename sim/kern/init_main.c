/* Stands for sys/kern/init_main.c at FreeBSD edca4938 (2019).
 * init_main.c - booting the simulated kernel for one execution
 * (sys/kern/init_main.c mi_startup).
 *
 * sim_kern_boot():
 *   1. restore every mutable static of the kernel (the __kdata section,
 *      "set_tunsim_kdata") from its pristine image, saved on the first
 *      call before anything ran: a reboot, so executions are independent;
 *   2. run the kernel's own SYSINITs (not the module's) sorted by
 *      (subsystem, order), ties in declaration order: locks, lists, proc0,
 *      the task queues, the linker...
 * The module is not loaded by boot; the scenario interpreter loads it.
 * sim_kern_shutdown() frees nothing: all kernel memory is the ledger's,
 * which the engine drops with the execution, and static state is reset
 * by the next boot.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/linker.h>
#include <sys/proc.h>

#define	KDATA_IMAGE_MAX		(1024 * 1024)
#define	SYSINIT_MAX		256

SET_DECLARE(sysinit_set, struct sysinit);

extern char __start_set_tunsim_kdata[] __attribute__((__weak__));
extern char __stop_set_tunsim_kdata[] __attribute__((__weak__));

/*
 * The pristine kernel data and the boot order, computed once: host-side
 * bookkeeping of the simulator, deliberately not __kdata.
 */
static unsigned char kdata_image[KDATA_IMAGE_MAX];
static bool kdata_saved;
static struct sysinit *sysinit_sorted[SYSINIT_MAX];
static size_t sysinit_count;

/* Order two SYSINITs; see sysinit_sort(). */
static int
sysinit_cmp(const struct sysinit *a, const struct sysinit *b, bool desc)
{
	int c;

	if (a->subsystem != b->subsystem)
		c = a->subsystem < b->subsystem ? -1 : 1;
	else if (a->order != b->order)
		c = a->order < b->order ? -1 : 1;
	else
		c = 0;
	if (desc)
		c = -c;
	if (c == 0) {
		c = strcmp(a->si_file, b->si_file);
		if (c == 0)
			c = a->si_line < b->si_line ? -1 :
			    a->si_line > b->si_line;
	}
	return (c);
}

/*
 * Sort SYSINITs by (subsystem, order), ascending or descending; ties
 * keep declaration order (file, then line).  Insertion sort: stable.
 */
void
sysinit_sort(struct sysinit **list, size_t n, bool descending)
{
	struct sysinit *si;
	size_t i, j;

	for (i = 1; i < n; i++) {
		si = list[i];
		for (j = i; j > 0 &&
		    sysinit_cmp(list[j - 1], si, descending) > 0; j--)
			list[j] = list[j - 1];
		list[j] = si;
	}
}

/*
 * Copy a data image.  Under ASan the copy must not be checked (redzones
 * may sit between the variables of a section), so it is a byte loop the
 * compiler may not turn into a memcpy call.
 */
#ifdef TUNSIM_ASAN
__attribute__((no_sanitize_address, noinline)) void
linker_image_copy(void *dst, const void *src, size_t len)
{
	volatile unsigned char *d;
	const volatile unsigned char *s;
	size_t i;

	d = dst;
	s = src;
	for (i = 0; i < len; i++)
		d[i] = s[i];
}
#else
void
linker_image_copy(void *dst, const void *src, size_t len)
{

	if (len != 0)
		memcpy(dst, src, len);
}
#endif

/* Boot a fresh kernel for one execution. */
void
sim_kern_boot(void)
{
	struct sysinit **sipp;
	size_t len, i;

	len = __start_set_tunsim_kdata == NULL ? 0 :
	    (size_t)(__stop_set_tunsim_kdata - __start_set_tunsim_kdata);
	if (!kdata_saved) {
		if (len > sizeof(kdata_image))
			panic("sim_kern_boot: kernel data is %zu bytes, "
			    "raise KDATA_IMAGE_MAX", len);
		linker_image_copy(kdata_image, __start_set_tunsim_kdata, len);
		SET_FOREACH(sipp, sysinit_set) {
			if (sysinit_count == SYSINIT_MAX)
				panic("sim_kern_boot: more than %d SYSINITs",
				    SYSINIT_MAX);
			sysinit_sorted[sysinit_count++] = *sipp;
		}
		sysinit_sort(sysinit_sorted, sysinit_count, false);
		kdata_saved = true;
	} else
		linker_image_copy(__start_set_tunsim_kdata, kdata_image, len);
	for (i = 0; i < sysinit_count; i++)
		sysinit_sorted[i]->func(sysinit_sorted[i]->udata);
}

/* Nothing to free: see the file comment. */
void
sim_kern_shutdown(void)
{

}

/* Number of locks simulated thread tid holds (WITNESS's list). */
int
sim_kern_locks_held(int tid)
{
	struct thread *td;

	td = kern_thread_bytid(tid);
	return (td != NULL ? td->td_nheld : 0);
}

static size_t
kdata_size(void)
{

	return (__start_set_tunsim_kdata == NULL ? 0 :
	    (size_t)(__stop_set_tunsim_kdata - __start_set_tunsim_kdata));
}

/* The kernel's state after a prefix, then the module's (linker_snap_*). */
size_t
sim_kern_snap_size(void)
{

	return (kdata_size() + linker_snap_size());
}

void
sim_kern_snap_save(void *buf)
{

	linker_image_copy(buf, __start_set_tunsim_kdata, kdata_size());
	linker_snap_save((char *)buf + kdata_size());
}

void
sim_kern_snap_restore(const void *buf)
{

	linker_image_copy(__start_set_tunsim_kdata, buf, kdata_size());
	linker_snap_restore((const char *)buf + kdata_size());
}
