/*
 * check_tun_contract.c - the tun(4) contract of if_tuntap.c (edca4938),
 * single-threaded unless the behaviour needs a second thread, through the
 * sim_sys_* system calls.  Each expected outcome cites the upstream lines
 * or tun(4) that decide it.
 */
#include <check.h>
#include <string.h>

#include "contract_util.h"

/* FreeBSD constants the expectations use (net/if.h, net/if_types.h...). */
#define	F_IFF_BROADCAST		0x2
#define	F_IFF_POINTOPOINT	0x10
#define	F_IFF_MULTICAST		0x8000
#define	F_IFT_PPP		0x17
#define	F_IFT_ETHER		0x6
#define	F_AF_INET		2
#define	F_AF_INET6		28
#define	F_TUNMTU		1500
#define	F_TUNMRU		16384	/* net/if_tun.h at edca4938 */

/* What a body saw; each test reads the fields its body fills. */
static struct {
	int	e[32];		/* errors, in call order */
	int64_t	v[32];		/* values */
	size_t	done[16];	/* bytes read/written */
	char	name[4][32];
	uint8_t	buf[128];
	int	pid;
	int	unload;		/* kldunload at the end */
	int	seq_close, seq_destroy, seq;
} O;

static int pids[4];

/* A root process; remembered for ct_end. */
static int
root_proc(int slot)
{

	pids[slot] = ct_proc(0, "root");
	return (pids[slot]);
}

/* ---- open, clone, exclusivity ---- */

static void
body_open_clones_and_is_exclusive(void)
{
	int fd, fd2;

	O.pid = root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = ct_ioctl_name(fd, "TUNGIFNAME", O.name[0]);
	O.e[2] = sim_sys_open("/dev/tun0", 0, &fd2);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_open_of_missing_unit_clones_it_and_second_open_is_ebusy)
{
	struct sim_result r;

	ct_run_clean(body_open_clones_and_is_exclusive, &r);
	ck_assert_errno(O.e[0], "ok");		/* tunclone 536-596 */
	ck_assert_errno(O.e[1], "ok");
	ck_assert_str_eq(O.name[0], "tun0");
	ck_assert_errno(O.e[2], "EBUSY");	/* tunopen 1027-1031 */
	ck_assert_errno(O.unload, "ok");
	sim_result_clear(&r);
}
END_TEST

static void
body_bare_name_picks_lowest_free_unit(void)
{
	char out[32];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.e[1] = sim_sys_open("/dev/tun", 0, &fd);
	O.e[2] = ct_ioctl_name(fd, "TUNGIFNAME", O.name[0]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_open_of_bare_tun_clones_the_lowest_free_unit)
{
	struct sim_result r;

	ct_run_clean(body_bare_name_picks_lowest_free_unit, &r);
	ck_assert_errno(O.e[0], "ok");
	ck_assert_errno(O.e[1], "ok");		/* tunclone 571-590 */
	ck_assert_errno(O.e[2], "ok");
	ck_assert_str_eq(O.name[0], "tun1");
	sim_result_clear(&r);
}
END_TEST

static void
body_devfs_cloning_off(void)
{
	char out[32];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_sysctl("net.link.tun.devfs_cloning", 0);
	O.e[1] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[2] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.e[3] = sim_sys_open("/dev/tun0", 0, &fd);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_devfs_cloning_off_leaves_missing_units_enoent)
{
	struct sim_result r;

	ct_run_clean(body_devfs_cloning_off, &r);
	ck_assert_errno(O.e[0], "ok");
	ck_assert_errno(O.e[1], "ENOENT");	/* tunclone 561, 568 */
	ck_assert_errno(O.e[2], "ok");
	ck_assert_errno(O.e[3], "ok");		/* the node exists: no clone */
	sim_result_clear(&r);
}
END_TEST

static void
body_user_cannot_clone_tun(void)
{
	char out[32];
	int fd;

	pids[0] = ct_proc(1001, "user");
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	root_proc(1);
	O.e[1] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.unload = ct_end(pids, 2);
}

START_TEST(test_unprivileged_open_does_not_clone_tun)
{
	struct sim_result r;

	ct_run_clean(body_user_cannot_clone_tun, &r);
	/* tunclone 556, 568: PRIV_NET_IFCREATE denied, nothing cloned. */
	ck_assert_errno(O.e[0], "ENOENT");
	ck_assert_errno(O.e[1], "ok");		/* tun0 was not created */
	sim_result_clear(&r);
}
END_TEST

/* ---- tun_clone_create ---- */

static void
body_clone_create_units(void)
{
	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun3", O.name[0], 32);
	O.e[1] = sim_sys_ifcreate("tun3", O.name[1], 32);
	O.e[2] = sim_sys_ifcreate("tun", O.name[2], 32);
	O.e[3] = sim_sys_ifcreate("tun", O.name[3], 32);
	O.e[4] = sim_sys_ifdestroy("tun0");
	O.e[5] = sim_sys_ifcreate("tun", O.name[1], 32);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_clone_create_takes_named_unit_or_lowest_free)
{
	struct sim_result r;

	ct_run_clean(body_clone_create_units, &r);
	ck_assert_errno(O.e[0], "ok");
	ck_assert_str_eq(O.name[0], "tun3");
	ck_assert_errno(O.e[1], "EEXIST");
	ck_assert_errno(O.e[2], "ok");		/* alloc_unr, 518 */
	ck_assert_str_eq(O.name[2], "tun0");
	ck_assert_errno(O.e[3], "ok");
	ck_assert_str_eq(O.name[3], "tun1");
	ck_assert_errno(O.e[4], "ok");
	ck_assert_errno(O.e[5], "ok");
	ck_assert_str_eq(O.name[1], "tun0");	/* freed by tun_destroy 625 */
	ck_assert_errno(O.unload, "ok");
	sim_result_clear(&r);
}
END_TEST

static void
body_unit_of_renamed_interface_is_taken(void)
{
	char out[32];

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.e[1] = sim_sys_ifrename("tun0", "vpn0");
	O.e[2] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.unload = ct_end(pids, 1);
}

START_TEST(test_clone_create_of_a_unit_still_allocated_is_eexist)
{
	struct sim_result r;

	ct_run_clean(body_unit_of_renamed_interface_is_taken, &r);
	ck_assert_errno(O.e[0], "ok");
	ck_assert_errno(O.e[1], "ok");
	/* No ifnet is named tun0, but unit 0 is allocated: 515-516. */
	ck_assert_errno(O.e[2], "EEXIST");
	sim_result_clear(&r);
}
END_TEST

/* ---- read and output ---- */

static void
body_read_paths(void)
{
	static uint8_t buf[2048];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_read(fd, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[0]);
	O.e[2] = sim_sys_send("tun0", 64, F_AF_INET);	/* down */
	O.e[3] = sim_sys_ifflags("tun0", 1);
	O.e[4] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[5] = ct_ioctl_get(fd, "FIONREAD", &O.v[0]);
	O.e[6] = sim_sys_read(fd, buf, sizeof(buf), 0, &O.done[1]);
	O.e[7] = ct_ioctl_get(fd, "FIONREAD", &O.v[1]);
	O.e[8] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[9] = sim_sys_read(fd, buf, 10, 0, &O.done[2]);
	O.e[10] = sim_sys_read(fd, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[3]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_read_returns_one_packet_and_drops_the_excess)
{
	struct sim_result r;

	ct_run_clean(body_read_paths, &r);
	ck_assert_errno(O.e[0], "ok");
	ck_assert_errno(O.e[1], "EWOULDBLOCK");	/* tunread 1597-1600 */
	ck_assert_errno(O.e[2], "EHOSTDOWN");	/* tunoutput 1315-1318 */
	ck_assert_errno(O.e[3], "ok");
	ck_assert_errno(O.e[4], "ok");
	ck_assert_errno(O.e[5], "ok");
	ck_assert_int_eq(O.v[0], 64);		/* FIONREAD 1538-1548 */
	ck_assert_errno(O.e[6], "ok");
	ck_assert_uint_eq(O.done[1], 64);
	ck_assert_int_eq(O.v[1], 0);
	ck_assert_errno(O.e[9], "ok");
	ck_assert_uint_eq(O.done[2], 10);
	ck_assert_errno(O.e[10], "EWOULDBLOCK");	/* rest dropped 1621-1624 */
	sim_result_clear(&r);
}
END_TEST

static void
body_output_when_not_open(void)
{
	char out[32];

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.e[1] = sim_sys_ifflags("tun0", 1);
	O.e[2] = sim_sys_send("tun0", 64, F_AF_INET);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_while_closed_is_ehostdown)
{
	struct sim_result r;

	ct_run_clean(body_output_when_not_open, &r);
	ck_assert_errno(O.e[1], "ok");
	ck_assert_errno(O.e[2], "EHOSTDOWN");	/* tunoutput 1309-1313 */
	sim_result_clear(&r);
}
END_TEST

static void
body_output_framing(void)
{
	uint8_t buf[256];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifflags("tun0", 1);
	O.e[2] = ct_ioctl_int(fd, "TUNSLMODE", 1);
	O.e[3] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[4] = sim_sys_read(fd, buf, sizeof(buf), 0, &O.done[0]);
	memcpy(O.buf, buf, 4);
	O.e[5] = ct_ioctl_int(fd, "TUNSIFHEAD", 1);
	O.e[6] = ct_ioctl_get(fd, "TUNGIFHEAD", &O.v[0]);
	O.e[7] = sim_sys_send("tun0", 64, F_AF_INET6);
	O.e[8] = sim_sys_read(fd, buf, sizeof(buf), 0, &O.done[1]);
	memcpy(O.buf + 4, buf, 4);
	O.e[9] = ct_ioctl_int(fd, "TUNSLMODE", 1);
	O.e[10] = ct_ioctl_get(fd, "TUNGIFHEAD", &O.v[1]);
	O.e[11] = ct_ioctl_int(fd, "TUNSLMODE", 0);
	O.e[12] = sim_sys_send("tun0", 64, F_AF_INET6);
	O.e[13] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[14] = sim_sys_read(fd, buf, sizeof(buf), 0, &O.done[2]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_framing_follows_lmode_and_ifhead)
{
	struct sim_result r;

	ct_run_clean(body_output_framing, &r);
	ck_assert_errno(O.e[3], "ok");
	/* TUNSLMODE: the destination sockaddr_in first (1330-1342). */
	ck_assert_uint_eq(O.done[0], 16 + 64);
	ck_assert_uint_eq(O.buf[0], 16);		/* sa_len */
	ck_assert_uint_eq(O.buf[1], F_AF_INET);	/* sa_family */
	/* TUNSIFHEAD clears TUN_LMODE (1444-1446) and frames with af. */
	ck_assert_int_eq(O.v[0], 1);
	ck_assert_errno(O.e[7], "ok");
	ck_assert_uint_eq(O.done[1], 4 + 64);
	ck_assert_uint_eq(O.buf[4], 0);
	ck_assert_uint_eq(O.buf[7], F_AF_INET6);
	/* TUNSLMODE clears TUN_IFHEAD (1434-1436). */
	ck_assert_int_eq(O.v[1], 0);
	/* Neither mode: only AF_INET goes out (1355-1363). */
	ck_assert_errno(O.e[12], "EAFNOSUPPORT");
	ck_assert_errno(O.e[13], "ok");
	ck_assert_uint_eq(O.done[2], 64);
	sim_result_clear(&r);
}
END_TEST

/* ---- write ---- */

static void
body_write_paths(void)
{
	static uint8_t big[F_TUNMRU + 8];
	int fd;

	root_proc(0);
	memset(big, 0x45, sizeof(big));
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_write(fd, big, 20, &O.done[0]);	/* down */
	O.e[2] = sim_sys_ifflags("tun0", 1);
	O.e[3] = sim_sys_write(fd, big, F_TUNMRU + 1, &O.done[1]);
	O.e[4] = sim_sys_write(fd, big, 20, &O.done[2]);
	O.e[5] = ct_ioctl_int(fd, "TUNSIFHEAD", 1);
	big[0] = 0; big[1] = 0; big[2] = 0; big[3] = F_AF_INET;
	O.e[6] = sim_sys_write(fd, big, F_TUNMRU + 4, &O.done[3]);
	O.e[7] = sim_sys_write(fd, big, F_TUNMRU + 5, &O.done[4]);
	big[0] = 0; big[1] = 0; big[2] = 0; big[3] = 99;	/* bad family */
	O.e[8] = sim_sys_write(fd, big, 24, &O.done[5]);
	big[3] = F_AF_INET6;
	O.e[9] = sim_sys_write(fd, big, 24, &O.done[6]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_write_checks_up_mru_and_family)
{
	struct sim_result r;

	ct_run_clean(body_write_paths, &r);
	ck_assert_errno(O.e[1], "ok");		/* ignored while down 1730 */
	ck_assert_uint_eq(O.done[0], 0);
	ck_assert_errno(O.e[3], "EIO");		/* > TUNMRU 1744-1747 */
	ck_assert_errno(O.e[4], "ok");
	ck_assert_uint_eq(O.done[2], 20);
	ck_assert_errno(O.e[6], "ok");		/* + 4 with IFHEAD 1742 */
	ck_assert_errno(O.e[7], "EIO");
	ck_assert_errno(O.e[8], "EAFNOSUPPORT");	/* 1698-1700 */
	ck_assert_errno(O.e[9], "ok");
	sim_result_clear(&r);
}
END_TEST

static void
body_write_enobufs(void)
{
	uint8_t pkt[20];
	int fd;

	root_proc(0);
	memset(pkt, 0x45, sizeof(pkt));
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifflags("tun0", 1);
	O.e[2] = sim_sys_write(fd, pkt, sizeof(pkt), &O.done[0]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_write_without_mbufs_is_enobufs)
{
	struct test_prog p = { .setup = body_write_enobufs,
	    .load_module = true, .fault_malloc = 1.0 };
	struct sim_result r;
	enum sim_violation_kind k;

	k = test_run(&p, 1, &r);
	ck_assert_msg(k == SIM_V_NONE, "%s: %s", sim_violation_name(k),
	    r.message ? r.message : "");
	ck_assert_errno(O.e[0], "ok");
	ck_assert_errno(O.e[2], "ENOBUFS");	/* m_uiotombuf 1749-1752 */
	sim_result_clear(&r);
}
END_TEST

/* ---- ioctls ---- */

static void
body_ioctls(void)
{
	struct sim_ioarg a;
	int fd;

	O.pid = root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = ct_ioctl_int(fd, "TUNSIFMODE", F_IFF_BROADCAST);
	O.e[2] = ct_ioctl_int(fd, "TUNSIFMODE", 0x1234);
	O.e[3] = ct_ioctl_int(fd, "TUNSIFMODE",
	    F_IFF_POINTOPOINT | F_IFF_MULTICAST);
	O.e[4] = sim_sys_ifflags("tun0", 1);
	O.e[5] = ct_ioctl_int(fd, "TUNSIFMODE", F_IFF_BROADCAST);
	memset(&a, 0, sizeof(a));
	a.set = SIM_IOA_TYPE;
	a.type = F_IFT_ETHER;
	O.e[6] = ct_ioctl(fd, "TUNSIFINFO", &a);
	memset(&a, 0, sizeof(a));
	a.set = SIM_IOA_BAUD;
	a.baudrate = 9600;
	O.e[7] = ct_ioctl(fd, "TUNSIFINFO", &a);
	memset(&a, 0, sizeof(a));
	O.e[8] = ct_ioctl(fd, "TUNGIFINFO", &a);
	O.v[0] = a.mtu;
	O.v[1] = a.type;
	O.v[2] = a.baudrate;
	O.e[9] = ct_ioctl_int(fd, "TUNSDEBUG", 1);
	O.e[10] = ct_ioctl_get(fd, "TUNGDEBUG", &O.v[3]);
	O.e[11] = ct_ioctl_int(fd, "TUNSDEBUG", 0);
	O.e[12] = ct_ioctl_int(fd, "FIONBIO", 1);
	O.e[13] = ct_ioctl(fd, "TUNSIFPID", &a);
	O.e[14] = ct_ioctl_int(fd, "FIOSETOWN", O.pid);
	O.e[15] = ct_ioctl_get(fd, "FIOGETOWN", &O.v[4]);
	O.e[16] = ct_ioctl_get(fd, "TIOCGPGRP", &O.v[5]);
	O.e[17] = ct_ioctl_int(fd, "FIOASYNC", 1);
	O.e[18] = ct_ioctl_int(fd, "VMIO_SIOCSIFFLAGS", 0);
	memset(&a, 0, sizeof(a));
	O.e[19] = ct_ioctl(fd, "SIOCGIFADDR", &a);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tun_ioctls_follow_tunioctl)
{
	struct sim_result r;

	ct_run_clean(body_ioctls, &r);
	ck_assert_errno(O.e[0], "ok");
	/* TUNSIFMODE 1458-1477. */
	ck_assert_errno(O.e[1], "ok");
	ck_assert_errno(O.e[2], "EINVAL");
	ck_assert_errno(O.e[3], "ok");
	ck_assert_errno(O.e[5], "EBUSY");	/* deny if up, 1460-1461 */
	/* TUNSIFINFO/TUNGIFINFO 1494-1521. */
	ck_assert_errno(O.e[6], "EPROTOTYPE");
	ck_assert_errno(O.e[7], "ok");
	ck_assert_errno(O.e[8], "ok");
	ck_assert_int_eq(O.v[0], F_TUNMTU);
	ck_assert_int_eq(O.v[1], F_IFT_PPP);
	ck_assert_int_eq(O.v[2], 9600);
	ck_assert_errno(O.e[9], "ok");		/* TUNSDEBUG/TUNGDEBUG */
	ck_assert_int_eq(O.v[3], 1);
	ck_assert_errno(O.e[12], "ok");		/* FIONBIO: nothing to do */
	ck_assert_errno(O.e[13], "ok");		/* TUNSIFPID */
	ck_assert_errno(O.e[14], "ok");		/* FIOSETOWN */
	ck_assert_int_eq(O.v[4], O.pid);	/* FIOGETOWN */
	ck_assert_int_eq(O.v[5], -O.pid);	/* TIOCGPGRP = -fgetown */
	ck_assert_errno(O.e[17], "ok");		/* FIOASYNC */
	/* tap-only ioctls reach the common switch on tun: ENOTTY. */
	ck_assert_errno(O.e[18], "ENOTTY");
	ck_assert_errno(O.e[19], "ENOTTY");
	sim_result_clear(&r);
}
END_TEST

static void
body_tunsifinfo_mtu(void)
{
	struct sim_ioarg a;
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	memset(&a, 0, sizeof(a));
	a.set = SIM_IOA_MTU;
	a.mtu = 1400;
	O.e[1] = ct_ioctl(fd, "TUNSIFINFO", &a);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tunsifinfo_mtu_change_takes_an_sx_under_tun_mtx)
{
	struct sim_result r;
	enum sim_violation_kind k;

	/*
	 * Upstream bug kept by the model: 1498-1504 call ifhwioctl with
	 * tun_mtx held, which reaches tunifioctl's sx_xlock (1218).
	 */
	k = test_run1_module(body_tunsifinfo_mtu, &r);
	ck_assert_msg(k == SIM_V_SLEEP_WITH_MUTEX, "got %s",
	    sim_violation_name(k));
	sim_result_clear(&r);
}
END_TEST

/* ---- poll and kqueue ---- */

static void
body_poll_kevent(void)
{
	intptr_t data[3] = { 0, 0, 0 };
	int fd, ev[2] = { 0, 0 }, ready[3] = { 0, 0, 0 };

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifflags("tun0", 1);
	O.e[2] = sim_sys_poll(fd, SIM_POLLIN | SIM_POLLOUT, 0, &ev[0]);
	O.e[3] = sim_sys_kevent(fd, SIM_EVFILT_READ, &ready[0], &data[0]);
	O.e[4] = sim_sys_kevent(fd, SIM_EVFILT_WRITE, &ready[1], &data[1]);
	O.e[5] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[6] = sim_sys_poll(fd, SIM_POLLIN, 0, &ev[1]);
	O.e[7] = sim_sys_kevent(fd, SIM_EVFILT_READ, &ready[2], &data[2]);
	O.v[0] = ev[0];
	O.v[1] = ready[0];
	O.v[3] = ready[1];
	O.v[4] = data[1];
	O.v[5] = ev[1];
	O.v[6] = ready[2];
	O.v[7] = data[2];
	O.unload = ct_end(pids, 1);
}

START_TEST(test_poll_and_kevent_report_queued_packets_and_writability)
{
	struct sim_result r;

	ct_run_clean(body_poll_kevent, &r);
	ck_assert_errno(O.e[2], "ok");
	ck_assert_int_eq((int)O.v[0], SIM_POLLOUT);	/* tunpoll 1779-1790 */
	ck_assert_errno(O.e[3], "ok");
	ck_assert_int_eq((int)O.v[1], 0);		/* tunkqread 1840-1850 */
	ck_assert_errno(O.e[4], "ok");
	ck_assert_int_eq((int)O.v[3], 1);		/* tunkqwrite 1864-1866 */
	ck_assert_int_eq(O.v[4], F_TUNMTU);
	ck_assert_errno(O.e[5], "ok");
	ck_assert_int_eq((int)O.v[5], SIM_POLLIN);
	ck_assert_int_eq((int)O.v[6], 1);
	ck_assert_int_eq(O.v[7], 1);		/* ifq_len */
	sim_result_clear(&r);
}
END_TEST

/* ---- close ---- */

static void
body_close_downs_and_drains(void)
{
	uint8_t buf[256];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tun0", 0x0a000001, 0x0a000002);
	O.e[2] = sim_sys_send("tun0", 64, F_AF_INET);
	O.e[3] = sim_sys_close(fd);
	O.e[4] = sim_sys_open("/dev/tun0", 0, &fd);
	O.e[5] = sim_sys_read(fd, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[0]);
	O.e[6] = ct_ioctl_int(fd, "TUNSIFMODE", F_IFF_BROADCAST);
	O.e[7] = sim_sys_write(fd, buf, 20, &O.done[1]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_last_close_drains_the_queue_and_brings_tun_down)
{
	struct sim_result r;

	ct_run_clean(body_close_downs_and_drains, &r);
	ck_assert_errno(O.e[1], "ok");		/* tuninit brings it up */
	ck_assert_errno(O.e[2], "ok");
	ck_assert_errno(O.e[3], "ok");
	ck_assert_errno(O.e[4], "ok");
	ck_assert_errno(O.e[5], "EWOULDBLOCK");	/* IFQ_PURGE 1100 */
	ck_assert_errno(O.e[6], "ok");		/* down: if_down 1108-1112 */
	ck_assert_errno(O.e[7], "ok");
	ck_assert_uint_eq(O.done[1], 0);	/* write ignored while down */
	sim_result_clear(&r);
}
END_TEST

/* ---- rename aliases ---- */

static void
body_rename_aliases(void)
{
	char out[32];
	int fd, fd2;

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.e[1] = sim_sys_ifrename("tun0", "vpn0");
	O.e[2] = sim_sys_open("/dev/vpn0", 0, &fd);
	O.e[3] = ct_ioctl_name(fd, "TUNGIFNAME", O.name[0]);
	O.e[4] = sim_sys_open("/dev/tun0", 0, &fd2);	/* same cdev */
	O.e[5] = sim_sys_close(fd);
	O.e[6] = sim_sys_ifrename("vpn0", "vpn1");
	O.e[7] = sim_sys_open("/dev/vpn0", 0, &fd);
	O.e[8] = sim_sys_open("/dev/vpn1", 0, &fd);
	O.e[9] = sim_sys_close(fd);
	O.e[10] = sim_sys_ifrename("vpn1", "tun0");
	O.e[11] = sim_sys_open("/dev/vpn1", 0, &fd);
	O.e[12] = sim_sys_open("/dev/tun0", 0, &fd);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_rename_makes_replaces_and_removes_the_dev_alias)
{
	struct sim_result r;

	ct_run_clean(body_rename_aliases, &r);
	ck_assert_errno(O.e[1], "ok");
	ck_assert_errno(O.e[2], "ok");		/* alias made 978-979 */
	ck_assert_str_eq(O.name[0], "vpn0");
	ck_assert_errno(O.e[4], "EBUSY");	/* alias of the open cdev */
	ck_assert_errno(O.e[6], "ok");
	ck_assert_errno(O.e[7], "ENOENT");	/* old alias destroyed 963-966 */
	ck_assert_errno(O.e[8], "ok");
	ck_assert_errno(O.e[10], "ok");
	ck_assert_errno(O.e[11], "ENOENT");	/* name = si_name: no alias */
	ck_assert_errno(O.e[12], "ok");
	sim_result_clear(&r);
}
END_TEST

/* ---- two threads ---- */

static int shared_pid, shared_fd;

static void
setup_open_up(void)
{
	shared_pid = root_proc(0);
	O.e[0] = sim_sys_open("/dev/tun0", 0, &shared_fd);
	O.e[1] = sim_sys_ifflags("tun0", 1);
}

static void
thread_reader_or_sender(int i)
{
	uint8_t buf[256];

	sim_sys_setproc(shared_pid);
	if (i == 0)
		O.e[2] = sim_sys_read(shared_fd, buf, sizeof(buf), 0,
		    &O.done[0]);
	else
		O.e[3] = sim_sys_send("tun0", 64, F_AF_INET);
}

static void
teardown_all(void)
{
	O.unload = ct_end(pids, 1);
}

START_TEST(test_blocking_read_is_woken_by_output)
{
	struct test_prog p = { .setup = setup_open_up, .nthreads = 2,
	    .thread = thread_reader_or_sender, .teardown = teardown_all,
	    .load_module = true };
	struct sim_result r;
	uint64_t seed;

	for (seed = 0; seed < 20; seed++) {
		enum sim_violation_kind k;

		memset(&O, 0, sizeof(O));
		k = test_run(&p, seed, &r);
		ck_assert_msg(k == SIM_V_NONE, "seed %llu: %s: %s",
		    (unsigned long long)seed, sim_violation_name(k),
		    r.message ? r.message : "");
		ck_assert_errno(O.e[3], "ok");
		ck_assert_errno(O.e[2], "ok");	/* tunread 1601-1607, 788-792 */
		ck_assert_uint_eq(O.done[0], 64);
		sim_result_clear(&r);
	}
}
END_TEST

static void
setup_create(void)
{
	char out[32];

	root_proc(0);
	pids[1] = sim_sys_newproc(0, "opener");
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
}

static void
thread_opener_or_destroyer(int i)
{
	int fd;

	if (i == 0) {
		sim_sys_setproc(pids[1]);
		O.e[1] = sim_sys_open("/dev/tun0", 0, &fd);
		if (O.e[1] == 0) {
			/* Give the destroyer room to run while we hold it. */
			O.e[4] = ct_ioctl_name(fd, "TUNGIFNAME", O.name[0]);
			O.e[5] = ct_ioctl_name(fd, "TUNGIFNAME", O.name[0]);
			O.e[6] = ct_ioctl_name(fd, "TUNGIFNAME", O.name[0]);
			O.e[2] = sim_sys_close(fd);
			O.seq_close = ++O.seq;
			O.v[0]++;
		}
	} else {
		sim_sys_setproc(pids[0]);
		O.e[3] = sim_sys_ifdestroy("tun0");
		O.seq_destroy = ++O.seq;
	}
}

static void
teardown_two(void)
{
	O.unload = ct_end(pids, 2);
}

START_TEST(test_destroy_waits_until_the_open_device_is_closed)
{
	struct test_prog p = { .setup = setup_create, .nthreads = 2,
	    .thread = thread_opener_or_destroyer, .teardown = teardown_two,
	    .load_module = true };
	struct sim_result r;
	uint64_t seed;
	int opened = 0;

	for (seed = 0; seed < 30; seed++) {
		enum sim_violation_kind k;

		memset(&O, 0, sizeof(O));
		k = test_run(&p, seed, &r);
		ck_assert_msg(k == SIM_V_NONE, "seed %llu: %s: %s",
		    (unsigned long long)seed, sim_violation_name(k),
		    r.message ? r.message : "");
		ck_assert_errno(O.e[3], "ok");
		/*
		 * tun_destroy 602-605: open means busy, so destroy waits for
		 * the last close; the device keeps working until then.
		 */
		if (O.e[1] == 0) {
			opened++;
			ck_assert_errno(O.e[4], "ok");
			ck_assert_errno(O.e[5], "ok");
			ck_assert_errno(O.e[6], "ok");
			ck_assert_errno(O.e[2], "ok");
			ck_assert_int_lt(O.seq_close, O.seq_destroy);
		}
		sim_result_clear(&r);
	}
	ck_assert_int_gt(opened, 0);	/* the interesting case was seen */
}
END_TEST

/* ---- unload ---- */

static void
body_unload_destroys_everything(void)
{
	char out[32];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tun0", out, sizeof(out));
	O.e[1] = sim_sys_ifcreate("tap0", out, sizeof(out));
	O.e[2] = sim_sys_ifcreate("vmnet0", out, sizeof(out));
	O.e[3] = sim_sys_open("/dev/tun1", 0, &fd);
	O.e[4] = sim_sys_close(fd);
	O.v[0] = sim_obj_live_count("tun");
	O.unload = ct_end(pids, 1);
	O.v[1] = sim_obj_live_count("tun");
	O.v[2] = sim_obj_live_count("ifnet");
}

START_TEST(test_unload_destroys_every_interface)
{
	struct sim_result r;

	ct_run_clean(body_unload_destroys_everything, &r);
	ck_assert_errno(O.e[3], "ok");
	ck_assert_int_gt(O.v[0], 4);		/* 4 softcs + 3 cloners */
	ck_assert_errno(O.unload, "ok");	/* tun_uninit 683-708 */
	ck_assert_int_eq(O.v[1], 0);
	ck_assert_int_eq(O.v[2], 0);
	sim_result_clear(&r);
}
END_TEST

static void
reset(void)
{

	memset(&O, 0, sizeof(O));
	memset(pids, 0, sizeof(pids));
}

Suite *
tun_contract_suite(void)
{
	Suite *s = suite_create("tun_contract");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc,
	    test_open_of_missing_unit_clones_it_and_second_open_is_ebusy);
	tcase_add_test(tc, test_open_of_bare_tun_clones_the_lowest_free_unit);
	tcase_add_test(tc, test_devfs_cloning_off_leaves_missing_units_enoent);
	tcase_add_test(tc, test_unprivileged_open_does_not_clone_tun);
	tcase_add_test(tc, test_clone_create_takes_named_unit_or_lowest_free);
	tcase_add_test(tc,
	    test_clone_create_of_a_unit_still_allocated_is_eexist);
	suite_add_tcase(s, tc);

	tc = tcase_create("io");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, test_read_returns_one_packet_and_drops_the_excess);
	tcase_add_test(tc, test_output_while_closed_is_ehostdown);
	tcase_add_test(tc, test_output_framing_follows_lmode_and_ifhead);
	tcase_add_test(tc, test_write_checks_up_mru_and_family);
	tcase_add_test(tc, test_write_without_mbufs_is_enobufs);
	tcase_add_test(tc,
	    test_poll_and_kevent_report_queued_packets_and_writability);
	tcase_add_test(tc, test_last_close_drains_the_queue_and_brings_tun_down);
	suite_add_tcase(s, tc);

	tc = tcase_create("ioctl");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, test_tun_ioctls_follow_tunioctl);
	tcase_add_test(tc, test_tunsifinfo_mtu_change_takes_an_sx_under_tun_mtx);
	suite_add_tcase(s, tc);

	tc = tcase_create("lifecycle");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, test_rename_makes_replaces_and_removes_the_dev_alias);
	tcase_add_test(tc, test_blocking_read_is_woken_by_output);
	tcase_add_test(tc, test_destroy_waits_until_the_open_device_is_closed);
	tcase_add_test(tc, test_unload_destroys_every_interface);
	suite_add_tcase(s, tc);
	return (s);
}
