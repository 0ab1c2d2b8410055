/*
 * check_tap_contract.c - the tap(4) and vmnet contract of if_tuntap.c
 * (edca4938) through the sim_sys_* system calls: privilege and user_open,
 * devfs cloning, up_on_open, the remote MAC ioctls, VMIO_SIOCSIFFLAGS, the
 * write path and what the last close leaves up.  Each expected outcome
 * cites the upstream lines or tap(4) that decide it.
 */
#include <check.h>
#include <string.h>

#include "contract_util.h"

#define	F_IFT_ETHER	0x6
#define	F_IFT_PPP	0x17
#define	F_ETHERMTU	1500
#define	F_TAPMRU	16384	/* net/if_tap.h at edca4938 */
#define	F_UID_UUCP	66	/* owner of the tap nodes (make_dev 527) */

static struct {
	int	e[32];
	int64_t	v[8];
	size_t	done[8];
	char	name[2][32];
	uint8_t	mac[3][6];
	int	unload;
} O;

static int pids[4];

static int
proc_as(int slot, int uid)
{

	pids[slot] = ct_proc(uid, uid == 0 ? "root" : "user");
	return (pids[slot]);
}

/* A broadcast Ethernet frame of len bytes (passes tunwrite_l2's filter). */
static void
frame(uint8_t *buf, size_t len)
{

	memset(buf, 0, len);
	memset(buf, 0xff, 6);
	buf[6] = 0x02;
	buf[12] = 0x08;		/* ETHERTYPE_IP */
}

/* ---- open: privilege, user_open, devfs cloning ---- */

static void
body_root_opens_tap_and_vmnet(void)
{
	int fd, fd2;

	proc_as(0, 0);
	O.e[0] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[1] = ct_ioctl_name(fd, "TAPGIFNAME", O.name[0]);
	O.e[2] = sim_sys_open("/dev/vmnet0", 0, &fd2);
	O.e[3] = ct_ioctl_name(fd2, "TAPGIFNAME", O.name[1]);
	O.e[4] = sim_sys_open("/dev/tap0", 0, &fd);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_root_open_clones_tap_and_vmnet)
{
	struct sim_result r;

	ct_run_clean(body_root_opens_tap_and_vmnet, &r);
	ck_assert_errno(O.e[0], "ok");		/* tunclone, tunopen */
	ck_assert_str_eq(O.name[0], "tap0");
	ck_assert_errno(O.e[2], "ok");
	ck_assert_str_eq(O.name[1], "vmnet0");
	ck_assert_errno(O.e[4], "EBUSY");	/* exclusive, 1027-1031 */
	ck_assert_errno(O.unload, "ok");
	sim_result_clear(&r);
}
END_TEST

static void
body_tap_needs_privilege_unless_user_open(void)
{
	char out[32];
	int fd;

	proc_as(0, 0);
	O.e[0] = sim_sys_ifcreate("tap0", out, sizeof(out));
	proc_as(1, F_UID_UUCP);		/* passes the node's 0600 uucp mode */
	O.e[1] = sim_sys_open("/dev/tap0", 0, &fd);
	sim_sys_setproc(pids[0]);
	O.e[2] = sim_sys_sysctl("net.link.tap.user_open", 1);
	sim_sys_setproc(pids[1]);
	O.e[3] = sim_sys_open("/dev/tap0", 0, &fd);
	O.unload = ct_end(pids, 2);
}

START_TEST(test_tap_open_needs_priv_net_tap_unless_user_open)
{
	struct sim_result r;

	ct_run_clean(body_tap_needs_privilege_unless_user_open, &r);
	ck_assert_errno(O.e[0], "ok");
	ck_assert_errno(O.e[1], "EPERM");	/* priv_check 1002-1008 */
	ck_assert_errno(O.e[2], "ok");
	ck_assert_errno(O.e[3], "ok");
	sim_result_clear(&r);
}
END_TEST

static void
body_user_open_lets_users_clone(void)
{
	char out[32];
	int fd;

	proc_as(0, 0);
	O.e[0] = sim_sys_sysctl("net.link.tap.user_open", 1);
	proc_as(1, 1001);
	O.e[1] = sim_sys_open("/dev/tap0", 0, &fd);
	sim_sys_setproc(pids[0]);
	O.e[2] = sim_sys_ifcreate("tap0", out, sizeof(out));
	O.e[3] = sim_sys_sysctl("net.link.tap.devfs_cloning", 0);
	sim_sys_setproc(pids[1]);
	O.e[4] = sim_sys_open("/dev/tap1", 0, &fd);
	sim_sys_setproc(pids[0]);
	O.e[5] = sim_sys_ifcreate("tap1", out, sizeof(out));
	O.unload = ct_end(pids, 2);
}

START_TEST(test_user_open_lets_a_user_clone_tap_but_not_open_the_node)
{
	struct sim_result r;

	ct_run_clean(body_user_open_lets_users_clone, &r);
	/* tunclone 557-559: cloned; the node is 0600 uucp: EACCES. */
	ck_assert_errno(O.e[1], "EACCES");
	ck_assert_errno(O.e[2], "EEXIST");	/* tap0 was created */
	/* devfs_cloning=0: no clone at all. */
	ck_assert_errno(O.e[4], "ENOENT");
	ck_assert_errno(O.e[5], "ok");
	sim_result_clear(&r);
}
END_TEST

/* ---- up_on_open, VMIO_SIOCSIFFLAGS, writes ---- */

static void
body_up_on_open(void)
{
	uint8_t buf[64];
	int fd, fd2;

	frame(buf, sizeof(buf));
	proc_as(0, 0);
	O.e[0] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[1] = sim_sys_write(fd, buf, 60, &O.done[0]);
	O.e[2] = sim_sys_sysctl("net.link.tap.up_on_open", 1);
	O.e[3] = sim_sys_open("/dev/tap1", 0, &fd2);
	O.e[4] = sim_sys_write(fd2, buf, 60, &O.done[1]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_up_on_open_brings_tap_up)
{
	struct sim_result r;

	ct_run_clean(body_up_on_open, &r);
	ck_assert_errno(O.e[1], "ok");
	ck_assert_uint_eq(O.done[0], 0);	/* down: ignored, 1730-1732 */
	ck_assert_errno(O.e[4], "ok");
	ck_assert_uint_eq(O.done[1], 60);	/* tapuponopen 1044-1045 */
	sim_result_clear(&r);
}
END_TEST

static void
body_vmio_and_write(void)
{
	static uint8_t buf[F_TAPMRU + 8];
	int fd;

	frame(buf, sizeof(buf));
	proc_as(0, 0);
	O.e[0] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[1] = ct_ioctl_int(fd, "VMIO_SIOCSIFFLAGS", 0);
	O.e[2] = sim_sys_write(fd, buf, 60, &O.done[0]);
	O.e[3] = sim_sys_write(fd, buf, F_TAPMRU + 1, &O.done[1]);
	O.e[4] = sim_sys_write(fd, buf, 10, &O.done[2]);	/* runt */
	buf[0] = 0x02;		/* unicast, not our address */
	O.e[5] = sim_sys_write(fd, buf, 60, &O.done[3]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_vmio_siocsifflags_sets_up_and_writes_check_the_mru)
{
	struct sim_result r;

	ct_run_clean(body_vmio_and_write, &r);
	ck_assert_errno(O.e[1], "ok");		/* IFF_UP forced 1405 */
	ck_assert_errno(O.e[2], "ok");
	ck_assert_uint_eq(O.done[0], 60);
	ck_assert_errno(O.e[3], "EIO");		/* > TAPMRU 1744-1747 */
	ck_assert_errno(O.e[4], "ok");		/* runt dropped 1640-1643 */
	ck_assert_errno(O.e[5], "ok");		/* filtered 1647-1652 */
	sim_result_clear(&r);
}
END_TEST

/* ---- the remote MAC ---- */

static void
body_remote_mac(void)
{
	static const uint8_t lladdr[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	char out[32];
	struct sim_ioarg a;
	int fd;

	proc_as(0, 0);
	O.e[0] = sim_sys_ifcreate("tap0", out, sizeof(out));
	O.e[1] = sim_sys_ifether("tap0", lladdr);
	O.e[2] = sim_sys_open("/dev/tap0", 0, &fd);
	memset(&a, 0, sizeof(a));
	O.e[3] = ct_ioctl(fd, "SIOCGIFADDR", &a);
	memcpy(O.mac[0], a.mac, 6);
	memset(&a, 0, sizeof(a));
	a.set = SIM_IOA_MAC;
	memcpy(a.mac, lladdr, 6);
	a.mac[5] = 0x99;
	O.e[4] = ct_ioctl(fd, "SIOCSIFADDR", &a);
	memset(&a, 0, sizeof(a));
	O.e[5] = ct_ioctl(fd, "SIOCGIFADDR", &a);
	memcpy(O.mac[1], a.mac, 6);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_siocgifaddr_and_siocsifaddr_get_and_set_the_remote_mac)
{
	struct sim_result r;

	ct_run_clean(body_remote_mac, &r);
	ck_assert_errno(O.e[1], "ok");
	ck_assert_errno(O.e[3], "ok");
	/* tunopen copies the lladdr at open (1038-1039). */
	ck_assert_uint_eq(O.mac[0][0], 0x02);
	ck_assert_uint_eq(O.mac[0][5], 0x01);
	ck_assert_errno(O.e[4], "ok");		/* 1420-1426 */
	ck_assert_uint_eq(O.mac[1][5], 0x99);
	sim_result_clear(&r);
}
END_TEST

/* ---- ioctls ---- */

static void
body_tap_ioctls(void)
{
	struct sim_ioarg a;
	int fd;

	proc_as(0, 0);
	O.e[0] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[1] = ct_ioctl_int(fd, "TUNSIFMODE", 0x2);
	O.e[2] = ct_ioctl_int(fd, "TUNSLMODE", 1);
	O.e[3] = ct_ioctl_int(fd, "TUNSIFHEAD", 1);
	memset(&a, 0, sizeof(a));
	a.set = SIM_IOA_TYPE;
	a.type = F_IFT_PPP;
	O.e[4] = ct_ioctl(fd, "TAPSIFINFO", &a);
	memset(&a, 0, sizeof(a));
	a.set = SIM_IOA_BAUD;
	a.baudrate = 100;
	O.e[5] = ct_ioctl(fd, "TAPSIFINFO", &a);
	memset(&a, 0, sizeof(a));
	O.e[6] = ct_ioctl(fd, "TAPGIFINFO", &a);
	O.v[0] = a.mtu;
	O.v[1] = a.type;
	O.v[2] = a.baudrate;
	O.e[7] = ct_ioctl_int(fd, "TAPSDEBUG", 1);
	O.e[8] = ct_ioctl_get(fd, "TAPGDEBUG", &O.v[3]);
	O.e[9] = ct_ioctl_int(fd, "TAPSDEBUG", 0);
	O.e[10] = ct_ioctl_get(fd, "FIONREAD", &O.v[4]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tap_ioctls_follow_tunioctl)
{
	struct sim_result r;

	ct_run_clean(body_tap_ioctls, &r);
	/* tun-only ioctls fall to the common switch: ENOTTY (1565). */
	ck_assert_errno(O.e[1], "ENOTTY");
	ck_assert_errno(O.e[2], "ENOTTY");
	ck_assert_errno(O.e[3], "ENOTTY");
	ck_assert_errno(O.e[4], "EPROTOTYPE");	/* 1496-1497 */
	ck_assert_errno(O.e[5], "ok");
	ck_assert_errno(O.e[6], "ok");
	ck_assert_int_eq(O.v[0], F_ETHERMTU);
	ck_assert_int_eq(O.v[1], F_IFT_ETHER);
	ck_assert_int_eq(O.v[2], 100);
	ck_assert_int_eq(O.v[3], 1);
	ck_assert_errno(O.e[10], "ok");
	ck_assert_int_eq(O.v[4], 0);
	sim_result_clear(&r);
}
END_TEST

/* ---- last close ---- */

static void
body_close_leaves(void)
{
	uint8_t buf[64];
	int fd;

	frame(buf, sizeof(buf));
	proc_as(0, 0);
	/* tap: brought down. */
	O.e[0] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[1] = sim_sys_ifflags("tap0", 1);
	O.e[2] = sim_sys_close(fd);
	O.e[3] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[4] = sim_sys_write(fd, buf, 60, &O.done[0]);
	O.e[5] = sim_sys_close(fd);
	/* tap with IFF_LINK0: left up. */
	O.e[6] = sim_sys_open("/dev/tap1", 0, &fd);
	O.e[7] = sim_sys_iflink0("tap1", 1);
	O.e[8] = sim_sys_ifflags("tap1", 1);
	O.e[9] = sim_sys_close(fd);
	O.e[10] = sim_sys_open("/dev/tap1", 0, &fd);
	O.e[11] = sim_sys_write(fd, buf, 60, &O.done[1]);
	O.e[12] = sim_sys_close(fd);
	/* vmnet: left up. */
	O.e[13] = sim_sys_open("/dev/vmnet0", 0, &fd);
	O.e[14] = sim_sys_ifflags("vmnet0", 1);
	O.e[15] = sim_sys_close(fd);
	O.e[16] = sim_sys_open("/dev/vmnet0", 0, &fd);
	O.e[17] = sim_sys_write(fd, buf, 60, &O.done[2]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_last_close_downs_tap_but_not_vmnet_or_link0)
{
	struct sim_result r;

	ct_run_clean(body_close_leaves, &r);
	ck_assert_errno(O.e[1], "ok");
	ck_assert_errno(O.e[4], "ok");
	ck_assert_uint_eq(O.done[0], 0);	/* if_down 1108-1112 */
	ck_assert_errno(O.e[7], "ok");
	ck_assert_errno(O.e[11], "ok");
	ck_assert_uint_eq(O.done[1], 60);	/* LINK0: 1104-1106 */
	ck_assert_errno(O.e[17], "ok");
	ck_assert_uint_eq(O.done[2], 60);	/* VMNET: 1104-1106 */
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
tap_contract_suite(void)
{
	Suite *s = suite_create("tap_contract");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, test_root_open_clones_tap_and_vmnet);
	tcase_add_test(tc, test_tap_open_needs_priv_net_tap_unless_user_open);
	tcase_add_test(tc,
	    test_user_open_lets_a_user_clone_tap_but_not_open_the_node);
	tcase_add_test(tc, test_up_on_open_brings_tap_up);
	suite_add_tcase(s, tc);

	tc = tcase_create("io");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc,
	    test_vmio_siocsifflags_sets_up_and_writes_check_the_mru);
	tcase_add_test(tc,
	    test_siocgifaddr_and_siocsifaddr_get_and_set_the_remote_mac);
	tcase_add_test(tc, test_tap_ioctls_follow_tunioctl);
	tcase_add_test(tc, test_last_close_downs_tap_but_not_vmnet_or_link0);
	suite_add_tcase(s, tc);
	return (s);
}
