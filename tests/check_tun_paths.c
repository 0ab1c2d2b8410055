/*
 * check_tun_paths.c - the less travelled paths of if_tuntap.c (edca4938)
 * for tun: the TUNDEBUG notes, the interface ioctls the driver answers
 * itself (SIOCGIFSTATUS, SIOCGIFMEDIA, the default case), the framing
 * failures of tunoutput, a full send queue, SIGIO, the process-group
 * ioctls, short writes, the invalid kqueue filter, what the last close
 * deletes, and the names tunclone and the cloners refuse.  Each expected
 * outcome cites the upstream lines or tun(4) that decide it; the bodies
 * reach the driver through the sim_sys_* system calls and, for requests
 * those do not offer, through tests/kern/t_paths.c.
 */
#include <check.h>
#include <string.h>

#include "contract_util.h"

/* FreeBSD constants the expectations use. */
#define	F_AF_UNSPEC		0
#define	F_AF_INET		2
#define	F_AF_INET6		28
#define	F_IFF_BROADCAST		0x2
#define	F_TUNMTU		1500
#define	F_IFQ_MAXLEN		50	/* net/if.h: ifqmaxlen */
#define	F_IF_MAXUNIT		0x7fff	/* net/if.h */
#define	F_EVFILT_VNODE		(-4)	/* sys/event.h */
#define	F_RTF_HOST		0x4	/* net/route.h */
/* ift_counter (net/if.h) */
#define	F_IFCOUNTER_IPACKETS	0
#define	F_IFCOUNTER_OERRORS	3
#define	F_IFCOUNTER_IQDROPS	9
#define	F_IFCOUNTER_OQDROPS	10

/* tests/kern/t_paths.c */
int	t_paths_ifstatus(const char *ifname, char *buf, size_t len);
int	t_paths_ifmedia(const char *ifname, int count, int out[5]);
int	t_paths_ifgetaddr(const char *ifname, uint8_t mac[6]);
int64_t	t_paths_counter(const char *ifname, int counter);
int	t_paths_send_unspec(const char *ifname, size_t len, uint32_t af);
int	t_paths_send_room(const char *ifname, size_t len);
int	t_paths_kevent_filter(int fd, int filter);
void	*t_paths_fake_attach(const char *name, int unit);
void	t_paths_fake_detach(void *ifp);

static struct {
	int	e[64];
	int64_t	v[16];
	size_t	done[8];
	char	text[4][64];
	int	media[5];
	uint8_t	buf[8];
	int	pid;
	int	unload;
} O;

static int pids[4];

static int
root_proc(int slot)
{

	pids[slot] = ct_proc(0, "root");
	return (pids[slot]);
}

/* Run body with the module loaded; fail on a violation; keep the trace. */
#define	RUN(body, r)	ct_run_clean((body), (r))

/* ---- TUNDEBUG ---- */

static void
body_debug_notes(void)
{
	static uint8_t buf[20000];
	int fd, ev;
	int ready;
	intptr_t data;

	root_proc(0);
	memset(buf, 0x45, sizeof(buf));
	O.e[0] = sim_sys_sysctl("debug.if_tun_debug", 1);
	O.e[1] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[2] = sim_sys_poll(fd, SIM_POLLIN | SIM_POLLOUT, 0, &ev);
	O.e[3] = sim_sys_kevent(fd, SIM_EVFILT_READ, &ready, &data);
	O.e[4] = sim_sys_kevent(fd, SIM_EVFILT_WRITE, &ready, &data);
	O.e[5] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[6] = sim_sys_ifmtu("tun0", 1400);
	/* Two mbufs (4096 + 904): a short read leaves the second. */
	O.e[7] = sim_sys_send("tun0", 5000, F_AF_INET);
	O.e[8] = sim_sys_poll(fd, SIM_POLLIN, 0, &ev);
	O.e[9] = sim_sys_kevent(fd, SIM_EVFILT_READ, &ready, &data);
	O.e[10] = sim_sys_read(fd, buf, 10, 0, &O.done[0]);
	O.e[11] = sim_sys_write(fd, buf, 20, &O.done[1]);
	O.e[12] = sim_sys_write(fd, buf, 20000, &O.done[2]);
	O.e[13] = t_paths_kevent_filter(fd, F_EVFILT_VNODE);
	O.e[14] = sim_sys_close(fd);
	/* Closed: an address brings it up again, but it is not ready. */
	O.e[16] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[15] = sim_sys_send("tun0", 64, F_AF_INET);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_debug_on_notes_each_tun_operation_with_if_printf)
{
	static const char *const notes[] = {
		"tun0: interface tun0 is created, minor = 0",	/* 929-930 */
		"tun0: open",				/* 1052 */
		"tun0: tunpoll waiting",		/* 1786 */
		"tun0: tun0 kqfilter: EVFILT_READ, minor = 0",	/* 1806 */
		"tun0: tun0 kqfilter: EVFILT_WRITE, minor = 0",	/* 1812 */
		"tun0: tun0 waiting for data, minor = 0",	/* 1847 */
		"tun0: tuninit",			/* 1158 */
		"tun0: address set",			/* 1242 */
		"tun0: mtu set",			/* 1246 */
		"tun0: tunoutput",			/* 1295 */
		"tun0: starting",			/* 777 */
		"tun0: tunpoll q=1",			/* 1782 */
		"tun0: tun0 have data in the queue.  Len = 1, minor = 0",
		"tun0: read",				/* 1583 */
		"tun0: Dropping mbuf",			/* 1622 */
		"tun0: tunwrite",			/* 1730 */
		"tun0: len=20000!",			/* 1745 */
		"tun0: tun0 kqfilter: invalid filter, minor = 0",	/* 1818 */
		"tun0: closed",				/* 1140 */
		/* TUN_INITED|TUN_IASET|TUN_DSTADDR, in octal (1311). */
		"tun0: not ready 032",
	};
	struct sim_result r;
	size_t i;

	RUN(body_debug_notes, &r);
	ck_assert_errno(O.e[16], "ok");
	for (i = 0; i < 16; i++)
		if (i != 12 && i != 13 && i != 15)
			ck_assert_msg(O.e[i] == 0, "step %zu: %s", i,
			    ct_errname(O.e[i]));
	ck_assert_errno(O.e[12], "EIO");	/* > TUNMRU 1744-1747 */
	ck_assert_errno(O.e[13], "EINVAL");	/* 1817-1820 */
	ck_assert_errno(O.e[15], "EHOSTDOWN");	/* 1309-1313 */
	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		ck_assert_msg(test_trace_has_note(&r, notes[i]),
		    "no note \"%s\"", notes[i]);
	sim_result_clear(&r);
}
END_TEST

static void
body_debug_off(void)
{
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[3] = ct_ioctl_int(fd, "TUNSDEBUG", 1);
	O.e[4] = sim_sys_close(fd);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_debug_off_notes_nothing_and_tunsdebug_turns_it_on)
{
	struct sim_result r;

	RUN(body_debug_off, &r);
	ck_assert_errno(O.e[2], "ok");
	ck_assert_errno(O.e[3], "ok");
	/* TUNDEBUG is `if (tundebug) if_printf` (140). */
	ck_assert(!test_trace_has_note(&r, "tun0: open"));
	ck_assert(!test_trace_has_note(&r, "tun0: tunoutput"));
	/* TUNSDEBUG sets the same tundebug (1522-1524). */
	ck_assert(test_trace_has_note(&r, "tun0: closed"));
	sim_result_clear(&r);
}
END_TEST

/* ---- interface ioctls the driver answers (tunifioctl) ---- */

static void
body_ifstatus(void)
{
	char out[32];
	int fd;

	O.pid = root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.e[1] = t_paths_ifstatus("tun0", O.text[0], sizeof(O.text[0]));
	O.e[2] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[3] = t_paths_ifstatus("tun0", O.text[1], sizeof(O.text[1]));
	O.e[4] = sim_sys_close(fd);
	O.e[5] = t_paths_ifstatus("tun0", O.text[2], sizeof(O.text[2]));
	O.unload = ct_end(pids, 1);
}

START_TEST(test_siocgifstatus_names_the_opening_pid_while_open)
{
	struct sim_result r;
	char want[64];

	RUN(body_ifstatus, &r);
	snprintf(want, sizeof(want), "\tOpened by PID %d\n", O.pid);
	ck_assert_errno(O.e[1], "ok");
	ck_assert_str_eq(O.text[0], "");	/* 1232-1233 */
	ck_assert_errno(O.e[3], "ok");
	ck_assert_str_eq(O.text[1], want);	/* 1229-1231 */
	ck_assert_errno(O.e[5], "ok");
	ck_assert_str_eq(O.text[2], "");	/* tunclose 1144 */
	sim_result_clear(&r);
}
END_TEST

static void
body_tun_media_and_default(void)
{
	char out[32];

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.e[1] = t_paths_ifmedia("tun0", 1, O.media);
	O.e[2] = t_paths_ifgetaddr("tun0", O.buf);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_siocgifmedia_and_unknown_if_ioctls_are_einval_on_tun)
{
	struct sim_result r;

	RUN(body_tun_media_and_default, &r);
	ck_assert_errno(O.e[1], "EINVAL");	/* !l2tun 1253-1255 */
	ck_assert_errno(O.e[2], "EINVAL");	/* default 1274-1275 */
	sim_result_clear(&r);
}
END_TEST

/* ---- tunoutput ---- */

static void
body_output_unspec(void)
{
	uint8_t buf[256];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = t_paths_send_unspec("tun0", 64, F_AF_INET6);
	O.e[3] = t_paths_send_unspec("tun0", 64, F_AF_INET);
	O.e[4] = sim_sys_read(fd, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[0]);
	O.e[5] = ct_ioctl_int(fd, "TUNSIFHEAD", 1);
	O.e[6] = t_paths_send_unspec("tun0", 64, F_AF_INET6);
	O.e[7] = sim_sys_read(fd, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[1]);
	memcpy(O.buf, buf, 4);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_to_af_unspec_takes_the_family_from_sa_data)
{
	struct sim_result r;

	RUN(body_output_unspec, &r);
	/* 1320-1323: af from sa_data; not AF_INET without a header. */
	ck_assert_errno(O.e[2], "EAFNOSUPPORT");	/* 1355-1363 */
	ck_assert_errno(O.e[3], "ok");
	ck_assert_errno(O.e[4], "ok");
	ck_assert_uint_eq(O.done[0], 64);
	ck_assert_errno(O.e[6], "ok");
	ck_assert_errno(O.e[7], "ok");
	ck_assert_uint_eq(O.done[1], 4 + 64);	/* 1344-1354 */
	ck_assert_uint_eq(O.buf[0], 0);
	ck_assert_uint_eq(O.buf[3], F_AF_INET6);
	sim_result_clear(&r);
}
END_TEST

static void
body_prepend_fails(void)
{
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = ct_ioctl_int(fd, "TUNSLMODE", 1);
	O.e[3] = sim_sys_send("tun0", 64, F_AF_INET);
	O.v[0] = t_paths_counter("tun0", F_IFCOUNTER_IQDROPS);
	O.v[1] = t_paths_counter("tun0", F_IFCOUNTER_OERRORS);
	O.e[4] = ct_ioctl_int(fd, "TUNSIFHEAD", 1);
	O.e[5] = sim_sys_send("tun0", 64, F_AF_INET);
	O.v[2] = t_paths_counter("tun0", F_IFCOUNTER_IQDROPS);
	O.v[3] = t_paths_counter("tun0", F_IFCOUNTER_OERRORS);
	O.e[6] = ct_ioctl_get(fd, "FIONREAD", &O.v[4]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_drops_the_packet_when_the_header_cannot_be_prepended)
{
	struct test_prog p = { .setup = body_prepend_fails,
	    .load_module = true, .fault_malloc = 1.0 };
	struct sim_result r;
	enum sim_violation_kind k;

	k = test_run(&p, 1, &r);
	ck_assert_msg(k == SIM_V_NONE, "%s: %s", sim_violation_name(k),
	    r.message ? r.message : "");
	ck_assert_errno(O.e[2], "ok");
	/* TUNSLMODE: M_PREPEND of the sockaddr fails (1331-1338). */
	ck_assert_errno(O.e[3], "ENOBUFS");
	ck_assert_int_eq(O.v[0], 1);
	ck_assert_int_eq(O.v[1], 1);
	/* TUNSIFHEAD: M_PREPEND of the family fails (1346-1352). */
	ck_assert_errno(O.e[5], "ENOBUFS");
	ck_assert_int_eq(O.v[2], 2);
	ck_assert_int_eq(O.v[3], 2);
	ck_assert_errno(O.e[6], "ok");
	ck_assert_int_eq(O.v[4], 0);		/* nothing was queued */
	sim_result_clear(&r);
}
END_TEST

static void
body_prepend_in_place(void)
{
	uint8_t buf[256];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = ct_ioctl_int(fd, "TUNSLMODE", 1);
	O.e[3] = t_paths_send_room("tun0", 64);
	O.e[4] = ct_ioctl_get(fd, "FIONREAD", &O.v[0]);
	O.e[5] = sim_sys_read(fd, buf, sizeof(buf), 0, &O.done[0]);
	memcpy(O.buf, buf, 2);
	O.v[1] = buf[16];
	O.e[6] = ct_ioctl_int(fd, "TUNSIFHEAD", 1);
	O.e[7] = t_paths_send_room("tun0", 64);
	O.e[8] = ct_ioctl_get(fd, "FIONREAD", &O.v[2]);
	O.e[9] = sim_sys_read(fd, buf, sizeof(buf), 0, &O.done[1]);
	memcpy(O.buf + 4, buf, 4);
	O.v[3] = buf[4];
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_prepends_in_place_when_the_packet_has_room)
{
	struct sim_result r;

	RUN(body_prepend_in_place, &r);
	ck_assert_errno(O.e[3], "ok");
	/*
	 * M_PREPEND uses the leading space: one mbuf, and FIONREAD (the
	 * first mbuf chain's length, 1542-1545) counts the header too.
	 */
	ck_assert_int_eq(O.v[0], 16 + 64);
	ck_assert_uint_eq(O.done[0], 16 + 64);	/* TUNSLMODE 1330-1342 */
	ck_assert_uint_eq(O.buf[0], 16);
	ck_assert_uint_eq(O.buf[1], F_AF_INET);
	ck_assert_int_eq(O.v[1], 0x45);		/* then the packet */
	ck_assert_errno(O.e[7], "ok");
	ck_assert_int_eq(O.v[2], 4 + 64);
	ck_assert_uint_eq(O.done[1], 4 + 64);	/* TUNSIFHEAD 1344-1354 */
	ck_assert_uint_eq(O.buf[4], 0);
	ck_assert_uint_eq(O.buf[7], F_AF_INET);
	ck_assert_int_eq(O.v[3], 0x45);
	sim_result_clear(&r);
}
END_TEST

static void
body_queue_full(void)
{
	int fd, i;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.v[0] = 0;
	for (i = 0; i < F_IFQ_MAXLEN; i++)
		if (sim_sys_send("tun0", 64, F_AF_INET) == 0)
			O.v[0]++;
	O.e[2] = sim_sys_send("tun0", 64, F_AF_INET);
	O.v[1] = t_paths_counter("tun0", F_IFCOUNTER_OQDROPS);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_to_a_full_queue_is_enobufs)
{
	struct sim_result r;

	RUN(body_queue_full, &r);
	ck_assert_int_eq(O.v[0], F_IFQ_MAXLEN);
	ck_assert_errno(O.e[2], "ENOBUFS");	/* if_transmit 1365-1367 */
	ck_assert_int_eq(O.v[1], 1);
	sim_result_clear(&r);
}
END_TEST

/* ---- tunioctl ---- */

static void
body_ifhead_off(void)
{
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = ct_ioctl_int(fd, "TUNSIFHEAD", 1);
	O.e[2] = ct_ioctl_get(fd, "TUNGIFHEAD", &O.v[0]);
	O.e[3] = ct_ioctl_int(fd, "TUNSIFHEAD", 0);
	O.e[4] = ct_ioctl_get(fd, "TUNGIFHEAD", &O.v[1]);
	O.e[5] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[6] = sim_sys_send("tun0", 64, F_AF_INET6);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tunsifhead_zero_clears_the_family_header)
{
	struct sim_result r;

	RUN(body_ifhead_off, &r);
	ck_assert_int_eq(O.v[0], 1);
	ck_assert_errno(O.e[3], "ok");
	ck_assert_int_eq(O.v[1], 0);		/* 1447-1448 */
	ck_assert_errno(O.e[6], "EAFNOSUPPORT");	/* no header: IPv4 only */
	sim_result_clear(&r);
}
END_TEST

static void
body_sifinfo_bad_mtu(void)
{
	struct sim_ioarg a;
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	memset(&a, 0, sizeof(a));
	a.set = SIM_IOA_MTU | SIM_IOA_BAUD;
	a.mtu = 10;			/* below IF_MINMTU */
	a.baudrate = 9600;
	O.e[1] = ct_ioctl(fd, "TUNSIFINFO", &a);
	memset(&a, 0, sizeof(a));
	O.e[2] = ct_ioctl(fd, "TUNGIFINFO", &a);
	O.v[0] = a.mtu;
	O.v[1] = a.baudrate;
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tunsifinfo_with_a_bad_mtu_fails_and_changes_nothing)
{
	struct sim_result r;

	RUN(body_sifinfo_bad_mtu, &r);
	/* ifhwioctl refuses the MTU; 1506-1508 return its error. */
	ck_assert_errno(O.e[1], "EINVAL");
	ck_assert_errno(O.e[2], "ok");
	ck_assert_int_eq(O.v[0], F_TUNMTU);
	ck_assert_int_eq(O.v[1], 0);		/* baudrate not reached 1511 */
	sim_result_clear(&r);
}
END_TEST

static void
body_pgrp(void)
{
	int fd;

	O.pid = root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = ct_ioctl_int(fd, "TIOCSPGRP", O.pid);
	O.e[2] = ct_ioctl_get(fd, "TIOCGPGRP", &O.v[0]);
	O.e[3] = ct_ioctl_get(fd, "FIOGETOWN", &O.v[1]);
	O.e[4] = ct_ioctl_int(fd, "TIOCSPGRP", 4242);
	O.e[5] = ct_ioctl_get(fd, "TIOCGPGRP", &O.v[2]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tiocspgrp_sets_a_process_group_owner)
{
	struct sim_result r;

	RUN(body_pgrp, &r);
	ck_assert_errno(O.e[1], "ok");		/* fsetown(-pgrp) 1557-1558 */
	ck_assert_int_eq(O.v[0], O.pid);	/* TIOCGPGRP 1561-1563 */
	ck_assert_int_eq(O.v[1], -O.pid);	/* FIOGETOWN: -pgrp */
	ck_assert_errno(O.e[4], "ESRCH");	/* no such group */
	ck_assert_int_eq(O.v[2], O.pid);	/* owner unchanged */
	sim_result_clear(&r);
}
END_TEST

static void
body_sigio_not_armed(void)
{
	int fd;

	O.pid = root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = ct_ioctl_int(fd, "FIOASYNC", 1);	/* no owner */
	O.e[3] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[4] = ct_ioctl_int(fd, "FIOASYNC", 0);
	O.e[5] = ct_ioctl_int(fd, "FIOSETOWN", O.pid);	/* not async */
	O.e[6] = sim_sys_send("tun0", 64, F_AF_INET);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_sends_no_sigio_without_both_fioasync_and_an_owner)
{
	struct sim_result r;

	RUN(body_sigio_not_armed, &r);
	ck_assert_errno(O.e[3], "ok");
	ck_assert_errno(O.e[6], "ok");
	ck_assert(!test_trace_has_note(&r, "SIGIO"));	/* 795-799 */
	sim_result_clear(&r);
}
END_TEST

static void
body_sigio_armed(void)
{
	int fd;

	O.pid = root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = ct_ioctl_int(fd, "FIOASYNC", 1);
	O.e[3] = ct_ioctl_int(fd, "FIOSETOWN", O.pid);
	O.e[4] = sim_sys_send("tun0", 64, F_AF_INET);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_signals_the_owner_when_fioasync_is_set)
{
	struct sim_result r;
	char want[32];

	RUN(body_sigio_armed, &r);
	ck_assert_errno(O.e[4], "ok");
	snprintf(want, sizeof(want), "SIGIO to pid %d", O.pid);
	ck_assert_msg(test_trace_has_note(&r, want), "no \"%s\"", want);
	sim_result_clear(&r);
}
END_TEST

/* ---- write, poll ---- */

static void
body_short_writes(void)
{
	uint8_t pkt[8] = { 0, 0, 0, F_AF_INET };
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = sim_sys_write(fd, pkt, 0, &O.done[0]);
	O.e[3] = ct_ioctl_int(fd, "TUNSIFHEAD", 1);
	O.e[4] = sim_sys_write(fd, pkt, 2, &O.done[1]);
	O.v[0] = t_paths_counter("tun0", F_IFCOUNTER_IPACKETS);
	O.e[5] = sim_sys_write(fd, pkt, 8, &O.done[2]);
	O.v[1] = t_paths_counter("tun0", F_IFCOUNTER_IPACKETS);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_empty_write_is_ignored_and_headerless_write_is_enobufs)
{
	struct sim_result r;

	RUN(body_short_writes, &r);
	ck_assert_errno(O.e[2], "ok");		/* resid 0: 1734-1735 */
	ck_assert_uint_eq(O.done[0], 0);
	/* TUNSIFHEAD, 2 bytes: m_pullup of the family fails 1674-1677. */
	ck_assert_errno(O.e[4], "ENOBUFS");
	ck_assert_int_eq(O.v[0], 0);
	ck_assert_errno(O.e[5], "ok");		/* 4 + 4 bytes: delivered */
	ck_assert_int_eq(O.v[1], 1);
	sim_result_clear(&r);
}
END_TEST

static void
body_poll_out(void)
{
	int fd, ev = 0;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[3] = sim_sys_poll(fd, SIM_POLLOUT, 0, &ev);
	O.v[0] = ev;
	O.unload = ct_end(pids, 1);
}

START_TEST(test_poll_for_output_only_reports_pollout_even_with_data_queued)
{
	struct sim_result r;

	RUN(body_poll_out, &r);
	ck_assert_errno(O.e[3], "ok");
	ck_assert_int_eq((int)O.v[0], SIM_POLLOUT);	/* 1779, 1791 */
	sim_result_clear(&r);
}
END_TEST

static void
body_kevent_vnode(void)
{
	int fd, ready;
	intptr_t data;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = t_paths_kevent_filter(fd, F_EVFILT_VNODE);
	O.e[2] = sim_sys_kevent(fd, SIM_EVFILT_READ, &ready, &data);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_kevent_filter_other_than_read_or_write_is_einval)
{
	struct sim_result r;

	RUN(body_kevent_vnode, &r);
	ck_assert_errno(O.e[1], "EINVAL");	/* 1817-1820 */
	ck_assert_errno(O.e[2], "ok");		/* nothing left attached */
	ck_assert(!test_trace_has_note(&r, "kqfilter"));	/* debug off */
	sim_result_clear(&r);
}
END_TEST

/* ---- close ---- */

static void
body_close_routes(void)
{
	int fd, fd2;

	root_proc(0);
	/* tun0: point-to-point with a destination. */
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = sim_sys_close(fd);
	/* tun1: broadcast mode, no destination. */
	O.e[3] = sim_sys_open("/dev/tun1", 0, &fd2);
	O.e[4] = ct_ioctl_int(fd2, "TUNSIFMODE", F_IFF_BROADCAST);
	O.e[5] = sim_sys_ifaddr("tun1", 0x0a000101, 0);
	O.e[6] = sim_sys_close(fd2);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_last_close_deletes_a_host_route_only_with_a_destination)
{
	struct sim_result r;
	char want[64];

	RUN(body_close_routes, &r);
	ck_assert_errno(O.e[1], "ok");
	ck_assert_errno(O.e[5], "ok");
	/* tuninit sets TUN_DSTADDR (1176-1178); tunclose 1119-1122. */
	snprintf(want, sizeof(want), "rtinit: tun0 cmd 2 flags 0x%x",
	    F_RTF_HOST);
	ck_assert_msg(test_trace_has_note(&r, want), "no \"%s\"", want);
	ck_assert(test_trace_has_note(&r, "rtinit: tun1 cmd 2 flags 0x0"));
	ck_assert(!test_trace_has_note(&r, "rtinit: tun1 cmd 2 flags 0x4"));
	sim_result_clear(&r);
}
END_TEST

static void
body_iaset_flags(void)
{
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", O.text[0], 32);
	O.e[1] = sim_sys_ifcreate("tun1", O.text[0], 32);
	O.e[2] = sim_sys_sysctl("debug.if_tun_debug", 1);
	/* tun0: address 0.0.0.0 with a destination. */
	O.e[3] = sim_sys_ifaddr("tun0", 0, 0x0a000002);
	O.e[4] = sim_sys_send("tun0", 64, F_AF_INET);
	/* tun1: broadcast mode, an address and no destination. */
	O.e[5] = sim_sys_open("/dev/tun1", 0, &fd);
	O.e[6] = ct_ioctl_int(fd, "TUNSIFMODE", F_IFF_BROADCAST);
	O.e[7] = sim_sys_close(fd);
	O.e[8] = sim_sys_ifaddr("tun1", 0x0a000101, 0);
	O.e[9] = sim_sys_send("tun1", 64, F_AF_INET);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tuninit_sets_iaset_and_dstaddr_only_for_nonzero_addresses)
{
	struct sim_result r;

	RUN(body_iaset_flags, &r);
	ck_assert_errno(O.e[3], "ok");
	ck_assert_errno(O.e[4], "EHOSTDOWN");	/* not open */
	ck_assert_errno(O.e[8], "ok");
	ck_assert_errno(O.e[9], "EHOSTDOWN");
	/*
	 * 1165-1181: TUN_IASET (010) for a nonzero address, TUN_DSTADDR
	 * (020) for a nonzero destination; tunoutput prints the flags in
	 * octal with TUN_INITED (02).
	 */
	ck_assert(test_trace_has_note(&r, "tun0: not ready 022"));
	ck_assert(test_trace_has_note(&r, "tun1: not ready 012"));
	sim_result_clear(&r);
}
END_TEST

/* ---- names the cloners and tunclone refuse ---- */

static void
body_refused_names(void)
{
	char out[32], path[32];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("foo0", out, sizeof(out));
	snprintf(path, sizeof(path), "/dev/tun%d", F_IF_MAXUNIT + 1);
	O.e[1] = sim_sys_open(path, 0, &fd);
	snprintf(path, sizeof(path), "/dev/tun%d", F_IF_MAXUNIT);
	O.e[2] = sim_sys_open(path, 0, &fd);
	O.e[3] = ct_ioctl_name(fd, "TUNGIFNAME", O.text[0]);
	O.e[4] = sim_sys_open("/dev/foo0", 0, &fd);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_unknown_names_and_units_above_if_maxunit_are_not_cloned)
{
	struct sim_result r;

	RUN(body_refused_names, &r);
	/* No cloner's match accepts it (457-494): if_clone_create EINVAL. */
	ck_assert_errno(O.e[0], "EINVAL");
	ck_assert_errno(O.e[1], "ENOENT");	/* > IF_MAXUNIT 553-554 */
	ck_assert_errno(O.e[2], "ok");		/* IF_MAXUNIT itself */
	ck_assert_str_eq(O.text[0], "tun32767");
	ck_assert_errno(O.e[4], "ENOENT");	/* not recognized 551-552 */
	sim_result_clear(&r);
}
END_TEST

static void
body_foreign_rename(void)
{
	void *ifp;
	int fd;

	root_proc(0);
	ifp = t_paths_fake_attach("fake", 0);
	O.e[0] = sim_sys_ifrename("fake0", "vpn0");
	O.e[1] = sim_sys_open("/dev/vpn0", 0, &fd);
	O.e[2] = sim_sys_ifcreate("tun0", O.text[0], 32);
	O.e[3] = sim_sys_ifrename("tun0", "vpn1");
	O.e[4] = sim_sys_open("/dev/vpn1", 0, &fd);
	O.unload = ct_end(pids, 1);
	t_paths_fake_detach(ifp);
}

START_TEST(test_rename_of_another_drivers_interface_makes_no_alias)
{
	struct sim_result r;

	RUN(body_foreign_rename, &r);
	ck_assert_errno(O.e[0], "ok");
	ck_assert_errno(O.e[1], "ENOENT");	/* tunrename 945-946 */
	ck_assert_errno(O.e[3], "ok");
	ck_assert_errno(O.e[4], "ok");		/* a tun's rename does */
	sim_result_clear(&r);
}
END_TEST

/* ---- tunifioctl racing tun_destroy ---- */

static void
race_setup_tun0(void)
{
	char out[32];

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
}

static void
race_mtu_or_destroy(int i)
{

	sim_sys_setproc(pids[0]);
	if (i == 0)
		O.e[1] = sim_sys_ifmtu("tun0", 1280);
	else
		O.e[2] = sim_sys_ifdestroy("tun0");
}

static void
race_teardown(void)
{

	O.unload = ct_end(pids, 1);
}

START_TEST(test_if_ioctl_that_finds_the_softc_cleared_is_enxio)
{
	static const char *const names[] = { "mtu", "destroyer" };
	const struct ct_race rc = { race_setup_tun0, 2, names,
	    race_mtu_or_destroy, race_teardown };
	struct sim_result r;
	enum sim_violation_kind k;
	uint64_t seed, steps;
	int hits = 0;
	bool entered;

	k = ct_race_run(&rc, SIM_STRAT_RANDOM, 0, 0, &r);
	ck_assert_int_eq(k, SIM_V_NONE);
	steps = 2 * r.steps;
	sim_result_clear(&r);
	for (seed = 0; seed < 3000; seed++) {
		memset(&O, 0, sizeof(O));
		k = ct_race_run(&rc, SIM_STRAT_PCT, seed, steps, &r);
		ck_assert_msg(k == SIM_V_NONE, "seed %llu: %s: %s",
		    (unsigned long long)seed, sim_violation_name(k),
		    r.message ? r.message : "");
		ck_assert_errno(O.e[2], "ok");
		ck_assert_msg(O.e[1] == 0 || O.e[1] == ct_errno("ENXIO"),
		    "seed %llu: mtu %s", (unsigned long long)seed,
		    ct_errname(O.e[1]));
		/*
		 * 1217-1222: tunifioctl holds tun_ioctl_sx; once tun_destroy
		 * cleared if_softc (622-624) it touches no softc: ENXIO.
		 */
		if (ct_sx_section_without_softc(&r, "mtu", &entered)) {
			ck_assert_errno(O.e[1], "ENXIO");
			hits++;
		}
		sim_result_clear(&r);
	}
	ck_assert_int_gt(hits, 0);
}
END_TEST

static void
reset(void)
{

	memset(&O, 0, sizeof(O));
	memset(pids, 0, sizeof(pids));
}

Suite *
tun_paths_suite(void)
{
	Suite *s = suite_create("tun_paths");
	TCase *tc;

	tc = tcase_create("debug");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, test_debug_on_notes_each_tun_operation_with_if_printf);
	tcase_add_test(tc,
	    test_debug_off_notes_nothing_and_tunsdebug_turns_it_on);
	suite_add_tcase(s, tc);

	tc = tcase_create("ifioctl");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, test_siocgifstatus_names_the_opening_pid_while_open);
	tcase_add_test(tc,
	    test_siocgifmedia_and_unknown_if_ioctls_are_einval_on_tun);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc,
	    test_output_to_af_unspec_takes_the_family_from_sa_data);
	tcase_add_test(tc,
	    test_output_drops_the_packet_when_the_header_cannot_be_prepended);
	tcase_add_test(tc, test_output_prepends_in_place_when_the_packet_has_room);
	tcase_add_test(tc, test_output_to_a_full_queue_is_enobufs);
	tcase_add_test(tc,
	    test_output_sends_no_sigio_without_both_fioasync_and_an_owner);
	tcase_add_test(tc, test_output_signals_the_owner_when_fioasync_is_set);
	suite_add_tcase(s, tc);

	tc = tcase_create("ioctl");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, test_tunsifhead_zero_clears_the_family_header);
	tcase_add_test(tc,
	    test_tunsifinfo_with_a_bad_mtu_fails_and_changes_nothing);
	tcase_add_test(tc, test_tiocspgrp_sets_a_process_group_owner);
	suite_add_tcase(s, tc);

	tc = tcase_create("io");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc,
	    test_empty_write_is_ignored_and_headerless_write_is_enobufs);
	tcase_add_test(tc,
	    test_poll_for_output_only_reports_pollout_even_with_data_queued);
	tcase_add_test(tc, test_kevent_filter_other_than_read_or_write_is_einval);
	suite_add_tcase(s, tc);

	tc = tcase_create("lifecycle");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc,
	    test_last_close_deletes_a_host_route_only_with_a_destination);
	tcase_add_test(tc,
	    test_tuninit_sets_iaset_and_dstaddr_only_for_nonzero_addresses);
	tcase_add_test(tc,
	    test_unknown_names_and_units_above_if_maxunit_are_not_cloned);
	tcase_add_test(tc,
	    test_rename_of_another_drivers_interface_makes_no_alias);
	tcase_add_test(tc, test_if_ioctl_that_finds_the_softc_cleared_is_enxio);
	suite_add_tcase(s, tc);
	return (s);
}
