/*
 * t_if.c - kernel side of tests/check_if.c: programs exercising net/if.c
 * (ifnet life cycle, lookups, ifioctl/ifhwioctl through the ifconfig entry
 * points, link state task, the default if_transmit) on the fake driver.
 * Each checks its expectations with KASSERT, so a wrong behaviour ends the
 * execution with a `panic` the check file reports.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/eventhandler.h>
#include <sys/mbuf.h>
#include <sys/proc.h>
#include <sys/socket.h>
#include <sys/sockio.h>

#include <net/if.h>
#include <net/if_var.h>
#include <netinet/in.h>

#include "t_netfake.h"

static struct ifnet *t_ifp __kdata;
static int t_err[2] __kdata;
static int arrivals_renaming __kdata;
static char arrival_name[IFNAMSIZ] __kdata;

/* Attach, find by name, detach, free: nothing left behind. */
void
t_if_lifecycle(void)
{
	struct ifnet *ifp;

	ifp = netfake_attach("fake", 0);
	KASSERT(ifunit("fake0") == ifp, ("fake0 not found after attach"));
	KASSERT(ifnet_byindex(ifp->if_index) == ifp, ("index lookup"));
	netfake_detach(ifp);
	KASSERT(ifunit("fake0") == NULL, ("fake0 found after detach"));
}

/* An ifnet never freed. */
void
t_if_leak(void)
{

	(void)netfake_attach("fake", 0);
}

/* A reference from ifunit_ref keeps the memory past if_free. */
void
t_if_ref_outlives_free(void)
{
	struct ifnet *ifp, *ref;

	ifp = netfake_attach("fake", 0);
	ref = ifunit_ref("fake0");
	KASSERT(ref == ifp, ("ifunit_ref"));
	netfake_detach(ifp);
	KASSERT(ifunit_ref("fake0") == NULL, ("dying ifnet found"));
	KASSERT(strcmp(if_name(ref), "fake0") == 0, ("name"));
	if_inc_counter(ref, IFCOUNTER_IPACKETS, 1);
	if_rele(ref);
}

/* Touching an ifnet after its last reference went, a grace period later. */
void
t_if_use_after_free(void)
{
	struct ifnet *ifp;

	ifp = netfake_attach("fake", 0);
	netfake_detach(ifp);
	/* The free waits for a network epoch: let the callback run. */
	NET_EPOCH_DRAIN_CALLBACKS();
	if_inc_counter(ifp, IFCOUNTER_IPACKETS, 1);
}

/* Records ifnet_arrival_event calls made during a rename. */
static void
t_arrival(void *arg, struct ifnet *ifp)
{

	if (ifp->if_flags & IFF_RENAMING) {
		arrivals_renaming++;
		strlcpy(arrival_name, ifp->if_xname, sizeof(arrival_name));
	}
}

/* The rename sequence: arrival with IFF_RENAMING and the new name. */
void
t_if_rename(void)
{
	eventhandler_tag tag;
	struct ifnet *ifp;
	int error;

	ifp = netfake_attach("fake", 0);
	tag = EVENTHANDLER_REGISTER(ifnet_arrival_event, t_arrival, NULL, 0);
	error = sim_sys_ifrename("fake0", "vpn0");
	KASSERT(error == 0, ("rename: %d", error));
	KASSERT(arrivals_renaming == 1, ("arrivals %d", arrivals_renaming));
	KASSERT(strcmp(arrival_name, "vpn0") == 0, ("saw %s", arrival_name));
	KASSERT((ifp->if_flags & IFF_RENAMING) == 0, ("still renaming"));
	KASSERT(ifunit("vpn0") == ifp && ifunit("fake0") == NULL,
	    ("lookups after rename"));
	KASSERT(strncmp(IF_LLADDR(ifp) - 4, "vpn0", 4) == 0,
	    ("AF_LINK name not renamed"));
	EVENTHANDLER_DEREGISTER(ifnet_arrival_event, tag);
	netfake_detach(ifp);
}

/* Rename errors: EEXIST, EINVAL (empty), ENAMETOOLONG (16 chars). */
void
t_if_rename_errors(void)
{
	struct ifnet *a, *b;
	int error;

	a = netfake_attach("fake", 0);
	b = netfake_attach("fake", 1);
	error = sim_sys_ifrename("fake0", "fake1");
	KASSERT(error == EEXIST, ("existing name: %d", error));
	error = sim_sys_ifrename("fake0", "");
	KASSERT(error == EINVAL, ("empty name: %d", error));
	error = sim_sys_ifrename("fake0", "abcdefghijklmnop");
	KASSERT(error == ENAMETOOLONG, ("16-char name: %d", error));
	error = sim_sys_ifrename("nosuch0", "x0");
	KASSERT(error == ENXIO, ("no interface: %d", error));
	KASSERT(ifunit("fake0") == a, ("fake0 changed"));
	netfake_detach(a);
	netfake_detach(b);
}

/* Link state changes are announced by the task on taskqueue_swi. */
void
t_if_link_state(void)
{
	struct ifnet *ifp;

	ifp = netfake_attach("fake", 0);
	if_link_state_change(ifp, LINK_STATE_UP);
	KASSERT(ifp->if_link_state == LINK_STATE_UP, ("state"));
	netfake_detach(ifp);		/* drains the task */
}

/* `ifconfig up` then `down`: IFF_UP follows and the driver hears it. */
void
t_if_flags(void)
{
	struct ifnet *ifp;
	int error;

	ifp = netfake_attach("fake", 0);
	error = sim_sys_ifflags("fake0", 1);
	KASSERT(error == 0 && (ifp->if_flags & IFF_UP), ("up: %d", error));
	KASSERT(netfake.saw_sifflags == 1, ("driver saw %d",
	    netfake.saw_sifflags));
	error = sim_sys_iflink0("fake0", 1);
	KASSERT(error == 0 && (ifp->if_flags & (IFF_UP | IFF_LINK0)) ==
	    (IFF_UP | IFF_LINK0), ("link0: %d", error));
	error = sim_sys_ifflags("fake0", 0);
	KASSERT(error == 0 && (ifp->if_flags & IFF_UP) == 0,
	    ("down: %d", error));
	KASSERT((ifp->if_flags & IFF_POINTOPOINT) != 0, ("lost CANTCHANGE"));
	netfake_detach(ifp);
}

/* `ifconfig mtu`: bounds checked before the driver sees it. */
void
t_if_mtu(void)
{
	struct ifnet *ifp;
	int error;

	ifp = netfake_attach("fake", 0);
	error = sim_sys_ifmtu("fake0", IF_MINMTU - 1);
	KASSERT(error == EINVAL && netfake.saw_sifmtu == 0, ("small mtu"));
	error = sim_sys_ifmtu("fake0", IF_MAXMTU + 1);
	KASSERT(error == EINVAL && netfake.saw_sifmtu == 0, ("large mtu"));
	error = sim_sys_ifmtu("fake0", 1400);
	KASSERT(error == 0 && ifp->if_mtu == 1400, ("mtu 1400: %d", error));
	netfake_detach(ifp);
}

/* Count the AF_INET addresses of ifp. */
static int
inet_addrs(struct ifnet *ifp)
{
	struct ifaddr *ifa;
	int n = 0;

	CK_STAILQ_FOREACH(ifa, &ifp->if_addrhead, ifa_link)
		if (ifa->ifa_addr->sa_family == AF_INET)
			n++;
	return (n);
}

/* `ifconfig inet A B`: linked, the driver sees SIOCSIFADDR; purged later. */
void
t_if_addr(void)
{
	struct ifnet *ifp;
	int error;

	ifp = netfake_attach("fake", 0);
	error = sim_sys_ifaddr("fake0", 0x0a000001, 0);
	KASSERT(error == EDESTADDRREQ, ("p2p without dst: %d", error));
	error = sim_sys_ifaddr("fake0", 0x0a000001, 0x0a000002);
	KASSERT(error == 0, ("inet: %d", error));
	KASSERT(netfake.saw_sifaddr == 1 && inet_addrs(ifp) == 1,
	    ("sifaddr %d addrs %d", netfake.saw_sifaddr, inet_addrs(ifp)));
	/* The same address again replaces it. */
	error = sim_sys_ifaddr("fake0", 0x0a000001, 0x0a000003);
	KASSERT(error == 0 && inet_addrs(ifp) == 1, ("again: %d", error));
	netfake_detach(ifp);		/* purges: no ifaddr leak */
}

/* A driver refusing SIOCSIFADDR: the address is unlinked again. */
void
t_if_addr_refused(void)
{
	struct ifnet *ifp;
	int error;

	ifp = netfake_attach("fake", 0);
	netfake.fail_sifaddr = EINVAL;
	error = sim_sys_ifaddr("fake0", 0x0a000001, 0x0a000002);
	KASSERT(error == EINVAL, ("refused: %d", error));
	KASSERT(inet_addrs(ifp) == 0, ("address left behind"));
	netfake_detach(ifp);
}

/* `send`: queued on if_snd, if_start called; full queue: ENOBUFS. */
void
t_if_send(void)
{
	struct ifnet *ifp;
	int error;

	ifp = netfake_attach("fake", 0);
	IFQ_SET_MAXLEN(&ifp->if_snd, 1);
	error = sim_sys_send("fake0", 100, AF_INET);
	KASSERT(error == 0, ("send: %d", error));
	KASSERT(ifp->if_snd.ifq_len == 1 && netfake.starts == 1,
	    ("len %d starts %d", ifp->if_snd.ifq_len, netfake.starts));
	KASSERT(ifp->if_snd.ifq_head->m_pkthdr.len == 100, ("length"));
	error = sim_sys_send("fake0", 100, AF_INET);
	KASSERT(error == ENOBUFS && ifp->if_snd.ifq_len == 1,
	    ("full queue: %d", error));
	KASSERT(ifp->if_counters[IFCOUNTER_OQDROPS] == 1, ("drops"));
	error = sim_sys_send("nosuch0", 100, AF_INET);
	KASSERT(error == ENXIO, ("no interface: %d", error));
	netfake_detach(ifp);		/* if_down flushes the queue */
}

/* Two interfaces to be renamed to one name, concurrently. */
void
t_if_rename_race_setup(void)
{

	(void)netfake_attach("fake", 0);
	(void)netfake_attach("fake", 1);
}

void
t_if_rename_race_thread(int i)
{

	t_err[i] = sim_sys_ifrename(i == 0 ? "fake0" : "fake1", "vpn0");
}

/* Teardown: report both renames succeeding as a panic (to count it). */
void
t_if_rename_race_teardown(void)
{
	struct ifnet *ifp;

	while ((ifp = CK_STAILQ_FIRST(&V_ifnet)) != NULL)
		netfake_detach(ifp);
	KASSERT(t_err[0] != 0 || t_err[1] != 0,
	    ("both renames to vpn0 succeeded"));
}

/* A detached interface answers ioctls through a reference with ENXIO. */
void
t_if_dead_ioctl(void)
{
	struct ifnet *ifp, *ref;
	struct ifreq ifr;

	ifp = netfake_attach("fake", 0);
	ref = ifunit_ref("fake0");
	if_detach(ifp);
	bzero(&ifr, sizeof(ifr));
	ifr.ifr_mtu = 1000;
	KASSERT((*ref->if_ioctl)(ref, SIOCSIFMTU, (caddr_t)&ifr) == ENXIO,
	    ("dead ioctl"));
	if_free(ifp);
	if_rele(ref);
	(void)t_ifp;
}

/*
 * A link state change after if_detach queues the link task again, which
 * holds no reference ("XXXGL: reference ifp?"): if_free then frees the
 * ifnet under the pending task.
 */
void
t_if_link_task_after_detach(void)
{
	struct ifnet *ifp;

	ifp = netfake_attach("fake", 0);
	if_detach(ifp);
	if_link_state_change(ifp, LINK_STATE_UP);
	if_free(ifp);
}
