/* Stands for sys/kern/sys_generic.c at FreeBSD edca4938 (2019).
 * sys_generic.c - select/poll wakeup machinery and poll(2) on one
 * descriptor (FreeBSD sys/kern/sys_generic.c: selrecord, selwakeup,
 * selwakeuppri, seldrain, seltdwait, kern_poll/pollscan/pollrescan).
 *
 * A polling thread has a struct seltd (its wait condition, "select" cv
 * under "sellck") and, per polled descriptor, a struct selfd that
 * selrecord() links onto the driver's selinfo.  selwakeup() unlinks every
 * selfd (sf_si = NULL), marks its seltd SELTD_PENDING and broadcasts;
 * the poller then rescans only descriptors whose selfd fired.  The
 * selinfo's list is protected by a mutex of the select pool (one mutex,
 * "select mtxpool", stands for the pool: which pool slot a selinfo hashes
 * to is an address, and addresses must not steer the simulation).
 *
 * Not modelled: select(2) itself (only poll on one descriptor), timeouts
 * other than 0 and infinite, POLLNVAL for a closed descriptor (the syscall
 * layer answers EBADF instead).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/file.h>
#include <sys/poll.h>
#include <sys/selinfo.h>

#include <fs/devfs/devfs.h>

MALLOC_DEFINE(M_SELECT, "select", "select() buffer");

struct seltd {
	STAILQ_HEAD(, selfd)	st_selq;	/* (k) List of selfds. */
	struct selfd		*st_free1;	/* (k) free fd for read set. */
	struct mtx		st_mtx;		/* Protects struct seltd */
	struct cv		st_wait;	/* (t) Wait channel. */
	int			st_flags;	/* (t) SELTD_ flags. */
};

#define	SELTD_PENDING	0x0001			/* We have pending events. */
#define	SELTD_RESCAN	0x0002			/* Doing a rescan. */

struct selfd {
	STAILQ_ENTRY(selfd)	sf_link;	/* (k) fds owned by this td. */
	TAILQ_ENTRY(selfd)	sf_threads;	/* (f) fds on this selinfo. */
	struct selinfo		*sf_si;		/* (f) selinfo when linked. */
	struct mtx		*sf_mtx;	/* Pointer to selinfo mtx. */
	struct seltd		*sf_td;		/* (k) owning seltd. */
};

/* The select mutex pool (a single mutex, see above). */
static struct mtx mtxpool_select __kdata;
MTX_SYSINIT(mtxpool_select, &mtxpool_select, "select mtxpool", MTX_DEF);

/* td_sel of each simulated thread while it polls. */
#define	SEL_MAXTHREADS	256
static struct seltd *seltd_bytid[SEL_MAXTHREADS] __kdata;

/*
 * A thread's seltd lives as long as the thread (to the end of the
 * execution), so the "select" type is not leak-checked; selfds are freed
 * by every poll call before it returns.
 */
static void
select_init(void *dummy __unused)
{

	sim_type_leak_checked("select", false);
}
SYSINIT(select, SI_SUB_DEVFS, SI_ORDER_FIRST, select_init, NULL);

/* poll answer of a file that cannot block: readable and writable. */
int
poll_no_poll(int events)
{
	/*
	 * Return true for read/write.  If the user asked for something
	 * special, return POLLNVAL, so that clients have a way of
	 * determining reliably whether or not the extended
	 * functionality is present without hard-coding knowledge
	 * of specific filesystem implementations.
	 */
	if (events & ~POLLSTANDARD)
		return (POLLNVAL);

	return (events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
}

/* The seltd of the running thread. */
static struct seltd *
seltd_cur(void)
{
	int tid;

	tid = sim_curthread();
	KASSERT(tid >= 0 && tid < SEL_MAXTHREADS,
	    ("select: thread %d out of range", tid));
	return (seltd_bytid[tid]);
}

/*
 * The running thread's seltd, made on its first poll(2) and kept for the
 * thread's life (FreeBSD frees it at thread exit; a simulated thread never
 * exits before the execution ends, so the "select" objects are not a leak).
 */
static struct seltd *
seltdinit(void)
{
	struct seltd *stp;
	char label[64];
	int tid;

	tid = sim_curthread();
	KASSERT(tid >= 0 && tid < SEL_MAXTHREADS,
	    ("select: thread %d out of range", tid));
	stp = seltd_bytid[tid];
	if (stp == NULL) {
		stp = malloc(sizeof(*stp), M_SELECT, M_WAITOK | M_ZERO);
		snprintf(label, sizeof(label), "sellck@%s", sim_obj_id(stp));
		mtx_init(&stp->st_mtx, "sellck", NULL, MTX_DEF);
		sim_label_set(&stp->st_mtx, label);
		cv_init(&stp->st_wait, "select");
		STAILQ_INIT(&stp->st_selq);
		seltd_bytid[tid] = stp;
	}
	stp->st_flags = 0;
	return (stp);
}

/* The end of a poll(2) call: nothing may stay recorded. */
static void
seltdfini(struct seltd *stp)
{

	KASSERT(STAILQ_EMPTY(&stp->st_selq), ("seltdfini: selfds left"));
}

/* Preallocate the selfd a d_poll may hand to selrecord(). */
static void
selfdalloc(struct seltd *stp)
{

	if (stp->st_free1 == NULL)
		stp->st_free1 = malloc(sizeof(*stp->st_free1), M_SELECT,
		    M_WAITOK | M_ZERO);
	stp->st_free1->sf_td = stp;
}

/* Unlink a selfd from its selinfo, if still linked, and free it. */
static void
selfdfree(struct seltd *stp, struct selfd *sfp)
{

	STAILQ_REMOVE(&stp->st_selq, sfp, selfd, sf_link);
	SIM_READ(sfp, "sf_si");
	if (sfp->sf_si != NULL) {
		mtx_lock(sfp->sf_mtx);
		if (sfp->sf_si != NULL) {
			sim_obj_check(sfp->sf_si, "selinfo", __FILE__,
			    __LINE__);
			TAILQ_REMOVE(&sfp->sf_si->si_tdlist, sfp, sf_threads);
		}
		mtx_unlock(sfp->sf_mtx);
	}
	free(sfp, M_SELECT);
}

/* Drop every selfd of a poll call. */
static void
seltdclear(struct seltd *stp)
{
	struct selfd *sfp, *sfn;

	STAILQ_FOREACH_SAFE(sfp, &stp->st_selq, sf_link, sfn)
		selfdfree(stp, sfp);
	stp->st_flags = 0;
}

/*
 * Record a select request: link the thread's preallocated selfd onto
 * sip's list so that selwakeup(sip) wakes the poller.
 */
void
selrecord(struct thread *selector, struct selinfo *sip)
{
	struct selfd *sfp;
	struct seltd *stp;
	struct mtx *mtxp;

	stp = seltd_cur();
	KASSERT(stp != NULL, ("selrecord: thread is not polling"));
	KASSERT(selector == curthread, ("selrecord: selector not curthread"));
	/*
	 * Don't record when doing a rescan.
	 */
	if (stp->st_flags & SELTD_RESCAN)
		return;
	/*
	 * Grab one of the preallocated descriptors.
	 */
	if ((sfp = stp->st_free1) != NULL)
		stp->st_free1 = NULL;
	else
		panic("selrecord: No free selfd on selq");
	mtxp = sip->si_mtx;
	if (mtxp == NULL)
		mtxp = &mtxpool_select;
	/*
	 * Initialize the sfd and queue it in the thread.
	 */
	sfp->sf_si = sip;
	sfp->sf_mtx = mtxp;
	STAILQ_INSERT_TAIL(&stp->st_selq, sfp, sf_link);
	/*
	 * Now that we've locked the sip, check for initialization.
	 */
	mtx_lock(mtxp);
	if (sip->si_mtx == NULL) {
		sip->si_mtx = mtxp;
		TAILQ_INIT(&sip->si_tdlist);
	}
	/*
	 * Add this thread to the list of selfds listening on this selinfo.
	 */
	TAILQ_INSERT_TAIL(&sip->si_tdlist, sfp, sf_threads);
	mtx_unlock(sip->si_mtx);
}

/* Wake every thread recorded on sip (pri < 0: draining). */
static void
doselwakeup(struct selinfo *sip, int pri)
{
	struct selfd *sfp;
	struct selfd *sfn;
	struct seltd *stp;

	/* If it's not initialized there can't be any waiters. */
	SIM_READ(sip, "si_mtx");
	if (sip->si_mtx == NULL)
		return;
	/*
	 * Locking the selinfo locks all selfds associated with it.
	 */
	mtx_lock(sip->si_mtx);
	TAILQ_FOREACH_SAFE(sfp, &sip->si_tdlist, sf_threads, sfn) {
		/*
		 * Once we remove this sfd from the list and clear the
		 * sf_si seltdclear will know to ignore this si (the store
		 * comes last, as the release store of later FreeBSD).
		 */
		TAILQ_REMOVE(&sip->si_tdlist, sfp, sf_threads);
		stp = sfp->sf_td;
		mtx_lock(&stp->st_mtx);
		stp->st_flags |= SELTD_PENDING;
		cv_broadcastpri(&stp->st_wait, pri);
		mtx_unlock(&stp->st_mtx);
		/* The last touch of sfp: its poller may free it from now on. */
		SIM_WRITE(sfp, "sf_si");
		sfp->sf_si = NULL;
	}
	mtx_unlock(sip->si_mtx);
}

/* Wake the threads polling on sip. */
void
selwakeup(struct selinfo *sip)
{

	doselwakeup(sip, -1);
}

/* Wake the threads polling on sip, at priority pri. */
void
selwakeuppri(struct selinfo *sip, int pri)
{

	doselwakeup(sip, pri);
}

/*
 * The selinfo is about to be freed: wake everyone so that no selfd points
 * at it any more.
 */
void
seldrain(struct selinfo *sip)
{

	/*
	 * This feature is already provided by doselwakeup(), thus it is
	 * enough to go for it.
	 */
	doselwakeup(sip, -1);
}

/* Sleep until a recorded selinfo fires (or a signal: EINTR/ERESTART). */
static int
seltdwait(struct seltd *stp)
{
	int error;

	mtx_lock(&stp->st_mtx);
	/*
	 * An event of interest may occur while we do not hold the seltd
	 * locked so check the pending flag before we sleep.
	 */
	if (stp->st_flags & SELTD_PENDING) {
		mtx_unlock(&stp->st_mtx);
		return (0);
	}
	error = cv_wait_sig(&stp->st_wait, &stp->st_mtx);
	mtx_unlock(&stp->st_mtx);
	return (error);
}

/*
 * poll(2) on one open file: fo_poll; when nothing is ready and wait is
 * set, sleep until the driver's selwakeup and poll again.  A signal ends
 * the wait with EINTR.
 */
int
kern_poll_file(struct thread *td, struct file *fp, int events, int wait,
    int *reventsp)
{
	struct seltd *stp;
	struct selfd *sfp;
	int error, revents;

	stp = seltdinit();
	error = 0;
	for (;;) {
		/* pollscan */
		selfdalloc(stp);
		revents = devfs_poll_f(fp, events, td);
		if (revents != 0 || !wait)
			break;
		error = seltdwait(stp);
		if (error != 0)
			break;
		/* pollrescan: only if our selfd fired. */
		sfp = STAILQ_FIRST(&stp->st_selq);
		if (sfp != NULL) {
			SIM_READ(sfp, "sf_si");
			if (sfp->sf_si == NULL) {
				stp->st_flags |= SELTD_RESCAN;
				revents = devfs_poll_f(fp, events, td);
			}
		}
		seltdclear(stp);
		if (revents != 0)
			break;
	}
	seltdclear(stp);
	seltdfini(stp);
	/* poll is not restarted after signals... */
	if (error == ERESTART)
		error = EINTR;
	if (error == EWOULDBLOCK)
		error = 0;
	*reventsp = error == 0 ? revents : 0;
	return (error);
}
