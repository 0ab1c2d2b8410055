/* Stands for sys/sys/sigio.h at FreeBSD edca4938 (2019).
 * sigio.h - the owner of asynchronous I/O notification (fsetown(9)).
 *
 * A struct sigio names a process (sio_pgid > 0) or a process group
 * (sio_pgid < 0; in the simulation every process leads its own group, so
 * group N exists exactly when process N does).  *sio_myref, the driver's
 * pointer, is cleared by funsetown() and when the owner exits.  All of it
 * is protected by sigio_lock (SIGIO_LOCK()).  Ledger type "sigio".
 */
#ifndef _SIM_SYS_SIGIO_H_
#define _SIM_SYS_SIGIO_H_

#include <sys/param.h>

struct ucred;

struct sigio {
	TAILQ_ENTRY(sigio) sio_link;	/* on the global sigio list */
	struct	sigio **sio_myref;	/* location of the pointer that holds
					 * the reference to this structure */
	struct	ucred *sio_ucred;	/* current credentials */
	pid_t	sio_pgid;		/* pgid for signals */
};

void	funsetown(struct sigio **sigiop);
int	fsetown(pid_t pgid, struct sigio **sigiop);
pid_t	fgetown(struct sigio **sigiop);
void	pgsigio(struct sigio **sigiop, int sig, int checkctty);

/* The process pid exits: clear every sigio naming it (funsetownlst). */
void	sigio_exitproc(pid_t pid);

#endif /* !_SIM_SYS_SIGIO_H_ */
