/*
 * t_conf.c - kernel side of tests/check_conf.c (kern_conf.c).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/conf.h>
#include <sys/proc.h>
#include <sys/vnode.h>

#include <fs/devfs/devfs.h>

#include "t_tdev.h"

static struct cdev *t_dev __kdata;
static int t_inside __kdata;
static int t_left __kdata;

void
t_conf_make_dev_name_collision_panics(void)
{

	(void)make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	(void)make_dev(&t_tdev_cdevsw, 1, UID_ROOT, GID_WHEEL, 0600, "tdev0");
}

void
t_conf_make_dev_checkname_collision_is_eexist(void)
{
	struct cdev *d0, *d1;
	int error;

	d0 = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	d1 = make_dev_credf(MAKEDEV_CHECKNAME, &t_tdev_cdevsw, 1, NULL,
	    UID_ROOT, GID_WHEEL, 0600, "tdev0");
	KASSERT(d1 == NULL, ("make_dev_credf made a second tdev0"));
	error = make_dev_alias_p(MAKEDEV_CHECKNAME, &d1, d0, "tdev0");
	KASSERT(error == EEXIST, ("alias collision gave %d", error));
	destroy_dev(d0);
}

void
t_conf_destroy_dev_of_unnamed_cdev_panics(void)
{
	struct clonedevs *cl;
	struct cdev *d;
	int u;

	cl = NULL;
	clone_setup(&cl);
	u = -1;
	d = NULL;
	(void)clone_create(&cl, &t_tdev_cdevsw, &u, &d, 0);
	LIST_FOREACH(d, &t_tdev_cdevsw.d_devs, si_list)
		break;
	destroy_dev(d);
}

void
t_conf_dev_rel_below_zero_panics(void)
{
	struct cdev *d;

	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	dev_rel(d);	/* the devfs node's reference */
	dev_rel(d);
}

/*
 * A stray dev_rel() takes the devfs node's reference: destroy_devl() then
 * frees the cdev while devfs still lists it, and the populate that follows
 * touches freed memory (FreeBSD devfs_populate_loop's dev_rel).
 */
void
t_conf_destroy_of_over_released_cdev_is_use_after_free(void)
{
	struct cdev *d;

	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	dev_rel(d);	/* steals the devfs node's reference */
	destroy_dev(d);
	devfs_populate_unlocked();	/* the next lookup anyone makes */
}

/* destroy_dev() hides the name at once; the node's reference stays. */
void
t_conf_destroyed_node_keeps_its_reference_until_populate(void)
{
	struct cdev *d;

	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	KASSERT(d->si_refcount == 1, ("make_dev: %d refs", d->si_refcount));
	dev_lock();
	devfs_destroy(d);
	KASSERT(devfs_find_locked("tdev0") == NULL, ("name still resolves"));
	KASSERT(devfs_dev_exists("tdev0") == 0, ("name still taken"));
	KASSERT(d->si_refcount == 1, ("devfs_destroy dropped the node ref"));
	dev_unlock();
	devfs_populate_unlocked();
	KASSERT(d->si_refcount == 0, ("populate kept the node ref"));
	KASSERT(!sim_obj_is_freed(d), ("a live cdev was freed"));
	destroy_dev(d);		/* unlisted and unreferenced: freed now */
	KASSERT(sim_obj_is_freed(d), ("destroy_dev kept the cdev"));
}

/*
 * devfs is lazy (FreeBSD populates at lookup, not at destroy_dev): the
 * destroyed node stays listed with its reference, uncollected, until
 * the next lookup, which populates first and so does not find the name.
 * The node's reference is what "listed" means here: populate unlists a
 * node and drops it together.
 */
void
t_conf_destroyed_node_is_collected_at_the_next_lookup(void)
{
	struct vnode *vp;
	struct cdev *d;

	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	dev_ref(d);		/* keep d readable */
	destroy_dev(d);
	KASSERT(d->si_refcount == 2, ("destroy_dev collected the node: %d",
	    d->si_refcount));
	vp = NULL;
	KASSERT(devfs_lookup(curthread, "tdev0", &vp) == ENOENT &&
	    vp == NULL, ("a destroyed node's name was found"));
	KASSERT(d->si_refcount == 1, ("the lookup did not collect: %d",
	    d->si_refcount));
	dev_rel(d);
	KASSERT(sim_obj_is_freed(d), ("last dev_rel kept the cdev"));
}

/*
 * The generation check: populate does nothing while devfs_generation
 * has not moved since the mount's last populate.  A node hidden behind
 * devfs_destroy's back (no generation bump) stays listed through a
 * second populate; the next make_dev bumps the generation and the
 * populate after it collects the node.
 */
void
t_conf_populate_is_a_noop_when_the_generation_is_unchanged(void)
{
	struct cdev *d, *d1;

	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	dev_ref(d);
	devfs_populate_unlocked();	/* the mount is up to date */
	dev_lock();
	d->si_devfs_active = 0;		/* not devfs_destroy: no bump */
	dev_unlock();
	devfs_populate_unlocked();
	KASSERT(d->si_refcount == 2, ("populate ran with no new generation"));
	d1 = make_dev(&t_tdev_cdevsw, 1, UID_ROOT, GID_WHEEL, 0600, "tdev1");
	devfs_populate_unlocked();
	KASSERT(d->si_refcount == 1, ("new generation, node not collected"));
	destroy_dev(d);
	dev_rel(d);
	KASSERT(sim_obj_is_freed(d), ("destroy_dev kept the cdev"));
	destroy_dev(d1);
}

void
t_conf_dev_refthread_fails_after_destroy_dev(void)
{
	struct cdev *d;
	int ref;

	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	dev_ref(d);
	destroy_dev(d);
	KASSERT(dev_refthread(d, &ref) == NULL, ("refthread after destroy"));
	KASSERT((d->si_flags & SI_NAMED) == 0, ("still named"));
	dev_rel(d);	/* last reference: freed now */
}

void
t_conf_clone_create_picks_lowest_free_unit(void)
{
	struct clonedevs *cl;
	struct cdev *d, *d0;
	int i, u;

	cl = NULL;
	clone_setup(&cl);
	u = -1;
	i = clone_create(&cl, &t_tdev_cdevsw, &u, &d, 0);
	KASSERT(i == 1 && u == 0, ("first clone: %d unit %d", i, u));
	d0 = make_dev(&t_tdev_cdevsw, u, UID_ROOT, GID_WHEEL, 0600, "tdev%d",
	    u);
	u = 2;
	i = clone_create(&cl, &t_tdev_cdevsw, &u, &d, 0);
	KASSERT(i == 1 && u == 2, ("unit 2: %d unit %d", i, u));
	(void)make_dev(&t_tdev_cdevsw, u, UID_ROOT, GID_WHEEL, 0600, "tdev%d",
	    u);
	u = -1;
	i = clone_create(&cl, &t_tdev_cdevsw, &u, &d, 0);
	KASSERT(i == 1 && u == 1, ("lowest free: %d unit %d", i, u));
	(void)make_dev(&t_tdev_cdevsw, u, UID_ROOT, GID_WHEEL, 0600, "tdev%d",
	    u);
	u = 0;
	d = NULL;
	i = clone_create(&cl, &t_tdev_cdevsw, &u, &d, 0);
	KASSERT(i == 0 && d == d0, ("existing unit 0: %d", i));
	KASSERT(d0->si_refcount == 1, ("clone_create took a reference"));
	clone_cleanup(&cl);
	KASSERT(cl == NULL, ("clone_cleanup left the list"));
}

void
t_conf_alias_is_destroyed_with_its_parent(void)
{
	struct cdev *d, *a;
	int error, exists;

	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	a = NULL;
	error = make_dev_alias_p(MAKEDEV_CHECKNAME, &a, d, "vpn0");
	KASSERT(error == 0 && a != NULL, ("alias: %d", error));
	dev_lock();
	KASSERT(devfs_find_locked("vpn0") == d, ("alias resolves to parent"));
	dev_unlock();
	destroy_dev(d);
	dev_lock();
	exists = devfs_dev_exists("vpn0");
	dev_unlock();
	KASSERT(!exists, ("alias survived its parent"));
}

void
t_conf_alias_name_collision_leaves_cdev_untouched(void)
{
	struct cdev *d0, *d1, *a;
	int error;

	d0 = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	d1 = make_dev(&t_tdev_cdevsw, 1, UID_ROOT, GID_WHEEL, 0600, "tdev1");
	a = NULL;
	error = make_dev_alias_p(MAKEDEV_CHECKNAME, &a, d1, "tdev0");
	KASSERT(error == EEXIST, ("alias collision gave %d", error));
	KASSERT(a == NULL, ("failed alias touched *cdev"));
	destroy_dev(d1);
	destroy_dev(d0);
}

void
t_conf_make_dev_s_sets_drv1_before_node(void)
{
	struct make_dev_args args;
	struct cdev *d, *f;
	int error;

	make_dev_args_init(&args);
	args.mda_devsw = &t_tdev_cdevsw;
	args.mda_uid = UID_UUCP;
	args.mda_gid = GID_DIALER;
	args.mda_mode = 0600;
	args.mda_si_drv1 = &t_inside;
	error = make_dev_s(&args, &d, "tdev%d", 3);
	KASSERT(error == 0, ("make_dev_s: %d", error));
	dev_lock();
	f = devfs_find_locked("tdev3");
	dev_unlock();
	KASSERT(f == d && d->si_drv1 == &t_inside, ("si_drv1 not set"));
	KASSERT(d->si_uid == UID_UUCP && d->si_gid == GID_DIALER,
	    ("owner"));
	destroy_dev(d);
}

/* destroy_dev waits for a thread inside a d_* method. */
void
t_conf_drain_setup(void)
{

	t_dev = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600,
	    "tdev0");
}

void
t_conf_drain_thread(int i)
{
	struct cdevsw *csw;
	int ref;

	if (i == 0) {
		csw = dev_refthread(t_dev, &ref);
		KASSERT(csw != NULL, ("refthread before destroy"));
		t_inside = 1;
		pause("tin", 5);
		t_left = 1;
		dev_relthread(t_dev, ref);
	} else {
		while (!t_inside)
			pause("twait", 1);
		destroy_dev(t_dev);
		KASSERT(t_left, ("destroy_dev returned with a thread inside"));
	}
}

void	t_conf_dev_exists_walks_paths(void);
void	t_conf_relthread_setup(void);
void	t_conf_relthread_thread(int i);
void	t_conf_relthread_check(void);

static int t_rel_seen __kdata;

/* devfs_dev_exists: the same name or a path above or below a cdev's. */
void
t_conf_dev_exists_walks_paths(void)
{
	struct cdev *d;

	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "tdev0");
	dev_lock();
	KASSERT(devfs_dev_exists("tdev0") == 1, ("same name"));
	KASSERT(devfs_dev_exists("tdev0/sub") == 1, ("name below a cdev"));
	KASSERT(devfs_dev_exists("tdev") == 0, ("a prefix is not a path"));
	KASSERT(devfs_dev_exists("tdev00") == 0, ("a longer name"));
	dev_unlock();
	destroy_dev(d);
}

/* A cdev with one thread inside a method. */
void
t_conf_relthread_setup(void)
{
	int ref;

	t_dev = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600,
	    "tdev0");
	if (dev_refthread(t_dev, &ref) == NULL || ref != 1)
		panic("dev_refthread failed");
}

/*
 * Thread 0 holds devmtx across a few points; thread 1 leaves the method.
 * dev_relthread takes no devmtx (an atomic in FreeBSD), so it can finish
 * while thread 0 holds the lock.
 */
void
t_conf_relthread_thread(int i)
{
	int k;

	if (i == 1) {
		dev_relthread(t_dev, 1);
		return;
	}
	dev_lock();
	for (k = 0; k < 4; k++)
		sim_point("hold devmtx", &t_rel_seen, SIM_ACC_NONE, __FILE__,
		    __LINE__);
	if (t_dev->si_threadcount == 0)
		t_rel_seen = 1;
	dev_unlock();
}

/* Tell the test whether a release happened under another's devmtx. */
void
t_conf_relthread_check(void)
{

	if (t_rel_seen)
		printf("dev_relthread ran while devmtx was held");
	destroy_dev(t_dev);
}
