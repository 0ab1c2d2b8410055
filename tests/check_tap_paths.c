/*
 * check_tap_paths.c - the less travelled paths of if_tuntap.c (edca4938)
 * for tap and vmnet: output while the device is closed (tap junks it,
 * vmnet keeps it), the last close junking several queued frames, the
 * unicast filter of tunwrite_l2 (our address, another, promiscuous,
 * multicast), SIGIO and a sleeping reader woken by tunstart_l2, the
 * interface ioctls tunifioctl answers for an Ethernet tunnel
 * (SIOCGIFMEDIA, SIOCGIFSTATUS, SIOCGIFADDR through ether_ioctl), the
 * debug notes of the tap knob, and cloning refused to a user.  Each
 * expected outcome cites the upstream lines or tap(4) that decide it.
 */
#include <check.h>
#include <string.h>

#include "contract_util.h"

#define	F_AF_INET		2
#define	F_ETHER_HDR_LEN		14
#define	F_ARP_LEN		(F_ETHER_HDR_LEN + 28)	/* gratuitous ARP */
#define	F_IFM_AVALID		0x1	/* net/if_media.h */
#define	F_IFM_ACTIVE		0x2
#define	F_IFM_ETHER		0x20
#define	F_IFCOUNTER_IPACKETS	0	/* ift_counter, net/if.h */
#define	F_IFCOUNTER_OERRORS	3

/* tests/kern/t_paths.c */
int	t_paths_ifstatus(const char *ifname, char *buf, size_t len);
int	t_paths_ifmedia(const char *ifname, int count, int out[5]);
int	t_paths_ifgetaddr(const char *ifname, uint8_t mac[6]);
int	t_paths_ifpromisc(const char *ifname, int on);
int64_t	t_paths_counter(const char *ifname, int counter);

static const uint8_t our_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t other_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t mcast_mac[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x01 };

static struct {
	int	e[48];
	int64_t	v[16];
	size_t	done[8];
	int	media[3][5];
	char	text[2][64];
	uint8_t	mac[6];
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

/* A 60-byte IPv4 Ethernet frame to dst. */
static void
frame_to(uint8_t *buf, const uint8_t *dst)
{

	memset(buf, 0, 60);
	memcpy(buf, dst, 6);
	buf[6] = 0x02;
	buf[11] = 0x99;
	buf[12] = 0x08;		/* ETHERTYPE_IP */
}

/* ---- output while closed: tap junks, vmnet keeps ---- */

static void
body_closed_output(void)
{
	uint8_t buf[256];
	char out[32];
	int fd, fd2;

	root_proc(0);
	O.e[0] = sim_sys_sysctl("net.link.tap.debug", 1);
	O.e[1] = sim_sys_ifcreate("tap0", out, sizeof(out));
	O.e[2] = sim_sys_ifcreate("vmnet0", out, sizeof(out));
	/* The address starts the interface and sends a gratuitous ARP. */
	O.e[3] = sim_sys_ifaddr("tap0", 0x0a000001, 0);
	O.e[4] = sim_sys_ifaddr("vmnet0", 0x0a000101, 0);
	O.e[5] = sim_sys_send("tap0", 64, F_AF_INET);
	O.e[6] = sim_sys_send("vmnet0", 64, F_AF_INET);
	O.v[0] = t_paths_counter("tap0", F_IFCOUNTER_OERRORS);
	O.v[1] = t_paths_counter("vmnet0", F_IFCOUNTER_OERRORS);
	O.e[7] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[8] = ct_ioctl_get(fd, "FIONREAD", &O.v[2]);
	O.e[9] = sim_sys_read(fd, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[0]);
	O.e[10] = sim_sys_open("/dev/vmnet0", 0, &fd2);
	O.e[11] = ct_ioctl_get(fd2, "FIONREAD", &O.v[3]);
	O.e[12] = sim_sys_read(fd2, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[1]);
	O.e[13] = sim_sys_read(fd2, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[2]);
	O.e[14] = sim_sys_read(fd2, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[3]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_output_while_closed_is_junked_by_tap_and_kept_by_vmnet)
{
	struct sim_result r;
	int i;

	ct_run_clean(body_closed_output, &r);
	for (i = 0; i <= 8; i++)
		ck_assert_msg(O.e[i] == 0, "step %d: %s", i,
		    ct_errname(O.e[i]));
	/* tap, not open: tunstart_l2 junks the ARP and the packet (814-838). */
	ck_assert_int_eq(O.v[0], 2);
	ck_assert_int_eq(O.v[2], 0);
	ck_assert_errno(O.e[9], "EWOULDBLOCK");
	ck_assert(test_trace_has_note(&r, "tap0: starting"));	/* 812 */
	/* TUN_L2|TUN_INITED, the flags of a tap never opened (823). */
	ck_assert(test_trace_has_note(&r,
	    "tap0: not ready, tun_flags = 0x402"));
	/* vmnet keeps its output queued for the next open (814-815). */
	ck_assert_int_eq(O.v[1], 0);
	ck_assert_errno(O.e[11], "ok");
	ck_assert_int_eq(O.v[3], F_ARP_LEN);
	ck_assert_errno(O.e[12], "ok");
	ck_assert_uint_eq(O.done[1], F_ARP_LEN);
	ck_assert_errno(O.e[13], "ok");
	ck_assert_uint_eq(O.done[2], F_ETHER_HDR_LEN + 64);
	ck_assert_errno(O.e[14], "EWOULDBLOCK");
	ck_assert(!test_trace_has_note(&r, "vmnet0: not ready"));
	sim_result_clear(&r);
}
END_TEST

static void
body_close_junks_all(void)
{
	uint8_t buf[256];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tap0", 0x0a000001, 0);	/* + an ARP */
	O.e[2] = sim_sys_send("tap0", 64, F_AF_INET);
	O.e[3] = sim_sys_send("tap0", 64, F_AF_INET);
	O.e[4] = ct_ioctl_get(fd, "FIONREAD", &O.v[0]);
	O.e[5] = sim_sys_close(fd);
	O.e[6] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[7] = sim_sys_read(fd, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[0]);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_last_close_junks_every_queued_frame)
{
	struct sim_result r;

	ct_run_clean(body_close_junks_all, &r);
	ck_assert_errno(O.e[2], "ok");
	ck_assert_errno(O.e[3], "ok");
	ck_assert_int_eq(O.v[0], F_ARP_LEN);	/* three frames queued */
	ck_assert_errno(O.e[5], "ok");
	ck_assert_errno(O.e[6], "ok");
	ck_assert_errno(O.e[7], "EWOULDBLOCK");	/* IF_DRAIN 1096 */
	sim_result_clear(&r);
}
END_TEST

/* ---- tunwrite_l2's unicast filter ---- */

static void
body_unicast_filter(void)
{
	uint8_t buf[64];
	char out[32];
	int fd;

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tap0", out, sizeof(out));
	O.e[1] = sim_sys_ifether("tap0", our_mac);
	O.e[2] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[3] = ct_ioctl_int(fd, "VMIO_SIOCSIFFLAGS", 0);	/* up */
	frame_to(buf, our_mac);
	O.e[4] = sim_sys_write(fd, buf, 60, &O.done[0]);
	O.v[0] = t_paths_counter("tap0", F_IFCOUNTER_IPACKETS);
	frame_to(buf, other_mac);
	O.e[5] = sim_sys_write(fd, buf, 60, &O.done[1]);
	O.v[1] = t_paths_counter("tap0", F_IFCOUNTER_IPACKETS);
	O.e[6] = t_paths_ifpromisc("tap0", 1);
	O.e[7] = sim_sys_write(fd, buf, 60, &O.done[2]);
	O.v[2] = t_paths_counter("tap0", F_IFCOUNTER_IPACKETS);
	O.e[8] = t_paths_ifpromisc("tap0", 0);
	O.e[9] = sim_sys_write(fd, buf, 60, &O.done[3]);
	O.v[3] = t_paths_counter("tap0", F_IFCOUNTER_IPACKETS);
	frame_to(buf, mcast_mac);
	O.e[10] = sim_sys_write(fd, buf, 60, &O.done[4]);
	O.v[4] = t_paths_counter("tap0", F_IFCOUNTER_IPACKETS);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_write_passes_unicast_only_to_our_address_unless_promiscuous)
{
	struct sim_result r;
	int i;

	ct_run_clean(body_unicast_filter, &r);
	for (i = 0; i <= 10; i++)
		ck_assert_msg(O.e[i] == 0, "step %d: %s", i,
		    ct_errname(O.e[i]));
	/* Every write is consumed whole, passed up or not (1647-1660). */
	for (i = 0; i <= 4; i++)
		ck_assert_uint_eq(O.done[i], 60);
	ck_assert_int_eq(O.v[0], 1);		/* to our lladdr: passed */
	ck_assert(test_trace_has_note(&r, "ether_input: tap0, 60 bytes"));
	ck_assert_int_eq(O.v[1], 1);		/* another unicast: dropped */
	ck_assert_int_eq(O.v[2], 2);		/* IFF_PROMISC: passed */
	ck_assert_int_eq(O.v[3], 2);		/* -promisc: dropped again */
	ck_assert_int_eq(O.v[4], 3);		/* multicast: passed */
	sim_result_clear(&r);
}
END_TEST

/* ---- tunstart_l2: SIGIO and the sleeping reader ---- */

static void
body_tap_sigio(void)
{
	int fd;

	O.pid = root_proc(0);
	O.e[0] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[1] = sim_sys_ifaddr("tap0", 0x0a000001, 0);
	O.e[2] = ct_ioctl_int(fd, "FIOASYNC", 1);
	O.e[3] = sim_sys_send("tap0", 64, F_AF_INET);	/* no owner */
	O.v[0] = 0;
	O.e[4] = ct_ioctl_int(fd, "FIOSETOWN", O.pid);
	O.e[5] = sim_sys_send("tap0", 64, F_AF_INET);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tap_output_signals_the_owner_only_once_there_is_one)
{
	struct sim_result r;
	char want[32];
	guint i, n;

	ct_run_clean(body_tap_sigio, &r);
	ck_assert_errno(O.e[3], "ok");
	ck_assert_errno(O.e[5], "ok");
	snprintf(want, sizeof(want), "SIGIO to pid %d", O.pid);
	/* 848-852: one SIGIO, for the send after FIOSETOWN. */
	for (i = 0, n = 0; r.trace != NULL && i < r.trace->len; i++) {
		const struct sim_event *e = &g_array_index(r.trace,
		    struct sim_event, i);

		if (e->kind == SIM_EV_NOTE && e->note != NULL &&
		    strstr(e->note, "SIGIO") != NULL) {
			ck_assert_str_eq(e->note, want);
			n++;
		}
	}
	ck_assert_uint_eq(n, 1);
	sim_result_clear(&r);
}
END_TEST

static int shared_pid, shared_fd;

/* Did some thread block with wait message wmesg? */
static bool
blocked_on(const struct sim_result *res, const char *wmesg)
{
	guint i;

	for (i = 0; res->trace != NULL && i < res->trace->len; i++) {
		const struct sim_event *e = &g_array_index(res->trace,
		    struct sim_event, i);

		if (e->kind == SIM_EV_BLOCK && e->ev != NULL &&
		    strcmp(e->ev, wmesg) == 0)
			return (true);
	}
	return (false);
}

static void
setup_tap_reader(void)
{
	uint8_t buf[256];

	shared_pid = root_proc(0);
	O.e[0] = sim_sys_open("/dev/tap0", 0, &shared_fd);
	O.e[1] = sim_sys_ifaddr("tap0", 0x0a000001, 0);
	/* Take the gratuitous ARP out of the way. */
	O.e[2] = sim_sys_read(shared_fd, buf, sizeof(buf), SIM_O_NONBLOCK,
	    &O.done[0]);
}

static void
thread_tap_reader_or_sender(int i)
{
	uint8_t buf[256];

	sim_sys_setproc(shared_pid);
	if (i == 0)
		O.e[3] = sim_sys_read(shared_fd, buf, sizeof(buf), 0,
		    &O.done[1]);
	else
		O.e[4] = sim_sys_send("tap0", 64, F_AF_INET);
}

static void
teardown_tap(void)
{

	O.unload = ct_end(pids, 1);
}

START_TEST(test_tap_blocking_read_is_woken_by_output)
{
	struct test_prog p = { .setup = setup_tap_reader, .nthreads = 2,
	    .thread = thread_tap_reader_or_sender, .teardown = teardown_tap,
	    .load_module = true, .trace = true };
	struct sim_result r;
	uint64_t seed;
	int slept = 0;

	for (seed = 0; seed < 20; seed++) {
		enum sim_violation_kind k;

		memset(&O, 0, sizeof(O));
		k = test_run(&p, seed, &r);
		ck_assert_msg(k == SIM_V_NONE, "seed %llu: %s: %s",
		    (unsigned long long)seed, sim_violation_name(k),
		    r.message ? r.message : "");
		ck_assert_errno(O.e[2], "ok");
		ck_assert_uint_eq(O.done[0], F_ARP_LEN);
		ck_assert_errno(O.e[4], "ok");
		/* tunread 1601-1607; tunstart_l2 843-846 wakes it. */
		ck_assert_errno(O.e[3], "ok");
		ck_assert_uint_eq(O.done[1], F_ETHER_HDR_LEN + 64);
		if (blocked_on(&r, "tunread"))
			slept++;
		sim_result_clear(&r);
	}
	ck_assert_int_gt(slept, 0);	/* the reader did sleep, some seed */
}
END_TEST

/* ---- interface ioctls answered by tunifioctl ---- */

static void
body_tap_ifioctls(void)
{
	char out[32];
	int fd;

	O.pid = root_proc(0);
	O.e[0] = sim_sys_ifcreate("tap0", out, sizeof(out));
	O.e[1] = sim_sys_ifether("tap0", our_mac);
	O.e[2] = t_paths_ifmedia("tap0", 1, O.media[0]);
	O.e[3] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[4] = t_paths_ifmedia("tap0", 1, O.media[1]);
	O.e[5] = t_paths_ifmedia("tap0", 0, O.media[2]);
	O.e[6] = t_paths_ifstatus("tap0", O.text[0], sizeof(O.text[0]));
	O.e[7] = t_paths_ifgetaddr("tap0", O.mac);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_tap_reports_ethernet_media_active_while_open)
{
	struct sim_result r;
	char want[64];

	ct_run_clean(body_tap_ifioctls, &r);
	/* 1258-1269: one medium, Ethernet; active once open. */
	ck_assert_errno(O.e[2], "ok");
	ck_assert_int_eq(O.media[0][0], F_IFM_AVALID);
	ck_assert_int_eq(O.media[0][1], F_IFM_ETHER);
	ck_assert_int_eq(O.media[0][2], F_IFM_ETHER);
	ck_assert_int_eq(O.media[0][3], 1);
	ck_assert_int_eq(O.media[0][4], F_IFM_ETHER);
	ck_assert_errno(O.e[4], "ok");
	ck_assert_int_eq(O.media[1][0], F_IFM_AVALID | F_IFM_ACTIVE);
	/* No room for the list: only the count (1266). */
	ck_assert_errno(O.e[5], "ok");
	ck_assert_int_eq(O.media[2][3], 1);
	ck_assert_int_eq(O.media[2][4], -1);
	/* SIOCGIFSTATUS is common to both (1226-1235). */
	snprintf(want, sizeof(want), "\tOpened by PID %d\n", O.pid);
	ck_assert_errno(O.e[6], "ok");
	ck_assert_str_eq(O.text[0], want);
	/* Unhandled here, ether_ioctl answers: our lladdr (1272-1273). */
	ck_assert_errno(O.e[7], "ok");
	ck_assert_mem_eq(O.mac, our_mac, 6);
	sim_result_clear(&r);
}
END_TEST

/* ---- cloning refused ---- */

static void
body_user_no_clone(void)
{
	char out[32];
	int fd;

	pids[0] = ct_proc(1001, "user");
	O.e[0] = sim_sys_open("/dev/tap0", 0, &fd);
	O.e[1] = sim_sys_open("/dev/vmnet0", 0, &fd);
	root_proc(1);
	O.e[2] = sim_sys_ifcreate("tap0", out, sizeof(out));
	O.e[3] = sim_sys_ifcreate("vmnet0", out, sizeof(out));
	O.unload = ct_end(pids, 2);
}

START_TEST(test_user_open_of_tap_without_user_open_clones_nothing)
{
	struct sim_result r;

	ct_run_clean(body_user_no_clone, &r);
	/* 556-559: neither privileged nor user_open: no clone. */
	ck_assert_errno(O.e[0], "ENOENT");
	ck_assert_errno(O.e[1], "ENOENT");
	ck_assert_errno(O.e[2], "ok");		/* tap0 was not created */
	ck_assert_errno(O.e[3], "ok");
	sim_result_clear(&r);
}
END_TEST

/* ---- tunrename racing tun_destroy ---- */

static void
race_setup_tap0(void)
{
	char out[32];

	root_proc(0);
	O.e[0] = sim_sys_ifcreate("tap0", out, sizeof(out));
}

static void
race_rename_or_destroy(int i)
{

	sim_sys_setproc(pids[0]);
	if (i == 0)
		O.e[1] = sim_sys_ifrename("tap0", "vpn0");
	else
		O.e[2] = sim_sys_ifdestroy("tap0");
}

static void
race_teardown(void)
{
	int fd;

	/* Whatever happened, no /dev/vpn0 alias is left behind. */
	O.e[3] = sim_sys_open("/dev/vpn0", 0, &fd);
	O.unload = ct_end(pids, 1);
}

START_TEST(test_rename_that_finds_the_softc_cleared_leaves_it_alone)
{
	static const char *const names[] = { "renamer", "destroyer" };
	const struct ct_race rc = { race_setup_tap0, 2, names,
	    race_rename_or_destroy, race_teardown };
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
		ck_assert_msg(O.e[1] == 0 || O.e[1] == ct_errno("ENXIO"),
		    "seed %llu: rename %s", (unsigned long long)seed,
		    ct_errname(O.e[1]));
		ck_assert_msg(O.e[2] == 0 || O.e[2] == ct_errno("ENXIO"),
		    "seed %llu: destroy %s", (unsigned long long)seed,
		    ct_errname(O.e[2]));
		/* The interface was destroyed only if tap0 was still found. */
		if (O.e[2] == 0)
			ck_assert_errno(O.e[3], "ENOENT");
		/*
		 * 950-957: tunrename checks if_softc under tun_ioctl_sx and,
		 * once tun_destroy cleared it, returns without busying it.
		 */
		if (ct_sx_section_without_softc(&r, "renamer", &entered))
			hits++;
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
tap_paths_suite(void)
{
	Suite *s = suite_create("tap_paths");
	TCase *tc;

	tc = tcase_create("output");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc,
	    test_output_while_closed_is_junked_by_tap_and_kept_by_vmnet);
	tcase_add_test(tc, test_last_close_junks_every_queued_frame);
	tcase_add_test(tc,
	    test_tap_output_signals_the_owner_only_once_there_is_one);
	tcase_add_test(tc, test_tap_blocking_read_is_woken_by_output);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc,
	    test_write_passes_unicast_only_to_our_address_unless_promiscuous);
	suite_add_tcase(s, tc);

	tc = tcase_create("ifioctl");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc, test_tap_reports_ethernet_media_active_while_open);
	tcase_add_test(tc, test_user_open_of_tap_without_user_open_clones_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("race");
	tcase_add_checked_fixture(tc, reset, NULL);
	tcase_add_test(tc,
	    test_rename_that_finds_the_softc_cleared_leaves_it_alone);
	suite_add_tcase(s, tc);
	return (s);
}
