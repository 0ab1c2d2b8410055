/* Stands for sys/sys/vnode.h at FreeBSD edca4938 (2019).
 * vnode.h - the part of struct vnode a devfs character-device vnode needs
 * (FreeBSD sys/sys/vnode.h): the use count, the doomed flag, the device
 * it names, and the vnode lock.
 *
 * One vnode per cdev per mount (one devfs mount here), made by the first
 * lookup of the node (devfs_allocv) and kept on the node (de_vnode, here
 * si_vnode) until devfs_populate() collects the destroyed node and
 * vgone()s it.  The vnode holds one reference on its cdev (dev_refl in
 * devfs_allocv, dev_rel in devfs_reclaim) and every v_usecount is also
 * counted in the cdev's si_usecount (v_incr_devcount), which count_dev()
 * and so d_close's last-close rule read.
 *
 * Locking: v_usecount, v_iflag and v_rdev are protected by devmtx here
 * (FreeBSD: the vnode interlock and atomics; devmtx is what
 * v_incr_devcount takes anyway, so one lock keeps the points few).
 * v_lock is the vnode lock (FreeBSD lockmgr; an exclusive sx here, named
 * "devfs" as getnewvnode("devfs") names it), held by namei's LOCKLEAF
 * lookup until the open is done, and by vn_close around VOP_CLOSE; devfs
 * drops it around d_open and d_close.  Ledger type "vnode" (leak-checked).
 */
#ifndef _SIM_SYS_VNODE_H_
#define _SIM_SYS_VNODE_H_

#include <sys/param.h>
#include <sys/lock.h>
#include <sys/sx.h>

struct cdev;
struct file;
struct thread;
struct ucred;

enum vtype { VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO, VBAD };

struct vnode {
	enum vtype	v_type;		/* vnode type */
	u_int		v_iflag;	/* (d) VI_* flags */
	int		v_usecount;	/* (d) use count */
	int		v_holdcnt;	/* (d) holds that keep the memory */
	struct cdev	*v_rdev;	/* (d) the device, NULL once reclaimed */
	struct sx	v_lock;		/* the vnode lock */
	/*
	 * The node's devfs_dirent attributes (de_uid, de_gid, de_mode),
	 * copied from the cdev when devfs makes the node: VOP_ACCESS reads
	 * them here, as FreeBSD's devfs_access reads the dirent, never the
	 * cdev.  (The sim has no dirent; the node is made at the first
	 * lookup, and nothing changes a cdev's mode after make_dev.)
	 */
	uid_t		v_de_uid;
	gid_t		v_de_gid;
	mode_t		v_de_mode;
};

#define	VI_DOOMED	0x0080	/* This vnode is being recycled */

/* vnode_if: the operations a devfs cdev vnode is opened and closed by. */
int	VOP_OPEN(struct vnode *vp, int mode, struct ucred *cred,
	    struct thread *td, struct file *fp);
int	VOP_CLOSE(struct vnode *vp, int fflag, struct ucred *cred,
	    struct thread *td);

/* vfs_subr.c */
struct vnode *getnewvnode_chr(struct cdev *dev);	/* devmtx held */
/* Free a vnode getnewvnode_chr made and nobody saw. */
void	vfree_new(struct vnode *vp);
void	vref(struct vnode *vp);
void	vrefl(struct vnode *vp);			/* devmtx held */
void	vrele(struct vnode *vp);
void	vput(struct vnode *vp);
void	vgone(struct vnode *vp);
void	vhold(struct vnode *vp);
void	vdrop(struct vnode *vp);
void	vn_lock(struct vnode *vp);
void	VOP_UNLOCK(struct vnode *vp);
void	ASSERT_VOP_ELOCKED(struct vnode *vp, const char *str);
/* vfs_vnops.c vn_close: VOP_CLOSE, then vput. */
int	vn_close(struct vnode *vp, int flags, struct ucred *cred,
	    struct thread *td);

#endif /* !_SIM_SYS_VNODE_H_ */
