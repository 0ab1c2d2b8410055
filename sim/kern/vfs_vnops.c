/* Stands for sys/kern/vfs_vnops.c at FreeBSD edca4938 (2019).
 * vfs_vnops.c - vn_close and the two vnode operations a device file is
 * opened and closed by (FreeBSD sys/kern/vfs_vnops.c vn_close1, and the
 * VOP_OPEN/VOP_CLOSE dispatch of the generated vnode_if.c).
 *
 * A live VCHR vnode's operations are devfs_specops' (devfs_open,
 * devfs_close); a reclaimed one's (v_rdev NULL after vgone) are
 * dead_vnodeops': open fails with ENXIO (dead_open), close does nothing
 * (VOP_NULL, the default).
 *
 * Locking: VOP_OPEN and VOP_CLOSE are called with the vnode lock held
 * exclusively; vn_close takes it and vput()s the vnode.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/proc.h>
#include <sys/conf.h>
#include <sys/vnode.h>

#include <fs/devfs/devfs.h>

/* Is vp reclaimed, i.e. are its operations deadfs's?  Vnode lock held. */
static int
vop_is_dead(struct vnode *vp)
{
	int dead;

	dev_lock();
	dead = vp->v_rdev == NULL;
	dev_unlock();
	return (dead);
}

/* VOP_OPEN: devfs_open, or dead_open's ENXIO. */
int
VOP_OPEN(struct vnode *vp, int mode, struct ucred *cred, struct thread *td,
    struct file *fp)
{

	ASSERT_VOP_ELOCKED(vp, "VOP_OPEN");
	if (vop_is_dead(vp))
		return (ENXIO);
	return (devfs_open(vp, mode, cred, td, fp));
}

/* VOP_CLOSE: devfs_close, or nothing on a dead vnode. */
int
VOP_CLOSE(struct vnode *vp, int fflag, struct ucred *cred, struct thread *td)
{

	ASSERT_VOP_ELOCKED(vp, "VOP_CLOSE");
	if (vop_is_dead(vp))
		return (0);
	return (devfs_close(vp, fflag, td));
}

/*
 * vn_close(9): lock the vnode, VOP_CLOSE (devfs_close: d_close on the
 * last close), then vput, which drops the use count.  All of it happens
 * before devfs_close_f runs the file's cdevpriv destructor.
 */
int
vn_close(struct vnode *vp, int flags, struct ucred *cred, struct thread *td)
{
	int error;

	vn_lock(vp);
	error = VOP_CLOSE(vp, flags, cred, td);
	vput(vp);
	return (error);
}
