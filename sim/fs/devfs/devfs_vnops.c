/* Stands for sys/fs/devfs/devfs_vnops.c at FreeBSD edca4938 (2019).
 * devfs_vnops.c - the file operations of an open device (FreeBSD
 * sys/fs/devfs/devfs_vnops.c: devfs_open, devfs_close, devfs_close_f,
 * devfs_read_f, devfs_write_f, devfs_ioctl_f, devfs_poll_f,
 * devfs_kqfilter_f) and the cdevpriv API.
 *
 * Every driver method is bracketed by dev_refthread()/dev_relthread(); a
 * destroyed cdev (si_devsw NULL) makes the operation fail with ENXIO (poll
 * then answers like a device without d_poll, as FreeBSD's fallback to
 * vop_nopoll does).  Open checks the node's owner, group and mode against
 * the credential (vaccess), then calls d_open.  Close calls d_close only
 * for the last close of the device (count_dev() == 1, FLASTCLOSE) unless
 * the driver has D_TRACKCLOSE.  Read passes O_NONBLOCK in ioflag when the
 * file or the call is non-blocking.
 *
 * Not modelled: vnodes and their locks, revoke(2)/VI_DOOMED forced close,
 * FIODTYPE/FIODGNAME, controlling terminals, d_fdopen, timestamps.
 *
 * Locking: si_usecount under devmtx; f_cdevpriv and the cdevpriv lists
 * under cdevpriv_mtx; clone_drain_lock is taken shared by lookups.
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
#include <sys/priv.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/poll.h>
#include <sys/uio.h>

#include <fs/devfs/devfs.h>

MALLOC_DEFINE(M_CDEVPDATA, "DEVFSP", "Metainfo for cdev-fp data");

struct mtx cdevpriv_mtx __kdata;
MTX_SYSINIT(cdevpriv_mtx, &cdevpriv_mtx, "cdevpriv lock", MTX_DEF);

struct sx clone_drain_lock __kdata;
SX_SYSINIT(clone_drain_lock, &clone_drain_lock, "clone events drain lock");

/* td_fpop per simulated thread: the file a d_* method works for. */
#define	DEVFS_MAXTHREADS	256
static struct file *devfs_fpop_tab[DEVFS_MAXTHREADS] __kdata;

/* The file the current thread's driver call is for, or NULL. */
struct file *
devfs_fpop_get(void)
{
	int tid;

	tid = sim_curthread();
	KASSERT(tid >= 0 && tid < DEVFS_MAXTHREADS,
	    ("devfs: thread %d out of range", tid));
	return (devfs_fpop_tab[tid]);
}

/* Set the current thread's td_fpop; returns the previous one. */
struct file *
devfs_fpop_set(struct file *fp)
{
	struct file *old;
	int tid;

	tid = sim_curthread();
	KASSERT(tid >= 0 && tid < DEVFS_MAXTHREADS,
	    ("devfs: thread %d out of range", tid));
	old = devfs_fpop_tab[tid];
	devfs_fpop_tab[tid] = fp;
	return (old);
}

/* devfs_get_cdevpriv(9): the private data of the current file. */
int
devfs_get_cdevpriv(void **datap)
{
	struct file *fp;
	struct cdev_privdata *p;
	int error;

	fp = devfs_fpop_get();
	if (fp == NULL)
		return (EBADF);
	p = fp->f_cdevpriv;
	if (p != NULL) {
		error = 0;
		*datap = p->cdpd_data;
	} else
		error = ENOENT;
	return (error);
}

/* devfs_set_cdevpriv(9): attach data and a destructor to the file. */
int
devfs_set_cdevpriv(void *priv, cdevpriv_dtr_t priv_dtr)
{
	struct file *fp;
	struct cdev *cdev;
	struct cdev_privdata *p;
	int error;

	fp = devfs_fpop_get();
	if (fp == NULL)
		return (ENOENT);
	cdev = fp->f_data;
	p = malloc(sizeof(struct cdev_privdata), M_CDEVPDATA, M_WAITOK);
	p->cdpd_data = priv;
	p->cdpd_dtr = priv_dtr;
	p->cdpd_fp = fp;
	mtx_lock(&cdevpriv_mtx);
	if (fp->f_cdevpriv == NULL) {
		LIST_INSERT_HEAD(&cdev->si_fdpriv, p, cdpd_list);
		fp->f_cdevpriv = p;
		mtx_unlock(&cdevpriv_mtx);
		error = 0;
	} else {
		mtx_unlock(&cdevpriv_mtx);
		free(p, M_CDEVPDATA);
		error = EBUSY;
	}
	return (error);
}

/* Run one destructor; entered with cdevpriv_mtx, returns without it. */
void
devfs_destroy_cdevpriv(struct cdev_privdata *p)
{

	mtx_assert(&cdevpriv_mtx, MA_OWNED);
	KASSERT(p->cdpd_fp->f_cdevpriv == p,
	    ("devfs_destroy_cdevpriv %s != %s",
	    sim_obj_id(p->cdpd_fp->f_cdevpriv), sim_obj_id(p)));
	p->cdpd_fp->f_cdevpriv = NULL;
	LIST_REMOVE(p, cdpd_list);
	mtx_unlock(&cdevpriv_mtx);
	(p->cdpd_dtr)(p->cdpd_data);
	free(p, M_CDEVPDATA);
}

/* Run the destructor of a file's private data, if any. */
void
devfs_fpdrop(struct file *fp)
{
	struct cdev_privdata *p;

	mtx_lock(&cdevpriv_mtx);
	if ((p = fp->f_cdevpriv) == NULL) {
		mtx_unlock(&cdevpriv_mtx);
		return;
	}
	devfs_destroy_cdevpriv(p);
}

/* devfs_clear_cdevpriv(9): drop the current file's private data. */
void
devfs_clear_cdevpriv(void)
{
	struct file *fp;

	fp = devfs_fpop_get();
	if (fp == NULL)
		return;
	devfs_fpdrop(fp);
}

/*
 * vaccess(9) on the node: owner, else group, else other permission bits;
 * what they do not grant needs privilege (root).
 */
static int
devfs_access(struct cdev *dev, int fmode, struct ucred *cred)
{
	mode_t dac_granted, accmode;

	accmode = 0;
	if (fmode & FREAD)
		accmode |= 0004;
	if (fmode & FWRITE)
		accmode |= 0002;
	SIM_READ(dev, "si_mode");
	if (cred->cr_uid == dev->si_uid)
		dac_granted = (dev->si_mode >> 6) & 07;
	else if (groupmember(dev->si_gid, cred))
		dac_granted = (dev->si_mode >> 3) & 07;
	else
		dac_granted = dev->si_mode & 07;
	if ((accmode & dac_granted) == accmode)
		return (0);
	if (priv_check_cred(cred, PRIV_VFS_ADMIN) == 0)
		return (0);
	return (EACCES);
}

/*
 * Open a looked-up cdev into fp: check access, then d_open through
 * dev_refthread.  The use count was taken by devfs_lookup() (the vnode
 * namei returned); on success it and the lookup reference pass to the
 * file, on failure the caller drops both (devfs_lookup_rele).
 */
int
devfs_open(struct thread *td, struct file *fp, struct cdev *dev, int fmode)
{
	struct cdevsw *dsw;
	struct file *fpop;
	int error, ref;

	error = devfs_access(dev, fmode, td->td_ucred);
	if (error != 0)
		return (error);

	dsw = dev_refthread(dev, &ref);
	if (dsw == NULL)
		return (ENXIO);
	fpop = devfs_fpop_set(fp);
	fp->f_data = dev;
	error = dsw->d_open(dev, fmode, S_IFCHR, td);
	/* Clean up any cdevpriv upon error. */
	if (error != 0)
		devfs_clear_cdevpriv();
	devfs_fpop_set(fpop);
	dev_relthread(dev, ref);
	if (error != 0) {
		fp->f_data = NULL;
		if (error == ERESTART)
			error = EINTR;
		return (error);
	}
	fp->f_type = DTYPE_VNODE;
	return (0);
}

/*
 * VOP_CLOSE: d_close on the last close of the device (or every close with
 * D_TRACKCLOSE), FLASTCLOSE when this is the last open.
 */
static int
devfs_close(struct cdev *dev, int fflag, struct thread *td)
{
	struct cdevsw *dsw;
	int dflags, error, ref;

	dsw = dev_refthread(dev, &ref);
	if (dsw == NULL)
		return (ENXIO);
	dflags = 0;
	if (dsw->d_flags & D_TRACKCLOSE) {
		/* Keep device updated on status. */
	} else if (count_dev(dev) > 1) {
		dev_relthread(dev, ref);
		return (0);
	}
	if (count_dev(dev) == 1)
		dflags |= FLASTCLOSE;
	KASSERT(dev->si_refcount > 0,
	    ("devfs_close() on un-referenced struct cdev *(%s)",
	    devtoname(dev)));
	error = dsw->d_close(dev, fflag | dflags, S_IFCHR, td);
	dev_relthread(dev, ref);
	return (error);
}

/*
 * The last reference of an open file is gone: close the device, run the
 * file's cdevpriv destructor, drop the open count and the file's cdev ref.
 */
int
devfs_close_f(struct file *fp, struct thread *td)
{
	struct cdev *dev;
	struct file *fpop;
	int error;

	dev = fp->f_data;
	fpop = devfs_fpop_set(fp);
	error = devfs_close(dev, fp->f_flag, td);
	devfs_fpop_set(fpop);
	if (fp->f_cdevpriv != NULL)
		devfs_fpdrop(fp);
	dev_lock();
	KASSERT(dev->si_usecount > 0,
	    ("devfs_close_f: %s usecount underflow", devtoname(dev)));
	dev->si_usecount--;
	dev_unlock();
	dev_rel(dev);
	if (error == ERESTART)
		error = EINTR;
	return (error);
}

/* Enter the driver for fp: ENXIO once the cdev is destroyed. */
static int
devfs_fp_check(struct file *fp, struct cdev **devp, struct cdevsw **dswp,
    int *ref)
{

	*devp = fp->f_data;
	*dswp = dev_refthread(*devp, ref);
	if (*dswp == NULL)
		return (ENXIO);
	return (0);
}

/* read(2) on a device: d_read with O_NONBLOCK from the file or the call. */
int
devfs_read_f(struct file *fp, struct uio *uio, int ioflag_extra,
    struct thread *td)
{
	struct cdev *dev;
	struct cdevsw *dsw;
	struct file *fpop;
	int error, ioflag, ref;

	error = devfs_fp_check(fp, &dev, &dsw, &ref);
	if (error != 0)
		return (error);
	ioflag = (fp->f_flag | ioflag_extra) & (O_NONBLOCK | O_DIRECT);
	fpop = devfs_fpop_set(fp);
	error = dsw->d_read(dev, uio, ioflag);
	devfs_fpop_set(fpop);
	dev_relthread(dev, ref);
	return (error);
}

/* write(2) on a device. */
int
devfs_write_f(struct file *fp, struct uio *uio, struct thread *td)
{
	struct cdev *dev;
	struct cdevsw *dsw;
	struct file *fpop;
	int error, ioflag, ref;

	error = devfs_fp_check(fp, &dev, &dsw, &ref);
	if (error != 0)
		return (error);
	ioflag = fp->f_flag & (O_NONBLOCK | O_DIRECT | O_FSYNC);
	fpop = devfs_fpop_set(fp);
	error = dsw->d_write(dev, uio, ioflag);
	devfs_fpop_set(fpop);
	dev_relthread(dev, ref);
	return (error);
}

/* ioctl(2) on a device: d_ioctl with the file's flags. */
int
devfs_ioctl_f(struct file *fp, u_long com, void *data, struct thread *td)
{
	struct cdev *dev;
	struct cdevsw *dsw;
	struct file *fpop;
	int error, ref;

	error = devfs_fp_check(fp, &dev, &dsw, &ref);
	if (error != 0)
		return (error);
	fpop = devfs_fpop_set(fp);
	error = dsw->d_ioctl(dev, com, data, fp->f_flag, td);
	devfs_fpop_set(fpop);
	dev_relthread(dev, ref);
#ifdef ENOIOCTL
	if (error == ENOIOCTL)
		error = ENOTTY;
#endif
	return (error);
}

/* poll on a device: d_poll, or vop_nopoll's answer once destroyed. */
int
devfs_poll_f(struct file *fp, int events, struct thread *td)
{
	struct cdev *dev;
	struct cdevsw *dsw;
	struct file *fpop;
	int error, ref;

	error = devfs_fp_check(fp, &dev, &dsw, &ref);
	if (error != 0)
		return (poll_no_poll(events));
	fpop = devfs_fpop_set(fp);
	error = dsw->d_poll(dev, events, td);
	devfs_fpop_set(fpop);
	dev_relthread(dev, ref);
	return (error);
}

/* Attach a knote through d_kqfilter. */
int
devfs_kqfilter_f(struct file *fp, struct knote *kn)
{
	struct cdev *dev;
	struct cdevsw *dsw;
	struct file *fpop;
	int error, ref;

	error = devfs_fp_check(fp, &dev, &dsw, &ref);
	if (error != 0)
		return (error);
	fpop = devfs_fpop_set(fp);
	error = dsw->d_kqfilter(dev, kn);
	devfs_fpop_set(fpop);
	dev_relthread(dev, ref);
	return (error);
}
