/* Stands for sys/kern/kern_conf.c at FreeBSD edca4938 (2019).
 * kern_conf.c - character devices (FreeBSD sys/kern/kern_conf.c).
 *
 * Models: struct cdev allocation and naming (make_dev*, make_dev_s,
 * aliases), references (dev_ref/dev_rel), thread counts around driver
 * methods (dev_refthread/dev_relthread), destroy_dev() with its drain of
 * threads inside d_* methods and its cdevpriv destructors, the driver
 * clone lists (clone_setup/clone_create/clone_cleanup), dev_stdclone and
 * drain_dev_clone_events().
 *
 * Deliberately not modelled: D_NEEDGIANT (panics), destroy_dev_sched*
 * (panics), devctl notifications (a trace note), the si_dev hash of old
 * kernels.  The reference a devfs node holds on its cdev (devfs_create)
 * is dropped, as in FreeBSD, by the next devfs_populate() after
 * destroy_devl() hid the node, not inside destroy_devl(); that populate
 * is lazy (the next devfs lookup anyone makes), so destroy_dev() and
 * clone_cleanup() leave the node listed.
 *
 * A cdev handed to destroy_dev, dev_ref, dev_rel, dev_refthread or
 * make_dev_alias after it was freed is reported as a use-after-free.
 *
 * Locking: devmtx (dev_lock) protects every counter, flag and list of a
 * cdev and d_devs (dev_relthread's decrement is an atomic, as FreeBSD's);
 * cdevs are freed only after devmtx is dropped (dev_unlock_and_free).
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
#include <sys/conf.h>
#include <sys/file.h>
#include <sys/poll.h>
#include <sys/vnode.h>

#include <fs/devfs/devfs.h>

MALLOC_DEFINE(M_DEVT, "cdev", "cdev storage");

struct mtx devmtx __kdata;
MTX_SYSINIT(devmtx, &devmtx, "cdev", MTX_DEF);

static void destroy_devl(struct cdev *dev);

/* cdevs waiting to be freed once devmtx is dropped. */
static LIST_HEAD(, cdev) cdevp_free_list __kdata;

/* Destroyed cdevs that are still referenced (FreeBSD: dead_cdevsw). */
static LIST_HEAD(, cdev) dead_devs __kdata;

/* Take the cdev mutex. */
void
dev_lock(void)
{

	mtx_lock(&devmtx);
}

/* Drop the cdev mutex, then free the cdevs queued while it was held. */
static void
dev_unlock_and_free(void)
{
	LIST_HEAD(, cdev) cdp_free;
	struct cdev *dev;

	mtx_assert(&devmtx, MA_OWNED);
	LIST_INIT(&cdp_free);
	while ((dev = LIST_FIRST(&cdevp_free_list)) != NULL) {
		LIST_REMOVE(dev, si_list);
		LIST_INSERT_HEAD(&cdp_free, dev, si_list);
	}
	mtx_unlock(&devmtx);

	while ((dev = LIST_FIRST(&cdp_free)) != NULL) {
		LIST_REMOVE(dev, si_list);
		devfs_free(dev);
	}
}

/* Queue a cdev for freeing after devmtx is dropped. */
static void
dev_free_devlocked(struct cdev *cdev)
{

	mtx_assert(&devmtx, MA_OWNED);
	LIST_INSERT_HEAD(&cdevp_free_list, cdev, si_list);
}

/* Drop the cdev mutex. */
void
dev_unlock(void)
{

	mtx_unlock(&devmtx);
}

/* Add a reference to a cdev; devmtx must not be held. */
void
dev_ref(struct cdev *dev)
{

	sim_obj_check(dev, "dev_ref", __FILE__, __LINE__);
	mtx_assert(&devmtx, MA_NOTOWNED);
	mtx_lock(&devmtx);
	dev->si_refcount++;
	mtx_unlock(&devmtx);
}

/* Add a reference to a cdev with devmtx held. */
void
dev_refl(struct cdev *dev)
{

	mtx_assert(&devmtx, MA_OWNED);
	dev->si_refcount++;
}

/*
 * Drop a reference.  A destroyed cdev (si_devsw NULL) is freed with its
 * last reference.
 */
void
dev_rel(struct cdev *dev)
{
	int flag = 0;

	sim_obj_check(dev, "dev_rel", __FILE__, __LINE__);
	mtx_assert(&devmtx, MA_NOTOWNED);
	dev_lock();
	dev->si_refcount--;
	KASSERT(dev->si_refcount >= 0,
	    ("dev_rel(%s) gave negative count", devtoname(dev)));
	if (dev->si_devsw == NULL && dev->si_refcount == 0) {
		LIST_REMOVE(dev, si_list);
		flag = 1;
	}
	dev_unlock();
	if (flag)
		devfs_free(dev);
}

/*
 * Enter a driver method: returns the cdevsw and counts the thread in
 * si_threadcount, or NULL once destroy_dev() has started (callers then
 * fail with ENXIO).
 */
struct cdevsw *
dev_refthread(struct cdev *dev, int *ref)
{
	struct cdevsw *csw;

	sim_obj_check(dev, "dev_refthread", __FILE__, __LINE__);
	mtx_assert(&devmtx, MA_NOTOWNED);
	if ((dev->si_flags & SI_ETERNAL) != 0) {
		*ref = 0;
		return (dev->si_devsw);
	}
	dev_lock();
	csw = dev->si_devsw;
	if (csw != NULL) {
		if (dev->si_sched_dtr == 0)
			dev->si_threadcount++;
		else
			csw = NULL;
	}
	dev_unlock();
	*ref = 1;
	return (csw);
}

/*
 * The cdevsw of the device vp names, counted like dev_refthread(); NULL
 * with *devp NULL once the vnode is reclaimed or the cdev destroyed.
 * (FreeBSD reads v_rdev under the vnode interlock; devmtx here.)
 */
struct cdevsw *
devvn_refthread(struct vnode *vp, struct cdev **devp, int *ref)
{
	struct cdevsw *csw;
	struct cdev *dev;

	*devp = NULL;
	*ref = 0;
	sim_obj_check(vp, "devvn_refthread", __FILE__, __LINE__);
	csw = NULL;
	dev_lock();
	dev = vp->v_rdev;
	if (dev == NULL) {
		dev_unlock();
		return (NULL);
	}
	sim_obj_check(dev, "devvn_refthread", __FILE__, __LINE__);
	if ((dev->si_flags & SI_ETERNAL) != 0) {
		csw = dev->si_devsw;
		dev_unlock();
		*devp = dev;
		return (csw);
	}
	if (dev->si_sched_dtr == 0) {
		csw = dev->si_devsw;
		if (csw != NULL)
			dev->si_threadcount++;
	}
	dev_unlock();
	if (csw != NULL) {
		*devp = dev;
		*ref = 1;
	}
	return (csw);
}

/* Leave a driver method entered with dev_refthread(). */
void
dev_relthread(struct cdev *dev, int ref)
{

	mtx_assert(&devmtx, MA_NOTOWNED);
	if (!ref)
		return;
	/* No devmtx: atomic_subtract_rel_long in FreeBSD (one point). */
	sim_access(dev, "si_threadcount", SIM_ACC_WRITE, __FILE__, __LINE__);
	KASSERT(dev->si_threadcount > 0,
	    ("%s threadcount is wrong", dev->si_name));
	dev->si_threadcount--;
}

/* Uses of a device: the sum of its vnodes' use counts (si_usecount). */
int
count_dev(struct cdev *dev)
{
	int count;

	dev_lock();
	count = dev->si_usecount;
	dev_unlock();
	return (count);
}

static int
null_open(struct cdev *dev, int oflags, int devtype, struct thread *td)
{

	return (0);
}

static int
null_close(struct cdev *dev, int fflag, int devtype, struct thread *td)
{

	return (0);
}

static int
no_read(struct cdev *dev, struct uio *uio, int ioflag)
{

	return (ENODEV);
}

static int
no_write(struct cdev *dev, struct uio *uio, int ioflag)
{

	return (ENODEV);
}

static int
no_ioctl(struct cdev *dev, u_long cmd, caddr_t data, int fflag,
    struct thread *td)
{

	return (ENODEV);
}

static int
no_kqfilter(struct cdev *dev, struct knote *kn)
{

	return (ENODEV);
}

static int
no_poll(struct cdev *dev, int events, struct thread *td)
{

	return (poll_no_poll(events));
}

/* Fill in the default methods of a cdevsw on first use. */
static int
prep_cdevsw(struct cdevsw *devsw, int flags)
{

	mtx_assert(&devmtx, MA_OWNED);
	if (devsw->d_flags & D_INIT)
		return (0);
	if (devsw->d_flags & D_NEEDGIANT)
		panic("%s: D_NEEDGIANT not modelled", __func__);
	if (devsw->d_version != D_VERSION_03)
		panic("%s: driver \"%s\" has wrong version", __func__,
		    devsw->d_name == NULL ? "???" : devsw->d_name);
	if (devsw->d_open == NULL)
		devsw->d_open = null_open;
	if (devsw->d_close == NULL)
		devsw->d_close = null_close;
	if (devsw->d_read == NULL)
		devsw->d_read = no_read;
	if (devsw->d_write == NULL)
		devsw->d_write = no_write;
	if (devsw->d_ioctl == NULL)
		devsw->d_ioctl = no_ioctl;
	if (devsw->d_poll == NULL)
		devsw->d_poll = no_poll;
	if (devsw->d_kqfilter == NULL)
		devsw->d_kqfilter = no_kqfilter;
	LIST_INIT(&devsw->d_devs);
	devsw->d_flags |= D_INIT;
	return (0);
}

/* Forget a cdevsw's defaults once its last cdev is gone. */
static void
fini_cdevsw(struct cdevsw *devsw)
{

	devsw->d_flags &= ~D_INIT;
}

/*
 * Attach a fresh cdev to a cdevsw, or, for D_NEEDMINOR drivers, return the
 * existing cdev of that unit (made by clone_create()) and free the new one.
 */
static struct cdev *
newdev(struct make_dev_args *args, struct cdev *si)
{
	struct cdev *si2;
	struct cdevsw *csw;

	mtx_assert(&devmtx, MA_OWNED);
	csw = args->mda_devsw;
	si2 = NULL;
	if (csw->d_flags & D_NEEDMINOR) {
		/* We may want to return an existing device */
		LIST_FOREACH(si2, &csw->d_devs, si_list) {
			if (dev2unit(si2) == args->mda_unit) {
				dev_free_devlocked(si);
				si = si2;
				break;
			}
		}
	}
	si->si_drv0 = args->mda_unit;
	si->si_drv1 = args->mda_si_drv1;
	si->si_drv2 = args->mda_si_drv2;
	/* Only push to csw->d_devs if it's not a cloned device. */
	if (si2 == NULL) {
		si->si_devsw = csw;
		LIST_INSERT_HEAD(&csw->d_devs, si, si_list);
	} else {
		KASSERT(si->si_devsw == csw,
		    ("%s: inconsistent devsw between clone_create() and "
		    "make_dev()", __func__));
	}
	return (si);
}

/*
 * Format and check a device name: no empty name, no "." or "..", no
 * trailing slash, and EEXIST if devfs already has it.
 */
static int
prep_devname(struct cdev *dev, const char *fmt, va_list ap)
{
	int len;
	char *from, *q, *s, *to;

	mtx_assert(&devmtx, MA_OWNED);

	len = vsnprintf(dev->__si_namebuf, sizeof(dev->__si_namebuf), fmt,
	    ap);
	if (len > (int)sizeof(dev->__si_namebuf) - 1)
		return (ENAMETOOLONG);

	/* Strip leading slashes. */
	for (from = dev->__si_namebuf; *from == '/'; from++)
		;

	for (to = dev->__si_namebuf; *from != '\0'; from++, to++) {
		/* Treat multiple sequential slashes as single. */
		while (from[0] == '/' && from[1] == '/')
			from++;
		/* Trailing slash is considered invalid. */
		if (from[0] == '/' && from[1] == '\0')
			return (EINVAL);
		*to = *from;
	}
	*to = '\0';

	if (dev->__si_namebuf[0] == '\0')
		return (EINVAL);

	/* Disallow "." and ".." components. */
	for (s = dev->__si_namebuf;;) {
		for (q = s; *q != '/' && *q != '\0'; q++)
			;
		if (q - s == 1 && s[0] == '.')
			return (EINVAL);
		if (q - s == 2 && s[0] == '.' && s[1] == '.')
			return (EINVAL);
		if (*q != '/')
			break;
		s = q + 1;
	}

	if (devfs_dev_exists(dev->__si_namebuf) != 0)
		return (EEXIST);

	return (0);
}

/* Initialize make_dev_s() arguments. */
void
make_dev_args_init_impl(struct make_dev_args *args, size_t sz)
{

	bzero(args, sz);
	args->mda_size = sz;
}

/*
 * The common body of every make_dev*(): allocate, attach, name, and make
 * the node visible in devfs.  A name collision is EEXIST with
 * MAKEDEV_CHECKNAME and a panic without.
 */
static int
make_dev_sv(struct make_dev_args *args1, struct cdev **dres,
    const char *fmt, va_list ap)
{
	struct cdev *dev, *dev_new;
	struct make_dev_args args;
	int res;

	bzero(&args, sizeof(args));
	if (sizeof(args) < args1->mda_size)
		return (EINVAL);
	bcopy(args1, &args, args1->mda_size);
	KASSERT((args.mda_flags & MAKEDEV_WAITOK) == 0 ||
	    (args.mda_flags & MAKEDEV_NOWAIT) == 0,
	    ("make_dev_sv: both WAITOK and NOWAIT specified"));
	dev_new = devfs_alloc(args.mda_flags);
	if (dev_new == NULL)
		return (ENOMEM);
	dev_lock();
	res = prep_cdevsw(args.mda_devsw, args.mda_flags);
	if (res != 0) {
		dev_unlock();
		devfs_free(dev_new);
		return (res);
	}
	dev = newdev(&args, dev_new);
	if ((dev->si_flags & SI_NAMED) == 0) {
		res = prep_devname(dev, fmt, ap);
		if (res != 0) {
			if ((args.mda_flags & MAKEDEV_CHECKNAME) == 0) {
				panic(
			    "make_dev_sv: bad si_name (error=%d, si_name=%s)",
				    res, dev->si_name);
			}
			if (dev == dev_new) {
				LIST_REMOVE(dev, si_list);
				dev_unlock();
				devfs_free(dev);
			} else
				dev_unlock();
			return (res);
		}
	}
	if ((args.mda_flags & MAKEDEV_REF) != 0)
		dev_refl(dev);
	if ((args.mda_flags & MAKEDEV_ETERNAL) != 0)
		dev->si_flags |= SI_ETERNAL;
	KASSERT(!(dev->si_flags & SI_NAMED),
	    ("make_dev() by driver %s on pre-existing device (min=%x, name=%s)",
	    args.mda_devsw->d_name, dev2unit(dev), devtoname(dev)));
	dev->si_flags |= SI_NAMED;
	if (args.mda_cr != NULL)
		dev->si_cred = crhold(args.mda_cr);
	dev->si_uid = args.mda_uid;
	dev->si_gid = args.mda_gid;
	dev->si_mode = args.mda_mode;

	devfs_create(dev);
	dev_unlock_and_free();

	sim_trace(__FILE__, __LINE__, "devctl: DEVFS CDEV CREATE cdev=%s",
	    dev->si_name);

	*dres = dev;
	return (0);
}

/* make_dev_s(9): make a device from an argument block. */
int
make_dev_s(struct make_dev_args *args, struct cdev **dres,
    const char *fmt, ...)
{
	va_list ap;
	int res;

	va_start(ap, fmt);
	res = make_dev_sv(args, dres, fmt, ap);
	va_end(ap);
	return (res);
}

/* make_dev_credv(): the older entry points in terms of make_dev_sv(). */
static int
make_dev_credv(int flags, struct cdev **dres, struct cdevsw *devsw, int unit,
    struct ucred *cr, uid_t uid, gid_t gid, int mode, const char *fmt,
    va_list ap)
{
	struct make_dev_args args;

	make_dev_args_init(&args);
	args.mda_flags = flags;
	args.mda_devsw = devsw;
	args.mda_cr = cr;
	args.mda_uid = uid;
	args.mda_gid = gid;
	args.mda_mode = mode;
	args.mda_unit = unit;
	return (make_dev_sv(&args, dres, fmt, ap));
}

/* make_dev(9): cannot fail (a bad name panics). */
struct cdev *
make_dev(struct cdevsw *devsw, int unit, uid_t uid, gid_t gid, int mode,
    const char *fmt, ...)
{
	struct cdev *dev;
	va_list ap;
	int res;

	va_start(ap, fmt);
	res = make_dev_credv(0, &dev, devsw, unit, NULL, uid, gid, mode, fmt,
	    ap);
	va_end(ap);
	KASSERT(res == 0 && dev != NULL,
	    ("make_dev: failed make_dev_credv (error=%d)", res));
	return (dev);
}

/* make_dev_cred(9): make_dev with a credential kept in si_cred. */
struct cdev *
make_dev_cred(struct cdevsw *devsw, int unit, struct ucred *cr, uid_t uid,
    gid_t gid, int mode, const char *fmt, ...)
{
	struct cdev *dev;
	va_list ap;
	int res;

	va_start(ap, fmt);
	res = make_dev_credv(0, &dev, devsw, unit, cr, uid, gid, mode, fmt, ap);
	va_end(ap);

	KASSERT(res == 0 && dev != NULL,
	    ("make_dev_cred: failed make_dev_credv (error=%d)", res));
	return (dev);
}

/* make_dev_credf(9): with MAKEDEV_* flags; NULL on a checked failure. */
struct cdev *
make_dev_credf(int flags, struct cdevsw *devsw, int unit, struct ucred *cr,
    uid_t uid, gid_t gid, int mode, const char *fmt, ...)
{
	struct cdev *dev;
	va_list ap;
	int res;

	va_start(ap, fmt);
	res = make_dev_credv(flags, &dev, devsw, unit, cr, uid, gid, mode,
	    fmt, ap);
	va_end(ap);

	KASSERT(((flags & MAKEDEV_NOWAIT) != 0 && res == ENOMEM) ||
	    ((flags & MAKEDEV_CHECKNAME) != 0 && res != ENOMEM) || res == 0,
	    ("make_dev_credf: failed make_dev_credv (error=%d)", res));
	return (res == 0 ? dev : NULL);
}

/* make_dev_p(9): make_dev_credf returning the error. */
int
make_dev_p(int flags, struct cdev **cdev, struct cdevsw *devsw,
    struct ucred *cr, uid_t uid, gid_t gid, int mode, const char *fmt, ...)
{
	va_list ap;
	int res;

	va_start(ap, fmt);
	res = make_dev_credv(flags, cdev, devsw, 0, cr, uid, gid, mode,
	    fmt, ap);
	va_end(ap);

	KASSERT(((flags & MAKEDEV_NOWAIT) != 0 && res == ENOMEM) ||
	    ((flags & MAKEDEV_CHECKNAME) != 0 && res != ENOMEM) || res == 0,
	    ("make_dev_p: failed make_dev_credv (error=%d)", res));
	return (res);
}

/* Make cdev a child of pdev (destroyed with it); devmtx held. */
static void
dev_dependsl(struct cdev *pdev, struct cdev *cdev)
{

	cdev->si_parent = pdev;
	cdev->si_flags |= SI_CHILD;
	LIST_INSERT_HEAD(&pdev->si_children, cdev, si_siblings);
}

/* Make cdev a child of pdev (destroyed with it). */
void
dev_depends(struct cdev *pdev, struct cdev *cdev)
{

	dev_lock();
	dev_dependsl(pdev, cdev);
	dev_unlock();
}

/*
 * Make an alias name for pdev: a devsw-less cdev, child of pdev.  On error
 * *cdev is left untouched.
 */
static int
make_dev_alias_v(int flags, struct cdev **cdev, struct cdev *pdev,
    const char *fmt, va_list ap)
{
	struct cdev *dev;
	int error;

	KASSERT(pdev != NULL, ("make_dev_alias_v: pdev is NULL"));
	sim_obj_check(pdev, "make_dev_alias", __FILE__, __LINE__);
	KASSERT((flags & MAKEDEV_WAITOK) == 0 || (flags & MAKEDEV_NOWAIT) == 0,
	    ("make_dev_alias_v: both WAITOK and NOWAIT specified"));
	KASSERT((flags & ~(MAKEDEV_WAITOK | MAKEDEV_NOWAIT |
	    MAKEDEV_CHECKNAME)) == 0,
	    ("make_dev_alias_v: invalid flags specified (flags=%02x)", flags));

	dev = devfs_alloc(flags);
	if (dev == NULL)
		return (ENOMEM);
	dev_lock();
	dev->si_flags |= SI_ALIAS;
	error = prep_devname(dev, fmt, ap);
	if (error != 0) {
		if ((flags & MAKEDEV_CHECKNAME) == 0) {
			panic("make_dev_alias_v: bad si_name "
			    "(error=%d, si_name=%s)", error, dev->si_name);
		}
		dev_unlock();
		devfs_free(dev);
		return (error);
	}
	dev->si_flags |= SI_NAMED;
	devfs_create(dev);
	dev_dependsl(pdev, dev);
	dev_unlock();

	sim_trace(__FILE__, __LINE__, "devctl: DEVFS CDEV CREATE cdev=%s",
	    dev->si_name);
	*cdev = dev;

	return (0);
}

/* make_dev_alias(9): cannot fail. */
struct cdev *
make_dev_alias(struct cdev *pdev, const char *fmt, ...)
{
	struct cdev *dev;
	va_list ap;
	int res;

	va_start(ap, fmt);
	res = make_dev_alias_v(MAKEDEV_WAITOK, &dev, pdev, fmt, ap);
	va_end(ap);

	KASSERT(res == 0 && dev != NULL,
	    ("make_dev_alias: failed make_dev_alias_v (error=%d)", res));
	return (dev);
}

/* make_dev_alias_p(9): returns the error, *cdev untouched on failure. */
int
make_dev_alias_p(int flags, struct cdev **cdev, struct cdev *pdev,
    const char *fmt, ...)
{
	va_list ap;
	int res;

	va_start(ap, fmt);
	res = make_dev_alias_v(flags, cdev, pdev, fmt, ap);
	va_end(ap);
	return (res);
}

/*
 * Destroy a named cdev with devmtx held: remove its node, its children and
 * its clone-list entry, cut si_devsw so no new thread enters the driver,
 * wait for the threads inside it ("devdrn"), run the cdevpriv destructors,
 * then free the cdev or park it while references remain.  May sleep.
 */
static void
destroy_devl(struct cdev *dev)
{
	struct cdevsw *csw;
	struct cdev_privdata *p;

	mtx_assert(&devmtx, MA_OWNED);
	KASSERT(dev->si_flags & SI_NAMED,
	    ("WARNING: Driver mistake: destroy_dev on %d\n", dev2unit(dev)));
	KASSERT((dev->si_flags & SI_ETERNAL) == 0,
	    ("WARNING: Driver mistake: destroy_dev on eternal %d\n",
	     dev2unit(dev)));

	devfs_destroy(dev);

	/* Remove name marking */
	dev->si_flags &= ~SI_NAMED;

	dev->si_refcount++;	/* Avoid race with dev_rel() */

	/* If we are a child, remove us from the parents list */
	if (dev->si_flags & SI_CHILD) {
		LIST_REMOVE(dev, si_siblings);
		dev->si_flags &= ~SI_CHILD;
	}

	/* Kill our children */
	while (!LIST_EMPTY(&dev->si_children))
		destroy_devl(LIST_FIRST(&dev->si_children));

	/* Remove from clone list */
	if (dev->si_flags & SI_CLONELIST) {
		LIST_REMOVE(dev, si_clone);
		dev->si_flags &= ~SI_CLONELIST;
	}

	csw = dev->si_devsw;
	dev->si_devsw = NULL;	/* already NULL for SI_ALIAS */
	while (csw != NULL && csw->d_purge != NULL && dev->si_threadcount) {
		csw->d_purge(dev);
		msleep(csw, &devmtx, PRIBIO, "devprg", hz / 10);
		if (dev->si_threadcount)
			printf("Still %lu threads in %s\n",
			    dev->si_threadcount, devtoname(dev));
	}
	while (dev->si_threadcount != 0) {
		/* Use unique dummy wait ident */
		msleep(&csw, &devmtx, PRIBIO, "devdrn", hz / 10);
	}

	dev_unlock();
	sim_trace(__FILE__, __LINE__, "devctl: DEVFS CDEV DESTROY cdev=%s",
	    dev->si_name);
	mtx_lock(&cdevpriv_mtx);
	while ((p = LIST_FIRST(&dev->si_fdpriv)) != NULL) {
		devfs_destroy_cdevpriv(p);
		mtx_lock(&cdevpriv_mtx);
	}
	mtx_unlock(&cdevpriv_mtx);
	dev_lock();

	dev->si_drv1 = 0;
	dev->si_drv2 = 0;

	if (!(dev->si_flags & SI_ALIAS)) {
		/* Remove from cdevsw list */
		LIST_REMOVE(dev, si_list);

		/* If cdevsw has no more struct cdev *'s, clean it */
		if (LIST_EMPTY(&csw->d_devs)) {
			fini_cdevsw(csw);
			wakeup(&csw->d_devs);
		}
	}
	dev->si_flags &= ~SI_ALIAS;
	dev->si_refcount--;	/* Avoid race with dev_rel() */

	if (dev->si_refcount > 0) {
		LIST_INSERT_HEAD(&dead_devs, dev, si_list);
	} else {
		dev_free_devlocked(dev);
	}
}

/* destroy_dev(9): destroy a named cdev; called without devmtx, sleeps. */
void
destroy_dev(struct cdev *dev)
{

	sim_obj_check(dev, "destroy_dev", __FILE__, __LINE__);
	WITNESS_WARN(WARN_GIANTOK | WARN_SLEEPOK, NULL, "destroy_dev");
	dev_lock();
	destroy_devl(dev);
	dev_unlock_and_free();
}

/* destroy_dev_drain(9): wait until a cdevsw has no cdevs left. */
void
destroy_dev_drain(struct cdevsw *csw)
{

	dev_lock();
	while (!LIST_EMPTY(&csw->d_devs)) {
		msleep(&csw->d_devs, &devmtx, PRIBIO, "devscd", hz / 10);
	}
	dev_unlock();
}

/* The name of a cdev. */
const char *
devtoname(struct cdev *dev)
{

	return (dev->si_name);
}

/* The unit number of a cdev. */
int
dev2unit(struct cdev *dev)
{

	return (dev->si_drv0);
}

static int
isdigit_c(int c)
{

	return (c >= '0' && c <= '9');
}

/*
 * Parse "<stem><unit>[rest]": 0 if name does not match, 1 for an exact
 * stem+unit, 2 when something follows the unit (*namep points at it).
 */
int
dev_stdclone(char *name, char **namep, const char *stem, int *unit)
{
	int u, i;

	i = strlen(stem);
	if (strncmp(stem, name, i) != 0)
		return (0);
	if (!isdigit_c(name[i]))
		return (0);
	u = 0;
	if (name[i] == '0' && isdigit_c(name[i + 1]))
		return (0);
	while (isdigit_c(name[i])) {
		u *= 10;
		u += name[i++] - '0';
	}
	if (u > 0xffffff)
		return (0);
	*unit = u;
	if (namep)
		*namep = &name[i];
	if (name[i])
		return (2);
	return (1);
}

/* A driver's list of cloned cdevs, sorted by unit. */
struct clonedevs {
	LIST_HEAD(, cdev)	head;
};

/* Allocate a clone list. */
void
clone_setup(struct clonedevs **cdp)
{

	*cdp = malloc(sizeof **cdp, M_DEVBUF, M_WAITOK | M_ZERO);
	LIST_INIT(&(*cdp)->head);
}

/*
 * Find the cdev of unit *up (returns 0, no reference taken), or make a new
 * unnamed one with that unit, or the lowest free unit when *up is -1
 * (returns 1 and writes the unit back).  The caller names it with make_dev.
 */
int
clone_create(struct clonedevs **cdp, struct cdevsw *csw, int *up,
    struct cdev **dp, int extra)
{
	struct clonedevs *cd;
	struct cdev *dev, *ndev, *dl, *de;
	struct make_dev_args args;
	int unit, low, u;

	KASSERT(*cdp != NULL,
	    ("clone_setup() not called in driver \"%s\"", csw->d_name));
	KASSERT(!(extra & CLONE_UNITMASK),
	    ("Illegal extra bits (0x%x) in clone_create", extra));
	KASSERT(*up <= CLONE_UNITMASK,
	    ("Too high unit (0x%x) in clone_create", *up));
	KASSERT(csw->d_flags & D_NEEDMINOR,
	    ("clone_create() on cdevsw without minor numbers"));

	/*
	 * Search the list for a lot of things in one go:
	 *   A preexisting match is returned immediately.
	 *   The lowest free unit number if we are passed -1, and the place
	 *	 in the list where we should insert that new element.
	 *   The place to insert a specified unit number, if applicable
	 *       the end of the list.
	 */
	unit = *up;
	ndev = devfs_alloc(MAKEDEV_WAITOK);
	dev_lock();
	prep_cdevsw(csw, MAKEDEV_WAITOK);
	low = extra;
	de = dl = NULL;
	cd = *cdp;
	LIST_FOREACH(dev, &cd->head, si_clone) {
		KASSERT(dev->si_flags & SI_CLONELIST,
		    ("Dev %s should be on clonelist", dev->si_name));
		u = dev2unit(dev);
		if (u == (unit | extra)) {
			*dp = dev;
			dev_unlock();
			devfs_free(ndev);
			return (0);
		}
		if (unit == -1 && u == low) {
			low++;
			de = dev;
			continue;
		} else if (u < (unit | extra)) {
			de = dev;
			continue;
		} else if (u > (unit | extra)) {
			dl = dev;
			break;
		}
	}
	if (unit == -1)
		unit = low & CLONE_UNITMASK;
	make_dev_args_init(&args);
	args.mda_unit = unit | extra;
	args.mda_devsw = csw;
	dev = newdev(&args, ndev);
	if (dev->si_flags & SI_CLONELIST) {
		printf("dev %s is on clonelist\n", dev->si_name);
		printf("unit=%d, low=%d, extra=0x%x\n", unit, low, extra);
		panic("foo");
	}
	KASSERT(!(dev->si_flags & SI_CLONELIST),
	    ("Dev %s should not be on clonelist", dev->si_name));
	if (dl != NULL)
		LIST_INSERT_BEFORE(dl, dev, si_clone);
	else if (de != NULL)
		LIST_INSERT_AFTER(de, dev, si_clone);
	else
		LIST_INSERT_HEAD(&cd->head, dev, si_clone);
	dev->si_flags |= SI_CLONELIST;
	*up = unit;
	dev_unlock_and_free();
	return (1);
}

/*
 * Destroy every cdev still on a clone list and free the list.  The driver
 * must already have disposed of the softcs hung off them.
 */
void
clone_cleanup(struct clonedevs **cdp)
{
	struct cdev *dev;
	struct clonedevs *cd;

	cd = *cdp;
	if (cd == NULL)
		return;
	dev_lock();
	while (!LIST_EMPTY(&cd->head)) {
		dev = LIST_FIRST(&cd->head);
		LIST_REMOVE(dev, si_clone);
		KASSERT(dev->si_flags & SI_CLONELIST,
		    ("Dev %s should be on clonelist", dev->si_name));
		dev->si_flags &= ~SI_CLONELIST;
		if (dev->si_sched_dtr == 0) {
			dev->si_sched_dtr = 1;
			KASSERT(dev->si_flags & SI_NAMED,
			    ("Driver has goofed in cloning underways unit %x",
			    dev2unit(dev)));
			destroy_devl(dev);
		}
	}
	dev_unlock_and_free();
	free(cd, M_DEVBUF);
	*cdp = NULL;
}

/*
 * Wait for the dev_clone handlers running now (devfs lookups hold
 * clone_drain_lock shared around EVENTHANDLER_INVOKE(dev_clone)).
 */
void
drain_dev_clone_events(void)
{

	sx_xlock(&clone_drain_lock);
	sx_xunlock(&clone_drain_lock);
}
