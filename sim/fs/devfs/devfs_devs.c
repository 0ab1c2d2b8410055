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
 * dev_rel(); it runs at every lookup, as FreeBSD populates the mount
 * before looking a name up, and after destroy_dev()/clone_cleanup(),
 * standing for the next lookup anyone makes.  A cdev whose references
 * were over-released is thus freed by destroy_devl() while still listed,
 * and the next populate touches freed memory, as FreeBSD's would.
 *
 * Not modelled: directories, symlinks as such, rules, several mounts,
 * vnodes (a node is opened straight into a struct file; the file holds
 * the reference FreeBSD's vnode would).
 *
 * Locking: devfs_nodes, si_devfs_active and each node's reference on its
 * cdev are protected by devmtx.
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

#include <fs/devfs/devfs.h>

/* Named cdevs in creation order, and destroyed ones not yet GCed. */
static TAILQ_HEAD(, cdev) devfs_nodes __kdata =
    TAILQ_HEAD_INITIALIZER(devfs_nodes);

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
}

/*
 * Collect destroyed nodes (devfs_populate_loop, "GC any lingering
 * devices"): unlist each inactive node and dev_rel() the reference it
 * held, one at a time with devmtx dropped around dev_rel.  Called without
 * devmtx.  Every listed cdev is checked live: one freed while listed
 * (its references over-released) is a use-after-free, as in FreeBSD.
 */
void
devfs_populate(void)
{
	struct cdev *dev;

	mtx_assert(&devmtx, MA_NOTOWNED);
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
			return;
		}
		TAILQ_REMOVE(&devfs_nodes, dev, si_devfs);
		dev_unlock();
		dev_rel(dev);
	}
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
 * Look a name up for td, cloning on a miss: the dev_clone handlers run
 * under clone_drain_lock (shared) with td's credential; a cdev one of them
 * returns carries a reference, dropped here once the node is found.
 * Returns a referenced cdev counted in si_usecount: the vnode reference
 * namei() returns (devfs_allocv/vget), which count_dev() sees from the
 * lookup on, before d_open runs.  Release it with devfs_lookup_rele().
 */
int
devfs_lookup(struct thread *td, const char *name, struct cdev **devp)
{
	char pname[SPECNAMELEN + 1];
	struct cdev *cdev, *dev;

	devfs_populate();
	dev_lock();
	dev = devfs_find_locked(name);
	if (dev != NULL) {
		dev_refl(dev);
		dev->si_usecount++;
		dev_unlock();
		*devp = dev;
		return (0);
	}
	dev_unlock();

	if (strlcpy(pname, name, sizeof(pname)) >= sizeof(pname))
		return (ENAMETOOLONG);
	cdev = NULL;
	sx_slock(&clone_drain_lock);
	EVENTHANDLER_INVOKE(dev_clone, td->td_ucred, pname, strlen(pname),
	    &cdev);
	sx_sunlock(&clone_drain_lock);
	if (cdev == NULL)
		return (ENOENT);

	/* The handler's cdev is found through its own node, if still named. */
	devfs_populate();
	dev_lock();
	dev = NULL;
	if ((cdev->si_flags & SI_NAMED) != 0) {
		dev = cdev;
		dev_refl(dev);
		dev->si_usecount++;
	}
	dev_unlock();
	dev_rel(cdev);
	if (dev == NULL)
		return (ENOENT);
	*devp = dev;
	return (0);
}

/*
 * Drop what devfs_lookup() returned when no open took it over (vn_open's
 * vput of the looked-up vnode after a failed VOP_OPEN): the use count,
 * then the reference.
 */
void
devfs_lookup_rele(struct cdev *dev)
{

	dev_lock();
	KASSERT(dev->si_usecount > 0,
	    ("devfs_lookup_rele: %s usecount underflow", devtoname(dev)));
	dev->si_usecount--;
	dev_unlock();
	dev_rel(dev);
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
