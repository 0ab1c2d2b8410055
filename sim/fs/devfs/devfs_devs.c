/* Stands for sys/fs/devfs/devfs_devs.c at FreeBSD edca4938 (2019).
 * devfs_devs.c - the simulated /dev: the name table of named cdevs and
 * the lookup that fires the dev_clone event (FreeBSD
 * sys/fs/devfs/devfs_devs.c and the lookup half of devfs_vnops.c).
 *
 * Models: cdev memory (devfs_alloc/devfs_free, ledger type "cdev"), one
 * node per named cdev (aliases included; an alias resolves to its parent,
 * as its devfs symlink would), EEXIST checks for make_dev, and on a
 * lookup miss EVENTHANDLER_INVOKE(dev_clone) under clone_drain_lock
 * shared, taking the referenced cdev a handler returns and dev_rel()ing it.
 *
 * The node list is FreeBSD's cdevp_list: devfs_create() lists a cdev
 * and takes a reference for it (CDP_ACTIVE); devfs_destroy() only clears
 * the active flag, so the name stops resolving at once but the node keeps
 * its reference.  devfs_populate() (FreeBSD devfs_populate_loop's "GC any
 * lingering devices") unlists inactive nodes and drops that reference with
 * dev_rel().  It is lazy, as FreeBSD's: it runs only at a lookup, under
 * the mount's dm_lock, and returns at once when the mount's generation
 * (dm_generation) equals devfs_generation, which devfs_create() and
 * devfs_destroy() bump.  destroy_dev() does not populate: a destroyed
 * node stays listed, holding its reference, until the next lookup anyone
 * makes (the engine stands for that one after teardown's kldunload:
 * sim_devfs_settle()).  A cdev whose references were over-released is
 * thus freed by destroy_devl() while still listed, and the next populate
 * touches freed memory, as FreeBSD's would.
 *
 * Each node has at most one vnode (si_vnode, FreeBSD's de_vnode on the
 * one mount), made by the first lookup (devfs_allocv) and vgone()d when
 * populate collects the node (devfs_delete), which closes it by force if
 * still open and drops the vnode's cdev reference (devfs_reclaim).
 *
 * Not modelled: directories, symlinks as such, rules, several mounts,
 * dirent reference counts (DEVFS_DE_HOLD: a node is the cdev itself).
 *
 * Locking: devfs_nodes, si_devfs_active, si_vnode, devfs_generation and
 * each node's reference on its cdev are protected by devmtx; populating
 * (dm_generation, collecting) and a lookup from populate to the vnode
 * lock are serialised by dm_lock (FreeBSD's per-mount sx), dropped around
 * the dev_clone event and around a vnode lock.
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
#include <sys/eventhandler.h>
#include <sys/conf.h>
#include <sys/vnode.h>

#include <fs/devfs/devfs.h>

/* Named cdevs in creation order, and destroyed ones not yet GCed. */
static TAILQ_HEAD(, cdev) devfs_nodes __kdata =
    TAILQ_HEAD_INITIALIZER(devfs_nodes);

/* Bumped at every devfs_create/devfs_destroy (FreeBSD devfs_generation). */
static u_int devfs_generation __kdata;

/* The one mount (/dev): FreeBSD's struct devfs_mount, the part used. */
static struct devfs_mount {
	struct sx	dm_lock;	/* populate and lookup */
	u_int		dm_generation;	/* devfs_generation last populated */
} devfs_mount __kdata;
SX_SYSINIT(devfs_dm_lock, &devfs_mount.dm_lock, "devfsmount");

/* Allocate a zeroed cdev (NULL only for MAKEDEV_NOWAIT under faults). */
struct cdev *
devfs_alloc(int flags)
{
	struct cdev *cdev;

	cdev = malloc(sizeof(*cdev), M_DEVT, M_ZERO |
	    ((flags & MAKEDEV_NOWAIT) ? M_NOWAIT : M_WAITOK));
	if (cdev == NULL)
		return (NULL);
	cdev->si_name = cdev->__si_namebuf;
	LIST_INIT(&cdev->si_children);
	LIST_INIT(&cdev->si_fdpriv);
	return (cdev);
}

/* Free a cdev and its credential. */
void
devfs_free(struct cdev *cdev)
{

	if (cdev->si_cred != NULL)
		crfree(cdev->si_cred);
	free(cdev, M_DEVT);
}

/* Does a cdev of that name, or a path above/below it, exist?  (d) */
int
devfs_dev_exists(const char *name)
{
	struct cdev *dev;

	mtx_assert(&devmtx, MA_OWNED);
	TAILQ_FOREACH(dev, &devfs_nodes, si_devfs) {
		if (dev->si_devfs_active != 0 &&
		    (devfs_pathpath(dev->si_name, name) != 0 ||
		    devfs_pathpath(name, dev->si_name) != 0))
			return (1);
	}
	return (0);
}

/*
 * Make the node of a just-named cdev visible; the node holds a ref
 * (FreeBSD devfs_create: CDP_ACTIVE, dev_refl, onto cdevp_list).
 */
void
devfs_create(struct cdev *dev)
{
	char label[SPECNAMELEN + 32];

	mtx_assert(&devmtx, MA_OWNED);
	snprintf(label, sizeof(label), "/dev/%s@%s", dev->si_name,
	    sim_obj_id(dev));
	sim_label_set(dev, label);
	dev->si_devfs_active = 1;
	dev_refl(dev);
	TAILQ_INSERT_TAIL(&devfs_nodes, dev, si_devfs);
	devfs_generation++;
}

/*
 * Hide the node of a cdev being destroyed (FreeBSD devfs_destroy clears
 * CDP_ACTIVE only): the node stays listed and keeps its reference until
 * devfs_populate() collects it.
 */
void
devfs_destroy(struct cdev *dev)
{

	mtx_assert(&devmtx, MA_OWNED);
	dev->si_devfs_active = 0;
	devfs_generation++;
}

/*
 * Collect destroyed nodes (devfs_populate_loop, "GC any lingering
 * devices"): unlist each inactive node, vgone() its vnode (devfs_delete,
 * dm_lock dropped around the vnode lock) and dev_rel() the reference the
 * node held, one at a time with devmtx dropped.  A no-op when the mount
 * is up to date (dm_generation == devfs_generation).  Called with dm_lock
 * held exclusive, without devmtx.  Every listed cdev is checked live: one
 * freed while listed (its references over-released) is a use-after-free,
 * as in FreeBSD.
 */
void
devfs_populate(void)
{
	struct devfs_mount *dm;
	struct cdev *dev;
	struct vnode *vp;
	u_int gen;

	dm = &devfs_mount;
	sx_assert(&dm->dm_lock, SA_XLOCKED);
	mtx_assert(&devmtx, MA_NOTOWNED);
	gen = devfs_generation;
	if (dm->dm_generation == gen)
		return;
	for (;;) {
		dev_lock();
		TAILQ_FOREACH(dev, &devfs_nodes, si_devfs) {
			sim_obj_check(dev, "devfs_populate", __FILE__,
			    __LINE__);
			if (dev->si_devfs_active == 0)
				break;
		}
		if (dev == NULL) {
			dev_unlock();
			break;
		}
		TAILQ_REMOVE(&devfs_nodes, dev, si_devfs);
		vp = dev->si_vnode;
		if (vp != NULL)
			vhold(vp);
		dev_unlock();
		if (vp != NULL) {
			/* devfs_delete: dm_lock is not held over a vnode lock. */
			sx_xunlock(&dm->dm_lock);
			vn_lock(vp);
			vgone(vp);
			VOP_UNLOCK(vp);
			vdrop(vp);
			sx_xlock(&dm->dm_lock);
		}
		dev_rel(dev);
	}
	dm->dm_generation = gen;
}

/*
 * Bring /dev up to date as a lookup would (devfs_populate_vp): take
 * dm_lock, populate, drop it.  Called without devmtx or dm_lock.
 */
void
devfs_populate_unlocked(void)
{

	sx_xlock(&devfs_mount.dm_lock);
	devfs_populate();
	sx_xunlock(&devfs_mount.dm_lock);
}

/*
 * The engine's stand-in for "the next lookup anyone makes" (sim.h):
 * collect the nodes destroyed since the last lookup, so that the
 * leak judgement after teardown sees them released.
 */
void
sim_devfs_settle(void)
{

	devfs_populate_unlocked();
}

/* The cdev a name opens: the node's, or an alias's parent.  devmtx. */
struct cdev *
devfs_find_locked(const char *name)
{
	struct cdev *dev;

	mtx_assert(&devmtx, MA_OWNED);
	TAILQ_FOREACH(dev, &devfs_nodes, si_devfs) {
		if (dev->si_devfs_active == 0)
			continue;
		if (strcmp(dev->si_name, name) != 0)
			continue;
		if ((dev->si_flags & SI_ALIAS) != 0) {
			dev = dev->si_parent;
			if (dev == NULL || (dev->si_flags & SI_NAMED) == 0)
				return (NULL);
		}
		return (dev);
	}
	return (NULL);
}

/*
 * The vnode of a found node, used and locked (devfs_allocv): the cached
 * one with one more use, or a new one holding a reference on the cdev.
 * Entered with dm_lock and devmtx held, returns without either.  dm_lock
 * is held until the vnode is had, so no populate can collect the node
 * meanwhile (FreeBSD's DE_DOOMED is set only under dm_lock): a node
 * destroyed but not yet collected still yields its vnode, whose open
 * then fails in dev_refthread, as in FreeBSD.  dm_lock is dropped around
 * the vnode lock and taken again to see whether populate vgone()d it
 * meanwhile (then ENOENT).
 */
static int
devfs_allocv(struct cdev *dev, struct vnode **vpp)
{
	struct vnode *vp, *nvp;
	int doomed;

	sx_assert(&devfs_mount.dm_lock, SA_XLOCKED);
	mtx_assert(&devmtx, MA_OWNED);
	nvp = NULL;
	while ((vp = dev->si_vnode) == NULL && nvp == NULL) {
		/* getnewvnode sleeps: allocate with devmtx dropped. */
		nvp = getnewvnode_chr(dev);
	}
	if (vp != NULL) {
		vrefl(vp);
	} else {
		vp = nvp;
		nvp = NULL;
		dev_refl(dev);
		vp->v_rdev = dev;
		SIM_READ(dev, "si_mode");
		vp->v_de_uid = dev->si_uid;
		vp->v_de_gid = dev->si_gid;
		vp->v_de_mode = dev->si_mode;
		KASSERT(vp->v_usecount == 1,
		    ("devfs_allocv: v_usecount %d", vp->v_usecount));
		dev->si_usecount += vp->v_usecount;
		dev->si_vnode = vp;
	}
	dev_unlock();
	if (nvp != NULL)
		vfree_new(nvp);
	sx_xunlock(&devfs_mount.dm_lock);
	vn_lock(vp);
	sx_xlock(&devfs_mount.dm_lock);
	dev_lock();
	doomed = (vp->v_iflag & VI_DOOMED) != 0;
	dev_unlock();
	sx_xunlock(&devfs_mount.dm_lock);
	if (doomed) {
		vput(vp);
		return (ENOENT);
	}
	*vpp = vp;
	return (0);
}

/*
 * Look a name up for td, cloning on a miss (devfs_lookup/devfs_lookupx):
 * under dm_lock, populate /dev and look the name up; on a miss drop
 * dm_lock and fire the dev_clone handlers under clone_drain_lock
 * (shared) with td's credential, then take dm_lock again and populate.
 * A cdev a handler returns carries a reference, dropped once its node
 * is found.  Returns the node's vnode, used and locked, as
 * namei(LOCKLEAF) does: its use is counted in si_usecount, which
 * count_dev() sees from the lookup on, before d_open runs.  Called
 * without devmtx or dm_lock.
 */
int
devfs_lookup(struct thread *td, const char *name, struct vnode **vpp)
{
	char pname[SPECNAMELEN + 1];
	struct cdev *cdev, *dev;
	int found;

	sx_xlock(&devfs_mount.dm_lock);
	devfs_populate();
	dev_lock();
	dev = devfs_find_locked(name);
	if (dev != NULL)
		return (devfs_allocv(dev, vpp));
	dev_unlock();

	if (strlcpy(pname, name, sizeof(pname)) >= sizeof(pname)) {
		sx_xunlock(&devfs_mount.dm_lock);
		return (ENAMETOOLONG);
	}
	cdev = NULL;
	sx_xunlock(&devfs_mount.dm_lock);
	sx_slock(&clone_drain_lock);
	EVENTHANDLER_INVOKE(dev_clone, td->td_ucred, pname, strlen(pname),
	    &cdev);
	sx_sunlock(&clone_drain_lock);
	if (cdev == NULL)
		return (ENOENT);

	/* The handler's cdev is found through its own node, if still named. */
	sx_xlock(&devfs_mount.dm_lock);
	devfs_populate();
	dev_lock();
	found = (cdev->si_flags & SI_NAMED) != 0 &&
	    cdev->si_devfs_active != 0;
	dev_unlock();
	dev_rel(cdev);
	if (!found) {
		sx_xunlock(&devfs_mount.dm_lock);
		return (ENOENT);
	}
	dev_lock();
	return (devfs_allocv(cdev, vpp));
}

/*
 * Is p1 the path p2, or below it ("a/b" below "a")?  FreeBSD's
 * devfs_pathpath: equal up to the end of p2, where p1 ends or goes on
 * with a '/'.  FreeBSD's devfs_dev_exists also asks devfs_dir_find;
 * devfs directories are not modelled (every name here is flat).
 */
int
devfs_pathpath(const char *p1, const char *p2)
{

	for (;; p1++, p2++) {
		if (*p1 != *p2)
			return (*p1 == '/' && *p2 == '\0');
		if (*p1 == '\0')
			return (1);
	}
}
