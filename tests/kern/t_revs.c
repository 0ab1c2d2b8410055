/*
 * t_revs.c - kernel side of tests/check_revs.c: the KPIs later revisions
 * of if_tuntap.c call (docs/revisions.md), each alone.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/priv.h>
#include <sys/conf.h>
#include <sys/file.h>
#include <sys/fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <net/if.h>
#include <net/if_var.h>
#include <net/if_types.h>
#include <net/if_vlan_var.h>
#include <net/route.h>
#include <dev/virtio/network/virtio_net.h>

#include "t_tdev.h"

void	t_revs_priv_check_cred_both_forms(void);
void	t_revs_priv_check_cred_flags_must_be_zero(void);
void	t_revs_if_addr_rlock_pairs(void);
void	t_revs_if_addr_rlock_nested_panics(void);
void	t_revs_cdevpriv_dtor_at_last_file_reference(void);
void	t_revs_cdevpriv_dtor_at_destroy_dev(void);
void	t_revs_cdevpriv_without_a_file(void);
void	t_revs_ro_get_family(void);
void	t_revs_virtio_rx_csum_panics(void);

/* A device whose d_open attaches per-file data (tundtor's pattern). */
static int t_priv_dtors __kdata;
static int t_priv_data __kdata;
static int t_priv_seen __kdata;
static int t_priv_second __kdata;

static void
t_priv_dtor(void *data)
{

	KASSERT(data == &t_priv_data, ("dtor got the wrong data"));
	t_priv_dtors++;
}

static int
t_priv_open(struct cdev *dev, int oflags, int devtype, struct thread *td)
{

	t_priv_second = devfs_set_cdevpriv(&t_priv_data, t_priv_dtor);
	if (t_priv_second == 0)
		t_priv_second = devfs_set_cdevpriv(&t_priv_data, t_priv_dtor);
	return (0);
}

static int
t_priv_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	void *p;
	int error;

	error = devfs_get_cdevpriv(&p);
	if (error == 0 && p == &t_priv_data)
		t_priv_seen++;
	return (error);
}

static struct cdevsw t_priv_cdevsw = {
	.d_version =	D_VERSION,
	.d_open =	t_priv_open,
	.d_read =	t_priv_read,
	.d_name =	"tpriv",
};

void
t_revs_priv_check_cred_both_forms(void)
{
	struct ucred *cr;
	int pid;

	pid = t_tdev_newproc(0);
	cr = curthread->td_ucred;
	KASSERT(priv_check_cred(cr, PRIV_NET_IFCREATE) == 0, ("root, 2"));
	KASSERT(priv_check_cred(cr, PRIV_NET_IFCREATE, 0) == 0, ("root, 3"));
	sim_sys_exitproc(pid);
	pid = t_tdev_newproc(1001);
	cr = curthread->td_ucred;
	KASSERT(priv_check_cred(cr, PRIV_NET_IFCREATE) == EPERM, ("user, 2"));
	KASSERT(priv_check_cred(cr, PRIV_NET_IFCREATE, 0) == EPERM,
	    ("user, 3"));
	sim_sys_exitproc(pid);
}

void
t_revs_priv_check_cred_flags_must_be_zero(void)
{
	int pid;

	pid = t_tdev_newproc(0);
	(void)priv_check_cred(curthread->td_ucred, PRIV_NET_IFCREATE, 1);
	sim_sys_exitproc(pid);
}

void
t_revs_if_addr_rlock_pairs(void)
{
	struct ifnet *a, *b;

	a = if_alloc(IFT_ETHER);
	b = if_alloc(IFT_ETHER);
	if_initname(a, "ta", 0);
	if_initname(b, "tb", 0);
	if_addr_rlock(a);
	if_addr_runlock(a);
	if_addr_rlock(b);		/* one after the other is fine */
	if_addr_runlock(b);
	if_free(b);
	if_free(a);
}

void
t_revs_if_addr_rlock_nested_panics(void)
{
	struct ifnet *a, *b;

	a = if_alloc(IFT_ETHER);
	b = if_alloc(IFT_ETHER);
	if_initname(a, "ta", 0);
	if_initname(b, "tb", 0);
	if_addr_rlock(a);
	if_addr_rlock(b);
}

/*
 * FreeBSD runs a file's cdevpriv destructor when the file itself goes
 * (its last reference: devfs_close_f from the last fdrop), not at
 * close(2) while a syscall still holds the file.
 */
void
t_revs_cdevpriv_dtor_at_last_file_reference(void)
{
	struct cdev *d;
	struct file *fp;
	char buf[4];
	size_t done;
	int fd, pid;

	d = make_dev(&t_priv_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tpriv0");
	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tpriv0", 0, &fd) == 0, ("open"));
	KASSERT(t_priv_second == EBUSY, ("second set gave %d", t_priv_second));
	(void)sim_sys_read(fd, buf, sizeof(buf), 0, &done);
	KASSERT(t_priv_seen == 1, ("devfs_get_cdevpriv in d_read"));
	KASSERT(fget(curthread, fd, &fp) == 0, ("fget"));
	KASSERT(sim_sys_close(fd) == 0, ("close"));
	KASSERT(t_priv_dtors == 0, ("dtor ran while the file is held"));
	(void)fdrop(fp, curthread);
	KASSERT(t_priv_dtors == 1, ("dtor did not run at the last fdrop"));
	sim_sys_exitproc(pid);
	destroy_dev(d);
	KASSERT(t_priv_dtors == 1, ("dtor ran twice"));
}

/* destroy_dev() runs the destructors of files still open on the cdev. */
void
t_revs_cdevpriv_dtor_at_destroy_dev(void)
{
	struct cdev *d;
	int error, fd, pid;

	d = make_dev(&t_priv_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tpriv0");
	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tpriv0", 0, &fd) == 0, ("open"));
	destroy_dev(d);
	KASSERT(t_priv_dtors == 1, ("destroy_dev did not run the dtor"));
	/* The cdev is gone: d_close is not called, close may say ENXIO. */
	error = sim_sys_close(fd);
	KASSERT(error == 0 || error == ENXIO, ("close: %d", error));
	KASSERT(t_priv_dtors == 1, ("dtor ran again at close"));
	sim_sys_exitproc(pid);
}

/* Outside a d_* method there is no current file. */
void
t_revs_cdevpriv_without_a_file(void)
{
	void *p;

	KASSERT(devfs_get_cdevpriv(&p) == EBADF, ("get without a file"));
	KASSERT(devfs_set_cdevpriv(&t_priv_data, t_priv_dtor) == ENOENT,
	    ("set without a file"));
}

void
t_revs_ro_get_family(void)
{
	struct sockaddr dst, gw;
	struct route ro, *none;

	memset(&dst, 0, sizeof(dst));
	memset(&gw, 0, sizeof(gw));
	memset(&ro, 0, sizeof(ro));
	dst.sa_family = AF_INET;
	gw.sa_family = AF_INET6;
	ro.ro_dst_ptr = &gw;
	none = NULL;
	KASSERT(RO_GET_FAMILY(none, &dst) == AF_INET, ("no route"));
	KASSERT(RO_GET_FAMILY(&ro, &dst) == AF_INET, ("no gateway"));
	ro.ro_flags = RT_HAS_GW;
	KASSERT(RO_GET_FAMILY(&ro, &dst) == AF_INET6, ("gateway"));
	VLAN_CAPABILITIES(&ro);		/* no vlan(4): nothing to tell */
}

void
t_revs_virtio_rx_csum_panics(void)
{
	struct virtio_net_hdr_mrg_rxbuf h;

	KASSERT(sizeof(struct virtio_net_hdr) == 10 && sizeof(h) == 12,
	    ("virtio-net header sizes"));
	memset(&h, 0, sizeof(h));
	(void)virtio_net_rx_csum(NULL, &h.hdr);
}
