/* Stands for sys/sys/event.h at FreeBSD edca4938 (2019).
 * event.h - kqueue(2) notes as a driver sees them: struct knote,
 * struct filterops, knlists and KNOTE(), FreeBSD's names and values.
 *
 * A knlist is protected by the lock its owner gives (knlist_init_mtx: the
 * driver's mutex, tun_mtx for tun/tap).  The kqueue side (one kqueue per
 * process, kern_event.c) has its own mutex, always taken after the list
 * lock.  Knotes are ledger objects of type "knote" (leak-checked).
 */
#ifndef _SIM_SYS_EVENT_H_
#define _SIM_SYS_EVENT_H_

#include <sys/param.h>

#define	EVFILT_READ		(-1)
#define	EVFILT_WRITE		(-2)

/* kevent flags */
#define	EV_ADD		0x0001		/* add event to kq (implies enable) */
#define	EV_DELETE	0x0002		/* delete event from kq */
#define	EV_ONESHOT	0x0010		/* only report one occurrence */
#define	EV_CLEAR	0x0020		/* clear event state after reporting */
#define	EV_EOF		0x8000		/* EOF detected */
#define	EV_ERROR	0x4000		/* error, data contains errno */

struct kevent {
	uintptr_t	ident;		/* identifier for this event */
	short		filter;		/* filter for event */
	u_short		flags;		/* action flags for kqueue */
	u_int		fflags;		/* filter flag value */
	int64_t		data;		/* filter data value */
	void		*udata;		/* opaque user data identifier */
};

struct knote;
struct kqueue;
struct file;
struct mtx;
SLIST_HEAD(klist, knote);

struct knlist {
	struct	klist	kl_list;
	void    (*kl_lock)(void *);	/* lock function */
	void    (*kl_unlock)(void *);
	void	(*kl_assert_locked)(void *);
	void	(*kl_assert_unlocked)(void *);
	void	*kl_lockarg;		/* argument passed to lock functions */
	int	kl_autodestroy;
};

/* Flags for knote() */
#define	KNF_LISTLOCKED	0x0001			/* knlist is locked */
#define	KNF_NOKQLOCK	0x0002			/* do not keep KQ_LOCK */

#define	KNOTE(list, hint, flags)	knote(list, hint, flags)
#define	KNOTE_LOCKED(list, hint)	knote(list, hint, KNF_LISTLOCKED)
#define	KNOTE_UNLOCKED(list, hint)	knote(list, hint, 0)

struct filterops {
	int	f_isfd;		/* true if ident == filedescriptor */
	int	(*f_attach)(struct knote *kn);
	void	(*f_detach)(struct knote *kn);
	int	(*f_event)(struct knote *kn, long hint);
};

struct knote {
	SLIST_ENTRY(knote)	kn_link;	/* on the kqueue's list */
	SLIST_ENTRY(knote)	kn_selnext;	/* for struct selinfo */
	struct			knlist *kn_knlist; /* f_attach populated */
	struct			kqueue *kn_kq;	/* which queue we are on */
	struct			kevent kn_kevent;
	void			*kn_hook;
	int			kn_hookid;
	int			kn_status;	/* protected by kq lock */
#define	KN_ACTIVE	0x01			/* event has been triggered */
#define	KN_QUEUED	0x02			/* event is on queue */
#define	KN_DISABLED	0x04			/* event is disabled */
#define	KN_DETACHED	0x08			/* knote is detached */
#define	KN_MARKER	0x20			/* ignore this knote */
#define	KN_KQUEUE	0x40			/* this knote belongs to a kq */
#define	KN_SCAN		0x100			/* flux set in kqueue_scan() */
	int			kn_influx;
	int			kn_sfflags;	/* saved filter flags */
	int64_t			kn_sdata;	/* saved data field */
	union {
		struct		file *p_fp;	/* file data pointer */
	} kn_ptr;
	struct			filterops *kn_fop;
#define	kn_id		kn_kevent.ident
#define	kn_filter	kn_kevent.filter
#define	kn_flags	kn_kevent.flags
#define	kn_fflags	kn_kevent.fflags
#define	kn_data		kn_kevent.data
#define	kn_fp		kn_ptr.p_fp
};

void	knote(struct knlist *list, long hint, int lockflags);
void	knlist_add(struct knlist *knl, struct knote *kn, int islocked);
void	knlist_remove(struct knlist *knl, struct knote *kn, int islocked);
int	knlist_empty(struct knlist *knl);
void	knlist_init(struct knlist *knl, void *lock, void (*kl_lock)(void *),
	    void (*kl_unlock)(void *), void (*kl_assert_locked)(void *),
	    void (*kl_assert_unlocked)(void *));
void	knlist_init_mtx(struct knlist *knl, struct mtx *lock);
void	knlist_destroy(struct knlist *knl);
void	knlist_cleardel(struct knlist *knl, struct thread *td, int islocked,
	    int killkn);
#define	knlist_clear(knl, islocked)				\
	knlist_cleardel((knl), NULL, (islocked), 0)
#define	knlist_delete(knl, td, islocked)			\
	knlist_cleardel((knl), (td), (islocked), 1)

/* Drop the knotes registered on descriptor fd (close). */
struct thread;
struct filedesc;
void	knote_fdclose(struct thread *td, int fd);

/*
 * Simulation: kevent(2) on the process's kqueue with one EV_ADD change for
 * (fd, filter), registered once, and a zero timeout.  kqueue_free() at
 * process exit, after every descriptor is closed.
 */
int	kqueue_kevent_one(struct thread *td, struct filedesc *fdp, int fd,
	    struct file *fp, int filter, int *readyp, intptr_t *datap);
void	kqueue_free(struct filedesc *fdp);

#endif /* !_SIM_SYS_EVENT_H_ */
