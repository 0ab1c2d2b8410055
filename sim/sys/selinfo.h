/* Stands for sys/sys/selinfo.h at FreeBSD edca4938 (2019).
 * selinfo.h - what a driver keeps for select/poll and kqueue waiters:
 * a list of waiting poll threads (struct selfd, one per poll(2) call and
 * descriptor) and a knlist.  si_tdlist is protected by si_mtx, a mutex from
 * the select pool (never the driver's own memory, so seldrain() followed by
 * a free of the selinfo is safe for a poller that wakes up later).
 */
#ifndef _SIM_SYS_SELINFO_H_
#define _SIM_SYS_SELINFO_H_

#include <sys/event.h>

struct selfd;
TAILQ_HEAD(selfdlist, selfd);

struct selinfo {
	struct selfdlist	si_tdlist;	/* List of sleeping threads. */
	struct knlist		si_note;	/* kernel note list */
	struct mtx		*si_mtx;	/* Lock for tdlist. */
};

#define	SEL_WAITING(si)		(!TAILQ_EMPTY(&(si)->si_tdlist))

struct thread;
void	seldrain(struct selinfo *sip);
void	selrecord(struct thread *selector, struct selinfo *sip);
void	selwakeup(struct selinfo *sip);
void	selwakeuppri(struct selinfo *sip, int pri);

#endif /* !_SIM_SYS_SELINFO_H_ */
