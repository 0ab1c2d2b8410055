/*
 * t_vnode.c - kernel side of tests/check_vnode.c: the devfs vnode layer
 * (one vnode per cdev, use counts, the devfs_close_f order, vgone of a
 * destroyed node, fstat, FIONBIO through the file).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/stat.h>
#include <sys/vnode.h>

#include <fs/devfs/devfs.h>

#include "t_tdev.h"

/*
 * "ordev": a tiny cdevsw whose d_open attaches a cdevpriv with a
 * destructor (as tundtor's revisions do) and which records, at d_close
 * and in the destructor, the order they ran in and what count_dev() saw.
 */
static struct cdev *t_or_dev __kdata;
static int t_or_seq __kdata;
static int t_or_close_at __kdata;	/* sequence number of d_close */
static int t_or_dtor_at __kdata;	/* sequence number of the dtor */
static int t_or_close_count __kdata;	/* count_dev() in d_close */
static int t_or_dtor_count __kdata;	/* count_dev() in the dtor */
static int t_or_priv __kdata;

static void
t_or_dtor(void *data)
{

	t_or_dtor_at = ++t_or_seq;
	t_or_dtor_count = count_dev(t_or_dev);
}

static int
t_or_open(struct cdev *dev, int oflags, int devtype, struct thread *td)
{

	return (devfs_set_cdevpriv(&t_or_priv, t_or_dtor));
}

static int
t_or_close(struct cdev *dev, int fflag, int devtype, struct thread *td)
{

	t_or_close_at = ++t_or_seq;
	t_or_close_count = count_dev(dev);
	return (0);
}

static struct cdevsw t_or_cdevsw __kdata = {
	.d_version = D_VERSION,
	.d_name = "ordev",
	.d_open = t_or_open,
	.d_close = t_or_close,
};

/*
 * devfs_close_f: vn_close (VOP_CLOSE -> d_close on the last close, then
 * vput drops the use count) first, devfs_fpdrop (the destructor) after.
 */
void
t_vnode_close_f_runs_d_close_then_drops_use_then_dtor(void)
{
	int fd, pid;

	pid = t_tdev_newproc(0);
	t_or_dev = make_dev(&t_or_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666,
	    "ordev0");
	KASSERT(sim_sys_open("/dev/ordev0", 0, &fd) == 0, ("open"));
	KASSERT(count_dev(t_or_dev) == 1, ("use count %d after open",
	    count_dev(t_or_dev)));
	KASSERT(sim_sys_close(fd) == 0, ("close"));
	KASSERT(t_or_close_at == 1 && t_or_dtor_at == 2,
	    ("d_close at %d, destructor at %d", t_or_close_at,
	    t_or_dtor_at));
	KASSERT(t_or_close_count == 1,
	    ("d_close saw use count %d, not the closing file's 1",
	    t_or_close_count));
	KASSERT(t_or_dtor_count == 0,
	    ("destructor saw use count %d: it ran before vput",
	    t_or_dtor_count));
	destroy_dev(t_or_dev);
	sim_sys_exitproc(pid);
}

/* The file of descriptor fd of the current process. */
static struct file *
t_fp(int fd)
{

	return (curthread->td_proc->p_fd->fd_ofiles[fd]);
}

/*
 * Two opens of one node share its one vnode; v_usecount is si_usecount;
 * the vnode, not the files, holds the cdev reference; closing the files
 * leaves the unused vnode cached on the node.
 */
void
t_vnode_one_vnode_per_cdev_counts_uses(void)
{
	struct vnode *vp;
	struct cdev *d;
	int fd1, fd2, pid;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tdev0");
	KASSERT(d->si_vnode == NULL, ("vnode before any lookup"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd1) == 0, ("open 1"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd2) == 0, ("open 2"));
	vp = t_fp(fd1)->f_vnode;
	KASSERT(vp != NULL && vp == t_fp(fd2)->f_vnode && vp == d->si_vnode,
	    ("files do not share the node's vnode"));
	KASSERT(vp->v_type == VCHR && vp->v_rdev == d, ("vnode's device"));
	KASSERT(vp->v_usecount == 2 && d->si_usecount == 2,
	    ("v_usecount %d si_usecount %lu", vp->v_usecount, d->si_usecount));
	KASSERT(d->si_refcount == 2,
	    ("si_refcount %d, not node + vnode", d->si_refcount));
	KASSERT(!sx_xlocked(&vp->v_lock), ("vnode left locked by open"));
	KASSERT(sim_sys_close(fd1) == 0 && sim_sys_close(fd2) == 0,
	    ("close"));
	KASSERT(d->si_vnode == vp && vp->v_usecount == 0 &&
	    d->si_usecount == 0, ("unused vnode not cached"));
	destroy_dev(d);
	sim_sys_exitproc(pid);
}

/*
 * A node destroyed while open: populate's vgone closes the vnode by
 * force (d_close is not called, dev_refthread refuses), reclaims it
 * (v_rdev NULL, its use out of si_usecount, its cdev reference dropped);
 * the file's operations are ENXIO, fstat EBADF, close deadfs's 0; the
 * vnode is freed with the file's last use.
 */
void
t_vnode_vgone_of_destroyed_node_reclaims_open_vnode(void)
{
	struct sim_ioarg arg;
	struct stat sb;
	struct vnode *vp;
	struct cdev *d;
	char buf[8];
	size_t done;
	int fd, pid;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0640, "tdev0");
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
	vp = t_fp(fd)->f_vnode;
	KASSERT(kern_fstat(curthread, fd, &sb) == 0 &&
	    (sb.st_mode & S_IFMT) == S_IFCHR && (sb.st_mode & 07777) == 0640 &&
	    sb.st_uid == UID_ROOT && sb.st_gid == GID_WHEEL,
	    ("fstat mode %o", sb.st_mode));
	dev_ref(d);		/* keep d readable after destroy */
	destroy_dev(d);
	KASSERT((vp->v_iflag & VI_DOOMED) == 0, ("destroy_dev populated"));
	devfs_populate_unlocked();	/* the next lookup's vgone() */
	KASSERT((vp->v_iflag & VI_DOOMED) != 0 && vp->v_rdev == NULL,
	    ("vnode not reclaimed"));
	KASSERT(d->si_vnode == NULL && d->si_usecount == 0,
	    ("si_vnode or si_usecount %lu left", d->si_usecount));
	KASSERT(d->si_refcount == 1, ("si_refcount %d, not just ours",
	    d->si_refcount));
	KASSERT(vp->v_usecount == 1, ("file's use gone"));
	KASSERT(t_tdev_closes == 0, ("d_close on a destroyed cdev"));
	KASSERT(sim_sys_read(fd, buf, sizeof(buf), 0, &done) == ENXIO,
	    ("read"));
	memset(&arg, 0, sizeof(arg));
	KASSERT(sim_sys_ioctl(fd, sim_ioctl_lookup("FIONREAD"), &arg) ==
	    ENXIO, ("ioctl"));
	KASSERT(kern_fstat(curthread, fd, &sb) == EBADF, ("fstat"));
	KASSERT(sim_sys_close(fd) == 0, ("close of a reclaimed vnode"));
	dev_rel(d);
	sim_sys_exitproc(pid);
}

/* FIONBIO through the file: f_flag's FNONBLOCK reaches d_read. */
void
t_vnode_fionbio_sets_the_files_nonblock(void)
{
	struct sim_ioarg arg;
	struct cdev *d;
	char buf[8];
	size_t done;
	int fd, fd2, pid;

	t_tdev_init();
	pid = t_tdev_newproc(0);
	d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tdev0");
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd2) == 0, ("open 2"));
	memset(&arg, 0, sizeof(arg));
	KASSERT(sim_sys_ioctl(fd, sim_ioctl_lookup("FIONBIO"), &arg) == 0,
	    ("FIONBIO"));
	KASSERT((t_fp(fd)->f_flag & FNONBLOCK) != 0, ("no FNONBLOCK"));
	KASSERT(sim_sys_read(fd, buf, sizeof(buf), 0, &done) == EWOULDBLOCK,
	    ("read after FIONBIO"));
	/* The flag is the file's, not the vnode's or the device's. */
	KASSERT(sim_sys_read(fd2, buf, sizeof(buf), 0, &done) == 0 &&
	    done == 5, ("other file's read"));
	arg.ival = 0;
	arg.set = SIM_IOA_IVAL;
	KASSERT(sim_sys_ioctl(fd, sim_ioctl_lookup("FIONBIO"), &arg) == 0,
	    ("FIONBIO 0"));
	KASSERT(sim_sys_read(fd, buf, sizeof(buf), 0, &done) == 0 &&
	    done == 5, ("read after FIONBIO 0"));
	sim_sys_exitproc(pid);
	destroy_dev(d);
}
