/* Stands for no upstream file (simulator only).
 * sys_syscalls.c - the device system calls the scenario interpreter
 * drives (sim.h: sim_sys_open, close, read, write, poll, kevent, ioctl,
 * exitproc), each on the path FreeBSD takes: open -> namei/devfs lookup
 * (dev_clone on a miss, the vnode used and locked) -> vn_open -> VOP_OPEN
 * (devfs_open) -> d_open; read/write ->
 * dofileread/dofilewrite -> devfs_read_f/devfs_write_f; ioctl ->
 * kern_ioctl (FIONBIO/FIOASYNC set f_flag first) -> devfs_ioctl_f;
 * poll -> kern_poll; kevent -> kqueue_register/kqueue_scan.
 *
 * The ioctl table maps FreeBSD ioctl names to commands and marshals the
 * plain struct sim_ioarg into the command's argument: an int, a struct
 * tuninfo (TUNSIFINFO/TAPSIFINFO read the current values first and change
 * only the fields given, as a program doing GIFINFO-edit-SIFINFO would), a
 * struct ifreq (TUNGIFNAME/TAPGIFNAME; SIOC[SG]IFADDR on tap carry the
 * remote MAC in its first six bytes, as tapioctl reads them).
 * An int argument the scenario leaves out defaults to 1 for the on/off
 * switches (FIONBIO, FIOASYNC, TUNSLMODE, TUNSIFHEAD), to the caller's pid
 * (FIOSETOWN) or process group (TIOCSPGRP), and to 0 otherwise.
 *
 * Deviations: the descriptor of a failed call stays -1 and any later use
 * is EBADF (poll too, where FreeBSD would answer POLLNVAL); ERESTART is
 * returned as EINTR (no SA_RESTART handlers); open always asks for
 * O_RDWR.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/eventhandler.h>
#include <sys/conf.h>
#include <sys/event.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/filio.h>
#include <sys/ioccom.h>
#include <sys/poll.h>
#include <sys/sigio.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/ttycom.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <net/if.h>
#include <net/if_tun.h>
#include <net/if_tap.h>

#include <fs/devfs/devfs.h>

/* How an ioctl's argument is built and its result read. */
enum ioc_arg {
	IOA_NONE,		/* no argument */
	IOA_INT_IN,		/* int from ival */
	IOA_INT_OUT,		/* int result to ival */
	IOA_INFO_SET,		/* struct tuninfo, read-modify-write */
	IOA_INFO_GET,		/* struct tuninfo result */
	IOA_NAME_OUT,		/* struct ifreq, ifr_name result */
	IOA_MAC_IN,		/* struct ifreq, first 6 bytes from mac */
	IOA_MAC_OUT,		/* struct ifreq, first 6 bytes to mac */
};

/* The int an IOA_INT_IN ioctl gets when the scenario gives none. */
enum ioc_default {
	IOD_ZERO,		/* 0 */
	IOD_ONE,		/* 1: switch the mode on */
	IOD_PID,		/* the caller's pid (owner ioctls) */
};

struct ioc_entry {
	const char	*name;
	u_long		cmd;
	enum ioc_arg	arg;
	enum ioc_default def;
	u_long		getcmd;	/* IOA_INFO_SET: the matching GIFINFO */
	int		result;	/* sim_ioctl_result_kind */
};

static const struct ioc_entry ioc_table[] = {
	/* tun */
	{ "TUNSDEBUG", TUNSDEBUG, IOA_INT_IN, IOD_ZERO, 0, 0 },
	{ "TUNGDEBUG", TUNGDEBUG, IOA_INT_OUT, IOD_ZERO, 0, 1 },
	{ "TUNSIFINFO", TUNSIFINFO, IOA_INFO_SET, IOD_ZERO, TUNGIFINFO, 0 },
	{ "TUNGIFINFO", TUNGIFINFO, IOA_INFO_GET, IOD_ZERO, 0, 3 },
	{ "TUNSLMODE", TUNSLMODE, IOA_INT_IN, IOD_ONE, 0, 0 },
	{ "TUNSIFMODE", TUNSIFMODE, IOA_INT_IN, IOD_ZERO, 0, 0 },
	{ "TUNSIFPID", TUNSIFPID, IOA_NONE, IOD_ZERO, 0, 0 },
	{ "TUNSIFHEAD", TUNSIFHEAD, IOA_INT_IN, IOD_ONE, 0, 0 },
	{ "TUNGIFHEAD", TUNGIFHEAD, IOA_INT_OUT, IOD_ZERO, 0, 1 },
	{ "TUNGIFNAME", TUNGIFNAME, IOA_NAME_OUT, IOD_ZERO, 0, 2 },
	/* tap */
	{ "TAPSDEBUG", TAPSDEBUG, IOA_INT_IN, IOD_ZERO, 0, 0 },
	{ "TAPGDEBUG", TAPGDEBUG, IOA_INT_OUT, IOD_ZERO, 0, 1 },
	{ "TAPSIFINFO", TAPSIFINFO, IOA_INFO_SET, IOD_ZERO, TAPGIFINFO, 0 },
	{ "TAPGIFINFO", TAPGIFINFO, IOA_INFO_GET, IOD_ZERO, 0, 3 },
	{ "TAPGIFNAME", TAPGIFNAME, IOA_NAME_OUT, IOD_ZERO, 0, 2 },
	{ "VMIO_SIOCSIFFLAGS", VMIO_SIOCSIFFLAGS, IOA_INT_IN, IOD_ZERO, 0, 0 },
	{ "SIOCGIFADDR", SIOCGIFADDR, IOA_MAC_OUT, IOD_ZERO, 0, 4 },
	{ "SIOCSIFADDR", SIOCSIFADDR, IOA_MAC_IN, IOD_ZERO, 0, 0 },
	/* common */
	{ "FIONBIO", FIONBIO, IOA_INT_IN, IOD_ONE, 0, 0 },
	{ "FIOASYNC", FIOASYNC, IOA_INT_IN, IOD_ONE, 0, 0 },
	{ "FIONREAD", FIONREAD, IOA_INT_OUT, IOD_ZERO, 0, 1 },
	{ "FIOSETOWN", FIOSETOWN, IOA_INT_IN, IOD_PID, 0, 0 },
	{ "FIOGETOWN", FIOGETOWN, IOA_INT_OUT, IOD_ZERO, 0, 1 },
	{ "TIOCSPGRP", TIOCSPGRP, IOA_INT_IN, IOD_PID, 0, 0 },
	{ "TIOCGPGRP", TIOCGPGRP, IOA_INT_OUT, IOD_ZERO, 0, 1 },
};

/* The argument buffer of kern_ioctl (FreeBSD: a stack buffer or malloc). */
union ioc_data {
	int		i;
	struct tuninfo	ti;
	struct ifreq	ifr;
	char		buf[128];
};

/* Index of an ioctl by FreeBSD name, or -1. */
int
sim_ioctl_lookup(const char *name)
{
	int i;

	for (i = 0; i < (int)nitems(ioc_table); i++)
		if (strcmp(ioc_table[i].name, name) == 0)
			return (i);
	return (-1);
}

/* Name of ioctl index i, NULL past the end. */
const char *
sim_ioctl_name(int i)
{

	if (i < 0 || i >= (int)nitems(ioc_table))
		return (NULL);
	return (ioc_table[i].name);
}

/* What ioctl i returns: 0 none, 1 ival, 2 name, 3 tuninfo, 4 mac. */
int
sim_ioctl_result_kind(int i)
{

	if (i < 0 || i >= (int)nitems(ioc_table))
		return (0);
	return (ioc_table[i].result);
}

/* open(2) of "/dev/NAME", O_RDWR, O_NONBLOCK with SIM_O_NONBLOCK. */
int
sim_sys_open(const char *path, int flags, int *fdp)
{
	struct thread *td;
	struct file *fp;
	struct vnode *vp;
	int error, fmode;

	td = curthread;
	*fdp = -1;
	if (strncmp(path, "/dev/", 5) != 0 || path[5] == '\0')
		return (ENOENT);
	/* kern_openat: the file first, then vn_open's namei and VOP_OPEN. */
	fmode = FFLAGS(O_RDWR);
	if (flags & SIM_O_NONBLOCK)
		fmode |= O_NONBLOCK;
	error = falloc_noinstall(td, &fp);
	if (error != 0)
		return (error);
	error = devfs_lookup(td, path + 5, &vp);
	if (error != 0) {
		(void)fdrop(fp, td);
		return (error);
	}
	fp->f_flag = fmode & (FREAD | FWRITE | FNONBLOCK | FASYNC | FAPPEND);
	error = VOP_OPEN(vp, fmode, td->td_ucred, td, fp);
	if (error != 0) {
		/* f_vnode is unset: fdrop only frees the file. */
		(void)fdrop(fp, td);
		vput(vp);
		return (error);
	}
	/* The lookup's use of the vnode now belongs to the file. */
	VOP_UNLOCK(vp);
	error = finstall(td, fp, fdp);
	if (error != 0)
		(void)fdrop(fp, td);
	return (error);
}

/* close(2). */
int
sim_sys_close(int fd)
{

	return (kern_close(curthread, fd));
}

/* read(2): one uio over buf; a short transfer hides EINTR/EWOULDBLOCK. */
int
sim_sys_read(int fd, void *buf, size_t len, int flags, size_t *donep)
{
	struct thread *td;
	struct file *fp;
	struct iovec aiov;
	struct uio auio;
	int error;

	td = curthread;
	*donep = 0;
	error = fget(td, fd, &fp);
	if (error != 0)
		return (error);
	if ((fp->f_flag & FREAD) == 0) {
		(void)fdrop(fp, td);
		return (EBADF);
	}
	aiov.iov_base = buf;
	aiov.iov_len = len;
	auio.uio_iov = &aiov;
	auio.uio_iovcnt = 1;
	auio.uio_offset = 0;
	auio.uio_resid = len;
	auio.uio_segflg = UIO_USERSPACE;
	auio.uio_rw = UIO_READ;
	auio.uio_td = td;
	error = devfs_read_f(fp, &auio,
	    (flags & SIM_O_NONBLOCK) ? O_NONBLOCK : 0, td);
	if (error != 0 && auio.uio_resid != (ssize_t)len &&
	    (error == ERESTART || error == EINTR || error == EWOULDBLOCK))
		error = 0;
	if (error == ERESTART)
		error = EINTR;
	*donep = len - auio.uio_resid;
	(void)fdrop(fp, td);
	return (error);
}

/* write(2): one uio over buf. */
int
sim_sys_write(int fd, const void *buf, size_t len, size_t *donep)
{
	struct thread *td;
	struct file *fp;
	struct iovec aiov;
	struct uio auio;
	int error;

	td = curthread;
	*donep = 0;
	error = fget(td, fd, &fp);
	if (error != 0)
		return (error);
	if ((fp->f_flag & FWRITE) == 0) {
		(void)fdrop(fp, td);
		return (EBADF);
	}
	aiov.iov_base = __DECONST(void *, buf);
	aiov.iov_len = len;
	auio.uio_iov = &aiov;
	auio.uio_iovcnt = 1;
	auio.uio_offset = 0;
	auio.uio_resid = len;
	auio.uio_segflg = UIO_USERSPACE;
	auio.uio_rw = UIO_WRITE;
	auio.uio_td = td;
	error = devfs_write_f(fp, &auio, td);
	if (error != 0 && auio.uio_resid != (ssize_t)len &&
	    (error == ERESTART || error == EINTR || error == EWOULDBLOCK))
		error = 0;
	if (error == ERESTART)
		error = EINTR;
	*donep = len - auio.uio_resid;
	(void)fdrop(fp, td);
	return (error);
}

/* poll(2) on one descriptor. */
int
sim_sys_poll(int fd, int events, int wait, int *reventsp)
{
	struct thread *td;
	struct file *fp;
	int error;

	td = curthread;
	*reventsp = 0;
	error = fget(td, fd, &fp);
	if (error != 0)
		return (error);
	error = kern_poll_file(td, fp, events, wait, reventsp);
	(void)fdrop(fp, td);
	return (error);
}

/* kevent(2): register (fd, filter) once, report it with a zero timeout. */
int
sim_sys_kevent(int fd, int filter, int *readyp, intptr_t *datap)
{
	struct thread *td;
	struct file *fp;
	int error, filt;

	td = curthread;
	*readyp = 0;
	*datap = 0;
	switch (filter) {
	case SIM_EVFILT_READ:
		filt = EVFILT_READ;
		break;
	case SIM_EVFILT_WRITE:
		filt = EVFILT_WRITE;
		break;
	default:
		return (EINVAL);
	}
	error = fget(td, fd, &fp);
	if (error != 0)
		return (error);
	error = kqueue_kevent_one(td, td->td_proc->p_fd, fd, fp, filt, readyp,
	    datap);
	(void)fdrop(fp, td);
	return (error);
}

/*
 * kern_ioctl: FIONBIO and FIOASYNC set or clear the file's flag, then
 * every command goes to the device with the file's flags.
 */
static int
kern_ioctl(struct thread *td, int fd, u_long com, caddr_t data)
{
	struct file *fp;
	int error, tmp;

	error = fget(td, fd, &fp);
	if (error != 0)
		return (error);
	if ((fp->f_flag & (FREAD | FWRITE)) == 0) {
		(void)fdrop(fp, td);
		return (EBADF);
	}
	switch (com) {
	case FIONBIO:
		SIM_WRITE(fp, "f_flag");
		if ((tmp = *(int *)data))
			fp->f_flag |= FNONBLOCK;
		else
			fp->f_flag &= ~FNONBLOCK;
		data = (void *)&tmp;
		break;
	case FIOASYNC:
		SIM_WRITE(fp, "f_flag");
		if ((tmp = *(int *)data))
			fp->f_flag |= FASYNC;
		else
			fp->f_flag &= ~FASYNC;
		data = (void *)&tmp;
		break;
	}
	error = devfs_ioctl_f(fp, com, data, td);
	(void)fdrop(fp, td);
	if (error == ERESTART)
		error = EINTR;
	return (error);
}

/* ioctl(2) by table index, marshalling arg in and the result back. */
int
sim_sys_ioctl(int fd, int ioctl_index, struct sim_ioarg *arg)
{
	const struct ioc_entry *e;
	struct thread *td;
	union ioc_data data;
	int error, i;

	if (ioctl_index < 0 || ioctl_index >= (int)nitems(ioc_table))
		return (EINVAL);
	e = &ioc_table[ioctl_index];
	td = curthread;
	bzero(&data, sizeof(data));
	KASSERT(IOCPARM_LEN(e->cmd) <= sizeof(data),
	    ("ioctl %s: argument too large", e->name));

	switch (e->arg) {
	case IOA_INT_IN:
		if (arg->set & SIM_IOA_IVAL)
			data.i = (int)arg->ival;
		else if (e->def == IOD_ONE)
			data.i = 1;
		else if (e->def == IOD_PID)
			data.i = e->cmd == TIOCSPGRP ?
			    td->td_proc->p_pgid : td->td_proc->p_pid;
		break;
	case IOA_INFO_SET:
		/* Read, edit, write back. */
		error = kern_ioctl(td, fd, e->getcmd, (caddr_t)&data);
		if (error != 0)
			return (error);
		if (arg->set & SIM_IOA_MTU)
			data.ti.mtu = (short)arg->mtu;
		if (arg->set & SIM_IOA_TYPE)
			data.ti.type = (u_char)arg->type;
		if (arg->set & SIM_IOA_BAUD)
			data.ti.baudrate = arg->baudrate;
		break;
	case IOA_MAC_IN:
		if (arg->set & SIM_IOA_MAC)
			bcopy(arg->mac, &data, sizeof(arg->mac));
		break;
	default:
		break;
	}

	error = kern_ioctl(td, fd, e->cmd, (caddr_t)&data);
	if (error != 0)
		return (error);

	/* copyout */
	switch (e->arg) {
	case IOA_INT_OUT:
		arg->ival = data.i;
		break;
	case IOA_INFO_GET:
		arg->mtu = data.ti.mtu;
		arg->type = data.ti.type;
		arg->baudrate = data.ti.baudrate;
		break;
	case IOA_NAME_OUT:
		strlcpy(arg->name, data.ifr.ifr_name, sizeof(arg->name));
		break;
	case IOA_MAC_OUT:
		for (i = 0; i < 6; i++)
			arg->mac[i] = (uint8_t)data.buf[i];
		break;
	default:
		break;
	}
	return (0);
}

/*
 * Process exit at teardown (kern_exit.c exit1): run as the process, mark
 * it exiting, clear the sigios naming it (funsetownlst), run the
 * process_exit handlers, then close every descriptor (fdescfree).  The
 * calling thread is bound back to the process it ran as before, or to
 * proc0 (the kernel, root) if that was the exiting process: teardown goes
 * on as whoever it was, e.g. root for kldunload.
 */
void
sim_sys_exitproc(int pid)
{
	struct thread *td;
	struct proc *p, *oldp;
	struct ucred *oldcr, *cr;

	td = curthread;
	oldp = td->td_proc;
	oldcr = td->td_ucred != NULL ? crhold(td->td_ucred) : NULL;
	sim_sys_setproc(pid);
	p = curproc;
	PROC_LOCK(p);
	p->p_flag |= P_WEXIT;
	PROC_UNLOCK(p);
	sigio_exitproc(p->p_pid);
	EVENTHANDLER_INVOKE(process_exit, p);
	fdescfree_proc(p);
	/* An exited process runs no more: its thread goes on as proc0. */
	if (oldp == p) {
		oldp = &proc0;
		if (oldcr != NULL)
			crfree(oldcr);
		oldcr = proc0.p_ucred != NULL ? crhold(proc0.p_ucred) : NULL;
	}
	cr = td->td_ucred;
	td->td_proc = oldp;
	td->td_ucred = oldcr;
	if (cr != NULL)
		crfree(cr);
}
