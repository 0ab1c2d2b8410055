/* Stands for sys/kern/vfs_subr.c at FreeBSD edca4938 (2019).
 * vfs_subr.c - the vnode life cycle a devfs character-device vnode goes
 * through (FreeBSD sys/kern/vfs_subr.c: getnewvnode, vref, vrele, vput,
 * vhold/vdrop, vgone/vgonel, v_incr_devcount/v_decr_devcount).
 *
 * Models: a VCHR vnode allocated for a cdev (ledger type "vnode"), its
 * use count mirrored in the cdev's si_usecount, and vgone(): the vnode is
 * doomed, an active one is closed (VOP_CLOSE with FNONBLOCK: devfs_close
 * sees VI_DOOMED, a forced close), then reclaimed (devfs_reclaim: the
 * use count leaves si_usecount, v_rdev is cleared, the cdev reference is
 * dropped), after which its operations are deadfs's.  A doomed vnode's
 * memory goes with its last use or hold.
 *
 * Not modelled: the free list and vnlru (an unused vnode stays cached on
 * its devfs node until vgone), VOP_INACTIVE (devfs's specops have none
 * that matters to a cdev), mount points, the vnode interlock (devmtx
 * stands for it, see sys/vnode.h), shared vnode locks.
 *
 * Locking: v_usecount, v_holdcnt, v_iflag, v_rdev under devmtx; vgone()
 * needs the vnode lock held exclusively.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/vnode.h>

#include <fs/devfs/devfs.h>

MALLOC_DEFINE(M_VNODE, "vnode", "vnodes");

/*
 * Allocate a VCHR vnode for dev with one use (the caller's); devfs_allocv
 * gives it its reference on dev and counts the use in si_usecount.
 * Called and returns with devmtx held; vp is allocated with it dropped.
 */
struct vnode *
getnewvnode_chr(struct cdev *dev)
{
	char label[SPECNAMELEN + 32];
	struct vnode *vp;

	mtx_assert(&devmtx, MA_OWNED);
	dev_unlock();
	vp = malloc(sizeof(*vp), M_VNODE, M_WAITOK | M_ZERO);
	snprintf(label, sizeof(label), "devfs@/dev/%s", dev->si_name);
	sx_init(&vp->v_lock, "devfs");
	sim_label_set(&vp->v_lock, label);
	vp->v_type = VCHR;
	vp->v_usecount = 1;
	dev_lock();
	return (vp);
}

/* Take a use of vp with devmtx held (v_incr_usecount + devcount). */
void
vrefl(struct vnode *vp)
{

	mtx_assert(&devmtx, MA_OWNED);
	sim_obj_check(vp, "vref", __FILE__, __LINE__);
	vp->v_usecount++;
	if (vp->v_rdev != NULL)
		vp->v_rdev->si_usecount++;
}

/* vref(9). */
void
vref(struct vnode *vp)
{

	dev_lock();
	vrefl(vp);
	dev_unlock();
}

/* Free a doomed vnode nobody uses or holds; devmtx held, then dropped. */
static void
vfree_unlock(struct vnode *vp)
{
	int dead;

	mtx_assert(&devmtx, MA_OWNED);
	dead = (vp->v_iflag & VI_DOOMED) != 0 && vp->v_usecount == 0 &&
	    vp->v_holdcnt == 0;
	dev_unlock();
	if (dead) {
		sx_destroy(&vp->v_lock);
		free(vp, M_VNODE);
	}
}

/*
 * vrele(9): drop a use (and its si_usecount share while the vnode still
 * names its device).  An unused vnode stays cached on its node; a doomed
 * one is freed.  Called without the vnode lock.
 */
void
vrele(struct vnode *vp)
{

	sim_obj_check(vp, "vrele", __FILE__, __LINE__);
	dev_lock();
	KASSERT(vp->v_usecount > 0, ("vrele: negative ref cnt"));
	vp->v_usecount--;
	if (vp->v_rdev != NULL) {
		KASSERT(vp->v_rdev->si_usecount > 0,
		    ("v_decr_devcount: %s usecount underflow",
		    devtoname(vp->v_rdev)));
		vp->v_rdev->si_usecount--;
	}
	vfree_unlock(vp);
}

/* vput(9): unlock, then vrele. */
void
vput(struct vnode *vp)
{

	VOP_UNLOCK(vp);
	vrele(vp);
}

/* vhold(9): keep vp's memory (not its use) while devmtx is dropped. */
void
vhold(struct vnode *vp)
{

	mtx_assert(&devmtx, MA_OWNED);
	vp->v_holdcnt++;
}

/* vdrop(9): drop a hold; a doomed, unused vnode is freed. */
void
vdrop(struct vnode *vp)
{

	dev_lock();
	KASSERT(vp->v_holdcnt > 0, ("vdrop: holdcnt %d", vp->v_holdcnt));
	vp->v_holdcnt--;
	vfree_unlock(vp);
}

/*
 * vgone(9) (vgonel): doom vp, close it if in use (a forced close), and
 * reclaim it.  The vnode lock must be held exclusively.
 */
void
vgone(struct vnode *vp)
{
	int active;

	ASSERT_VOP_ELOCKED(vp, "vgone");
	dev_lock();
	if ((vp->v_iflag & VI_DOOMED) != 0) {
		dev_unlock();
		return;
	}
	vp->v_iflag |= VI_DOOMED;
	active = vp->v_usecount > 0;
	dev_unlock();
	/*
	 * If purging an active vnode, it must be closed before being
	 * reclaimed.
	 */
	if (active)
		(void)VOP_CLOSE(vp, FNONBLOCK, NULL, curthread);
	devfs_reclaim(vp);
}

/* Take the vnode lock exclusively (vn_lock(vp, LK_EXCLUSIVE|LK_RETRY)). */
void
vn_lock(struct vnode *vp)
{

	sim_obj_check(vp, "vn_lock", __FILE__, __LINE__);
	sx_xlock(&vp->v_lock);
}

/* Release the vnode lock. */
void
VOP_UNLOCK(struct vnode *vp)
{

	sx_xunlock(&vp->v_lock);
}

/* ASSERT_VOP_ELOCKED(9). */
void
ASSERT_VOP_ELOCKED(struct vnode *vp, const char *str)
{

	KASSERT(sx_xlocked(&vp->v_lock), ("%s: vnode not locked", str));
}

/* Free a vnode getnewvnode_chr() made that lost the race to be used. */
void
vfree_new(struct vnode *vp)
{

	KASSERT(vp->v_rdev == NULL, ("vfree_new: vnode in use"));
	sx_destroy(&vp->v_lock);
	free(vp, M_VNODE);
}
