/* Stands for sys/net/if_ethersubr.c at FreeBSD edca4938 (2019).
 * if_ethersubr.c - the Ethernet layer (FreeBSD's sys/net/if_ethersubr.c,
 * edca4938 era) as tap(4) uses it.
 *
 * Models: ether_ifattach (if_attach, then the Ethernet methods and the MAC
 * in the AF_LINK address; ether_input/ether_output become if_input and
 * if_output), ether_ifdetach, ether_ioctl (SIOCSIFADDR sets IFF_UP,
 * unlocked as FreeBSD, and calls if_init; SIOCGIFADDR; SIOCSIFMTU bounded
 * by ETHERMTU), ether_gen_addr (a stable locally generated address in
 * FreeBSD's OUI range, derived from the interface name), ether_output
 * (prepend an Ethernet header - fault site "M_PREPEND" - and hand the
 * frame to if_transmit), ether_input (counts, then consumes the frame:
 * traced and freed, the upper layers are not modelled), and the
 * gratuitous ARP that an IPv4 address on an Ethernet interface sends.
 * Does not model: ARP resolution (ether_output sends to the broadcast
 * address, as for a destination it has not resolved yet), VLANs,
 * netgraph, bridges, PCP, the hostuuid and jail name ether_gen_addr also
 * hashes in FreeBSD.
 * Locks: none of its own; if_flags is written unlocked where FreeBSD does.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/sockio.h>

#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/if_dl.h>
#include <net/if_types.h>
#include <net/bpf.h>
#include <net/netisr.h>
#include <net/route.h>
#include <netinet/in.h>

const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN] =
	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* "xx:xx:xx:xx:xx:xx" in a static buffer (FreeBSD's ether_sprintf). */
char *
ether_sprintf(const u_char *ap)
{
	static char etherbuf[18] __kdata;

	snprintf(etherbuf, sizeof (etherbuf), "%02x:%02x:%02x:%02x:%02x:%02x",
	    ap[0], ap[1], ap[2], ap[3], ap[4], ap[5]);
	return (etherbuf);
}

/*
 * Ethernet output: prepend the header (destination: broadcast, as ARP is
 * not modelled; source: our address) and transmit.  The packet is
 * consumed in every case.
 */
int
ether_output(struct ifnet *ifp, struct mbuf *m,
	const struct sockaddr *dst, struct route *ro)
{
	struct ether_header *eh;
	u_short etype;
	int error = 0;

#define	senderr(e) do { error = (e); goto bad;} while (0)
	if (ifp->if_flags & IFF_MONITOR)
		senderr(ENETDOWN);
	if (!((ifp->if_flags & IFF_UP) &&
	    (ifp->if_drv_flags & IFF_DRV_RUNNING)))
		senderr(ENETDOWN);

	switch (dst->sa_family) {
	case AF_INET:
		etype = htons(ETHERTYPE_IP);
		break;
	case AF_INET6:
		etype = htons(ETHERTYPE_IPV6);
		break;
	case AF_ARP:
		etype = htons(ETHERTYPE_ARP);
		break;
	case AF_UNSPEC:
		/* A raw frame: the header is in sa_data. */
		eh = (struct ether_header *)(uintptr_t)dst->sa_data;
		etype = eh->ether_type;
		break;
	default:
		if_printf(ifp, "can't handle af%d\n", dst->sa_family);
		senderr(EAFNOSUPPORT);
	}

	/* Add local net header: the M_PREPEND may fail (M_NOWAIT). */
	M_PREPEND(m, ETHER_HDR_LEN, M_NOWAIT);
	if (m == NULL)
		senderr(ENOBUFS);
	eh = mtod(m, struct ether_header *);
	eh->ether_type = etype;
	bcopy(etherbroadcastaddr, eh->ether_dhost, ETHER_ADDR_LEN);
	bcopy(IF_LLADDR(ifp), eh->ether_shost, ETHER_ADDR_LEN);
	m->m_flags |= M_BCAST;

	return (ether_output_frame(ifp, m));
bad:
	if (m != NULL)
		m_freem(m);
	return (error);
#undef senderr
}

/* Hand a complete frame to the interface's transmit method. */
int
ether_output_frame(struct ifnet *ifp, struct mbuf *m)
{

	return ((ifp->if_transmit)(ifp, m));
}

/*
 * Process a received Ethernet packet: count it, then consume it (traced
 * and freed; the protocols above are not modelled).  Handles a list of
 * packets linked by m_nextpkt, like FreeBSD.
 */
void
ether_input(struct ifnet *ifp, struct mbuf *m)
{
	struct mbuf *mn;

	while (m) {
		mn = m->m_nextpkt;
		m->m_nextpkt = NULL;
		sim_obj_check(m, "mbuf", __FILE__, __LINE__);
		if ((m->m_flags & M_PKTHDR) == 0) {
			if_printf(ifp, "discard frame w/o packet header\n");
			if_inc_counter(ifp, IFCOUNTER_IERRORS, 1);
			m_freem(m);
		} else if (m->m_len < ETHER_HDR_LEN) {
			if_inc_counter(ifp, IFCOUNTER_IERRORS, 1);
			m_freem(m);
		} else {
			if_inc_counter(ifp, IFCOUNTER_IBYTES,
			    m->m_pkthdr.len);
			sim_trace(__FILE__, __LINE__,
			    "ether_input: %s, %d bytes", ifp->if_xname,
			    m->m_pkthdr.len);
			m_freem(m);
		}
		m = mn;
	}
}

/*
 * Send a gratuitous ARP announcing an IPv4 address (arp_ifinit): a
 * 28-byte ARP request for our own address, through if_output.
 */
static void
arp_ifinit(struct ifnet *ifp, struct ifaddr *ifa)
{
	struct sockaddr sa;
	struct mbuf *m;
	u_char *ah;

	if (((struct sockaddr_in *)ifa->ifa_addr)->sin_addr.s_addr ==
	    INADDR_ANY)
		return;
	if (ifp->if_flags & IFF_NOARP)
		return;
	m = m_gethdr(M_NOWAIT, MT_DATA);
	if (m == NULL)
		return;
	m->m_len = m->m_pkthdr.len = 28;
	M_ALIGN(m, 28);
	ah = mtod(m, u_char *);
	bzero(ah, 28);
	ah[1] = 1;				/* hardware: ethernet */
	ah[2] = 0x08;				/* protocol: IP */
	ah[4] = ETHER_ADDR_LEN;
	ah[5] = 4;
	ah[7] = 1;				/* ARPOP_REQUEST */
	bcopy(IF_LLADDR(ifp), ah + 8, ETHER_ADDR_LEN);
	bcopy(&((struct sockaddr_in *)ifa->ifa_addr)->sin_addr, ah + 14, 4);
	bcopy(&((struct sockaddr_in *)ifa->ifa_addr)->sin_addr, ah + 24, 4);
	bzero(&sa, sizeof(sa));
	sa.sa_family = AF_ARP;
	sa.sa_len = 2;
	(*ifp->if_output)(ifp, m, &sa, NULL);
}

/*
 * Perform common duties while attaching to interface list: if_attach,
 * then the Ethernet methods and the link-level address.
 */
void
ether_ifattach(struct ifnet *ifp, const u_int8_t *lla)
{
	int i;
	struct ifaddr *ifa;
	struct sockaddr_dl *sdl;

	ifp->if_addrlen = ETHER_ADDR_LEN;
	ifp->if_hdrlen = ETHER_HDR_LEN;
	if_attach(ifp);
	ifp->if_mtu = ETHERMTU;
	ifp->if_output = ether_output;
	ifp->if_input = ether_input;
	if (ifp->if_baudrate == 0)
		ifp->if_baudrate = IF_Mbps(10);		/* just a default */
	ifp->if_broadcastaddr = etherbroadcastaddr;

	ifa = ifp->if_addr;
	KASSERT(ifa != NULL, ("%s: no lladdr!\n", __func__));
	sdl = (struct sockaddr_dl *)ifa->ifa_addr;
	sdl->sdl_type = IFT_ETHER;
	sdl->sdl_alen = ifp->if_addrlen;
	bcopy(lla, LLADDR(sdl), ifp->if_addrlen);

	if (ifp->if_hw_addr != NULL)
		bcopy(lla, ifp->if_hw_addr, ifp->if_addrlen);

	bpfattach(ifp, DLT_EN10MB, ETHER_HDR_LEN);

	/* Announce Ethernet MAC address if non-zero. */
	for (i = 0; i < ifp->if_addrlen; i++)
		if (lla[i] != 0)
			break;
	if (i != ifp->if_addrlen)
		if_printf(ifp, "Ethernet address: %s\n", ether_sprintf(lla));

	/* EVENTHANDLER_INVOKE(ether_ifattach_event): no consumer modelled. */
	sim_trace(__FILE__, __LINE__, "devctl: ETHERNET %s IFATTACH",
	    ifp->if_xname);
}

/* Perform common duties while detaching an Ethernet interface. */
void
ether_ifdetach(struct ifnet *ifp)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	bpfdetach(ifp);
	if_detach(ifp);
}

/*
 * Ethernet ioctls drivers pass down: SIOCSIFADDR (data is the new
 * ifaddr) brings the interface up and initializes it, SIOCGIFADDR copies
 * the MAC out, SIOCSIFMTU accepts up to ETHERMTU.
 */
int
ether_ioctl(struct ifnet *ifp, u_long command, caddr_t data)
{
	struct ifaddr *ifa = (struct ifaddr *) data;
	struct ifreq *ifr = (struct ifreq *) data;
	int error = 0;

	switch (command) {
	case SIOCSIFADDR:
		SIM_WRITE(ifp, "if_flags");
		ifp->if_flags |= IFF_UP;
		switch (ifa->ifa_addr->sa_family) {
		case AF_INET:
			ifp->if_init(ifp->if_softc);	/* before arpwhohas */
			arp_ifinit(ifp, ifa);
			break;
		default:
			ifp->if_init(ifp->if_softc);
			break;
		}
		break;

	case SIOCGIFADDR:
		bcopy(IF_LLADDR(ifp), &ifr->ifr_addr.sa_data[0],
		    ETHER_ADDR_LEN);
		break;

	case SIOCSIFMTU:
		/*
		 * Set the interface MTU.
		 */
		if (ifr->ifr_mtu > ETHERMTU) {
			error = EINVAL;
		} else {
			ifp->if_mtu = ifr->ifr_mtu;
		}
		break;

	default:
		error = EINVAL;			/* XXX netbsd has ENOTTY??? */
		break;
	}
	return (error);
}

/*
 * Generate a stable locally administered address for an interface in
 * FreeBSD's generated range (58:9c:fc:10:xx:xx), from a hash of its name
 * (FreeBSD hashes the hostuuid, the name and the jail name with SHA-1;
 * FNV-1a of the name keeps the same property: same name, same address).
 */
void
ether_gen_addr(struct ifnet *ifp, struct ether_addr *hwaddr)
{
	const char *cp;
	uint64_t addr;
	uint32_t h;
	int i;

	h = 2166136261u;
	for (cp = if_name(ifp); *cp != '\0'; cp++) {
		h ^= (u_char)*cp;
		h *= 16777619u;
	}
	addr = ((uint64_t)((h >> 8) & 0xffffff)) & OUI_FREEBSD_GENERATED_MASK;
	addr = OUI_FREEBSD(addr | 0x100000);
	for (i = 0; i < ETHER_ADDR_LEN; ++i)
		hwaddr->octet[i] = addr >> ((ETHER_ADDR_LEN - i - 1) * 8) &
		    0xFF;
}
