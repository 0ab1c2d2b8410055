/*
 * t_descrip.c - kernel side of tests/check_descrip.c (descriptor tables,
 * kern_ioctl, fsetown/pgsigio, poll, kevent, process exit).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/conf.h>
#include <sys/event.h>
#include <sys/fcntl.h>
#include <sys/sigio.h>
#include <sys/signalvar.h>

#include "t_tdev.h"

static struct cdev *t_d __kdata;

static void
t_make(void)
{

	t_tdev_init();
	t_d = make_dev(&t_tdev_cdevsw, 0, UID_ROOT, GID_WHEEL, 0666, "tdev0");
}

void
t_descrip_descriptors_are_lowest_free_from_3(void)
{
	int a, b, c, d, pid;

	t_make();
	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tdev0", 0, &a) == 0 && a == 3, ("a"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &b) == 0 && b == 4, ("b"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &c) == 0 && c == 5, ("c"));
	KASSERT(sim_sys_close(b) == 0, ("close b"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &d) == 0 && d == 4, ("d=%d", d));
	sim_sys_exitproc(pid);
	destroy_dev(t_d);
}

void
t_descrip_unknown_descriptor_is_ebadf(void)
{
	char buf[4];
	size_t done;
	int pid;

	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_close(42) == EBADF, ("close"));
	KASSERT(sim_sys_read(-1, buf, 4, 0, &done) == EBADF, ("read"));
	KASSERT(sim_sys_write(3, buf, 4, &done) == EBADF, ("write"));
	sim_sys_exitproc(pid);
}

void
t_descrip_fionbio_makes_reads_nonblocking(void)
{
	struct sim_ioarg arg;
	char buf[8];
	size_t done;
	int fd, pid;

	t_make();
	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
	memset(&arg, 0, sizeof(arg));
	arg.set = SIM_IOA_IVAL;
	arg.ival = 1;
	KASSERT(sim_sys_ioctl(fd, sim_ioctl_lookup("FIONBIO"), &arg) == 0,
	    ("FIONBIO"));
	KASSERT(sim_sys_read(fd, buf, sizeof(buf), 0, &done) == EWOULDBLOCK,
	    ("read after FIONBIO"));
	KASSERT(sim_sys_ioctl(fd, sim_ioctl_lookup("TUNSIFHEAD"), &arg) ==
	    ENOTTY, ("unknown ioctl reaches the driver"));
	sim_sys_exitproc(pid);
	destroy_dev(t_d);
}

void
t_descrip_exitproc_closes_every_descriptor(void)
{
	int a, b, pid;

	t_make();
	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tdev0", 0, &a) == 0, ("a"));
	KASSERT(sim_sys_open("/dev/tdev0", 0, &b) == 0, ("b"));
	sim_sys_exitproc(pid);
	KASSERT(t_tdev_closes == 1 && (t_tdev_close_flags & FLASTCLOSE),
	    ("exit did not close the device"));
	destroy_dev(t_d);
}

void
t_descrip_pgsigio_traces_sigio_to_owner(void)
{
	struct sigio *s;
	int pid;

	pid = t_tdev_newproc(0);
	s = NULL;
	KASSERT(fsetown(pid, &s) == 0 && s != NULL, ("fsetown"));
	KASSERT(fgetown(&s) == pid, ("fgetown"));
	pgsigio(&s, SIGIO, 0);
	KASSERT(fsetown(-pid, &s) == 0 && fgetown(&s) == -pid, ("pgrp"));
	KASSERT(fsetown(99999, &s) == ESRCH, ("unknown pid"));
	funsetown(&s);
	KASSERT(s == NULL, ("funsetown"));
	sim_sys_exitproc(pid);
}

void
t_descrip_exit_clears_sigio_of_the_process(void)
{
	static struct sigio *s __kdata;
	int pid;

	pid = t_tdev_newproc(0);
	KASSERT(fsetown(pid, &s) == 0, ("fsetown"));
	sim_sys_exitproc(pid);
	KASSERT(s == NULL, ("exit left the sigio"));
}

/* poll sleeps until selwakeup (thread 0 polls, thread 1 wakes). */
void
t_descrip_poll_setup(void)
{

	t_make();
}

void
t_descrip_poll_thread(int i)
{
	int fd, pid, revents;

	if (i == 0) {
		pid = t_tdev_newproc(0);
		KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
		KASSERT(sim_sys_poll(fd, SIM_POLLIN, 1, &revents) == 0,
		    ("poll"));
		KASSERT(revents == SIM_POLLIN, ("revents %d", revents));
		sim_sys_exitproc(pid);
	} else {
		pause("tready", 3);
		t_tdev_set_ready();
	}
}

void
t_descrip_poll_teardown(void)
{

	seldrain(&t_tdev_sel);
	destroy_dev(t_d);
}

void
t_descrip_kevent_triggers_and_close_detaches_knote(void)
{
	intptr_t data;
	int fd, pid, ready;

	t_make();
	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
	KASSERT(sim_sys_kevent(fd, SIM_EVFILT_READ, &ready, &data) == 0 &&
	    ready == 0, ("kevent before data"));
	KASSERT(sim_obj_live_count("knote") == 1, ("one knote"));
	t_tdev_set_ready();
	KASSERT(sim_sys_kevent(fd, SIM_EVFILT_READ, &ready, &data) == 0 &&
	    ready == 1 && data == 1, ("kevent after KNOTE"));
	KASSERT(sim_obj_live_count("knote") == 1, ("registered twice"));
	KASSERT(sim_sys_close(fd) == 0, ("close"));
	KASSERT(t_tdev_detaches == 1, ("close did not f_detach"));
	KASSERT(sim_obj_live_count("knote") == 0, ("knote left"));
	knlist_destroy(&t_tdev_sel.si_note);
	sim_sys_exitproc(pid);
	destroy_dev(t_d);
}

void
t_descrip_knlist_clear_skips_f_detach_on_close(void)
{
	intptr_t data;
	int fd, pid, ready;

	t_make();
	pid = t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
	KASSERT(sim_sys_kevent(fd, SIM_EVFILT_READ, &ready, &data) == 0,
	    ("kevent"));
	knlist_clear(&t_tdev_sel.si_note, 0);
	knlist_destroy(&t_tdev_sel.si_note);
	KASSERT(sim_sys_close(fd) == 0, ("close"));
	KASSERT(t_tdev_detaches == 0, ("f_detach after knlist_clear"));
	KASSERT(sim_obj_live_count("knote") == 0, ("knote left"));
	sim_sys_exitproc(pid);
	destroy_dev(t_d);
}

void
t_descrip_knlist_destroy_with_knotes_panics(void)
{
	intptr_t data;
	int fd, ready;

	t_make();
	(void)t_tdev_newproc(0);
	KASSERT(sim_sys_open("/dev/tdev0", 0, &fd) == 0, ("open"));
	KASSERT(sim_sys_kevent(fd, SIM_EVFILT_READ, &ready, &data) == 0,
	    ("kevent"));
	knlist_destroy(&t_tdev_sel.si_note);
}
