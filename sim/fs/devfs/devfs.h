/* Stands for sys/fs/devfs/devfs.h at FreeBSD edca4938 (2019).
 * devfs.h - the simulated devfs: the name table of named cdevs, cloning on
 * lookup misses, and the devfs file operations the syscalls call.
 *
 * Internal to sim/kern and sim/fs/devfs (FreeBSD's fs/devfs/devfs_int.h).
 * One devfs mount (/dev).  A node (a named cdev) gets one vnode at its
 * first lookup (devfs_allocv), kept in si_vnode until devfs_populate()
 * (lazily, at the next lookup) collects the destroyed node and vgone()s it; the vnode holds a
 * reference on the cdev, and si_usecount is the sum of its use counts
 * (sys/vnode.h).  A struct file holds a use of the vnode (f_vnode) and
 * names the cdev in f_data without a reference, as FreeBSD's does.
 * The name table is protected by devmtx.
 */
#ifndef _SIM_FS_DEVFS_DEVFS_H_
#define _SIM_FS_DEVFS_DEVFS_H_

#include <sys/param.h>
#include <sys/malloc.h>
#include <sys/conf.h>

struct file;
struct sx;
struct thread;
struct ucred;
struct uio;
struct knote;
struct vnode;
struct stat;

/* Per-file private data of a cdev (cdevpriv). */
struct cdev_privdata {
	struct file		*cdpd_fp;
	void			*cdpd_data;
	void			(*cdpd_dtr)(void *);
	LIST_ENTRY(cdev_privdata) cdpd_list;
};

MALLOC_DECLARE(M_DEVT);
extern struct mtx devmtx;
extern struct mtx cdevpriv_mtx;
extern struct sx clone_drain_lock;

/* kern_conf.c <-> devfs_devs.c, devmtx held where marked (d). */
struct cdev *devfs_alloc(int flags);
void	devfs_free(struct cdev *cdev);
void	devfs_create(struct cdev *dev);		/* (d) */
void	devfs_destroy(struct cdev *dev);	/* (d) */
/* Collect destroyed nodes, if /dev changed; dm_lock held exclusive. */
void	devfs_populate(void);
/* The same, taking and dropping dm_lock: what a lookup does first. */
void	devfs_populate_unlocked(void);
int	devfs_dev_exists(const char *name);	/* (d) */
int	devfs_pathpath(const char *p1, const char *p2);
/* Find a named node; aliases resolve to their parent.  (d) */
struct cdev *devfs_find_locked(const char *name);
/* Run the cdevpriv destructor of one entry; called with cdevpriv_mtx. */
void	devfs_destroy_cdevpriv(struct cdev_privdata *p);
void	devfs_fpdrop(struct file *fp);
/* The file a d_* method runs for (FreeBSD td->td_fpop). */
struct file *devfs_fpop_get(void);
struct file *devfs_fpop_set(struct file *fp);

/*
 * Look name up ("tun0", without "/dev/"), firing dev_clone on a miss.
 * Returns 0 and the node's vnode, used and locked (namei LOCKLEAF), or
 * ENOENT; vput() it when no open keeps it.
 */
int	devfs_lookup(struct thread *td, const char *name, struct vnode **vpp);

/* The vnode operations of a cdev vnode (devfs_vnops.c). */
int	devfs_open(struct vnode *vp, int mode, struct ucred *cred,
	    struct thread *td, struct file *fp);
int	devfs_close(struct vnode *vp, int fflag, struct thread *td);
void	devfs_reclaim(struct vnode *vp);
/* The cdevsw of a vnode's device, counted in si_threadcount (kern_conf). */
struct cdevsw *devvn_refthread(struct vnode *vp, struct cdev **devp,
	    int *ref);
/* fstat(2) on a device file: what devfs_getattr reports. */
int	devfs_stat_f(struct file *fp, struct stat *sb, struct thread *td);

/* The file operations of an open device (devfs_vnops.c). */
int	devfs_close_f(struct file *fp, struct thread *td);
int	devfs_read_f(struct file *fp, struct uio *uio, int ioflag_extra,
	    struct thread *td);
int	devfs_write_f(struct file *fp, struct uio *uio, struct thread *td);
int	devfs_ioctl_f(struct file *fp, u_long com, void *data,
	    struct thread *td);
int	devfs_poll_f(struct file *fp, int events, struct thread *td);
int	devfs_kqfilter_f(struct file *fp, struct knote *kn);

#endif /* !_SIM_FS_DEVFS_DEVFS_H_ */
