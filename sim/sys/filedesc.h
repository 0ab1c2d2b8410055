/* Stands for sys/sys/filedesc.h at FreeBSD edca4938 (2019).
 * filedesc.h - a process's descriptor table.
 *
 * Descriptors are allocated lowest-free from 3 upward (0-2 stand for the
 * standard streams a program inherits and are never opened here), so fd
 * numbers are deterministic.  The table is protected by fd_sx
 * (FILEDESC_XLOCK/SLOCK); it is created on first use (fdinit) and freed at
 * process exit (sim_sys_exitproc).  The process's one kqueue hangs here
 * too (fd_kq; kevent(2) is modelled as one implicit kqueue per process).
 */
#ifndef _SIM_SYS_FILEDESC_H_
#define _SIM_SYS_FILEDESC_H_

#include <sys/param.h>
#include <sys/lock.h>
#include <sys/sx.h>
#include <sys/sigio.h>	/* fsetown(9), as FreeBSD drivers reach it */

struct file;
struct kqueue;
struct proc;
struct thread;

#define	NDFILE		64		/* descriptors per process */
#define	FD_FIRST	3		/* first descriptor handed out */

struct filedesc {
	struct	file *fd_ofiles[NDFILE]; /* open files */
	int	fd_lastfile;		/* high-water mark of fd_ofiles */
	struct	sx fd_sx;		/* protects members of this struct */
	struct	kqueue *fd_kq;		/* the process's kqueue, or NULL */
	pid_t	fd_pid;			/* owner, for labels and traces */
};

#define	FILEDESC_LOCK(fdp)	(&(fdp)->fd_sx)
#define	FILEDESC_XLOCK(fdp)	sx_xlock(&(fdp)->fd_sx)
#define	FILEDESC_XUNLOCK(fdp)	sx_xunlock(&(fdp)->fd_sx)
#define	FILEDESC_SLOCK(fdp)	sx_slock(&(fdp)->fd_sx)
#define	FILEDESC_SUNLOCK(fdp)	sx_sunlock(&(fdp)->fd_sx)

/* The table of process p, created on first use. */
struct filedesc *fdinit(struct proc *p);
/* Install fp at the lowest free descriptor of td's process. */
int	finstall(struct thread *td, struct file *fp, int *fdp);
/* Allocate a new file holding one reference (the caller's). */
int	falloc_noinstall(struct thread *td, struct file **resultfp);
/* close(2) on a descriptor of td's process. */
int	kern_close(struct thread *td, int fd);
/* Close every descriptor of p and free its table (process exit). */
void	fdescfree_proc(struct proc *p);

#endif /* !_SIM_SYS_FILEDESC_H_ */
