/*
 * t_devfs.c - kernel side of tests/check_devfs.c (devfs lookup, cloning,
 * access, the last-close rule, ENXIO after destroy_dev).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/eventhandler.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/vnode.h>

#include <fs/devfs/devfs.h>

#include "t_tdev.h"

static struct cdev *t_clone_dev __kdata;

void
t_devfs_open_of_missing_name_is_enoent(void)
{
	int fd, pid;

	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/nothing", 0, &fd) == ENOENT, ("open"));
	KASSERT(fd == -1, ("fd set on failure"));
	sim_sys_exitproc(pid);
}

void
t_devfs_d_close_runs_only_on_last_close(void)
{
	struct cdev *d;
	int fd1, fd2, pid;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tdev0");
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd1) == 0, ("open 1"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd2) == 0, ("open 2"));
	KASSERT(t_tdev_opens == 2, ("d_open per open"));
	KASSERT(sim_sys_close(fd1) == 0, ("close 1"));
	KASSERT(t_tdev_closes == 0, ("d_close on a non-last close"));
	KASSERT(sim_sys_close(fd2) == 0, ("close 2"));
	KASSERT(t_tdev_closes == 1, ("no d_close on the last close"));
	KASSERT(t_tdev_close_flags & FLASTCLOSE, ("no FLASTCLOSE"));
	destroy_dev(d);
	sim_sys_exitproc(pid);
}

static void
t_clone(void *arg, struct ucred *cred, char *name, int namelen,
    struct cdev **dev)
{

	if (*dev != NULL)
		return;
	if (strcmp(name, "tdev") != 0)
		return;
	*dev = make_dev_credf(MAKEDEV_REF, &t_tdev_cdevsw, 7, cred,
	    UID_ROOT, GID_WHEEL, 0666, "tdev%d", 7);
	t_clone_dev = *dev;
}

void
t_devfs_lookup_miss_fires_dev_clone(void)
{
	eventhandler_tag tag;
	int fd, pid;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	tag = EVENTHANDLER_REGISTER(dev_clone, t_clone, NULL, 1000);
	KASSERT(sim_sys_open("/dev/tdev", 0, &fd) == 0, ("cloning open"));
	KASSERT(t_tdev_opens == 1 && t_tdev_open_unit == 7,
	    ("opened unit %d", t_tdev_open_unit));
	KASSERT(t_clone_dev->si_refcount == 2,
	    ("refs %d: node + file", t_clone_dev->si_refcount));
	KASSERT(sim_sys_close(fd) == 0, ("close"));
	EVENTHANDLER_DEREGISTER(dev_clone, tag);
	destroy_dev(t_clone_dev);
	sim_sys_exitproc(pid);
}

static struct cdev *t_existing_dev __kdata;

/* Returns an existing cdev without a reference (edca4938 tunclone's way). */
static void
t_clone_unreferenced(void *arg, struct ucred *cred, char *name, int namelen,
    struct cdev **dev)
{

	if (*dev != NULL)
		return;
	if (strcmp(name, "tdevx") != 0)
		return;
	*dev = t_existing_dev;
}

/*
 * devfs_lookupx dev_rel()s the cdev a dev_clone handler returns; one
 * returned without a reference loses the devfs node's reference, so the
 * cdev is freed by destroy_dev while devfs still lists it.
 */
void
t_devfs_unreferenced_clone_result_is_use_after_free_at_destroy(void)
{
	eventhandler_tag tag;
	int fd, pid;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	t_existing_dev = make_dev(&t_tdev_cdevsw, 3, UID_ROOT, GID_WHEEL,
	    0666, "tdev3");
	tag = EVENTHANDLER_REGISTER(dev_clone, t_clone_unreferenced, NULL,
	    1000);
	KASSERT(sim_sys_open("/dev/tdevx", 0, &fd) == 0, ("cloning open"));
	KASSERT(sim_sys_close(fd) == 0, ("close"));
	EVENTHANDLER_DEREGISTER(dev_clone, tag);
	sim_sys_exitproc(pid);
	destroy_dev(t_existing_dev);
}

/*
 * The use count d_close's last-close test reads (count_dev) starts with
 * the lookup's vnode reference, before d_open: namei in vn_open.
 */
void
t_devfs_lookup_counts_a_use_before_d_open(void)
{
	struct cdev *d;
	struct vnode *vp;
	int pid;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tdev0");
	KASSERT(devfs_lookup(curthread, "tdev0", &vp) == 0 &&
	    vp->v_rdev == d, ("lookup"));
	KASSERT(count_dev(d) == 1, ("use count %d after lookup",
	    count_dev(d)));
	KASSERT(t_tdev_opens == 0, ("d_open ran"));
	vput(vp);
	KASSERT(count_dev(d) == 0, ("use count %d after release",
	    count_dev(d)));
	sim_sys_exitproc(pid);
	destroy_dev(d);
}

void
t_devfs_non_owner_open_is_eacces(void)
{
	struct cdev *d;
	int fd, pid;

	t_tdev_init();
	d = make_dev(&t_tdev_cdevsw, 0, UID_UUCP, GID_DIALER, 0600, "tdev0");
	pid = t_tdev_newproc(1001);
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == EACCES, ("user open"));
	KASSERT(t_tdev_opens == 0, ("d_open ran"));
	sim_sys_exitproc(pid);
	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("root open"));
	sim_sys_exitproc(pid);
	destroy_dev(d);
}

void
t_devfs_operations_after_destroy_dev_are_enxio(void)
{
	struct sim_ioarg arg;
	struct cdev *d;
	char buf[8];
	size_t done;
	int fd, pid, revents;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tdev0");
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
	destroy_dev(d);
	KASSERT(sim_sys_read(fd, buf, sizeof(buf), 0, &done) == ENXIO,
	    ("read"));
	memset(&arg, 0, sizeof(arg));
	KASSERT(sim_sys_ioctl(fd, sim_ioctl_lookup("FIONREAD"), &arg) ==
	    ENXIO, ("ioctl"));
	KASSERT(sim_sys_poll(fd, SIM_POLLIN, 0, &revents) == 0 &&
	    revents == SIM_POLLIN, ("poll of a dead device"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == ENOENT, ("reopen"));
	KASSERT(sim_sys_close(fd) == EBADF, ("close of -1"));
	/*
	 * The failed reopen's lookup populated /dev: the destroyed node's
	 * vnode was vgone()d, so closing its file is deadfs's no-op.
	 */
	KASSERT(sim_sys_close(3) == 0, ("close of a reclaimed vnode"));
	KASSERT(t_tdev_closes == 0, ("d_close after destroy_dev"));
	sim_sys_exitproc(pid);
}

void
t_devfs_nonblocking_read_passes_o_nonblock(void)
{
	struct cdev *d;
	char buf[8];
	size_t done;
	int fd, pid;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tdev0");
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
	KASSERT(sim_sys_read(fd, buf, sizeof(buf), SIM_O_NONBLOCK, &done) ==
	    EWOULDBLOCK, ("nonblocking read"));
	KASSERT(t_tdev_read_ioflag & O_NONBLOCK, ("no O_NONBLOCK"));
	KASSERT(sim_sys_read(fd, buf, sizeof(buf), 0, &done) == 0 &&
	    done == 5 && memcmp(buf, "hello", 5) == 0, ("blocking read"));
	KASSERT((t_tdev_read_ioflag & O_NONBLOCK) == 0, ("O_NONBLOCK"));
	KASSERT(sim_sys_close(fd) == 0, ("close"));
	KASSERT(sim_sys_open("/dev/tdev0", SIM_O_NONBLOCK, &fd) == 0,
	    ("open nonblock"));
	KASSERT(sim_sys_read(fd, buf, sizeof(buf), 0, &done) == EWOULDBLOCK,
	    ("read on a nonblocking file"));
	sim_sys_exitproc(pid);
	destroy_dev(d);
}
