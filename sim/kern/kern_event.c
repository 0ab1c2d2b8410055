/* Stands for sys/kern/kern_event.c at FreeBSD edca4938 (2019).
 * kern_event.c - kqueue(2) notes (FreeBSD sys/kern/kern_event.c): knlists
 * for drivers (knlist_init_mtx, knlist_add, knlist_remove, knlist_clear,
 * knlist_destroy, KNOTE), and one kqueue per process on which the kevent
 * syscall registers a knote per (descriptor, filter) through the file's
 * d_kqfilter and reports whether it is triggered (zero timeout).
 *
 * Locking: a knlist is protected by its owner's lock (kl_lock; for tun/tap
 * tun_mtx).  kn_status is protected by the kqueue's kq_lock, always taken
 * after the knlist lock.  A knote being attached, scanned or dropped is "in
 * flux" (kn_influx): knote() skips it, knlist_clear() waits for it
 * ("kqkclr"), knote_fdclose() waits for it ("kqflxwt").
 *
 * Knotes are ledger objects of type "knote" (leak-checked); a knote holds
 * a reference on its file until it is dropped (close of its descriptor).
 *
 * Not modelled: kqueues as descriptors, EV_CLEAR/EV_DISPATCH, timers and
 * other filters, f_touch, the kqueue's own knlist, KN_QUEUED ordering (a
 * kevent call looks at its one knote only).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/event.h>

#include <fs/devfs/devfs.h>

MALLOC_DEFINE(M_KQUEUE, "kqueue", "memory for kqueue system");
MALLOC_DEFINE(M_KNOTE, "knote", "kqueue knote");

struct kqueue {
	struct mtx	kq_lock;
	SLIST_HEAD(, knote) kq_knotes;	/* (q) every knote of this kqueue */
	int		kq_state;
#define	KQ_FLUXWAIT	0x10
	pid_t		kq_pid;
};

#define	KQ_LOCK(kq)	mtx_lock(&(kq)->kq_lock)
#define	KQ_UNLOCK(kq)	mtx_unlock(&(kq)->kq_lock)
#define	KQ_OWNED(kq)	mtx_assert(&(kq)->kq_lock, MA_OWNED)
#define	KQ_NOTOWNED(kq)	mtx_assert(&(kq)->kq_lock, MA_NOTOWNED)
#define	KQ_FLUXWAKEUP(kq) do {						\
	if (((kq)->kq_state & KQ_FLUXWAIT) == KQ_FLUXWAIT) {		\
		(kq)->kq_state &= ~KQ_FLUXWAIT;				\
		wakeup((kq));						\
	}								\
} while (0)
#define	KQ_UNLOCK_FLUX(kq) do {						\
	KQ_FLUXWAKEUP(kq);						\
	KQ_UNLOCK(kq);							\
} while (0)

#define	KNL_ASSERT_LOCK(knl, islocked) do {				\
	if (islocked)							\
		KNL_ASSERT_LOCKED(knl);					\
	else								\
		KNL_ASSERT_UNLOCKED(knl);				\
} while (0)
#define	KNL_ASSERT_LOCKED(knl) do {					\
	knl->kl_assert_locked((knl)->kl_lockarg);			\
} while (0)
#define	KNL_ASSERT_UNLOCKED(knl) do {					\
	knl->kl_assert_unlocked((knl)->kl_lockarg);			\
} while (0)

/* The lock of knlists initialized without one. */
static struct mtx knlist_lock __kdata;
MTX_SYSINIT(knlist_lock, &knlist_lock, "knlist lock for lockless objects",
    MTX_DEF);

static int
kn_in_flux(struct knote *kn)
{

	return (kn->kn_influx > 0);
}

static void
kn_enter_flux(struct knote *kn)
{

	KQ_OWNED(kn->kn_kq);
	kn->kn_influx++;
}

static bool
kn_leave_flux(struct knote *kn)
{

	KQ_OWNED(kn->kn_kq);
	KASSERT(kn->kn_influx > 0, ("knote %s not in flux", sim_obj_id(kn)));
	kn->kn_influx--;
	return (kn->kn_influx == 0);
}

/* Lock the knlist a knote is on (in flux, so kn_knlist is stable). */
static struct knlist *
kn_list_lock(struct knote *kn)
{
	struct knlist *knl;

	knl = kn->kn_knlist;
	if (knl != NULL)
		knl->kl_lock(knl->kl_lockarg);
	return (knl);
}

static void
kn_list_unlock(struct knlist *knl)
{

	if (knl != NULL)
		knl->kl_unlock(knl->kl_lockarg);
}

/* Mark a knote triggered; kq lock held. */
static void
knote_activate(struct knote *kn)
{

	KQ_OWNED(kn->kn_kq);
	kn->kn_status |= KN_ACTIVE;
}

/*
 * Walk a knlist after the driver's state changed: every knote whose
 * f_event says so becomes active.  Knotes in flux are skipped.
 */
void
knote(struct knlist *list, long hint, int lockflags)
{
	struct kqueue *kq;
	struct knote *kn, *tkn;
	int error;

	if (list == NULL)
		return;

	KNL_ASSERT_LOCK(list, lockflags & KNF_LISTLOCKED);

	if ((lockflags & KNF_LISTLOCKED) == 0)
		list->kl_lock(list->kl_lockarg);

	/*
	 * If we unlock the list lock (and enter influx), we can
	 * eliminate the kqueue scheduling, but this will introduce
	 * four lock/unlock's for each knote to test.  Also, marker
	 * would be needed to keep iteration position, since filters
	 * or other threads could remove events.
	 */
	SLIST_FOREACH_SAFE(kn, &list->kl_list, kn_selnext, tkn) {
		kq = kn->kn_kq;
		KQ_LOCK(kq);
		if (kn_in_flux(kn) && (kn->kn_status & KN_SCAN) == 0) {
			/*
			 * Do not process the influx notes, except for
			 * the influx coming from the kq unlock in the
			 * kqueue_scan().  In the later case, we do
			 * not interfere with the scan, since the code
			 * fragment in kqueue_scan() locks the knlist,
			 * and cannot proceed until we finished.
			 */
			KQ_UNLOCK(kq);
		} else if ((lockflags & KNF_NOKQLOCK) != 0) {
			kn_enter_flux(kn);
			KQ_UNLOCK(kq);
			error = kn->kn_fop->f_event(kn, hint);
			KQ_LOCK(kq);
			kn_leave_flux(kn);
			if (error)
				knote_activate(kn);
			KQ_UNLOCK_FLUX(kq);
		} else {
			if (kn->kn_fop->f_event(kn, hint))
				knote_activate(kn);
			KQ_UNLOCK(kq);
		}
	}
	if ((lockflags & KNF_LISTLOCKED) == 0)
		list->kl_unlock(list->kl_lockarg);
}

/* Add a knote (being attached) to a knlist. */
void
knlist_add(struct knlist *knl, struct knote *kn, int islocked)
{

	KNL_ASSERT_LOCK(knl, islocked);
	KQ_NOTOWNED(kn->kn_kq);
	KASSERT(kn_in_flux(kn), ("knote %s not in flux", sim_obj_id(kn)));
	KASSERT((kn->kn_status & KN_DETACHED) != 0,
	    ("knote %s was not detached", sim_obj_id(kn)));
	if (!islocked)
		knl->kl_lock(knl->kl_lockarg);
	SLIST_INSERT_HEAD(&knl->kl_list, kn, kn_selnext);
	if (!islocked)
		knl->kl_unlock(knl->kl_lockarg);
	KQ_LOCK(kn->kn_kq);
	kn->kn_knlist = knl;
	kn->kn_status &= ~KN_DETACHED;
	KQ_UNLOCK(kn->kn_kq);
}

/* Remove a knote from its knlist and mark it detached. */
static void
knlist_remove_kq(struct knlist *knl, struct knote *kn, int knlislocked,
    int kqislocked)
{

	KASSERT(!kqislocked || knlislocked, ("kq locked w/o knl locked"));
	KNL_ASSERT_LOCK(knl, knlislocked);
	mtx_assert(&kn->kn_kq->kq_lock, kqislocked ? MA_OWNED : MA_NOTOWNED);
	KASSERT(kqislocked || kn_in_flux(kn),
	    ("knote %s not in flux", sim_obj_id(kn)));
	KASSERT((kn->kn_status & KN_DETACHED) == 0,
	    ("knote %s was already detached", sim_obj_id(kn)));
	if (!knlislocked)
		knl->kl_lock(knl->kl_lockarg);
	SLIST_REMOVE(&knl->kl_list, kn, knote, kn_selnext);
	kn->kn_knlist = NULL;
	if (!knlislocked)
		kn_list_unlock(knl);
	if (!kqislocked)
		KQ_LOCK(kn->kn_kq);
	kn->kn_status |= KN_DETACHED;
	if (!kqislocked)
		KQ_UNLOCK(kn->kn_kq);
}

/* Remove a knote from a knlist (f_detach of a driver). */
void
knlist_remove(struct knlist *knl, struct knote *kn, int islocked)
{

	knlist_remove_kq(knl, kn, islocked, 0);
}

/* Is the knlist empty?  Its lock must be held. */
int
knlist_empty(struct knlist *knl)
{

	KNL_ASSERT_LOCKED(knl);
	return (SLIST_EMPTY(&knl->kl_list));
}

static void
knlist_mtx_lock(void *arg)
{

	mtx_lock((struct mtx *)arg);
}

static void
knlist_mtx_unlock(void *arg)
{

	mtx_unlock((struct mtx *)arg);
}

static void
knlist_mtx_assert_locked(void *arg)
{

	mtx_assert((struct mtx *)arg, MA_OWNED);
}

static void
knlist_mtx_assert_unlocked(void *arg)
{

	mtx_assert((struct mtx *)arg, MA_NOTOWNED);
}

/* Initialize a knlist with a lock and its operations (mutex defaults). */
void
knlist_init(struct knlist *knl, void *lock, void (*kl_lock)(void *),
    void (*kl_unlock)(void *),
    void (*kl_assert_locked)(void *), void (*kl_assert_unlocked)(void *))
{

	if (lock == NULL)
		knl->kl_lockarg = &knlist_lock;
	else
		knl->kl_lockarg = lock;

	if (kl_lock == NULL)
		knl->kl_lock = knlist_mtx_lock;
	else
		knl->kl_lock = kl_lock;
	if (kl_unlock == NULL)
		knl->kl_unlock = knlist_mtx_unlock;
	else
		knl->kl_unlock = kl_unlock;
	if (kl_assert_locked == NULL)
		knl->kl_assert_locked = knlist_mtx_assert_locked;
	else
		knl->kl_assert_locked = kl_assert_locked;
	if (kl_assert_unlocked == NULL)
		knl->kl_assert_unlocked = knlist_mtx_assert_unlocked;
	else
		knl->kl_assert_unlocked = kl_assert_unlocked;

	knl->kl_autodestroy = 0;
	SLIST_INIT(&knl->kl_list);
}

/* Initialize a knlist protected by a mutex. */
void
knlist_init_mtx(struct knlist *knl, struct mtx *lock)
{

	knlist_init(knl, lock, NULL, NULL, NULL, NULL);
}

/* A knlist about to be freed must be empty. */
void
knlist_destroy(struct knlist *knl)
{

	KASSERT(SLIST_EMPTY(&knl->kl_list),
	    ("destroying knlist %s with knotes on it", sim_obj_id(knl)));
}

static void knote_drop_detached(struct knote *kn, struct thread *td);

/*
 * Detach every knote from a knlist (the object is going away): they become
 * EV_EOF|EV_ONESHOT and are never f_detach'ed.  Waits for knotes in flux.
 * With killkn the knotes are also dropped.
 */
void
knlist_cleardel(struct knlist *knl, struct thread *td, int islocked,
    int killkn)
{
	struct knote *kn, *kn2;
	struct kqueue *kq;

	if (islocked)
		KNL_ASSERT_LOCKED(knl);
	else {
		KNL_ASSERT_UNLOCKED(knl);
again:		/* need to reacquire lock since we have dropped it */
		knl->kl_lock(knl->kl_lockarg);
	}

	SLIST_FOREACH_SAFE(kn, &knl->kl_list, kn_selnext, kn2) {
		kq = kn->kn_kq;
		KQ_LOCK(kq);
		if (kn_in_flux(kn)) {
			KQ_UNLOCK(kq);
			continue;
		}
		knlist_remove_kq(knl, kn, 1, 1);
		if (killkn) {
			kn_enter_flux(kn);
			KQ_UNLOCK(kq);
			knote_drop_detached(kn, td);
		} else {
			/* Make sure cleared knotes disappear soon */
			kn->kn_flags |= EV_EOF | EV_ONESHOT;
			KQ_UNLOCK(kq);
		}
		kq = NULL;
	}

	if (!SLIST_EMPTY(&knl->kl_list)) {
		/* there are still in flux knotes remaining */
		kn = SLIST_FIRST(&knl->kl_list);
		kq = kn->kn_kq;
		KQ_LOCK(kq);
		KASSERT(kn_in_flux(kn), ("knote removed w/o list lock"));
		knl->kl_unlock(knl->kl_lockarg);
		kq->kq_state |= KQ_FLUXWAIT;
		msleep(kq, &kq->kq_lock, PSOCK | PDROP, "kqkclr", 0);
		kq = NULL;
		goto again;
	}

	if (islocked)
		KNL_ASSERT_LOCKED(knl);
	else {
		knl->kl_unlock(knl->kl_lockarg);
		KNL_ASSERT_UNLOCKED(knl);
	}
}

/* file_filtops: attach through the file's d_kqfilter. */
static int
filt_fileattach(struct knote *kn)
{

	return (devfs_kqfilter_f(kn->kn_fp, kn));
}

static struct filterops file_filtops = {
	.f_isfd = 1,
	.f_attach = filt_fileattach,
};

/* The process's kqueue, made on first use. */
static struct kqueue *
kqueue_get(struct filedesc *fdp)
{
	struct kqueue *kq;
	char label[64];

	kq = fdp->fd_kq;
	if (kq != NULL)
		return (kq);
	kq = malloc(sizeof(*kq), M_KQUEUE, M_WAITOK | M_ZERO);
	mtx_init(&kq->kq_lock, "kqueue", NULL, MTX_DEF | MTX_DUPOK);
	snprintf(label, sizeof(label), "kqueue@pid%d", (int)fdp->fd_pid);
	sim_label_set(&kq->kq_lock, label);
	SLIST_INIT(&kq->kq_knotes);
	kq->kq_pid = fdp->fd_pid;
	fdp->fd_kq = kq;
	return (kq);
}

/* Free a knote that is off every knlist; it is in flux (ours). */
static void
knote_drop_detached(struct knote *kn, struct thread *td)
{
	struct kqueue *kq;

	kq = kn->kn_kq;
	KASSERT((kn->kn_status & KN_DETACHED) != 0,
	    ("knote %s still attached", sim_obj_id(kn)));
	KQ_NOTOWNED(kq);

	KQ_LOCK(kq);
	KASSERT(kn->kn_influx == 1,
	    ("knote_drop called on %s with influx %d", sim_obj_id(kn),
	    kn->kn_influx));
	SLIST_REMOVE(&kq->kq_knotes, kn, knote, kn_link);
	KQ_UNLOCK_FLUX(kq);

	if (kn->kn_fop->f_isfd) {
		fdrop(kn->kn_fp, td);
		kn->kn_fp = NULL;
	}
	free(kn, M_KNOTE);
}

/* Detach (unless already detached) and free a knote in flux. */
static void
knote_drop(struct knote *kn, struct thread *td)
{

	SIM_READ(kn, "kn_status");
	if ((kn->kn_status & KN_DETACHED) == 0)
		kn->kn_fop->f_detach(kn);
	knote_drop_detached(kn, td);
}

/*
 * Register a knote for (fd, filter) on the kqueue: attach it through the
 * file (d_kqfilter), then evaluate it once.  fp is held by the caller; the
 * knote takes its own reference.
 */
static int
kqueue_register_one(struct thread *td, struct kqueue *kq, int fd,
    struct file *fp, int filter, struct knote **knp)
{
	struct knlist *knl;
	struct knote *kn;
	int error, event;

	kn = malloc(sizeof(*kn), M_KNOTE, M_WAITOK | M_ZERO);
	fhold(fp);
	kn->kn_fp = fp;
	kn->kn_kq = kq;
	kn->kn_fop = &file_filtops;
	kn->kn_id = fd;
	kn->kn_filter = filter;
	kn->kn_flags = EV_ADD;
	kn->kn_status = KN_DETACHED;
	KQ_LOCK(kq);
	kn_enter_flux(kn);
	SLIST_INSERT_HEAD(&kq->kq_knotes, kn, kn_link);
	KQ_UNLOCK(kq);

	if ((error = kn->kn_fop->f_attach(kn)) != 0) {
		knote_drop_detached(kn, td);
		return (error);
	}
	knl = kn_list_lock(kn);
	event = kn->kn_fop->f_event(kn, 0);
	KQ_LOCK(kq);
	if (event)
		knote_activate(kn);
	kn->kn_status &= ~KN_SCAN;
	kn_leave_flux(kn);
	kn_list_unlock(knl);
	KQ_UNLOCK_FLUX(kq);
	*knp = kn;
	return (0);
}

/*
 * kevent(2) with one change (EV_ADD of fd/filter, once) and a zero
 * timeout: is the knote triggered now?  A triggered knote is re-checked
 * with f_event (level-triggered); a cleared one (EV_ONESHOT after
 * knlist_clear) is reported once with EV_EOF and dropped.
 */
int
kqueue_kevent_one(struct thread *td, struct filedesc *fdp, int fd,
    struct file *fp, int filter, int *readyp, intptr_t *datap)
{
	struct kqueue *kq;
	struct knlist *knl;
	struct knote *kn;
	int error;

	*readyp = 0;
	*datap = 0;
	kq = kqueue_get(fdp);
	KQ_LOCK(kq);
	SLIST_FOREACH(kn, &kq->kq_knotes, kn_link) {
		if (kn->kn_id == (uintptr_t)fd && kn->kn_filter == filter)
			break;
	}
	KQ_UNLOCK(kq);
	if (kn == NULL) {
		error = kqueue_register_one(td, kq, fd, fp, filter, &kn);
		if (error != 0)
			return (error);
	}

	/* kqueue_scan of this one knote */
	KQ_LOCK(kq);
	if ((kn->kn_status & KN_ACTIVE) == 0 || kn_in_flux(kn)) {
		*datap = kn->kn_data;
		KQ_UNLOCK(kq);
		return (0);
	}
	if ((kn->kn_flags & EV_ONESHOT) == EV_ONESHOT) {
		kn->kn_status &= ~KN_ACTIVE;
		kn_enter_flux(kn);
		KQ_UNLOCK(kq);
		*readyp = 1;
		*datap = kn->kn_data;
		knote_drop(kn, td);
		return (0);
	}
	kn->kn_status |= KN_SCAN;
	kn_enter_flux(kn);
	KQ_UNLOCK(kq);
	knl = kn_list_lock(kn);
	if (kn->kn_fop->f_event(kn, 0) == 0) {
		KQ_LOCK(kq);
		kn->kn_status &= ~(KN_ACTIVE | KN_SCAN);
		kn_leave_flux(kn);
		kn_list_unlock(knl);
		KQ_UNLOCK_FLUX(kq);
		*datap = kn->kn_data;
		return (0);
	}
	*readyp = 1;
	*datap = kn->kn_data;
	KQ_LOCK(kq);
	kn->kn_status &= ~KN_SCAN;
	kn_leave_flux(kn);
	kn_list_unlock(knl);
	KQ_UNLOCK_FLUX(kq);
	return (0);
}

/*
 * A descriptor is being closed: drop its knotes (f_detach unless
 * knlist_clear already detached them), waiting for any in flux.
 */
void
knote_fdclose(struct thread *td, int fd)
{
	struct filedesc *fdp;
	struct kqueue *kq;
	struct knote *kn;

	fdp = td->td_proc->p_fd;
	if (fdp == NULL || (kq = fdp->fd_kq) == NULL)
		return;
	KQ_LOCK(kq);
again:
	SLIST_FOREACH(kn, &kq->kq_knotes, kn_link) {
		if (kn->kn_id != (uintptr_t)fd)
			continue;
		if (kn_in_flux(kn)) {
			kq->kq_state |= KQ_FLUXWAIT;
			msleep(kq, &kq->kq_lock, PSOCK, "kqflxwt", 0);
			goto again;
		}
		kn_enter_flux(kn);
		KQ_UNLOCK(kq);
		knote_drop(kn, td);
		KQ_LOCK(kq);
		goto again;
	}
	KQ_UNLOCK(kq);
}

/* Free a process's kqueue once its descriptors are closed. */
void
kqueue_free(struct filedesc *fdp)
{
	struct kqueue *kq;

	kq = fdp->fd_kq;
	if (kq == NULL)
		return;
	KASSERT(SLIST_EMPTY(&kq->kq_knotes),
	    ("kqueue of pid %d freed with knotes", (int)kq->kq_pid));
	fdp->fd_kq = NULL;
	mtx_destroy(&kq->kq_lock);
	free(kq, M_KQUEUE);
}
