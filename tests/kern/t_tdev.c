/*
 * t_tdev.c - the test character device of t_tdev.h.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/conf.h>
#include <sys/event.h>
#include <sys/fcntl.h>
#include <sys/filio.h>
#include <sys/poll.h>
#include <sys/selinfo.h>
#include <sys/uio.h>

#include "t_tdev.h"

struct mtx t_tdev_mtx __kdata;
struct selinfo t_tdev_sel __kdata;
int t_tdev_opens __kdata;
int t_tdev_closes __kdata;
int t_tdev_close_flags __kdata;
int t_tdev_read_ioflag __kdata;
int t_tdev_detaches __kdata;
int t_tdev_ready __kdata;
int t_tdev_open_unit __kdata;

static int
t_open(struct cdev *dev, int oflags, int devtype, struct thread *td)
{

	t_tdev_opens++;
	t_tdev_open_unit = dev2unit(dev);
	return (0);
}

static int
t_close(struct cdev *dev, int fflag, int devtype, struct thread *td)
{

	t_tdev_closes++;
	t_tdev_close_flags = fflag;
	return (0);
}

static int
t_read(struct cdev *dev, struct uio *uio, int ioflag)
{

	t_tdev_read_ioflag = ioflag;
	if (ioflag & O_NONBLOCK)
		return (EWOULDBLOCK);
	return (uiomove(__DECONST(char *, "hello"), 5, uio));
}

static int
t_ioctl(struct cdev *dev, u_long cmd, caddr_t data, int fflag,
    struct thread *td)
{

	switch (cmd) {
	case FIONBIO:
	case FIOASYNC:
		return (0);
	}
	return (ENOTTY);
}

static int
t_poll(struct cdev *dev, int events, struct thread *td)
{
	int revents;

	revents = 0;
	mtx_lock(&t_tdev_mtx);
	if (t_tdev_ready)
		revents = events & (POLLIN | POLLRDNORM);
	else
		selrecord(td, &t_tdev_sel);
	mtx_unlock(&t_tdev_mtx);
	return (revents);
}

static int
t_kqread(struct knote *kn, long hint)
{

	kn->kn_data = t_tdev_ready;
	return (t_tdev_ready != 0);
}

static void
t_kqdetach(struct knote *kn)
{

	t_tdev_detaches++;
	knlist_remove(&t_tdev_sel.si_note, kn, 0);
}

static struct filterops t_read_filterops = {
	.f_isfd = 1,
	.f_attach = NULL,
	.f_detach = t_kqdetach,
	.f_event = t_kqread,
};

static int
t_kqfilter(struct cdev *dev, struct knote *kn)
{

	if (kn->kn_filter != EVFILT_READ)
		return (EINVAL);
	kn->kn_fop = &t_read_filterops;
	kn->kn_hook = dev;
	knlist_add(&t_tdev_sel.si_note, kn, 0);
	return (0);
}

struct cdevsw t_tdev_cdevsw __kdata = {
	.d_version = D_VERSION,
	.d_flags = D_NEEDMINOR,
	.d_name = "tdev",
	.d_open = t_open,
	.d_close = t_close,
	.d_read = t_read,
	.d_ioctl = t_ioctl,
	.d_poll = t_poll,
	.d_kqfilter = t_kqfilter,
};

void
t_tdev_init(void)
{

	mtx_init(&t_tdev_mtx, "tdev", NULL, MTX_DEF);
	knlist_init_mtx(&t_tdev_sel.si_note, &t_tdev_mtx);
}

void
t_tdev_set_ready(void)
{

	mtx_lock(&t_tdev_mtx);
	t_tdev_ready = 1;
	selwakeuppri(&t_tdev_sel, PZERO + 1);
	KNOTE_LOCKED(&t_tdev_sel.si_note, 0);
	mtx_unlock(&t_tdev_mtx);
}

int
t_tdev_newproc(int uid)
{
	int pid;

	pid = sim_sys_newproc(uid, "test");
	sim_sys_setproc(pid);
	return (pid);
}
