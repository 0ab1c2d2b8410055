/* Stands for sys/kern/kern_descrip.c at FreeBSD edca4938 (2019).
 * kern_descrip.c - descriptor tables, struct file references, and the
 * owner of asynchronous I/O (FreeBSD sys/kern/kern_descrip.c: falloc,
 * finstall, fget, fhold, fdrop, kern_close/closefp, fdescfree, fsetown,
 * fgetown, funsetown, funsetownlst, pgsigio).
 *
 * Each process has a table of NDFILE descriptors, handed out lowest-free
 * from 3, protected by its fd_sx.  A struct file is counted by the table
 * and by every syscall using it (fget/fdrop) and by knotes on it; the last
 * fdrop() closes the device (devfs_close_f).  close(2) removes the
 * descriptor, drops its knotes (knote_fdclose, table locked, as FreeBSD)
 * and then its reference: its result is d_close's if that was the last.
 *
 * SIGIO: struct sigio is a ledger object "sigio"; every live one is on
 * sigio_list under sigio_lock (SIGIO_LOCK).  pgsigio() only leaves a trace
 * note "SIGIO to pid N" (or "to pgrp N"); signal delivery is not modelled.
 * All processes share one session (no EPERM from fsetown); process group
 * N exists exactly when process N does.  proctree_lock is not modelled.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/conf.h>
#include <sys/event.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/sigio.h>
#include <sys/signalvar.h>
#include <sys/stat.h>

#include <fs/devfs/devfs.h>

MALLOC_DEFINE(M_FILE, "file", "Open file structures");
MALLOC_DEFINE(M_FILEDESC, "filedesc", "Open file descriptor table");
MALLOC_DEFINE(M_SIGIO, "sigio", "sigio structures");

static struct mtx sigio_lock __kdata;
MTX_SYSINIT(sigio_lock, &sigio_lock, "sigio lock", MTX_DEF);
#define	SIGIO_LOCK()	mtx_lock(&sigio_lock)
#define	SIGIO_UNLOCK()	mtx_unlock(&sigio_lock)

static TAILQ_HEAD(, sigio) sigio_list __kdata =
    TAILQ_HEAD_INITIALIZER(sigio_list);

/* The descriptor table of p, created on first use. */
struct filedesc *
fdinit(struct proc *p)
{
	struct filedesc *fdp;
	char label[64];

	if (p->p_fd != NULL)
		return (p->p_fd);
	fdp = malloc(sizeof(*fdp), M_FILEDESC, M_WAITOK | M_ZERO);
	sx_init(&fdp->fd_sx, "filedesc structure");
	snprintf(label, sizeof(label), "filedesc@pid%d", (int)p->p_pid);
	sim_label_set(&fdp->fd_sx, label);
	fdp->fd_lastfile = -1;
	fdp->fd_pid = p->p_pid;
	p->p_fd = fdp;
	return (fdp);
}

/* Allocate a file holding one reference, the caller's. */
int
falloc_noinstall(struct thread *td, struct file **resultfp)
{
	struct file *fp;

	fp = malloc(sizeof(*fp), M_FILE, M_WAITOK | M_ZERO);
	fp->f_count = 1;
	fp->f_cred = crhold(td->td_ucred);
	fp->f_type = DTYPE_NONE;
	*resultfp = fp;
	return (0);
}

/*
 * Install fp at the lowest free descriptor; the table takes over the
 * caller's reference.  EMFILE when full.
 */
int
finstall(struct thread *td, struct file *fp, int *fdp)
{
	struct filedesc *fdt;
	int fd;

	fdt = fdinit(td->td_proc);
	FILEDESC_XLOCK(fdt);
	for (fd = FD_FIRST; fd < NDFILE; fd++)
		if (fdt->fd_ofiles[fd] == NULL)
			break;
	if (fd >= NDFILE) {
		FILEDESC_XUNLOCK(fdt);
		return (EMFILE);
	}
	fdt->fd_ofiles[fd] = fp;
	if (fd > fdt->fd_lastfile)
		fdt->fd_lastfile = fd;
	FILEDESC_XUNLOCK(fdt);
	*fdp = fd;
	return (0);
}

/* Add a reference to a file. */
void
fhold(struct file *fp)
{

	SIM_WRITE(fp, "f_count");
	KASSERT(fp->f_count > 0, ("fhold of a dead file"));
	fp->f_count++;
}

/* Look fd up in td's process and hold its file; EBADF if not open. */
int
fget(struct thread *td, int fd, struct file **fpp)
{
	struct filedesc *fdp;
	struct file *fp;

	*fpp = NULL;
	fdp = td->td_proc->p_fd;
	if (fdp == NULL || fd < 0 || fd >= NDFILE)
		return (EBADF);
	FILEDESC_SLOCK(fdp);
	fp = fdp->fd_ofiles[fd];
	if (fp == NULL) {
		FILEDESC_SUNLOCK(fdp);
		return (EBADF);
	}
	fhold(fp);
	FILEDESC_SUNLOCK(fdp);
	*fpp = fp;
	return (0);
}

/*
 * Drop a reference; the last one closes the device and frees the file.
 * Returns the close's error.
 */
int
fdrop(struct file *fp, struct thread *td)
{
	int error;

	SIM_WRITE(fp, "f_count");
	KASSERT(fp->f_count > 0, ("fdrop: count %u", fp->f_count));
	if (--fp->f_count > 0)
		return (0);
	error = 0;
	if (fp->f_type == DTYPE_VNODE && fp->f_vnode != NULL)
		error = devfs_close_f(fp, td);
	crfree(fp->f_cred);
	free(fp, M_FILE);
	return (error);
}

/* fstat(2): fo_stat of the descriptor's file (devfs_stat_f). */
int
kern_fstat(struct thread *td, int fd, struct stat *sbp)
{
	struct file *fp;
	int error;

	error = fget(td, fd, &fp);
	if (error != 0)
		return (error);
	bzero(sbp, sizeof(*sbp));
	error = devfs_stat_f(fp, sbp, td);
	(void)fdrop(fp, td);
	return (error);
}

/*
 * close(2): remove the descriptor, drop its knotes with the table locked,
 * then drop the table's reference on the file.
 */
int
kern_close(struct thread *td, int fd)
{
	struct filedesc *fdp;
	struct file *fp;
	int error;

	fdp = td->td_proc->p_fd;
	if (fdp == NULL || fd < 0 || fd >= NDFILE)
		return (EBADF);
	FILEDESC_XLOCK(fdp);
	fp = fdp->fd_ofiles[fd];
	if (fp == NULL) {
		FILEDESC_XUNLOCK(fdp);
		return (EBADF);
	}
	fdp->fd_ofiles[fd] = NULL;
	/*
	 * We now hold the fp reference that used to be owned by the
	 * descriptor array.  We have to unlock the FILEDESC *AFTER*
	 * knote_fdclose to prevent a race of the fd getting opened, a knote
	 * added, and deleteing a knote for the new fd.
	 */
	knote_fdclose(td, fd);
	FILEDESC_XUNLOCK(fdp);
	error = fdrop(fp, td);
	if (error == ERESTART)
		error = EINTR;
	return (error);
}

/* Close every descriptor of p (curthread bound to it) and free the table. */
void
fdescfree_proc(struct proc *p)
{
	struct filedesc *fdp;
	struct thread *td;
	int fd;

	fdp = p->p_fd;
	if (fdp == NULL)
		return;
	td = curthread;
	KASSERT(td->td_proc == p, ("fdescfree_proc: not bound to pid %d",
	    (int)p->p_pid));
	for (fd = 0; fd <= fdp->fd_lastfile; fd++) {
		if (fdp->fd_ofiles[fd] != NULL)
			(void)kern_close(td, fd);
	}
	kqueue_free(fdp);
	p->p_fd = NULL;
	sx_destroy(&fdp->fd_sx);
	free(fdp, M_FILEDESC);
}

/*
 * Clear the owner of asynchronous I/O (*sigiop = NULL) and free it.  The
 * first, unlocked test is FreeBSD's ("consumers must provide
 * synchronization").
 */
void
funsetown(struct sigio **sigiop)
{
	struct sigio *sigio;

	/* Racy check, consumers must provide synchronization. */
	if (*sigiop == NULL)
		return;

	SIGIO_LOCK();
	sigio = *sigiop;
	if (sigio == NULL) {
		SIGIO_UNLOCK();
		return;
	}
	*(sigio->sio_myref) = NULL;
	TAILQ_REMOVE(&sigio_list, sigio, sio_link);
	SIGIO_UNLOCK();
	crfree(sigio->sio_ucred);
	free(sigio, M_SIGIO);
}

/*
 * Make pgid (a pid > 0, or a process group < 0) the owner of *sigiop;
 * pgid 0 clears it.  ESRCH when no such process or group.
 */
int
fsetown(pid_t pgid, struct sigio **sigiop)
{
	struct proc *proc;
	struct sigio *sigio;
	int ret;

	if (pgid == 0) {
		funsetown(sigiop);
		return (0);
	}

	ret = 0;

	/* Allocate and fill in the new sigio out of locks. */
	sigio = malloc(sizeof(struct sigio), M_SIGIO, M_WAITOK | M_ZERO);
	sigio->sio_pgid = pgid;
	sigio->sio_ucred = crhold(curthread->td_ucred);
	sigio->sio_myref = sigiop;

	/* A process group N is led by process N here. */
	proc = pfind(pgid > 0 ? pgid : -pgid);
	if (proc == NULL) {
		ret = ESRCH;
		goto fail;
	}
	if ((proc->p_flag & P_WEXIT) != 0) {
		PROC_UNLOCK(proc);
		ret = ESRCH;
		goto fail;
	}
	PROC_UNLOCK(proc);

	funsetown(sigiop);
	SIGIO_LOCK();
	TAILQ_INSERT_TAIL(&sigio_list, sigio, sio_link);
	*sigiop = sigio;
	SIGIO_UNLOCK();
	return (0);

fail:
	crfree(sigio->sio_ucred);
	free(sigio, M_SIGIO);
	return (ret);
}

/* The owner of *sigiop: a pid, minus a process group, or 0. */
pid_t
fgetown(struct sigio **sigiop)
{
	pid_t pgid;

	SIGIO_LOCK();
	pgid = (*sigiop != NULL) ? (*sigiop)->sio_pgid : 0;
	SIGIO_UNLOCK();
	return (pgid);
}

/* Send sig to the owner of *sigiop: a trace note "SIGIO to pid N". */
void
pgsigio(struct sigio **sigiop, int sig, int checkctty)
{
	struct sigio *sigio;

	SIGIO_LOCK();
	sigio = *sigiop;
	if (sigio == NULL) {
		SIGIO_UNLOCK();
		return;
	}
	if (sigio->sio_pgid > 0)
		sim_trace(__FILE__, __LINE__, "%s to pid %d",
		    sig == SIGIO ? "SIGIO" : "signal", (int)sigio->sio_pgid);
	else
		sim_trace(__FILE__, __LINE__, "%s to pgrp %d",
		    sig == SIGIO ? "SIGIO" : "signal", (int)-sigio->sio_pgid);
	SIGIO_UNLOCK();
}

/*
 * Process pid exits: clear every sigio naming it or its group
 * (funsetownlst), writing NULL through sio_myref into the owner's memory.
 */
void
sigio_exitproc(pid_t pid)
{
	struct sigio *sigio, *tmp;
	TAILQ_HEAD(, sigio) dead;

	TAILQ_INIT(&dead);
	SIGIO_LOCK();
	TAILQ_FOREACH_SAFE(sigio, &sigio_list, sio_link, tmp) {
		if (sigio->sio_pgid != pid && sigio->sio_pgid != -pid)
			continue;
		SIM_WRITE(sigio->sio_myref, "sigio");
		*(sigio->sio_myref) = NULL;
		TAILQ_REMOVE(&sigio_list, sigio, sio_link);
		TAILQ_INSERT_TAIL(&dead, sigio, sio_link);
	}
	SIGIO_UNLOCK();
	while ((sigio = TAILQ_FIRST(&dead)) != NULL) {
		TAILQ_REMOVE(&dead, sigio, sio_link);
		crfree(sigio->sio_ucred);
		free(sigio, M_SIGIO);
	}
}
