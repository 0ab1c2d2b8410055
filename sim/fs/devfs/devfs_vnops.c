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
 * Open and close go through the device's vnode (sys/vnode.h): VOP_OPEN
 * and VOP_CLOSE run with the vnode lock, dropped around d_open/d_close;
 * devfs_close_f is vn_close (VOP_CLOSE, then vput drops the use count)
 * followed by devfs_fpdrop (the cdevpriv destructor), in that order.  A
 * vnode vgone()d by devfs_populate is closed by force (FREVOKE) if
 * dev_refthread still lets the call in, and its files fail with ENXIO
 * (devfs_fp_check: v_rdev no longer f_data); closing them does nothing.
 *
 * Not modelled: revoke(2) (VOP_REVOKE), FIODTYPE/FIODGNAME, controlling
 * terminals, d_fdopen, timestamps.
 *
 * Locking: si_usecount, v_usecount, v_iflag under devmtx; f_cdevpriv and the cdevpriv lists
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
#include <sys/stat.h>
#include <sys/vnode.h>

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
 * vaccess(9) on the node: owner, else group, else other permission bits
 * of the node's dirent attributes (never the cdev: a stale cdev is not
 * touched here, as in FreeBSD); what they do not grant needs privilege.
 */
static int
devfs_access(struct vnode *vp, int fmode, struct ucred *cred)
{
	mode_t dac_granted, accmode;

	accmode = 0;
	if (fmode & FREAD)
		accmode |= 0004;
	if (fmode & FWRITE)
		accmode |= 0002;
	if (cred->cr_uid == vp->v_de_uid)
		dac_granted = (vp->v_de_mode >> 6) & 07;
	else if (groupmember(vp->v_de_gid, cred))
		dac_granted = (vp->v_de_mode >> 3) & 07;
	else
		dac_granted = vp->v_de_mode & 07;
	if ((accmode & dac_granted) == accmode)
		return (0);
	if (priv_check_cred(cred, PRIV_VFS_ADMIN) == 0)
		return (0);
	return (EACCES);
}

/*
 * VOP_OPEN (devfs_open): check access (vn_open's VOP_ACCESS), then d_open
 * through dev_refthread with the vnode lock dropped, the file's f_data
 * and f_vnode set first so d_open can attach cdevpriv.  Entered and left
 * with the vnode lock held; the lookup's use of the vnode passes to the
 * file on success and stays the caller's (vput) on failure.
 */
int
devfs_open(struct vnode *vp, int mode, struct ucred *cred,
    struct thread *td, struct file *fp)
{
	struct cdev *dev;
	struct cdevsw *dsw;
	struct file *fpop;
	int error, ref;

	ASSERT_VOP_ELOCKED(vp, "devfs_open");
	dev_lock();
	dev = vp->v_rdev;
	dev_unlock();
	if (dev == NULL)
		return (ENXIO);
	error = devfs_access(vp, mode, cred);
	if (error != 0)
		return (error);

	dsw = dev_refthread(dev, &ref);
	if (dsw == NULL)
		return (ENXIO);
	VOP_UNLOCK(vp);
	fpop = devfs_fpop_set(fp);
	fp->f_data = dev;
	fp->f_vnode = vp;
	error = dsw->d_open(dev, mode, S_IFCHR, td);
	/* Clean up any cdevpriv upon error. */
	if (error != 0)
		devfs_clear_cdevpriv();
	devfs_fpop_set(fpop);
	vn_lock(vp);
	dev_relthread(dev, ref);
	if (error != 0) {
		fp->f_data = NULL;
		fp->f_vnode = NULL;
		if (error == ERESTART)
			error = EINTR;
		return (error);
	}
	fp->f_type = DTYPE_VNODE;
	return (0);
}

/*
 * VOP_CLOSE (devfs_close): d_close on the last close of the device (or
 * every close with D_TRACKCLOSE, or a forced close of a doomed vnode),
 * FLASTCLOSE when this is the last use.  The closing file's use is still
 * counted.  Entered and left with the vnode lock held; it is dropped
 * around d_close.
 */
int
devfs_close(struct vnode *vp, int fflag, struct thread *td)
{
	struct cdev *dev;
	struct cdevsw *dsw;
	int dflags, error, ref;

	ASSERT_VOP_ELOCKED(vp, "devfs_close");
	dev_lock();
	dev = vp->v_rdev;
	dev_unlock();
	dsw = dev_refthread(dev, &ref);
	if (dsw == NULL)
		return (ENXIO);
	dflags = 0;
	dev_lock();
	if ((vp->v_iflag & VI_DOOMED) != 0) {
		/* Forced close. */
		dflags |= FREVOKE | FNONBLOCK;
	} else if (dsw->d_flags & D_TRACKCLOSE) {
		/* Keep device updated on status. */
	} else if (dev->si_usecount > 1) {
		dev_unlock();
		dev_relthread(dev, ref);
		return (0);
	}
	if (dev->si_usecount == 1)
		dflags |= FLASTCLOSE;
	vp->v_holdcnt++;	/* vholdl */
	dev_unlock();
	VOP_UNLOCK(vp);
	KASSERT(dev->si_refcount > 0,
	    ("devfs_close() on un-referenced struct cdev *(%s)",
	    devtoname(dev)));
	error = dsw->d_close(dev, fflag | dflags, S_IFCHR, td);
	dev_relthread(dev, ref);
	vn_lock(vp);
	vdrop(vp);
	return (error);
}

/*
 * The last reference of an open file is gone: vn_close (VOP_CLOSE, so
 * d_close on the last close, then vput, which drops the use count), and
 * only then the file's cdevpriv destructor (devfs_fpdrop).
 */
int
devfs_close_f(struct file *fp, struct thread *td)
{
	struct file *fpop;
	int error;

	fpop = devfs_fpop_set(fp);
	error = vn_close(fp->f_vnode, fp->f_flag, fp->f_cred, td);
	devfs_fpop_set(fpop);
	/*
	 * The f_cdevpriv cannot be assigned non-NULL value while we
	 * are destroying the file.
	 */
	if (fp->f_cdevpriv != NULL)
		devfs_fpdrop(fp);
	if (error == ERESTART)
		error = EINTR;
	return (error);
}

/*
 * VOP_RECLAIM (devfs_reclaim, devfs_reclaim_vchr): detach the vnode from
 * its node and its device, taking its uses out of si_usecount, and drop
 * the cdev reference it held.  Vnode lock held.
 */
void
devfs_reclaim(struct vnode *vp)
{
	struct cdev *dev;

	ASSERT_VOP_ELOCKED(vp, "devfs_reclaim");
	dev_lock();
	dev = vp->v_rdev;
	vp->v_rdev = NULL;
	if (dev != NULL) {
		if (dev->si_vnode == vp)
			dev->si_vnode = NULL;
		KASSERT(dev->si_usecount >= (u_long)vp->v_usecount,
		    ("devfs_reclaim: %s usecount", devtoname(dev)));
		dev->si_usecount -= vp->v_usecount;
	}
	dev_unlock();
	if (dev != NULL)
		dev_rel(dev);
}

/*
 * Enter the driver for fp: the vnode's device, counted in si_threadcount,
 * or ENXIO once the cdev is destroyed or the vnode reclaimed (v_rdev no
 * longer the file's f_data).
 */
static int
devfs_fp_check(struct file *fp, struct cdev **devp, struct cdevsw **dswp,
    int *ref)
{

	*dswp = devvn_refthread(fp->f_vnode, devp, ref);
	if (*devp != fp->f_data) {
		if (*dswp != NULL)
			dev_relthread(*devp, *ref);
		return (ENXIO);
	}
	KASSERT((*devp)->si_refcount > 0,
	    ("devfs: un-referenced struct cdev *(%s)", devtoname(*devp)));
	if (*dswp == NULL)
		return (ENXIO);
	return (0);
}

/*
 * fstat(2) on a device file (vn_stat -> VOP_GETATTR, devfs_getattr): the
 * node's type, owner, group and mode; EBADF once the vnode is reclaimed
 * (deadfs's getattr).
 */
int
devfs_stat_f(struct file *fp, struct stat *sb, struct thread *td)
{
	struct vnode *vp;
	struct cdev *dev;
	int error;

	vp = fp->f_vnode;
	vn_lock(vp);
	dev_lock();
	dev = vp->v_rdev;
	if (dev == NULL)
		error = EBADF;
	else {
		error = 0;
		sb->st_mode = S_IFCHR | (dev->si_mode & 07777);
		sb->st_uid = dev->si_uid;
		sb->st_gid = dev->si_gid;
		sb->st_nlink = 1;
	}
	dev_unlock();
	VOP_UNLOCK(vp);
	return (error);
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
