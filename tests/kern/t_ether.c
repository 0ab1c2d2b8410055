/*
 * t_ether.c - kernel side of tests/check_ether.c: the Ethernet layer on a
 * fake Ethernet driver (t_netfake.c): attach, generated addresses,
 * ether_ioctl, ether_output through the send queue, ether_input, the
 * gratuitous ARP of an IPv4 address, SIOCSIFLLADDR.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/sockio.h>

#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/if_types.h>
#include <netinet/in.h>

#include "t_netfake.h"

static const uint8_t t_mac[ETHER_ADDR_LEN] = { 2, 0, 0, 0, 0, 1 };

/* ether_ifattach: MAC in the AF_LINK address, Ethernet methods, MTU. */
void
t_ether_attach(void)
{
	struct ifnet *ifp;

	ifp = netfake_ether_attach("feth", 0, t_mac);
	KASSERT(memcmp(IF_LLADDR(ifp), t_mac, ETHER_ADDR_LEN) == 0,
	    ("lladdr"));
	KASSERT(ifp->if_output == ether_output &&
	    ifp->if_input == ether_input, ("methods"));
	KASSERT(ifp->if_mtu == ETHERMTU && ifp->if_addrlen == ETHER_ADDR_LEN,
	    ("mtu/addrlen"));
	KASSERT(ifunit("feth0") == ifp, ("lookup"));
	netfake_detach(ifp);
}

/* ether_gen_addr: same name, same address; FreeBSD's OUI; names differ. */
void
t_ether_gen_addr(void)
{
	struct ether_addr a, b, c;
	struct ifnet *ifp;

	ifp = if_alloc(IFT_ETHER);
	if_initname(ifp, "tap", 0);
	ether_gen_addr(ifp, &a);
	ether_gen_addr(ifp, &b);
	if_initname(ifp, "tap", 1);
	ether_gen_addr(ifp, &c);
	KASSERT(memcmp(&a, &b, sizeof(a)) == 0, ("not stable"));
	KASSERT(memcmp(&a, &c, sizeof(a)) != 0, ("tap0 == tap1"));
	KASSERT(a.octet[0] == 0x58 && a.octet[1] == 0x9c &&
	    a.octet[2] == 0xfc && (a.octet[3] & 0xf0) == 0x10,
	    ("not in FreeBSD's generated range: %s", ether_sprintf(a.octet)));
	if_free(ifp);
}

/* A struct ifaddr carrying an AF_INET address, for SIOCSIFADDR. */
struct t_inaddr {
	struct ifaddr		ifa;
	struct sockaddr_in	sin;
};

/* ether_ioctl: SIOCSIFADDR brings up and inits; MTU and bad commands. */
void
t_ether_ioctl(void)
{
	struct t_inaddr ia;
	struct ifreq ifr;
	struct ifnet *ifp;
	int error;

	ifp = netfake_ether_attach("feth", 0, t_mac);
	bzero(&ia, sizeof(ia));
	ia.sin.sin_len = sizeof(ia.sin);
	ia.sin.sin_family = AF_INET;	/* address 0: no gratuitous ARP */
	ia.ifa.ifa_addr = (struct sockaddr *)&ia.sin;
	error = ether_ioctl(ifp, SIOCSIFADDR, (caddr_t)&ia.ifa);
	KASSERT(error == 0 && (ifp->if_flags & IFF_UP) &&
	    netfake.inits == 1, ("SIOCSIFADDR: %d", error));
	bzero(&ifr, sizeof(ifr));
	error = ether_ioctl(ifp, SIOCGIFADDR, (caddr_t)&ifr);
	KASSERT(error == 0 && memcmp(ifr.ifr_addr.sa_data, t_mac, 6) == 0,
	    ("SIOCGIFADDR"));
	ifr.ifr_mtu = ETHERMTU + 1;
	KASSERT(ether_ioctl(ifp, SIOCSIFMTU, (caddr_t)&ifr) == EINVAL,
	    ("big mtu"));
	ifr.ifr_mtu = 1000;
	KASSERT(ether_ioctl(ifp, SIOCSIFMTU, (caddr_t)&ifr) == 0 &&
	    ifp->if_mtu == 1000, ("mtu 1000"));
	KASSERT(ether_ioctl(ifp, SIOCGIFSTATUS, (caddr_t)&ifr) == EINVAL,
	    ("unknown command"));
	netfake_detach(ifp);
}

/* Bring ifp up and running as `ifconfig up` + the driver's init would. */
static void
t_up(struct ifnet *ifp)
{

	KASSERT(sim_sys_ifflags(ifp->if_xname, 1) == 0, ("up"));
	ifp->if_drv_flags |= IFF_DRV_RUNNING;
}

/* ether_output: header prepended, broadcast, queued, driver started. */
void
t_ether_output(void)
{
	struct ether_header *eh;
	struct ifnet *ifp;
	struct mbuf *m;
	int error;

	ifp = netfake_ether_attach("feth", 0, t_mac);
	error = sim_sys_send("feth0", 100, AF_INET);
	KASSERT(error == ENETDOWN && ifp->if_snd.ifq_len == 0,
	    ("down: %d", error));
	t_up(ifp);
	error = sim_sys_send("feth0", 100, AF_INET);
	KASSERT(error == 0 && ifp->if_snd.ifq_len == 1 &&
	    netfake.starts == 1, ("send: %d", error));
	IFQ_DEQUEUE(&ifp->if_snd, m);
	eh = mtod(m, struct ether_header *);
	KASSERT(m->m_pkthdr.len == 100 + ETHER_HDR_LEN, ("length %d",
	    m->m_pkthdr.len));
	KASSERT(ntohs(eh->ether_type) == ETHERTYPE_IP &&
	    ETHER_IS_BROADCAST(eh->ether_dhost) &&
	    memcmp(eh->ether_shost, t_mac, 6) == 0, ("header"));
	KASSERT(ifp->if_counters[IFCOUNTER_OBYTES] == 114, ("obytes"));
	m_freem(m);
	error = sim_sys_send("feth0", 60, AF_INET6);
	KASSERT(error == 0, ("inet6: %d", error));
	netfake_detach(ifp);		/* flushes the queued packet */
}

/* ether_output when the header mbuf cannot be had: ENOBUFS, no leak. */
void
t_ether_output_nobufs(void)
{
	struct ifnet *ifp;
	int error;

	ifp = netfake_ether_attach("feth", 0, t_mac);
	t_up(ifp);
	error = sim_sys_send("feth0", 100, AF_INET);
	KASSERT(error == ENOBUFS && ifp->if_snd.ifq_len == 0,
	    ("send under faults: %d", error));
	netfake_detach(ifp);
}

/* ether_input: counted and consumed; runts are errors. */
void
t_ether_input(void)
{
	struct ifnet *ifp;
	struct mbuf *m;

	ifp = netfake_ether_attach("feth", 0, t_mac);
	m = m_gethdr(M_WAITOK, MT_DATA);
	m->m_len = m->m_pkthdr.len = 60;
	(*ifp->if_input)(ifp, m);
	KASSERT(ifp->if_counters[IFCOUNTER_IBYTES] == 60, ("ibytes"));
	m = m_gethdr(M_WAITOK, MT_DATA);
	m->m_len = m->m_pkthdr.len = 10;
	(*ifp->if_input)(ifp, m);
	KASSERT(ifp->if_counters[IFCOUNTER_IERRORS] == 1, ("runt"));
	netfake_detach(ifp);
}

/* An IPv4 address on an Ethernet interface sends a gratuitous ARP. */
void
t_ether_inet_garp(void)
{
	struct ether_header *eh;
	struct ifnet *ifp;
	struct mbuf *m;
	int error;

	ifp = netfake_ether_attach("feth", 0, t_mac);
	error = sim_sys_ifaddr("feth0", 0x0a000001, 0);
	KASSERT(error == 0 && (ifp->if_flags & IFF_UP) && netfake.inits == 1,
	    ("inet: %d", error));
	KASSERT(ifp->if_snd.ifq_len == 1, ("no gratuitous ARP queued"));
	IFQ_DEQUEUE(&ifp->if_snd, m);
	eh = mtod(m, struct ether_header *);
	KASSERT(ntohs(eh->ether_type) == ETHERTYPE_ARP &&
	    m->m_pkthdr.len == ETHER_HDR_LEN + 28, ("ARP frame"));
	m_freem(m);
	netfake_detach(ifp);
}

/* `ifconfig ether`: SIOCSIFLLADDR changes the link-level address. */
void
t_ether_setlladdr(void)
{
	static const uint8_t mac2[6] = { 2, 0, 0, 0, 0, 2 };
	struct ifnet *ifp;
	int error;

	ifp = netfake_ether_attach("feth", 0, t_mac);
	t_up(ifp);
	error = sim_sys_ifether("feth0", mac2);
	KASSERT(error == 0 && memcmp(IF_LLADDR(ifp), mac2, 6) == 0,
	    ("ether: %d", error));
	KASSERT(netfake.saw_sifflags == 3, ("up, then down+up: %d",
	    netfake.saw_sifflags));
	netfake_detach(ifp);
}
